"""Every message a person reads has a Vietnamese translation: extracted here with babel,
compared with the catalog, and reported as a coverage figure."""
from __future__ import annotations

import gettext
import importlib.util
import re
import sys

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from vanban.cli import main
from vanban.i18n import LOCALE_DIR, set_language

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("update_catalogs", ROOT / "scripts" / "update_catalogs.py")
catalogs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogs)

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)s")


@pytest.fixture(scope="module")
def extracted():
    return sorted({m for m, _ in catalogs.all_messages()})


@pytest.fixture(scope="module")
def po():
    with open(catalogs.po_path("vi"), "rb") as fh:
        return read_po(fh, locale="vi")


def test_every_message_has_a_vietnamese_translation(extracted, po):
    missing = [m for m in extracted if m not in po or not po[m].string or po[m].fuzzy]
    done = len(extracted) - len(missing)
    # The coverage report (shown with pytest -s, and in the failure message).
    report = f"vi catalog: {done}/{len(extracted)} messages translated ({100 * done / len(extracted):.1f}%)"
    print("\n" + report)
    assert not missing, report + "; run python scripts/update_catalogs.py and translate:\n" + \
        "\n".join(f"  {m!r}" for m in missing)


def test_translations_keep_every_placeholder(po):
    bad = [(m.id, m.string) for m in po if m.id and m.string
           and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert not bad


def test_compiled_catalog_matches_the_po(po):
    mo = gettext.translation("vanban", LOCALE_DIR, languages=["vi"])
    stale = [m.id for m in po if m.id and m.string and not m.fuzzy and mo.gettext(m.id) != m.string]
    assert not stale, "run python scripts/update_catalogs.py to compile the catalog"


def test_vietnamese_is_the_default_and_english_on_request(monkeypatch):
    monkeypatch.delenv("VANBAN_LANG", raising=False)
    set_language(None)
    try:
        vi = CliRunner().invoke(main, ["render", "--help"])
        assert "Tạo văn bản .docx từ các tệp YAML" in vi.output and "Cách dùng:" in vi.output
        en = CliRunner().invoke(main, ["--lang", "en", "render", "--help"])
        assert "Render YAML documents to .docx" in en.output and "Usage:" in en.output
        set_language(None)
        monkeypatch.setenv("VANBAN_LANG", "en")
        assert "Usage:" in CliRunner().invoke(main, ["validate", "--help"]).output
    finally:
        set_language(None)


def test_errors_in_vietnamese(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_LANG", "vi")
    result = CliRunner().invoke(main, ["check", str(tmp_path / "thiếu.yaml")])
    assert result.exit_code == 2 and "thiếu.yaml: không có tệp này" in result.stderr
    result = CliRunner().invoke(main, ["render", "-j", "-3", "x.yaml"])
    assert "Giá trị không hợp lệ cho '-j' / '--workers'" in result.stderr


def test_subcommands_of_a_group_are_translated(monkeypatch):
    monkeypatch.setenv("VANBAN_LANG", "vi")
    out = CliRunner().invoke(main, ["derive", "plan", "--help"]).output
    assert "Mỗi đơn vị cấp dưới một kế hoạch" in out and "Danh sách đơn vị: tệp YAML hoặc CSV" in out
    assert "Công văn chuyển các nhiệm vụ" in CliRunner().invoke(main, ["derive", "--help"]).output


def test_vietnamese_messages_on_a_console_that_cannot_encode_them(tmp_path):
    import subprocess
    env = {**__import__("os").environ, "PYTHONIOENCODING": "cp1252", "VANBAN_LANG": "vi"}
    out = subprocess.run([sys.executable, "-m", "vanban", "check", str(tmp_path / "thiếu.yaml")],
                         capture_output=True, env=env)
    assert out.returncode == 2
    assert "thiếu.yaml: không có tệp này" in out.stderr.decode("utf-8")


def test_translations_use_only_the_placeholders_of_their_message():
    """A translation naming a placeholder its message does not pass would crash .format() at run time."""
    import re

    from babel.messages.pofile import read_po

    from vanban.i18n import LOCALE_DIR
    with open(LOCALE_DIR / "vi" / "LC_MESSAGES" / "vanban.po", "rb") as fh:
        catalog = read_po(fh, locale="vi")
    names = lambda text: set(re.findall(r"\{(\w*)[^{}]*\}", text or ""))  # noqa: E731
    wrong = []
    for m in catalog:
        if not m.id or not m.string or "fuzzy" in m.flags:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        allowed = set().union(*(names(i) for i in ids))
        wrong += [(ids[0], s) for s in strings if "{" in "".join(ids) and names(s) - allowed]
    assert not wrong, wrong[:5]


def test_no_literal_message_is_nested_in_an_f_string():
    """A literal _("…") inside an f-string is extracted by babel on Python 3.12+ only (PEP 701), so
    the catalog would be complete on one Python and short on another; CI runs both."""
    import ast
    nested = []
    for path in sorted((ROOT / "vanban").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                        and call.func.id in {"_", "N_", "ngettext"}
                        and call.args and isinstance(call.args[0], ast.Constant)):
                    nested.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}")
    assert not nested, "take these out of their f-strings:\n" + "\n".join(nested)
