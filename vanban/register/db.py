"""The register's database: SQLite on one workstation, PostgreSQL on an office server.

Plain DB-API (``sqlite3``, ``psycopg``) rather than an ORM: the register has
three tables and a handful of statements, and ``vanban issue`` starts faster
without one. SQL is written once with ``?`` placeholders and given to psycopg
as ``%s``. The schema carries its version in ``schema_version``; each
migration runs once, under the database's write lock, so that eight
workstations opening a new register at the same moment create it once.

Every wait is bounded: a lock (another clerk's numbering holds the counter) is
waited for at most ``timeout`` seconds (``$VANBAN_DB_TIMEOUT``, default 5),
a PostgreSQL statement at most three times that; then :class:`RegisterBusy`
says so and nothing has changed. A URL is only ever shown with its password
masked (:func:`masked`).
"""
from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Optional, Sequence

from vanban.i18n import _
from vanban.register.schema import MIGRATIONS, statements


class RegisterError(Exception):
    """A problem the clerk can act on (bad URL, unknown number …): printed, exit 2."""


class RegisterBusy(RegisterError):
    """Another session held what this one needed longer than the timeout; nothing was changed."""


#: Seconds a lock is waited for, unless ``$VANBAN_DB_TIMEOUT`` or the caller says otherwise.
DEFAULT_TIMEOUT = 5.0
#: PostgreSQL advisory-lock namespace of a draft being issued (first key; the second is the path's hash).
CLAIM_SPACE = 7033021


def default_path() -> Path:
    """The per-user register: ``~/.local/share/vanban/register.sqlite3`` on Linux,
    ``%LOCALAPPDATA%\\vanban\\register.sqlite3`` on Windows, ``~/Library/Application Support/vanban`` on macOS."""
    import platformdirs
    return Path(platformdirs.user_data_dir("vanban", appauthor=False)) / "register.sqlite3"


def resolve_url(url: Optional[str] = None) -> str:
    """``--db``, else ``$VANBAN_DB``, else the per-user SQLite file."""
    return url or os.environ.get("VANBAN_DB") or str(default_path())


def resolve_timeout(timeout: Optional[float] = None) -> float:
    """``timeout``, else ``$VANBAN_DB_TIMEOUT``, else :data:`DEFAULT_TIMEOUT` (seconds, > 0)."""
    raw = timeout if timeout is not None else os.environ.get("VANBAN_DB_TIMEOUT") or DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except (TypeError, ValueError):
        value = math.nan
    if not 0 < value < math.inf:
        raise RegisterError(_("VANBAN_DB_TIMEOUT={value}: give the seconds to wait for a busy register, "
                              "e.g. 5").format(value=raw))
    return value


_POSTGRES = ("postgresql://", "postgres://", "postgresql+psycopg://")
# user:password@ after a scheme (greedy to the last @ of the word: a password may hold one); password=….
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#@]*:)\S*@")
_PARAM_PASSWORD = re.compile(r"(?i)\b(password=)[^&\s#]*")


def masked(text: str) -> str:
    """``text`` (a URL, or a message that quotes one) with every password shown as ``***``:
    ``mysql://u:***@host/db``, ``…?password=***``."""
    return _PARAM_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


def busy_message(seconds: float) -> str:
    return _("the register is busy: another issue is in progress (waited {seconds:g} s); try again").format(
        seconds=seconds)


