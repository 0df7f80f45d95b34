"""``vanban import``: real documents (.docx, .doc, .odt, .rtf, .pdf, scans) to YAML."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import fail
import vanban.i18n as i18n
from vanban.model import InputError, Problem

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`
YAML_SUFFIXES = (".yaml", ".yml")


def import_document(path: Path, ocr=None):
    """The :class:`~vanban.ingest.Imported` of any supported file; every failure as :class:`InputError`.
    ``ocr``: :class:`vanban.reading.ocr.Limits` for a scan."""
    from vanban import ingest
    from vanban.deliver.office import to_docx
    from vanban.deliver.pdf import PdfError
    from vanban.reading.ocr import OcrError
    try:
        return ingest.import_file(path, to_docx=to_docx, ocr=ocr)
    except InputError:
        raise
    except (ingest.Unsupported, PdfError, OcrError) as exc:
        raise InputError([Problem(str(path), None, "", str(exc).removeprefix(f"{path}: "))]) from None
    except Exception as exc:  # noqa: BLE001 - a file nobody foresaw is reported, never a traceback
        raise InputError([Problem(str(path), None, "", _("cannot import ({error})").format(
            error=f"{exc.__class__.__name__}: {exc}"))]) from None


def load_parent(path: Path):
    """A parent document for ``derive``: YAML as written, any other format imported in memory."""
    from vanban.model import load_file
    if path.suffix.lower() in YAML_SUFFIXES:
        return load_file(path)
    imported = import_document(path)
    for warning in imported.warnings:
        click.echo(f"{path}: {warning}", err=True)
    return imported.doc


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
@click.option("--max-pages", type=click.IntRange(min=1), default=50, show_default=True,
              help="Scanned pages read by OCR at most per file; past it the first pages are imported, with a warning.")
@click.option("--ocr-timeout", type=click.FloatRange(min=1), default=600, show_default=True,
              help="Seconds the OCR of one file may take; past it the pages read so far are imported, with a warning.")
def import_command(files: tuple[Path, ...], output: Optional[Path], max_pages: int, ocr_timeout: float) -> None:
    """Read documents (.docx, .doc, .odt, .rtf, .pdf, scanned PDF) into vanban YAML.

    What cannot be placed in the model is kept in the YAML as a comment where
    it was found, and named on stderr. Exit 2 when a file cannot be imported
    (the others are still imported).
    """
    from vanban.deliver import write_atomic
    from vanban.model.dump import to_yaml
    from vanban.reading.ocr import Limits
    failed = 0
    for src in files:
        try:
            imported = import_document(src, Limits(max_pages, ocr_timeout))
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        for warning in imported.warnings:
            click.echo(f"{src}: {warning}", err=True)
        for key, text in imported.unplaced:
            click.echo(_("{file}: not placed, kept as a comment after {key}: «{text}»").format(
                file=src, key=key, text=text[:80]), err=True)
        out = _target(src, output, len(files) > 1)
        note = _("Imported by vanban from {name}. Check it, then: vanban render {out}").format(name=src.name, out=out)
        write_atomic(out, to_yaml(imported.doc, note, imported.unplaced).encode("utf-8"))
        click.echo(f"{src} -> {out}")
    if failed:
        fail(_("{n} of {total} file(s) not imported").format(n=failed, total=len(files)))
