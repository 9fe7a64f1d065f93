"""Readable at any size: the pages a briefing of N events builds, how heavy each is and
how fast the heaviest opens, and how long `serve` takes from saving one event to its page.

    .venv/bin/python bench/pages.py                        # N = 1000, 5000, 20000
    .venv/bin/python bench/pages.py --sizes 1000 --runs 1 --edits 2

For each N it prints: the number of HTML pages; the heaviest page, raw and gzipped
(gzip -9), and how many pages pass 100 KB gzipped; the median time to DOMContentLoaded
of the heaviest page opened from disk (file://) in Chromium, each run in a fresh
browser context; and the median time from saving an edit of one event's title to serve
saying its page is rebuilt (serve rebuilds every page, so this is the whole rebuild).
The sites are bench/sites/N/briefing (bench/generate.py), built into a temporary folder.
Nothing here is asserted: the figures are printed for the reader to judge.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import run  # bench/run.py: generated sites and the serve benchmark

BUDGET = 100 * 1024
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class Weights(NamedTuple):
    pages: int
    heaviest: str
    raw: int
    gzipped: int
    over_budget: int


def weights(folder: Path) -> Weights:
    sizes = {page.name: (page.stat().st_size, len(gzip.compress(page.read_bytes(), 9)))
             for page in folder.glob("*.html")}
    heaviest = max(sizes, key=lambda name: sizes[name][1])
    return Weights(len(sizes), heaviest, *sizes[heaviest],
                   sum(1 for _, packed in sizes.values() if packed > BUDGET))


def open_ms(page: Path, runs: int) -> float:
    """Median milliseconds from navigation to DOMContentLoaded, page opened from disk."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        for _ in range(runs + 1):  # the first run warms the browser's own caches up
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(page.as_uri(), wait_until="domcontentloaded")
            times.append(tab.evaluate(
                "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            context.close()
        browser.close()
    return statistics.median(times[1:])


def measure(n: int, runs: int, edits: int) -> str:
    site = run.generated_site(n, run.log)
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "output"
        subprocess.run([str(part) for part in run.ours_command(site, out)], check=True,
                       capture_output=True)
        weight = weights(out)
        opened = open_ms(out / weight.heaviest, runs) if CHROMIUM.exists() else float("nan")
    served = run.bench_serve(n, edits, run.log)
    return (f"| {n:,} | {weight.pages:,} | {weight.heaviest} | {weight.raw / 1024:,.0f} KB | "
            f"{weight.gzipped / 1024:,.1f} KB | {weight.over_budget} | {opened:,.0f} ms | "
            f"{statistics.median(served.latencies_ms):,.0f} ms |")


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=3, help="page openings per size")
    parser.add_argument("--edits", type=int, default=3, help="title edits under serve per size")
    args = parser.parse_args(argv)
    print("| N | HTML pages | heaviest page | raw | gzipped | pages over 100 KB gzipped "
          "| heaviest opens (DOMContentLoaded, median) | serve: save to rebuilt page "
          "(median) |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (int(size) for size in args.sizes.split(",")):
        print(measure(n, args.runs, args.edits), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
