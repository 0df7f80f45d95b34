"""The ``vanban`` command.

Exit codes: 0 success; 2 bad input (YAML, schema, missing file), each problem
on stderr as ``FILE:LINE: field: message``; 1 for a failure that is not the
input's fault (a template that cannot be rendered, a full disk).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .loader import InputError, load_file
from .render import render as render_doc

EXIT_BAD_INPUT = 2


def _out_path(src: Path, output: Optional[Path], many: bool) -> Path:
    if output is None:
        return Path("output") / f"{src.stem}.docx"
    if many or output.is_dir() or output.suffix.lower() != ".docx":
        return output / f"{src.stem}.docx"
    return output


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vanban")
def main() -> None:
    """Vietnamese official documents from YAML, laid out per Decree 30/2020/NĐ-CP."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output .docx file (one input) or folder. Default: output/<name>.docx")
@click.option("--template", type=click.Path(path_type=Path), help="Use this .docx template instead of the bundled one.")
@click.option("--template-dir", type=click.Path(path_type=Path), help="Look for templates in this folder first.")
def render(files: tuple[Path, ...], output: Optional[Path], template: Optional[Path],
           template_dir: Optional[Path]) -> None:
    """Render YAML documents to .docx."""
    failed = 0
    for src in files:
        try:
            doc = load_file(src)
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        dest = _out_path(src, output, len(files) > 1)
        try:
            render_doc(doc, dest, template=template, template_dir=template_dir)
        except FileNotFoundError as exc:
            click.echo(f"{src}: {exc}", err=True)
            failed += 1
            continue
        click.echo(f"{src} -> {dest}")
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) not rendered", err=True)
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check YAML documents against the schema without rendering."""
    failed = 0
    for src in files:
        try:
            load_file(src)
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed += 1
        else:
            click.echo(f"{src}: ok")
    if failed:
        sys.exit(EXIT_BAD_INPUT)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def check(files: tuple[Path, ...], fmt: str) -> None:
    """Decree 30 conformance report for .yaml inputs and any .docx.

    Exit 0 when every rule passes, 1 when any fails, 2 when a file cannot be read.
    """
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError

    from . import check as checker

    reports, unreadable = [], 0
    for src in files:
        try:
            reports.append(checker.check_file(src))
        except InputError as exc:
            click.echo(str(exc), err=True)
            unreadable += 1
        except (OSError, BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
            click.echo(f"{src}: cannot read as .docx ({exc.__class__.__name__}: {exc})", err=True)
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


if __name__ == "__main__":  # pragma: no cover
    main()
