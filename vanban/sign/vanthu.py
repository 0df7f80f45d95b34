"""The văn thư's step: number, date and the agency's seal on a PDF the leader has signed.

A draft is signed with its number and day blank ("Số:      /LĐLĐ", "ngày    tháng 12 năm 2026").
The văn thư then, in ONE incremental update after the leader's signature: writes the number and
the day into the blanks as FreeText annotations (Times 13, black), and signs as the agency with
the seal image (PNG, transparent) as that signature's appearance, over the left third of the
leader's signature as appendix I of Decree 30 describes. The leader's signed bytes are untouched:
verify shows annotations and a later signature after the leader's, covered by the agency's.

The blanks are found where the PDF prints them: the words of the number line and the date line
(:mod:`vanban.reading.pdf_text`, as :mod:`.place` reads the signature block); a blank is the gap
between "Số:" and "/CODE", between "ngày" and "tháng" (and "tháng"/"năm" when the month is blank).
"""
from __future__ import annotations

import datetime as _dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from vanban.decree import vn
from vanban.i18n import _
from vanban.sign import SignError

#: The seal's width on the page when the PNG does not record its resolution (points; 36 mm).
SEAL_WIDTH = 36 / 25.4 * 72
#: The number and date as the văn thư adds them: Times New Roman 13, upright, black.
FONT_SIZE = 13
#: The annotations' names (/NM): verify and tests know the văn thư's marks by them.
PREFIX = "vanban-van-thu-"
#: The page-piece dictionary's key under which vanban keeps the blanks (an application's name).
PIECE = "/Vanban"


@dataclass(frozen=True)
class Blank:
    """A blank of a draft: ``what`` ("so", "ngay", "thang"), its page (0-based) and its box in PDF
    points (x0, y0, x1, y1, origin bottom left)."""
    what: str
    page: int
    box: tuple[float, float, float, float]


def _gap(what, page, left, right, height) -> Blank:
    return Blank(what, page, (round(left.x1, 2), round(height - left.bottom, 2), round(right.x0, 2),
                              round(height - left.top, 2)))


def blanks(pdf: Union[str, Path], name: str = "") -> list[Blank]:
    """The number's and the day's (and a blank month's) blanks on ``pdf``; [] when none is blank."""
    from vanban.sign.place import read_layout
    lay = read_layout(pdf, name or str(pdf))
    out = []
    for located, words_wanted in ((lay.facts.number, (("so", "số:", "/"),)),
                                  (lay.facts.date, (("ngay", "ngày", "tháng"), ("thang", "tháng", "năm")))):
        block = lay.blocks.get(id(located)) if located is not None else None
        if block is None or not block.lines:
            continue
        words = [w for ln in block.lines[:1] for w in ln.words]
        height = lay.pages[block.lines[0].page].height
        for what, before, after in words_wanted:
            for a, b in zip(words, words[1:]):
                if a.text.lower().startswith(before) and b.text.lower().startswith(after) and a.text.lower() != "/":
                    if what != "so" or not any(c.isdigit() for c in a.text):
                        out.append(_gap(what, block.lines[0].page, a, b, height))
    return out


def record(writer, holes: list[Blank]) -> None:
    """Keep ``holes`` inside the PDF (``--for-signing`` knows where it printed the blanks): the
    catalog's page-piece dictionary, the place PDF gives an application's private data (ISO 32000
    14.5, allowed in PDF/A), so any workstation can stamp without reading the text again."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    entries = generic.ArrayObject(generic.DictionaryObject({
        pdf_name("/What"): pdf_name("/" + b.what), pdf_name("/Page"): generic.NumberObject(b.page),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in b.box)}) for b in holes)
    root = writer.root
    root[pdf_name("/PieceInfo")] = generic.DictionaryObject({pdf_name(PIECE): generic.DictionaryObject({
        pdf_name("/LastModified"): generic.TextStringObject(_dt.datetime.now(_dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")),
        pdf_name("/Private"): generic.DictionaryObject({pdf_name("/Blanks"): entries})})})
    writer.update_root()


def recorded(pdf: bytes) -> Optional[list[Blank]]:
    """The blanks :func:`record` kept in ``pdf``, or None when it kept none (a PDF made elsewhere)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    try:
        root = PdfFileReader(io.BytesIO(pdf), strict=False).root
        entries = root["/PieceInfo"][PIECE]["/Private"]["/Blanks"]
        return [Blank(str(e["/What"]).lstrip("/"), int(e["/Page"]), tuple(float(v) for v in e["/Rect"]))
                for e in entries]
    except (KeyError, TypeError, ValueError):
        return None


