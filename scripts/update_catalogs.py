"""Extract every message, update the Vietnamese catalog, compile it: one command.

    python scripts/update_catalogs.py          # extract, update vi .po, compile .mo
    python scripts/update_catalogs.py --check  # exit 1 and list what is untranslated

Messages come from three places:
1. ``_("…")``, ``N_("…")``, ``ngettext`` and check's ``@rule(id, "title")`` in the
   package, found by babel's extractor with the mapping in ``babel.cfg``
   (the same as ``pybabel extract -F babel.cfg -k N_ -k rule:2 -k expect:3``);
2. the command line's help texts (command docstrings, ``help=`` of each
   option), read from the click commands themselves so nothing is missed;
3. click's own messages ("Usage:", "Missing argument …") from the installed click.
Then the equivalent of ``pybabel update`` (new ids added, fuzzy matches kept
for a translator to confirm, vanished ids made obsolete) and ``pybabel compile``.
After running it, translate the new entries in vanban/locale/vi/LC_MESSAGES/vanban.po
(empty msgstr or ``#, fuzzy``) and run it again to compile.
"""
from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "vanban"
LOCALE = PACKAGE / "locale"
POT = LOCALE / "vanban.pot"
#: What marks a message: gettext's calls, check's rule titles (second argument of ``@rule``) and
#: the expected form of a finding (third argument of ``expect``), both shown translated.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "rule": (2,), "expect": (3,)}
LANGS = ("vi",)


def _mapping():
    with open(ROOT / "babel.cfg", encoding="utf-8") as fh:
        return parse_mapping_cfg(fh)


def package_messages() -> list[tuple[str, str]]:
    """(msgid, location) for every marked message in the package."""
    method_map, options_map = _mapping()
    out = []
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)):
        for msg in (message if isinstance(message, tuple) else (message,)):
            if msg:
                out.append((msg, f"{filename}:{lineno}"))
    return out


def cli_messages() -> list[tuple[str, str]]:
    """Help texts of every command and option."""
    sys.path.insert(0, str(ROOT))
    os.environ["VANBAN_LANG"] = "en"
    from vanban.cli import app as cli
    from vanban.cli.lang import msgids
    out = [(m, "vanban/cli/app.py") for m in msgids(cli.main)]
    for name, target in cli.COMMANDS.items():
        module, _, attr = target.partition(":")
        cmd = getattr(importlib.import_module(f"vanban.cli.{module}"), attr)
        out += [(m, f"vanban/cli/{module}.py") for m in msgids(cmd)]
    return out


def model_messages() -> list[tuple[str, str]]:
    """Descriptions of the document model's classes and fields: ``vanban schema`` and the
    comments of ``vanban new`` show them translated."""
    import inspect

    from vanban.model import schema
    out = []
    for _name, cls in inspect.getmembers(schema, inspect.isclass):
        if cls.__module__ != schema.__name__:
            continue
        doc = inspect.getdoc(cls)
        if doc and (hasattr(cls, "model_fields") or issubclass(cls, schema.enum.Enum)):
            out.append((doc, "vanban/model/schema.py"))
        for field in getattr(cls, "model_fields", {}).values():
            if field.description:
                out.append((field.description, "vanban/model/schema.py"))
    return out


def click_messages() -> list[tuple[str, str]]:
    """click's own messages, from the installed click's source."""
    import click

    from vanban.cli.lang import CLICK_MODULES
    base = Path(click.__file__).parent
    out = []
    for name in CLICK_MODULES:
        path = base / f"{name}.py"
        for lineno, message, _c, _ctx in extract_from_file("python", str(path), keywords={"_": None, "ngettext": (1, 2)}):
            for msg in (message if isinstance(message, tuple) else (message,)):
                if msg:
                    out.append((msg, f"click/{name}.py"))
    return out


def all_messages() -> list[tuple[str, str]]:
    return package_messages() + cli_messages() + model_messages() + click_messages()


def template() -> Catalog:
    cat = Catalog(project="vanban", charset="utf-8", msgid_bugs_address="", copyright_holder="vanban")
    for msgid, where in all_messages():
        cat.add(msgid, locations=[(where.split(":")[0], 0)])
    return cat


_DATES = re.compile(rb"(POT-Creation-Date|PO-Revision-Date): [^\n\"\\]*")


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` unless only the header's dates differ: a run that changes no message
    leaves the files alone, so branches do not conflict over a timestamp."""
    if path.exists() and _DATES.sub(b"", path.read_bytes()) == _DATES.sub(b"", data):
        return
    path.write_bytes(data)


def _po_bytes(cat: Catalog, **options) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, **options)
    return buf.getvalue()


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "vanban.po"


def untranslated(cat: Catalog) -> list[str]:
    return [m.id for m in cat if m.id and (not m.string or m.fuzzy)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report untranslated messages")
    args = ap.parse_args()
    pot = template()
    if not args.check:
        write_if_changed(POT, _po_bytes(pot, omit_header=False, no_location=True, sort_output=True))
    missing_any = False
    for lang in LANGS:
        path = po_path(lang)
        if path.exists():
            with open(path, "rb") as fh:
                cat = read_po(fh, locale=lang)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            cat = Catalog(locale=lang, project="vanban", charset="utf-8")
        # Translations kept for messages not in the code now (#~ entries: removed, or waiting for
        # another branch to be merged) come back when the message does.
        kept = {m.id: m.string for m in [*cat.obsolete.values(), *cat] if m.id and m.string and not m.fuzzy}
        cat.update(pot, no_fuzzy_matching=False)
        for m in cat:
            if m.id and m.id in kept and (not m.string or m.fuzzy):
                m.string = kept[m.id]
                m.flags.discard("fuzzy")
        for msgid in [k for k in cat.obsolete if k in cat]:
            del cat.obsolete[msgid]
        # babel drops an obsolete entry it borrowed for a fuzzy match; keep every translation.
        for msgid, string in kept.items():
            if msgid not in cat and msgid not in cat.obsolete:
                cat.obsolete[msgid] = Message(msgid, string)
        missing = untranslated(cat)
        missing_any |= bool(missing)
        total = len([m for m in cat if m.id])
        print(f"{lang}: {total - len(missing)}/{total} messages translated")
        for m in missing:
            print(f"  untranslated: {m!r}")
        if args.check:
            continue
        write_if_changed(path, _po_bytes(cat, no_location=True, sort_output=True, include_previous=False, width=100))
        mo = io.BytesIO()
        write_mo(mo, cat, use_fuzzy=False)
        write_if_changed(path.with_suffix(".mo"), mo.getvalue())
    return 1 if args.check and missing_any else 0


if __name__ == "__main__":
    sys.exit(main())
