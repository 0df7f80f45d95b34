"""The rows of a parent's assignment table that name a unit, as a table of the unit's own.

A kế hoạch assigns its tasks in a table: TT | Nội dung công việc | Thời gian | Đơn vị chủ trì |
Đơn vị phối hợp. A unit's plan (and a body's follow-up letter) carries the rows whose "Đơn vị
thực hiện / chủ trì / phối hợp" columns name it, by its names and aliases, or name its whole
level ("UBND các huyện", "cấp xã"). The rows keep the parent's heading rows and widths; a cell
merged down over several rows is written into each row picked, and the TT column is numbered
again from 1.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from vanban.decree.tables import is_tt_heading
from vanban.decree import vn
from vanban.model import inline, numbering
from vanban.model.schema import VanBan
from vanban.model.tables import Bang, BangNode, O, is_table

_UNIT_HEADING = re.compile(r"đơn vị|cơ quan|chủ trì|phối hợp|thực hiện|trách nhiệm", re.I)
_LEVELS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "xã", "phường", "tỉnh")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", vn.nfc(inline.plain(text))).strip().lower()


def tables_of(doc: VanBan) -> Iterable[Bang]:
    """Every table of the body and of the appendices, in reading order."""
    for nodes in [doc.noi_dung] + [a.noi_dung for a in doc.phu_luc]:
        for n in numbering.walk(nodes, (), tables=True):
            if is_table(n.node):
                yield n.node.bang
            elif not isinstance(n.node, str):
                for item in (n.node.sau if n.end else n.node.doan):
                    if is_table(item):
                        yield item.bang


def unit_columns(bang: Bang) -> list[int]:
    """The grid columns headed as the units that carry a task out (chủ trì, phối hợp …)."""
    cols = set()
    for row in bang.heading_cells():
        for c in row:
            if _UNIT_HEADING.search(c.text) and not re.search(r"nội dung|nhiệm vụ|thời gian", c.text, re.I):
                cols.update(range(c.col, c.col + c.cols))
    return sorted(cols)


def assignment_table(doc: VanBan) -> Optional[Bang]:
    """The parent's first table with columns for the units, or None."""
    return next((b for b in tables_of(doc) if b.cot and unit_columns(b)), None)


def _level(area: str) -> Optional[str]:
    low = _norm(area)
    return next((lv for lv in _LEVELS if low.startswith(lv + " ")), None)


def names_hit(text: str, names: list[str], area: Optional[str] = None) -> bool:
    """Whether a cell names the unit (a whole word or phrase, not the start of a longer name: "xã
    Mường" is not in "xã Mường So"), or all units of its level ("UBND các xã", "cấp huyện")."""
    shown = re.sub(r"\s+", " ", vn.nfc(inline.plain(text)))
    low = shown.lower()
    for n in names:
        for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", low):
            # A capital after the name goes on with a proper name (Vietnamese capitalises every syllable).
            after = shown[m.end():m.end() + 2]
            if not (after[:1] == " " and after[1:].isupper()):
                return True
    level = _level(area) if area else None
    return bool(level) and bool(re.search(rf"\b(các|cấp)\s+(?:[^;.()]*?\s)?{level}(?!\w)", low))


def _matrix(bang: Bang) -> list[list]:
    """The body rows as a full grid: each position the cell covering it (merged cells repeated)."""
    cells = bang.body_cells()
    grid: list[list] = [[None] * bang.width for _ in cells]
    for row in cells:
        for c in row:
            for dr in range(c.rows):
                for dc in range(c.cols):
                    grid[c.row + dr][c.col + dc] = (c, dr == 0 and dc == 0, dc == 0)
    return grid


def rows_for(bang: Bang, names: Iterable[str], area: Optional[str] = None) -> Optional[dict]:
    """The ``bang`` mapping of the rows naming the unit, or None when no row does."""
    wanted = [n for n in dict.fromkeys(_norm(x) for x in names if x) if n]
    cols = unit_columns(bang)
    picked = []
    for row in _matrix(bang):
        if any(row[k] and names_hit(row[k][0].text, wanted, area) for k in cols):
            out = []
            for k, (cell, _first, left) in enumerate(row):
                if not left or (bang.so_thu_tu and k == 0):
                    continue
                out.append(O(noi_dung=cell.text, gop_cot=cell.cols) if cell.cols > 1 else cell.text)
            picked.append(out)
    if not picked:
        return None
    data = {"cot": bang.cot, "dong": picked, "so_thu_tu": bang.so_thu_tu, "rong": bang.rong, "ten": bang.ten}
    if not bang.so_thu_tu and bang.cot and _tt_column(bang):
        # A TT column typed by hand: numbered again, as the rows picked are 1, 2, 3 … of their own.
        data["so_thu_tu"] = True
        data["dong"] = [r[1:] for r in picked]
    return BangNode(bang=Bang.model_validate({k: v for k, v in data.items() if v is not None})).model_dump(
        exclude_defaults=True)


def _tt_column(bang: Bang) -> bool:
    first = next((c for c in bang.heading_cells()[0] if c.col == 0), None)
    return first is not None and first.cols == 1 and is_tt_heading(_norm(first.text))


def unit_rows(doc: VanBan, names: Iterable[str], area: Optional[str] = None) -> Optional[dict]:
    """``{bang: …}`` with the rows of ``doc``'s assignment table naming the unit, or None."""
    table = assignment_table(doc)
    return rows_for(table, names, area) if table is not None else None


__all__ = ["assignment_table", "unit_columns", "rows_for", "unit_rows", "names_hit", "tables_of"]
