"""The register's schema, one migration per version, for SQLite and PostgreSQL.

Version 1 numbered every body per year: a counter and an entry were keyed by
(body, year, series). Version 2 adds the Party's numbering (HD 36-HD/VPTW §II.1.3:
from 01 for each kind within one committee term, nhiệm kỳ): ``body.term_start``
(the starts of the body's terms, ISO dates, comma-separated; empty for a body
numbering per year), ``counter.term`` and ``entry.term`` (the start of the term a
number belongs to; '' for per-year numbering, never NULL, so that the keys and
``ON CONFLICT`` compare it). A Party counter has year 0: its key is
(body, 0, term, series). An entry keeps the year it was issued in, and its number
is unique per year (state) or per term (Party), by two partial unique indexes.

SQLite cannot drop a table's UNIQUE constraint: version 2 rebuilds counter and
entry (create, copy, drop, rename) inside the migration's transaction, so a
version-1 register is upgraded whole or not at all. PostgreSQL alters in place.
"""
from __future__ import annotations

_PK = {"sqlite": "INTEGER PRIMARY KEY", "postgresql": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}

_ENTRY_COLUMNS = ("id, body, year, series, number, code, kind, issued_on, subject, signer, signer_title, recipients, "
                  "filed, body_name, yaml_path, docx_path, pdf_path, sha256, state, reason, reserved_at, issued_at, "
                  "cancelled_at")

#: The entry table's columns after version 1 (``{unique}``: its table constraint, if any).
_ENTRY = """CREATE TABLE {name} (
            id {pk},
            body TEXT NOT NULL,
            year INTEGER NOT NULL,
            series TEXT NOT NULL,
            number INTEGER NOT NULL,
            code TEXT NOT NULL,
            kind TEXT NOT NULL,
            issued_on TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            signer TEXT NOT NULL DEFAULT '',
            signer_title TEXT NOT NULL DEFAULT '',
            recipients TEXT NOT NULL DEFAULT '',
            filed TEXT NOT NULL DEFAULT '',
            body_name TEXT NOT NULL DEFAULT '',
            yaml_path TEXT NOT NULL DEFAULT '',
            docx_path TEXT,
            pdf_path TEXT,
            sha256 TEXT,
            state TEXT NOT NULL,
            reason TEXT,
            reserved_at TEXT NOT NULL,
            issued_at TEXT,
            cancelled_at TEXT{extra}
        )"""

_INDEXES = [
    "CREATE INDEX entry_year ON entry (year, body)",
    "CREATE INDEX entry_day ON entry (body, issued_on)",
    "CREATE INDEX entry_file ON entry (yaml_path, state)",
]

# Version 2's keys, the same on both engines: a number once per year (state) or per term (Party).
_NUMBER_KEYS = [
    "CREATE UNIQUE INDEX entry_number_year ON entry (body, year, series, number) WHERE term = ''",
    "CREATE UNIQUE INDEX entry_number_term ON entry (body, term, series, number) WHERE term <> ''",
    "CREATE INDEX entry_term ON entry (term, body)",
]

_V1 = [
    """CREATE TABLE body (
            key TEXT PRIMARY KEY,
            abbr TEXT NOT NULL,
            name TEXT NOT NULL,
            organ_id TEXT,
            separate TEXT NOT NULL DEFAULT ''
        )""",
    """CREATE TABLE counter (
            body TEXT NOT NULL,
            year INTEGER NOT NULL,
            series TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (body, year, series)
        )""",
    _ENTRY.replace("{name}", "entry").replace("{extra}", ",\n            UNIQUE (body, year, series, number)"),
    *_INDEXES,
]

_V2_SQLITE = [
    "ALTER TABLE body ADD COLUMN term_start TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE counter_v2 (
            body TEXT NOT NULL,
            year INTEGER NOT NULL,
            term TEXT NOT NULL DEFAULT '',
            series TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (body, year, term, series)
        )""",
    "INSERT INTO counter_v2 (body, year, term, series, last) SELECT body, year, '', series, last FROM counter",
    "DROP TABLE counter",
    "ALTER TABLE counter_v2 RENAME TO counter",
    _ENTRY.replace("{name}", "entry_v2").replace("{extra}", ",\n            term TEXT NOT NULL DEFAULT ''"),
    f"INSERT INTO entry_v2 ({_ENTRY_COLUMNS}, term) SELECT {_ENTRY_COLUMNS}, '' FROM entry",
    "DROP TABLE entry",        # its indexes go with it
    "ALTER TABLE entry_v2 RENAME TO entry",
    *_INDEXES,
    *_NUMBER_KEYS,
]

_V2_POSTGRESQL = [
    "ALTER TABLE body ADD COLUMN term_start TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE counter ADD COLUMN term TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE counter DROP CONSTRAINT counter_pkey",
    "ALTER TABLE counter ADD PRIMARY KEY (body, year, term, series)",
    "ALTER TABLE entry ADD COLUMN term TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE entry DROP CONSTRAINT entry_body_year_series_number_key",    # PostgreSQL's name for v1's UNIQUE
    *_NUMBER_KEYS,
]

#: Version N is ``MIGRATIONS[N - 1]``: the same statements on both engines, or one list per engine.
MIGRATIONS: list = [
    _V1,
    {"sqlite": _V2_SQLITE, "postgresql": _V2_POSTGRESQL},
]


def statements(version: int, dialect: str) -> list[str]:
    """The statements that bring a register of ``version - 1`` to ``version`` on ``dialect``."""
    found = MIGRATIONS[version - 1]
    chosen = found[dialect] if isinstance(found, dict) else found
    return [s.replace("{pk}", _PK[dialect]) for s in chosen]
