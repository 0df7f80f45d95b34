"""The one YAML round-trip editor (vanban.model.yamledit), through every door that edits a
person's YAML: the library (apply / stamp), the web's save (Flask test client) and ``issue``.

The measure of issue 19: every tree operation of the web editor (add paragraph, add section,
add sub-section, delete, move up/down, indent, outdent), pressed on every node of a skeleton
from ``vanban new`` of every kind, saved twice, leaves a file that validates and renders —
the .docx opened with python-docx prints the headings and paragraphs in the new order — and
keeps the skeleton's comments that were not on a changed node.
"""
from __future__ import annotations

import datetime
import io
import re

import docx
import pytest

from doors.tree_ops import OPS, applied, cases, texts
from vanban.model import yamledit
from vanban.model.dump import to_data
from vanban.model.loader import load_text
from vanban.model.schema import KINDS as KINDS_DATA, Loai, Mau
from vanban.model.skeleton import skeleton
from vanban.rendering.renderer import render_bytes

flask = pytest.importorskip("flask")

KINDS = list(Loai)


def in_order(docx_bytes: bytes, body: list) -> list[str]:
    """The texts of ``body`` the .docx does not print in order (empty: all there, in order)."""
    paragraphs = [p.text.casefold() for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs]
    want = texts(body)
    k = 0
    for text in paragraphs:
        if k < len(want) and want[k].casefold() in text:
            k += 1
    return want[k:]


def second(data: dict, op: str, path: tuple) -> dict:
    """The page's second change: the same button on the same place when it is still there,
    else a heading typed, so that the second save changes the file again."""
    again = applied(data, op, path)
    if again is not None and again != data:
        return again
    data = dict(data, trich_yeu=data["trich_yeu"] + " (sửa lần hai)")
    return data


# ------------------------------------------------------------------ library door
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_every_tree_operation_saved_twice_by_the_library_validates_and_renders(kind):
    text = skeleton(kind, schema=None)
    start = to_data(load_text(text))
    broken = []
    for op, path in cases(start):
        first = yamledit.apply(text, applied(start, op, path), "x.yaml")
        data = second(to_data(load_text(first)), op, path)
        final = yamledit.apply(first, data, "x.yaml")
        doc = load_text(final, "x.yaml")            # validates
        if to_data(doc) != to_data(load_text(yamledit.apply(None, data, "y.yaml"))):
            broken.append((op, path, "says something else"))
        missing = in_order(render_bytes(doc), to_data(doc)["noi_dung"])
        if missing:
            broken.append((op, path, missing[0]))
    assert broken == []
    # Every button was pressed (outdent only where the skeleton has a sub-section to outdent).
    assert {op for op, _path in cases(start)} >= set(OPS) - {"outdent"}


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_a_move_keeps_the_comments_of_the_untouched_nodes(kind):
    text = skeleton(kind, schema=None)
    data = to_data(load_text(text))
    data["noi_dung"] = data["noi_dung"][::-1]
    out = yamledit.apply(text, data, "x.yaml")
    # The header, every key's note outside the body, and the agency block, as written.
    assert out.splitlines()[:3] == text.splitlines()[:3]
    tail = text[text.index("\nnoi_nhan:"):]
    assert tail in out
    # No comment ended inside a value: every "# " in a value would make the value longer.
    doc = load_text(out)
    assert all("#" not in t for t in texts(to_data(doc)["noi_dung"]))


def test_the_skeleton_corruption_of_issue_19_is_gone():
    """The reported case: a plan's sections moved; the ``# 1.`` comment ended inside a value
    (``tieu_de: Mục đích doan:``) and the next save answered 500."""
    text = skeleton(Loai.ke_hoach, schema=None)
    data = to_data(load_text(text))
    data["noi_dung"][0], data["noi_dung"][1] = data["noi_dung"][1], data["noi_dung"][0]
    out = yamledit.apply(text, data, "x.yaml")
    assert "Mục đích doan:" not in out and re.search(r"tieu_de: Mục đích +# 1\.", out)
    assert to_data(load_text(out)) == to_data(load_text(yamledit.apply(None, data, "y.yaml")))


