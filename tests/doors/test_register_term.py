"""The register numbers a Party body per kind within its committee term, a state body per year (issue 22).

Guarantee x door (library call, CLI ``vanban issue``/``register``, the web's Cấp số), each on SQLite
and a real PostgreSQL:

* Party per-term numbering: each kind from 01 in the term, across the new year (HD 36 §II.1.3.1),
  written ``Số 02-NQ/ĐU``; the web's confirmation page shows the same next number;
* rollover: a new term (``--nhiem-ky-moi``) restarts every kind at 01, a document dated in the
  old term still continues the old term's series;
* a state body keeps numbering per year, unchanged;
* congress documents (``dai_hoi: true``) share one series whatever their kind;
* a secret document (``--series mat``) takes its kind's next number (CLI, library; the web names no series);
* a Party document of a body without a term is refused with what to do;
* a Party document issued already is told by its Party number (``01-NQ/ĐU``, not ``01/NQ/ĐU``);
* a version-1 register is migrated on open without losing a row (library, CLI, web);
* eight processes numbering a Party body and a state body at once: gapless, no duplicate.
"""
from __future__ import annotations

import datetime
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doors.term_drafts import BODY, write_party
from doors.test_register import web  # noqa: F401  (fixture: the web editor issuing into db_url)
from register.conftest import db_url, pg_server  # noqa: F401  (fixtures: both engines)
from register.drafts import write_draft
from vanban.cli import main
from vanban.register import AlreadyIssued, Register, RegisterError, issue_file
from vanban.register.bodies import update_body
from vanban.register.schema import statements

DOORS = ["library", "cli", "web"]
TERM = "2025-10-16"
D = datetime.date


def cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


class Doors:
    """Issue a draft through one door, into one register."""

    def __init__(self, door, url, tmp_path, request):
        self.door, self.url = door, url
        if door == "web":
            opened = request.getfixturevalue("web")
            self.web = (*opened(), opened.docs)
        else:
            self.web = None
        self.folder = self.web[2] if self.web else tmp_path

    def issue(self, path: Path, day: D, series=None) -> str:
        """Issue ``path`` dated ``day``; its number and code as the register wrote it."""
        if self.door == "library":
            with Register(self.url) as reg:
                return issue_file(path, reg, day=day, series=series).entry.so_ky_hieu
        if self.door == "cli":
            done = cli("issue", path, "--db", self.url, "--date", day.isoformat(),
                       *(["--series", series] if series else []))
            assert done.exit_code == 0, done.output
            return re.search(r": Số (\S+),", done.output).group(1)
        assert series is None, "the web names no series"
        client, token, _docs = self.web
        # The draft dated that day: the confirmation page plans for the draft's own date.
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^ngay: .*$", f"ngay: {day.isoformat()}", text), encoding="utf-8")
        page = client.get(f"/issue/{path.name}").get_data(as_text=True)
        r = client.post(f"/issue/{path.name}", data={"csrf_token": token, "ngay": day.strftime("%d/%m/%Y"),
                                                     "xac_nhan": "1", "thieu": "1"})
        assert r.status_code == 302, r.get_data(as_text=True)
        with Register(self.url) as reg:
            [entry] = reg.live(str(path.resolve()))
        assert entry.so_ky_hieu in page          # the confirmation page showed the number it then took
        return entry.so_ky_hieu

    def refused(self, path: Path, day: D) -> str:
        """Issue ``path``, which must be refused; the message."""
        if self.door == "library":
            with Register(self.url) as reg, pytest.raises(RegisterError) as caught:
                issue_file(path, reg, day=day)
            return str(caught.value)
        if self.door == "cli":
            done = cli("issue", path, "--db", self.url, "--date", day.isoformat())
            assert done.exit_code == 2
            return done.output
        client, token, _docs = self.web
        r = client.post(f"/issue/{path.name}", data={"csrf_token": token, "ngay": day.strftime("%d/%m/%Y"),
                                                     "xac_nhan": "1", "thieu": "1"})
        assert r.status_code == 400
        return r.get_data(as_text=True)

    def set_term(self, path: Path, start: str, new: bool = False) -> None:
        """The body's term through the door: the CLI's ``register body``, the web's register page
        (her agency set on its settings page first), or the library."""
        if self.door == "web":
            from doors.test_register_term_web import my_agency
            client, token, _docs = self.web
            my_agency(client, token)
            r = client.post("/register/term", data={"csrf_token": token, "ngay": start, "moi": "1" if new else "0"})
            assert r.status_code == 302, r.get_data(as_text=True)
            return
        if self.door == "cli":
            done = cli("register", "body", path, "--db", self.url, "--nhiem-ky-moi" if new else "--nhiem-ky", start)
            assert done.exit_code == 0, done.output
            assert "Party body" in done.output
            return
        with Register(self.url) as reg:
            update_body(reg, path, None, (), **({"new_term": start} if new else {"term": start}))


