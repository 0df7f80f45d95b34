"""A page (from any reader) back into the document model.

The elements are found the way a clerk finds them: the national name and
motto, the agency lines in the column of ``Số:``, the date line, the type
name and subject, ``Kính gửi``, the Nơi nhận and signature columns. Whatever
is left over is kept as an unplaced block with the model key it was found
after, so the YAML can carry it as a comment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from vanban.decree import party, vn
import vanban.i18n as i18n
from vanban.ingest import appendices, body as body_builder, header, tables, tolerant
from vanban.ingest.header import TITLES, Unsupported
from vanban.ingest.closing import closing_block, left_block, noi_nhan, signature, strip_list
from vanban.ingest.reader import Reader
from vanban.ingest.text import markup
from vanban.model import KINDS, Loai, Mau, VanBan
from vanban.model.schema import MORE_SIGNERS
from vanban.reading import locate
from vanban.reading.parties import parties, signed
from vanban.reading.page import Page, Span
from vanban.reading.tables import holds_data

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`

_UNION = re.compile(r"CÔNG ĐOÀN|LĐLĐ|LIÊN ĐOÀN LAO ĐỘNG|TỔNG LIÊN ĐOÀN")
_SHORT = {"ỦY BAN NHÂN DÂN": "UBND", "UỶ BAN NHÂN DÂN": "UBND", "HỘI ĐỒNG NHÂN DÂN": "HĐND",
          "LIÊN ĐOÀN LAO ĐỘNG": "LĐLĐ", "LĐLĐ": "LĐLĐ"}
_LEVEL = re.compile(r"^(TỈNH|THÀNH PHỐ|HUYỆN|THỊ XÃ|QUẬN|XÃ|PHƯỜNG|THỊ TRẤN)\b\s*(.*)$")


@dataclass
class Imported:
    """The model read from a document, and what could not be placed in it."""
    doc: VanBan
    data: dict
    unplaced: list[tuple[str, str]] = field(default_factory=list)   # (model key found after, text)
    warnings: list[str] = field(default_factory=list)
    #: Fields read that break a rule of the model, kept as comments (what ``strict`` refuses).
    repairs: list[str] = field(default_factory=list)


def from_page(page: Page, file: str = "<document>", strict: bool = False) -> Imported:
    """The document model of ``page``; raises :class:`Unsupported` or :class:`InputError`. A field
    that breaks a rule of the model is kept as a comment and named in ``repairs``
    (:mod:`vanban.ingest.tolerant`); with ``strict`` the document is refused instead."""
    r = Reader(page, file, strict)
    head = min(len(r.blocks), locate.HEADER_SCAN)
    h = locate.header(r.blocks)
    data: dict = {}
    qh, mt, no, dt = h.quoc_hieu, h.tieu_ngu, h.number, h.date
    # A Party document (HD 36): its title stands where the national name would.
    is_party = h.party is not None and qh is None
    if is_party:
        qh = h.party
    for k in (qh, mt):
        if k is not None:
            r.take(k, "co_quan")
    ti = None
    if no is None:
        ti = header.unnumbered(r, h, head)
        number, code = None, ""
        agency, vv = header.agency_unnumbered(r, h, ti)
    else:
        line = r.take(no, "so")
        # Either form: the locator took the line as a state or a Party number line (locate.is_number_line).
        m = (party.parse_number_line(line) if is_party else None) or vn.parse_number_line(line) \
            or party.parse_number_line(line)
        number, code = m.number, m.code
        if m.extra:
            code = f"{m.extra}/{code}".lstrip("-/")
            r.warnings.append(_("the number {text!r} is not a plain number; its rest is kept in the code").format(
                text=r.blocks[no].text))
        agency, vv = header.agency_column(r, h, is_party)
    if qh is None and not is_party:
        r.warnings.append(_("no national name (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM) in the header; the "
                            "rendered document prints the one its profile has"))
    place, date = "", {}
    if dt is not None:
        md = vn.parse_date_line(r.take(dt, "ngay"))
        place = md.place
        if md.day_unread:
            r.warnings.append(_("the day of the date line could not be read ({text!r}); it is left blank")
                              .format(text=md.day_unread))
        date = {k: v for k, v in (("nam", md.year), ("thang", md.month), ("ngay", md.day)) if v}
    else:
        r.warnings.append(_("no date line (…, ngày … tháng … năm …) in the header"))
    last_head = max([k for k in (qh, mt, no, dt, *agency, *vv) if k is not None], default=-1)
    last_head = locate.end_of_table(r.blocks, last_head) if last_head >= 0 else -1
    # Without a number line the title found may stand above a date line typed under it.
    start = last_head + 1 if ti is None else min(ti, last_head + 1)
    loai, subject, tham_quyen, after = _title(r, start, code, ti)
    if loai is Loai.cong_van and vv:
        subject = locate.vv_rest(" ".join(r.take(k, "trich_yeu") for k in vv))
    kinh_gui, after = _kinh_gui(r, after)
    nn, sign_cells = closing_block(r, after)
    data.update(_co_quan(r, agency, place, code, loai, is_party))
    data.update(loai=loai.value, so=number, ngay=date or None, trich_yeu=subject or None,
                tham_quyen=tham_quyen, kinh_gui=kinh_gui or None)
    data["mau"] = Mau.dang.value if is_party else (Mau.cong_doan if any(_UNION.search(vn.upper_vi(t)) for t in
                                        (data["co_quan"].get("chu_quan") or []) + data["co_quan"]["ten"])
                   else Mau.nha_nuoc).value
    left_cells = left_block(r, nn, KINDS[loai].signatures == 2)
    more: list[list[int]] = []
    # Several parties side by side (a biên bản's four parties, the heads of the agencies of a joint
    # document): each cell of the layout table is one.
    found = parties(r.blocks, after, lambda k: k in r.used)
    if KINDS[loai].signatures < 2 and not signed(r.blocks, found):
        found = []          # a one-signature kind is joint only when every party's name is printed
    if found:
        left_cells, sign_cells, more = found[0], found[1], found[2:]
        data["lien_tich"] = KINDS[loai].signatures < 2 or None
    end = min([k for k in (nn, *sign_cells, *left_cells) if k is not None] or [len(r.blocks)])
    running = [k for k in range(after, end) if k not in r.used and r.blocks[k].cell is None]
    items, in_tables = tables.gather(r.blocks, list(range(after, end)), page.tables, r.used, r.note_key)
    built = body_builder.build(items, loai, r.note_key, KINDS[loai].scheme_for(data["mau"]))
    r.warnings += built.warnings
    r.used.update(running)
    r.used.update(in_tables)
    data.update(can_cu=built.can_cu, mo_dau=built.mo_dau, noi_dung=built.noi_dung, ket_thuc=built.ket_thuc,
                dau_ket=built.dau_ket, **({"kieu_muc": built.kieu_muc} if built.kieu_muc else {}))
    data.update(noi_nhan(r, nn, end))
    data["ky"] = signature(r, sign_cells)
    if left_cells:
        data["ky_ben_trai"] = signature(r, left_cells)
    if len(more) > MORE_SIGNERS:
        r.warnings.append(_("{n} parties sign side by side; the model holds {most}: the others are kept as "
                            "comments").format(n=len(more) + 2, most=MORE_SIGNERS + 2))
    data["ky_them"] = [signature(r, cells) for cells in more[:MORE_SIGNERS]]
    data["phu_luc"] = appendices.read(r, max([end] + [k + 1 for k in r.used]), loai)
    data["chu_thich"] = {key: [markup(_unmarked(p), r.note_key) for p in r.page.notes.get(src, [])] or ["…"]
                         for src, key in r.notes.items()}
    data["co_quan"]["ten_goi"] = _short_name(data["co_quan"]["ten"], place, vn.nfc(" ".join(
        b.text for b in r.blocks))) or r.issuer
    data = {k: v for k, v in data.items() if v not in (None, [], {}, "")}
    loaded = tolerant.load(data, file, tolerant.read_texts(r.blocks, r.anchor), strict)
    unplaced = [(r.anchor.get(k) or _anchor_before(r, k), r.blocks[k].text)
                for k in range(len(r.blocks)) if k not in r.used and r.blocks[k].text]
    # A footnote whose mark was not found in the text (a scan misreads small raised digits).
    unplaced += [("chu_thich", " ".join(markup(p, r.note_key) for p in paras))
                 for src, paras in page.notes.items() if src not in r.notes and paras]
    unplaced += loaded.notes
    return Imported(loaded.doc, data, unplaced, r.warnings + loaded.repairs, r.repairs + loaded.repairs)


def _unmarked(spans: list[Span]) -> list[Span]:
    """A footnote's own text: a raised digit inside it is printed as a digit (notes carry no notes)."""
    return [Span(x.note, x.bold, x.italic) if x.note is not None else x for x in spans]


