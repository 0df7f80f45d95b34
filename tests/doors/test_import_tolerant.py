"""Import never throws a document of a supported kind away, and reads the layouts real offices use
(issue 20), through every door that imports: the library call, ``vanban import``, and the web's
derive page (which imports an uploaded .docx parent).

Each layout is a real .docx built by :mod:`support.office_layouts` (python-docx plus raw XML, as
a person's Word writes it). The tests assert the imported fields (number, date with its blanks,
kind, trích yếu, Kính gửi, body items with their numbers, Nơi nhận, signer) and that every word of
the source comes back, in the re-rendered document or in the YAML's comments.

Door matrix (guarantee x door), each cell one test below:

==========================================================  =======  ===  ===
guarantee                                                   library  CLI  web
==========================================================  =======  ===  ===
a half-filled date is imported, the line kept as a comment     x      x    x
a field breaking a rule (KT. over a head) kept as a comment    x      x    -
exit status 3 "written with warnings"; 0 when nothing kept     -      x    -
strict refuses what the tolerant import keeps                  x      x    -
each office layout (17): the fields where they belong         x      x    x (the kế hoạch layouts)
each office layout: no word of the source lost                 x      x    -
Word's own numbering (w:numPr) gives the typed body's tree     x      x    -
==========================================================  =======  ===  ===
(-: the web has no strict switch and shows no exit status; its derive page takes a kế hoạch parent.)
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.deliver import documents
from vanban.ingest import from_page, read_docx_bytes
from vanban.reading import word

from conftest import DATA
from support.office_layouts import document
from test_import_layouts import _words, source_words

HALF_DATE = dict(date="Tây Ninh, ngày 01 tháng ….. năm 2026", number="Số:     /SGDĐT-GDTrH")

LAYOUTS = {
    "plain": {},
    "plan": dict(kind="ke_hoach"),
    "title_and_subject_on_one_line": dict(kind="ke_hoach", title="one_line"),
    "subject_split_in_capitals": dict(kind="ke_hoach", title="split_upper"),
    "title_line_continued": dict(kind="ke_hoach", title="title_line_continued"),
    "agency_over_three_lines": dict(agency=("LĐLĐ TỈNH TÂY NINH", "CÔNG ĐOÀN CƠ SỞ", "TRƯỜNG THPT HÒA THÀNH")),
    "header_table_with_an_empty_column": dict(empty_column=True),
    "vv_with_a_colon": dict(vv="V/v:"),
    "vv_in_capitals_with_a_colon": dict(vv="V/V:"),
    "kinh_gui_in_a_table_cell": dict(kinh_gui="cell"),
    "kinh_gui_and_list_in_one_cell": dict(kinh_gui="one_cell"),
    "noi_nhan_and_signature_in_separate_tables": dict(closing="separate_tables"),
    "closing_typed_with_tabs": dict(closing="tabs"),
    "closing_inside_the_last_paragraph": dict(closing="in_last_paragraph"),
    "word_numbering_letter": dict(numbering="numPr"),
    "word_numbering_plan": dict(kind="ke_hoach", numbering="numPr", title="one_line"),
    "half_filled_date_and_number": dict(HALF_DATE),
}
PLAN_LAYOUTS = sorted(k for k, v in LAYOUTS.items() if v.get("kind") == "ke_hoach")


def _write(tmp_path: Path, name: str, **kw) -> tuple[Path, object]:
    data, expected = document(**kw)
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    return path, expected


def _cli(args: list[str]):
    return CliRunner().invoke(main, ["import", *args])


def _yaml_comments(text: str) -> str:
    return " ".join(line[1:] for line in text.splitlines() if line.startswith("#"))


def _assert_fields(doc, expected, kw: dict) -> None:
    assert doc.loai.value == expected.loai
    assert doc.code == expected.code
    assert doc.trich_yeu == expected.trich_yeu
    assert (doc.kinh_gui or []) == expected.kinh_gui
    assert doc.noi_nhan == expected.noi_nhan and doc.luu == expected.luu
    assert (doc.ky.kt, doc.ky.chuc_vu, doc.ky.ho_ten) == (expected.kt, expected.chuc_vu, expected.ho_ten)
    assert doc.co_quan.ten == expected.agency and (doc.co_quan.chu_quan or []) == expected.chu_quan
    if "date" in kw:      # the half-filled form: no number, the year only
        assert doc.so is None and (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2026, None, None)
    else:
        assert doc.so == 5 and doc.ngay.date.isoformat() == "2024-02-08"
    typed, _exp = document(**{k: v for k, v in kw.items() if k != "numbering"})
    # Word's own numbering gives the tree the typed markers give.
    assert doc.noi_dung == from_page(read_docx_bytes(typed), "typed.docx").doc.noi_dung
    assert doc.ket_thuc == ["Sở Giáo dục và Đào tạo đề nghị các đơn vị nghiêm túc thực hiện."] and doc.dau_ket


def _body_numbers(doc) -> list:
    """The body tree as (depth, text) pairs, numbering included by structure."""
    out = []

    def walk(nodes, depth):
        for n in nodes:
            if isinstance(n, str):
                out.append((depth, n))
            else:
                out.append((depth, n.tieu_de or (n.doan[0] if n.doan else "")))
                out.extend((depth + 1, d) for d in n.doan[1 if not n.tieu_de and n.doan else 0:])
                walk(n.muc, depth + 1)
    walk(doc.noi_dung, 0)
    return out


# ------------------------------------------------------------------ each layout, library and CLI

@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_layout_imports_through_the_library_with_its_fields_and_every_word(layout, tmp_path):
    kw = LAYOUTS[layout]
    path, expected = _write(tmp_path, layout, **kw)
    imported = documents.import_any(path)
    _assert_fields(imported.doc, expected, kw)
    rendered = word.read(vanban.render_bytes(imported.doc))
    got = set(_words(" ".join(p.text for p in rendered.paragraphs) + " " +
                     " ".join(t for _k, t in imported.unplaced)))
    lost = source_words(path.read_bytes()) - got
    assert not lost, (layout, sorted(lost), imported.unplaced)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_layout_imports_through_the_cli_with_its_fields_and_every_word(layout, tmp_path):
    kw = LAYOUTS[layout]
    path, expected = _write(tmp_path, layout, **kw)
    out = tmp_path / "out.yaml"
    result = _cli([str(path), "-o", str(out)])
    assert result.exit_code == (3 if "date" in kw else 0), result.output
    text = out.read_text(encoding="utf-8")
    doc = vanban.load(out)
    _assert_fields(doc, expected, kw)
    rendered = word.read(vanban.render_bytes(doc))
    got = set(_words(" ".join(p.text for p in rendered.paragraphs) + " " + _yaml_comments(text)))
    lost = source_words(path.read_bytes()) - got
    assert not lost, (layout, sorted(lost))


def _web_follow_up(tmp_path: Path, parent: Path) -> dict:
    """The follow-up letter the web's derive page makes from ``parent`` (a .docx it imports)."""
    r = web_derive(tmp_path, parent)
    assert r.status_code == 200, re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))[:600]
    z = zipfile.ZipFile(io.BytesIO(r.data))
    return yaml.safe_load(z.read(next(n for n in z.namelist() if n.endswith(".yaml"))))


