"""OCR's misreadings of the decree's fixed words (issue 20) are put right in the header and the
closing, never in the body: the labels with their space lost ("Nơinhận:") or their colon set
apart ("Noi nhan :"), an authority glued to its title ("KT.GIÁM ĐÓC"), a signer's title read
without its marks ("PHO GIAM ĐỌC"). Text fixtures: words where a page would show them."""
from __future__ import annotations

import pytest

from vanban.reading import geometry, vocabulary
from vanban.reading.geometry import PageWords, Word


@pytest.mark.parametrize("read, fixed", [
    (["KT.GIÁM", "ĐÓC"], ["KT. GIÁM", "ĐỐC"]),
    (["KT.CHU", "TJCH"], ["KT. CHỦ", "TỊCH"]),
    (["TM.BAN", "CHẤP", "HÀNH"], ["TM. BAN", "CHẤP", "HÀNH"]),
    (["KT.", "PHO", "GIAM", "ĐỌC"], ["KT.", "PHÓ", "GIÁM", "ĐỐC"]),
    (["K.T", "GIÁM", "ĐỐC"], ["KT.", "GIÁM", "ĐỐC"]),
    (["Ông.Nguyễn", "Văn"], ["Ông.Nguyễn", "Văn"]),                # no authority: left alone
])
def test_a_signing_authority_glued_to_its_title_is_put_right(read, fixed):
    assert vocabulary.correct_closing(read) == fixed


@pytest.mark.parametrize("read, fixed", [
    (["Nơinhận:"], ["Nơi nhận:"]),
    (["Kínhgửi:", "Sở", "Y", "tế"], ["Kính gửi:", "Sở", "Y", "tế"]),
    (["Noi", "nhan", ":"], ["Nơi", "nhận", ":"]),
    (["Kinh", "gui", ":", "Sở"], ["Kính", "gửi", ":", "Sở"]),
    (["Nơi", "nhân", "dân", ":"], ["Nơi", "nhân", "dân", ":"]),      # more than the label: body words
    (["Kinh", "gui", "các", "đơn", "vị"], ["Kinh", "gui", "các", "đơn", "vị"]),   # no colon: not a label
])
def test_a_label_with_its_space_lost_or_its_colon_set_apart_is_put_right(read, fixed):
    assert vocabulary.correct_label(read) == fixed


def _line(texts: list[str], x: float, top: float) -> list[Word]:
    out = []
    for t in texts:
        out.append(Word(t, x, x + 9 * len(t), top, top + 12, 13))
        x += 9 * len(t) + 5
    return out


def _page_words() -> list[Word]:
    return (_line(["ỦY", "BAN", "NHÂN", "DÂN"], 70, 40) + _line(["CỘNG", "HÒA", "XÃ", "HỘI"], 330, 40)
             + _line(["Số:", "12/UBND"], 80, 70)
             + _line(["Giao", "PHO", "GIAM", "ĐỌC", "phụ", "trách", "việc", "này."], 85, 320)
             + _line(["Noi", "nhan", ":"], 85, 600) + _line(["KT.GIAM", "ĐÓC"], 370, 600)
             + _line(["-", "Như", "trên;"], 85, 615) + _line(["PHO", "GIAM", "ĐỌC"], 370, 615)
             + _line(["Nguyễn", "Văn", "An"], 370, 690))


def test_the_closing_is_corrected_and_the_body_with_the_same_letters_is_not():
    page = geometry.build([PageWords(595, 842, _page_words(), ocr=True)], "ocr")
    text = "\n".join(b.text for b in page.blocks)
    assert "Giao PHO GIAM ĐỌC phụ trách" in text, text           # the body: what was written
    assert "Nơi nhận" in text and "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text, text
    # A text layer (not OCR) is never corrected, even in its closing.
    layer = geometry.build([PageWords(595, 842, _page_words())], "pdf")
    assert "PHÓ GIÁM ĐỐC" not in "\n".join(b.text for b in layer.blocks)
