"""Benchmark: `accord check` with a warm cache after one edit of each kind a curator makes, against a full run.

    python bench/bench_edits.py 100000 [--repeat 3] [--verify] [--keep DIR]

It generates the corpus of ``bench_check.py`` (100 records per file), fills a cache, then, ``--repeat``
times, alternating with a full run (``--no-cache``), makes each edit below in turn and times the next run
with the cache (so each of those runs finds one changed file, or one changed text):

* ``nothing``: no edit;
* ``title``: an event's title (the edit of ``bench_check.py``);
* ``quote``: a statement's quote (DUP001 and QUOTE002 read it: they sweep again the statement's groups);
* ``date``: a meeting's date (DUP001 reads it: it sweeps again the meeting's groups);
* ``source text``: a line added to a source's text file (QUOTE001/003 of the events citing it);
* ``a person's role``: the start of a person's role (the records naming the person, some 70 statements);
* ``alias``: an alias given to a state (what the tables hold: the records whose checks look up a key the
  tables now answer otherwise, here none: no title, place or proposal's title holds "Land");
* ``an organization's alias``: an alias given to the organization of every person's role (each title given
  a person reads the portfolio words of its names: "Foreign Ministry" adds none);
* ``an organization's state``: what that organization belongs to (each title given a person with a role
  there reads it: every statement of the benchmark is checked again);
* ``new file``: a file of one new meeting;
* ``deleted file``: that file deleted again.

It prints, for each, the median wall and CPU seconds (user and system time of the process) and their
share of a full run's. With ``--verify``, each run with the cache is followed by a full run whose output
must be the same.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from bench_check import compiled, generate  # noqa: E402 - the corpus and processes of the other benchmark

Edit = Callable[[Path, int], None]


def _replace(path: Path, pattern: str, make: Callable[[re.Match[str]], str]) -> None:
    """Rewrite the first match of ``pattern`` in a file."""
    text = path.read_text(encoding="utf-8")
    found = re.search(pattern, text, re.MULTILINE)
    assert found is not None, (path, pattern)
    path.write_text(text[:found.start()] + make(found) + text[found.end():], encoding="utf-8")


def _events(corpus: Path, number: int) -> Path:
    files = sorted((corpus / "events").glob("events-*.yaml"))
    return files[len(files) * number // 10]


def _title(corpus: Path, n: int) -> None:
    _replace(_events(corpus, 5), r"^  title: ", lambda m: f"  title: ({n}) ")


def _quote(corpus: Path, n: int) -> None:
    _replace(_events(corpus, 6), r"^  quote: ", lambda m: f"  quote: word{n} ")


def _date(corpus: Path, n: int) -> None:
    _replace(_events(corpus, 7), r"^  date: '(\d{4})-(\d\d)-(\d\d)'",
             lambda m: f"  date: '{m[1]}-{m[2]}-{int(m[3]) % 27 + 1:02d}'")


def _source_text(corpus: Path, n: int) -> None:
    text = sorted((corpus / "sources" / "text").glob("*.txt"))[n]
    text.write_text(text.read_text(encoding="utf-8") + f"\nAn added line {n}.\n", encoding="utf-8")


def _role(corpus: Path, n: int) -> None:
    _replace(corpus / "actors" / "persons.yaml", r"^    start: '2004-03-\d\d'", lambda m: f"    start: '2004-03-{10 + n:02d}'")


def _alias(corpus: Path, n: int) -> None:
    _replace(corpus / "actors" / "actors.yaml", r"^  name: State 5\n(  aliases: \[Land \d+\]\n)?",
             lambda m: f"  name: State 5\n  aliases: [Land {n}]\n")


def _organization_alias(corpus: Path, n: int) -> None:
    """The organization of every person's role named otherwise too: each title reads its names' words."""
    _replace(corpus / "actors" / "actors.yaml", r"^  name: Ministry of Foreign Affairs\n(  aliases: \[Foreign Ministry \d+\]\n)?",
             lambda m: f"  name: Ministry of Foreign Affairs\n  aliases: [Foreign Ministry {n}]\n")


def _organization_state(corpus: Path, n: int) -> None:
    """What the organization of every person's role belongs to: read up the chain from each titled person."""
    _replace(corpus / "actors" / "actors.yaml", r"^  name: Ministry of Foreign Affairs\n((?:  aliases: .*\n)?)  state: actor-\d+\n",
             lambda m: f"  name: Ministry of Foreign Affairs\n{m[1]}  state: actor-{n % 2:04d}\n")


def _new_file(corpus: Path, n: int) -> None:
    (corpus / "events" / f"new-{n}.yaml").write_text(
        f"- kind: meeting\n  id: mtg-new-{n}\n  title: a new meeting\n  meeting_type: talks\n"
        f"  participants: [actor-0100, actor-0200]\n  date: '2019-0{n % 9 + 1}-11'\n  status: held\n"
        "  reports:\n  - source: src-00001\n    status: held\n",
        encoding="utf-8")


def _deleted_file(corpus: Path, n: int) -> None:
    (corpus / "events" / f"new-{n}.yaml").unlink()


EDITS: dict[str, Edit | None] = {"nothing": None, "title": _title, "quote": _quote, "date": _date,
                                 "source text": _source_text, "a person's role": _role, "alias": _alias,
                                 "an organization's alias": _organization_alias,
                                 "an organization's state": _organization_state,
                                 "new file": _new_file,
                                 "deleted file": _deleted_file}


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (user and system) of one process, and what it printed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read()  # type: ignore[union-attr]
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", nargs="?", type=int, default=100_000, help="number of events (meetings, ...)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of edits (medians reported)")
    parser.add_argument("--verify", action="store_true", help="compare each cached run's output with a full run's")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="accord-edits-"))
    corpus, cache = base / f"corpus-{args.size}", base / "cache-edits"
    for folder in (corpus, cache):
        if folder.exists():
            shutil.rmtree(folder)
    total = generate(args.size, corpus, 0)
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.size:,} events ({total:,} records)")
    accord = [str(Path(sys.executable).with_name("accord")), "check", str(corpus), "--no-progress", "--format", "concise"]
    warm = [*accord, "--cache-dir", str(cache)]
    env = compiled()
    _run(warm, env)  # fills the cache; the files were just written, so it trusts none of their status
    time.sleep(2.1)
    _run(warm, env)  # now it does
    rows: dict[str, list[tuple[float, float]]] = {"full run (--no-cache)": [], **{name: [] for name in EDITS}}
    for n in range(args.repeat):
        wall, cpu, _ = _run([*accord, "--no-cache"], env)
        rows["full run (--no-cache)"].append((wall, cpu))
        for name, edit in EDITS.items():
            if edit is not None:
                edit(corpus, n)
            time.sleep(2.1)  # a file changed within two seconds of a run is hashed again by the next: not that
            wall, cpu, out = _run(warm, env)
            rows[name].append((wall, cpu))
            if args.verify and out != _run([*accord, "--no-cache"], env)[2]:
                sys.exit(f"after the edit {name!r} ({n}), the run with the cache reported otherwise than a full run")
    full_wall, full_cpu = (statistics.median(r[i] for r in rows["full run (--no-cache)"]) for i in (0, 1))
    print(f"  {'edit':24} {'wall s':>7} {'CPU s':>7} {'wall %':>7} {'CPU %':>7}")
    for name, runs in rows.items():
        wall, cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
        print(f"  {name:24} {wall:7.2f} {cpu:7.2f} {wall / full_wall:7.1%} {cpu / full_cpu:7.1%}")
    if args.keep is None:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
