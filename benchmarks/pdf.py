"""PDF conversion: vanban against one ``soffice --convert-to pdf`` over all the files, in one run.

    python benchmarks/pdf.py [N] [--per-file K] [--workers W] [--rounds R]

Renders N documents (seed 002, a ten-page plan, and seed 001, a two-page
letter, alternately), then converts them:

- baseline: ONE ``soffice --convert-to pdf`` call over all N files (its
  profile made beforehand, as a script run twice a day would have it) — the
  natural way to convert many files;
- per file: one ``soffice`` call per file, on the first K files (a rate);
- ``vanban pdf`` cold: ``pdf.convert`` starting its own LibreOffice processes
  (one per core) and stopping them, as a one-off command does;
- warm: the same files through a :class:`Converter` already running, as in a
  long-lived process (the web app, a batch service), with W processes and with W + 1;

then one letter through the warm converter (``.docx → PDF``, median of 5) and
a preview of its page 1 (``.docx → PNG``, median of 5). Ratios are against
the one-call baseline, measured in the same run: R rounds of baseline, cold and
warm one after the other, each ratio taken within its round, medians printed.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vanban  # noqa: E402
from vanban.deliver import pdf  # noqa: E402
from vanban.deliver.converter import Converter  # noqa: E402


def soffice(files: list[Path], outdir: Path, profile: Path) -> float:
    t = time.perf_counter()
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(outdir), *map(str, files)], capture_output=True, check=True)
    return time.perf_counter() - t


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=50)
    ap.add_argument("--per-file", type=int, default=4, help="files timed with one soffice call each")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=3, help="rounds of baseline, cold and warm, interleaved")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vanban-pdf-bench-"))
    rounds: list[tuple[float, float, float]] = []
    try:
        sources = [vanban.load(ROOT / "data" / n) for n in
                   ("lai-chau-ubnd-kh-mam-non-2023.yaml", "lai-chau-ldld-244-2024.yaml")]
        files = []
        for i in range(args.n):
            path = work / "docs" / f"{i:04d}.docx"
            vanban.render(sources[i % 2], path)
            files.append(path)
        letter = files[1]
        soffice(files[:1], work / "warm-up", work / "profile")
        k = min(args.per_file, args.n)
        per_file = sum(soffice([f], work / "per-file", work / "profile") for f in files[:k]) / k * args.n

        with Converter(args.workers + 1) as conv:
            # One process more than cores: one converts while another waits on its pipe or disk.
            conv.start()
            warm_more = timed(lambda: conv.convert_many([(f, work / "warm+" / f"{f.stem}.pdf") for f in files]))
        with Converter(args.workers, warm_up=True) as conv:
            started = timed(conv.start)
            # A shared machine drifts: each round times the baseline, `vanban pdf` and the warm
            # converter one after the other, and the ratios are taken within a round.
            for r in range(args.rounds):
                one_call = soffice(files, work / f"one-call{r}", work / "profile")
                cold = timed(lambda: pdf.convert(files, workers=args.workers))
                assert all(f.with_suffix(".pdf").is_file() for f in files)
                warm = timed(lambda: conv.convert_many([(f, work / f"warm{r}" / f"{f.stem}.pdf") for f in files]))
                assert len(list((work / f"warm{r}").glob("*.pdf"))) == args.n
                rounds.append((one_call, cold, warm))
            one = statistics.median(timed(lambda: conv.to_pdf(letter, work / "letter.pdf")) for _ in range(5))
            png = statistics.median(timed(lambda: pdf.docx_preview(letter, work / "p1.png", converter=conv))
                                    for _ in range(5))
        bare = timed(lambda: soffice([letter], work / "bare", work / "profile"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    one_call, cold, warm = (statistics.median(r[i] for r in rounds) for i in range(3))
    cold_ratio, warm_ratio = (statistics.median(r[0] / r[i] for r in rounds) for i in (1, 2))
    cold_ratios = " ".join(f"{r[0] / r[1]:.2f}" for r in rounds)
    warm_ratios = " ".join(f"{r[0] / r[2]:.2f}" for r in rounds)
    print(f"N={args.n} documents (10-page plans and 2-page letters, alternately), {args.workers} LibreOffice processes,"
          f" {args.rounds} rounds (median times; median of the rounds' ratios)")
    print(f"one soffice call over all   {one_call:6.2f} s   (baseline)")
    print(f"one soffice call per file   {per_file:6.2f} s   (from {k} files)   ratio {one_call / per_file:.2f}")
    print(f"vanban pdf, cold            {cold:6.2f} s   ratio {cold_ratio:.2f}   (rounds: {cold_ratios})")
    print(f"warm converter              {warm:6.2f} s   ratio {warm_ratio:.2f}   (rounds: {warm_ratios})"
          f"   (+{started:.2f} s to start it once)")
    print(f"warm converter, {args.workers + 1} processes {warm_more:6.2f} s   ratio {one_call / warm_more:.2f}")
    print(f"one letter: warm .docx -> PDF {one:.3f} s, preview of page 1 {png:.3f} s, bare soffice {bare:.2f} s")


if __name__ == "__main__":
    main()
