"""Issue 21, the list page: search (with or without diacritics), filters, sort, rename, duplicate,
the bin; pure functions first, then every route through Flask's test client."""
from __future__ import annotations

import re

import pytest

flask = pytest.importorskip("flask")

from vanban.model.loader import load_text  # noqa: E402
from vanban.web import doclist, filing  # noqa: E402
from vanban.web import folder as store  # noqa: E402

from test_web_app import LETTER, PLAN, NoPreview, client, csrf, folder, vietnamese  # noqa: E402,F401  (shared fixtures)


@pytest.fixture
def docs(folder):
    return folder


def token(c) -> str:
    return csrf(c)


# --- pure functions -------------------------------------------------------------------------

def test_fold_takes_off_diacritics_and_case():
    assert doclist.fold("  Kế   HOẠCH Đào tạo ") == "ke hoach dao tao"


def rows():
    return [store.Listed("b.yaml", "ke_hoach", "…/KH", subject="Kế hoạch tổ chức", draft=True, modified=3, year=2025),
            store.Listed("a.yaml", "cong_van", "12/UBND", subject="về việc đào tạo", draft=False, modified=1, year=2024),
            store.Listed("c.yaml", "cong_van", "…/UBND", subject="Tháng hành động", draft=True, modified=2, year=2025)]


@pytest.mark.parametrize("query,names", [("ke hoach", ["b.yaml"]), ("Kế hoạch", ["b.yaml"]), ("DAO TAO", ["a.yaml"]),
                                         ("12/ubnd", ["a.yaml"]), ("c.yaml", ["c.yaml"]), ("", ["a.yaml", "b.yaml", "c.yaml"]),
                                         ("hoach khong", [])])
def test_search(query, names):
    assert [e.name for e in doclist.select(rows(), query)] == names


def test_filters_and_sorts():
    assert [e.name for e in doclist.select(rows(), kind="cong_van")] == ["a.yaml", "c.yaml"]
    assert [e.name for e in doclist.select(rows(), state="da_cap")] == ["a.yaml"]
    assert [e.name for e in doclist.select(rows(), state="du_thao", year=2025)] == ["b.yaml", "c.yaml"]
    assert [e.name for e in doclist.select(rows(), sort="sua")] == ["b.yaml", "c.yaml", "a.yaml"]
    assert [e.name for e in doclist.select(rows(), sort="loai")] == ["a.yaml", "c.yaml", "b.yaml"]
    assert doclist.years(rows()) == [2025, 2024]


def test_library_duplicate_clears_number_and_date_keeps_comments(docs):
    path = filing.duplicate(docs, LETTER)
    assert path.name == "lai-chau-ldld-244-2024-ban-sao.yaml"
    text = path.read_text(encoding="utf-8")
    doc = load_text(text, path.name, docs)
    assert doc.so is None and doc.is_draft and (doc.ngay is None or doc.ngay.date is None)
    assert text.startswith("# Seed 001")
    assert filing.copy_name(docs, LETTER) == "lai-chau-ldld-244-2024-ban-sao-2.yaml"


def test_library_bin_round_trip(docs):
    original = (docs / LETTER).read_bytes()
    assert filing.to_bin(docs, LETTER) == LETTER
    assert not (docs / LETTER).exists() and filing.in_bin(docs) == [LETTER]
    assert [e.name for e in store.listing(docs)] == [PLAN]      # the bin is not listed
    filing.restore(docs, LETTER)
    assert (docs / LETTER).read_bytes() == original and filing.in_bin(docs) == []
    filing.to_bin(docs, LETTER)
    assert filing.empty_bin(docs) == 1 and filing.in_bin(docs) == []


@pytest.mark.parametrize("bad", ["con.yaml", "../x.yaml", ".hidden.yaml", "a/b.yaml", "x.txt"])
def test_library_refuses_unsafe_names(docs, bad):
    with pytest.raises(store.PathRefused):
        filing.rename(docs, LETTER, bad)
    assert (docs / LETTER).is_file()


def test_library_never_replaces(docs):
    before = (docs / PLAN).read_bytes()
    with pytest.raises(filing.Taken):
        filing.rename(docs, LETTER, PLAN)
    assert (docs / PLAN).read_bytes() == before and (docs / LETTER).is_file()


# --- routes ---------------------------------------------------------------------------------

def test_index_searches_and_filters(client):
    page = client.get("/?q=ke+hoach").get_data(as_text=True)
    assert PLAN in page and LETTER not in page
    page = client.get("/?trang_thai=da_cap&nam=2024").get_data(as_text=True)
    assert LETTER in page and PLAN not in page
    page = client.get("/?loai=ke_hoach&sap_xep=sua").get_data(as_text=True)
    assert PLAN in page and LETTER not in page
    assert "Không có văn bản nào khớp" in client.get("/?q=khongcogi").get_data(as_text=True)


