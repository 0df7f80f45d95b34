"""``vanban import``: real documents (.docx, .doc, .odt, .rtf, .pdf, scans) to YAML."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import fail
from vanban.i18n import _
from vanban.model import InputError

YAML_SUFFIXES = (".yaml", ".yml")


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
def import_command(files: tuple[Path, ...], output: Optional[Path]) -> None:
    """Read documents (.docx, .doc, .odt, .rtf, .pdf, scanned PDF) into vanban YAML.

    What cannot be placed in the model is kept in the YAML as a comment where
    it was found, and named on stderr. Exit 2 when a file cannot be imported
    (the others are still imported).
    """
    from vanban.deliver import write_atomic
    from vanban.deliver.documents import import_any
    from vanban.model.dump import to_yaml
    failed = 0
    for src in files:
        try:
            imported = import_any(src)
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
