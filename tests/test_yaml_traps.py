"""YAML traps a clerk falls into, each reported with its line and what to write instead."""
import re
import textwrap
from pathlib import Path

import yaml

import pytest

from vanban.i18n import set_language
from vanban.model import InputError, load_text
from vanban.model.tables import Bang

HEAD = "loai: cong_van\nco_quan: {ten: LĐLĐ TỈNH LAI CHÂU, viet_tat: LĐLĐ, dia_danh: Lai Châu}\n"
SIGN = "ky: {tm: BAN THƯỜNG VỤ, chuc_vu: CHỦ TỊCH}\n"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(autouse=True)
def english():
    yield
    set_language(None)


def problem(text):
    with pytest.raises(InputError) as info:
        load_text(text, "x.yaml")
    return info.value.problems[0]


def test_readme_yaml_blocks_validate():
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks
    for block in blocks:
        if re.search(r"^loai:", block, re.M):
            load_text(block, "README.md")
            continue
        if re.search(r"^noi_dung:", block, re.M):   # a body: valid under a document's head
            load_text("loai: quy_che\nco_quan: {ten: [BAN CHẤP HÀNH CÔNG ĐOÀN], viet_tat: CĐ, dia_danh: Lai Châu}\n"
                      "trich_yeu: Thử\nky: {chuc_vu: CHỦ TỊCH}\n" + block, "README.md")
            continue
        # A fragment (a section's paragraphs, appendices): valid YAML, each table in it valid.
        tables = list(_tables(yaml.safe_load(textwrap.dedent(block))))
        assert tables, block
        for table in tables:
            Bang.model_validate(table)


def _tables(node):
    if isinstance(node, dict):
        if "bang" in node:
            yield node["bang"]
        for value in node.values():
            yield from _tables(value)
    elif isinstance(node, list):
        for value in node:
            yield from _tables(value)


def test_item_indented_one_space_more_is_not_merged_into_the_previous():
    p = problem(HEAD + "ket_thuc:\n  - Thực hiện trong năm 2025.\n   - Bố trí kinh phí.\n" + SIGN)
    assert (p.line, p.field) == (5, "ket_thuc[1]")
    assert "joined to the text of the line above" in p.message


def test_item_indented_one_space_less_is_named():
    p = problem(HEAD + "ket_thuc:\n  - Thực hiện trong năm 2025.\n - Bố trí kinh phí.\n" + SIGN)
    assert p.line == 5 and "indented less than the items before it" in p.message


def test_folded_text_without_dashes_is_still_fine():
    doc = load_text(HEAD + "ket_thuc:\n  - Thực hiện trong năm 2025,\n    bố trí kinh phí.\n" + SIGN)
    assert doc.ket_thuc == ["Thực hiện trong năm 2025, bố trí kinh phí."]


def test_quoted_dash_text_is_kept():
    doc = load_text(HEAD + 'ket_thuc:\n  - "Năm 2025\n    - Bố trí."\n' + SIGN)
    assert doc.ket_thuc == ["Năm 2025 - Bố trí."]


def test_list_item_ending_in_colon_shows_the_quoted_line():
    p = problem(HEAD + "can_cu:\n  - Ban Thường vụ đề nghị:\n" + SIGN)
    assert (p.line, p.field) == (4, "can_cu[1]")
    assert p.message.endswith('write this line as: - "Ban Thường vụ đề nghị:"')
    assert "valid string" not in p.message


def test_value_with_colon_shows_the_quoted_line():
    p = problem(HEAD + "trich_yeu: Nhiệm vụ: giải pháp\n" + SIGN)
    assert p.line == 3 and p.message.endswith('write this line as: trich_yeu: "Nhiệm vụ: giải pháp"')


@pytest.mark.parametrize("line, field, words", [
    ("so: abc", "so", "write a whole number here (got 'abc')"),
    ("dau_ket: maybe", "dau_ket", "write true or false"),
    ("mau: xyz", "mau", "write one of: nha_nuoc, cong_doan"),
    ("trich_yeu: 2024", "trich_yeu", 'put a number in quotes: "2024"'),
    ("trich_yeu: [a, b]", "trich_yeu", "not a list"),
    ("so: 0", "so", "must be 1 or more (got 0)"),
    ("noi_nhan: {a: b}", "noi_nhan[1]", "not keys indented under it"),
])
def test_pydantic_messages_in_clerk_terms(line, field, words):
    p = problem(HEAD + line + "\n" + SIGN)
    assert p.field == field and words in p.message and "Input should" not in p.message


def test_messages_are_vietnamese_by_default():
    set_language("vi")
    p = problem(HEAD + "can_cu:\n  - Ban Thường vụ đề nghị:\n" + SIGN)
    assert "ngoặc kép" in p.message and '- "Ban Thường vụ đề nghị:"' in p.message


@pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])
def test_swallowed_dash_is_found_with_either_yaml_parser(loader):
    import yaml
    from vanban.model.messages import swallowed_dash
    if not hasattr(yaml, loader):
        pytest.skip("libyaml not available")
    text = "ket_thuc:\n  - Thực hiện trong năm 2025.\n   - Bố trí kinh phí.\n  - Tổng kết.\n"
    items = yaml.compose(text, Loader=getattr(yaml, loader)).value[0][1].value
    assert [swallowed_dash(n, text) for n in items] == [3, None]


def test_a_tab_in_the_indentation_is_named():
    p = problem(HEAD + "ket_thuc:\n\t- Thực hiện.\n" + SIGN)
    assert p.line == 4 and "a tab character; indent with spaces" in p.message
