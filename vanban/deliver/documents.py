"""The library calls under ``vanban import`` and ``vanban derive`` (and the web's pages for them).

Both front ends are thin adapters over these: the CLI turns their errors into
exit codes and lines on stderr, the web into HTTP statuses and pages. They
live in the delivery layer because importing a .doc/.odt/.rtf runs LibreOffice
(:func:`vanban.deliver.office.to_docx`) and the plans are written as files
with names that never collide (:func:`vanban.deliver.files.unique_paths`).

- :func:`import_any`: any supported file to an :class:`~vanban.ingest.Imported`,
  every failure an :class:`InputError` naming the file;
- :func:`load_parent`: a parent for ``derive``: YAML as written, anything else imported;
- :func:`load_checked`: a model after check's content rules (warnings, or refused with ``strict``);
- :func:`plan_paths`, :func:`derive_plans`, :func:`write_plans`: one plan per unit, with
  unique file names and each unit's error kept beside the others' plans;
- :func:`derive_follow_up`: the follow-up letter to a body's subordinates.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import vanban.i18n as i18n
from vanban.model import InputError, Problem, VanBan

_ = i18n._   # the test of private names forbids `from vanban.i18n import _`
PathLike = Union[str, "os.PathLike[str]"]
YAML_SUFFIXES = (".yaml", ".yml")


def _why(exc: BaseException) -> str:
    """What went wrong reading a file, in the reader's words, never an exception's class name."""
    from vanban.model.messages import reason
    why = reason(exc)
    if why is not None:
        return why
    detail = " ".join(str(exc).split())[:200]
    return (_("the file is damaged or is not a document of this kind ({detail})").format(detail=detail) if detail
            else _("the file is damaged or is not a document of this kind"))


def renamed(exc: InputError, name: str, source: PathLike) -> InputError:
    """``exc`` with the problems that named ``source`` (a temporary copy) naming ``name`` instead."""
    src = os.fspath(source)
    return InputError([Problem(name if p.file == src else p.file, p.line, p.field,
                               p.message.replace(src, name)) for p in exc.problems])


def import_any(path: PathLike, name: Optional[str] = None, ocr=None, strict: bool = False):
    """The :class:`~vanban.ingest.Imported` of a .docx, .doc, .odt, .rtf, .pdf or scanned PDF;
    every failure is an :class:`InputError` naming the file (``name`` when given: the name a
    person knows an uploaded copy by). ``ocr``: :class:`vanban.reading.ocr.Limits` for a scan.
    A field read that breaks a rule of the model is kept as a comment and named in
    ``Imported.repairs``; with ``strict`` the document is refused instead."""
    import vanban.ingest as ingest
    from vanban.deliver.office import to_docx
    from vanban.deliver.pdf import PdfError
    from vanban.reading.ocr import OcrError
    path = Path(path)
    shown = name or str(path)
    if path.suffix.lower() == ".edxml":
        return import_any(unpack_edxml(path, shown), ocr=ocr, strict=strict)
    try:
        imported = ingest.import_file(path, to_docx=to_docx, ocr=ocr, strict=strict)
    except InputError as exc:
        raise (renamed(exc, name, path) if name else exc) from None
    except (ingest.Unsupported, PdfError, OcrError) as exc:
        message = str(exc).removeprefix(f"{path}: ").replace(str(path), shown)
        raise InputError([Problem(shown, None, "", message)]) from None
    except Exception as exc:  # noqa: BLE001 - a file nobody foresaw is reported, never a traceback
        raise InputError([Problem(shown, None, "", _("cannot import: {why}").format(why=_why(exc)))]) from None
    if name:
        imported.warnings = [w.replace(str(path), name) for w in imported.warnings]
        imported.repairs = [w.replace(str(path), name) for w in imported.repairs]
    return imported


def unpack_edxml(path: Path, shown: str) -> Path:
    """The document attached to an edXML message, written beside it (never over a file)."""
    from vanban.deliver.edxml import MAX_BYTES, EdxmlError, read_message
    from vanban.deliver.files import check_outputs, write_atomic
    try:
        if path.stat().st_size > MAX_BYTES:
            raise EdxmlError(_("the message is too large"))
        _meta, att_name, blob = read_message(path.read_bytes())
    except (EdxmlError, OSError) as exc:
        raise InputError([Problem(shown, None, "", str(exc))]) from None
    target = path.with_name(att_name)
    check_outputs([target], [path])
    return write_atomic(target, blob)


@dataclass
class Loaded:
    """A document read for ``derive``, and what a person should be told about it."""
    doc: VanBan
    warnings: list[str] = field(default_factory=list)


def load_parent(path: PathLike, name: Optional[str] = None) -> Loaded:
    """A parent document for ``derive``: YAML as written, any other format imported in memory."""
    from vanban.model import load_text
    from vanban.model.loader import read_text
    path = Path(path)
    shown = name or str(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        try:
            return Loaded(load_text(read_text(str(path)), shown))
        except OSError as exc:
            raise InputError([Problem(shown, None, "", _why(exc))]) from None
    imported = import_any(path, name)
    return Loaded(imported.doc, [f"{shown}: {w}" for w in imported.warnings])


def load_checked(src: Union[PathLike, VanBan], strict: bool, name: str = "") -> Loaded:
    """The document of ``src`` (a YAML path or a model) after check's content rules. Each rule it
    breaks is a warning ``FILE:LINE: field: warning: …``; with ``strict`` the document is refused
    (:class:`InputError` listing them)."""
    from vanban.check.before import findings
    from vanban.check.report import where_text
    from vanban.model.loader import load_dict, parse_yaml, read_text
    if isinstance(src, VanBan):
        doc, lines = src, {}
    else:
        data, lines = parse_yaml(read_text(os.fspath(src)), os.fspath(src))
        doc, name = load_dict(data, os.fspath(src), lines), os.fspath(src)
    problems = []
    for r in findings(doc, lines):
        text = _("{rule}: {title}: expected {expected}; found {found}").format(
            rule=r.rule, title=_(r.title), expected=_(r.expected), found=_(r.found))
        problems.append(Problem(name or _("the document"), r.where.line, r.where.path, text) if r.where.line else
                        Problem(name or _("the document"), None, "", f"{where_text(r.where)}: {text}"))
    if strict and problems:
        raise InputError(problems)
    for p in problems:
        p.message = _("warning: {message}").format(message=p.message)
    return Loaded(doc, [str(p) for p in problems])


def plan_paths(folder: PathLike, units: Sequence[Any]) -> list[Path]:
    """One readable, distinct file name per unit: its territory without diacritics
    (``xa-thanh-an.yaml``), the unit's code or number added when two would collide
    (``xa-thanh-an-12345.yaml``), and ``don-vi-7.yaml`` for a name with no Latin letters."""
    from vanban.deliver.files import unique_paths
    from vanban.derive import slug
    folder = Path(folder)
    # At most 80 letters of the territory: a file name has 255 bytes, and the code may be added.
    names = [folder / f"{slug(u.dia_ban)[:80].strip('-') or f'don-vi-{k + 1}'}.yaml" for k, u in enumerate(units)]
    return unique_paths(names, [u.ma or str(k + 1) for k, u in enumerate(units)])


def _parent(parent: Union[PathLike, VanBan], name: Optional[str]) -> tuple[VanBan, list[str], str]:
    """(the parent's model, its import warnings, the name notes give it)."""
    if isinstance(parent, VanBan):
        return parent, [], name or _("the document")
    loaded = load_parent(parent, name)
    return loaded.doc, loaded.warnings, name or Path(os.fspath(parent)).name


@dataclass
class PlanResult:
    """One unit's outcome: its plan (as a model and as the YAML to write) at ``path``, or the error."""
    unit: Any
    path: Path
    doc: Optional[VanBan] = None
    yaml: str = ""
    error: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Plans:
    """Every unit's plan from one parent."""
    section: str
    results: list[PlanResult]
    #: Units that could not be read, and the parent's import warnings: to be said, not fatal.
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def written(self) -> list[PlanResult]:
        return [r for r in self.results if r.doc is not None]

    @property
    def failed(self) -> list[str]:
        """Every unit without a plan, and why: the unreadable units, then the plans refused."""
        return self.problems + [r.error for r in self.results if r.error]


def derive_plans(parent: Union[PathLike, VanBan], units: Any, folder: PathLike, section: Optional[str] = None,
                 strict: bool = False, parent_name: Optional[str] = None) -> Plans:
    """One plan per unit implementing ``parent`` (a model, or a file :func:`load_parent` reads).
    ``units``: a :class:`~vanban.derive.UnitList`, or what :func:`~vanban.derive.load_units`
    takes. Raises :class:`InputError` for a parent or units file that cannot be used and
    :class:`LookupError` for a section the parent lacks; one unit's bad data fails only that unit."""
    from pydantic import ValidationError

    import vanban.derive as d
    from vanban.model.dump import to_yaml
    from vanban.model.loader import problems_of
    parent_doc, warnings, shown = _parent(parent, parent_name)
    unit_list = units if isinstance(units, d.UnitList) else d.load_units(units)
    try:
        section = d.assignment_section(parent_doc, section)
    except LookupError:
        if section or d.assignment_table(parent_doc) is None:
            raise
        section = ""    # the parent assigns its tasks in a table only: each unit gets its rows
    results = [PlanResult(unit, path) for unit, path in zip(unit_list.units, plan_paths(folder, unit_list.units))]
    for r in results:
        try:
            try:
                plan = d.derive_plan(parent_doc, r.unit, section or None, unit_list.parent_area)
            except ValidationError as exc:
                raise InputError(problems_of(exc, VanBan, str(r.path), {})) from None
            checked = load_checked(plan, strict, str(r.path))
        except InputError as exc:  # this unit's data makes no valid plan: the others go on
            r.error = _("{unit}: {problem}").format(unit=r.unit.dia_ban, problem=exc)
            continue
        r.doc, r.warnings = checked.doc, checked.warnings
        r.yaml = to_yaml(r.doc, _("Plan of {unit} derived by vanban from {file} (section {section}).").format(
            unit=r.unit.ten_goi or r.unit.dia_ban, file=shown, section=section or _("assignment table")))
    return Plans(section, results, [str(p) for p in unit_list.problems], warnings)


def write_plans(plans: Plans, inputs: Sequence[PathLike] = (), force: bool = False) -> list[Path]:
    """Write every plan made (each file whole or not at all) under the writer policy: a plan a
    person may have edited is replaced only with ``force``; the paths written."""
    from vanban.deliver.files import flush_to_disk, write_yaml
    for r in plans.written:
        write_yaml(r.path, r.yaml, inputs, force, durable=False)
    flush_to_disk()
    return [r.path for r in plans.written]


@dataclass
class FollowUp:
    """The follow-up letter, its YAML (with the note saying where it came from) and warnings."""
    doc: VanBan
    yaml: str
    warnings: list[str] = field(default_factory=list)


def derive_follow_up(parent: Union[PathLike, VanBan], body: Any, tasks: Optional[Sequence[str]] = None,
                     strict: bool = False, out: str = "", parent_name: Optional[str] = None) -> FollowUp:
    """A công văn passing ``parent``'s tasks down to ``body``'s subordinates. ``body``: a
    :class:`~vanban.derive.CoQuanDanXuat` or the path of its YAML file."""
    import vanban.derive as d
    from vanban.model.dump import to_yaml
    from vanban.model.loader import load_model
    parent_doc, warnings, shown = _parent(parent, parent_name)
    if not isinstance(body, d.CoQuanDanXuat):
        body = load_model(body, d.CoQuanDanXuat)
    letter = d.follow_up(parent_doc, body, list(tasks) if tasks else None)
    checked = load_checked(letter, strict, out)
    note = _("Follow-up to {parent}, derived by vanban from {file}.\n"
             "Check the tasks and the recipients, then: vanban render {out}").format(
        parent=d.cite(parent_doc, with_subject=False), file=shown, out=out or "FILE.yaml")
    return FollowUp(checked.doc, to_yaml(checked.doc, note), warnings + checked.warnings)


__all__ = ["import_any", "load_parent", "load_checked", "plan_paths", "derive_plans", "write_plans",
           "derive_follow_up", "Loaded", "PlanResult", "Plans", "FollowUp", "renamed"]
