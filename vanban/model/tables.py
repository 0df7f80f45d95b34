"""Tables (bảng) in the body: the model, and the grid its merged cells make.

A table stands wherever a paragraph can in the body (``noi_dung``, a section's ``doan`` and
``sau``), written as a one-key mapping ``{bang: {...}}``. Its heading rows (``cot``) and rows
(``dong``) are lists of cells; a cell is text with the usual inline marks, or a mapping for a
merged cell (``{noi_dung: …, gop_cot: 2, gop_dong: 3}``). :func:`grid` places every cell the
way HTML and Word do (a cell merged down occupies the rows under it), so the renderer, ``check``
and, later, import and derive agree on which column a cell is in.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Optional, Union

from pydantic import BeforeValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from vanban.i18n import _
from vanban.model.base import Model, Text

#: Bounds on a table, from YAML or from a spreadsheet: a plan's assignment table has tens of
#: rows; these keep a mistaken range (A1:XFD1048576) from filling the memory.
MAX_ROWS = 5000
MAX_COLS = 30
MAX_CELL = 5000


def _cell_value(value):
    """Numbers and empty cells as text: ``2024`` and ``3.0`` print as 2024 and 3, ``null`` as nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise ValueError(_("a cell holds at most {n} characters").format(n=MAX_CELL))
    return value


CellText = Annotated[Text, BeforeValidator(_cell_value)]


class O(Model):
    """A merged cell (ô gộp): its text, and how many columns and rows it covers."""
    noi_dung: CellText = Field("", description="the cell's text")
    gop_cot: int = Field(1, ge=1, le=MAX_COLS, description="columns it covers (gộp cột)")
    gop_dong: int = Field(1, ge=1, le=MAX_ROWS, description="rows it covers (gộp dòng)")


def _cell(value):
    return value if isinstance(value, (dict, O)) else _cell_value(value)


Cell = Annotated[Union[O, CellText], BeforeValidator(_cell)]


def _rows(value):
    """``cot: [TT, Nội dung]`` is one heading row; a list of lists is several."""
    if isinstance(value, list) and value and not any(isinstance(v, list) for v in value):
        return [value]
    return value


# The union is for the JSON Schema an editor reads (one row written directly is allowed there
# too); the validator has already made every value a list of rows.
Rows = Annotated[Union[list[list[Cell]], list[Cell]], BeforeValidator(_rows)]


@dataclass(frozen=True)
class Placed:
    """One cell where the grid puts it: row and column (from 0), spans, and its part."""
    row: int          # within its part (heading rows or body rows)
    col: int
    cols: int
    rows: int
    text: str
    heading: bool


def _error(message: str, part: str, row: int, col: Optional[int] = None):
    """An error the loader places at the row (and cell) it concerns, not at the table."""
    at = (part, row) if col is None else (part, row, col)
    return PydanticCustomError("table_cell", "{message}", {"message": message, "at": at})


def place(rows: list[list], width: Optional[int], part: str) -> tuple[list[list[Placed]], int]:
    """The cells of ``rows`` on the grid, row by row, and the grid's width.

    ``width`` None takes it from the first row. A row that does not fill the width exactly, or a
    merge that runs off the table, raises an error naming the row."""
    heading = part == "cot"
    below: dict[tuple[int, int], bool] = {}   # grid positions taken by a cell merged down
    out: list[list[Placed]] = []
    for r, row in enumerate(rows):
        if width is None:
            width = sum(c.gop_cot if isinstance(c, O) else 1 for c in row)
            if width > MAX_COLS:
                raise _error(_("a table has at most {n} columns").format(n=MAX_COLS), part, r)
        placed, col = [], 0
        for k, cell in enumerate(row):
            while (r, col) in below:
                col += 1
            cols, down = (cell.gop_cot, cell.gop_dong) if isinstance(cell, O) else (1, 1)
            text = cell.noi_dung if isinstance(cell, O) else cell
            if col + cols > width:
                raise _error(_("this row has more cells than the table's {n} columns").format(n=width)
                             if cols == 1 else _("the merge runs past the last column ({n})").format(n=width),
                             part, r, k)
            if r + down > len(rows):
                raise _error(_("the merge covers {n} rows but only {left} are left in the {part}").format(
                    n=down, left=len(rows) - r, part=_("heading") if heading else _("table")), part, r, k)
            for dr in range(down):
                for dc in range(cols):
                    if dr and (r + dr, col + dc) in below:
                        raise _error(_("two merged cells overlap"), part, r, k)
                    if dr:
                        below[(r + dr, col + dc)] = True
            placed.append(Placed(r, col, cols, down, text, heading))
            col += cols
        while (r, col) in below:
            col += 1
        if col != width:
            raise _error(_("this row fills {got} of the table's {n} columns").format(got=col, n=width), part, r)
        out.append(placed)
    return out, width or 0


