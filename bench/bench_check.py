"""Benchmark: `accord check` as a whole process on deterministic corpora, next to the parse floor and a peer.

    python bench/bench_check.py 10000 100000 [--repeat 3] [--invalid-every K] [--peers] [--keep DIR]

For each size it generates records in accord's real format (100 per file; every kind: sources,
organizations, states, persons with roles, meetings, statements, proposals with provisions, a review),
with reports whose quotes are passages of their sources' texts and whose dates mostly agree (one source
per ten events, as an article reports a few, its text holding the date words of its reports), so the run
measures the checks rather than findings; ``--invalid-every K`` plants a bad date in every K-th event.
Then, alternating, ``--repeat`` times each, all in the same run:

* ``accord check DIR --no-cache`` as a whole process (wall time, peak RSS of the process);
* ``accord check`` with a warm cache after an edit of one record's title in one file (an incremental run);
* the parse floor: a whole process that only parses every file with yaml-rs, the fastest parser here;
* the floors of what accord adds to it: ``accord check --select FILE`` (the per-file stage and the
  index, no cross-record rule), and a whole process that only parses and validates every record with
  the libraries accord builds on (yaml-rs and the Pydantic models of ``schema.records``) on every core,
  keeping nothing (no positions, no PyYAML equivalence, no rules);
* with ``--peers``: ``check-jsonschema`` with the schema ``accord schema`` exports (installed from PyPI into
  ``bench/out/peers`` on first use; not a dependency of accord); one run per size at 100k and above.

It prints medians (min-max), records per second, peak RSS, the ratios, then one more run's stages and
every rule's time (``accord check`` in a process that reports its timings). accord runs as installed, from
its compiled bytecode, even where ``PYTHONDONTWRITEBYTECODE`` is set (see ``compiled``).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PER_FILE = 100
ACTORS = 1000
PERSONS = 200
EVENTS_PER_SOURCE = 10  # an article reports a few events: each source text holds the words of its reports
PLACES = ["Geneva", "Brussels", "Vienna", "Moscow", "Washington", "Helsinki", "Istanbul",
          *(f"City {i}" for i in range(300))]
ZONES = ["Europe/Zurich", "Europe/Brussels", "Europe/Vienna", "Europe/Moscow", "America/New_York"]
TYPES = ["talks", "consultations", "council_meeting", "phone_call", "press_conference", "briefing"]
SETTINGS = ["interview", "press_conference", "briefing", "speech"]
WORDS = ("security guarantees talks Russia NATO United States Geneva council consultations draft treaty "
         "agreement \"binding\" it's Lavrov said on Monday that the West mid-December délégation").split()
FIRST_DAY = dt.date(2015, 1, 1)
PUBLISHED = "2025-02-14"


def _day(rng: random.Random) -> dt.date:
    """Some day of ten years: a chronology spreads its events over time."""
    return FIRST_DAY + dt.timedelta(days=rng.randrange(3650))


def _text(rng: random.Random, low: int, high: int) -> str:
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < rng.randint(low, high):
        out.append(rng.choice(WORDS))
    return " ".join(out)


def _passage(rng: random.Random, text: str) -> str:
    """A verbatim passage of a source text, as a curated quote is (word-aligned, 60-240 characters)."""
    words = text.split(" ")
    start = rng.randrange(0, max(len(words) - 40, 1))
    return " ".join(words[start:start + rng.randint(8, 35)])


def _dates(rng: random.Random, day: dt.date) -> tuple[str, str, str]:
    """The record's date, and one report's date with its words: mostly the same day, else coarser."""
    roll = rng.random()
    if roll < 0.6:
        return str(day), str(day), f"{day:%B} {day.day}, {day.year}"
    if roll < 0.8:
        return str(day), f"{day:%Y-%m}", f"in {day:%B} {day.year}"
    return str(day), f"{day}~", f"around {day:%B} {day.day}, {day.year}"


class Texts:
    """The sources' texts: a base text each (quotes are passages of it), and the words the reports that
    cite a source give as its own (their `date_text`), written after it."""

    def __init__(self, rng: random.Random, count: int) -> None:
        self.base = [_text(rng, 1500, 3000) for _ in range(count)]
        self.said: list[dict[str, None]] = [{} for _ in range(count)]

    def pick(self, rng: random.Random) -> int:
        return rng.randrange(len(self.base))

    @staticmethod
    def id(source: int) -> str:
        return f"src-{source:05d}"

    def say(self, source: int, words: str) -> str:
        self.said[source][words] = None
        return words

    def full(self, source: int) -> str:
        return self.base[source] + "".join(f" {words}." for words in self.said[source]) + "\n"


_MEETINGS: list[str] = []  # ids of the meetings written so far, for `about`


def _meeting(rng: random.Random, n: int, bad: bool, texts: Texts) -> dict:
    day = _day(rng)
    span = rng.random() < 0.2
    after = day + dt.timedelta(days=1)
    date = f"{day}/{after}" if span else str(day)
    participants = sorted({f"actor-{rng.randrange(ACTORS):04d}" for _ in range(rng.randint(1, 4))})
    location = rng.choice(PLACES)
    record: dict = {"kind": "meeting", "id": f"mtg-{n:07d}", "title": _text(rng, 20, 60),
                    "meeting_type": rng.choice(TYPES), "participants": participants, "location": location,
                    "date": "2022-02-30" if bad else date, "timezone": rng.choice(ZONES), "status": "held",
                    "about": sorted({rng.choice(_MEETINGS) for _ in range(rng.randint(0, 2)) if _MEETINGS}),
                    "reports": []}
    _MEETINGS.append(record["id"])
    for _ in range(rng.randint(1, 4)):
        source = texts.pick(rng)
        _, given, words = _dates(rng, day)
        if span:
            given, words = date, f"{day.isoformat()} to {after.isoformat()}"
        report = {"source": texts.id(source), "date": given, "date_text": texts.say(source, words),
                  "status": "held", "participants": participants[: rng.randint(1, len(participants))],
                  "quote": _passage(rng, texts.base[source])}
        if rng.random() < 0.6:
            report["location"] = location
        record["reports"].append(report)
    return record


def _statement(rng: random.Random, n: int, bad: bool, texts: Texts) -> dict:
    day = _day(rng)
    source = texts.pick(rng)
    _, given, words = _dates(rng, day)
    return {"kind": "statement", "id": f"stm-{n:07d}", "speaker": f"person-{rng.randrange(PERSONS):03d}",
            "date": "2022-02-30" if bad else str(day), "timezone": rng.choice(ZONES),
            # Two words: QUOTE002 compares quotes of six words or more, and random passages of 20
            # texts would repeat by chance across thousands of statements (one quote, two speakers).
            "setting": rng.choice(SETTINGS), "quote": " ".join(_passage(rng, texts.base[source]).split()[:2]),
            "reports": [{"source": texts.id(source), "date": given, "date_text": texts.say(source, words),
                         "speaker_title": "Foreign Minister"}]}


def _proposal(rng: random.Random, n: int, bad: bool, texts: Texts) -> dict:
    day = _day(rng)
    source = texts.pick(rng)
    provisions = [{"id": f"prv-{n:07d}-{i}", "summary": _text(rng, 20, 60)} for i in range(rng.randint(1, 3))]
    return {"kind": "proposal", "id": f"prp-{n:07d}", "title": _text(rng, 20, 60),
            "proposer": f"actor-{rng.randrange(ACTORS):04d}",
            "addressees": sorted({f"actor-{rng.randrange(ACTORS):04d}" for _ in range(rng.randint(1, 3))}),
            "submitted": "2022-02-30" if bad else str(day), "timezone": rng.choice(ZONES), "provisions": provisions,
            "reports": [{"source": texts.id(source), "event": "submitted", "date": str(day),
                         "provisions": [p["id"] for p in provisions], "quote": _passage(rng, texts.base[source])}]}


def _event(rng: random.Random, n: int, bad: bool, texts: Texts) -> dict:
    roll = rng.random()
    make = _meeting if roll < 0.75 else _statement if roll < 0.9 else _proposal
    return make(rng, n, bad, texts)


def generate(records: int, out: Path, invalid_every: int = 0, seed: int = 42) -> int:
    """Write ``records`` events plus the sources, actors, persons and a review they cite under ``out``;
    return how many records there are in all."""
    rng = random.Random(seed)
    _MEETINGS.clear()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    def write(path: Path, data: list[dict]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100),
                        encoding="utf-8")

    texts = Texts(rng, max(20, records // EVENTS_PER_SOURCE))
    sources = len(texts.base)
    for start in range(0, sources, PER_FILE):
        write(out / "sources" / f"sources-{start // PER_FILE:05d}.yaml", [
            {"kind": "source", "id": texts.id(i), "title": _text(rng, 20, 60), "publisher": "agency",
             "published": PUBLISHED, "timezone": "Europe/Moscow", "language": "en",
             "text": f"sources/text/{texts.id(i)}.txt"} for i in range(start, min(start + PER_FILE, sources))])
    actors = [{"kind": "organization", "id": "agency", "name": "Agency"},
              {"kind": "organization", "id": "ministry", "name": "Ministry of Foreign Affairs", "state": "actor-0000"}]
    actors += [{"kind": "state", "id": f"actor-{i:04d}", "name": f"State {i}"} for i in range(ACTORS)]
    write(out / "actors" / "actors.yaml", actors)
    write(out / "actors" / "persons.yaml", [
        {"kind": "person", "id": f"person-{i:03d}", "name": f"Person {i}", "state": f"actor-{i % ACTORS:04d}",
         "roles": [{"title": "Foreign Minister", "organization": "ministry", "start": "2004-03-09"}]}
        for i in range(PERSONS)])
    # Two copies of one meeting (a DUP001 warning), accepted by a review: every kind, and exit 0.
    twin = _meeting(rng, 0, False, texts)
    write(out / "events" / "twins.yaml", [{**copy.deepcopy(twin), "id": f"mtg-twin-{x}"} for x in "ab"])
    write(out / "reviews" / "reviews.yaml", [
        {"kind": "review", "id": "review-bench-twins", "rule": "DUP001", "records": ["mtg-twin-a", "mtg-twin-b"],
         "reason": "The benchmark's twins: one meeting written twice on purpose.", "reviewed_by": "bench",
         "reviewed": "2026-12-01"}])
    _MEETINGS.clear()
    for start in range(0, records, PER_FILE):
        batch = [_event(rng, n, bool(invalid_every) and n % invalid_every == invalid_every - 1, texts)
                 for n in range(start, min(start + PER_FILE, records))]
        write(out / "events" / f"events-{start // PER_FILE:05d}.yaml", batch)
    (out / "sources" / "text").mkdir(parents=True, exist_ok=True)
    for i in range(sources):  # last: a text holds the words of every report that cites it
        (out / "sources" / "text" / f"{texts.id(i)}.txt").write_text(texts.full(i), encoding="utf-8")
    return records + sources + len(actors) + PERSONS + 3


# --- measuring whole processes ------------------------------------------------------------------------

def compiled() -> dict[str, str]:
    """The environment of the timed processes, with accord's modules compiled to bytecode first.

    Installed, accord runs from bytecode (pip compiles it; an editable install writes it on the first run).
    A shell with ``PYTHONDONTWRITEBYTECODE`` set would have every run compile accord again (~0.1 s, as
    much as a run with one file changed spends on its rules), so the processes keep their bytecode under
    ``bench/out/pycache`` instead, outside the checkout."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BENCH / "out" / "pycache")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "schema", "validator"], cwd=REPO, env=env, check=True)
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode


