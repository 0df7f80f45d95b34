"""Tables and appendices measured end to end (issue 25).

    python benchmarks/tables_roundtrip.py [--rows 500] [--runs 3] [--corpus FILE ...] [--diff] [--corpus-only]

Prints:
  * round trips: the table cases of ``tests/support/table_cases.py`` (every feature: one and two
    heading rows, merges across, down and both, TT numbered by vanban and typed by hand, widths,
    inline marks, a footnote in a cell, a landscape and a portrait appendix) rendered, then
    imported from the .docx and from its PDF: tables equal cell for cell (text, merges, heading rows);
  * a parent plan with an assignment table and 10 units: units whose plan holds exactly its rows;
  * a long table (``--rows``): render, check of the .docx, import of the .docx and of its PDF;
  * real documents (``--corpus``, default: the work set's .docx with tables under
    /work/corpus-others/work): words kept in order after import and re-render, before (tables and
    appendices left as comments, as import did until now) and now, and rows x columns of each data
    table in the source against the re-rendered import.

Baseline on main (2026-12-05, one run, machine loaded by other helpers; --rows 100 --runs 1):
round trips 6/6 tables equal (.docx and PDF), 10/10 unit plans exact; real set 21 .docx, 12 with
tables, every table the same rows x columns; words in order < 97 % for 11 of 21 (tables: 6 of 12:
qd-phe-duyet-kqlcnt 95.7, to-trinh-kqlcnt 93.1 / 94.6, qd-phe-duyet-du-toan 95.1,
cv-thongbao-bhxh 84.1, qd-danh-muc-tckt 96.8; without tables: the three nd30-mau forms 21-28 %).
No reading/import fix measured after it yet (helper tab25 ran out of time).

Word by word (``--corpus-only --diff``, 2026-12-05, one run, machine loaded; exact words, then
case and edge punctuation ignored as benchmarks/others.py counts them), the six with tables below
97 % before -> after the import fixes of branch read25 (an appendix's paragraphs between and after
its tables kept in order; the issuer as the "Kèm theo … của …" line names it kept; a mail-merge
field a blank of the number and date lines; "Về việc" under a công văn's number its V/v;
Kính gửi alone on its row taking the recipients on the row under it):
qd-phe-duyet-kqlcnt 95.7 -> 97.9 (98.8), to-trinh-kqlcnt (cntt) 93.1 -> 94.6 (97.6),
qd-phe-duyet-du-toan 95.1 -> 96.3 (98.0), to-trinh-kqlcnt (hcqt) 94.6 -> 96.3 (97.4),
cv-thongbao-bhxh 84.1 -> 95.3 (95.3), qd-danh-muc-tckt 96.8 -> 97.0 (99.6); every table the same
rows x columns. What remains is the decree's form vanban prints (headings in capitals, the top
level renumbered I. II. where the source typed 1. 2.: the model has no numbering style for the top
level; "PHỤ LỤC 01:" printed "Phụ lục I"), the publisher's anonymised numbers ({{SO_LIEU}} for
every digit, "Điều {{SO_LIEU}}." read as no article) and the header cells' reading order.

After branch tab30 (2026-12-06, one run each, machine loaded; same command): the body's top level
kept as the source numbered it (``kieu_muc`` on the document and on an appendix; headings of a
level numbered "1." keep their case, as the decree's khoản do) and stars around emphasis that ends
in punctuation before a letter closed. Exact (normalised): qd-phe-duyet-kqlcnt 97.9 -> 97.9 (98.8),
to-trinh-kqlcnt (cntt) 94.6 -> 97.2 (98.3), qd-phe-duyet-du-toan 96.3 -> 96.3 (98.0), to-trinh-kqlcnt
(hcqt) 96.3 -> 97.0 (98.0), cv-thongbao-bhxh 95.3 -> 95.3 (95.3), qd-danh-muc-tckt 97.0 -> 97.0 (99.6):
4 of 6 >= 97 exact, 5 of 6 normalised; every table the same rows x columns. Left: the decree's form
("Phụ lục I" for "PHỤ LỤC 01:", an appendix name in capitals, "V/v" for "Về việc" and the header's
cell order putting it before the date, "-" in the motto), "Điều {{SO_LIEU}}." read as no article.
The work set's PDFs with tables (has_table yes): 4644 KH 99.7, Du thao Chuong trinh hanh dong 99.8
(116 x 5 table kept), unchanged; dstn_bch (danh sách, a kind vanban lacks), KH so 17 (Đoàn header,
refused: no Quốc hiệu) and the two congress booklets (no number line) are not imported (reading and
document import, not tables). The scan with a table (das/kh-753, 4 pages, OCR): words kept in order
98.2 % (others.py), but its 6-row x 4-column table (TT | Nội dung công việc | Thời gian | Đơn vị chủ
trì/phối hợp, over two pages) comes back as ~30 loose paragraphs (OCR lines with " | " between
column gaps, a row's cells wrapped over several lines): 0 tables; building a table from OCR word
boxes is left.

Fourth set (benchmarks/corpus/others4.tsv, branch tab31, 2026-12-06, one run, machine shared; ``--corpus
/work/corpus-others/work4/*/*``; .doc files go through LibreOffice as ``vanban import`` does, and each
source's tables are also counted by python-docx, independently of vanban's reader): the one imported
document with a data table (a Sở TTTT's kế hoạch, 6 x 3) keeps it, 99.8 %; a city's quyết định with its
QUY ĐỊNH attached after the signature 15.1 -> 97.0 % (the regulation is now its appendix). The 21
documents above: python-docx's count equals vanban's on every table.

Every set at once, on the final code (2351fde, 2026-12-06, one run each, machine quiet: load 0.1-0.5;
the corpus rebuilt from the six lists, 216/216 files, sha256 checked; ``--corpus`` the .docx of
work..work6, then of every held-out set with their .doc/.DOC): synthetic 6/6 tables equal from the
.docx and from the PDF, 10/10 unit plans exact; 500 rows: render 37 ms, check 177 ms, import .docx
227 ms, PDF import 1.0 s, 500 rows back each way. Work: 31 of 54 imported, 16 with tables, 11 of them
>= 97 % exact (all 16 >= 95.3 % but YoF TB_tuyen_thuc_tap 92.7, CapSo_BienBanNghiemThu 96.5, 5.docx
96.4 (100 normalised)); every table the same rows x columns, python-docx agreeing. Held-out: 12 of
29 imported, 6 with tables, 4 >= 97 % (96.6, 97.0, 99.8, 99.0, 98.7; 1664781777_qd.doc 89.6 %, its
two 4 x 3 tables kept, a 2 x 2 layout table python-docx counts and vanban reads as layout); every
re-rendered table as vanban read it. Tables never measured: their documents are refused (DANH SÁCH
kinds, no Quốc hiệu or number line; hctbaocao's 13 tables).

Again on 5fd92c5 (2026-12-06 20:04, one run each, load 0.6): synthetic 6/6 equal from the .docx and
the PDF, 10/10 unit plans exact; 500 rows: render 44 ms, check 170 ms, import .docx 253 ms, PDF import
1.2 s. Work: 32 of 54 imported (a Sở's biên bản typed plain under the national name, refused before,
97.8 %), 16 with tables, 12 >= 97 % exact and 14 normalised (CapSo 96.5 -> 97.7: the department under
the hospital kept, STT 01, 02 kept; qd-phe-duyet-du-toan (hcqt) 96.3 -> 96.8: "Bệnh viện Đa khoa" as
the hospital writes it). Below 97 % normalised: cv-thongbao-bhxh 95.3 (the header's cells read in
another order, the publisher's {{SO_LIEU}} for every digit) and YoF 92.8 (appendices that repeat the
school's header and a form with its own national name, which the decree's appendix does not print).
Held-out: 12 of 29 imported, 6 with tables, 5 >= 97 % exact and normalised (phong-cntt
qd-phe-duyet-du-toan 96.6 -> 97.1 by the same capitals), 1664781777_qd.doc 89.6 as before; every table
the same rows x columns.
"""
from __future__ import annotations

