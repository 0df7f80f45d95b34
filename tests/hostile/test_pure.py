"""The small pure pieces behind the hostile-input promises, each on its own."""
from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from hostile_cases import LETTER, TCVN3_SAMPLE, cp1258
from vanban.deliver.files import check_outputs, OutputError, output_problem, unique_paths
from vanban.model.encoding import NotText, decode, legacy_encoding


@pytest.mark.parametrize("raw", [LETTER.encode(), codecs.BOM_UTF8 + LETTER.encode(), LETTER.encode("utf-16"),
                                 LETTER.encode("utf-16-le"), LETTER.encode("utf-16-be")],
                         ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be"])
def test_decode_reads_utf8_and_utf16_to_the_same_text(raw):
    assert decode(raw) == LETTER


@pytest.mark.parametrize("raw, name", [(cp1258(LETTER), "Windows-1258"), (TCVN3_SAMPLE, "TCVN3"),
                                       ("Café crème, élève".encode("latin-1"), None)])
def test_legacy_encodings_are_named(raw, name):
    found = legacy_encoding(raw)
    assert (found is None) if name is None else name in found


def test_not_text_says_where():
    with pytest.raises(NotText) as info:
        decode(b"loai: cong_van\ntrich_yeu: \xff\xfe\xfa\n")
    assert info.value.line == 2


def test_unique_paths_keep_the_first_name_and_tag_the_others():
    got = unique_paths(["p/x.yaml", "p/X.yaml", "p/x.yaml", "p/y.yaml"], ["1", "2", "", "4"])
    assert [str(p) for p in got] == ["p/x.yaml", "p/X-2.yaml", "p/x-3.yaml", "p/y.yaml"]


def test_output_problems(tmp_path):
    (tmp_path / "in.yaml").write_text("x")
    os.mkfifo(tmp_path / "f")
    assert "input file" in output_problem(tmp_path / "in.yaml", [tmp_path / "in.yaml"])
    assert "input file" in output_problem(tmp_path / "." / "in.yaml", [Path(os.path.relpath(tmp_path / "in.yaml"))])
    assert "FIFO" in output_problem(tmp_path / "f")
    assert "folder" in output_problem(tmp_path)
    assert "not a folder" in output_problem(tmp_path / "in.yaml" / "x.docx")
    assert "too long" in output_problem(tmp_path / ("ư" * 130 + ".docx"))
    assert output_problem(tmp_path / "new" / "deeper" / "x.docx") is None
    with pytest.raises(OutputError) as info:
        check_outputs([tmp_path / "a.docx", tmp_path / "A.docx", tmp_path / "f"], [])
    assert [p.file for p in info.value.problems] == [str(tmp_path / "A.docx"), str(tmp_path / "f")]


def test_hard_link_to_an_input_is_the_input(tmp_path):
    (tmp_path / "in.yaml").write_text("x")
    os.link(tmp_path / "in.yaml", tmp_path / "same.docx")
    assert "input file" in output_problem(tmp_path / "same.docx", [tmp_path / "in.yaml"])


@pytest.mark.parametrize("text, hidden", [("UBND", None), ("KH-UBND", None), ("SỞ GD", None),
                                          ("SGD\u200bĐT", "\u200b"), ("KH\u00a0UBND", "\u00a0"),
                                          ("\ufeffUBND", "\ufeff"), ("UB\u200dND", "\u200d"), ("A\tB", "\t")])
def test_hidden_characters(text, hidden):
    from vanban.decree.vn import hidden_char
    assert hidden_char(text) == hidden


def test_check_fails_a_code_with_a_zero_width_space(tmp_path):
    import hostile_docx as hd
    from hostile_run import run
    data = hd.edit(hd.base_docx(), {"word/document.xml": lambda x: x.replace("SGDĐT".encode(), "SGD\u200bĐT".encode())})
    (tmp_path / "zw.docx").write_bytes(data)
    result = run(["check", "zw.docx"], tmp_path)
    assert result.code == 1 and "U+200B" in result.out, result.out + result.err
