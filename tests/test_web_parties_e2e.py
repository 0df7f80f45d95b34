"""In the browser: a clerk adds a third and a fourth signer to a biên bản (the form's 'Các bên ký
thêm' group), saves, and the YAML holds them in order; removing one keeps the other; on a plan,
ticking 'Văn bản liên tịch' shows the left signer's group (issue 32)."""
from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
import yaml

from web_browser import Server, have_browser, launch

if not have_browser():
    if os.environ.get("VANBAN_REQUIRE_PDF"):
        raise RuntimeError("Chromium, Playwright and LibreOffice are required (VANBAN_REQUIRE_PDF is set)")
    pytest.skip("Chromium, Playwright or LibreOffice not installed", allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

BB = {"loai": "bien_ban", "co_quan": {"ten": ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], "viet_tat": "STTTT", "dia_danh": "Gia Lai"},
      "trich_yeu": "Họp nghiệm thu", "noi_dung": ["Các bên thống nhất."], "noi_nhan": ["Các bên"],
      "ky_ben_trai": {"chuc_vu": "ĐẠI DIỆN BÊN A", "ho_ten": "Trần Thị Bình"},
      "ky": {"chuc_vu": "ĐẠI DIỆN BÊN B", "ho_ten": "Nguyễn Văn An"}}


@contextmanager
def editing(tmp_path, name: str, data: dict):
    """The editor of ``name`` (written from ``data``) open in Chromium; yields (page, folder); no
    script error may happen on the page."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    srv = Server(folder)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page(locale="vi-VN")
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(srv.url + "/edit/" + name)
            yield page, folder
            browser.close()
            assert errors == [], errors
    finally:
        srv.stop()


def saved(page, folder, name: str) -> dict:
    page.click("#btn-save")
    expect(page.locator("#status")).to_contain_text("Đã lưu", timeout=20000)
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def test_add_two_signers_and_remove_one(tmp_path):
    with editing(tmp_path, "bb.yaml", BB) as (page, folder):
        group = page.locator('fieldset[data-path="ky_them"]')
        expect(group.locator("legend").first).to_have_text("Các bên ký thêm")
        for k, (title, name) in enumerate([("ĐẠI DIỆN BÊN C", "Lò Văn Mạnh"), ("ĐẠI DIỆN BÊN D", "Vì Thị Hoa")]):
            page.locator('fieldset[data-path="ky_them"] > button', has_text="Thêm người ký").click()
            page.fill(f"#f-ky_them-{k}-chuc_vu", title)
            page.fill(f"#f-ky_them-{k}-ho_ten", name)
        expect(page.locator('fieldset[data-path="ky_them.1"] legend')).to_have_text("Người ký thứ 4")
        assert saved(page, folder, "bb.yaml")["ky_them"] == [{"chuc_vu": "ĐẠI DIỆN BÊN C", "ho_ten": "Lò Văn Mạnh"},
                                                             {"chuc_vu": "ĐẠI DIỆN BÊN D", "ho_ten": "Vì Thị Hoa"}]
        page.locator('fieldset[data-path="ky_them.0"] button[title="Xóa người ký này"]').click()
        expect(page.locator("#f-ky_them-0-ho_ten")).to_have_value("Vì Thị Hoa")
        assert saved(page, folder, "bb.yaml")["ky_them"] == [{"chuc_vu": "ĐẠI DIỆN BÊN D", "ho_ten": "Vì Thị Hoa"}]


def test_joint_plan_shows_the_left_signer_when_ticked(tmp_path):
    """On a kế hoạch the left signer's group is hidden until the clerk ticks 'Văn bản liên tịch'."""
    plan = {**{k: v for k, v in BB.items() if not k.startswith("ky")}, "loai": "ke_hoach",
            "ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Nguyễn Văn An"}}
    with editing(tmp_path, "kh.yaml", plan) as (page, folder):
        left = page.locator('fieldset[data-path="ky_ben_trai"]')
        expect(left).to_be_hidden()
        page.check("#f-lien_tich")
        expect(left).to_be_visible()
        page.fill("#f-ky_ben_trai-chuc_vu", "CHỦ TỊCH")
        page.fill("#f-ky_ben_trai-ho_ten", "Hoàng Văn Trinh")
        data = saved(page, folder, "kh.yaml")
        assert data["lien_tich"] is True
        assert data["ky_ben_trai"] == {"chuc_vu": "CHỦ TỊCH", "ho_ten": "Hoàng Văn Trinh"}
