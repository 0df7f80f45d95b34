"""Processes and the error policy: workers die with their parent, and any unexpected failure in
any command is one line and exit 2, never a traceback (unless VANBAN_DEBUG=1)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from hostile_cases import LETTER, ROOT


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


_SLOW_PARENT = """
import sys, time
sys.path.insert(0, sys.argv[1])
from vanban.deliver.batch import Job, render_batch
def jobs():
    for k in range(16):
        yield Job(sys.argv[2], f"out/d{k}.docx")
    time.sleep(600)  # the parent is busy elsewhere; the workers wait for work
render_batch(jobs(), workers=2, progress=False)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_render_workers_die_with_a_killed_parent(tmp_path):
    (tmp_path / "a.yaml").write_text(LETTER, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-c", _SLOW_PARENT, str(ROOT), "a.yaml"], cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and (len(workers) < 2 or len(list(tmp_path.glob("out/*.docx"))) < 16):
        workers = _children(parent.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers never started"
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # never leave them behind, even when the test fails
        os.kill(w, signal.SIGKILL)
    assert not survivors, "workers outlived their parent"


@pytest.fixture
def boom_command():
    from vanban.cli import main

    @click.command("boom-test")
    def boom():
        raise ZeroDivisionError("division by zero deep inside")

    main.add_command(boom)
    yield
    main.commands.pop("boom-test", None)


def test_unexpected_failure_is_one_line_and_exit_2(boom_command, monkeypatch):
    from vanban.cli import main
    monkeypatch.delenv("VANBAN_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["boom-test"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "division by zero deep inside" in result.stderr
    assert "Traceback" not in result.output + result.stderr and "ZeroDivisionError" not in result.stderr


def test_vanban_debug_shows_the_traceback(boom_command, monkeypatch):
    from vanban.cli import main
    monkeypatch.setenv("VANBAN_DEBUG", "1")
    result = CliRunner().invoke(main, ["boom-test"])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize("exc, says", [
    (OSError(36, "File name too long", "x" * 300 + ".docx"), "file name too long"),
    (OSError(28, "No space left on device", "out/a.docx"), "out/a.docx: no space left"),
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    (MemoryError(), "not enough memory"),
])
def test_known_failures_read_as_plain_words(exc, says):
    from vanban.cli.common import one_line
    line = one_line(exc)
    assert says in line and "\n" not in line and "Error" not in line
