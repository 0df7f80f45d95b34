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

from vanban.i18n import _
from vanban.model.loader import InputError, load_dict
from vanban.model.numbering import walk
from vanban.model.schema import VanBan

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
    """The printed number of every section and paragraph, by its path in the form (``noi_dung.1.muc.0``,
    ``phu_luc.0.noi_dung.2``); a table takes no number but keeps its place in the list."""
    out = _markers(doc.noi_dung, doc.scheme, "noi_dung")
    for k, appendix in enumerate(doc.phu_luc):
        out.update(_markers(appendix.noi_dung, doc.appendix_scheme(appendix), f"phu_luc.{k}.noi_dung"))
    return out


def _markers(nodes, scheme, base: str) -> dict[str, str]:
    out: dict[str, str] = {}
    positions: list[int] = []
    for n in walk(nodes, scheme, tables=True):
        if n.end:
            continue
        positions = positions[:n.depth + 1]
        if len(positions) == n.depth + 1:
            positions[n.depth] += 1
        else:
            positions.append(0)
        if n.marker:
            out[base + "." + ".muc.".join(map(str, positions))] = n.marker
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
        out.append({"rule": r.rule, "field": r.where.path, "title": _(r.title),
                    "expected": _(r.expected), "found": _(r.found)})
    return out


def review(data: dict, folder=None) -> Review:
    """Validate ``data``; when valid, add the numbering and the findings. ``folder``: where the
    document's spreadsheets (a table's ``tep:``) are, the served folder."""
    try:
        doc = load_dict(data, "", folder=folder)
    except InputError as exc:
        from vanban.web import forms
        table = forms.labels()
        # The form's labels, not the YAML keys the loader names (the CLI keeps those: it is for a file).
        return Review(problems=[{"field": field_path(p.field), "label": forms.label_of(field_path(p.field), table) or "",
                                 "message": forms.in_form_words(field_path(p.field), p.message, table)}
                                for p in exc.problems])
    return Review(doc, [], findings(doc), markers(doc))