@pytest.fixture(params=DOORS)
def doors(request, db_url, tmp_path):  # noqa: F811
    return Doors(request.param, db_url, tmp_path, request)


def party(doors, name, loai="nghi_quyet", congress=False):
    return write_party(doors.folder, name, loai, f"văn bản {name}", congress)


# -- per-term numbering ----------------------------------------------------------
def test_party_body_numbers_each_kind_within_its_term(doors):
    doors.set_term(party(doors, "body"), TERM)
    assert doors.issue(party(doors, "nq1"), D(2025, 11, 3)) == "01-NQ/ĐU"
    assert doors.issue(party(doors, "kh1", "ke_hoach"), D(2025, 12, 1)) == "01-KH/ĐU"
    # The new year does not restart a Party series: the term does.
    assert doors.issue(party(doors, "nq2"), D(2026, 1, 5)) == "02-NQ/ĐU"
    text = (doors.folder / "nq2.yaml").read_text(encoding="utf-8")
    assert "so: 2\n" in text and "ngay: 2026-01-05" in text
    import docx
    paragraphs = [p.text for t in docx.Document(doors.folder / "nq2.docx").tables for r in t.rows
                  for c in r.cells for p in c.paragraphs]
    assert "Số 02-NQ/ĐU" in paragraphs
    with Register(doors.url) as reg:
        rows = reg.entries(body=BODY)
        assert {(e.year, e.term, e.series, e.number) for e in rows} == {
            (2025, TERM, "nghi_quyet", 1), (2025, TERM, "ke_hoach", 1), (2026, TERM, "nghi_quyet", 2)}


def test_a_new_term_restarts_every_kind_at_01(doors):
    doors.set_term(party(doors, "body"), TERM)
    assert doors.issue(party(doors, "nq1"), D(2026, 3, 2)) == "01-NQ/ĐU"
    assert doors.issue(party(doors, "nq2"), D(2026, 4, 2)) == "02-NQ/ĐU"
    doors.set_term(party(doors, "body"), "2026-06-01", new=True)
    assert doors.issue(party(doors, "nq3"), D(2026, 6, 10)) == "01-NQ/ĐU"
    assert doors.issue(party(doors, "kh1", "ke_hoach"), D(2026, 6, 11)) == "01-KH/ĐU"
    # A document dated in the old term continues the old term's series.
    assert doors.issue(party(doors, "nq-late"), D(2026, 5, 30)) == "03-NQ/ĐU"
    with Register(doors.url) as reg:
        assert reg.term_label(BODY, TERM) == "2025 – 2026"
        assert reg.term_label(BODY, "2026-06-01") == "2026 – 2031"


def test_a_state_body_still_numbers_per_year(doors):
    first = write_draft(doors.folder, "cv1", "cuối năm")
    second = write_draft(doors.folder, "cv2", "đầu năm")
    third = write_draft(doors.folder, "cv3", "tiếp")
    assert doors.issue(first, D(2025, 12, 30)) == "01/LĐLĐ"
    assert doors.issue(second, D(2026, 1, 2)) == "01/LĐLĐ"
    assert doors.issue(third, D(2026, 1, 3)) == "02/LĐLĐ"
    with Register(doors.url) as reg:
        assert {(e.year, e.term, e.series) for e in reg.entries()} == {(2025, "", "chung"), (2026, "", "chung")}


def test_congress_documents_share_one_series(doors):
    doors.set_term(party(doors, "body"), TERM)
    assert doors.issue(party(doors, "dh-nq", congress=True), D(2026, 2, 1)) == "01-NQ/ĐU"
    assert doors.issue(party(doors, "dh-kh", "ke_hoach", congress=True), D(2026, 2, 1)) == "02-KH/ĐU"
    assert doors.issue(party(doors, "dh-nq2", congress=True), D(2026, 2, 2)) == "03-NQ/ĐU"
    # The committee's own documents keep their kinds' series.
    assert doors.issue(party(doors, "nq"), D(2026, 2, 3)) == "01-NQ/ĐU"
    with Register(doors.url) as reg:
        assert sorted(e.series for e in reg.entries()) == ["dai_hoi"] * 3 + ["nghi_quyet"]


