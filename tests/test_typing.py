"""The public API is typed: a strict type checker sees no Any leaking from it (PEP 561, py.typed)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

mypy = pytest.importorskip("mypy", reason="mypy is in the test extra")

SCRIPT = textwrap.dedent("""\
    import vanban
    doc = vanban.load("data/lai-chau-ldld-244-2024.yaml")
    ok: bool = vanban.check.check_file(vanban.render(doc, "output/244.docx")).ok
""")


def test_public_api_leaks_no_any(tmp_path):
    script = tmp_path / "use.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), str(script)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_package_is_marked_typed():
    assert (ROOT / "vanban" / "py.typed").is_file()
