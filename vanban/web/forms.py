"""The editor's form: the model's JSON schema, labelled from the schema's own titles, and new documents.

The page builds its fields from :func:`form_schema` (pydantic's schema of
:class:`~vanban.model.VanBan`, so a field added to the model appears in the
form). Each field's label and help are the title and description the JSON
schema of :mod:`vanban.model.jsonschema` gives it, in the reader's language:
the form and an editor reading ``vanban schema`` say the same thing.
"""
from __future__ import annotations

from typing import Any

from vanban.i18n import N_, _
from vanban.model import jsonschema
from vanban.model.loader import load_text
from vanban.model.schema import KINDS, Loai, Mau, VanBan

#: Where each model's fields sit in the form (list positions left out).
PREFIXES = {"VanBan": "", "CoQuan": "co_quan.", "ChuKy": "ky.", "Muc": "muc."}

#: What an empty field prints, shown in it as a hint.
PLACEHOLDERS = {"luu": "VT", "ngay": "2024-05-10", "so": N_("(draft: leave empty)"),
                "ky_hieu": N_("(composed automatically)")}


def kind_labels() -> dict[str, str]:
    """Each kind by the name the decree gives it."""
    return {loai.value: info.name for loai, info in KINDS.items()}


def profile_labels() -> dict[str, str]:
    return {m.value: _(jsonschema.CHOICES[m.value]) for m in Mau}


def numbering_labels() -> dict[str, str]:
    return {"": _("Default"), **{k: _(v) if k == "none" else v for k, v in jsonschema.NUMBERING.items()}}


def labels() -> dict[str, dict[str, str]]:
    """label and help of every field by its path in the form, from the schema's titles and descriptions."""
    schema = jsonschema.json_schema()
    models: dict[str, Any] = {"VanBan": schema, **schema.get("$defs", {})}
    out = {}
    for model, prefix in PREFIXES.items():
        for field, spec in models.get(model, {}).get("properties", {}).items():
            title = spec.get("title") or field
            out[prefix + field] = {"label": title, "help": spec.get("description", "")}
    return out


def form_schema() -> dict:
    """What the page needs to build the form."""
    return {"schema": VanBan.model_json_schema(), "labels": labels(),
            "placeholders": {k: _(v) for k, v in PLACEHOLDERS.items()},
            "kinds": kind_labels(), "profiles": profile_labels(), "numbering": numbering_labels()}


def skeleton_text(loai: Loai, mau: Mau) -> str:
    """``vanban new``'s commented skeleton: the page starts from the same file the command
    writes, every key explained in a comment that saving keeps."""
    from vanban.model.skeleton import skeleton
    text = skeleton(loai, mau, schema=None)
    load_text(text)   # it validates as written, or the page would open a file it cannot save
    return text
