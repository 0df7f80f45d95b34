"""check's content rules on a document about to be rendered or derived.

``render`` and ``derive`` call :func:`findings` before writing and print each
one as a warning (or, with ``--strict``, refuse the document). A finding is
located by YAML line when the document came from a file.
"""
from __future__ import annotations

from typing import Optional

from vanban.check.report import FAIL, Result, run_rules
from vanban.model.schema import VanBan
from vanban.reading.facts import from_model


def findings(doc: VanBan, lines: Optional[dict] = None) -> list[Result]:
    """The content rules ``doc`` breaks (empty when it conforms)."""
    return [r for r in run_rules(from_model(doc, lines or {}), None, ("content", "model"), (doc, lines or {}))
            if r.status == FAIL]


__all__ = ["findings"]