def web_derive(tmp_path: Path, parent: Path):
    """The web derive page's answer to a follow-up letter from ``parent`` (a .docx it imports)."""
    pytest.importorskip("flask")
    from vanban.web import create_app
    from test_web_app import NoPreview, csrf
    served = tmp_path / "served"
    served.mkdir()
    client = create_app(served, previewer=NoPreview()).test_client()
    body = DATA / "bodies" / "lai-chau-ldld.yaml"
    r = client.post("/derive", data={"csrf_token": csrf(client), "mode": "follow_up", "tasks": "II",
                                     "parent": (io.BytesIO(parent.read_bytes()), parent.name),
                                     "body": (io.BytesIO(body.read_bytes()), body.name)},
                    content_type="multipart/form-data")
    return r


@pytest.mark.parametrize("layout", PLAN_LAYOUTS)
def test_a_plan_layout_imports_through_the_web_as_a_parent_to_derive_from(layout, tmp_path):
    path, expected = _write(tmp_path, layout, **LAYOUTS[layout])
    letter = _web_follow_up(tmp_path, path)
    cited = " ".join(letter["can_cu"] + letter.get("mo_dau", []))
    assert "Kế hoạch số 05/KH-SGDĐT" in cited and expected.trich_yeu.lower() in cited.lower(), cited
    assert "Các khoa triển khai thực hiện" in str(letter["noi_dung"])


