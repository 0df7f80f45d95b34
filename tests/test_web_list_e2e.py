"""Issue 21, the list page in a real Chromium: search without diacritics (keyboard only), filter,
rename (keyboard only), start from a document, delete to the bin, restore, empty the bin; each
step checked on disk; screenshots at 1366×768 and 1024×768 in output/screenshots/; axe-core."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from web_browser import Server, axe_violations, have_browser

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402
from test_web_e2e import browser  # noqa: E402,F401

from vanban.model.loader import load_text  # noqa: E402

LETTER = "lai-chau-ldld-244-2024.yaml"
PLAN = "lai-chau-ubnd-kh-mam-non-2023.yaml"
SHOTS = Path(__file__).resolve().parent.parent / "output" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    for name in (LETTER, PLAN):
        shutil.copy(DATA / name, folder / name)
    srv = Server(folder)
    srv.folder = folder
    yield srv
    srv.stop()


def serious(page):
    return [v["id"] for v in axe_violations(page) if v.get("impact") in ("serious", "critical")]


def rows(page):
    return page.locator("table.docs tbody tr td:first-child a").all_inner_texts()


def test_list_page_search_filter_rename_duplicate_bin(server, browser):
    errors = []
    ctx = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN", bypass_csp=True)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url + "/")
    assert sorted(rows(page)) == [LETTER, PLAN]
    # Search by keyboard only, without diacritics: Tab from the skip link to the search box.
    page.keyboard.press("Tab")
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "tim":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tim"
    page.keyboard.type("mam non")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=mam+non*")
    assert rows(page) == [PLAN]
    # Filter: issued documents of 2024.
    page.goto(server.url + "/")
    page.select_option("#loc-trang-thai", "da_cap")
    page.select_option("#loc-nam", "2024")
    page.click("form.find button")
    assert rows(page) == [LETTER]
    assert serious(page) == []
    # Rename by keyboard only: open the row's actions, type the new name, Enter.
    page.goto(server.url + "/?q=244")
    page.focus("td.actions summary")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "ten_moi"
    page.keyboard.press("Control+A")
    page.keyboard.type("cv-244.yaml")
    page.keyboard.press("Enter")
    expect(page.locator("p.ok")).to_contain_text("cv-244.yaml")
    assert (server.folder / "cv-244.yaml").is_file() and not (server.folder / LETTER).exists()
    # Start from this document: a new draft with no number, opened in the editor.
    page.locator("tr", has_text="cv-244.yaml").locator("summary").click()
    page.locator("tr", has_text="cv-244.yaml").get_by_role("button", name="Bắt đầu từ văn bản này").click()
    page.wait_for_url("**/edit/cv-244-ban-sao.yaml")
    copy = load_text((server.folder / "cv-244-ban-sao.yaml").read_text(encoding="utf-8"), "x.yaml", server.folder)
    assert copy.so is None and copy.is_draft
    # Delete to the bin and restore.
    page.goto(server.url + "/")
    row = page.locator("tr", has_text="cv-244-ban-sao.yaml")
    row.locator("summary").click()
    row.get_by_role("button", name="Chuyển vào thùng rác").click()
    expect(page.locator("p.ok")).to_contain_text("thùng rác")
    assert not (server.folder / "cv-244-ban-sao.yaml").exists()
    assert (server.folder / ".thung-rac" / "cv-244-ban-sao.yaml").is_file()
    assert "cv-244-ban-sao.yaml" not in rows(page)
    for size, (w, h) in (("1366x768", (1366, 768)), ("1024x768", (1024, 768))):
        page.set_viewport_size({"width": w, "height": h})
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"list-{size}.png"), full_page=True)
        assert serious(page) == [], size
    page.get_by_role("button", name="Khôi phục cv-244-ban-sao.yaml").click()
    expect(page.locator("p.ok")).to_contain_text("Đã khôi phục")
    assert (server.folder / "cv-244-ban-sao.yaml").is_file()
    # Empty the bin: asked first, then gone for good.
    row = page.locator("tr", has_text="cv-244-ban-sao.yaml")
    row.locator("summary").click()
    row.get_by_role("button", name="Chuyển vào thùng rác").click()
    page.get_by_role("link", name="Dọn sạch thùng rác").click()
    expect(page.locator("main")).to_contain_text("cv-244-ban-sao.yaml")
    assert serious(page) == []
    page.set_viewport_size({"width": 1024, "height": 768})
    page.screenshot(path=str(SHOTS / "bin-empty-1024x768.png"))
    page.get_by_role("button", name="Xoá hẳn").click()
    expect(page.locator("p.ok")).to_contain_text("Đã dọn sạch")
    assert list((server.folder / ".thung-rac").iterdir()) == []
    ctx.close()
    assert errors == [], errors


def test_server_draft_offered_in_a_fresh_browser(server, browser):
    """Typed in one browser, never saved; opened in another (nothing in its localStorage): the
    server's copy is offered, taken, saved, and the draft file is gone."""
    one = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN", bypass_csp=True)
    page = one.new_page()
    page.goto(server.url + f"/edit/{PLAN}")
    page.fill("#f-trich_yeu", "Trích yếu gõ dở trên máy kia")
    kept = server.folder / f".{PLAN}.nhap"
    for _ in range(60):
        if kept.exists():
            break
        page.wait_for_timeout(200)
    assert kept.exists()
    before = (server.folder / PLAN).read_bytes()
    one.close()
    two = browser.new_context(viewport={"width": 1024, "height": 768}, locale="vi-VN", bypass_csp=True)
    page = two.new_page()
    page.goto(server.url + f"/edit/{PLAN}")
    expect(page.locator(".banner")).to_be_visible()
    assert (server.folder / PLAN).read_bytes() == before       # offered, never put in place by itself
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "editor-server-draft-1024x768.png"))
    assert serious(page) == []
    page.keyboard.press("Enter")                                 # the focused "recover" button, by keyboard
    expect(page.locator("#f-trich_yeu")).to_have_value("Trích yếu gõ dở trên máy kia")
    page.click("#btn-save")
    expect(page.locator("#status")).to_contain_text("Đã lưu")
    doc = load_text((server.folder / PLAN).read_text(encoding="utf-8"), PLAN, server.folder)
    assert doc.trich_yeu == "Trích yếu gõ dở trên máy kia" and not kept.exists()
    two.close()
