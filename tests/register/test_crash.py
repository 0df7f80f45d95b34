"""kill -9 of `issue` at random points: no number lost, none given twice, no issued row without its file."""
from __future__ import annotations

import datetime
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from vanban.register import ISSUED, RESERVED, Register, issue_file

from .drafts import write_draft

DAY = datetime.date(2024, 5, 10)
KILLS = 50


def _child(url: str, path: Path) -> None:
    """The forked `issue`: the parent kills it wherever it happens to be."""
    code = 1
    try:
        with Register(url) as register:
            issue_file(path, register, day=DAY)
        code = 0
    finally:
        os._exit(code)


def _number_in(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8")).get("so")


def check_register(url: str, files: list[Path]) -> list:
    """The invariants after any crash; returns the rows."""
    with Register(url) as register:
        rows = register.entries(year=DAY.year)
    assert sorted(e.number for e in rows) == list(range(1, len(rows) + 1))   # each number once, no gap
    assert len({e.yaml_path for e in rows}) == len(rows)
    for e in rows:
        yaml_number = _number_in(Path(e.yaml_path))
        if e.state == ISSUED:
            data = Path(e.docx_path).read_bytes()
            assert hashlib.sha256(data).hexdigest() == e.sha256
            assert yaml_number == e.number
        else:
            assert e.state == RESERVED
            assert yaml_number in (None, e.number)     # the number written back, or not yet
    recorded = {e.yaml_path: e.number for e in rows}
    for f in files:
        number = _number_in(f)
        if number is not None:                          # a number in a file is always a number in the register
            assert recorded[str(f.resolve())] == number
    return rows


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked issue (POSIX)")
def test_kill_9_at_random_points_then_finish(db_url, tmp_path):
    files = [write_draft(tmp_path, f"warm{i}", f"warm-up {i}") for i in range(2)]
    with Register(db_url) as register:          # schema and templates ready before forking
        issue_file(files[0], register, day=DAY)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        _child(db_url, files[1])
    assert os.waitpid(pid, 0)[1] == 0
    one = time.perf_counter() - start           # one whole issue in a child: kills are spread over it
    rng = random.Random(1302)
    for i in range(KILLS):
        path = write_draft(tmp_path, f"k{i:02d}", f"kill {i}")
        files.append(path)
        pid = os.fork()
        if pid == 0:
            _child(db_url, path)
        time.sleep(rng.uniform(0, 1.2 * one))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    rows = check_register(db_url, files)
    reserved = [e for e in rows if e.state == RESERVED]
    # Issuing an interrupted file again finishes it with the number it had reserved.
    with Register(db_url) as register:
        for e in reserved:
            done = issue_file(e.yaml_path, register, day=DAY)
            assert done.resumed and done.entry.number == e.number and done.entry.state == ISSUED
    after = check_register(db_url, files)
    assert len(after) == len(rows) and {e.state for e in after} == {ISSUED}


def test_kill_9_of_the_command(db_url, tmp_path):
    """The same through the real command line, killed while numbering or writing."""
    def command(path: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "vanban", "issue", str(path), "--db", db_url,
                                 "--date", DAY.isoformat()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    files = [write_draft(tmp_path, "c", "command")]
    start = time.perf_counter()
    assert command(files[0]).wait() == 0
    whole = time.perf_counter() - start        # starting Python takes most of it: kills go near the end
    rng = random.Random(9)
    for i in range(5):
        path = write_draft(tmp_path, f"c{i}", f"command {i}")
        files.append(path)
        proc = command(path)
        time.sleep(rng.uniform(0.6 * whole, 1.05 * whole))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    rows = check_register(db_url, files)
    result = subprocess.run([sys.executable, "-m", "vanban", "register", "list", "--year", "2024", "--db", db_url],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"{len(rows)} number(s)" in result.stdout
    for e in rows:
        assert e.so_ky_hieu in result.stdout
        if e.state == RESERVED:
            assert e.yaml_path in result.stdout


@pytest.fixture(autouse=True)
def _no_stray_children():
    yield
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass
