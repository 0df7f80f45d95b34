"""Where the decree's elements are: one locator for ``check`` and ``import``, for every reader.

A clerk finds the national name, the motto, the number line, the place-and-date line, the type
name, Kính gửi, Nơi nhận and the signing authority by what they say and where they stand. These
functions do that on any sequence of lines that have a ``text`` and a ``cell`` ((table, row,
column) or None): the lines of a .docx (:mod:`.lines`), or the blocks of a page read from a PDF
or a scan (:mod:`.page`). ``check`` (:mod:`.facts`) and ``import`` (:mod:`vanban.ingest`) call the
same functions, and each element's grammar is the decree's own parser (:mod:`vanban.decree`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from vanban.decree import party, vn
from vanban.decree.layout import QUOC_HIEU
from vanban.decree.markers import NUMBERED, read_marker
from vanban.decree.type_names import parse_type_name, type_name_prefix
from vanban.reading.page import NOI_NHAN, norm

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEADER_SCAN = 40     # the header is within the first lines
TITLE_SCAN = 6       # the type name is among the first non-empty lines after the header
TABBED = 1_000_000   # table number given to lines laid out with tabs or spaces (:mod:`.lines`)
# A line drawn with typed underscores or dashes, or with an ornament in its middle ("-----o0o-----",
# "---***---", as many offices type the rule under the motto).
RULE_TEXT = re.compile(r"^[_\-–—‒=]{3,}$|^[_\-–—‒=~]{2,}(?:o0o|oOo|ooo|OOO|\*{1,3}|o|0)[_\-–—‒=~]{2,}$")
_MOTTO = re.compile(r"^độc lập\s*[-–—]\s*tự do\s*[-–—]\s*hạnh phúc$", re.I)
_NUMBER_START = re.compile(r"^Số\b", re.I)
_PLACE_DATE = re.compile(r"^[^\d/,]+,\s*ngày\b", re.I)
_AUTHORITY = re.compile(rf"^({'|'.join(k.upper() for k in vn.AUTHORITY_KEYS)})\s*\.\s*(.*)$")
#: The Party's forms (HD 36): "T/M BAN THƯỜNG VỤ", "K/T TRƯỞNG BAN", "T/L BAN THƯỜNG VỤ" (a dot is tolerated).
_PARTY_AUTHORITY = re.compile(r"^(T/M|K/T|T/L)\s*\.?\s+(.*)$")


def is_quoc_hieu(text: str) -> bool:
    return vn.upper_vi(norm(text)).replace("HOÀ", "HÒA") == QUOC_HIEU


def is_motto(text: str) -> bool:
    return bool(_MOTTO.match(norm(text)))


def is_number_start(text: str) -> bool:
    """A line that opens with "Số" (a number line, maybe malformed)."""
    return bool(_NUMBER_START.match(text))


def is_number_line(text: str) -> bool:
    """A number line in the state's form (``Số: 12/KH-UBND``) or the Party's (``Số 38 - HD/BTCTW``,
    spaces around the hyphen as Party offices type it)."""
    return vn.parse_number_line(text) is not None or party.parse_number_line(text) is not None


def is_date_line(text: str) -> bool:
    """``<place>, ngày … tháng … năm …`` (blanks allowed, as on a draft)."""
    return vn.parse_date_line(text) is not None and "tháng" in text.lower()


def is_place_date(text: str) -> bool:
    """The start of a date line: a place name, a comma and "ngày"."""
    return bool(_PLACE_DATE.match(text))


_VV = re.compile(r"^V\s?/\s?V\b\s*[.:]?\s*", re.I)
_VE_VIEC = re.compile(r"^Về\s+việc\b\s*:?\s*")


def is_vv(text: str) -> bool:
    """A công văn's subject line: ``V/v …``, as offices also type it (``V/V:``, ``v/v``, ``V/v:``)."""
    return bool(_VV.match(text))


