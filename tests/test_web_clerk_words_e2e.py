"""In a real Chromium: a model problem beside a field names fields by the form's labels, never the
YAML keys (issue 21's leftover; the Flask-client cells are in tests/doors/test_clerk_words.py)."""
from __future__ import annotations

import re

import pytest

from web_browser import have_browser, new_context, server  # noqa: F401  (the module's `vanban serve`)

pytestmark = pytest.mark.skipif(not have_browser(), reason="Chromium, LibreOffice and playwright are needed")
pytest.importorskip("playwright")

from playwright.sync_api import expect  # noqa: E402
from test_web_e2e import browser  # noqa: E402,F401  (one Chromium for the module)


def test_signer_problem_beside_the_field_says_the_labels(server, browser):
    ctx = new_context(browser, (1366, 768))
    page = ctx.new_page()
    page.goto(server.url + "/")
    page.select_option("#new-loai", "cong_van")
    page.fill("#new-ten", "cv-nhan.yaml")
    page.click("form.new-doc button")
    page.wait_for_url("**/edit/cv-nhan.yaml")
    page.fill("#f-ky-kt", "GIÁM ĐỐC")
    page.fill("#f-ky-chuc_vu", "CHỦ TỊCH")
    box = page.locator('fieldset[data-path="ky"] .msg.error').first
    expect(box).to_contain_text("“Ký thay (KT.)”", timeout=20000)
    shown = box.inner_text()
    assert "“Chức vụ người ký”" in shown, shown
    assert not re.search(r"\b(kt|chuc_vu|ho_ten)\b", shown), shown
    ctx.close()
