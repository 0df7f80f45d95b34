"""Issue 21's scenario as ONE test in a real Chromium over a real `vanban serve` (LibreOffice,
the register): from the list, a new công văn; fill it; paste from Word; autosave and recovery
(the browser's copy after a reload, the server's copy in a fresh browser); check; Cấp số with a
chosen date; the preview of every page and the print button from the list; duplicate; the bin.
Each step asserts on disk and on the page. Screenshots at 1366×768 and 1024×768 go to
output/web-e2e/clerk-day-*.png. Also: the left signer's fields in the editor for a biên bản
only (issue 22), and the editor's tree by keyboard alone with axe-core on the editor page."""
from __future__ import annotations

import os
import re
import subprocess

import pytest

from web_browser import axe_violations, screenshot, have_browser, new_context, paste, server  # noqa: F401  (the module's `vanban serve`)

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402
from test_web_e2e import browser  # noqa: E402,F401  (one Chromium for the module)

import vanban  # noqa: E402
from vanban.model.loader import load_text  # noqa: E402
from vanban.web import drafts, filing  # noqa: E402

SIZES = {"1366x768": (1366, 768), "1024x768": (1024, 768)}
NAME = "cv-ca-ngay.yaml"


def context(browser, size="1366x768"):
    return new_context(browser, SIZES[size])


def shot(page, name):
    screenshot(page, f"clerk-day-{name}.png")


def on_disk(server, name=NAME):
    path = server.folder / name
    return load_text(path.read_text(encoding="utf-8"), name, server.folder)


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def serious(page):
    return [(v["id"], v["nodes"]) for v in axe_violations(page)]


def row_actions(page, name):
    return page.locator("table.docs tbody tr", has=page.locator(f'a:text-is("{name}")'))


