"""Exports of the register.

``xlsx`` and ``csv``: the outgoing register of Decree 30/2020/NĐ-CP appendix IV
(mẫu sổ đăng ký văn bản đi), its ten columns in the decree's order and words;
the workbook is laid out to be printed on A4 landscape and bound, as art. 16
asks of a register kept in a system. ``json`` and ``xml``: one record of
metadata per document (appendix VI: the system gives each outgoing document
its identifier and information fields).

Every text leaves the register through :mod:`vanban.register.cells`: control
characters stripped (with a warning), and a cell a spreadsheet would take for a
formula (``= + - @``, tab, carriage return first) written as text in the xlsx
and with a leading ``'`` in the CSV.

A Party body numbers within its committee term: its rows get an eleventh column
"Nhiệm kỳ" (the CSV has it when any row is a Party row), its xlsx sheets are one
per body, term and series, headed with the term instead of the year, and its
metadata carries the term under ``vanban``. :func:`export_file` never writes over the
register's own database files or any other input.
"""
from __future__ import annotations

import csv
import io
import json
import os
from itertools import groupby
from pathlib import Path
from typing import Iterable, Optional, Union

from vanban.decree import vn
from vanban.deliver.files import check_outputs, write_atomic
from vanban.model import KINDS, Loai
from vanban.register.cells import clean_record, csv_cell, formula_like, removal_warning
from vanban.register.store import CANCELLED, RESERVED, RegisterEntry, Register
from vanban.register.terms import label as own_label

#: Appendix IV, I.2: "Nội dung đăng ký văn bản đi — tối thiểu gồm 10 nội dung".
COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
#: Column widths (characters) that fill an A4 landscape page.
WIDTHS = (14, 11, 42, 16, 34, 14, 8, 10, 10, 16)
#: The column a Party body's rows add, and its width.
TERM_COLUMN, TERM_WIDTH = "Nhiệm kỳ", 12
FORMATS = ("xlsx", "csv", "xml", "json")


def kind_and_subject(entry: RegisterEntry) -> str:
    """Column 3: ``Kế hoạch triển khai …``; a công văn's subject as ``V/v …``."""
    title = KINDS[Loai(entry.kind)].title
    if title is None:
        return f"Công văn V/v {entry.subject}".strip()
    return f"{title[:1]}{title[1:].lower()} {entry.subject}".strip()


def note(entry: RegisterEntry) -> str:
    if entry.state == CANCELLED:
        return f"Hủy số: {entry.reason}"
    if entry.state == RESERVED:
        return "Đã giữ số, chưa phát hành"
    return ""


def term_of(entry: RegisterEntry, labels: Optional[dict] = None) -> str:
    """``2025 – 2030`` for a Party row (from ``labels`` by (body, term), which knows when a term
    ended early; else five years from its start); '' for a row numbered per year."""
    if not entry.term:
        return ""
    return (labels or {}).get((entry.body, entry.term)) or own_label((entry.term,), entry.term)


def register_row(entry: RegisterEntry, term: Optional[str] = None) -> list[str]:
    """The ten columns of one document; 7 to 9 are filled in by hand when it is sent; ``term``:
    the eleventh, a Party body's "Nhiệm kỳ"."""
    row = [entry.so_ky_hieu, vn.short_date(entry.issued_on), kind_and_subject(entry),
           entry.signer or entry.signer_title, "; ".join(entry.recipients), ", ".join(entry.filed),
           "", "", "", note(entry)]
    return row + [term] if term is not None else row


def to_csv(entries: list[RegisterEntry], labels: Optional[dict] = None) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    party = any(e.term for e in entries)
    writer.writerow(COLUMNS + ((TERM_COLUMN,) if party else ()))
    writer.writerows([csv_cell(v) for v in register_row(e, term_of(e, labels) if party else None)]
                     for e in entries)
    return buf.getvalue().encode("utf-8-sig")   # the BOM makes Excel read UTF-8


def _books(entries: list[RegisterEntry]):
    """One register book per body and series (and term, for a Party body)."""
    keyed = sorted(entries, key=lambda e: (e.body, e.term, e.series, e.year, e.number))
    for (body, _term, series), group in groupby(keyed, key=lambda e: (e.body, e.term, e.series)):
        yield body, series, list(group)