import argparse
import difflib
import importlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import vanban  # noqa: E402
from vanban.model import VanBan  # noqa: E402

from support.table_cases import assignment_parent, differences, document, task_names  # noqa: E402

WORK = Path("/work/corpus-others/work")
OFFICE = (".doc", ".odt", ".rtf")


def round_trips(tmp: Path) -> None:
    from vanban.deliver import pdf
    from vanban.ingest import import_file
    model = VanBan.model_validate(document())
    docx = tmp / "cases.docx"
    docx.write_bytes(vanban.render_bytes(model))
    outcome = pdf.convert([docx])[0]
    from support.table_cases import tables_of
    n = len(tables_of(model))
    for label, path in (("render -> import", docx), ("render -> PDF -> import", docx.with_suffix(".pdf"))):
        if not path.exists():
            print(f"{label}: no PDF ({outcome.error})")
            continue
        diff = differences(model, import_file(path).doc)
        print(f"{label}: {n - len({d.split(':')[0] for d in diff if d.startswith('table')})}/{n} tables equal cell "
              f"for cell, appendices {'equal' if not any(d.startswith('appendices') for d in diff) else 'differ'}"
              + ("" if not diff else f"; {diff}"))


def ten_units(tmp: Path) -> None:
    import yaml
    from vanban.deliver import documents
    parent, units, expected = assignment_parent()
    (tmp / "parent.yaml").write_text(yaml.safe_dump(parent, allow_unicode=True), encoding="utf-8")
    (tmp / "units.yaml").write_text(yaml.safe_dump(units, allow_unicode=True), encoding="utf-8")
    t = time.perf_counter()
    plans = documents.derive_plans(tmp / "parent.yaml", tmp / "units.yaml", tmp / "plans")
    took = time.perf_counter() - t
    exact = sum(task_names(r.doc) == expected[r.unit.dia_danh] for r in plans.written)
    rows = sum(len(v) for v in expected.values())
    print(f"assignment table of {len(parent['noi_dung'][1]['doan'][1]['bang']['dong'])} rows, 10 units: "
          f"{exact}/{len(expected)} plans hold exactly their rows ({rows} rows given out) in {took * 1000:.0f} ms")


