"""Both engines for every register test: a SQLite file, and a real PostgreSQL server
started here from the Debian package (skipped without it, except in CI)."""
from __future__ import annotations

import itertools
import os

import pytest

from .pgserver import Server, bindir

_names = itertools.count(1)


def postgres_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("VANBAN_REQUIRE_POSTGRES"))


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Messages are asserted in their English msgid, whatever the catalogs translate."""
    monkeypatch.setenv("VANBAN_LANG", "en")


@pytest.fixture(scope="session")
def pg_server():
    if bindir() is None:
        if postgres_required():
            pytest.fail("PostgreSQL is required here (CI) but not installed: apt-get install postgresql")
        pytest.skip("PostgreSQL not installed (Debian: apt-get install postgresql)")
    server = Server()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A new, empty register on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite3")
    server = request.getfixturevalue("pg_server")
    return server.create_database(f"register_{os.getpid()}_{next(_names)}")
