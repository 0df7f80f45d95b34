"""Several parties signing side by side: the signature layout table of a biên bản, a hợp đồng, a bản
thỏa thuận or ghi nhớ (THƯ KÝ | CHỦ TỌA, ĐẠI DIỆN BÊN A | ĐẠI DIỆN BÊN B, four parties two to a row).

Offices type it as a borderless table of two to four columns: each cell one party (its title, the
space for the signature, the name), or a row of titles over a row of names; some type each party in
a one-cell table of its own. :func:`parties` finds it for import and check alike and gives each
party's lines in reading order: left to right, then down.
"""
from __future__ import annotations

import re
from typing import Callable, Optional, Sequence

from vanban.decree import vn
from vanban.reading import locate
from vanban.reading.page import NOI_NHAN

#: The most columns of a signature layout table; a wider table is data.
MAX_COLUMNS = 4
#: A party's cell holds its title (a line or two), perhaps an authority, a note and the name.
_MAX_LINES = 8
#: A party's title as offices type it, also in lower case ("Đại diện Chủ đầu tư").
_TITLE = re.compile(r"^(ĐẠI DIỆN|THƯ KÝ|CHỦ TRÌ|CHỦ TỌA|CHỦ TOẠ|BÊN [A-ZĐ]\b|XÁC NHẬN|NGƯỜI LẬP|NGƯỜI GHI)")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.]*\.?$")


def is_title(text: str) -> bool:
    """A line that opens a party's block: an authority, a title in capitals, or "Đại diện …"."""
    letters = [c for c in text if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.75 * len(letters)
    return bool(locate.authority(text)) or upper or bool(_TITLE.match(vn.upper_vi(text.strip())))


def is_name(text: str) -> bool:
    """A person's name: two to seven words, each with a capital first letter, no digits."""
    words = text.split()
    return 2 <= len(words) <= 7 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words) \
        and text != vn.upper_vi(text)


def is_note(text: str) -> bool:
    """"(Ký, ghi rõ họ tên)", "(Đã ký)" or a line without letters: layout, not a party's words."""
    return text.strip().startswith("(") or not re.search(r"[^\W\d_]", text)


def _cells(lines: Sequence, table: int, lo: int, skip: Callable[[int], bool]) -> Optional[dict]:
    """The table's cells after ``lo`` as {(row, col): [line index …]}; None when it holds Nơi nhận
    in a cell with other words (a Nơi nhận cell alone is left out)."""
    cells: dict = {}
    for k in range(lo, len(lines)):
        cell = lines[k].cell
        if cell is None or cell[0] != table or getattr(lines[k], "outer", None) not in (None, cell):
            continue
        text = lines[k].text
        if text and not skip(k) and not is_note(text):
            cells.setdefault(cell[1:], []).append(k)
    for key, ks in list(cells.items()):
        if NOI_NHAN.match(lines[ks[0]].text):
            del cells[key]      # the Nơi nhận list under the left signer: not a party
    return cells


def _split(lines: Sequence, ks: list[int]) -> list[list[int]]:
    """A cell's lines as the parties stacked in it: a title after a name opens the next party (a
    PDF's column holds every party printed on its side of the page)."""
    chunks: list[list[int]] = []
    for k in ks:
        if not chunks or (is_title(lines[k].text) and is_name(lines[chunks[-1][-1]].text)):
            chunks.append([])
        chunks[-1].append(k)
    return chunks


def _groups(lines: Sequence, cells: dict) -> Optional[list[list[int]]]:
    """Each party's lines, in reading order, or None when the cells are not signature blocks."""
    if not cells or len({c for _r, c in cells}) > MAX_COLUMNS:
        return None
    groups: dict = {}
    for (row, col) in sorted(cells):
        ks = cells[(row, col)]
        texts = [lines[k].text for k in ks]
        if len(ks) > _MAX_LINES * (MAX_COLUMNS - 1) or any(len(t) > 90 or _header_line(t) for t in texts):
            return None
        if is_title(texts[0]):
            chunks = _split(lines, ks)
            if any(len(c) > _MAX_LINES for c in chunks):
                return None
            groups.update({(row, sub, col): c for sub, c in enumerate(chunks)})
            continue
        # A row of names under a row of titles: each name joins the title above it.
        over = max((key for key in groups if key[2] == col and key[0] < row), default=None)
        if over is None or len(ks) > 2 or not all(is_name(t) for t in texts) \
                or is_name(lines[groups[over][-1]].text):
            return None
        groups[over] += ks
    return [groups[key] for key in sorted(groups)]


def _header_line(text: str) -> bool:
    """A line of a header (an appendix's or a second page's): no party's words."""
    return locate.is_quoc_hieu(text) or locate.is_motto(text) or locate.is_date_line(text) \
        or locate.is_number_line(text)


def signed(lines: Sequence, found: list[list[int]]) -> bool:
    """Every party ends with a signer's name: what makes a kind signed once a joint document
    (liên tịch) rather than a table that merely looks like titles."""
    return bool(found) and all(is_title(lines[g[0]].text) and is_name(lines[g[-1]].text) for g in found)


def parties(lines: Sequence, start: int, skip: Callable[[int], bool] = lambda k: False) -> list[list[int]]:
    """The lines of each party of the first signature layout table after ``start`` (a table of
    two to four columns, or one-cell tables one after the other), in reading order; [] when the
    closing holds no such table or only one party."""
    tables: list[int] = []
    for k in range(start, len(lines)):
        cell = lines[k].cell
        if cell is not None and cell[0] not in tables and getattr(lines[k], "outer", None) in (None, cell):
            tables.append(cell[0])
    found: list[list[int]] = []
    for t in tables:
        groups = _groups(lines, _cells(lines, t, start, skip) or {})
        if groups is None:
            if len(found) >= 2:
                break
            found = []        # a table of data ends a run of one-party tables
            continue
        found += groups
    return found if len(found) >= 2 else []


__all__ = ["parties", "signed", "is_title", "is_name", "is_note", "MAX_COLUMNS"]
