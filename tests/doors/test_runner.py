"""Issue 19, one LibreOffice runner and bounds, through every door that reaches them.

Guarantees (rows) × doors (CLI ``vanban import``, library call, web route):

- offline conversion: a linked image in an .odt and an ``<img>`` in an HTML file named .doc are
  never fetched (a server on 127.0.0.1 records no request), with the network namespace and with
  the profile alone; no LibreOffice process or temporary folder is left;
- bounded conversion: a timeout and a memory cap apply to the import's LibreOffice;
- OCR bounds: a page limit with a warning naming the file and the limit, a time limit, blank
  pages skipped without Tesseract (2,000 of them in seconds), page images removed on every exit;
- bounded web work: an upload's import runs in a child process; a zip bomb gets a clear
  Vietnamese 400, the server's memory stays flat, and it keeps serving.

Everything is real: LibreOffice, Tesseract, pdftoppm, the Flask app.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import vanban
import vanban.i18n as i18n
from vanban.cli import main
from vanban.deliver import lo_jail
from vanban.deliver.bounded import WorkLimit, run_bounded
from vanban.deliver.office import to_docx
from vanban.ingest import import_file
from vanban.model import InputError, Problem
from vanban.reading import ocr

from conftest import DATA, ROOT
from support.hostile_files import Beacon, blank_pdf, broken_xref_scan, html_doc, scan_with_a_giant_page, linked_odt, linked_odt_into, zip_bomb_docx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
import hostile_docx  # noqa: E402  (tests/hostile: .docx files that try to fetch or include)

if not all(shutil.which(t) for t in ("soffice", "pdftoppm", "tesseract")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice, poppler-utils and Tesseract are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice, poppler-utils or Tesseract not installed", allow_module_level=True)

LETTER = "lai-chau-ldld-244-2024.yaml"


# --- helpers ---------------------------------------------------------------------------------------

@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """A TMPDIR of this test's own: what is left in it, or running from it, is ours."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _running_from(folder: Path) -> list[str]:
    """Command lines of live processes that name ``folder`` (a LibreOffice with its profile there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if str(folder) in cmd and entry.name != str(os.getpid()):
                found.append(cmd)
    return found


def _assert_nothing_left(folder: Path) -> None:
    assert list(folder.iterdir()) == []
    assert _running_from(folder) == []


@pytest.fixture(scope="module")
def _server():
    server = Beacon()
    yield server
    server.close()


@pytest.fixture
def beacon(_server):
    _server.requests.clear()
    return _server


@pytest.fixture(params=["namespace", "profile-only"])
def jail(request, monkeypatch):
    """The jail as it is here (a network namespace), and without one: the profile alone must hold."""
    if request.param == "profile-only":
        monkeypatch.setenv("VANBAN_NO_UNSHARE", "1")
    lo_jail.offline_prefix.cache_clear()
    yield request.param
    lo_jail.offline_prefix.cache_clear()


@pytest.fixture
def baits(tmp_path, beacon):
    return [linked_odt(tmp_path / "linked.odt", beacon.url + "/odt-beacon.png"),
            html_doc(tmp_path / "page.doc", beacon.url + "/doc-beacon.png")]


@pytest.fixture(scope="module")
def letters(tmp_path_factory, _server):
    """The letter as a whole .odt with a linked image and as HTML named .doc with an <img>: both import."""
    folder = tmp_path_factory.mktemp("baits")
    vanban.render(vanban.load(DATA / LETTER), folder / "letter.docx")
    for to in ("odt", "html"):
        subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", to, "--outdir", str(folder), str(folder / "letter.docx")],
                       check=True, capture_output=True, timeout=120)
    img = f'<img src="{_server.url}/doc-beacon.png">'
    html = (folder / "letter.html").read_text(encoding="utf-8")
    (folder / "letter.doc").write_text(html.replace("</body>", img + "</body>"), encoding="utf-8")
    linked_odt_into(folder / "letter.odt", _server.url + "/odt-beacon.png")
    _server.requests.clear()
    return [folder / "letter.odt", folder / "letter.doc"]


def _docx_text(data: bytes) -> str:
    import docx
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


# --- offline conversion ----------------------------------------------------------------------------

def test_offline_conversion_cli_import(baits, letters, beacon, jail, private_tmp, tmp_path):
    result = CliRunner().invoke(main, ["import", *map(str, letters), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert [vanban.load(tmp_path / "out" / f"letter.yaml").so] == [244]
    result = CliRunner().invoke(main, ["import", *map(str, baits), "-o", str(tmp_path / "out2")])
    assert result.exit_code == 2 and "Traceback" not in result.output     # fragments: refused, one line each
    assert beacon.requests == []
    _assert_nothing_left(private_tmp)


def test_offline_conversion_library(baits, letters, beacon, jail, private_tmp):
    for bait in baits:
        assert "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in _docx_text(to_docx(bait))
    for letter in letters:
        imported = import_file(letter, to_docx=to_docx)
        assert (imported.doc.so, imported.doc.code) == (244, "LĐLĐ"), letter
        assert vanban.import_document(letter).so == 244          # the façade's call
    assert beacon.requests == []
    _assert_nothing_left(private_tmp)


def test_the_bait_is_real(baits, beacon, tmp_path):
    """Without the jail (a plain soffice, as import ran before), LibreOffice does fetch: the test above can fail."""
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "o"), *map(str, baits)],
                   capture_output=True, timeout=120)
    assert any("odt-beacon" in r for r in beacon.requests) and any("doc-beacon" in r for r in beacon.requests)


def test_offline_conversion_web_preview(beacon, private_tmp, tmp_path):
    """The web preview's converters (warm, and one LibreOffice per preview) are deliver's runner: the
    sanitizer and the jail hold for a .docx with an external image; /api/preview's page count is deliver's."""
    from test_web_app import boot, csrf
    from vanban.deliver.pdf import page_count
    from vanban.web import create_app
    from vanban.web.preview import PathConverter, make_converter
    hostile = hostile_docx.leaky("/etc/hostname", "/nonexistent.png", beacon.url)
    for converter in (make_converter(), PathConverter(lo_jail.OneShot())):
        try:
            pdf = converter.to_pdf(hostile)
        finally:
            converter.close()
        assert pdf.startswith(b"%PDF-")
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / LETTER, folder / LETTER)
    app = create_app(folder)
    try:
        with app.test_client() as client:
            token = csrf(client)
            r = client.post("/api/preview", json=boot(client, LETTER)["data"], headers={"X-CSRF-Token": token})
            answer = r.get_json()
            assert "preview_error" not in answer and len(answer["pages"]) == min(2, answer["total"])
            pages = app.extensions["vanban"]["previewer"].cached(answer["key"])
            (private_tmp / "p.pdf").write_bytes(pages.pdf)
            assert answer["total"] == page_count(private_tmp / "p.pdf")
            (private_tmp / "p.pdf").unlink()
    finally:
        app.extensions["vanban"]["previewer"].close()
    assert beacon.requests == []
    _assert_nothing_left(private_tmp)


def test_offline_conversion_web_derive_upload(letters, beacon, private_tmp, web):
    """The derive page imports an uploaded .odt/.doc (LibreOffice, in the bounded child) and .docx
    (sanitized reading): nothing is fetched, nothing left, and the parent is really imported (what
    is refused next is the follow-up's missing body file)."""
    i18n.set_language("vi")
    try:
        for letter in letters:
            r = web.upload(letter.name, letter.read_bytes())
            assert r.status_code == 400 and "Chỉ nhận tệp .yaml, .yml" in web.error(r), letter
        r = web.upload("parent.docx", hostile_docx.leaky("/etc/hostname", "/nonexistent.png", beacon.url))
        assert r.status_code in (200, 400)
    finally:
        i18n.set_language(None)
    assert beacon.requests == []
    _assert_nothing_left(private_tmp)


# --- bounded conversion ----------------------------------------------------------------------------

def test_to_docx_times_out_and_leaves_nothing(baits, private_tmp):
    started = time.monotonic()
    with pytest.raises(lo_jail.PdfError, match=r"linked\.odt: LibreOffice timed out after 0\.3 s"):
        to_docx(baits[0], timeout=0.3)
    assert time.monotonic() - started < 10
    _assert_nothing_left(private_tmp)


def test_to_docx_has_a_memory_cap(baits, private_tmp):
    with pytest.raises(lo_jail.PdfError, match=r"linked\.odt: LibreOffice did not convert it"):
        to_docx(baits[0], memory_mb=100)
    _assert_nothing_left(private_tmp)


# --- OCR bounds ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """A two-page letter as a scanner gives it (300 dpi grey images, no text layer)."""
    from PIL import Image
    from vanban.deliver import pdf
    folder = tmp_path_factory.mktemp("scan")
    vanban.render(vanban.load(DATA / LETTER), folder / "plan.docx")
    assert pdf.convert([folder / "plan.docx"])[0].status == "ok"
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-l", "2", str(folder / "plan.pdf"), str(folder / "p")],
                   check=True)
    images = [Image.open(p) for p in sorted(folder.glob("p-*.png"))]
    images[0].save(folder / "scan.pdf", save_all=True, append_images=images[1:], resolution=300)
    return folder / "scan.pdf"


