"""``vanban new`` (a commented skeleton to start from) and ``vanban schema`` (help while typing)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

from vanban.i18n import _
from vanban.model.schema import Loai, Mau


def schema_bytes() -> bytes:
    from vanban.model.jsonschema import json_schema
    return (json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@click.command()
@click.argument("kind", type=click.Choice([k.value for k in Loai]))
@click.option("--mau", "profile", type=click.Choice([m.value for m in Mau]), default=Mau.nha_nuoc.value,
              show_default=True, help="Profile: nha_nuoc (state agency), cong_doan (trade union) or dang (Party body).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write. Default: <kind>.yaml in the current folder; - for the screen.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def new(kind: str, profile: str, output: Optional[Path], force: bool) -> None:
    """Write a commented skeleton of a KIND of document to fill in.

    It validates and renders as it is (as a draft). The editor help file
    vanban.schema.json is written beside it when it is not there yet.
    """
    from vanban.deliver.files import write_atomic
    from vanban.model.skeleton import SCHEMA_FILE, skeleton
    text = skeleton(Loai(kind), Mau(profile))
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    path = output or Path(f"{kind.replace('_', '-')}.yaml")
    if path.exists() and not force:
        click.echo(_("{file}: already exists; choose another name with -o, or add --force to replace it")
                   .format(file=path), err=True)
        sys.exit(2)
    write_atomic(path, text.encode("utf-8"))
    click.echo(_("{file}: written; fill it in, then: vanban render {file}").format(file=path))
    schema = path.parent / SCHEMA_FILE
    if not schema.exists():
        write_atomic(schema, schema_bytes())
        click.echo(_("{file}: written (VS Code's YAML extension uses it to complete and check the keys)")
                   .format(file=schema))


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write, e.g. vanban.schema.json. Default: print it.")
def schema(output: Optional[Path]) -> None:
    """The JSON Schema of a document (draft 2020-12), for editors that complete and check YAML keys."""
    data = schema_bytes()
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from vanban.deliver.files import write_atomic
    write_atomic(output, data)
    click.echo(_("{file}: written").format(file=output))
