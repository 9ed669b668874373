"""Finding figures: every form the claims stage knows, and what is not a figure (dates, years, names, …)."""

from __future__ import annotations

import pytest

from verify.claims import agrees, find_figures

FOUND = [
    ("about 2.3 million tonnes were landed", ["about 2.3 million tonnes"]),
    ("In 2024, 1,370 jobs were lost on 17 May", ["1,370"]),
    ("three in four voters back it; 40% oppose it", ["three in four", "40%"]),
    ("forty per cent of staff and one in ten managers", ["forty per cent", "one in ten"]),
    ("It costs £15m, $2.4bn or €1,2 Mio.", ["£15m", "$2.4bn", "€1,2 Mio."]),
    ("Es kostet 2,3 Mio. Euro", ["2,3 Mio. Euro"]),
    ("2.284.000 Tonnen und 2 284 000 tonnes", ["2.284.000 Tonnen", "2 284 000 tonnes"]),
    ("between 11 and 17 per cent", ["between 11 and 17 per cent"]),
    ("nearly half of residents and a third of homes", ["nearly half", "a third"]),
    ("rose by 3 percentage points to 43%", ["3 percentage points", "43%"]),
    ("more than 1,300 people and at least 12 schools", ["more than 1,300", "at least 12"]),
    ("a fleet of 140 vessels", ["140"]),
]
NOT_FIGURES = [
    "a Boeing 737 under Section 230",
    "at 9:30am on May 17, 2026, or 17 May 2026",
    "call +44 20 7946 0000 or 0161 496 0000",
    "for the 3rd time, a 45-year-old man with COVID-19 flew an A320",
    "in 2025 and in the 1990s, in 2025/26",
    "in the first half of the year",
    "page 12 of Article 5",
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_figures_found(text: str, expected: list[str]) -> None:
    assert [f.value.text for f in find_figures(text, "de" if "Euro" in text else None)] == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert [f.value.text for f in find_figures(text)] == []


def test_stated_conversion_kept_with_the_figure() -> None:
    (fig,) = find_figures("the route is 25 miles (40 km) long")
    assert fig.value.text == "25 miles" and fig.value.alt is not None and fig.value.alt.unit == "km"


def test_rounding_the_wording_implies() -> None:
    (about,) = find_figures("about 2.3 million")
    (exact,) = find_figures("2,284,000")
    (other,) = find_figures("2,384,000")
    assert agrees(about.value, exact.value) and not agrees(about.value, other.value)
    (share,) = find_figures("three in four")
    (pct,) = find_figures("74 per cent")
    assert agrees(share.value, pct.value)
    (pp,) = find_figures("3 percentage points")
    (p3,) = find_figures("3 per cent")
    assert not agrees(pp.value, p3.value)


def test_a_run_of_digits_too_long_for_a_figure_is_none() -> None:
    # found by the fuzzer: 400 zeros overflowed the rounding arithmetic (exit 3)
    assert find_figures("It cost 1" + "0" * 400 + " euros.") == []
