"""A .docx as Word shows it: every paragraph's visible text and formatting, sections, headers.

python-docx reads a paragraph's direct runs only, so text inside content controls (``w:sdt``),
smart tags, hyperlinks, fields, insertions and text boxes is lost, merged table cells are read
once per grid column, and only the first section is easy to see. This reader walks the XML as
Word lays it out: line breaks and tabs are kept as ``\\n`` and ``\\t`` (they are layout), a field
shows its result, a text box's paragraphs follow the paragraph that anchors them, and each
paragraph's formatting is resolved once through :class:`~vanban.reading.styles.StyleSheet`.
Text typed in a legacy Vietnamese font (TCVN3 ``.VnTime``, VNI) is converted to Unicode here,
so every reader of a .docx (``check``, ``import``) sees the letters the page shows; the run keeps
its font, so the layout rules still see ``.VnTime``. This is vanban's only .docx reader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from vanban.decree.lengths import mm_of_twips
from vanban.reading import legacy
from vanban.reading.package import Package
from vanban.reading.styles import W, ParaFormat, RunFormat, StyleSheet, int_attr, ppr_props, rpr_props

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
V = "{urn:schemas-microsoft-com:vml}"
_DESCEND = {W + t for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "bdo", "dir",
                            "sdtContent")}
_SKIP = {W + t for t in ("del", "moveFrom", "pPr", "rPr", "sdtPr", "sdtEndPr")}
_SHAPES = {W + "drawing", W + "pict", W + "object", MC + "AlternateContent"}


@dataclass
class WordRun:
    text: str
    fmt: RunFormat
    note: Optional[str] = None           # a footnote reference mark (text empty): the note's id


@dataclass
class Field:
    """A field (PAGE, NUMPAGES …): its instruction and the runs that show its result."""
    code: str
    runs: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return (self.code.split() or [""])[0].upper()


@dataclass
class Para:
    el: object
    runs: list
    props: dict
    sheet: StyleSheet
    pos: Optional[tuple] = None          # (table, row, column) for table cells and text boxes
    outer: Optional[tuple] = None        # the top-level table's cell, for a paragraph of a nested table
    shapes: int = 0                      # drawings and VML shapes anchored here (lines, boxes)
    fields: list = field(default_factory=list)
    index: int = 0
    _fmt: Optional[ParaFormat] = None

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def fmt(self) -> ParaFormat:
        if self._fmt is None:
            self._fmt = self.sheet.para_format(self.props)
        return self._fmt

    @property
    def style(self) -> Optional[str]:
        return self.props.get("pStyle") or self.sheet.default_para

    @property
    def numbered(self) -> bool:
        """Whether Word numbers or bullets this paragraph itself (directly or through its style)."""
        num = self.props.get("num") or self.sheet.para_props(self.props).get("num")
        return bool(num) and num[0] not in (None, "0")

    def indent_mm(self) -> float:
        """Where the first line's text starts, relative to the left indent: a leading tab counts."""
        first = self.fmt.first_line_mm
        text = self.text
        k = 0
        while k < len(text) and text[k] in "\t ":
            if text[k] == "\t":
                first = self.sheet.tab_mm(self.fmt, self.fmt.left_mm + first) - self.fmt.left_mm
            k += 1
        return first


@dataclass
class Section:
    width_mm: float
    height_mm: float
    landscape: bool
    margins: dict                       # top, bottom, left, right in mm
    title_page: bool
    headers: dict                       # "default"/"first"/"even" -> part name
    footers: dict
    first_para: int = 0


def shown(section: Section, kind: str, even_odd: bool, pages: int) -> list[tuple[str, str]]:
    """(variant, part) of the headers or footers Word shows for a section: the first-page one with
    titlePg, the even one only with evenAndOddHeaders, the default one unless the only page is the first."""
    parts = section.headers if kind == "header" else section.footers
    out = [("first page", parts.get("first"))] if section.title_page else []
    if not (section.title_page and pages <= 1):
        out.append(("odd pages" if even_odd else "pages", parts.get("default")))
        if even_odd and pages > 1:
            out.append(("even pages", parts.get("even")))
    return [(v, p) for v, p in out if p]