@pytest.mark.parametrize("door", ["library", "cli"])
def test_a_secret_document_takes_its_kinds_next_number(door, db_url, tmp_path, request):  # noqa: F811
    doors = Doors(door, db_url, tmp_path, request)
    doors.set_term(party(doors, "body"), TERM)
    assert doors.issue(party(doors, "nq1"), D(2026, 2, 1)) == "01-NQ/ĐU"
    assert doors.issue(party(doors, "nq-mat"), D(2026, 2, 2), series="mat") == "02-NQ/ĐU"
    assert doors.issue(party(doors, "nq3"), D(2026, 2, 3)) == "03-NQ/ĐU"
    # A state body's secret documents stay in a series of their own, as before.
    assert doors.issue(write_draft(tmp_path, "cv-mat", "mật"), D(2026, 2, 3), series="mat") == "01/LĐLĐ"
    with Register(db_url) as reg:
        assert sorted((e.series, e.number) for e in reg.entries()) == [
            ("mat", 1), ("nghi_quyet", 1), ("nghi_quyet", 2), ("nghi_quyet", 3)]


def test_a_party_document_of_a_body_without_its_term_is_refused(doors):
    draft = party(doors, "nq")
    before = draft.read_text(encoding="utf-8")
    message = doors.refused(draft, D(2026, 2, 1))
    assert "numbers its documents within its committee term" in message
    # what to do, in the door's own words: the web's form, the command elsewhere
    if doors.door == "web":
        assert "the box “First day of the term” on the page Outgoing register" in message and "--nhiem-ky" not in message
    else:
        assert "--nhiem-ky" in message
    assert draft.read_text(encoding="utf-8") == before and not draft.with_suffix(".docx").exists()
    with Register(doors.url) as reg:
        assert reg.entries() == []


def test_an_issued_party_document_is_told_by_its_party_number(doors):
    doors.set_term(party(doors, "body"), TERM)
    draft = party(doors, "nq")
    assert doors.issue(draft, D(2026, 2, 1)) == "01-NQ/ĐU"
    if doors.door == "library":
        with Register(doors.url) as reg, pytest.raises(AlreadyIssued) as caught:
            issue_file(draft, reg, day=D(2026, 2, 2))
        told = caught.value.number
    elif doors.door == "cli":
        done = cli("issue", draft, "--db", doors.url)
        assert done.exit_code == 2
        told = done.output
    else:
        client, token, _docs = doors.web
        r = client.post(f"/issue/{draft.name}", data={"csrf_token": token, "xac_nhan": "1", "thieu": "1"})
        assert r.status_code == 409 and client.get(f"/issue/{draft.name}").status_code == 409
        told = r.get_data(as_text=True)
    assert "01-NQ/ĐU" in told and "01/NQ/ĐU" not in told


def test_term_settings_refuse_what_would_break_numbers(db_url, tmp_path):  # noqa: F811
    body = write_party(tmp_path, "body")
    done = cli("register", "body", body, "--db", db_url, "--nhiem-ky", "2025")
    assert done.exit_code == 2 and "give the term's first day" in done.output
    assert cli("register", "body", body, "--db", db_url, "--nhiem-ky", "16/10/2025").exit_code == 0
    with Register(db_url) as reg:
        issue_file(write_party(tmp_path, "nq"), reg, day=D(2026, 1, 2))
    moved = cli("register", "body", body, "--db", db_url, "--nhiem-ky", "2025-11-01")
    assert moved.exit_code == 2 and "numbers were given in the term from 16/10/2025" in moved.output
    earlier = cli("register", "body", body, "--db", db_url, "--nhiem-ky-moi", "2025-01-01")
    assert earlier.exit_code == 2 and "a new term begins after the current one" in earlier.output
    with Register(db_url) as reg:
        assert reg.body(BODY).terms == (TERM,)


