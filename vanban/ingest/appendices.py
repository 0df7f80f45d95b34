"""Appendices (phụ lục) after the signature block, back into the model's ``phu_luc``.

An appendix opens with its title block, as appendix I §I.7 lays it out and offices type it:
"Phụ lục I" (or "PHỤ LỤC", "PHỤ LỤC II: …"), its name in bold capitals and the line
"(Kèm theo Kế hoạch số … ngày … của …)". The name is kept; the "Kèm theo" line is not, since
vanban composes it from the document itself. What follows, up to the next title, is the
appendix's body: its sections and tables, read by the same body builder as the document's.
"""
from __future__ import annotations

import re
from typing import Optional

from vanban.decree import vn
from vanban.decree.appendix import ATTACHED, title
from vanban.decree.layout import QUOC_HIEU
from vanban.ingest import body as body_builder, tables
from vanban.ingest.reader import Reader
from vanban.ingest.text import markup
from vanban.model import Loai


def _name_like(b) -> bool:
    t = b.text
    return bool(t) and (b.bold or t == vn.upper_vi(t)) and not body_builder.marker(t) and len(t) < 300


#: "(Ban hành kèm theo Quyết định số …)" at the end of the name's last line, after a line break
#: in the same paragraph (a regulation issued with a decision: "QUY ĐỊNH / Về … tại … (Ban hành …)").
_ATTACHED_TAIL = re.compile(r"\s*(\((?:Ban hành )?[Kk]èm theo\b.*)$")


def _attached_tail(text: str) -> Optional[tuple[str, str]]:
    """(the name's words, the "(… kèm theo …)" line) of a line that ends with the bracket, else None."""
    m = _ATTACHED_TAIL.search(text)
    return (text[:m.start()].strip(), m.group(1)) if m and m.start() > 0 else None


def _attached(text: str) -> bool:
    return bool(ATTACHED.match(text)) or _attached_tail(text) is not None


def _untitled(r: Reader, ks: list[int]) -> bool:
    """An annex without the word "Phụ lục": a name in capitals, then "(Kèm theo …)" (DANH MỤC TÀI LIỆU),
    on a line of its own or at the end of the name's last line."""
    texts = [r.blocks[k].text for k in ks]
    return len(texts) >= 2 and _name_like(r.blocks[ks[0]]) and texts[0] == vn.upper_vi(texts[0]) \
        and not ATTACHED.match(texts[0]) and any(_attached(t) for t in texts[1:3])


def _names_country(text: str) -> bool:
    """A line that holds the Quốc hiệu, alone or beside the agency's name in the same paragraph."""
    return QUOC_HIEU in vn.upper_vi(" ".join(text.split())).replace("HOÀ", "HÒA")


def _form(r: Reader, k: int, start: int) -> bool:
    """The name of a form attached after the signature with a header of its own (a công văn's
    "Giấy đăng ký …", "Tóm tắt …"): a line in capitals whose few lines above, in a header table or
    not, repeat the Quốc hiệu that the document's own header already gave."""
    b = r.blocks[k]
    if not _name_like(b) or b.text != vn.upper_vi(b.text) or len(b.text.split()) < 2 or _names_country(b.text):
        return False
    above = [x for x in range(max(start, k - 8), k) if r.blocks[x].text][-6:]
    if not above or not (r.blocks[above[-1]].cell is not None or _header_line(r.blocks[above[-1]].text)):
        return False                 # the line under the header, not a name's second line
    return any(_names_country(r.blocks[x].text) and x not in r.used for x in above)


def _header_line(text: str) -> bool:
    """The header's last line typed as a paragraph: the Quốc hiệu, or the motto beside a name."""
    folded = vn.upper_vi(text)
    return _names_country(text) or ("ĐỘC LẬP" in folded and "HẠNH PHÚC" in folded)


def issuer_named(attached: str, blocks: list) -> Optional[str]:
    """How the line "(Kèm theo … của Giám đốc Bệnh viện Đa khoa tỉnh Phú Thọ)" names the issuing
    body, from the agency's name on: "Bệnh viện Đa khoa tỉnh Phú Thọ" (the agency's name is the
    first line in capitals that the line's tail contains); None when it names someone else
    ("của Tổ chuyên gia"). vanban composes the line from ``co_quan.ten_goi``, so this keeps it."""
    m = re.search(r"\bcủa\s+(.+?)\)?\s*$", attached)
    if m is None:
        return None
    tail = m.group(1).strip()
    folded = vn.upper_vi(tail)
    for b in blocks[:8]:
        name = " ".join(b.text.split())
        if len(name.split()) >= 2 and name == vn.upper_vi(name) and name in folded:
            at = folded.index(name)
            return tail[at:].rstrip(" .;") or None
    return None