def _text_annotation(writer, blank: Blank, text: str):
    """A FreeText annotation printing ``text`` centred in ``blank`` (its appearance embeds the serif)."""
    from pyhanko.pdf_utils import generic, layout
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStamp, TextStampStyle

    from vanban.sign.signing import font_factory, serif_font
    x0, y0, x1, y1 = blank.box
    font = serif_font()
    # The reader's box is one line high; the text box needs its leading, so the annotation grows a little.
    # The gap itself may be narrower than the text box pyHanko lays out: the (transparent) annotation is
    # widened on both sides and the text centred, so it stands centred in the gap.
    x0, y0, x1, y1 = x0 - 14, y0 - 6, x1 + 14, y1 + 6
    blank = Blank(blank.what, blank.page, (x0, y0, x1, y1))
    box_style = TextBoxStyle(font=font_factory(font), font_size=FONT_SIZE) if font else TextBoxStyle(font_size=FONT_SIZE)
    style = TextStampStyle(stamp_text=text, border_width=0, text_box_style=box_style,
                           inner_content_layout=layout.SimpleBoxLayoutRule(
                               x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                               margins=layout.Margins.uniform(0),
                               inner_content_scaling=layout.InnerScaling.NO_SCALING))
    stamp = TextStamp(writer, style, box=layout.BoxConstraints(x1 - x0, y1 - y0))
    annot = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/FreeText"),
        pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in blank.box),
        pdf_name("/Contents"): generic.TextStringObject(text), pdf_name("/F"): generic.NumberObject(4 | 128),
        pdf_name("/NM"): generic.TextStringObject(PREFIX + blank.what),
        pdf_name("/DA"): generic.TextStringObject(f"0 g /Helv {FONT_SIZE} Tf")})
    stamp.apply_appearance(annot)
    return writer.add_object(annot)


def _add_annotation(writer, page: int, ref) -> None:
    from pyhanko.pdf_utils import generic
    page_ref = writer.find_page_for_modification(page)[0]
    page_obj = page_ref.get_object()
    annots = page_obj.get("/Annots")
    if isinstance(annots, generic.IndirectObject):
        arr = annots.get_object()
        arr.append(ref)
        writer.update_container(arr)
    else:
        page_obj[generic.pdf_name("/Annots")] = generic.ArrayObject(list(annots or []) + [ref])
        writer.update_container(page_obj)


def seal_box(signature: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[float, float, float, float]:
    """The seal's box: its right edge a third into the leader's signature, centred on it vertically."""
    x0, y0, x1, y1 = signature
    w, h = size
    right = x0 + (x1 - x0) / 3
    mid = (y0 + y1) / 2
    return (round(right - w, 2), round(mid - h / 2, 2), round(right, 2), round(mid + h / 2, 2))


def _seal(path) -> tuple[object, tuple[float, float]]:
    try:
        from PIL import Image
        img = Image.open(str(path))
        img.load()
    except (OSError, ValueError) as exc:
        raise SignError(_("{file}: not an image that can be read: {why}").format(file=path, why=exc)) from None
    dpi = img.info.get("dpi")
    width = img.width / float(dpi[0]) * 72 if dpi and dpi[0] and float(dpi[0]) > 1 else SEAL_WIDTH
    return img, (width, width * img.height / img.width)


def last_signature_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The page and rectangle of the PDF's last filled signature (the leader's)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    filled = [ref for _n, value, ref in enumerate_sig_fields(reader, filled_status=True)]
    if not filled:
        raise SignError(_("not signed yet: the leader signs first, then the văn thư adds number, date and seal"))
    widget = filled[-1].get_object()
    page_ref = widget.get_value_as_reference("/P") if "/P" in widget else None
    page = 0        # a widget without /P (pyHanko writes one): the first page, as readers assume
    for k in range(int(reader.root["/Pages"]["/Count"])):
        if page_ref is not None and reader.find_page_for_modification(k)[0].idnum == page_ref.idnum:
            page = k
    return page, tuple(float(v) for v in widget["/Rect"])


