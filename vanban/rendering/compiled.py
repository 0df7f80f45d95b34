"""A docxtpl template prepared once and rendered many times.

docxtpl's ``DocxTemplate.render`` re-opens the package, re-patches the XML and
re-compiles the Jinja template of every part for every document: for a short
letter that is nine tenths of the work. Here docxtpl's own preprocessing
(``patch_xml``) runs once per template; each document then costs one Jinja
render, docxtpl's own post-processing (``resolve_listing``), and a zip written
from a prebuilt archive of the parts that never change.

Templates that need more of docxtpl (cell loops, pictures, a footnotes part
that is missing) raise :class:`FastPathUnsupported`; the renderer then uses docxtpl's
full path for them.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from typing import Iterable, Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from vanban.rendering import appendices, ooxml
from vanban.rendering.slim import slimmed

_BODY = re.compile(r"<w:body\b.*</w:body>", re.S)
_JINJA = ("{{", "{%", "{#")
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


class FastPathUnsupported(Exception):
    """The template uses a docxtpl feature this fast path does not reproduce."""


#: The filters a template may use; vanban's own templates use none. ``safe`` is left out on
#: purpose: with it a template could pour a YAML value into the XML unescaped.
SAFE_FILTERS = ("e", "escape", "upper", "lower", "title", "capitalize", "trim", "replace", "default", "d",
                "join", "length", "count", "first", "last", "string", "int", "round", "center", "indent")
#: Largest string, list or power a template expression may build.
_MAX_SIZE = 100_000


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, with ``*`` and ``**`` bounded: a template is a file people pass around by
    e-mail, and ``{{ 'x' * 10**10 }}`` must fail at once instead of filling the memory."""
    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 64:
            raise SecurityError(f"power {right} is too large")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > _MAX_SIZE:
                    raise SecurityError("the repeated text is too long")
        return super().call_binop(context, operator, left, right)


def jinja_env() -> Environment:
    """The sandboxed Jinja environment every template is rendered in.

    Sandboxed: ``cycler.__init__.__globals__`` and other walks to Python's
    insides raise :class:`jinja2.sandbox.SecurityError`. Autoescape: every
    string from the YAML is XML-escaped on its way in, and values are never
    parsed as templates, so "{{ x }}" in a value is text.
    """
    env = _Sandbox(autoescape=True)
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.globals = {"range": env.globals["range"]}
    return env


def _part_name(part) -> str:
    return str(part.partname).lstrip("/")


class CompiledTemplate:
    """One template, parsed and compiled; :meth:`render` gives .docx bytes."""

    def __init__(self, data: bytes):
        self._tpl = DocxTemplate(io.BytesIO(data))
        self._tpl.init_docx()
        env = jinja_env()
        document = self._tpl.docx
        main = document.part
        source = self._tpl.get_xml()
        if any(t in source for t in ("{%tc", "{%tr", "{%cellbg", "{%colspan", "<w:drawing")):
            raise FastPathUnsupported("table-cell loops or pictures")
        self._document_name = _part_name(main)
        self._document_xml = self._tpl.xml_to_string(main.element)
        self._body = env.from_string(self._prepare(self._tpl.patch_xml(source)))
        self._parts: dict[str, object] = {}
        for rel in main.rels.values():
            if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
                continue
            xml = self._tpl.get_part_xml(rel.target_part)
            if any(t in xml for t in _JINJA):
                self._parts[_part_name(rel.target_part)] = env.from_string(self._prepare(self._tpl.patch_xml(xml)))
        notes = next((r.target_part for r in main.rels.values() if r.reltype == RT.FOOTNOTES), None)
        self._footnotes = _part_name(notes) if notes is not None else None
        self._core = "docProps/core.xml"
        changed = {self._document_name, self._core, *self._parts, *([self._footnotes] if self._footnotes else [])}
        slimmer, dropped = slimmed(data)
        self._base = replace_parts(data, {k: v for k, v in slimmer.items() if k not in changed}, drop=changed | dropped)

    @staticmethod
    def _prepare(xml: str) -> str:
        # The same line split docxtpl makes before Jinja sees a part.
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)

    def _finish(self, xml: str) -> str:
        # docxtpl's own post-processing of a rendered part.
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        # resolve_listing only rewrites tabs, newlines, \a and \f inside <w:t>,
        # paragraph by paragraph through regex callbacks: a fifth of a plan's
        # rendering. One scan tells whether there is any.
        return self._tpl.resolve_listing(xml) if _LISTING.search(xml) else xml

    def render(self, values: dict, footnotes: list, properties: Optional[dict] = None,
               annexes: Optional[list] = None) -> bytes:
        """The .docx for ``values`` (template context), ``footnotes`` (see :mod:`vanban.rendering.ooxml`)
        and ``annexes``, the appendices' ``(landscape, xml)`` (:func:`vanban.rendering.appendices.attach`)."""
        if footnotes and not self._footnotes:
            raise FastPathUnsupported("the template has no footnotes part")
        body = self._finish(self._body.render(values))
        document = appendices.attach(_BODY.sub(lambda _: body, self._document_xml, count=1), annexes or [])
        out = io.BytesIO(self._base)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr(self._document_name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + document)
            for name, template in self._parts.items():
                z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           + self._finish(template.render(values)))
            if self._footnotes:
                z.writestr(self._footnotes, ooxml.footnotes_part(footnotes))
            z.writestr(self._core, core_xml(**(properties or {})))
        return out.getvalue()


def replace_parts(docx: bytes, parts: dict[str, bytes], drop: Iterable[str] = ()) -> bytes:
    """``docx`` with the named parts' contents replaced (or added), and the ``drop`` parts left out."""
    skip = set(parts) | set(drop)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in skip:
                dst.writestr(info, src.read(info.filename))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


def core_xml(title: str = "", subject: str = "", creator: str = "", language: str = "vi-VN",
             created: Optional[_dt.datetime] = None) -> str:
    """docProps/core.xml with the document's title, code, author and date."""
    stamp = (created or _dt.datetime(2000, 1, 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    e = lambda s: ooxml.escape(ooxml.clean(s))  # noqa: E731
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{e(title)}</dc:title><dc:subject>{e(subject)}</dc:subject><dc:creator>{e(creator)}</dc:creator>"
            f"<dc:language>{e(language)}</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")