def long_table(tmp: Path, rows: int, runs: int) -> None:
    from benchmarks_tables import best as best_of, yaml_text
    from vanban.check import check_file
    from vanban.deliver import pdf
    from vanban.ingest import import_file
    from vanban.model import load_text
    doc = load_text(yaml_text(rows))
    path = tmp / f"long-{rows}.docx"

    def best(fn):
        return best_of(fn, runs)
    vanban.render_bytes(doc)
    render = best(lambda: path.write_bytes(vanban.render_bytes(doc)))
    check = best(lambda: check_file(path))
    imp = best(lambda: import_file(path))
    got = import_file(path).doc
    from support.table_cases import tables_of
    table = tables_of(got)[0]
    t = time.perf_counter()
    pdf.convert([path])
    to_pdf = time.perf_counter() - t
    pdf_import = best(lambda: import_file(path.with_suffix(".pdf")))
    from_pdf = tables_of(import_file(path.with_suffix(".pdf")).doc)
    print(f"{rows}-row table: render {render * 1000:.0f} ms, check .docx {check * 1000:.0f} ms, import .docx "
          f"{imp * 1000:.0f} ms ({len(table.dong)} rows back), LibreOffice to PDF {to_pdf:.1f} s, import PDF "
          f"{pdf_import:.1f} s ({len(from_pdf)} table(s), {sum(len(x.dong) for x in from_pdf)} rows back)")


def _page_words(page) -> list[str]:
    return [w for b in page.blocks for w in b.text.split()]


def word_diff(a: list[str], b: list[str], context: int = 6, limit: int = 40) -> list[str]:
    """The words of the source ``a`` missing from (or out of order in) the re-rendered ``b``, each run
    with ``context`` source words either side, and what the re-rendered text has in their place."""
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in m.get_opcodes():
        if tag in ("delete", "replace"):
            before, after = " ".join(a[max(0, i1 - context):i1]), " ".join(a[i2:i2 + context])
            got = f" | now: {' '.join(b[j1:j2])[:160]}" if tag == "replace" else ""
            out.append(f"    -{i2 - i1:3d} …{before} [[{' '.join(a[i1:i2])[:400]}]] {after}…{got}")
    return out[:limit]


def _source_tables(page) -> list[tuple[int, int]]:
    from vanban.ingest.tables import is_data, owner
    out = []
    for n, g in sorted(page.tables.items()):
        blocks = [b for b in page.blocks if b.cell is not None and owner(b)[0] == n]
        if is_data(g, blocks, False) and not any(_layout_text(b.text) for b in blocks):
            out.append((g.height, g.width))
    return out


def docx_tables(data: bytes) -> list[tuple[int, int]]:
    """Rows x columns of each table of a .docx that is not a layout (header, Kính gửi, Nơi nhận and
    signature), counted with python-docx, independently of vanban's reader: rows as Word stores them,
    columns as the widest row's grid (a cell spanning two columns counts two). Tables inside tables
    are left out, as vanban's reader keeps only the outer grid of a layout."""
    import io

    import docx
    out = []
    for t in docx.Document(io.BytesIO(data)).tables:
        trs = t._tbl.tr_lst
        width = max((sum(int(tc.tcPr.gridSpan.val) if tc.tcPr is not None and tc.tcPr.gridSpan is not None else 1
                         for tc in tr.tc_lst) for tr in trs), default=0)
        cells = ["".join(x.text or "" for x in tc.iter(docx.oxml.ns.qn("w:t"))).strip()
                 for tr in trs for tc in tr.tc_lst]
        lines = [" ".join("".join(x.text or "" for x in p.iter(docx.oxml.ns.qn("w:t"))).split())
                 for tr in trs for tc in tr.tc_lst for p in tc.iter(docx.oxml.ns.qn("w:p"))]
        if any(cells) and not any(_layout_text(x) for x in lines if x) and len(trs) >= 2:
            out.append((len(trs), width))
    return out


