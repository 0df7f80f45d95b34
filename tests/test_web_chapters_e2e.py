"""Chapters in the web editor, in Chromium against a real `vanban serve`: the body's numbering choice
shows "Chương I, II … (chương gồm các điều)" for a quy chế in chapters, a section's choice leaves
chapters out, and an appendix's choice sets ``kieu_muc: chuong`` on the appendix when saved."""
from __future__ import annotations

import contextlib
import os
import shutil

import pytest
import yaml

from conftest import DATA, minimal
from web_browser import Server, have_browser, launch

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

EXAMPLE = "cong-doan-quy-che-lam-viec-bch.yaml"
LABEL = "Chương I, II … (chương gồm các điều)"


def test_the_numbering_choices_offer_chapters_for_the_body_and_an_appendix(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / EXAMPLE, folder)
    decision = minimal(loai="quyet_dinh", kinh_gui=None, noi_dung=["Ban hành kèm theo Quyết định này Quy chế."],
                       phu_luc=[{"ten": "Quy chế làm việc", "noi_dung": [{"tieu_de": "Quy định chung",
                                                                          "muc": [{"tieu_de": "Phạm vi"}]}]}])
    del decision["kinh_gui"]
    (folder / "qd.yaml").write_text(yaml.safe_dump(decision, allow_unicode=True, width=1000), encoding="utf-8")
    srv = Server(folder)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{srv.url}/edit/{EXAMPLE}")
            body = page.locator("#f-kieu_muc")
            expect(body).to_have_value("chuong", timeout=15000)
            assert body.locator("option:checked").inner_text() == LABEL
            # A section's own choice (its sub-sections') offers no chapters: nothing holds chapters.
            sub = page.locator("select[aria-label='Kiểu đánh số mục con']").first
            offered = sub.locator("option").evaluate_all("os => os.map((o) => o.textContent)")   # in a closed <details>
            assert "Điều 1. Điều 2." in offered and LABEL not in offered, offered
            page.goto(f"{srv.url}/edit/qd.yaml")
            choice = page.locator("#phu_luc\\.0-kieu_muc")
            expect(choice).to_be_visible(timeout=15000)
            choice.select_option("chuong")
            page.click("#btn-save")
            expect(page.locator("#status")).to_have_class("status saved", timeout=15000)
            browser.close()
    finally:
        srv.stop()
    saved = yaml.safe_load((folder / "qd.yaml").read_text(encoding="utf-8"))
    assert saved["phu_luc"][0]["kieu_muc"] == "chuong"


@contextlib.contextmanager
def _page(folder):
    """A Chromium page and the URL of a `vanban serve` of ``folder``, both closed after."""
    srv = Server(folder)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            yield browser.new_page(viewport={"width": 1280, "height": 800}), srv.url
            browser.close()
    finally:
        srv.stop()


def test_a_new_quy_che_opens_in_chapters_with_their_numbers_in_the_tree(tmp_path):
    """The page's 'New document' of a quy chế starts from ``vanban new``'s skeleton: in chapters, the
    tree numbering them Chương I … and their articles Điều 1. … 5. on across them."""
    folder = tmp_path / "docs"
    folder.mkdir()
    with _page(folder) as (page, url):
        page.goto(f"{url}/")
        page.select_option("#new-loai", "quy_che")
        page.fill("#new-ten", "quy-che-moi")
        page.click("form.new-doc button[type=submit]")
        expect(page.locator("#f-kieu_muc")).to_have_value("chuong", timeout=15000)
        for k, mark in enumerate(("Chương I", "Chương II", "Chương III")):
            expect(page.locator(f"[data-marker-for='noi_dung.{k}']")).to_have_text(mark, timeout=15000)
        for path, mark in (("noi_dung.0.muc.0", "Điều 1."), ("noi_dung.1.muc.0", "Điều 3."),
                           ("noi_dung.2.muc.0", "Điều 5.")):
            expect(page.locator(f"[data-marker-for='{path}']")).to_have_text(mark)
    assert yaml.safe_load((folder / "quy-che-moi.yaml").read_text(encoding="utf-8"))["kieu_muc"] == "chuong"
