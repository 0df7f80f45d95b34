"""``vanban render``, ``validate``, ``pdf`` and ``preview``."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import (EXIT_BAD_INPUT, bad_input, deliver_and_report, fail, need_libreoffice, out_path,
                               refuse_outputs)
from vanban.cli.inputs import DOCX, YAML, manifest_path, reject_wrong
from vanban.i18n import _

WORKERS = click.IntRange(min=1)

_batch_options = [
    click.option("--template", type=click.Path(path_type=Path), help="Use this .docx template instead of the bundled one."),
    click.option("--template-dir", type=click.Path(path_type=Path), help="Look for templates in this folder first."),
    click.option("--manifest", type=click.Path(path_type=Path), callback=manifest_path,
                 help="Write a manifest (.json or .csv): input, output, status, error."),
    click.option("-j", "--workers", type=WORKERS, help="Parallel workers (default: every core)."),
    click.option("--strict", is_flag=True, help="Refuse a document that breaks a content rule of the decree "
                                                "(without it, each is a warning)."),
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
           template_dir: Optional[Path], manifest: Optional[Path], workers: Optional[int], strict: bool) -> None:
    """Render YAML documents to .docx (many files in parallel)."""
    from vanban.deliver import Job, Outcome
    from vanban.deliver.documents import load_checked
    from vanban.model import InputError
    from vanban.deliver.files import unique_paths
    if output is not None and len(files) > 1 and output.suffix.lower() == ".docx":
        raise click.BadParameter(_("{output} names one file, but {n} documents are given; give a folder: -o FOLDER")
                                 .format(output=output, n=len(files)), param_hint="-o/--output")
    if with_pdf:
        need_libreoffice()   # before any document is loaded or checked
    good, wrong = reject_wrong(files, YAML, _("a .yaml document (to check a .docx: vanban check FILE.docx)"))
    refused = [Outcome(str(f), "", "error", msg) for f, msg in zip([f for f in files if f not in good], wrong)]
    targets = unique_paths([out_path(src, output, len(files) > 1) for src in good])
    inputs = [*files, *([template] if template else [])]
    refuse_outputs([*targets, *([t.with_suffix(".pdf") for t in targets] if with_pdf else []),
                    *([manifest] if manifest else [])], inputs)
    jobs = []
    for src, target in zip(good, targets):
        try:
            checked = load_checked(src, strict)
        except InputError as exc:
            refused.append(Outcome(str(src), "", "error", str(exc)))
            continue
        for warning in checked.warnings:
            click.echo(warning, err=True)
        jobs.append(Job(checked.doc, str(target), name=str(src)))
    deliver_and_report(jobs, pdf=with_pdf, manifest=manifest, refused=refused, workers=workers, template=template,
                       template_dir=template_dir)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check YAML documents against the schema without rendering."""
    from vanban.model import InputError, load_file
    good, wrong = reject_wrong(files, YAML, _("a .yaml document"))
    for msg in wrong:
        click.echo(msg, err=True)
    failed = len(wrong)
    for src in good:
        try:
            load_file(src)
        except InputError as exc:
            click.echo(str(exc), err=True)
            failed += 1
        else:
            click.echo(_("{file}: ok").format(file=src))
    if failed:
        sys.exit(EXIT_BAD_INPUT)


@click.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-j", "--workers", type=WORKERS, help="LibreOffice processes (default: every core).")
@click.option("--for-signing", is_flag=True, help="PDF/A-2b with an empty signature field where the signature goes.")
@click.option("--signer", help="With --for-signing: the signature field's name (default: the signer's name on the page).")
def pdf_command(files: tuple[Path, ...], workers: Optional[int], for_signing: bool, signer: Optional[str]) -> None:
    """Convert .docx files to PDF, each beside its .docx."""
    from vanban.deliver.pdf import convert
    need_libreoffice()
    if for_signing:
        from vanban.cli.sign import for_signing_command
        for_signing_command(files, signer)
        return
    good, wrong = reject_wrong(files, DOCX, _("a Word document (.docx)"))
    for msg in wrong:
        click.echo(msg, err=True)
    refuse_outputs([f.with_suffix(".pdf") for f in good], files)
    failed = 0
    finished: list = []
    bar = _bar(len(good)) if good else None
    try:
        outcomes = convert(good, workers=workers, progress=lambda o: (finished.append(o), bar and bar.update(1)))
    except KeyboardInterrupt:
        # convert has stopped LibreOffice and removed its temporary files; finished PDFs stay.
        if bar:
            bar.close()
        click.echo(_("interrupted: {n} finished PDF(s) kept").format(n=sum(o.status == "ok" for o in finished)),
                   err=True)
        sys.exit(130)
    if bar:
        bar.close()
    for o in outcomes:
        if o.status == "ok":
            click.echo(f"{o.input} -> {o.output}")
        elif o.input in {str(f) for f in good}:
            click.echo(o.error, err=True)
            failed += 1
    # A file that is missing or of the wrong kind is bad input, as for render.
    if wrong:
        sys.exit(EXIT_BAD_INPUT)
    if failed:
        sys.exit(1)


def _bar(total: int):
    """A progress bar on a terminal (as rendering shows), nothing when output goes to a file."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, unit=_("PDF"), file=sys.stderr, leave=False)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1, 100000), help="Page to show.")
@click.option("--dpi", default=60, show_default=True, type=click.IntRange(10, 600),
              help="Resolution of the image, in dots per inch.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="PNG file. Default: output/<name>-p<page>.png")
def preview(file: Path, page: int, dpi: int, output: Optional[Path]) -> None:
    """A PNG of one page of a .yaml, .docx or .pdf document, to look at without Word."""
    import tempfile

    from vanban.deliver import render_file as render_doc
    from vanban.model import load_file
    from vanban.deliver.pdf import PdfError, ToolMissing, convert
    from vanban.deliver.pdf import preview as page_png
    [why] = reject_wrong([file], YAML + DOCX + (".pdf",), _("a .yaml, .docx or .pdf document"))[1] or [None]
    if why:
        fail(why)
    png = output or Path("output") / f"{file.stem}-p{page}.png"
    refuse_outputs([png], [file])
    is_pdf = file.suffix.lower() == ".pdf"
    if not is_pdf:
        need_libreoffice()
    with tempfile.TemporaryDirectory(prefix="vanban-preview-") as tmp:
        pdf = file
        if not is_pdf:
            docx_path = Path(tmp) / f"{file.stem}.docx"
            if file.suffix.lower() in YAML:
                with bad_input(file):
                    render_doc(load_file(file), docx_path)
            else:
                # A copy, so the PDF LibreOffice writes beside it stays in the temporary folder.
                docx_path.write_bytes(file.read_bytes())
            [result] = convert([docx_path])
            if result.status != "ok":
                fail(result.error.replace(str(docx_path), str(file)))
            pdf = Path(result.output)
        try:
            page_png(pdf, png, page=page, dpi=dpi)
        except ToolMissing as exc:
            fail(str(exc))
        except (PdfError, OSError) as exc:
            fail(f"{file}: {exc}")
    click.echo(_("{file} page {page} -> {png}").format(file=file, page=page, png=png))
