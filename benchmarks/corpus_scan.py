"""Look inside the corpus's .docx files with raw XML, independently of vanban's reader.

    python benchmarks/corpus_scan.py [FOLDER] [--tsv OUT]

For each .docx: a guess of its kind (cong_van, quyet_dinh, to_trinh, ...), whether it
is a Party document, and which of the Word patterns named in issue 10 it shows
(PAGE field inside a content control, smart tags, national name and motto split by a
line break, a header laid out with tabs, short rules drawn as floating shapes or as a
top border, "- Căn cứ" after the recipients, "Times New Roman Bold", a landscape
section, ...). The helper fixing ``check`` uses the pattern list to pick real files.
It reads XML with lxml only, so a bug in vanban cannot hide a pattern.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_t = lambda tag: f"{{{W}}}{tag}"  # noqa: E731

# Type names as they stand alone on the title line, most specific first.
KIND_TITLES = [
    ("quyet_dinh", "QUYẾT ĐỊNH"), ("to_trinh", "TỜ TRÌNH"), ("bao_cao", "BÁO CÁO"),
    ("ke_hoach", "KẾ HOẠCH"), ("thong_bao", "THÔNG BÁO"), ("nghi_quyet", "NGHỊ QUYẾT"),
    ("huong_dan", "HƯỚNG DẪN"), ("chuong_trinh", "CHƯƠNG TRÌNH"), ("giay_moi", "GIẤY MỜI"),
    ("phieu_trinh", "PHIẾU TRÌNH"), ("bien_ban", "BIÊN BẢN"), ("chi_thi", "CHỈ THỊ"),
    ("quy_che", "QUY CHẾ"), ("quy_dinh", "QUY ĐỊNH"), ("de_an", "ĐỀ ÁN"), ("dieu_le", "ĐIỀU LỆ"),
    ("nghi_dinh", "NGHỊ ĐỊNH"), ("phu_luc", "PHỤ LỤC"), ("danh_sach", "DANH SÁCH"),
    ("thong_tu", "THÔNG TƯ"), ("cong_dien", "CÔNG ĐIỆN"), ("to_khai", "TỜ KHAI"),
]


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def para_text(p) -> str:
    """Text of a paragraph as Word shows it: tabs and breaks as layout characters."""
    out = []
    for el in p.iter(_t("t"), _t("tab"), _t("br"), _t("cr")):
        if el.tag == _t("t"):
            out.append(el.text or "")
        elif el.tag == _t("tab"):
            if el.getparent() is not None and el.getparent().tag == _t("r"):
                out.append("\t")
        else:
            out.append("\n")
    return nfc("".join(out))


def guess_kind(paras: list[str]) -> str:
    head = paras[:60]
    for k, title in KIND_TITLES:
        for t in head:
            s = t.strip().rstrip(":").strip()
            if s == title or (s.startswith(title) and len(s) < len(title) + 4):
                return k
    joined = "\n".join(head)
    if re.search(r"V/v|Về việc|Kính gửi", joined):
        return "cong_van"
    if re.search(r"^Điều \d+\.", joined, re.M):
        return "quy_dinh"
    return "khac"


def scan(path: Path) -> dict:
    z = zipfile.ZipFile(path)
    root = etree.fromstring(z.read("word/document.xml"))
    body = root.find("w:body", NS)
    paras = [para_text(p) for p in body.iter(_t("p"))]
    text = "\n".join(paras)
    upper = text.upper()
    parts = {n: z.read(n) for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml$", n)}
    styles = z.read("word/styles.xml").decode("utf8", "replace") if "word/styles.xml" in z.namelist() else ""
    docxml = z.read("word/document.xml").decode("utf8", "replace")
    flags = set()

    def page_field(xml: bytes) -> bool:
        return bool(re.search(rb"instrText[^>]*>\s*PAGE\b|w:instr=\"\s*PAGE\b", xml))
    for name, xml in parts.items():
        if not page_field(xml):
            continue
        flags.add("page_in_footer" if "footer" in name else "page_in_header")
        tree = etree.fromstring(xml)
        for sdt in tree.iter(_t("sdt")):
            if page_field(etree.tostring(sdt)):
                flags.add("page_field_in_sdt")
    if not any(page_field(x) for x in parts.values()):
        flags.add("no_page_number")
    if root.find(".//w:smartTag", NS) is not None:
        flags.add("smart_tag")
    if body.find(".//w:sdt", NS) is not None:
        flags.add("content_control")
    for t in paras:
        if ("CỘNG HÒA XÃ HỘI" in t.upper() or "CỘNG HOÀ XÃ HỘI" in t.upper()) and "\n" in t and "Độc lập" in t:
            flags.add("national_name_motto_br")
    top = [para_text(p) for p in body.iter(_t("p")) if not any(a.tag == _t("tc") for a in p.iterancestors())][:12]
    if any(re.search(r"\S(\t| {3,})\s*(CỘNG H|Độc lập)", t) for t in top):
        flags.add("tab_header")
    if any(t.strip().upper().startswith("ĐẢNG CỘNG SẢN VIỆT NAM") for t in paras[:15]):
        flags.add("party")
    if root.find(".//w:drawing//w:anchor", {"w": W, **{"wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}}) is not None \
            or re.search(r"<wp:anchor\b", docxml):
        flags.add("floating_shape")
    if re.search(r"<v:line\b|<v:shape\b[^>]*type=\"#_x0000_t32\"|prst=\"line\"|<wps:wsp\b", docxml):
        flags.add("drawn_line")
    if re.search(r"<w:pBdr>\s*<w:top\b", docxml):
        flags.add("top_border_rule")
    if "Times New Roman Bold" in docxml or "Times New Roman Bold" in styles:
        flags.add("tnr_bold_face")
    if re.search(r"orient=\"landscape\"", docxml):
        flags.add("landscape_section")
    if docxml.count("<w:sectPr") > 1:
        flags.add("multi_section")
    first_table = body.find("w:tbl", NS)
    if first_table is not None and (first_table.find(".//w:gridSpan", NS) is not None
                                    or first_table.find(".//w:vMerge", NS) is not None):
        flags.add("merged_header_cells")
    kg = [i for i, t in enumerate(paras) if t.strip().startswith("Kính gửi")]
    for i in kg:
        rest = paras[i].split(":", 1)[1].strip() if ":" in paras[i] else ""
        nxt = [t.strip() for t in paras[i + 1:i + 4] if t.strip()]
        if rest and not (nxt and nxt[0].startswith(("-", "+", "–"))):
            flags.add("kinh_gui_single")
            if not rest.endswith("."):
                flags.add("kinh_gui_single_no_dot")
        for t in (x.strip() for x in paras[i + 1:i + 40] if x.strip()):
            if not t.startswith(("-", "–")):
                break
            if re.match(r"^[-–]\s*Căn cứ", t):
                flags.add("can_cu_after_recipients")
    if re.search(r"^[“\"]\s*\d+\.", text, re.M):
        flags.add("quoted_numbering")
    if re.search(r"^\d+\.\d+\.[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ]", text, re.M):
        flags.add("number_no_space")
    if re.search(r"^\t+\S", text, re.M):
        flags.add("tab_indent")
    if re.search(r"KT\.\s*(BỘ TRƯỞNG|CHỦ TỊCH|GIÁM ĐỐC)[\s\S]{0,40}\n\s*THỨ TRƯỞNG", text):
        flags.add("kt_thu_truong")
    if re.search(r"KT\.\s*[A-ZĐ ]+\n\s*(THỨ TRƯỞNG|PHÓ )", text):
        flags.add("kt_deputy")
    if any(re.search(r",\s*ngày\b", t) and re.search(r"…|\.{2,}|_{2,}", t) for t in paras):
        flags.add("date_placeholder_dots")
    if re.search(r"Số:\s*\d+/\d{4}/", text):
        flags.add("code_with_year")
    if re.search(r"V/v\s*:", text):
        flags.add("vv_colon")
    if any(p.find("w:pPr/w:numPr", NS) is not None for p in body.iter(_t("p"))):
        flags.add("auto_numbering")
    if re.search(r'w:ascii="(\.Vn|VNI-)', docxml + styles) or any(re.search(rb'w:ascii="(\.Vn|VNI-)', x) for x in parts.values()):
        flags.add("legacy_vn_font")
    for pg in root.iter(_t("pgSz")):
        w = int(pg.get(_t("w"), "0"))
        if w and abs(w - 11906) > 60 and abs(w - 16838) > 60:
            flags.add("not_a4_paper")
    fonts = set(re.findall(r'w:ascii="([^"]+)"', docxml + styles))
    if fonts - {"Times New Roman", "Symbol", "Wingdings", "Cambria Math"}:
        flags.add("other_fonts")
    if re.search(r'asciiTheme="', docxml):
        flags.add("theme_fonts_in_runs")
    return {"kind": "party" if "party" in flags and guess_kind(paras) == "khac" else guess_kind(paras),
            "flags": sorted(flags), "paras": len(paras)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=os.environ.get("VANBAN_CORPUS", "/work/corpus"))
    ap.add_argument("--tsv", help="write file, kind and flags as TSV")
    args = ap.parse_args(argv)
    root = Path(args.folder)
    rows = []
    for f in sorted(root.rglob("*.docx")):
        if f.name.startswith("~$"):
            continue
        try:
            r = scan(f)
        except Exception as exc:  # a broken file is a finding, not a stop
            r = {"kind": "unreadable", "flags": [type(exc).__name__], "paras": 0}
        rows.append((str(f.relative_to(root)), r))
    by_flag: dict[str, list[str]] = {}
    for name, r in rows:
        for fl in r["flags"]:
            by_flag.setdefault(fl, []).append(name)
    for fl in sorted(by_flag):
        print(f"{fl:28} {len(by_flag[fl]):4}  e.g. {by_flag[fl][0]}")
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as fh:
            fh.write("file\tkind\tflags\n")
            for name, r in rows:
                fh.write(f"{name}\t{r['kind']}\t{','.join(r['flags'])}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
