"""`vanban check` on the real-document corpus: crashes, failures per rule, speed, precision and recall.

    python benchmarks/corpus.py [FOLDER] [--judged benchmarks/corpus/judged.yaml] [--judged-only] [--limit N] [-v]

FOLDER defaults to $VANBAN_CORPUS, else /work/corpus (rebuild it with
benchmarks/corpus_fetch.py). Every .docx under it is checked in this process; any
exception on one file is caught, counted as a crash with its type, and the run goes
on. With a judgement file (judged.yaml beside sources.tsv, found by default), the
judged files give precision (true failures / reported failures) and recall (true
failures reported / true failures judged), overall and per rule. A rule reported
failing where the judgement says n/a counts as a false report; a file that crashed
reports nothing, so its true failures count against recall.
"""
from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JUDGED = Path(__file__).resolve().parent / "corpus" / "judged.yaml"


def checker():
    """vanban's check_file wherever the current layout keeps it."""
    try:
        from vanban.check import check_file
    except ImportError:
        from vanban import check_file
    return check_file


def failing_rules(report) -> set[str]:
    """Rule ids with at least one failing result (a rule may report several instances)."""
    return {r.rule for r in report.results if r.status == "fail"}


def load_judged(path: Path) -> dict[str, dict[str, object]]:
    """file -> rule -> True (violates), False (conforms) or None (n/a)."""
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = {}
    for name, rules in (data.get("files") or {}).items():
        verdicts = {}
        for rule, v in (rules or {}).items():
            if rule.startswith("_"):
                continue
            if v == "n/a" or (isinstance(v, dict) and v.get("violates") == "n/a"):
                verdicts[rule] = None
            elif isinstance(v, dict):
                verdicts[rule] = bool(v.get("violates"))
            else:
                verdicts[rule] = bool(v)
        out[name] = verdicts
    return out


def score(judged: dict, reported: dict[str, set[str] | None]):
    """Overall and per-rule (true positives, reported, true failures) over judged files that were run."""
    per = collections.defaultdict(lambda: [0, 0, 0])
    for name, verdicts in judged.items():
        if name not in reported:
            continue
        got = reported[name] or set()
        for rule, truth in verdicts.items():
            rep = rule in got
            c = per[rule]
            c[0] += bool(rep and truth)
            c[1] += rep
            c[2] += bool(truth)
    total = [sum(c[i] for c in per.values()) for i in range(3)]
    return total, dict(per)


def print_disagreements(judged: dict, reported: dict, details: dict, judged_path: Path) -> None:
    """False reports (FP) and missed violations (FN) file by file, for whoever fixes the rules."""
    import yaml
    whys = yaml.safe_load(judged_path.read_text(encoding="utf-8"))["files"]
    print("disagreements with the judgement:")
    for name, verdicts in sorted(judged.items()):
        if name not in reported:
            continue
        if reported[name] is None:
            print(f"  CRASH {name}")
            continue
        for r in details.get(name, []):
            if not verdicts.get(r.rule):
                said = "n/a" if verdicts.get(r.rule, False) is None else "conforms"
                print(f"  FP {name} {r.rule} (judged {said}): at {r.where}: expected {r.expected}; found {r.found}")
        for rule, truth in verdicts.items():
            if truth and rule not in reported[name]:
                print(f"  FN {name} {rule}: {whys[name][rule].get('why', '')}")


def ratio(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "   - "


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", default=os.environ.get("VANBAN_CORPUS", "/work/corpus"))
    ap.add_argument("--judged", default=str(JUDGED))
    ap.add_argument("--limit", type=int, default=0, help="check only the first N files")
    ap.add_argument("--judged-only", action="store_true", help="check only the files the judgement names")
    ap.add_argument("--disagreements", action="store_true",
                    help="list, per judged file, each failure reported against the judgement (with where/expected/found) "
                         "and each true violation not reported (with the judge's why)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each crash's traceback tail")
    args = ap.parse_args(argv)
    root = Path(args.folder)
    files = sorted(f for f in root.rglob("*.docx") if not f.name.startswith("~$"))
    if args.judged_only:
        names = set(load_judged(Path(args.judged)))
        files = [f for f in files if str(f.relative_to(root)) in names]
    if args.limit:
        files = files[:args.limit]
    if not files:
        print(f"no .docx under {root}", file=sys.stderr)
        return 2
    check_file = checker()
    reported: dict[str, set[str] | None] = {}
    details: dict[str, list] = {}
    crashes = []
    fails = collections.Counter()
    times = []
    start = time.perf_counter()
    for f in files:
        name = str(f.relative_to(root))
        t0 = time.perf_counter()
        try:
            rep = check_file(f)
            got = failing_rules(rep)
        except Exception as exc:  # the point is to count them, not to stop
            crashes.append((name, type(exc).__name__, str(exc)[:100], traceback.format_exc(limit=-2)))
            reported[name] = None
            continue
        finally:
            times.append((time.perf_counter() - t0, name))
        reported[name] = got
        details[name] = [r for r in rep.results if r.status == "fail"]
        fails.update(got)
    elapsed = time.perf_counter() - start

    print(f"files read: {len(files)}  checked: {len(files) - len(crashes)}  crashes: {len(crashes)}")
    kinds = collections.Counter(c[1] for c in crashes)
    for kind, n in kinds.most_common():
        print(f"  crash {kind}: {n}")
    for name, kind, msg, tb in crashes:
        print(f"    {kind}: {name}: {msg}")
        if args.verbose:
            print("      " + tb.strip().replace("\n", "\n      "))
    checked = max(1, len(files) - len(crashes))
    print("failures per rule (files failing / files checked):")
    for rule, n in sorted(fails.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {rule:24} {n:4}  {ratio(n, checked)}")
    print(f"speed: {len(files) / elapsed:.1f} docs/s ({elapsed:.1f} s for {len(files)} files), "
          f"median {1000 * statistics.median(t for t, _ in times):.0f} ms/doc (os.getloadavg {os.getloadavg()[0]:.1f})")
    for t, name in sorted(times, reverse=True)[:3]:
        print(f"  slow: {t:.2f} s {name}")

    judged_path = Path(args.judged)
    if judged_path.exists():
        judged = load_judged(judged_path)
        (tp, rep, true), per = score(judged, reported)
        n = sum(1 for k in judged if k in reported)
        print(f"judged files: {len(judged)} ({n} in this run, "
              f"{sum(1 for k in judged if k in reported and reported[k] is None)} of them crashed)")
        print("  rule                     TP  reported  true   precision  recall")
        for rule, (a, b, c) in sorted(per.items()):
            print(f"  {rule:24} {a:3} {b:8} {c:5}     {ratio(a, b)}  {ratio(a, c)}")
        print(f"precision: {ratio(tp, rep)} ({tp}/{rep})  recall: {ratio(tp, true)} ({tp}/{true})")
        ran = {k: v for k, v in judged.items() if reported.get(k) is not None}
        (tp2, rep2, true2), _ = score(ran, reported)
        print(f"  on the {len(ran)} judged files that did not crash: precision {ratio(tp2, rep2)} ({tp2}/{rep2}), "
              f"recall {ratio(tp2, true2)} ({tp2}/{true2})")
        unknown = {r for v in judged.values() for r in v} - {r for g in reported.values() if g for r in g}
        missing = [k for k in judged if k not in reported]
        if missing:
            print(f"judged files not found under {root}: {len(missing)}")
        if args.disagreements:
            print_disagreements(judged, reported, details, judged_path)
        if unknown and args.verbose:
            print("judged rule ids never reported failing: " + ", ".join(sorted(unknown)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
