"""Hostile .docx files through ``vanban pdf`` and ``preview``: LibreOffice (started for real)
fetches nothing, includes no local file, does not hang, and leaves no temporary files."""
from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

import hostile_docx as hd
from hostile_run import leftovers, run

pytestmark = pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("VANBAN_REQUIRE_PDF") != "1", reason="LibreOffice not installed")

SECRET = "SECRETTOKEN4242"


@pytest.fixture
def recorder():
    """An HTTP server on 127.0.0.1 that answers every request with a picture and records its path."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(hd.PNG_1PX)

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


def _leaky(folder: Path, url: str) -> Path:
    (folder / "secret.txt").write_text(f"{SECRET} from the local disk", encoding="utf-8")
    (folder / "secret.png").write_bytes(hd.PNG_1PX)
    path = folder / "leaky.docx"
    path.write_bytes(hd.leaky(str(folder / "secret.txt"), str(folder / "secret.png"), url))
    return path


def _images(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return len(listing.splitlines()) - 2


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_leaky_file_does_leak_without_vanban(tmp_path, recorder):
    """The fixture is real: LibreOffice left to itself fetches the URL and embeds the local picture."""
    url, hits = recorder
    path = _leaky(tmp_path, url)
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "naive"), str(path)],
                   capture_output=True, timeout=120, check=True)
    assert hits and _images(tmp_path / "naive" / "leaky.pdf") >= 1


def test_pdf_fetches_nothing_and_includes_no_local_file(tmp_path, recorder):
    url, hits = recorder
    path = _leaky(tmp_path, url)
    result = run(["pdf", "leaky.docx"], tmp_path, mem_mb=8192, timeout=120)
    assert result.code == 0, result.err
    pdf = tmp_path / "leaky.pdf"
    assert hits == [] and _images(pdf) == 0 and SECRET not in _text(pdf)
    assert "Nội dung thứ nhất." in _text(pdf)  # the letter itself is all there
    assert not leftovers(tmp_path) and not list((tmp_path / ".tmp").iterdir())


def test_preview_fetches_nothing(tmp_path, recorder):
    url, hits = recorder
    _leaky(tmp_path, url)
    result = run(["preview", "leaky.docx", "-o", "p.png"], tmp_path, mem_mb=8192, timeout=120)
    assert result.code == 0, result.err
    assert hits == [] and (tmp_path / "p.png").stat().st_size > 0 and not (tmp_path / "leaky.pdf").exists()
    assert not list((tmp_path / ".tmp").iterdir())


def test_sanitized_copy_has_no_external_target_and_no_fetching_field():
    import zipfile, io
    from vanban.deliver.sanitize import sanitize
    data = sanitize(hd.leaky("/etc/passwd", "/etc/secret.png", "http://127.0.0.1:9"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        every = b"".join(z.read(n) for n in z.namelist())
    for needle in (b"/etc/passwd", b"127.0.0.1:9", b"INCLUDETEXT", b"INCLUDEPICTURE", b"LINK Word",
                   b"attachedTemplate", b"linkStyles"):
        assert needle not in every, needle


@pytest.mark.parametrize("w, h", [("abc", "-5"), ("0", "0"), ("99999999", "1"), ("1e400", "nan"), ("", "16838")])
def test_page_sizes_that_hang_libreoffice(tmp_path, w, h):
    (tmp_path / "p.docx").write_bytes(hd.page_size(w, h))
    result = run(["pdf", "p.docx"], tmp_path, mem_mb=8192, timeout=90)
    assert result.code == 0 and result.seconds < 60, result.err
    assert "Nội dung thứ nhất." in _text(tmp_path / "p.pdf")
    assert not list((tmp_path / ".tmp").iterdir())


@pytest.mark.parametrize("build, says", [
    (lambda: hd.zip_bomb(200), "zip bomb"),
    (lambda: hd.ole_container(False), ".doc, not a .docx"),
    (lambda: hd.ole_container(True), "encrypted"),
    (lambda: b"", "empty"),
    (lambda: b"hello, I am text", "not a .docx"),
    (hd.malformed, "not well-formed XML"),
    (lambda: hd.xxe("/etc/hostname"), "DOCTYPE"),
    (hd.laughs, "part word/document.xml"),
], ids=["zip-bomb", "doc", "encrypted", "empty", "text", "malformed-xml", "xxe", "billion-laughs"])
def test_files_refused_before_libreoffice(tmp_path, build, says):
    (tmp_path / "x.docx").write_bytes(build())
    result = run(["pdf", "x.docx"], tmp_path, mem_mb=2048, timeout=60)
    assert result.code == 1 and says in result.err and result.err.startswith("x.docx: "), result.err
    assert result.peak_mb < 600 and result.seconds < 30
    assert not (tmp_path / "x.pdf").exists() and not list((tmp_path / ".tmp").iterdir())




@pytest.mark.parametrize("namespace", [True, False], ids=["own-network-namespace", "profile-and-proxy-only"])
def test_libreoffice_jail_alone_fetches_nothing(tmp_path, recorder, monkeypatch, namespace):
    """Defence in depth: even the unsanitized file, converted by LibreOffice as vanban starts it,
    reaches no server, whether or not the system grants a network namespace."""
    from vanban.deliver import lo_jail
    from vanban.deliver.pdf import soffice
    if not namespace:
        monkeypatch.setattr(lo_jail, "offline_prefix", lambda: ())
    elif not lo_jail.offline_prefix():
        pytest.skip("this system grants no network namespace")
    url, hits = recorder
    path = _leaky(tmp_path, url)
    command = lo_jail.command(soffice(), lo_jail.make_profile(tmp_path / "profile"),
                              "--convert-to", "pdf", "--outdir", str(tmp_path / "out"), str(path))
    subprocess.run(command, env=lo_jail.environment(tmp_path / "scratch"), capture_output=True, timeout=120,
                   check=True)
    assert (tmp_path / "out" / "leaky.pdf").stat().st_size > 0
    assert hits == [] and _images(tmp_path / "out" / "leaky.pdf") == 0


def test_warm_converter_fetches_nothing(tmp_path, recorder):
    """The warm LibreOffice (vanban.deliver.converter) too: a safe copy, in the same jail."""
    from vanban.deliver import converter as warm
    try:
        conv = warm.Converter(1, timeout=90).start()
    except Exception as exc:  # noqa: BLE001 - no Python bridge to LibreOffice here
        if os.environ.get("VANBAN_REQUIRE_PDF") == "1":
            raise
        pytest.skip(f"no warm LibreOffice: {exc}")
    url, hits = recorder
    path = _leaky(tmp_path, url)
    try:
        pdf = conv.to_pdf(path, tmp_path / "warm.pdf")
        (tmp_path / "bomb.docx").write_bytes(hd.zip_bomb(200))
        with pytest.raises(Exception, match="zip bomb"):
            conv.to_pdf(tmp_path / "bomb.docx", tmp_path / "bomb.pdf")
    finally:
        conv.close()
    assert hits == [] and _images(pdf) == 0 and SECRET not in _text(pdf) and "Nội dung thứ nhất." in _text(pdf)
