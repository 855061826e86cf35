"""The catalogue of finding codes: each a stable code, a default severity, a summary, a fix hint and a
documentation text (with a bad and a good example) that ``accord rule CODE`` prints.

Codes never change meaning once published; new checks get new codes. Families: ``FILE`` (reading
bytes), ``YAML`` (parsing), ``REC`` (file shape), ``SCH`` (one record against its schema), then the
cross-record rules of ``validator.rules`` (``REF``, ``ID``, ``DATE``, ``TIME``, ``QUOTE``, ``ROLE``,
``DUP``, ``ATTR``, ``SRC``, ``REV``), which register themselves here.
"""

from __future__ import annotations

from dataclasses import dataclass

from validator.findings import Severity

__all__ = ["Code", "CODES", "code", "register"]


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    summary: str
    hint: str
    doc: str = ""


CODES: dict[str, Code] = {c.code: c for c in (
    Code("FILE001", "error", "file cannot be read", "check that the path exists and is a readable regular file"),
    Code("FILE002", "error", "file is not valid UTF-8 text", "save the file as UTF-8"),
    Code("FILE003", "error", "forbidden character in the file",
         "remove control, bidirectional-override and line-separator characters; save the file as UTF-8"),
    Code("FILE004", "error", "file larger than the limit",
         "split the file, or raise max_file_bytes in [tool.accord]"),
    Code("FILE005", "error", "not a regular file inside the corpus",
         "corpus files are regular files; symbolic links must stay inside the corpus"),
    Code("YAML001", "error", "YAML syntax error", "fix the YAML at the position shown"),
    Code("YAML002", "error", "duplicate mapping key",
         "YAML keeps only the last value of a repeated key; remove or rename one of them"),
    Code("YAML003", "error", "YAML value that accord cannot read", "remove the tag or write the value as plain text"),
    Code("YAML004", "error", "more than one YAML document in a file",
         "remove the '---' line, or move the second document into a file of its own"),
    Code("YAML005", "error", "anchor or alias", "write the value out in full where it is used"),
    Code("YAML006", "error", "tag or directive", "remove the tag or directive; write the value as plain text"),
    Code("YAML007", "error", "nesting too deep", "flatten the structure, or raise max_depth in [tool.accord]"),
    Code("YAML008", "error", "value longer than the limit",
         "shorten the value, or raise max_scalar_chars in [tool.accord]"),
    Code("YAML009", "error", "merge key '<<'", "write the merged fields out in the mapping"),
    Code("YAML010", "error", "mapping key that is not text",
         "put the key in quotes, or fix the indentation that made a value a key"),
    Code("YAML011", "error", "number that YAML 1.1 and YAML 1.2 read differently",
         "write the number in plain decimals, or put the value in quotes if it is text or a date",
         doc="""
YAML 1.1 (PyYAML, and most tools in the field) reads an unquoted `0777` as the octal number 511,
`1:30` as the base-60 number 90 and `1_000` as 1000; YAML 1.2 tools read `0777` as 777 and `1:30`
as text. Whatever the field, such a value means different things to different readers, so accord
reports it instead of keeping one reading silently.

Bad:

    duration_minutes: 050
    name: 1:30

Good:

    duration_minutes: 50
    name: '1:30'
"""),
    Code("REC001", "error", "file holds no record", "a file holds one record (a mapping) or a list of records"),
    Code("REC002", "error", "not a record", "a record is a mapping that starts with `kind:` and `id:`"),
    Code("SCH001", "error", "unknown field", "remove the field or fix its spelling"),
    Code("SCH002", "error", "missing required field", "add the field"),
    Code("SCH003", "error", "value of the wrong type", "write the value in the type the field expects"),
    Code("SCH004", "error", "invalid value", "use one of the values or the format the field expects"),
    Code("SCH005", "error", "invalid date",
         "write e.g. 2022-01-10, 2021-12, 2021, 2022-01-09/2022-01-10, 2021-12~ or 2021-12-30T15:35-05:00"),
    Code("SCH006", "error", "missing or unknown record kind",
         "start the record with `kind:` set to source, person, organization, state, meeting, proposal, statement "
         "or review"),
    Code("SCH007", "error", "record breaks a rule of its kind", "see the message for what the kind requires"),
    Code("ID001", "error", "duplicate id", "every record needs an id of its own across the whole corpus"),
    Code("SRC001", "error", "source text file is missing", "copy the source's text into the corpus at that path"),
)}


