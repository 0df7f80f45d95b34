"""Vietnamese writing rules of Decree 30/2020/NĐ-CP, as small pure functions.

Everything here takes plain values and returns strings; nothing reads files or
knows about the document model. Dates go through babel's ``vi`` locale; the
decree's own twists (leading zero for January and February only, the blank
draft date) are expressed as babel patterns chosen per month.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import NamedTuple, Optional

from babel.dates import format_date

#: The letter sequence the decree uses for lettered items: Vietnamese alphabet
#: order, with ``đ`` after ``d`` and without ``f j w z`` and the accented vowels.
LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
           "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y")

#: Signing authorities in the order the decree prints them: TM. (on behalf of a collective),
#: KT. (deputy for the head), Q. (acting), TL. (by order), TUQ. (by delegation).
AUTHORITY_KEYS = ("tm", "kt", "q", "tl", "tuq")

#: Width of the blanks a draft leaves for the clerk to fill in by hand.
BLANK_NUMBER = " " * 6
BLANK_DAY = " " * 4

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def nfc(text: str) -> str:
    """Text in precomposed Unicode (TCVN 6909:2001 requires it).

    Some keyboards emit combining diacritics ("e" + U+0301); Word shows them
    but searching, sorting and our own width metrics treat them differently.
    """
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """``text`` without its Vietnamese tone and vowel marks, đ/Đ read as d/D (U+0111 has no
    decomposition in Unicode): ``"Đoàn Kết"`` → ``"Doan Ket"``. For searching, file and field names
    and OCR's look-alikes; never for what a document prints."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def hidden_char(text: str) -> Optional[str]:
    """The first character of ``text`` that prints as nothing or as a plain space but is not one
    (zero-width space, joiners, byte-order mark, no-break space, control characters), or None.
    Pasted from the web into a code, it makes "UBND" a different code that looks the same."""
    return next((c for c in text if c != " " and unicodedata.category(c) in ("Cf", "Cc", "Zs", "Zl", "Zp")), None)


def upper_vi(text: str) -> str:
    """Upper case keeping every diacritic: ``"Ủy ban nhân dân"`` → ``"ỦY BAN NHÂN DÂN"``."""
    return nfc(text).upper()


def name_case(text: str) -> str:
    """A person's name with each word capitalised: ``"hoàng văn trinh"`` → ``"Hoàng Văn Trinh"``."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in nfc(text).split())


def roman(n: int) -> str:
    """Roman numeral for part headings: ``4`` → ``"IV"``."""
    if n < 1:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, sym in _ROMAN:
        count, n = divmod(n, value)
        out.append(sym * count)
    return "".join(out)


def roman_value(text: str) -> int:
    """The value of a Roman numeral written as :func:`roman` writes it, else 0 (``"IIII"``, ``"IC"``)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    if not text or any(c not in values for c in text):
        return 0
    vals = [values[c] for c in text]
    n = sum(-v if k + 1 < len(vals) and v < vals[k + 1] else v for k, v in enumerate(vals))
    return n if n > 0 and roman(n) == text else 0


def letter(n: int) -> str:
    """The n-th item letter (1-based) in the decree's sequence: ``5`` → ``"đ"``.

    The decree's sequence has 23 letters (a … y); a clause never reaches them all (the drafting
    rules split it first). Past ``y`` the sequence starts again doubled — 24 → ``aa``, 28 →
    ``đđ``, 47 → ``aaa`` — which keeps the numbering unambiguous; :func:`letter_index` reads it back.
    """
    if n < 1:
        raise ValueError(f"no item letter for {n}")
    q, r = divmod(n - 1, len(LETTERS))
    return LETTERS[r] * (q + 1)


def letter_index(text: str) -> int:
    """The position of an item letter in the decree's sequence (``"đ"`` → 5, ``"aa"`` → 24), else 0."""
    if not text or text[0] not in LETTERS or text != text[0] * len(text):
        return 0
    return LETTERS.index(text[0]) + 1 + (len(text) - 1) * len(LETTERS)


def doc_number(number: Optional[int]) -> str:
    """The registration number: two digits at least (``5`` → ``"05"``); blank for a draft."""
    if number is None:
        return BLANK_NUMBER
    if number < 1:
        raise ValueError("a document number starts at 01")
    return f"{number:02d}"


