"""A table of the body as a real Word table, laid out the way offices lay them out.

Times New Roman at :data:`SIZE` pt, the heading rows bold, centred and repeated on every page
(``w:tblHeader``), no row split across pages (``w:cantSplit``), single borders, merged cells as
``w:gridSpan`` and ``w:vMerge``, and a fixed layout whose columns add up to the text area exactly.
The XML is written as text in one pass (no object model), so a 500-row table costs milliseconds.
"""
from __future__ import annotations

from typing import Optional

from vanban.decree.tables import is_tt_heading
from vanban.decree.layout import DECREE
from vanban.decree.lengths import twips
from vanban.model.inline import Run
from vanban.model.printed import PrintedCell, PrintedTable
from vanban.rendering import ooxml

#: Font size of table text. Appendix I fixes no size of its own for tables; offices print them at
#: 12-13 pt. 13 pt is the smallest the decree allows for body text (13-14), so a table reads as
#: part of the text and ``check``'s body-size rule holds for it too.
SIZE = 13
assert SIZE in DECREE.body
#: Space above and below the text of a cell, in points: enough to keep it off the borders.
PAD_PT = 2
_BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
_BORDERS = "<w:tblBorders>" + "".join(_BORDER.format(side=s) for s in
                                      ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>"
_SZ = f'<w:sz w:val="{SIZE * 2}"/><w:szCs w:val="{SIZE * 2}"/>'


def _run(r: Run, ids: dict[str, int], bold: bool) -> str:
    if r.footnote is not None:
        return ooxml.run(r, ids)
    props = ("<w:b/><w:bCs/>" if (r.bold or bold) else "") + ("<w:i/><w:iCs/>" if r.italic else "") + _SZ
    return f"<w:r><w:rPr>{props}</w:rPr>{ooxml.text(r.text)}</w:r>"


def _paragraph(runs: list[Run], ids: dict[str, int], align: str, bold: bool = False, keep_next: bool = False) -> str:
    ppr = (("<w:keepNext/>" if keep_next else "") +
           f'<w:spacing w:before="{PAD_PT * 20}" w:after="{PAD_PT * 20}" w:line="240" w:lineRule="auto"/>'
           f'<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="{align}"/>'
           f"<w:rPr>{'<w:b/><w:bCs/>' if bold else ''}{_SZ}</w:rPr>")
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(_run(r, ids, bold) for r in runs)}</w:p>"


def weights(table: PrintedTable) -> list[float]:
    """Relative column widths: the ones given, else from the text the columns hold (a TT column
    narrow, a long-text column wide), looked at over the first rows only."""
    if table.weights:
        return list(table.weights)
    n = table.width
    length = [0.0] * n
    for row in table.rows[:60]:
        for c in row:
            if c.cols == 1:
                length[c.col] = max(length[c.col], min(60.0, len(ooxml.clean("".join(r.text for r in c.runs)))))
    heads = {c.col: "".join(r.text for r in c.runs).strip().lower() for row in table.heading for c in row if c.cols == 1}
    out = []
    tt = [k for k in range(n) if (k == 0 and table.numbered) or is_tt_heading(heads.get(k, ""))]
    for k in range(n):
        out.append(4.0 if k in tt else max(10.0, length[k], len(heads.get(k, "")) * 0.6))
    # A TT column keeps "TT" in bold on one line: at least 1/16 of the width (10 mm of 165 mm).
    for k in tt:
        out[k] = max(out[k], (sum(out) - out[k]) / 15)
    return out


def column_twips(table: PrintedTable, width_mm: float) -> list[int]:
    """Each column's width in twips; they add up to ``width_mm`` exactly."""
    w = weights(table)
    total = twips(width_mm)
    cols = [int(total * x / sum(w)) for x in w]
    cols[-1] += total - sum(cols)
    return cols


def _row_xml(cells: list[PrintedCell], covered: dict[int, PrintedCell], cols: list[int], ids: dict[str, int],
             heading: bool, numbered: bool) -> str:
    """One ``w:tr``; ``covered`` maps a column to the cell merged down into this row from above."""
    by_col = {c.col: c for c in cells}
    out, k = [], 0
    while k < len(cols):
        cell, cont = by_col.get(k), None
        if cell is None:
            cont = covered.get(k)
            if cont is None:   # cannot happen for a validated table; keep the grid whole anyway
                cell = PrintedCell(0, k, 1, 1, [])
        src = cell or cont
        span = src.cols
        width = sum(cols[k:k + span])
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>' + (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "")
        if cont is not None:
            tcpr += "<w:vMerge/>"
        elif src.rows > 1:
            tcpr += '<w:vMerge w:val="restart"/>'
        tcpr += '<w:vAlign w:val="center"/>'
        if cont is not None:
            body = _paragraph([], ids, "center")
        else:
            align = "center" if heading or (numbered and k == 0) else "left"
            body = _paragraph(src.runs, ids, align, bold=heading)
        out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>")
        k += span
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if heading else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(out)}</w:tr>"


def _rows_xml(rows: list[list[PrintedCell]], cols: list[int], ids: dict[str, int], heading: bool, numbered: bool) -> str:
    covered: dict[int, dict[int, PrintedCell]] = {}
    for row in rows:
        for c in row:
            for dr in range(1, c.rows):
                covered.setdefault(c.row + dr, {})[c.col] = c
    return "".join(_row_xml(row, covered.get(r, {}), cols, ids, heading, numbered) for r, row in enumerate(rows))


def table_xml(table: PrintedTable, width_mm: float, ids: Optional[dict[str, int]] = None,
              caption_style: str = "") -> str:
    """The table (and its caption) as WordprocessingML, ``width_mm`` wide."""
    ids = ids or {}
    cols = column_twips(table, width_mm)
    caption = ""
    if table.caption:
        caption = ooxml.paragraph(caption_style, table.caption, ids, keep_next=True) if caption_style else \
            _paragraph(table.caption, ids, "center", bold=True, keep_next=True)
    props = (f'<w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="center"/>{_BORDERS}<w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
             'w:noHBand="1" w:noVBand="1"/>')
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)
    return (f"{caption}<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            f"{_rows_xml(table.heading, cols, ids, True, False)}{_rows_xml(table.rows, cols, ids, False, table.numbered)}"
            "</w:tbl>")


#: An empty paragraph two points high: Word joins two tables with nothing between them, and a
#: section cannot end on a table.
SPACER = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="40" w:lineRule="exact"/>'
          '<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>')

__all__ = ["table_xml", "column_twips", "weights", "SIZE", "SPACER"]
