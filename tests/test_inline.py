"""Inline emphasis, footnote references and literal text."""
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


def test_unclosed_marker_closes_at_end():
    assert parse("**đậm") == [Run("đậm", bold=True)]
