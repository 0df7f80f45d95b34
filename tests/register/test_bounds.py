"""The register's bounds in detail: the claim on a draft, the check inside the numbering
transaction, the timeouts, the masked URLs and the cleaning of text (tests/doors has the doors)."""
from __future__ import annotations

import contextlib
import datetime
import os
import signal
import threading
import time

import pytest
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.register import AlreadyIssued, Register, RegisterBusy, RegisterError, facts_of, issue_file, masked
from vanban.register.cells import clean_record, csv_cell, plain

from .drafts import write_draft

DAY = datetime.date(2024, 5, 10)


def test_the_transaction_alone_gives_a_draft_one_number(db_url, tmp_path, monkeypatch):
    # Without the claim (another vanban, or a platform without file locks), issues of one draft that
    # overlap still get one number: each checks, inside its numbering transaction, for rows taken since it read.
    monkeypatch.setattr(Register, "claim", lambda self, path: contextlib.nullcontext())
    draft = write_draft(tmp_path, "cv")
    barrier, outcomes = threading.Barrier(4), []

    def one():
        barrier.wait()
        try:
            with Register(db_url, timeout=60) as reg:
                outcomes.append(issue_file(draft, reg, day=DAY).entry.number)
        except AlreadyIssued as exc:
            outcomes.append(exc.number)

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    with Register(db_url) as reg:
        assert [e.number for e in reg.entries(year=2024)] == [1]
    assert set(outcomes) <= {1, "01/LĐLĐ"} and 1 in outcomes and len(outcomes) == 4


def test_a_row_taken_since_the_draft_was_read_refuses_the_number(db_url, tmp_path):
    draft = write_draft(tmp_path, "cv")
    where = str(draft.resolve())
    with Register(db_url) as reg, Register(db_url) as other:
        seen = reg.live(where)                               # this issue reads the register and the draft …
        facts = facts_of(vanban.load(draft))
        issue_file(draft, other, day=DAY)                    # … another issue of it finishes meanwhile …
        with pytest.raises(AlreadyIssued) as caught:         # … so this one takes no number
            reg.reserve(facts, DAY, "chung", where, seen={e.id for e in seen})
        assert caught.value.number == "01/LĐLĐ"
        assert str(caught.value) == (f"{where}: so: already issued as số 01/LĐLĐ: another issue of this file "
                                     "took it first")
        # The refused transaction gave its increment back: the next draft gets 02.
        assert issue_file(write_draft(tmp_path, "next"), reg, day=DAY).entry.number == 2
        # A file issued long ago and written again as a new draft (so: removed) is numbered as before.
        again = write_draft(tmp_path, "cv", "văn bản mới cùng tên tệp")
        assert issue_file(again, reg, day=DAY).entry.number == 3


