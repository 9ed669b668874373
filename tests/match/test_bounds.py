"""Work bounded on repetitive sources: a page of one sentence repeated costs the page, not page x hits."""

from __future__ import annotations

import tracemalloc

from verify.match import prepare
from verify.models import QuoteVerdict

SENTENCE = "The harbour council said the ferry would run every hour from the north pier. "


def _peak_of(fn):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_exact_quotation_on_a_repeated_sentence_page_keeps_few_candidates() -> None:
    """1 MB of one sentence: every place is an exact hit; only a bounded number of them is kept.

    Before the cap every one of the ~13,000 hits became an alignment (about 75 MB for 48 words,
    5 s and 400 MB for 240); now the memory matching takes does not grow with the repetitions.
    """
    index = prepare(SENTENCE * (1_000_000 // len(SENTENCE)))
    words = (SENTENCE * 4).split()[:48]
    result, peak = _peak_of(lambda: index.match(" ".join(words)))
    assert result.verdict is QuoteVerdict.EXACT
    assert peak < 8_000_000, f"{peak / 1e6:.0f} MB to match 48 words"


def test_altered_and_reordered_quotations_on_a_repeated_page_stay_bounded() -> None:
    index = prepare(SENTENCE * (200_000 // len(SENTENCE)))
    words = (SENTENCE * 8).split()[:96]
    altered = [*words[:40], "zanzibar", *words[41:]]
    moved = words[3:] + words[:3]
    for quote in (altered, moved):
        result, peak = _peak_of(lambda q=quote: index.match(" ".join(q)))  # type: ignore[misc]
        assert result.verdict is not QuoteVerdict.NOT_FOUND
        assert peak < 8_000_000, f"{peak / 1e6:.0f} MB to match {len(quote)} words"
