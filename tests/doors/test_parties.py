"""Several parties signing side by side (issue 32): a biên bản of four parties, a contract of three.
The model holds them (``ky_ben_trai``, ``ky``, then ``ky_them``), rendering prints them two to a row
in the signature table, import reads every party back from a layout table of two to four columns
(.docx, .doc, text PDF), and check judges each party's block as its own.

Door matrix (guarantee x door):

==========================================================================  =======  ===  ===
guarantee                                                                   library  CLI  web
==========================================================================  =======  ===  ===
render: 3 and 4 signers in reading order, titles upper bold, names bold 14    x       x    x
round trip render -> import gives the same signers (.docx)                    x       x    -
round trip through LibreOffice's PDF gives the same signers                   x       x
offices' layout tables (.docx: 2x2 titles over names, 3 and 4 columns,        x       x
  one-cell tables) -> import gives every party
the same from a .doc (a rendered four-party biên bản, LibreOffice-converted)           x
check: no failing signature rule on the rendered blocks (.docx and PDF)       x       x
model: ky_them without ky_ben_trai / on a one-signature kind refused          x       x    x
joint document (liên tịch, kế hoạch of LĐLĐ and Sở): both heads side by       x       x    x
  side over Nơi nhận, check passes its KHLT code, import sets lien_tich
lien_tich without ky_ben_trai refused                                         x       x
web form: further signers offered on the two-signature kinds, saved                        x
signing: a field for each of four parties on the PDF                          x
a one-signature kind with trailing capitals / a header table is not joint     x
==========================================================================  =======  ===  ===

The web has no import route (import is the CLI's and the library's), so the import rows have no web
cell; the web's round trip is save -> download .docx -> the printed parties. In a browser
(tests/test_web_parties_e2e.py): adding, saving and removing further signers; ticking liên tịch.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.shared import Mm

import vanban
from vanban.cli import main
from vanban.i18n import set_language
from vanban.model.loader import load_text
from support.office_layouts import MOTTO, QH, para

#: (authority or None, title, name) of each party, in reading order.
FOUR = [(None, "ĐẠI DIỆN TRUNG TÂM TIN HỌC", "Đặng Quang Khanh"),
        (None, "ĐẠI DIỆN CHỦ ĐẦU TƯ", "Phan Đình Hiếu"),
        (None, "ĐẠI DIỆN TƯ VẤN GIÁM SÁT", "Lâm Sanh Hà"),
        ("LIÊN DOANH UNITECH", "PHÓ GIÁM ĐỐC", "Ngô Duy Nguyên")]
THREE = [(None, "ĐẠI DIỆN BÊN A", "Trần Thị Bình"), (None, "ĐẠI DIỆN BÊN B", "Nguyễn Văn An"),
         (None, "ĐẠI DIỆN BÊN C", "Lò Văn Mạnh")]
SIGN_RULES = ("chu_ky.format", "ky.authority")


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language(None)


def _signer(party) -> dict:
    tm, title, name = party
    return {**({"tm": tm} if tm else {}), "chuc_vu": title, "ho_ten": name}


def source(parties, kind: str = "bien_ban") -> dict:
    """A document of ``kind`` signed by ``parties`` (left, right, then the further ones)."""
    return {"loai": kind, "co_quan": {"ten": ["SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], "viet_tat": "STTTT", "dia_danh": "Gia Lai"},
            "so": 12, "ngay": "2024-09-20", "trich_yeu": "Họp nghiệm thu phần mềm",
            "noi_dung": ["Các bên thống nhất nghiệm thu."], "noi_nhan": ["Các bên"],
            "ky_ben_trai": _signer(parties[0]), "ky": _signer(parties[1]),
            "ky_them": [_signer(p) for p in parties[2:]]}


def write(tmp_path: Path, parties, kind: str = "bien_ban") -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(yaml.safe_dump(source(parties, kind), allow_unicode=True), encoding="utf-8")
    return path


def _bold(run) -> bool:
    return bool(run.bold if run.bold is not None else run._parent.style.font.bold)


def _size(run) -> float:
    return (run.font.size or run._parent.style.font.size).pt


def printed_parties(data: bytes) -> list[list[str]]:
    """Each signing cell's lines, in reading order, from the signature table (rows over Nơi nhận);
    every run of them bold 14 pt, titles in capitals."""
    table = docx.Document(io.BytesIO(data)).tables[-1]
    out = []
    for row in table.rows:
        if row.cells[0].text.startswith("Nơi nhận"):
            break
        seen = []
        for cell in row.cells:
            if any(cell._tc is c for c in seen):
                continue          # a cell spanning the row is listed once per grid column
            seen.append(cell._tc)
            runs = [r for p in cell.paragraphs for r in p.runs if r.text.strip()]
            for r in runs:
                assert _bold(r) and _size(r) == 14, r.text
            out.append([r.text for r in runs])
    return out


def row_gaps(data: bytes) -> list:
    """The space over each row's first title in the signature table (None: the style's own)."""
    table = docx.Document(io.BytesIO(data)).tables[-1]
    return [row.cells[0].paragraphs[0].paragraph_format.space_before for row in table.rows
            if not row.cells[0].text.startswith("Nơi nhận")][:3]


def test_a_further_row_of_signers_stands_apart_from_the_names_above(tmp_path):
    out = tmp_path / "doc.docx"
    vanban.render(vanban.load(write(tmp_path, FOUR)), out)
    first, second = row_gaps(out.read_bytes())[:2]
    assert first is None and second is not None and second.pt == 12


def expected(parties) -> list[list[str]]:
    return [([f"TM. {tm}"] if tm else []) + [title, name] for tm, title, name in parties]


def signers_of(doc) -> list[tuple]:
    blocks = [doc.ky_ben_trai, doc.ky, *doc.ky_them]
    return [(b.tm, b.chuc_vu, b.ho_ten) for b in blocks]


# ---------------------------------------------------------------- render and round trip

@pytest.mark.parametrize("parties", [THREE, FOUR], ids=["three", "four"])
def test_library_render_import_check(tmp_path, parties):
    out = tmp_path / "doc.docx"
    vanban.render(vanban.load(write(tmp_path, parties)), out)
    assert printed_parties(out.read_bytes()) == expected(parties)
    report = vanban.check_file(out)
    judged = {r.rule: r.status for r in report.results}
    assert all(judged[r] != "fail" for r in SIGN_RULES) and judged["chu_ky.format"] == "pass", report.failed()
    assert signers_of(vanban.import_document(out)) == parties


def test_three_leave_the_third_alone_centred_across_the_row(tmp_path):
    out = tmp_path / "doc.docx"
    vanban.render(vanban.load(write(tmp_path, THREE)), out)
    table = docx.Document(out).tables[-1]
    third = table.rows[1]
    assert third.cells[0]._tc is third.cells[1]._tc          # one cell over both columns
    assert all(p.alignment in (None, AL.CENTER) and p.style.paragraph_format.alignment == AL.CENTER
               for p in third.cells[0].paragraphs if p.text)
    # The spacing left for the hand signature is the same as the first row's (the name's style).
    assert third.cells[0].paragraphs[-1].style.name == table.rows[0].cells[0].paragraphs[-1].style.name == "VB Ho Ten"


@pytest.mark.parametrize("parties", [THREE, FOUR], ids=["three", "four"])
def test_cli_render_import_check(tmp_path, parties):
    run = CliRunner()
    src, out, back = write(tmp_path, parties), tmp_path / "doc.docx", tmp_path / "back.yaml"
    assert run.invoke(main, ["render", str(src), "-o", str(out)]).exit_code == 0
    assert printed_parties(out.read_bytes()) == expected(parties)
    checked = run.invoke(main, ["check", "--format", "json", str(out)])
    results = json.loads(checked.output)
    rules = {r["rule"]: r["status"] for f in (results if isinstance(results, list) else [results]) for r in f["results"]}
    assert rules["chu_ky.format"] == "pass" and rules["ky.authority"] != "fail"
    assert run.invoke(main, ["import", str(out), "-o", str(back)]).exit_code == 0
    assert signers_of(vanban.load(back)) == parties
    assert len(yaml.safe_load(back.read_text(encoding="utf-8"))["ky_them"]) == len(parties) - 2


def test_pdf_round_trip(tmp_path):
    """Through LibreOffice's PDF: every party comes back, and check fails no signature rule."""
    from vanban.deliver.lo_jail import convert
    out, pdf = tmp_path / "doc.docx", tmp_path / "doc.pdf"
    vanban.render(vanban.load(write(tmp_path, FOUR)), out)
    pdf.write_bytes(convert(out, "pdf", timeout=120))
    assert signers_of(vanban.import_document(pdf)) == FOUR
    judged = {r.rule: r.status for r in vanban.check_file(pdf).results}
    assert all(judged[r] != "fail" for r in SIGN_RULES)
    back = tmp_path / "back.yaml"
    assert CliRunner().invoke(main, ["import", str(pdf), "-o", str(back)]).exit_code == 0
    assert signers_of(vanban.load(back)) == FOUR
    # Signing: a field for each of the four, each between its title and its name.
    from vanban.sign.place import find
    place = find(pdf)
    assert len(place.others) == 3 and len({place.name, *(o.name for o in place.others)}) == 4


