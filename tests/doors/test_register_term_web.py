"""A Party body's committee term set from the web, and the register exported by term (issue 22's
leftovers), through the same library calls as the CLI.

Guarantee x door (library ``update_body``/``update_found``, CLI ``register body --nhiem-ky | --nhiem-ky-moi``,
the web's register page), on SQLite and a real PostgreSQL:

* setting the term's first day and beginning a new term leave the same body in the register by
  every door, and the next numbers restart at 01 in the new term;
* a bad day, a start moved after numbers were given, a new term not after the current one are
  refused in one Vietnamese line naming what to do in that door's words (the web: its button,
  never ``--nhiem-ky-moi``), the register unchanged;
* the xlsx export is one call: the web's workbook (by year and by term) holds the same cells as
  the CLI's, the Party sheet headed "Nhiệm kỳ 2025 – 2030" with the term column;
* edXML by term: the CLI and the library write one message per issued document of the term,
  across its years, and none of another term.
"""
from __future__ import annotations

import datetime
import re

import pytest
from click.testing import CliRunner

from doors.term_drafts import BODY, write_party
from doors.test_register import web  # noqa: F401  (fixture: the web editor over db_url)
from register.conftest import db_url, pg_server  # noqa: F401  (fixtures: both engines)
from vanban.cli import main
from vanban.i18n import set_language
from vanban.register import Register, issue_file
from vanban.register.bodies import update_body

D = datetime.date
TERM, NEXT = "2025-10-16", "2030-10-20"


@pytest.fixture(autouse=True)
def vietnamese():
    set_language("vi")
    yield
    set_language(None)


def cli(*args):
    r = CliRunner().invoke(main, [str(a) for a in args], env={"VANBAN_LANG": "vi"})
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r


def my_agency(client, token):
    """'Cơ quan của tôi' filled in on its page as the đảng ủy of the drafts."""
    r = client.post("/settings", data={"csrf_token": token, "mau": "dang", "chu_quan": "ĐẢNG BỘ TỈNH LAI CHÂU",
                                       "ten": "ĐẢNG ỦY CÁC CƠ QUAN\nTỈNH LAI CHÂU", "viet_tat": "ĐU",
                                       "dia_danh": "Lai Châu", "ky_tm": "BAN THƯỜNG VỤ", "ky_chuc_vu": "BÍ THƯ",
                                       "ky_ho_ten": "Lò Văn Phương"})
    assert r.status_code == 302, r.get_data(as_text=True)


def set_term(door, url, tmp_path, start, new=False, client=None):
    """The term set through one door; (status, message) — 0 and '' when done."""
    if door == "library":
        from vanban.model.loader import InputError
        try:
            with Register(url) as reg:
                update_body(reg, write_party(tmp_path, "body"), None, (), **({"new_term": start} if new else
                                                                             {"term": start}))
        except InputError as exc:
            return 2, str(exc)
        return 0, ""
    if door == "cli":
        r = cli("register", "body", write_party(tmp_path, "body"), "--db", url,
                "--nhiem-ky-moi" if new else "--nhiem-ky", start)
        return r.exit_code, r.output if r.exit_code else ""
    c, token = client
    r = c.post("/register/term", data={"csrf_token": token, "ngay": start, "moi": "1" if new else "0"})
    if r.status_code == 302:
        return 0, ""
    return r.status_code, re.sub(r"<[^>]+>", " ", r.get_data(as_text=True))


@pytest.fixture(params=["library", "cli", "web"])
def door(request, db_url, tmp_path):  # noqa: F811
    client = None
    if request.param == "web":
        opened = request.getfixturevalue("web")
        client = opened()
        my_agency(*client)
    return request.param, db_url, client


def terms_of(url):
    with Register(url) as reg:
        body = reg.body(BODY)
    return body.terms if body else ()


def test_term_set_and_new_term_begun_by_every_door(door, tmp_path):
    name, url, client = door
    assert set_term(name, url, tmp_path, "16/10/2025", client=client) == (0, "")
    assert terms_of(url) == (TERM,)
    with Register(url) as reg:
        assert issue_file(write_party(tmp_path, "nq1"), reg, day=D(2026, 1, 5)).entry.so_ky_hieu == "01-NQ/ĐU"
        assert issue_file(write_party(tmp_path, "nq2"), reg, day=D(2026, 2, 5)).entry.so_ky_hieu == "02-NQ/ĐU"
    assert set_term(name, url, tmp_path, NEXT, new=True, client=client) == (0, "")
    assert terms_of(url) == (TERM, NEXT)
    with Register(url) as reg:
        assert issue_file(write_party(tmp_path, "nq3"), reg, day=D(2030, 11, 3)).entry.so_ky_hieu == "01-NQ/ĐU"
    if name == "web":   # the page shows both terms, each with its export
        html = client[0].get("/register").get_data(as_text=True)
        assert "Nhiệm kỳ 2025 – 2030 (từ 16/10/2025)" in html and "Nhiệm kỳ 2030 – 2035 (từ 20/10/2030)" in html
        assert f"/register/nhiem-ky-{TERM}.xlsx" in html and "Bắt đầu nhiệm kỳ mới" in html


