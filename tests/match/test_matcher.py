"""match_quote, prepare and judge_quote on small cases: offsets, edits, notes, embeds, reuse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.match import judge_quote, match_quote, prepare
from verify.models import Document, EditOp, Quote, QuoteVerdict, Version

SRC = (
    "The board met on Monday. “We will not raise fares this year,” said chair Ilse Varnahof, "
    "adding that the budget of 120 million crowns was final."
)


def test_passage_is_the_source_verbatim_with_offsets() -> None:
    r = match_quote('"we will not raise fares this year"', SRC)
    assert r.verdict is QuoteVerdict.EXACT
    assert r.start is not None and r.end is not None
    assert SRC[r.start : r.end] == r.passage == "We will not raise fares this year"


def test_changed_number_is_named_and_edited() -> None:
    r = match_quote("the budget of 200 million crowns was final", SRC)
    assert r.verdict is QuoteVerdict.ALTERED
    assert r.edits[0].op is EditOp.REPLACE and (r.edits[0].quote, r.edits[0].source) == ("200", "120")
    assert r.note and "number" in r.note and "200" in r.note and "120" in r.note


def test_dropped_negation_is_altered_however_high_the_score() -> None:
    r = match_quote("We will raise fares this year, said chair Ilse Varnahof, adding that the budget", SRC)
    assert r.verdict is QuoteVerdict.ALTERED and r.score > 0.9
    assert r.note and 'negation dropped: "not"' in r.note


def test_embedded_post_ignores_links_and_tails() -> None:
    original = "Dredging starts in March. We are ready! #Velmora @portvelmora"
    embed = original + " https://t.co/AbC123 pic.twitter.com/xyz"
    assert match_quote(embed, original, ignore_urls=True).verdict is QuoteVerdict.EXACT
    assert not match_quote(embed, original).verdict.found


def test_prepared_source_is_reused() -> None:
    index = prepare(SRC * 50)
    assert index.match("said chair Ilse Varnahof").verdict is QuoteVerdict.EXACT
    assert match_quote("chair Ilse Varnahof", index).verdict is QuoteVerdict.EXACT


def test_empty_inputs_are_values_not_errors() -> None:
    assert match_quote("", SRC).verdict is QuoteVerdict.NOT_FOUND
    assert match_quote("anything", "").verdict is QuoteVerdict.NOT_FOUND


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 20), st.integers(3, 12))
def test_any_span_of_words_is_exact(start: int, length: int) -> None:
    words = SRC.split()
    quote = " ".join(words[start : start + length])
    assert match_quote(quote, SRC).verdict in (QuoteVerdict.EXACT, QuoteVerdict.MINOR)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=200))
def test_never_raises_on_arbitrary_text(quote: str, source: str) -> None:
    r = match_quote(quote, source)
    assert 0.0 <= r.score <= 1.0
    if r.passage is not None:
        # A splice's passage is its pieces joined by " … "; the offsets are the first piece's.
        first = r.passage.split(" … ")[0] if r.verdict is QuoteVerdict.SPLICED else r.passage
        assert r.start is not None and source[r.start : r.end] == first


HARBOUR = (
    "The Port Authority of Velmora said on Monday that dredging would begin in March. "
    "The project will cost 120 million crowns, of which the national government has promised 45 million. "
    "Solvang said the work would take three years. Fishermen in the old quarter were sceptical."
)


def test_splice_passage_shows_every_piece_in_quotation_order() -> None:
    r = match_quote(
        "Fishermen in the old quarter were sceptical. The project will cost 120 million crowns", HARBOUR
    )
    assert r.verdict is QuoteVerdict.SPLICED
    assert (
        r.passage == "Fishermen in the old quarter were sceptical … The project will cost 120 million crowns"
    )
    assert r.start is not None and HARBOUR[r.start : r.end] == "Fishermen in the old quarter were sceptical"


def test_splice_note_names_the_whole_piece_not_the_part_left_over() -> None:
    # "the" also matches in place ("of which the national"): it still belongs to the spliced-in piece.
    r = match_quote(
        "The project will cost 120 million crowns, of which the old quarter were sceptical", HARBOUR
    )
    assert r.verdict is QuoteVerdict.SPLICED
    assert r.note and r.note.startswith('"the old quarter were sceptical" comes from')
    assert r.passage == "The project will cost 120 million crowns, of which … the old quarter were sceptical"


def test_ellipsis_parts_out_of_order_show_both_pieces() -> None:
    r = match_quote("Fishermen in the old quarter were sceptical … dredging would begin in March", HARBOUR)
    assert r.verdict is QuoteVerdict.SPLICED and r.note and "out of order" in r.note
    assert r.passage == "Fishermen in the old quarter were sceptical … dredging would begin in March"


def test_judge_changed_names_both_versions_and_caches_indexes() -> None:
    live = Document("https://example.test/a", SRC.replace("will not", "will"), "text/html")
    archived = Document("https://web.archive.org/web/20260101000000/https://example.test/a", SRC, "text/html",
                        version=Version.ARCHIVED, timestamp="20260101000000")  # fmt: skip
    indexes: dict = {}
    q = Quote("Q1", "We will not raise fares this year", 1, source="S1")
    check = judge_quote(q, live=live, archived=archived, indexes=indexes)
    assert check.verdict is QuoteVerdict.CHANGED and check.checked_against == "both"
    assert check.note and "archived copy of 2026-01-01 00:00 UTC" in check.note and "live page" in check.note
    assert check.match and check.match.version is Version.ARCHIVED
    assert len(indexes) == 2


def test_judge_without_documents_says_why() -> None:
    q = Quote("Q1", "words", 1)
    check = judge_quote(q, live=None, archived=None)
    assert check.verdict is QuoteVerdict.UNVERIFIABLE and check.checked_against == "none"
    assert check.note == "no source is tied to the quotation"


def test_a_number_written_another_way_is_minor_and_named() -> None:
    src = "The council will hire ten new teachers; twenty-five streetlights cost 2.5 million crowns."
    for quote in ("will hire 10 new teachers", "25 streetlights cost 2,500,000 crowns"):
        r = match_quote(quote, src)
        assert r.verdict is QuoteVerdict.MINOR, (quote, r)
        assert r.note and "a number written differently" in r.note
    r = match_quote("25 streetlights cost", src)
    assert r.passage == "twenty-five streetlights cost"
    assert match_quote("will hire 11 new teachers", src).verdict is QuoteVerdict.ALTERED


def test_a_changed_month_is_a_date_not_a_name() -> None:
    r = match_quote("the ferry would resume in July", "He said the ferry would resume in June.")
    assert r.verdict is QuoteVerdict.ALTERED
    assert r.note == 'a date differs: quote "July", source "June"'


def test_a_pdf_running_header_between_pages_is_read_across() -> None:
    head = "KESSEL PORT BOARD - MINUTES"
    pages = [
        f"{head}\n3\nThe board asked for a plan to cut waiting times by",
        f"{head}\n4\nhalf within a year.",
    ]
    pdf = "\n\n\f\n\n".join(pages)
    r = match_quote("a plan to cut waiting times by half within a year", pdf)
    assert r.verdict is QuoteVerdict.EXACT
    assert r.passage and r.passage.startswith("a plan") and head in r.passage  # the passage as printed


def test_only_little_words_in_common_is_not_found() -> None:
    src = "We will rebuild the bridge. It will take two years."
    assert match_quote("The bridge will never reopen", src).verdict is QuoteVerdict.NOT_FOUND


def test_words_moved_within_a_sentence_are_a_splice() -> None:
    src = "The drop was caused by the late frost, not by prices."
    r = match_quote("the drop was caused by prices, not by the late frost", src)
    assert r.verdict is QuoteVerdict.SPLICED and r.note and "order differs" in r.note


def test_corpus_rules_out_sources_lacking_a_word_but_keeps_joins_splits_and_numbers() -> None:
    from verify.match import Corpus
    from verify.match.quote import parse

    corpus = Corpus()
    texts = {
        "a": "The infrastructure committee met ten times in the spring.",
        "b": "The infra structure committee met 10 times in the spring.",
        "c": "The committee met in the spring to discuss the harbour.",
    }
    for name, text in texts.items():
        corpus[name] = prepare(text)
        corpus[name + "#body"] = prepare(text[:20])  # a page's body shares its page's bit
    mask = corpus.holders(parse("the infra structure committee met 10 times"))
    assert [n for n in texts if corpus.may_hold(mask, n)] == ["a", "b"]
    mask = corpus.holders(parse("the infrastructure committee met ten times"))
    assert [n for n in texts if corpus.may_hold(mask, n + "#body")] == ["a", "b"]
    assert corpus.holders(parse("the harbour committee met")) and not corpus.holders(parse("lighthouse"))
    assert corpus.may_hold(0, "never-indexed")  # a source not in the index yet may hold anything
    assert len(corpus) == 6 and "a#body" in corpus


def test_elsewhere_through_a_corpus_matches_only_sources_that_may_hold_the_quotation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from verify.match import Corpus, judge

    url = "https://example.test/"
    others = {f"S{i}": Document(f"{url}{i}", f"Notice {i}: the ferry runs hourly.", "text/html")
              for i in range(2, 40)}  # fmt: skip
    others["S40"] = Document(f"{url}40", "Ilse Varnahof said: we will not raise fares.", "text/html")
    quote = Quote("Q1", "we will not raise fares", 1, source="S1")
    live = Document(f"{url}1", "Nothing about fares here.", "text/html")
    matched: list[str] = []
    scoped = judge.scoped_match

    def counted(q: str, doc: Document, whole: object, body: object) -> object:
        matched.append(doc.url)
        return scoped(q, doc, whole, body)  # type: ignore[arg-type]

    monkeypatch.setattr(judge, "scoped_match", counted)
    check = judge_quote(quote, live=live, archived=None, others=others, indexes=Corpus())
    assert check.verdict is QuoteVerdict.ELSEWHERE and check.match is not None
    # `match` names the source the words were found in; `other` what its own source showed (issue 12.7).
    assert check.match.source == "S40" and check.match.result.verdict is QuoteVerdict.EXACT
    assert [m.source for m in check.other] == ["S1"]
    assert matched == [f"{url}1", f"{url}40"]  # its own source, then only the one that has every word
    assert check == judge_quote(quote, live=live, archived=None, others=others)