def _anchor_before(r: Reader, k: int) -> str:
    before = [r.anchor[j] for j in range(k) if j in r.anchor]
    return before[-1] if before else "co_quan"


def _co_quan(r: Reader, agency: list[int], place: str, code: str, loai: Loai, is_party: bool = False) -> dict:
    lines = [(k, r.take(k, "co_quan")) for k in agency]
    styled = [k for k, _t in lines if r.blocks[k].style == "VB Co Quan Chu Quan"]
    if styled:
        chu_quan = [t for k, t in lines if k in styled]
    elif any(r.blocks[k].bold for k, _t in lines) or r.page.source != "ocr":
        # The superior agency is printed upright, the issuing agency in bold.
        chu_quan = []
        for k, t in lines:
            if r.blocks[k].bold or len(chu_quan) == len(lines) - 1:
                break
            chu_quan.append(t)
    else:
        # A scan shows no weight: two lines are one agency when the second is "TỈNH …", "HUYỆN …".
        two_line_name = len(lines) == 2 and _LEVEL.match(vn.upper_vi(lines[1][1]))
        chu_quan = [lines[0][1]] if len(lines) > 1 and not two_line_name else []
    ten = [t for _k, t in lines[len(chu_quan):]]
    if not ten:
        r.warnings.append(_("the issuing agency's name was not found above the number line") if code
                          else _("the issuing agency's name was not found in the header"))
    out = {"co_quan": {"chu_quan": chu_quan or None, "ten": ten or [_("(agency not found)")],
                       "dia_danh": place or "…"}}
    if not code:
        # A draft or a letter without a number line: the code is the register's to give.
        out["co_quan"]["viet_tat"] = tolerant.PLACEHOLDER
        r.warnings.append(_("co_quan.viet_tat: no number line to read the code from; written as {blank} for a "
                            "person to fill in").format(blank=tolerant.PLACEHOLDER))
        return out
    if is_party:
        # HD 36: "NQ/TU", a công văn's "CV/ĐĐ": the type before the slash, the body after it.
        first, _slash, body = code.partition("/")
        out["co_quan"]["viet_tat"] = body or first
        if party.ky_hieu(KINDS[loai].party_abbr or first, out["co_quan"]["viet_tat"]) != code:
            out["ky_hieu"] = code
        return out
    abbr = KINDS[loai].abbr
    parts = code.split("-")
    if abbr and parts[0].lower() == abbr.lower() and len(parts) > 1:
        out["co_quan"]["viet_tat"] = "-".join(parts[1:])
    else:
        out["co_quan"]["viet_tat"] = parts[0]
        if not abbr and len(parts) > 1:
            out["don_vi_soan_thao"] = "-".join(parts[1:])
    composed = vn.ky_hieu(abbr, out["co_quan"]["viet_tat"], out.get("don_vi_soan_thao"))
    if composed != code:
        out["ky_hieu"] = code
    return out