def is_vv_under_number(text: str) -> bool:
    """The subject line under a công văn's number: ``V/v …``, or written out, ``Về việc …``."""
    return is_vv(text) or bool(_VE_VIEC.match(text))


def vv_rest(text: str) -> str:
    """The subject after its ``V/v`` or ``Về việc`` (and a colon)."""
    return _VE_VIEC.sub("", _VV.sub("", text, count=1), count=1)


def is_party(text: str) -> bool:
    return vn.upper_vi(norm(text)).startswith(PARTY)


def is_kinh_gui(text: str) -> bool:
    return text.startswith("Kính gửi")


def is_noi_nhan(text: str) -> bool:
    return bool(NOI_NHAN.match(text))


def authority(text: str) -> Optional[tuple[str, str]]:
    """``"KT. CHỦ TỊCH"`` → ("kt", "CHỦ TỊCH"): a signing authority line, or None."""
    m = _AUTHORITY.match(text)
    if m is None:
        m = _PARTY_AUTHORITY.match(text)
        return (m.group(1).replace("/", "").lower(), m.group(2).strip()) if m else None
    return (m.group(1).lower(), m.group(2).strip())


def title(text: str) -> Optional[str]:
    """The type name a title line prints, or None (:func:`vanban.decree.type_names.parse_type_name`)."""
    return parse_type_name(text) if len(text) < 40 else None


def title_parts(text: str) -> Optional[tuple[str, str]]:
    """A title line as (type name, what follows it on the line): ``"KẾ HOẠCH"`` → ("KẾ HOẠCH", "");
    a line in capitals that opens with a type name and goes on with the subject, as offices
    type it, ``"KẾ HOẠCH TRIỂN KHAI THỰC TẬP"`` → ("KẾ HOẠCH", "TRIỂN KHAI THỰC TẬP"); else None."""
    name = title(text)
    if name:
        return name, ""
    if len(text) > 300 or text != vn.upper_vi(text):
        return None
    name = type_name_prefix(text)
    if name is None:
        return None
    rest = vn.nfc(text).strip()[len(name):].strip(" :-–")
    return (name, rest) if rest and rest[0].isalpha() else None


@dataclass
class Header:
    """Indexes of the header's elements in a sequence of lines (None where not found)."""
    quoc_hieu: Optional[int] = None
    tieu_ngu: Optional[int] = None
    number: Optional[int] = None
    date: Optional[int] = None
    vv: Optional[int] = None
    party: Optional[int] = None

    @property
    def found(self) -> list[int]:
        return [k for k in (self.quoc_hieu, self.tieu_ngu, self.number, self.date, self.vv) if k is not None]


def first(lines: Sequence, pred: Callable[[str], bool], lo: int = 0, hi: Optional[int] = None,
          skip: Callable[[int], bool] = lambda k: False) -> Optional[int]:
    """The index of the first line from ``lo`` to ``hi`` whose text satisfies ``pred``."""
    hi = len(lines) if hi is None else min(hi, len(lines))
    return next((k for k in range(lo, hi) if not skip(k) and pred(lines[k].text)), None)


def header(lines: Sequence, skip: Callable[[int], bool] = lambda k: False) -> Header:
    """Where the national name, motto, number line, date line and V/v line are."""
    head = min(HEADER_SCAN, len(lines))
    at = lambda pred: first(lines, pred, 0, head, skip)  # noqa: E731
    return Header(at(is_quoc_hieu), at(is_motto), at(is_number_line), at(is_date_line),
                  at(is_vv), at(is_party))


def end_of_table(lines: Sequence, k: int) -> int:
    """The last line of the table line ``k`` is in (the header table may hold more rows)."""
    cell = lines[k].cell
    if cell is None:
        return k
    while k + 1 < len(lines) and lines[k + 1].cell is not None and lines[k + 1].cell[0] == cell[0]:
        k += 1
    return k


def is_chapter(text: str) -> bool:
    """A chapter's line ("Chương I"): centred and bold like the subject above it, but the body's start."""
    m = read_marker(text)
    return m is not None and m.style == "chuong"


