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


def import_document(path: Path):
    """The :class:`~vanban.ingest.Imported` of any supported file; every failure as :class:`InputError`."""
    from vanban import ingest
    from vanban.deliver.office import to_docx
    from vanban.deliver.pdf import PdfError
    from vanban.reading.ocr import OcrError
    try:
        return ingest.import_file(path, to_docx=to_docx)
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
@click.option("--force", is_flag=True, help="Replace an existing YAML even if a person may have edited it.")
def import_command(files: tuple[Path, ...], output: Optional[Path], force: bool) -> None:
    """Read documents (.docx, .doc, .odt, .rtf, .pdf, scanned PDF) into vanban YAML.

    What cannot be placed in the model is kept in the YAML as a comment where
    it was found, and named on stderr. Exit 2 when a file cannot be imported
    (the others are still imported).
    """
    from vanban.cli.common import refuse_outputs
    from vanban.deliver.files import unique_paths, write_yaml
    from vanban.model.dump import to_yaml
    asked = [_target(src, output, len(files) > 1) for src in files]
    targets = unique_paths(asked)
    refuse_outputs(targets, files, force=force)
    for src, want, got in zip(files, asked, targets):
        if want != got:   # two inputs of one name: say which output each one got
            click.echo(_("{file}: {taken} is the output of another file of this run; written as {name}").format(
                file=src, taken=want, name=got), err=True)
    failed = 0
    for src, out in zip(files, targets):
        try:
            imported = import_document(src)
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
    if failed:
        fail(_("{n} of {total} file(s) not imported").format(n=failed, total=len(files)))
