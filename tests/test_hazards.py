"""Hostile and broken inputs: each gets one clear finding with its code and position, never a traceback.

The files are generated here (some are large or need the file system: links, FIFOs), one per hazard.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from validator.cli import main
from validator.guards import Limits
from validator.loader import load_bytes
from validator.records import validate_document
from validator.run import check, discover

PERSON = "kind: person\nid: p\nname: N\n"

# name -> (file bytes, [(code, line, column), ...] expected exactly, in order)
CASES: dict[str, tuple[bytes, list[tuple[str, int, int]]]] = {
    "invalid_utf8": (b"kind: person\nid: p\nname: caf\xe9\n", [("FILE002", 3, 10)]),
    "utf16_le_bom": (codecs.BOM_UTF16_LE + PERSON.encode("utf-16-le"), [("FILE002", 1, 1)]),
    "utf16_be_bom": (codecs.BOM_UTF16_BE + PERSON.encode("utf-16-be"), [("FILE002", 1, 1)]),
    "utf16_no_bom": ("kind: x\n".encode("utf-16-le"), [("FILE003", 1, 2), ("FILE003", 2, 1)]),
    "nul_byte": (b"kind: person\nid: p\x00\n", [("FILE003", 2, 6)]),
    "control_character": (b"kind: person\nid: p\nname: a\x1b[31mb\n", [("FILE003", 3, 8)]),
    "bidi_override": ("kind: person\nid: p\nname: \"a\u202eb\"\n".encode(), [("FILE003", 3, 9)]),
    "line_separator": ("kind: person\nid: p\nname: a\u2028b\n".encode(), [("FILE003", 3, 8)]),
    "nul_escape": (b'kind: person\nid: p\nname: "ab\\0c"\n', [("FILE003", 3, 10)]),
    "syntax_error": (b"kind: person\nid: p\nname: [a, b\n", [("YAML001", 4, 1)]),
    "tab_indentation": (b"kind: person\n\tid: p\n", [("YAML001", 2, 1)]),
    "billion_laughs": (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        [("YAML005", 1, 4)]),
    "self_alias": (b"&a [*a]\n", [("YAML005", 1, 1)]),
    "undefined_alias": (b"kind: person\nid: *p\n", [("YAML005", 2, 5)]),
    "deep_flow": (b"[" * 100_000 + b"]" * 100_000, [("YAML007", 1, 65)]),
    "deep_block": (b"- " * 10_000 + b"x\n", [("YAML007", 1, 129)]),
    "python_tag": (b'kind: !!python/object/apply:os.system ["echo owned"]\n', [("YAML006", 1, 7)]),
    "verbatim_tag": (b"kind: !<tag:yaml.org,2002:python/name:os.system> x\n", [("YAML006", 1, 7)]),
    "tag_directive": (b"%TAG !p! tag:yaml.org,2002:python/\n---\nkind: !p!name:os.system x\n",
                      [("YAML006", 1, 1)]),
    "unknown_tag": (b"kind: person\nid: !include other.yaml\n", [("YAML006", 2, 5)]),
    "core_tag_set": (b"kind: person\nid: p\nname: !!set {a, b}\n", [("YAML006", 3, 7)]),
    "bad_int_tag": (b"kind: person\nid: p\nname: !!int x\n", [("YAML006", 3, 7)]),
    "merge_key": (b"kind: person\nid: p\n<<: {name: X}\n", [("YAML009", 3, 1)]),
    "multiple_documents": (PERSON.encode() + b"---\n" + PERSON.encode(), [("YAML004", 4, 1)]),
    "empty_file": (b"", [("REC001", 1, 1)]),
    "only_comments": (b"# nothing here\n# really\n", [("REC001", 1, 1)]),
    "only_document_markers": (b"---\n...\n", [("REC001", 1, 1)]),
    "top_level_scalar": (b"hello\n", [("REC002", 1, 1)]),
    "missing_space_after_colon": (b"kind:person\n", [("REC002", 1, 1)]),
    "list_of_scalars": (b"- a\n", [("REC002", 1, 3)]),
    "bool_key": (PERSON.encode() + b"yes: 1\n", [("YAML010", 4, 1)]),
    "number_key": (PERSON.encode() + b"1: x\n", [("YAML010", 4, 1)]),
    "null_key": (PERSON.encode() + b"~: x\n", [("YAML010", 4, 1)]),
    "list_key": (PERSON.encode() + b"? [a, b]\n: x\n", [("YAML010", 4, 3)]),
    "duplicate_key": (b"kind: person\nid: p\nname: A\nname: B\n", [("YAML002", 4, 1)]),
    "norway_in_text": (b"kind: person\nid: p\nname: no\n", [("SCH003", 3, 7)]),
    "octal_in_text": (b"kind: person\nid: p\nname: 0777\n", [("YAML011", 3, 7)]),
    "sexagesimal_in_text": (b"kind: person\nid: p\nname: 1:30\n", [("YAML011", 3, 7)]),
    "huge_integer": (b"kind: person\nid: p\nname: " + b"9" * 5000 + b"\n", [("YAML003", 3, 7)]),
    "homoglyph_id": ("kind: person\nid: p\u0430x\nname: N\n".encode(), [("SCH004", 2, 5)]),
    "zero_width_id": ('kind: person\nid: "p\u200bx"\nname: N\n'.encode(), [("SCH004", 2, 5)]),
    "trailing_nbsp_id": ("kind: person\nid: p\u00a0\nname: N\n".encode(), [("SCH004", 2, 5)]),
    "mixed_case_id": (b"kind: person\nid: Lavrov\nname: N\n", [("SCH004", 2, 5)]),
}


def _codes(path: Path, limits: Limits = Limits()) -> list[tuple[str, int, int]]:
    result = check(discover([path], path if path.is_dir() else path.parent, (".yaml",)), limits=limits)
    return [(f.code, f.location.line, f.location.column) for f in result.findings]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hazard_gets_its_finding(tmp_path: Path, name: str) -> None:
    data, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    assert _codes(path) == expected


def test_utf8_bom_is_accepted() -> None:
    doc = load_bytes(codecs.BOM_UTF8 + PERSON.encode(), "bom.yaml")
    assert doc.findings == []
    assert doc.items == [{"kind": "person", "id": "p", "name": "N"}]
    assert validate_document(doc) and doc.findings == []


def test_crlf_line_endings_are_accepted() -> None:
    doc = load_bytes(PERSON.replace("\n", "\r\n").encode(), "crlf.yaml")
    assert doc.findings == [] and validate_document(doc)


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'kind: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    assert [code for code, *_ in _codes(path)] == ["YAML006"]
    assert not marker.exists()


def test_limits_come_from_configuration(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(PERSON + "notes: " + "x" * 200 + "\n", encoding="utf-8")
    assert _codes(path, Limits(max_file_bytes=100))[0][0] == "FILE004"
    assert _codes(path, Limits(max_scalar_chars=100)) == [("YAML008", 4, 8)]
    nested = tmp_path / "nested.yaml"
    nested.write_text("a: [[[[1]]]]\n", encoding="utf-8")
    assert _codes(nested, Limits(max_depth=3)) == [("YAML007", 1, 6)]


def test_configured_limit_is_named_in_the_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.accord]\ncorpus = \"c\"\nmax_depth = 3\n", encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "nested.yaml").write_text("a: [[[[1]]]]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--format", "concise"]) == 1
    assert "c/nested.yaml:1:6: YAML007 nesting deeper than 3 levels (limit max_depth)" in capsys.readouterr().out


def test_bad_limit_in_configuration_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.accord]\nmax_depth = 0\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "max_depth must be a positive whole number" in capsys.readouterr().err


def test_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    assert _codes(path) == [("FILE004", 1, 1)]


def test_huge_scalar_within_file_limit(tmp_path: Path) -> None:
    path = tmp_path / "scalar.yaml"
    path.write_text(PERSON + "notes: " + "x" * 2_000_000 + "\n", encoding="utf-8")
    assert _codes(path) == [("YAML008", 4, 8)]


@pytest.mark.skipif(not hasattr(os, "symlink") or not hasattr(os, "mkfifo"), reason="needs POSIX links and FIFOs")
def test_file_system_hazards(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    outside = tmp_path / "secret.yaml"
    outside.write_text(PERSON, encoding="utf-8")
    (corpus / "inside.yaml").write_text(PERSON.replace("id: p", "id: q"), encoding="utf-8")
    os.symlink(outside, corpus / "leak.yaml")
    os.symlink(corpus / "inside.yaml", corpus / "alias.yaml")  # a link inside the corpus is fine to read
    os.symlink(corpus / "nowhere.yaml", corpus / "dangling.yaml")
    os.symlink(corpus / "loop-b.yaml", corpus / "loop-a.yaml")
    os.symlink(corpus / "loop-a.yaml", corpus / "loop-b.yaml")
    os.mkfifo(corpus / "pipe.yaml")
    found = {(Path(f.location.path).name, f.code) for f in
             check(discover([corpus], corpus, (".yaml",))).findings}
    assert found == {
        ("inside.yaml", "ID001"),  # the same record read twice through the link: both places named
        ("dangling.yaml", "FILE001"),
        ("leak.yaml", "FILE005"),
        ("loop-a.yaml", "FILE001"),
        ("loop-b.yaml", "FILE001"),
        ("pipe.yaml", "FILE005"),
    }


@pytest.mark.parametrize("text", ["../../etc/passwd", "/etc/passwd", "texts/../../x.txt", "~/x.txt",
                                  "C:\\x.txt"])
def test_source_text_path_must_stay_inside(tmp_path: Path, text: str) -> None:
    path = tmp_path / "source.yaml"
    path.write_text(
        "kind: source\nid: s\ntitle: T\npublisher: p\npublished: 2022-01-10\ntimezone: Europe/Moscow\n"
        f"language: en\ntext: '{text}'\n", encoding="utf-8")
    assert _codes(path) == [("SCH004", 8, 7)]


def test_source_text_symlink_leading_outside_is_not_read(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    os.symlink("/etc/hostname", corpus / "text.txt")
    (corpus / "source.yaml").write_text(
        "kind: source\nid: s\ntitle: T\npublisher: p\npublished: 2022-01-10\ntimezone: Europe/Moscow\n"
        "language: en\ntext: text.txt\n", encoding="utf-8")
    (corpus / "publisher.yaml").write_text("kind: organization\nid: p\nname: P\n", encoding="utf-8")
    result = check(discover([corpus], corpus, (".yaml",)))
    assert [(f.code, f.location.line) for f in result.findings] == [("SRC001", 8)]
    assert "outside the corpus" in result.findings[0].message


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes(b"[" * 50_000)
    (tmp_path / "b.yaml").write_bytes(b"kind: person\nid: p\nname: no\n")
    (tmp_path / "c.yaml").write_bytes(b"\xff\xfe")
    (tmp_path / "d.yaml").write_text(PERSON.replace("id: p", "id: d"), encoding="utf-8")
    assert [c for c, *_ in _codes(tmp_path)] == ["YAML007", "SCH003", "FILE002"]


def test_check_never_writes_to_the_corpus(tmp_path: Path) -> None:
    for name, (data, _) in CASES.items():
        (tmp_path / f"{name}.yaml").write_bytes(data)

    def snapshot() -> dict[str, tuple[str, int]]:
        return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
                for p in sorted(tmp_path.iterdir())}

    before = snapshot()
    assert main(["check", "--format", "json", str(tmp_path)]) == 1
    assert snapshot() == before


def test_no_traceback_from_the_command_on_hazards(tmp_path: Path) -> None:
    for name, (data, _) in CASES.items():
        (tmp_path / f"{name}.yaml").write_bytes(data)
    run = subprocess.run([sys.executable, "-m", "validator", "check", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert f"in {len(CASES)} files" in run.stdout
