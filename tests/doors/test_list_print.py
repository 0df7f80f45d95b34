"""Issue 21: what the clerk prints from the list is the document as every other door prints it.

The list page's preview of every page and its print button (web) use the editor's previewer, the
app's one converter over deliver's LibreOffice runner; the command line (``vanban render --pdf``)
and the library (``vanban.render`` + ``vanban.deliver.pdf.convert``) reach the same runner. One
multi-page plan through each door:

=======================================================  =======  ===  ===
guarantee                                                library  CLI  web
=======================================================  =======  ===  ===
the same number of pages as the web's printed PDF           x      x    x
the same words in the same order as the web's print         x      x    x
=======================================================  =======  ===  ===

The web cell also asserts one page image per PDF page on the preview page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

if not shutil.which("soffice") or not shutil.which("pdftotext"):
    pytest.skip("LibreOffice or poppler not installed", allow_module_level=True)

import vanban  # noqa: E402
from vanban.deliver.pdf import convert  # noqa: E402

from conftest import DATA  # noqa: E402

PLAN = "lai-chau-ubnd-kh-mam-non-2023.yaml"


def words(pdf) -> tuple[int, list[str]]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.count("\f"), text.split()


@pytest.fixture(scope="module")
def web_print(tmp_path_factory):
    """The plan printed from the list page (Flask test client, the real previewer)."""
    pytest.importorskip("flask")
    from vanban.web.app import create_app
    from vanban.web.preview import Previewer
    folder = tmp_path_factory.mktemp("docs")
    shutil.copy(DATA / PLAN, folder / PLAN)
    previewer = Previewer()
    try:
        with create_app(folder, previewer=previewer).test_client() as c:
            html = c.get(f"/pages/{PLAN}").get_data(as_text=True)
            pdf = c.get(f"/print/{PLAN}.pdf").data
    finally:
        previewer.close()
    out = folder / "web.pdf"
    out.write_bytes(pdf)
    return html, words(out)


def library(tmp_path):
    docx = vanban.render(vanban.load(DATA / PLAN), tmp_path / "lib.docx")
    [done] = convert([docx])
    assert done.status == "ok", done.error
    return words(done.output)


def cli(tmp_path):
    r = subprocess.run([sys.executable, "-m", "vanban.cli", "render", str(DATA / PLAN), "-o", str(tmp_path / "cli.docx"),
                        "--pdf"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return words(tmp_path / "cli.pdf")


def web(html, printed):
    images = re.findall(r'<img src="/preview/[^"]+\.jpg"', html)
    assert len(images) == printed[0]
    return printed


@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_list_print_is_the_document_as_every_door_prints_it(door, web_print, tmp_path):
    html, printed = web_print
    assert printed[0] > 2                                 # several pages: every page, not the first two
    got = {"library": lambda: library(tmp_path), "cli": lambda: cli(tmp_path), "web": lambda: web(html, printed)}[door]()
    assert got[0] == printed[0]
    assert got[1] == printed[1]
