"""The ``accord`` command: ``check`` a corpus, export the JSON ``schema``.

Exit codes: 0 no errors, 1 errors found, 2 a usage problem (bad option, missing path, bad configuration).
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING
from pathlib import Path

from validator import __version__
from validator.codes import Code
from validator.config import Config, ConfigError, load_config
from validator.report import FORMATS

if TYPE_CHECKING:
    from validator.cache import FileCache
    from validator.findings import Finding
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
    check.add_argument("--format", choices=FORMATS, default="full",
                       help="full: one line per finding with a code frame (default); concise: one line per "
                            "finding; json: a JSON document (schema: validator/output.schema.json); sarif: SARIF "
                            "2.1.0 for code scanning; github: GitHub Actions annotations; junit: JUnit XML")
    check.add_argument("--output", type=Path, metavar="FILE",
                       help="write the report (in --format) to FILE; the terminal still shows the full view")
    check.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                       help="colour the text report: auto (default) on a terminal unless NO_COLOR is set")
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too, not only on errors")
    check.add_argument("--select", type=_codes_list, metavar="CODES",
                       help="comma-separated codes or prefixes to report, e.g. DATE,REF001 (overrides [tool.accord] "
                            "select)")
    check.add_argument("--ignore", type=_codes_list, metavar="CODES",
                       help="comma-separated codes or prefixes not to report (overrides [tool.accord] ignore)")
    check.add_argument("--no-progress", action="store_true", help="never show progress on standard error")
    check.add_argument("--config", type=Path, metavar="FILE",
                       help="read the configuration from FILE (accord.toml or pyproject.toml) instead of the "
                            "nearest one")
    check.add_argument("--changed", nargs="?", const="HEAD", metavar="REV",
                       help="check only the corpus files changed since git revision REV (default HEAD: what is not "
                            "committed yet; e.g. origin/main in a pull request), and the records that refer to them "
                            "or that they refer to")
    baseline = check.add_mutually_exclusive_group()
    baseline.add_argument("--baseline", type=Path, metavar="FILE",
                          help="findings listed in FILE are shown as 'baseline' and do not fail the run; entries "
                               "that match nothing any more are reported (BASE001)")
    baseline.add_argument("--write-baseline", type=Path, metavar="FILE",
                          help="write every finding not acknowledged by a review into FILE, keyed by code and "
                               "record ids, for --baseline")

    check.add_argument("--cache-dir", type=Path, metavar="DIR",
                       help="where to keep each file's results between runs, keyed by its content "
                            "(default: $XDG_CACHE_HOME/accord or ~/.cache/accord; never inside the corpus)")
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument("--jobs", type=_positive, default=None, metavar="N",
                       help="processes for reading and validating files and for the rules (default: the cores "
                            "this process may use, at most 4; the results are the same for any N; small "
                            "corpora stay in one process)")

    config = commands.add_parser(
        "config", help="print the effective configuration and where each value came from",
        description="Print the configuration a check would use, as TOML, each value commented with the file "
                    "and key it came from (or 'default').")
    config.add_argument("--config", type=Path, metavar="FILE", help="read FILE instead of the nearest configuration")

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
                        help="write one schema per record kind, plus record and file schemas and a SchemaStore "
                             "catalog of them, into DIR")
    schema.add_argument("--strict", action="store_true",
                        help="the variant for language models' structured output: every property required (null "
                             "when unknown), no additional properties, only the keywords such modes accept")
    schema.add_argument("--base-url", default=None, metavar="URL",
                        help="where DIR will be published, for the catalog's schema URLs (default: the schemas' "
                             "$id base)")

    export = commands.add_parser(
        "export", help="write the normalised corpus as JSON or JSON Lines",
        description="Write every valid record, all fields given (null when absent), each date with its UTC range "
                    "(<field>_earliest, <field>_latest: half-open, null for an open end). Exit 1 when some files "
                    "have errors (their invalid records are left out).")
    export.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or directories (default: [tool.accord] corpus)")
    export.add_argument("--format", choices=("json", "jsonl"), default="json",
                        help="json: one array (default); jsonl: one record per line")
    export.add_argument("--output", type=Path, metavar="FILE", help="write to FILE instead of standard output")

    editor = commands.add_parser(
        "init-editor", help="point the editor's YAML support at the schemas",
        description="Write the schemas into the project, map each corpus folder to the schema of its record "
                    "kind in .vscode/settings.json (yaml.schemas; other settings are kept), and with --modelines "
                    "give every corpus file a first line naming its schema, for any editor that runs "
                    "yaml-language-server.")
    editor.add_argument("--schema-dir", type=Path, default=Path(".accord/schemas"), metavar="DIR",
                        help="where to write the schemas, relative to the project (default: .accord/schemas)")
    editor.add_argument("--modelines", action="store_true",
                        help="also write a `# yaml-language-server: $schema=...` first line into each corpus file")
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


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


def _use_color(choice: str) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org), unless forced."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


class _UsageError(Exception):
    """How accord was called cannot work (a missing path, an unwritable file); exit 2."""


def _check(args: argparse.Namespace) -> int:
    from validator.baseline import BaselineError, read_baseline, write_baseline
    from validator.report import ReportOptions, render
    from validator.run import check
    from validator.workers import default_jobs

    try:
        config = load_config(file=args.config)
        if args.select is not None:
            config = config.with_option("select", args.select, "--select")
        if args.ignore is not None:
            config = config.with_option("ignore", args.ignore, "--ignore")
        targets, context = _targets(args, config)
        baseline = read_baseline(args.baseline) if args.baseline is not None else None
        total = len(context or targets)  # the context holds the targets inside the corpus
        progress = None if args.no_progress or total < 200 else _progress_printer()
        try:
            cache = _cache(args, config, targets)
        except ValueError as exc:
            raise _UsageError(str(exc)) from None
        result = check(targets, progress, config.limits, config.selected, context, jobs=args.jobs or default_jobs(),
                       cache=cache)
        gc.freeze()  # the process ends soon: no collection need scan the records again (4 s at 100k records)
        result.findings = config.adjust(result.findings)
        if args.write_baseline is not None:
            written = write_baseline(result.findings, args.write_baseline)
            print(f"accord: wrote {written} finding(s) to the baseline {args.write_baseline}", file=sys.stderr)
            baseline = read_baseline(args.write_baseline)
        if baseline is not None:
            checked = {_relative_to(t.path, baseline.file.parent) for t in targets}
            result.findings = _sorted(f for f in baseline.apply(result.findings, checked, _shown(baseline.file))
                                      if config.selected(f.code))
        options = ReportOptions(strict=args.strict, files=tuple(t.display for t in targets))
        if args.output is not None:
            try:
                args.output.write_text(render(result, args.format, options), encoding="utf-8")
            except OSError as exc:
                raise _UsageError(f"cannot write the report to {args.output}: {exc.strerror or exc}") from None
    except (ConfigError, BaselineError, _UsageError) as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    shown = "full" if args.output is not None else args.format
    sys.stdout.write(render(result, shown, dataclasses.replace(options, color=_use_color(args.color))))
    return EXIT_FINDINGS if result.failed(args.strict) else EXIT_OK


def _targets(args: argparse.Namespace, config: Config) -> tuple[list[Target], list[Target] | None]:
    """The files to check, and the whole corpus they are checked against when they are only part of it."""
    if args.changed is not None and args.paths:
        raise _UsageError("give either paths or --changed, not both")
    try:
        targets = _discover(args.paths or list(config.corpora), config)
    except FileNotFoundError as exc:
        hint = "" if args.paths else " (set [tool.accord] corpus in pyproject.toml or pass a path)"
        raise _UsageError(f"no such file or directory: {exc}{hint}") from None
    if args.changed is not None:
        from validator.changed import ChangedError

        try:
            return _changed(targets, config, args.changed), targets
        except ChangedError as exc:
            raise _UsageError(f"--changed: {exc}") from None
    return targets, _corpus_context(targets, config) if args.paths else None


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: by place, then code, then severity."""
    from validator.findings import SEVERITY_RANK

    return sorted(findings, key=lambda f: (*f.sort_key(), SEVERITY_RANK[f.severity]))


