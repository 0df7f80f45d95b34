"""Follow-up letters (công văn triển khai): a parent's tasks passed down to the subordinates."""
from __future__ import annotations

import datetime as _dt
from typing import Optional

from pydantic import Field

from vanban.decree import vn
from vanban.derive.cite import cite, issuer
from vanban.derive.rows import unit_rows
from vanban.derive.sections import find_sections, notes_for, select, tasks_of
from vanban.model.schema import ChuKy, CoQuan, Lines, Loai, Mau, Model, Text, VanBan
from vanban.i18n import _


class CoQuanDanXuat(Model):
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


def draft_date(today: Optional[_dt.date]) -> dict:
    """This month, the day left blank for the clerk: a derived document is a draft."""
    today = today or _dt.date.today()
    return {"nam": today.year, "thang": today.month}


def follow_up(parent: VanBan, body: CoQuanDanXuat, selectors: Optional[list[str]] = None,
              today: Optional[_dt.date] = None) -> VanBan:
    """A công văn from ``body`` to its subordinates passing down the parent's tasks.

    Without selectors, the tasks are the sections of the parent that name the
    body (its ``ten_goi``, ``co_quan.ten_goi`` or ``ten_khac``).
    """
    names = list(dict.fromkeys(n for n in (body.ten_goi, body.co_quan.ten_goi, *body.ten_khac) if n))
    # The rows of the parent's assignment table naming the body go with the sections.
    rows = unit_rows(parent, names, body.co_quan.ten[-1]) if names else None   # its level: "XÃ …", "HUYỆN …"
    if not selectors:
        selectors = find_sections(parent, names)
        if not selectors and rows is None:
            raise LookupError(_("no section of the parent names {names}; choose sections with --tasks (e.g. III.1)")
                              .format(names=" / ".join(names)))
    chosen = select(parent, selectors)
    who = body.ten_goi or body.co_quan.ten_goi or " ".join(body.co_quan.ten).capitalize()
    below = body.cap_duoi_goi or ", ".join(vn.strip_end_punct(x) for x in body.cap_duoi) or "các đơn vị"
    data = {
        "loai": Loai.cong_van, "mau": body.mau, "co_quan": body.co_quan, "ngay": draft_date(today),
        "trich_yeu": f"triển khai thực hiện {cite(parent, with_subject=False)}",
        "kinh_gui": body.cap_duoi or None,
        "can_cu": [f"Căn cứ {cite(parent)}; {who} đề nghị {below} triển khai thực hiện một số nội dung sau:"],
        "noi_dung": tasks_of(chosen) + ([rows] if rows else []),
        "ket_thuc": [f"{who} yêu cầu {below} nghiêm túc triển khai thực hiện."],
        "chu_thich": notes_for(parent, chosen),
        "noi_nhan": ["Như Kính gửi", f"{issuer(parent)} (để b/c)", *body.noi_nhan],
        "luu": body.luu, "ky": body.ky,
    }
    return VanBan.model_validate(data)
