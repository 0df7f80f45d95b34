"""A JSON Schema (draft 2020-12) of the document model, for editors.

VS Code's YAML extension reads it through the ``# yaml-language-server:
$schema=…`` line that ``vanban new`` writes, and then completes keys, shows
what each one means and marks a mistyped key while the clerk types. Titles,
descriptions and choices are in the current language (Vietnamese unless
``--lang en``). The schema accepts what the loader accepts: one string where a
list of lines is allowed, a date as ``2024-05-10`` or ``2024-05``.
"""
from __future__ import annotations

import copy
import functools
from typing import Any

from vanban.i18n import N_, _
from vanban.model.schema import KINDS, Mau, VanBan

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://vanban.invalid/vanban.schema.json"
DATE_PATTERN = r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"

#: (model, field) → short title.
TITLES = {
    ("VanBan", "loai"): N_("Kind of document"), ("VanBan", "mau"): N_("Profile"),
    ("VanBan", "co_quan"): N_("Issuing body"), ("VanBan", "so"): N_("Number"),
    ("VanBan", "ky_hieu"): N_("Code"), ("VanBan", "don_vi_soan_thao"): N_("Drafting unit"),
    ("VanBan", "ngay"): N_("Date of issue"), ("VanBan", "trich_yeu"): N_("Subject line"),
    ("VanBan", "tham_quyen"): N_("Decision-making authority"), ("VanBan", "kinh_gui"): N_("Recipients"),
    ("VanBan", "can_cu"): N_("Legal basis"), ("VanBan", "mo_dau"): N_("Opening"),
    ("VanBan", "noi_dung"): N_("Body"), ("VanBan", "ket_thuc"): N_("Closing"),
    ("VanBan", "dau_ket"): N_("End mark ./."), ("VanBan", "chu_thich"): N_("Footnotes"),
    ("VanBan", "noi_nhan"): N_("Distribution list"), ("VanBan", "luu"): N_("Filed copies"),
    ("VanBan", "ky"): N_("Signature"),
    ("CoQuan", "chu_quan"): N_("Superior agency"), ("CoQuan", "ten"): N_("Agency name"),
    ("CoQuan", "viet_tat"): N_("Abbreviation"), ("CoQuan", "dia_danh"): N_("Place name"),
    ("CoQuan", "ten_goi"): N_("Short name"),
    ("NgayThang", "nam"): N_("Year"), ("NgayThang", "thang"): N_("Month"), ("NgayThang", "ngay"): N_("Day"),
    ("ChuKy", "tm"): N_("On behalf of (TM.)"), ("ChuKy", "kt"): N_("Signing for (KT.)"),
    ("ChuKy", "q"): N_("Acting (Q.)"), ("ChuKy", "tl"): N_("By order of (TL.)"),
    ("ChuKy", "tuq"): N_("By delegation (TUQ.)"), ("ChuKy", "chuc_vu"): N_("Signer's title"),
    ("ChuKy", "ho_ten"): N_("Signer's name"),
    ("Muc", "tieu_de"): N_("Heading"), ("Muc", "doan"): N_("Paragraphs"), ("Muc", "muc"): N_("Sub-sections"),
    ("Muc", "kieu_muc"): N_("Numbering style"), ("Muc", "sau"): N_("Paragraphs after the sub-sections"),
    ("VanBan", "kieu_muc"): N_("Numbering style"), ("PhuLuc", "kieu_muc"): N_("Numbering style"),
    ("VanBan", "phu_luc"): N_("Appendices"), ("PhuLuc", "ten"): N_("Appendix name"),
    ("PhuLuc", "ngang"): N_("Landscape"), ("PhuLuc", "noi_dung"): N_("Appendix body"),
    ("Bang", "cot"): N_("Column headings"), ("Bang", "dong"): N_("Rows"), ("Bang", "rong"): N_("Column widths"),
    ("Bang", "so_thu_tu"): N_("Number the TT column"), ("Bang", "tep"): N_("Spreadsheet"),
    ("Bang", "ten"): N_("Table caption"), ("Bang", "trang"): N_("Sheet"), ("Bang", "vung"): N_("Cell range"),
    ("BangNode", "bang"): N_("Table"), ("O", "noi_dung"): N_("Cell text"),
    ("O", "gop_cot"): N_("Columns merged"), ("O", "gop_dong"): N_("Rows merged"),
    ("VanBan", "ky_ben_trai"): N_("Left signature"), ("VanBan", "ky_them"): N_("Further signers"),
    ("VanBan", "lien_tich"): N_("Joint document (liên tịch)"), ("VanBan", "dai_hoi"): N_("Congress document"),
}

