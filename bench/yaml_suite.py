"""Run the official YAML test suite through ``accord check``, one case at a time, and print what each gets.

    python bench/yaml_suite.py [SUITE_DIR] [--all]

Prints, for each case the suite marks invalid (with ``--all``, every case): its id, the first finding
(code and line:col) and the time of the whole in-process check; then the slowest case and the counts of
invalid cases accepted and valid cases refused.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from validator.cli import main  # noqa: E402


def run_case(path: Path) -> tuple[int, list[dict], float]:
    out = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", "--no-progress", str(path)])
    return code, json.loads(out.getvalue())["findings"], time.perf_counter() - start


def main_script() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", nargs="?", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "yaml-test-suite")
    parser.add_argument("--all", action="store_true", help="list valid cases too")
    args = parser.parse_args()
    cases = json.loads((args.suite / "manifest.json").read_text(encoding="utf-8"))
    accepted, times = [], []
    run_case(args.suite / "cases" / cases[0]["file"])  # warm up: the first run imports the rules
    print(f"{'case':10} {'suite':7} {'exit':4} {'first finding':32} ms")
    for case in cases:
        code, findings, seconds = run_case(args.suite / "cases" / case["file"])
        times.append((seconds, case["id"]))
        errors = [f for f in findings if f["severity"] == "error"]
        if case["error"] and not any(f["code"].startswith(("FILE", "YAML", "REC")) for f in errors):
            accepted.append(case["id"])
        if case["error"] or args.all:
            first = f"{errors[0]['code']} {errors[0]['line']}:{errors[0]['column']}" if errors else "-"
            print(f"{case['id']:10} {'invalid' if case['error'] else 'valid':7} {code:<4} {first:32} "
                  f"{seconds * 1000:.1f}")
    slowest = max(times)
    print(f"\n{len(cases)} cases; median {statistics.median(t for t, _ in times) * 1000:.1f} ms; "
          f"slowest {slowest[1]} {slowest[0] * 1000:.1f} ms; invalid cases accepted: {accepted or 'none'}")


if __name__ == "__main__":
    main_script()
