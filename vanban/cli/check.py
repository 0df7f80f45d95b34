"""``vanban check``: the conformance report."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vanban.cli.common import EXIT_BAD_INPUT
from vanban.i18n import _
from vanban.model import InputError


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Report as text for a person or JSON for a program.")
@click.option("--max-pages", type=click.IntRange(min=1), default=50, show_default=True,
              help="Scanned pages read by OCR at most per PDF.")
@click.option("--ocr-timeout", type=click.FloatRange(min=1), default=600, show_default=True,
              help="Seconds the OCR of one PDF may take.")
def check(files: tuple[Path, ...], fmt: str, max_pages: int, ocr_timeout: float) -> None:
    """Decree 30 conformance report for .yaml inputs, any .docx and any PDF.

    A PDF is read from its text layer, or by OCR where a page is a scan (or its text layer is not
    Vietnamese): the content rules run on every PDF, the layout rules a PDF shows (paper, margins,
    fonts and sizes, page numbers) on a PDF with a text layer; the others say they could not decide.
    Exit 0 when every rule passes (or cannot decide, or the file is out of the decree's scope),
    1 when any fails, 2 when a file cannot be read (the other files are still checked).
    """
    from vanban import check as checker
    from vanban.cli.inputs import DOCX, YAML, wrong_input
    from vanban.reading.ocr import Limits

    reports, unreadable = [], 0
    for src in files:
        why = wrong_input(src, YAML + DOCX + (".pdf",), _("a .yaml document, a Word document (.docx) or a PDF"))
        if why:
            click.echo(why, err=True)
            unreadable += 1
            continue
        try:
            # check_file refuses a FIFO, a device or a folder before opening it, and reads a YAML
            # file as YAML (never as a .docx).
            reports.append(checker.check_file(src, Limits(max_pages, ocr_timeout)))
        except InputError as exc:
            click.echo(str(exc), err=True)
            unreadable += 1
        except OSError as exc:
            click.echo(f"{src}: {exc.strerror or exc}", err=True)
            unreadable += 1
        except Exception as exc:  # noqa: BLE001 -- one file that breaks the reader must not hide the others
            click.echo(_("{file}: cannot be checked: {why}").format(
                file=src, why=f"{exc.__class__.__name__}: {exc}"[:300]), err=True)
            unreadable += 1
    if fmt == "json":
        click.echo(checker.format_json(reports))
    else:
        from vanban.cli.sign import signed_by
        for report in reports:
            click.echo(checker.format_text(report))
            for line in signed_by(Path(report.file)):       # a signed PDF: who signed it
                click.echo(line)
    if unreadable:
        sys.exit(EXIT_BAD_INPUT)
    if not all(r.ok for r in reports):
        sys.exit(1)