_PARSE_ONLY = """
import sys, yaml_rs
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml_rs.loads(path.read_bytes().decode("utf-8"), parse_datetime=False)
"""

_PARSE_VALIDATE = """
import gc, os, sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def work(paths):
    import yaml_rs
    from pydantic import ValidationError
    from schema.records import RECORD_MODELS
    gc.disable()
    validate = {kind: model.__pydantic_validator__.validate_python for kind, model in RECORD_MODELS.items()}
    for path in paths:
        for item in yaml_rs.loads(Path(path).read_bytes().decode("utf-8"), parse_datetime=False):
            try:
                validate[item["kind"]](item)
            except ValidationError:
                pass

if __name__ == "__main__":
    files = sorted(map(str, Path(sys.argv[1]).rglob("*.yaml")))
    cores = min(4, len(os.sched_getaffinity(0)))  # as accord's default_jobs
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(work, [files[start::cores] for start in range(cores)]))
"""

_STAGES = """
import gc, json, sys
from pathlib import Path
from validator.run import check, discover
from validator.workers import default_jobs
root = Path(sys.argv[1])
result = check(discover([root], root, (".yaml",)), jobs=default_jobs())  # as `accord check` runs by default
gc.freeze()
print(json.dumps({"timings": result.timings, "rules": result.rule_timings,
                  "findings": len(result.findings), "records": result.records}))
"""