@pytest.fixture(scope="module")
def blanks(tmp_path_factory):
    return blank_pdf(tmp_path_factory.mktemp("blank") / "blank-2000.pdf", 2000)


def test_ocr_page_limit_cli_reads_the_first_pages_and_says_so_in_vietnamese(scan, tmp_path):
    env = dict(os.environ, VANBAN_LANG="vi", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "vanban", "import", str(scan), "--max-pages", "1",
                          "-o", str(tmp_path / "plan.yaml")], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stderr.splitlines() if "--max-pages" in x)
    assert line.startswith(f"{scan}: ") and "chỉ đọc 1 trang" in line and "--max-pages 2" in line
    imported = vanban.load(tmp_path / "plan.yaml")
    assert imported.co_quan.ten and imported.so == 244    # the header was on the page read


def test_ocr_page_limit_library(scan):
    imported = import_file(scan, ocr=ocr.Limits(max_pages=1))
    assert any("only the first 1 scanned pages were read" in w for w in imported.warnings)
    assert imported.doc.so == 244
    full = ocr.read(scan, [0, 1])
    assert sorted(full.words) == [0, 1] and full.warnings == []


def test_ocr_time_limit_cli_and_library(scan, tmp_path):
    started = time.monotonic()
    one = ocr.read(scan, [0])
    page = time.monotonic() - started
    done = ocr.read(scan, [0] * 8, ocr.Limits(timeout=2.5 * page))     # time for two or three pages, not eight
    assert done.words and done.not_read and any("OCR stopped at the time limit" in w for w in done.warnings)
    assert done.words[0] == one.words[0]
    with pytest.raises(ocr.OcrError, match="time limit of 1 s; 2 scanned page"):
        ocr.read(scan, [0, 1], ocr.Limits(timeout=1))        # not even a page: an error, not an empty document
    result = CliRunner().invoke(main, ["import", str(scan), "--ocr-timeout", "1", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"{scan}: ") and "OCR stopped at the time limit of 1 s" in result.output
    assert time.monotonic() - started < 120 and not (tmp_path / "x.yaml").exists()


def _first_page_jpeg(scan: Path) -> tuple[bytes, tuple[int, int]]:
    from PIL import Image
    page = Image.open(next(scan.parent.glob("p-*1.png"))).convert("L")
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=85)
    return jpeg.getvalue(), page.size


