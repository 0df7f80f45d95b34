"""The numbers Word prints before paragraphs it numbers (w:numPr), read from numbering.xml as Word
counts them: formats, level texts, start values, a list instance's startOverride, per-level
counters reset by an item above them, bullets. Each case is a real .docx read by vanban's reader."""
from __future__ import annotations

import io

import docx
import pytest
from docx.oxml import parse_xml

from vanban.reading import word
from vanban.reading.list_numbers import formatted

from support.office_layouts import W_NS, add_numbering, para


def _labels(items, levels, start=1, override=None) -> list[str]:
    """The label of each (level, text) paragraph of a list with ``levels`` [(numFmt, lvlText)]."""
    d = docx.Document()
    num = add_numbering(d, levels, start=start)
    if override is not None:          # a second instance of the list restarting its first level
        d.part.numbering_part.element.append(parse_xml(
            f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="{num}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride></w:num>'))
    for k, (level, text) in enumerate(items):
        n = 91 if override is not None and k >= len(items) // 2 else num
        para(d, text, num=(n, level))
    buf = io.BytesIO()
    d.save(buf)
    doc = word.read(buf.getvalue())
    labels = doc.list_labels()
    return [labels.get(p.index, "") for p in doc.paragraphs if p.text]


def test_levels_count_and_a_higher_item_resets_the_levels_below():
    levels = [("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"), ("bullet", "")]
    items = [(0, "A"), (1, "B"), (2, "C"), (2, "D"), (3, "E"), (1, "F"), (2, "G"), (0, "H"), (1, "I")]
    assert _labels(items, levels) == ["I.", "1.", "a)", "b)", "-", "2.", "a)", "II.", "1."]


def test_a_level_text_may_quote_the_levels_above():
    levels = [("decimal", "%1."), ("decimal", "%1.%2."), ("decimal", "%1.%2.%3.")]
    items = [(0, "A"), (1, "B"), (1, "C"), (2, "D"), (0, "E"), (1, "F")]
    assert _labels(items, levels) == ["1.", "1.1.", "1.2.", "1.2.1.", "2.", "2.1."]


def test_start_values_and_a_start_override_of_a_second_instance():
    levels = [("decimal", "%1."), ("lowerLetter", "%2)")]
    assert _labels([(0, "A"), (0, "B")], levels, start=3) == ["3.", "4."]
    assert _labels([(0, "A"), (0, "B"), (0, "C"), (0, "D")], levels, override=1) == ["1.", "2.", "1.", "2."]


@pytest.mark.parametrize("fmt, n, shown", [("decimal", 12, "12"), ("lowerLetter", 5, "e"), ("upperLetter", 27, "AA"),
                                           ("upperRoman", 4, "IV"), ("lowerRoman", 9, "ix"), ("decimalZero", 3, "03")])
def test_formats(fmt, n, shown):
    assert formatted(n, fmt) == shown


def test_bullets_are_dashes_and_a_plus_stays_a_plus():
    assert _labels([(0, "A")], [("bullet", "\uf0b7")]) == ["-"]
    assert _labels([(0, "A")], [("bullet", "+")]) == ["+"]
    assert _labels([(0, "A")], [("none", "")]) == [""]


def test_a_paragraph_of_a_list_that_numbering_xml_lacks_gets_no_number():
    d = docx.Document()
    para(d, "Không có danh sách", num=(77, 0))
    buf = io.BytesIO()
    d.save(buf)
    assert word.read(buf.getvalue()).list_labels() == {}