def ky_hieu(type_abbr: Optional[str], agency_abbr: str,
            drafting_unit: Optional[str] = None) -> str:
    """Document code (ký hiệu).

    For a typed document, ``<type>-<agency>`` (``KH-UBND``); for a công văn,
    which has no type abbreviation, ``<agency>-<drafting unit>`` (``UBND-VX``)
    or the agency alone (``LĐLĐ``). Type abbreviations keep appendix III's
    own case (``TTr``, ``CTr``, ``QyĐ``); agency abbreviations are upper case.
    """
    parts = [type_abbr] if type_abbr else []
    parts.append(upper_vi(agency_abbr))
    if not type_abbr and drafting_unit:
        parts.append(nfc(drafting_unit).strip())
    return "-".join(parts)


def so_ky_hieu(number: Optional[int], code: str) -> str:
    """The number line: ``Số: 244/LĐLĐ``; for a draft ``Số:      /KH-UBND``."""
    num = doc_number(number)
    sep = "" if number is None else " "
    return f"Số:{sep}{num}/{code}"


#: A number or day a draft leaves blank for the clerical office: spaces, dots, ellipses, underscores,
#: or a mail-merge field a template fills in later ("ngày {{NGAY_KY}} tháng {{THANG_KY}}").
HOLE = r"(?:[\s.…_]|\{\{\w*\}\})*"
_NUMBER_LINE = re.compile(rf"^Số\b\s*:?\s*(?P<digits>\d*)(?P<hole>{HOLE})(?P<extra>[^/\s]*?)\s*/\s*(?P<code>\S+)", re.I)


class NumberLine(NamedTuple):
    """A number line read back: ``number`` None on a draft; ``digits`` as printed ("05")."""
    number: Optional[int]
    code: str
    digits: str = ""
    extra: str = ""        # what stands between the number and "/" when it is not a plain number ("12a")


def parse_number_line(text: str) -> Optional[NumberLine]:
    """:func:`so_ky_hieu` read back: ``"Số: 12/KH-UBND"`` → (12, "KH-UBND"); ``"Số:      /UBND-VX"``,
    ``"Số: ____/UBND-VX"`` and ``"Số: …/UBND-VX"`` → (None, "UBND-VX"); None when not a number line."""
    m = _NUMBER_LINE.match(nfc(text).strip())
    if m is None:
        return None
    digits = m.group("digits")
    return NumberLine(int(digits) if digits else None, m.group("code").rstrip(".,;"), digits, m.group("extra"))


def _month_pattern(month: int) -> str:
    # The decree writes months 1 and 2 with a leading zero, the others bare.
    return "MM" if month < 3 else "M"


def month_text(month: int) -> str:
    """A month as the decree writes it: ``"01"``, ``"02"``, then ``"3"`` … ``"12"``."""
    return format_date(_dt.date(2000, month, 1), _month_pattern(month), locale="vi")


def day_text(day: int) -> str:
    """A day as the decree writes it: two digits, ``"08"``."""
    return f"{day:02d}"


def date_line(place: str, year: Optional[int], month: Optional[int] = None,
              day: Optional[int] = None) -> str:
    """The place-and-date line: ``Lai Châu, ngày 08 tháng 12 năm 2023``.

    Missing parts are left blank as on a draft: ``ngày    tháng 11 năm 2023``.
    """
    if day and not month:
        raise ValueError("a day without a month")
    if year and month and day:
        # Validates the calendar date (30 February raises ValueError).
        d = _dt.date(year, month, day)
        body = format_date(d, f"'ngày' dd 'tháng' {_month_pattern(month)} 'năm' y", locale="vi")
    else:
        d = _dt.date(year or 2000, month or 1, day or 1)
        dd = f" {format_date(d, 'dd', locale='vi')} " if day else BLANK_DAY
        mm = f" {format_date(d, _month_pattern(month), locale='vi')} " if month else BLANK_DAY
        yy = f" {format_date(d, 'y', locale='vi')}" if year else BLANK_DAY
        body = f"ngày{dd}tháng{mm}năm{yy}"
    return f"{nfc(place).strip()}, {body}"