def title_line(lines: Sequence, start: int, skip: Callable[[int], bool] = lambda k: False) -> Optional[int]:
    """The type name's line among the first non-empty lines from ``start``."""
    nonempty = [k for k in range(start, len(lines)) if lines[k].text and not skip(k)][:TITLE_SCAN]
    return next((k for k in nonempty if title(lines[k].text)), None)


def kinh_gui_line(lines: Sequence, start: int, within: int = 12,
                  skip: Callable[[int], bool] = lambda k: False) -> Optional[int]:
    return first(lines, is_kinh_gui, start, start + within, skip)


def noi_nhan_line(lines: Sequence, start: int, skip: Callable[[int], bool] = lambda k: False) -> Optional[int]:
    return first(lines, is_noi_nhan, start, None, skip)


def _outer(line) -> Optional[tuple]:
    """The top-level table cell a line stands in (its own cell unless it is in a nested table)."""
    return getattr(line, "outer", None) or line.cell


def beside(lines: Sequence, k: int) -> list[int]:
    """The lines in the other columns of the table line ``k`` stands in: the signature beside
    Nơi nhận. When Nơi nhận is in a table nested in a cell, the columns of the enclosing table."""
    cell = lines[k].cell
    if cell is None:
        return []
    out = [j for j, x in enumerate(lines) if x.cell is not None and x.cell[0] == cell[0] and x.cell[2] != cell[2]]
    top = _outer(lines[k])
    if out or top == cell:
        return out
    return [j for j, x in enumerate(lines) if _outer(x) is not None and _outer(x)[0] == top[0]
            and _outer(x)[2] != top[2]]


def above(lines: Sequence, k: int) -> list[int]:
    """The lines in the rows above line ``k``'s, in its column of the same table: the left signer
    of a biên bản or a contract, printed over Nơi nhận."""
    cell = lines[k].cell
    if cell is None:
        return []
    return [j for j, x in enumerate(lines) if x.cell is not None and x.cell[0] == cell[0]
            and x.cell[2] == cell[2] and x.cell[1] < cell[1]]


def is_rule_text(text: str) -> bool:
    return bool(RULE_TEXT.match(text.replace(" ", "")))


def agency(lines: Sequence, h: Header) -> list[int]:
    """The agency lines: above the number line in its column (a table's, or the tabbed header's),
    or the upper-case lines above it; without a number line, the upper-case lines beside the
    national name. A typed rule, "DỰ THẢO" and the motto are not agency lines."""
    qh, mt, no, dt = h.quoc_hieu if h.quoc_hieu is not None else h.party, h.tieu_ngu, h.number, h.date
    if no is None:
        if qh is None or lines[qh].cell is None:
            return []
        table, _row, col = lines[qh].cell
        return [k for k, x in enumerate(lines[:HEADER_SCAN]) if x.cell is not None and x.cell[0] == table
                and x.cell[2] != col and x.text and x.text.isupper() and not is_rule_text(x.text)]
    # The Party's star under its issuing body (HD 36) is a mark, not a line of the name.
    skip = {qh, mt, dt, h.party} | {k for k in range(no) if is_rule_text(lines[k].text)
                                    or lines[k].text.upper().startswith("DỰ THẢO") or lines[k].text.strip() == "*"}
    cell = lines[no].cell
    if cell is not None:
        table, _row, col = cell
        # Tabbed header lines broken by a line with one column are still one header.
        same = (lambda t: t > TABBED) if table > TABBED else (lambda t: t == table)
        found = [k for k in range(no) if k not in skip and lines[k].text and lines[k].cell is not None
                 and same(lines[k].cell[0]) and lines[k].cell[2] == col and not is_motto(lines[k].text)]
        # A tabbed number line under agency lines typed without a tab: those lines, as without columns.
        if found or table <= TABBED:
            return found
    return [k for k in range(no) if k not in skip and lines[k].text and lines[k].text.isupper()]


