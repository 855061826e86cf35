"""Benchmark: `accord check` on a synthetic corpus, next to PyYAML's C loader alone on the same files.

    python bench/bench_check.py 10000 100000 [--repeat 3] [--invalid-every K] [--keep DIR]

For each size it generates meeting records (100 per file, shaped like the curated ones: reports with
dates in every notation, quotes, participants), then times, in this process and in the same run:

* ``yaml.load(..., CSafeLoader)`` of every file (the parse floor accord is built on), gc on and off;
* ``accord check``'s pipeline (discover, load, validate, index, rules, reviews) on the same files.

It prints medians, records per second, the ratio accord / parse, the findings by code, each stage's share
of the last run (the rules' share is the cross-record cost) and the slowest rules. With ``--invalid-every K`` one record
in K gets a bad date, so the cost of positions (composed only for files with findings) shows up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import shutil
import statistics
from collections import Counter
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from validator.run import check, discover  # noqa: E402

PER_FILE = 100
ACTORS = 1000
SOURCES = 20
PLACES = ["Geneva", "Brussels", "Vienna", "Moscow", "Washington", "Helsinki", "Istanbul",
          *(f"City {i}" for i in range(300))]
ZONES = ["Europe/Zurich", "Europe/Brussels", "Europe/Vienna", "Europe/Moscow", "America/New_York"]
TYPES = ["talks", "consultations", "council_meeting", "phone_call", "press_conference", "briefing"]
STATUSES = ["scheduled", "held", "postponed", "cancelled"]
WORDS = ("security guarantees talks Russia NATO United States Geneva council consultations draft treaty "
         "agreement \"binding\" it's Lavrov said on Monday that the West mid-December délégation").split()


FIRST_DAY = dt.date(2015, 1, 1)


def _day(rng: random.Random) -> dt.date:
    """Some day of ten years: a chronology spreads its meetings over time."""
    return FIRST_DAY + dt.timedelta(days=rng.randrange(3650))


def _text(rng: random.Random, low: int, high: int) -> str:
    out = []
    while sum(len(w) + 1 for w in out) < rng.randint(low, high):
        out.append(rng.choice(WORDS))
    return " ".join(out)


def _passage(rng: random.Random, text: str) -> str:
    """A verbatim passage of a source text, as a curated quote is (word-aligned, 60-240 characters)."""
    words = text.split(" ")
    start = rng.randrange(0, max(len(words) - 40, 1))
    length = rng.randint(8, 35)
    return " ".join(words[start:start + length])


def _meeting(rng: random.Random, n: int, bad: bool, texts: list[str]) -> dict:
    """A meeting shaped like the curated ones: reports mostly agree with the record, some are coarser
    (the month) or approximate, a few cover an interval; quotes are passages of their sources' texts."""
    day = _day(rng)
    span = rng.random() < 0.2
    after = day + dt.timedelta(days=1)
    date = f"{day}/{after}" if span else f"{day}"
    participants = sorted({f"actor-{rng.randrange(ACTORS):04d}" for _ in range(rng.randint(1, 4))})
    location = rng.choice(PLACES)
    record: dict = {
        "kind": "meeting",
        "id": f"mtg-{n:07d}",
        "title": _text(rng, 20, 60),
        "meeting_type": rng.choice(TYPES),
        "participants": participants,
        "location": location,
        "date": "2022-02-30" if bad else date,
        "timezone": rng.choice(ZONES),
        "status": "held",
        "about": [f"mtg-{rng.randint(0, max(n - 1, 0)):07d}" for _ in range(rng.randint(0, 2)) if n],
        "reports": [],
    }
    for _ in range(rng.randint(1, 4)):
        source = rng.randrange(SOURCES)
        roll = rng.random()
        month = f"{day:%B}"
        if roll < 0.6 or span:
            given = date
            words = f"{month} {day.day}, {day.year}" if not span else f"{day.isoformat()} to {after.isoformat()}"
        elif roll < 0.8:
            given, words = f"{day:%Y-%m}", f"in {month} {day.year}"
        else:
            given, words = f"{day}~", f"around {month} {day.day}, {day.year}"
        report = {"source": f"src-{source:02d}", "date": given, "date_text": words, "status": "held",
                  "participants": participants[: rng.randint(1, len(participants))],
                  "quote": _passage(rng, texts[source])}
        if rng.random() < 0.6:
            report["location"] = location
        record["reports"].append(report)
    return record