def _changed(corpus: list[Target], config: Config, rev: str) -> list[Target]:
    """The files of the corpus that ``--changed REV`` checks (see ``validator.changed``)."""
    from validator.changed import changed_scope, git_changes

    changed: set[Path] = set()
    before: dict[Path, bytes] = {}
    for folder in dict.fromkeys(c.resolve() for c in config.corpora if c.is_dir()):
        now, then = git_changes(folder, rev)
        changed |= {p for p in now if p.is_relative_to(folder)}
        before |= {p: data for p, data in then.items()
                   if p.is_relative_to(folder) and p.name.endswith(config.extensions)}
    return changed_scope(corpus, changed, before, config.limits, config.extensions)


def _shown(path: Path) -> str:
    """A path as findings show it: relative to the working directory when below it."""
    absolute = path.absolute()
    return str(absolute.relative_to(Path.cwd())) if absolute.is_relative_to(Path.cwd()) else str(absolute)


def _relative_to(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path.absolute(), folder.absolute())).as_posix()


def _discover(paths: list[Path], config: Config) -> list[Target]:
    """The files to check under ``paths``, each with the corpus folder it lies in as its root, less what
    ``include``/``exclude`` leave out. Raises ``FileNotFoundError`` for a path that does not exist."""
    from validator.run import discover

    roots = [corpus.resolve() for corpus in config.corpora]
    targets: list[Target] = []
    seen: set[Path] = set()
    for given in paths:
        resolved = given.absolute().resolve()
        inside = (c for c, r in zip(config.corpora, roots, strict=True) if resolved.is_relative_to(r))
        root = next(inside, config.corpus)
        for target in discover([given], root, config.extensions):
            if target.path not in seen and config.wants_file(target.path):
                seen.add(target.path)
                targets.append(target)
    return targets


