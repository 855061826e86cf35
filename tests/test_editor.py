"""Editors: `accord init-editor` and `accord schema --out`, and what the real yaml-language-server makes of
them (VS Code's YAML support), spoken to over LSP on stdio, with a planted error in a corpus file."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import node_tools
from lsp import LanguageServer
from schema.export import CATALOG_SCHEMA, KIND_FOLDERS, catalog
from schema.records import RECORD_MODELS

STATE = "kind: state\nid: russia\nname: Russia\n"
# Line 6 holds the planted error: a status that is not one of the four.
MEETING = """\
kind: meeting
id: geneva-talks
title: Russia-US talks
meeting_type: talks
date: '2022-01-10'
status: hled
reports:
  - source: tass
"""
PLANTED_LINE = 6


@pytest.fixture
def curated(project: Path) -> Path:
    (project / "corpus" / "meetings").mkdir()
    (project / "corpus" / "states").mkdir()
    (project / "corpus" / "mixed").mkdir()
    (project / "corpus" / "meetings" / "geneva-talks.yaml").write_text(MEETING, encoding="utf-8")
    (project / "corpus" / "states" / "russia.yaml").write_text(STATE, encoding="utf-8")
    (project / "corpus" / "mixed" / "both.yaml").write_text(
        "- kind: state\n  id: usa\n  name: USA\n- kind: person\n  id: p\n  name: P\n", encoding="utf-8")
    return project


# --- init-editor --------------------------------------------------------------------------------------

def test_init_editor_maps_each_folder_to_the_schema_of_its_kind(curated, accord):
    result = accord("init-editor")
    assert result.code == 0, result.err
    settings = json.loads((curated / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        ".accord/schemas/file.schema.json": ["corpus/mixed/*.yaml", "corpus/mixed/*.yml"],
        ".accord/schemas/meeting.schema.json": ["corpus/meetings/*.yaml", "corpus/meetings/*.yml"],
        ".accord/schemas/state.schema.json": ["corpus/states/*.yaml", "corpus/states/*.yml"],
    }
    written = sorted(path.name for path in (curated / ".accord" / "schemas").iterdir())
    assert written == sorted([f"{kind}.schema.json" for kind in RECORD_MODELS]
                             + ["record.schema.json", "file.schema.json", "catalog.json"])


def test_init_editor_keeps_every_other_setting_and_replaces_only_its_own_entries(curated, accord):
    settings_file = curated / ".vscode" / "settings.json"
    settings_file.parent.mkdir()
    settings_file.write_text(json.dumps({
        "editor.tabSize": 4, "files.exclude": {"**/.git": True},
        "yaml.schemas": {"https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml",
                         ".accord/schemas/person.schema.json": ["corpus/old/*.yaml"]},
    }), encoding="utf-8")
    assert accord("init-editor").code == 0
    settings = json.loads(settings_file.read_text(encoding="utf-8"))
    assert settings["editor.tabSize"] == 4 and settings["files.exclude"] == {"**/.git": True}
    schemas = settings["yaml.schemas"]
    assert schemas["https://json.schemastore.org/github-workflow.json"] == ".github/workflows/*.yml"
    assert ".accord/schemas/person.schema.json" not in schemas  # a folder that no longer exists
    assert schemas[".accord/schemas/meeting.schema.json"] == ["corpus/meetings/*.yaml", "corpus/meetings/*.yml"]
    assert accord("init-editor").code == 0  # running it again changes nothing
    assert json.loads(settings_file.read_text(encoding="utf-8")) == settings


@pytest.mark.parametrize(("text", "where"), [
    ('{\n  // my settings\n  "editor.tabSize": 4\n}\n', ":2:3: not valid JSON"),
    ('{"editor.tabSize": 4,}', ":1:22: not valid JSON"),
    ("[1, 2]", ": holds a JSON list"),
    ('{"yaml.schemas": ["x"]}', ": `yaml.schemas` is not an object"),
])
def test_init_editor_refuses_to_overwrite_settings_it_cannot_read(curated, accord, text, where):
    settings_file = curated / ".vscode" / "settings.json"
    settings_file.parent.mkdir()
    settings_file.write_text(text, encoding="utf-8")
    result = accord("init-editor")
    assert result.code == 2
    assert result.err.startswith(f"accord: error: {settings_file}{where}"), result.err
    assert "Traceback" not in result.err
    assert settings_file.read_text(encoding="utf-8") == text


def test_modelines_name_each_files_schema_and_accord_still_reads_the_files(curated, accord):
    assert accord("init-editor", "--modelines").code == 0
    meeting = (curated / "corpus" / "meetings" / "geneva-talks.yaml").read_text(encoding="utf-8")
    assert meeting == "# yaml-language-server: $schema=../../.accord/schemas/meeting.schema.json\n" + MEETING
    mixed = (curated / "corpus" / "mixed" / "both.yaml").read_text(encoding="utf-8")
    assert mixed.startswith("# yaml-language-server: $schema=../../.accord/schemas/file.schema.json\n")
    assert accord("init-editor", "--modelines", "--schema-dir", "schemas").code == 0  # replaced, not stacked
    meeting = (curated / "corpus" / "meetings" / "geneva-talks.yaml").read_text(encoding="utf-8")
    assert meeting == "# yaml-language-server: $schema=../../schemas/meeting.schema.json\n" + MEETING
    result = accord("check", "--format", "concise")
    # The one finding is the planted one, one line lower for the modeline.
    assert [line.split(" ")[:2] for line in result.finding_lines()] == [
        [f"corpus/meetings/geneva-talks.yaml:{PLANTED_LINE + 1}:9:", "SCH004"]]


# --- the catalog --------------------------------------------------------------------------------------

def test_the_catalog_is_in_schemastore_format_with_one_entry_per_kind(accord, tmp_path):
    assert accord("schema", "--out", tmp_path / "out", "--base-url", "https://example.org/accord").code == 0
    written = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    assert written == catalog("https://example.org/accord/")
    assert written["$schema"] == CATALOG_SCHEMA and written["version"] == 1
    for entry in written["schemas"]:
        assert set(entry) <= {"name", "description", "fileMatch", "url"} and entry["name"] and entry["description"]
        assert entry["url"].startswith("https://example.org/accord/")
        assert (tmp_path / "out" / entry["url"].rsplit("/", 1)[1]).is_file()
    matched = {entry["url"].rsplit("/", 1)[1]: entry["fileMatch"] for entry in written["schemas"] if "fileMatch" in entry}
    assert matched == {f"{kind}.schema.json": [f"{folder}/*.yaml", f"{folder}/*.yml"]
                       for kind, folder in KIND_FOLDERS.items()}


# --- the real yaml-language-server ---------------------------------------------------------------------

@pytest.fixture
def language_server(curated: Path) -> Iterator[Any]:
    """Start yaml-language-server on the project; yield a function that opens a file and returns the
    diagnostics the server publishes for it."""
    server_js = node_tools.package("yaml-language-server") / "bin" / "yaml-language-server"
    command = [node_tools.node(), str(server_js), "--stdio"]
    servers: list[LanguageServer] = []

    def diagnose(path: Path, yaml_settings: dict[str, Any]) -> list[dict[str, Any]]:
        settings = {"yaml": {"validate": True, "schemaStore": {"enable": False}, **yaml_settings}}
        server = LanguageServer(command, curated, settings)
        servers.append(server)
        root = curated.as_uri()
        server.request("initialize", {"processId": None, "rootUri": root,
                                      "workspaceFolders": [{"uri": root, "name": "curated"}],
                                      "capabilities": {"textDocument": {"publishDiagnostics": {}}}})
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": settings})
        uri = path.as_uri()
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
        published = server.wait_for_notification(
            "textDocument/publishDiagnostics", lambda params: params["uri"] == uri and params["diagnostics"])
        return published["diagnostics"]

    yield diagnose
    for server in servers:
        server.close()


def _assert_the_planted_error(diagnostics: list[dict[str, Any]], line: int) -> None:
    assert len(diagnostics) == 1, diagnostics
    found = diagnostics[0]
    assert found["range"]["start"]["line"] + 1 == line, found  # LSP counts lines from 0
    assert found["range"]["start"]["character"] == len("status: "), found
    assert '"held"' in found["message"] and found["severity"] == 1, found


def _accord_line(accord: Any) -> int:
    (finding,) = accord("check", "--format", "concise").finding_lines()
    assert " SCH004 `status`" in finding
    return int(finding.split(":")[1])


def test_the_language_server_reports_the_planted_error_where_accord_does_via_settings(curated, accord,
                                                                                      language_server):
    assert accord("init-editor").code == 0
    settings = json.loads((curated / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    diagnostics = language_server(curated / "corpus" / "meetings" / "geneva-talks.yaml",
                                  {"schemas": settings["yaml.schemas"]})
    _assert_the_planted_error(diagnostics, PLANTED_LINE)
    assert _accord_line(accord) == PLANTED_LINE


def test_the_language_server_follows_the_modeline(curated, accord, language_server):
    assert accord("init-editor", "--modelines").code == 0
    diagnostics = language_server(curated / "corpus" / "meetings" / "geneva-talks.yaml", {})
    _assert_the_planted_error(diagnostics, PLANTED_LINE + 1)
    assert _accord_line(accord) == PLANTED_LINE + 1


def test_the_language_server_finds_the_schema_through_the_catalog(curated, accord, language_server, tmp_path):
    """The catalog published over HTTP (a server on the loopback address), as yaml.schemaStore.url."""
    published = tmp_path / "published"
    handler = functools.partial(_QuietHandler, directory=str(published))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        assert accord("schema", "--out", published, "--base-url", base).code == 0
        diagnostics = language_server(curated / "corpus" / "meetings" / "geneva-talks.yaml",
                                      {"schemaStore": {"enable": True, "url": base + "catalog.json"}})
        httpd.shutdown()
    _assert_the_planted_error(diagnostics, PLANTED_LINE)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
