"""vanban import: fidelity of the round trips, speed, OCR, and the real-document corpus.

    python benchmarks/import.py [--ocr-docs N] [--corpus DIR] [--limit N] [--ocr-corpus]

Without ``--corpus`` it measures, in one run:
  * render → import (.docx) for the five seeds and every kind × profile (issued and draft):
    how many give back a model equal to the original (``vanban.ingest.compare``);
  * render → PDF (LibreOffice) → import: words kept in order, same structure, equal models;
  * render → PDF → 300 dpi raster → OCR → import, for N documents: words in order, seconds per page;
  * derive follow-up from seed 002 as .yaml, .docx and .pdf: the same YAML or not;
  * speed: importing the ten-page seed 002 as .docx and as PDF (median of 5), against the 1 s target.
With ``--corpus DIR`` it imports every .docx, .doc and .pdf under DIR (scanned PDFs only with
``--ocr-corpus``) and reports: imported without error among the kinds vanban supports, the
median share of the source's words kept in order after re-rendering, and the share of
re-rendered documents that pass ``vanban check``.
"""
from __future__ import annotations

import argparse
import difflib
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import vanban  # noqa: E402
from vanban.deliver import pdf  # noqa: E402
from vanban.ingest import Unsupported, import_file, read_page  # noqa: E402
from vanban.ingest.compare import differences, structure, words_in_order  # noqa: E402
from vanban.model import InputError, Loai, Mau  # noqa: E402
from vanban.model.dump import to_yaml  # noqa: E402

from support.import_examples import example  # noqa: E402

DATA = ROOT / "data"
SEED_002 = "lai-chau-ubnd-kh-mam-non-2023.yaml"


def documents() -> dict[str, vanban.VanBan]:
    docs = {p.name: vanban.load(p) for p in sorted(DATA.glob("*.yaml"))}
    for k in Loai:
        for m in Mau:
            for draft in (0, 1):
                docs[f"{k.value}-{m.value}{'-draft' if draft else ''}"] = vanban.load(example(k, m, draft))
    return docs


def scan(pdf_path: Path, out: Path, dpi: int = 300) -> Path:
    from PIL import Image
    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf_path), str(prefix)], check=True)
    images = [Image.open(p) for p in sorted(out.parent.glob(prefix.name + "-*.png"))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def fixtures(tmp: Path, ocr_docs: int) -> None:
    docs = documents()
    t0 = time.perf_counter()
    equal = [name for name, doc in docs.items()
             if not differences(doc, import_file(vanban.render(doc, tmp / f"{name}.docx")).doc)]
    per_doc = (time.perf_counter() - t0) / len(docs)
    print(f"docx round trip: {len(equal)}/{len(docs)} models equal ({per_doc:.3f} s per render+import)")
    for name in sorted(set(docs) - set(equal)):
        print("   differs:", name, differences(docs[name], import_file(tmp / f"{name}.docx").doc)[:3])

    on_paper = [n for n in docs if not n.endswith("-draft")]
    outcomes = pdf.convert([tmp / f"{n}.docx" for n in on_paper])
    assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes]
    kept, same_structure, same_model = [], 0, 0
    for n in on_paper:
        doc = import_file(tmp / f"{n}.pdf").doc
        kept.append(words_in_order(docs[n], doc))
        same_structure += structure(doc) == structure(docs[n])
        same_model += not differences(docs[n], doc)
    print(f"pdf round trip: {len(on_paper)} documents, words in order min {min(kept):.4f} median "
          f"{statistics.median(kept):.4f}; same structure {same_structure}/{len(on_paper)}; "
          f"models equal {same_model}/{len(on_paper)}")

    chosen = ["lai-chau-ldld-244-2024.yaml", "cong_van-nha_nuoc", "quyet_dinh-cong_doan", "ke_hoach-nha_nuoc",
              "lai-chau-ldld-2023-12-08-mam-non.yaml"][:ocr_docs]
    for n in chosen:
        scanned = scan(tmp / f"{n}.pdf", tmp / f"scan-{n}.pdf")
        pages = pdf.page_count(scanned)
        t = time.perf_counter()
        doc = import_file(scanned).doc
        took = time.perf_counter() - t
        print(f"ocr {n}: {pages} page(s), {took / pages:.1f} s/page, words in order "
              f"{words_in_order(docs[n], doc):.4f}, same structure {structure(doc) == structure(docs[n])}")

    from click.testing import CliRunner

    from vanban.cli import main
    body = str(DATA / "bodies" / "lai-chau-ldld.yaml")
    outs = {}
    for form, parent in (("yaml", DATA / SEED_002), ("docx", tmp / f"{SEED_002}.docx"), ("pdf", tmp / f"{SEED_002}.pdf")):
        out = tmp / f"follow-up-{form}.yaml"
        CliRunner().invoke(main, ["derive", "follow-up", str(parent), "--by", body, "--tasks", "III.1", "-o", str(out)])
        outs[form] = "".join(x for x in out.read_text(encoding="utf-8").splitlines(True) if not x.startswith("#"))
    print(f"derive follow-up from seed 002: docx same YAML {outs['docx'] == outs['yaml']}, "
          f"pdf same YAML {outs['pdf'] == outs['yaml']}")

    for form in ("docx", "pdf"):
        path = tmp / f"{SEED_002}.{form}"
        times = []
        for _ in range(5):
            t = time.perf_counter()
            import_file(path)
            times.append(time.perf_counter() - t)
        pages = pdf.page_count(tmp / f"{SEED_002}.pdf")
        print(f"speed: import of the {pages}-page seed 002 as .{form}: {statistics.median(times):.3f} s "
              f"(target < 1 s)")


