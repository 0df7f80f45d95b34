"""Inline emphasis, footnote references and literal text."""
import pytest

from vanban.model.inline import Run, footnote_keys, parse, plain


def test_bold_italic_and_plain_runs():
    assert parse("trước ngày **20/01 hằng năm**.") == [Run("trước ngày "), Run("20/01 hằng năm", bold=True), Run(".")]
    assert parse("gọi tắt là *Chương trình 1609*;") == [Run("gọi tắt là "), Run("Chương trình 1609", italic=True), Run(";")]


def test_footnote_reference():
    runs = parse("của trẻ[^1].")
    assert runs == [Run("của trẻ"), Run(footnote="1"), Run(".")]
    assert footnote_keys("a[^x] b[^2]") == ["x", "2"]


def test_escaped_star_and_template_syntax_stay_literal():
    assert plain(r"5 \* 3 = {{ x }} {% if %} & <b>") == "5 * 3 = {{ x }} {% if %} & <b>"


def test_unclosed_marker_is_text():
    assert parse("**đậm") == [Run("**đậm")]
    assert parse("*a") == [Run("*a")]
    assert parse("a*") == [Run("a*")]


@pytest.mark.parametrize("text", [
    "Đơn vị (*)", "Đơn vị (*) và (*) ghi chú", "(*) Ghi chú", "7*7", "2*3*4", "a * b * c", "a ** b",
    "* gạch đầu dòng", "****", "*****x*****",
])
def test_lone_or_unpairable_stars_print_as_typed(text):
    assert parse(text) == [Run(text)]


@pytest.mark.parametrize("text, runs", [
    ("***cả hai***", [Run("cả hai", bold=True, italic=True)]),
    ("*a **b** c*", [Run("a ", italic=True), Run("b", bold=True, italic=True), Run(" c", italic=True)]),
    ("**a *b* c**", [Run("a ", bold=True), Run("b", bold=True, italic=True), Run(" c", bold=True)]),
    ("***a** b*", [Run("a", bold=True, italic=True), Run(" b", italic=True)]),
    ("***a* b**", [Run("a", bold=True, italic=True), Run(" b", bold=True)]),
    ("**a*", [Run("*"), Run("a", italic=True)]),
    ("*a**", [Run("a", italic=True), Run("*")]),
    ("(**Nguồn**)", [Run("("), Run("Nguồn", bold=True), Run(")")]),
    ("*a*b", [Run("a", italic=True), Run("b")]),
    ('*"trích"*', [Run("“trích”", italic=True)]),
    ("tổng *5* đơn vị", [Run("tổng "), Run("5", italic=True), Run(" đơn vị")]),
    ("x[^1]*y*", [Run("x"), Run(footnote="1"), Run("y", italic=True)]),
    (r"\*a*", [Run("*a*")]),
    ("(*) là **chỉ tiêu** bắt buộc", [Run("(*) là "), Run("chỉ tiêu", bold=True), Run(" bắt buộc")]),
])
def test_only_closed_pairs_are_emphasis(text, runs):
    assert parse(text) == runs
