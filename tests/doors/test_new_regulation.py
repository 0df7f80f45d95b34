"""A new quy chế or quy định starts in chapters, as offices write a regulation: ``kieu_muc: chuong``,
Chương I (general provisions) … Chương III (implementation), articles Điều 1 … 5 numbered on across
them; it validates, renders and opens in the web editor with the chapters in its tree.

Door matrix (guarantee x door), each cell one parametrized case below:

=====================================================================  =======  ===  ===
guarantee                                                              library  CLI  web
=====================================================================  =======  ===  ===
the new file is in chapters, validates, and renders Chương I–III        x      x    x
with Điều 1–5 run on under them (quy_che, quy_dinh)
the editor's tree numbers it Chương I … / Điều 1. …                     -      -    x
a kind not in chapters (quyết định, kế hoạch) starts as before           x      x    x
=====================================================================  =======  ===  ===
(-: the tree is the web's; the library and CLI print the same numbers in the rendered file.)
"""
from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner

import vanban
from vanban.cli import main
from vanban.model import Loai, Mau, load_text
from vanban.model.skeleton import skeleton

#: What the rendered skeleton prints, in order: each chapter and its name, then its articles.
PRINTED = ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1.", "Điều 2.", "Chương II", "QUY ĐỊNH CỤ THỂ", "Điều 3.", "Điều 4.",
           "Chương III", "TỔ CHỨC THỰC HIỆN", "Điều 5."]


def _new(door: str, kind: str, tmp):
    """(the YAML text, the rendered .docx bytes) of a new document of ``kind`` through ``door``."""
    if door == "library":
        text = skeleton(Loai(kind), Mau.cong_doan)
        return text, vanban.render_bytes(load_text(text))
    if door == "cli":
        out = tmp / f"{kind}.yaml"
        r = CliRunner().invoke(main, ["new", kind, "--mau", "cong_doan", "-o", str(out)])
        assert r.exit_code == 0, r.output
        r = CliRunner().invoke(main, ["render", str(out), "-o", str(out.with_suffix(".docx"))])
        assert r.exit_code == 0, r.output
        return out.read_text(encoding="utf-8"), out.with_suffix(".docx").read_bytes()
    client, _token = _client(tmp)
    r = client.post("/new", data={"loai": kind, "mau": "cong_doan", "ten_tep": f"{kind}.yaml", "csrf_token": _token})
    assert r.status_code == 302, r.get_data(as_text=True)[:300]
    got = client.get(f"/download/{kind}.yaml.docx")
    assert got.status_code == 200
    return (tmp / "served" / f"{kind}.yaml").read_text(encoding="utf-8"), got.data


def _client(tmp):
    pytest.importorskip("flask")
    from test_web_app import NoPreview, csrf
    from vanban.web import create_app
    served = tmp / "served"
    served.mkdir(exist_ok=True)
    client = create_app(served, previewer=NoPreview()).test_client()
    return client, csrf(client)


def _printed(data: bytes) -> list[str]:
    """The chapter lines, their names and the articles' numbers, as the .docx prints them."""
    paras = [p.text.strip() for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]
    out = []
    for k, t in enumerate(paras):
        if t.startswith("Chương "):
            out += [t, paras[k + 1]]
        elif t.startswith("Điều "):
            out.append(t.split(" ", 2)[0] + " " + t.split(" ", 2)[1])
    return out


@pytest.mark.parametrize("kind", ["quy_che", "quy_dinh"])
@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_new_regulation_starts_in_chapters_and_renders_them(door, kind, tmp_path):
    text, data = _new(door, kind, tmp_path)
    doc = load_text(text)
    assert doc.kieu_muc == "chuong" and doc.is_draft
    assert [c.tieu_de for c in doc.noi_dung] == ["Quy định chung", "Quy định cụ thể", "Tổ chức thực hiện"]
    assert _printed(data) == PRINTED
    assert not doc.ket_thuc     # a regulation ends with its last article, not a closing formula
    # It opens with Chương I: the căn cứ are the decision's that issues it (offered, commented out).
    assert not doc.can_cu and "# can_cu:" in text
    lines = [t for t in (p.text for p in docx.Document(io.BytesIO(data)).paragraphs) if t.strip()]
    assert lines[lines.index("Chương I") - 1] == doc.trich_yeu


@pytest.mark.parametrize("kind, top", [("quyet_dinh", "Điều 1."), ("ke_hoach", "I.")])
@pytest.mark.parametrize("door", ["library", "cli", "web"])
def test_a_kind_not_in_chapters_starts_as_before(door, kind, top, tmp_path):
    text, data = _new(door, kind, tmp_path)
    doc = load_text(text)
    assert doc.kieu_muc is None and "kieu_muc" not in text
    lines = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert not any(t.startswith("Chương ") for t in lines)
    assert any(t.startswith(top) for t in lines), lines


def test_the_editor_opens_a_new_quy_che_with_chapters_in_its_tree(tmp_path):
    from test_web_app import boot, post_json
    client, token = _client(tmp_path)
    r = client.post("/new", data={"loai": "quy_che", "mau": "nha_nuoc", "ten_tep": "qc.yaml", "csrf_token": token})
    assert r.status_code == 302
    booted = boot(client, "qc.yaml")
    assert booted["data"]["kieu_muc"] == "chuong"
    r = post_json(client, "/api/review", booted["data"], token)
    assert r.status_code == 200
    marks = r.get_json()["markers"]      # what the tree shows beside each node
    assert [marks[f"noi_dung.{k}"] for k in range(3)] == ["Chương I", "Chương II", "Chương III"]
    assert [marks[f"noi_dung.{c}.muc.{a}"] for c, a in ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0))] == \
        [f"Điều {n}." for n in range(1, 6)]
    # Saved from the form as it opened: the file is the skeleton still, chapters and all.
    before = (tmp_path / "served" / "qc.yaml").read_text(encoding="utf-8")
    r = post_json(client, "/api/save/qc.yaml", {"data": booted["data"], "version": booted["version"]}, token)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert load_text((tmp_path / "served" / "qc.yaml").read_text(encoding="utf-8")).model_dump() == \
        load_text(before).model_dump()
