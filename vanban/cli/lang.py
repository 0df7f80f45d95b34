"""The command line in the reader's language.

Help texts are written in English in the command modules (they are the
message ids) and translated when they are shown, so ``--lang`` given on the
command line applies to every help screen and error. click's own words
("Usage:", "Options:", "Missing argument …") come from the same catalog.
"""
from __future__ import annotations

import inspect

import importlib
import sys

import click

from vanban.i18n import N_, _, set_language

#: click modules whose messages a user reads.
CLICK_MODULES = ("core", "exceptions", "formatting", "decorators", "types", "parser", "termui", "utils")


#: click's usage words, translated with the help texts ("Usage: vanban render [OPTIONS] FILES...").
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))
_ATTRS = ("help", "short_help", "options_metavar", "subcommand_metavar")


def translate_click() -> None:
    """Make click's own messages go through vanban's catalog."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) is not _:
            module._ = _
            if hasattr(module, "ngettext"):
                from vanban.i18n import ngettext
                module.ngettext = ngettext


def unicode_output() -> None:
    """Vietnamese on any console: a stream whose encoding cannot write "Đ" (a Windows code
    page when output is redirected, say) is switched to UTF-8 rather than failing mid-message."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "Đườngđ".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure:
                reconfigure(encoding="utf-8")


def _as_written(text):
    """A help text without its docstring indentation: Python 3.13 strips it when compiling and
    earlier versions keep it, and the catalog must find the same message on both."""
    return inspect.cleandoc(text) if isinstance(text, str) else text


def translate_command(cmd: click.Command) -> click.Command:
    """``cmd`` (and its subcommands) with its help texts in the current language; the English
    ids are kept aside so the language can change between invocations."""
    for obj in [cmd, *cmd.params]:
        ids = obj.__dict__.setdefault("_vanban_msgids", {})
        for attr in _ATTRS:
            msgid = ids.setdefault(attr, _as_written(getattr(obj, attr, None)))
            if isinstance(msgid, str) and msgid:
                setattr(obj, attr, _(msgid))
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            translate_command(sub)
    return cmd


def msgids(cmd: click.Command) -> list[str]:
    """Every help text of ``cmd`` (and its subcommands) as written: the messages to translate."""
    out = []
    for obj in [cmd, *cmd.params]:
        ids = obj.__dict__.get("_vanban_msgids", {})
        for attr in ("help", "short_help"):
            text = ids.get(attr, _as_written(getattr(obj, attr, None)))
            if text:
                out.append(text)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            out += msgids(sub)
    return out


class TranslatedGroup(click.Group):
    """A group whose subcommands show their help in the current language."""

    def get_command(self, ctx, name):
        cmd = super().get_command(ctx, name)
        return translate_command(cmd) if cmd is not None else None

    def format_help(self, ctx, formatter):
        translate_command(self)
        super().format_help(ctx, formatter)


def _set_lang(ctx: click.Context, param: click.Parameter, value) -> None:
    if value:
        set_language(value)


def lang_option(fn):
    """The global ``--lang vi|en`` option; eager, so it applies before any other text is made."""
    return click.option("--lang", type=click.Choice(["vi", "en"]), is_eager=True, expose_value=False,
                        callback=_set_lang,
                        help="Language of messages: vi (default) or en; also VANBAN_LANG=en.")(fn)


__all__ = ["translate_click", "translate_command", "TranslatedGroup", "lang_option", "msgids"]