def _naive(node, old, new):
    """The positional merge vanban used before issue 19 (comments stay at their position):
    the fault the read-back exists to catch."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    if old == new and node is not None:
        return node
    if isinstance(new, dict):
        node = node if isinstance(node, CommentedMap) else CommentedMap()
        old = old if isinstance(old, dict) else {}
        for key in [k for k in node if k not in new]:
            del node[key]
        for i, (key, value) in enumerate(new.items()):
            if key in node:
                node[key] = _naive(node[key], old.get(key), value)
            else:
                node.insert(min(i, len(node)), key, _naive(None, None, value))
        return node
    if isinstance(new, list):
        node = node if isinstance(node, CommentedSeq) else CommentedSeq()
        old = old if isinstance(old, list) else []
        del node[len(new):]
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = _naive(node[i], old[i] if i < len(old) else None, value)
            else:
                node.append(_naive(None, None, value))
        return node
    return new


def _corrupting_case():
    text = skeleton(Loai.ke_hoach, schema=None)
    data = to_data(load_text(text))
    data["noi_dung"][0], data["noi_dung"][1] = data["noi_dung"][1], data["noi_dung"][0]
    return text, data


def test_a_merge_that_corrupts_is_caught_and_the_changed_keys_written_anew(monkeypatch):
    text, data = _corrupting_case()
    monkeypatch.setattr(yamledit, "merge", _naive)
    out = yamledit.apply(text, data, "x.yaml")
    assert to_data(load_text(out)) == to_data(load_text(yamledit.apply(None, data, "y.yaml")))
    assert "Mục đích doan:" not in out
    assert text[text.index("\nnoi_nhan:"):] in out        # the comments of the untouched keys kept


def test_edit_refuses_what_does_not_read_back():
    text = skeleton(Loai.cong_van, schema=None)
    with pytest.raises(yamledit.EditRefused, match="not be a valid document"):
        yamledit.edit(text, lambda tree: tree.pop("co_quan") and None, "x.yaml")
    with pytest.raises(yamledit.EditRefused, match="not say what was asked"):
        yamledit.edit(text, lambda tree: None, "x.yaml", check=lambda doc: doc.so == 99)


# ------------------------------------------------------------------ web door
@pytest.fixture
def client(tmp_path):
    from vanban.web import create_app
    from test_web_app import NoPreview
    app = create_app(tmp_path, previewer=NoPreview())
    with app.test_client() as c:
        yield c


def _new(client, name: str, kind: Loai) -> None:
    from test_web_app import csrf
    token = csrf(client)
    r = client.post("/new", data={"csrf_token": token, "ten_tep": name, "loai": kind.value,
                                  # a Party-only kind (kết luận, thông tri) under the Party's profile
                                  "mau": KINDS_DATA[kind].profiles[0]})
    assert r.status_code == 302, r.get_data(as_text=True)


def _save(client, name: str, data: dict):
    from test_web_app import boot, csrf, post_json
    version = boot(client, name)["version"]
    return post_json(client, f"/api/save/{name}", {"data": data, "version": version}, csrf(client))


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_every_tree_operation_saved_twice_through_the_web_validates_and_downloads(client, tmp_path, kind):
    """A document made with "Tạo văn bản mới" (the skeleton), each button pressed, saved,
    reopened, changed and saved again: both saves 200, the file valid, the .docx download
    prints the body in the new order."""
    from test_web_app import boot
    _new(client, "goc.yaml", kind)
    start = boot(client, "goc.yaml")["data"]
    original = (tmp_path / "goc.yaml").read_text(encoding="utf-8")
    broken = []
    for n, (op, path) in enumerate(cases(start)):
        name = f"d{n}.yaml"
        (tmp_path / name).write_text(original, encoding="utf-8")
        r1 = _save(client, name, applied(start, op, path))
        r2 = _save(client, name, second(boot(client, name)["data"], op, path)) if r1.status_code == 200 else r1
        got = client.get(f"/download/{name}.docx")
        if (r1.status_code, r2.status_code, got.status_code) != (200, 200, 200):
            broken.append((op, path, r1.status_code, r2.status_code, got.status_code))
            continue
        doc = load_text((tmp_path / name).read_text(encoding="utf-8"))
        missing = in_order(got.data, to_data(doc)["noi_dung"])
        if missing:
            broken.append((op, path, missing[0]))
    assert broken == []


def test_the_web_save_refuses_what_does_not_read_back_and_leaves_the_file(client, tmp_path, monkeypatch):
    from test_web_app import boot
    _new(client, "a.yaml", Loai.ke_hoach)
    text, data = _corrupting_case()
    data["co_quan"] = boot(client, "a.yaml")["data"]["co_quan"]
    before = (tmp_path / "a.yaml").read_bytes()
    monkeypatch.setattr(yamledit, "merge", _naive)
    monkeypatch.setattr(yamledit, "_fresh", lambda tree, old, new: _naive(tree, old, new))
    r = _save(client, "a.yaml", boot(client, "a.yaml")["data"] | {"noi_dung": data["noi_dung"]})
    error = r.get_json()["error"]
    assert r.status_code == 422 and error.startswith("a.yaml: ")
    assert "the file was not changed" in error or "tệp chưa bị thay đổi" in error
    assert (tmp_path / "a.yaml").read_bytes() == before


# ------------------------------------------------------------------ issue's stamping (library and CLI)
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_stamping_a_skeleton_reads_back_number_and_date(kind):
    from vanban.register.stamp import stamp, stamp_round_trip
    text = skeleton(kind, schema=None)
    day = datetime.date(2024, 5, 10)
    for out in (stamp(text, 7, day), stamp_round_trip(text, 7, day)):
        doc = load_text(out)
        assert doc.so == 7 and doc.ngay.date == day
        assert out.splitlines()[:2] == text.splitlines()[:2]      # comments kept


def test_stamping_refuses_a_text_that_would_not_say_the_number():
    from vanban.register.stamp import stamp_round_trip
    text = skeleton(Loai.cong_van, schema=None) + "so_2: 1\n"     # an unknown key: not a valid document
    with pytest.raises(yamledit.EditRefused):
        yamledit.read_back(stamp_round_trip(text.replace("so_2: 1\n", ""), 3, datetime.date(2024, 1, 2)),
                           "x.yaml", lambda doc: doc.so == 4)


def test_issue_through_the_cli_stamps_a_skeleton_keeping_its_comments(tmp_path):
    from click.testing import CliRunner
    from vanban.cli import main
    draft = tmp_path / "cv.yaml"
    text = skeleton(Loai.cong_van, schema=None)
    draft.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(main, ["issue", str(draft), "--db", str(tmp_path / "reg.sqlite3"), "--date", "2024-05-10"])
    assert r.exit_code == 0, r.output
    out = draft.read_text(encoding="utf-8")
    doc = load_text(out)
    assert doc.so == 1 and doc.ngay.date == datetime.date(2024, 5, 10)
    assert out.splitlines()[:2] == text.splitlines()[:2] and "# 2. có tiêu đề" in out