# ---------------------------------------------------------------- offices' own layouts

def _office(layout: str) -> bytes:
    """A biên bản as an office types it, its parties in a borderless layout table."""
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)
    para(head.rows[0].cells[0], "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", bold=True, size=13)
    para(head.rows[0].cells[1], QH, bold=True, size=13)
    para(head.rows[0].cells[1], MOTTO, bold=True)
    para(head.rows[1].cells[0], "Số: 12/BB-STTTT", size=13)
    para(head.rows[1].cells[1], "Gia Lai, ngày 20 tháng 9 năm 2024", italic=True)
    para(d, "BIÊN BẢN", bold=True)
    para(d, "Họp nghiệm thu phần mềm", bold=True)
    para(d, "Các bên thống nhất nghiệm thu phần mềm quản lý văn bản.", align=AL.JUSTIFY)
    names = [n for _t, _title, n in FOUR]
    titles = ["Đại diện Trung tâm tin học", "Đại diện Chủ đầu tư", "Đại diện Tư vấn giám sát", "ĐẠI DIỆN NHÀ THẦU"]
    if layout == "grid":
        # Titles in one row, names in the next (THUB 2012), then a title, blank lines and a name in one cell.
        t = d.add_table(rows=3, cols=2)
        for c in range(2):
            para(t.rows[0].cells[c], titles[c], bold=True)
            para(t.rows[1].cells[c], names[c], bold=True)
            para(t.rows[2].cells[c], titles[2 + c], bold=True)
            para(t.rows[2].cells[c], "(Ký, ghi rõ họ tên)", italic=True)
            for _blank in range(3):
                para(t.rows[2].cells[c], "")
            para(t.rows[2].cells[c], names[2 + c], bold=True)
    elif layout in ("three", "four"):
        n = 3 if layout == "three" else 4
        t = d.add_table(rows=1, cols=n)
        for c in range(n):
            para(t.rows[0].cells[c], titles[c], bold=True, size=13)
            para(t.rows[0].cells[c], "")
            para(t.rows[0].cells[c], names[c], bold=True, size=13)
    else:       # one one-cell table per party, one after the other (a hospital's biên bản)
        for c in range(2):
            t = d.add_table(rows=1, cols=1)
            t.rows[0].cells[0].width = Mm(75)
            para(t.rows[0].cells[0], vanban_upper(titles[c]), bold=True)
            para(t.rows[0].cells[0], names[c], bold=True)
    for t in d.tables:      # widths as Word writes them (a table without them is dropped by a .doc export)
        for row in t.rows:
            for cell in row.cells:
                cell.width = Mm(160 / len(row.cells))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def vanban_upper(text: str) -> str:
    from vanban.decree.vn import upper_vi
    return upper_vi(text)


