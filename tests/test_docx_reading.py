"""Reading a .docx that is hostile or careless (issue 9): bounded parts, hardened XML, and a message
of its own for each way a file is not a readable .docx; exit 2, never a traceback."""
from __future__ import annotations

import io
import resource
import struct
import subprocess
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.reading import package, word

from support import human_docs

DOC_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def good_docx() -> bytes:
    buf = io.BytesIO()
    human_docs.build("letter")[0].save(buf)
    return buf.getvalue()


def replace_part(data: bytes, name: str, content: bytes, level: int = 6) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for item in src.infolist():
            z.writestr(item.filename, content if item.filename == name else src.read(item.filename))
    return out.getvalue()


def bomb(size: int) -> bytes:
    body = b"<w:document " + DOC_NS.encode() + b"><w:body><w:p><w:r><w:t>" + b"A" * size + b"</w:t></w:r></w:p></w:body></w:document>"
    return replace_part(good_docx(), "word/document.xml", body, level=1)


def check_cli(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path, CliRunner().invoke(main, ["check", str(path)])


@pytest.mark.parametrize("name, data, words", [
    ("empty.docx", b"", "empty"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "WordDocument".encode("utf-16-le"), ".doc"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le"),
     "encrypted"),
    ("text.docx", b"hello, not a document", "no zip signature"),
    ("cut.docx", b"PK\x03\x04" + b"\0" * 40, "damaged"),
])
def test_each_unreadable_kind_has_its_own_message(tmp_path, name, data, words):
    path, result = check_cli(tmp_path, name, data)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}: ") and words in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_malformed_and_entity_xml_are_refused(tmp_path):
    data = replace_part(good_docx(), "word/document.xml", b"<w:document " + DOC_NS.encode() + b"><w:body><w:p>")
    _, result = check_cli(tmp_path, "bad.docx", data)
    assert result.exit_code == 2 and "not well-formed XML" in result.stderr
    billion = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
               b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document ' + DOC_NS.encode() +
               b'><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>')
    _, result = check_cli(tmp_path, "laughs.docx", replace_part(good_docx(), "word/document.xml", billion))
    assert result.exit_code == 2 and "DOCTYPE" in result.stderr      # entities are never expanded


def test_an_incompressible_part_past_the_limit_is_refused(monkeypatch):
    import os
    noise = os.urandom(2 * 1024 * 1024)
    data = replace_part(good_docx(), "word/document.xml", b"<w:document " + DOC_NS.encode() + b">" + noise.hex().encode())
    monkeypatch.setattr(package, "PART_LIMIT", 1024 * 1024)
    with pytest.raises(package.UnreadableDocument, match="past the 1 MB limit"):
        word.read(data)


def test_a_part_past_the_limit_is_refused_before_inflating(tmp_path):
    data = bomb(package.PART_LIMIT + 1024)
    assert len(data) < 1_000_000
    start = time.perf_counter()
    _, result = check_cli(tmp_path, "bomb.docx", data)
    assert result.exit_code == 2 and "zip bomb" in result.stderr and "word/document.xml" in result.stderr
    assert time.perf_counter() - start < 3


def test_a_zip_header_that_lies_about_the_size_is_refused(tmp_path):
    data = bytearray(bomb(8 * 1024 * 1024))
    # Say 4 KB in the central directory; the part really inflates to 8 MB.
    at = data.rfind(b"PK\x01\x02")
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, at + 24, 4096)
        at = data.rfind(b"PK\x01\x02", 0, at)
    _, result = check_cli(tmp_path, "liar.docx", bytes(data))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "larger than its zip header" in result.stderr or "cannot be unpacked" in result.stderr


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (700 * 1024 * 1024, 700 * 1024 * 1024))


def test_bomb_in_a_separate_process_with_little_memory(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb(package.PART_LIMIT * 3))
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "vanban", "check", str(path)], capture_output=True, text=True,
                          timeout=60, preexec_fn=_limit_memory)
    assert done.returncode == 2, done.stderr
    assert "zip bomb" in done.stderr and "Traceback" not in done.stderr
    assert time.perf_counter() - start < 10


def test_one_unreadable_file_does_not_hide_the_others(tmp_path):
    good = tmp_path / "good.docx"
    good.write_bytes(good_docx())
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["check", str(empty), str(good)])
    assert result.exit_code == 2
    assert f"{good}: conforms" in result.stdout and f"{empty}: " in result.stderr


def test_nonsense_values_are_judged_not_crashed_on(tmp_path):
    src = zipfile.ZipFile(io.BytesIO(good_docx()))
    xml = src.read("word/document.xml").decode()
    import re
    xml = re.sub(r'<w:pgSz [^>]*/>', '<w:pgSz w:w="abc" w:h="-5"/>', xml)
    xml = re.sub(r'w:val="(\d+)"', lambda m: 'w:val="x"' if int(m.group(1)) % 3 == 0 else m.group(0), xml)
    data = replace_part(good_docx(), "word/document.xml", xml.encode())
    _, result = check_cli(tmp_path, "odd.docx", data)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "FAIL  page.a4" in result.stdout
