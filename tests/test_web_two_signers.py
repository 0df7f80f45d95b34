"""Issue 22 in the web editor: the left signer ``ky_ben_trai`` of a biên bản, hợp đồng, bản ghi nhớ,
bản thỏa thuận. The form offers its fields for those kinds only, labelled as a signer's; saving goes
through the one YAML editor (comments kept, the file loads); the preview (real LibreOffice) prints
both blocks; on a one-signature kind it is refused and the file is left as it was."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

flask = pytest.importorskip("flask")

from vanban.decree.kinds import KINDS  # noqa: E402
from vanban.model.loader import load_text  # noqa: E402
from vanban.web import forms  # noqa: E402
from vanban.web.app import create_app  # noqa: E402

from test_web_app import LETTER, NoPreview, csrf, folder, vietnamese  # noqa: E402,F401  (shared fixtures)

TWO = sorted(k for k, info in KINDS.items() if info.signatures == 2)


def boot(c, name):
    html = c.get(f"/edit/{name}").get_data(as_text=True)
    return json.loads(re.search(r'<script type="application/json" id="doc-data">(.*?)</script>', html, re.S).group(1))


def new(c, name, kind, mau="nha_nuoc"):
    r = c.post("/new", data={"csrf_token": csrf(c), "loai": kind, "mau": mau, "ten_tep": name})
    assert r.status_code == 302, r.get_data(as_text=True)


def save(c, name, data, version):
    return c.post(f"/api/save/{name}", json={"data": data, "version": version},
                  headers={"X-CSRF-Token": csrf(c)})


def test_form_offers_the_left_signer_to_the_two_signature_kinds_only():
    form = forms.form_schema()
    assert sorted(form["kind_fields"]["ky_ben_trai"]) == TWO == ["ban_ghi_nho", "ban_thoa_thuan", "bien_ban", "hop_dong"]
    labels = form["labels"]
    assert labels["ky_ben_trai"]["label"] == "Chữ ký bên trái (người ký thứ hai)"
    assert labels["ky_ben_trai.chuc_vu"] == labels["ky.chuc_vu"]           # the same words as the signer's
    assert labels["ky_ben_trai.ho_ten"]["label"] == labels["ky.ho_ten"]["label"] != "ho_ten"


@pytest.mark.parametrize("kind", TWO)
def test_left_signer_saved_through_the_yaml_editor(folder, kind):
    app = create_app(folder, previewer=NoPreview())
    with app.test_client() as c:
        new(c, f"{kind}.yaml", kind)
        b = boot(c, f"{kind}.yaml")
        data = b["data"]
        data["ky_ben_trai"] = {"chuc_vu": "THƯ KÝ HỘI NGHỊ", "ho_ten": "Lò Thị Mai"}
        r = save(c, f"{kind}.yaml", data, b["version"])
        assert r.status_code == 200, r.get_data(as_text=True)
    text = (folder / f"{kind}.yaml").read_text(encoding="utf-8")
    assert "# " in text                                   # the skeleton's comments kept by the one YAML editor
    doc = load_text(text, f"{kind}.yaml", folder)
    assert doc.ky_ben_trai.chuc_vu == "THƯ KÝ HỘI NGHỊ" and doc.ky_ben_trai.ho_ten == "Lò Thị Mai"
    assert yaml.safe_load(text)["ky_ben_trai"] == {"chuc_vu": "THƯ KÝ HỘI NGHỊ", "ho_ten": "Lò Thị Mai"}


def test_left_signer_removed_when_emptied_and_refused_on_a_one_signature_kind(folder):
    app = create_app(folder, previewer=NoPreview())
    with app.test_client() as c:
        new(c, "bb.yaml", "bien_ban")
        b = boot(c, "bb.yaml")
        data = b["data"]
        data.pop("ky_ben_trai", None)                     # what the page sends once every box is emptied
        assert save(c, "bb.yaml", data, b["version"]).status_code == 200
        assert load_text((folder / "bb.yaml").read_text(encoding="utf-8"), "bb.yaml", folder).ky_ben_trai is None
        before = (folder / LETTER).read_bytes()
        b = boot(c, LETTER)
        b["data"]["ky_ben_trai"] = {"chuc_vu": "THƯ KÝ", "ho_ten": "A"}
        r = save(c, LETTER, b["data"], b["version"])
        assert r.status_code == 422
        said = json.dumps(r.get_json(), ensure_ascii=False)
        assert "chỉ có một chữ ký" in said and "Traceback" not in said
    assert (folder / LETTER).read_bytes() == before


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_preview_prints_both_signature_blocks(folder, tmp_path):
    from vanban.web.preview import Previewer
    previewer = Previewer()
    try:
        app = create_app(folder, previewer=previewer)
        with app.test_client() as c:
            new(c, "hd.yaml", "hop_dong")
            b = boot(c, "hd.yaml")
            b["data"]["ky_ben_trai"] = {"chuc_vu": "ĐẠI DIỆN BÊN A", "ho_ten": "Lò Thị Mai"}
            b["data"]["ky"] = {"chuc_vu": "ĐẠI DIỆN BÊN B", "ho_ten": "Hoàng Văn Trinh"}
            assert save(c, "hd.yaml", b["data"], b["version"]).status_code == 200
            r = c.post("/api/preview", json=b["data"], headers={"X-CSRF-Token": csrf(c)})
            assert r.get_json().get("pages"), r.get_json()
            pdf = c.get("/print/hd.yaml.pdf").data
    finally:
        previewer.close()
    (tmp_path / "hd.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "hd.pdf"), "-"], capture_output=True, text=True).stdout
    both = [line for line in text.splitlines() if "ĐẠI DIỆN BÊN A" in line]
    assert both and "ĐẠI DIỆN BÊN B" in both[0]           # side by side on one line, A left of B
    assert both[0].index("BÊN A") < both[0].index("BÊN B")
    names = [line for line in text.splitlines() if "Lò Thị Mai" in line]
    assert names and "Hoàng Văn Trinh" in names[0]


def test_choice_fields_help_a_clerk_not_a_yaml_writer():
    """The kind and profile are lists of named choices in the form: their help names no YAML key and
    no command (the schema's help, written for YAML, once said "(xem vanban new --help)")."""
    form = forms.form_schema()
    for field in ("loai", "mau"):
        text = form["labels"][field]["help"]
        assert text and "vanban" not in text and "cong_van" not in text and "nha_nuoc" not in text, text
    assert form["labels"]["loai"]["help"].startswith("Loại văn bản: biểu mẫu")
