"""The ``vanban`` command.

Exit codes: 0 success; 2 bad input (YAML, schema, missing file), each problem
on stderr as ``FILE:LINE: field: message``; 1 for a failure that is not the
input's fault (a template that cannot be rendered, a full disk).
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Optional

import click

from . import __version__
from .cli_import import import_command, load_parent
from .loader import InputError, load_file

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


def _report(outcomes, manifest: Optional[Path]) -> None:
    """Print each failure, write the manifest, exit 2 when any document failed."""
    from .batch import write_manifest
    failed = [o for o in outcomes if o.status != "ok"]
    for o in failed:
        click.echo(o.error, err=True)
    if manifest:
        write_manifest(outcomes, manifest)
    if failed:
        click.echo(f"{len(failed)} of {len(outcomes)} document(s) not rendered", err=True)
        sys.exit(EXIT_BAD_INPUT)


_batch_options = [
    click.option("--template", type=click.Path(path_type=Path), help="Use this .docx template instead of the bundled one."),
    click.option("--template-dir", type=click.Path(path_type=Path), help="Look for templates in this folder first."),
    click.option("--manifest", type=click.Path(path_type=Path), help="Write a manifest (.json or .csv): input, output, status, error."),
    click.option("-j", "--workers", type=int, help="Parallel workers (default: every core)."),
]


def batch_options(fn):
    for option in reversed(_batch_options):
        fn = option(fn)
    return fn


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output .docx file (one input) or folder. Default: output/<name>.docx")
@click.option("--pdf", "with_pdf", is_flag=True, help="Also write a PDF beside each .docx (LibreOffice).")
@batch_options
def render(files: tuple[Path, ...], output: Optional[Path], with_pdf: bool, template: Optional[Path],
           template_dir: Optional[Path], manifest: Optional[Path], workers: Optional[int]) -> None:
    """Render YAML documents to .docx (many files in parallel)."""
    from .batch import Job, render_batch
    if with_pdf:
        _need_libreoffice()
    jobs = [Job(src, str(_out_path(src, output, len(files) > 1))) for src in files]
    outcomes = render_batch(jobs, workers=workers, template=template, template_dir=template_dir)
    if with_pdf:
        _add_pdfs(outcomes, workers)
    for o in outcomes:
        if o.status == "ok":
            click.echo(f"{o.input} -> {o.output}" + (f", {o.pdf}" if o.pdf else ""))
    _report(outcomes, manifest)


def _need_libreoffice() -> None:
    from .pdf import ToolMissing, soffice
    try:
        soffice()
    except ToolMissing as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


def _add_pdfs(outcomes, workers: Optional[int]) -> None:
    """Convert every rendered .docx in one LibreOffice run and note each PDF in its outcome."""
    from .pdf import convert
    rendered = [o for o in outcomes if o.status == "ok"]
    for o, p in zip(rendered, convert([o.output for o in rendered], workers=workers)):
        if p.status == "ok":
            o.pdf = p.output
        else:
            o.status, o.error = "error", f"PDF: {p.error}"


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


@main.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-j", "--workers", type=int, help="LibreOffice processes (default: every core).")
def pdf_command(files: tuple[Path, ...], workers: Optional[int]) -> None:
    """Convert .docx files to PDF, each beside its .docx."""
    from .pdf import convert
    _need_libreoffice()
    failed = 0
    for o in convert(files, workers=workers):
        if o.status == "ok":
            click.echo(f"{o.input} -> {o.output}")
        else:
            click.echo(o.error, err=True)
            failed += 1
    if failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--page", default=1, show_default=True, help="Page to show.")
@click.option("--dpi", default=60, show_default=True, help="Resolution of the image.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="PNG file. Default: output/<name>-p<page>.png")
def preview(file: Path, page: int, dpi: int, output: Optional[Path]) -> None:
    """A PNG of one page of a .yaml or .docx document, to look at without Word."""
    import tempfile

    from .pdf import PdfError, convert
    from .pdf import preview as page_png
    from .renderer import render as render_doc
    _need_libreoffice()
    png = output or Path("output") / f"{file.stem}-p{page}.png"
    with tempfile.TemporaryDirectory(prefix="vanban-preview-") as tmp:
        docx_path = Path(tmp) / f"{file.stem}.docx"
        if file.suffix.lower() in (".yaml", ".yml"):
            with _bad_input(file):
                render_doc(load_file(file), docx_path)
        else:
            docx_path = file
        [result] = convert([docx_path])
        if result.status != "ok":
            click.echo(result.error, err=True)
            sys.exit(EXIT_BAD_INPUT)
        try:
            page_png(result.output, png, page=page, dpi=dpi)
        except PdfError as exc:
            click.echo(f"{file}: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        finally:
            if docx_path == file:
                Path(result.output).unlink(missing_ok=True)
    click.echo(f"{file} page {page} -> {png}")


@main.group()
def derive() -> None:
    """Write follow-up letters and per-unit plans from a parent document."""


@contextlib.contextmanager
def _bad_input(parent: Path):
    """Input problems, or a section that is not in the parent: message on stderr, exit 2."""
    try:
        yield
    except InputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (LookupError, KeyError) as exc:
        click.echo(f"{parent}: {exc.args[0]}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def _selectors(values: tuple[str, ...]) -> list[str]:
    return [s.strip() for v in values for s in v.split(",") if s.strip()]


@derive.command("follow-up")
@click.argument("parent", type=click.Path(path_type=Path))  # .yaml, or .docx/.pdf/… imported in memory
@click.option("--by", "body_file", required=True, type=click.Path(path_type=Path),
              help="The deriving body (data/bodies/*.yaml).")
@click.option("--tasks", multiple=True, help="Sections of the parent to pass down, by number: III.1 (repeatable).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output YAML. Default: output/<parent>.<body>.yaml")
@click.option("--render", "and_render", is_flag=True, help="Also render the letter to .docx beside the YAML.")
@click.option("--pdf", "with_pdf", is_flag=True, help="With --render: also the PDF (LibreOffice).")
def derive_follow_up(parent: Path, body_file: Path, tasks: tuple[str, ...], output: Optional[Path],
                     and_render: bool, with_pdf: bool) -> None:
    """A công văn passing PARENT's tasks down to the body's subordinates."""
    from . import derive as d
    from .dump import to_yaml
    from .loader import load_model
    from .renderer import write_atomic
    with _bad_input(parent):
        parent_doc = load_parent(parent)
        body = load_model(body_file, d.CoQuanDanXuat)
        letter = d.follow_up(parent_doc, body, _selectors(tasks) or None)
    out = output or Path("output") / f"{parent.stem}.{body_file.stem}.yaml"
    note = f"Follow-up to {d.cite(parent_doc, with_subject=False)}, derived by vanban from {parent.name}.\n" \
           "Check the tasks and the recipients, then: vanban render " + str(out)
    write_atomic(out, to_yaml(letter, note).encode("utf-8"))
    click.echo(f"{parent} -> {out}")
    if and_render:
        from .batch import Job, render_batch
        if with_pdf:
            _need_libreoffice()
        outcomes = render_batch([Job(letter, str(out.with_suffix(".docx")), name=str(out))], workers=1)
        if with_pdf:
            _add_pdfs(outcomes, 1)
        for o in outcomes:
            if o.status == "ok":
                click.echo(f"{out} -> {o.output}" + (f", {o.pdf}" if o.pdf else ""))
        _report(outcomes, None)


@derive.command("plan")
@click.argument("parent", type=click.Path(path_type=Path))  # .yaml, or .docx/.pdf/… imported in memory
@click.option("--units", "units_source", required=True,
              help="Units: a YAML or CSV file, or vn:<province> for its communes and wards.")
@click.option("--section", help="The parent's section assigning work to the units, by number (default: found).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder. Default: output/<parent>/")
@click.option("--render", "and_render", is_flag=True, help="Also render every plan to .docx.")
@click.option("--pdf", "with_pdf", is_flag=True, help="With --render: also a PDF of every plan (LibreOffice).")
@click.option("--manifest", type=click.Path(path_type=Path), help="With --render: manifest file (.json or .csv).")
@click.option("-j", "--workers", type=int, help="Parallel workers for --render (default: every core).")
def derive_plan(parent: Path, units_source: str, section: Optional[str], output: Optional[Path], and_render: bool,
                with_pdf: bool, manifest: Optional[Path], workers: Optional[int]) -> None:
    """One plan per subordinate unit implementing PARENT."""
    from . import derive as d
    from .batch import Job, render_batch
    from .dump import to_yaml
    from .renderer import write_atomic
    from .units import load_units
    with _bad_input(parent):
        parent_doc = load_parent(parent)
        unit_list = load_units(units_source)
        section = d.assignment_section(parent_doc, section)
    folder = output or Path("output") / parent.stem
    jobs = []
    for unit in unit_list.units:
        plan = d.derive_plan(parent_doc, unit, section, unit_list.parent_area)
        path = folder / f"{d.slug(unit.dia_ban)}.yaml"
        write_atomic(path, to_yaml(plan, f"Plan of {unit.ten_goi or unit.dia_ban} derived by vanban from "
                                         f"{parent.name} (section {section}).").encode("utf-8"))
        jobs.append(Job(plan, str(path.with_suffix(".docx")), name=str(path)))
    click.echo(f"{parent} -> {len(jobs)} plan(s) in {folder}/")
    if and_render:
        if with_pdf:
            _need_libreoffice()
        outcomes = render_batch(jobs, workers=workers)
        if with_pdf:
            _add_pdfs(outcomes, workers)
        _report(outcomes, manifest or folder / "manifest.json")
        click.echo(f"rendered {sum(o.status == 'ok' for o in outcomes)} document(s)")


main.add_command(import_command)


if __name__ == "__main__":  # pragma: no cover
    main()
