"""Run every case of tests/hostile/hostile_cases.py and print the table for the issue's note:
case, exit status, seconds, peak MB, and the first line the user reads.

    python scripts/hostile_table.py > hostile.md
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests"
sys.path[:0] = [str(HERE), str(HERE / "hostile")]

from hostile_cases import CASES  # noqa: E402
from hostile_run import run  # noqa: E402
from test_hostile_input import lay_down  # noqa: E402


def main() -> None:
    print("| case | exit | s | MB | first line |\n|---|---|---|---|---|")
    clean = 0
    for case in CASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            lay_down(case, folder)
            r = run(case.args, folder, mem_mb=case.mem_mb, timeout=case.seconds * 2)
        ok = r.code == case.code and not r.bad_lines() and case.says.lower() in (r.err + r.out).lower()
        clean += ok
        line = (r.err or r.out).strip().splitlines()[0] if (r.err or r.out).strip() else ""
        line = line.replace(tmp, "…").replace("|", "\\|")[:110]
        print(f"| {case.id} | {r.code} | {r.seconds:.1f} | {r.peak_mb:.0f} | {line} |", flush=True)
    print(f"\n{clean} of {len(CASES)} cases end as promised", file=sys.stderr)


if __name__ == "__main__":
    main()
