"""Rebuild the real-document corpus folder from benchmarks/corpus/sources.tsv and local git mirrors.

    python benchmarks/corpus_fetch.py --mirror vpubnd49/VBAI=/path/to/VBAI.git \
        --mirror ericphan28/van-ban-plus=/path/to/repo ... [--out /work/corpus] [--only docx]

    # the corpus from other offices (issues 20, 22, 25), its held-out third apart:
    python benchmarks/corpus_fetch.py --sources benchmarks/corpus/others.tsv \
        --out /work/corpus-others --mirror aerovfx/thptphuocbuu=/path/to/repo ... [--set work]

Each row of sources.tsv names a repository, a commit and a path; the file is taken
with ``git show COMMIT:PATH`` from the mirror given for that repository, written to
OUT/FILE and checked against its sha256. Rows whose repository has no mirror are
counted and skipped; a row whose blob is absent from the mirror (shallow or partial
copy) is reported, and the others go on. Scripts cannot download, so the mirrors come
from ``git clone`` or the session's fetch tool.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "corpus" / "sources.tsv"


def rows(path: Path = SOURCES):
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror", action="append", default=[], metavar="OWNER/NAME=GITDIR")
    ap.add_argument("--out", default=os.environ.get("VANBAN_CORPUS", "/work/corpus"))
    ap.add_argument("--only", help="only this format (docx, doc, pdf; pdf also takes pdf-text, pdf-scan …)")
    ap.add_argument("--set", choices=[f"{s}{n}" for n in ("", "2", "3", "4", "5", "6") for s in ("work", "held_out")], help="only rows of this set (lists that have a set column)")
    ap.add_argument("--sources", default=str(SOURCES), help="the source list (default: benchmarks/corpus/sources.tsv)")
    args = ap.parse_args(argv)
    mirrors = dict(m.split("=", 1) for m in args.mirror)
    out = Path(args.out)
    done = skipped = bad = 0
    for r in rows(Path(args.sources)):
        if args.only and r["format"].split("-")[0] != args.only:
            continue
        if args.set and r.get("set") != args.set:
            continue
        git = mirrors.get(r["repo"])
        if not git:
            skipped += 1
            continue
        target = out / r["file"]
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == r["sha256"]:
            done += 1
            continue
        got = subprocess.run(["git", "-C", git, "show", f"{r['commit']}:{r['path']}"], capture_output=True)
        if got.returncode or hashlib.sha256(got.stdout).hexdigest() != r["sha256"]:
            bad += 1
            print(f"missing or changed: {r['repo']} {r['commit'][:10]} {r['path']}", file=sys.stderr)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(got.stdout)
        done += 1
    print(f"{done} files in {out}, {skipped} skipped (no mirror), {bad} missing or changed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
