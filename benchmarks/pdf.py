"""PDF conversion: vanban's batch against one soffice per file, on the same documents in one run.

    python benchmarks/pdf.py [N] [--unoserver]

Renders N documents (seed 002, a ten-page plan, and seed 001, a two-page
letter, alternately), then converts them (a) with one ``soffice --convert-to
pdf`` per file, as a script would, and (b) with ``vanban.pdf.convert``. With
``--unoserver`` (needs Debian's python3-uno and ``pip install unoserver`` for
the system Python) it also times a unoserver daemon fed by one ``unoconvert``
per file. The last line reads ``vanban X s/doc, soffice-per-file Y s/doc, ratio Z``.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import vanban  # noqa: E402
from vanban import pdf  # noqa: E402


def per_file(files: list[Path], profile: Path) -> float:
    exe = pdf.soffice()
    t = time.perf_counter()
    for f in files:
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(f.parent / "per-file"), str(f)], capture_output=True, check=True)
    return time.perf_counter() - t


def unoserver(files: list[Path], work: Path) -> float:
    t = time.perf_counter()
    server = subprocess.Popen(["unoserver", "--port", "2103", "--uno-port", "2102",
                               f"--user-installation={work / 'uno-profile'}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            if subprocess.run(["unoping", "--port", "2103"], capture_output=True).returncode == 0:
                break
            time.sleep(0.2)
        (work / "uno").mkdir()
        for f in files:
            subprocess.run(["unoconvert", "--port", "2103", "--convert-to", "pdf", str(f),
                            str(work / "uno" / f.with_suffix(".pdf").name)], capture_output=True, check=True)
        return time.perf_counter() - t
    finally:
        server.kill()
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=50)
    ap.add_argument("--unoserver", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vanban-pdf-bench-"))
    try:
        sources = [vanban.load(ROOT / "data" / n) for n in
                   ("lai-chau-ubnd-kh-mam-non-2023.yaml", "lai-chau-ldld-244-2024.yaml")]
        files = []
        for i in range(args.n):
            path = work / "docs" / f"{i:04d}.docx"
            vanban.render(sources[i % 2], path)
            files.append(path)
        # Warm the per-file profile once, as a script run twice a day would have it.
        per_file(files[:1], work / "profile")
        slow = per_file(files, work / "profile") / len(files)
        t = time.perf_counter()
        outcomes = pdf.convert(files)
        fast = (time.perf_counter() - t) / len(files)
        assert all(o.status == "ok" for o in outcomes), [o.error for o in outcomes if o.error][:3]
        print(f"N={args.n} documents (10-page plans and 2-page letters, alternately)")
        if args.unoserver:
            if not shutil.which("unoserver"):
                print("unoserver: not installed")
            else:
                print(f"unoserver + unoconvert per file {unoserver(files, work) / len(files):.3f} s/doc")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"vanban {fast:.3f} s/doc, soffice-per-file {slow:.3f} s/doc, ratio {slow / fast:.1f}")


if __name__ == "__main__":
    main()
