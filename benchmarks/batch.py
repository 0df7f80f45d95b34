"""Batch rendering: vanban on one worker and on every core against the naive docxtpl loop, in one run.

    python benchmarks/batch.py [N] [--naive-limit K] [--workers W]

Derives N plans (seed 002 for the communes and wards of every province, round
and round) BEFORE any timing, so that derivation is paid by no side. Then
renders them with ``vanban.batch.render_batch`` on one worker and on W
workers (default: every core), and the first K of them with the naive loop
(a new ``DocxTemplate`` per document, ``render``, ``save``; one process). The
last lines read ``one worker X docs/s ... ratio`` and ``W workers ... ratio``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vanban  # noqa: E402
from vanban import derive  # noqa: E402
from vanban.deliver import batch  # noqa: E402
from vanban.derive import units  # noqa: E402
from vanban.rendering import context as ctx  # noqa: E402
from vanban.rendering.compiled import jinja_env  # noqa: E402


def documents(n: int) -> list:
    """N derivative plans."""
    parent = vanban.load(ROOT / "data" / "lai-chau-ubnd-kh-mam-non-2023.yaml")
    from vietnam_provinces import Province
    provinces = [p.name for p in Province.iter_all()]
    pool = ((u, ul.parent_area) for name in itertools.cycle(provinces)
            for ul in [units.from_province(name)] for u in ul.units)
    return [derive.derive_plan(parent, unit, parent_area=area, today=dt.date(2024, 1, 15))
            for _, (unit, area) in zip(range(n), pool)]


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def vanban_rate(docs: list, out: Path, workers: int) -> float:
    jobs = [batch.Job(doc, str(out / f"{i}.docx")) for i, doc in enumerate(docs)]
    t = time.perf_counter()
    outcomes = batch.render_batch(jobs, workers=workers, progress=False)
    took = time.perf_counter() - t
    assert sum(o.status == "ok" for o in outcomes) == len(docs), [o.error for o in outcomes if o.error][:3]
    return len(docs) / took


def naive_rate(docs: list, out: Path) -> float:
    from docxtpl import DocxTemplate
    template = str(ROOT / "templates" / "ke_hoach_nha_nuoc.docx")
    out.mkdir(parents=True)
    t = time.perf_counter()
    for i, doc in enumerate(docs):
        tpl = DocxTemplate(template)
        tpl.render(ctx.build(doc).values, jinja_env())
        tpl.save(out / f"{i}.docx")
    return len(docs) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--naive-limit", type=int, default=200)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    docs = documents(args.n)
    out = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        one = vanban_rate(docs, out / "one", 1)
        many = vanban_rate(docs, out / "many", args.workers)
        naive = naive_rate(docs[:args.naive_limit], out / "naive")
        peak_self, peak_workers = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"N={args.n} plans derived before timing; naive loop timed on {min(args.n, args.naive_limit)}")
    print(f"peak memory: main process {peak_self:.0f} MB, largest worker {peak_workers:.0f} MB")
    print(f"naive docxtpl loop {naive:6.1f} docs/s")
    print(f"one worker         {one:6.1f} docs/s   ratio {one / naive:.1f}")
    print(f"{args.workers} workers          {many:6.1f} docs/s   ratio {many / naive:.1f}")


if __name__ == "__main__":
    main()
