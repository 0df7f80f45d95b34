"""Documents formatted the way a person formats in Word, and deliberately broken copies.

Everything is set directly on runs and paragraphs with plain python-docx: no
vanban style, the default Calibri theme underneath. The checker must read them
like vanban's own output. ``FAULTS`` breaks one rule each.

Write the corpus to a folder to look at it: ``python tests/human_docs.py OUTDIR``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Inches, Mm, Pt

TNR = "Times New Roman"
QH = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _para(container, text, size=14, bold=False, italic=False, align=AL.CENTER, underline=False):
    ps = container.paragraphs
    # A new table cell comes with one empty paragraph; type into it, as a person would.
    fresh_cell = getattr(container, "_tc", None) is not None and len(ps) == 1 and not ps[0].runs
    p = ps[0] if fresh_cell else container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    r = p.add_run(text)
    r.font.name, r.font.size, r.font.bold, r.font.italic = TNR, Pt(size), bold, italic
    r.font.underline = underline
    return p


def _line_after(container, kind: str, length_mm: float):
    """The short solid line as a person draws it: border on an empty paragraph, or a drawn shape."""
    p = container.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    if kind == "border":
        side = Mm((60 - length_mm) / 2)
        p.paragraph_format.left_indent, p.paragraph_format.right_indent = side, side
        p._p.get_or_add_pPr().insert(0, parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))
    else:
        p._p.append(parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
            f'<v:line from="0,0" to="{length_mm:.0f}mm,0" strokeweight=".5pt"/></w:pict></w:r>'))
    return p


def build(variant: str = "letter") -> tuple[docx.Document, dict]:
    """A conforming document: ``letter`` (công văn, border lines), ``plan`` (kế hoạch, drawn
    lines, lettered items, exact line spacing) or ``memo`` (công văn, underlined motto, one recipient)."""
    d = docx.Document()
    h: dict = {}
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.different_first_page_header_footer = True
    hp = sec.header.paragraphs[0]
    hp.alignment = AL.CENTER
    hp._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="{TNR}" '
                           f'w:hAnsi="{TNR}"/><w:sz w:val="28"/></w:rPr><w:t>2</w:t></w:r></w:fldSimple>'))
    lines = "vml" if variant == "plan" else "border"

    t = d.add_table(rows=2, cols=2)
    t.autofit = False
    for row in t.rows:
        row.cells[0].width, row.cells[1].width = Mm(65), Mm(100)
    left, right = t.rows[0].cells
    h["superior"] = _para(left, "UBND TỈNH LAI CHÂU", 13)
    h["agency"] = _para(left, "SỞ GIÁO DỤC VÀ ĐÀO TẠO" if variant != "plan" else "ỦY BAN NHÂN DÂN", 13, bold=True)
    h["agency_rule"] = _line_after(left, lines, 25)
    h["qh"] = _para(right, QH, 13, bold=True)
    h["motto"] = _para(right, MOTTO, 14, bold=True, underline=(variant == "memo"))
    if variant != "memo":
        h["motto_rule"] = _line_after(right, lines, 60)
    left, right = t.rows[1].cells
    code = "KH-UBND" if variant == "plan" else "SGDĐT-GDTrH"
    h["number"] = _para(left, f"Số: 05/{code}", 13)
    if variant != "plan":
        h["vv"] = _para(left, "V/v triển khai công tác năm học 2024 - 2025", 12)
    h["date"] = _para(right, "Lai Châu, ngày 08 tháng 02 năm 2024", 14, italic=True)

    if variant == "plan":
        h["title"] = _para(d, "KẾ HOẠCH", 14, bold=True)
        h["subject"] = _para(d, "Triển khai công tác năm học 2024 - 2025", 14, bold=True)
        _line_after(d, lines, 50)
    if variant == "memo":
        h["kinh_gui"] = [_para(d, "Kính gửi: Ủy ban nhân dân tỉnh Lai Châu.", 14)]
    elif variant == "letter":
        h["kinh_gui"] = [_para(d, "Kính gửi:", 14), _para(d, "- Phòng GD&ĐT các huyện, thành phố;", 14),
                         _para(d, "- Các trường THPT trực thuộc.", 14)]

    body_texts = ["Căn cứ Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh, Sở hướng dẫn như sau:"]
    if variant == "plan":
        body_texts += ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "Nâng cao chất lượng giáo dục.",
                       "2. Yêu cầu", "a) Bảo đảm tiến độ.", "b) Bảo đảm chất lượng.", "c) Bảo đảm an toàn.",
                       "d) Bảo đảm tiết kiệm.", "đ) Bảo đảm công khai.", "II. TỔ CHỨC THỰC HIỆN",
                       "1. Các phòng, ban triển khai thực hiện."]
    else:
        body_texts += ["1. Tổ chức quán triệt nhiệm vụ năm học đến toàn thể cán bộ, giáo viên.",
                       "2. Báo cáo kết quả về Sở trước ngày 20/5/2024.",
                       "Sở Giáo dục và Đào tạo đề nghị các đơn vị nghiêm túc thực hiện./."]
    h["body"] = []
    for text in body_texts:
        p = _para(d, text, 14, bold=text[:2] in ("I.", "II") or text in ("1. Mục đích", "2. Yêu cầu"),
                  align=AL.JUSTIFY)
        pf = p.paragraph_format
        pf.first_line_indent = Cm(1.27) if variant != "memo" else Cm(1)
        pf.space_before = Pt(6)
        pf.line_spacing = Pt(18) if variant == "plan" else 1.15
        h["body"].append(p)
    h["body"][-1].paragraph_format.keep_with_next = True

    s = d.add_table(rows=1, cols=2)
    left, right = s.rows[0].cells
    h["noi_nhan"] = _para(left, "Nơi nhận:", 12, bold=True, italic=True, align=AL.LEFT)
    h["entries"] = [_para(left, e, 11, align=AL.LEFT)
                    for e in ("- Như trên;", "- Giám đốc Sở (để b/c);", "- Lưu: VT, GDTrH.")]
    auth = "TM. ỦY BAN NHÂN DÂN" if variant == "plan" else "KT. GIÁM ĐỐC"
    h["authority"] = _para(right, auth, 14, bold=True)
    if variant == "plan":
        _para(right, "KT. CHỦ TỊCH", 14, bold=True)
    h["signer_title"] = _para(right, "PHÓ CHỦ TỊCH" if variant == "plan" else "PHÓ GIÁM ĐỐC", 14, bold=True)
    for _ in range(4):
        right.add_paragraph()
    h["name"] = _para(right, "Nguyễn Văn An", 14, bold=True)
    return d, h


def _set_text(p, old, new):
    for r in p.runs:
        r.text = r.text.replace(old, new)


def _runs(p, **props):
    for r in p.runs:
        for k, v in props.items():
            setattr(r.font, k, v)


def _remove(p):
    p._p.getparent().remove(p._p)


#: fault name → (the rule that must catch it, how to break a ``letter`` or ``plan`` document)
FAULTS = {
    "margin_left_25mm": ("page.margins", "letter", lambda d, h: setattr(d.sections[0], "left_margin", Mm(25))),
    "letter_paper": ("page.a4", "letter", lambda d, h: (setattr(d.sections[0], "page_width", Inches(8.5)),
                                                        setattr(d.sections[0], "page_height", Inches(11)))),
    "arial_run": ("font.times_new_roman", "letter", lambda d, h: setattr(h["body"][1].runs[0].font, "name", "Arial")),
    "body_12pt": ("noi_dung.size", "letter", lambda d, h: [_runs(p, size=Pt(12)) for p in h["body"]]),
    "date_ngay_8": ("ngay.leading_zero", "letter", lambda d, h: _set_text(h["date"], "ngày 08", "ngày 8")),
    "date_thang_05": ("ngay.leading_zero", "plan", lambda d, h: _set_text(h["date"], "tháng 02", "tháng 05")),
    "date_without_place": ("ngay.place", "letter", lambda d, h: _set_text(h["date"], "Lai Châu,", ",")),
    "motto_line_missing": ("tieu_ngu.rule", "letter", lambda d, h: _remove(h["motto_rule"])),
    "agency_line_missing": ("co_quan.rule", "letter", lambda d, h: _remove(h["agency_rule"])),
    "noi_nhan_not_bold_italic": ("noi_nhan.format", "letter", lambda d, h: _runs(h["noi_nhan"], bold=False, italic=False)),
    "noi_nhan_entry_12pt": ("noi_nhan.format", "plan", lambda d, h: _runs(h["entries"][0], size=Pt(12))),
    "page_number_on_page_1": ("page_number", "letter",
                              lambda d, h: setattr(d.sections[0], "different_first_page_header_footer", False)),
    "quoc_hieu_not_bold": ("quoc_hieu.format", "letter", lambda d, h: _runs(h["qh"], bold=False)),
    "motto_upper_case": ("tieu_ngu.format", "letter", lambda d, h: _set_text(h["motto"], MOTTO, MOTTO.upper())),
    "number_5": ("so.leading_zero", "letter", lambda d, h: _set_text(h["number"], "Số: 05/", "Số: 5/")),
    "number_bold": ("so.format", "plan", lambda d, h: _runs(h["number"], bold=True)),
    "plan_with_decision_code": ("ky_hieu.abbreviation", "plan", lambda d, h: _set_text(h["number"], "KH-", "QĐ-")),
    "letter_with_plan_code": ("ky_hieu.abbreviation", "letter", lambda d, h: _set_text(h["number"], "SGDĐT-GDTrH", "KH-SGDĐT")),
    "date_not_italic": ("ngay.format", "letter", lambda d, h: _runs(h["date"], italic=False)),
    "body_left_aligned": ("noi_dung.alignment", "letter", lambda d, h: setattr(h["body"][2], "alignment", AL.LEFT)),
    "body_no_indent": ("noi_dung.indent", "plan", lambda d, h: setattr(h["body"][3].paragraph_format, "first_line_indent", Cm(0))),
    "body_double_spaced": ("noi_dung.line_spacing", "letter", lambda d, h: setattr(h["body"][1].paragraph_format, "line_spacing", 2.0)),
    "body_no_paragraph_space": ("noi_dung.spacing", "letter", lambda d, h: setattr(h["body"][2].paragraph_format, "space_before", Pt(0))),
    "kinh_gui_last_semicolon": ("kinh_gui.punctuation", "letter", lambda d, h: _set_text(h["kinh_gui"][-1], "thuộc.", "thuộc;")),
    "kinh_gui_bold": ("kinh_gui.format", "letter", lambda d, h: [_runs(p, bold=True) for p in h["kinh_gui"]]),
    "noi_nhan_without_luu": ("noi_nhan.entries", "letter", lambda d, h: _set_text(h["entries"][-1], "Lưu: VT, GDTrH.", "Phòng GDTrH.")),
    "kt_with_head_title": ("ky.authority", "letter", lambda d, h: _set_text(h["signer_title"], "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC")),
    "letters_skip_d_bar": ("noi_dung.numbering", "plan", lambda d, h: _set_text(h["body"][9], "đ)", "e)")),
    "roman_jumps": ("noi_dung.numbering", "plan", lambda d, h: _set_text(h["body"][10], "II.", "III.")),
    "signer_name_not_bold": ("chu_ky.format", "letter", lambda d, h: _runs(h["name"], bold=False)),
    "agency_not_bold": ("co_quan.format", "letter", lambda d, h: _runs(h["agency"], bold=False)),
    "vv_bold": ("trich_yeu.format", "letter", lambda d, h: _runs(h["vv"], bold=True)),
    "subject_not_bold": ("trich_yeu.format", "plan", lambda d, h: _runs(h["subject"], bold=False)),
}


def broken(name: str) -> docx.Document:
    """A document with exactly the fault ``name``."""
    _, variant, apply = FAULTS[name]
    d, h = build(variant)
    apply(d, h)
    return d


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "output/broken")
    out.mkdir(parents=True, exist_ok=True)
    for variant in ("letter", "plan", "memo"):
        build(variant)[0].save(out / f"ok-{variant}.docx")
    for name in FAULTS:
        broken(name).save(out / f"{name}.docx")
    print(f"wrote {len(FAULTS) + 3} files to {out}")
