"""Decree 30 conformance report for a YAML document or any .docx.

``check_file`` runs every rule of :mod:`vanban.check_rules` and returns a
:class:`Report`: one :class:`Result` per rule, pass, fail or "n/a" (the element
does not occur), with where it looked, what it expected and what it found.
"""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Union

import docx

from vanban.check.rules import RULES, Fail, NotApplicable
from vanban.reading.facts import Facts, from_docx, from_model
from vanban.model.loader import InputError, load_dict, parse_yaml

PASS, FAIL, NA = "pass", "fail", "n/a"


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


def format_text(report: Report) -> str:
    lines = [f"{report.file}: {'conforms' if report.ok else 'does not conform'}"]
    for r in report.results:
        mark = {PASS: "pass", FAIL: "FAIL", NA: "n/a "}[r.status]
        line = f"  {mark}  {r.rule:<22} {r.title}"
        if r.status == FAIL:
            line += f"\n          at {r.where}: expected {r.expected}; found {r.found}"
        lines.append(line)
    return "\n".join(lines)


def format_json(reports: list[Report]) -> str:
    return json.dumps([{"file": r.file, "ok": r.ok, "results": [asdict(x) for x in r.results]} for r in reports],
                      ensure_ascii=False, indent=2)


__all__ = ["Result", "Report", "check_file", "check_docx", "check_yaml", "format_text", "format_json",
           "RULES", "InputError"]
