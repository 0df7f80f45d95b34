"""The ``vanban`` command.

Exit codes: 0 success; 2 bad input (YAML, schema, missing file), each problem
on stderr as ``FILE:LINE: field: message``; 1 for ``check`` finding a
non-conforming document, or a failure that is not the input's fault.

Each command lives in its own module and is imported only when it runs, so a
quick ``vanban validate`` does not load LibreOffice or template code.
"""
from __future__ import annotations

import importlib
from typing import Optional

import click

from vanban import __version__

#: Command name → "module:attribute" under vanban.cli.
COMMANDS = {
    "render": "render:render",
    "validate": "render:validate",
    "pdf": "render:pdf_command",
    "preview": "render:preview",
    "check": "check:check",
    "derive": "derive:derive",
    "import": "ingest:import_command",
    "issue": "issue:issue",
    "register": "register:register",
    "serve": "serve:serve",
}


class LazyGroup(click.Group):
    """A click group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> Optional[click.Command]:
        if name in COMMANDS:
            module, _, attr = COMMANDS[name].partition(":")
            return getattr(importlib.import_module(f"vanban.cli.{module}"), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vanban")
def main() -> None:
    """Vietnamese official documents from YAML, laid out per Decree 30/2020/NĐ-CP."""


__all__ = ["main", "COMMANDS"]
