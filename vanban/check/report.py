"""Decree 30 conformance report for a YAML document or any .docx.

``check_file`` runs every rule of :mod:`vanban.check_rules` and returns a
:class:`Report`: one :class:`Result` per rule, pass, fail or "n/a" (the element
does not occur), with where it looked, what it expected and what it found.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Union

import docx

from vanban.check.rules import RULES, Fail, NotApplicable
from vanban.i18n import N_, _
from vanban.reading.facts import Facts, from_docx, from_model
from vanban.model.loader import InputError, load_dict, parse_yaml

PASS, FAIL, NA = "pass", "fail", "n/a"

#: What the rules report as found when it is not the document's own text; shown translated.
FOUND_WORDS = (N_("missing"), N_("none"), N_("bold"), N_("not bold"), N_("italic"), N_("upright"), N_("left"),
               N_("not centred"), N_("page number on page 1"), N_("PAGE field in the footer"))


@dataclass
class Result:
    """The outcome of one rule on one document."""
    rule: str
    title: str
    status: str
    where: str = ""
    expected: str = ""
    found: str = ""


@dataclass
class Report:
    """All rule results for one file."""
    file: str
    results: list[Result] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.status != FAIL for r in self.results)

    def failed(self) -> list[str]:
        return [r.rule for r in self.results if r.status == FAIL]



def _run(f: Facts, document, kinds: tuple[str, ...]) -> list[Result]:
    out = []
    for rule_id, title, kind, fn in RULES:
        if kind not in kinds:
            continue
        try:
            fn(f, document)
        except NotApplicable:
            out.append(Result(rule_id, title, NA))
        except Fail as exc:
            out.append(Result(rule_id, title, FAIL, exc.where, exc.expected, exc.found))
        else:
            out.append(Result(rule_id, title, PASS))
    return out


#: The rules of some kinds on a document's facts (``render`` runs the content rules before writing).
run_rules = _run


def check_docx(source: Union[str, Path, bytes], name: str = "") -> Report:
    """Every rule on a .docx file (path or bytes)."""
    document = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    return Report(name or str(source), _run(from_docx(document), document, ("content", "layout")))


def check_yaml(path: Union[str, Path]) -> Report:
    """The content rules on a YAML document, located by YAML line."""
    text = Path(path).read_text(encoding="utf-8")
    data, lines = parse_yaml(text, str(path))
    doc = load_dict(data, str(path), lines)
    return Report(str(path), _run(from_model(doc, lines), None, ("content",)))


def check_file(path: Union[str, Path]) -> Report:
    """Check a .yaml or .docx file; raises InputError or OSError when it cannot be read."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return check_yaml(path)
    return check_docx(path, str(path))


#: Places the rules name without a paragraph: shown translated.
PLACES = (N_("page setup"), N_("header"), N_("footer"), N_("page 1 header"), N_("the document"))
_PARAGRAPH = re.compile(r"^paragraph (\d+) (.*)$", re.S)
_LINE = re.compile(r"^line (\d+) \((.*)\)$")


def where_text(where: str) -> str:
    """Where a finding is, in the reader's language ("paragraph 9 «…»" → "đoạn 9 «…»")."""
    m = _PARAGRAPH.match(where)
    if m:
        return _("paragraph {n} {text}").format(n=m.group(1), text=m.group(2))
    m = _LINE.match(where)
    if m:
        return _("line {n} ({field})").format(n=m.group(1), field=m.group(2))
    return _(where) if where else where


def format_text(report: Report) -> str:
    """The report for a person, in the current language (rule ids stay as they are)."""
    verdict = _("conforms") if report.ok else _("does not conform")
    lines = [f"{report.file}: {verdict}"]
    marks = {PASS: _("pass"), FAIL: _("FAIL"), NA: _("n/a")}
    width = max(len(m) for m in marks.values())
    for r in report.results:
        line = f"  {marks[r.status]:<{width}}  {r.rule:<22} {_(r.title)}"
        if r.status == FAIL:
            line += "\n          " + _("at {where}: expected {expected}; found {found}").format(
                where=where_text(r.where), expected=_(r.expected) if r.expected else "", found=_(r.found) if r.found else "")
        lines.append(line)
    return "\n".join(lines)


def format_json(reports: list[Report]) -> str:
    return json.dumps([{"file": r.file, "ok": r.ok, "results": [asdict(x) for x in r.results]} for r in reports],
                      ensure_ascii=False, indent=2)


__all__ = ["Result", "Report", "check_file", "check_docx", "check_yaml", "format_text", "format_json",
           "RULES", "InputError"]
