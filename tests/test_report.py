"""`accord report`: the chronology data, the HTML page (escaping, in a real browser), the static timeline."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.corpus_kit import meeting, run_corpus, source
from validator.chronology import chronology
from validator.html_report import embed_json, render_html

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _reports(data: dict, record_id: str) -> list[dict]:
    return next(r for r in data["records"] if r["id"] == record_id)["reports"]


def test_report_classes_come_from_the_findings(tmp_path: Path) -> None:
    reports = [{"source": "tass", "date": "2022-01-10"}, {"source": "tass", "date": "2022-01"},
               {"source": "tass", "date": "2022-01-12"}, {"source": "tass", "date": "2022-01-09/2022-01-10"}]
    result = run_corpus(tmp_path, [source(), meeting(reports=reports)], compact=False)
    data = chronology(result)
    got = [(r["cls"], r.get("code")) for r in _reports(data, "geneva-talks")]
    assert got == [("agrees", None), ("coarser", None), ("conflict", "DATE001"), ("conflict", "DATE002")]


def test_acknowledged_disagreement_and_quote_offsets(tmp_path: Path) -> None:
    text = "Intro. The talks took place on January 9-10 in Geneva. End."
    review = {"kind": "review", "id": "review-geneva", "rule": "DATE002", "records": ["geneva-talks", "tass"],
              "reason": "kept", "reviewed_by": "curators", "reviewed": "2026-12-01"}
    quote = "the talks took  place on January 9-10"
    reports = [{"source": "tass", "date": "2022-01-09/2022-01-10", "date_text": "on January 9-10", "quote": quote}]
    result = run_corpus(tmp_path, [source(), meeting(reports=reports), review], texts={"tass": text}, compact=False)
    report, = _reports(chronology(result), "geneva-talks")
    assert (report["cls"], report["code"]) == ("acknowledged", "DATE002")
    start, end = report["at"]
    assert text[start:end] == "The talks took place on January 9-10"
    assert "denotes 2022-01-09..2022-01-10" in report["resolved"]


def test_embedded_json_cannot_close_its_script() -> None:
    text = embed_json({"t": "</script><script>alert(1)</script> &amp; \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script> &amp; \u2028"}


def test_report_needs_an_output(accord, project: Path) -> None:
    result = accord("report")
    assert result.code == 2 and "--html" in result.err


def test_static_timeline_png_and_svg(accord, repo_root: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo_root)
    png, svg = tmp_path / "t.png", tmp_path / "t.svg"
    result = accord("report", "--png", png, "--svg", svg)
    assert result.code == 0, result.err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = svg.read_text(encoding="utf-8")
    assert drawn.startswith("<?xml") and "<svg" in drawn
    assert "Russia-US talks on security guarantees in Geneva" in drawn
    assert "Lavrov's annual news conference" in drawn


# --- in a real browser ------------------------------------------------------------------------------

def _browser():
    missing = None if shutil.which(CHROMIUM) else f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = missing or "playwright is not installed (pip install -e '.[test]')"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI installs both: a missing browser is a broken setup, not a skip
        pytest.skip(missing)
    return sync_playwright


@pytest.fixture
def browser(tmp_path: Path):
    sync_playwright = _browser()
    with sync_playwright() as p:
        # playwright starts Chromium with a new empty profile (user data dir) of its own.
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def _open(browser, path: Path, fragment: str = ""):
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("request", lambda req: problems.append(req.url) if not req.url.startswith("file:") else None)
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("window.accordReady")
    return page, problems


def test_seed_report_in_chromium(accord, repo_root: Path, tmp_path: Path, monkeypatch, browser) -> None:
    monkeypatch.chdir(repo_root)
    out = tmp_path / "report.html"
    assert accord("report", "--html", out).code == 0
    page, problems = _open(browser, out, "#record/geneva-talks-2022-01-10")
    bars = page.locator('.row[data-record="geneva-talks-2022-01-10"] .bar')
    dates = bars.evaluate_all("bs => bs.map(b => [b.dataset.date, b.dataset.cls || 'own', b.dataset.code || '',"
                              " b.getBoundingClientRect().width])")
    by_date = {}
    for date, cls, code, width in dates:
        by_date.setdefault(date, []).append((cls, code, width))
    # Both reported intervals are drawn: "January 9-10" twice as wide as "January 10".
    (two_days,) = by_date["2022-01-09/2022-01-10"]
    assert two_days[:2] == ("acknowledged", "DATE002")
    one_day = [w for cls, _, w in by_date["2022-01-10"] if cls == "agrees"]
    assert one_day and all(abs(two_days[2] - 2 * w) < 3 for w in one_day)
    outline = page.locator('.bar[data-code="DATE002"]').evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline == "solid"  # the disagreement stands out
    # The record panel: the reports, and the quote linked to its passage, highlighted in the source text.
    detail = page.locator("#detail")
    assert "Russia-US talks on security guarantees in Geneva" in detail.locator("h2").inner_text()
    assert detail.locator(".report.acknowledged").count() == 1
    detail.locator(".report.acknowledged a", has_text="show the passage").click()
    page.wait_for_selector("#source-text mark")
    assert page.locator("#source-text mark").inner_text() == (
        "The meeting was held as a follow-up to the negotiations on security guarantees between Russia and the "
        "United States, which took place on January 9-10 in Geneva.")
    page.screenshot(path=str(tmp_path / "geneva.png"))
    # A filter hides what it should: statements only, then DATE003 findings only.
    page.select_option("#f-kind", "statement")
    page.wait_for_timeout(100)
    kinds = page.locator(".row.own .kind").all_inner_texts()
    assert kinds and set(kinds) == {"STATEMENT"}
    assert page.locator('.row[data-record="geneva-talks-2022-01-10"]').count() == 0
    page.click("#f-clear")
    page.select_option("#f-code", "DATE003")
    page.wait_for_timeout(100)
    listed = page.locator("#finding-list li").evaluate_all("ls => ls.map(l => l.dataset.code)")
    assert listed and set(listed) == {"DATE003"}
    page.fill("#f-search", "no such text anywhere")
    page.wait_for_timeout(400)
    assert page.locator("#finding-list li").count() == 0
    page.screenshot(path=str(tmp_path / "filtered.png"))
    assert (tmp_path / "geneva.png").stat().st_size > 10_000
    assert problems == []


HOSTILE = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> &amp; &lt;b&gt; javascript:alert(1)'


def test_hostile_text_renders_as_text(tmp_path: Path, browser) -> None:
    reports = [{"source": "tass", "date": "2022-01-10", "quote": "Talks in Geneva", "note": HOSTILE,
                "date_text": HOSTILE}]
    record = meeting(reports=reports, title=HOSTILE, notes=HOSTILE, location="javascript:alert(1)")
    result = run_corpus(tmp_path / "corpus", [source(title=HOSTILE), record], compact=False)
    html = render_html(chronology(result))
    assert "<script>window" not in html and "<img" not in html and "&amp;" not in html
    out = tmp_path / "hostile.html"
    out.write_text(html, encoding="utf-8")
    page, problems = _open(browser, out, "#record/geneva-talks")
    assert page.evaluate("window.pwned") is None
    heading = page.locator("#detail h2").inner_text()
    assert HOSTILE in heading  # the entities stay as typed: "&amp;", not "&"
    assert page.locator("#detail img, #detail script, #detail b").count() == 0
    hrefs = page.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("#") for h in hrefs)
    page.locator(".label a", has_text="<script>").first.click()
    assert page.evaluate("window.pwned") is None
    page.evaluate("location.hash = '#record/%E0%A4%A'")  # a mangled link is ignored, not an error
    page.wait_for_timeout(100)
    assert problems == []


def test_progress_bar_for_the_report_records(monkeypatch, capsys) -> None:
    from validator import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    show = cli._progress_printer()
    show(500, 1000, "records")
    show(1000, 1000, "records")
    err = capsys.readouterr().err
    assert "report [###############...............] 500/1,000 records" in err
    assert err.endswith("report [##############################] 1,000/1,000 records\x1b[K\n")


def test_readme_shows_the_report_screenshot(repo_root: Path) -> None:
    assert "](docs/report.png)" in (repo_root / "README.md").read_text(encoding="utf-8")
    assert (repo_root / "docs" / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_report_of_a_missing_path_is_a_usage_error(accord, project: Path, tmp_path: Path) -> None:
    result = accord("report", "nowhere", "--html", tmp_path / "r.html")
    assert result.code == 2 and "no such file or directory: nowhere" in result.err
    assert not (tmp_path / "r.html").exists()


def test_the_report_says_it_needs_the_models(tmp_path: Path) -> None:
    import pytest

    result = run_corpus(tmp_path, [source(), meeting()])  # compact records, as `accord check` keeps them
    with pytest.raises(ValueError, match="compact=False"):
        chronology(result)