class Bang(Model):
    """A table: heading rows, rows, optional widths; or rows taken from a spreadsheet."""
    ten: Optional[Text] = Field(None, description="caption printed above the table, bold and centred")
    cot: Rows = Field(default_factory=list, description="column headings: one row, or several rows with merged cells")
    dong: Rows = Field(default_factory=list, description="rows: one list of cells each")
    rong: Optional[list[Annotated[float, Field(gt=0, le=1000)]]] = Field(
        None, description="relative column widths: [1, 6, 2, 3, 3]")
    so_thu_tu: bool = Field(False, description="number the first column (TT) 1, 2, 3 …; the rows leave it out")
    tep: Optional[Text] = Field(None, description="a spreadsheet (.xlsx or .csv) beside the YAML file holding the rows")
    trang: Optional[Text] = Field(None, description="the sheet of the spreadsheet; the first when left out")
    vung: Optional[Text] = Field(None, description="the range of the spreadsheet, e.g. A2:E40; all its cells when left out")

    @field_validator("dong")
    @classmethod
    def _bounded(cls, rows):
        if len(rows) > MAX_ROWS:
            raise ValueError(_("a table has at most {n} rows").format(n=MAX_ROWS))
        return rows

    @model_validator(mode="after")
    def _fits(self):
        # A table without heading rows takes its width from its first row (check says it lacks them).
        width = place(self.cot, None, "cot")[1] if self.cot else None
        if self.so_thu_tu:
            _place_numbered(self.dong, width)
        else:
            width = place(self.dong, width, "dong")[1]
        if width is None:
            width = place([["1"] + list(self.dong[0])], None, "dong")[1] if self.dong else 0
        if not width:
            raise ValueError(_("a table needs its heading row (cot:) or rows (dong:)"))
        if self.rong is not None and len(self.rong) != width:
            raise ValueError(_("rong gives {got} widths for {n} columns").format(got=len(self.rong), n=width))
        return self

    @property
    def width(self) -> int:
        """The number of grid columns."""
        if self.cot:
            return place(self.cot, None, "cot")[1]
        # All the rows: a cell of the first row merged down runs off a table of that row alone.
        return place(self.body_rows(), None, "dong")[1]

    def heading_cells(self) -> list[list[Placed]]:
        return place(self.cot, None, "cot")[0]

    def body_rows(self) -> list[list]:
        """The rows as printed: with the TT number first when ``so_thu_tu``."""
        if not self.so_thu_tu:
            return list(self.dong)
        return [[str(i + 1)] + list(row) for i, row in enumerate(self.dong)]

    def body_cells(self) -> list[list[Placed]]:
        return place(self.body_rows(), self.width, "dong")[0]

    def texts(self):
        """Every cell's text, headings first, in reading order."""
        for row in self.cot + self.dong:
            for c in row:
                yield c.noi_dung if isinstance(c, O) else c


def _place_numbered(rows, width):
    """Rows without their TT cell, placed one column to the right; an error names the user's row."""
    try:
        return place([["1"] + list(r) for r in rows], width, "dong")
    except PydanticCustomError as exc:
        at = exc.context["at"]
        if len(at) == 3:
            at = (at[0], at[1], max(0, at[2] - 1))
        raise PydanticCustomError("table_cell", "{message}", {"message": exc.context["message"], "at": at}) from None


class BangNode(Model):
    """A table where a paragraph can stand: ``- bang: {cot: …, dong: …}``."""
    bang: Bang = Field(description="the table")


def is_table(node) -> bool:
    """True for a table node of the body."""
    return isinstance(node, BangNode)


__all__ = ["Bang", "BangNode", "O", "Placed", "place", "is_table", "MAX_ROWS", "MAX_COLS", "MAX_CELL"]