# ----------------------------------------------------------------------------- corpus
def page_words(page) -> list[str]:
    return [w for b in page.blocks for w in b.text.split()]


def office_batch(files: list[Path], out: Path) -> dict[Path, Path]:
    """.doc files to .docx in one LibreOffice run (a process per file would cost a second each)."""
    if not files:
        return {}
    out.mkdir(parents=True, exist_ok=True)
    links = []
    for k, f in enumerate(files):
        link = out / f"{k}{f.suffix.lower()}"
        link.symlink_to(f.resolve())
        links.append(link)
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out / "docx"), *map(str, links)],
                   capture_output=True, timeout=60 + 20 * len(files))
    return {f: out / "docx" / f"{k}.docx" for k, f in enumerate(files)}


def corpus(folder: Path, tmp: Path, limit: int, ocr: bool) -> None:
    from vanban.check import check_file
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".docx", ".doc", ".pdf"))[:limit or None]
    t0 = time.perf_counter()
    converted = office_batch([f for f in files if f.suffix.lower() == ".doc"], tmp / "office")
    print(f"corpus: {len(files)} files; .doc converted in {time.perf_counter() - t0:.0f} s")
    rows = []
    for n, f in enumerate(files, start=1):
        if n % 100 == 0:
            print(f"  … {n} files", file=sys.stderr, flush=True)
        source = converted.get(f, f)
        row = {"file": str(f.relative_to(folder)), "status": "", "kept": None, "check": None}
        try:
            if not source.is_file():
                raise InputError([])
            page = read_page(source) if source.suffix != ".pdf" else _pdf_page(source, ocr)
            if page is None:
                row["status"] = "scan"
                rows.append(row)
                continue
            from vanban.ingest import from_page
            imported = from_page(page, str(f))
            out = tmp / "rerendered" / (f.stem + ".docx")
            out.parent.mkdir(exist_ok=True)
            vanban.render(imported.doc, out)
            again = read_page(out)
            a, b = page_words(page), page_words(again)
            m = difflib.SequenceMatcher(None, a, b, autojunk=False)
            row["kept"] = sum(x.size for x in m.get_matching_blocks()) / max(1, len(a))
            checked = check_file(out)
            row["check"], row["failed"] = checked.ok, checked.failed()
            row["status"] = "ok"
            row["yaml"] = to_yaml(imported.doc)
        except Unsupported as exc:
            row["status"], row["error"] = "unsupported", str(exc)
        except InputError as exc:
            row["status"], row["error"] = "error", str(exc)
        except Exception as exc:  # noqa: BLE001 - a benchmark counts crashes and goes on
            row["status"], row["error"] = "crash", "".join(traceback.format_exception_only(type(exc), exc)).strip()
        rows.append(row)
    took = time.perf_counter() - t0
    report(rows, took)


def _pdf_page(path: Path, ocr: bool):
    from vanban.reading import pdf_text as pdf_reader
    page = pdf_reader.read(path, ocr_pages=ocr)
    return page if page.blocks else None


def report(rows: list[dict], took: float) -> None:
    import collections
    by = collections.Counter(r["status"] for r in rows)
    supported = [r for r in rows if r["status"] in ("ok", "error", "crash")]
    ok = [r for r in rows if r["status"] == "ok"]
    print(f"statuses: {dict(by)} in {took:.0f} s ({len(rows) / took:.1f} files/s)")
    if supported:
        print(f"imported without error: {len(ok)}/{len(supported)} = {len(ok) / len(supported):.1%} of the files "
              f"of supported kinds (unsupported kinds and scans excluded)")
    if ok:
        kept = [r["kept"] for r in ok]
        print(f"words kept in order after re-rendering: median {statistics.median(kept):.1%}, "
              f"quartiles {statistics.quantiles(kept, n=4)[0]:.1%} / {statistics.quantiles(kept, n=4)[2]:.1%}")
        print(f"re-rendered documents passing check: {sum(r['check'] for r in ok)}/{len(ok)} = "
              f"{sum(r['check'] for r in ok) / len(ok):.1%}")
        rules = collections.Counter(rule for r in ok for rule in r.get("failed", []))
        print("  rules failed by re-rendered documents: " + ", ".join(f"{k} {v}" for k, v in rules.most_common(8)))
    errors = collections.Counter(r.get("error", "").split(": ", 1)[-1][:80] for r in rows
                                 if r["status"] in ("error", "crash", "unsupported"))
    for text, n in errors.most_common(15):
        print(f"  {n:4d}  {text}")
    for r in rows:
        if r["status"] in ("crash", "error"):
            print(f"  {r['status']}: {r['file']}: {r.get('error', '')[-160:]}")
    for r in sorted(ok, key=lambda r: r["kept"])[:5]:
        print(f"  lowest kept {r['kept']:.1%}  {r['file']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ocr-docs", type=int, default=2)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--ocr-corpus", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-import-bench-") as tmp:
        if args.corpus:
            corpus(args.corpus, Path(tmp), args.limit, args.ocr_corpus)
        else:
            fixtures(Path(tmp), args.ocr_docs)


if __name__ == "__main__":
    main()
