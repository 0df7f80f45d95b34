"""``vanban check`` on .docx files that are not what they claim: a clean one-line refusal, exit 2,
bounded memory and time (the hardened reader is vanban/reading/package.py)."""
from __future__ import annotations

import pytest

import hostile_docx as hd
from hostile_run import run

CASES = [
    ("doc", lambda: hd.ole_container(False), ".doc"),
    ("encrypted", lambda: hd.ole_container(True), "encrypted"),
    ("empty", lambda: b"", "empty"),
    ("text", lambda: b"plain text, not a package", "not a .docx"),
    ("zip-bomb", lambda: hd.zip_bomb(1200), "x.docx: "),
    ("malformed-xml", hd.malformed, "x.docx: "),
    ("billion-laughs", hd.laughs, "x.docx: "),
    ("xxe", lambda: hd.xxe("/etc/hostname"), "x.docx: "),
]


@pytest.mark.parametrize("build, says", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_check_refuses_cleanly(tmp_path, build, says):
    (tmp_path / "x.docx").write_bytes(build())
    result = run(["check", "x.docx"], tmp_path, mem_mb=2048, timeout=60)
    report = f"exit {result.code}, {result.seconds:.1f} s, {result.peak_mb:.0f} MB\n{result.err}"
    assert result.code == 2 and says in result.err and not result.bad_lines(), report
    assert result.peak_mb < 1000 and result.seconds < 30, report


def test_check_never_prints_a_traceback(tmp_path):
    """Many bad files at once: one line each, exit 2, and no traceback."""
    for name, build, _ in CASES:
        if name == "zip-bomb":
            continue  # memory: the check branch's part
        (tmp_path / f"{name}.docx").write_bytes(build())
    result = run(["check", *sorted(p.name for p in tmp_path.glob("*.docx"))], tmp_path, mem_mb=2048, timeout=120)
    assert result.code == 2 and "Traceback" not in result.err, result.err