def test_the_whole_clerks_day(server, browser, tmp_path):
    errors = []
    ctx = context(browser)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    first = 'li[data-path="noi_dung.0"] > .node-head .node-text'

    # 1. A new công văn from the list.
    page.goto(server.url + "/")
    shot(page, "list-empty-1366x768")
    page.select_option("#new-loai", "cong_van")
    page.select_option("#new-mau", "cong_doan")
    page.fill("#new-ten", NAME)
    page.click("form.new-doc button")
    page.wait_for_url(f"**/edit/{NAME}")
    assert on_disk(server).loai.value == "cong_van"                       # the skeleton, on disk, loads
    expect(page.locator('[data-path="kinh_gui"]')).to_have_class(re.compile(r"\brequired\b"))

    # 2. Fill it: the date as she types it, the parts a công văn must have.
    page.fill("#f-ngay", "15/12/2026")
    page.fill("#f-trich_yeu", "tổ chức Tháng Công nhân năm 2027")
    page.fill("#f-kinh_gui", "Công đoàn các huyện, thành phố")
    page.fill("#f-noi_nhan", "Như Kính gửi\nBan Thường vụ (để b/c)")
    page.fill("#f-ky-chuc_vu", "PHÓ CHỦ TỊCH")     # the skeleton signs KT. CHỦ TỊCH
    page.fill("#f-ky-ho_ten", "Lò Văn Minh")

    # 3. Paste from Word into the first paragraph: lines become items, markers structure.
    page.fill(first, "")
    paste(page, first, "1.\tMục đích\r\na)\tTuyên truyền\u00a0rộng rãi\r\nb)\tTổ chức hội th\u00adi\r\n")
    expect(page.locator("#paste-note")).to_contain_text("Đã dán từ Word")
    expect(page.locator('li[data-path="noi_dung.0.muc.1"]')).to_have_count(1)
    page.click("#btn-save")
    expect(page.locator("#status")).to_contain_text("Đã lưu")
    doc = on_disk(server)
    assert doc.ngay.date.isoformat() == "2026-12-15" and doc.ky.ho_ten == "Lò Văn Minh"
    assert doc.kinh_gui == ["Công đoàn các huyện, thành phố"]
    assert doc.noi_dung[0].doan == ["Mục đích"]
    assert doc.noi_dung[0].muc[:2] == ["Tuyên truyền rộng rãi", "Tổ chức hội thi"]   # NBSP, soft hyphen cleaned
    expect(page.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=90000)
    shot(page, "editor-1366x768")

    # 4. Autosave: the browser's copy a second after typing, the server's (.name.nhap) after three.
    page.fill('li[data-path="noi_dung.1"] > .node-head .node-text', "Đoạn chưa lưu")
    nhap = drafts.draft_path(server.folder / NAME)
    page.wait_for_timeout(4000)
    assert nhap.is_file() and "Đoạn chưa lưu" in nhap.read_text(encoding="utf-8")
    assert "Đoạn chưa lưu" not in (server.folder / NAME).read_text(encoding="utf-8")   # the document untouched
    #    Reload: the browser's copy is offered, and said to be the browser's.
    page.evaluate("window.onbeforeunload = null")
    page.once("dialog", lambda d: d.accept())
    page.reload()
    expect(page.locator(".banner .recover-source")).to_have_attribute("data-source", "browser")
    expect(page.locator(".banner")).to_contain_text("Trình duyệt còn giữ")
    shot(page, "recover-browser-1366x768")
    #    Another browser (no copy of its own): the server's copy, said to be the server's.
    other_ctx = context(browser)
    other = other_ctx.new_page()
    other.goto(server.url + f"/edit/{NAME}")
    expect(other.locator(".banner .recover-source")).to_have_attribute("data-source", "server")
    expect(other.locator(".banner")).to_contain_text("Máy chủ còn giữ")
    assert "Trình duyệt" not in other.locator(".banner").inner_text()
    shot(other, "recover-server-1366x768")
    other.click(".banner button.primary")
    assert other.evaluate("window.vanbanEditor.state().noi_dung[1].tieu_de") == "Đoạn chưa lưu"
    other.click("#btn-save")
    expect(other.locator("#status")).to_contain_text("Đã lưu")
    assert on_disk(server).noi_dung[1].tieu_de == "Đoạn chưa lưu"
    assert not nhap.exists()                                               # saved: the draft is gone
    other_ctx.close()

    # 5. Check: the file passes Decree 30's check; nothing required is missing before issuing.
    report = vanban.check_file(server.folder / NAME)
    assert report.ok and report.failed() == [], report.failed()

    # 6. Cấp số: the confirmation names the number; she chooses the date.
    page.goto(server.url + f"/issue/{NAME}")
    expect(page.locator("main")).to_contain_text("01/")
    assert page.locator("#thieu").count() == 0                             # nothing missing
    shot(page, "issue-1366x768")
    assert serious(page) == []
    page.fill("#ngay", "16/12/2026")
    page.click("button.primary")
    page.wait_for_url("**/register**")
    expect(page.locator("p.ok")).to_contain_text(NAME)
    doc = on_disk(server)
    assert doc.so == 1 and doc.ngay.date.isoformat() == "2026-12-16" and not doc.is_draft

    # 6b. Export the register from its page: the downloaded workbook holds the number just issued.
    page.goto(server.url + "/register?nam=2026")
    with page.expect_download() as got:
        page.get_by_role("link", name="Xuất sổ (.xlsx)").click()
    book = tmp_path / got.value.suggested_filename
    got.value.save_as(book)
    import openpyxl
    rows = [[str(c) for c in r if c is not None] for r in openpyxl.load_workbook(book).active.iter_rows(values_only=True)]
    issued = [r for r in rows if any(c.startswith("01/") for c in r)]
    assert len(issued) == 1 and any("16/12/2026" in c or "2026-12-16" in c for c in issued[0]), rows

    # 7. Preview of every page from the list, without opening the editor.
    page.goto(server.url + "/")
    row = row_actions(page, NAME)
    expect(row).to_contain_text("Đã ban hành")
    row.get_by_role("link", name=f"Xem trước {NAME}").click()
    page.wait_for_url(f"**/pages/{NAME}")
    imgs = page.locator("ol.all-pages img")
    expect(imgs.first).to_be_visible(timeout=90000)
    printed = page.request.get(server.url + f"/print/{NAME}.pdf")
    text = pdf_text(printed.body(), tmp_path)
    pages_in_pdf = text.count("\f") or 1
    assert imgs.count() == pages_in_pdf
    assert all(page.evaluate("(img) => img.complete && img.naturalWidth > 700", h) for h in imgs.element_handles())
    assert "Số: 01/" in text and "16 tháng 12 năm 2026" in text and "Lò Văn Minh" in text
    shot(page, "pages-1366x768")
    assert serious(page) == []

    # 8. Print: the button frames the PDF made by the server and hands it to the print dialog.
    page.evaluate("window.__printed = 0")
    with page.expect_response(lambda r: r.url.endswith(f"/print/{NAME}.pdf")) as got:
        page.click("#btn-in")
    response = got.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    expect(page.locator("iframe#khung-in")).to_have_count(1)
    assert page.evaluate("document.getElementById('khung-in').src").endswith(f"/print/{NAME}.pdf")

    # 9. Duplicate ("start from this document"): a draft copy, no number, no date, opened.
    page.goto(server.url + "/")
    row = row_actions(page, NAME)
    row.locator("summary").click()
    row.get_by_role("button", name="Bắt đầu từ văn bản này").click()
    page.wait_for_url("**/edit/cv-ca-ngay-ban-sao.yaml")
    copy = on_disk(server, "cv-ca-ngay-ban-sao.yaml")
    assert copy.so is None and copy.is_draft and copy.trich_yeu == doc.trich_yeu
    expect(page.locator("#btn-issue")).to_be_visible()

    # 10. The bin: the copy goes (and comes back on request); the issued one is refused.
    page.goto(server.url + "/")
    row = row_actions(page, "cv-ca-ngay-ban-sao.yaml")
    row.locator("summary").click()
    row.get_by_role("button", name="Chuyển vào thùng rác").click()
    expect(page.locator("p.ok")).to_contain_text("cv-ca-ngay-ban-sao.yaml")
    assert not (server.folder / "cv-ca-ngay-ban-sao.yaml").exists()
    assert filing.in_bin(server.folder) == ["cv-ca-ngay-ban-sao.yaml"]
    shot(page, "list-1366x768")
    row = row_actions(page, NAME)
    row.locator("summary").click()
    row.get_by_role("button", name="Chuyển vào thùng rác").click()
    expect(page.locator("p.error")).to_contain_text("đã được cấp số")
    assert (server.folder / NAME).is_file()

    # The same pages at 1024×768: every action on screen.
    small = context(browser, "1024x768")
    p2 = small.new_page()
    for url, name in (("/", "list"), (f"/edit/{NAME}", "editor"), (f"/pages/{NAME}", "pages")):
        p2.goto(server.url + url)
        if name == "editor":
            expect(p2.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=90000)
            for action in ("#btn-save", "#btn-docx", "#btn-pdf", "#btn-preview"):
                box = p2.locator(action).bounding_box()
                assert box and box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 768, action
        if name == "pages":
            box = p2.locator("#btn-in").bounding_box()
            assert box and box["x"] + box["width"] <= 1024 and box["y"] + box["height"] <= 768
        shot(p2, f"{name}-1024x768")
    small.close()
    ctx.close()
    assert errors == [], errors


