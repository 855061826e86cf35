"""Benchmark: `accord report --html` on a synthetic corpus, and loading the page in headless Chromium.

    python bench/bench_report.py 10000 [--keep DIR]

Generates the meetings of ``bench_check.py``, builds the report (prints the seconds and the file's size),
then opens it in Debian's chromium (/usr/bin/chromium, driven by playwright) and prints the load time
(navigation to the first rendered timeline), the time a kind filter takes, and a scroll.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import generate  # noqa: E402

from validator.chronology import chronology  # noqa: E402
from validator.html_report import render_html  # noqa: E402
from validator.run import check, discover  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=int)
    parser.add_argument("--keep", type=Path, help="write the corpus and report here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="accord-report-"))
    try:
        corpus = folder / "corpus"
        generate(args.records, corpus, 0)
        start = time.perf_counter()
        result = check(discover([corpus], corpus, (".yaml",)))
        checked = time.perf_counter()
        html = render_html(chronology(result))
        out = folder / "report.html"
        out.write_text(html, encoding="utf-8")
        built = time.perf_counter()
        print(f"{args.records:,} records: check {checked - start:.1f} s, report {built - checked:.1f} s, "
              f"{out.stat().st_size / 1e6:.1f} MB")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for run in range(2):
                page = browser.new_page(viewport={"width": 1400, "height": 950})
                page.goto(out.as_uri(), timeout=120_000)
                page.wait_for_function("window.accordReady", timeout=120_000)
                ready = page.evaluate("window.accordReady")
                loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
                rows = page.evaluate("document.querySelectorAll('.row').length")
                filtered = page.evaluate("""() => { const t = performance.now();
                    const s = document.getElementById('f-kind'); s.value = 'meeting';
                    s.dispatchEvent(new Event('change')); return performance.now() - t; }""")
                scrolled = page.evaluate("""() => new Promise(done => { const b = document.getElementById('tl-body');
                    const t = performance.now(); b.scrollTop = b.scrollHeight / 2;
                    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t))); })""")
                print(f"chromium run {run + 1}: ready (first timeline drawn) {ready:.0f} ms after navigation, "
                      f"load event {loaded:.0f} ms; {rows} rows in the DOM; kind filter {filtered:.0f} ms; "
                      f"scroll half-way and redraw {scrolled:.0f} ms")
                page.close()
            browser.close()
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
