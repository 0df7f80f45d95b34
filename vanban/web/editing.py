"""What the editor asks of the model as the clerk types: problems, numbering, findings.

All three come from the library itself, so the page cannot disagree with the
printed document: the model's validation (the loader's problems), the numbers
the renderer prints (:func:`vanban.model.numbering.walk`), and ``check``'s content
rules. Each is keyed by the field path the form uses: ``co_quan.ten``,
``noi_dung.1.muc.0`` (list positions counted from 0).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from vanban.model.loader import InputError, load_dict
from vanban.model.numbering import walk
from vanban.model.schema import VanBan

#: Vietnamese for the loader's and pydantic's most common messages; others are shown as they are.
_MESSAGES = [
    (re.compile(r"^required but missing$"), "bắt buộc, chưa điền"),
    (re.compile(r"^String should have at least 1 character"), "không được để trống"),
    (re.compile(r"^unknown key '(.+?)'"), r"khóa lạ '\1'"),
    (re.compile(r"^write the date as YYYY-MM-DD.*"), "ghi ngày theo dạng NNNN-TT-NN (2024-05-10), hoặc NNNN-TT cho dự thảo chưa có ngày"),
    (re.compile(r"^(.+) is not a date$"), r"\1 không phải là ngày có thật"),
    (re.compile(r"^a (\w+) needs its subject line \(trich_yeu\)$"), "văn bản loại này cần có trích yếu"),
    (re.compile(r"^footnote \[\^(.+?)\] is cited but chu_thich has no '.+'$"),
     r"chú thích [^\1] được dẫn trong văn bản nhưng chưa có nội dung"),
    (re.compile(r"^chu_thich '(.+?)' is never cited.*"), r"chú thích \1 chưa được dẫn ở đâu trong văn bản"),
    (re.compile(r"^choose one of kt, q, tl, tuq.*"), "chỉ chọn một trong KT., Q., TL., TUQ."),
    (re.compile(r"^Input should be greater than or equal to (\d+)"), r"phải lớn hơn hoặc bằng \1"),
    (re.compile(r"^Input should be a valid integer.*"), "phải là một số nguyên"),
    (re.compile(r"^the agency name needs at least one non-empty line$"), "tên cơ quan cần ít nhất một dòng"),
]

#: ``check``'s content rules, in Vietnamese.
RULE_TITLES = {
    "so.leading_zero": "Số dưới 10 phải ghi thêm số 0 phía trước",
    "ky_hieu.abbreviation": "Ký hiệu ghép từ chữ viết tắt tên loại và tên cơ quan",
    "ngay.leading_zero": "Ngày dưới 10 và tháng 01, 02 ghi thêm số 0; các tháng khác không",
    "ngay.place": "Dòng ngày tháng bắt đầu bằng địa danh",
    "ky.authority": "Quyền hạn ký phù hợp người ký (KT. với cấp phó, TM. với tập thể)",
    "kinh_gui.punctuation": "Kính gửi: mỗi nơi kết thúc bằng ';', nơi cuối bằng '.'",
    "noi_nhan.entries": "Nơi nhận: mỗi dòng '- …;', dòng cuối '- Lưu: VT, ….'",
    "noi_dung.numbering": "Số thứ tự các phần liên tục, chữ cái theo thứ tự a b c d đ e …",
}


def message_vi(text: str) -> str:
    """A loader message in Vietnamese when it is one of the common ones."""
    for rx, vi in _MESSAGES:
        if rx.search(text):
            return rx.sub(vi, text)
    return text


def field_path(name: str) -> str:
    """The loader's ``noi_dung[2].doan`` (counted from 1) → the form's ``noi_dung.1.doan``."""
    return re.sub(r"\[(\d+)\]", lambda m: f".{int(m.group(1)) - 1}", name)


@dataclass
class Review:
    """The editor's view of one state of the document."""
    doc: Optional[VanBan] = None
    problems: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    markers: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"ok": self.doc is not None, "problems": self.problems, "findings": self.findings,
                "markers": self.markers}


def markers(doc: VanBan) -> dict[str, str]:
    """The printed number of every body section, by its path in the form (``noi_dung.1.muc.0``)."""
    out: dict[str, str] = {}
    positions: list[int] = []
    for n in walk(doc.noi_dung, doc.kind.scheme):
        if n.end:
            continue
        positions = positions[:n.depth] + [n.index - 1]
        out["noi_dung." + ".muc.".join(map(str, positions))] = n.marker
    return out


class _EveryLine(dict):
    """``check``'s locator for a model with no YAML lines: every path is "found", so the
    finding names the field path, which the form uses to place it."""

    def __contains__(self, key):
        return True

    def __missing__(self, key):
        return 0


def findings(doc: VanBan) -> list[dict]:
    """``check``'s failed content rules, each with the field it concerns."""
    from vanban.check import FAIL, check_model
    out = []
    for r in check_model(doc, lines=_EveryLine()).results:
        if r.status != FAIL:
            continue
        out.append({"rule": r.rule, "field": r.where.path, "title": RULE_TITLES.get(r.rule, r.title),
                    "expected": r.expected, "found": r.found})
    return out


def review(data: dict) -> Review:
    """Validate ``data``; when valid, add the numbering and the findings."""
    try:
        doc = load_dict(data, "")
    except InputError as exc:
        return Review(problems=[{"field": field_path(p.field), "message": message_vi(p.message)}
                                for p in exc.problems])
    return Review(doc, [], findings(doc), markers(doc))