def _title(r: Reader, start: int, code: str, found: Optional[int] = None):
    """(kind, subject, authority line, index after them); ``found``: the title a header without a
    number line was recognised by, taken when the usual search finds none (typed plain)."""
    ti = locate.title_line(r.blocks, start, lambda k: k in r.used)
    if ti is None:
        # The type name and the subject on one line, in capitals, bold or centred, as offices type it.
        lines = [k for k in range(start, len(r.blocks)) if r.blocks[k].text and k not in r.used][:locate.TITLE_SCAN]
        ti = next((k for k in lines if (r.blocks[k].bold or r.blocks[k].align == "center")
                   and (locate.title_parts(r.blocks[k].text) or ("",))[0] in TITLES), None)
    if ti is None and found is not None and found not in r.used:
        ti = found
    if ti is None:
        abbr = code.split("-")[0]
        by_code = next((loai for loai, k in KINDS.items() if k.abbr and k.abbr.lower() == abbr.lower()), None)
        if by_code is not None and r.strict:
            raise Unsupported(_("{file}: the code {code} names a {kind} but its title is not found").format(
                file=r.file, code=code, kind=by_code.value))
        if by_code is not None:
            r.repair(_("the code {code} names a {kind} but its title is not found: imported as a {kind}").format(
                code=code, kind=by_code.value))
            return by_code, "", None, start
        return Loai.cong_van, "", None, start
    title, rest = locate.title_parts(r.take(ti, "loai")) or (None, "")
    if title not in TITLES:
        raise Unsupported(_("{file}: a {title} is not a kind vanban supports yet").format(file=r.file, title=title))
    loai = TITLES[title]
    subject, authority, k = [rest] if rest else [], [], ti + 1
    # A title typed plain (neither bold nor centred) goes on in plain capitals.
    plain = not r.blocks[ti].bold and r.blocks[ti].align != "center"
    while k < len(r.blocks) and (r.blocks[k].cell is None or r.blocks[k].cell[0] != (r.blocks[ti].cell or (-9,))[0]):
        b = r.blocks[k]
        t = b.text
        if not t or locate.is_rule_text(t):
            if t:
                r.take(k, "trich_yeu")       # the rule typed under the subject is layout, not words
            k += 1
            continue
        # The subject is centred and bold; a long line of it may fill the width, and Word users
        # sometimes put it in a one-cell table to draw the rule under it.
        subject_words = not subject and not authority and (t.startswith("Về ") or locate.is_vv(t))
        if b.cell is not None and holds_data(r.page.tables.get(b.cell[0]), 2, False):
            break        # a table of data right under the subject (a timetable) is the body's
        if locate.is_kinh_gui(t) or body_builder.marker(t) or (not subject_words and
                b.align != "center" and not b.bold and b.style not in ("VB Trich Yeu", "VB Tham Quyen")
                and not (plain and t == vn.upper_vi(t) and any(c.isalpha() for c in t))):
            break
        if b.style == "VB Tham Quyen" or (loai is Loai.quyet_dinh and subject and t == vn.upper_vi(t)
                                          and b.style != "VB Trich Yeu"):
            authority.append(r.take(k, "tham_quyen"))
        elif authority or re.match(r"^QUYẾT ĐỊNH\s*:", t):
            break
        else:
            subject.append(r.take(k, "trich_yeu"))
        k += 1
    return loai, " ".join(subject), " ".join(authority) or None, k


def _kinh_gui(r: Reader, start: int) -> tuple[list[str], int]:
    kg = locate.kinh_gui_line(r.blocks, 0, start + 12, lambda k: k in r.used)
    if kg is None:
        return [], start
    entries, end = locate.recipients(r.blocks, kg)
    r.take(kg, "kinh_gui")
    names = [" ".join(locate.label_rest(r.blocks[j].text, "Kính gửi") if j == kg else r.take(j, "kinh_gui")
                      for j in e) for e in entries]
    return [strip_list(n) for n in names if strip_list(n)], max(start, end)


def _short_name(ten: list[str], place: str, text: str) -> Optional[str]:
    """How the document names its issuer in running text: ``UBND tỉnh`` or ``UBND tỉnh Lào Cai``."""
    full = vn.upper_vi(" ".join(ten))
    short = next((v for k, v in _SHORT.items() if full.startswith(k)), None)
    if not short:
        return None
    rest = full[len(next(k for k, v in _SHORT.items() if full.startswith(k))):].strip()
    level = _LEVEL.match(rest)
    if not level:
        return None
    name = f"{short} {level.group(1).lower()}"
    longer = f"{name} {place}" if place else None
    if longer and text.count(longer) > text.count(name) - text.count(longer):
        return longer
    return name