# ------------------------------------------------------------------ a field breaking a rule: kept, named, exit 3

def _kt_over_head(tmp_path: Path) -> Path:
    """KT. GIÁM ĐỐC over GIÁM ĐỐC: the KT. rule says the title under it must be a deputy's."""
    data, _exp = document()
    import docx
    d = docx.Document(io.BytesIO(data))
    for p in d.tables[-1].rows[0].cells[1].paragraphs:
        for r in p.runs:
            r.text = r.text.replace("PHÓ GIÁM ĐỐC", "GIÁM ĐỐC")
    path = tmp_path / "kt.docx"
    d.save(path)
    return path


@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_half_filled_date_is_imported_as_it_says_with_the_line_as_a_comment(door, tmp_path):
    path, _exp = _write(tmp_path, "cong-doan", **HALF_DATE)
    line = "Tây Ninh, ngày 01 tháng ….. năm 2026"
    if door == "library":
        imported = documents.import_any(path)
        doc = imported.doc
        assert ("ngay", line) in imported.unplaced
        assert any(w.startswith("ngay: ") and "2026" in w for w in imported.repairs), imported.repairs
        text = vanban.model.dump.to_yaml(doc, "", imported.unplaced)
    elif door == "cli":
        out = tmp_path / "out.yaml"
        result = _cli([str(path), "-o", str(out)])
        assert result.exit_code == 3, result.output
        assert f"{path}: ngay: " in result.output and "written with warnings" in result.output
        text = out.read_text(encoding="utf-8")
        doc = vanban.load(out)
    else:
        plan_path, _exp = _write(tmp_path, "ke-hoach-nhap", kind="ke_hoach", date=HALF_DATE["date"],
                                 number="Số:     /KH-SGDĐT")
        letter = _web_follow_up(tmp_path, plan_path)
        assert "Kế hoạch số …/KH-SGDĐT" in " ".join(letter["can_cu"]) and "2026" in " ".join(letter["can_cu"])
        return
    assert doc.so is None and doc.ngay.nam == 2026 and doc.ngay.thang is None and doc.ngay.ngay is None
    # The comment stands at the date's place: after ngay, before trich_yeu.
    assert text.index("ngay:") < text.index(line) < text.index("trich_yeu:")
    assert "ngày      tháng      năm 2026" in " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs) \
        or "năm 2026" in " ".join(p.text for p in word.read(vanban.render_bytes(doc)).paragraphs)


@pytest.mark.parametrize("door", ["library", "cli"])
def test_strict_refuses_what_the_tolerant_import_keeps(door, tmp_path):
    path, _exp = _write(tmp_path, "nhap", **HALF_DATE)
    if door == "library":
        with pytest.raises(vanban.InputError) as info:
            documents.import_any(path, strict=True)
        assert "ngay" in str(info.value)
    else:
        out = tmp_path / "out.yaml"
        result = _cli([str(path), "-o", str(out), "--strict"])
        assert result.exit_code == 2 and not out.exists()
        assert "ngay" in result.output


@pytest.mark.parametrize("door", ["library", "cli"])
def test_kt_over_a_heads_title_is_kept_as_a_comment_and_named(door, tmp_path):
    path = _kt_over_head(tmp_path)
    if door == "library":
        imported = documents.import_any(path)
        doc, notes = imported.doc, imported.unplaced
        assert ("ky", "KT. GIÁM ĐỐC") in notes and any(w.startswith("ky: ") for w in imported.repairs)
        with pytest.raises(vanban.InputError):
            documents.import_any(path, strict=True)
    else:
        out = tmp_path / "kt.yaml"
        result = _cli([str(path), "-o", str(out)])
        assert result.exit_code == 3, result.output
        assert "KT. GIÁM ĐỐC" in _yaml_comments(out.read_text(encoding="utf-8"))
        doc = vanban.load(out)
    assert doc.ky.kt is None and doc.ky.chuc_vu == "GIÁM ĐỐC" and doc.ky.ho_ten == "Nguyễn Văn An"


