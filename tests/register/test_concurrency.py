"""Eight workstations numbering at once: every number given once, none skipped, none lost."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from vanban.register import ISSUED, Register

WORKER = Path(__file__).with_name("worker.py")
PROCESSES, EACH = 8, 100


def test_eight_processes_issue_800_gapless_numbers(db_url, tmp_path):
    # No schema yet: the eight first opens race to create it, and it is made once.
    procs = [subprocess.Popen([sys.executable, str(WORKER), db_url, str(tmp_path), f"w{k}", str(EACH)],
                              stderr=subprocess.PIPE, text=True) for k in range(PROCESSES)]
    errors = [p.communicate(timeout=600)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * PROCESSES, errors
    with Register(db_url) as register:
        rows = register.entries(year=2024)
    numbers = [e.number for e in rows]
    assert len(rows) == PROCESSES * EACH
    assert sorted(numbers) == list(range(1, PROCESSES * EACH + 1))     # gapless, no duplicate
    assert {e.state for e in rows} == {ISSUED}
    # Each file carries the number its row records, and each worker's own files were numbered in order.
    by_file = {e.yaml_path: e for e in rows}
    assert len(by_file) == PROCESSES * EACH
    for k in range(PROCESSES):
        mine = [by_file[str((tmp_path / f"w{k}-{i:03d}.yaml").resolve())].number for i in range(EACH)]
        assert mine == sorted(mine)
    sample = rows[417]
    assert f"so: {sample.number}\n" in Path(sample.yaml_path).read_text(encoding="utf-8")
