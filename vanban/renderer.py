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
import tempfile
from pathlib import Path
from typing import Optional, Union

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate

from . import context as ctx
from . import ooxml, template_builder
from .compiled import CompiledTemplate, Unsupported, jinja_env
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
                    template_dir: Optional[PathLike] = None) -> Optional[Path]:
    """The template file for ``doc``, or None: build it from code (once per process)."""
    if template:
        path = Path(template)
        if not path.is_file():
            raise FileNotFoundError(f"template not found: {path}")
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
    kind, ref, _ = key
    data = template_builder.build(*ref) if kind == "built" else Path(ref).read_bytes()
    try:
        return CompiledTemplate(data)
    except Unsupported:
        # Remembered too, so such a template is not parsed again for every document.
        return None


def compiled_for(source: Optional[Path], doc: VanBan) -> Optional[CompiledTemplate]:
    """The compiled template for ``source`` (None: built from code), from a per-process cache
    keyed by file and mtime; None when the template needs docxtpl's full render."""
    if source is None:
        return _compiled(("built", (doc.loai, doc.mau), None))
    return _compiled(("file", str(source.resolve()), source.stat().st_mtime_ns))


def _properties(doc: VanBan, values: dict) -> dict:
    created = _dt.datetime.combine(doc.ngay.date, _dt.time()) if doc.ngay.date else None
    return {"title": values["trich_yeu"], "subject": values["so_ky_hieu"],
            "creator": " ".join(values["co_quan_ten"]), "created": created}


def render_bytes_docxtpl(doc: VanBan, source: Optional[Path]) -> bytes:
    """docxtpl's full render: the reference the fast path is tested against, and its fallback."""
    tpl = DocxTemplate(io.BytesIO(_template_bytes(source, doc)))
    c = ctx.build(doc)
    tpl.render(c.values, jinja_env())
    part = next((rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES), None)
    if part is None and c.footnotes:
        template_builder.add_footnotes_part(tpl.docx)
        part = next(rel.target_part for rel in tpl.docx.part.rels.values() if rel.reltype == RT.FOOTNOTES)
    if part is not None:
        part._blob = ooxml.footnotes_part(c.footnotes)
    props = _properties(doc, c.values)
    core = tpl.docx.core_properties
    core.title, core.subject, core.author, core.language = props["title"], props["subject"], props["creator"], "vi-VN"
    if props["created"]:
        core.created = props["created"]
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def render_bytes(doc: VanBan, template: Optional[PathLike] = None,
                 template_dir: Optional[PathLike] = None) -> bytes:
    """Render ``doc`` and return the .docx file as bytes."""
    source = template_source(doc, template, template_dir)
    compiled = compiled_for(source, doc)
    if compiled is not None:
        c = ctx.build(doc)
        try:
            return compiled.render(c.values, c.footnotes, _properties(doc, c.values))
        except Unsupported:
            pass  # this document needs what the template lacks (a footnotes part)
    return render_bytes_docxtpl(doc, source)


@functools.lru_cache(maxsize=1)
def _libc():
    import ctypes
    return ctypes.CDLL(None, use_errno=True)


def _link_unnamed(fd: int, target: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (Linux ``linkat`` with AT_SYMLINK_FOLLOW).

    Python's ``os.link`` does not follow the /proc/self/fd link, so libc is
    called directly.
    """
    import ctypes
    libc = _libc()
    at_fdcwd, at_symlink_follow = -100, 0x400
    if libc.linkat(at_fdcwd, f"/proc/self/fd/{fd}".encode(), at_fdcwd, os.fsencode(target), at_symlink_follow):
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(target))


def write_atomic(path: PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that no reader ever sees a partial file.

    The bytes go to an unnamed file in the target folder (Linux ``O_TMPFILE``),
    are flushed, and only then get a name: a run killed while writing leaves
    nothing behind, and one killed after leaves the whole file. Elsewhere a
    hidden temporary name is used instead, renamed over ``path`` when complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.part"
    try:
        fd = os.open(path.parent, getattr(os, "O_TMPFILE", 0) | os.O_WRONLY, 0o644)
        named = False
    except (OSError, AttributeError):
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        tmp, named = Path(name), True
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            if not named:
                _link_unnamed(fh.fileno(), tmp)
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
