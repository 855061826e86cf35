"""Durations as sources write them, read as the minutes they allow."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.quantities import Span, read_duration


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
