"""Which kind of document a template prints, so a wrong one is refused with why.

A kế hoạch template given for a quyết định would print "KẾ HOẠCH" over the
decision. vanban's templates say their kind in their comments
(``vanban template: ke_hoach, profile nha_nuoc``), and a copy edited in Word
keeps them; a template from elsewhere is known by the type name it prints,
or by the công văn's "V/v" line under the number.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Optional

from vanban.i18n import _
from vanban.model.loader import InputError, Problem
from vanban.model.schema import KINDS, Loai, VanBan

_STAMP = re.compile(r"vanban template: (\w+)")
_TEXT = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_T = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def template_kind(path: Path) -> Optional[Loai]:
    """The kind ``path`` is made for, or None when it cannot be told."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            core = z.read("docProps/core.xml").decode("utf-8", "replace") if "docProps/core.xml" in names else ""
            body = z.read("word/document.xml").decode("utf-8", "replace") if "word/document.xml" in names else ""
    except (OSError, zipfile.BadZipFile):
        return None
    stamp = _STAMP.search(core)
    if stamp and stamp.group(1) in Loai.__members__:
        return Loai[stamp.group(1)]
    titles = {k.title: loai for loai, k in KINDS.items() if k.title}
    for para in _TEXT.findall(body):
        text = "".join(_T.findall(para)).strip()
        if text in titles:
            return titles[text]
    return Loai.cong_van if "trich_yeu" in body else None


def refuse_wrong_kind(path: Path, doc: VanBan) -> None:
    """:class:`InputError` naming both kinds when ``path`` is a template for another kind of document."""
    kind = template_kind(path)
    if kind is None or kind is doc.loai:
        return
    printed = KINDS[kind].title
    why = (_("this template is for a {kind} (it prints {title}), but the document is a {doc_kind}; "
             "use a {doc_kind} template, e.g. a copy of templates/{name}").format(
        kind=KINDS[kind].name.lower(), title=printed, doc_kind=doc.kind.name.lower(),
        name=f"{doc.loai.value}_{doc.mau.value}.docx") if printed else
        _("this template is for a {kind} (no type name, \"V/v\" under the number), but the document is a "
          "{doc_kind}; use a {doc_kind} template, e.g. a copy of templates/{name}").format(
        kind=KINDS[kind].name.lower(), doc_kind=doc.kind.name.lower(), name=f"{doc.loai.value}_{doc.mau.value}.docx"))
    raise InputError([Problem(str(path), None, "", why)])


__all__ = ["template_kind", "refuse_wrong_kind"]
