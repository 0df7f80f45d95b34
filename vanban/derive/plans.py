"""Derivative plans: one plan per subordinate unit implementing a parent plan."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from pydantic import Field

from vanban.decree import vn
from vanban.derive.cite import cite, issuer
from vanban.derive.letters import draft_date
from vanban.derive.rows import assignment_table, unit_rows
from vanban.derive.sections import find_sections, notes_for, numbered_sections, select, tasks_of
from vanban.model.schema import ChuKy, Code, Lines, Loai, Muc, Model, Node, Text, VanBan
from vanban.i18n import _


class DonVi(Model):
    """One subordinate unit a derivative plan is written for."""
    ten: Lines = Field(description="agency name lines: [ỦY BAN NHÂN DÂN, HUYỆN TAM ĐƯỜNG]")
    viet_tat: Code = "UBND"
    chu_quan: Optional[Lines] = None
    dia_danh: Text = Field(description="place name of the date line: Tam Đường")
    dia_ban: Text = Field(description="the unit's territory in running text: huyện Tam Đường")
    ten_goi: Optional[Text] = Field(None, description="the unit in running text: UBND huyện Tam Đường")
    ky: ChuKy
    luu: Lines = Field(default_factory=lambda: ["VT"])
    muc_tieu: Optional[list[Node]] = Field(None, description="the unit's own goals, replacing the parent's")
    ma: Optional[Text] = Field(None, description="the unit's code (a ward's official code), to tell apart two units of one name")
    ten_khac: Lines = Field(default_factory=list, description="other names the parent's assignment table may use for the unit")

    def names(self) -> list[str]:
        """Every name the parent may give the unit in its assignment table."""
        return [n for n in (self.ten_goi, f"UBND {self.dia_ban}", self.dia_ban, *self.ten_khac) if n]


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
    raise LookupError(_("no section of the parent assigns work to the units; name it with --section (e.g. V.10)"))


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
    table = unit_rows(parent, unit.names(), unit.dia_ban)
    try:
        path = assignment_section(parent, section)
    except LookupError:
        if section or assignment_table(parent) is None:
            raise
        path = None     # the parent assigns its tasks in a table only
    assigned = numbered_sections(parent)[path] if path else None
    who = unit.ten_goi or f"UBND {unit.dia_ban}"
    purposes, goals = _top(parent, "MỤC ĐÍCH"), _top(parent, "MỤC TIÊU")
    body: list[Node] = []
    if purposes:
        body.append(purposes)
    if unit.muc_tieu is not None:
        body.append(Muc(tieu_de="Mục tiêu", muc=unit.muc_tieu))
    elif goals:
        body.append(goals)
    rows = [f"{who} chủ trì, phối hợp thực hiện các nhiệm vụ được giao tại {cite(parent, with_subject=False)} như sau:", table] \
        if table else []
    body.append(Muc(tieu_de="Nhiệm vụ, giải pháp", doan=rows, muc=tasks_of([assigned]) if assigned else []))
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
        "ngay": draft_date(today), "trich_yeu": subject,
        "can_cu": [f"Căn cứ {cite(parent, full=True)};"],
        "mo_dau": [f"{who} ban hành Kế hoạch triển khai thực hiện trên địa bàn {unit.dia_ban} như sau:"],
        "noi_dung": body, "dau_ket": True,
        "chu_thich": notes_for(parent, body),
        "noi_nhan": [f"{issuer(parent)} (để b/c)", "Các cơ quan, đơn vị liên quan"],
        "luu": unit.luu, "ky": unit.ky,
    }
    return VanBan.model_validate(data)


def slug(text: str) -> str:
    """A file name from Vietnamese text: ``"Thành phố Lai Châu"`` → ``"thanh-pho-lai-chau"``."""
    t = vn.strip_marks(vn.nfc(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")
