"""Issue 21, the list page's preview of every page and its print button, through Flask's test
client over the real previewer (LibreOffice, poppler): the same PDF as the editor's preview, made
once by the app's one converter, every page drawn, served inline for printing."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

flask = pytest.importorskip("flask")
if not shutil.which("soffice") or not shutil.which("pdftoppm"):
    pytest.skip("LibreOffice or poppler not installed", allow_module_level=True)

from vanban.web.app import create_app  # noqa: E402
from vanban.web.preview import Previewer  # noqa: E402

from test_web_app import LETTER, PLAN, folder, vietnamese  # noqa: E402,F401  (shared fixtures)


@pytest.fixture(scope="module")
def previewer():
    p = Previewer()
    yield p
    p.close()


@pytest.fixture
def client(folder, previewer):
    app = create_app(folder, previewer=previewer)
    with app.test_client() as c:
        yield c


def pdf_pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_list_links_each_document_to_its_preview_and_print(client):
    html = client.get("/").get_data(as_text=True)
    for name in (LETTER, PLAN):
        assert f'href="/pages/{name}"' in html
        assert f'data-print href="/print/{name}.pdf"' in html
    assert "Xem trước" in html and ">In<" in html and "print.js" in html


def test_preview_shows_every_page_and_prints_the_same_pdf(client, previewer, tmp_path):
    before = previewer.conversions
    r = client.get(f"/pages/{PLAN}")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    images = re.findall(r'<img src="(/preview/[^"]+\.jpg)"', html)
    printed = client.get(f"/print/{PLAN}.pdf")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert printed.headers["Content-Disposition"].startswith("inline")
    assert printed.headers["X-Frame-Options"] == "SAMEORIGIN"     # the print button frames it
    total = pdf_pages(printed.data, tmp_path)
    assert total > 2                                     # more than the editor's two preview pages
    assert len(images) == total                          # every page, not the first two
    assert f"{total} trang" in html
    for url in images:
        img = client.get(url)
        assert img.status_code == 200 and img.data[:3] == b"\xff\xd8\xff"   # JPEG
    assert "KẾ HOẠCH" in pdf_text(printed.data, tmp_path)
    download = client.get(f"/download/{PLAN}.pdf")
    assert download.headers["Content-Disposition"].startswith("attachment") and download.data == printed.data
    # One conversion by the app's one converter for the pages, the print and the download.
    assert previewer.conversions - before == 1
    assert 'id="btn-in"' in html and f'href="/print/{PLAN}.pdf"' in html


def test_preview_of_a_broken_or_absent_document_is_one_clear_line(client, folder):
    (folder / "hong.yaml").write_text("loai: cong_van\nso: [\n", encoding="utf-8")
    r = client.get("/pages/hong.yaml")
    assert r.status_code == 400 and "Traceback" not in r.get_data(as_text=True)
    assert client.get("/pages/khong-co.yaml").status_code == 404
    assert client.get("/print/khong-co.yaml.pdf").status_code == 404
    assert client.get("/pages/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_preview_when_libreoffice_fails_says_so_without_a_500(folder):
    class Broken(Previewer):
        def pages(self, doc, stream=""):
            raise RuntimeError("LibreOffice đã dừng")
    app = create_app(folder, previewer=Broken())
    with app.test_client() as c:
        r = c.get(f"/pages/{LETTER}")
    assert r.status_code == 503
    assert "LibreOffice đã dừng" in r.get_data(as_text=True)
