"""Every rendered kind opens in the tools people use to read .docx files.

python-docx, docx2python (which failed on a footnotes part declaring only
``w:``), mammoth, pandoc and LibreOffice. Each must give back the document's
words, including a footnote; and the package validates against the ECMA-376
schemas (openxml-audit, a pure-Python port of the Open XML SDK's validator).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import docx
import pytest

import vanban
from vanban.model import KINDS as KINDS_DATA, Loai, Mau, load_dict
from vanban.model.loader import parse_yaml
from vanban.model.skeleton import skeleton

FOOTNOTE = "Nghị quyết số 11/2020/NQ-HĐND ngày 10/7/2020"


def _document(kind: Loai):
    # A Party-only kind (kết luận, thông tri) from the Party's profile.
    data, _ = parse_yaml(skeleton(kind, Mau.cong_doan if "cong_doan" in KINDS_DATA[kind].profiles else Mau.dang,
                                  schema=None))
    data["chu_thich"] = {"1": FOOTNOTE}
    first = data["noi_dung"][0]
    if isinstance(first, str):
        data["noi_dung"][0] = first + "[^1]"
    else:
        first["tieu_de"] += "[^1]"
    return load_dict(data, f"{kind.value}.yaml")


def _agency(kind: Loai) -> str:
    """The issuing body the skeleton names: the union's, or the Party's for a Party-only kind."""
    return "LĐLĐ TỈNH LAI CHÂU" if "cong_doan" in KINDS_DATA[kind].profiles else "ĐẢNG ỦY XÃ BÌNH LƯ"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readers")
    out = {}
    for kind in Loai:
        path = folder / f"{kind.value}.docx"
        vanban.render(_document(kind), path)
        out[kind] = path
    return out


KINDS = list(Loai)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_every_part_declares_words_namespaces(rendered, kind):
    with zipfile.ZipFile(rendered[kind]) as z:
        for name in z.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or "/_rels/" in name:
                continue
            head = z.read(name)[:4000].decode("utf-8")
            root = re.search(r"<(\w+):(\w+)\s([^>]*)>", head.split("?>", 1)[-1])
            if root.group(1) != "w":
                continue
            declared = set(re.findall(r"xmlns:(\w+)=", root.group(3)))
            assert {"w", "r", "mc", "w14"} <= declared, f"{name} declares {sorted(declared)}"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_python_docx_reads_it(rendered, kind):
    document = docx.Document(rendered[kind])
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert _agency(kind) in cells and "Lãnh đạo …" in cells
    from vanban.decree.kinds import KINDS as KIND_DATA
    first = "Chương I" if KIND_DATA[kind.value].chapters else "Căn cứ"    # a regulation opens with its chapter
    assert any(p.text.startswith(first) for p in document.paragraphs)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_docx2python_reads_it_with_its_footnote(rendered, kind):
    from docx2python import docx2python
    with docx2python(rendered[kind]) as d:
        assert _agency(kind) in d.text
        assert FOOTNOTE in d.text


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_mammoth_converts_it(rendered, kind):
    import mammoth
    with open(rendered[kind], "rb") as fh:
        result = mammoth.convert_to_html(fh)
    assert _agency(kind) in result.value and FOOTNOTE in result.value


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc not installed")
@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_pandoc_converts_it(rendered, kind):
    out = subprocess.run(["pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(rendered[kind])],
                         capture_output=True, text=True, check=True).stdout
    assert _agency(kind) in out and FOOTNOTE in out


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_converts_every_kind(rendered):
    from vanban.deliver.pdf import convert
    outcomes = convert(list(rendered.values()))
    assert [o.status for o in outcomes] == ["ok"] * len(rendered), [o.error for o in outcomes]
    for o in outcomes:
        with open(o.output, "rb") as fh:
            assert fh.read(5) == b"%PDF-"


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.value)
def test_package_validates_against_the_ecma_376_schemas(rendered, kind):
    audit = pytest.importorskip("openxml_audit", reason="openxml-audit is in the test extra")
    result = audit.OpenXmlValidator(max_errors=100).validate(str(rendered[kind]))
    # Word 2010's stylesWithEffects copy from python-docx's default template is checked for
    # agreement with styles.xml; rendered documents drop that part (vanban.rendering.slim).
    errors = [str(e) for e in result.errors if "stylesWithEffects" not in (e.part_uri or "")]
    assert errors == []
    assert not [e for e in result.errors if e.error_type is audit.ValidationErrorType.SCHEMA]