# The documentation of the input and schema codes (``accord rule CODE``); the rules carry their own.
_DOCS = {
    "FILE001": """
The file could not be opened or read: it vanished during the run, it is not readable by the user
running accord, or it is not a file at all.

Bad: a path given on the command line that does not exist, or a file with mode 000.

Good: a readable regular file.
""",
    "FILE002": """
accord reads UTF-8 only (a UTF-8 byte-order mark is accepted). A byte that is not UTF-8 is reported with
its offset, line and column; a UTF-16 or UTF-32 file is reported as such, because its text would
otherwise look like NUL bytes or garbage.

Bad: a file saved as Latin-1 (`Sz\\xe9ll`) or as UTF-16 by an editor on Windows.

Good: the same file saved as UTF-8.
""",
    "FILE003": """
Control characters (other than tab and line breaks), NUL bytes, Unicode line and paragraph separators,
bidirectional overrides and isolates (text that displays in another order than it is stored) and a
byte-order mark past the start of the file are refused: they hide what a record really says. The
finding names the character (e.g. U+202E RIGHT-TO-LEFT OVERRIDE) and where it is.

Bad: `title: Talks<U+202E>sklat` (displays reversed), or a NUL byte from a UTF-16 export.

Good: `title: Talks in Geneva`.
""",
    "FILE004": """
A file larger than `max_file_bytes` (default 10 MiB, set in `[tool.accord]`) is not parsed at all, so a
stray export or a dump cannot exhaust memory.

Bad: a 200 MB file of records in one YAML list.

Good: the records split into files of one record each, or the limit raised deliberately.
""",
    "FILE005": """
Everything accord reads must be a regular file inside the corpus: a symbolic link that leads outside the
corpus root, a FIFO or a device is refused without being read.

Bad: `corpus_yaml/sources/text/a.txt -> /etc/passwd`.

Good: the text copied into the corpus as a regular file.
""",
    "YAML001": """
The file is not valid YAML. The position is the parser's. Besides libyaml's own errors, accord runs a
parser that conforms to the YAML specification (it passes the official YAML test suite), so that the
inputs libyaml lets through although the specification forbids them are reported too: a `#` comment
without a space before it, a tab used as indentation, a plain value that starts with `-,`.

Bad:

    participants: [russia, united-states
    status: held

Good:

    participants: [russia, united-states]
    status: held
""",
    "YAML002": """
The same key twice in one mapping: YAML tools silently keep the last value, so one of the two is lost
without a word. accord reports the second, naming the line of the first.

Bad:

    status: held
    location: Geneva
    status: scheduled

Good: one `status`.
""",
    "YAML003": """
A value YAML can parse but accord cannot read as data: an unknown or Python-specific tag, a number too
long to convert. Nothing is ever executed or constructed from a tag.

Bad: `date: !!python/object/apply:os.system [...]`, or a 5,000-digit number.

Good: plain values: `date: 2022-01-10`.
""",
    "YAML004": """
A file holds one YAML document. A `---` line that starts a second document would make everything after
it invisible to tools that read one document.

Bad:

    kind: state
    id: russia
    ---
    kind: state
    id: united-states

Good: a list of records in one document, or one file per record.
""",
    "YAML005": """
Anchors (`&name`) and aliases (`*name`) are refused in records: they let a few hundred bytes expand to
gigabytes ("billion laughs"), and a record that repeats another's values by reference is hard to review.
The file is not built into objects at all.

Bad:

    participants: &both [russia, united-states]
    reports:
      - source: tass-2022-01-10
        participants: *both

Good: write the list out in both places.
""",
    "YAML006": """
Tags (`!!str`, `!!python/object`, `!custom`) and directives (`%YAML`, `%TAG`) are refused: records are
plain data, and a tag either changes what a value means or asks the loader to build an object.

Bad: `title: !!binary aGVsbG8=` or `%YAML 1.1` at the top of the file.

Good: `title: hello`.
""",
    "YAML007": """
Nesting deeper than `max_depth` levels (default 64, set in `[tool.accord]`) is refused before the file
is built into objects, so that `[[[[...` a hundred thousand levels deep cannot crash the parser.
Records need fewer than ten levels.

Bad: `title: [[[[[[[[...]]]]]]]]` nested 100,000 times.

Good: a flat record.
""",
    "YAML008": """
A single value longer than `max_scalar_chars` characters (default 1,000,000, set in `[tool.accord]`):
article texts belong in text files that a source's `text` names, not in a record.

Bad: a `quote:` holding a whole 2 MB article.

Good: `text: sources/text/tass-2022-01-10.txt` on the source, and the quoted passage in `quote`.
""",
    "YAML009": """
Merge keys (`<<: *defaults`) copy fields from elsewhere by alias, so a record's fields are not written
where they apply; they are also gone from YAML 1.2.

Bad:

    <<: *defaults
    id: geneva-talks-2022-01-10

Good: every field written in the record.
""",
    "YAML010": """
Mapping keys are field names, so they are text. YAML turns an unquoted `1:`, `null:`, `yes:` or a list
into another kind of key, which usually means a value was indented as a key by mistake.

Bad:

    reports:
      2022-01-10:
      yes: Geneva

Good:

    reports:
      - date: '2022-01-10'
        location: Geneva
""",
    "REC001": """
The file holds nothing: it is empty, holds only comments, or an empty list.

Bad: an empty `meetings/geneva.yaml`.

Good: a record (a mapping starting with `kind:` and `id:`), a list of records, or no file at all.
""",
    "REC002": """
A file holds one record (a mapping) or a list of records; a single text or number, or a list item that
is not a mapping, is not a record.

Bad: `- russia` as a list item.

Good:

    - kind: state
      id: russia
      name: Russia
""",
    "SCH001": """
A field the record's kind does not have: a misspelling (suggested by "did you mean") or a field of
another kind. Unknown fields are errors so that a typo never silently drops a value.

Bad: `stauts: held`.

Good: `status: held`.
""",
    "SCH002": """
A field the kind requires is missing; the finding points at the mapping that lacks it.

Bad: a meeting without `meeting_type`.

Good: `meeting_type: talks`.
""",
    "SCH003": """
A value of the wrong type. The common case is YAML's implicit typing: an unquoted `no`, `yes`, `on`,
`off` is a boolean and `null` or `~` is empty, so a text field given one of them is reported with the
hint to quote the value. Values are never coerced silently.

Bad: `title: no`, `name: null`, `participants: russia`.

Good: `title: 'no'`, `participants: [russia]`.
""",
    "SCH004": """
A value outside what the field allows: not one of its choices (with "did you mean"), not an id (ids are
lower-case ASCII letters and digits joined by `-` or `_`; odd characters are named), empty text, a
number out of range, or a text that does not match the field's pattern.

Bad: `status: helds`, `speaker: Lavrov`, `id: Geneva_Talks`.

Good: `status: held`, `speaker: lavrov-sergei`, `id: geneva-talks`.
""",
    "SCH005": """
A value accord cannot read as a date: an impossible day, an interval that ends before it starts, a
date-time without a UTC offset, or a notation outside accord's EDTF subset (`2022-01-10`, `2021-12`,
`2021`, `2022-01-09/2022-01-10`, `2021-12~`, `2021-12-17?`, `2021-12-1X`, `[2022-01-10..2022-01-14]`,
`2021-12-30T15:35-05:00`).

Bad: `date: 2022-02-30`, `date: 2022-01-10/2022-01-09`, `date: 2021-12-30T15:35`.

Good: `date: 2022-02-28`, `date: 2022-01-09/2022-01-10`, `date: 2021-12-30T15:35-05:00`.
""",
    "SCH006": """
Every record starts with `kind:`, which selects its schema: source, person, organization, state,
meeting, proposal, statement or review.

Bad: `kind: meetings`, or no `kind` at all.

Good: `kind: meeting`.
""",
    "SCH007": """
A rule of the kind that spans fields: a statement needs a `quote` or a `summary` (or both); a proposal's
report that gives a `date` must say which event (`submitted` or `published`) that date is of.

Bad: a statement with neither `quote` nor `summary`.

Good: the statement with its verbatim `quote`.
""",
    "ID001": """
Ids are unique across the whole corpus, whatever the kind: a reference must name one record. The finding
is at the second record and names the first.

Bad: `id: russia` on a state in `states/russia.yaml` and on an organization in `organizations/gov.yaml`.

Good: `id: russia` and `id: government-of-russia`.
""",
    "SRC001": """
A source's `text` is the path, relative to the corpus root, of the local copy of its text; quotes are
checked against it. The file must exist, be a regular file, and stay inside the corpus (no `../`, no
absolute path, no symbolic link leading out); nothing outside the corpus is read.

Bad: `text: ../../etc/passwd`, or a path to a file that was never copied.

Good: `text: sources/text/tass-2022-01-10-stoltenberg-conflict-prevention.txt`.
""",
}
CODES = {name: entry if entry.doc or name not in _DOCS else
         Code(entry.code, entry.severity, entry.summary, entry.hint, _DOCS[name].strip())
         for name, entry in CODES.items()}


def register(entry: Code) -> Code:
    """Add a code to the catalogue; a code registered twice is a programming error."""
    if entry.code in CODES:
        raise ValueError(f"finding code {entry.code} is registered twice")
    entry = Code(entry.code, entry.severity, entry.summary, entry.hint, entry.doc.strip())
    CODES[entry.code] = entry
    return entry


def code(name: str) -> Code:
    """The catalogue entry for a code (a KeyError here is a programming error, not bad input)."""
    return CODES[name]