class Database:
    """One connection to the register, opened on first use."""

    def __init__(self, url: Optional[str] = None, timeout: Optional[float] = None):
        self.url = resolve_url(url)
        self.timeout = resolve_timeout(timeout)
        if self.url.startswith(_POSTGRES):
            self.dialect = "postgresql"
            self.target = self.url.replace("postgresql+psycopg://", "postgresql://", 1)
        elif "://" in self.url and not self.url.startswith("sqlite:///"):
            raise RegisterError(_("{url}: unsupported database ({scheme}); the register is kept in SQLite "
                                  "(a file path or sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DB)").format(
                url=masked(self.url), scheme=self.url.split("://", 1)[0] + "://"))
        else:
            self.dialect = "sqlite"
            path = self.url[len("sqlite:///"):] if self.url.startswith("sqlite:///") else self.url
            self.target = str(Path(path).expanduser())
        self._conn: Any = None

    def files(self) -> list[Path]:
        """The files that hold the register (none for a server): never to be written as an output."""
        if self.dialect != "sqlite":
            return []
        return [Path(self.target + suffix) for suffix in ("", "-wal", "-shm", "-journal")]

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
                conn = sqlite3.connect(self.target, timeout=self.timeout, isolation_level=None,
                                       check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")
                self._wal(conn)
            except sqlite3.Error as exc:
                raise RegisterError(f"{self.target}: {exc}") from None
            return conn
        try:
            import psycopg
        except ImportError:
            raise RegisterError(_("a PostgreSQL register needs psycopg: pip install 'vanban[postgresql]'")) from None
        try:
            conn = psycopg.connect(self.target, autocommit=True, connect_timeout=20)
            # For the whole session: reads, migrations and the numbering transaction all give up in time.
            ms = int(self.timeout * 1000)
            conn.execute(f"SET lock_timeout = {ms}")
            conn.execute(f"SET statement_timeout = {3 * ms}")
            return conn
        except psycopg.Error as exc:
            raise RegisterError(_("{url}: cannot connect ({error})").format(
                url=masked(self.target), error=masked(str(exc).strip().splitlines()[0]))) from None

    def _wal(self, conn) -> None:
        """Switch a SQLite register to WAL. SQLite answers "locked" at once, without its busy
        handler, while another connection is switching the same new file: try again until the
        timeout, so connections opened together all wait rather than fail."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if self._busy(exc) is None or time.monotonic() >= deadline:
                    raise self._busy(exc) or exc from None
                time.sleep(0.02)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- statements ---------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def _busy(self, exc: BaseException) -> Optional[RegisterBusy]:
        """The driver's "waited too long" as :class:`RegisterBusy`; None for any other error."""
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
            return RegisterBusy(busy_message(self.timeout))
        state = getattr(exc, "sqlstate", None)
        if state == "55P03":        # lock_not_available: lock_timeout ran out
            return RegisterBusy(busy_message(self.timeout))
        if state == "57014":        # query_canceled: statement_timeout ran out
            return RegisterBusy(_("the register's server did not answer within {seconds:g} s; try again").format(
                seconds=3 * self.timeout))
        return None

    def _run(self, conn, sql: str, params: Sequence = ()):
        try:
            return conn.execute(sql, tuple(params))
        except Exception as exc:
            busy = self._busy(exc)
            if busy is None:
                raise
            raise busy from None

    def execute(self, sql: str, params: Sequence = ()):
        return self._run(self.conn, self._sql(sql), params)

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
        self._run(conn, "BEGIN IMMEDIATE" if self.dialect == "sqlite" else "BEGIN")
        try:
            yield self
            self._run(conn, "COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):     # the error that got us here is the one to report
                conn.execute("ROLLBACK")
            raise

    def hold(self, key: str) -> None:
        """Inside a transaction: ``key`` is held until it ends. SQLite's ``BEGIN IMMEDIATE`` already
        holds every other writer off; PostgreSQL takes a transaction advisory lock on it."""
        if self.dialect == "postgresql":
            self.execute("SELECT pg_advisory_xact_lock(?, ?)", (CLAIM_SPACE + 1, _key(key)))

    # -- one issue of a draft at a time ---------------------------------------
    @contextlib.contextmanager
    def claim(self, key: str) -> Iterator[None]:
        """Hold ``key`` (a draft's path) against every other session until the block ends.

        Waits at most the timeout, then :class:`RegisterBusy`. Whoever dies holding it lets it go
        (the server ends a lost session's advisory locks; the kernel a dead process's file locks),
        so a killed ``issue`` never blocks the run that finishes it. PostgreSQL: an advisory lock,
        seen by every workstation. SQLite, whose clients share one machine: a file lock beside
        the database.
        """
        if self.dialect == "postgresql":
            ident = (CLAIM_SPACE, _key(key))
            self.execute("SELECT pg_advisory_lock(?, ?)", ident)      # bounded by lock_timeout
            try:
                yield
            finally:
                with contextlib.suppress(Exception):
                    self.execute("SELECT pg_advisory_unlock(?, ?)", ident)
            return
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        with _file_lock(Path(self.target + "-issuing") / f"{digest[:32]}.lock", self.timeout):
            yield

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
                url=masked(self.url)))
        if found == len(MIGRATIONS):
            return
        conn = self._conn
        with self.transaction():
            if self.dialect == "postgresql":
                # Serialises concurrent first opens; released at COMMIT.
                self._run(conn, "SELECT pg_advisory_xact_lock(7033020)")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            current = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            for version in range(1, len(MIGRATIONS) + 1):
                if version <= current:
                    continue
                for statement in statements(version, self.dialect):
                    conn.execute(statement)
                conn.execute(self._sql("INSERT INTO schema_version (version) VALUES (?)"), (version,))


def _key(text: str) -> int:
    """A PostgreSQL advisory-lock key (int4) for ``text``."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:4], "big", signed=True)


def _inode(path: Path) -> Optional[int]:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


@contextlib.contextmanager
def _file_lock(path: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock on ``path`` (made, and removed after), waited for at most ``timeout`` s.

    ``flock`` belongs to the open file, so two threads of one web server exclude each other as two
    processes do. The file is unlinked while still locked, so a waiter that opened the old one
    checks, once it holds a lock, that it is still the file at ``path`` (else it starts again).
    """
    try:
        import fcntl
    except ImportError:                 # no flock (Windows): one process's threads still exclude each other
        with _local_guard:
            lock = _local_locks.setdefault(str(path), threading.Lock())
        if not lock.acquire(timeout=timeout):
            raise RegisterBusy(busy_message(timeout)) from None
        try:
            yield
        finally:
            lock.release()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fd).st_ino == _inode(path):
                break
        except BlockingIOError:
            pass
        os.close(fd)
        if time.monotonic() >= deadline:
            raise RegisterBusy(busy_message(timeout))
        time.sleep(0.02)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
