"""What every command shares: exit codes, reporting outcomes, the LibreOffice check, input errors."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional, Sequence

import click

from vanban.i18n import _

EXIT_BAD_INPUT = 2


def one_line(exc: BaseException) -> str:
    """What went wrong, as the one line the user reads: ``FILE[:LINE]: field: message``
    where the exception knows its file, never a traceback or a bare class name."""
    from vanban.model import InputError
    from vanban.model.messages import reason
    if isinstance(exc, InputError):
        return str(exc)
    why = reason(exc)
    if why is not None:
        return f"{exc.filename}: {why}" if isinstance(exc, OSError) and exc.filename else why
    text = " ".join(str(exc).split())[:300] or _("an unexpected error")
    return _("error: {detail} (run again with VANBAN_DEBUG=1 for the details)").format(detail=text)


def fail(message: str) -> NoReturn:
    """Say what is wrong on stderr and exit 2: the one way a command refuses bad input."""
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def out_path(src: Path, output: Optional[Path], many: bool) -> Path:
    if output is None:
        return Path("output") / f"{src.stem}.docx"
    if many or output.is_dir() or output.suffix.lower() != ".docx":
        return output / f"{src.stem}.docx"
    return output


def deliver_and_report(jobs: list, *, pdf: bool = False, manifest: Optional[Path] = None, each: bool = True,
                       refused: Sequence = (), **options: Any) -> list:
    """Render (and convert) the jobs through the library's pipeline, print what came of each,
    exit 2 when any failed or LibreOffice is missing. ``refused``: outcomes of inputs turned
    away before rendering (wrong kind of file, bad YAML), reported and listed with the others."""
    from vanban.deliver import deliver
    if pdf:
        need_libreoffice()
    outcomes = deliver(jobs, pdf=pdf, **options)
    if each:
        for o in outcomes:
            if o.status == "ok":
                click.echo(f"{o.input} -> {o.output}" + (f", {o.pdf}" if o.pdf else ""))
    report([*refused, *outcomes], manifest)
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
        click.echo(_("{failed} of {total} document(s) not rendered").format(failed=len(failed), total=len(outcomes)),
                   err=True)
        sys.exit(EXIT_BAD_INPUT)


def refuse_outputs(outputs, inputs, force: bool = False) -> None:
    """Exit 2, naming why, when any output would replace an input, a database, a non-regular file,
    another output, or (without ``force``) a YAML a person may have edited."""
    from vanban.deliver.files import OutputError, check_outputs
    try:
        check_outputs(outputs, inputs, force)
    except OutputError as exc:
        fail(str(exc))


def need_libreoffice() -> None:
    from vanban.deliver.pdf import ToolMissing, soffice
    try:
        soffice()
    except ToolMissing as exc:
        fail(str(exc))



@contextlib.contextmanager
def bad_input(parent: Path) -> Iterator[None]:
    """Input problems, or a section that is not in the parent: message on stderr, exit 2."""
    from vanban.model import InputError     # here: a command that reads no YAML need not load the model
    try:
        yield
    except InputError as exc:
        fail(str(exc))
    except (LookupError, KeyError) as exc:
        fail(f"{parent}: {exc.args[0] if exc.args else exc}")
