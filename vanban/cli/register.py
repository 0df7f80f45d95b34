"""``vanban register``: the outgoing register: list, export, cancel, body settings; what ``issue`` shares.

Exit codes as everywhere in vanban: 0 done; 2 bad input or a register problem the
clerk can fix (message on stderr, ``FILE:LINE: field: message``); 1 a failure
that is not the input's fault (the database server went away, a full disk, the
register stayed busy longer than ``$VANBAN_DB_TIMEOUT`` seconds: try again).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import sys
from pathlib import Path
from typing import Optional

import click

from vanban.cli.common import EXIT_BAD_INPUT, fail
from vanban.i18n import _

db_option = click.option("--db", "db_url", metavar="URL", envvar="VANBAN_DB",
                         help=_("Register database: a file path, sqlite:///PATH or postgresql://USER@HOST/DB "
                                "(default: $VANBAN_DB, else the per-user register). A register busy with "
                                "another issue is waited for $VANBAN_DB_TIMEOUT seconds (default 5)."))


@contextlib.contextmanager
def clerk_errors(where: str = ""):
    """Problems become one message each on stderr and an exit status, never a traceback."""
    import sqlite3

    from vanban.model import InputError
    from vanban.register import RegisterBusy, RegisterError, masked
    try:
        yield
    except InputError as exc:
        fail(str(exc))
    except RegisterBusy as exc:     # not the input's fault: the same command succeeds a moment later
        click.echo(f"{where}: {exc}" if where else str(exc), err=True)
        sys.exit(1)
    except RegisterError as exc:
        fail(f"{where}: {exc}" if where else str(exc))
    except (sqlite3.Error, OSError) as exc:
        click.echo(_("{where}register: {error}").format(where=f"{where}: " if where else "", error=exc), err=True)
        sys.exit(1)
    except Exception as exc:
        if type(exc).__module__.startswith("psycopg"):
            click.echo(_("{where}register: {error}").format(where=f"{where}: " if where else "",
                                                            error=masked(str(exc).strip())), err=True)
            sys.exit(1)
        raise


@click.group()
def register() -> None:
    """The outgoing register (sổ đăng ký văn bản đi): list, export, cancel, body settings."""


_STATES = ("cancelled", "issued", "reserved")


def _state(name: str) -> str:
    return {"reserved": _("reserved"), "issued": _("issued"), "cancelled": _("cancelled")}[name]


@register.command("list")
@click.option("--year", type=int, help=_("Year of the register (default: this year)."))
@click.option("--body", help=_("Only this issuing body (abbreviation or name)."))
@click.option("--state", type=click.Choice(_STATES), help=_("Only rows in this state."))
@db_option
def list_command(year: Optional[int], body: Optional[str], state: Optional[str], db_url: Optional[str]) -> None:
    """Show the register, reserved numbers included."""
    from vanban.decree import vn
    from vanban.register import Register
    year = year or _dt.date.today().year
    with clerk_errors(), Register(db_url) as reg:
        entries = reg.entries(year=year, body=body, state=state)
        labels = {(e.body, e.term): reg.term_label(e.body, e.term) for e in entries if e.term}
    if not entries:
        click.echo(_("no document in the register of {year}").format(year=year))
        return
    book = None
    for e in entries:
        if (e.body, e.term, e.series) != book:
            book = (e.body, e.term, e.series)
            when = _("term {term}").format(term=labels[e.body, e.term]) if e.term else str(year)
            click.echo(f"== {e.body}" + ("" if e.series == "chung" else _(", series {name}").format(name=e.series))
                       + f", {when}")
        line = f"{e.so_ky_hieu:<16} {vn.short_date(e.issued_on):<10} {_state(e.state):<10} {e.subject[:60]}"
        if e.state == "cancelled":
            line += f"  [{e.reason}]"
        elif e.state == "reserved":
            line += f"  [{e.yaml_path}]"
        click.echo(line)
    counts = {s: sum(e.state == s for e in entries) for s in _STATES}
    click.echo(_("{n} number(s): {issued} issued, {reserved} reserved, {cancelled} cancelled").format(
        n=len(entries), **counts))
    if counts["reserved"]:
        click.echo(_("a reserved number belongs to an issue that did not finish: run vanban issue FILE again "
                     "to finish it, or vanban register cancel NUMBER/CODE --reason … to void it"))


@register.command()
@click.option("--year", type=int, help=_("Year of the register (default: this year)."))
@click.option("--body", help=_("Only this issuing body (abbreviation or name)."))
@click.option("--nhiem-ky", "term", metavar="YYYY-MM-DD",
              help=_("A Party body's register of the term begun that day (every year of it)."))
@click.option("--format", "fmt", required=True, type=click.Choice(["xlsx", "csv", "xml", "json", "edxml"]))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=_("Output file, - for standard output (default: so-dang-ky-van-ban-di-YEAR.FORMAT)."))
@db_option
def export(year: Optional[int], term: Optional[str], body: Optional[str], fmt: str, output: Optional[Path],
           db_url: Optional[str]) -> None:
    """Appendix IV's register (xlsx, csv) or appendix VI's metadata (xml, json)."""
    from vanban.register import Register
    from vanban.register.export import export as make, export_file
    from vanban.register.terms import parse_start
    try:
        start = parse_start(term) if term is not None else None
    except ValueError as exc:
        fail(f"--nhiem-ky: {exc}")
    year = year or (None if start else _dt.date.today().year)
    if fmt == "xlsx" and output == Path("-"):
        fail(_("-o: an xlsx workbook cannot go to standard output; give a file name"))
    warnings: list[str] = []
    out = output or Path(f"so-dang-ky-van-ban-di-{year or 'nhiem-ky-' + str(start)}.{fmt}")
    if fmt == "edxml":       # a folder of messages, one per issued document
        from vanban.register.edxml_export import export_edxml
        with clerk_errors(), Register(db_url) as reg:
            paths = export_edxml(reg, output or Path(f"edxml-{year or 'nhiem-ky-' + str(start)}"), year=year,
                                 body=body, term=start)
        click.echo(f"{year or start} -> {len(paths)} edXML")
        return
    with clerk_errors(), Register(db_url) as reg:
        if output == Path("-"):
            sys.stdout.buffer.write(make(reg, fmt, year=year, body=body, warnings=warnings, term=start))
        else:
            export_file(reg, fmt, out, year=year, body=body, warnings=warnings, term=start)
            click.echo(f"{year or start} -> {out}")
    for warning in warnings:
        click.echo(_("warning: {message}").format(message=warning), err=True)


@register.command()
@click.argument("number")
@click.option("--reason", required=True, help=_("Why the number is cancelled (kept in the register)."))
@click.option("--year", type=int, help=_("Year of the number (default: this year)."))
@click.option("--nhiem-ky", "term", metavar="YYYY-MM-DD",
              help=_("A Party body's number: the first day of its term (default: the current term)."))
@click.option("--body", help=_("The issuing body, when several use the same code."))
@click.option("--series", metavar="NAME", help=_("The series, when the number is in several."))
@db_option
def cancel(number: str, reason: str, year: Optional[int], term: Optional[str], body: Optional[str],
           series: Optional[str], db_url: Optional[str]) -> None:
    """Cancel NUMBER/CODE (05/LĐLĐ, a Party body's 05-NQ/TU); the number stays in the register and is never
    given again."""
    import re

    from vanban.decree import vn
    from vanban.register import Register
    from vanban.register.terms import parse_start
    found = re.fullmatch(r"\s*(\d+)\s*[-/]\s*(\S.*?)\s*", number)
    if not found:
        click.echo(_("{number}: write the number and code as on the document, e.g. 05/LĐLĐ").format(
            number=number), err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        start = parse_start(term) if term is not None else None
    except ValueError as exc:
        fail(f"--nhiem-ky: {exc}")
    with clerk_errors(), Register(db_url) as reg:
        entry = reg.cancel(int(found.group(1)), vn.nfc(found.group(2)), year, reason, body, series, start)
    click.echo(_("{number} cancelled: {reason}").format(number=entry.so_ky_hieu, reason=entry.reason))


@register.command("body")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--organ-id", metavar="ID", help=_("The body's 13-character organisation code (OrganId), "
                                                  "e.g. 000.00.00.H29."))
@click.option("--separate", "separate", multiple=True, metavar="KIND",
              help=_("A kind numbered in its own series (quyet_dinh …); repeatable; 'none' to clear."))
@click.option("--nhiem-ky", "term", metavar="YYYY-MM-DD",
              help=_("A Party body: the first day of its committee term (the day after the congress closed); "
                     "each kind is then numbered from 01 within the term."))
@click.option("--nhiem-ky-moi", "new_term", metavar="YYYY-MM-DD",
              help=_("A Party body: a new committee term begins that day; every kind starts again at 01."))
@db_option
def body_command(file: Optional[Path], organ_id: Optional[str], separate: tuple[str, ...], term: Optional[str],
                 new_term: Optional[str], db_url: Optional[str]) -> None:
    """Settings of the issuing body of FILE (any of its documents, or a body file); all bodies without FILE."""
    from vanban.register import Register
    from vanban.register.bodies import describe, update_body
    with clerk_errors(str(file) if file else ""), Register(db_url) as reg:
        if file is None:
            for body in reg.bodies():
                click.echo(describe(body))
            return
        body = update_body(reg, file, organ_id, separate, term, new_term)
    click.echo(describe(body))
