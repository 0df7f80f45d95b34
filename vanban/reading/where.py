"""Where a finding is, as a record: a .docx paragraph, a YAML line and field, or a named place.

``check`` reports each failing instance with a :class:`Where`; the CLI, the web editor and the
JSON report read its fields (``line``, ``path``) instead of parsing an English sentence back, and
the text a person reads is formatted from it through gettext (:func:`vanban.check.report.where_text`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

_EXCERPT = 60


@dataclass(frozen=True)
class Where:
    paragraph: Optional[int] = None   # 1-based paragraph of a .docx body, in reading order
    line: Optional[int] = None        # 1-based line of a YAML file
    path: str = ""                    # the field's path in the YAML: "ky.chuc_vu", "kinh_gui.0"
    text: str = ""                    # the start of the paragraph's text, for a person to find it
    place: str = ""                   # where there is no paragraph: "page setup", "footer (pages)", "header"

    @classmethod
    def paragraph_of(cls, index: int, text: str) -> "Where":
        """The ``index``-th (0-based) paragraph, shown by the start of its text."""
        text = text.strip()
        return cls(paragraph=index + 1, text=text[:_EXCERPT] + ("…" if len(text) > _EXCERPT else ""))

    def __str__(self) -> str:
        """In English, for logs and tests; a person reads :func:`vanban.check.report.where_text`."""
        if self.paragraph is not None:
            return f"paragraph {self.paragraph} «{self.text}»"
        if self.line is not None:
            return f"line {self.line} ({self.path})"
        return self.place + (f" «{self.text}»" if self.text else "")
