"""Signing the prepared field: a PAdES baseline signature (B-B) with the appearance the decree asks.

The field :mod:`.prepare` placed is filled by pyHanko in an incremental update: the signed bytes
are every byte before it, so anything added later shows in :mod:`.verify`. The appearance shows
the signer's name (from the certificate), the signing time in ISO 8601 and, when given, the
signer's (blue) signature image behind them.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Optional, Union

from vanban.i18n import _
from vanban.sign import SignError

#: The signing time as the appearance prints it: ISO 8601 with the offset.
ISO_8601 = "%Y-%m-%dT%H:%M:%S%z"


def empty_fields(pdf: bytes) -> list[str]:
    """The names of the PDF's signature fields that are not signed yet."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [name for name, value, _ref in enumerate_sig_fields(reader, filled_status=False)]


def stamp_style(image: Optional[Union[str, os.PathLike]] = None):
    """The appearance: the signer's name and the time, over the signature image when there is one."""
    from pyhanko import stamp
    from pyhanko.pdf_utils import images
    background = None
    if image is not None:
        try:
            from PIL import Image
            background = images.PdfImage(Image.open(str(image)))
        except (OSError, ValueError) as exc:
            raise SignError(_("{file}: not an image that can be read: {why}").format(file=image, why=exc)) from None
    from pyhanko.pdf_utils.text import TextBoxStyle
    font = serif_font()
    box = TextBoxStyle(font=font_factory(font), font_size=9) if font else TextBoxStyle(font_size=9)
    return stamp.TextStampStyle(stamp_text=_("Signed by: %(signer)s") + "\n%(ts)s", timestamp_format=ISO_8601,
                                background=background, background_opacity=1.0 if background else 0.6, border_width=0,
                                text_box_style=box)


def serif_font() -> Optional[str]:
    """The file of the serif the documents are printed in (Times New Roman, or the metric-compatible
    Liberation Serif): embedded in the appearance, as PDF/A asks, and it has the Vietnamese letters."""
    import shutil
    import subprocess
    exe = shutil.which("fc-match")
    if exe:
        try:
            found = subprocess.run([exe, "-f", "%{file}", "Times New Roman"], capture_output=True, text=True,
                                   timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found.lower().endswith((".ttf", ".otf")) and Path(found).is_file():
            return found
    return next((str(p) for p in SERIF if p.is_file()), None)


#: Where Debian (fonts-liberation2) and Windows keep the serif, when fontconfig cannot say.
SERIF = (Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
         Path("C:/Windows/Fonts/times.ttf"))


def font_factory(path: str):
    """pyHanko writes a TrueType font's widths in the font's own units as if they were thousandths of
    an em (right for CFF fonts, twice too wide for Liberation's 2048): the font is given to it scaled
    to 1000 units per em, made once and kept in the user's cache."""
    from platformdirs import user_cache_dir
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    scaled = Path(user_cache_dir("vanban")) / "fonts" / f"{Path(path).stem}-upem1000.ttf"
    if not scaled.is_file():
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.scaleUpem import scale_upem

        from vanban.deliver.files import write_atomic
        font = TTFont(path)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        buf = io.BytesIO()
        font.save(buf)
        scaled.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(scaled, buf.getvalue())
    return GlyphAccumulatorFactory(str(scaled))


def sign_bytes(pdf: bytes, signer, field: Optional[str] = None, image: Optional[Union[str, os.PathLike]] = None,
               name: str = "") -> bytes:
    """``pdf`` signed by ``signer`` (a :mod:`.keys` signer) in its empty signature field ``field``
    (default: its only empty one)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from vanban.sign.keys import quiet
    quiet()
    try:
        empty = empty_fields(pdf)
    except Exception as exc:        # pyHanko's PdfReadError and friends: a damaged PDF
        raise SignError(_("{file}: not a PDF that can be read: {why}").format(file=name, why=exc)) from None
    if field is None:
        if len(empty) != 1:
            raise SignError(_("{file}: {n} empty signature fields; make it with vanban pdf --for-signing, "
                              "or name the field with --field").format(file=name, n=len(empty)))
        field = empty[0]
    elif field not in empty:
        raise SignError(_("{file}: no empty signature field named {field}").format(file=name, field=field))
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    out = io.BytesIO()
    try:
        signers.PdfSigner(meta, signer=signer, stamp_style=stamp_style(image)).sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    except SignError:
        raise
    except Exception as exc:        # the token refused, the certificate is missing …
        raise SignError(_("{file}: could not be signed: {why}").format(file=name, why=exc or type(exc).__name__)) from None
    return out.getvalue()


def sign_file(src: Union[str, os.PathLike], out: Union[str, os.PathLike], signer, field: Optional[str] = None,
              image: Optional[Union[str, os.PathLike]] = None) -> Path:
    """Sign the PDF ``src`` into ``out`` (written whole or not at all)."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise SignError(_("{file}: cannot be read: {why}").format(file=src, why=exc.strerror or exc)) from None
    return write_atomic(Path(out), sign_bytes(data, signer, field, image, str(src)))


__all__ = ["ISO_8601", "font_factory", "serif_font", "empty_fields", "stamp_style", "sign_bytes", "sign_file"]
