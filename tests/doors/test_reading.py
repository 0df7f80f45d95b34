"""Reading guarantees (issue 19) through every door that reaches them: ``vanban check`` and
``vanban import`` on the command line, ``check_file`` and ``import_file`` as a library, and the
web's derive upload (which imports a .docx/.pdf parent) and review route (check's findings).

Guarantees: a non-regular input is refused before it is opened; a zip bomb is refused with the
same message whoever reads it; a damaged file is one clear line, never a raw exception name; a
nested Nơi nhận and a legacy font read the same for check and import; a finding's location is a
record (line, path), not a sentence parsed back.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban import check, ingest
from vanban.cli import main
from vanban.model import InputError

from conftest import DATA

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hostile"))
import hostile_docx  # noqa: E402

RAW_NAMES = re.compile(r"XMLSyntaxError|PdfUnreadable|MemoryError|KeyError|BadZipFile|Traceback|ValueError|"
                       r"PackageNotFoundError|PdfiumError|TypeError|AttributeError")
LETTER = "lai-chau-ldld-244-2024.yaml"


# ------------------------------------------------------------------ doors
def cli_check(path: Path) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["check", str(path)])
    return r.exit_code, r.output


def cli_import(path: Path) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["import", str(path), "-o", str(path.parent / "out.yaml")])
    return r.exit_code, r.output


def _library(call):
    """A library call as a door: (2, message) when it raises InputError, (0, "") otherwise."""
    def door(path: Path) -> tuple[int, str]:
        try:
            call(path)
        except InputError as exc:
            return 2, str(exc)
        return 0, ""
    return door


lib_check = _library(check.check_file)
lib_import = _library(ingest.import_file)


def web_import(path: Path) -> tuple[int, str]:
    """The web's derive page, given ``path`` as the parent document (it imports it)."""
    flask = pytest.importorskip("flask")
    assert flask
    from vanban.web import create_app
    folder = path.parent / "web-docs"
    folder.mkdir(exist_ok=True)
    app = create_app(folder, previewer=None)
    with app.test_client() as client:
        html = client.get("/derive").get_data(as_text=True)
        token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        r = client.post("/derive", data={"csrf_token": token, "mode": "follow_up", "tasks": "1",
                                         "parent": (io.BytesIO(path.read_bytes()), path.name)},
                        content_type="multipart/form-data")
        return (0 if r.status_code == 200 else r.status_code), r.get_data(as_text=True)


READERS = {"check-cli": cli_check, "check-lib": lib_check, "import-cli": cli_import, "import-lib": lib_import}


# ------------------------------------------------------------------ non-regular inputs
def _fifo(tmp: Path) -> Path:
    path = tmp / "x.docx"
    os.mkfifo(path)
    return path


def _folder(tmp: Path) -> Path:
    path = tmp / "d.docx"
    path.mkdir()
    return path


def _device(tmp: Path) -> Path:
    path = tmp / "z.docx"
    path.symlink_to("/dev/zero")
    return path


@pytest.mark.parametrize("make", [_fifo, _folder, _device], ids=["fifo", "folder", "device"])
@pytest.mark.parametrize("door", sorted(READERS))
def test_a_non_regular_input_is_refused_before_it_is_opened(tmp_path, door, make):
    path = make(tmp_path)
    code, out = READERS[door](path)       # a FIFO that were opened would block here forever
    assert code == 2, out
    assert str(path) in out and re.search(r"folder|thư mục|not a regular file|không phải tệp thường", out), out
    assert not RAW_NAMES.search(out), out
    assert not (tmp_path / "out.yaml").exists()


# ------------------------------------------------------------------ zip bomb, damaged files
def _million_runs() -> bytes:
    """A letter whose body holds a paragraph of 1,000,000 runs (56 KB that inflate to 21 MB of XML)."""
    runs = "<w:r><w:t>x</w:t></w:r>" * 1_000_000
    return hostile_docx.edit(hostile_docx.base_docx(), {
        "word/document.xml": lambda xml: xml.replace(b"</w:body>", b"<w:p>" + runs.encode() + b"</w:p></w:body>")})


@pytest.fixture(scope="module")
def bombs():
    return {"zip-bomb": (hostile_docx.zip_bomb(600), "word/media/bomb.bin"),
            "million-runs": (_million_runs(), "word/document.xml")}


@pytest.mark.parametrize("kind", ["zip-bomb", "million-runs"])
@pytest.mark.parametrize("door", sorted(READERS) + ["web-import"])
def test_a_zip_bomb_is_refused_with_one_message_by_every_door(tmp_path, door, kind, bombs):
    data, part = bombs[kind]
    path = tmp_path / "bomb.docx"
    path.write_bytes(data)
    started = time.monotonic()
    code, out = (web_import if door == "web-import" else READERS[door])(path)
    assert time.monotonic() - started < 10, "refused from the zip's directory, not after reading"
    assert code in (2, 400), out
    assert part in out and re.search(r"zip bomb|zip độc hại", out), out
    assert not RAW_NAMES.search(out)


