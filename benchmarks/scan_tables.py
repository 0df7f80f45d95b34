"""Tables on scanned pages (issue 25, vanban/reading/ocr_tables.py and ocr_cells.py) against counts by hand.

    python benchmarks/scan_tables.py [--set work|held_out3] [--baseline CHECKOUT] [--max-pages 12]
        [--no-table FILE ...]

For every scan of the set whose tables were counted by hand on its page images (the counts and
the files' sha256 are in tests/test_ocr_tables.py, HAND_COUNTED; held_out3's below, HELD_OUT3,
counted once the code was final), prints the tables found (rows x columns, in order) against the
hand count, and the seconds of OCR per page. With ``--baseline CHECKOUT`` the same file is read
by that checkout first (in a subprocess, that checkout first on the path), interleaved file by
file so that the load of the machine falls on both alike. ``--no-table FILE`` measures what the
table search adds to a scan without a table: the page drawn and searched (numpy) against the page
drawn alone, per page, and the whole OCR of the file by each checkout.

Words kept in order after import and re-rendering: ``python benchmarks/others.py --set work3
--only NAME --diff`` and ``python benchmarks/tables_roundtrip.py --corpus-only --corpus FILES --diff``.

Measured on branch scantab31 (2026-12-06, machine loaded by two other helpers; one run each, the
baseline /work/main read first file by file). The work sets' scans whose page images show a ruled
table: work/das/kh-753 (2 tables), work3/truong-dh/XwU (1 table over 3 pages), work3/kgu/20 gm gavi
(1, on the attached form), work3/kgu/1979 syt tccb (1, on the attached landscape form),
work3/bv-dongnai/2017_4782 (21 in the first 12 pages read; more after). work/aihanhchinh/3588 carries
a 277-row table over 17 pages but is no scan to vanban (its text layer is read, the table already
came back before). work2 has no scan.
  tables found 26 (hand 26; before 0), rows x columns right 23/26 (before 0/26): the two misses of
  2017_4782 are a table's last row alone at the top of the next page (two lines across: no grid to
  the grid builder, which needs three), 1979's page is warped and stamped over (11 x 10 for 9 x 9).
  Words kept in order (others.py, before -> now): kh-753 98.2 -> 98.5 %, XwU 98.3 -> 98.6 %, gavi
  48.9 -> 49.1 %, 2017_4782 11.7 -> 12.2 %, 1979 33.2 -> 14.5 % (its form's cells sit at the foot
  of p. 2 and were read as one footnote, which the re-render printed; now they are a table, and
  import does not place a form attached after the signature without "Phụ lục", gavi's neither:
  tables_roundtrip's "re-rendered []"). tables_roundtrip --corpus-only: kh-753 [(6, 3), (6, 4)] and
  XwU [(20, 5)] re-rendered the same rows x columns, words in order 86.5 -> 98.4 % and 65.3 -> 98.5 %
  (tables as comments -> tables).
  OCR seconds per page (others.py, before -> now): kh-753 6.6 -> 3.7, XwU 9.9 -> 2.6, gavi 4.1 -> 2.1,
  2017_4782 2.3 -> 1.7 (a page is drawn as PGM: pdftoppm's PNG took 0.9-1.1 s a page to compress;
  Tesseract reads a page whose borders are painted out faster; the cells' stack is one more run).
  Scans without a table (1942 kh syt, 2016 tb syt, 5064 QD-SYT; 7 pages): the table search 0.12-0.13 s
  a page, drawing PGM 0.12-0.15 s against PNG 0.87-1.10 s: a page costs ~0.7 s less than before.
held_out3, measured once after the code was final (its 8 PDFs are all scans, 4 carry ruled tables;
counted by hand on the page images before the run): tables right 4/5 (before 0/5), 6 found for 5
by hand: truong-dh/oim…82 tb's table over two pages comes back as two (6 x 5 and 9 x 5 for one
15 x 5): its last two columns are 96.8 | 69.7 pt wide on p. 1 and 87.4 | 79.4 pt on p. 2 (the
source's rows were not of one width), and a table is joined only when its columns' widths agree
within 3 pt, as the text-PDF path does. OCR seconds per page before -> now: 5.8 -> 4.6, 7.3 -> 4.4,
6.2 -> 4.0, 15.7 -> 3.8 (one run, loaded).

Branch scantab32 (2026-12-06, machine loaded by five other helpers, load average ~12 on 2 cores):
tables over pages joined (reading/pdf_tables.continues): a lone last row at the top of the next page
(two lines across) and columns that agree once scaled and moved. work: rows x columns right 23/26 ->
25/26 (2017_4782's two tables a row short now whole, 21/21; 1979 unchanged); held_out3 (interleaved
with --baseline, one run): found 6 -> 5 for 5, right 4/5 -> 5/5 (oim…82's 6 x 5 + 9 x 5 now 15 x 5).
OCR seconds per page, interleaved, before -> now: 1.27 -> 1.59, 2.72 -> 2.60, 1.93 -> 2.13,
1.77 -> 2.56 (sum 7.69 -> 8.88, 1.15x; noise of the load: the table search differs from before on
2 of ~110 pages rasterised from work, held_out3, held_out4 and held_out5 -- 2017_4782 pp. 5 and 8,
the two lone rows -- so no page gains a cell reading elsewhere).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CORPUS = Path("/work/corpus-others")
#: held_out3's scans with tables, counted by hand on the page images after the code was final
#: (sha256 -> rows x columns of each table, in order; the first --max-pages pages).
#: The 8 held_out3 PDFs are all scans; 4 carry ruled tables (the others are text only).
HELD_OUT3: dict[str, list[tuple[int, int]]] = {
    # kgu/01 dl btc, p. 6: the team's registration form, TT | Họ và tên | Đơn vị | Số áo | Chức vụ/vị trí, rows 1-12.
    "5f05280ae288e17160dc9819e87b2f5176b32ccfea3136b077eb42c361517f45": [(13, 5)],
    # kgu/2275 SYT NVY, p. 1: STT | Nội dung | Đơn vị tính | Tổng, rows 1-6.
    "89e92032c4406fad63afd6da0857353e8988ebc5f82830a8b1a80d7316710b0d": [(7, 4)],
    # truong-dh/oim…82 tb: TT | Nội dung công việc | Thời gian thực hiện | Đơn vị thực hiện | Ghi chú, rows 1-5
    # on p. 1, 6-14 on p. 2 (heading not repeated).
    "e26cfd7588955697481b233dad214e51793c118b75ead53d5549d192e2a21646": [(15, 5)],
    # truong-bgh/Tuyen thuc tap dot 3: STT | Ngày | Công việc, rows 1-3 on p. 1, rows 1-4 on p. 2 (thin grey lines).
    "75213aa16ae41d060f8e3a82e4ea5480bef3e06c9e27e986d275e72d4fe71c6b": [(4, 3), (5, 3)],
}

_READ = """
import json, sys, time
from vanban.reading import ocr, pdf_text
t = time.perf_counter()
page, pages = pdf_text.read_pages(sys.argv[1], ocr_limits=ocr.Limits(max_pages=int(sys.argv[2]), timeout=1800, progress=False))
print(json.dumps({"seconds": time.perf_counter() - t, "ocr_pages": sum(1 for p in pages if p.ocr),
                  "tables": [[g.height, g.width] for n, g in sorted(page.tables.items()) if n >= 2]}))
