"""The web editor through Flask's test client: pages, review, saving, safety, derive."""
from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import DATA, minimal

flask = pytest.importorskip("flask")

from vanban.web import create_app  # noqa: E402
from vanban.web import folder as store  # noqa: E402

LETTER = "lai-chau-ldld-244-2024.yaml"
PLAN = "lai-chau-ubnd-kh-mam-non-2023.yaml"


class NoPreview:
    """Stands in for LibreOffice where a test does not look at pages (the e2e tests do)."""

    def pages(self, doc):
        raise RuntimeError("no converter in this test")

    def cached(self, key):
        return None

    def close(self):
        pass


@pytest.fixture(autouse=True)
def vietnamese():
    """The web speaks the clerk's language, Vietnamese by default (the suite runs in English)."""
    from vanban.i18n import set_language
    set_language("vi")
    yield
    set_language(None)


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (LETTER, PLAN):
        shutil.copy(DATA / name, docs / name)
    return docs


@pytest.fixture
def client(folder):
    app = create_app(folder, previewer=NoPreview())
    with app.test_client() as c:
        yield c


def csrf(client, url="/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def boot(client, name):
    html = client.get(f"/edit/{name}").get_data(as_text=True)
    import json
    raw = re.search(r'<script type="application/json" id="doc-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(raw)


def post_json(client, url, body, token):
    return client.post(url, json=body, headers={"X-CSRF-Token": token})


def test_list_shows_kind_number_date_subject_and_state(client):
    html = client.get("/").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td><a href=\"/edit/lai-chau-ldld-244-2024.yaml\">.*?</tr>", html, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells[1:4] == ["Công văn", "244/LĐLĐ", "10/05/2024"]
    assert cells[4].startswith("triển khai thực hiện Chương trình hành động số 49-CTr/TU")
    assert cells[5] == "Đã ban hành"
    plan = re.search(r"mam-non-2023.yaml\">.*?</tr>", html, re.S).group(0)
    assert "Kế hoạch" in plan and "…/KH-UBND" in plan and "Dự thảo" in plan


def test_editor_page_carries_data_schema_and_vietnamese_labels(client):
    b = boot(client, LETTER)
    assert b["data"]["so"] == 244 and b["data"]["co_quan"]["viet_tat"] == "LĐLĐ"
    assert list(b["form"]["schema"]["properties"])[:3] == ["loai", "mau", "co_quan"]
    assert b["form"]["labels"]["trich_yeu"]["label"] == "Trích yếu"
    assert b["version"] == store.version_of((client.application.extensions["vanban"]["root"] / LETTER).read_bytes())


def test_review_places_problems_and_findings_on_fields_and_numbers_like_print(client):
    token = csrf(client)
    data = boot(client, PLAN)["data"]
    r = post_json(client, "/api/review", data, token).get_json()
    assert r["ok"] and r["problems"] == []
    assert r["markers"]["noi_dung.0"] == "I." and r["markers"]["noi_dung.1.muc.1.muc.0"] == "2.1."
    data["ngay"] = "2023-02-30"
    data["co_quan"]["viet_tat"] = ""
    r = post_json(client, "/api/review", data, token).get_json()
    fields = {p["field"]: p["message"] for p in r["problems"]}
    assert "ngay" in fields and "không phải ngày có thật" in fields["ngay"]  # the catalog's words
    data = boot(client, LETTER)["data"]
    data["co_quan"]["dia_danh"] = "lai Châu"
    r = post_json(client, "/api/review", data, token).get_json()
    assert r["ok"] and [(f["rule"], f["field"]) for f in r["findings"]] == [("ngay.place", "ngay")]
    # The rule as the catalog words it (check prints the same words), not a table of the web's own.
    assert r["findings"][0]["title"] == "dòng ngày tháng bắt đầu bằng địa danh"


def test_save_keeps_comments_and_untouched_text(client, folder):
    token = csrf(client)
    b = boot(client, LETTER)
    before = (folder / LETTER).read_text(encoding="utf-8")
    b["data"]["so"] = 245
    b["data"]["noi_dung"][0], b["data"]["noi_dung"][1] = b["data"]["noi_dung"][1], b["data"]["noi_dung"][0]
    r = post_json(client, f"/api/save/{LETTER}", {"data": b["data"], "version": b["version"]}, token)
    assert r.status_code == 200, r.get_json()
    after = (folder / LETTER).read_text(encoding="utf-8")
    assert after.splitlines()[:2] == before.splitlines()[:2]        # the header comment
    assert "so: 245" in after and "so: 244" not in after
    assert "trich_yeu: >-\n  triển khai thực hiện Chương trình hành động số 49-CTr/TU" in after   # folded as written
    import vanban
    doc = vanban.load(folder / LETTER)
    assert doc.so == 245 and doc.noi_dung[0].startswith("Đa dạng hóa công tác tuyên truyền")
    assert r.get_json()["version"] == store.version_of(after.encode("utf-8"))


def test_second_tab_gets_a_conflict_not_an_overwrite(client, folder):
    token = csrf(client)
    tab1, tab2 = boot(client, LETTER), boot(client, LETTER)
    tab1["data"]["so"] = 300
    assert post_json(client, f"/api/save/{LETTER}", {"data": tab1["data"], "version": tab1["version"]}, token).status_code == 200
    tab2["data"]["so"] = 400
    r = post_json(client, f"/api/save/{LETTER}", {"data": tab2["data"], "version": tab2["version"]}, token)
    assert r.status_code == 409 and "nơi khác" in r.get_json()["error"]
    assert "so: 300" in (folder / LETTER).read_text(encoding="utf-8")


def test_invalid_document_is_not_saved(client, folder):
    token = csrf(client)
    b = boot(client, LETTER)
    b["data"]["ngay"] = "31/2/2024"      # typed as she types dates (issue 21), but no such day
    before = (folder / LETTER).read_bytes()
    r = post_json(client, f"/api/save/{LETTER}", {"data": b["data"], "version": b["version"]}, token)
    assert r.status_code == 422 and r.get_json()["problems"][0]["field"] == "ngay"
    assert (folder / LETTER).read_bytes() == before


def test_every_post_needs_the_csrf_token(client, folder):
    b = boot(client, LETTER)
    assert client.post("/api/review", json=b["data"]).status_code == 403
    assert client.post(f"/api/save/{LETTER}", json={"data": b["data"], "version": b["version"]},
                       headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.post("/new", data={"loai": "cong_van", "mau": "nha_nuoc", "ten_tep": "x.yaml"}).status_code == 403
    token = csrf(client)
    r = client.post("/api/review", json=b["data"], headers={"X-CSRF-Token": token, "Origin": "http://evil.example"})
    assert r.status_code == 403
    assert not (folder / "x.yaml").exists()


def test_new_document_from_skeleton_for_every_kind(client, folder):
    token = csrf(client)
    import vanban
    for loai in ("cong_van", "ke_hoach", "quyet_dinh", "thong_bao", "bao_cao", "to_trinh"):
        r = client.post("/new", data={"loai": loai, "mau": "cong_doan", "ten_tep": f"moi-{loai}", "csrf_token": token})
        assert r.status_code == 302 and r.headers["Location"].endswith(f"/edit/moi-{loai}.yaml")
        doc = vanban.load(folder / f"moi-{loai}.yaml")
        assert doc.loai.value == loai and doc.mau.value == "cong_doan" and doc.is_draft
    r = client.post("/new", data={"loai": "cong_van", "mau": "nha_nuoc", "ten_tep": "moi-cong_van", "csrf_token": token})
    assert r.status_code == 409


@pytest.mark.parametrize("name", ["../x.yaml", "..%2Fx.yaml", "/etc/passwd", "%2Fetc%2Fhosts.yaml", "sub/../../x.yaml",
                                  ".hidden.yaml", "a.txt"])
def test_no_path_outside_the_folder(client, folder, name):
    token = csrf(client)
    (folder.parent / "x.yaml").write_text((folder / LETTER).read_text(encoding="utf-8"), encoding="utf-8")
    assert client.get(f"/edit/{name}").status_code == 404
    assert client.get(f"/download/{name}.docx").status_code == 404
    r = client.post(f"/api/save/{name}", json={"data": minimal(), "version": None}, headers={"X-CSRF-Token": token})
    assert r.status_code == 404
    from urllib.parse import unquote
    if name != "a.txt":    # /new adds .yaml to a bare name: a.txt.yaml is a fine name
        r = client.post("/new", data={"loai": "cong_van", "mau": "nha_nuoc", "ten_tep": unquote(name), "csrf_token": token})
        assert r.status_code == 400
    assert (folder.parent / "x.yaml").read_text(encoding="utf-8") == (folder / LETTER).read_text(encoding="utf-8")


def test_symlink_leading_out_is_refused(client, folder, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text((folder / LETTER).read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, folder / "link.yaml")
    assert client.get("/edit/link.yaml").status_code == 404
    assert client.get("/download/link.yaml.docx").status_code == 404
    assert "link.yaml" not in client.get("/").get_data(as_text=True)
    with pytest.raises(store.PathRefused):
        store.safe_path(folder, "link.yaml")
    assert store.safe_path(folder, LETTER) == Path(os.path.realpath(folder)) / LETTER


def test_other_host_needs_the_token(folder):
    app = create_app(folder, token="s3cret-token", previewer=NoPreview())
    with app.test_client() as c:
        assert c.get("/", base_url="http://192.0.2.10:8080").status_code == 401
        assert c.get("/?token=wrong", base_url="http://192.0.2.10:8080").status_code == 401
        r = c.get("/?token=s3cret-token", base_url="http://192.0.2.10:8080")
        assert r.status_code == 200 and "vanban_token=s3cret-token" in r.headers["Set-Cookie"]
        assert c.get("/", base_url="http://192.0.2.10:8080").status_code == 200      # the cookie now
        assert c.get("/", headers={"X-Vanban-Token": "s3cret-token"}).status_code == 200


def test_local_app_refuses_foreign_host_names(client):
    # DNS rebinding: a page on evil.example whose name resolves to 127.0.0.1.
    assert client.get("/", base_url="http://evil.example:8080").status_code == 403
    assert client.get("/", base_url="http://localhost:8080").status_code == 200


def test_download_docx_is_the_rendered_document(client):
    r = client.get(f"/download/{LETTER}.docx")
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    d = docx.Document(io.BytesIO(r.data))
    texts = [p.text for p in d.paragraphs]
    assert any(t.startswith("1. Tuyên truyền vận động đoàn viên") for t in texts)


def _upload(client, token, mode, parent, fields=None, **files):
    data = {"csrf_token": token, "mode": mode, "parent": (io.BytesIO(parent[1]), parent[0]), **(fields or {})}
    for key, (name, blob) in files.items():
        data[key] = (io.BytesIO(blob), name)
    return client.post("/derive", data=data, content_type="multipart/form-data")


def test_derive_plans_from_an_uploaded_yaml_parent(client):
    token = csrf(client, "/derive")
    parent = (PLAN, (DATA / PLAN).read_bytes())
    units = ("lai-chau-2023.yaml", (DATA / "units" / "lai-chau-2023.yaml").read_bytes())
    r = _upload(client, token, "plan", parent, {"luu_vao_thu_muc": "1"}, units=units)
    assert r.status_code == 200 and r.mimetype == "application/zip"
    kept = sorted(p.name for p in client.application.extensions["vanban"]["root"].glob("lai-chau-ubnd-kh-mam-non-2023-*.yaml"))
    assert len(kept) == 8 and "lai-chau-ubnd-kh-mam-non-2023-huyen-sin-ho.yaml" in kept
    assert "huyen-sin-ho" in client.get("/").get_data(as_text=True)
    r = _upload(client, token, "plan", parent, {"luu_vao_thu_muc": "1"}, units=units)
    assert r.status_code == 400 and "không ghi đè" in r.get_data(as_text=True)
    r = _upload(client, token, "plan", parent, units=units)
    z = zipfile.ZipFile(io.BytesIO(r.data))
    docs = sorted(n for n in z.namelist() if n.endswith(".docx"))
    assert len(docs) == 8 and "lai-chau-ubnd-kh-mam-non-2023/huyen-tam-duong.docx" in docs
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(z.read(docs[0]))).paragraphs)
    assert "Căn cứ Kế hoạch số" in text and "KẾ HOẠCH" in text


def test_derive_follow_up_and_refused_uploads(client):
    token = csrf(client, "/derive")
    parent = (PLAN, (DATA / PLAN).read_bytes())
    body = ("lai-chau-ldld.yaml", (DATA / "bodies" / "lai-chau-ldld.yaml").read_bytes())
    r = _upload(client, token, "follow_up", parent, body=body)
    page = r.get_data(as_text=True)      # 002 names no union section: the page names its box, not --tasks
    assert r.status_code == 400 and "Các mục cần triển khai" in page and "--tasks" not in page
    r = _upload(client, token, "follow_up", parent, {"tasks": "III.1"}, body=body)
    assert r.status_code == 200
    z = zipfile.ZipFile(io.BytesIO(r.data))
    assert sorted(z.namelist()) == ["lai-chau-ubnd-kh-mam-non-2023.lai-chau-ldld.docx",
                                    "lai-chau-ubnd-kh-mam-non-2023.lai-chau-ldld.yaml"]
    letter = docx.Document(io.BytesIO(z.read("lai-chau-ubnd-kh-mam-non-2023.lai-chau-ldld.docx")))
    assert any(p.text.startswith("Căn cứ Kế hoạch số") for p in letter.paragraphs)
    r = _upload(client, token, "plan", ("x.exe", b"MZ\x90\x00"))
    assert r.status_code == 400 and "Chỉ nhận tệp" in r.get_data(as_text=True)
    r = _upload(client, token, "plan", ("fake.docx", b"not a zip"))
    assert r.status_code == 400 and "không phải là tệp .docx thật" in r.get_data(as_text=True)
    app = client.application
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    r = _upload(client, token, "plan", ("big.yaml", big))
    assert r.status_code == 413


def test_register_page_and_issuing_from_the_editor(client, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_DB", str(tmp_path / "register.sqlite3"))   # never the user's own register
    html = client.get("/register").get_data(as_text=True)
    assert "Chưa có văn bản nào trong sổ năm" in html
    token = csrf(client)
    assert "Cấp số" in client.get(f"/edit/{PLAN}").get_data(as_text=True)
    r = client.post(f"/issue/{PLAN}", data={"csrf_token": token, "ngay": "2023-12-04", "xac_nhan": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "Đã cấp số 01/KH-UBND" in page and "04/12/2023" in page
    import vanban
    doc = vanban.load(folder / PLAN)
    assert doc.so == 1 and doc.ngay.date.isoformat() == "2023-12-04"
    assert (folder / PLAN).with_suffix(".docx").is_file()
    r = client.post(f"/issue/{PLAN}", data={"csrf_token": token, "xac_nhan": "1"})
    page = r.get_data(as_text=True)      # the clerk is told the number, not a command-line option
    assert r.status_code == 409 and f"{PLAN} đã được cấp số 01/KH-UBND." in page
    assert "--renumber" not in page and str(folder) not in page


def test_a_preview_overtaken_while_waiting_is_not_converted():
    import threading

    import vanban
    from vanban.web.preview import Previewer, Superseded

    started, release = threading.Event(), threading.Event()

    class Slow:
        def __init__(self):
            self.converted = []

        def to_pdf(self, docx):
            self.converted.append(docx)
            started.set()
            release.wait(10)
            raise RuntimeError("stop here: the test looks only at what was converted")

        def close(self):
            pass

    conv = Slow()
    previews = Previewer(lambda: conv)
    doc = vanban.load(DATA / LETTER)
    outcomes = {}

    def ask(name, d):
        try:
            previews.pages(d, "tab-1")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test compares
            outcomes[name] = type(exc).__name__

    first = threading.Thread(target=ask, args=("first", doc))
    first.start()
    started.wait(10)
    second = threading.Thread(target=ask, args=("second", doc.model_copy(update={"so": 2})))
    third = threading.Thread(target=ask, args=("third", doc.model_copy(update={"so": 3})))
    import time

    def until_ticket(n):   # the request has taken its place in the queue
        deadline = time.monotonic() + 10
        while previews._tickets < n and time.monotonic() < deadline:
            time.sleep(0.01)

    second.start()
    until_ticket(2)
    third.start()
    until_ticket(3)
    release.set()
    for t in (first, second, third):
        t.join(10)
    assert outcomes == {"first": "RuntimeError", "second": Superseded.__name__, "third": "RuntimeError"}
    assert len(conv.converted) == 2


def test_serve_on_another_address_prints_and_requires_a_token(folder):
    import urllib.error
    import urllib.request

    from web_browser import Server
    srv = Server(folder, "--host", "0.0.0.0")
    try:
        assert "?token=" in srv.url
        bare = srv.url.split("?")[0].replace("0.0.0.0", "127.0.0.1")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bare + "/", timeout=30)
        assert refused.value.code == 401
        token = srv.url.split("?token=")[1]
        with urllib.request.urlopen(f"{bare}/?token={token}", timeout=30) as ok:
            assert ok.status == 200 and "Văn bản trong thư mục" in ok.read().decode("utf-8")
    finally:
        srv.stop()


def test_serve_locally_needs_no_token(folder):
    import urllib.request

    from web_browser import Server
    srv = Server(folder)
    try:
        assert srv.url.startswith("http://127.0.0.1:") and "token" not in srv.url
        with urllib.request.urlopen(srv.url + f"/edit/{LETTER}", timeout=30) as ok:
            assert ok.status == 200
    finally:
        srv.stop()


def test_a_file_with_a_typo_opens_as_text_and_is_saved_once_valid(client, folder):
    good = (folder / LETTER).read_text(encoding="utf-8")
    broken = good.replace("ngay: 2024-05-10", "ngay: 2024-05-40")
    (folder / LETTER).write_text(broken, encoding="utf-8")
    r = client.get(f"/edit/{LETTER}")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/raw/{LETTER}")
    html = client.get(f"/raw/{LETTER}").get_data(as_text=True)
    assert "dòng 11: ngay:" in html and "không phải ngày có thật" in html
    version = re.search(r'name="version" value="([^"]+)"', html).group(1)
    token = csrf(client, f"/raw/{LETTER}")
    r = client.post(f"/raw/{LETTER}", data={"csrf_token": token, "version": version, "yaml": broken})
    assert r.status_code == 422 and (folder / LETTER).read_text(encoding="utf-8") == broken
    r = client.post(f"/raw/{LETTER}", data={"csrf_token": token, "version": version, "yaml": good})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/edit/{LETTER}")
    assert (folder / LETTER).read_text(encoding="utf-8") == good
    r = client.post(f"/raw/{LETTER}", data={"csrf_token": token, "version": version, "yaml": broken})
    assert r.status_code == 409 and (folder / LETTER).read_text(encoding="utf-8") == good


def test_serve_stops_on_sigterm_and_leaves_no_libreoffice(folder):
    import signal
    import subprocess
    import urllib.request

    from web_browser import Server
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice not installed")
    import glob
    private = folder.parent / "server-tmp"   # its own TMPDIR: other processes' folders cannot mix in
    private.mkdir()
    pattern = os.path.join(private, "vanban-web-*")
    before = set(glob.glob(pattern))
    srv = Server(folder, tmpdir=private)
    try:
        with urllib.request.urlopen(srv.url + f"/download/{LETTER}.pdf", timeout=120) as pdf:
            assert pdf.read(5) == b"%PDF-"
        made = set(glob.glob(pattern)) - before
        assert made                                  # the converter's working folder
        os.killpg(srv.proc.pid, signal.SIGTERM)
        assert srv.proc.wait(timeout=60) == 0
        assert set(glob.glob(pattern)) - before == set()
        for folder_made in made:                     # and no LibreOffice still using it
            assert subprocess.run(["pgrep", "-f", folder_made], capture_output=True).returncode == 1
    finally:
        srv.stop()


# ------------------------------------------------------------------ messages through gettext

WEB = Path(__file__).resolve().parent.parent / "vanban" / "web"


def _vietnamese_literals(path: Path) -> list[str]:
    """String literals with a letter outside ASCII (Vietnamese words) that are not the argument of
    ``_()`` / ``N_()`` and not a docstring: words a person reads that the catalog cannot translate."""
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
            skip.update(id(n) for a in node.args for n in ast.walk(a))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))
    return [f"line {n.lineno}: {n.value!r}" for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in skip
            and any(c.isalpha() and not c.isascii() for c in n.value)]


@pytest.mark.parametrize("path", sorted(WEB.glob("*.py")), ids=lambda p: p.name)
def test_no_vietnamese_literal_outside_gettext(path):
    assert _vietnamese_literals(path) == []


def test_the_detector_finds_a_literal(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text('"""Tài liệu."""\nA = _("Saved")\nB = "Đã lưu"\nC = N_("Tệp")\n', encoding="utf-8")
    assert _vietnamese_literals(sample) == ["line 3: 'Đã lưu'"]


def test_templates_have_no_words_outside_gettext():
    """Every word of a template is inside {{ _("…") }}: what is left, tags and expressions removed,
    has no letter outside ASCII."""
    for template in sorted((WEB / "templates").glob("*.html")):
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]+>", " ", template.read_text(encoding="utf-8"), flags=re.S)
        assert not [c for c in text if c.isalpha() and not c.isascii()], template.name


def test_pages_are_vietnamese_by_default_and_english_on_request(client, folder):
    from vanban.i18n import set_language
    vi = {url: client.get(url).get_data(as_text=True) for url in ("/", "/derive", f"/edit/{LETTER}", "/nowhere")}
    assert '<html lang="vi">' in vi["/"] and "Văn bản trong thư mục" in vi["/"] and "Tạo văn bản mới" in vi["/"]
    assert "Tạo văn bản triển khai từ văn bản cấp trên" in vi["/derive"]
    assert "Không tìm thấy." in vi["/nowhere"]
    form = boot(client, LETTER)["form"]
    assert form["labels"]["co_quan.ten"]["label"] == "Tên cơ quan" and form["texts"]["move_up"] == "Chuyển lên"
    set_language("en")
    en = {url: client.get(url).get_data(as_text=True) for url in ("/", "/derive", "/nowhere")}
    assert '<html lang="en">' in en["/"] and "Documents in the folder" in en["/"] and "Văn bản trong" not in en["/"]
    assert "Derive documents from a parent document" in en["/derive"] and "Not found." in en["/nowhere"]
    form = boot(client, LETTER)["form"]
    assert form["labels"]["co_quan.ten"]["label"] == "Agency name" and form["texts"]["move_up"] == "Move up"
    assert form["labels"]["trich_yeu"]["help"].startswith("subject line")


# ------------------------------------------------------------------ bad input is a 4xx, never a 500

LONG = "a" * 300 + ".yaml"


@pytest.mark.parametrize("method,url", [("get", f"/edit/{LONG}"), ("get", f"/raw/{LONG}"),
                                        ("get", f"/download/{LONG[:-5]}.docx"), ("get", f"/download/{LONG[:-5]}.pdf"),
                                        ("post", f"/api/save/{LONG}"), ("post", f"/raw/{LONG}")])
def test_a_file_name_over_255_bytes_is_a_400(client, method, url):
    token = csrf(client)
    r = getattr(client, method)(url, json={"data": {}}, headers={"X-CSRF-Token": token})
    assert r.status_code == 400
    assert "Tên tệp quá dài (tối đa 255 byte)." in r.get_data(as_text=True)


def test_a_new_document_with_a_name_over_255_bytes_is_a_400(client, folder):
    r = client.post("/new", data={"ten_tep": "đ" * 200, "loai": "cong_van", "mau": "nha_nuoc",
                                  "csrf_token": csrf(client)})
    assert r.status_code == 400 and "tối đa 255 byte" in r.get_data(as_text=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTER, PLAN])


@pytest.mark.parametrize("url", ["/api/review", "/api/preview", f"/api/save/{LETTER}"])
@pytest.mark.parametrize("depth", [100_000, 65])
def test_json_nested_deep_is_a_400(client, folder, url, depth):
    before = (folder / LETTER).read_bytes()
    body = '{"data":' * depth + "1" + "}" * depth
    r = client.post(url, data=body, content_type="application/json", headers={"X-CSRF-Token": csrf(client)})
    assert r.status_code == 400
    assert r.get_json() == {"error": "Dữ liệu gửi lên lồng nhau quá sâu (tối đa 64 cấp)."}
    assert (folder / LETTER).read_bytes() == before


def test_json_that_is_not_an_object_is_a_400(client):
    for body in ("[1, 2", "\"text\"", "{\"a\": [\"]]]]\"]}"[:-1]):
        r = client.post("/api/review", data=body, content_type="application/json", headers={"X-CSRF-Token": csrf(client)})
        assert r.status_code == 400 and r.get_json() == {"error": "Dữ liệu gửi lên không hợp lệ."}


def test_brackets_inside_strings_do_not_count_as_depth():
    from vanban.web.shared import json_depth
    assert json_depth(b'{"a": "[[[[{{{{\\"]]]", "b": [[1]]}') == 3


def test_an_upload_too_large_is_a_413_in_vietnamese(client):
    from vanban.web.app import MAX_UPLOAD
    token = csrf(client)
    big = io.BytesIO(b"x" * (MAX_UPLOAD + 1))
    r = client.post("/derive", data={"csrf_token": token, "mode": "plan", "parent": (big, "p.yaml")},
                    content_type="multipart/form-data")
    assert r.status_code == 413 and "Tệp tải lên quá lớn (tối đa 8 MB)." in r.get_data(as_text=True)
    r = client.post("/api/review", data=b"{" + b" " * MAX_UPLOAD + b"}", content_type="application/json",
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 413 and r.get_json() == {"error": "Tệp tải lên quá lớn (tối đa 8 MB)."}


def test_a_derive_upload_with_a_name_over_255_bytes_is_a_400(client):
    r = client.post("/derive", data={"csrf_token": csrf(client), "mode": "plan",
                                     "parent": (io.BytesIO(b"loai: ke_hoach\n"), "k" * 300 + ".yaml")},
                    content_type="multipart/form-data")
    assert r.status_code == 400 and "Tên tệp quá dài" in r.get_data(as_text=True)


def test_the_servers_own_refusal_of_a_large_body_is_in_vietnamese(folder):
    """Over the app's limit by more than waitress lets through, waitress refuses the body itself:
    the answer is still the app's message (a page, or JSON for /api/), status 413."""
    import http.client

    from web_browser import Server
    srv = Server(folder)
    try:
        host = srv.url.split("//", 1)[1]
        for url, kind in (("/derive", "text/html"), ("/api/review", "application/json")):
            conn = http.client.HTTPConnection(host, timeout=30)
            conn.putrequest("POST", url)
            conn.putheader("Content-Length", str(20 * 1024 * 1024))
            conn.putheader("Content-Type", "application/octet-stream")
            conn.endheaders()
            r = conn.getresponse()
            body = r.read().decode("utf-8")
            assert r.status == 413 and r.getheader("Content-Type").startswith(kind)
            assert "Tệp tải lên quá lớn (tối đa 8 MB)." in body and "Request Entity Too Large" not in body
            conn.close()
    finally:
        srv.stop()


def test_an_error_no_route_foresaw_is_one_vietnamese_line_never_a_traceback(folder, monkeypatch):
    from vanban.web import create_app
    from vanban.web import folder as store

    def broken(_root):
        raise RuntimeError("listing exploded")
    monkeypatch.setattr(store, "listing", broken)
    app = create_app(folder, previewer=NoPreview())
    app.testing = False                # as served: an exception is answered, not raised into the test
    r = app.test_client().get("/", headers={"Accept-Language": "vi"})
    text = r.get_data(as_text=True)
    assert r.status_code == 500 and "Máy chủ không làm được việc này" in text, text[:500]
    assert "Traceback" not in text and "RuntimeError" not in text and "listing exploded" not in text
