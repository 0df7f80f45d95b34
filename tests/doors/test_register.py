"""The register's guarantees through every door that reaches them: CLI, library, web.

Guarantee x door (engines: SQLite and a real PostgreSQL where the database matters):

* bounded wait: another session holds the counter, ``issue`` gives up within the
  timeout with "the register is busy" (CLI exit 1, library RegisterBusy, web 503);
* one number: a draft issued several times at once gets exactly one number; the
  others are told "already issued as số 01/…" (web: 409, no server path, no option);
* no output over the register: ``register export -o`` / ``issue -o`` naming the
  database are refused and the database is untouched (CLI, library; the web has no route);
* spreadsheet cells that start with ``= + - @`` are text in the xlsx, quoted in the CSV (CLI, library);
* control characters: stripped with a warning at issue (CLI, library, web) and on export (CLI, library);
* a database URL is shown with its password masked (CLI, library, web).
"""
from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import vanban
from click.testing import CliRunner
from openpyxl import load_workbook

from register.conftest import db_url, pg_server  # noqa: F401  (fixtures: both engines)
from register.drafts import DRAFT, write_draft
from vanban.cli import main
from vanban.deliver.files import OutputError
from vanban.register import AlreadyIssued, Register, RegisterBusy, RegisterError, facts_of, issue_file
from vanban.register.export import export, export_file

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(2024, 5, 10)
DOORS = ["cli", "library", "web"]
BOUND = 1.0          # VANBAN_DB_TIMEOUT in the busy tests


