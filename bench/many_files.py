"""Peak memory and time of ``accord check`` over a directory of many small files, one of them broken.

    python bench/many_files.py 5000 50000

Each size runs in a fresh process (so peak RSS belongs to that size alone): N one-record files (a state
or a person, ~120 bytes each) plus one file with a YAML syntax error and one that is not UTF-8. It prints
files per second, the peak RSS, and the RSS per file above the interpreter's own baseline: if text or
parse trees were kept per file, it would grow with the files' size instead of with their records.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(count: int, out: Path) -> None:
    for i in range(count):
        folder = out / f"d{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"p{i:06d}.yaml").write_text(
            f"kind: person\nid: person-{i:06d}\nname: Person {i}\naliases: [P. {i}]\nstate: russia\n",
            encoding="utf-8")
    (out / "russia.yaml").write_text("kind: state\nid: russia\nname: Russia\n", encoding="utf-8")
    (out / "broken.yaml").write_text("kind: state\nid: [broken\n", encoding="utf-8")
    (out / "utf16.yaml").write_bytes("kind: state\n".encode("utf-16"))


def measure(corpus: Path) -> None:
    """In a child process: check the corpus and print figures as JSON."""
    sys.path.insert(0, str(ROOT))
    from validator.run import check, discover

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = check(discover([corpus], corpus, (".yaml",)))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"files": result.files, "records": result.records, "seconds": seconds,
                      "baseline_kb": baseline, "peak_kb": peak,
                      "codes": sorted({f.code for f in result.findings})}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[5_000, 50_000])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="accord-many-") as tmp:
            corpus = Path(tmp)
            generate(size, corpus)
            run = subprocess.run([sys.executable, __file__, "--measure", str(corpus)],
                                 capture_output=True, text=True, check=True)
            figures = json.loads(run.stdout)
            grown = (figures["peak_kb"] - figures["baseline_kb"]) / 1024
            print(f"{figures['files']:>7,} files: {figures['seconds']:6.1f} s ({figures['files'] / figures['seconds']:,.0f} "
                  f"files/s); peak RSS {figures['peak_kb'] / 1024:,.0f} MB, {grown:,.0f} MB above the baseline "
                  f"({grown * 1024 / figures['files']:.1f} KB per file); findings: {', '.join(figures['codes'])}")


if __name__ == "__main__":
    main()
