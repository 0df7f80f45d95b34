"""Kinds with two signatures (issue 22): a biên bản (thư ký left, chủ tọa right), a hợp đồng, a bản
ghi nhớ, a bản thỏa thuận (đại diện bên A left, bên B right) print both signers side by side; check
judges both blocks; import gives both back.

Door matrix (guarantee x door); every cell runs for each of the 9 kind x profile pairs:

====================================================================  =======  ===  ===
guarantee                                                             library  CLI  web
====================================================================  =======  ===  ===
new -> render: both titles and names, bold 14 pt, left then right        x      x    x
check: no failing rule, the signature rules judge both blocks            x      x
import: both signers come back (ky_ben_trai left, ky right)              x      x
from the PDF: check passes, import gives both signers back                x
====================================================================  =======  ===  ===

Plus: ky_ben_trai on a one-signature kind is refused in one Vietnamese line; a left name that is
not bold fails chu_ky.format (the left block is really judged); one biên bản to PDF and PNG.
"""
from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.decree.kinds import KINDS
from vanban.model.schema import Loai, Mau
from vanban.i18n import set_language
from vanban.model.skeleton import skeleton

CELLS = [(Loai(kind), mau) for kind, info in KINDS.items() if info.signatures == 2 for mau in info.profiles]
IDS = [f"{k.value}-{m}" for k, m in CELLS]
#: (left title, right title) the skeleton writes.
TITLES = {True: ("THƯ KÝ", "CHỦ TỌA"), False: ("ĐẠI DIỆN BÊN A", "ĐẠI DIỆN BÊN B")}
LEFT_NAME, RIGHT_NAME = "Trần Thị B", "Nguyễn Văn A"
SIGN_RULES = ("chu_ky.format", "ky.authority", "noi_dung.required")
OUTPUT = Path(__file__).resolve().parents[2] / "output"


@pytest.fixture(autouse=True)
def english_after():
    """``--lang vi`` below must not leave the CLI's texts in Vietnamese for the tests after."""
    yield
    set_language(None)


def test_cells_are_the_nine():
    assert len(CELLS) == 9
    assert {k for k, _m in CELLS} == {Loai.bien_ban, Loai.hop_dong, Loai.ban_ghi_nho, Loai.ban_thoa_thuan}


def _titles(kind: Loai) -> tuple[str, str]:
    return TITLES[kind is Loai.bien_ban]


def _runs_of(cell) -> list:
    return [r for p in cell.paragraphs for r in p.runs if r.text.strip()]


def _bold(run) -> bool:
    return bool(run.bold if run.bold is not None else run._parent.style.font.bold)


def _size(run):
    return (run.font.size or run._parent.style.font.size).pt


def assert_two_signers(data: bytes, kind: Loai) -> None:
    """Both signers in one row of the closing table, left before right, bold 14 pt."""
    left_title, right_title = _titles(kind)
    closing = docx.Document(io.BytesIO(data)).tables[-1]
    rows = list(closing.rows)
    at = next(i for i, r in enumerate(rows) if left_title in r.cells[0].text)
    row = rows[at]
    left, right = row.cells[0], row.cells[-1]
    assert [r.text for r in _runs_of(left)] == [left_title, LEFT_NAME]
    assert [r.text for r in _runs_of(right)] == [right_title, RIGHT_NAME]
    for run in _runs_of(left) + _runs_of(right):
        assert _bold(run) and _size(run) == 14, run.text
    # Nơi nhận stands under the signers, on the left.
    assert at < next(i for i, r in enumerate(rows) if r.cells[0].text.startswith("Nơi nhận"))


def assert_signers_back(doc, kind: Loai) -> None:
    left_title, right_title = _titles(kind)
    assert (doc.ky_ben_trai.chuc_vu, doc.ky_ben_trai.ho_ten) == (left_title, LEFT_NAME)
    assert (doc.ky.chuc_vu, doc.ky.ho_ten) == (right_title, RIGHT_NAME)


@pytest.mark.parametrize("kind,mau", CELLS, ids=IDS)
def test_library(tmp_path, kind, mau):
    src = tmp_path / "doc.yaml"
    src.write_text(skeleton(kind, Mau(mau), schema=None), encoding="utf-8")
    out = tmp_path / "doc.docx"
    vanban.render(vanban.load(src), out)
    assert_two_signers(out.read_bytes(), kind)
    report = vanban.check_file(out)
    assert report.ok, report.failed()
    judged = {r.rule: r.status for r in report.results}
    assert judged["chu_ky.format"] == "pass"
    assert_signers_back(vanban.import_document(out), kind)