OFFICE = {"grid": 4, "three": 3, "four": 4, "one_cell_tables": 2}
TITLES_BACK = ["Đại diện Trung tâm tin học", "Đại diện Chủ đầu tư", "Đại diện Tư vấn giám sát", "ĐẠI DIỆN NHÀ THẦU"]


def _office_expected(layout: str) -> list[tuple]:
    n = OFFICE[layout]
    titles = TITLES_BACK if layout != "one_cell_tables" else [vanban_upper(t) for t in TITLES_BACK]
    return [(None, titles[k], FOUR[k][2]) for k in range(n)]


@pytest.mark.parametrize("layout", sorted(OFFICE))
def test_office_layout_library(tmp_path, layout):
    path = tmp_path / "bb.docx"
    path.write_bytes(_office(layout))
    imported = vanban.import_document(path)
    assert signers_of(imported) == _office_expected(layout)
    # The layout table is the signature, not a table of the body.
    assert "bang" not in json.dumps(imported.model_dump(mode="json")["noi_dung"], ensure_ascii=False)


@pytest.mark.parametrize("layout", ["grid", "three"])
def test_office_layout_cli(tmp_path, layout):
    path, back = tmp_path / "bb.docx", tmp_path / "bb.yaml"
    path.write_bytes(_office(layout))
    assert CliRunner().invoke(main, ["import", str(path), "-o", str(back)]).exit_code in (0, 3)
    assert signers_of(vanban.load(back)) == _office_expected(layout)