def texts(page) -> dict:
    return page.evaluate("JSON.parse(document.getElementById('doc-data').textContent).form.texts")


def focused(page) -> dict:
    """What has the focus: its label, the tree part it is in, and whether its focus ring shows."""
    return page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
        const host = e.closest('[data-path]');
        return { label: e.getAttribute('aria-label') || '', tag: e.tagName, path: host ? host.dataset.path : null,
                 ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 }; }""")


def press_on(page, selector, key="Enter"):
    page.focus(selector)
    page.keyboard.press(key)


def test_editor_tree_by_keyboard_alone(server, browser):
    errors = []
    ctx = context(browser)
    page = ctx.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())       # delete asks first; Enter on OK
    page.goto(server.url + "/")
    page.select_option("#new-loai", "ke_hoach")
    page.fill("#new-ten", "kh-ban-phim.yaml")
    page.click("form.new-doc button")
    page.wait_for_url("**/edit/kh-ban-phim.yaml")
    T = texts(page)
    state = lambda: page.evaluate("window.vanbanEditor.state()")  # noqa: E731
    n0 = len(state()["noi_dung"])
    tools = lambda path: f'li[data-path="{path}"] > .tools'        # noqa: E731

    # Every action of a section is reached by Tab from its text, in order, with a visible focus ring.
    page.focus('li[data-path="noi_dung.1"] > .node-head .node-text')
    seen = []
    for _ in range(10):
        page.keyboard.press("Tab")
        f = focused(page)
        if f["path"] != "noi_dung.1":
            break
        assert f["ring"], f
        seen.append(f["label"])
    for key in ("move_up", "move_down", "indent", "add_paragraph_after", "add_section_after", "add_sub",
                "add_table_after", "delete_section"):
        assert T[key] in seen, (key, seen)

    # Add a section with Enter: the focus lands in its heading; type it.
    press_on(page, f'{tools("noi_dung.0")} button[aria-label="{T["add_section_after"]}"]')
    assert focused(page)["path"] == "noi_dung.1" and focused(page)["tag"] == "TEXTAREA"
    page.keyboard.type("Mục bằng bàn phím")
    assert len(state()["noi_dung"]) == n0 + 1 and state()["noi_dung"][1]["tieu_de"] == "Mục bằng bàn phím"
    # Move it down twice with the same key: the focus follows it on its move button.
    press_on(page, f'{tools("noi_dung.1")} button[aria-label="{T["move_down"]}"]')
    assert focused(page) | {"ring": True} == {"label": T["move_down"], "tag": "BUTTON", "path": "noi_dung.2", "ring": True}
    page.keyboard.press("Enter")
    assert state()["noi_dung"][3]["tieu_de"] == "Mục bằng bàn phím" and focused(page)["path"] == "noi_dung.3"
    # Indent it under the section above, then out again.
    press_on(page, f'{tools("noi_dung.3")} button[aria-label="{T["indent"]}"]')
    subs = state()["noi_dung"][2]["muc"]
    assert subs[-1]["tieu_de"] == "Mục bằng bàn phím"
    moved = f"noi_dung.2.muc.{len(subs) - 1}"
    assert focused(page)["path"] == moved
    press_on(page, f'{tools(moved)} button[aria-label="{T["outdent"]}"]')
    assert state()["noi_dung"][3]["tieu_de"] == "Mục bằng bàn phím" and focused(page)["path"] == "noi_dung.3"
    # A table after the first item, with Enter; then deleted with Enter: the focus stays in the tree.
    press_on(page, f'{tools("noi_dung.0")} button[aria-label="{T["add_table_after"]}"]')
    assert "bang" in state()["noi_dung"][1] and focused(page)["path"] is not None
    press_on(page, f'li[data-path="noi_dung.1"] button[aria-label="{T["delete_table"]}"]')
    assert not any(isinstance(n, dict) and "bang" in n for n in state()["noi_dung"])
    assert focused(page)["path"] is not None, focused(page)
    # Delete the keyboard's section: the focus goes to the part that took its place.
    press_on(page, f'{tools("noi_dung.3")} button[aria-label="{T["delete_section"]}"]')
    assert all(not isinstance(n, dict) or n.get("tieu_de") != "Mục bằng bàn phím" for n in state()["noi_dung"])
    assert focused(page)["path"] is not None, focused(page)
    # An appendix with Enter: the focus lands in it.
    press_on(page, f'button[aria-label="{T["add_appendix_title"]}"]')
    assert len(state()["phu_luc"]) == 1 and (focused(page)["path"] or "").startswith("phu_luc.0")
    page.keyboard.type("Danh sách đơn vị")
    # Save with the keyboard; on disk as it was made.
    press_on(page, "#btn-save")
    expect(page.locator("#status")).to_contain_text("Đã lưu")
    doc = on_disk(server, "kh-ban-phim.yaml")
    assert len(doc.noi_dung) == n0 and doc.phu_luc[0].ten == "Danh sách đơn vị"
    expect(page.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=90000)
    expect(page.locator("#preview-pages")).to_contain_text("2")          # the appendix on its own page
    shot(page, "keyboard-editor-1366x768")
    assert serious(page) == []
    ctx.close()
    assert errors == [], errors


def test_left_signer_fields_show_for_a_bien_ban_only(server, browser):
    ctx = context(browser)
    page = ctx.new_page()
    for kind, name in (("bien_ban", "bb-hop.yaml"), ("cong_van", "cv-mot-chu-ky.yaml")):
        page.goto(server.url + "/")
        page.select_option("#new-loai", kind)
        page.fill("#new-ten", name)
        page.click("form.new-doc button")
        page.wait_for_url(f"**/edit/{name}")
        box = page.locator('fieldset[data-path="ky_ben_trai"]')
        if kind == "cong_van":
            assert box.count() == 0 or not box.is_visible()
            continue
        expect(box).to_be_visible()
        expect(box.locator("legend")).to_have_text("Chữ ký bên trái (người ký thứ hai)")
        page.fill("#f-ky_ben_trai-chuc_vu", "THƯ KÝ")
        page.fill("#f-ky_ben_trai-ho_ten", "Lò Thị Mai")
        page.fill("#f-ky-chuc_vu", "CHỦ TỌA")
        page.fill("#f-ky-ho_ten", "Hoàng Văn Trinh")
        page.click("#btn-save")
        expect(page.locator("#status")).to_contain_text("Đã lưu")
        doc = on_disk(server, name)
        assert (doc.ky_ben_trai.chuc_vu, doc.ky_ben_trai.ho_ten) == ("THƯ KÝ", "Lò Thị Mai")
        expect(page.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=90000)
        shot(page, "two-signers-1366x768")
        # Emptying every box of the left signer removes it: one signature again.
        page.fill("#f-ky_ben_trai-chuc_vu", "")
        page.fill("#f-ky_ben_trai-ho_ten", "")
        assert "ky_ben_trai" not in page.evaluate("window.vanbanEditor.state()")
        assert serious(page) == []
    ctx.close()
