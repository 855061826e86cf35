"""Amounts as sources write them (durations, counts), read as the range of values they allow."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.quantities import Span, read_count, read_duration


@pytest.mark.parametrize(("text", "low", "high"), [
    ("62 minutes", 62, 62), ("two hours", 120, 120), ("a 50-minute call", 50, 50), ("two-hour talks", 120, 120),
    ("an hour and a half", 90, 90), ("1.5 hours", 90, 90), ("half an hour", 30, 30),
    ("an hour and 20 minutes", 80, 80), ("about an hour", 45, 75), ("some 90 minutes", 67.5, 112.5),
    ("nearly two hours", 90, 120), ("more than an hour", 60, math.inf), ("lasted just over an hour", 60, math.inf),
    ("less than an hour", 0, 60), ("up to 40 minutes", 0, 40), ("two to three hours", 120, 180),
    ("2-3 hours", 120, 180), ("About An Hour", 45, 75), ("a quarter of an hour", 15, 15),
    ("an hour-long call", 60, 60), ("three hours and 15 minutes", 195, 195), ("just under an hour", 0, 60),
])
def test_read_duration(text: str, low: float, high: float) -> None:
    assert read_duration(text) == Span(low, high)


@pytest.mark.parametrize("text", ["several hours", "the talks", "long", ""])
def test_unreadable(text: str) -> None:
    assert read_duration(text) is None


@given(st.integers(1, 600), st.sampled_from(["about", "some", "around", "more than", "at least", "nearly"]))
def test_a_qualified_figure_allows_the_figure_itself(minutes: int, qualifier: str) -> None:
    span = read_duration(f"{qualifier} {minutes} minutes")
    assert span is not None and span.meets(Span(minutes, minutes))
    assert span == read_duration(f"{qualifier} {minutes / 60:g} hours") or minutes % 60


# --- counts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "low", "high"), [
    ("100,000 troops", 100_000, 100_000), ("a 100,000-strong force", 100_000, 100_000),
    ("1.5 million", 1_500_000, 1_500_000), ("1,5 million", 1_500_000, 1_500_000), ("100k", 100_000, 100_000),
    ("175 000 servicemen", 175_000, 175_000), ("a dozen diplomats", 12, 12), ("two dozen", 24, 24),
    ("three", 3, 3), ("about 100,000 troops", 75_000, 125_000), ("some 175,000", 131_250, 218_750),
    ("nearly 100,000", 75_000, 100_000), ("more than 100,000 soldiers", 100_000, math.inf),
    ("up to 175,000 troops", 0, 175_000), ("as many as 175,000", 0, 175_000),
    ("90,000 to 100,000", 90_000, 100_000), ("between 90,000 and 100,000", 90_000, 100_000),
    ("90,000-100,000", 90_000, 100_000), ("2 to 3 million", 2_000_000, 3_000_000),
    ("dozens of diplomats", 24, 144), ("hundreds", 200, 999), ("tens of thousands of troops", 20_000, 99_999),
    ("hundreds of thousands", 200_000, 999_999), ("several thousand", 3_000, 9_000), ("a few hundred", 200, 500),
    ("About 100,000 Troops", 75_000, 125_000),
])
def test_read_count(text: str, low: float, high: float) -> None:
    assert read_count(text) == Span(low, high)


@pytest.mark.parametrize("text", ["troops", "a large force", "", "100,000 troops and 1,200 tanks",
                                  "in 2021, 100,000 troops"])
def test_a_text_with_no_count_or_two_is_unreadable(text: str) -> None:
    assert read_count(text) is None


@given(st.integers(1, 10**9), st.sampled_from(["", "about", "some", "more than", "up to", "nearly", "over"]))
def test_a_count_written_with_grouped_digits_allows_the_figure(value: int, qualifier: str) -> None:
    span = read_count(f"{qualifier} {value:,} troops")
    assert span is not None and span.meets(Span(value, value))
    assert span == read_count(f"{qualifier} {value:,}".replace(",", " ")) == read_count(f"{qualifier} {value}")


def test_spans_print_as_readers_write_them() -> None:
    assert str(read_count("about 100,000")) == "75,000 to 125,000"
    assert str(read_duration("some 90 minutes")) == "67.5 to 112.5 minutes"
    assert str(read_count("more than 1.5 million")) == "at least 1,500,000"
