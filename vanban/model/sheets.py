"""A table's rows from a spreadsheet the clerk keeps: ``bang: {tep: phan-cong.xlsx, trang: …, vung: A2:E40}``.

The rows are read before the model is validated, so a row of the wrong length is reported like
one written in the YAML (at the ``tep:`` line). What a cell holds is data: a formula gives its
last computed value (openpyxl's ``data_only``), never runs; text reaches the page escaped.

Bounded: the file must sit beside the YAML file or under its folder (a document passed around
cannot read ``/etc/passwd`` or ``../../other``), be an .xlsx or .csv of at most 10 MB that
unpacks to at most 100 MB, and give at most :data:`~vanban.model.tables.MAX_ROWS` rows and
:data:`~vanban.model.tables.MAX_COLS` columns.
"""
from __future__ import annotations

import csv
import datetime as _dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any, Optional

from vanban.i18n import _
from vanban.model.tables import MAX_CELL, MAX_COLS, MAX_ROWS

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024


class SheetError(Exception):
    """A spreadsheet that cannot give rows; ``field`` is the key at fault (tep, trang, vung)."""

    def __init__(self, message: str, field: str = "tep"):
        super().__init__(message)
        self.message, self.field = message, field


def _path(name: str, yaml_file: str, folder: Optional[Path] = None) -> Path:
    if folder is not None:
        base = Path(folder).resolve()
    else:
        base = Path(yaml_file).resolve().parent if yaml_file and not yaml_file.startswith("<") else Path.cwd().resolve()
    if os.path.isabs(name):
        raise SheetError(_("give the spreadsheet's name relative to the YAML file, not a full path"))
    path = (base / name).resolve()
    if base not in path.parents:
        raise SheetError(_("the spreadsheet must be in the YAML file's folder or below it"))
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
        raise SheetError(_("a spreadsheet is an .xlsx or .csv file (got {name})").format(name=name))
    if not path.is_file():
        raise SheetError(_("no such file: {name}").format(name=name))
    if path.stat().st_size > MAX_BYTES:
        raise SheetError(_("the spreadsheet is larger than {n} MB").format(n=MAX_BYTES // 2**20))
    return path


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime) and value.time() == _dt.time():
        value = value.date()
    if isinstance(value, _dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:MAX_CELL]


def _bounded(rows: list[list[str]]) -> list[list[str]]:
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()      # a sheet's blank rows below the table
    width = max((len(r) - next((k for k, c in enumerate(reversed(r)) if c.strip()), len(r)) for r in rows), default=0)
    if width > MAX_COLS:
        raise SheetError(_("the spreadsheet has more than {n} columns; give a range (vung: A2:E40)").format(n=MAX_COLS),
                         "vung")
    return [(r + [""] * width)[:width] for r in rows]


def _xlsx(path: Path, sheet: Optional[str], area: Optional[str]) -> list[list[str]]:
    import openpyxl
    from openpyxl.utils.cell import range_boundaries
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise SheetError(_("the spreadsheet would unpack to more than {n} MB").format(n=MAX_UNPACKED // 2**20))
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception:   # noqa: BLE001 -- a damaged or foreign file: one line, no traceback
        raise SheetError(_("not a readable .xlsx file")) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SheetError(_("no sheet '{sheet}'; the sheets are: {names}").format(
                sheet=sheet, names=", ".join(book.sheetnames)), "trang")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        bounds: dict = {}
        if area:
            try:
                c1, r1, c2, r2 = range_boundaries(area.replace("$", ""))
            except (ValueError, TypeError):
                raise SheetError(_("'{area}' is not a range such as A2:E40").format(area=area), "vung") from None
            if None in (c1, r1, c2, r2):
                raise SheetError(_("'{area}' is not a range such as A2:E40").format(area=area), "vung")
            if c2 - c1 + 1 > MAX_COLS or r2 - r1 + 1 > MAX_ROWS:
                raise SheetError(_("the range {area} is larger than {rows} rows or {cols} columns").format(
                    area=area, rows=MAX_ROWS, cols=MAX_COLS), "vung")
            bounds = dict(min_col=c1, min_row=r1, max_col=c2, max_row=r2)
        rows = []
        for row in ws.iter_rows(values_only=True, **bounds):
            if len(rows) >= MAX_ROWS:
                raise SheetError(_("the spreadsheet has more than {n} rows; give a range (vung: A2:E40)").format(
                    n=MAX_ROWS), "vung")
            rows.append([_shown(v) for v in row[:MAX_COLS + 1]])
        return _bounded(rows)
    finally:
        book.close()


def _csv(path: Path, area: Optional[str]) -> list[list[str]]:
    if area:
        raise SheetError(_("a .csv file has no ranges; leave vung out"), "vung")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetError(_("the .csv file is not UTF-8; save it as 'CSV UTF-8'"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:   # one column, or too little to tell: a comma
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) >= MAX_ROWS:
            raise SheetError(_("the spreadsheet has more than {n} rows; give a range (vung: A2:E40)").format(n=MAX_ROWS))
        rows.append([c[:MAX_CELL] for c in row[:MAX_COLS + 1]])
    return _bounded(rows)


def read_rows(name: str, yaml_file: str, sheet: Optional[str] = None, area: Optional[str] = None,
              folder: Optional[Path] = None) -> list[list[str]]:
    """The rows of a spreadsheet named in a YAML file, as text; ``folder``: the YAML file's folder
    when ``yaml_file`` is only a name to show (the web's)."""
    path = _path(name, yaml_file, folder)
    if path.suffix.lower() == ".csv":
        if sheet:
            raise SheetError(_("a .csv file has no sheets; leave trang out"), "trang")
        return _csv(path, area)
    return _xlsx(path, sheet, area)


def expand(data: Any, yaml_file: str, on_error, folder: Optional[Path] = None) -> Any:
    """``data`` with the rows of every ``bang: {tep: …}`` read in as its ``dong``.

    ``on_error(path, message)`` is called for a table whose rows cannot be read (it raises)."""
    def visit(node: Any, path: tuple) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                visit(item, path + (i,))
        elif isinstance(node, dict):
            table = node.get("bang")
            if isinstance(table, dict) and isinstance(table.get("tep"), str):
                if "dong" in table:
                    on_error(path + ("bang", "dong"), _("give the rows in dong: or take them from tep:, not both"))
                try:
                    sheet, area = (None if table.get(k) is None else str(table[k]) for k in ("trang", "vung"))
                    table["dong"] = read_rows(table["tep"], yaml_file, sheet, area, folder)
                except SheetError as exc:
                    on_error(path + ("bang", exc.field), exc.message)
                except OSError as exc:
                    on_error(path + ("bang", "tep"), exc.strerror or str(exc))
            for key, value in node.items():
                visit(value, path + (key,))
    visit(data, ())
    return data


__all__ = ["read_rows", "expand", "SheetError", "MAX_BYTES"]
