"""Shared by the converter service's tests: a private runtime folder, and the service stopped after."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

if not (shutil.which("soffice") and shutil.which("pdftotext")):
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("LibreOffice and poppler-utils are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("LibreOffice or poppler-utils not installed", allow_module_level=True)

from vanban.deliver import service  # noqa: E402
from vanban.deliver.instance import uno_python  # noqa: E402
from vanban.deliver.lo_jail import ToolMissing  # noqa: E402

try:
    uno_python()
except ToolMissing:
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise
    pytest.skip("python3-uno not installed", allow_module_level=True)


@pytest.fixture
def runtime(tmp_path, monkeypatch):
    """A runtime folder of this test's own (so no service of the user's is touched), the
    service on, and every service started here stopped at the end, its LibreOffice with it."""
    run = tmp_path / "run"
    run.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.setenv("VANBAN_CONVERTER_IDLE", "600")
    yield run / "vanban"
    info = service.status() or {}
    service.stop()
    if info:
        assert wait_for(lambda: gone(info["pid"])), "the service ended"
        assert wait_for(lambda: not libreoffice_of(info["libreoffice"])), "its LibreOffice ended with it"


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:  # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def libreoffice_of(pids) -> list[int]:
    """The processes among ``pids`` still running."""
    return [p for p in pids if not gone(p)]


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def vi():
    """Messages in Vietnamese, as a clerk reads them (the suite runs in English)."""
    from vanban.i18n import set_language
    set_language("vi")
    yield
    set_language(None)
