"""Batch rendering: vanban against the naive docxtpl loop, on the same documents in one run.

    python benchmarks/batch.py [N] [--naive-limit K]

Renders N derivative plans (seed 002 derived for the communes and wards of
every province, round and round) with ``vanban.batch.render_batch``, then the
same documents with a new ``DocxTemplate`` per document, ``render`` and
``save``. Documents are derived lazily on both sides, so derivation costs the
same on both and nothing is held in memory. ``--naive-limit`` times the naive
loop on the first K documents only (its rate is per document either way).
The last line reads ``vanban X docs/s, naive Y docs/s, ratio Z``.
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
from vanban import batch, derive, units  # noqa: E402
from vanban.rendering import context as ctx  # noqa: E402
from vanban.rendering.compiled import jinja_env  # noqa: E402


def documents(n: int):
    """N derivative plans, made one at a time."""
    parent = vanban.load(ROOT / "data" / "lai-chau-ubnd-kh-mam-non-2023.yaml")
    from vietnam_provinces import Province
    provinces = [p.name for p in Province.iter_all()]
    pool = ((u, ul.parent_area) for name in itertools.cycle(provinces)
            for ul in [units.from_province(name)] for u in ul.units)
    for _, (unit, area) in zip(range(n), pool):
        yield derive.derive_plan(parent, unit, parent_area=area, today=dt.date(2024, 1, 15))


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=1000)
    ap.add_argument("--naive-limit", type=int, default=None)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        jobs = (batch.Job(doc, str(out / "vanban" / f"{i}.docx")) for i, doc in enumerate(documents(args.n)))
        t = time.perf_counter()
        outcomes = batch.render_batch(jobs, workers=args.workers, progress=False, total=args.n)
        fast = time.perf_counter() - t
        assert sum(o.status == "ok" for o in outcomes) == args.n, [o.error for o in outcomes if o.error][:3]
        peak_self, peak_workers = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)

        k = min(args.n, args.naive_limit or args.n)
        template = str(ROOT / "templates" / "ke_hoach_nha_nuoc.docx")
        (out / "naive").mkdir()
        t = time.perf_counter()
        for i, doc in enumerate(documents(k)):
            from docxtpl import DocxTemplate
            tpl = DocxTemplate(template)
            tpl.render(ctx.build(doc).values, jinja_env())
            tpl.save(out / "naive" / f"{i}.docx")
        naive = time.perf_counter() - t
    finally:
        shutil.rmtree(out, ignore_errors=True)
    v, nv = args.n / fast, k / naive
    print(f"N={args.n} workers={args.workers or os.cpu_count()} naive timed on {k} documents")
    print(f"peak memory: main process {peak_self:.0f} MB, largest worker {peak_workers:.0f} MB")
    print(f"vanban {v:.1f} docs/s, naive {nv:.1f} docs/s, ratio {v / nv:.1f}")


if __name__ == "__main__":
    main()
