"""Rendering: template context into a .docx through docxtpl.

Templates are looked up by kind and profile in, in order, the folder given by
the caller, ``$VANBAN_TEMPLATES``, the repository's ``templates/`` and the
installed copy under ``<prefix>/share/vanban/templates``; when none holds the
file, the template is built in memory from the same code that wrote the
bundled ones, so an installed vanban always renders.
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional, Union

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment

from . import context as ctx
from . import ooxml, template_builder
from .model import VanBan

PathLike = Union[str, os.PathLike]
_REPO_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def template_dirs(extra: Optional[PathLike] = None) -> list[Path]:
    """Folders searched for templates, most specific first."""
    dirs = [Path(extra)] if extra else []
    if os.environ.get("VANBAN_TEMPLATES"):
        dirs.append(Path(os.environ["VANBAN_TEMPLATES"]))
    dirs += [_REPO_TEMPLATES, Path(sys.prefix) / "share" / "vanban" / "templates"]
    return dirs


def template_source(doc: VanBan, template: Optional[PathLike] = None,
                    template_dir: Optional[PathLike] = None) -> Union[Path, bytes]:
    """The template file for ``doc``, or freshly built template bytes."""
    if template:
        path = Path(template)
        if not path.is_file():
            raise FileNotFoundError(f"template not found: {path}")
        return path
    name = template_builder.template_name(doc.loai, doc.mau)
    for folder in template_dirs(template_dir):
        if (folder / name).is_file():
            return folder / name
    return template_builder.build(doc.loai, doc.mau)


def _jinja_env() -> Environment:
    # Autoescape: every string from the YAML is XML-escaped on its way in, and
    # values are never parsed as templates, so "{{ x }}" in a value is text.
    return Environment(autoescape=True)


def _load(source: Union[Path, bytes]) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def _put_footnotes(tpl: DocxTemplate, notes) -> None:
    part = next((rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES), None)
    if part is None:
        if not notes:
            return
        template_builder._footnotes_part(tpl.docx)
        part = next(rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES)
    part._blob = ooxml.footnotes_part(notes)


def _properties(tpl: DocxTemplate, doc: VanBan, values: dict) -> None:
    core = tpl.docx.core_properties
    core.title = values["trich_yeu"]
    core.subject = values["so_ky_hieu"]
    core.author = " ".join(values["co_quan_ten"])
    core.language = "vi-VN"
    if doc.ngay.date:
        import datetime as _dt
        core.created = _dt.datetime.combine(doc.ngay.date, _dt.time())


def render_bytes(doc: VanBan, template: Optional[PathLike] = None,
                 template_dir: Optional[PathLike] = None) -> bytes:
    """Render ``doc`` and return the .docx file as bytes."""
    tpl = _load(template_source(doc, template, template_dir))
    c = ctx.build(doc)
    tpl.render(c.values, _jinja_env())
    _put_footnotes(tpl, c.footnotes)
    _properties(tpl, doc, c.values)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def write_atomic(path: PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that no reader ever sees a partial file.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and only then renamed over ``path``: a run killed half-way leaves either
    the old file or the new one, never a truncated one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def render(doc: VanBan, path: PathLike, template: Optional[PathLike] = None,
           template_dir: Optional[PathLike] = None) -> Path:
    """Render ``doc`` to the .docx file ``path``; the file appears complete or not at all."""
    return write_atomic(path, render_bytes(doc, template, template_dir))