def printed_date_clash(date_line: str, date: _dt.date) -> Optional[str]:
    """What the draft's printed date line says that ``date`` contradicts (its month or year), or None.
    The văn thư fills the day (and a blank month) only: "ngày 05" written into "tháng 11" while the
    register says 05/12 would be a document dated wrongly."""
    printed = vn.parse_date_line(date_line)
    if printed is None:
        return None
    if printed.month is not None and printed.month != date.month:
        return _("the draft prints month {printed}, the date given is {given}").format(
            printed=printed.month, given=vn.short_date(date))
    if printed.year is not None and printed.year != date.year:
        return _("the draft prints year {printed}, the date given is {given}").format(
            printed=printed.year, given=vn.short_date(date))
    return None


def _same_month_and_year(pdf: Path, date: _dt.date, name: str) -> None:
    from vanban.sign.place import read_layout
    located = read_layout(pdf, name).facts.date
    clash = printed_date_clash(located.text, date) if located is not None else None
    if clash:
        raise SignError(_("{file}: {why}").format(file=name, why=clash))


def stampable(pdf: bytes, date: _dt.date, name: str = "") -> dict:
    """The blanks of a signed draft, by what they hold ("so", "ngay", "thang"), once it is sure the
    văn thư can fill them with ``date``: :class:`SignError` when the number or the day is not blank, or
    the printed month or year is not ``date``'s. Asked before a number is taken from the register."""
    import tempfile
    kept = recorded(pdf)
    with tempfile.TemporaryDirectory(prefix="vanban-vanthu-") as tmp:
        copy = Path(tmp) / "signed.pdf"
        copy.write_bytes(pdf)
        if kept is None:
            kept = blanks(copy, name)
        _same_month_and_year(copy, date, name)
    holes = {b.what: b for b in kept}
    if "so" not in holes or "ngay" not in holes:
        raise SignError(_("{file}: no blank number or day to fill (is it a draft signed before numbering?)")
                        .format(file=name))
    return holes


def stamp_bytes(pdf: bytes, signer, number: int, date: _dt.date, seal, name: str = "",
                field: str = "Con dau") -> bytes:
    """``pdf`` (signed by the leader, number and day blank) with the number and date written in the
    blanks and signed by ``signer`` (the agency) with the seal as its appearance."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import images, layout
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from vanban.sign.keys import quiet
    quiet()
    holes = stampable(pdf, date, name)
    texts = {"so": vn.doc_number(number), "ngay": vn.day_text(date.day), "thang": vn.month_text(date.month)}
    try:
        page, sig_box = last_signature_box(pdf)
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        for what, blank in holes.items():
            _add_annotation(writer, blank.page, _text_annotation(writer, blank, texts[what]))
        img, size = _seal(seal)
        box = seal_box(sig_box, size)
        # The seal's appearance prints no text, but pyHanko still names a font in it: the embedded serif,
        # not its default Courier, which is not embedded and would break PDF/A-2b (6.2.11.4).
        from pyhanko.pdf_utils.text import TextBoxStyle

        from vanban.sign.signing import font_factory, serif_font
        font = serif_font()
        style = stamp.TextStampStyle(stamp_text=" ", border_width=0, background=images.PdfImage(img),
                                     text_box_style=TextBoxStyle(font=font_factory(font)) if font else TextBoxStyle(),
                                     background_opacity=1.0, background_layout=layout.SimpleBoxLayoutRule(
                                         x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                         margins=layout.Margins.uniform(0)))
        meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES,
                                            md_algorithm="sha256")
        out = io.BytesIO()
        signers.PdfSigner(meta, signer=signer, stamp_style=style,
                          new_field_spec=fields.SigFieldSpec(field, on_page=page, box=box)).sign_pdf(writer, output=out)
    except SignError:
        raise
    except Exception as exc:        # pyHanko's errors, the token's refusal
        raise SignError(_("{file}: could not be signed: {why}").format(file=name, why=exc or type(exc).__name__)) from None
    return out.getvalue()


def stamp_file(src: Union[str, os.PathLike], out: Union[str, os.PathLike], signer, number: int, date: _dt.date,
               seal: Union[str, os.PathLike]) -> Path:
    """:func:`stamp_bytes` from file ``src`` into ``out`` (written whole or not at all)."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise SignError(_("{file}: cannot be read: {why}").format(file=src, why=exc.strerror or exc)) from None
    return write_atomic(Path(out), stamp_bytes(data, signer, number, date, seal, str(src)))


__all__ = ["Blank", "blanks", "record", "recorded", "stampable", "seal_box", "last_signature_box", "stamp_bytes", "stamp_file", "PREFIX"]
