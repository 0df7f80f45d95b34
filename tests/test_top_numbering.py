"""The body's top level numbered as the source numbered it (issue 25): ``kieu_muc`` on the document.

A plan typed in Word with "1.", "2." headings in sentence case (where the decree's plan uses
"I.", "II." in capitals) is imported with ``kieu_muc: '1'`` and re-rendered as typed: "1. Mục đích,
yêu cầu", "1.1. Mục đích", "2. Tổ chức thực hiện"; the YAML says so, ``check`` passes its numbering,
the YAML editor keeps the key, and a document without it prints the kind's "I." as before.
"""
from __future__ import annotations

import io

import docx
import yaml

import vanban
from support.human_docs import build as human_doc
from vanban.check.files import check_file
from vanban.ingest import from_page, read_docx_bytes
from vanban.model import VanBan, yamledit
from vanban.model.dump import to_yaml

#: The plan's body as a person typed it: Arabic top level, headings in sentence case.
TYPED = {"I. MỤC ĐÍCH, YÊU CẦU": "1. Mục đích, yêu cầu", "1. Mục đích": "1.1. Mục đích",
         "2. Yêu cầu": "1.2. Yêu cầu", "II. TỔ CHỨC THỰC HIỆN": "2. Tổ chức thực hiện",
         "1. Các phòng, ban triển khai thực hiện.": "2.1. Các phòng, ban triển khai thực hiện."}


def _typed_plan() -> bytes:
    document, h = human_doc("plan")
    for p in h["body"]:
        if p.text in TYPED:
            p.runs[0].text = TYPED[p.text]
            for r in p.runs[1:]:
                r.text = ""
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


def _imported() -> VanBan:
    return from_page(read_docx_bytes(_typed_plan()), "typed.docx").doc


def test_an_arabic_top_level_is_imported_and_printed_as_typed():
    doc = _imported()
    assert doc.kieu_muc == "1" and doc.scheme[0] == "1"
    assert [n.tieu_de for n in doc.noi_dung] == ["Mục đích, yêu cầu", "Tổ chức thực hiện"]
    assert doc.noi_dung[0].kieu_muc == "1.1" and [m.tieu_de for m in doc.noi_dung[0].muc] == ["Mục đích", "Yêu cầu"]
    text = _paragraphs(vanban.render_bytes(doc))
    at = [text.index(t) for t in ("1. Mục đích, yêu cầu", "1.1. Mục đích", "1.2. Yêu cầu", "a) Bảo đảm tiến độ.",
                                  "2. Tổ chức thực hiện", "2.1. Các phòng, ban triển khai thực hiện.")]
    assert at == sorted(at)
    assert not any(t.startswith(("I. ", "II. ")) or "MỤC ĐÍCH, YÊU CẦU" in t for t in text)


def test_the_yaml_carries_the_option_and_reads_back(tmp_path):
    doc = _imported()
    data = yaml.safe_load(to_yaml(doc))
    assert data["kieu_muc"] == "1" and data["noi_dung"][0]["tieu_de"] == "Mục đích, yêu cầu"
    again = VanBan.model_validate(data)
    assert _paragraphs(vanban.render_bytes(again)) == _paragraphs(vanban.render_bytes(doc))
    # Re-imported from its own rendering: the same option, the same body.
    back = from_page(read_docx_bytes(vanban.render_bytes(again)), "again.docx").doc
    assert back.kieu_muc == "1" and back.noi_dung == again.noi_dung


def test_the_yaml_editor_keeps_the_option():
    text = to_yaml(_imported())
    out, doc = yamledit.edit(text, lambda tree: tree.__setitem__("trich_yeu", "Kế hoạch đã sửa"))
    assert doc.kieu_muc == "1" and "kieu_muc: '1'" in out and doc.trich_yeu == "Kế hoạch đã sửa"
    edited = yamledit.apply(text, {**yaml.safe_load(text), "dau_ket": True})
    assert yaml.safe_load(edited)["kieu_muc"] == "1"


def test_check_accepts_the_numbering_as_printed(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(vanban.render_bytes(_imported()))
    assert "noi_dung.numbering" not in check_file(path).failed()


def test_without_the_option_the_kind_numbers_the_top_level_as_before():
    data = yaml.safe_load(to_yaml(_imported()))
    del data["kieu_muc"], data["noi_dung"][0]["kieu_muc"]
    text = _paragraphs(vanban.render_bytes(VanBan.model_validate(data)))
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text and "II. TỔ CHỨC THỰC HIỆN" in text and "1. Mục đích" in text


def _plan_with_appendix(**appendix) -> VanBan:
    from support.import_examples import example
    from vanban.model import Loai, Mau
    data = yaml.safe_load(to_yaml(vanban.load(example(Loai.ke_hoach, Mau.nha_nuoc))))
    data["phu_luc"] = [{"ten": "Danh mục nhiệm vụ", "noi_dung": [
        {"tieu_de": "Nhiệm vụ chung", "doan": ["Các đơn vị phối hợp thực hiện."]},
        {"tieu_de": "Nhiệm vụ riêng", "doan": ["Mỗi đơn vị báo cáo kết quả."]}], **appendix}]
    return VanBan.model_validate(data)


def test_an_appendix_numbers_its_own_top_level_and_import_reads_it_back():
    doc = _plan_with_appendix(kieu_muc="1")
    text = _paragraphs(vanban.render_bytes(doc))
    body_first = next(t for t in text if t.startswith("I. "))            # the document's body keeps its I.
    at = [text.index(t) for t in (body_first, "Phụ lục", "1. Nhiệm vụ chung", "2. Nhiệm vụ riêng")]
    assert at == sorted(at) and "I. NHIỆM VỤ CHUNG" not in text
    back = from_page(read_docx_bytes(vanban.render_bytes(doc)), "appendix.docx").doc
    assert back.kieu_muc is None and back.phu_luc[0].kieu_muc == "1"
    assert [n.tieu_de for n in back.phu_luc[0].noi_dung] == ["Nhiệm vụ chung", "Nhiệm vụ riêng"]
    assert yaml.safe_load(to_yaml(back))["phu_luc"][0]["kieu_muc"] == "1"


def test_the_documents_option_leaves_its_appendices_to_the_kind():
    doc = _plan_with_appendix().model_copy(update={"kieu_muc": "1"})
    text = _paragraphs(vanban.render_bytes(doc))
    assert "I. NHIỆM VỤ CHUNG" in text and "II. NHIỆM VỤ RIÊNG" in text
    assert not any(t.startswith("I. ") and text.index(t) < text.index("Phụ lục") for t in text)
