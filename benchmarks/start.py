"""Start-up time of the commands a person runs: this checkout against a baseline commit, same run.

    python benchmarks/start.py [--baseline REV] [--runs N]

Times the whole process of ``vanban validate LETTER`` and ``vanban render
LETTER -o OUT.docx`` (the công văn in data/), N runs each (median), first for
a checkout of the baseline (default ``main``; the issue names the figure of the
code before this branch) made in a temporary git worktree, then for this
checkout. Both run the package from source (``python -m vanban``) with the same
interpreter, so only the code differs. Targets: validate under 0.3 s, render of
one letter under 0.5 s. The last line reads
``validate X s (baseline Y s, ratio Z); render X s (baseline Y s, ratio Z)``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "lai-chau-ldld-244-2024.yaml"


def timed(source: Path, args: list[str], runs: int) -> float:
    """Median wall time of ``python -m vanban ARGS`` with the package at ``source``."""
    env = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="")
    # One untimed run so both sides start with compiled bytecode and a warm file cache.
    subprocess.run([sys.executable, "-m", "vanban", *args], env=env, cwd=source, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vanban", *args], env=env, cwd=source, check=True,
                       capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(source: Path, runs: int, out: Path) -> dict[str, float]:
    return {"validate": timed(source, ["validate", str(LETTER)], runs),
            "render": timed(source, ["render", str(LETTER), "-o", str(out)], runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-start-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(base), args.baseline],
                       check=True, capture_output=True)
        try:
            before = measure(base, args.runs, Path(tmp) / "base.docx")
            now = measure(ROOT, args.runs, Path(tmp) / "now.docx")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
    for name in ("validate", "render"):
        print(f"{name:8} this checkout {now[name]:.3f} s   {args.baseline} {before[name]:.3f} s")
    print("; ".join(f"{name} {now[name]:.2f} s (baseline {before[name]:.2f} s, ratio {now[name] / before[name]:.2f})"
                    for name in ("validate", "render")))


if __name__ == "__main__":
    main()
