"""Formatting as Word resolves it, with every style resolved once per document.

Word decides a run's font, size, weight and slant by looking, in order, at the run's own
properties, its character style (and that style's parents), the paragraph's numbering level and
style (and its parents), then the document defaults. Each style's chain is merged once into a
dict, so a paragraph costs a few dictionary merges however large the styles part is.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from vanban.decree.lengths import mm_of_twips

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_OFF = ("0", "false", "off", "none")


@dataclass(frozen=True)
class RunFormat:
    """Effective character formatting of one run."""
    font: Optional[str]
    size: Optional[float]    # points
    bold: bool
    italic: bool
    underline: bool = False
    script: bool = False     # superscript or subscript: shown at about two thirds of the size


@dataclass(frozen=True)
class ParaFormat:
    """Effective paragraph formatting."""
    alignment: Optional[str]          # "left", "center", "right", "both" (justified)
    first_line_mm: float              # negative for a hanging indent
    left_mm: float
    before_pt: float
    after_pt: float
    line: Optional[float]             # multiple of single spacing, when given as one
    keep_next: bool
    border_bottom: bool
    border_top: bool = False
    exact_line_pt: Optional[float] = None   # line spacing given in points (exact or at least)
    tabs_mm: tuple = ()                     # custom tab stops


def int_attr(value, default=0) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def rpr_props(rpr) -> dict:
    """The character properties an ``w:rPr`` sets (only those it sets)."""
    out: dict = {}
    if rpr is None:
        return out
    for el in rpr:
        tag = el.tag
        if tag == W + "rFonts":
            name = el.get(W + "ascii") or el.get(W + "hAnsi")
            theme = el.get(W + "asciiTheme") or el.get(W + "hAnsiTheme")
            if theme:     # a theme attribute wins over the name beside it, as in Word
                out["font"] = "theme:" + theme
            elif name:
                out["font"] = name
        elif tag == W + "sz":
            size = int_attr(el.get(W + "val"), -1)
            if size > 0:
                out["size"] = size / 2
        elif tag in (W + "b", W + "i", W + "vanish"):
            out[tag[len(W):]] = el.get(W + "val", "true") not in _OFF
        elif tag == W + "u":
            out["u"] = el.get(W + "val", "single") not in _OFF
        elif tag == W + "vertAlign":
            out["script"] = el.get(W + "val") in ("superscript", "subscript")
        elif tag == W + "rStyle":
            out["rStyle"] = el.get(W + "val")
    return out


def ppr_props(ppr) -> dict:
    """The paragraph properties a ``w:pPr`` sets (only those it sets)."""
    out: dict = {}
    if ppr is None:
        return out
    for el in ppr:
        tag = el.tag
        if tag == W + "jc":
            out["jc"] = el.get(W + "val")
        elif tag == W + "ind":
            for attr in ("left", "start"):
                if el.get(W + attr) is not None:
                    out["left"] = int_attr(el.get(W + attr))
            if el.get(W + "firstLine") is not None or el.get(W + "hanging") is not None:
                # One sets the other to nothing: a style's hanging indent does not leak under a firstLine.
                out["first"] = int_attr(el.get(W + "firstLine"))
                out["hanging"] = int_attr(el.get(W + "hanging"))
        elif tag == W + "spacing":
            for attr in ("before", "after", "line", "lineRule"):
                v = el.get(W + attr)
                if v is not None:
                    out[attr] = v if attr == "lineRule" else int_attr(v)
        elif tag == W + "keepNext":
            out["keep"] = el.get(W + "val", "true") not in _OFF
        elif tag == W + "pBdr":
            for side in ("top", "bottom"):
                b = el.find(W + side)
                if b is not None:
                    out["bdr_" + side] = b.get(W + "val", "single") not in ("nil", "none")
        elif tag == W + "tabs":
            out["tabs"] = tuple(sorted(int_attr(t.get(W + "pos")) for t in el if t.get(W + "val") not in ("clear", "bar")))
        elif tag == W + "pStyle":
            out["pStyle"] = el.get(W + "val")
        elif tag == W + "numPr":
            num, lvl = el.find(W + "numId"), el.find(W + "ilvl")
            out["num"] = (num.get(W + "val") if num is not None else None, int_attr(lvl.get(W + "val")) if lvl is not None else 0)
    return out


class StyleSheet:
    """The styles, theme fonts, numbering indents and defaults of one document, resolved once."""

    def __init__(self, styles=None, theme=None, numbering=None, default_tab_twips: int = 720):
        self.default_tab = default_tab_twips
        self._styles: dict[str, tuple] = {}      # id -> (based_on, rprops, pprops)
        self.default_para: Optional[str] = None
        self.names: dict[str, str] = {}          # id -> the name Word shows ("VB Trich Yeu")
        self._r_defaults: dict = {}
        self._p_defaults: dict = {}
        if styles is not None:
            d = styles.find(W + "docDefaults")
            if d is not None:
                self._r_defaults = rpr_props(d.find(f"{W}rPrDefault/{W}rPr"))
                self._p_defaults = ppr_props(d.find(f"{W}pPrDefault/{W}pPr"))
            for s in styles.iter(W + "style"):
                sid = s.get(W + "styleId")
                if sid is None:
                    continue
                based = s.find(W + "basedOn")
                name = s.find(W + "name")
                self.names[sid] = name.get(W + "val", sid) if name is not None else sid
                self._styles[sid] = (based.get(W + "val") if based is not None else None,
                                     rpr_props(s.find(W + "rPr")), ppr_props(s.find(W + "pPr")))
                if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true", "on"):
                    self.default_para = sid
        self._theme = self._theme_fonts(theme)
        self._numbering = self._numbering_indents(numbering)
        self._chain_cache: dict = {}
        self._run_cache: dict = {}
        self._para_cache: dict = {}

    @staticmethod
    def _theme_fonts(theme) -> dict:
        out = {}
        if theme is None:
            return out
        for kind in ("major", "minor"):
            latin = theme.find(f".//{A}{kind}Font/{A}latin")
            if latin is not None and latin.get("typeface"):
                out[kind] = latin.get("typeface")
        return out

    @staticmethod
    def _numbering_indents(numbering) -> dict:
        if numbering is None:
            return {}
        abstract = {a.get(W + "abstractNumId"): {int_attr(lvl.get(W + "ilvl")): ppr_props(lvl.find(W + "pPr"))
                                                 for lvl in a.iter(W + "lvl")}
                    for a in numbering.iter(W + "abstractNum")}
        out = {}
        for num in numbering.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                out[num.get(W + "numId")] = abstract.get(ref.get(W + "val"), {})
        return out

    def _chain(self, sid: Optional[str], which: int) -> dict:
        """A style's properties merged down its basedOn chain (1 = character, 2 = paragraph)."""
        key = (sid, which)
        hit = self._chain_cache.get(key)
        if hit is not None:
            return hit
        layers, seen = [], set()
        while sid is not None and sid in self._styles and sid not in seen and len(seen) < 30:
            seen.add(sid)
            based, rp, pp = self._styles[sid]
            layers.append(rp if which == 1 else pp)
            sid = based
        merged: dict = {}
        for layer in reversed(layers):
            merged.update(layer)
        self._chain_cache[key] = merged
        return merged

    def font_name(self, font: Optional[str]) -> Optional[str]:
        """A theme font reference as the face Word shows, marked as coming from the theme."""
        if font and font.startswith("theme:"):
            kind = "major" if font[6:].startswith("major") else "minor"
            face = self._theme.get(kind)
            return f"{face} (theme font)" if face else font
        return font

    def run_format(self, pstyle: Optional[str], direct: dict) -> RunFormat:
        """The font, size, bold, italic and underline Word shows for a run with ``direct`` properties."""
        key = (pstyle, tuple(sorted(direct.items())))
        hit = self._run_cache.get(key)
        if hit is not None:
            return hit
        merged = dict(self._r_defaults)
        merged.update(self._chain(pstyle or self.default_para, 1))
        if direct.get("rStyle"):
            merged.update(self._chain(direct["rStyle"], 1))
        merged.update(direct)
        fmt = RunFormat(self.font_name(merged.get("font")), merged.get("size", 10.0), bool(merged.get("b")),
                        bool(merged.get("i")), bool(merged.get("u")), bool(merged.get("script")))
        self._run_cache[key] = fmt
        return fmt

    def para_props(self, direct: dict) -> dict:
        """Paragraph properties merged: defaults, style chain, numbering level, direct."""
        merged = dict(self._p_defaults)
        merged.update(self._chain(direct.get("pStyle") or self.default_para, 2))
        num = direct.get("num") or merged.get("num")
        if num and num[0] in self._numbering:
            merged.update(self._numbering[num[0]].get(num[1], {}))
        merged.update(direct)
        return merged

    def para_format(self, direct: dict) -> ParaFormat:
        key = tuple(sorted(direct.items()))
        hit = self._para_cache.get(key)
        if hit is not None:
            return hit
        m = self.para_props(direct)
        first = -m["hanging"] if m.get("hanging") else m.get("first", 0)
        rule = m.get("lineRule", "auto")
        line = m.get("line")
        fmt = ParaFormat(
            alignment=m.get("jc"), first_line_mm=mm_of_twips(first), left_mm=mm_of_twips(m.get("left", 0)),
            before_pt=m.get("before", 0) / 20, after_pt=m.get("after", 0) / 20,
            line=line / 240 if line and rule == "auto" else None, keep_next=bool(m.get("keep")),
            border_bottom=bool(m.get("bdr_bottom")), border_top=bool(m.get("bdr_top")),
            exact_line_pt=line / 20 if line and rule != "auto" else None,
            tabs_mm=tuple(mm_of_twips(t) for t in m.get("tabs", ())))
        self._para_cache[key] = fmt
        return fmt

    def tab_mm(self, fmt: ParaFormat, start_mm: float) -> float:
        """Where a tab typed at ``start_mm`` lands: the next custom stop, else the next default stop."""
        stop = next((t for t in fmt.tabs_mm if t > start_mm + 0.1), None)
        if stop is not None:
            return stop
        step = mm_of_twips(self.default_tab or 720)
        return (int(start_mm / step + 1e-6) + 1) * step
