"""``vanban import``: real documents (.docx, .doc, .odt, .rtf, .pdf, scans) to YAML."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import fail
from vanban.i18n import _
from vanban.model import InputError

YAML_SUFFIXES = (".yaml", ".yml")
#: Every file written, but some field read breaks a rule of the model and is kept as a comment.
EXIT_WRITTEN_WITH_WARNINGS = 3


def _target(src: Path, output: Optional[Path], many: bool) -> Path:
    if output is None:
        return Path("output") / f"{src.stem}.yaml"
    if many or output.is_dir() or output.suffix.lower() not in YAML_SUFFIXES:
        return output / f"{src.stem}.yaml"
    return output


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output .yaml (one input) or folder. Default: output/<name>.yaml")
@click.option("--force", is_flag=True, help="Replace an existing YAML even if a person may have edited it.")
@click.option("--max-pages", type=click.IntRange(min=1), default=50, show_default=True,
              help="Scanned pages read by OCR at most per file; past it the first pages are imported, with a warning.")
@click.option("--ocr-timeout", type=click.FloatRange(min=1), default=600, show_default=True,
              help="Seconds the OCR of one file may take; past it the pages read so far are imported, with a warning.")
@click.option("--strict", is_flag=True,
              help="Refuse a document with a field that breaks a rule of the model (a half-filled date) instead of "
                   "keeping that field as a comment.")
def import_command(files: tuple[Path, ...], output: Optional[Path], force: bool, max_pages: int,
                   ocr_timeout: float, strict: bool) -> None:
    """Read documents (.docx, .doc, .odt, .rtf, .pdf, scanned PDF) into vanban YAML.

    What cannot be placed in the model is kept in the YAML as a comment where
    it was found, and named on stderr. A field read that breaks a rule of the
    model (a date with its day but not its month, KT. over a head's title) is
    left blank or kept as far as the model can hold it, the text as read kept
    as a comment at its place, and named on stderr (--strict refuses instead).

    Exit status: 0 every file written; 3 every file written, but with such
    fields kept as comments ("written with warnings"); 2 a file could not be
    imported (the others are still imported).
    """
    from vanban.cli.common import refuse_outputs
    from vanban.deliver.documents import import_any
    from vanban.deliver.files import unique_paths, write_yaml
    from vanban.model.dump import to_yaml
    from vanban.reading.ocr import Limits
    asked = [_target(src, output, len(files) > 1) for src in files]
    targets = unique_paths(asked)
    refuse_outputs(targets, files, force=force)
    for src, want, got in zip(files, asked, targets):
        if want != got:   # two inputs of one name: say which output each one got
            click.echo(_("{file}: {taken} is the output of another file of this run; written as {name}").format(
                file=src, taken=want, name=got), err=True)
    failed = repaired = 0
    for src, out in zip(files, targets):
        try:
            imported = import_any(src, ocr=Limits(max_pages, ocr_timeout), strict=strict)
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        for warning in imported.warnings:
            click.echo(f"{src}: {warning}", err=True)
        for key, text in imported.unplaced:
            click.echo(_("{file}: not placed, kept as a comment after {key}: «{text}»").format(
                file=src, key=key, text=text[:80]), err=True)
        note = _("Imported by vanban from {name}. Check it, then: vanban render {out}").format(name=src.name, out=out)
        write_yaml(out, to_yaml(imported.doc, note, imported.unplaced), files, force)
        click.echo(f"{src} -> {out}")
        from vanban.cli.sign import signed_by
        for line in signed_by(src):         # a signed PDF: who signed it
            click.echo(line)
        repaired += bool(imported.repairs)
    if failed:
        fail(_("{n} of {total} file(s) not imported").format(n=failed, total=len(files)))
    if repaired:
        click.echo(_("{n} of {total} file(s) written with warnings: check the fields named above").format(
            n=repaired, total=len(files)), err=True)
        sys.exit(EXIT_WRITTEN_WITH_WARNINGS)
