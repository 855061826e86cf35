"""Hypothesis strategies for accord records: valid records of every kind, as plain dicts ready for YAML.

Everything generated here is valid by construction (not filtered through the models), so that a
record the models reject is a finding, not a skipped example. Text values include YAML-hostile
strings (``no``, ``0777``, ``1:30``, ``2022-01-10``, leading ``*``/``&``/``!``/``#``...) that
``yaml.safe_dump`` must quote.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "FORBIDDEN", "YAML_HOSTILE", "ids", "ids_strategy", "refs", "texts", "plain_words", "timezones", "languages",
    "urls", "text_paths", "concrete_days", "calendar_texts", "day_texts", "month_texts", "year_texts",
    "datetime_texts", "side_texts", "interval_texts", "date_texts", "sources", "persons", "organizations",
    "states", "meetings", "proposals", "statements", "reviews", "roles", "meeting_reports", "proposal_reports",
    "statement_reports", "provisions", "records", "RECORD_STRATEGIES",
]

# --- identifiers and text ------------------------------------------------------------------------

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_id_word = st.text(_ID_ALPHABET, min_size=1, max_size=10)


@st.composite
def ids(draw: st.DrawFn) -> str:
    """Ids matching ``^[a-z0-9]+(?:[-_][a-z0-9]+)*$`` (at most 120 characters)."""
    words = draw(st.lists(_id_word, min_size=1, max_size=6))
    seps = draw(st.lists(st.sampled_from("-_"), min_size=len(words) - 1, max_size=len(words) - 1))
    out = words[0]
    for sep, word in zip(seps, words[1:]):
        out += sep + word
    return out


ids_strategy = st.one_of(ids(), st.just("a" * 120), st.just("0"), st.just("x-1_y"))

#: Text that YAML would read as something else unless quoted, or that needs escaping.
YAML_HOSTILE = [
    "no", "No", "NO", "yes", "Yes", "on", "off", "On", "y", "n", "Y", "true", "False", "TRUE",
    "null", "Null", "NULL", "~", "0777", "0o17", "0x1F", "0b101", "1:30", "190:20:30", "1_000", "1e3",
    "-1", "+1", "0", "3.14", ".inf", "-.Inf", ".NaN", "2022-01-10", "2021-12-30T15:35-05:00",
    "2021-12-30 15:35:00", "2021", "*alias", "&anchor", "!tag", "!!str x", "#comment", "a #b", "key: value",
    "a: b: c", "- item", "-", "[a]", "{a: b}", "|", "> folded", "'", '"', "''", "@handle", "`tick", "%YAML",
    "? key", ",", "a,b", "=", "<<", "---", "...", "--- x", " leading space", "trailing space ", "  ",
    "multi\nline", "\n", "x\n\n", "tab\there", "\t", "a\r\nb", "\r", "Лавров Сергей", "日本語", "Zürich",
    "🙂 emoji", "\u00a0nbsp", "e\u0301", "\U0010fffd", "\\back\\slash", "\\x00 not an escape",
    "percent % sign", "quote's", 'say "hi"', "ampersand & star * bang !", "مرحبا", "\u200b zero width",
]

#: Characters accord refuses anywhere in a file, raw or escaped (FILE003): C0/C1 controls but TAB, LF
#: and CR; DEL; NEL and the line/paragraph separators YAML counts as line breaks; bidirectional
#: overrides and isolates; a byte-order mark past the start; lone surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
                       "\ud800-\udfff]")

_text_chars = st.characters(codec="utf-8").filter(lambda c: not FORBIDDEN.match(c))

plain_words = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)

texts = st.one_of(
    st.sampled_from(YAML_HOSTILE),
    st.text(_text_chars, min_size=1, max_size=30),
    st.lists(plain_words, min_size=1, max_size=12).map(" ".join),  # long enough to be folded by the dumper
)

_ZONES = sorted(zoneinfo.available_timezones())
timezones = st.sampled_from(_ZONES) if _ZONES else st.sampled_from(["UTC"])

languages = st.builds(
    lambda primary, subtags: "-".join([primary, *subtags]),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=3),
    st.lists(st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=8),
             max_size=2),
)

# Non-space characters in the sense of both Python's and the Rust regex engine's ``\S``.
_url_chars = st.characters(codec="utf-8", exclude_categories=("Zs", "Zl", "Zp", "Cc", "Cs"),
                           exclude_characters="\u180e").filter(lambda c: not FORBIDDEN.match(c))
urls = st.builds(lambda scheme, rest: f"{scheme}://{rest}", st.sampled_from(["http", "https"]),
                 st.text(_url_chars, min_size=1, max_size=40))

_path_segment = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", min_size=1,
                        max_size=12).filter(lambda s: s != "..")
text_paths = st.lists(_path_segment, min_size=1, max_size=4).map("/".join)

# --- dates ---------------------------------------------------------------------------------------

concrete_days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
_realistic_days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
_days = st.one_of(_realistic_days, concrete_days)
_qualifiers = st.sampled_from(["", "", "?", "~", "%"])


def _mask(digits: str, mask: tuple[bool, ...]) -> str:
    return "".join("X" if m else c for c, m in zip(digits, mask))


@st.composite
def calendar_texts(draw: st.DrawFn, precision: str | None = None, *, x_digits: bool = True,
                   qualifiers: bool = True, day: dt.date | None = None) -> tuple[str, dt.date]:
    """A calendar value (year, month or day, maybe with X digits and a qualifier) and a real day it
    can denote (X digits are only ever put over the digits of that day, so one always exists)."""
    d = day if day is not None else draw(_days)
    prec = precision or draw(st.sampled_from(["day", "day", "month", "year"]))
    year, month, dd = f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}"
    if x_digits and draw(st.integers(0, 3)) == 0:
        year = year[:2] + _mask(year[2:], draw(st.tuples(st.booleans(), st.booleans())))
        month = _mask(month, draw(st.tuples(st.booleans(), st.booleans())))
        dd = _mask(dd, draw(st.tuples(st.booleans(), st.booleans())))
    text = year if prec == "year" else f"{year}-{month}" if prec == "month" else f"{year}-{month}-{dd}"
    if qualifiers:
        text += draw(_qualifiers)
    return text, d


def day_texts(**kw: Any) -> st.SearchStrategy[str]:
    return calendar_texts("day", **kw).map(lambda pair: pair[0])


def month_texts(**kw: Any) -> st.SearchStrategy[str]:
    return calendar_texts("month", **kw).map(lambda pair: pair[0])


def year_texts(**kw: Any) -> st.SearchStrategy[str]:
    return calendar_texts("year", **kw).map(lambda pair: pair[0])


@st.composite
def _offsets(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return "Z"
    hours = draw(st.one_of(st.integers(-12, 14), st.integers(-23, 23)))
    minutes = draw(st.sampled_from([0, 0, 0, 30, 45, 59]))
    sign = "-" if hours < 0 or (hours == 0 and draw(st.booleans())) else "+"
    return f"{sign}{abs(hours):02d}:{minutes:02d}"


@st.composite
def datetime_texts(draw: st.DrawFn, day: dt.date | None = None) -> tuple[str, dt.datetime]:
    """A date-time with a UTC offset, in any of the accepted spellings, and the instant it denotes."""
    d = day if day is not None else draw(_days)
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    time = f"{hour:02d}:{minute:02d}"
    second = micro = 0
    style = draw(st.sampled_from(["minutes", "seconds", "fraction"]))
    if style != "minutes":
        second = draw(st.integers(0, 59))
        time += f":{second:02d}"
    if style == "fraction":
        digits = draw(st.integers(1, 6))
        fraction = draw(st.integers(0, 10**digits - 1))
        time += f".{fraction:0{digits}d}"
        micro = fraction * 10 ** (6 - digits)
    offset = draw(_offsets())
    sep = draw(st.sampled_from(["T", "T", " "]))
    text = f"{d.isoformat()}{sep}{time}{offset}"
    tz = dt.timezone.utc if offset == "Z" else dt.timezone(
        (-1 if offset[0] == "-" else 1) * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
    return text, dt.datetime(d.year, d.month, d.day, hour, minute, second, micro, tzinfo=tz)


@st.composite
def side_texts(draw: st.DrawFn, datetime_days: st.SearchStrategy[dt.date] | None = None
               ) -> tuple[str, dt.date, dt.datetime | None]:
    """One non-interval value: (text, its local day, its instant if it is a date-time)."""
    if draw(st.integers(0, 4)) == 0:
        text, instant = draw(datetime_texts(draw(datetime_days) if datetime_days is not None else None))
        return text, instant.date(), instant
    text, d = draw(calendar_texts())
    return text, d, None


@st.composite
def interval_texts(draw: st.DrawFn, datetime_days: st.SearchStrategy[dt.date] | None = None) -> str:
    """``START/END`` with START not after END (by instant when both are date-times, else by local
    day), and ``..`` for at most one open end."""
    a, b = draw(side_texts(datetime_days)), draw(side_texts(datetime_days))
    if a[2] is not None and b[2] is not None:
        a, b = sorted((a, b), key=lambda side: side[2])
    else:
        a, b = sorted((a, b), key=lambda side: side[1])
    start, end = a[0], b[0]
    open_end = draw(st.sampled_from([None, None, None, "start", "end"]))
    if open_end == "start":
        start = ".."
    elif open_end == "end":
        end = ".."
    return f"{start}/{end}"


date_texts = st.one_of(
    side_texts().map(lambda side: side[0]),
    interval_texts(),
    st.sampled_from(["2022-01-10", "2021-12", "2021", "2022-01-09/2022-01-10", "2021-12~", "2021-12-17?",
                     "2021-12-1X", "2021-12-30T15:35-05:00", "../2021", "2021-12-31/..", "202X", "2021%",
                     "0001-01-01", "9999-12-31", "0001-01-01T00:00+05:00", "9999-12-31T23:59Z"]),
)

# --- records --------------------------------------------------------------------------------------

refs = ids_strategy
_ref_lists = st.lists(refs, max_size=3)
_text_lists = st.lists(texts, max_size=3)


def _record(kind: str, required: dict[str, st.SearchStrategy[Any]],
            optional: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"kind": st.just(kind), "id": ids_strategy, **required},
                                 optional={"notes": texts, **optional})


sources = _record(
    "source",
    {"title": texts, "publisher": refs, "published": date_texts, "timezone": timezones,
     "language": languages, "text": text_paths},
    {"url": urls, "retrieved": date_texts, "dateline": texts, "reprint_of": refs},
)

roles = st.fixed_dictionaries({"title": texts},
                              optional={"organization": refs, "start": date_texts, "end": date_texts})

_actor_optional = {"aliases": _text_lists}

persons = _record("person", {"name": texts},
                  {**_actor_optional, "roles": st.lists(roles, max_size=3), "state": refs})
organizations = _record("organization", {"name": texts}, {**_actor_optional, "part_of": refs, "state": refs})
states = _record("state", {"name": texts},
                 {**_actor_optional, "iso_code": st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)})

_report_optional = {"date_text": texts, "quote": texts, "note": texts,
                    "counts": st.dictionaries(ids_strategy, texts, max_size=2)}

MEETING_TYPES = ["talks", "consultations", "council_meeting", "phone_call", "press_conference", "briefing",
                 "interview", "summit", "other"]
MEETING_STATUSES = ["scheduled", "held", "postponed", "cancelled"]
SETTINGS = ["interview", "press_conference", "phone_call", "briefing", "meeting", "speech",
            "written_statement", "other"]

meeting_reports = st.fixed_dictionaries(
    {"source": refs},
    optional={**_report_optional, "date": date_texts, "status": st.sampled_from(MEETING_STATUSES),
              "location": texts, "participants": _ref_lists, "duration_minutes": st.integers(1, 10**6)},
)

meetings = _record(
    "meeting",
    {"title": texts, "meeting_type": st.sampled_from(MEETING_TYPES), "date": date_texts,
     "status": st.sampled_from(MEETING_STATUSES), "reports": st.lists(meeting_reports, min_size=1, max_size=3)},
    {"participants": _ref_lists, "location": texts, "timezone": timezones,
     "duration_minutes": st.integers(1, 10**6), "about": _ref_lists, "part_of": refs},
)

provisions = st.fixed_dictionaries({"id": ids_strategy, "summary": texts}, optional={"quote": texts, "article": texts})


@st.composite
def proposal_reports(draw: st.DrawFn) -> dict[str, Any]:
    report = draw(st.fixed_dictionaries({"source": refs},
                                        optional={**_report_optional, "provisions": _ref_lists}))
    which = draw(st.sampled_from(["none", "event", "both"]))  # a `date` needs an `event`
    if which != "none":
        report["event"] = draw(st.sampled_from(["submitted", "published"]))
    if which == "both":
        report["date"] = draw(date_texts)
    return report


proposals = _record(
    "proposal",
    {"title": texts, "proposer": refs, "addressees": st.lists(refs, min_size=1, max_size=3),
     "reports": st.lists(proposal_reports(), min_size=1, max_size=3)},
    {"submitted": date_texts, "submitted_to": refs, "published": date_texts, "timezone": timezones,
     "provisions": st.lists(provisions, max_size=3)},
)

statement_reports = st.fixed_dictionaries(
    {"source": refs},
    optional={**_report_optional, "date": date_texts, "setting": st.sampled_from(SETTINGS), "speaker_title": texts},
)


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Any]:
    record = draw(_record(
        "statement",
        {"speaker": refs, "date": date_texts, "setting": st.sampled_from(SETTINGS),
         "reports": st.lists(statement_reports, min_size=1, max_size=3)},
        {"timezone": timezones, "meeting": refs, "audience": _ref_lists, "about": _ref_lists, "previews": _ref_lists},
    ))
    which = draw(st.sampled_from(["quote", "summary", "both"]))  # a statement needs one of them
    if which in ("quote", "both"):
        record["quote"] = draw(texts)
    if which in ("summary", "both"):
        record["summary"] = draw(texts)
    return record


reviews = _record(
    "review",
    {"rule": st.builds(lambda letters, number: f"{letters}{number:03d}",
                       st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=5), st.integers(0, 999)),
     "records": st.lists(refs, min_size=1, max_size=3), "reason": texts, "reviewed_by": texts,
     "reviewed": date_texts},
    {},
)

RECORD_STRATEGIES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "source": sources,
    "person": persons,
    "organization": organizations,
    "state": states,
    "meeting": meetings,
    "proposal": proposals,
    "statement": statements(),
    "review": reviews,
}

records = st.one_of(*RECORD_STRATEGIES.values())
