"""The header of a document read back: the agency lines in the column of ``Số:``, and a header
without a number line (a draft, a hospital's or a school's letter, a union's plan under its
organisation's name only, a biên bản under the national name alone) recognised by its title, its
V/v line or its Kính gửi, or refused in one line saying why."""
from __future__ import annotations

from typing import Optional

from vanban.decree import vn
from vanban.decree.type_names import type_name_prefix
import vanban.i18n as i18n
from vanban.ingest.reader import Reader
from vanban.model import KINDS, InputError, Problem
from vanban.reading import locate

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`

TITLES = {k.title: loai for loai, k in KINDS.items() if k.title}
AGENCY_LINES = 3     # the most lines an agency's name is printed over


class Unsupported(ValueError):
    """A document vanban recognises but cannot represent yet (a Party document, a kind it lacks)."""


def other_kind(r: "Reader", head: int) -> None:
    """Unsupported with the document's title when it names a kind vanban does not have."""
    # A title is printed in capitals: "quy định chức năng …" continuing a Căn cứ line is not one.
    k = r.find(lambda t: t.isupper() and type_name_prefix(t) not in (None, *TITLES), 0, head)
    if k is not None:
        raise Unsupported(_("{file}: a {title} is not a kind vanban supports yet").format(
            file=r.file, title=vn.upper_vi(r.blocks[k].text)))


def unnumbered(r: Reader, h: locate.Header, head: int) -> Optional[int]:
    """A header without a number line (a draft, a hospital's or a school's letter, a union's plan
    under its organisation's name only): the index of its title when it names a supported kind
    (None for a công văn known by its V/v line or its Kính gửi under the national name); refused
    when nothing in it reads as a supported kind, or when ``strict``."""
    ti = r.find(lambda t: supported_title(t), 0, head)
    if ti is not None and not (r.blocks[ti].bold or r.blocks[ti].align == "center" or locate.title(r.blocks[ti].text)
                               or under_national_name(r, h, ti)):
        ti = None
    other_kind(r, head if ti is None else ti)
    kg = locate.kinh_gui_line(r.blocks, 0, head) if h.quoc_hieu is not None else None
    # Kính gửi under the national name is a letter's, unless a title of another kind stands above
    # it (ĐƠN XIN NGHỈ VIỆC: an application is no công văn).
    letter = h.vv is not None or (kg is not None and not any(
        r.blocks[k].cell is None and (r.blocks[k].bold or r.blocks[k].align == "center")
        and r.blocks[k].text.isupper() and not locate.is_rule_text(r.blocks[k].text) for k in range(kg) if k not in r.used))
    if r.strict or (ti is None and not letter):
        if h.quoc_hieu is None and h.party is None:
            raise Unsupported(_("{file}: neither the national name nor a number line: not an administrative "
                                "document under Decree 30").format(file=r.file))
        raise InputError([Problem(r.file, None, "so", _("no number line (Số: …/…) in the header") if r.strict
                                  else nothing_to_read_as(r, h, head))])
    r.repair(_("so: no number line (Số: …/…) in the header; the number is left blank, as on a draft"))
    return ti


def under_national_name(r: Reader, h: locate.Header, ti: int) -> bool:
    """A title typed plain, in capitals, with nothing between it and the national name but the motto
    (a misspelt one too: "Độc lâp – Tự do – Hạnh phúc") and a rule ("----- o0o -----"); those lines
    are then taken as the header's (vanban prints the motto and its rule itself)."""
    between = _between_national_name_and(r, h, ti)
    for k in between or ():
        r.take(k, "co_quan")
    return between is not None


def _between_national_name_and(r: Reader, h: locate.Header, ti: int) -> Optional[list[int]]:
    if h.quoc_hieu is None or ti <= h.quoc_hieu or not r.blocks[ti].text.isupper():
        return None
    between = [k for k in range(h.quoc_hieu + 1, ti) if r.blocks[k].text.strip()]
    if len(between) > 2 or not all(locate.is_rule_text(r.blocks[k].text) or _motto_like(r.blocks[k].text)
                                   for k in between):
        return None
    return between


def _motto_like(text: str) -> bool:
    """The motto, misspelt too ("Độc lâp – Tự do – Hạnh phúc")."""
    folded = vn.upper_vi(text)
    return locate.is_motto(text) or ("TỰ DO" in folded and "HẠNH PHÚC" in folded)


def nothing_to_read_as(r: Reader, h: locate.Header, head: int) -> str:
    """Why a header without a number line is refused: what it has in place of a kind's title."""
    skip = set(h.found) | {h.party}
    title = next((r.blocks[k].text for k in range(head) if k not in r.used and k not in skip and r.blocks[k].cell is None
                  and r.blocks[k].text.isupper() and (r.blocks[k].bold or r.blocks[k].align == "center"
                                                      or _between_national_name_and(r, h, k) is not None)
                  and not locate.is_rule_text(r.blocks[k].text) and not _motto_like(r.blocks[k].text)), None)
    if title:
        return _("no number line (Số: …/…) in the header, and its title {title} is not a kind vanban makes").format(
            title=title.strip())
    return _("no number line (Số: …/…) in the header, and nothing to read it as: no title of a kind vanban makes "
             "(KẾ HOẠCH, QUYẾT ĐỊNH …), no V/v line, no Kính gửi")


def supported_title(text: str) -> bool:
    parts = locate.title_parts(text)
    return bool(parts) and parts[0] in TITLES


def agency_unnumbered(r: Reader, h: locate.Header, ti: Optional[int]) -> tuple[list[int], list[int]]:
    """Without a number line: the agency lines beside the national name (the locator's), else the
    lines in capitals above the title or the V/v line; and the V/v line of a công văn."""
    end = ti if ti is not None else (h.vv if h.vv is not None else min(len(r.blocks), locate.HEADER_SCAN))
    found = [k for k in locate.agency(r.blocks, h) if k < end and k not in r.used]
    if not found:
        found = [k for k in range(end) if k not in r.used and k != h.date and r.blocks[k].text
                 and r.blocks[k].text == vn.upper_vi(r.blocks[k].text) and any(c.isalpha() for c in r.blocks[k].text)
                 and not locate.is_rule_text(r.blocks[k].text) and not locate.is_motto(r.blocks[k].text)
                 and not vn.upper_vi(r.blocks[k].text).startswith("DỰ THẢO")]
    # An agency's name is printed over three lines at most (issue 20); the capitals under them on a
    # cover page (the congress, "LƯU HÀNH NỘI BỘ") stay where they are, kept as comments.
    # In a header table the national name's column interleaves with the agency's: only lines of the
    # agency's own column break the run ("BỆNH VIỆN …" over "P. CÔNG NGHỆ THÔNG TIN" beside the motto).
    column = (lambda i: r.blocks[i].cell is None or r.blocks[found[0]].cell is None
              or r.blocks[i].cell[0::2] == r.blocks[found[0]].cell[0::2]) if found else None
    run = [k for k in found if all(not r.blocks[i].text or i in found or not column(i) for i in range(found[0], k))]
    return run[:AGENCY_LINES], ([h.vv] if ti is None and h.vv is not None else [])


def agency_column(r: Reader, h: locate.Header, is_party: bool = False) -> tuple[list[int], list[int]]:
    """Indexes of the agency lines above ``Số:`` (the locator's, those in capitals: a line in
    lower case there is left as a comment) and of the V/v lines under it, in its column; a Party
    document's star is taken, and its công văn's subject is the line under the number, without V/v."""
    no, cell = h.number, r.blocks[h.number].cell
    agency = [k for k in locate.agency(r.blocks, h) if r.blocks[k].text.upper() == r.blocks[k].text]
    if is_party:
        for k in range(max(agency or [0]), no):
            if r.blocks[k].text.strip() == "*":
                r.take(k, "co_quan")
        under = [k for k in range(no + 1, min(no + 8, len(r.blocks))) if r.blocks[k].cell == cell
                 and r.blocks[k].text and not locate.is_date_line(r.blocks[k].text)] if cell is not None else []
        return agency, under
    if cell is not None:
        same = [k for k in range(len(r.blocks)) if r.blocks[k].cell is not None
                and r.blocks[k].cell[0] == cell[0] and r.blocks[k].cell[2] == cell[2] and r.blocks[k].text]
    else:
        same = [k for k in range(no + 3) if r.blocks[k].text and k not in (h.quoc_hieu, h.tieu_ngu)]
    vv = [k for k in same if k > no]
    if cell is None:
        vv = [k for k in vv[:1] if locate.is_vv(r.blocks[k].text)]
    elif vv and not locate.is_vv_under_number(r.blocks[vv[0]].text):
        vv = []
    if cell is not None and not vv:
        # A header typed with tabs leaves "V/v …" as the paragraph after the header lines.
        k = next((k for k in range(no + 1, min(no + 6, len(r.blocks)))
                  if r.blocks[k].cell is None and r.blocks[k].text), None)
        vv = [k] if k is not None and locate.is_vv(r.blocks[k].text) else []
    return agency, vv
