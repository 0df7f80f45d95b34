"""``vanban render``, ``validate``, ``pdf`` and ``preview``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import EXIT_BAD_INPUT, bad_input, deliver_and_report, need_libreoffice, out_path, refuse_outputs
from vanban.model import InputError, load_file


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


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output .docx file (one input) or folder. Default: output/<name>.docx")
@click.option("--pdf", "with_pdf", is_flag=True, help="Also write a PDF beside each .docx (LibreOffice).")
@batch_options
def render(files: tuple[Path, ...], output: Optional[Path], with_pdf: bool, template: Optional[Path],
           template_dir: Optional[Path], manifest: Optional[Path], workers: Optional[int]) -> None:
    """Render YAML documents to .docx (many files in parallel)."""
    from vanban.deliver import Job
    from vanban.deliver.files import unique_paths
    targets = unique_paths([out_path(src, output, len(files) > 1) for src in files])
    inputs = [*files, *([template] if template else [])]
    refuse_outputs([*targets, *([t.with_suffix(".pdf") for t in targets] if with_pdf else []),
                    *([manifest] if manifest else [])], inputs)
    jobs = [Job(src, str(target)) for src, target in zip(files, targets)]
    deliver_and_report(jobs, pdf=with_pdf, manifest=manifest, workers=workers, template=template,
                       template_dir=template_dir)


@click.command()
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


@click.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-j", "--workers", type=int, help="LibreOffice processes (default: every core).")
def pdf_command(files: tuple[Path, ...], workers: Optional[int]) -> None:
    """Convert .docx files to PDF, each beside its .docx."""
    from vanban.deliver.pdf import convert
    need_libreoffice()
    refuse_outputs([f.with_suffix(".pdf") for f in files if f.suffix.lower() != ".pdf"], files)
    failed = 0
    for o in convert(files, workers=workers):
        if o.status == "ok":
            click.echo(f"{o.input} -> {o.output}")
        else:
            click.echo(o.error, err=True)
            failed += 1
    if failed:
        sys.exit(1)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 100000), help="Page to show.")
@click.option("--dpi", default=60, show_default=True, type=click.IntRange(10, 600), help="Resolution of the image.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="PNG file. Default: output/<name>-p<page>.png")
def preview(file: Path, page: int, dpi: int, output: Optional[Path]) -> None:
    """A PNG of one page of a .yaml or .docx document, to look at without Word."""
    import tempfile

    from vanban.deliver.pdf import PdfError, convert
    from vanban.deliver.pdf import preview as page_png
    from vanban.deliver import render_file as render_doc
    need_libreoffice()
    png = output or Path("output") / f"{file.stem}-p{page}.png"
    refuse_outputs([png], [file])
    with tempfile.TemporaryDirectory(prefix="vanban-preview-") as tmp:
        docx_path = Path(tmp) / f"{file.stem}.docx"
        if file.suffix.lower() in (".yaml", ".yml"):
            with bad_input(file):
                render_doc(load_file(file), docx_path)
        else:
            docx_path = file
        [result] = convert([docx_path])
        if result.status != "ok":
            # Name the user's file, never the temporary copy.
            click.echo(result.error.replace(str(docx_path), str(file)), err=True)
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