def test_from_a_doc(tmp_path):
    """A .doc (Word 97, as the THUB biên bản came): LibreOffice converts it, import reads the four."""
    from vanban.deliver.lo_jail import convert
    path = tmp_path / "bb.docx"
    vanban.render(vanban.load(write(tmp_path, FOUR)), path)
    doc = tmp_path / "bb.doc"
    doc.write_bytes(convert(path, "doc", timeout=120))
    back = tmp_path / "bb.yaml"
    result = CliRunner().invoke(main, ["import", str(doc), "-o", str(back)])
    assert result.exit_code in (0, 3), result.output
    assert signers_of(vanban.load(back)) == FOUR


def test_a_data_table_is_no_signature(tmp_path):
    """A table of names and roles in the body stays the body's table: its cells are not parties."""
    d = docx.Document(io.BytesIO(_office("four")))
    body_table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("TT", "Họ và tên", "Chức vụ"), ("1", "Nguyễn Văn An", "Trưởng phòng"),
                             ("2", "Lò Thị Mai", "Chuyên viên")]):
        for c, text in enumerate(row):
            para(body_table.rows[r].cells[c], text)
    # Move the data table before the signature table, where a body's table stands.
    sig = d.tables[1]._tbl
    sig.addprevious(body_table._tbl)
    path = tmp_path / "bb.docx"
    d.save(path)
    imported = vanban.import_document(path)
    assert signers_of(imported) == _office_expected("four")
    assert "Lò Thị Mai" in json.dumps(imported.model_dump(mode="json")["noi_dung"], ensure_ascii=False)


# ---------------------------------------------------------------- the model's refusals

@pytest.mark.parametrize("change,words", [
    (lambda d: d.pop("ky_ben_trai"), "ky_ben_trai"),
    (lambda d: d.update(loai="ke_hoach"), "ky_ben_trai"),
])
def test_refused_in_one_vietnamese_line(tmp_path, change, words):
    data = source(FOUR)
    change(data)
    src = tmp_path / "bad.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "bad.docx"
    result = CliRunner().invoke(main, ["--lang", "vi", "render", str(src), "-o", str(out)])
    assert result.exit_code != 0 and words in result.output and "Traceback" not in result.output
    assert not out.exists()
    with pytest.raises(vanban.InputError):
        vanban.load(src)


def test_more_than_six_parties_refused(tmp_path):
    data = source(FOUR + FOUR[:3])
    src = tmp_path / "many.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(src), "-o", str(tmp_path / "many.docx")])
    assert result.exit_code != 0 and "ky_them" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- the web editor

@pytest.fixture
def web(tmp_path):
    pytest.importorskip("flask")
    from test_web_app import NoPreview
    from vanban.web.app import create_app
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder, create_app(folder, previewer=NoPreview())


def test_web_form_offers_further_signers_on_the_two_signature_kinds():
    pytest.importorskip("flask")
    from vanban.web import forms
    set_language("vi")
    form = forms.form_schema()
    assert form["kind_fields"]["ky_them"] == form["kind_fields"]["ky_ben_trai"]
    assert "bien_ban" in form["kind_fields"]["ky_them"] and "ke_hoach" not in form["kind_fields"]["ky_them"]
    labels = form["labels"]
    assert labels["ky_them"]["label"] == "Các bên ký thêm"
    assert labels["ky_them.chuc_vu"] == labels["ky.chuc_vu"]
    assert form["texts"]["add_signer"] == "+ Thêm người ký"


