"""The ``accord`` command: ``check`` a corpus, export the JSON ``schema``.

Exit codes: 0 no errors, 1 errors found, 2 a usage problem (bad option, missing path, bad configuration).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from pathlib import Path

from validator import __version__
from validator.codes import Code
from validator.config import Config, ConfigError, load_config

if TYPE_CHECKING:
    from validator.run import Target

__all__ = ["main"]

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Validate curated YAML records of diplomatic events and export their JSON Schema.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="validate corpus files and directories",
        description="Validate YAML records: each against its schema, then the corpus as a whole. "
                    "Exit 0 when there are no errors, 1 when there are, 2 for a usage problem.")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="files or directories (default: [tool.accord] corpus in pyproject.toml, "
                            "else corpus_yaml/)")
    check.add_argument("--format", choices=("full", "concise", "json"), default="full",
                       help="full: one line per finding with a code frame (default); concise: one line per "
                            "finding; json: a JSON document")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors")
    check.add_argument("--select", type=_codes_list, metavar="CODES",
                       help="comma-separated codes or prefixes to report, e.g. DATE,REF001 (overrides [tool.accord] "
                            "select)")
    check.add_argument("--ignore", type=_codes_list, metavar="CODES",
                       help="comma-separated codes or prefixes not to report (overrides [tool.accord] ignore)")
    check.add_argument("--no-progress", action="store_true", help="never show progress on standard error")

    commands.add_parser("rules", help="list every finding code with its severity and summary",
                        description="List every finding code: the checks of each record and the corpus rules.")
    one = commands.add_parser("rule", help="show the documentation of one finding code",
                              description="Print what a finding code means, why, and a bad and a good example.")
    one.add_argument("code", metavar="CODE", help="a code that `accord rules` lists, e.g. DATE001")

    report = commands.add_parser(
        "report", help="write the chronology: an HTML report, or a static PNG/SVG timeline",
        description="Check the corpus as `accord check` does, then write what it found as a timeline: an "
                    "interactive, self-contained HTML page (--html) or a static picture (--png, --svg). "
                    "Exit 0 when written, 2 for a usage problem.")
    report.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or directories (default: [tool.accord] corpus)")
    report.add_argument("--html", type=Path, metavar="OUT.html", help="write the HTML report here")
    report.add_argument("--png", type=Path, metavar="OUT.png", help="write a static timeline as PNG")
    report.add_argument("--svg", type=Path, metavar="OUT.svg", help="write a static timeline as SVG")
    report.add_argument("--no-progress", action="store_true", help="never show progress on standard error")

    schema = commands.add_parser(
        "schema", help="export the JSON Schema of the records",
        description="Print the JSON Schema (Draft 2020-12) of any record, or write one file per kind.")
    schema.add_argument("--out", type=Path, metavar="DIR",
                        help="write one schema per record kind, plus record and file schemas, into DIR")
    return parser


def _codes_list(text: str) -> tuple[str, ...]:
    codes = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    if not codes or not all(code.isalnum() for code in codes):
        raise argparse.ArgumentTypeError(f"expected codes or prefixes such as DATE,REF001, got {text!r}")
    return codes


def _progress_printer() -> Callable[[int, int, str], None] | None:
    """On a terminal, one line on standard error that counts files, then the cross-record rules."""
    if not sys.stderr.isatty():
        return None
    last = [0.0]

    def show(done: int, total: int, what: str) -> None:
        now = time.monotonic()
        if done == total or now - last[0] > 0.2:
            last[0] = now
            line = f"checked {done:,}/{total:,} files" if what == "files" else f"rule {done}/{total}: {what}"
            if what == "records":
                filled = done * 30 // max(total, 1)
                line = f"report [{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} records"
            end = "\n" if done == total else ""
            print(f"\raccord: {line}\x1b[K", end=end, file=sys.stderr, flush=True)

    return show


def _check(args: argparse.Namespace) -> int:
    from validator.report import render_json, render_text
    from validator.run import check, discover

    try:
        config = load_config()
    except ConfigError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.select is not None:
        config = dataclasses.replace(config, select=args.select)
    if args.ignore is not None:
        config = dataclasses.replace(config, ignore=args.ignore)
    paths = args.paths or [config.corpus]
    try:
        targets = discover(paths, config.corpus, config.extensions)
    except FileNotFoundError as exc:
        hint = "" if args.paths else " (set [tool.accord] corpus in pyproject.toml or pass a path)"
        print(f"accord: error: no such file or directory: {exc}{hint}", file=sys.stderr)
        return EXIT_USAGE
    context = _corpus_context(targets, config) if args.paths else None
    total = len(context or targets)  # the context holds the targets inside the corpus
    progress = None if args.no_progress or total < 200 else _progress_printer()
    result = check(targets, progress, config.limits, config.selected, context)
    if args.format == "json":
        sys.stdout.write(render_json(result))
    else:
        sys.stdout.write(render_text(result, frames=args.format == "full"))
    return EXIT_FINDINGS if result.failed(args.strict) else EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from validator.run import check, discover

    outputs = [out for out in (args.html, args.png, args.svg) if out is not None]
    if not outputs:
        print("accord: error: say what to write: --html OUT.html, --png OUT.png or --svg OUT.svg", file=sys.stderr)
        return EXIT_USAGE
    try:
        config = load_config()
        targets = discover(args.paths or [config.corpus], config.corpus, config.extensions)
    except ConfigError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"accord: error: no such file or directory: {exc}", file=sys.stderr)
        return EXIT_USAGE
    context = _corpus_context(targets, config) if args.paths else None
    progress = None if args.no_progress else _progress_printer()
    from validator.chronology import chronology

    many_files = len(context or targets) >= 200
    result = check(targets, progress if many_files else None, config.limits, config.selected, context)
    many_records = result.index is not None and len(result.index.by_id) >= 1000
    data = chronology(result, progress if many_records else None)
    try:
        if args.html is not None:
            from validator.html_report import render_html

            args.html.write_text(render_html(data), encoding="utf-8")
        if args.png is not None or args.svg is not None:
            from validator.plot_report import plot_timeline

            for out in (args.png, args.svg):
                if out is not None:
                    plot_timeline(data, out)
    except OSError as exc:
        print(f"accord: error: cannot write the report: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_USAGE
    for out in outputs:
        print(out)
    return EXIT_OK


def _corpus_context(targets: list[Target], config: Config) -> list[Target] | None:
    """The whole configured corpus, when some given files lie inside it: references and cross-record
    rules need all of it, so checking one changed file does not report every id it names."""
    from validator.run import discover

    root = config.corpus.resolve()
    if not root.is_dir() or not any(t.root == root for t in targets):
        return None
    try:
        return discover([config.corpus], config.corpus, config.extensions)
    except FileNotFoundError:
        return None


def _all_codes() -> dict[str, Code]:
    import validator.reviews  # noqa: F401  (registers its codes)
    import validator.rules  # noqa: F401
    from validator.codes import CODES

    return dict(sorted(CODES.items()))


def _rules(args: argparse.Namespace) -> int:
    for name, entry in _all_codes().items():
        print(f"{name:8} {entry.severity:8} {entry.summary}")
    return EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    codes = _all_codes()
    entry = codes.get(args.code.upper())
    if entry is None:
        close = difflib.get_close_matches(args.code.upper(), list(codes), n=3)
        also = f"; did you mean {', '.join(close)}?" if close else "; `accord rules` lists them"
        print(f"accord: error: no finding code {args.code!r}{also}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{entry.code} ({entry.severity}): {entry.summary}\n")
    if entry.doc:
        print(entry.doc + "\n")
    print(f"Fix: {entry.hint}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from schema.export import record_schema, render, write_schemas

    if args.out is None:
        sys.stdout.write(render(record_schema()))
        return EXIT_OK
    try:
        written = write_schemas(args.out)
    except OSError as exc:
        print(f"accord: error: cannot write schemas to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "report":
            return _report(args)
        if args.command == "schema":
            return _schema(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "rule":
            return _rule(args)
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("accord: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
