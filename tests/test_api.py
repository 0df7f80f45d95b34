"""The library API, as another script would use it."""
import io

import docx

import vanban
from support import docxread

from conftest import DATA, minimal


def test_load_dict_and_file_give_the_same_model():
    path = DATA / "lai-chau-ldld-244-2024.yaml"
    import yaml
    from_file = vanban.load(path)
    from_dict = vanban.load(yaml.safe_load(path.read_text(encoding="utf-8")) | {"ngay": "2024-05-10"})
    assert from_file == from_dict


def test_render_to_path_and_bytes(tmp_path):
    doc = vanban.load(minimal())
    out = vanban.render(doc, tmp_path / "sub" / "a.docx")
    assert out.exists() and not list(out.parent.glob("*.part"))
    data = vanban.render_bytes(doc)
    texts = [p.text for p in docxread.paragraphs(docx.Document(io.BytesIO(data)))]
    assert "Số: 05/SGDĐT" in texts and "Hà Nội" not in " ".join(texts)
    assert "Lai Châu, ngày 08 tháng 3 năm 2024" in texts


def test_model_exposes_code_and_draft_state():
    doc = vanban.load(minimal(so=None, ngay="2024-03"))
    assert doc.is_draft and doc.code == "SGDĐT"
    assert not vanban.load(minimal()).is_draft


def test_custom_template_is_used(tmp_path):
    """A template copied and edited by a person is honoured."""
    from vanban.rendering.template_builder import build
    from vanban.model.schema import Loai, Mau
    template = docx.Document(io.BytesIO(build(Loai.cong_van, Mau.nha_nuoc)))
    template.styles["VB Body"].font.size = docx.shared.Pt(13)
    path = tmp_path / "mine.docx"
    template.save(path)
    document = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(minimal()), template=path)))
    p = next(p for p in document.paragraphs if p.text.startswith("1. Nội dung"))
    assert docxread.run_format(p.runs[-1], p, document).size == 13
