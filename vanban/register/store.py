"""The outgoing register (sổ đăng ký văn bản đi): rows, numbers, states.

A number is taken and its row written in one transaction, so a number exists
exactly when its row does: a crash before COMMIT takes neither, a crash after
leaves the row ``reserved`` until ``issue`` completes it or ``cancel`` voids
it. Counters only go up, so a cancelled number is never given again. The same
transaction refuses a number to a draft that was given one since its caller
looked (:class:`AlreadyIssued`): a draft issued twice at once gets one number.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
from typing import Collection, Iterator, Optional

from vanban.decree import vn
from vanban.i18n import _
from vanban.model.loader import InputError, Problem
from vanban.register.cells import clean_record, plain
from vanban.register.db import Database, RegisterError

RESERVED, ISSUED, CANCELLED = "reserved", "issued", "cancelled"
SEP = "\n"   # list fields (recipients, filed copies) are stored one item a line


class AlreadyIssued(InputError):
    """The draft already has a number (``number``, as ``05/LĐLĐ``), written in it or taken for it
    by another issue of the same file: it is not given a second one."""

    def __init__(self, problem: Problem, number: str):
        super().__init__([problem])
        self.number = number


@dataclass
class Recorded:
    """What the register records about a document, taken from its YAML."""
    body: str                 # key of the issuing body: name and abbreviation
    abbr: str
    body_name: str
    kind: str
    code: str                 # ký hiệu, without the number
    subject: str = ""
    signer: str = ""
    signer_title: str = ""
    recipients: list[str] = field(default_factory=list)
    filed: list[str] = field(default_factory=list)


@dataclass
class RegisterEntry:
    """One row of the register."""
    id: int
    body: str
    year: int
    series: str
    number: int
    code: str
    kind: str
    issued_on: _dt.date
    subject: str
    signer: str
    signer_title: str
    recipients: list[str]
    filed: list[str]
    body_name: str
    yaml_path: str
    docx_path: Optional[str]
    pdf_path: Optional[str]
    sha256: Optional[str]
    state: str
    reason: Optional[str]
    reserved_at: str
    issued_at: Optional[str]
    cancelled_at: Optional[str]

    @property
    def so_ky_hieu(self) -> str:
        """``05/LĐLĐ``: the number with two digits at least, as the decree writes it."""
        return number_code(self.number, self.code)


@dataclass
class IssuingBody:
    """Settings of one issuing body: its OrganId and the kinds numbered in their own series."""
    key: str
    abbr: str
    name: str
    organ_id: Optional[str] = None
    separate: tuple[str, ...] = ()


_COLUMNS = [f.name for f in dataclasses.fields(RegisterEntry)]
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM entry"


def _entry(row: tuple) -> RegisterEntry:
    values = dict(zip(_COLUMNS, row))
    values["issued_on"] = _dt.date.fromisoformat(values["issued_on"])
    for name in ("recipients", "filed"):
        values[name] = [x for x in values[name].split(SEP) if x]
    return RegisterEntry(**values)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def number_code(number: int, code: str) -> str:
    """``05/LĐLĐ``: the number with two digits at least, then the code."""
    return f"{vn.doc_number(number)}/{code}"


def body_key(abbr: str, name: str) -> str:
    """A body is known by its name and abbreviation: ``LĐLĐ TỈNH LAI CHÂU (LĐLĐ)``."""
    return f"{' '.join(name.split())} ({abbr.strip()})"


class Register:
    """The register in one database (``url``: a path, ``sqlite:///…`` or ``postgresql://…``);
    ``timeout``: seconds to wait for a lock another clerk holds (default ``$VANBAN_DB_TIMEOUT`` or 5)."""

    def __init__(self, url: Optional[str] = None, timeout: Optional[float] = None):
        self.db = Database(url, timeout)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- bodies and series ----------------------------------------------------
    def body(self, key: str) -> Optional[IssuingBody]:
        rows = self.db.rows("SELECT key, abbr, name, organ_id, separate FROM body WHERE key = ?", (key,))
        if not rows:
            return None
        key, abbr, name, organ_id, separate = rows[0]
        return IssuingBody(key, abbr, name, organ_id, tuple(s for s in separate.split(",") if s))

    def bodies(self) -> list[IssuingBody]:
        rows = self.db.rows("SELECT key, abbr, name, organ_id, separate FROM body ORDER BY key")
        return [IssuingBody(key, abbr, name, organ_id, tuple(s for s in separate.split(",") if s))
                for key, abbr, name, organ_id, separate in rows]

    def set_body(self, body: IssuingBody) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM body WHERE key = ?", (body.key,))
            db.execute("INSERT INTO body (key, abbr, name, organ_id, separate) VALUES (?, ?, ?, ?, ?)",
                       (body.key, body.abbr, body.name, body.organ_id, ",".join(body.separate)))

    def series_for(self, facts: Recorded, override: Optional[str] = None) -> str:
        """``chung`` (one series per body and year), the kind when the body numbers it
        separately, or the series the clerk names (``mat`` for secret documents, say)."""
        if override:
            return override
        settings = self.body(facts.body)
        if settings and facts.kind in settings.separate:
            return facts.kind
        return "chung"

    # -- numbers --------------------------------------------------------------
    @contextlib.contextmanager
    def claim(self, yaml_path: str) -> Iterator[None]:
        """One issue of the file at a time: a second waits (at most the timeout) until the first ends."""
        with self.db.claim(yaml_path):
            yield

    def next_number(self, facts: Recorded, year: int, series: str) -> int:
        """The number :meth:`reserve` would give now (shown before issuing; another clerk may take it first)."""
        rows = self.db.rows("SELECT last FROM counter WHERE body = ? AND year = ? AND series = ?",
                            (clean_record(facts)[0].body, year, series))
        return (rows[0][0] if rows else 0) + 1

    def reserve(self, facts: Recorded, day: _dt.date, series: str, yaml_path: str = "",
                seen: Optional[Collection[int]] = None) -> RegisterEntry:
        """Take the series' next number and write its row, in one transaction.

        ``seen``: the ids of the file's live rows when the caller read it (:meth:`live`). A live
        row of ``yaml_path`` that is not among them was taken by another issue of the same file
        meanwhile: :class:`AlreadyIssued`, and no number is taken.
        """
        year = day.year
        facts = clean_record(facts)[0]      # issue_file has said what it removed; no other caller stores one
        with self.db.transaction() as db:
            if seen is not None and yaml_path:
                db.hold(yaml_path)      # until COMMIT: no other transaction adds a row for this file
                for other in self.live(yaml_path):
                    if other.id not in seen:
                        raise AlreadyIssued(Problem(yaml_path, None, "so", _(
                            "already issued as số {number}: another issue of this file took it first").format(
                            number=other.so_ky_hieu)), other.so_ky_hieu)
            db.execute("INSERT INTO counter (body, year, series, last) VALUES (?, ?, ?, 0) "
                       "ON CONFLICT (body, year, series) DO NOTHING", (facts.body, year, series))
            # The UPDATE locks the counter row until COMMIT (PostgreSQL), as SELECT … FOR UPDATE would.
            number = db.rows("UPDATE counter SET last = last + 1 WHERE body = ? AND year = ? AND series = ? "
                             "RETURNING last", (facts.body, year, series))[0][0]
            db.execute(
                "INSERT INTO entry (body, year, series, number, code, kind, issued_on, subject, signer, "
                "signer_title, recipients, filed, body_name, yaml_path, state, reserved_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (facts.body, year, series, number, facts.code, facts.kind, day.isoformat(), facts.subject,
                 facts.signer, facts.signer_title, SEP.join(facts.recipients), SEP.join(facts.filed),
                 facts.body_name, yaml_path, RESERVED, _now()))
            return self._one("body = ? AND year = ? AND series = ? AND number = ?",
                             (facts.body, year, series, number))

    def complete(self, entry_id: int, docx_path: str, sha256: str, pdf_path: Optional[str] = None) -> RegisterEntry:
        """The document is written: the reserved row becomes issued."""
        with self.db.transaction() as db:
            db.execute("UPDATE entry SET state = ?, docx_path = ?, pdf_path = ?, sha256 = ?, issued_at = ? "
                       "WHERE id = ? AND state = ?", (ISSUED, docx_path, pdf_path, sha256, _now(), entry_id, RESERVED))
            return self._one("id = ?", (entry_id,))

    def cancel(self, number: int, code: str, year: int, reason: str, body: Optional[str] = None,
               series: Optional[str] = None) -> RegisterEntry:
        """Void a number (hủy số); the row stays, with the reason, and the number is never given again."""
        reason = plain(reason)[0]       # a control character would break the exports (cells.py)
        if not reason.strip():
            raise RegisterError(_("cancel: --reason: give the reason the number is cancelled"))
        found = [e for e in self.find(number, code, year)
                 if body in (None, e.body, e.body_name, e.body.rsplit(" (", 1)[-1].rstrip(")"))
                 and series in (None, e.series)]
        label = number_code(number, code)
        if not found:
            raise RegisterError(_("{number}: not in the register of {year}").format(number=label, year=year))
        if len({e.body for e in found}) > 1:
            raise RegisterError(_("{number}: issued by several bodies in {year} ({bodies}); choose one with --body")
                                .format(number=label, year=year, bodies="; ".join(e.body for e in found)))
        if len(found) > 1:
            raise RegisterError(_("{number}: in several series in {year} ({series}); choose one with --series")
                                .format(number=label, year=year, series=", ".join(e.series for e in found)))
        entry = found[0]
        if entry.state == CANCELLED:
            raise RegisterError(_("{number}: already cancelled ({reason})").format(number=label, reason=entry.reason))
        with self.db.transaction() as db:
            db.execute("UPDATE entry SET state = ?, reason = ?, cancelled_at = ? WHERE id = ?",
                       (CANCELLED, reason.strip(), _now(), entry.id))
            return self._one("id = ?", (entry.id,))

    # -- reading --------------------------------------------------------------
    def _one(self, where: str, params: tuple) -> RegisterEntry:
        return _entry(self.db.rows(f"{_SELECT} WHERE {where}", params)[0])

    def entries(self, year: Optional[int] = None, body: Optional[str] = None,
                state: Optional[str] = None) -> list[RegisterEntry]:
        """Rows in register order: body, series, number."""
        where, params = [], []
        for column, value in (("year", year), ("state", state)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if body:
            where.append("(body = ? OR body_name = ? OR body LIKE ?)")
            params += [body, body, f"% ({body})"]
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY year, body, series, number"
        return [_entry(r) for r in self.db.rows(sql, params)]

    def find(self, number: int, code: str, year: int) -> list[RegisterEntry]:
        return [_entry(r) for r in self.db.rows(f"{_SELECT} WHERE number = ? AND code = ? AND year = ?",
                                                (number, code, year))]

    def live(self, yaml_path: str) -> list[RegisterEntry]:
        """The file's rows that are not cancelled, newest first."""
        return [_entry(r) for r in self.db.rows(f"{_SELECT} WHERE yaml_path = ? AND state <> ? ORDER BY id DESC",
                                                (yaml_path, CANCELLED))]

    def pending(self, yaml_path: str) -> Optional[RegisterEntry]:
        """The reserved row of a file whose issue did not finish, if any."""
        rows = self.db.rows(f"{_SELECT} WHERE yaml_path = ? AND state = ? ORDER BY id DESC",
                            (yaml_path, RESERVED))
        return _entry(rows[0]) if rows else None

    def duplicates(self, entry: RegisterEntry) -> list[tuple[RegisterEntry, str]]:
        """Other live rows that look like the same document (Decree 30 appendix VI asks the
        system to warn): the same number and code from the same body in the year, or the
        same subject issued by the same body on the same day."""
        rows = self.db.rows(
            f"{_SELECT} WHERE year = ? AND body = ? AND id <> ? AND state <> ? AND "
            "((number = ? AND code = ?) OR (subject <> '' AND subject = ? AND issued_on = ?)) ORDER BY number",
            (entry.year, entry.body, entry.id, CANCELLED, entry.number, entry.code, entry.subject,
             entry.issued_on.isoformat()))
        out = []
        for other in map(_entry, rows):
            same_number = other.number == entry.number and other.code == entry.code
            out.append((other, _("same number and code") if same_number else _("same subject on the same day")))
        return out
