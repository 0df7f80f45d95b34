"""Her agency, once: the header, abbreviation, place, signer, Nơi nhận and subordinate units.

Kept beside the documents in ``.vanban-co-quan.yaml`` (a hidden file, so the list and the editor
never show it as a document), in the shape of a deriving body (``data/bodies/*.yaml``,
:class:`vanban.derive.CoQuanDanXuat`): new documents start from it and follow-up letters are
derived with it as their body, so no YAML is uploaded. Its ``tinh`` names the province whose
communes and wards are the units of per-unit plans (``vn:<tỉnh>``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from flask import Blueprint, redirect, render_template, request, url_for

from vanban.i18n import _
from vanban.model.schema import Mau
from vanban.web import forms
from vanban.web.shared import root, state

blueprint = Blueprint("settings", __name__)

FILE = ".vanban-co-quan.yaml"


def _lines(text: str) -> list[str]:
    # Pasted from Excel: one cell a line, or cells separated by tabs (the first column is the name).
    return [line.split("\t")[0].strip() for line in (text or "").splitlines() if line.split("\t")[0].strip()]


def from_form(form) -> dict:
    """The settings data from the page's fields (empty fields left out)."""
    ky = {k: (form.get("ky_" + k) or "").strip() for k in ("tm", "kt", "chuc_vu", "ho_ten")}
    co_quan = {"chu_quan": _lines(form.get("chu_quan", "")), "ten": _lines(form.get("ten", "")),
               "viet_tat": (form.get("viet_tat") or "").strip(), "dia_danh": (form.get("dia_danh") or "").strip(),
               "ten_goi": (form.get("ten_goi_ngan") or "").strip()}
    data = {"mau": form.get("mau") or Mau.nha_nuoc.value,
            "co_quan": {k: v for k, v in co_quan.items() if v},
            "ky": {k: v for k, v in ky.items() if v},
            "luu": [x.strip() for x in (form.get("luu") or "VT").split(",") if x.strip()],
            "ten_goi": (form.get("ten_goi") or "").strip(),
            "cap_duoi": _lines(form.get("cap_duoi", "")),
            "noi_nhan": _lines(form.get("noi_nhan", "")),
            "tinh": (form.get("tinh") or "").strip()}
    return {k: v for k, v in data.items() if v not in ("", [], {})}


def body_of(data: dict):
    """The deriving body the settings describe; ValueError (the model's message) when incomplete."""
    from pydantic import ValidationError

    from vanban.derive import CoQuanDanXuat
    from vanban.model.loader import InputError, problems_of
    try:
        return CoQuanDanXuat.model_validate({k: v for k, v in data.items() if k != "tinh"})
    except ValidationError as exc:
        raise ValueError(str(InputError(problems_of(exc, CoQuanDanXuat, _("agency settings"), {})))) from None


def load(folder: Optional[Path] = None) -> dict:
    """The saved settings ({} when none were saved, or the file is unreadable)."""
    import yaml
    path = (folder or root()) / FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def body(folder: Optional[Path] = None):
    """The saved agency as a deriving body, or None."""
    data = load(folder)
    try:
        return body_of(data) if data else None
    except ValueError:
        return None


def start_from(data: dict, settings: dict) -> dict:
    """A new document's data taking her agency's header, signer, Nơi nhận and Lưu."""
    if not settings:
        return data
    out = dict(data)
    for key in ("mau", "co_quan", "ky", "luu"):
        if settings.get(key):
            out[key] = settings[key]
    if settings.get("noi_nhan"):
        out["noi_nhan"] = list(settings["noi_nhan"])
    return out


@blueprint.route("/settings", methods=["GET", "POST"])
def page():
    import yaml

    from vanban.deliver.files import write_atomic
    if request.method == "GET":
        return render_template("settings.html", s=load(), error=None, saved=request.args.get("ok"),
                               profiles=forms.profile_labels())
    data = from_form(request.form)
    try:
        body_of(data)
    except ValueError as exc:
        return render_template("settings.html", s=data, error=str(exc), saved=None,
                               profiles=forms.profile_labels()), 400
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    with state()["save_lock"]:
        write_atomic(root() / FILE, text.encode("utf-8"))
    return redirect(url_for(".page", ok=1))


__all__ = ["FILE", "load", "body", "body_of", "from_form", "start_from"]
