"""A table broken over pages comes back as one table (issue 25, reading/pdf_tables.py, ocr_tables.py).

Three leftovers of reading a PDF's tables, each tested on documents made here: vanban renders a
plan whose table spills onto the next page, LibreOffice prints it, and the PDF (or its scan) is
imported.

* a table's last row alone at the top of the next page (two lines across: no table by itself)
  joins the table, on a text PDF and on a scan;
* a table whose next page is drawn at another scale and offset (a re-layout, a scan fed askew)
  joins when its columns agree once scaled and moved; a different table drawn to the same frame
  right after it (its own heading row) does not;
* the heading row repeated at the top of the next page is no data row once joined.

The pure functions that decide are tested on figures first (the held-out scan's columns, moved
by a re-layout: 96.8 | 69.7 pt on one page, 87.4 | 79.4 on the next).
"""
from __future__ import annotations

import copy
import ctypes
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

import vanban
from support.table_cases import HEAD, differences, tables_of
from vanban.model import VanBan
from vanban.reading import ocr_tables, pdf_tables
from vanban.reading.geometry import Line, Word

COLS = ["TT", "Nội dung công việc", "Thời gian", "Đơn vị chủ trì"]
#: Rows that fill the first page to the last line, and one more alone on the next (measured with
#: LibreOffice 2026-12-06; the fixture checks it on every run, so a new layout fails loudly).
LONE_WITH_HEADING, LONE_WITHOUT_HEADING = 28, 29


# ------------------------------------------------------------------ the deciding functions, on figures
@pytest.mark.pure
def test_column_edges_agree_once_scaled_and_moved():
    a = [85.1, 116.2, 357.8, 459.1, 552.8]
    assert pdf_tables.edges_agree(a, a)
    assert pdf_tables.edges_agree(a, [94.5 + (x - a[0]) * 0.97 for x in a])          # a scan at 97 %, 9 pt on
    # The held-out scan: the last inner edge moved 9.4 pt by a re-layout, the frame the same.
    b = [60.0, 90.0, 260.0, 360.0, 456.8, 526.5]
    assert pdf_tables.edges_agree(b, [60.0, 90.0, 260.0, 360.0, 447.4, 526.8])
    assert not pdf_tables.edges_agree(a, a[:-1])                                      # a column more
    assert not pdf_tables.edges_agree(a, [85.1, 116.2, 300.0, 459.1, 552.8])          # an edge elsewhere
    assert not pdf_tables.edges_agree(a, [85.1 + (x - a[0]) * 1.1 for x in a])        # 10 % larger: another
    assert not pdf_tables.edges_agree(a, [x + 60 for x in a])                         # moved 60 pt


def _found(page: int, xs: list[float], ys: list[float], rows: list[list[str]], bold: bool = False,
           across: "list[int] | None" = None) -> pdf_tables.Found:
    """A table on ``page`` with a cell a column (or, in row ``k`` of ``across``, a first cell and one
    cell over the rest) and its words, one line a cell."""
    cells, lines = [], []
    for r in range(len(ys) - 1):
        spans = [(0, 1), (1, len(xs) - 2)] if across and r in across else [(c, 1) for c in range(len(xs) - 1)]
        cells.append([pdf_tables.GridCell(r, c, 1, n) for c, n in spans])
        for (c, n), text in zip(spans, rows[r]):
            if text:
                x0, top = xs[c] + 3, ys[r] + 4
                lines.append(Line([Word(text, x0, x0 + 5 * len(text), top, top + 11, 12, bold and r == 0)], page))
    return pdf_tables.Found(page, xs, ys, cells, lines)


XS = [85.0, 116.0, 358.0, 459.0, 553.0]


@pytest.mark.pure
def test_a_lone_row_joins_and_a_heading_row_of_its_own_does_not():
    a = _found(0, XS, [700, 720, 740, 760], [COLS, ["1", "Việc một", "Tháng 1", "Phòng A"],
                                             ["2", "Việc hai", "Tháng 2", "Phòng B"]], bold=True)
    lone = _found(1, XS, [60, 80], [["3", "Việc ba", "Tháng 3", "Phòng C"]])
    assert pdf_tables.continues(a, lone, True)
    assert not pdf_tables.continues(a, lone, False)           # text between them
    repeated = _found(1, XS, [60, 80, 100], [COLS, ["3", "Việc ba", "Tháng 3", "Phòng C"]], bold=True)
    assert pdf_tables.continues(a, repeated, True)
    other = _found(1, XS, [60, 80, 100], [["STT", "Tên trường", "Số lớp", "Số trẻ"], ["1", "Trường A", "9", "201"]],
                   bold=True)
    assert not pdf_tables.continues(a, other, True)
    # A group's row at the top of the next page is bold too, its name across the rest: it goes on.
    group = _found(1, XS, [60, 80, 100], [["II", "Nhóm nhiệm vụ thứ hai"], ["3", "Việc ba", "Tháng 3", "Phòng C"]],
                   bold=True, across=[0])
    assert pdf_tables.continues(a, group, True)


class _Page:
    def __init__(self, rules, height=842.0):
        self.rules, self.height = rules, height


