"""Deriving documents from a parent: citations, follow-up letters, per-unit plans.

A follow-up letter (công văn triển khai) passes a parent's tasks down to the
deriving body's subordinates; a derivative plan turns the parent's section that
assigns work to "các huyện" into one unit's own plan. Both return an ordinary
:class:`~vanban.model.VanBan`, meant to be written as YAML, read and edited by
a person, and rendered.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable, Optional

from pydantic import Field

from . import vn
from .context import marker
from .model import ChuKy, CoQuan, Lines, Loai, Mau, Muc, Node, Text, VanBan, _Model

KIND_NAMES = {Loai.cong_van: "Công văn", Loai.ke_hoach: "Kế hoạch", Loai.quyet_dinh: "Quyết định",
              Loai.thong_bao: "Thông báo", Loai.bao_cao: "Báo cáo", Loai.to_trinh: "Tờ trình"}
UNKNOWN = "…"


class CoQuanDanXuat(_Model):
    """An issuing body that derives documents (``data/bodies/*.yaml``)."""
    mau: Mau = Mau.nha_nuoc
    co_quan: CoQuan
    ky: ChuKy
    luu: Lines = Field(default_factory=lambda: ["VT"])
    ten_goi: Optional[Text] = Field(None, description="how the body names itself in running text: Ban Thường vụ LĐLĐ tỉnh")
    ten_khac: Lines = Field(default_factory=list, description="other names the parent may use for this body, to find its section")
    cap_duoi: Lines = Field(default_factory=list, description="subordinates, the recipients of a follow-up letter")
    cap_duoi_goi: Optional[Text] = Field(None, description="the subordinates named in one phrase, for the closing formula")
    noi_nhan: Lines = Field(default_factory=list, description="further recipients of every follow-up")


class DonVi(_Model):
    """One subordinate unit a derivative plan is written for."""
    ten: Lines = Field(description="agency name lines: [ỦY BAN NHÂN DÂN, HUYỆN TAM ĐƯỜNG]")
    viet_tat: Text = "UBND"
    chu_quan: Optional[Lines] = None
    dia_danh: Text = Field(description="place name of the date line: Tam Đường")
    dia_ban: Text = Field(description="the unit's territory in running text: huyện Tam Đường")
    ten_goi: Optional[Text] = Field(None, description="the unit in running text: UBND huyện Tam Đường")
    ky: ChuKy
    luu: Lines = Field(default_factory=lambda: ["VT"])
    muc_tieu: Optional[list[Node]] = Field(None, description="the unit's own goals, replacing the parent's")


def _lower_first(text: str) -> str:
    # "Triển khai …" → "triển khai …", but leave "UBND …" and "Chương trình" (proper) alone.
    if len(text) > 1 and text[0].isupper() and text[1].islower() and not text.startswith(("Chương trình", "Kế hoạch")):
        return text[0].lower() + text[1:]
    return text


def issuer(doc: VanBan, full: bool = False) -> str:
    """The issuing body in running text: short (``UBND tỉnh``) or full (``UBND tỉnh Lai Châu``)."""
    c = doc.co_quan
    short = c.ten_goi or " ".join(c.ten).capitalize()
    if not full:
        return short
    area = c.dia_danh
    return short if area.lower() in short.lower() else f"{short} {area}"


def cite(doc: VanBan, full: bool = False, with_subject: bool = True) -> str:
    """The citation used in "Căn cứ …" and "Thực hiện …" sentences.

    ``Kế hoạch số 4593/KH-UBND ngày 27/11/2023 của UBND tỉnh về …``; a number or
    day not yet given shows as ``…``, as a clerk would leave it to fill in.
    """
    d = doc.ngay
    number = vn.doc_number(doc.so) if doc.so else UNKNOWN
    if d.date:
        date = vn.short_date(d.date)
    else:
        month = f"{d.thang:02d}" if d.thang and d.thang < 3 else (str(d.thang) if d.thang else UNKNOWN)
        date = f"{UNKNOWN}/{month}/{d.nam or UNKNOWN}"
    out = f"{KIND_NAMES[doc.loai]} số {number}/{doc.code} ngày {date} của {issuer(doc, full)}"
    if with_subject and doc.trich_yeu:
        subject = re.sub(r"^V/v\s+", "", doc.trich_yeu)
        if re.match(r"^(về|Về)\b", subject):
            out += " " + _lower_first(subject)
        else:
            link = "về việc" if doc.loai is Loai.cong_van else "về"
            out += f" {link} {_lower_first(subject)}"
    return out


# ------------------------------------------------------------------ sections
def numbered_sections(doc: VanBan) -> dict[str, Node]:
    """Every section by its printed number path: ``"III.1"``, ``"II.2.1"``, ``"IV.1.a"``."""
    scheme = doc.kind.scheme
    out: dict[str, Node] = {}

    def walk(nodes, depth, style, path, parent_number):
        style = style or (scheme[depth] if depth < len(scheme) else "-")
        for k, node in enumerate(nodes, start=1):
            mark = marker(style, k, parent_number).rstrip(".)").replace("Điều ", "")
            key = mark if style != "1.1" else mark.split(".")[-1]
            full = ".".join(p for p in (path, key) if p)
            out[full] = node
            number = parent_number
            if style == "1":
                number = str(k)
            elif style == "1.1":
                number = f"{parent_number}.{k}" if parent_number else str(k)
            if isinstance(node, Muc):
                walk(node.muc, depth + 1, node.kieu_muc, full, number)
    walk(doc.noi_dung, 0, None, "", "")
    return out


def find_sections(doc: VanBan, names: Iterable[str]) -> list[str]:
    """Number paths of the sections whose heading names one of ``names`` (case-insensitive).

    Only headings count: a task that merely mentions the body ("… phối hợp với
    Liên đoàn Lao động tỉnh") does not assign work to it.
    """
    wanted = [vn.nfc(n).lower() for n in names if n]
    return [path for path, node in numbered_sections(doc).items()
            if isinstance(node, Muc) and node.tieu_de and any(w in node.tieu_de.lower() for w in wanted)]


def select(doc: VanBan, selectors: Iterable[str]) -> list[Node]:
    """The sections named by number paths (``III.1``); a bad path raises ``KeyError`` listing the valid ones."""
    sections = numbered_sections(doc)
    out = []
    for sel in selectors:
        key = sel.strip().rstrip(".")
        if key not in sections:
            raise KeyError(f"no section {sel!r} in the parent; it has {', '.join(sections)}")
        out.append(sections[key])
    return out


def tasks_of(nodes: list[Node]) -> list[Node]:
    """What the selected sections ask for, as a list of tasks for a new body."""
    tasks: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            tasks.append(node)
            continue
        paragraphs = [re.sub(r"^[-–+]\s+", "", p) for p in node.doan + node.sau]
        tasks += paragraphs + list(node.muc)
        if not paragraphs and not node.muc and node.tieu_de:
            tasks.append(node.tieu_de)
    return tasks


def _notes_for(parent: VanBan, nodes: list[Node]) -> dict:
    probe = VanBan.model_construct(noi_dung=nodes, can_cu=[], mo_dau=[], ket_thuc=[])
    cited = {k for text in VanBan.texts(probe) for k in re.findall(r"\[\^([^\]\s]+)\]", text)}
    return {k: v for k, v in parent.chu_thich.items() if k in cited}


def _draft_date(today: Optional[_dt.date]) -> dict:
    today = today or _dt.date.today()
    return {"nam": today.year, "thang": today.month}


# ------------------------------------------------------------------ follow-up letters
def follow_up(parent: VanBan, body: CoQuanDanXuat, selectors: Optional[list[str]] = None,
              today: Optional[_dt.date] = None) -> VanBan:
    """A công văn from ``body`` to its subordinates passing down the parent's tasks.

    Without selectors, the tasks are the sections of the parent that name the
    body (its ``ten_goi``, ``co_quan.ten_goi`` or ``ten_khac``).
    """
    if not selectors:
        names = list(dict.fromkeys(n for n in (body.ten_goi, body.co_quan.ten_goi, *body.ten_khac) if n))
        selectors = find_sections(parent, names)
        if not selectors:
            raise LookupError("no section of the parent names "
                              f"{' / '.join(names)}; choose sections with --tasks (e.g. III.1)")
    chosen = select(parent, selectors)
    who = body.ten_goi or body.co_quan.ten_goi or " ".join(body.co_quan.ten).capitalize()
    below = body.cap_duoi_goi or ", ".join(vn.strip_end_punct(x) for x in body.cap_duoi) or "các đơn vị"
    data = {
        "loai": Loai.cong_van, "mau": body.mau, "co_quan": body.co_quan, "ngay": _draft_date(today),
        "trich_yeu": f"triển khai thực hiện {cite(parent, with_subject=False)}",
        "kinh_gui": body.cap_duoi or None,
        "can_cu": [f"Căn cứ {cite(parent)}; {who} đề nghị {below} triển khai thực hiện một số nội dung sau:"],
        "noi_dung": tasks_of(chosen),
        "ket_thuc": [f"{who} yêu cầu {below} nghiêm túc triển khai thực hiện."],
        "chu_thich": _notes_for(parent, chosen),
        "noi_nhan": ["Như Kính gửi", f"{issuer(parent)} (để b/c)", *body.noi_nhan],
        "luu": body.luu, "ky": body.ky,
    }
    return VanBan.model_validate(data)


# ------------------------------------------------------------------ derivative plans
_GROUP_HINTS = ("các huyện", "cấp huyện", "các xã", "cấp xã", "các phường", "địa phương")


def assignment_section(parent: VanBan, selector: Optional[str] = None) -> str:
    """The parent's section that assigns work to the subordinate units (``V.10`` in seed 002)."""
    if selector:
        select(parent, [selector])
        return selector
    for path in find_sections(parent, _GROUP_HINTS):
        node = numbered_sections(parent)[path]
        if isinstance(node, Muc) and node.tieu_de and path.count(".") >= 1:
            return path
    raise LookupError("no section of the parent assigns work to the units; name it with --section (e.g. V.10)")


def _top(parent: VanBan, prefix: str) -> Optional[Muc]:
    return next((n for n in parent.noi_dung if isinstance(n, Muc) and n.tieu_de
                 and vn.upper_vi(n.tieu_de).startswith(prefix)), None)


def _localise(text: str, parent_area: Optional[str], area: str) -> str:
    if not parent_area:
        return text
    return re.sub(re.escape(parent_area), area, text, flags=re.I)


def derive_plan(parent: VanBan, unit: DonVi, section: Optional[str] = None, parent_area: Optional[str] = None,
                today: Optional[_dt.date] = None) -> VanBan:
    """One unit's plan implementing ``parent``: the parent cited, its purposes and goals
    carried over (or the unit's own goals), and the section that assigns work to
    the units turned into the unit's tasks. The number is left blank."""
    path = assignment_section(parent, section)
    assigned = numbered_sections(parent)[path]
    who = unit.ten_goi or f"UBND {unit.dia_ban}"
    purposes, goals = _top(parent, "MỤC ĐÍCH"), _top(parent, "MỤC TIÊU")
    body: list[Node] = []
    if purposes:
        body.append(purposes)
    if unit.muc_tieu is not None:
        body.append(Muc(tieu_de="Mục tiêu", muc=unit.muc_tieu))
    elif goals:
        body.append(goals)
    body.append(Muc(tieu_de="Nhiệm vụ, giải pháp", muc=tasks_of([assigned])))
    body.append(Muc(tieu_de="Tổ chức thực hiện", doan=[
        f"Các cơ quan, đơn vị trên địa bàn {unit.dia_ban} căn cứ chức năng, nhiệm vụ được giao tổ chức triển khai "
        f"thực hiện Kế hoạch này; định kỳ báo cáo kết quả về {who} để tổng hợp, báo cáo {issuer(parent)}."]))
    subject = _localise(parent.trich_yeu or "", parent_area, unit.dia_ban)
    if parent_area and unit.dia_ban.lower() not in subject.lower():
        subject = f"{subject} trên địa bàn {unit.dia_ban}"
    data = {
        "loai": Loai.ke_hoach, "mau": parent.mau,
        "co_quan": {"chu_quan": unit.chu_quan, "ten": unit.ten, "viet_tat": unit.viet_tat,
                    "dia_danh": unit.dia_danh, "ten_goi": who},
        "ngay": _draft_date(today), "trich_yeu": subject,
        "can_cu": [f"Căn cứ {cite(parent, full=True)};"],
        "mo_dau": [f"{who} ban hành Kế hoạch triển khai thực hiện trên địa bàn {unit.dia_ban} như sau:"],
        "noi_dung": body, "dau_ket": True,
        "chu_thich": _notes_for(parent, body),
        "noi_nhan": [f"{issuer(parent)} (để b/c)", "Các cơ quan, đơn vị liên quan"],
        "luu": unit.luu, "ky": unit.ky,
    }
    return VanBan.model_validate(data)


def slug(text: str) -> str:
    """A file name from Vietnamese text: ``"Thành phố Lai Châu"`` → ``"thanh-pho-lai-chau"``."""
    import unicodedata
    t = unicodedata.normalize("NFD", vn.nfc(text).replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


__all__ = ["cite", "issuer", "follow_up", "derive_plan", "numbered_sections", "find_sections", "select",
           "tasks_of", "assignment_section", "CoQuanDanXuat", "DonVi", "slug"]
