"""Issue 21 in a real Chromium: a clerk's day with the editor — her agency set once, a công văn
started from it, a paste from Word turned into structure and undone, a tree action undone, a
reload that offers her unsaved copy back, two tabs where she keeps her own text, and every
action visible at 1024×768. Screenshots at 1280×800 and 1024×768 go to output/web-e2e/."""
from __future__ import annotations

import os
import re

import pytest

from web_browser import axe_violations, screenshot, have_browser, new_context, paste, server  # noqa: F401  (the module's `vanban serve`)

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402
from test_web_e2e import browser  # noqa: E402,F401  (one Chromium for the module, as the e2e tests launch it)

from vanban.model.loader import load_text  # noqa: E402

SIZES = {"1280x800": (1280, 800), "1024x768": (1024, 768)}


def context(browser, size="1280x800"):
    return new_context(browser, SIZES[size])


def shot(page, name):
    screenshot(page, name)


def in_view(page, selector):
    box = page.locator(selector).bounding_box()
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    return box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= vw and box["y"] + box["height"] <= vh


def test_a_clerks_day(server, browser):
    errors = []
    ctx = context(browser)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    # Her agency, once.
    page.goto(server.url + "/settings")
    page.fill("#chu_quan", "TỔNG LĐLĐ VIỆT NAM")
    page.fill("#ten", "LĐLĐ TỈNH ĐIỆN BIÊN")
    page.fill("#viet_tat", "LĐLĐ")
    page.fill("#dia_danh", "Điện Biên")
    page.select_option("#mau", "cong_doan")
    page.fill("#ky_tm", "BAN THƯỜNG VỤ")
    page.fill("#ky_chuc_vu", "CHỦ TỊCH")
    page.fill("#noi_nhan", "Ban Dân vận Tỉnh ủy (để b/c)")
    page.click("form.settings button.primary")
    expect(page.locator("p.ok")).to_be_visible()
    shot(page, "day-settings-1280x800.png")
    assert [v for v in axe_violations(page) if v.get("impact") in ("serious", "critical")] == []
    # A new công văn starts from it.
    page.goto(server.url + "/")
    page.select_option("#new-loai", "cong_van")
    page.fill("#new-ten", "cv-ngay.yaml")
    page.click("form.new-doc button")
    page.wait_for_url("**/edit/cv-ngay.yaml")
    expect(page.locator("#f-co_quan-ten")).to_have_value("LĐLĐ TỈNH ĐIỆN BIÊN")
    expect(page.locator("#f-ngay")).to_have_value(re.compile(r"^\d{1,2}/\d{4}$"))   # shown as printed, not 2026-12
    # The date as she types it.
    page.fill("#f-ngay", "15/12/2026")
    # Paste from Word into the first paragraph of the body, emptied first.
    first = 'li[data-path="noi_dung.0"] > .node-head .node-text'
    page.fill(first, "")
    paste(page, first, "1.\tMục đích\r\na)\tViệc\u00a0một\r\n-\tý nhỏ\r\nb)\tViệc hai\r\n")
    expect(page.locator("#paste-note")).to_contain_text("Đã dán từ Word")
    expect(page.locator('li[data-path="noi_dung.0.muc.1"]')).to_have_count(1)
    state = page.evaluate("window.vanbanEditor.state()")
    assert state["noi_dung"][0] == {"doan": ["Mục đích"], "muc": [{"doan": ["Việc một", "- ý nhỏ"], "muc": []}, "Việc hai"]}
    shot(page, "day-paste-1280x800.png")
    # Undo the paste, redo it.
    page.click("#paste-note button")
    expect(page.locator('li[data-path="noi_dung.0.muc.1"]')).to_have_count(0)
    page.click("#btn-redo")
    expect(page.locator('li[data-path="noi_dung.0.muc.1"]')).to_have_count(1)
    # A tree action undone: move the second item up, undo.
    before = page.evaluate("JSON.stringify(window.vanbanEditor.state().noi_dung)")
    page.locator('li[data-path="noi_dung.1"] > .tools button').first.click()
    assert page.evaluate("JSON.stringify(window.vanbanEditor.state().noi_dung)") != before
    page.click("#btn-undo")
    assert page.evaluate("JSON.stringify(window.vanbanEditor.state().noi_dung)") == before
    # Screen readers hear places, not keys.
    label = page.locator(first).get_attribute("aria-label")
    assert "noi_dung" not in label and "1" in label
    # Reload mid-edit: her unsaved copy is offered back.
    page.fill('li[data-path="noi_dung.1"] > .node-head .node-text', "Đoạn chưa lưu")
    page.wait_for_timeout(1200)   # past the autosave's pause
    page.evaluate("window.onbeforeunload = null")
    page.once("dialog", lambda d: d.accept())
    page.reload()
    expect(page.locator(".banner")).to_contain_text("bản chưa lưu")
    shot(page, "day-recover-1280x800.png")
    page.click(".banner button.primary")
    assert page.evaluate("window.vanbanEditor.state().noi_dung[1].tieu_de") == "Đoạn chưa lưu"
    page.click("#btn-save")
    expect(page.locator("#status")).to_contain_text("Đã lưu")
    doc = load_text((server.folder / "cv-ngay.yaml").read_text(encoding="utf-8"))
    assert doc.ngay.date.isoformat() == "2026-12-15" and doc.noi_dung[1].tieu_de == "Đoạn chưa lưu"
    # Two tabs: the other saves first; she sees both and keeps hers.
    other = ctx.new_page()
    other.goto(server.url + "/edit/cv-ngay.yaml")
    other.fill('li[data-path="noi_dung.1"] > .node-head .node-text', "Bản của thẻ kia")
    other.click("#btn-save")
    expect(other.locator("#status")).to_contain_text("Đã lưu")
    page.fill('li[data-path="noi_dung.1"] > .node-head .node-text', "Bản của tôi")
    page.click("#btn-save")
    expect(page.locator(".banner.conflict")).to_contain_text("Bản của thẻ kia")
    expect(page.locator(".banner.conflict")).to_contain_text("Bản của tôi")
    shot(page, "day-conflict-1280x800.png")
    page.click(".banner.conflict button.primary")
    expect(page.locator("#status")).to_contain_text("Đã lưu")
    assert load_text((server.folder / "cv-ngay.yaml").read_text(encoding="utf-8")).noi_dung[1].tieu_de == "Bản của tôi"
    other.close()
    ctx.close()
    assert errors == [], errors


