"""vanban import from PDF (text layer and scans), from .odt through LibreOffice, and derive from them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from PIL import Image

import vanban
from vanban.cli import main
from vanban.deliver import pdf
from vanban.ingest import import_file
from vanban.ingest.compare import differences, structure, words_in_order
from vanban.model import Loai, Mau
from vanban.reading import ocr

from conftest import DATA, FIRST_CELLS, ROOT, SEEDS
from support.import_examples import example

if not (shutil.which("soffice") and shutil.which("pdftoppm")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)

EXAMPLES = {f"{k.value}-{m.value}": (k, m) for k, m in FIRST_CELLS}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every seed and every kind × profile example, rendered and converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("import-pdf")
    docs = {name: vanban.load(DATA / name) for name in SEEDS}
    docs.update({name: vanban.load(example(k, m)) for name, (k, m) in EXAMPLES.items()})
    for name, doc in docs.items():
        vanban.render(doc, folder / f"{name}.docx")
    outcomes = pdf.convert(sorted(folder.glob("*.docx")))
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    return {name: (doc, folder / f"{name}.pdf") for name, doc in docs.items()}


@pytest.mark.parametrize("name", sorted(SEEDS) + sorted(EXAMPLES))
def test_render_pdf_import_gives_the_same_document(pdfs, name):
    original, path = pdfs[name]
    imported = import_file(path)
    assert words_in_order(original, imported.doc) >= 0.99
    assert structure(imported.doc) == structure(original)
    assert differences(original, imported.doc) == []


def _scan(pdf_path, out, dpi=300):
    """The PDF as a scanner gives it: one 300 dpi grey image per page, no text layer."""
    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf_path), str(prefix)], check=True)
    images = [Image.open(p) for p in sorted(out.parent.glob(prefix.name + "-*.png"))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


@pytest.mark.skipif(not shutil.which("tesseract") and not os.environ.get("VANBAN_REQUIRE_PDF"),
                    reason="tesseract not installed")
def test_a_scanned_letter_is_read_by_ocr(pdfs, tmp_path):
    original, path = pdfs["lai-chau-ldld-244-2024.yaml"]
    imported = import_file(_scan(path, tmp_path / "scan.pdf"))
    doc = imported.doc
    assert words_in_order(original, doc) >= 0.95
    assert (doc.loai, doc.mau, doc.so, doc.code, doc.ngay) == (original.loai, original.mau, 244, "LĐLĐ", original.ngay)
    assert doc.co_quan.ten == original.co_quan.ten and doc.kinh_gui == original.kinh_gui
    assert len(doc.noi_dung) == 3 and doc.ky.tm == "BAN THƯỜNG VỤ" and doc.ky.ho_ten == "Hoàng Văn Trinh"


def test_without_tesseract_the_command_says_how_to_install_it(tmp_path):
    blank = tmp_path / "blank.pdf"
    Image.new("L", (1240, 1754), 255).save(blank, resolution=150)
    env = dict(os.environ, PATH=str(tmp_path))          # no tesseract, no pdftoppm on this PATH
    run = subprocess.run([sys.executable, "-m", "vanban.cli", "import", str(blank), "-o", str(tmp_path / "x.yaml")],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 2
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_tesseract_words_are_placed_in_pdf_points():
    tsv = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
           "5\t1\t1\t1\t1\t1\t300\t600\t125\t50\t96.1\tCỘNG\n"
           "5\t1\t1\t1\t1\t2\t450\t600\t100\t50\t95.0\tHÒA\n"
           "5\t1\t1\t1\t2\t1\t300\t700\t10\t50\t-1\t \n")
    words = ocr.words_from_tsv(tsv, 72 / 300)
    assert [w.text for w in words] == ["CỘNG", "HÒA"]
    assert (words[0].x0, words[0].top, words[0].x1) == (72.0, 144.0, 102.0)


def test_odt_goes_through_libreoffice(pdfs, tmp_path):
    original, path = pdfs["ke_hoach-cong_doan"]
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(path.with_suffix(".docx"))],
                   check=True, capture_output=True, timeout=120)
    odt = tmp_path / "ke_hoach-cong_doan.odt"
    result = CliRunner().invoke(main, ["import", str(odt), "-o", str(tmp_path / "plan.yaml")])
    assert result.exit_code == 0, result.output
    assert differences(original, vanban.load(tmp_path / "plan.yaml")) == []


def _follow_up(parent, out):
    result = CliRunner().invoke(main, ["derive", "follow-up", str(parent), "--by", str(DATA / "bodies/lai-chau-ldld.yaml"),
                                       "--tasks", "III.1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return "".join(line for line in out.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#"))


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_derive_follow_up_from_a_parent_docx_or_pdf(pdfs, tmp_path, form):
    name = "lai-chau-ubnd-kh-mam-non-2023.yaml"
    _, path = pdfs[name]
    from_yaml = _follow_up(DATA / name, tmp_path / "a.yaml")
    assert _follow_up(path.with_suffix(f".{form}"), tmp_path / "b.yaml") == from_yaml


def test_page_numbers_and_running_heads_go_but_a_short_line_at_the_top_of_a_page_stays():
    from vanban.reading.geometry import PageWords, Word, build

    def line(text, top, x0=85.0):
        out, x = [], x0
        for t in text.split():
            out.append(Word(t, x, x + 8 * len(t), top, top + 14, 14))
            x += 8 * len(t) + 4
        return out
    body = "Các đơn vị triển khai thực hiện kế hoạch này và báo cáo kết quả về cơ quan thường trực đúng hạn"
    pages = [PageWords(595, 842, line(body, 100) + line("Bản dự thảo", 20, 400)),
             PageWords(595, 842, line("2", 25, 300) + line("Bản dự thảo", 20, 400) + line("Yêu cầu", 58, 113.0)
                       + line(body, 80))]
    texts = [b.text for b in build(pages, "pdf").blocks]
    assert "2" not in texts and not any("dự thảo" in t for t in texts)
    assert any(t.startswith("Yêu cầu") for t in texts)