def _rules(xs, ys):
    return [pdf_tables.Rule(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs] + \
        [pdf_tables.Rule(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]


def _line(page: int, text: str, top: float) -> Line:
    return Line([Word(text, 90, 90 + 6 * len(text), top, top + 11, 12)], page)


@pytest.mark.pure
@pytest.mark.parametrize("between,kept", [(None, True), ("2", True), ("Đoạn văn giữa hai bảng.", False)])
def test_find_keeps_a_lone_row_only_after_the_table_it_ends(between, kept):
    """A lone row is kept only as the last row of the table ending the page before: with nothing
    between but a page number in the top margin; a line of text between leaves it text."""
    ys0, ys1 = [700, 720, 740, 760], [90, 110]
    pages = [_Page(_rules(XS, ys0)), _Page(_rules(XS, ys1))]
    lines = _found(0, XS, ys0, [["1", "Việc một", "a", "b"]] * 3).lines + _found(1, XS, ys1, [["4", "Việc", "c", "d"]]).lines
    if between:
        lines.append(_line(1, between, 30 if between == "2" else 70))
    found = pdf_tables.find(pages, lines)
    assert [len(f.ys) - 1 for f in found] == ([3, 1] if kept else [3])
    assert [f.joins for f in found] == ([False, True] if kept else [False])
    # Without the table before, a lone row is a frame round a line of text: no table.
    assert pdf_tables.find(pages[1:], [ln for ln in lines if ln.page == 1 and ln.top > 80]) == []


@pytest.mark.pure
def test_a_scans_lone_row_counts_only_near_the_top_of_the_page():
    def page(top: int) -> np.ndarray:
        img = np.full((1600, 1200), 255, np.uint8)
        for y in (top, top + 40):
            img[y:y + 3, 100:1003] = 0
        for x in (100, 200, 600, 1000):
            img[top:top + 43, x:x + 3] = 0
        return img
    assert ocr_tables.find(page(150), 150).table         # a table's last row on the next page
    assert not ocr_tables.find(page(900), 150).table     # a frame round a line lower down: no table


# ------------------------------------------------------------------ documents printed by LibreOffice
needs_lo = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                              reason="LibreOffice or poppler-utils not installed")


def spill(rows: int, heading: bool = True, units: "dict[int, str] | None" = None) -> VanBan:
    """A plan whose one table holds ``rows`` rows (TT typed, ``units`` naming some rows' unit)."""
    data = copy.deepcopy(HEAD)
    # Short cells, one line each (a row's height is one line whatever its words): little for OCR to read.
    bang = {"dong": [[str(k), f"Việc số {k}", f"Tháng {k % 12 + 1}", (units or {}).get(k, "Phòng Nội vụ")]
                     for k in range(1, rows + 1)]}
    if heading:
        bang["cot"] = list(COLS)
    data["noi_dung"] = [{"tieu_de": "Phân công", "doan": ["Các đơn vị thực hiện theo bảng sau.", {"bang": bang}]}]
    return VanBan.model_validate(data)


def two_tables(rows: int = 27) -> VanBan:
    """A plan whose first table ends its first page and a second, other table (its own heading, the
    same columns' widths) starts the next."""
    data = copy.deepcopy(HEAD)
    widths = [1, 7, 3, 3]
    a = {"rong": widths, "cot": list(COLS),
         "dong": [[str(k), f"Việc số {k}", f"Tháng {k % 12 + 1}", "Phòng Nội vụ"] for k in range(1, rows + 1)]}
    b = {"rong": widths, "cot": ["STT", "Tên trường học", "Số lớp", "Số trẻ"],
         "dong": [[str(k), f"Trường mầm non xã số {k}", str(10 + k), str(300 + k)] for k in range(1, 4)]}
    data["noi_dung"] = [{"tieu_de": "Phân công", "doan": ["Các đơn vị thực hiện theo bảng sau.", {"bang": a},
                                                           {"bang": b}]}]
    return VanBan.model_validate(data)


def printed(model: VanBan, path: Path) -> Path:
    from vanban.deliver import pdf
    docx = path.with_suffix(".docx")
    docx.write_bytes(vanban.render_bytes(model))
    assert pdf.convert([docx])[0].status == "ok"
    return path.with_suffix(".pdf")


def page_texts(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")


def task_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"Việc số (\d+)", text)]


