"""Decree 30 conformance report for a YAML document or any .docx.

:func:`vanban.check.files.check_file` runs every rule of :mod:`vanban.check.content_rules` and returns a :class:`Report`: per
rule a pass, "n/a" (the element does not occur), "undecided" (the rule could not decide, with
why), or one fail per failing instance (up to :data:`CAP`) with where it is, what was expected
and what was found. A document outside the decree (a Party document) is reported as such.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional, Union

from vanban.check.all_rules import RULES
from vanban.check.framework import NotApplicable, run_rule
from vanban.model.messages import reason
from vanban.i18n import N_, _
from vanban.model.loader import InputError, load_dict, parse_yaml, read_text
from vanban.model.schema import VanBan
from vanban.reading import word
from vanban.reading.package import regular
from vanban.reading.facts import Facts, from_docx, from_model
from vanban.reading.where import Where

PASS, FAIL, NA, UNDECIDED = "pass", "fail", "n/a", "undecided"
#: Failing instances reported per rule; the rest are counted in one more line.
CAP = 20

#: What the rules report as found when it is not the document's own text; shown translated.
FOUND_WORDS = (N_("missing"), N_("none"), N_("bold"), N_("partly bold"), N_("not bold"), N_("italic"),
               N_("upright"), N_("left"), N_("not centred"), N_("page number on page 1"),
               N_("PAGE field in the footer"))


@dataclass
class Result:
    """The outcome of one rule on one document (a failing rule gives one Result per instance)."""
    rule: str
    title: str
    status: str
    where: Where = field(default_factory=Where)
    expected: str = ""
    found: str = ""


@dataclass
class Report:
    """All rule results for one file."""
    file: str
    results: list[Result] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return all(r.status != FAIL for r in self.results)

    def failed(self) -> list[str]:
        """Ids of the failing rules, each once, in rule order."""
        return list(dict.fromkeys(r.rule for r in self.results if r.status == FAIL))


def _undecided(exc: Exception) -> str:
    """A rule or the reader failed on this document: said without the exception's class name."""
    import logging
    logging.getLogger(__name__).debug("check could not decide", exc_info=exc)
    return _("could not decide: {why}").format(why=reason(exc) or _("this document has a shape the rule does not know"))


def _run(f: Facts, document, kinds: tuple[str, ...], model=None, pick=None) -> list[Result]:
    """Each rule of ``kinds``. ``model``: the YAML document and its line map, for the rules of kind
    "model" (tables, appendices). ``pick(rule_id, kind, fn)`` may give another function for a rule
    (a PDF's own way to judge it) or a reason it cannot be decided on this document."""
    out = []
    for rule_id, title, kind, fn in RULES:
        if kind not in kinds or (kind == "model" and model is None):
            continue
        if f.out_of_scope:
            out.append(Result(rule_id, title, NA, found=f.out_of_scope))
            continue
        if pick is not None:
            fn = pick(rule_id, kind, fn)
            if isinstance(fn, str):
                out.append(Result(rule_id, title, UNDECIDED, found=fn))
                continue
        try:
            findings = run_rule(fn, f, model if kind == "model" else document)
        except NotApplicable:
            out.append(Result(rule_id, title, NA))
            continue
        except Exception as exc:  # noqa: BLE001 -- one rule that cannot decide must not silence the others
            out.append(Result(rule_id, title, UNDECIDED,
                              found=_undecided(exc)))
            continue
        if not findings:
            out.append(Result(rule_id, title, PASS))
        for x in findings[:CAP]:
            out.append(Result(rule_id, title, FAIL, x.where, x.expected, x.found))
        if len(findings) > CAP:
            # Past the cap, one line says how many more: "… và 3 chỗ khác".
            out.append(Result(rule_id, title, FAIL, Where(place=_("{n} more places").format(n=len(findings) - CAP))))
    return out