def test_cancel_and_list_key_a_party_number_by_its_term(db_url, tmp_path):  # noqa: F811
    body = write_party(tmp_path, "body")
    with Register(db_url) as reg:
        update_body(reg, body, None, (), term=TERM)
        issue_file(write_party(tmp_path, "nq1"), reg, day=D(2025, 12, 1))
        issue_file(write_party(tmp_path, "nq2"), reg, day=D(2026, 1, 5))
    listed = cli("register", "list", "--db", db_url, "--year", "2025")
    assert "== ĐẢNG ỦY CÁC CƠ QUAN TỈNH LAI CHÂU (ĐU), series nghi_quyet, term 2025 – 2030" in listed.output
    assert "01-NQ/ĐU" in listed.output
    # 01-NQ/ĐU was issued last year, in the current term: found without --year.
    done = cli("register", "cancel", "01-NQ/ĐU", "--reason", "nhầm", "--db", db_url)
    assert done.exit_code == 0, done.output
    assert "01-NQ/ĐU cancelled: nhầm" in done.output
    gone = cli("register", "cancel", "05-NQ/ĐU", "--reason", "x", "--db", db_url, "--nhiem-ky", TERM)
    assert gone.exit_code == 2 and "05-NQ/ĐU: not in the register of the term from 16/10/2025" in gone.output


