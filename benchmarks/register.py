"""Issuing into the register: throughput without PDF on SQLite and PostgreSQL, and the concurrency run.

    python benchmarks/register.py [N] [--processes P] [--each M] [--cli K] [--no-postgresql]

For each engine (a SQLite file, and a PostgreSQL server started here from the
Debian package in a temporary folder):

* ``issue``: N drafts issued one after the other in one process (number in a
  transaction, YAML written back, .docx rendered and written, row completed);
  the baseline is the same N drafts rendered and written without the register,
  in the same run, so the ratio is what numbering and recording cost;
* ``cli``: K runs of the ``vanban issue`` command, each a new process;
* ``concurrent``: P processes issuing M drafts each at once; the numbers are
  checked to be 1…P·M, each once.

The last line per engine reads
``ENGINE issue X docs/s (render only Y docs/s, ratio Z); cli S s/doc; P×M concurrent: W docs/s, gapless``.
"""
from __future__ import annotations

import argparse
import datetime
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "register"))

from drafts import write_draft  # noqa: E402
from pgserver import Server, bindir  # noqa: E402

from vanban.deliver import write_atomic  # noqa: E402
from vanban.model import load_file  # noqa: E402
from vanban.register import Register, issue_file  # noqa: E402
from vanban.rendering import render_bytes  # noqa: E402

DAY = datetime.date(2024, 5, 10)
WORKER = ROOT / "tests" / "register" / "worker.py"


def render_only(folder: Path, n: int) -> float:
    drafts = [write_draft(folder, f"r{i:04d}", f"văn bản {i}") for i in range(n)]
    render_bytes(load_file(drafts[0]))          # templates compiled before timing, as for issue
    start = time.perf_counter()
    for path in drafts:
        write_atomic(path.with_suffix(".docx"), render_bytes(load_file(path)))
    return n / (time.perf_counter() - start)


def issue_rate(url: str, folder: Path, n: int) -> float:
    drafts = [write_draft(folder, f"i{i:04d}", f"văn bản {i}") for i in range(n + 1)]
    with Register(url) as register:
        issue_file(drafts[0], register, day=DAY)    # schema created, templates compiled
        start = time.perf_counter()
        for path in drafts[1:]:
            issue_file(path, register, day=DAY)
        return n / (time.perf_counter() - start)


def cli_seconds(url: str, folder: Path, k: int) -> float:
    start = time.perf_counter()
    for i in range(k):
        subprocess.run([sys.executable, "-m", "vanban", "issue", str(write_draft(folder, f"c{i}", f"lệnh {i}")), "--db", url,
                        "--date", DAY.isoformat()], check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) / k


def concurrent(url: str, folder: Path, processes: int, each: int) -> float:
    Register(url).entries()              # the schema made before the clock starts
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, str(WORKER), url, str(folder), f"w{k}", str(each)])
             for k in range(processes)]
    if any(p.wait() for p in procs):
        raise SystemExit("a worker failed")
    rate = processes * each / (time.perf_counter() - start)
    with Register(url) as register:
        numbers = sorted(e.number for e in register.entries(year=DAY.year))
    if numbers != list(range(1, processes * each + 1)):
        raise SystemExit(f"numbers not gapless: {len(numbers)} rows, {len(set(numbers))} distinct")
    return rate


def run(engine: str, url_for, args, baseline: float) -> None:
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        tmp = Path(tmp)
        for name in ("issue", "cli", "conc"):
            (tmp / name).mkdir()
        rate = issue_rate(url_for("issue", tmp), tmp / "issue", args.n)
        cli = cli_seconds(url_for("cli", tmp), tmp / "cli", args.cli)
        conc = concurrent(url_for("conc", tmp), tmp / "conc", args.processes, args.each)
    print(f"{engine} issue {rate:.1f} docs/s (render only {baseline:.1f} docs/s, ratio {rate / baseline:.2f}); "
          f"cli {cli:.2f} s/doc; {args.processes}×{args.each} concurrent: {conc:.1f} docs/s, gapless", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=200)
    ap.add_argument("--processes", type=int, default=8)
    ap.add_argument("--each", type=int, default=100)
    ap.add_argument("--cli", type=int, default=5)
    ap.add_argument("--no-postgresql", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        baseline = render_only(Path(tmp), args.n)
    run("sqlite", lambda name, tmp: str(tmp / f"{name}.sqlite3"), args, baseline)
    if args.no_postgresql or bindir() is None:
        print("postgresql: skipped" + ("" if args.no_postgresql else " (not installed)"))
        return
    server = Server().start()
    try:
        run("postgresql", lambda name, tmp: server.create_database(f"bench_{name}"), args, baseline)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
