"""A scanned plan's tables come back as tables (issue 25, reading/ocr_tables.py, ocr_cells.py),
through every door that imports a file.

Door matrix (guarantee x door), each cell one parametrized case below:

=====================================================================  =======  ===  ===
guarantee                                                              library  CLI  web
=====================================================================  =======  ===  ===
a scanned plan's tables: rows, columns, merges, heading rows exact;       x      x    x (derive page: the
the cells' words read back in order above the OCR floor                                scan as the parent)
=====================================================================  =======  ===  ===
(web: the derive page imports the uploaded scan and carries the rows of its assignment table that
name the body into the follow-up letter; those rows are compared.)
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
import yaml
from click.testing import CliRunner

import vanban
from conftest import DATA
from doors.test_tables_import import BODY
from test_ocr_tables import WORDS_FLOOR, compare, scan_of
from vanban.cli import main

if not (shutil.which("soffice") and shutil.which("tesseract") and shutil.which("pdftoppm")):
    pytest.skip("LibreOffice, Tesseract or poppler not installed", allow_module_level=True)



@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    from vanban.deliver import pdf
    tmp = tmp_path_factory.mktemp("scan-doors")
    model = vanban.load(DATA / "ke-hoach-bang-phan-cong.yaml")
    (tmp / "plan.docx").write_bytes(vanban.render_bytes(model))
    assert pdf.convert([tmp / "plan.docx"])[0].status == "ok"
    (tmp / "body.yaml").write_text(yaml.safe_dump(BODY, allow_unicode=True), encoding="utf-8")
    return tmp, model, scan_of(tmp / "plan.pdf", tmp / "plan-scan.pdf")


def _library(tmp, path):
    return vanban.import_document(path)


def _cli(tmp, path):
    out = tmp / "plan-scan.yaml"
    r = CliRunner().invoke(main, ["import", str(path), "-o", str(out), "--force"])
    assert r.exit_code in (0, 3), r.output        # 3: imported with warnings (tolerant import)
    return vanban.load(out)


def _web(tmp, path):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, csrf
    from vanban.web import create_app
    served = tmp / "served"
    served.mkdir(exist_ok=True)
    client = create_app(served, previewer=NoPreview()).test_client()
    data = {"csrf_token": csrf(client), "mode": "follow_up", "parent": (io.BytesIO(path.read_bytes()), path.name),
            "body": (io.BytesIO((tmp / "body.yaml").read_bytes()), "body.yaml")}
    r = client.post("/derive", data=data, content_type="multipart/form-data")
    assert r.status_code == 200, re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))[:600]
    z = zipfile.ZipFile(io.BytesIO(r.data))
    letter = yaml.safe_load(next(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".yaml")))
    return [n["bang"]["dong"] for n in letter["noi_dung"] if isinstance(n, dict) and "bang" in n]


DOORS = {"library": _library, "cli": _cli, "web": _web}


def _words(rows) -> list[str]:
    return " ".join(c if isinstance(c, str) else c.get("noi_dung", "") for row in rows for c in row).lower().split()


@pytest.mark.parametrize("door", DOORS)
def test_a_scanned_plans_tables_come_back_through_every_door(scan, door):
    tmp, model, path = scan
    got = DOORS[door](tmp, path)
    if door == "web":
        # The rows of the assignment table naming "UBND các xã" (the body's parent name), as the
        # text PDF gives them: "Rà soát …" (phối hợp) and "Xây dựng kế hoạch …" (chủ trì).
        assert len(got) == 1 and len(got[0]) == 2
        expected = [["Rà soát, thống kê trẻ em trong độ tuổi mầm non trên địa bàn", "Tháng 3/2024",
                     "Phòng Giáo dục và Đào tạo", "UBND các xã"],
                    ["Xây dựng kế hoạch huy động trẻ ra lớp của từng xã", "Tháng 4/2024", "UBND các xã",
                     "Phòng Giáo dục và Đào tạo; các trường mầm non"]]
        import difflib
        a, b = _words(expected), _words(got[0])
        kept = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
        assert kept / len(a) >= WORDS_FLOOR, (got, expected)
        return
    diffs, kept, total = compare(model, got)
    assert diffs == []
    assert kept / total >= WORDS_FLOOR