def test_web_saves_renders_and_refuses(web):
    from test_web_app import csrf
    from test_web_two_signers import boot, new, save
    folder, app = web
    with app.test_client() as c:
        new(c, "bb.yaml", "bien_ban")
        b = boot(c, "bb.yaml")
        data = b["data"]
        data.update(ky_ben_trai=_signer(FOUR[0]), ky=_signer(FOUR[1]), ky_them=[_signer(p) for p in FOUR[2:]])
        r = save(c, "bb.yaml", data, b["version"])
        assert r.status_code == 200, r.get_data(as_text=True)
        got = c.get("/download/bb.yaml.docx")
        assert got.status_code == 200
        assert printed_parties(got.data) == expected(FOUR)
        # Further signers without the left one: refused, the file on disk unchanged.
        before = (folder / "bb.yaml").read_text(encoding="utf-8")
        b = boot(c, "bb.yaml")
        data = b["data"]
        data.pop("ky_ben_trai")
        r = save(c, "bb.yaml", data, b["version"])
        said = r.get_json()["problems"][0]["message"]
        # The clerk reads the form's names of the fields, not the YAML keys.
        assert r.status_code == 422 and "Further signers" in said and "Left signature" in said, said
        assert (folder / "bb.yaml").read_text(encoding="utf-8") == before
        assert csrf(c)
    text = (folder / "bb.yaml").read_text(encoding="utf-8")
    assert signers_of(load_text(text, "bb.yaml", folder)) == FOUR



# ---------------------------------------------------------------- a joint document (liên tịch)

JOINT = [("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lò Văn Mạnh"), ("BAN THƯỜNG VỤ", "CHỦ TỊCH", "Hoàng Văn Trinh")]


