"""The framework of check's rules: the registry, findings, and how a rule says what it judged.

A rule calls :func:`expect` for every instance it judges, so each failing instance is reported
with where it is, and raises :class:`NotApplicable` when the element does not occur. A rule that
raises anything else "could not decide"; the others still run. The rules themselves live in
:mod:`~vanban.check.content_rules` (content), :mod:`~vanban.check.layout_rules`, :mod:`~vanban.check.page_number`
and :mod:`~vanban.check.articles`; :mod:`~vanban.check.all_rules` loads them in report order.
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Callable, Union

from vanban.reading.facts import Located
from vanban.reading.where import Where

RULES: list[tuple[str, str, str, Callable]] = []   # (id, title, "content"|"layout", function)
_SINK: contextvars.ContextVar[list] = contextvars.ContextVar("findings")


@dataclass
class Finding:
    """One failing instance: where, what the decree expects, what the document has."""
    where: Where
    expected: str
    found: str


class NotApplicable(Exception):
    pass


def rule(rule_id: str, title: str, kind: str = "content"):
    def register(fn):
        RULES.append((rule_id, title, kind, fn))
        return fn
    return register


def run_rule(fn, facts, document) -> list[Finding]:
    """The failing instances of one rule (NotApplicable and other exceptions pass through)."""
    sink: list[Finding] = []
    token = _SINK.set(sink)
    try:
        fn(facts, document)
    finally:
        _SINK.reset(token)
    return sink


def need(item):
    if not item:
        raise NotApplicable()
    return item


def expect(ok: bool, where: Union[Located, Where, str, None], expected: str, found: str) -> bool:
    """Record a failing instance unless ``ok``; returns ``ok`` so a rule can stop where it must.
    ``where``: a located element, a :class:`Where`, or the name of a place without a paragraph."""
    if not ok:
        at = where.where if isinstance(where, Located) else where if isinstance(where, Where) else Where(place=where or "")
        _SINK.get().append(Finding(at, expected, found))
    return ok
