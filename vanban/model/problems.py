"""What is wrong with an input: :class:`Problem` (file, line, field, message) and :class:`InputError`.

Apart from the loader (:mod:`vanban.model.loader`), so that what only reports a problem (the
writer policy of :mod:`vanban.deliver.files`, a command that converts .docx files) does not
load the schema and pydantic to do it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Problem:
    """One thing wrong with an input file."""
    file: str
    line: Optional[int]
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class InputError(ValueError):
    """Bad input: carries every problem found, each with its file, line and field."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def __reduce__(self):
        # Pickled as its problems (its args are the joined text): it crosses a process boundary
        # as itself (vanban.deliver.bounded).
        return type(self), (self.problems,)


__all__ = ["Problem", "InputError"]
