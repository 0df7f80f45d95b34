"""The outgoing register (sổ đăng ký văn bản đi): rows, numbers, states.

A number is taken and its row written in one transaction, so a number exists
exactly when its row does: a crash before COMMIT takes neither, a crash after
leaves the row ``reserved`` until ``issue`` completes it or ``cancel`` voids
it. Counters only go up, so a cancelled number is never given again.

A state or union body numbers per year; a Party body (one with a term start, see
:mod:`.terms`) numbers each kind from 01 within its committee term, its congress
documents in one shared series, its secret documents in their kind's series. The same
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
from vanban.register.terms import label as term_label, parse_starts, shown, term_of

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
    party: bool = False       # a Party document (mau: dang): numbered within its body's term
    congress: bool = False    # a congress's document (dai_hoi: true): one series for every kind


#: The one series of a Party congress's documents (HD 36 §II.1.3.1: "chung cho tất cả các tên loại").
CONGRESS = "dai_hoi"
#: The series a clerk names for secret documents; a Party body numbers them with their kind.
SECRET = "mat"


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
    term: str = ""            # the first day of the Party term the number belongs to; '' when numbered per year

    @property
    def so_ky_hieu(self) -> str:
        """``05/LĐLĐ``: the number with two digits at least, as the decree writes it; a Party
        number as HD 36 writes it, ``05-NQ/TU``."""
        return number_code(self.number, self.code, bool(self.term))


@dataclass
class IssuingBody:
    """Settings of one issuing body: its OrganId and the kinds numbered in their own series."""
    key: str
    abbr: str
    name: str
    organ_id: Optional[str] = None
    separate: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()     # first days of its committee terms, oldest first: a Party body

    @property
    def party(self) -> bool:
        return bool(self.terms)


_COLUMNS = [f.name for f in dataclasses.fields(RegisterEntry)]
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM entry"


def _entry(row: tuple) -> RegisterEntry:
    values = dict(zip(_COLUMNS, row))
    values["issued_on"] = _dt.date.fromisoformat(values["issued_on"])
    for name in ("recipients", "filed"):
        values[name] = [x for x in values[name].split(SEP) if x]
    return RegisterEntry(**values)


def _body(row: tuple) -> IssuingBody:
    key, abbr, name, organ_id, separate, term_start = row
    return IssuingBody(key, abbr, name, organ_id, tuple(s for s in separate.split(",") if s), parse_starts(term_start))


def _cancel_problem(found: list[RegisterEntry], term: Optional[str]) -> str:
    """Why ``found`` is not the one number to cancel (a message to format), or ''."""
    if not found:
        return (_("{number}: not in the register of the term from {start}") if term
                else _("{number}: not in the register of {year}"))
    if len({e.body for e in found}) > 1:
        return (_("{number}: issued by several bodies in the term from {start} ({bodies}); choose one with --body")
                if term else _("{number}: issued by several bodies in {year} ({bodies}); choose one with --body"))
    if len({e.term for e in found}) > 1:
        return _("{number}: in two terms in {year} ({terms}); choose one with --nhiem-ky")
    if len(found) > 1:
        return (_("{number}: in several series in the term from {start} ({series}); choose one with --series")
                if term else _("{number}: in several series in {year} ({series}); choose one with --series"))
    return ""


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def number_code(number: int, code: str, party: bool = False) -> str:
    """``05/LĐLĐ``: the number with two digits at least, then the code; a Party number ``05-NQ/TU``."""
    return f"{vn.doc_number(number)}{'-' if party else '/'}{code}"


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
    _BODY = "SELECT key, abbr, name, organ_id, separate, term_start FROM body"

    def body(self, key: str) -> Optional[IssuingBody]:
        rows = self.db.rows(f"{self._BODY} WHERE key = ?", (key,))
        return _body(rows[0]) if rows else None

    def bodies(self) -> list[IssuingBody]:
        return [_body(row) for row in self.db.rows(f"{self._BODY} ORDER BY key")]

    def set_body(self, body: IssuingBody) -> None:
        with self.db.transaction() as db:
            db.execute("DELETE FROM body WHERE key = ?", (body.key,))
            db.execute("INSERT INTO body (key, abbr, name, organ_id, separate, term_start) VALUES (?, ?, ?, ?, ?, ?)",
                       (body.key, body.abbr, body.name, body.organ_id, ",".join(body.separate),
                        ",".join(sorted(body.terms))))

    def series_for(self, facts: Recorded, override: Optional[str] = None) -> str:
        """State and union bodies: ``chung`` (one series per body and year), the kind when the
        body numbers it separately, or the series the clerk names (``mat`` for secret documents,
        which the decree numbers apart). A Party document: its kind (each kind from 01 in the
        term), ``dai_hoi`` for a congress's documents, and its kind for a secret one too
        (``mat`` names no series of its own: HD 36 numbers secret documents with their kind)."""
        if facts.party:
            if facts.congress:
                return CONGRESS
            return facts.kind if override in (None, "", SECRET) else override
        if override:
            return override
        settings = self.body(facts.body)
        if settings and facts.kind in settings.separate:
            return facts.kind
        return "chung"

    def term_for(self, facts: Recorded, day: _dt.date) -> str:
        """The first day of the term ``day`` falls in for a Party document, '' for a body numbering
        per year. :class:`RegisterError` when the document and the body disagree (a Party document
        of a body without a term, or the other way round) or ``day`` is before the body's first term."""
        settings = self.body(facts.body)
        starts = settings.terms if settings else ()
        if facts.party and not starts:
            raise RegisterError(_("{body}: a Party body numbers its documents within its committee term (nhiệm kỳ); "
                                  "give the term's first day once: vanban register body FILE --nhiem-ky YYYY-MM-DD")
                                .format(body=facts.body))
        if not starts:
            return ""
        if not facts.party:
            raise RegisterError(_("{body} numbers within its committee term, as a Party body; this document is not "
                                  "a Party document (write mau: dang)").format(body=facts.body))
        term = term_of(starts, day)
        if term is None:
            raise RegisterError(_("{day}: before the first term of {body} in the register (from {start}); "
                                  "add that term with vanban register body FILE --nhiem-ky-moi YYYY-MM-DD").format(
                day=day.strftime("%d/%m/%Y"), body=facts.body, start=shown(starts[0])))
        return term

    def term_label(self, body: str, term: str) -> str:
        """``2025 – 2030`` for a term of ``body``; '' for per-year numbering."""
        if not term:
            return ""
        settings = self.body(body)
        return term_label(settings.terms if settings else (term,), term)

    # -- numbers --------------------------------------------------------------
    @contextlib.contextmanager
    def claim(self, yaml_path: str) -> Iterator[None]:
        """One issue of the file at a time: a second waits (at most the timeout) until the first ends."""
        with self.db.claim(yaml_path):
            yield

    def next_number(self, facts: Recorded, day: _dt.date, series: str) -> int:
        """The number :meth:`reserve` would give now for a document dated ``day`` (shown before
        issuing; another clerk may take it first)."""
        facts = clean_record(facts)[0]
        term = self.term_for(facts, day)
        rows = self.db.rows("SELECT last FROM counter WHERE body = ? AND year = ? AND term = ? AND series = ?",
                            (facts.body, 0 if term else day.year, term, series))
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
            term = self.term_for(facts, day)    # read in the transaction: a term begun meanwhile counts
            key = (facts.body, 0 if term else year, term, series)     # a Party counter runs over the term
            if seen is not None and yaml_path:
                db.hold(yaml_path)      # until COMMIT: no other transaction adds a row for this file
                for other in self.live(yaml_path):
                    if other.id not in seen:
                        raise AlreadyIssued(Problem(yaml_path, None, "so", _(
                            "already issued as số {number}: another issue of this file took it first").format(
                            number=other.so_ky_hieu)), other.so_ky_hieu)
            db.execute("INSERT INTO counter (body, year, term, series, last) VALUES (?, ?, ?, ?, 0) "
                       "ON CONFLICT (body, year, term, series) DO NOTHING", key)
            # The UPDATE locks the counter row until COMMIT (PostgreSQL), as SELECT … FOR UPDATE would.
            number = db.rows("UPDATE counter SET last = last + 1 WHERE body = ? AND year = ? AND term = ? "
                             "AND series = ? RETURNING last", key)[0][0]
            db.execute(
                "INSERT INTO entry (body, year, term, series, number, code, kind, issued_on, subject, signer, "
                "signer_title, recipients, filed, body_name, yaml_path, state, reserved_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (facts.body, year, term, series, number, facts.code, facts.kind, day.isoformat(), facts.subject,
                 facts.signer, facts.signer_title, SEP.join(facts.recipients), SEP.join(facts.filed),
                 facts.body_name, yaml_path, RESERVED, _now()))
            return self._one("body = ? AND year = ? AND term = ? AND series = ? AND number = ?",
                             (facts.body, year, term, series, number))

    def complete(self, entry_id: int, docx_path: str, sha256: str, pdf_path: Optional[str] = None) -> RegisterEntry:
        """The document is written: the reserved row becomes issued."""
        with self.db.transaction() as db:
            db.execute("UPDATE entry SET state = ?, docx_path = ?, pdf_path = ?, sha256 = ?, issued_at = ? "
                       "WHERE id = ? AND state = ?", (ISSUED, docx_path, pdf_path, sha256, _now(), entry_id, RESERVED))
            return self._one("id = ?", (entry_id,))

    def cancel(self, number: int, code: str, year: Optional[int], reason: str, body: Optional[str] = None,
               series: Optional[str] = None, term: Optional[str] = None) -> RegisterEntry:
        """Void a number (hủy số); the row stays, with the reason, and the number is never given again.

        The number is looked for in ``year`` (a state body's register), or in the Party term that
        began on ``term``; with neither, in this year's register of a state body and in the current
        term of a Party body (a Party number is given once a term, not once a year)."""
        reason = plain(reason)[0]       # a control character would break the exports (cells.py)
        if not reason.strip():
            raise RegisterError(_("cancel: --reason: give the reason the number is cancelled"))
        found = [e for e in self.find(number, code, year, term)
                 if body in (None, e.body, e.body_name, e.body.rsplit(" (", 1)[-1].rstrip(")"))
                 and series in (None, e.series)]
        if year is None and term is None:
            today = _dt.date.today()
            found = [e for e in found if (e.term == self._current_term(e.body, today) if e.term
                                          else e.year == today.year)]
        shown_number = number_code(number, code, bool(term) or (bool(found) and all(e.term for e in found)))
        problem = _cancel_problem(found, term)
        if problem:
            raise RegisterError(problem.format(number=shown_number, start=shown(term) if term else "",
                                               year=year if year is not None else _dt.date.today().year,
                                               bodies="; ".join(e.body for e in found),
                                               terms=", ".join(shown(e.term) for e in found),
                                               series=", ".join(e.series for e in found)))
        entry = found[0]
        if entry.state == CANCELLED:
            raise RegisterError(_("{number}: already cancelled ({reason})").format(number=entry.so_ky_hieu,
                                                                                  reason=entry.reason))
        with self.db.transaction() as db:
            db.execute("UPDATE entry SET state = ?, reason = ?, cancelled_at = ? WHERE id = ?",
                       (CANCELLED, reason.strip(), _now(), entry.id))
            return self._one("id = ?", (entry.id,))

    # -- reading --------------------------------------------------------------
    def _one(self, where: str, params: tuple) -> RegisterEntry:
        return _entry(self.db.rows(f"{_SELECT} WHERE {where}", params)[0])

    def _current_term(self, body: str, day: _dt.date) -> Optional[str]:
        settings = self.body(body)
        return term_of(settings.terms, day) if settings else None

    def entries(self, year: Optional[int] = None, body: Optional[str] = None,
                state: Optional[str] = None, term: Optional[str] = None) -> list[RegisterEntry]:
        """Rows in register order: body, series, number; of one year, or of the Party term begun on ``term``."""
        where, params = [], []
        for column, value in (("year", year), ("state", state), ("term", term)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if body:
            where.append("(body = ? OR body_name = ? OR body LIKE ?)")
            params += [body, body, f"% ({body})"]
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY year, body, term, series, number"
        return [_entry(r) for r in self.db.rows(sql, params)]

    def entry(self, entry_id: int) -> Optional[RegisterEntry]:
        """The row ``entry_id``, or None."""
        rows = self.db.rows(f"{_SELECT} WHERE id = ?", (entry_id,))
        return _entry(rows[0]) if rows else None

    def find(self, number: int, code: str, year: Optional[int] = None,
             term: Optional[str] = None) -> list[RegisterEntry]:
        """The rows numbered ``number`` with ``code``, of ``year`` and of the term begun on ``term`` when given."""
        where, params = "number = ? AND code = ?", [number, code]
        for column, value in (("year", year), ("term", term)):
            if value is not None:
                where += f" AND {column} = ?"
                params.append(value)
        return [_entry(r) for r in self.db.rows(f"{_SELECT} WHERE {where}", params)]

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
        system to warn): the same number and code from the same body in the year (a Party
        body: in the term), or the same subject issued by the same body on the same day."""
        period, value = ("term", entry.term) if entry.term else ("year", entry.year)
        rows = self.db.rows(
            f"{_SELECT} WHERE {period} = ? AND body = ? AND id <> ? AND state <> ? AND "
            "((number = ? AND code = ?) OR (subject <> '' AND subject = ? AND issued_on = ?)) ORDER BY number",
            (value, entry.body, entry.id, CANCELLED, entry.number, entry.code, entry.subject,
             entry.issued_on.isoformat()))
        out = []
        for other in map(_entry, rows):
            same_number = other.number == entry.number and other.code == entry.code
            out.append((other, _("same number and code") if same_number else _("same subject on the same day")))
        return out
