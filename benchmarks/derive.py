"""``vanban derive plan`` for every commune and ward of the country, to YAML and rendered.

    python benchmarks/derive.py [--provinces K] [--no-render] [--baseline-plans M]

Runs the real command (``vanban derive plan PARENT --units vn:<province>``)
in this process once per province of vietnam-provinces, parent seed 002,
first writing YAML only, then again with ``--render`` (every core). For the
ratio it also times M plans written with PyYAML's pure-Python dumper (the
old path) and with the one vanban uses, in the same run. Memory is the peak
resident size of this process and of the largest render worker.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from vietnam_provinces import Province  # noqa: E402

import vanban  # noqa: E402
from vanban import derive  # noqa: E402
from vanban.cli import main as cli  # noqa: E402
from vanban.derive.units import from_province  # noqa: E402
from vanban.model import dump  # noqa: E402

PARENT = ROOT / "data" / "lai-chau-ubnd-kh-mam-non-2023.yaml"


def cpu() -> float:
    """CPU seconds of this process and its finished workers: what the machine's other users cannot inflate."""
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))


def run(provinces: list[str], out: Path, render: bool) -> tuple[float, int, float]:
    runner, total, count, start = CliRunner(), 0.0, 0, cpu()
    for name in provinces:
        args = ["derive", "plan", str(PARENT), "--units", f"vn:{name}", "-o", str(out / name)]
        t = time.perf_counter()
        result = runner.invoke(cli, args + (["--render"] if render else []))
        total += time.perf_counter() - t
        assert result.exit_code == 0, result.output
        count += len(list((out / name).glob("*.yaml")))
        shutil.rmtree(out / name)
    return total, count, cpu() - start


def dumpers(m: int) -> tuple[float, float]:
    """Seconds per plan to YAML: PyYAML's pure-Python dumper, then vanban's."""
    class Pure(yaml.SafeDumper):
        pass
    Pure.add_representer(str, dump._str)
    parent = vanban.load(PARENT)
    units = from_province("Lai Châu")
    plans = [derive.derive_plan(parent, units.units[i % len(units.units)], None, units.parent_area) for i in range(m)]
    t = time.perf_counter()
    slow = [yaml.dump(dump.to_data(p), Dumper=Pure, allow_unicode=True, sort_keys=False, width=96) for p in plans]
    pure = (time.perf_counter() - t) / m
    t = time.perf_counter()
    fast = [yaml.dump(dump.to_data(p), Dumper=dump._Dumper, allow_unicode=True, sort_keys=False, width=96)
            for p in plans]
    ours = (time.perf_counter() - t) / m
    assert slow == fast, "the same text"
    return pure, ours


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--provinces", type=int, default=None, help="only the first K provinces")
    ap.add_argument("--no-render", action="store_true")
    ap.add_argument("--baseline-plans", type=int, default=200)
    args = ap.parse_args()
    provinces = [p.name for p in Province.iter_all()][:args.provinces]
    pure, ours = dumpers(args.baseline_plans)
    out = Path(tempfile.mkdtemp(prefix="vanban-derive-bench-"))
    try:
        to_yaml, n, to_yaml_cpu = run(provinces, out, render=False)
        rendered, _, rendered_cpu = run(provinces, out, render=True) if not args.no_render else (None, 0, 0.0)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    mb = lambda who: resource.getrusage(who).ru_maxrss / 1024  # noqa: E731
    print(f"{n} plans from {len(provinces)} provinces")
    print(f"YAML writing per plan: pure-Python dumper {pure * 1000:.1f} ms, vanban {ours * 1000:.2f} ms, "
          f"ratio {pure / ours:.1f}")
    print(f"derive plan to YAML  {to_yaml:6.1f} s  ({to_yaml / n * 1000:.1f} ms/plan), CPU {to_yaml_cpu:.1f} s")
    if rendered is not None:
        print(f"derive plan --render {rendered:6.1f} s  ({rendered / n * 1000:.1f} ms/plan), "
              f"CPU {rendered_cpu:.1f} s over all processes")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory: this process {mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
