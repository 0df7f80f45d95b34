"""A real `vanban serve` and a real Chromium for the end-to-end tests and the web benchmark."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

CHROMIUM = os.environ.get("VANBAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE_CACHE = Path(os.environ.get("VANBAN_TEST_CACHE", Path.home() / ".cache" / "vanban-tests"))
ARTEFACTS = Path(os.environ.get("VANBAN_ARTEFACTS", Path(__file__).resolve().parent.parent / "output" / "web-e2e"))


class Server:
    """``vanban serve --dir FOLDER --port 0`` in its own process group; ``url`` from what it prints."""

    def __init__(self, folder: Path, *extra: str, tmpdir: Optional[Path] = None):
        # The register (if installed) lives beside the folder, never in the user's own data.
        env = {**os.environ, "VANBAN_LANG": "vi", "VANBAN_DB": str(Path(folder).parent / f"{Path(folder).name}-register.sqlite3")}
        if tmpdir is not None:   # a private temporary folder: what the server leaves there is its own
            env["TMPDIR"] = str(tmpdir)
        self.proc = subprocess.Popen([sys.executable, "-m", "vanban.cli", "serve", "--dir", str(folder), "--port", "0", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                     env=env)
        line = self.proc.stdout.readline()
        m = re.search(r"(http://\S+)", line)
        if not m:
            self.stop()
            raise RuntimeError(f"vanban serve did not start: {line} {self.proc.stderr.read()}")
        self.url = m.group(1).rstrip("/")

    def rss_kib(self) -> int:
        """Resident memory of the server and every process under it (LibreOffice included)."""
        table = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
        rows = [tuple(int(x) for x in line.split()) for line in table.splitlines() if line.strip()]
        tree, changed = {self.proc.pid}, True
        while changed:
            changed = False
            for pid, ppid, _ in rows:
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        return sum(rss for pid, _, rss in rows if pid in tree)

    def own_rss_kib(self) -> int:
        rss = subprocess.run(["ps", "-o", "rss=", "-p", str(self.proc.pid)], capture_output=True, text=True).stdout
        return int(rss.strip() or 0)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            stream.close()


def have_browser() -> bool:
    if not Path(CHROMIUM).exists() or not shutil.which("soffice"):
        return False
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def axe_script() -> str:
    """axe-core's script, installed from the npm registry into the test cache on first use."""
    path = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(AXE_CACHE), "axe-core", "--no-audit", "--no-fund"],
                       check=True, capture_output=True, timeout=300)
    return path.read_text(encoding="utf-8")


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_script())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in impacts]


def served_folder(tmp_path_factory) -> "Server":
    """A `vanban serve` over a fresh empty folder (``.folder``); the module's fixture stops it."""
    folder = tmp_path_factory.mktemp("docs")
    srv = Server(folder)
    srv.folder = folder
    return srv


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The module's `vanban serve` over its own empty folder, stopped after the module (a test
    module takes it with ``from web_browser import server``)."""
    srv = served_folder(tmp_path_factory)
    yield srv
    srv.stop()


def screenshot(page, filename: str) -> None:
    """The viewport as ``ARTEFACTS/filename``, for a person to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / filename))


def new_context(browser, size: tuple[int, int]):
    """A Vietnamese browser context of ``size`` that accepts downloads."""
    w, h = size
    return browser.new_context(viewport={"width": w, "height": h}, bypass_csp=True, locale="vi-VN", accept_downloads=True)


def paste(page, selector, text):
    """A paste as the browser delivers it from Word: a ClipboardEvent carrying text/plain."""
    page.evaluate("""([sel, text]) => {
        const target = document.querySelector(sel); target.focus();
        const data = new DataTransfer(); data.setData("text/plain", text);
        target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    }""", [selector, text])
