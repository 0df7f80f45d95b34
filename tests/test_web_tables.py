"""Tables (bang) and appendices (phu_luc) in the web editor, through Flask's test client: what the
page sends is saved by the one YAML editor, read back cell for cell, rendered as a real Word
table, previewed; a table's spreadsheet is read from the served folder only."""
from __future__ import annotations

import io
import json
import re
import shutil

import docx
import pytest

from conftest import DATA

flask = pytest.importorskip("flask")

from vanban.model.loader import load_file  # noqa: E402
from vanban.model.tables import O  # noqa: E402
from vanban.web import create_app  # noqa: E402
from test_web_app import NoPreview, csrf, vietnamese  # noqa: E402,F401  (vietnamese: autouse fixture)

LETTER = "lai-chau-ldld-244-2024.yaml"
EXAMPLE = "ke-hoach-bang-phan-cong.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: What the table editor sends for a 3-column table with a heading over two columns, a second
#: heading row, a cell merged down two rows and one merged across, TT numbered, widths.
TABLE = {"bang": {
    "ten": "Phân công thực hiện",
    "so_thu_tu": True,
    "rong": [1, 6, 3],
    "cot": [[{"noi_dung": "TT", "gop_dong": 2}, {"noi_dung": "Nội dung", "gop_dong": 2}, "Đơn vị"],
            ["Chủ trì"]],
    "dong": [["Rà soát **trẻ em**", {"noi_dung": "Phòng GD&ĐT", "gop_dong": 2}],
             ["Tuyên truyền"],
             [{"noi_dung": "Tổng hợp, báo cáo", "gop_cot": 2}]],
}}
APPENDIX = {"ten": "Danh sách các trường", "ngang": True,
            "noi_dung": ["Các trường sau thực hiện:", {"bang": {"cot": [["Xã", "Trường"]], "dong": [["Sì Lở Lầu", "MN Sì Lở Lầu"]]}}]}


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / LETTER, docs / LETTER)
    shutil.copy(DATA / EXAMPLE, docs / EXAMPLE)
    shutil.copytree(DATA / "bang", docs / "bang")
    return docs


@pytest.fixture
def client(folder, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)     # the served folder is not the working directory
    app = create_app(folder, previewer=NoPreview())
    with app.test_client() as c:
        yield c


def boot(client, name):
    r = client.get(f"/edit/{name}")
    assert r.status_code == 200, r.headers.get("Location")
    raw = re.search(r'<script type="application/json" id="doc-data">(.*?)</script>', r.get_data(as_text=True), re.S).group(1)
    return json.loads(raw)


def save(client, name, data, version):
    return client.post(f"/api/save/{name}", json={"data": data, "version": version}, headers={"X-CSRF-Token": csrf(client)})


def _cells(rows):
    """A table's rows as (text, gop_cot, gop_dong) per cell, from the model or the page's data."""
    def one(c):
        if isinstance(c, O):
            return (c.noi_dung, c.gop_cot, c.gop_dong)
        if isinstance(c, dict):
            return (c.get("noi_dung", ""), c.get("gop_cot", 1), c.get("gop_dong", 1))
        return (c, 1, 1)
    return [[one(c) for c in row] for row in rows]


def test_a_table_and_an_appendix_saved_from_the_page_read_back_cell_for_cell(client, folder):
    b = boot(client, LETTER)
    before = (folder / LETTER).read_text(encoding="utf-8")
    data = b["data"]
    data["noi_dung"].insert(1, TABLE)
    data["phu_luc"] = [APPENDIX]
    r = save(client, LETTER, data, b["version"])
    assert r.status_code == 200, r.get_json()
    after = (folder / LETTER).read_text(encoding="utf-8")
    assert after.splitlines()[:2] == before.splitlines()[:2]      # the file's own comments stay
    doc = load_file(folder / LETTER)
    table = doc.noi_dung[1].bang
    assert _cells(table.cot) == _cells(TABLE["bang"]["cot"])
    assert _cells(table.dong) == _cells(TABLE["bang"]["dong"])
    assert (table.so_thu_tu, table.rong, table.ten) == (True, [1, 6, 3], "Phân công thực hiện")
    ap = doc.phu_luc[0]
    assert (ap.ten, ap.ngang, ap.noi_dung[0]) == ("Danh sách các trường", True, "Các trường sau thực hiện:")
    assert _cells(ap.noi_dung[1].bang.dong) == [[("Sì Lở Lầu", 1, 1), ("MN Sì Lở Lầu", 1, 1)]]
    # The page opens the saved file again with the same table.
    again = boot(client, LETTER)["data"]
    assert _cells(again["noi_dung"][1]["bang"]["dong"]) == _cells(TABLE["bang"]["dong"])
    assert again["phu_luc"][0]["ngang"] is True


