"""User text is data: template syntax and XML characters appear literally."""
import io

import docx

import vanban
from support import docxread

from conftest import minimal

TRICKY = 'Mẫu {{ x }} và {% if true %}nếu{% endif %} & <b>đậm</b> > 5 "trích dẫn" \'đơn\' {#c#}'


def rendered_text(data) -> str:
    document = docx.Document(io.BytesIO(vanban.render_bytes(vanban.load(data))))
    return "\n".join(p.text for p in docxread.paragraphs(document)) + "\n".join(docxread.footnotes(document))


def test_template_syntax_and_xml_characters_are_literal():
    data = minimal(trich_yeu=TRICKY, kinh_gui=[TRICKY], noi_dung=[TRICKY, {"tieu_de": TRICKY, "doan": [TRICKY]}],
                   ket_thuc=[TRICKY], noi_nhan=[TRICKY])
    data["co_quan"]["ten"] = ["SỞ {{ X }} & <Y>"]
    data["ky"]["chuc_vu"] = "PHÓ {% GIÁM %} ĐỐC"
    text = rendered_text(data)
    expected = TRICKY.replace('"trích dẫn"', "“trích dẫn”")
    assert text.count(expected) >= 5
    assert "SỞ {{ X }} & <Y>" in text and "PHÓ {% GIÁM %} ĐỐC" in text


def test_control_characters_do_not_corrupt_the_file():
    text = rendered_text(minimal(noi_dung=["a\x0bb\x00c"]))
    assert "abc" in text
