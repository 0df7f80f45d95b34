"""The ``vanban`` command's click group (the entry point, ``vanban.cli:main``, reaches it lazily).

Exit codes: 0 success; 2 bad input (YAML, schema, missing file), each problem
on stderr as ``FILE:LINE: field: message``; 1 for ``check`` finding a
non-conforming document, or a failure that is not the input's fault.

Each command lives in its own module and is imported only when it runs, so a
quick ``vanban validate`` does not load LibreOffice or template code.
"""
from __future__ import annotations

import importlib
import os
import sys
from typing import Any, Optional

import click

from vanban import __version__
from vanban.i18n import _
from vanban.cli.lang import TranslatedGroup, lang_option, translate_click, translate_command, unicode_output

#: Command name → "module:attribute" under vanban.cli.
COMMANDS = {
    "render": "render:render",
    "validate": "render:validate",
    "pdf": "render:pdf_command",
    "preview": "render:preview",
    "check": "check:check",
    "derive": "derive:derive",
    "new": "start:new",
    "schema": "start:schema",
    "import": "ingest:import_command",
    "issue": "issue:issue",
    "register": "register:register",
    "serve": "serve:serve",
    "sign": "sign:sign_command",
    "verify": "sign:verify_command",
    "converter": "converter:converter",
}


class LazyGroup(TranslatedGroup):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        if name in COMMANDS:
            module, _sep, attr = COMMANDS[name].partition(":")
            return translate_command(getattr(importlib.import_module(f"vanban.cli.{module}"), attr))
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context) -> Any:
        # One policy for every command: whatever escapes a command becomes one
        # line and exit 2; a traceback only when a developer asks for it.
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo(_("interrupted"), err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("VANBAN_DEBUG") == "1":
                raise
            from vanban.cli.common import fail, one_line
            fail(one_line(exc))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # `vanban --help` lists every command: read each one's help from its
        # source instead of importing all of them (pydantic, docx, jinja …).
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(n) for n in names), default=0)
        rows = []
        for name in names:
            text = _summary(COMMANDS[name], limit) if name in COMMANDS else None
            if text is None:
                cmd = self.get_command(ctx, name)
                if cmd is None or cmd.hidden:
                    continue
                text = cmd.get_short_help_str(limit)
            rows.append((name, text))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


def _summary(target: str, limit: int) -> Optional[str]:
    """The first sentence of a command function's docstring, found without importing its module."""
    import ast
    import importlib.util
    module, _sep, attr = target.partition(":")
    spec = importlib.util.find_spec(f"vanban.cli.{module}")
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    with open(spec.origin, encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attr:
            # The cleaned docstring is the message id (as babel extracts it and the command's own
            # --help looks it up); shown in the reader's language.
            doc = ast.get_docstring(node, clean=True)
            return short_help(_(doc), limit) if doc else None
    return None


def short_help(text: str, limit: int) -> str:
    """The first sentence of ``text``'s first paragraph, cut at a word to ``limit`` characters.
    (click's own helper for this is deprecated and leaves in Click 9.)"""
    import textwrap
    words = text.partition("\n\n")[0].split()
    for i, word in enumerate(words):     # a period before a lowercase word is an abbreviation's ("v.v.")
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[:i + 1]
            break
    line = " ".join(words)
    return line if len(line) <= limit else textwrap.shorten(line, max(limit, 4), placeholder="...",
                                                             break_on_hyphens=False)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vanban")
@lang_option
def main() -> None:
    """Vietnamese official documents from YAML, laid out per Decree 30/2020/NĐ-CP."""


translate_click()
unicode_output()

__all__ = ["main", "COMMANDS"]