class _Walker:
    """Collects one story's paragraphs (body, header, footer), each with its text and runs."""

    def __init__(self, sheet: StyleSheet):
        self.sheet = sheet
        self.paras: list[Para] = []
        self.sect_after: list[tuple[int, object]] = []
        self.tables = 0
        self.table_els: dict[int, object] = {}    # table number -> its w:tbl (:mod:`.tables` reads the grid)

    def blocks(self, parent, pos=None, outer=None) -> None:
        for el in parent:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el, pos, outer)
            elif tag == W + "tbl":
                self.table(el, outer or pos)
            elif tag in (W + "sdt", W + "customXml"):
                content = el.find(W + "sdtContent") if tag == W + "sdt" else el
                if content is not None:
                    self.blocks(content, pos, outer)
            elif tag == W + "sectPr" and pos is None:
                self.sect_after.append((len(self.paras), el))

    def table(self, tbl, outer) -> None:
        number = self.tables
        self.tables += 1
        self.table_els[number] = tbl
        rows = [r for r in _rows(tbl)]
        for r, tr in enumerate(rows):
            col = 0
            for tc in _cells(tr):
                pr = tc.find(W + "tcPr")
                span = 1
                if pr is not None and pr.find(W + "gridSpan") is not None:
                    span = max(1, min(64, int_attr(pr.find(W + "gridSpan").get(W + "val"), 1)))
                # A nested table has its own columns (Nơi nhận beside the signature, often inside an outer cell).
                self.blocks(tc, (number, r, col), outer or (number, r, col))
                col += span

    def paragraph(self, p, pos, outer=None) -> None:
        ppr = p.find(W + "pPr")
        props = ppr_props(ppr)
        direct_style = props.get("pStyle") or self.sheet.default_para
        para = Para(p, [], props, self.sheet, pos, outer, index=len(self.paras))
        self.paras.append(para)
        boxes: list = []
        self._inline(p, para, direct_style, boxes, [None])
        _unlegacy(para)
        for box in boxes:
            self.tables += 1
            self.blocks(box, pos or (self.tables - 1, 0, 0), outer)
        if ppr is not None and ppr.find(W + "sectPr") is not None and pos is None:
            self.sect_after.append((len(self.paras), ppr.find(W + "sectPr")))

    def _inline(self, parent, para: Para, pstyle, boxes: list, fld: list) -> None:
        """Runs in document order; ``fld`` is the stack of open complex fields."""
        for el in parent:
            tag = el.tag
            if tag == W + "r":
                self._run(el, para, pstyle, boxes, fld)
            elif tag == W + "fldSimple":
                f = Field(el.get(W + "instr", "").strip())
                para.fields.append(f)
                start = len(para.runs)
                self._inline(el, para, pstyle, boxes, fld)
                f.runs = para.runs[start:]
            elif tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    self._inline(content, para, pstyle, boxes, fld)
            elif tag in _DESCEND:
                self._inline(el, para, pstyle, boxes, fld)
            elif tag in _SHAPES:
                self._shape(el, para, boxes)

    def _run(self, r, para: Para, pstyle, boxes: list, fld: list) -> None:
        direct = rpr_props(r.find(W + "rPr"))
        if direct.get("vanish"):
            return
        fmt = None
        parts: list[str] = []
        for el in r:
            tag = el.tag
            if tag == W + "t":
                parts.append(el.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "softHyphen":   # "ư" in a TCVN3 font; nothing in a Unicode one (_unlegacy)
                parts.append(legacy.SOFT_HYPHEN)
            elif tag == W + "sym":
                parts.append(_symbol(el.get(W + "char")))
            elif tag == W + "footnoteReference":
                self._flush(para, parts, direct, pstyle, fld)
                parts = []
                if not (len(fld) > 1 and fld[-1][1]):
                    para.runs.append(WordRun("", self.sheet.run_format(pstyle, direct), el.get(W + "id")))
            elif tag == W + "fldChar":
                kind = el.get(W + "fldCharType")
                self._flush(para, parts, direct, pstyle, fld)
                parts = []
                if kind == "begin":
                    f = Field("")
                    para.fields.append(f)
                    fld.append([f, True])
                elif kind == "separate" and len(fld) > 1:
                    fld[-1][1] = False
                elif kind == "end" and len(fld) > 1:
                    fld.pop()
            elif tag == W + "instrText" and len(fld) > 1:
                fld[-1][0].code = (fld[-1][0].code + (el.text or "")).strip()
            elif tag in _SHAPES:
                self._shape(el, para, boxes)
        self._flush(para, parts, direct, pstyle, fld, fmt)

    def _flush(self, para: Para, parts: list, direct: dict, pstyle, fld: list, fmt=None) -> None:
        if not parts:
            return
        if len(fld) > 1 and fld[-1][1]:
            return       # field instruction, not shown
        fmt = fmt or self.sheet.run_format(pstyle, direct)
        run = WordRun(legacy.to_unicode("".join(parts), fmt.font), fmt)
        para.runs.append(run)
        for f, _in_code in fld[1:]:
            f.runs.append(run)

    def _shape(self, el, para: Para, boxes: list) -> None:
        if el.tag == MC + "AlternateContent":
            # Word shows the Choice; the Fallback is the same shape again in VML.
            choice = el.find(MC + "Choice")
            el = choice if choice is not None else el.find(MC + "Fallback")
            if el is None:
                return
        inside = list(el.iter(W + "txbxContent"))
        if not inside:
            para.shapes += 1      # a line or picture; a text box is read as text instead
        boxes.extend(inside)


def _symbol(code: Optional[str]) -> str:
    """A ``w:sym`` character: symbol fonts put their glyphs in the private F0xx area."""
    try:
        n = int(code or "", 16)
    except ValueError:
        return ""
    return chr(n - 0xF000 if n >= 0xF000 else n) if 0 < n < 0x110000 else ""


def _unlegacy(para: Para) -> None:
    """Runs typed in TCVN3 or VNI under a Unicode font's name (a document re-fonted to Times New
    Roman without converting) converted too: the characters, not the font name, tell."""
    encoding = None if any(legacy.font_encoding(r.fmt.font) for r in para.runs) else legacy.detect(para.text)
    for r in para.runs:
        if encoding:
            r.text = legacy.convert(r.text, encoding)
        r.text = r.text.replace(legacy.SOFT_HYPHEN, "")


def _within(parent, tag: str):
    """The ``tag`` children of ``parent``, also those Word wraps in content controls or custom XML."""
    for el in parent:
        if el.tag == tag:
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from _within(content, tag)


def _rows(tbl):
    return _within(tbl, W + "tr")


def _cells(tr):
    return _within(tr, W + "tc")


#: The same walk of a table's rows and cells for :mod:`.tables`.
rows_of, cells_of = _rows, _cells


def _mm_attr(el, name: str, default: float) -> float:
    if el is None or el.get(W + name) is None:
        return default
    try:
        return mm_of_twips(float(el.get(W + name)))
    except ValueError:
        return default


class WordDocument:
    """One .docx read as Word shows it."""

    def __init__(self, source: Union[str, Path, bytes], name: str = ""):
        self.package = pkg = Package(source, name)
        self.name = pkg.name
        main = pkg.main
        settings = pkg.xml(pkg.related(main, "/settings") or "")
        tab = settings.find(W + "defaultTabStop") if settings is not None else None
        self.even_odd = settings is not None and settings.find(W + "evenAndOddHeaders") is not None and \
            settings.find(W + "evenAndOddHeaders").get(W + "val", "true") not in ("0", "false", "off")
        self.sheet = StyleSheet(pkg.xml(pkg.related(main, "/styles") or ""), pkg.xml(pkg.related(main, "/theme") or ""),
                                pkg.xml(pkg.related(main, "/numbering") or ""),
                                int(tab.get(W + "val", 720)) if tab is not None and (tab.get(W + "val") or "").isdigit() else 720)
        root = pkg.xml(main)
        body = root.find(W + "body") if root is not None else None
        walker = _Walker(self.sheet)
        if body is not None:
            walker.blocks(body)
        self.paragraphs: list[Para] = walker.paras
        self.table_els = walker.table_els
        self.body = body
        self.sections = self._sections(walker.sect_after, main)
        self._stories: dict[str, list[Para]] = {}
        self.footnotes_part = pkg.related(main, "/footnotes")

    def _sections(self, breaks, main) -> list[Section]:
        out: list[Section] = []
        start = 0
        inherited_h: dict = {}
        inherited_f: dict = {}
        for end, sp in breaks:
            pg, mar = sp.find(W + "pgSz"), sp.find(W + "pgMar")
            w, h = _mm_attr(pg, "w", 215.9), _mm_attr(pg, "h", 279.4)
            heads, feet = dict(inherited_h), dict(inherited_f)
            for ref in sp:
                if ref.tag in (W + "headerReference", W + "footerReference"):
                    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                    target = self.package.rels(main).get(rid)
                    if target and self.package.has(target[1]):
                        (heads if ref.tag == W + "headerReference" else feet)[ref.get(W + "type", "default")] = target[1]
            inherited_h, inherited_f = heads, feet
            title = sp.find(W + "titlePg")
            out.append(Section(
                w, h, (pg is not None and pg.get(W + "orient") == "landscape") or w > h,
                {k: _mm_attr(mar, k, 25.4) for k in ("top", "bottom", "left", "right")},
                title is not None and title.get(W + "val", "true") not in ("0", "false", "off"),
                heads, feet, start))
            start = end
        return out or [Section(215.9, 279.4, False, dict(top=25.4, bottom=25.4, left=31.75, right=31.75),
                               False, {}, {}, 0)]

    def story(self, part: str) -> list[Para]:
        """The paragraphs of a header or footer part."""
        if part not in self._stories:
            root = self.package.xml(part)
            walker = _Walker(self.sheet)
            if root is not None:
                walker.blocks(root)
            self._stories[part] = walker.paras
        return self._stories[part]

    def page_count(self) -> int:
        """Pages as Word last counted them (docProps/app.xml), else an estimate from breaks and length."""
        app = self.package.xml("docProps/app.xml") if self.package.has("docProps/app.xml") else None
        if app is not None:
            ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
            pages, words = app.find(ep + "Pages"), app.find(ep + "Words")
            # A generator that never counted (python-docx's template says 1 page, 0 words) is not believed.
            counted = words is not None and (words.text or "").strip().isdigit() and int(words.text) > 0
            if counted and pages is not None and (pages.text or "").strip().isdigit() and int(pages.text) > 0:
                return int(pages.text)
        if self.body is None:
            return 1
        breaks = sum(1 for b in self.body.iter(W + "br") if b.get(W + "type") == "page")
        breaks += sum(1 for b in self.body.iter(W + "lastRenderedPageBreak"))
        chars = sum(len(p.text) for p in self.paragraphs) + 60 * len(self.paragraphs)
        return max(1 + breaks, 1 + chars // 3200, len(self.sections))

    def notes(self) -> dict[str, list[Para]]:
        """Each real footnote (separators left out) by id: its paragraphs."""
        root = self.package.xml(self.footnotes_part) if self.footnotes_part else None
        out: dict[str, list[Para]] = {}
        for fn in (root.iter(W + "footnote") if root is not None else ()):
            if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            walker = _Walker(self.sheet)
            walker.blocks(fn)
            out[fn.get(W + "id", str(len(out)))] = walker.paras
        return out

    def list_labels(self) -> dict[int, str]:
        """The number Word prints before each paragraph it numbers (``w:numPr``), by paragraph index."""
        from vanban.reading.list_numbers import labels
        return labels(self.paragraphs, self.package.xml(self.package.related(self.package.main, "/numbering") or ""))

    def footnotes(self) -> list[str]:
        return ["\n".join(p.text for p in paras) for paras in self.notes().values()]


def read(source: Union[str, Path, bytes], name: str = "") -> WordDocument:
    """Open a .docx (path or bytes); raises :class:`~vanban.reading.package.UnreadableDocument`."""
    return WordDocument(source, name)