def test_rename_route(client, docs):
    t = token(client)
    r = client.post(f"/rename/{LETTER}", data={"csrf_token": t, "ten_moi": "cv-moi"})
    assert r.status_code == 302 and (docs / "cv-moi.yaml").is_file() and not (docs / LETTER).exists()
    r = client.post("/rename/cv-moi.yaml", data={"csrf_token": t, "ten_moi": "con.yaml"})
    assert r.status_code == 400 and (docs / "cv-moi.yaml").is_file()
    r = client.post("/rename/cv-moi.yaml", data={"csrf_token": t, "ten_moi": PLAN})
    assert r.status_code == 409 and (docs / "cv-moi.yaml").is_file()
    assert client.post("/rename/khong-co.yaml", data={"csrf_token": t, "ten_moi": "x.yaml"}).status_code == 404
    assert client.post("/rename/cv-moi.yaml", data={"ten_moi": "y.yaml"}).status_code in (400, 403)


def test_duplicate_route_opens_the_new_draft(client, docs):
    r = client.post(f"/duplicate/{LETTER}", data={"csrf_token": token(client)})
    assert r.status_code == 302 and r.location.endswith("/edit/lai-chau-ldld-244-2024-ban-sao.yaml")
    doc = load_text((docs / "lai-chau-ldld-244-2024-ban-sao.yaml").read_text(encoding="utf-8"), "x.yaml", docs)
    assert doc.so is None


def test_bin_routes(client, docs):
    t = token(client)
    assert client.post(f"/delete/{LETTER}", data={"csrf_token": t}).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert (docs / filing.BIN / LETTER).is_file() and f"/bin/restore/{LETTER}" in page
    assert client.post(f"/bin/restore/{LETTER}", data={"csrf_token": t}).status_code == 302
    assert (docs / LETTER).is_file()
    client.post(f"/delete/{LETTER}", data={"csrf_token": t})
    ask = client.get("/bin/empty")
    assert ask.status_code == 200 and LETTER in ask.get_data(as_text=True)
    client.post("/bin/empty", data={"csrf_token": t})            # not confirmed: nothing removed
    assert (docs / filing.BIN / LETTER).is_file()
    assert client.post("/bin/empty", data={"csrf_token": t, "xac_nhan": "1"}).status_code == 302
    assert filing.in_bin(docs) == []
    assert client.post("/bin/restore/khong-co.yaml", data={"csrf_token": t}).status_code == 404


# --- the server's draft (autosave) ----------------------------------------------------------

def boot_data(client, name):
    import json
    html = client.get(f"/edit/{name}").get_data(as_text=True)
    return json.loads(re.search(r'<script type="application/json" id="doc-data">(.*?)</script>', html, re.S).group(1))


def test_server_draft_kept_offered_and_removed_on_save(client, docs):
    from vanban.web import drafts
    t = token(client)
    boot = boot_data(client, LETTER)
    assert boot["draft"] is None
    before = (docs / LETTER).read_bytes()
    mine = dict(boot["data"], trich_yeu="về việc bản nháp chưa lưu")
    r = client.post(f"/api/draft/{LETTER}", json={"data": mine, "version": boot["version"]}, headers={"X-CSRF-Token": t})
    assert r.status_code == 200
    kept = docs / f".{LETTER}.nhap"
    assert kept.is_file() and (docs / LETTER).read_bytes() == before           # the document is untouched
    assert [e.name for e in store.listing(docs)] == [LETTER, PLAN]           # the draft is not a document
    assert boot_data(client, LETTER)["draft"]["data"]["trich_yeu"] == "về việc bản nháp chưa lưu"
    assert client.get(f"/edit/.{LETTER}.nhap").status_code == 404
    saved = client.post(f"/api/save/{LETTER}", json={"data": mine, "version": boot["version"]}, headers={"X-CSRF-Token": t})
    assert saved.status_code == 200 and not kept.exists()
    assert drafts.read(docs / LETTER) is None