#: The rules of some kinds on a document's facts (``render`` can run the content rules before writing).
run_rules = _run


def check_docx(source: Union[str, Path, bytes], name: str = "") -> Report:
    """Every rule on a .docx file (path or bytes); raises InputError when it cannot be read."""
    name = name or ("" if isinstance(source, bytes) else str(source))
    document = word.read(source, name)
    try:
        facts = from_docx(document)
    except Exception as exc:  # noqa: BLE001 -- the page rules (paper, margins, fonts) can still judge
        facts = Facts("docx")
        lost = Result("reading", _("where the decree's elements are"), UNDECIDED,
                      found=_undecided(exc))
        return Report(name, [lost] + _run(facts, document, ("content", "layout")))
    return Report(name, _run(facts, document, ("content", "layout")), note=facts.out_of_scope or "")


def check_yaml(path: Union[str, Path]) -> Report:
    """The content rules on a YAML document, located by YAML line."""
    regular(path)
    data, lines = parse_yaml(read_text(str(path)), str(path))
    return check_model(load_dict(data, str(path), lines), str(path), lines)


def check_model(doc: VanBan, name: str = "", lines: Optional[dict] = None) -> Report:
    """The content rules on a model; ``lines`` (key path → YAML line) locates each finding."""
    lines = {} if lines is None else lines
    return Report(name, _run(from_model(doc, lines), None, ("content", "model"), (doc, lines)))


#: Places the rules name without a paragraph: shown translated.
PLACES = (N_("page setup"), N_("header"), N_("footer"), N_("page 1 header"), N_("the document"))


def where_text(where: Where) -> str:
    """Where a finding is, in the reader's language (paragraph 9 → "đoạn 9 «…»", line 12 → "dòng 12 (ky.tm)")."""
    if where.paragraph is not None:
        return _("paragraph {n} {text}").format(n=where.paragraph, text=f"«{where.text}»")
    if where.line is not None:
        return _("line {n} ({field})").format(n=where.line, field=where.path)
    place = _(where.place) if where.place else ""
    return f"{place} «{where.text}»" if where.text else place


def finding_text(r: Result) -> str:
    """``at WHERE: expected …; found …`` in the reader's language (just WHERE for the "N more places" line)."""
    if not r.expected and not r.found:
        return where_text(r.where)
    return _("at {where}: expected {expected}; found {found}").format(
        where=where_text(r.where), expected=_(r.expected) if r.expected else "", found=_(r.found) if r.found else "")


def format_text(report: Report) -> str:
    """The report for a person, in the current language (rule ids stay as they are)."""
    if report.note:
        return _("{file}: not checked: out of scope: {note}").format(file=report.file, note=report.note)
    verdict = _("conforms") if report.ok else _("does not conform")
    lines = [f"{report.file}: {verdict}"]
    marks = {PASS: _("pass"), FAIL: _("FAIL"), NA: _("n/a"), UNDECIDED: "???"}
    width = max(len(m) for m in marks.values())
    shown: set[str] = set()
    for r in report.results:
        if r.status == FAIL and r.rule in shown:
            lines.append("          " + finding_text(r))
            continue
        shown.add(r.rule)
        line = f"  {marks[r.status]:<{width}}  {r.rule:<22} {_(r.title)}"
        if r.status == FAIL:
            line += "\n          " + finding_text(r)
        elif r.status == UNDECIDED or r.found:    # a pass that says what it found (who signed)
            line += f"\n          {r.found}"
        lines.append(line)
    return "\n".join(lines)


def format_json(reports: list[Report]) -> str:
    return json.dumps([{"file": r.file, "ok": r.ok, "out_of_scope": r.note or None,
                        "results": [asdict(x) for x in r.results]} for r in reports], ensure_ascii=False, indent=2)


__all__ = ["Result", "Report", "Where", "where_text", "check_docx", "check_yaml", "format_text", "format_json",
           "RULES", "InputError"]