def generate(records: int, out: Path, invalid_every: int, seed: int = 42) -> None:
    """Write ``records`` meetings (plus the sources and actors they cite) under ``out``."""
    rng = random.Random(seed)
    (out / "sources" / "text").mkdir(parents=True)
    (out / "actors").mkdir()
    sources, texts = [], []
    for i in range(SOURCES):
        texts.append(_text(rng, 3000, 6000))
        (out / "sources" / "text" / f"src-{i:02d}.txt").write_text(texts[-1], encoding="utf-8")
        sources.append({"kind": "source", "id": f"src-{i:02d}", "title": _text(rng, 20, 60),
                        "publisher": "agency", "published": "2025-02-14", "timezone": "Europe/Moscow",
                        "language": "en", "text": f"sources/text/src-{i:02d}.txt"})
    (out / "sources" / "sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False), encoding="utf-8")
    actors = [{"kind": "organization", "id": "agency", "name": "Agency"}] + [
        {"kind": "state", "id": f"actor-{i:04d}", "name": f"State {i}"} for i in range(ACTORS)]
    (out / "actors" / "actors.yaml").write_text(yaml.safe_dump(actors, sort_keys=False), encoding="utf-8")
    meetings = out / "meetings"
    meetings.mkdir()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    for start in range(0, records, PER_FILE):
        batch = [_meeting(rng, n, bool(invalid_every) and n % invalid_every == invalid_every - 1, texts)
                 for n in range(start, min(start + PER_FILE, records))]
        text = yaml.dump(batch, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
        (meetings / f"meetings-{start // PER_FILE:05d}.yaml").write_text(text, encoding="utf-8")


def _time(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _parse_all(files: list[Path], gc_off: bool) -> None:
    if gc_off:
        gc.disable()
    try:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def run(size: int, repeat: int, invalid_every: int, keep: Path | None, gc_on_baseline: bool = True) -> None:
    base = keep or Path(tempfile.mkdtemp(prefix="accord-bench-"))
    corpus = base / f"corpus-{size}"
    if corpus.exists():
        shutil.rmtree(corpus)
    generate(size, corpus, invalid_every)
    files = sorted(corpus.rglob("*.yaml"))
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    total = size + SOURCES + ACTORS + 1
    print(f"\n{size:,} meeting records ({total:,} records with sources and actors), {len(files):,} files, "
          f"{megabytes:.1f} MB; median of {repeat}")

    results = []

    def accord() -> None:
        results[:] = [None]  # free the previous run's records before this one builds its own
        results[:] = [check(discover([corpus], corpus, (".yaml",)))]

    rows = [("yaml.load CSafeLoader (gc off)", _time(lambda: _parse_all(files, True), repeat))]
    if gc_on_baseline:
        rows.insert(0, ("yaml.load CSafeLoader (gc on)", _time(lambda: _parse_all(files, False), repeat)))
    rows.append(("accord check (in-process)", _time(accord, repeat)))
    parse = statistics.median(rows[0][1])
    baseline = rows[0][0].removeprefix("yaml.load ")
    for name, times in rows:
        median = statistics.median(times)
        print(f"  {name:34} median {median:8.2f} s  (min {min(times):.2f}, max {max(times):.2f})  "
              f"{total / median:9,.0f} rec/s  {median / parse:5.2f}x {baseline}")
    last = results[-1]
    codes = Counter(f.code for f in last.findings)
    print(f"  findings: {dict(codes.most_common()) or 'none'}")
    whole = sum(last.timings.values())
    stages = "  ".join(f"{name} {seconds:.2f} s ({seconds / whole:.0%})" for name, seconds in last.timings.items())
    print(f"  stages of the last run: {stages}")
    print(f"  peak memory of this process so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    slowest = sorted(last.rule_timings.items(), key=lambda item: -item[1])[:5]
    print("  slowest rules: " + "  ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest))
    if keep is None:
        shutil.rmtree(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000], help="numbers of meeting records")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (median reported)")
    parser.add_argument("--invalid-every", type=int, default=0, metavar="K",
                        help="give every K-th record a bad date (0: all valid)")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--no-gc-on-baseline", action="store_true",
                        help="skip the gc-on parse (it grows faster than linearly: ~4x the gc-off time at 100k)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__} (libyaml: {yaml.__with_libyaml__})")
    for size in args.sizes:
        run(size, args.repeat, args.invalid_every, args.keep, not args.no_gc_on_baseline)


if __name__ == "__main__":
    main()