def to_xlsx(entries: list[RegisterEntry], year: Optional[int] = None, labels: Optional[dict] = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    font, bold = Font(name="Times New Roman", size=12), Font(name="Times New Roman", size=12, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    books = list(_books(entries)) or [("", "chung", [])]
    used: set[str] = set()
    for body, series, rows in books:
        abbr = body.rsplit("(", 1)[-1].rstrip(")") if body else "So"
        term = term_of(rows[0], labels) if rows and rows[0].term else None
        title = _sheet_title(f"{abbr} {series if series != 'chung' else ''} {term or year or ''}", used)
        columns, widths = (COLUMNS + (TERM_COLUMN,), WIDTHS + (TERM_WIDTH,)) if term else (COLUMNS, WIDTHS)
        ws = book.create_sheet(title)
        name = rows[0].body_name if rows else ""
        kind = KINDS[Loai(series)].title if series in Loai.__members__ else None
        heading = "SỔ ĐĂNG KÝ VĂN BẢN ĐI" + (f" ({kind})" if kind else "")
        span = f"Nhiệm kỳ {term}" if term else f"Năm: {year or (rows[0].year if rows else '')}"
        if rows:
            first, last = rows[0], rows[-1]
            span += (f"     Từ ngày {vn.short_date(first.issued_on)} đến ngày {vn.short_date(last.issued_on)}"
                     f"     Từ số {vn.doc_number(first.number)} đến số {vn.doc_number(last.number)}")
        for r, (text, style) in enumerate(((vn.upper_vi(name), bold), (heading, Font(name="Times New Roman",
                                                                                     size=14, bold=True)),
                                           (span, font)), start=1):
            _put(ws, r, 1, text).font = style
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(columns))
        for c, (heading_text, width) in enumerate(zip(columns, widths), start=1):
            for r, text in ((5, heading_text), (6, f"({c})")):
                cell = ws.cell(r, c, text)
                cell.font, cell.alignment, cell.border = bold if r == 5 else font, centre, box
            ws.column_dimensions[get_column_letter(c)].width = width
        for r, entry in enumerate(rows, start=7):
            values = register_row(entry, term)
            for c, value in enumerate(values, start=1):
                cell = _put(ws, r, c, value)
                cell.font, cell.alignment, cell.border = font, wrap, box
            # Spreadsheets do not grow a row for wrapped text written by a program: give it its lines.
            ws.row_dimensions[r].height = 16 * max(_lines(v, w) for v, w in zip(values, widths)) + 3
        ws.row_dimensions[5].height = 48
        ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.print_title_rows = "5:6"          # the headings again on every printed page
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "Trang &P/&N"
        ws.freeze_panes = "A7"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _put(ws, row: int, column: int, text: str):
    """A cell holding ``text`` as text, never a formula: openpyxl would store ``=…`` as one, which
    Calc and Excel then evaluate; the quote prefix keeps it text when the clerk edits the cell."""
    cell = ws.cell(row, column, text)
    if formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _lines(text: str, width: int) -> int:
    """Lines ``text`` takes in a column ``width`` characters wide (Times New Roman 12 is a
    little wider than the width unit, hence the margin)."""
    import textwrap
    return max(1, len(textwrap.wrap(text, max(4, int(width * 0.95)))))


def _sheet_title(text: str, used: set[str]) -> str:
    # Spreadsheets refuse these characters in a sheet name, and an apostrophe at either end.
    clean = " ".join("".join(ch for ch in text if ch not in "[]:*?/\\").split())[:28].strip("'") or "So"
    title, n = clean, 2
    while title in used:
        title, n = f"{clean[:26]} {n}", n + 1
    used.add(title)
    return title


def identifier(entry: RegisterEntry, organ_id: Optional[str]) -> Optional[str]:
    """The document's identifier: the body's 13-character OrganId, the year and the
    number and code, ``000.00.00.H29.2024.05/LĐLĐ``; none without an OrganId."""
    return f"{organ_id}.{entry.year}.{entry.so_ky_hieu}" if organ_id else None


def metadata(entry: RegisterEntry, organ_id: Optional[str]) -> dict:
    """Appendix VI (Part II, I: "thông tin đầu vào của dữ liệu quản lý văn bản đi") for one outgoing
    document, under the decree's own field names; what the register adds is under ``vanban``.

    Fields the register cannot know (the file code FileCode/DocOrdinal of the dossier, the page
    count, the copies issued, a reply deadline) are null rather than guessed; Priority is 0
    (ordinary: neither urgent nor secret).
    """
    return {
        "Identifier": identifier(entry, organ_id),
        "FileCode": {"OrganId": organ_id, "FileCatalog": entry.year, "FileNotation": None},
        "DocOrdinal": None,
        "TypeName": KINDS[Loai(entry.kind)].name,
        "CodeNumber": f"{entry.number:02d}",
        "CodeNotation": entry.code,
        "IssuedDate": entry.issued_on.strftime("%d/%m/%Y"),
        "OrganName": entry.body_name,
        "Subject": entry.subject,
        "Language": "Tiếng Việt",
        "PageAmount": None,
        "Description": entry.reason,
        "SignerInfo": {"Position": entry.signer_title, "FullName": entry.signer},
        "To": [{"OrganId": None, "OrganName": name} for name in entry.recipients],
        "Priority": 0,
        "IssuedAmount": None,
        "DueDate": None,
        "vanban": {"so_ky_hieu": entry.so_ky_hieu, "series": entry.series, "nhiem_ky": entry.term or None,
                   "state": entry.state,
                   "filed": entry.filed, "file": entry.docx_path, "sha256": entry.sha256,
                   "reserved_at": entry.reserved_at, "issued_at": entry.issued_at},
    }


def _xml_value(parent, key: str, value) -> None:
    import xml.etree.ElementTree as ET
    if isinstance(value, list):
        for item in value:
            _xml_value(parent, key, item)
        return
    child = ET.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(child, k, v)
    elif value is not None:
        child.text = str(value)


def _organ_ids(register: Register, entries: list[RegisterEntry]) -> dict[str, Optional[str]]:
    out = {}
    for key in {e.body for e in entries}:
        body = register.body(key)
        out[key] = body.organ_id if body else None
    return out


def to_json(register: Register, entries: list[RegisterEntry]) -> bytes:
    ids = _organ_ids(register, entries)
    records = [metadata(e, ids[e.body]) for e in entries]
    return (json.dumps({"OutgoingDocuments": records}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xml(register: Register, entries: list[RegisterEntry]) -> bytes:
    import xml.etree.ElementTree as ET
    ids = _organ_ids(register, entries)
    root = ET.Element("OutgoingDocuments")
    for entry in entries:
        node = ET.SubElement(root, "Document")
        for key, value in metadata(entry, ids[entry.body]).items():
            _xml_value(node, key, value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def clean_entries(entries: Iterable[RegisterEntry], warnings: Optional[list[str]] = None) -> list[RegisterEntry]:
    """Rows without control characters (stored before issue removed them); what was removed is
    said in ``warnings``, one line per row and field."""
    out = []
    for entry in entries:
        clean, removed = clean_record(entry)
        if warnings is not None:
            warnings += [f"{entry.so_ky_hieu}: {removal_warning(name, codes)}" for name, codes in removed.items()]
        out.append(clean)
    return out


def export(register: Register, fmt: str, year: Optional[int] = None, body: Optional[str] = None,
           warnings: Optional[list[str]] = None, term: Optional[str] = None) -> bytes:
    """The register (or one body's part of it) of ``year`` (or of the Party term begun on ``term``)
    in ``fmt``; any control character a row holds is left out, and said in ``warnings`` when a list is given."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    entries = clean_entries(register.entries(year=year, body=body, term=term), warnings)
    labels = {(e.body, e.term): register.term_label(e.body, e.term) for e in entries if e.term}
    if fmt == "xlsx":
        return to_xlsx(entries, year, labels)
    if fmt == "csv":
        return to_csv(entries, labels)
    if fmt == "json":
        return to_json(register, entries)
    return to_xml(register, entries)


def export_file(register: Register, fmt: str, path: Union[str, os.PathLike], year: Optional[int] = None,
                body: Optional[str] = None, warnings: Optional[list[str]] = None, term: Optional[str] = None) -> Path:
    """:func:`export` written to ``path``, whole or not at all. Refused (:class:`OutputError`,
    nothing written) when ``path`` is one of the register's own files (the SQLite database, its
    journal), a folder or a device."""
    check_outputs([path], register.db.files())
    return write_atomic(path, export(register, fmt, year=year, body=body, warnings=warnings, term=term))
