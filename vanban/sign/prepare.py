"""A PDF ready to be signed: PDF/A-2b from the one LibreOffice runner, and an empty signature field.

LibreOffice's PDF export writes PDF/A-2b when asked (``SelectPdfVersion`` 2: fonts embedded,
XMP identification ``pdfaid:part 2``, ``conformance B``); the conversion goes through
:func:`vanban.deliver.lo_jail.convert` as every other one does. The field (pyHanko, MIT) is added
in an incremental update, so the PDF/A bytes LibreOffice wrote stay as they are; it is placed by
:mod:`.place`, named after the signer, and is what :mod:`.signing` fills. On a draft the number
and the day stay blank as rendered: the văn thư adds them after signing.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Optional, Union

from vanban.i18n import _
from vanban.sign import SignError
from vanban.sign.place import Place, find

#: LibreOffice's writer_pdf_Export with PDF/A-2b (JSON filter options: LibreOffice 7.4 and later).
PDFA_2B = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def pdfa(docx: Union[str, os.PathLike], timeout: float = 120.0) -> bytes:
    """The PDF/A-2b of a .docx, through the jailed LibreOffice."""
    from vanban.deliver.lo_jail import convert
    return convert(Path(docx), PDFA_2B, timeout=timeout)


def add_field(pdf: bytes, place: Place, holes: Optional[list] = None) -> bytes:
    """``pdf`` with an empty signature field at ``place`` and at each of ``place.others`` (an incremental update), and the draft's
    blanks (:func:`vanban.sign.vanthu.blanks`) kept inside it for the văn thư's step."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for one in (place, *place.others):      # the left signer's field too, on a kind with two signatures
        fields.append_signature_field(writer, fields.SigFieldSpec(one.name, on_page=one.page, box=one.box))
    if holes:
        from vanban.sign.vanthu import record
        record(writer, holes)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def for_signing(src: Union[str, os.PathLike], out: Union[str, os.PathLike], signer: Optional[str] = None,
                timeout: float = 120.0) -> Place:
    """Write the PDF/A-2b of ``src`` (.docx, or .yaml rendered first) to ``out`` with an empty signature
    field where the decree puts the signature; the field's place. Nothing is written on an error."""
    from vanban.deliver.files import write_atomic
    src = Path(src)
    with tempfile.TemporaryDirectory(prefix="vanban-sign-") as tmp:
        docx = src
        if src.suffix.lower() in (".yaml", ".yml"):
            from vanban.deliver.documents import load_checked
            from vanban.deliver.files import render_file
            docx = Path(tmp) / f"{src.stem}.docx"
            render_file(load_checked(src, False).doc, docx)
        try:
            made = pdfa(docx, timeout)
        except Exception as exc:        # lo_jail's PdfError and ToolMissing: its message names the file
            raise SignError(str(exc).replace(str(docx), str(src))) from None
        draft = Path(tmp) / "pdfa.pdf"
        draft.write_bytes(made)
        place = find(draft, signer, str(src))
        from vanban.sign.vanthu import blanks
        try:
            done = add_field(made, place, blanks(draft, str(src)))
        except Exception as exc:        # pyHanko's PdfError on a PDF it cannot extend
            raise SignError(_("{file}: the signature field could not be added: {why}").format(file=src, why=exc)) from None
    write_atomic(Path(out), done)
    return place


__all__ = ["PDFA_2B", "pdfa", "add_field", "for_signing"]
