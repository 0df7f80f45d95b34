"""``vanban derive follow-up`` and ``vanban derive plan``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import bad_input, deliver_and_report, fail, refuse_outputs
from vanban.cli.inputs import manifest_path
from vanban.cli.render import WORKERS
from vanban.i18n import _


@click.group()
def derive() -> None:
    """Write follow-up letters and per-unit plans from a parent document."""


def _selectors(values: tuple[str, ...]) -> list[str]:
    return [s.strip() for v in values for s in v.split(",") if s.strip()]


@derive.command("follow-up")
@click.argument("parent", type=click.Path(path_type=Path))  # .yaml, or .docx/.pdf/… imported in memory
@click.option("--by", "body_file", required=True, type=click.Path(path_type=Path),
              help="The deriving body (data/bodies/*.yaml).")
@click.option("--tasks", multiple=True, help="Sections of the parent to pass down, by number: III.1 (repeatable).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output YAML. Default: output/<parent>.<body>.yaml")
@click.option("--render", "and_render", is_flag=True, help="Also render the letter to .docx beside the YAML.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Also render the letter and write its PDF (LibreOffice).")
@click.option("--strict", is_flag=True, help="Refuse a letter that breaks a content rule of the decree.")
@click.option("--force", is_flag=True, help="Replace an existing YAML even if a person may have edited it.")
def derive_follow_up(parent: Path, body_file: Path, tasks: tuple[str, ...], output: Optional[Path],
                     and_render: bool, with_pdf: bool, strict: bool, force: bool) -> None:
    """A công văn passing PARENT's tasks down to the body's subordinates."""
    from vanban.deliver.documents import derive_follow_up
    from vanban.deliver.files import write_yaml
    out = output or Path("output") / f"{parent.stem}.{body_file.stem}.yaml"
    refuse_outputs([out, *([out.with_suffix(".docx")] if and_render or with_pdf else []),
                    *([out.with_suffix(".pdf")] if with_pdf else [])], [parent, body_file], force)
    with bad_input(parent):
        letter = derive_follow_up(parent, body_file, _selectors(tasks), strict, str(out))
    for warning in letter.warnings:
        click.echo(warning, err=True)
    write_yaml(out, letter.yaml, [parent, body_file], force)
    click.echo(f"{parent} -> {out}")
    if and_render or with_pdf:
        from vanban.deliver import Job
        deliver_and_report([Job(letter.doc, str(out.with_suffix(".docx")), name=str(out))], pdf=with_pdf, workers=1)


@derive.command("plan")
@click.argument("parent", type=click.Path(path_type=Path))  # .yaml, or .docx/.pdf/… imported in memory
@click.option("--units", "units_source", required=True,
              help="Units: a YAML or CSV file, or vn:<province> for its communes and wards.")
@click.option("--section", help="The parent's section assigning work to the units, by number (default: found).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Output folder. Default: output/<parent>/")
@click.option("--render", "and_render", is_flag=True, help="Also render every plan to .docx.")
@click.option("--pdf", "with_pdf", is_flag=True, help="Also render every plan and write its PDF (LibreOffice).")
@click.option("--manifest", type=click.Path(path_type=Path), callback=manifest_path,
              help="With --render: manifest file (.json or .csv).")
@click.option("-j", "--workers", type=WORKERS, help="Parallel workers for --render (default: every core).")
@click.option("--strict", is_flag=True, help="Refuse a plan that breaks a content rule of the decree.")
@click.option("--force", is_flag=True, help="Replace existing YAML plans even if a person may have edited them.")
def derive_plan(parent: Path, units_source: str, section: Optional[str], output: Optional[Path], and_render: bool,
                with_pdf: bool, manifest: Optional[Path], workers: Optional[int], strict: bool, force: bool) -> None:
    """One plan per subordinate unit implementing PARENT."""
    from vanban.deliver import Job
    from vanban.deliver.documents import derive_plans, write_plans
    folder = output or Path("output") / parent.stem
    with bad_input(parent):
        plans = derive_plans(parent, units_source, folder, section, strict)
    inputs = [parent, *([Path(units_source)] if not units_source.startswith("vn:") else [])]
    refuse_outputs([*(r.path for r in plans.results), *([manifest] if manifest else [])], inputs, force)
    for line in plans.warnings + [w for r in plans.written for w in r.warnings]:
        click.echo(line, err=True)
    write_plans(plans, inputs, force)
    click.echo(_("{parent} -> {n} plan(s) in {folder}/").format(parent=parent, n=len(plans.written), folder=folder))
    for problem in plans.failed:
        click.echo(problem, err=True)
    if and_render or with_pdf:
        jobs = [Job(r.doc, str(r.path.with_suffix(".docx")), name=str(r.path)) for r in plans.written]
        outcomes = deliver_and_report(jobs, pdf=with_pdf, manifest=manifest or folder / "manifest.json", each=False,
                                      workers=workers)
        click.echo(_("rendered {n} document(s)").format(n=sum(o.status == "ok" for o in outcomes)))
    if plans.failed:
        fail(_("{n} unit(s) without a plan").format(n=len(plans.failed)))
