"""Rendering: template context into a .docx through docxtpl.

Templates are looked up by kind and profile in, in order, the folder given by
the caller, ``$VANBAN_TEMPLATES``, the repository's ``templates/`` and the
installed copy under ``<prefix>/share/vanban/templates``; when none holds the
file, the template is built in memory from the same code that wrote the
bundled ones, so an installed vanban always renders.
"""
from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import sys
import zipfile
from pathlib import Path
from typing import Optional, Union

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate

from vanban.rendering import context as ctx
from vanban.rendering import appendices, ooxml
from vanban.rendering import template_builder
from vanban.rendering.compiled import CompiledTemplate, FastPathUnsupported, jinja_env, replace_parts
from vanban.i18n import _
from vanban.model.loader import InputError, Problem
from vanban.model.printed import Printed
from vanban.model.schema import VanBan
from vanban.i18n import _

PathLike = Union[str, os.PathLike]
_REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def template_dirs(extra: Optional[PathLike] = None) -> list[Path]:
    """Folders searched for templates, most specific first."""
    dirs = [Path(extra)] if extra else []
    if os.environ.get("VANBAN_TEMPLATES"):
        dirs.append(Path(os.environ["VANBAN_TEMPLATES"]))
    dirs += [_REPO_TEMPLATES, Path(sys.prefix) / "share" / "vanban" / "templates"]
    return dirs


def template_source(doc: VanBan, template: Optional[PathLike] = None,
                    template_dir: Optional[PathLike] = None) -> Optional[Path]:
    """The template file for ``doc``, or None: build it from code (once per process)."""
    if template:
        path = Path(template)
        if not path.is_file():
            raise InputError([Problem(str(path), None, "", _("template not found"))])
        from vanban.rendering.template_kind import refuse_wrong_kind
        refuse_wrong_kind(path, doc)
        return path
    name = template_builder.template_name(doc.loai, doc.mau)
    for folder in template_dirs(template_dir):
        if (folder / name).is_file():
            return folder / name
    return None


def _template_bytes(source: Optional[Path], doc: VanBan) -> bytes:
    return template_builder.build(doc.loai, doc.mau) if source is None else source.read_bytes()


@functools.lru_cache(maxsize=32)
def _compiled(key: tuple) -> Optional[CompiledTemplate]:
    kind, ref, _layout = key
    data = template_builder.build(*ref) if kind == "built" else Path(ref).read_bytes()
    try:
        return CompiledTemplate(data)
    except FastPathUnsupported:
        # Remembered too, so such a template is not parsed again for every document.
        return None


def compiled_for(source: Optional[Path], doc: VanBan) -> Optional[CompiledTemplate]:
    """The compiled template for ``source`` (None: built from code), from a per-process cache
    keyed by file and mtime; None when the template needs docxtpl's full render."""
    if source is None:
        return _compiled(("built", (doc.loai, doc.mau), None))
    return _compiled(("file", str(source.resolve()), source.stat().st_mtime_ns))


def _properties(doc: VanBan, page: Printed) -> dict:
    created = _dt.datetime.combine(doc.ngay.date, _dt.time()) if doc.ngay.date else None
    return {"title": page.trich_yeu, "subject": page.so_ky_hieu,
            "creator": " ".join(page.co_quan_ten), "created": created}


def render_bytes_docxtpl(doc: VanBan, source: Optional[Path]) -> bytes:
    """docxtpl's full render: the reference the fast path is tested against, and its fallback."""
    tpl = DocxTemplate(io.BytesIO(_template_bytes(source, doc)))
    c = ctx.build(doc)
    tpl.render(c.values, jinja_env())
    notes = ctx.footnotes(c.page)
    part = next((rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES), None)
    if part is None and notes:
        template_builder.add_footnotes_part(tpl.docx)
        part = next(rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES)
    props = _properties(doc, c.page)
    core = tpl.docx.core_properties
    core.title, core.subject, core.author, core.language = props["title"], props["subject"], props["creator"], "vi-VN"
    if props["created"]:
        core.created = props["created"]
    buf = io.BytesIO()
    tpl.save(buf)
    parts = {str(part.partname).lstrip("/"): ooxml.footnotes_part(notes)} if part is not None else {}
    if c.appendices:
        name = str(tpl.docx.part.partname).lstrip("/")
        with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
            parts[name] = appendices.attach(z.read(name).decode("utf-8"), c.appendices).encode("utf-8")
    return replace_parts(buf.getvalue(), parts) if parts else buf.getvalue()


class TemplateError(InputError):
    """A template that may not run (it reaches for Python's insides) or cannot be read."""


def _template_problem(source: Optional[Path], exc: Exception) -> TemplateError:
    import jinja2
    from jinja2.sandbox import SecurityError
    name = str(source) if source else _("the built-in template")
    detail = " ".join(str(exc).split())[:300]
    if isinstance(exc, (SecurityError, OverflowError)):  # the sandbox's range() says "too big" so
        msg = _("template not allowed: {detail}").format(detail=detail)
    elif isinstance(exc, jinja2.TemplateError):
        msg = _("template error: {detail}").format(detail=detail)
    else:
        msg = _("not a usable .docx template: {detail}").format(detail=detail or exc.__class__.__name__)
    return TemplateError([Problem(name, None, "", msg)])


def render_bytes(doc: VanBan, template: Optional[PathLike] = None,
                 template_dir: Optional[PathLike] = None) -> bytes:
    """Render ``doc`` and return the .docx file as bytes.

    A template that reaches outside the sandbox, or is not a .docx at all, raises
    :class:`TemplateError` (an :class:`InputError`): nothing is written."""
    import jinja2
    from zipfile import BadZipFile
    source = template_source(doc, template, template_dir)
    try:
        return _render(doc, source)
    except jinja2.TemplateError as exc:
        raise _template_problem(source, exc) from None
    except Exception as exc:
        # A broken zip, docx's "Package not found" and kin: only a template the user gave causes them.
        if source is None or not (isinstance(exc, (BadZipFile, KeyError, OverflowError)) or
                                  exc.__class__.__module__.split(".")[0] in ("docx", "docxtpl", "lxml")):
            raise
        raise _template_problem(source, exc) from None


def _render(doc: VanBan, source: Optional[Path]) -> bytes:
    compiled = compiled_for(source, doc)
    if compiled is not None:
        c = ctx.build(doc)
        try:
            return compiled.render(c.values, ctx.footnotes(c.page), _properties(doc, c.page), c.appendices)
        except FastPathUnsupported:
            pass  # this document needs what the template lacks (a footnotes part)
    return render_bytes_docxtpl(doc, source)