@pytest.mark.parametrize("kind,mau", CELLS, ids=IDS)
def test_cli(tmp_path, kind, mau):
    run = CliRunner()
    src, out, back = tmp_path / "doc.yaml", tmp_path / "doc.docx", tmp_path / "back.yaml"
    assert run.invoke(main, ["new", kind.value, "--mau", mau, "-o", str(src)]).exit_code == 0
    assert run.invoke(main, ["render", str(src), "-o", str(out)]).exit_code == 0
    assert_two_signers(out.read_bytes(), kind)
    checked = run.invoke(main, ["check", "--format", "json", str(out)])
    assert checked.exit_code == 0, checked.output
    results = json.loads(checked.output)
    rules = {r["rule"]: r["status"] for f in (results if isinstance(results, list) else [results])
             for r in f["results"]}
    assert rules["chu_ky.format"] == "pass" and all(rules[r] != "fail" for r in SIGN_RULES)
    assert run.invoke(main, ["import", str(out), "-o", str(back)]).exit_code == 0
    assert_signers_back(vanban.load(back), kind)
    data = yaml.safe_load(back.read_text(encoding="utf-8"))
    assert data["ky_ben_trai"]["chuc_vu"] == _titles(kind)[0]


@pytest.mark.parametrize("kind,mau", CELLS, ids=IDS)
def test_web(tmp_path, kind, mau):
    from test_web_app import NoPreview, csrf
    from vanban.web import create_app
    docs = tmp_path / "docs"
    docs.mkdir()
    with create_app(docs, previewer=NoPreview()).test_client() as client:
        r = client.post("/new", data={"loai": kind.value, "mau": mau, "ten_tep": "hai-chu-ky",
                                      "csrf_token": csrf(client)})
        assert r.status_code in (302, 303)
        got = client.get("/download/hai-chu-ky.yaml.docx")
        assert got.status_code == 200
        assert_two_signers(got.data, kind)


@pytest.mark.parametrize("kind,mau", CELLS, ids=IDS)
def test_pdf(tmp_path, kind, mau):
    """Through LibreOffice's PDF: check finds both blocks (no failure), import gives both back."""
    from vanban.deliver.lo_jail import convert
    src, out, pdf = tmp_path / "doc.yaml", tmp_path / "doc.docx", tmp_path / "doc.pdf"
    src.write_text(skeleton(kind, Mau(mau), schema=None), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    pdf.write_bytes(convert(out, "pdf", timeout=120))
    report = vanban.check_file(pdf)
    assert report.ok, report.failed()
    assert {r.rule: r.status for r in report.results}["noi_dung.required"] == "pass"
    assert_signers_back(vanban.import_document(pdf), kind)


def test_one_signature_kind_refuses_a_left_signer(tmp_path):
    src = tmp_path / "kh.yaml"
    text = skeleton(Loai.ke_hoach, Mau.nha_nuoc, schema=None) + "ky_ben_trai:\n  chuc_vu: THƯ KÝ\n"
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "vi", "render", str(src), "-o", str(tmp_path / "kh.docx")])
    assert result.exit_code != 0
    assert "ky_ben_trai" in result.output and "chỉ có một chữ ký" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "kh.docx").exists()


def test_left_block_is_judged(tmp_path):
    """A left name that is not bold fails chu_ky.format: the left block is judged, not skipped."""
    src, out = tmp_path / "bb.yaml", tmp_path / "bb.docx"
    src.write_text(skeleton(Loai.bien_ban, Mau.nha_nuoc, schema=None), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    document = docx.Document(out)
    for p in document.tables[-1].rows[0].cells[0].paragraphs:
        for run in p.runs:
            if run.text == LEFT_NAME:
                run.bold = False
    document.save(out)
    report = vanban.check_file(out)
    assert "chu_ky.format" in report.failed()


def test_bien_ban_pdf_page(tmp_path):
    """One biên bản to PDF with LibreOffice and its last page to PNG (output/), for a person to look at."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler is not installed")
    from vanban.deliver.lo_jail import convert
    src, out = tmp_path / "bb.yaml", tmp_path / "bb.docx"
    src.write_text(skeleton(Loai.bien_ban, Mau.cong_doan, schema=None), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    pdf = tmp_path / "bb.pdf"
    pdf.write_bytes(convert(out, "pdf", timeout=120))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    # Side by side on one line of the page: the secretary's title left of the chair's.
    line = next(x for x in text.splitlines() if "THƯ KÝ" in x)
    assert "CHỦ TỌA" in line and line.index("THƯ KÝ") < line.index("CHỦ TỌA")
    names = next(x for x in text.splitlines() if LEFT_NAME in x)
    assert RIGHT_NAME in names and names.index(LEFT_NAME) < names.index(RIGHT_NAME)
    OUTPUT.mkdir(exist_ok=True)
    pages = int(next(x for x in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
                     .stdout.splitlines() if x.startswith("Pages:")).split()[1])
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(pages), "-l", str(pages), "-singlefile",
                    str(pdf), str(OUTPUT / "two_signers_bien_ban")], check=True)
    assert (OUTPUT / "two_signers_bien_ban.png").stat().st_size > 1000