def _layout_text(text: str) -> bool:
    from vanban.reading import locate
    return locate.is_quoc_hieu(text) or locate.is_noi_nhan(text) or (text.startswith("Số") and locate.is_number_line(text)) or \
        locate.is_kinh_gui(text)


def corpus(files: list[Path], tmp: Path, diff: bool = False) -> None:
    from unittest import mock

    from vanban.ingest import appendices, from_page, read_page, tables
    from support.table_cases import tables_of
    sys.path.insert(0, str(ROOT / "benchmarks"))
    others = importlib.import_module("others")   # the same word normalization as benchmarks/others.py
    from vanban.deliver.office import to_docx   # .doc/.odt/.rtf through LibreOffice, as `vanban import` does
    gather = tables.gather
    for f in files:
        try:
            page = read_page(f, to_docx=to_docx)
            kept = {}
            for mode in ("before", "now"):
                patches = [mock.patch.object(tables, "gather", lambda b, i, t, u, n: gather(b, i, {}, u, n)),
                           mock.patch.object(appendices, "read", lambda *a: [])] if mode == "before" else []
                for p in patches:
                    p.start()
                try:
                    imported = from_page(page, str(f))
                finally:
                    for p in patches:
                        p.stop()
                out = tmp / f"{f.stem}-{mode}.docx"
                vanban.render(imported.doc, out)
                a, b = _page_words(page), _page_words(read_page(out))
                m = difflib.SequenceMatcher(None, a, b, autojunk=False)
                kept[mode] = sum(x.size for x in m.get_matching_blocks()) / max(1, len(a))
                kept[mode + " normalized"] = others.kept_in_order(others.words(" ".join(a)), others.words(" ".join(b)))
            src = _source_tables(page)
            back = [(len(t.cot) + len(t.dong), t.width) for t in tables_of(imported.doc)]
            own = _tables_or_why(f, to_docx)
            print(f"  {f.name[:60]:60s} words in order {kept['before']:.1%} -> {kept['now']:.1%}; "
                  f"(case and edge punctuation ignored as others.py does: {kept['now normalized']:.1%}); "
                  f"tables rows x cols source {src} re-rendered {back} {'same' if src == back else 'DIFFER'}; "
                  f"python-docx on the source {own} {'' if not own.startswith('[') else 'same' if own == str(back) else 'DIFFER'}")
            if diff and kept["now"] < 1:
                print("\n".join(word_diff(a, b)))
        except Exception as exc:  # noqa: BLE001 -- a benchmark reports and goes on
            print(f"  {f.name[:60]:60s} {type(exc).__name__}: {str(exc)[:120]}; python-docx on the source "
                  f"{_tables_or_why(f, to_docx)}")


def _tables_or_why(f: Path, to_docx) -> str:
    """The source's tables counted by python-docx, or why they cannot be (a PDF; not a .docx at all)."""
    if f.suffix.lower() == ".pdf":
        return "n/a (PDF)"
    try:
        return str(docx_tables(to_docx(f) if f.suffix.lower() in OFFICE else f.read_bytes()))
    except Exception as exc:  # noqa: BLE001
        return f"unreadable ({type(exc).__name__})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--corpus", nargs="*", type=Path)
    ap.add_argument("--diff", action="store_true", help="print, per real document, the source words lost or "
                    "out of order after import and re-render, in their context")
    ap.add_argument("--corpus-only", action="store_true", help="only the real documents")
    args = ap.parse_args()
    import importlib.util
    spec = importlib.util.spec_from_file_location("benchmarks_tables", ROOT / "benchmarks" / "tables.py")
    sys.modules["benchmarks_tables"] = module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print("(timings on a machine shared with other jobs: compare within one run)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not args.corpus_only:
            round_trips(tmp)
            ten_units(tmp)
            long_table(tmp, args.rows, args.runs)
        files = args.corpus if args.corpus is not None else sorted(WORK.glob("*/*.docx"))
        if files:
            print(f"real documents ({len(files)}): words of the source kept in order after import and re-render, "
                  "before (tables as comments) -> now")
            corpus(files, tmp, args.diff)


if __name__ == "__main__":
    main()