@pytest.mark.parametrize("case", ["bare_year", "moved_after_numbers", "new_not_after"])
def test_term_refusals_say_what_to_do_and_change_nothing(door, tmp_path, case):
    name, url, client = door
    assert set_term(name, url, tmp_path, TERM, client=client)[0] == 0
    with Register(url) as reg:
        issue_file(write_party(tmp_path, "nq1"), reg, day=D(2026, 1, 5))
    start, new = {"bare_year": ("2025", False), "moved_after_numbers": ("2025-11-01", False),
                  "new_not_after": ("2025-01-01", True)}[case]
    code, said = set_term(name, url, tmp_path, start, new, client=client)
    assert code in (2, 400) and said, said
    assert terms_of(url) == (TERM,)
    assert "Traceback" not in said and "Error" not in said
    if case == "moved_after_numbers":
        if name == "web":
            assert "nút “Bắt đầu nhiệm kỳ mới”" in said and "--nhiem-ky" not in said
        else:
            assert "--nhiem-ky-moi" in said
    if case == "bare_year":
        assert "16/10/2025" in said   # the example of a first day


def cells(blob_or_path) -> list[list]:
    import io

    from openpyxl import load_workbook
    src = io.BytesIO(blob_or_path) if isinstance(blob_or_path, bytes) else blob_or_path
    return [[[c.value for c in row] for row in ws.iter_rows()] for ws in load_workbook(src).worksheets]


def test_web_xlsx_export_is_the_clis_with_the_term_labels(web, db_url, tmp_path):  # noqa: F811
    from register.drafts import write_draft
    client, token = web()
    my_agency(client, token)
    assert client.post("/register/term", data={"csrf_token": token, "ngay": TERM, "moi": "0"}).status_code == 302
    with Register(db_url) as reg:
        issue_file(write_party(tmp_path, "nq0"), reg, day=D(2025, 12, 1))
        issue_file(write_party(tmp_path, "nq1"), reg, day=D(2026, 1, 5))
        issue_file(write_draft(tmp_path, "cv"), reg, day=D(2026, 1, 6))
    by_year = client.get("/register/so-2026.xlsx")
    assert by_year.status_code == 200
    out = tmp_path / "cli.xlsx"
    assert cli("register", "export", "--db", db_url, "--year", "2026", "--format", "xlsx", "-o", out).exit_code == 0
    assert cells(by_year.data) == cells(out)
    party = next(s for s in cells(by_year.data) if s[6][0] == "02-NQ/ĐU")   # 01 was in 2025, same term
    assert party[2][0].startswith("Nhiệm kỳ 2025 – 2030") and party[4][10] == "Nhiệm kỳ" and party[6][10] == "2025 – 2030"
    by_term = client.get(f"/register/nhiem-ky-{TERM}.xlsx")
    out = tmp_path / "cli-term.xlsx"
    assert cli("register", "export", "--db", db_url, "--nhiem-ky", TERM, "--format", "xlsx", "-o", out).exit_code == 0
    assert by_term.status_code == 200 and cells(by_term.data) == cells(out)
    [sheet] = cells(by_term.data)
    assert sheet[2][0].startswith("Nhiệm kỳ 2025 – 2030")
    assert sorted(row[0] for row in sheet[6:] if row[0]) == ["01-NQ/ĐU", "02-NQ/ĐU"]   # both years, no state row
    bad = client.get("/register/nhiem-ky-2025.xlsx")
    assert bad.status_code == 400 and "16/10/2025" in bad.get_data(as_text=True)


@pytest.mark.parametrize("how", ["library", "cli"])
def test_edxml_export_by_term(db_url, tmp_path, how):  # noqa: F811
    from vanban.deliver.edxml import read_message
    from vanban.register.edxml_export import export_edxml
    with Register(db_url) as reg:
        update_body(reg, write_party(tmp_path, "body"), None, (), term=TERM)
        issue_file(write_party(tmp_path, "nq0"), reg, day=D(2025, 12, 1))
        issue_file(write_party(tmp_path, "nq1"), reg, day=D(2026, 1, 5))
        update_body(reg, write_party(tmp_path, "body"), None, (), new_term=NEXT)
        issue_file(write_party(tmp_path, "nq2"), reg, day=D(2030, 11, 3))
    out = tmp_path / "out"
    if how == "cli":
        r = cli("register", "export", "--db", db_url, "--nhiem-ky", "16/10/2025", "--format", "edxml", "-o", out)
        assert r.exit_code == 0 and f"{TERM} -> 2 edXML" in r.output, r.output
        files = sorted(out.glob("*.edxml"))
    else:
        with Register(db_url) as reg:
            files = sorted(export_edxml(reg, out, term=TERM))
    got = sorted((str(m["ngay"]), m["so"]) for m in (read_message(f.read_bytes())[0] for f in files))
    # the term's two years, not the next term's 01 of 2030
    assert [re.search(r"20\d\d", d).group(0) for d, _so in got] == ["2025", "2026"], got
