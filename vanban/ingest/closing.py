"""The closing of a document: the Nơi nhận list with its Lưu line, and the signature block."""
from __future__ import annotations

import re
from typing import Optional

import vanban.i18n as i18n
from vanban.decree import vn
from vanban.decree.appendix import ATTACHED, title
from vanban.ingest.reader import Reader
from vanban.reading import locate
from vanban.reading.page import NOI_NHAN
from vanban.reading.parties import is_title

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`



def strip_list(text: str) -> str:
    """A list entry without its dash and the ``;``/``.`` its position gave it."""
    return vn.strip_end_punct(re.sub(r"^[-–+•]\s*", "", text))


def closing_block(r: Reader, start: int) -> tuple[Optional[int], list[int]]:
    """The Nơi nhận label and the blocks of the signature: the columns beside Nơi nhận (a
    table, or lines typed with tabs), with the signer's name typed under them; else (Nơi nhận
    and the signature in separate tables, or one under the other) from the signing authority."""
    nn = locate.noi_nhan_line(r.blocks, start, lambda k: k in r.used)
    sign: list[int] = []
    if nn is not None and r.blocks[nn].cell is not None:
        sign = locate.beside(r.blocks, nn)
        if sign and not any(_name_like(r.blocks[k].text) for k in sign):
            sign += _name_after(r, locate.noi_nhan_entries(r.blocks, nn)[1])
        sign = _authority_over(r, nn, start) + sign
    if not sign:
        auth = r.find(lambda t: locate.authority(t) is not None, start)
        first = auth if auth is not None else None
        if first is None and nn is not None:
            # No TM./KT.: the signer's title is the first upper-case line around Nơi nhận.
            first = r.find(lambda t: t.isupper() and len(t) < 60, max(start, nn - 3))
        if first is not None and not _opens_appendix(r, first):
            lines = range(first, min(first + 8, len(r.blocks)))
            stop = next((k for k in lines if k > first and _opens_appendix(r, k)), lines.stop)
            sign = [k for k in range(first, stop) if k != nn
                    and not r.blocks[k].text.startswith(("-", "–")) and not NOI_NHAN.match(r.blocks[k].text)]
    return nn, sign


def _opens_appendix(r: Reader, k: int) -> bool:
    """The title of a paper attached after the signature ("Phụ lục …", or a name in capitals whose
    next lines carry "(Ban hành kèm theo …)"): where no signature was read (a scan's lost stamp
    and name), the first capitals after Nơi nhận are that title, not the signer's."""
    after = [j for j in range(k + 1, min(k + 5, len(r.blocks))) if r.blocks[j].text][:2]
    return title(r.blocks[k].text) is not None or any(ATTACHED.match(r.blocks[j].text) for j in after)


def _authority_over(r: Reader, nn: int, start: int) -> list[int]:
    """The authority typed on its own line right over a tabbed "Nơi nhận:<tab>CHỦ TỊCH" (a union's
    "TM. BAN CHẤP HÀNH"), which belongs to the signature beside Nơi nhận, not to the body."""
    k = nn - 1
    while k >= start and not r.blocks[k].text:
        k -= 1
    found = k >= start and k not in r.used and r.blocks[k].cell is None and locate.authority(r.blocks[k].text)
    return [k] if found else []


def left_block(r: Reader, nn: Optional[int], two: bool) -> list[int]:
    """The left signer of a two-signature kind (thư ký, bên A): over Nơi nhận in its column."""
    if not two or nn is None or r.blocks[nn].cell is None:
        return []
    return [k for k in locate.above(r.blocks, nn) if r.blocks[k].text and k not in r.used]


def _name_like(text: str) -> bool:
    """A signer's name: letters in mixed case, not a note in brackets or an authority line."""
    return bool(text) and not text.startswith("(") and text != text.upper() and locate.authority(text) is None \
        and len(text) <= 60


def _name_after(r: Reader, k: int) -> list[int]:
    """The signer's name typed under a closing laid out with tabs (its own line, past the list)."""
    lines = [j for j in range(k, min(k + 6, len(r.blocks))) if r.blocks[j].text and j not in r.used][:2]
    return [j for j in lines if _name_like(r.blocks[j].text) and not r.blocks[j].text.startswith(("-", "–", "+"))][:1]


def noi_nhan(r: Reader, nn: Optional[int], end: int) -> dict:
    if nn is None:
        return {}
    r.take(nn, "noi_nhan")
    groups, _after = locate.noi_nhan_entries(r.blocks, nn)
    # A first entry whose dash a scan lost keeps no stray mark a scan read for it.
    entries = [" ".join(r.take(j, "noi_nhan") for j in g).lstrip("\"“'•*") for g in groups]
    out: dict = {"noi_nhan": [], "luu": None}
    for e in entries:
        text = strip_list(e)
        m = re.match(r"^Lưu\s*:?\s*(.*)$", text)
        if m:
            out["luu"] = [p.strip() for p in re.split(r"[,;]", m.group(1)) if p.strip()]
        else:
            out["noi_nhan"].append(text)
    return out


def signature(r: Reader, sign: list[int]) -> dict:
    ky: dict = {}
    lines = [k for k in sign if r.blocks[k].text and k not in r.used]
    titles, rest = [], []
    for k in lines:
        t = r.blocks[k].text
        m = locate.authority(t)
        if m and m[1] and not titles:
            key = m[0]
            if key != "tm" and any(d in ky for d in ("kt", "q", "tl", "tuq")):
                # TL. then KT. (a deputy of the office signing by order): the model keeps one; the
                # other line stays in the YAML as a comment.
                r.warnings.append(_("a second signing authority {line!r} is not placed").format(line=t))
                continue
            ky[key] = m[1]
            r.take(k, "ky")
        elif t.startswith("(") or not re.search(r"[^\W\d_]", t):
            continue                        # "(Đã ký)", "(Ký, đóng dấu)": left unplaced, as a comment
        elif (_mostly_upper(t) or (is_title(t) and not titles)) and not rest:
            titles.append(r.take(k, "ky"))
        else:
            rest.append(k)
    if rest:
        ky["ho_ten"] = r.take(rest[-1], "ky")
    if not titles:
        r.warnings.append(_("the signer's title was not found; the YAML says so in ky.chuc_vu"))
    ky["chuc_vu"] = " ".join(titles) or _("(title not found)")
    return ky


def _mostly_upper(text: str) -> bool:
    """A title line, also when OCR misreads a letter or two (``PHÓ CHUl``)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.75 * len(letters)
