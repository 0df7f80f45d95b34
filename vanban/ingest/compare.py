"""Comparing two models as documents: equal when they print the same page.

A page cannot say how its YAML was typed: straight or typographic quotes,
an agency name in capitals or not (it is printed in capitals), which key a
footnote had, ``;`` at the end of a recipient (the renderer adds it), the
short name ``ten_goi`` (never printed). :func:`canonical` removes exactly
those freedoms, so that ``canonical(a) == canonical(b)`` means the documents
are the same; :func:`differences` lists where they are not.
"""
from __future__ import annotations

import re
from typing import Any

from vanban.decree import vn
from vanban.model import VanBan, inline

_UPPER_FIELDS = {("co_quan", "chu_quan"), ("co_quan", "ten"), ("tham_quyen",), ("ky", "tm"), ("ky", "kt"),
                 ("ky", "q"), ("ky", "tl"), ("ky", "tuq"), ("ky", "chuc_vu")}


def _text(value: str) -> str:
    return re.sub(r"\s+", " ", vn.smart_quotes(vn.nfc(value))).strip()


def _walk(value: Any, path: tuple) -> Any:
    if isinstance(value, str):
        text = _text(value)
        return vn.upper_vi(text) if path in _UPPER_FIELDS or path[:2] in _UPPER_FIELDS else text
    if isinstance(value, list):
        return [_walk(v, path) for v in value]
    if isinstance(value, dict):
        return {k: _walk(v, path + (k,)) for k, v in value.items()}
    return value


def canonical(doc: VanBan) -> dict:
    """The model as plain data with the freedoms of typing removed (see the module's note)."""
    data = doc.model_dump(mode="json", exclude={"ky_hieu", "don_vi_soan_thao"})
    data["code"] = doc.code
    data["co_quan"].pop("ten_goi", None)
    data["co_quan"].pop("viet_tat", None)
    order: list[str] = []
    for text in doc.texts():
        order += [k for k in inline.footnote_keys(text) if k not in order]
    keys = {k: str(n) for n, k in enumerate(order, start=1)}

    def renumber(text: str) -> str:
        return re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"[^{keys.get(m.group(1), m.group(1))}]", text)

    data = _walk(_map_text(data, renumber), ())
    data["chu_thich"] = {keys.get(k, k): v for k, v in data["chu_thich"].items()}
    data["kinh_gui"] = [vn.strip_end_punct(x) for x in data["kinh_gui"] or []] or None
    data["noi_nhan"] = [vn.strip_end_punct(x) for x in data["noi_nhan"]]
    data["luu"] = [vn.strip_end_punct(x) for x in data["luu"]]
    if data.get("trich_yeu") and doc.kind.title is None:
        data["trich_yeu"] = re.sub(r"^V/v\s+", "", data["trich_yeu"])
    if data["ky"].get("ho_ten"):
        data["ky"]["ho_ten"] = vn.name_case(data["ky"]["ho_ten"])
    if doc.scheme[0] == "I":
        for node in data["noi_dung"]:
            if isinstance(node, dict) and node.get("tieu_de"):
                node["tieu_de"] = vn.upper_vi(node["tieu_de"])
    return data


def _map_text(value: Any, fn) -> Any:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_text(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _map_text(v, fn) for k, v in value.items()}
    return value


def differences(a: VanBan, b: VanBan, limit: int = 20) -> list[str]:
    """Where ``a`` and ``b`` differ as documents: ``path: a-value != b-value``, at most ``limit``."""
    out: list[str] = []

    def walk(x, y, path):
        if len(out) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in list(dict.fromkeys([*x, *y])):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else k)
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y)):
                walk(p, q, f"{path}[{i + 1}]")
        elif x != y:
            out.append(f"{path}: {str(x)[:120]!s} != {str(y)[:120]!s}")
    walk(canonical(a), canonical(b), "")
    return out


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def words(doc: VanBan) -> list[str]:
    """Every word the document says, in the model's order, without inline markers."""
    data = canonical(doc)
    return [w for text in _strings(data) for w in inline.plain(text).split()]


def words_in_order(original: VanBan, imported: VanBan) -> float:
    """Share of the original's words found in the same order in the imported document (0–1)."""
    import difflib
    a, b = words(original), words(imported)
    if not a:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks()) / len(a)


def structure(doc: VanBan) -> dict:
    """What the page's structure is: header fields, sections per level, the signature."""
    levels: dict[int, int] = {}

    def walk(nodes, depth):
        for node in nodes:
            levels[depth] = levels.get(depth, 0) + 1
            if not isinstance(node, str):
                walk(node.muc, depth + 1)
    walk(doc.noi_dung, 0)
    d = canonical(doc)
    return {"loai": d["loai"], "mau": d["mau"], "co_quan": d["co_quan"], "so": d["so"], "code": d["code"],
            "ngay": d["ngay"], "kinh_gui": len(d["kinh_gui"] or []), "sections": levels,
            "noi_nhan": len(d["noi_nhan"]), "ky": d["ky"]}