def test_export_shows_the_term_of_party_rows(db_url, tmp_path):  # noqa: F811
    from openpyxl import load_workbook
    with Register(db_url) as reg:
        update_body(reg, write_party(tmp_path, "body"), None, (), term=TERM)
        issue_file(write_party(tmp_path, "nq1"), reg, day=D(2026, 1, 5))
        issue_file(write_draft(tmp_path, "cv"), reg, day=D(2026, 1, 6))
    out = tmp_path / "so.xlsx"
    assert cli("register", "export", "--db", db_url, "--year", "2026", "--format", "xlsx", "-o", out).exit_code == 0
    book = load_workbook(out)
    party_sheet = next(ws for ws in book.worksheets if ws["A7"].value == "01-NQ/ĐU")
    assert party_sheet["A3"].value.startswith("Nhiệm kỳ 2025 – 2030")
    assert party_sheet["K5"].value == "Nhiệm kỳ" and party_sheet["K7"].value == "2025 – 2030"
    state_sheet = next(ws for ws in book.worksheets if ws["A7"].value == "01/LĐLĐ")
    assert state_sheet["A3"].value.startswith("Năm: 2026") and state_sheet["K5"].value is None
    csv_out = tmp_path / "so.csv"
    assert cli("register", "export", "--db", db_url, "--year", "2026", "--format", "csv",
               "-o", csv_out).exit_code == 0
    lines = csv_out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",Nhiệm kỳ")
    assert any(line.startswith("01-NQ/ĐU,") and line.endswith(",2025 – 2030") for line in lines)
    # The term's register: every year of it, the Party body's rows only.
    with Register(db_url) as reg:
        issue_file(write_party(tmp_path, "nq0"), reg, day=D(2025, 12, 1))
    term_csv = tmp_path / "term.csv"
    assert cli("register", "export", "--db", db_url, "--nhiem-ky", "16/10/2025", "--format", "csv",
               "-o", term_csv).exit_code == 0
    rows = [line.split(",")[0] for line in term_csv.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert sorted(rows) == ["01-NQ/ĐU", "02-NQ/ĐU"]


# -- a version-1 register is migrated on open ---------------------------------------
V1_ROWS = [(1, "LĐLĐ TỈNH LAI CHÂU (LĐLĐ)", 2024, "chung", 1, "LĐLĐ", "cong_van", "2024-05-10", "việc một", "issued"),
           (2, "LĐLĐ TỈNH LAI CHÂU (LĐLĐ)", 2024, "chung", 2, "LĐLĐ", "cong_van", "2024-05-11", "việc hai",
            "cancelled")]


def v1_register(url: str) -> None:
    """A register as version 1 made it: its own schema SQL, a counter, two rows."""
    if url.startswith("postgresql://"):
        import psycopg
        conn = psycopg.connect(url, autocommit=True)
        mark = "%s"
    else:
        conn = sqlite3.connect(url, isolation_level=None)
        mark = "?"
    dialect = "postgresql" if mark == "%s" else "sqlite"
    for sql in statements(1, dialect):
        conn.execute(sql)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version (version) VALUES (1)")
    conn.execute(f"INSERT INTO body (key, abbr, name, organ_id, separate) VALUES ({', '.join([mark] * 5)})",
                 ("LĐLĐ TỈNH LAI CHÂU (LĐLĐ)", "LĐLĐ", "LĐLĐ TỈNH LAI CHÂU", "000.00.00.H29", "quyet_dinh"))
    conn.execute(f"INSERT INTO counter (body, year, series, last) VALUES ({', '.join([mark] * 4)})",
                 ("LĐLĐ TỈNH LAI CHÂU (LĐLĐ)", 2024, "chung", 2))
    for row in V1_ROWS:
        ident = "" if dialect == "postgresql" else "id, "
        values = row[1:] if dialect == "postgresql" else row
        conn.execute(f"INSERT INTO entry ({ident}body, year, series, number, code, kind, issued_on, subject, state, "
                     f"reserved_at) VALUES ({', '.join([mark] * (len(values) + 1))})", (*values, "2024-05-10T00:00:00"))
    conn.close()


@pytest.mark.parametrize("door", DOORS)
def test_a_version_1_register_is_migrated_without_losing_a_row(door, db_url, tmp_path, request):  # noqa: F811
    v1_register(db_url)
    if door == "cli":
        listed = cli("register", "list", "--db", db_url, "--year", "2024")
        assert listed.exit_code == 0, listed.output
        assert "01/LĐLĐ" in listed.output and "02/LĐLĐ" in listed.output and "việc hai" in listed.output
    elif door == "web":
        client, _token = request.getfixturevalue("web")()
        page = client.get("/register?nam=2024").get_data(as_text=True)
        assert "01/LĐLĐ" in page and "việc một" in page and "việc hai" in page
    with Register(db_url) as reg:
        rows = reg.entries(year=2024)
        assert [(e.number, e.subject, e.state, e.term) for e in rows] == [
            (1, "việc một", "issued", ""), (2, "việc hai", "cancelled", "")]
        body = reg.body("LĐLĐ TỈNH LAI CHÂU (LĐLĐ)")
        assert (body.organ_id, body.separate, body.terms) == ("000.00.00.H29", ("quyet_dinh",), ())
        assert reg.db.rows("SELECT MAX(version) FROM schema_version")[0][0] == 2
        # The counter was kept: the next number follows the old ones, never 01 again.
        assert issue_file(write_draft(tmp_path, "next"), reg, day=D(2024, 6, 1)).entry.so_ky_hieu == "03/LĐLĐ"
    with Register(db_url) as reg:                # opened again: nothing to migrate, nothing lost
        assert [e.number for e in reg.entries(year=2024)] == [1, 2, 3]


# -- eight writers ------------------------------------------------------------------
PROCESSES, EACH = 8, 30


def test_eight_processes_number_a_party_body_and_a_state_body_gapless(db_url, tmp_path):  # noqa: F811
    root = Path(__file__).resolve().parents[2]
    with Register(db_url) as reg:
        update_body(reg, write_party(tmp_path, "body"), None, (), term=TERM)
    env = {**os.environ, "PYTHONPATH": str(root)}
    worker = Path(__file__).with_name("term_worker.py")
    procs = [subprocess.Popen([sys.executable, str(worker), db_url, str(tmp_path), f"w{k}", str(EACH)],
                              stderr=subprocess.PIPE, text=True, env=env) for k in range(PROCESSES)]
    errors = [p.communicate(timeout=900)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCESSES, errors
    with Register(db_url) as reg:
        rows = reg.entries()
    assert len(rows) == PROCESSES * EACH and {e.state for e in rows} == {"issued"}
    series = {}
    for e in rows:
        series.setdefault((e.term, e.series), []).append(e.number)
    per_worker = {0: 0, 1: 0, 2: 0}
    for i in range(EACH):
        per_worker[i % 3] += 1
    assert {k: sorted(v) for k, v in series.items()} == {
        (TERM, "nghi_quyet"): list(range(1, PROCESSES * per_worker[0] + 1)),
        (TERM, "ke_hoach"): list(range(1, PROCESSES * per_worker[1] + 1)),
        ("", "chung"): list(range(1, PROCESSES * per_worker[2] + 1))}
    sample = next(e for e in rows if e.series == "ke_hoach")
    assert f"so: {sample.number}\n" in Path(sample.yaml_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("door", ["library", "cli"])
def test_dai_hoi_belongs_to_a_party_document_only(door, tmp_path):
    from vanban.model.loader import InputError, load_text
    draft = write_draft(tmp_path, "cv")
    draft.write_text(draft.read_text(encoding="utf-8") + "dai_hoi: true\n", encoding="utf-8")
    if door == "library":
        with pytest.raises(InputError) as caught:
            load_text(draft.read_text(encoding="utf-8"), str(draft))
        told = str(caught.value)
    else:
        done = cli("issue", draft, "--db", tmp_path / "r.sqlite3")
        assert done.exit_code == 2
        told = done.output
    assert "dai_hoi: only a Party document (mau: dang) is numbered in a congress's series" in told
    assert not draft.with_suffix(".docx").exists()
