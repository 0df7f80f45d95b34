"""Is this the kind of file the command takes? Said before any work starts, naming the file.

``vanban render report.docx`` should not answer "not UTF-8 text": it should
say that report.docx is a Word document and that render takes a .yaml file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from vanban.i18n import N_, _

#: What a clerk calls each kind of file.
KINDS = {".yaml": N_("a YAML document"), ".yml": N_("a YAML document"), ".docx": N_("a Word document (.docx)"),
         ".doc": N_("an old Word document (.doc); save it as .docx in Word first"),
         ".pdf": N_("a PDF file"), ".odt": N_("a LibreOffice document (.odt)"), ".png": N_("an image"),
         ".jpg": N_("an image"), ".jpeg": N_("an image"), ".csv": N_("a CSV table"), ".json": N_("a JSON file"),
         ".txt": N_("a text file"), ".xlsx": N_("an Excel workbook")}

YAML = (".yaml", ".yml")
DOCX = (".docx",)


def describe(path: Path) -> str:
    """``a Word document (.docx)``: what the file is, by its extension."""
    known = KINDS.get(path.suffix.lower())
    return _(known) if known else (_("a file of type {ext}").format(ext=path.suffix) if path.suffix
                                   else _("a file without an extension"))


def wrong_input(path: Path, accepted: tuple[str, ...], what: str) -> Optional[str]:
    """Why ``path`` cannot be used here, or None. ``what`` names what the command takes."""
    if path.is_dir():
        return _("{file}: is a folder; {command} takes {what}").format(file=path, command=_command(), what=what)
    if not path.exists():
        return _("{file}: no such file").format(file=path)
    if path.suffix.lower() not in accepted:
        return _("{file}: this is {kind}; {command} takes {what}").format(
            file=path, kind=describe(path), command=_command(), what=what)
    return None


def _command() -> str:
    ctx = click.get_current_context(silent=True)
    return f"vanban {ctx.info_name}" if ctx else "vanban"


def reject_wrong(files, accepted: tuple[str, ...], what: str) -> tuple[list[Path], list[str]]:
    """The files that may be used, and a message for each one that may not."""
    good, messages = [], []
    for f in files:
        why = wrong_input(Path(f), accepted, what)
        if why:
            messages.append(why)
        else:
            good.append(Path(f))
    return good, messages


def manifest_path(ctx, param, value: Optional[Path]) -> Optional[Path]:
    """click callback: a manifest is .json or .csv, the formats it can be written in."""
    if value is not None and value.suffix.lower() not in (".json", ".csv"):
        raise click.BadParameter(_("{file}: a manifest is written as .json or .csv; name it manifest.json or "
                                   "manifest.csv").format(file=value))
    return value


__all__ = ["describe", "wrong_input", "reject_wrong", "manifest_path", "YAML", "DOCX"]