def test_every_action_on_screen_at_1024x768(server, browser):
    if not (server.folder / "cv-ngay.yaml").exists():
        pytest.skip("needs the day's document")
    for size in SIZES:
        ctx = context(browser, size)
        page = ctx.new_page()
        page.goto(server.url + "/edit/cv-ngay.yaml")
        expect(page.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=60000)
        for action in ("#btn-save", "#btn-docx", "#btn-pdf", "#btn-issue", "#btn-preview"):
            assert in_view(page, action), (size, action)
        form = page.locator(".form-pane").bounding_box()
        preview = page.locator(".preview-pane").bounding_box()
        assert form["x"] + form["width"] <= preview["x"] + 1   # the preview never covers the form
        shot(page, f"day-editor-{size}.png")
        page.click("#btn-preview")
        expect(page.locator(".preview-pane")).to_be_hidden()
        shot(page, f"day-editor-no-preview-{size}.png")
        for url, name in (("/", "list"), ("/derive", "derive"), ("/register", "register"), ("/settings", "settings"),
                          ("/issue/cv-ngay.yaml", "issue")):
            page.goto(server.url + url)
            shot(page, f"day-{name}-{size}.png")
            bad = [v["id"] for v in axe_violations(page) if v.get("impact") in ("serious", "critical")]
            assert bad == [], (url, size, bad)
        ctx.close()
