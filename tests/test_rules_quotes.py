"""QUOTE rules: quotes are in their sources' texts (forgiving how they were retyped); one quote, one speaker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_kit import by_code, codes, meeting, run_corpus, source, statement
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.quotes import SourceText, normalize, normalize_with_map
from validator.run import check, discover


def line_of(folder: Path, text: str, nth: int = 0, name: str = "records.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


TEXT = ("MOSCOW, December 27. Russia’s top diplomat said on Monday that talks between Russia and the\n"
        "United States will begin “immediately after the New Year holiday” – in Geneva.\n\n"
        "“We are for all this to be resolved on the basis of mutual respect, on the basis of a balance of\n"
        "interests,” Lavrov said. The parties shall refrain from deploying their armed forces.\n")
RYABKOV = {"kind": "person", "id": "ryabkov-sergei", "name": "Sergei Ryabkov"}
BALANCE = "We are for all this to be resolved on the basis of mutual respect"


def run(folder: Path, *records: dict[str, Any], texts: dict[str, str] | None = None):
    return run_corpus(folder, [RYABKOV, source("tass", published="2021-12-27"), *records],
                      texts=texts or {"tass": TEXT})


# --- QUOTE001 ----------------------------------------------------------------------------------------

def test_quote001_a_misquote_shows_the_closest_passage(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(date="2022-01-10", reports=[
        {"source": "tass", "quote": "talks between Russia and the United States will start immediately after"}]))
    [found] = by_code(result, "QUOTE001")
    assert (found.location.line, found.records) == (line_of(tmp_path, "quote: talks between"), ("geneva-talks", "tass"))
    assert found.message.startswith("this quote is not in the text of tass; closest passage (")
    assert "% similar): 'talks between Russia and the United States will begin “immediately after'" in found.message
    assert found.severity == "error"


def test_quote001_a_statements_own_quote_and_a_provisions_quote(tmp_path: Path) -> None:
    proposal = {"kind": "proposal", "id": "draft-treaty", "title": "Draft treaty", "proposer": "russia",
                "addressees": ["united-states"],
                "provisions": [{"id": "treaty-deployment", "summary": "No deployments.",
                                "quote": "The Parties shall refrain from deploying their armies"}],
                "reports": [{"source": "tass"}]}
    result = run(tmp_path, proposal, statement(date="2021-12-27", quote="We are for all of this to be resolved",
                                               reports=[{"source": "tass"}]))
    found = by_code(result, "QUOTE001")
    assert [(f.location.line, f.records) for f in found] == [
        (line_of(tmp_path, "quote: The Parties shall"), ("draft-treaty", "tass")),
        (line_of(tmp_path, "quote: We are for all of this"), ("lavrov-remark", "tass"))]
    assert found[0].message.startswith("provision 'treaty-deployment''s quote is in none of its reports' source texts "
                                       "(tass); closest passage (")
    assert "% similar): 'The parties shall refrain from deploying their armed'" in found[0].message


def test_quote001_quiet_on_retyped_quotes(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(date="2022-01-10", reports=[
        {"source": "tass", "quote": "Russia's top diplomat said on Monday"},                      # straight apostrophe
        {"source": "tass", "quote": 'will begin "immediately after the New Year holiday" - in Geneva'},  # quotes, dash
        {"source": "tass", "quote": "talks between Russia and the United States"},  # the text breaks the line
        {"source": "tass", "quote": "TALKS   BETWEEN  russia"},                                   # case and spaces
        {"source": "tass", "quote": "“We are for all this ... on the basis of a balance of interests,” Lavrov said."},
    ]), statement(date="2021-12-27", quote=BALANCE.replace("basis of", "basis\u00a0of"), reports=[{"source": "tass"}]))
    assert codes(result) == []


def test_quote001_skips_a_source_without_text(tmp_path: Path) -> None:
    run(tmp_path, meeting(date="2022-01-10", reports=[{"source": "tass", "quote": "not there"}]))
    (tmp_path / "sources" / "tass.txt").unlink()
    result = check(discover([tmp_path], tmp_path, (".yaml",)))
    assert codes(result) == ["SRC001"]


def test_quote001_same_words_other_punctuation_is_not_shown_as_100_percent(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(date="2022-01-10", reports=[
        {"source": "tass", "quote": "will begin: immediately after the New Year holiday"}]))
    [found] = by_code(result, "QUOTE001")
    assert "closest passage (9" in found.message and "100%" not in found.message


def test_decomposed_accents_match_precomposed_ones() -> None:
    text = SourceText.of("Hungarian Foreign Minister Pe\u0301ter Szijja\u0301rto\u0301 said")
    assert text.contains(normalize("Péter Szijjártó said"))
    assert text.contains(normalize("PÉTER SZIJJÁRTÓ"))
    assert not text.contains(normalize("Peter Szijjarto"))  # accents are part of the words


QUOTES = ["'", "’", "‘", "`"]
DOUBLE = ['"', "“", "”", "«", "»", "„"]
DASHES = ["-", "–", "—", "‑", "−"]
SPACES = [" ", "\n", "\t", "\u00a0", "  \n  ", "\r\n"]
ALPHABET = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?()")
                           + list("éöçßжЖдΩ") + QUOTES + DOUBLE + DASHES + [" ", " ", "\n", "ﬁ", "…"])


def _retype(text: str, draw: st.DrawFn) -> str:
    out = []
    for char in text:
        if char in QUOTES:
            out.append(draw(st.sampled_from(QUOTES)))
        elif char in DOUBLE:
            out.append(draw(st.sampled_from(DOUBLE)))
        elif char in DASHES:
            out.append(draw(st.sampled_from(DASHES)))
        elif char.isspace():
            out.append(draw(st.sampled_from(SPACES)))
        elif char == "ﬁ":
            out.append(draw(st.sampled_from(["ﬁ", "fi", "FI"])))
        elif char == "…":
            out.append(draw(st.sampled_from(["…", "..."])))
        else:
            out.append(draw(st.sampled_from([char, char.upper(), char.lower()])))
    return "".join(out)


@given(st.data())
def test_any_passage_of_a_text_retyped_in_other_styles_is_found(data: st.DataObject) -> None:
    text = data.draw(st.text(ALPHABET, min_size=1, max_size=200))
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = _retype(text[start:end], data.draw)
    assert SourceText.of(text).contains(normalize(quote)) or not normalize(quote)


@given(st.data())
def test_a_quote_found_as_written_is_found_normalised(data: st.DataObject) -> None:
    """The shortcut that skips normalising a quote copied verbatim never finds what the normalised
    comparison would miss, for any characters (combining marks, Hangul jamo, format characters)."""
    text = data.draw(st.one_of(st.text(ALPHABET, min_size=1, max_size=120), st.text(min_size=1, max_size=120)))
    start = data.draw(st.integers(0, len(text) - 1))
    quote = text[start:data.draw(st.integers(start, len(text)))]
    source = SourceText.of(text)
    if source.contains_as_written(quote):
        assert source.contains(normalize(quote))


@given(st.data())
def test_a_passage_of_a_text_below_the_combining_marks_is_found_normalised(data: st.DataObject) -> None:
    """QUOTE001 takes a word that is in such a text (no character from U+0300 on) as found, tested in C."""
    text = data.draw(st.text(st.characters(max_codepoint=0x2FF), min_size=1, max_size=120))
    start = data.draw(st.integers(0, len(text) - 1))
    quote = text[start:data.draw(st.integers(start, len(text)))]
    assert SourceText.of(text).contains(normalize(quote))


@given(st.one_of(st.text(ALPHABET, max_size=200), st.text(max_size=200)))
def test_normalising_with_and_without_the_map_gives_the_same_text(text: str) -> None:
    assert normalize(text) == normalize_with_map(text)[0]


@given(st.text(ALPHABET, min_size=1, max_size=200))
def test_normalisation_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


# --- QUOTE002 ----------------------------------------------------------------------------------------

def test_quote002_one_quote_two_speakers(tmp_path: Path) -> None:
    result = run(tmp_path,
                 statement(id="lavrov-balance", date="2021-12-27", quote=BALANCE, reports=[{"source": "tass"}]),
                 statement(id="ryabkov-balance", speaker="ryabkov-sergei", date="2021-12-27",
                           quote=BALANCE.upper() + ".", reports=[{"source": "tass"}]))
    [found] = by_code(result, "QUOTE002")
    assert (found.location.line, found.records) == (line_of(tmp_path, "speaker: ryabkov-sergei"),
                                                    ("lavrov-balance", "ryabkov-balance"))
    assert found.message.startswith("the same quote is attributed to lavrov-sergei in lavrov-balance at ")
    assert found.related[0].line == line_of(tmp_path, f"quote: {BALANCE}")


def test_quote002_one_quote_two_occasions(tmp_path: Path) -> None:
    result = run(tmp_path, statement(id="first", date="2021-12-20", quote=BALANCE, reports=[{"source": "tass"}]),
                 statement(id="second", date="2021-12-27", quote=BALANCE, reports=[{"source": "tass"}]))
    [found] = by_code(result, "QUOTE002")
    assert (found.location.line, found.records) == (line_of(tmp_path, "date: '2021-12-27'"), ("first", "second"))


def test_quote002_quiet_on_short_phrases_and_compatible_dates(tmp_path: Path) -> None:
    result = run(tmp_path,
                 statement(id="a", date="2021-12-27", quote="talks between Russia", reports=[{"source": "tass"}]),
                 statement(id="b", speaker="ryabkov-sergei", date="2021-12-27", quote="talks between Russia",
                           reports=[{"source": "tass"}]),
                 statement(id="c", date="2021-12", quote=BALANCE, reports=[{"source": "tass"}]),
                 statement(id="d", date="2021-12-27", quote=BALANCE, reports=[{"source": "tass"}]))
    # c and d: the same quote by the same speaker on compatible dates is one statement recorded twice
    assert [(f.code, f.records) for f in result.findings] == [("DUP001", ("c", "d"))]


# --- QUOTE003 ----------------------------------------------------------------------------------------

def test_quote003_a_report_s_words_that_the_source_does_not_have(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(date="2021-12-27", reports=[
        {"source": "tass", "date": "2021-12-27", "date_text": "on Tuesday", "duration_text": "about an hour",
         "counts": {"diplomats": "a dozen"}, "quote": "in Geneva"}]))
    found = by_code(result, "QUOTE003")
    assert [(f.location.line, f.location.column, f.severity) for f in found] == [
        (line_of(tmp_path, "date_text: on Tuesday"), 16, "warning"),
        (line_of(tmp_path, "duration_text: about an hour"), 20, "warning"),
        (line_of(tmp_path, "diplomats: a dozen"), 18, "warning")]
    assert found[0].records == ("geneva-talks", "tass")
    assert found[0].message.startswith("the report's date_text 'on Tuesday' is not in the text of tass; closest "
                                       "passage (")
    assert "counts.diplomats 'a dozen'" in found[2].message


def test_quote003_quiet_on_the_source_s_words_retyped(tmp_path: Path) -> None:
    # Case, line breaks and typographic quotes do not matter, as for QUOTE001.
    result = run(tmp_path, meeting(date="2021-12-27", reports=[
        {"source": "tass", "date": "2021-12-27", "date_text": "On Monday", "quote": "in Geneva"},
        {"source": "tass", "date": "2021-12-27", "date_text": "immediately after the New Year holiday",
         "quote": "in Geneva"}]))
    assert "QUOTE003" not in codes(result)


def test_a_pass_over_many_texts_asks_the_kernel_to_read_them_ahead(tmp_path: Path, monkeypatch) -> None:
    """QUOTE001 reads every cited source's text: from READ_AHEAD_FROM texts on, when they are not in memory,
    each existing text file is first advised (POSIX_FADV_WILLNEED, in a thread) so that reading them does
    not wait on the disk; a missing one is skipped (SRC001 reports it), and the findings are those of a
    pass without it. Texts just written are in memory: nothing is advised."""
    import os
    import threading

    import validator.corpus as corpus

    names = [f"agency-{n}" for n in range(4)]
    records = [source(id=name) for name in names] + [
        statement(id=f"said-{n}", reports=[{"source": name, "quote": "talks will begin"}]) for n, name in enumerate(names)]
    run_corpus(tmp_path, records)
    (tmp_path / "sources" / "agency-3.txt").unlink()
    advised: list[int] = []
    monkeypatch.setattr(corpus.os, "posix_fadvise", lambda fd, offset, length, advice: advised.append(advice))
    monkeypatch.setattr(corpus, "READ_AHEAD_FROM", 3)
    targets = discover([tmp_path], tmp_path, (".yaml",))
    check(targets)
    if hasattr(os, "RWF_NOWAIT"):
        assert advised == []  # the texts were just written
    monkeypatch.setattr(corpus, "_in_memory", lambda paths: False)
    result = check(targets)
    for thread in threading.enumerate():
        if thread.name == "accord-read-ahead":
            thread.join()
    assert advised == [os.POSIX_FADV_WILLNEED] * 3
    assert ("SRC001", "agency-3") in [(f.code, f.records[0]) for f in result.findings]
    monkeypatch.setattr(corpus, "READ_AHEAD_FROM", 4)  # three texts: none advised
    advised.clear()
    assert check(targets).findings == result.findings
    assert advised == []
