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