@pytest.mark.parametrize("kind", ["malformed_docx", "truncated_docx", "broken_pdf"])
@pytest.mark.parametrize("door", ["check-cli", "check-lib", "import-cli", "import-lib", "web-import"])
def test_a_damaged_file_is_one_clear_line_never_an_exception_name(tmp_path, door, kind):
    if kind == "broken_pdf" and door.startswith("check"):
        pytest.skip("check reads .yaml and .docx only; a PDF is refused by its extension")
    data = {"malformed_docx": hostile_docx.malformed(),
            "truncated_docx": hostile_docx.base_docx()[:3000],
            "broken_pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00" * 100}[kind]
    path = tmp_path / ("bad.pdf" if kind == "broken_pdf" else "bad.docx")
    path.write_bytes(data)
    code, out = (web_import if door == "web-import" else READERS[door])(path)
    assert code in (2, 400), out
    assert not RAW_NAMES.search(out), out
    # Every door names the file as the person knows it: the web the name she uploaded, never its temporary copy.
    assert path.name in out and "parent" + path.suffix not in out, out


# ------------------------------------------------------------------ one reader: nothing lost on import
def _nested_letter(tmp_path: Path, legacy: bool = False) -> Path:
    from support import human_docs
    from test_check_word import run, set_content
    from test_import_layouts import _nested_noi_nhan
    d, h = human_docs.build("letter")
    _nested_noi_nhan(d, h)
    if legacy:
        set_content(h["body"][1], run("1. Tæ chøc qu¸n triÖt", font=".VnTime") + run(" nhiệm vụ năm học."))
    path = tmp_path / "nested.docx"
    d.save(path)
    return path


def test_a_nested_noi_nhan_and_a_legacy_font_import_through_the_cli(tmp_path):
    path = _nested_letter(tmp_path, legacy=True)
    code, out = cli_import(path)
    assert code == 0, out
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    for words in ("Giám đốc Sở (để b/c)", "Nguyễn Văn An", "PHÓ GIÁM ĐỐC", "Tổ chức quán triệt nhiệm vụ năm học"):
        assert words in text, (words, text)


def test_a_nested_noi_nhan_and_a_legacy_font_import_through_the_library(tmp_path):
    doc = ingest.import_file(_nested_letter(tmp_path, legacy=True)).doc
    assert doc.noi_nhan == ["Như trên", "Giám đốc Sở (để b/c)"] and doc.luu == ["VT", "GDTrH"]
    assert doc.ky.kt == "GIÁM ĐỐC" and doc.ky.ho_ten == "Nguyễn Văn An"
    assert doc.noi_dung[0].startswith("Tổ chức quán triệt") if isinstance(doc.noi_dung[0], str) else \
        doc.noi_dung[0].doan[0].startswith("Tổ chức quán triệt")


@pytest.mark.parametrize("door", ["check-cli", "check-lib"])
def test_check_reads_the_same_nested_noi_nhan_and_legacy_text(tmp_path, door):
    path = _nested_letter(tmp_path, legacy=True)
    if door == "check-lib":
        report = check.check_file(path)
        by_rule = {r.rule: r.status for r in report.results}
    else:
        r = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
        by_rule = {x["rule"]: x["status"] for x in json.loads(r.output)[0]["results"]}
    assert by_rule["noi_nhan.entries"] == "pass" and by_rule["ky.authority"] == "pass"
    assert by_rule["noi_dung.numbering"] == "pass"          # "1. Tổ chức …" read as the item 1 it is


# ------------------------------------------------------------------ structured locations
def _misplaced(tmp_path: Path) -> Path:
    text = (DATA / LETTER).read_text(encoding="utf-8").replace("dia_danh: Lai Châu", "dia_danh: lai Châu")
    path = tmp_path / "letter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(k for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_where_is_a_record_through_the_library(tmp_path):
    path = _misplaced(tmp_path)
    failing = [r for r in check.check_file(path).results if r.status == check.FAIL]
    assert [(r.rule, r.where.path) for r in failing] == [("ngay.place", "ngay")]
    assert failing[0].where.line == _line_of(path, "ngay:") and failing[0].where.paragraph is None


def test_where_is_a_record_through_the_cli_json_and_the_render_warning(tmp_path):
    path = _misplaced(tmp_path)
    r = CliRunner().invoke(main, ["check", "--format", "json", str(path)])
    failing = [x for x in json.loads(r.output)[0]["results"] if x["status"] == "fail"]
    assert failing[0]["where"]["line"] == _line_of(path, "ngay:") and failing[0]["where"]["path"] == "ngay"
    r = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "x.docx")])
    assert f"{path}:{_line_of(path, 'ngay:')}: ngay: " in r.output, r.output


def test_where_of_a_docx_finding_is_its_paragraph(tmp_path):
    from support import human_docs
    d, h = human_docs.broken("date_ngay_8"), None
    path = tmp_path / "d.docx"
    d.save(path)
    failing = [r for r in check.check_file(path).results if r.rule == "ngay.leading_zero" and r.status == check.FAIL]
    assert failing and failing[0].where.paragraph is not None and "ngày 8" in failing[0].where.text
    out = check.format_text(check.check_file(path))
    assert f"paragraph {failing[0].where.paragraph} «" in out or f"đoạn {failing[0].where.paragraph} «" in out


def test_where_is_a_record_through_the_web_review():
    flask = pytest.importorskip("flask")
    assert flask
    from vanban.web import editing
    from vanban.model import load_file
    doc = load_file(DATA / LETTER)
    data = doc.model_dump(mode="json", exclude_none=True)
    data["co_quan"]["dia_danh"] = "lai Châu"
    review = editing.review(data).as_json()
    assert [(f["rule"], f["field"]) for f in review["findings"]] == [("ngay.place", "ngay")]