_DASHES = ("-", "–", "+", "•")
_CAN_CU = re.compile(r"^[-–+•]\s*Căn cứ")


def label_rest(text: str, label: str) -> str:
    """What follows a label on its line: ``"Kính gửi: Sở Y tế."`` → ``"Sở Y tế."``."""
    return text.split(":", 1)[1].strip() if ":" in text else text[len(label):].strip()


def recipients(lines: Sequence, kg: int) -> tuple[list[list[int]], int]:
    """The recipients under (or beside) the Kính gửi line ``kg``: each entry's line indexes (a
    recipient Word wrapped onto a second line is one entry), and the index after them.
    The label line itself is an entry when a recipient follows the label on it."""
    n, cell = len(lines), lines[kg].cell
    rest = label_rest(lines[kg].text, "Kính gửi")
    entries: list[list[int]] = [[kg]] if rest else []
    k = kg + 1
    if not rest and cell is not None:
        # "Kính gửi:" in one cell, the recipients in the next cell of the same row.
        while k < n and lines[k].cell is not None and lines[k].cell[:2] == cell[:2]:
            if lines[k].text:
                entries.append([k])
            k += 1
        if not entries:
            # The label alone on its row, the recipients on the rows under it ("Kính gửi:" | "",
            # then "" | "- BHXH tỉnh;"): the rest of the table, up to a line that is no recipient.
            while k < n and lines[k].cell is not None and lines[k].cell[0] == cell[0]:
                t = lines[k].text
                if t and (_CAN_CU.match(t) or _numbered(t)):
                    break
                if t:
                    entries.append([k])
                k += 1
        return entries, k
    if rest and not (rest.startswith(_DASHES) and rest.endswith(";")):
        return entries, k          # one recipient on the label line
    while k < n and lines[k].cell is None:
        t = lines[k].text
        last = lines[entries[-1][-1]].text if entries else ""
        if t.startswith(_DASHES) and not _CAN_CU.match(t):
            entries.append([k])
        elif t and entries and not last.endswith((";", ".")) and len(last) > 20 and not _numbered(t):
            entries[-1].append(k)     # a recipient wrapped onto a second line
        else:
            break
        k += 1
        if lines[k - 1].text.endswith("."):
            break
    return entries, k


def _numbered(text: str) -> bool:
    m = read_marker(text)
    return m is not None and m.style in NUMBERED


def noi_nhan_entries(lines: Sequence, nn: int) -> tuple[list[list[int]], int]:
    """The entries under the Nơi nhận label ``nn``, each its line indexes (a line that does not
    start with a dash continues an entry Word wrapped), and the index after the list. Beside the
    signature in a table, the entries are the label's column, and the list may go on under the
    table ("- Lưu: VT." on its own line)."""
    n, cell = len(lines), lines[nn].cell
    found: list[int] = []
    if cell is not None:
        in_table = [k for k in range(n) if lines[k].cell is not None and lines[k].cell[0] == cell[0] and lines[k].text]
        found = [k for k in in_table if k > nn and lines[k].cell[2] == cell[2]]
        k = max(in_table + [nn]) + 1
        while k < n and lines[k].cell is None and (not lines[k].text or lines[k].text.startswith(_DASHES)):
            if lines[k].text:
                found.append(k)
            k += 1
    else:
        k = nn + 1
        while k < n and lines[k].cell is None and (lines[k].text.startswith(_DASHES) or not lines[k].text or (
                found and not lines[found[-1]].text.endswith((";", ".")))):
            if lines[k].text:
                found.append(k)
            k += 1
    groups: list[list[int]] = []
    for j in found:
        t = lines[j].text
        if groups and not t.startswith(_DASHES) and not lines[groups[-1][-1]].text.endswith((";", ".")) \
                and not t.isupper():
            groups[-1].append(j)
        elif t.startswith(_DASHES) or not groups:
            groups.append([j])
    return groups, k
