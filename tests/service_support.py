"""Shared by the converter service's tests: a private runtime folder, and the service stopped after."""
from __future__ import annotations

import subprocess

import pytest

# LibreOffice, poppler and the Python bridge, or this module is skipped as the converter's tests are;
# and their helpers: a process gone (a zombie counts), an observable state polled.
from test_converter import gone, wait_for  # noqa: F401

from vanban.deliver import service  # noqa: E402


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """A runtime folder of this test's own (so no service of the user's is touched), the
    service on, and every service started here stopped at the end, its LibreOffice with it."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.setenv("VANBAN_CONVERTER_IDLE", "600")
    yield run / "vanban"
    from vanban.cli import warm_client      # commands run here may have started a warm process too
    warm = [w["pid"] for w in warm_client.status()]
    warm_client.stop()
    assert wait_for(lambda: all(gone(p) for p in warm)), "the warm process ended"
    info = service.status() or {}
    service.stop()
    if info:
        assert wait_for(lambda: gone(info["pid"])), "the service ended"
        assert wait_for(lambda: not libreoffice_of(info["libreoffice"])), "its LibreOffice ended with it"


def libreoffice_of(pids) -> list[int]:
    """The processes among ``pids`` still running."""
    return [p for p in pids if not gone(p)]


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def vi():
    """Messages in Vietnamese, as a clerk reads them (the suite runs in English)."""
    from vanban.i18n import set_language
    set_language("vi")
    yield
    set_language(None)


def web_pdf_download(tmp_path, letter):
    """The editor's PDF download of ``letter`` (a .yaml) from a folder of its own, the editor's
    previewer closed after: the response."""
    import pytest
    pytest.importorskip("flask")
    from vanban.web import create_app
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "thu.yaml").write_bytes(letter.read_bytes())
    app = create_app(folder)
    try:
        return app.test_client().get("/download/thu.yaml.pdf")
    finally:
        app.extensions["vanban"]["previewer"].close()