"""


def read_with(checkout: Path, path: Path, max_pages: int) -> dict:
    """Tables and OCR time of one file as ``checkout`` reads it (a fresh process: nothing cached)."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    run = subprocess.run([sys.executable, "-c", _READ, str(path), str(max_pages)], capture_output=True, text=True,
                         env=env, cwd=str(checkout), timeout=3600)
    if run.returncode != 0:
        return {"error": run.stderr.strip().splitlines()[-1][:160] if run.stderr.strip() else "failed"}
    return json.loads(run.stdout.strip().splitlines()[-1])


def counted(which: str) -> dict[str, list[tuple[int, int]]]:
    if which == "held_out3":
        return HELD_OUT3
    from test_ocr_tables import HAND_COUNTED
    return HAND_COUNTED


def files(which: str) -> list[tuple[Path, list[tuple[int, int]]]]:
    hand = counted(which)
    folders = ["held_out3"] if which == "held_out3" else ["work", "work2", "work3"]
    out = []
    for folder in folders:
        for path in sorted((CORPUS / folder).glob("**/*.pdf")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in hand:
                out.append((path, [tuple(x) for x in hand[digest]]))
    return out


def score(found: list, hand: list) -> tuple[int, int]:
    """Tables of the hand count given back with the right rows x columns, in order (a table found
    where there is none, or one missed, shifts nothing: compared as sequences)."""
    import difflib
    m = difflib.SequenceMatcher(None, [tuple(x) for x in found], hand, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()), len(hand)


def no_table_cost(path: Path, baseline: "Path | None", max_pages: int) -> None:
    """What the table search adds to the pages of a scan without a table."""
    from vanban.reading import ocr_tables
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages")))
        png_s = pgm_s = find_s = 0.0
        for k in range(1, min(pages, max_pages) + 1):
            common = ["pdftoppm", "-r", "300", "-gray", "-f", str(k), "-l", str(k), "-singlefile", str(path)]
            t = time.perf_counter()
            subprocess.run(common[:4] + ["-png"] + common[4:] + [f"{tmp}/a"], check=True)
            png_s += time.perf_counter() - t
            t = time.perf_counter()
            subprocess.run(common + [f"{tmp}/b"], check=True)
            pgm_s += time.perf_counter() - t
            image = ocr_tables.read_pgm(f"{tmp}/b.pgm")
            t = time.perf_counter()
            found = ocr_tables.find(image, 300)
            find_s += time.perf_counter() - t
            assert not found.table, f"{path.name} p. {k}: a table found on a page without one"
        n = min(pages, max_pages)
        print(f"  {path.name[:50]:50s} {n} page(s): draw PNG {png_s / n:.2f} s/page, draw PGM {pgm_s / n:.2f} s/page, "
              f"table search {find_s / n:.3f} s/page")
        if baseline is not None:
            before, now = read_with(baseline, path, max_pages), read_with(ROOT, path, max_pages)
            if "error" not in before and "error" not in now:
                print(f"  {'':50s} whole OCR: before {before['seconds'] / max(1, before['ocr_pages']):.2f} s/page, "
                      f"now {now['seconds'] / max(1, now['ocr_pages']):.2f} s/page")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="work", choices=["work", "held_out3"])
    ap.add_argument("--baseline", type=Path, help="another checkout (e.g. /work/main) read first, file by file")
    ap.add_argument("--max-pages", type=int, default=12)
    ap.add_argument("--no-table", nargs="*", type=Path, default=[])
    args = ap.parse_args()
    right = total = found_n = hand_n = 0
    right_b = found_b = 0
    for path, hand in files(args.set):
        before = read_with(args.baseline, path, args.max_pages) if args.baseline else None
        now = read_with(ROOT, path, args.max_pages)
        if "error" in now:
            print(f"  {path.name[:50]:50s} ERROR {now['error']}")
            continue
        ok, n = score(now["tables"], hand)
        right, total, found_n, hand_n = right + ok, total + n, found_n + len(now["tables"]), hand_n + len(hand)
        line = (f"  {path.name[:50]:50s} tables {len(now['tables'])}/{len(hand)}, rows x cols right {ok}/{n}; "
                f"OCR {now['seconds'] / max(1, now['ocr_pages']):.2f} s/page")
        if before is not None and "error" not in before:
            ok_b, _n = score(before["tables"], hand)
            right_b, found_b = right_b + ok_b, found_b + len(before["tables"])
            line += (f" | before: tables {len(before['tables'])}, right {ok_b}, "
                     f"OCR {before['seconds'] / max(1, before['ocr_pages']):.2f} s/page")
        print(line)
        if [tuple(x) for x in now["tables"]] != hand:
            print(f"  {'':50s} found {[tuple(x) for x in now['tables']]}\n  {'':50s} hand  {hand}")
    print(f"{args.set}: tables found {found_n} (hand {hand_n}), rows x columns right {right}/{total}"
          + (f"; before: found {found_b}, right {right_b}/{total}" if args.baseline else ""))
    for path in args.no_table:
        no_table_cost(path, args.baseline, args.max_pages)


if __name__ == "__main__":
    main()