def test_a_claim_waits_for_its_holder_then_says_busy(db_url, tmp_path):
    held, release = threading.Event(), threading.Event()

    def holder():
        with Register(db_url) as reg, reg.claim("/x/cv.yaml"):
            held.set()
            release.wait(30)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(30)
    try:
        with Register(db_url, timeout=0.5) as reg:
            start = time.monotonic()
            with pytest.raises(RegisterBusy, match="the register is busy"):
                with reg.claim("/x/cv.yaml"):
                    pass
            assert 0.45 <= time.monotonic() - start < 5
            with reg.claim("/x/other.yaml"):                  # another draft is not held up
                pass
    finally:
        release.set()
        thread.join(30)
    with Register(db_url, timeout=0.5) as reg, reg.claim("/x/cv.yaml"):
        pass                                                  # let go when the block ended


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked holder (POSIX)")
def test_a_claim_dies_with_its_holder(db_url, tmp_path):
    Register(db_url).entries()                                # the schema exists before forking
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            with Register(db_url) as reg, reg.claim("/x/cv.yaml"):
                os.write(write_end, b"1")
                time.sleep(60)
        finally:
            os._exit(0)
    os.read(read_end, 1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with Register(db_url, timeout=10) as reg:
        start = time.monotonic()
        with reg.claim("/x/cv.yaml"):
            pass
        assert time.monotonic() - start < 5


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_locked_table_bounds_a_listing_too(db_url, tmp_path):
    import psycopg
    Register(db_url).entries()
    with psycopg.connect(db_url) as conn:
        conn.execute("LOCK TABLE entry IN ACCESS EXCLUSIVE MODE")     # e.g. a backup tool's lock
        start = time.monotonic()
        result = CliRunner().invoke(main, ["register", "list", "--db", db_url],
                                    env={"VANBAN_DB_TIMEOUT": "0.5"})
        assert time.monotonic() - start < 5
    assert result.exit_code == 1
    assert result.stderr == "the register is busy: another issue is in progress (waited 0.5 s); try again\n"


def test_timeout_setting(monkeypatch, tmp_path):
    url = str(tmp_path / "r.sqlite3")
    assert Register(url).db.timeout == 5.0
    assert Register(url, timeout=0.25).db.timeout == 0.25
    monkeypatch.setenv("VANBAN_DB_TIMEOUT", "2.5")
    assert Register(url).db.timeout == 2.5
    for bad in ("abc", "0", "-1", "inf", "nan"):
        monkeypatch.setenv("VANBAN_DB_TIMEOUT", bad)
        with pytest.raises(RegisterError) as caught:
            Register(url)
        assert str(caught.value) == (f"VANBAN_DB_TIMEOUT={bad}: give the seconds to wait for a busy register, "
                                     "e.g. 5")
    result = CliRunner().invoke(main, ["register", "list", "--db", url], env={"VANBAN_DB_TIMEOUT": "soon"})
    assert result.exit_code == 2 and result.stderr.startswith("VANBAN_DB_TIMEOUT=soon: give the seconds")


@pytest.mark.parametrize("url, shown", [
    ("mysql://u:pw@host/db", "mysql://u:***@host/db"),
    ("postgresql://clerk:p@ss/w0rd@db.office:5432/reg", "postgresql://clerk:***@db.office:5432/reg"),
    ("postgresql://clerk@host/db?password=x&sslmode=require", "postgresql://clerk@host/db?password=***&sslmode=require"),
    ("cannot reach postgres://a:b@h/d (timeout)", "cannot reach postgres://a:***@h/d (timeout)"),
    ("postgresql://clerk@/register?host=/run/pg", "postgresql://clerk@/register?host=/run/pg"),
    ("/home/clerk/register.sqlite3", "/home/clerk/register.sqlite3"),
])
def test_masked(url, shown):
    assert masked(url) == shown


@pytest.mark.parametrize("url", ["mssql+pyodbc://sa:Secret1@srv/reg", "sqlite://relative/reg.db", "oracle://h/x"])
def test_unsupported_schemes_list_what_is(url):
    with pytest.raises(RegisterError) as caught:
        Register(url)
    text = str(caught.value)
    assert "Secret1" not in text and "unsupported database" in text
    assert text.endswith("the register is kept in SQLite (a file path or sqlite:///PATH) or PostgreSQL "
                         "(postgresql://USER@HOST/DB)")


def test_plain_text_and_csv_cells(tmp_path):
    assert plain("a\x07b\x1b[1m\x00c\td\r\ne\rf\x7f\x85") == ("ab[1mc\td\ne\nf", ["U+0000", "U+0007", "U+001B",
                                                                                  "U+007F", "U+0085"])
    assert plain("Hà Nội\n") == ("Hà Nội\n", [])
    assert [csv_cell(t) for t in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "a=b", "", "Như trên")] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "", "Như trên"]
    facts = facts_of(vanban.load(write_draft(tmp_path, "cv", "việc\\x07 một")))
    facts.recipients = ["UBND\x0b tỉnh", "Sở Nội vụ"]
    clean, removed = clean_record(facts)
    assert (clean.subject, clean.recipients) == ("việc một", ["UBND tỉnh", "Sở Nội vụ"])
    assert removed == {"subject": ["U+0007"], "recipients": ["U+000B"]}


def test_a_cancellation_reason_is_stored_without_control_characters(db_url, tmp_path):
    with Register(db_url) as reg:
        issue_file(write_draft(tmp_path, "cv"), reg, day=DAY)
        assert reg.cancel(1, "LĐLĐ", 2024, "Ban hành\x07 nhầm\x1b").reason == "Ban hành nhầm"
        with pytest.raises(RegisterError, match="give the reason"):
            reg.cancel(1, "LĐLĐ", 2024, "\x07\x08")
