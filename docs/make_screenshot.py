"""Make docs/report.png: the seed corpus's HTML report (``accord report --html``), as Chromium shows it.

    .venv/bin/python docs/make_screenshot.py

Needs Debian's chromium (/usr/bin/chromium) and playwright (the test extra).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.html"
        subprocess.run([str(Path(sys.executable).parent / "accord"), "report", "--html", str(out)], cwd=ROOT,
                       check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(out.as_uri() + "#record/geneva-talks-2022-01-10")
            page.wait_for_function("window.accordReady")
            page.screenshot(path=str(ROOT / "docs" / "report.png"))
            browser.close()
    print(ROOT / "docs" / "report.png")


if __name__ == "__main__":
    main()