def _cache(args: argparse.Namespace, config: Config, targets: list[Target]) -> FileCache | None:
    """The cache of per-file results, unless ``--no-cache``; a folder inside the corpus is refused."""
    if args.no_cache:
        return None
    from validator.cache import FileCache, default_cache_dir, place_of, settings_salt

    folder = (args.cache_dir or default_cache_dir()).absolute()
    roots = {*(c.resolve() for c in config.corpora), *(root.resolve() for root in {t.root for t in targets})}
    if any(folder.resolve().is_relative_to(root) for root in roots):
        if args.cache_dir is None:
            return None  # a home directory inside the corpus: no cache rather than files in the corpus
        raise ValueError(f"--cache-dir {args.cache_dir} is inside the corpus; accord writes nothing there")
    return FileCache(folder, settings_salt(config.limits), place_of(roots))


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
    result = check(targets, progress if many_files else None, config.limits, config.selected, context,
                   compact=False)  # the report shows the models' fields
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
    roots = {corpus.resolve() for corpus in config.corpora if corpus.is_dir()}
    if not any(root.resolve() in roots for root in {t.root for t in targets}):  # a few roots, many targets
        return None
    try:
        return _discover([c for c in config.corpora if c.is_dir()], config)
    except FileNotFoundError:
        return None


def _config(args: argparse.Namespace) -> int:
    try:
        config = load_config(file=args.config)
    except ConfigError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(config.describe())
    return EXIT_OK


def _all_codes() -> dict[str, Code]:
    import validator.baseline  # noqa: F401  (registers its codes)
    import validator.reviews  # noqa: F401
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
    from schema.export import SCHEMA_BASE, record_schema, render, write_schemas
    from schema.strict import records_schema, strict_schemas

    if args.out is None:
        sys.stdout.write(render(records_schema() if args.strict else record_schema()))
        return EXIT_OK
    if args.strict:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
            for name, schema in strict_schemas().items():
                (args.out / name).write_text(render(schema), encoding="utf-8")
                print(args.out / name)
        except OSError as exc:
            print(f"accord: error: cannot write schemas to {args.out}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    base_url = args.base_url or SCHEMA_BASE
    try:
        written = write_schemas(args.out, base_url if base_url.endswith("/") else base_url + "/")
    except OSError as exc:
        print(f"accord: error: cannot write schemas to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from validator.export import export_records, render

    try:
        config = load_config()
        targets = _discover(args.paths or list(config.corpora), config)
    except ConfigError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"accord: error: no such file or directory: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = export_records(targets)
    try:
        if args.output is None:
            sys.stdout.writelines(render(result.records, args.format))
        else:
            with args.output.open("w", encoding="utf-8") as out:
                out.writelines(render(result.records, args.format))
    except OSError as exc:
        print(f"accord: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if result.invalid_files:
        print(f"accord: {len(result.invalid_files)} file(s) have errors, their invalid records are not exported "
              f"(`accord check` shows them): {', '.join(result.invalid_files[:5])}", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _init_editor(args: argparse.Namespace) -> int:
    from schema.export import write_schemas
    from validator.editor import EditorError, file_kind, folder_schemas, merge_vscode_settings, modeline, schema_name
    from validator.editor import with_modeline

    try:
        config = load_config()
        targets = _discover(list(config.corpora), config)
    except ConfigError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FileNotFoundError as exc:
        print(f"accord: error: no corpus at {exc} (set [tool.accord] corpus in pyproject.toml)", file=sys.stderr)
        return EXIT_USAGE
    workspace = config.file.parent if config.file else Path.cwd()
    schema_dir = args.schema_dir if args.schema_dir.is_absolute() else workspace / args.schema_dir
    relative_dir = Path(os.path.relpath(schema_dir, workspace)).as_posix()
    settings_path = workspace / ".vscode" / "settings.json"
    try:
        existing = settings_path.read_text(encoding="utf-8") if settings_path.exists() else None
        settings = merge_vscode_settings(existing, str(settings_path), folder_schemas(targets, workspace),
                                         relative_dir, config.extensions)
        write_schemas(schema_dir)
        settings_path.parent.mkdir(exist_ok=True)
        settings_path.write_text(settings, encoding="utf-8")
        print(f"wrote the schemas into {schema_dir} and yaml.schemas into {settings_path}")
        if args.modelines:
            changed = 0
            for target in targets:
                try:
                    text = target.path.read_bytes().decode("utf-8")
                except UnicodeDecodeError:  # FILE002: `accord check` says so; nothing to annotate
                    continue
                line = modeline(target.path, schema_dir / schema_name(file_kind(target)))
                if with_modeline(text, line) != text:
                    target.path.write_bytes(with_modeline(text, line).encode("utf-8"))
                    changed += 1
            print(f"wrote the modeline into {changed} of {len(targets)} corpus files")
    except EditorError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"accord: error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
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
        if args.command == "config":
            return _config(args)
        if args.command == "export":
            return _export(args)
        if args.command == "init-editor":
            return _init_editor(args)
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