#: Where the day stands, 1-3 marks that are no digit (a scan's OCR of a stamped or handwritten day,
#: ",ÌÔ" for "16"): the line is still the date line, its day unread (None, as on a draft).
_DATE_LINE = re.compile(rf"^(?P<place>[^,]*?)\s*,\s*ngày{HOLE}(?:(?P<d>\d{{1,2}})|(?P<dx>[^\s\d]{{1,3}}(?=\s)))?"
                        rf"{HOLE}tháng{HOLE}(?P<m>\d{{1,2}})?"
                        rf"{HOLE}năm{HOLE}(?P<y>\d{{4}})?", re.I)


class DateLine(NamedTuple):
    """A place-and-date line read back; a part left blank on a draft is None. ``day_text`` and
    ``month_text`` are the digits as printed ("8", "02"), for the leading-zero rule."""
    place: str
    year: Optional[int]
    month: Optional[int] = None
    day: Optional[int] = None
    day_text: str = ""
    month_text: str = ""
    day_unread: str = ""      # what a scan gave where the day stands, when it is no number


def parse_date_line(text: str) -> Optional[DateLine]:
    """:func:`date_line` read back: ``"Lai Châu, ngày 08 tháng 12 năm 2023"`` → ("Lai Châu", 2023, 12, 8);
    ``"Hà Nội, ngày ___ tháng 02 năm 2024"`` and ``"…, ngày … tháng … năm 2026"`` leave the blanks None."""
    m = _DATE_LINE.match(nfc(text).strip())
    if m is None:
        return None
    num = lambda g: int(m.group(g)) if m.group(g) else None  # noqa: E731
    return DateLine(m.group("place").strip(), num("y"), num("m"), num("d"), m.group("d") or "", m.group("m") or "",
                    m.group("dx") or "")


def short_date(d: _dt.date) -> str:
    """A date inside running text, as in citations: ``27/11/2023``, ``05/01/2024``, ``22/4/2024``."""
    return format_date(d, f"dd/{_month_pattern(d.month)}/y", locale="vi")


_TYPED_DATE = (
    re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?)?$"),                  # 2025-03-05, 2025-03
    re.compile(r"^(?:(?P<d>\d{1,2})\s*[/.-]\s*)?(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})$"),  # 05/03/2025, 5/3/2025, 3/2025
    re.compile(r"^(?:ngày\s*(?P<d>\d{1,2})\s*)?(?:tháng\s*(?P<m>\d{1,2})\s*)?năm\s*(?P<y>\d{4})$", re.I),
)


def parse_typed_date(text: str) -> Optional[tuple[int, Optional[int], Optional[int]]]:
    """A date as a clerk types it, read to (year, month, day), blanks None: ``2025-03-05``,
    ``05/03/2025``, ``5/3/2025``, ``5.3.2025``, ``ngày 5 tháng 3 năm 2025``, and for a draft without
    its day ``3/2025`` or ``tháng 3 năm 2025``. None when it is not one of these shapes (the
    calendar check is the caller's: 30/02 has the shape of a date)."""
    t = " ".join(nfc(str(text)).split()).strip().rstrip(".")
    for pattern in _TYPED_DATE:
        m = pattern.match(t)
        if m:
            num = lambda g: int(m.group(g)) if m.group(g) else None  # noqa: E731
            return num("y"), num("m"), num("d")
    return None


def smart_quotes(text: str) -> str:
    """Straight double quotes become Vietnamese typographic quotes “…”, paired left to right."""
    if '"' not in text:  # asked of every paragraph of every document: most have no quote
        return text
    pieces = text.split('"')
    return "".join(p + ("“" if k % 2 == 0 else "”") for k, p in enumerate(pieces[:-1])) + pieces[-1]


def strip_end_punct(text: str) -> str:
    """Text without the trailing ``;`` ``.`` ``,`` a list entry gets from its position."""
    return nfc(text).strip().rstrip(";.,").rstrip()


def list_entries(items: list[str], last: str = ".") -> list[str]:
    """Entries of a dash list as the decree writes them: ``- A;`` … ``- Z.``."""
    cleaned = [strip_end_punct(i) for i in items]
    return [f"- {t}{last if k == len(cleaned) - 1 else ';'}" for k, t in enumerate(cleaned)]