#: (model, field) → examples an editor offers.
EXAMPLES = {
    ("VanBan", "so"): [244], ("VanBan", "ngay"): ["2024-05-10", "2024-05"],
    ("VanBan", "trich_yeu"): ["triển khai thực hiện Chương trình hành động số 49-CTr/TU"],
    ("VanBan", "kinh_gui"): [["Liên đoàn Lao động các huyện, thành phố", "Công đoàn ngành"]],
    ("VanBan", "noi_nhan"): [["Như Kính gửi", "UBND tỉnh"]], ("VanBan", "luu"): [["VT", "VX"]],
    ("VanBan", "tham_quyen"): ["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"],
    ("CoQuan", "chu_quan"): ["ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"], ("CoQuan", "ten"): [["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]],
    ("CoQuan", "viet_tat"): ["UBND", "LĐLĐ"], ("CoQuan", "dia_danh"): ["Lai Châu"], ("CoQuan", "ten_goi"): ["UBND tỉnh"],
    ("ChuKy", "tm"): ["ỦY BAN NHÂN DÂN", "BAN THƯỜNG VỤ"], ("ChuKy", "kt"): ["CHỦ TỊCH"],
    ("ChuKy", "chuc_vu"): ["PHÓ CHỦ TỊCH"], ("ChuKy", "ho_ten"): ["Hoàng Văn Trinh"],
    ("Muc", "tieu_de"): ["Mục đích, yêu cầu"],
}

#: Enum value → what it means.
CHOICES = {
    Mau.nha_nuoc.value: N_("state agency (UBND, Sở, Phòng …)"),
    Mau.cong_doan.value: N_("trade union (LĐLĐ, Công đoàn ngành …)"),
    Mau.dang.value: N_("Party body (tỉnh ủy, đảng ủy, Đảng đoàn, chi bộ …)"),
}
NUMBERING = {"A": "A. B. C.", "I": "I. II. III.", "1": "1. 2. 3.", "1.1": "1.1. 1.2.", "a": "a) b) c) d) đ)", "-": "-", "+": "+",
             "dieu": "Điều 1. Điều 2.", "chuong": N_("Chương I, II … (chapters holding articles)"),
             "none": N_("no marker")}


def numbering_label(style: str) -> str:
    """How a numbering style is offered to a person: its markers, or words where markers do not say it."""
    return _(NUMBERING[style]) if style in ("none", "chuong") else NUMBERING[style]


def _kind_names() -> dict[str, str]:
    return {loai.value: info.name for loai, info in KINDS.items()}


def _string_or_list(node: Any) -> Any:
    """Where the model takes a list of lines it also takes one string: say so in the schema."""
    if isinstance(node, dict):
        node = {k: _string_or_list(v) for k, v in node.items()}
        if node.get("type") == "array" and node.get("items") == {"type": "string"}:
            extra = {k: node.pop(k) for k in ("title", "description", "default", "examples") if k in node}
            node = {"anyOf": [{"type": "string"}, node], **extra}
        return node
    if isinstance(node, list):
        return [_string_or_list(v) for v in node]
    return node


def _describe(name: str, props: dict) -> None:
    for field, spec in props.items():
        key = (name, field)
        if key in TITLES:
            spec["title"] = _(TITLES[key])
        if spec.get("description"):
            spec["description"] = _(spec["description"])
        if key in EXAMPLES:
            spec["examples"] = copy.deepcopy(EXAMPLES[key])


def _any_of(node: Any) -> Any:
    """The body's unions as ``anyOf``: pydantic writes a union told apart by a function as
    ``oneOf``, which a string that is also valid text would fail in some editors."""
    if isinstance(node, dict):
        node = {k: _any_of(v) for k, v in node.items()}
        if "oneOf" in node:
            node["anyOf"] = node.pop("oneOf")
        return node
    if isinstance(node, list):
        return [_any_of(v) for v in node]
    return node


@functools.lru_cache(maxsize=1)
def _generated() -> dict:
    return VanBan.model_json_schema(mode="validation")


def model_schema() -> dict:
    """pydantic's schema of the document, a fresh copy each call: generating it costs some 30 ms
    and the web editor needs it on every page it opens, while the model never changes in a process."""
    return copy.deepcopy(_generated())


def json_schema() -> dict:
    """The schema of a vanban YAML document, in the current language."""
    schema = _any_of(_string_or_list(model_schema()))
    defs = schema.get("$defs", {})
    _describe("VanBan", schema["properties"])
    for name, sub in defs.items():
        if sub.get("description"):
            sub["description"] = _(sub["description"])
        _describe(name, sub.get("properties", {}))
    names = _kind_names()
    if "Loai" in defs:
        defs["Loai"]["enumDescriptions"] = [names[v] for v in defs["Loai"]["enum"]]
        defs["Loai"]["title"] = _(TITLES[("VanBan", "loai")])
    if "Mau" in defs:
        defs["Mau"]["enumDescriptions"] = [_(CHOICES[v]) for v in defs["Mau"]["enum"]]
        defs["Mau"]["title"] = _(TITLES[("VanBan", "mau")])
    props = [defs.get(m, {}).get("properties", {}) for m in ("Muc", "PhuLuc")] + [schema.get("properties", {})]
    for kieu in (p["kieu_muc"] for p in props if "kieu_muc" in p):
        for option in kieu.get("anyOf", [kieu]):
            if "enum" in option:
                option["enumDescriptions"] = [numbering_label(v) for v in option["enum"]]
    # The loader takes the date as text, which is how clerks write it.
    ngay = schema["properties"]["ngay"]
    ngay["anyOf"] = [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer", "minimum": 1945}] \
        + ngay.get("anyOf", [])
    return {"$schema": DIALECT, "$id": SCHEMA_ID, "title": _("vanban document"),
            "description": _("A Vietnamese administrative document laid out per Decree 30/2020/NĐ-CP: "
                             "write it in YAML, then run vanban render."),
            **{k: v for k, v in schema.items() if k not in ("title", "description")}}


__all__ = ["json_schema", "numbering_label", "DIALECT", "TITLES", "EXAMPLES"]
