"""Speed of `vanban check` against the targets of issues 9, 10 and 14.

    python benchmarks/check_speed.py [--runs 3]

Builds, in memory: a 200-page plan rendered by vanban, a 30-page document formatted the way Word
users do (direct formatting on several runs a paragraph, styles, a header table, content
controls, smart tags, a PAGE field in a content control), a 1,000-page one of the same kind, and a
one-page letter. Prints the best of N in-process timings of ``check_docx`` (reading included)
beside each target, and the start-up of ``vanban check`` on the letter as a separate process.
Pages are counted as Word would at 14 pt: about 12 body paragraphs of three lines a page.
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAS_PER_PAGE = 12
SENTENCE = ("Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện, "
            "bảo đảm tiến độ, chất lượng và hiệu quả; định kỳ báo cáo kết quả về Ủy ban nhân dân tỉnh.")


def plan(pages: int) -> bytes:
    import vanban
    parts = []
    per_part = 10
    for k in range(max(1, pages * PARAS_PER_PAGE // (per_part + 1))):
        parts.append({"tieu_de": f"Nhiệm vụ nhóm {k + 1}", "muc": [SENTENCE] * per_part})
    data = {"loai": "ke_hoach", "co_quan": {"chu_quan": "UBND TỈNH LAI CHÂU", "ten": "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                                            "viet_tat": "SGDĐT", "dia_danh": "Lai Châu"},
            "so": 5, "ngay": "2024-03-08", "trich_yeu": "Triển khai công tác năm học",
            "noi_dung": parts, "noi_nhan": ["UBND tỉnh"],
            "ky": {"kt": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC", "ho_ten": "Nguyễn Văn A"}}
    return vanban.render_bytes(vanban.load(data))


def word_like(pages: int) -> bytes:
    """A document as Word users format it: direct formatting on split runs, no vanban style."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Cm, Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.different_first_page_header_footer = True
    sec.header.paragraphs[0].alignment = AL.CENTER
    sec.header.paragraphs[0]._p.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:sz w:val="28"/></w:rPr>'
        '<w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:sdtContent></w:sdt>'))

    def para(container, text, size=14, bold=False, italic=False, align=AL.CENTER):
        p = container.add_paragraph() if container is d or container.paragraphs[0].text else container.paragraphs[0]
        p.alignment = align
        for chunk in (text[: len(text) // 3], text[len(text) // 3: 2 * len(text) // 3], text[2 * len(text) // 3:]):
            r = p.add_run(chunk)
            r.font.name, r.font.size, r.font.bold, r.font.italic = "Times New Roman", Pt(size), bold, italic
        return p

    t = d.add_table(rows=2, cols=2)
    para(t.cell(0, 0), "UBND TỈNH LAI CHÂU", 13)
    para(t.cell(0, 0), "SỞ GIÁO DỤC VÀ ĐÀO TẠO", 13, bold=True)
    para(t.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    para(t.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    para(t.cell(1, 0), "Số: 05/KH-SGDĐT", 13)
    para(t.cell(1, 1), "Lai Châu, ngày 08 tháng 3 năm 2024", 14, italic=True)
    para(d, "KẾ HOẠCH", 14, bold=True)
    para(d, "Triển khai công tác năm học", 14, bold=True)
    n = pages * PARAS_PER_PAGE
    for k in range(n):
        text = f"{k % 9 + 1}. {SENTENCE}" if k % 10 == 0 else SENTENCE
        p = para(d, text, align=AL.JUSTIFY)
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.line_spacing = 1.15
        if k % 25 == 0:   # a smart tag, as old Word files carry
            p._p.append(parse_xml(f'<w:smartTag {nsdecls("w")} w:uri="urn:x" w:element="place"><w:r><w:rPr><w:rFonts '
                                  'w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr>'
                                  '<w:t> Lai Châu</w:t></w:r></w:smartTag>'))
    s = d.add_table(rows=1, cols=2)
    para(s.cell(0, 0), "Nơi nhận:", 12, bold=True, italic=True, align=AL.LEFT)
    para(s.cell(0, 0), "- Lưu: VT, KH.", 11, align=AL.LEFT)
    para(s.cell(0, 1), "KT. GIÁM ĐỐC", 14, bold=True)
    para(s.cell(0, 1), "PHÓ GIÁM ĐỐC", 14, bold=True)
    para(s.cell(0, 1), "Nguyễn Văn An", 14, bold=True)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def best(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from vanban.check import check_docx

    cases = [("letter (1 page)", word_like(1), 0.1), ("plan, 200 pages (vanban)", plan(200), 3.0),
             ("Word document, 30 pages", word_like(30), 0.5), ("Word document, 1,000 pages", word_like(1000), 10.0)]
    print(f"{'document':30} {'size':>8} {'seconds':>8} {'target':>7}  ok")
    for name, data, target in cases:
        check_docx(data, name)      # warm the imports once
        secs = best(lambda: check_docx(data, name), args.runs if target < 5 else 1)
        print(f"{name:30} {len(data) // 1024:>6}KB {secs:8.3f} {target:7.1f}  {'yes' if secs <= target else 'NO'}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "letter.docx"
        path.write_bytes(cases[0][1])
        cmd = [sys.executable, "-m", "vanban", "check", str(path)]
        secs = best(lambda: subprocess.run(cmd, capture_output=True), args.runs)
        print(f"{'vanban check letter (process)':30} {'':>8} {secs:8.3f}   (start-up included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
