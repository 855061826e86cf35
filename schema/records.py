"""The record kinds of an accord corpus, as Pydantic models.

Every record has a ``kind`` (which model it is) and an ``id`` unique across the corpus. Records refer to
each other by id. Events (meetings, proposals, statements) carry ``reports``: what each source says about
them, verbatim, so that sources can be compared. The record's own fields are the curated values; its
reports are the evidence.

The models are strict: unknown fields are errors and YAML values of the wrong type are never coerced
(``title: no`` is the boolean false, not the text "no").
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Literal, Union
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from schema.dates import FuzzyDate

__all__ = [
    "ID_PATTERN", "Id", "Ref", "Text", "TimeZone", "Record", "RECORD_MODELS",
    "Source", "Person", "Role", "Organization", "State", "Meeting", "MeetingReport",
    "Proposal", "Provision", "ProposalReport", "Statement", "StatementReport",
    "Review", "MeetingType", "MeetingStatus", "Setting", "ProposalEvent",
]

ID_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120), Field(
    description="Identifier, unique across the corpus: lower-case ASCII letters and digits in words joined "
                "by '-' or '_', e.g. 'lavrov-sergei' or 'geneva-ssd-2022-01-10'.",
    examples=["lavrov-sergei"],
)]
Ref = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120), Field(
    description="The id of another record in the corpus.", examples=["lavrov-sergei"],
)]


def _not_empty(text: str) -> str:
    """``min_length=1``, with pydantic's own error, but without reading the text as UTF-8: pydantic-core's
    length constraint does, and CPython then keeps that copy beside any non-ASCII text for good (at 1M
    records, 100 MB of the quotes of the records validated in the main process)."""
    if not text:
        raise PydanticCustomError("string_too_short", "String should have at least {min_length} character",
                                  {"min_length": 1})
    return text


Text = Annotated[str, AfterValidator(_not_empty), WithJsonSchema({"type": "string", "minLength": 1})]


def _check_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone name; write e.g. 'Europe/Moscow'") from None
    return name


TimeZone = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$"),
                     AfterValidator(_check_zone), Field(
    description="IANA time zone name of the place whose calendar the dates use, e.g. 'Europe/Moscow'.",
    examples=["Europe/Moscow", "America/New_York"],
)]


# _check_relative_path as a JSON Schema pattern: '/'-separated segments, none of them '..', no backslash,
# not starting with '/' or '~'.
_SEGMENT = r"(\.|\.\.[^/\\]+|\.[^./\\][^/\\]*|[^./\\][^/\\]*)"
_FIRST_SEGMENT = r"(\.|\.\.[^/\\]+|\.[^./\\][^/\\]*|[^~./\\][^/\\]*)"
RELATIVE_PATH_PATTERN = rf"^{_FIRST_SEGMENT}(/+{_SEGMENT})*/*$"


def _check_relative_path(path: str) -> str:
    pure = PurePosixPath(path)
    if "\\" in path or pure.is_absolute() or ".." in pure.parts or path.startswith("~"):
        raise ValueError(f"{path!r} must be a path relative to the corpus root, without '..', e.g. "
                         "'sources/text/ria-2021-12-31.txt'")
    return path


class _Record(BaseModel):
    """Fields every record kind has."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: Id
    notes: Text | None = Field(None, description="Curator's remarks; not evidence.")


class _Actor(_Record):
    name: Text = Field(description="The name most sources use, in English.")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other spellings and names the sources use (e.g. 'Sergey Lavrov', 'Russia-NATO Council').",
    )


# --- sources -----------------------------------------------------------------------------------------

