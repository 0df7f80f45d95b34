"""The register's database: SQLite on one workstation, PostgreSQL on an office server.

Plain DB-API (``sqlite3``, ``psycopg``) rather than an ORM: the register has
three tables and a handful of statements, and ``vanban issue`` starts faster
without one. SQL is written once with ``?`` placeholders and given to psycopg
as ``%s``. The schema carries its version in ``schema_version``; each
migration runs once, under the database's write lock, so that eight
workstations opening a new register at the same moment create it once.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from vanban.i18n import _


class RegisterError(Exception):
    """A problem the clerk can act on (bad URL, unknown number …): printed, exit 2."""


#: Each migration is a list of statements; ``{pk}`` is the dialect's auto-numbered key.
MIGRATIONS: list[list[str]] = [
    [
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
        """CREATE TABLE entry (
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
            cancelled_at TEXT,
            UNIQUE (body, year, series, number)
        )""",
        "CREATE INDEX entry_year ON entry (year, body)",
        "CREATE INDEX entry_day ON entry (body, issued_on)",
        "CREATE INDEX entry_file ON entry (yaml_path, state)",
    ],
]

_PK = {"sqlite": "INTEGER PRIMARY KEY", "postgresql": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"}


def default_path() -> Path:
    """The per-user register: ``~/.local/share/vanban/register.sqlite3`` on Linux,
    ``%LOCALAPPDATA%\\vanban\\register.sqlite3`` on Windows, ``~/Library/Application Support/vanban`` on macOS."""
    import platformdirs
    return Path(platformdirs.user_data_dir("vanban", appauthor=False)) / "register.sqlite3"


def resolve_url(url: Optional[str] = None) -> str:
    """``--db``, else ``$VANBAN_DB``, else the per-user SQLite file."""
    return url or os.environ.get("VANBAN_DB") or str(default_path())


class Database:
    """One connection to the register, opened on first use."""

    def __init__(self, url: Optional[str] = None):
        self.url = resolve_url(url)
        if self.url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
            self.dialect = "postgresql"
            self.target = self.url.replace("postgresql+psycopg://", "postgresql://", 1)
        elif "://" in self.url and not self.url.startswith("sqlite://"):
            raise RegisterError(_("{url}: unsupported database; give a file path, sqlite:///PATH or "
                                  "postgresql://USER@HOST/DB").format(url=self.url))
        else:
            self.dialect = "sqlite"
            path = self.url[len("sqlite:///"):] if self.url.startswith("sqlite:///") else self.url
            self.target = str(Path(path).expanduser())
        self._conn: Any = None

    # -- connecting ---------------------------------------------------------
    @property
    def conn(self):
        if self._conn is None:
            self._conn = self._connect()
            self._migrate()
        return self._conn

    def _connect(self):
        if self.dialect == "sqlite":
            Path(self.target).parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = sqlite3.connect(self.target, timeout=60, isolation_level=None, check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA busy_timeout=60000")
            except sqlite3.Error as exc:
                raise RegisterError(f"{self.target}: {exc}") from None
            return conn
        try:
            import psycopg
        except ImportError:
            raise RegisterError(_("a PostgreSQL register needs psycopg: pip install 'vanban[postgresql]'")) from None
        try:
            return psycopg.connect(self.target, autocommit=True, connect_timeout=20)
        except psycopg.Error as exc:
            raise RegisterError(_("{url}: cannot connect ({error})").format(
                url=_hide_password(self.target), error=str(exc).strip().splitlines()[0])) from None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- statements ---------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence = ()):
        return self.conn.execute(self._sql(sql), tuple(params))

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """A write transaction that holds the write lock from its first statement.

        SQLite: ``BEGIN IMMEDIATE`` takes the database's write lock at once, so two
        writers never both read the same counter. PostgreSQL: the counter row is
        locked by the ``UPDATE`` that increments it (see store.reserve), the same
        lock ``SELECT … FOR UPDATE`` takes; other series are not held up.
        """
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        try:
            yield self
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- schema -------------------------------------------------------------
    def _version(self) -> int:
        try:
            found = self._conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        except Exception:  # no schema_version table yet: a new register
            return 0
        return found[0] or 0

    def _migrate(self) -> None:
        found = self._version()
        if found > len(MIGRATIONS):
            raise RegisterError(_("{url}: the register was made by a newer vanban; upgrade vanban").format(
                url=_hide_password(self.url)))
        if found == len(MIGRATIONS):
            return
        conn = self._conn
        with self.transaction():
            if self.dialect == "postgresql":
                # Serialises concurrent first opens; released at COMMIT.
                conn.execute("SELECT pg_advisory_xact_lock(7033020)")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            for version, statements in enumerate(MIGRATIONS, start=1):
                if version <= current:
                    continue
                for statement in statements:
                    conn.execute(statement.format(pk=_PK[self.dialect]))
                conn.execute(self._sql("INSERT INTO schema_version (version) VALUES (?)"), (version,))


def _hide_password(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url
