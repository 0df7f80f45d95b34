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
def check(files: tuple[Path, ...], fmt: str) -> None:
    """Decree 30 conformance report for .yaml inputs and any .docx.

    Exit 0 when every rule passes, 1 when any fails, 2 when a file cannot be read.
    """
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError

    from vanban import check as checker

    from vanban.cli.inputs import DOCX, YAML, wrong_input
    from vanban.model.loader import read_text

    reports, unreadable = [], 0
    for src in files:
        why = wrong_input(src, YAML + DOCX, _("a .yaml document or a Word document (.docx)"))
        if why:
            click.echo(why, err=True)
            unreadable += 1
            continue
        try:
            if src.suffix.lower() in YAML:
                read_text(str(src))   # a YAML file that cannot be read is reported as such, not as a .docx
            reports.append(checker.check_file(src))
        except InputError as exc:
            click.echo(str(exc), err=True)
            unreadable += 1
        except (OSError, BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
            click.echo(_("{file}: cannot be read as a Word document ({detail}); open it in Word and save it "
                         "again as .docx").format(file=src, detail=exc), err=True)
            unreadable += 1
    if fmt == "json":
        click.echo(checker.format_json(reports))
    else:
        for report in reports:
            click.echo(checker.format_text(report))
    if unreadable:
        sys.exit(EXIT_BAD_INPUT)
    if not all(r.ok for r in reports):
        sys.exit(1)


