"""Start-up time of the commands a person runs: this checkout against a baseline commit, same run.

    python benchmarks/start.py [--baseline REV] [--runs N]

Times the whole process of ``vanban validate LETTER``, ``vanban render
LETTER -o OUT.docx`` (the công văn in data/), and, with each side's converter service
running (a private runtime folder each), ``vanban render LETTER --pdf`` and ``vanban pdf
LETTER.docx``: what a command pays outside LibreOffice. N runs each (median), first for
a checkout of the baseline (default ``main``; the issue names the figure of the
code before this branch) made in a temporary git worktree, then for this
checkout. Both run the package from source (``python -m vanban``) with the same
interpreter, so only the code differs. Targets: validate under 0.3 s, render of
one letter under 0.5 s, ``render --pdf`` with the service under 0.5 s. The last line reads
``validate X s (baseline Y s, ratio Z); render X s (baseline Y s, ratio Z); …``.

Measured 2026-12-05 against ``main`` (2 cores shared with other sessions, load 2.9-3.5, 9 runs
interleaved): validate 0.38 s (main 0.38 s); render 0.59 s (0.62 s); ``render --pdf`` with the
service 0.45 s (0.49 s); ``pdf`` of one letter with the service 0.15 s (0.44 s: pydantic,
python-docx and Jinja are no longer loaded by a command that only converts; about 0.05 s of what
is left is the conversion itself).
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
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "data" / "lai-chau-ldld-244-2024.yaml"


NAMES = ("validate", "render", "render --pdf", "pdf")


def commands(out: Path) -> dict[str, tuple[list[str], bool]]:
    """Name → (arguments, whether it runs with the converter service)."""
    return {"validate": (["validate", str(LETTER)], False),
            "render": (["render", str(LETTER), "-o", str(out)], False),
            "render --pdf": (["render", str(LETTER), "--pdf", "-o", str(out)], True),
            "pdf": (["pdf", str(out)], True)}


def measure(sides: dict[str, Path], runs: int, tmp: Path) -> dict[str, dict[str, float]]:
    """Median wall time of each command for each side (``python -m vanban`` with the package at that
    side's folder), the sides interleaved run by run so that a change of the machine's load hits both."""
    envs, outs = {}, {}
    for side, source in sides.items():
        run = tmp / f"{side}-run"
        run.mkdir(mode=0o700)
        # Each side its own converter service (started by the untimed run), in its own runtime folder.
        envs[side] = dict(os.environ, PYTHONPATH=str(source), PYTHONDONTWRITEBYTECODE="", XDG_RUNTIME_DIR=str(run),
                          VANBAN_CONVERTER_IDLE="600")
        outs[side] = tmp / f"{side}.docx"
    times: dict[str, dict[str, list[float]]] = {side: {name: [] for name in NAMES} for side in sides}
    try:
        for name in NAMES:
            for k in range(runs + 1):   # run 0 untimed: compiled bytecode, warm file cache, the service up
                for side in (sides if k % 2 else reversed(list(sides))):
                    args, with_service = commands(outs[side])[name]
                    env = envs[side] if with_service else dict(envs[side], VANBAN_CONVERTER_IDLE="0")
                    start = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "vanban", *args], env=env, cwd=sides[side], check=True,
                                   capture_output=True)
                    if k:
                        times[side][name].append(time.perf_counter() - start)
    finally:
        for side in sides:
            subprocess.run([sys.executable, "-m", "vanban", "converter", "stop"], capture_output=True, env=envs[side])
    return {side: {name: statistics.median(t) for name, t in by.items()} for side, by in times.items()}


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
            got = measure({"base": base, "now": ROOT}, args.runs, Path(tmp))
            before, now = got["base"], got["now"]
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
    for name in NAMES:
        print(f"{name:12} this checkout {now[name]:.3f} s   {args.baseline} {before[name]:.3f} s")
    print("; ".join(f"{name} {now[name]:.2f} s (baseline {before[name]:.2f} s, ratio {now[name] / before[name]:.2f})"
                    for name in NAMES))


if __name__ == "__main__":
    main()