def rescaled(path: Path, out: Path, scale: float, shift: float) -> Path:
    """``path`` with every page after the first drawn at ``scale`` and moved ``shift`` points right
    (its table's columns on the next page other than on the first, as a re-layout draws them)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    doc = pdfium.PdfDocument(str(path))
    for k in range(1, len(doc)):
        page = doc[k]
        height = page.get_size()[1]
        matrix = raw.FS_MATRIX(scale, 0, 0, scale, shift, (1 - scale) * height)
        assert raw.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(matrix), None)
        page.gen_content()
    doc.save(str(out))
    doc.close()
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """name -> (model, PDF): the documents below, printed, each checked to lie on its pages as meant."""
    tmp = tmp_path_factory.mktemp("over-pages")
    models = {"lone": spill(LONE_WITHOUT_HEADING, heading=False),
              "lone-heading": spill(LONE_WITH_HEADING),
              "rescaled": spill(LONE_WITH_HEADING + 1, units={3: "UBND các xã", LONE_WITH_HEADING + 1: "UBND các xã"}),
              "two": two_tables()}
    out = {name: (m, printed(m, tmp / name)) for name, m in models.items()}
    lone = page_texts(out["lone"][1])
    assert task_numbers(lone[1]) == [LONE_WITHOUT_HEADING], "the last row is no longer alone on page 2"
    heading = page_texts(out["lone-heading"][1])
    assert task_numbers(heading[1]) == [LONE_WITH_HEADING] and "Nội dung công việc" in heading[1]
    assert task_numbers(page_texts(out["rescaled"][1])[1]) == [LONE_WITH_HEADING, LONE_WITH_HEADING + 1]
    two = page_texts(out["two"][1])
    assert "Tên trường học" in two[1] and "Tên trường học" not in two[0] and task_numbers(two[1]) == []
    out["rescaled"] = (out["rescaled"][0], rescaled(out["rescaled"][1], tmp / "rescaled-97.pdf", 0.97, 12))
    return out


@needs_lo
def test_a_lone_last_row_on_the_next_page_joins_its_table(pdfs):
    model, path = pdfs["lone"]
    got = vanban.import_document(path)
    assert [(len(t.cot), len(t.dong)) for t in tables_of(got)] == [(0, LONE_WITHOUT_HEADING)]
    assert differences(model, got) == []


@needs_lo
def test_a_heading_repeated_over_a_lone_row_is_no_data_row(pdfs):
    model, path = pdfs["lone-heading"]
    got = vanban.import_document(path)
    (table,) = tables_of(got)
    assert len(table.cot) == 1 and len(table.dong) == LONE_WITH_HEADING
    assert not any("Nội dung công việc" in str(row) for row in table.dong)
    assert differences(model, got) == []


@needs_lo
def test_columns_drawn_at_another_scale_on_the_next_page_join(pdfs):
    model, path = pdfs["rescaled"]
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    first, second = (pdf_tables.grids(pdf_tables.rules_of(doc[k]), k)[0] for k in range(2))
    doc.close()
    assert not pdf_tables._same_columns(first, second) and pdf_tables.edges_agree(first.xs, second.xs)
    got = vanban.import_document(path)
    (table,) = tables_of(got)
    assert len(table.cot) == 1 and len(table.dong) == LONE_WITH_HEADING + 1
    assert differences(model, got) == []


@needs_lo
def test_another_table_with_its_own_heading_on_the_next_page_stays_apart(pdfs):
    model, path = pdfs["two"]
    got = vanban.import_document(path)
    assert [(len(t.cot), len(t.dong)) for t in tables_of(got)] == [(1, 27), (1, 3)]
    assert differences(model, got) == []


# ------------------------------------------------------------------ a scanned page (one, small: OCR costs seconds)
def with_scanned_pages(pdf: Path, out: Path, scale: float = 1.02, shift: int = 25) -> Path:
    """``pdf`` with every page after the first scanned at 300 dpi, grey, fed at ``scale`` and
    ``shift`` pixels right and down (another scale and offset than the first page's). The first
    page keeps its text layer: only the short page is read by OCR, a few seconds, and the table
    goes on from strokes to borders found in pixels (a fully scanned plan: test_ocr_tables)."""
    Image = pytest.importorskip("PIL.Image")
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(pdf))
    result = pdfium.PdfDocument.new()
    result.import_pages(doc, [0])
    for k in range(1, len(doc)):
        img = doc[k].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
        big = img.resize((round(img.width * scale), round(img.height * scale)), Image.BILINEAR)
        fed = Image.new("L", img.size, 255)
        fed.paste(big.crop((0, 0, img.width - shift, img.height - shift)), (shift, shift))
        scan = out.with_name(f"{out.stem}-p{k}.pdf")
        fed.save(scan, resolution=300)
        page = pdfium.PdfDocument(str(scan))
        result.import_pages(page)
        page.close()
    result.save(str(out))
    doc.close()
    return out


@needs_lo
@pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm")), reason="Tesseract or poppler not installed")
def test_a_scanned_lone_last_row_at_another_scale_joins_its_table(pdfs, tmp_path):
    model, path = pdfs["lone"]
    mixed = with_scanned_pages(path, tmp_path / "lone-scan.pdf")
    texts = page_texts(mixed)
    assert task_numbers(texts[0])[-1] == LONE_WITHOUT_HEADING - 1 and not texts[1].strip()   # page 2: pixels only
    got = vanban.import_document(mixed)
    assert [(len(t.cot), len(t.dong)) for t in tables_of(got)] == [(0, LONE_WITHOUT_HEADING)]
    last = [c.text if hasattr(c, "text") else str(c) for c in tables_of(got)[0].dong[-1]]
    assert last[1:] == [f"Việc số {LONE_WITHOUT_HEADING}", f"Tháng {LONE_WITHOUT_HEADING % 12 + 1}", "Phòng Nội vụ"]