class Source(_Record):
    """One article or document that reports events; the evidence every report cites."""

    kind: Literal["source"] = Field(description="Record kind.")
    title: Text = Field(description="Headline or title as published.")
    publisher: Ref = Field(description="Id of the organization that published it.")
    published: FuzzyDate = Field(description="Publication date, or date-time with UTC offset.")
    timezone: TimeZone = Field(description="IANA zone of the place whose calendar the source's dates use "
                                           "(its dateline), e.g. 'Europe/Moscow' for a Moscow dateline.")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        description="BCP 47 language tag of the text, e.g. 'en'.", examples=["en", "ru"])
    text: Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_relative_path)] = Field(
        description="Path, relative to the corpus root, of a local copy of the source's text.",
        json_schema_extra={"pattern": RELATIVE_PATH_PATTERN})
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        None, description="Where the source was published online.")
    retrieved: FuzzyDate | None = Field(None, description="When the local copy was taken.")
    dateline: Text | None = Field(None, description="Place in the dateline as printed, e.g. 'MOSCOW'.")
    reprint_of: Ref | None = Field(
        None, description="Id of the organization whose story this source reprints (e.g. a RIA Novosti story "
                          "carried by another site); a reprint is not independent confirmation.")


# --- actors ------------------------------------------------------------------------------------------

class Role(BaseModel):
    """A position a person held, and when."""

    model_config = ConfigDict(extra="forbid", strict=True)

    title: Text = Field(description="Title as the corpus names it, e.g. 'Foreign Minister'.")
    organization: Ref | None = Field(None, description="Id of the organization or state the role belongs to.")
    start: FuzzyDate | None = Field(None, description="When the person took the role (open if omitted).")
    end: FuzzyDate | None = Field(None, description="When the person left the role (still held if omitted).")


class Person(_Actor):
    """A person named by a source: an official, a spokesperson, a journalist."""

    kind: Literal["person"] = Field(description="Record kind.")
    roles: list[Role] = Field(default_factory=list, description="Positions held, with their dates.")
    state: Ref | None = Field(None, description="Id of the state the person serves or belongs to.")


class Organization(_Actor):
    """A ministry, alliance, council, agency, news outlet or other organization."""

    kind: Literal["organization"] = Field(description="Record kind.")
    part_of: Ref | None = Field(None, description="Id of the organization or state it belongs to.")
    state: Ref | None = Field(None, description="Id of the state it is based in or belongs to.")


class State(_Actor):
    """A sovereign state, as a party to talks or proposals."""

    kind: Literal["state"] = Field(description="Record kind.")
    iso_code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="ISO 3166-1 alpha-2 code, e.g. 'RU'.")


# --- events ------------------------------------------------------------------------------------------

MeetingType = Literal["talks", "consultations", "council_meeting", "phone_call", "press_conference",
                      "briefing", "interview", "summit", "other"]
"""What kind of encounter a meeting is."""

MeetingStatus = Literal["scheduled", "held", "postponed", "cancelled"]
"""Whether a meeting took place."""

Setting = Literal["interview", "press_conference", "phone_call", "briefing", "meeting", "speech",
                  "written_statement", "other"]
"""Where or how a statement was made."""

ProposalEvent = Literal["submitted", "published"]
"""Which of a proposal's dates a report gives."""


class _Report(BaseModel):
    """What one source says about a record."""

    model_config = ConfigDict(extra="forbid", strict=True)

    source: Ref = Field(description="Id of the source that says it.")
    date: FuzzyDate | None = Field(None, description="The date the source gives, as the curator reads it.")
    date_text: Text | None = Field(
        None, description="The date expression exactly as the source writes it, e.g. 'on Monday', "
                          "'mid-December', 'January 9-10'.")
    timezone: TimeZone | None = Field(
        None, description="IANA zone whose calendar `date` is counted in, when not the source's own (e.g. a "
                          "Brussels-datelined story that gives a Moscow-time date).")
    quote: Text | None = Field(None, description="The passage of the source that supports this report, verbatim.")
    note: Text | None = Field(None, description="Curator's remark on how this report was read.")
    counts: dict[Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=120)], Text] = Field(
        default_factory=dict, description="The numbers the source gives, by what is counted, exactly as it writes "
                                          "them, e.g. {troops: 'about 100,000', delegation-members: 'a dozen'}; "
                                          "compared with the other reports' as the range each allows.",
        json_schema_extra={"additionalProperties": False,  # pydantic writes the key pattern as patternProperties
                           "propertyNames": {"pattern": ID_PATTERN, "maxLength": 120}})