# -- helpers -------------------------------------------------------------------
def command(*args, env=None, timeout=120) -> subprocess.CompletedProcess:
    """``python -m vanban ARGS`` in a process of its own, this tree first on its path."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "VANBAN_LANG": "en", **(env or {})}
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], capture_output=True, text=True,
                          env=full, timeout=timeout)


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def web(tmp_path, monkeypatch, db_url):  # noqa: F811
    """The web editor over tmp_path/docs, issuing into ``db_url``; a function making a logged-in client."""
    pytest.importorskip("flask")
    from vanban.web import create_app

    monkeypatch.setenv("VANBAN_DB", db_url)
    docs = tmp_path / "docs"
    docs.mkdir()
    app = create_app(docs)            # its LibreOffice starts only for a preview, which no test here asks for

    def client():
        c = app.test_client()
        token = re.search(r'name="csrf-token" content="([^"]+)"', c.get("/").get_data(as_text=True)).group(1)
        return c, token
    client.docs = docs
    return client


def web_issue(client, token, name, ngay=DAY.isoformat()):
    # From the confirmation page, with "issue it all the same" ticked (the drafts lack some parts).
    return client.post(f"/issue/{name}", data={"csrf_token": token, "ngay": ngay, "xac_nhan": "1", "thieu": "1"})


@contextlib.contextmanager
def holding_counter(url: str):
    """Another session in the middle of numbering: it holds the counter row (PostgreSQL) or the
    database's write lock (SQLite), as a clerk's `issue` does between BEGIN and COMMIT."""
    if url.startswith("postgresql://"):
        import psycopg
        conn = psycopg.connect(url)
        conn.execute("SELECT last FROM counter FOR UPDATE").fetchall()
    else:
        conn = sqlite3.connect(url, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.rollback() if url.startswith("postgresql://") else conn.execute("ROLLBACK")
        conn.close()


def numbers(url: str) -> list[int]:
    with Register(url) as reg:
        return [e.number for e in reg.entries(year=DAY.year)]


def first_issue(url, folder: Path) -> None:
    """One document issued: the schema and the counter row exist."""
    with Register(url) as reg:
        issue_file(write_draft(folder, "first", "văn bản đầu"), reg, day=DAY)


# -- 1. a busy register is a message within the bound ---------------------------
@pytest.mark.parametrize("door", DOORS)
def test_busy_register_answers_within_the_bound(door, db_url, tmp_path, monkeypatch, request):  # noqa: F811
    first_issue(db_url, tmp_path)
    monkeypatch.setenv("VANBAN_DB_TIMEOUT", str(BOUND))
    client = request.getfixturevalue("web")() if door == "web" else None
    draft = write_draft(request.getfixturevalue("web").docs if door == "web" else tmp_path, "cv", "việc chờ")
    before = draft.read_text(encoding="utf-8")
    with holding_counter(db_url):
        start = time.monotonic()
        if door == "cli":
            done = command("issue", draft, "--db", db_url, "--date", DAY.isoformat(), env={"VANBAN_LANG": "vi"})
            elapsed = time.monotonic() - start
            assert done.returncode == 1, done.stderr
            assert done.stderr == (f"{draft}: sổ đăng ký đang bận: đang có một lần cấp số khác "
                                   f"(đã chờ {BOUND:g} giây); hãy thử lại\n")
            assert elapsed < BOUND + 20          # the process's own start-up included
        elif door == "library":
            with Register(db_url) as reg, pytest.raises(RegisterBusy) as caught:
                issue_file(draft, reg, day=DAY)
            elapsed = time.monotonic() - start
            assert str(caught.value) == ("the register is busy: another issue is in progress (waited 1 s); "
                                         "try again")
            assert BOUND * 0.9 <= elapsed < BOUND + 5
        else:
            r = web_issue(*client, "cv.yaml")
            elapsed = time.monotonic() - start
            page = r.get_data(as_text=True)
            assert r.status_code == 503 and r.headers["Retry-After"] == "5"
            assert "the register is busy: another issue is in progress (waited 1 s); try again" in page
            assert elapsed < BOUND + 5
    assert draft.read_text(encoding="utf-8") == before and not draft.with_suffix(".docx").exists()
    assert numbers(db_url) == [1]                       # nothing taken while it waited
    with Register(db_url) as reg:                       # and once the other session is done, the next number
        assert issue_file(draft, reg, day=DAY).entry.number == 2


# -- 2. one draft issued several times at once gets one number ---------------------
def _big_draft(folder: Path) -> Path:
    """A draft that takes a while to render, so that issues started together overlap."""
    paragraphs = "\n".join(f"  - Nội dung thứ {i} của văn bản, viết đủ dài để mất thời gian dàn trang." for i in range(600))
    return write_draft(folder, "cv", "cấp số hai lần", text=DRAFT.replace(
        "noi_dung:\n  - >-\n      Tuyên truyền vận động đoàn viên, người lao động tham gia học tập\n"
        "      suốt đời.\n", "noi_dung:\n" + paragraphs + "\n"))


@pytest.mark.parametrize("door", DOORS)
def test_concurrent_issues_of_one_draft_give_one_number(door, db_url, tmp_path, monkeypatch, request):  # noqa: F811
    monkeypatch.setenv("VANBAN_DB_TIMEOUT", "60")        # the waits here are for the first issue to finish
    first_issue(db_url, tmp_path)
    folder = request.getfixturevalue("web").docs if door == "web" else tmp_path
    clients = [request.getfixturevalue("web")() for _ in range(4)] if door == "web" else []
    draft = _big_draft(folder)
    barrier = threading.Barrier(4)
    outcomes: list = [None] * 4

    def one(k: int) -> None:
        barrier.wait()
        if door == "cli":
            outcomes[k] = command("issue", draft, "--db", db_url, "--date", DAY.isoformat())
        elif door == "library":
            try:
                with Register(db_url) as reg:
                    outcomes[k] = issue_file(draft, reg, day=DAY)
            except AlreadyIssued as exc:
                outcomes[k] = exc
        else:
            outcomes[k] = web_issue(*clients[k], draft.name)

    threads = [threading.Thread(target=one, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert sorted(numbers(db_url)) == [1, 2]             # the draft has one number: 02
    assert "so: 2\n" in draft.read_text(encoding="utf-8")
    if door == "cli":
        codes = sorted(p.returncode for p in outcomes)
        assert codes == [0, 2, 2, 2], [p.stderr for p in outcomes]
        for p in outcomes:
            if p.returncode:
                assert p.stderr.startswith(f"{draft}:9: so: already numbered (02/LĐLĐ)")
    elif door == "library":
        done = [o for o in outcomes if not isinstance(o, AlreadyIssued)]
        assert len(done) == 1 and done[0].entry.number == 2
        assert [o.number for o in outcomes if isinstance(o, AlreadyIssued)] == ["02/LĐLĐ"] * 3
    else:
        assert sorted(r.status_code for r in outcomes) == [302, 409, 409, 409]
        for r in outcomes:
            if r.status_code == 409:
                page = r.get_data(as_text=True)
                assert "cv.yaml is already issued as số 02/LĐLĐ." in page
                assert "--renumber" not in page and str(tmp_path) not in page


# -- 3. no output over the register's own database ------------------------------------
@pytest.mark.parametrize("door", ["cli", "library"])
@pytest.mark.parametrize("target", ["database", "journal", "link"])
def test_export_never_writes_over_the_register(door, target, tmp_path):
    db = tmp_path / "reg.sqlite3"
    first_issue(str(db), tmp_path)
    out = {"database": db, "journal": Path(f"{db}-wal"), "link": tmp_path / "link.csv"}[target]
    if target == "link":
        out.symlink_to(db)
    before = db.read_bytes()
    if door == "cli":
        result = cli("register", "export", "--year", "2024", "--format", "csv", "-o", out, "--db", db)
        assert result.exit_code == 2 and "refusing to write over " in result.stderr, result.stderr
        assert result.stderr.startswith(f"{out}: ")
    else:
        with Register(str(db)) as reg, pytest.raises(OutputError) as caught:
            export_file(reg, "csv", out, year=2024)
        assert "refusing to write over " in str(caught.value)     # its input, or a database (files.py)
    assert db.read_bytes() == before and numbers(str(db)) == [1]


@pytest.mark.parametrize("door", ["cli", "library"])
def test_issue_never_writes_its_docx_over_the_register(door, tmp_path):
    db = tmp_path / "reg.sqlite3"
    first_issue(str(db), tmp_path)
    draft = write_draft(tmp_path, "cv")
    before = db.read_bytes()
    if door == "cli":
        result = cli("issue", draft, "-o", db, "--db", db)
        assert result.exit_code == 2 and f"{db}: refusing to write over " in result.stderr
    else:
        with Register(str(db)) as reg, pytest.raises(OutputError) as caught:
            issue_file(draft, reg, output=db)
        assert "refusing to write over " in str(caught.value)     # its input, or a database (files.py)
    assert db.read_bytes() == before and numbers(str(db)) == [1] and "so:" not in draft.read_text(encoding="utf-8")


# -- 4. cells a spreadsheet would evaluate ----------------------------------------------
FORMULA_DRAFT = DRAFT.replace("ho_ten: Hoàng Văn Trinh", """ho_ten: '=HYPERLINK("http://evil.example/x","Bấm vào đây")'""") \
    .replace("noi_nhan: [Như Kính gửi, UBND tỉnh]", 'noi_nhan: ["=1+1", UBND tỉnh]') \
    .replace("luu: [TgNc, VT]", 'luu: ["@SUM(1;2)", "-4+5"]')
SIGNER = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'


@pytest.mark.parametrize("door", ["cli", "library"])
def test_formula_like_cells_are_text(door, db_url, tmp_path):  # noqa: F811
    with Register(db_url) as reg:
        issue_file(write_draft(tmp_path, "cv", "+2+3 việc", text=FORMULA_DRAFT), reg, day=DAY)
    xlsx, csv_file = tmp_path / "so.xlsx", tmp_path / "so.csv"
    if door == "cli":
        for fmt, out in (("xlsx", xlsx), ("csv", csv_file)):
            assert cli("register", "export", "--year", "2024", "--format", fmt, "-o", out, "--db", db_url).exit_code == 0
    else:
        with Register(db_url) as reg:
            export_file(reg, "xlsx", xlsx, year=2024)
            export_file(reg, "csv", csv_file, year=2024)
    ws = load_workbook(xlsx).active
    cells = [ws.cell(7, c) for c in (4, 5, 6)]
    assert [c.value for c in cells] == [SIGNER, "=1+1; UBND tỉnh", "@SUM(1;2), -4+5"]
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True)] * 3
    import csv
    row = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))[1]
    assert row[2:6] == ["Công văn V/v +2+3 việc", "'" + SIGNER, "'=1+1; UBND tỉnh", "'@SUM(1;2), -4+5"]


# -- 5. control characters ----------------------------------------------------------------
CONTROL_SUBJECT = "học tập\\x07 suốt đời\\x1b[31m"      # YAML escapes: a bell and an escape sequence


@pytest.mark.parametrize("door", DOORS)
def test_control_characters_stripped_with_a_warning_at_issue(door, db_url, tmp_path, request):  # noqa: F811
    warning = "trich_yeu: control characters removed (U+0007, U+001B): they cannot be kept in the register"
    if door == "web":
        client, token = request.getfixturevalue("web")()
        draft = write_draft(client.application.extensions["vanban"]["root"], "cv", CONTROL_SUBJECT)
        r = web_issue(client, token, "cv.yaml")
        assert r.status_code == 302
        assert warning in client.get(r.headers["Location"]).get_data(as_text=True)
    elif door == "cli":
        draft = write_draft(tmp_path, "cv", CONTROL_SUBJECT)
        result = cli("issue", draft, "--db", db_url, "--date", DAY.isoformat())
        assert result.exit_code == 0 and result.stderr == f"{draft}: warning: {warning}\n"
    else:
        with Register(db_url) as reg:
            assert issue_file(write_draft(tmp_path, "cv", CONTROL_SUBJECT), reg, day=DAY).warnings == [warning]
    with Register(db_url) as reg:
        [entry] = reg.entries(year=2024)
        root = ET.fromstring(export(reg, "xml", year=2024))
    assert entry.subject == "học tập suốt đời[31m"
    assert root.findtext("Document/Subject") == "học tập suốt đời[31m"


@pytest.mark.parametrize("door", ["cli", "library"])
def test_rows_stored_with_control_characters_still_export(door, db_url, tmp_path):  # noqa: F811
    # A row recorded before issue cleaned its text (by an older vanban): exports leave the characters out.
    with Register(db_url) as reg:
        entry = reg.reserve(facts_of(vanban.load(write_draft(tmp_path, "cv"))), DAY, "chung", "cv.yaml")
        reg.db.execute("UPDATE entry SET subject = ?, signer = ? WHERE id = ?",
                       ("kế hoạch\x07 năm\x0c", "Hoàng\x1b Văn Trinh", entry.id))
    outputs: dict[str, bytes] = {}
    if door == "cli":
        for fmt in ("xlsx", "xml", "json", "csv"):
            out = tmp_path / f"so.{fmt}"
            result = cli("register", "export", "--year", "2024", "--format", fmt, "-o", out, "--db", db_url)
            assert result.exit_code == 0, result.stderr
            assert result.stderr == (
                "warning: 01/LĐLĐ: trich_yeu: control characters removed (U+0007, U+000C): they cannot be kept in "
                "the register\nwarning: 01/LĐLĐ: ky.ho_ten: control characters removed (U+001B): they cannot be "
                "kept in the register\n")
            outputs[fmt] = out.read_bytes()
    else:
        with Register(db_url) as reg:
            for fmt in ("xlsx", "xml", "json", "csv"):
                said: list[str] = []
                outputs[fmt] = export(reg, fmt, year=2024, warnings=said)
                assert len(said) == 2 and said[0].startswith("01/LĐLĐ: trich_yeu: control characters removed")
    doc = ET.fromstring(outputs["xml"]).find("Document")      # well-formed, parsed back
    assert doc.findtext("Subject") == "kế hoạch năm" and doc.findtext("SignerInfo/FullName") == "Hoàng Văn Trinh"
    assert json.loads(outputs["json"])["OutgoingDocuments"][0]["Subject"] == "kế hoạch năm"
    assert load_workbook(io.BytesIO(outputs["xlsx"])).active.cell(7, 3).value == "Công văn V/v kế hoạch năm"
    assert "\x07" not in outputs["csv"].decode("utf-8-sig")


# -- 6. passwords never shown -------------------------------------------------------------
@pytest.mark.parametrize("door", DOORS)
def test_database_url_password_is_masked(door, tmp_path, monkeypatch):
    url = "mysql://clerk:pa55@word@db.office/register"
    expected = ("mysql://clerk:***@db.office/register: unsupported database (mysql://); the register is kept in "
                "SQLite (a file path or sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DB)")
    if door == "cli":
        result = cli("register", "list", "--db", url)
        assert result.exit_code == 2 and result.stderr == expected + "\n"
        text = result.stderr
    elif door == "library":
        with pytest.raises(RegisterError) as caught:
            Register(url)
        text = str(caught.value)
        assert text == expected
    else:
        pytest.importorskip("flask")
        from vanban.web import create_app
        docs = tmp_path / "docs"
        docs.mkdir()
        write_draft(docs, "cv")
        monkeypatch.setenv("VANBAN_DB", url)
        client = create_app(docs).test_client()
        token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
        page = client.get("/register").get_data(as_text=True)
        r = web_issue(client, token, "cv.yaml")
        text = page + r.get_data(as_text=True)
        assert r.status_code == 400 and "mysql://clerk:***@db.office/register: unsupported database" in text
        assert "Cannot read the register: mysql://clerk:***@db.office/register" in page
    assert "pa55" not in text and "word@" not in text


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_unreachable_server_password_masked_everywhere(db_url, tmp_path):  # noqa: F811
    url = f"postgresql://clerk:s3cret@/register?host={tmp_path}/nowhere&password=other"
    result = cli("issue", write_draft(tmp_path, "cv"), "--db", url)
    assert result.exit_code == 2 and "s3cret" not in result.stderr and "other" not in result.stderr
    assert f"postgresql://clerk:***@/register?host={tmp_path}/nowhere&password=***: cannot connect (" in result.stderr
    with pytest.raises(RegisterError) as caught:
        Register(url).entries()
    assert "s3cret" not in str(caught.value) and "clerk:***@" in str(caught.value)