def test_the_saved_table_renders_as_a_word_table_with_its_merges(client, folder):
    b = boot(client, LETTER)
    b["data"]["noi_dung"].insert(1, TABLE)
    b["data"]["phu_luc"] = [APPENDIX]
    assert save(client, LETTER, b["data"], b["version"]).status_code == 200
    r = client.get(f"/download/{LETTER}.docx")
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.data))
    t = next(t for t in d.tables if any("Rà soát" in c.text for row in t.rows for c in row.cells))
    texts = [[c.text for c in row.cells] for row in t.rows]
    # python-docx repeats a merged cell's text in every grid slot it covers.
    assert texts == [["TT", "Nội dung", "Đơn vị"], ["TT", "Nội dung", "Chủ trì"],
                     ["1", "Rà soát trẻ em", "Phòng GD&ĐT"], ["2", "Tuyên truyền", "Phòng GD&ĐT"],
                     ["3", "Tổng hợp, báo cáo", "Tổng hợp, báo cáo"]]
    bold = [r.bold for r in t.rows[2].cells[1].paragraphs[0].runs if "trẻ em" in r.text]
    assert bold == [True]
    assert t.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert t.rows[1]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    spans = [tc.find(f"{W}tcPr/{W}gridSpan") for tc in t.rows[4]._tr.findall(f"{W}tc")]
    assert [s.get(f"{W}val") for s in spans if s is not None] == ["2"]
    last = d.sections[-1]
    assert last.page_width > last.page_height                    # the appendix is landscape
    assert any(c.text == "MN Sì Lở Lầu" for t in d.tables for row in t.rows for c in row.cells)


def test_a_refused_table_names_the_cell_and_leaves_the_file(client, folder):
    b = boot(client, LETTER)
    bad = json.loads(json.dumps(TABLE))
    bad["bang"]["dong"][1].append("một ô thừa")
    b["data"]["noi_dung"].insert(1, bad)
    before = (folder / LETTER).read_bytes()
    r = save(client, LETTER, b["data"], b["version"])
    assert r.status_code == 422
    fields = [p["field"] for p in r.get_json()["problems"]]
    assert any(f.startswith("noi_dung.1.bang.dong.1") for f in fields), fields
    assert (folder / LETTER).read_bytes() == before


def test_a_spreadsheet_table_opens_reviews_and_saves_from_the_served_folder(client, folder):
    b = boot(client, EXAMPLE)
    table = b["data"]["phu_luc"][0]["noi_dung"][0]["bang"]
    assert table["tep"] == "bang/chi-tieu-xa.csv" and "dong" not in table     # rows stay in the sheet
    token = csrf(client)
    review = client.post("/api/review", json=b["data"], headers={"X-CSRF-Token": token}).get_json()
    assert review["ok"], review["problems"]
    b["data"]["phu_luc"][0]["ten"] = "Chỉ tiêu của các xã"
    assert save(client, EXAMPLE, b["data"], b["version"]).status_code == 200
    text = (folder / EXAMPLE).read_text(encoding="utf-8")
    assert "tep: bang/chi-tieu-xa.csv" in text and "Xã Hoang Thèn" not in text
    assert "ten: Chỉ tiêu của các xã" in text
    rows = client.post("/api/sheet-rows", json={"tep": "bang/chi-tieu-xa.csv"}, headers={"X-CSRF-Token": token})
    assert rows.status_code == 200
    assert rows.get_json()["rows"][-1][0] == "Xã Hoang Thèn"


def test_the_sheet_rows_of_a_file_outside_the_folder_are_refused(client, folder):
    (folder.parent / "secret.csv").write_text("mật khẩu,123\n", encoding="utf-8")
    token = csrf(client)
    for name in ("../secret.csv", str(folder.parent / "secret.csv"), "bang/khong-co.csv"):
        r = client.post("/api/sheet-rows", json={"tep": name}, headers={"X-CSRF-Token": token})
        assert r.status_code == 422
        assert "mật khẩu" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)
        assert r.get_json()["error"].startswith(name)


def test_a_table_takes_no_number_and_appendix_sections_are_numbered(client):
    b = boot(client, EXAMPLE)
    data = b["data"]
    data["noi_dung"].insert(1, TABLE)
    data["phu_luc"][0]["noi_dung"] = [{"tieu_de": "Chỉ tiêu"}, TABLE, {"tieu_de": "Ghi chú"}]
    r = client.post("/api/review", json=data, headers={"X-CSRF-Token": csrf(client)}).get_json()
    assert r["ok"], r["problems"]
    m = r["markers"]
    assert (m["noi_dung.0"], m["noi_dung.2"], m["noi_dung.3"]) == ("I.", "II.", "III.")
    assert "noi_dung.1" not in m
    assert (m["phu_luc.0.noi_dung.0"], m["phu_luc.0.noi_dung.2"]) == ("I.", "II.")


def test_the_editor_page_loads_the_table_scripts_and_their_words(client):
    html = client.get(f"/edit/{EXAMPLE}").get_data(as_text=True)
    for script in ("table_grid.js", "table_editor.js", "appendix_editor.js", "editor.js"):
        assert f"/static/{script}" in html
    assert html.index("table_editor.js") < html.index("/static/editor.js")
    texts = boot(client, EXAMPLE)["form"]["texts"]
    assert texts["merge_right"] == "Gộp ô bên phải" and texts["add_appendix"] == "+ Thêm phụ lục"
    for name in ("table_grid.js", "table_editor.js", "appendix_editor.js", "tables.css"):
        assert client.get(f"/static/{name}").status_code == 200


def test_preview_of_a_table_is_made_by_libreoffice(folder):
    import shutil as sh
    if not sh.which("soffice"):
        pytest.skip("LibreOffice not installed")
    app = create_app(folder)
    with app.test_client() as c:
        b = boot(c, LETTER)
        b["data"]["noi_dung"].insert(1, TABLE)
        r = c.post("/api/preview", json=b["data"], headers={"X-CSRF-Token": csrf(c)}).get_json()
        assert r.get("pages"), r
        img = c.get(r["pages"][0])
        assert img.status_code == 200 and img.data[:2] == b"\xff\xd8"
        app.extensions["vanban"]["previewer"].close()
