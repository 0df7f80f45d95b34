"""Styles a document never uses, left out of what is rendered.

A template saved by Word or python-docx carries every built-in style (188 in
python-docx's default: 350 KB of styles.xml) and a copy of them all for Word
2010 (``stylesWithEffects.xml``, 430 KB). Every rendered document paid to
compress them, LibreOffice to import them (half of its time for a letter)
and ``check`` to search them. Word rebuilds any built-in style from its
latent-style table when a person applies it, so leaving the unused ones out
changes nothing that is seen or printed.

Kept: the defaults, vanban's own styles (``VB…``) and footnote styles (the
renderer emits them), every style a part of the template names, and what
those are based on, followed by or linked to.
"""
from __future__ import annotations

import re

_STYLE = re.compile(rb"<w:style\b[^>]*[^/]>.*?</w:style>", re.S)
_ID = re.compile(rb'w:styleId="([^"]*)"')
_USES = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]*)"')
_RELATED = re.compile(rb'<w:(?:basedOn|next|link) w:val="([^"]*)"')
EXTRA = "word/stylesWithEffects.xml"
ALWAYS = (b"VB", b"Footnote")


def slim_styles(styles: bytes, other_parts: list[bytes]) -> bytes:
    """``styles.xml`` without the styles that nothing here uses or can use."""
    blocks = {m.group(0): _ID.search(m.group(0)) for m in _STYLE.finditer(styles)}
    by_id = {m.group(1): block for block, m in blocks.items() if m}
    keep = {sid for sid, block in by_id.items()
            if sid.startswith(ALWAYS) or b'w:default="1"' in block.split(b">", 1)[0]}
    for part in other_parts:
        keep.update(_USES.findall(part))
    keep.update(_USES.findall(styles))  # a table style naming a paragraph style, say
    todo = list(keep)
    while todo:
        for related in _RELATED.findall(by_id.get(todo.pop(), b"")):
            if related not in keep:
                keep.add(related)
                todo.append(related)
    return _STYLE.sub(lambda m: m.group(0) if (blocks.get(m.group(0)) is None
                                                or blocks[m.group(0)].group(1) in keep) else b"", styles)


def without_extra(name: str, data: bytes) -> bytes:
    """A part with every mention of ``stylesWithEffects.xml`` removed (relationships, content types)."""
    if name.endswith(".rels") or name == "[Content_Types].xml":
        return re.sub(rb"<(?:Relationship|Override)\b[^>]*stylesWithEffects[^>]*/>", b"", data)
    return data


def slimmed(docx: bytes) -> tuple[dict[str, bytes], set[str]]:
    """What slimming the package changes: the parts to replace (by name) and the parts to drop."""
    import io
    import zipfile
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    changed = {}
    for name, data in parts.items():
        if name != EXTRA and without_extra(name, data) != data:
            changed[name] = without_extra(name, data)
    if "word/styles.xml" in parts:
        others = [data for name, data in parts.items()
                  if name.endswith(".xml") and name not in ("word/styles.xml", EXTRA)]
        changed["word/styles.xml"] = slim_styles(parts["word/styles.xml"], others)
    return changed, {EXTRA} & set(parts)