@pytest.fixture(scope="module")
def broken_scan(scan):
    """Page 1 of the letter's scan in a PDF that poppler cannot open (:func:`broken_xref_scan`)."""
    out = broken_xref_scan(scan.parent / "broken.pdf", *_first_page_jpeg(scan))
    assert subprocess.run(["pdftoppm", "-r", "4", "-singlefile", str(out), str(scan.parent / "probe")],
                          capture_output=True).returncode != 0, "poppler refuses it, as it did the real file"
    return out


def test_a_scan_poppler_cannot_open_is_read_library(broken_scan):
    imported = import_file(broken_scan)
    assert imported.doc.so == 244 and imported.doc.co_quan.ten
    assert not any("pdftoppm" in w for w in imported.warnings)


def test_a_scan_poppler_cannot_open_is_read_cli(broken_scan, tmp_path):
    result = CliRunner().invoke(main, ["import", str(broken_scan), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code in (0, 3), result.output
    assert vanban.load(tmp_path / "x.yaml").so == 244


def test_a_page_poppler_cannot_draw_is_left_out_and_said(scan, tmp_path):
    """One page of a scan that pdftoppm cannot draw is left out with a warning naming it; the
    other pages are the document (it was a raw error on the whole file)."""
    giant = scan_with_a_giant_page(tmp_path / "giant.pdf", *_first_page_jpeg(scan))
    imported = import_file(giant)
    assert imported.doc.so == 244
    assert any(w.startswith("pdftoppm could not draw page 2") and w.endswith("the page was left out")
               for w in imported.warnings), imported.warnings
    result = CliRunner().invoke(main, ["import", str(giant), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 0 and "could not draw page 2" in result.output and "the page was left out" in result.output \
        and "Traceback" not in result.output, result.output


def test_2000_blank_pages_cost_no_tesseract_run_library(blanks):
    started = time.monotonic()
    done = ocr.read(blanks, list(range(2000)))
    assert len(done.blank) == 2000 and done.words == {} and done.not_read == []
    assert time.monotonic() - started < 60     # 2,000 Tesseract runs take an hour


def test_2000_blank_pages_cli_and_web(blanks, tmp_path, web):
    started = time.monotonic()
    result = CliRunner().invoke(main, ["import", str(blanks), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"{blanks}: ") and time.monotonic() - started < 90
    r = web.upload("blank.pdf", blanks.read_bytes())
    assert r.status_code == 400 and "blank.pdf" in web.error(r)


def test_ocr_progress_bar_only_when_asked_or_on_a_terminal(scan, capsys):
    ocr.read(scan, [0], ocr.Limits(progress=True))
    assert re.search(r"OCR.*1/1", capsys.readouterr().err)
    ocr.read(scan, [0])                                  # stderr is no terminal here
    assert capsys.readouterr().err == ""


def test_ocr_progress_bar_on_a_terminal_cli(scan, tmp_path):
    import fcntl
    import pty
    import struct
    import termios
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))    # a terminal 80 wide
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "vanban", "import", str(scan), "--max-pages", "1",
                             "-o", str(tmp_path / "x.yaml")], stderr=follower, stdout=subprocess.DEVNULL, env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:                 # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=600) == 0
    os.close(leader)
    assert re.search(rb"OCR.*1/2", seen), seen[:600]


def test_ocr_page_images_go_when_it_fails(scan, private_tmp):
    with pytest.raises(Exception):
        ocr.read(scan, [99])            # no such page: the work fails inside the page-image folder
    assert list(private_tmp.glob("vanban-ocr-*")) == []


def test_a_tesseract_failure_is_a_clear_message(tmp_path):
    bad = tmp_path / "page.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot an image at all")
    with pytest.raises(ocr.OcrError, match=r"^Tesseract could not read the page image: .+"):
        ocr.read_image(bad)


_OCR_CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from vanban.reading import ocr
ocr.read(sys.argv[2], [0, 1] * 20, ocr.Limits(max_pages=40))
"""


@pytest.mark.parametrize("how", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_ocr_page_images_go_on_every_exit(scan, private_tmp, how):
    proc = subprocess.Popen([sys.executable, "-c", _OCR_CHILD, str(ROOT), str(scan)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(private_tmp.glob(f"vanban-ocr-{proc.pid}-*/*.png")):
        time.sleep(0.05)
    assert list(private_tmp.glob(f"vanban-ocr-{proc.pid}-*")), "OCR never started"
    proc.send_signal(getattr(signal, how))
    proc.communicate(timeout=60)
    if how == "SIGKILL":    # nothing runs in a killed process: the next run removes what it left
        time.sleep(0.5)     # its Tesseract finishes its page
        assert ocr.remove_stale() and not list(private_tmp.glob("vanban-ocr-*"))
    assert list(private_tmp.glob("vanban-ocr-*")) == []
    assert proc.returncode != 0


# --- bounded web work ------------------------------------------------------------------------------

class _Web:
    def __init__(self, client):
        self.client = client
        html = client.get("/derive").get_data(as_text=True)
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def upload(self, name: str, data: bytes):
        return self.client.post("/derive", data={"csrf_token": self.token, "mode": "follow_up",
                                                 "parent": (io.BytesIO(data), name)},
                                content_type="multipart/form-data")

    @staticmethod
    def error(response) -> str:
        return response.get_data(as_text=True)


@pytest.fixture
def web(tmp_path):
    from test_web_app import NoPreview
    from vanban.web import create_app
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / LETTER, folder / LETTER)
    with create_app(folder, previewer=NoPreview()).test_client() as client:
        yield _Web(client)


def _rss_mb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024


def test_a_zip_bomb_upload_is_refused_clearly_and_the_server_stays_small(web, tmp_path):
    bomb = zip_bomb_docx(tmp_path / "bomb.docx", vanban.render_bytes(vanban.load(DATA / LETTER))).read_bytes()
    assert len(bomb) < 2 << 20
    before, peak, stop = _rss_mb(), [0], threading.Event()

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], _rss_mb())
            time.sleep(0.02)
    watcher = threading.Thread(target=watch)
    watcher.start()
    i18n.set_language("vi")
    try:
        r = web.upload("bom.docx", bomb)
    finally:
        i18n.set_language(None)
        stop.set()
        watcher.join()
    assert r.status_code == 400
    # The one reader's bounded Package refuses it before inflating (the child's memory cap is the
    # second line of defence); either way the clerk reads her file's name and a refusal.
    assert "bom.docx" in web.error(r) and ("từ chối" in web.error(r) or "bộ nhớ" in web.error(r)), web.error(r)
    assert peak[0] - before < 150, f"the server grew from {before} to {peak[0]} MB"
    assert web.client.get("/").status_code == 200                         # still serving
    good = web.upload("letter.docx", vanban.render_bytes(vanban.load(DATA / LETTER)))
    # The parent was imported (in the child); what is missing now is the follow-up's body file.
    assert good.status_code == 400 and "Only .yaml, .yml files are taken" in web.error(good)


def _allocate(mb: int) -> int:
    return len(bytearray(mb << 20))


def _refuse(name: str):
    raise InputError([Problem(name, 3, "so", "bad number")])


def test_run_bounded_library():
    assert run_bounded(_allocate, 10, timeout=60, memory_mb=512) == 10 << 20
    with pytest.raises(WorkLimit, match="more than 300 MB of memory"):
        run_bounded(_allocate, 1024, timeout=60, memory_mb=300)
    started = time.monotonic()
    with pytest.raises(WorkLimit, match="longer than 1 s"):
        run_bounded(time.sleep, 30, timeout=1, memory_mb=512)
    assert time.monotonic() - started < 10
    with pytest.raises(InputError) as caught:
        run_bounded(_refuse, "a.yaml", timeout=60, memory_mb=512)
    assert caught.value.problems == [Problem("a.yaml", 3, "so", "bad number")]
