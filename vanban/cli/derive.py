"""``vanban derive follow-up`` and ``vanban derive plan``."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import bad_input, deliver_and_report, fail, refuse_outputs
from vanban.cli.ingest import load_parent
from vanban.cli.inputs import manifest_path
from vanban.cli.render import WORKERS, load_checked
from vanban.i18n import _
from vanban.model import InputError


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
    from vanban import derive as d
    from vanban.model.dump import to_yaml
    from vanban.model.loader import load_model
    from vanban.deliver.files import write_yaml
    with bad_input(parent):
        parent_doc = load_parent(parent)
        body = load_model(body_file, d.CoQuanDanXuat)
        letter = d.follow_up(parent_doc, body, _selectors(tasks) or None)
    out = output or Path("output") / f"{parent.stem}.{body_file.stem}.yaml"
    refuse_outputs([out, *([out.with_suffix(".docx")] if and_render or with_pdf else []),
                    *([out.with_suffix(".pdf")] if with_pdf else [])], [parent, body_file], force)
    with bad_input(parent):
        load_checked(letter, strict, str(out))
    note = _("Follow-up to {parent}, derived by vanban from {file}.\n"
             "Check the tasks and the recipients, then: vanban render {out}").format(
        parent=d.cite(parent_doc, with_subject=False), file=parent.name, out=out)
    write_yaml(out, to_yaml(letter, note), [parent, body_file], force)
    click.echo(f"{parent} -> {out}")
    if and_render or with_pdf:
        from vanban.deliver import Job
        deliver_and_report([Job(letter, str(out.with_suffix(".docx")), name=str(out))], pdf=with_pdf, workers=1)


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
    from vanban import derive as d
    from vanban.deliver import Job
    from vanban.deliver.files import flush_to_disk, write_yaml
    from vanban.derive.units import load_units
    from vanban.model.dump import to_yaml
    with bad_input(parent):
        parent_doc = load_parent(parent)
        unit_list = load_units(units_source)
        section = d.assignment_section(parent_doc, section)
    folder = output or Path("output") / parent.stem
    paths = plan_paths(folder, unit_list.units)
    inputs = [parent, *([Path(units_source)] if not units_source.startswith("vn:") else [])]
    refuse_outputs([*paths, *([manifest] if manifest else [])], inputs, force)
    problems = [str(p) for p in unit_list.problems]
    jobs = []
    for unit, path in zip(unit_list.units, paths):
        try:
            plan = d.derive_plan(parent_doc, unit, section, unit_list.parent_area)
            load_checked(plan, strict, str(path))
        except InputError as exc:  # one unit's data makes an invalid plan: report it, write the others
            problems.append(_("{unit}: {problem}").format(unit=unit.dia_ban, problem=exc))
            continue
        write_yaml(path, to_yaml(plan, _("Plan of {unit} derived by vanban from {file} (section {section}).").format(
            unit=unit.ten_goi or unit.dia_ban, file=parent.name, section=section)), inputs, force, durable=False)
        jobs.append(Job(plan, str(path.with_suffix(".docx")), name=str(path)))
    flush_to_disk()
    click.echo(_("{parent} -> {n} plan(s) in {folder}/").format(parent=parent, n=len(jobs), folder=folder))
    for problem in problems:
        click.echo(problem, err=True)
    if and_render or with_pdf:
        outcomes = deliver_and_report(jobs, pdf=with_pdf, manifest=manifest or folder / "manifest.json", each=False,
                                      workers=workers)
        click.echo(_("rendered {n} document(s)").format(n=sum(o.status == "ok" for o in outcomes)))
    if problems:
        fail(_("{n} unit(s) without a plan").format(n=len(problems)))


def plan_paths(folder: Path, units) -> list[Path]:
    """One readable, distinct file name per unit: its territory without diacritics
    (``xa-thanh-an.yaml``), the unit's code or number added when two would collide
    (``xa-thanh-an-12345.yaml``), and ``don-vi-7.yaml`` for a name with no Latin letters."""
    from vanban import derive as d
    from vanban.deliver.files import unique_paths
    # At most 80 letters of the territory: a file name has 255 bytes, and the code may be added.
    names = [folder / f"{d.slug(u.dia_ban)[:80].strip('-') or f'don-vi-{k + 1}'}.yaml" for k, u in enumerate(units)]
    return unique_paths(names, [u.ma or str(k + 1) for k, u in enumerate(units)])
