"""What each kind of document must have before it gets a number (Decree 30, appendix I).

A draft may lack any of these while it is written; ``check`` reports each one missing
(rule ``noi_dung.required``), the editor marks it as the clerk types, and the web's "Cấp số"
lists them and asks before going on. One table, so the three cannot disagree.
"""
from __future__ import annotations

from vanban.i18n import N_
from vanban.model.schema import Loai, VanBan

#: Each part by its field path, with the name a clerk knows it by.
PARTS = {
    "trich_yeu": N_("subject line (trích yếu)"),
    "kinh_gui": N_("recipients (Kính gửi)"),
    "noi_nhan": N_("distribution list (Nơi nhận)"),
    "ky.chuc_vu": N_("signer's title"),
}

_EVERY_KIND = ("trich_yeu", "noi_nhan", "ky.chuc_vu")
#: A công văn is addressed: it names whom it is sent to (Kính gửi) as well.
REQUIRED: dict[Loai, tuple[str, ...]] = {loai: _EVERY_KIND for loai in Loai} | {
    Loai.cong_van: ("trich_yeu", "kinh_gui", "noi_nhan", "ky.chuc_vu")}


def _present(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(str(v).strip() for v in value)
    return bool(value and str(value).strip())


def missing_parts(doc: VanBan) -> list[str]:
    """The field paths of the parts ``doc``'s kind requires and it leaves empty, in the table's order."""
    values = {"trich_yeu": doc.trich_yeu, "kinh_gui": doc.kinh_gui, "noi_nhan": doc.noi_nhan,
              "ky.chuc_vu": doc.ky.chuc_vu}
    return [path for path in REQUIRED[doc.loai] if not _present(values[path])]


__all__ = ["PARTS", "REQUIRED", "missing_parts"]
