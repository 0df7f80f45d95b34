"""``vanban issue``: number and date a draft, write it back, render it, record it (cấp số)."""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import need_libreoffice, refuse_outputs
from vanban.cli.register import clerk_errors, db_option
from vanban.i18n import _


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help=_("Date of issue (default: today)."))
@click.option("--pdf", "with_pdf", is_flag=True, help=_("Also write the PDF beside the .docx (LibreOffice)."))
@click.option("--renumber", is_flag=True, help=_("Give a new number to a document that already has one."))
@click.option("--series", metavar="NAME", help=_("Number in this series instead of the body's usual one "
                                                 "(e.g. mat for secret documents)."))
@click.option("--edxml", "with_edxml", is_flag=True, help=_("Also write its edXML message (QCVN 102:2016) beside "
                                                          "the PDF, the PDF attached (implies --pdf)."))
@click.option("-o", "--output", type=click.Path(path_type=Path), help=_("The .docx (default: beside the YAML)."))
def issue(file: Path, db_url: Optional[str], day: Optional[_dt.datetime], with_pdf: bool, renumber: bool,
          series: Optional[str], output: Optional[Path], with_edxml: bool = False) -> None:
    """Number and date a draft, write it back, render it and record it in the register (cấp số)."""
    from vanban.register import Register, issue_file
    with_pdf = with_pdf or with_edxml
    if with_pdf:
        need_libreoffice()
    docx = output or file.with_suffix(".docx")  # the YAML itself is rewritten on purpose: it gets its number
    message = docx.with_suffix(".edxml") if with_edxml else None
    refuse_outputs([docx, *([docx.with_suffix(".pdf")] if with_pdf else []), *([message] if message else [])], [file])
    with clerk_errors(str(file)), Register(db_url) as register:
        done = issue_file(file, register, day=day.date() if day else None, pdf=with_pdf, renumber=renumber,
                          series=series, output=output)
        if message is not None:
            from vanban.register.edxml_export import write_entry
            write_entry(register, done.entry, message, protect=(file,))
    from vanban.decree import vn
    entry = done.entry
    files = ", ".join(str(p) for p in (done.docx_path, done.pdf_path, message) if p)
    click.echo(f"{file}: Số {entry.so_ky_hieu}, {vn.short_date(entry.issued_on)} -> {files}"
               + (_(" (finished an interrupted issue)") if done.resumed else ""))
    for warning in done.warnings:
        click.echo(_("{file}: warning: {message}").format(file=file, message=warning), err=True)
    if with_pdf and done.pdf_path is None:
        sys.exit(1)     # issued, but the PDF asked for is missing