def test_exit_status_is_0_when_nothing_breaks_a_rule_and_3_when_one_file_of_several_does(tmp_path):
    good, _e = _write(tmp_path, "good")
    half, _e = _write(tmp_path, "half", **HALF_DATE)
    out = tmp_path / "out"
    out.mkdir()
    assert _cli([str(good), "-o", str(out)]).exit_code == 0
    result = _cli([str(good), str(half), "-o", str(out), "--force"])
    assert result.exit_code == 3 and "1 of 2 file(s) written with warnings" in result.output
    assert (out / "good.yaml").exists() and (out / "half.yaml").exists()


def test_the_help_documents_the_exit_status_and_strict():
    text = CliRunner().invoke(main, ["import", "--help"]).output
    assert "--strict" in text and "3" in text and "written with warnings" in text


# ------------------------------------------------------------------ Word's numbering, read from numbering.xml

@pytest.mark.parametrize("door", ["library", "cli"])
def test_word_numbering_gives_the_body_its_real_numbers(door, tmp_path):
    path, _exp = _write(tmp_path, "numbered", kind="ke_hoach", numbering="numPr")
    if door == "library":
        doc = documents.import_any(path).doc
    else:
        out = tmp_path / "n.yaml"
        assert _cli([str(path), "-o", str(out)]).exit_code == 0
        doc = vanban.load(out)
    assert _body_numbers(doc) == [
        (0, "MỤC ĐÍCH, YÊU CẦU"), (1, "Mục đích"), (2, "Nâng cao kỹ năng thực hành cho sinh viên."),
        (1, "Yêu cầu"), (2, "Bảo đảm tiến độ."), (2, "Bảo đảm an toàn."), (0, "TỔ CHỨC THỰC HIỆN"),
        (1, "Các khoa triển khai thực hiện."), (2, "Lập danh sách sinh viên."), (3, "- Gửi về phòng Đào tạo.")]
    printed = [p.text for p in word.read(vanban.render_bytes(doc)).paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in printed and "II. TỔ CHỨC THỰC HIỆN" in printed
    assert any(t.startswith("a) Bảo đảm tiến độ") for t in printed), printed


def test_every_rule_a_read_field_can_break_is_repaired_and_named():
    """The model's own refusals, each met by the tolerant loader (the library's core of import)."""
    from vanban.ingest import tolerant
    data = {"loai": "ke_hoach", "co_quan": {"ten": ["SỞ Y TẾ"], "viet_tat": "", "dia_danh": "Hà Nội"},
            "ngay": {"nam": 2026, "thang": 2, "ngay": 30}, "ky": {"kt": "BỘ TRƯỞNG", "chuc_vu": "THỨ TRƯỞNG"},
            "so": 0}
    read = {"ngay": "Hà Nội, ngày 30 tháng 02 năm 2026", "so": "Số: 0/KH-SYT"}
    with pytest.raises(vanban.InputError):
        tolerant.load(__import__("copy").deepcopy(data), "x.docx", read, strict=True)
    out = tolerant.load(data, "x.docx", read)
    doc = out.doc
    assert (doc.co_quan.viet_tat, doc.so, doc.trich_yeu) == ("…", None, "…")
    assert (doc.ngay.nam, doc.ngay.thang, doc.ngay.ngay) == (2026, 2, None)
    assert doc.ky.kt is None and doc.ky.chuc_vu == "THỨ TRƯỞNG"
    assert sorted(out.notes) == [("ky", "KT. BỘ TRƯỞNG"), ("ngay", "Hà Nội, ngày 30 tháng 02 năm 2026"),
                                 ("so", "Số: 0/KH-SYT")]
    named = " ".join(w.split(":")[0] for w in out.repairs)
    assert all(k in named for k in ("co_quan.viet_tat", "so", "ngay", "ky", "trich_yeu")), out.repairs
    assert any("imported as 2026-02" in w for w in out.repairs), out.repairs