def test_server_draft_discard_bound_and_csrf(client, docs, monkeypatch):
    from vanban.web import drafts
    t = token(client)
    data = boot_data(client, LETTER)["data"]
    assert client.post(f"/api/draft/{LETTER}", json={"data": data}).status_code in (400, 403)   # no CSRF token
    assert not (docs / f".{LETTER}.nhap").exists()
    client.post(f"/api/draft/{LETTER}", json={"data": dict(data, trich_yeu="x")}, headers={"X-CSRF-Token": t})
    assert client.post(f"/api/draft/{LETTER}/discard", json={}, headers={"X-CSRF-Token": t}).status_code == 200
    assert not (docs / f".{LETTER}.nhap").exists()
    monkeypatch.setattr(drafts, "MAX_DRAFT", 200)
    r = client.post(f"/api/draft/{LETTER}", json={"data": data}, headers={"X-CSRF-Token": t})
    assert r.status_code == 413 and not (docs / f".{LETTER}.nhap").exists()
    assert client.post("/api/draft/khong-co.yaml", json={"data": {}}, headers={"X-CSRF-Token": t}).status_code == 404
    assert client.post(f"/api/draft/{LETTER}", json={"data": 3}, headers={"X-CSRF-Token": t}).status_code == 400


def test_draft_follows_rename_and_goes_with_emptied_bin(docs):
    from vanban.web import drafts
    data = store.normalised((docs / LETTER).read_text(encoding="utf-8"), LETTER, docs)
    drafts.keep(docs / LETTER, dict(data, trich_yeu="nháp"), None)
    filing.rename(docs, LETTER, "cv.yaml")
    assert drafts.read(docs / "cv.yaml")["data"]["trich_yeu"] == "nháp" and drafts.read(docs / LETTER) is None
    filing.to_bin(docs, "cv.yaml")
    assert drafts.read(docs / "cv.yaml") is not None       # kept while the document may come back
    filing.empty_bin(docs)
    assert drafts.read(docs / "cv.yaml") is None and not (docs / ".cv.yaml.nhap").exists()


# --- the register page: export, cancel with a reason, links to each document ------------------

def test_register_page_export_cancel_and_links(client, docs, tmp_path, monkeypatch):
    import io

    from openpyxl import load_workbook
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "register.sqlite3"))   # never the user's own register
    t = token(client)
    r = client.post(f"/issue/{PLAN}", data={"csrf_token": t, "xac_nhan": "1", "thieu": "1", "ngay": "15/12/2026"})
    assert r.status_code == 302, r.get_data(as_text=True)
    page = client.get("/register?nam=2026").get_data(as_text=True)
    assert f'href="/edit/{PLAN}"' in page and "/register/so-2026.xlsx" in page and "Hủy số này" in page
    book = load_workbook(io.BytesIO(client.get("/register/so-2026.xlsx").data))
    cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value]
    assert any("01/KH-UBND" in c for c in cells) and any("mầm non" in c for c in cells)
    assert client.post("/register/cancel", data={"csrf_token": t, "so": "1", "ky_hieu": "KH-UBND", "nam": "2026",
                                                 "ly_do": " "}).status_code == 400
    r = client.post("/register/cancel", data={"csrf_token": t, "so": "1", "ky_hieu": "KH-UBND", "nam": "2026",
                                              "ly_do": "Ban hành nhầm"})
    assert r.status_code == 302
    page = client.get("/register?nam=2026").get_data(as_text=True)
    assert "Ban hành nhầm" in page and "Hủy số" not in page.split("Ban hành nhầm")[1][:400]


def test_listing_reads_again_only_a_changed_file_and_never_keeps_a_spreadsheet_table(docs, monkeypatch):
    # The list page is opened all day: an unchanged file is not validated again, a changed one is
    # (same name, new text), and a document taking rows from a spreadsheet is read each time, so a
    # spreadsheet deleted under it shows its error on the list at once.
    import openpyxl
    from vanban.web import folder as module
    calls = []
    real = module.load_text
    monkeypatch.setattr(module, "load_text", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    first = store.listing(docs)
    assert sorted(calls) == sorted(e.name for e in first)
    calls.clear()
    assert store.listing(docs) == first and calls == []
    path = docs / LETTER
    text = path.read_text(encoding="utf-8")
    old = next(e for e in first if e.name == LETTER).subject
    path.write_text(text.replace("của Ban Thường vụ Tỉnh ủy\n", "của Ban Thường vụ Tỉnh ủy (sửa)\n", 1), encoding="utf-8")
    changed = next(e for e in store.listing(docs) if e.name == LETTER)
    assert calls == [LETTER] and changed.subject == old + " (sửa)"
    book = openpyxl.Workbook()
    book.active.append(["Việc", "Ai"])
    book.active.append(["Họp", "Văn phòng"])
    book.save(docs / "pc.xlsx")
    (docs / "bang.yaml").write_text(text.replace("noi_dung:", "noi_dung:\n  - bang:\n      cot: [A, B]\n"
                                                 "      tep: pc.xlsx\n      vung: A2:B2", 1), encoding="utf-8")
    assert not next(e for e in store.listing(docs) if e.name == "bang.yaml").error
    (docs / "pc.xlsx").unlink()
    assert "pc.xlsx" in next(e for e in store.listing(docs) if e.name == "bang.yaml").error