def _in_order(items: list, note_key) -> list:
    """An appendix without numbered sections: its tables, and the paragraphs between and after them
    ("Ghi chú: …", "Ấn định danh sách có: … người."), in the order the page gives them. The
    paragraphs go with the tables into the ``sau`` of one section without a heading, which prints
    no number and no heading, only its items in order."""
    out = [{"bang": it.bang} if isinstance(it, tables.TableBlock) else markup(it.spans, note_key)
           for it in items if isinstance(it, tables.TableBlock) or it.text]
    return out if all(isinstance(x, dict) for x in out) else [{"sau": out}]


def read(r: Reader, start: int, loai: Loai) -> list[dict]:
    """The appendices after block ``start``; their blocks are taken."""
    free = [k for k in range(start, len(r.blocks)) if k not in r.used and r.blocks[k].cell is None
            and r.blocks[k].text]
    found = [k for n, k in enumerate(free) if title(r.blocks[k].text) is not None or (
        (_untitled(r, free[n:n + 3]) or _form(r, k, start))
        and not any(title(r.blocks[x].text) for x in free[max(0, n - 3):n]))]
    out = []
    for n, k in enumerate(found):
        stop = found[n + 1] if n + 1 < len(found) else len(r.blocks)
        titled = title(r.blocks[k].text)
        name = [titled[1] if titled else r.blocks[k].text]
        r.take(k, "phu_luc")
        j = k + 1
        while j < stop and (not r.blocks[j].text or (_name_like(r.blocks[j]) and len(name) < 4
                                                    and not ATTACHED.match(r.blocks[j].text))):
            if r.blocks[j].text and r.blocks[j].cell is None:
                name.append(r.take(j, "phu_luc"))
            j += 1
        tail = _attached_tail(r.blocks[j].text) if j < stop and r.blocks[j].cell is None else None
        if tail is not None and len(name) < 4:
            r.take(j, "phu_luc")
            name.append(tail[0])
            r.issuer = r.issuer or issuer_named(tail[1], r.blocks)
            j += 1
        elif j < stop and ATTACHED.match(r.blocks[j].text):
            # The line may wrap into a block of its own on a PDF: up to its closing bracket.
            end = next((x for x in range(j, min(j + 3, stop)) if r.blocks[x].text.endswith(")")), j)
            attached = " ".join(r.take(x, "phu_luc") for x in range(j, end + 1))
            r.issuer = r.issuer or issuer_named(attached, r.blocks)
            j = end + 1
        items, in_tables = tables.gather(r.blocks, list(range(j, stop)), r.page.tables, r.used, r.note_key)
        # An appendix has no "QUYẾT ĐỊNH:" to wait for, even a decision's: its chapters and sections count.
        built = body_builder.build(items, loai, r.note_key, decision=False)
        sectioned = any(not (isinstance(n, dict) and "bang" in n) for n in built.noi_dung)
        r.used.update(in_tables)
        plain = [x for x in range(j, stop) if r.blocks[x].cell is None and r.blocks[x].text and x not in r.used]
        if not sectioned:
            nodes = _in_order(items, r.note_key)
            r.used.update(plain)       # every paragraph stands in ``nodes``, between the tables where it was
        else:
            # Paragraphs before the first number are no section's: left as comments (a section without
            # a heading there would take the number "I."). Those after the last print after it, in
            # the ``sau`` of a section without a heading (no number, no heading printed).
            nodes = [*built.noi_dung, {"sau": built.ket_thuc}] if built.ket_thuc else built.noi_dung
            r.used.update(plain[len(built.can_cu) + len(built.mo_dau):])
        appendix: dict = {"ten": " ".join(t for t in name if t) or "…"}
        if k in r.page.landscape:
            appendix["ngang"] = True
        if nodes:
            appendix["noi_dung"] = nodes
            if sectioned and built.kieu_muc:
                appendix["kieu_muc"] = built.kieu_muc     # its sections numbered as the source did
        for x in in_tables:
            r.anchor[x] = "phu_luc"
        out.append(appendix)
    return out


__all__ = ["read"]
