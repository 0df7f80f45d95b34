"""Errors in a clerk's words (issues 21/22 leftovers), through every door that shows them.

Guarantee x door:

* a broken YAML file is told in one Vietnamese line with its file and line, with no word of
  PyYAML's or libyaml's English ("did not find expected node content", "mapping values are not
  allowed here", a tab, …), a non-zero exit and no file written: ``vanban render``, ``vanban
  check``, the library (``vanban.load``, ``vanban.render``), the web's YAML page (its check on
  opening and its save);
* both parsers' wordings (PyYAML and libyaml) go through the one table, and a complaint not in
  the table gets a general Vietnamese phrase;
* the web editor's problems name a field by the form's label (``Chức vụ người ký``), never by its
  YAML key (``chuc_vu``, ``kt``); the CLI keeps the key and the line (it is for a file).
"""
from __future__ import annotations

import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from conftest import DATA
from vanban.cli import main
from vanban.i18n import set_language
from vanban.model import messages

#: Broken YAML, each a complaint of the parsers (the comment is libyaml's words for it).
BROKEN = {
    "node_content": "loai: cong_van\ntrich_yeu: [\n",                  # did not find expected node content
    "colon_in_value": "loai: cong_van\ntrich_yeu: Về việc: họp\n",        # mapping values are not allowed
    "no_colon": "loai: cong_van\ntrich_yeu: |\n Về\nso\n",                # could not find expected ':'
    "tab": "loai: cong_van\nco_quan:\n\tten: UBND\n",                     # found character that cannot start any token
    "bad_indent": "loai: cong_van\nco_quan:\n  ten: UBND\n viet_tat: X\n",  # did not find expected key
    "unclosed_quote": 'loai: cong_van\ntrich_yeu: "Về việc họp\n',         # found unexpected end of stream
    "unclosed_list": "loai: cong_van\nluu: [VT, TH\nngay: 1\n",          # did not find expected ',' or ']'
    "at_sign": "loai: cong_van\ntrich_yeu: @họp\n",                       # found character that cannot start any token
    "alias": "loai: cong_van\ntrich_yeu: *họp\n",                         # found undefined alias
    "tag": "loai: cong_van\ntrich_yeu: !quan trọng\n",                    # could not determine a constructor
    "escape": 'loai: cong_van\ntrich_yeu: "C:\\qua"\n',                   # found unknown escape character
    "block_scalar": "loai: cong_van\ntrich_yeu: |x\n  họp\n",             # expected comment or line break
    "not_a_dash": "luu:\n  - VT\n  x: 1\n",                               # did not find expected '-' indicator
    "second_document": "loai: cong_van\n---\nloai: to_trinh\n",           # but found another document
}


def english_of(text: str) -> set[str]:
    """The words of the parsers' own complaints about ``text`` (both parsers), to be kept from a clerk."""
    words = set()
    for loader in filter(None, (yaml.SafeLoader, getattr(yaml, "CSafeLoader", None))):
        try:
            yaml.load(text, Loader=loader)
        except yaml.MarkedYAMLError as exc:
            said = f"{exc.problem or ''} {exc.context or ''}"
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", said)} - {"yaml"}
    assert words, "each case is broken YAML for both parsers"
    return words


def no_english(said: str, case: str) -> None:
    leaked = {w for w in english_of(BROKEN[case]) if re.search(rf"\b{w}\b", said, re.I)}
    assert not leaked, (leaked, said)
    assert "YAML không hợp lệ" in said or "mỗi tệp chỉ chứa một văn bản" in said, said


@pytest.fixture
def vi():
    set_language("vi")
    yield
    set_language(None)


# ------------------------------------------------------------------ the one table, both parsers
@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("parser", ["SafeLoader", "CSafeLoader"])
def test_both_parsers_wordings_come_out_vietnamese(vi, case, parser):
    loader = getattr(yaml, parser, None)
    if loader is None:
        pytest.skip("PyYAML built without libyaml")
    with pytest.raises(yaml.MarkedYAMLError) as err:
        yaml.load(BROKEN[case], Loader=loader)
    exc, text = err.value, BROKEN[case]
    mark = exc.problem_mark or exc.context_mark
    source = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    no_english(messages.yaml_problem(str(exc.problem or ""), source, str(exc.context or ""), mark.column), case)


def test_a_complaint_not_in_the_table_gets_a_general_vietnamese_phrase(vi):
    said = messages.yaml_problem("found something nobody has seen", "x: y", "while dreaming", 0)
    assert said == "YAML không hợp lệ: không đọc được dòng này; hãy kiểm tra dấu ngoặc kép, dấu hai chấm và thụt lề"


