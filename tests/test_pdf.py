"""PDF through LibreOffice: what the .docx promises survives on paper."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata

import pytest
from click.testing import CliRunner

import vanban
from vanban.deliver import pdf
from vanban.cli import main
from vanban.decree.layout import QUOC_HIEU, TIEU_NGU

from conftest import DATA, ROOT, SEEDS

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Every seed rendered and converted in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("pdf")
    docs = {}
    for name in SEEDS:
        docs[name] = vanban.load(DATA / name)
        vanban.render(docs[name], folder / name.replace(".yaml", ".docx"))
    outcomes = pdf.convert(sorted(folder.glob("*.docx")))
    assert [o.status for o in outcomes] == ["ok"] * len(SEEDS), [o.error for o in outcomes]
    return {name: (docs[name], folder / name.replace(".yaml", ".pdf")) for name in SEEDS}


def page_text(path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", out)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_page_one_has_header_and_date_and_no_number(pdfs, name):
    doc, path = pdfs[name]
    text = page_text(path, 1)
    flat = " ".join(text.split())
    assert QUOC_HIEU in flat and TIEU_NGU in flat, "national name and motto, diacritics intact"
    for agency_line in doc.co_quan.ten:
        assert agency_line.upper() in flat
    assert "Số:" in flat and f"/{doc.code}" in flat
    assert f"{doc.co_quan.dia_danh}, ngày" in flat and f"năm {doc.ngay.nam}" in flat
    assert not re.fullmatch(r"\d+", lines(text)[0]), "no page number on page 1"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_page_two_starts_with_its_number(pdfs, name):
    _, path = pdfs[name]
    assert pdf.page_count(path) >= 2
    assert lines(page_text(path, 2))[0] == "2"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_fonts_are_embedded_serif(pdfs, name):
    _, path = pdfs[name]
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        font, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert re.search(r"Serif|Times", font), row


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_signature_on_the_page_of_noi_nhan(pdfs, name):
    doc, path = pdfs[name]
    pages = [" ".join(page_text(path, p).split()) for p in range(1, pdf.page_count(path) + 1)]
    where_nn = [k for k, t in enumerate(pages) if "Nơi nhận:" in t]
    where_name = [k for k, t in enumerate(pages) if doc.ky.ho_ten in t]
    assert where_nn and where_nn == where_name[-1:]
    last_words = " ".join(doc.ket_thuc[-1].split()[-6:]).replace("./.", "")
    assert last_words in pages[where_nn[0]], "the last paragraph is on the signature's page"


def test_cli_render_pdf_and_preview(tmp_path):
    src = DATA / "lai-chau-ldld-244-2024.yaml"
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(main, ["render", str(src), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert out.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    png = tmp_path / "p.png"
    result = CliRunner().invoke(main, ["preview", str(src), "--page", "2", "-o", str(png)])
    assert result.exit_code == 0, result.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.01, "an A4 page"
    bad = CliRunner().invoke(main, ["preview", str(src), "--page", "9", "-o", str(png)])
    assert bad.exit_code == 2 and "no page 9" in bad.stderr


def test_bad_file_is_reported_and_others_converted(tmp_path):
    good = tmp_path / "good.docx"
    vanban.render(vanban.load(DATA / "lai-chau-ldld-244-2024.yaml"), good)
    bad = tmp_path / "bad.docx"
    bad.write_text("not a document")
    result = CliRunner().invoke(main, ["pdf", str(good), str(bad)])
    assert result.exit_code == 1
    assert good.with_suffix(".pdf").exists() and not bad.with_suffix(".pdf").exists()
    assert "bad.docx: not a .docx" in result.stderr


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["pdf", str(tmp_path / "x.docx")])
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in result.stderr


def _our_soffice(marker: str) -> list[str]:
    out = subprocess.run(["pgrep", "-fa", "soffice"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if marker in line]


def test_ctrl_c_stops_libreoffice_and_cleans_up(tmp_path):
    docs = tmp_path / "docs"
    doc = vanban.load(DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml")
    for i in range(40):
        vanban.render(doc, docs / f"{i}.docx")
    script = textwrap.dedent(f"""
        import os, sys, tempfile; sys.path.insert(0, {str(ROOT)!r})
        tempfile.tempdir = os.environ["TMPDIR"] = {str(tmp_path / "tmp")!r}
        from vanban.deliver import pdf
        pdf.convert(sorted(__import__("glob").glob({str(docs)!r} + "/*.docx")))
    """)
    (tmp_path / "tmp").mkdir()
    proc = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.time() + 30
    while time.time() < deadline and not _our_soffice(str(tmp_path)):
        time.sleep(0.1)
    assert _our_soffice(str(tmp_path)), "LibreOffice started"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    # Killed processes leave the table when the system reaps them: wait for that state, not for a time.
    deadline = time.time() + 20
    while time.time() < deadline and _our_soffice(str(tmp_path)):
        time.sleep(0.1)
    assert not _our_soffice(str(tmp_path)), "no LibreOffice left running"
    assert list((tmp_path / "tmp").iterdir()) == [], "temporary profile and copies removed"


def test_check_reads_a_document_saved_by_libreoffice(tmp_path):
    """`vanban check` on a file LibreOffice wrote (its own styles and XML), and on one with a fault."""
    from vanban import check
    src = tmp_path / "a.docx"
    vanban.render(vanban.load(DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml"), src)
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path / "odt"), str(src)], check=True, capture_output=True)
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "lo"),
                    str(tmp_path / "odt" / "a.odt")], check=True, capture_output=True)
    resaved = tmp_path / "lo" / "a.docx"
    report = check.check_file(resaved)
    assert report.ok, check.format_text(report)
    import docx
    d = docx.Document(str(resaved))
    d.sections[0].left_margin = docx.shared.Mm(25)
    d.save(resaved)
    assert check.check_file(resaved).failed() == ["page.margins"]


def test_derive_plan_render_pdf(tmp_path):
    """The derive run feeds its rendered plans to one LibreOffice batch."""
    result = CliRunner().invoke(main, ["derive", "plan", str(DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml"), "--units",
                                       str(DATA / "units" / "lai-chau-2023.yaml"), "-o", str(tmp_path), "--render", "--pdf"])
    assert result.exit_code == 0, result.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == 8 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
    import json
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert all(row["pdf"].endswith(".pdf") for row in manifest)


def test_ctrl_c_during_vanban_pdf_keeps_finished_pdfs_and_exits_130(tmp_path):
    docs = tmp_path / "văn bản"
    doc = vanban.load(DATA / "lai-chau-ubnd-kh-mam-non-2023.yaml")
    files = [docs / f"{i:02d}.docx" for i in range(30)]
    for f in files:
        vanban.render(doc, f)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "pdf", "-j", "1", *map(str, files)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not any(f.with_suffix(".pdf").exists() for f in files):
        time.sleep(0.05)
    assert any(f.with_suffix(".pdf").exists() for f in files), "a first PDF was finished"
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    kept = [f.with_suffix(".pdf") for f in files if f.with_suffix(".pdf").exists()]
    assert 1 <= len(kept) < len(files)
    for pdf_file in kept:
        assert pdf_file.read_bytes()[:5] == b"%PDF-" and pdf.page_count(pdf_file) >= 1
    assert f"{len(kept)} " in err
    deadline = time.time() + 20
    while time.time() < deadline and _our_soffice(str(scratch)):
        time.sleep(0.1)
    assert not _our_soffice(str(scratch)), "no LibreOffice left running"
    assert list(scratch.iterdir()) == [], "profiles, pipes and lu*.tmp folders removed"


def test_vanban_pdf_shows_a_progress_bar_on_a_terminal(tmp_path):
    import pty
    files = [tmp_path / f"{i}.docx" for i in range(3)]
    doc = vanban.load(DATA / "lai-chau-ldld-244-2024.yaml")
    for f in files:
        vanban.render(doc, f)
    import fcntl
    import struct
    import termios
    master, slave = pty.openpty()
    # A terminal of 24 lines and 100 columns, as a real one reports.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "--lang", "en", "pdf", *map(str, files)],
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0
    # The bar is drawn (0/3 at the start) and moves; tqdm may skip frames on a busy machine.
    assert b"0/3" in seen and b"PDF/s" in seen and re.search(rb"[123]/3 \[", seen)