class MeetingReport(_Report):
    """What one source says about a meeting."""

    status: MeetingStatus | None = Field(None, description="Whether the source presents it as scheduled, held...")
    location: Text | None = Field(None, description="The place the source gives.")
    participants: list[Ref] = Field(default_factory=list, description="Ids of the participants the source names.")
    duration_minutes: Annotated[int, Field(gt=0)] | None = Field(
        None, description="Length in minutes, where the source gives one (e.g. a '50-minute' call).")
    duration_text: Text | None = Field(
        None, description="The length exactly as the source writes it, e.g. '62 minutes', 'about an hour', "
                          "'more than two hours'; compared as the range of minutes it allows.")
    participant_titles: dict[Ref, Text] = Field(
        default_factory=dict, description="The titles the source gives the participants it names, by person id, "
                                          "e.g. {lavrov-sergei: 'Foreign Minister'}; each must be a role the "
                                          "person held on the meeting's date.",
        json_schema_extra={"additionalProperties": False,  # pydantic writes the key pattern as patternProperties
                           "propertyNames": {"pattern": ID_PATTERN, "maxLength": 120}})


class Meeting(_Record):
    """Talks, a council session, a phone call, a press conference or a briefing."""

    kind: Literal["meeting"] = Field(description="Record kind.")
    title: Text = Field(description="Short descriptive title.")
    meeting_type: MeetingType = Field(description="What kind of encounter it is.")
    participants: list[Ref] = Field(default_factory=list, description="Ids of the actors taking part.")
    location: Text | None = Field(None, description="City or venue, e.g. 'Geneva'.")
    date: FuzzyDate = Field(description="When it took or takes place (the curated value).")
    timezone: TimeZone | None = Field(None, description="IANA zone of the place, for reading `date` as days there.")
    status: MeetingStatus = Field(description="Whether it was held, is scheduled, postponed or cancelled.")
    duration_minutes: Annotated[int, Field(gt=0)] | None = Field(None, description="Length in minutes.")
    about: list[Ref] = Field(default_factory=list, description="Ids of the proposals or records it deals with.")
    part_of: Ref | None = Field(None, description="Id of a larger meeting or series this is part of.")
    responds_to: list[Ref] = Field(
        default_factory=list, description="Ids of the records this meeting reacts to (e.g. talks on a proposal "
                                          "handed over earlier); none of them may be later than it.")
    reports: list[MeetingReport] = Field(min_length=1, description="What each source says about it.")