def _peer() -> Path | None:
    """check-jsonschema in its own virtual environment under bench/out (made on first use)."""
    venv = BENCH / "out" / "peers"
    exe = venv / "bin" / "check-jsonschema"
    if not exe.exists():
        print("  installing check-jsonschema from PyPI into bench/out/peers ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        done = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "check-jsonschema"])
        if done.returncode != 0 or not exe.exists():
            print("  (check-jsonschema could not be installed; skipped)")
            return None
    return exe


def _median(runs: list[tuple[float, float, int]]) -> tuple[float, float, float, float]:
    walls = [r[0] for r in runs]
    return statistics.median(walls), min(walls), max(walls), max(r[1] for r in runs)


def run(size: int, repeat: int, invalid_every: int, keep: Path | None, peers: bool, incremental: bool = True) -> None:
    base = keep or Path(tempfile.mkdtemp(prefix="accord-bench-"))
    corpus = base / f"corpus-{size}{'-invalid' if invalid_every else ''}"
    if corpus.exists():
        shutil.rmtree(corpus)
    total = generate(size, corpus, invalid_every)
    files = sorted(corpus.rglob("*.yaml"))
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    print(f"\n{size:,} events ({total:,} records), {len(files):,} files, {megabytes:.1f} MB; "
          f"median of {repeat}" + (f"; a bad date in every {invalid_every}th event" if invalid_every else ""))

    accord = [str(Path(sys.executable).with_name("accord")), "check", str(corpus), "--no-progress",
              "--format", "concise"]
    parse = [sys.executable, "-c", _PARSE_ONLY, str(corpus)]
    script = base / "parse_validate.py"  # a file: its worker processes import the function by module
    script.write_text(_PARSE_VALIDATE, encoding="utf-8")
    floors = {"accord, per-file only": [*accord, "--no-cache", "--select", "FILE"],
              "yaml-rs + Pydantic only": [sys.executable, str(script), str(corpus)]}
    cache = base / "cache"
    env = compiled()
    rows: dict[str, list[tuple[float, float, int]]] = {"accord check": [], "parse only (yaml-rs)": [],
                                                       **{name: [] for name in floors}}
    if incremental:
        rows["accord, 1 file changed"] = []
    events = sorted((corpus / "events").glob("events-*.yaml"))
    one_file = events[len(events) // 2]
    for number in range(repeat):  # alternating, so that a busy moment of the shared machine hits both
        rows["accord check"].append(_run([*accord, "--no-cache"], REPO, env))
        rows["parse only (yaml-rs)"].append(_run(parse, REPO, env))
        for name, command in floors.items():
            rows[name].append(_run(command, REPO, env))
        if not incremental:
            continue
        if number == 0:  # fill the cache
            _run([*accord, "--cache-dir", str(cache)], REPO, env)
        text = one_file.read_text(encoding="utf-8")  # a curator's edit: one event's title, in one file
        one_file.write_text(text.replace("  title: ", f"  title: ({number}) ", 1), encoding="utf-8")
        rows["accord, 1 file changed"].append(_run([*accord, "--cache-dir", str(cache)], REPO, env))
    exe = _peer() if peers else None
    if exe is not None:
        schema = base / "schema"
        subprocess.run([str(Path(sys.executable).with_name("accord")), "schema", "--out", str(schema)],
                       check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        peer = [str(exe), "--schemafile", str(schema / "file.schema.json"), *map(str, files)]
        rows["check-jsonschema"] = [_run(peer, REPO, env) for _ in range(repeat if size < 100_000 else 1)]

    accord_median = _median(rows["accord check"])[0]
    parse_median = _median(rows["parse only (yaml-rs)"])[0]
    print(f"  {'command':24} {'median s':>9} {'min-max':>13} {'records/s':>10} {'peak MB':>8} {'exit':>4}  ratio")
    for name, runs in rows.items():
        median, low, high, peak = _median(runs)
        ratio = (f"accord = {accord_median / parse_median:.2f}x parse" if name.startswith("parse") else
                 f"{median / accord_median:.1f}x accord" if name == "check-jsonschema" else
                 f"{median / accord_median:.0%} of a full run" if name.startswith("accord,") or name in floors else "")
        print(f"  {name:24} {median:9.2f} {low:6.2f}-{high:6.2f} {total / median:10,.0f} {peak:8,.0f} "
              f"{runs[-1][2]:4}  {ratio}")

    stages = subprocess.run([sys.executable, "-c", _STAGES, str(corpus)], capture_output=True, text=True, cwd=REPO, env=env)
    if stages.returncode == 0:
        data = json.loads(stages.stdout)
        timings = data["timings"]
        print("  stages (one more run): " + "  ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items())
              + f"  ({data['findings']} findings)")
        ranked = sorted(data["rules"].items(), key=lambda item: -item[1])
        print("  rules: " + "  ".join(f"{name} {seconds:.2f}" for name, seconds in ranked if seconds >= 0.005))
    if keep is None:
        shutil.rmtree(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000], help="numbers of events (meetings, ...)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per command (median reported)")
    parser.add_argument("--invalid-every", type=int, default=0, metavar="K",
                        help="give every K-th event a bad date (0: all valid)")
    parser.add_argument("--peers", action="store_true", help="also time check-jsonschema (installed on first use)")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--no-incremental", action="store_true", help="skip the run with a warm cache")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for size in args.sizes:
        run(size, args.repeat, args.invalid_every, args.keep, args.peers, not args.no_incremental)


if __name__ == "__main__":
    main()