# ------------------------------------------------------------------ CLI: render and check
@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("command", ["render", "check"])
def test_cli_says_a_broken_yaml_in_vietnamese_and_writes_nothing(tmp_path, case, command):
    src = tmp_path / "cv.yaml"
    src.write_text(BROKEN[case], encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = CliRunner().invoke(main, [command, str(src)], env={"VANBAN_LANG": "vi"})
    out = r.output   # stdout and stderr, as a person sees them
    assert r.exit_code == 2, out
    lines = [ln for ln in out.splitlines() if str(src) in ln]
    assert len(lines) == 1 and re.match(rf"{re.escape(str(src))}:\d+: ", lines[0]), out   # file and line
    no_english(out, case)
    no_english(lines[0], case)
    assert "Traceback" not in out and "Error" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == before   # no .docx, nothing half-written


# ------------------------------------------------------------------ library
@pytest.mark.parametrize("case", BROKEN)
def test_library_raises_one_vietnamese_problem_with_its_line(vi, tmp_path, case):
    import vanban
    src = tmp_path / "cv.yaml"
    src.write_text(BROKEN[case], encoding="utf-8")
    with pytest.raises(vanban.InputError) as err:
        vanban.load(src)
    [problem] = err.value.problems
    assert problem.line and problem.line >= 1
    no_english(problem.message, case)
    no_english(str(err.value), case)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv.yaml"]


# ------------------------------------------------------------------ web: the YAML page
@pytest.fixture
def web(tmp_path, vi):
    flask = pytest.importorskip("flask")  # noqa: F841
    from vanban.web import create_app
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(DATA / "lai-chau-ldld-244-2024.yaml", docs / "cv.yaml")
    app = create_app(docs)
    with app.test_client() as c:
        yield c, docs / "cv.yaml"


def _token(client, url):
    return re.search(r'name="csrf-token" content="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _shown(html: str) -> str:
    import html as h
    block = re.search(r'<div class="problems-list"[^>]*>(.*?)</div>', html, re.S)
    assert block, "the page lists the problems"
    return h.unescape(re.sub(r"<[^>]+>", " ", block.group(1)))


@pytest.mark.parametrize("case", BROKEN)
@pytest.mark.parametrize("step", ["open", "save"])
def test_web_yaml_page_says_a_broken_yaml_in_vietnamese_and_keeps_the_file(web, case, step):
    client, path = web
    good = path.read_bytes()
    if step == "open":   # the file broken in a text editor; the page checks it as it opens
        path.write_text(BROKEN[case], encoding="utf-8")
        good = path.read_bytes()
        r = client.get("/raw/cv.yaml")
        assert r.status_code == 200
    else:
        from vanban.web import folder
        token = _token(client, "/raw/cv.yaml")
        r = client.post("/raw/cv.yaml", data={"yaml": BROKEN[case], "version": folder.version_of(good),
                                              "csrf_token": token}, headers={"X-CSRF-Token": token})
        assert r.status_code == 422
    said = _shown(r.get_data(as_text=True))
    assert re.search(r"(dòng|line) \d+", said), said
    no_english(said, case)
    assert path.read_bytes() == good   # not saved


# ------------------------------------------------------------------ the editor's fields: labels, not keys
def _letter_data(client):
    import json
    html = client.get("/edit/cv.yaml").get_data(as_text=True)
    return json.loads(re.search(r'id="doc-data">(.*?)</script>', html, re.S).group(1))["data"]


KEYS = re.compile(r"\b(kt|chuc_vu|ho_ten|ky_ben_trai|tieu_de|doan|muc)\b")


def test_web_review_names_fields_by_the_forms_labels(web):
    client, path = web
    token = _token(client, "/edit/cv.yaml")
    data = _letter_data(client)
    data["ky"] = dict(data["ky"], kt="GIÁM ĐỐC", chuc_vu="CHỦ TỊCH")
    data["noi_dung"] = [7]
    r = client.post("/api/review", json=data, headers={"X-CSRF-Token": token}).get_json()
    assert not r["ok"]
    by_field = {p["field"]: p for p in r["problems"]}
    said = " | ".join(p["message"] for p in r["problems"])
    assert not KEYS.search(said), said
    assert "“Ký thay (KT.)”" in by_field["ky"]["message"] and "“Chức vụ người ký”" in by_field["ky"]["message"]
    assert by_field["ky"]["label"] == "Chữ ký"
    assert "“Tiêu đề”" in by_field["noi_dung.0"]["message"]
    # the saving door answers with the same words
    r = client.post("/api/save/cv.yaml", json={"data": data}, headers={"X-CSRF-Token": token})
    assert r.status_code == 422 and not KEYS.search(" ".join(p["message"] for p in r.get_json()["problems"]))


def test_cli_keeps_the_yaml_key_and_line_for_a_file(tmp_path):
    text = (DATA / "lai-chau-ldld-244-2024.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["ky"].update(kt="GIÁM ĐỐC", chuc_vu="CHỦ TỊCH")
    src = tmp_path / "cv.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(main, ["render", str(src)], env={"VANBAN_LANG": "vi"})
    assert r.exit_code == 2
    assert re.search(r"cv\.yaml:\d+: .*\bkt\b.*chuc_vu", r.output), r.output