class Provision(BaseModel):
    """One clause of a proposal."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: Id
    summary: Text = Field(description="What the provision asks, in the curator's words.")
    quote: Text | None = Field(None, description="The provision's wording where a source quotes it, verbatim.")
    article: Text | None = Field(None, description="Article or clause number in the draft, where known.")


class ProposalReport(_Report):
    """What one source says about a proposal."""

    model_config = ConfigDict(json_schema_extra={  # _date_needs_event, for the JSON Schema
        "if": {"required": ["date"], "properties": {"date": {"not": {"type": "null"}}}},
        "then": {"required": ["event"], "properties": {"event": {"not": {"type": "null"}}}},
    })
    event: ProposalEvent | None = Field(
        None, description="Which of the proposal's dates `date` gives: 'submitted' or 'published'.")
    provisions: list[Ref] = Field(default_factory=list, description="Ids of the provisions the source describes.")

    @model_validator(mode="after")
    def _date_needs_event(self) -> ProposalReport:
        if self.date is not None and self.event is None:
            raise ValueError("a proposal report with a `date` must say which date it is: "
                             "add `event: submitted` or `event: published`")
        return self


class Proposal(_Record):
    """A draft agreement or other formal proposal put to another party."""

    kind: Literal["proposal"] = Field(description="Record kind.")
    title: Text = Field(description="Title of the document.")
    proposer: Ref = Field(description="Id of the actor that proposes it.")
    addressees: list[Ref] = Field(min_length=1, description="Ids of the actors it is addressed to.")
    submitted: FuzzyDate | None = Field(None, description="When it was handed over.")
    submitted_to: Ref | None = Field(None, description="Id of the person it was handed to.")
    published: FuzzyDate | None = Field(None, description="When it was made public.")
    timezone: TimeZone | None = Field(None, description="IANA zone in which `submitted` and `published` are days.")
    provisions: list[Provision] = Field(default_factory=list, description="Its clauses, as the sources give them.")
    reports: list[ProposalReport] = Field(min_length=1, description="What each source says about it.")


class StatementReport(_Report):
    """What one source says about a statement."""

    setting: Setting | None = Field(None, description="The setting the source gives.")
    speaker_title: Text | None = Field(
        None, description="The title the source gives the speaker, e.g. 'Russian Foreign Minister'.")


class Statement(_Record):
    """Something an official said: an interview answer, a press-conference remark, a briefing."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [  # _quote_or_summary, for the JSON Schema
        {"required": ["quote"], "properties": {"quote": {"type": "string"}}},
        {"required": ["summary"], "properties": {"summary": {"type": "string"}}},
    ]})
    kind: Literal["statement"] = Field(description="Record kind.")
    speaker: Ref = Field(description="Id of the person who said it.")
    date: FuzzyDate = Field(description="When it was said (the curated value).")
    timezone: TimeZone | None = Field(None, description="IANA zone in which `date` is a day.")
    setting: Setting = Field(description="Where or how it was said.")
    meeting: Ref | None = Field(None, description="Id of the meeting (press conference, call...) it belongs to.")
    audience: list[Ref] = Field(default_factory=list,
                                description="Ids of who it was said to: the interviewing outlet, the press.")
    about: list[Ref] = Field(default_factory=list, description="Ids of the records it is about.")
    responds_to: list[Ref] = Field(
        default_factory=list, description="Ids of the records this statement reacts to (a response to a proposal, "
                                          "a comment on a meeting that took place); none may be later than it.")
    previews: list[Ref] = Field(
        default_factory=list, description="Ids of the events this statement looks ahead to (talks to come, a draft "
                                          "still to be handed over); none may be over when it was said.")
    quote: Text | None = Field(None, description="The words as the source prints them, verbatim.")
    summary: Text | None = Field(None, description="What was said, in the curator's words, where not quoted.")
    reports: list[StatementReport] = Field(min_length=1, description="What each source says about it.")

    @model_validator(mode="after")
    def _quote_or_summary(self) -> Statement:
        if self.quote is None and self.summary is None:
            raise ValueError("a statement needs a `quote` (verbatim), a `summary`, or both")
        return self


class Review(_Record):
    """A curator's acceptance of a finding: the disagreement is real and kept, and has been looked at.

    A reviewed finding is still shown, marked acknowledged, and does not fail the run; a review that no
    longer matches any finding is reported as stale.
    """

    kind: Literal["review"] = Field(description="Record kind.")
    rule: Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]{3}$")] = Field(
        description="Code of the rule whose finding is accepted, e.g. 'DATE002'.", examples=["DATE002"])
    records: list[Ref] = Field(min_length=1, description="Ids of the records the finding concerns (all of them).")
    reason: Text = Field(description="Why the finding is accepted rather than fixed.")
    reviewed_by: Text = Field(description="Who reviewed it (a name or a person id).")
    reviewed: FuzzyDate = Field(description="When it was reviewed.")


RECORD_MODELS: dict[str, type[_Record]] = {
    model.model_fields["kind"].annotation.__args__[0]: model  # type: ignore[union-attr]
    for model in (Source, Person, Organization, State, Meeting, Proposal, Statement, Review)
}

Record = Annotated[Union[Source, Person, Organization, State, Meeting, Proposal, Statement, Review],
                   Field(discriminator="kind")]
