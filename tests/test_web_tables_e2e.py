"""The table editor end to end: a real `vanban serve`, LibreOffice, and Chromium driven by Playwright.

A clerk adds a 3×3 table to a công văn, types the headings, merges two cells, pastes a range
copied from a spreadsheet (tab-separated text on the clipboard), saves; the saved YAML holds the
cells as typed, and the print preview and the PDF show the table. Screenshots at 1280×800 and
1024×768 are kept in output/web-e2e/.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import DATA
from web_browser import ARTEFACTS, Server, have_browser, launch

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from vanban.model.loader import load_file  # noqa: E402
from vanban.model.tables import O  # noqa: E402

LETTER = "lai-chau-ldld-244-2024.yaml"
PASTE = "Rà soát\tTháng 3\tPhòng GD&ĐT\nTuyên truyền\tThường xuyên\t\"Trung tâm\nVăn hóa\"\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    shutil.copy(DATA / LETTER, folder)
    srv = Server(folder)
    srv.folder = folder
    yield srv
    srv.stop()


def wait_preview(page):
    page.wait_for_timeout(450)
    expect(page.locator("#preview-note")).to_have_text("Bản in thử đã cập nhật.", timeout=30000)


def shot(page, name):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name))


def test_build_a_table_merge_paste_save_and_preview(server):
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{server.url}/edit/{LETTER}")
        wait_preview(page)
        n = page.evaluate("window.vanbanEditor.state().noi_dung.length")
        page.click(".tree-field > .tree-add button[title='Thêm bảng ở cuối']")
        table = page.locator(f'li.table-node[data-path="noi_dung.{n}"]')
        cell = lambda part, r, c: table.locator(f'[data-cell="{part}:{r}:{c}"]')  # noqa: E731
        expect(cell("head", 0, 0)).to_be_focused()
        for c, text in enumerate(["Nội dung", "Thời gian", "Đơn vị chủ trì"]):
            cell("head", 0, c).fill(text)
        cell("body", 0, 0).fill("Tổng hợp kết quả")
        table.locator("button[title='Gộp ô bên phải']").click()
        expect(cell("body", 0, 0).locator("xpath=..")).to_have_attribute("colspan", "2")
        expect(cell("body", 0, 1)).to_have_count(0)
        cell("body", 0, 2).fill("Văn phòng")
        # A range copied from a spreadsheet, pasted into the first cell of the second row: it
        # fills that row and adds the one it needs; the quoted cell keeps its text on one line.
        cell("body", 1, 0).evaluate("""(el, text) => {
            const dt = new DataTransfer(); dt.setData("text/plain", text);
            el.focus();
            el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
        }""", PASTE)
        expect(cell("body", 2, 2)).to_have_value("Trung tâm Văn hóa")
        wait_preview(page)
        shot(page, "table-editor-1280.png")
        page.click("#btn-save")
        expect(page.locator("#status")).to_have_class("status saved", timeout=15000)

        doc = load_file(server.folder / LETTER)
        bang = doc.noi_dung[n].bang
        assert bang.cot == [["Nội dung", "Thời gian", "Đơn vị chủ trì"]]
        assert bang.dong == [[O(noi_dung="Tổng hợp kết quả", gop_cot=2), "Văn phòng"],
                             ["Rà soát", "Tháng 3", "Phòng GD&ĐT"],
                             ["Tuyên truyền", "Thường xuyên", "Trung tâm Văn hóa"]]
        # The preview shows the saved table: the PDF the page offers has its cells.
        pdf = page.request.get(f"{server.url}/download/{LETTER}.pdf")
        assert pdf.status == 200
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True).stdout.decode()
        for word in ("Tổng hợp kết quả", "Phòng GD&ĐT", "Trung tâm Văn hóa"):
            assert word in text
        assert page.locator("#preview img").count() >= 1

        page.set_viewport_size({"width": 1024, "height": 768})
        table.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        shot(page, "table-editor-1024.png")
        # The table editor is no wider than the paragraphs beside it (the form pane itself is
        # narrower than the form at 1024 px, before and without any table: issue 21's layout).
        para = page.locator('li[data-path="noi_dung.0"] > .node-head').bounding_box()
        for part in (".tbl-bar", ".tbl-wrap", "table.tbl"):
            box = table.locator(part).bounding_box()
            assert box["x"] + box["width"] <= para["x"] + para["width"] + 1, part
        # What Word puts on the clipboard: an HTML table whose merges become gop_dong / gop_cot.
        word = page.evaluate("""() => { const G = window.vanbanGrid; return G.fromGrid(G.parseHtml(
            '<table><tr><td rowspan="2"><p>A</p></td><td colspan="2"><b>B</b></td></tr><tr><td>c</td><td>d</td></tr></table>')); }""")
        assert word == [[{"noi_dung": "A", "gop_dong": 2}, {"noi_dung": "B", "gop_cot": 2}], ["c", "d"]]
        context.close()
        browser.close()
        assert errors == [], errors


APPENDIX_LISTS = (("nq-dang.yaml", "dang", ["Phụ lục 1", "Phụ lục 2"]),
                  ("kh-nha-nuoc.yaml", "nha_nuoc", ["Phụ lục I", "Phụ lục II"]))


def test_a_party_documents_appendices_are_listed_1_2_and_a_state_documents_i_ii(server):
    # The editor's list of appendices names them as the document prints them (HD 36 for a Party body).
    import yaml
    from doors.test_party_appendices import _data
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for name, mau, want in APPENDIX_LISTS:
            (server.folder / name).write_text(yaml.safe_dump(_data(mau), allow_unicode=True, width=1000),
                                              encoding="utf-8")
            page.goto(f"{server.url}/edit/{name}")
            heads = page.locator("section.appendix .appendix-head h3")
            expect(heads).to_have_count(2, timeout=15000)
            assert heads.all_inner_texts() == want, (mau, heads.all_inner_texts())
        browser.close()
