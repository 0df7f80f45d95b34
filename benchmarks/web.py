"""Web editor: keystroke → refreshed preview on a one-page letter, and server memory over many previews.

    python benchmarks/web.py [--keys 12] [--refreshes 500]

Starts ``vanban serve`` on a temporary folder holding a one-page công văn,
opens its editor in Chromium (Playwright), and times from a key typed in the
subject line until the preview shows the new page image (the page's
debounce included), ``--keys`` times. The reference in the same run is one
``vanban preview`` of the same letter from the command line (what a clerk
would run without the page). Then it asks the server for ``--refreshes``
previews of distinct texts through the HTTP API and samples the server's
resident memory every 50. Target: median under 1.5 s; memory flat.

Measured (issue 21's baseline: 0.46–0.78 s median): 2026-12-05, one run, ``--keys 12
--refreshes 0``, after the list page's preview/print, the left signer's form and the tree's
keyboard focus were added: median 0.46 s, max 0.59 s over 12 keys; ``vanban preview`` of the same
letter 2.60 s (5.6×). The machine was loaded: 2 cores, load average 4.6–4.7 during the run
(other helpers' tests, and a Chromium test of this branch at the same time), so the figure is an
upper bound; the debounce is in it.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import yaml  # noqa: E402

from conftest import minimal  # noqa: E402
from web_browser import Server, launch  # noqa: E402

NAME = "thu.yaml"


def keystrokes(server: Server, keys: int) -> list[float]:
    from playwright.sync_api import sync_playwright
    out = []
    with sync_playwright() as p:
        browser = launch(p)
        # wait_for_function evaluates a string, which the app's CSP forbids to its own page.
        page = browser.new_page(viewport={"width": 1366, "height": 768}, bypass_csp=True)
        page.goto(f"{server.url}/edit/{NAME}")
        page.wait_for_selector("#preview img", timeout=60000)
        field = page.locator("#f-trich_yeu")
        field.click()
        field.press("End")
        for k in range(keys):
            old = page.evaluate("document.getElementById('preview').dataset.key || ''")
            t = time.perf_counter()
            page.keyboard.type("abcdefghijklmnopqrstuvwxyz"[k % 26])
            page.wait_for_function(f"document.getElementById('preview').dataset.key !== {json.dumps(old)} && "
                                   "[...document.querySelectorAll('#preview img')].every(i => i.complete)", timeout=60000)
            out.append(time.perf_counter() - t)
            page.wait_for_timeout(300)
        browser.close()
    return out


def refreshes(server: Server, n: int) -> list[tuple[int, int]]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{server.url}/edit/{NAME}").read().decode("utf-8")
    token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    data = minimal()
    samples = []
    for i in range(1, n + 1):
        data["trich_yeu"] = f"triển khai kế hoạch lần {i}"
        req = urllib.request.Request(f"{server.url}/api/preview", json.dumps(data).encode("utf-8"),
                                     {"Content-Type": "application/json", "X-CSRF-Token": token})
        answer = json.loads(opener.open(req, timeout=120).read())
        if "pages" not in answer:
            raise RuntimeError(f"preview {i} failed: {answer}")
        if i == 1 or i % 50 == 0:
            samples.append((i, server.own_rss_kib()))
            print(f"  after {i:4d} previews: server RSS {samples[-1][1] / 1024:.1f} MiB, with LibreOffice "
                  f"{server.rss_kib() / 1024:.1f} MiB", flush=True)
    return samples


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keys", type=int, default=12)
    ap.add_argument("--refreshes", type=int, default=500)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vanban-bench-web-") as tmp:
        folder = Path(tmp)
        (folder / NAME).write_text(yaml.safe_dump(minimal(), allow_unicode=True, sort_keys=False), encoding="utf-8")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "vanban", "preview", str(folder / NAME), "-o", str(folder / "p.png")],
                       check=True, capture_output=True)
        cli = time.perf_counter() - t
        server = Server(folder)
        try:
            times = keystrokes(server, args.keys)
            print(f"keystroke → preview: median {statistics.median(times):.2f} s, "
                  f"max {max(times):.2f} s over {len(times)} keys (all: {', '.join(f'{x:.2f}' for x in times)})")
            print(f"reference `vanban preview` of the same letter: {cli:.2f} s; "
                  f"ratio {cli / statistics.median(times):.2f}× faster in the page")
            if args.refreshes:
                samples = refreshes(server, args.refreshes)
                first, last = samples[0][1], samples[-1][1]
                peak = max(s for _, s in samples)
                print(f"server RSS: {first / 1024:.1f} MiB after 1 preview, {last / 1024:.1f} MiB after "
                      f"{samples[-1][0]}, peak {peak / 1024:.1f} MiB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
