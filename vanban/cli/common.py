"""What every command shares: exit codes, reporting outcomes, the LibreOffice check, input errors."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

import click

from vanban.model import InputError

EXIT_BAD_INPUT = 2


def out_path(src: Path, output: Optional[Path], many: bool) -> Path:
    if output is None:
        return Path("output") / f"{src.stem}.docx"
    if many or output.is_dir() or output.suffix.lower() != ".docx":
        return output / f"{src.stem}.docx"
    return output


def deliver_and_report(jobs: list, *, pdf: bool = False, manifest: Optional[Path] = None, each: bool = True,
                       **options: Any) -> list:
    """Render (and convert) the jobs through the library's pipeline, print what came of each,
    exit 2 when any failed or LibreOffice is missing."""
    from vanban.deliver import deliver
    if pdf:
        need_libreoffice()
    outcomes = deliver(jobs, pdf=pdf, **options)
    if each:
        for o in outcomes:
            if o.status == "ok":
                click.echo(f"{o.input} -> {o.output}" + (f", {o.pdf}" if o.pdf else ""))
    report(outcomes, manifest)
    return outcomes


def report(outcomes: list, manifest: Optional[Path]) -> None:
    """Print each failure, write the manifest, exit 2 when any document failed."""
    from vanban.deliver import write_manifest
    failed = [o for o in outcomes if o.status != "ok"]
    for o in failed:
        click.echo(o.error, err=True)
    if manifest:
        write_manifest(outcomes, manifest)
    if failed:
        click.echo(f"{len(failed)} of {len(outcomes)} document(s) not rendered", err=True)
        sys.exit(EXIT_BAD_INPUT)


def need_libreoffice() -> None:
    from vanban.deliver.pdf import ToolMissing, soffice
    try:
        soffice()
    except ToolMissing as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)



@contextlib.contextmanager
def bad_input(parent: Path) -> Iterator[None]:
    """Input problems, or a section that is not in the parent: message on stderr, exit 2."""
    try:
        yield
    except InputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (LookupError, KeyError) as exc:
        click.echo(f"{parent}: {exc.args[0]}", err=True)
        sys.exit(EXIT_BAD_INPUT)