def joint_source() -> dict:
    """A plan of the provincial union and the education department, signed by both heads."""
    return {"loai": "ke_hoach", "mau": "cong_doan", "lien_tich": True,
            "co_quan": {"ten": ["LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
                        "viet_tat": "LĐLĐ-SGDĐT", "dia_danh": "Lai Châu"},
            "ky_hieu": "KHLT-LĐLĐ-SGDĐT", "so": 5, "ngay": "2024-03-01",
            "trich_yeu": "Phối hợp tổ chức hội thi giáo viên dạy giỏi", "noi_dung": ["Tổ chức hội thi."],
            "noi_nhan": ["Các trường THPT"],
            "ky_ben_trai": {"kt": JOINT[0][0], "chuc_vu": JOINT[0][1], "ho_ten": JOINT[0][2]},
            "ky": {"tm": JOINT[1][0], "chuc_vu": JOINT[1][1], "ho_ten": JOINT[1][2]}}


def assert_joint_layout(data: bytes) -> None:
    assert printed_parties(data) == [[f"KT. {JOINT[0][0]}", JOINT[0][1], JOINT[0][2]],
                                     [f"TM. {JOINT[1][0]}", JOINT[1][1], JOINT[1][2]]]
    rows = list(docx.Document(io.BytesIO(data)).tables[-1].rows)
    assert rows[-1].cells[0].text.startswith("Nơi nhận") and rows[-1].cells[1].text.strip() == ""


def joint_back(doc) -> list[tuple]:
    return [(doc.ky_ben_trai.kt, doc.ky_ben_trai.chuc_vu, doc.ky_ben_trai.ho_ten),
            (doc.ky.tm, doc.ky.chuc_vu, doc.ky.ho_ten)]


def test_joint_library(tmp_path):
    src, out = tmp_path / "lt.yaml", tmp_path / "lt.docx"
    src.write_text(yaml.safe_dump(joint_source(), allow_unicode=True), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    assert_joint_layout(out.read_bytes())
    report = vanban.check_file(out)
    assert report.ok, report.failed()
    judged = {r.rule: r.status for r in report.results}
    assert judged["ky_hieu.abbreviation"] == judged["chu_ky.format"] == "pass"
    back = vanban.import_document(out)
    assert back.lien_tich and joint_back(back) == JOINT


def test_joint_cli(tmp_path):
    run = CliRunner()
    src, out, back = tmp_path / "lt.yaml", tmp_path / "lt.docx", tmp_path / "back.yaml"
    src.write_text(yaml.safe_dump(joint_source(), allow_unicode=True), encoding="utf-8")
    assert run.invoke(main, ["render", str(src), "-o", str(out)]).exit_code == 0
    assert_joint_layout(out.read_bytes())
    assert run.invoke(main, ["check", str(out)]).exit_code == 0
    assert run.invoke(main, ["import", str(out), "-o", str(back)]).exit_code == 0
    data = yaml.safe_load(back.read_text(encoding="utf-8"))
    assert data["lien_tich"] is True and joint_back(vanban.load(back)) == JOINT


def test_joint_needs_the_other_signer(tmp_path):
    data = joint_source()
    data.pop("ky_ben_trai")
    src = tmp_path / "lt.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "vi", "render", str(src), "-o", str(tmp_path / "lt.docx")])
    assert result.exit_code != 0 and "lien_tich" in result.output and "ky_ben_trai" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "lt.docx").exists()
    with pytest.raises(vanban.InputError):
        vanban.load(src)


def test_one_signer_kind_unchanged(tmp_path):
    """Without lien_tich a plan's signer stays beside Nơi nhận, and the joint row prints nothing."""
    data = joint_source()
    data.pop("lien_tich")
    data.pop("ky_ben_trai")
    src, out = tmp_path / "kh.yaml", tmp_path / "kh.docx"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    rows = list(docx.Document(out).tables[-1].rows)
    assert len(rows) == 1 and rows[0].cells[0].text.startswith("Nơi nhận")
    assert [p.text for p in rows[0].cells[1].paragraphs if p.text] == [f"TM. {JOINT[1][0]}", JOINT[1][1], JOINT[1][2]]


def test_joint_web(web):
    from test_web_two_signers import boot, new, save
    from vanban.web import forms
    folder, app = web
    assert forms.form_schema()["labels"]["lien_tich"]["label"] == "Joint document (liên tịch)"
    with app.test_client() as c:
        new(c, "lt.yaml", "ke_hoach", "cong_doan")
        b = boot(c, "lt.yaml")
        data = b["data"]
        src = joint_source()
        data.update({k: src[k] for k in ("lien_tich", "ky_ben_trai", "ky", "ky_hieu", "noi_nhan")})
        r = save(c, "lt.yaml", data, b["version"])
        assert r.status_code == 200, r.get_data(as_text=True)
        got = c.get("/download/lt.yaml.docx")
        assert got.status_code == 200
        assert_joint_layout(got.data)


def test_a_plan_with_trailing_capitals_is_not_joint(tmp_path):
    """A one-signature kind is joint only when every party's name is printed: a later table of
    capitals ('FILE ĐƯỢC ĐÍNH KÈM', an appendix's header) leaves the plan signed once (corpus
    work5/tdkt, work3/truong-dh)."""
    data = joint_source()
    for key in ("lien_tich", "ky_ben_trai"):
        data.pop(key)
    data["ky_hieu"] = "KH-LĐLĐ"
    src, out = tmp_path / "kh.yaml", tmp_path / "kh.docx"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    vanban.render(vanban.load(src), out)
    d = docx.Document(out)
    t = d.add_table(rows=1, cols=2)
    para(t.rows[0].cells[0], "FILE ĐƯỢC ĐÍNH KÈM THEO VĂN BẢN", bold=True)
    para(t.rows[0].cells[1], "DANH SÁCH KÈM THEO", bold=True)
    h = d.add_table(rows=1, cols=2)        # an appendix's header: never a party
    para(h.rows[0].cells[0], "LĐLĐ TỈNH LAI CHÂU", bold=True)
    para(h.rows[0].cells[0], "Nguyễn Văn An")
    para(h.rows[0].cells[1], QH, bold=True)
    para(h.rows[0].cells[1], "Lai Châu, ngày 01 tháng 3 năm 2024", italic=True)
    d.save(out)
    back = vanban.import_document(out)
    assert not back.lien_tich and back.ky_ben_trai is None
    assert (back.ky.tm, back.ky.chuc_vu, back.ky.ho_ten) == JOINT[1]
