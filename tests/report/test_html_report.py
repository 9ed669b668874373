"""The HTML report a fact-checker shares: findings first with links to their cards, an honest ellipsis
shown as exact (the elided words greyed, never struck), `changed` with both copies and the edit between
them, `elsewhere` with the passage in the other source, one date form, everything escaped."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from verify.models import (
    ArchiveResult,
    ArchiveStatus,
    Capture,
    Quote,
    QuoteCheck,
    QuoteMatch,
    QuoteVerdict,
    Report,
    Source,
    SourceCheck,
    SourceKind,
    Version,
)
from verify.report import OutputFormat, render
from verify.report.htmlreport import when, word_diff

EXACT = QuoteVerdict.EXACT
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _match(source: str, passage: str, verdict: QuoteVerdict = EXACT, ts: str | None = None) -> QuoteMatch:
    from verify.models import MatchResult

    version = Version.ARCHIVED if ts else Version.LIVE
    return QuoteMatch(source, version, MatchResult(verdict, 1.0, passage=passage), timestamp=ts)


def _with_quotes(report: Report, *pairs: tuple[Quote, QuoteCheck]) -> Report:
    ex = replace(report.extraction, quotes=tuple(q for q, _ in pairs))
    return replace(report, extraction=ex, quotes=tuple(c for _, c in pairs))


def _card(page: str, card_id: str) -> str:
    start = page.index(f'id="{card_id}"')
    return page[start : page.index("</section>", start)]


def test_findings_come_first_and_link_to_their_cards(report: Report) -> None:
    page = render(report, OutputFormat.HTML)
    findings = page.index('id="findings"')
    assert findings < page.index("<h2>Quotations") < page.index('id="verification"')
    section = page[findings : page.index("</section>", findings)]
    targets = re.findall(r'href="#([\w-]+)"', section)
    assert targets and "quote-Q3" in targets  # the altered number
    for target in targets:
        assert f'id="{target}"' in page, target  # every link lands on a card or a table row
    # Most severe first: every failure before the first warning.
    levels = re.findall(r'<li class="(fail|warn)">', section)
    assert levels == sorted(levels, key=lambda x: x != "fail")


def test_no_findings_says_so(report: Report) -> None:
    page = render(replace(report, fail_on=frozenset()), OutputFormat.HTML)
    assert 'id="findings"' in page


@pytest.mark.parametrize("mark", ["…", "...", "[…]", "[...]"])
def test_an_ellipsis_is_exact_the_left_out_words_greyed_not_struck(report: Report, mark: str) -> None:
    quote = Quote(id="Q1", text=f"The agreement is fair {mark} and it is final", line=3, source="S1")
    passage = "The agreement is fair to every carrier that uses our harbour, and it is final"
    check = QuoteCheck("Q1", EXACT, "live", match=_match("S1", passage))
    card = _card(render(_with_quotes(report, (quote, check)), OutputFormat.HTML), "quote-Q1")
    assert "<del>" not in card and "<ins>" not in card
    assert (
        '<span class="elided" title="left out at the ellipsis">to every carrier that uses our harbour,'
        in card
    )
    assert f'<span class="ellipsis">{mark}</span>' in card


def test_word_diff_still_strikes_real_edits_beside_an_ellipsis() -> None:
    left, right = word_diff("It costs 200 … in all", "It costs 120 million crowns in all")
    assert "<del>200</del>" in left and '<span class="ellipsis">…</span>' in left
    assert "<ins>120 million crowns</ins>" in right or "<ins>120</ins>" in right
    left, right = word_diff("ready…", "ready and waiting")
    assert left == 'ready <span class="ellipsis">…</span>'
    assert right == 'ready <span class="elided" title="left out at the ellipsis">and waiting</span>'


def test_changed_shows_both_copies_side_by_side_with_the_edit(report: Report) -> None:
    quote = Quote(id="Q1", text="fully supports the expansion of the port", line=9, source="S1")
    archived = _match("S1", "The council fully supports the expansion of the port.", ts="20260515120000")
    live = _match("S1", "The council supports an independent review of the expansion of the port.",
                  QuoteVerdict.ALTERED)  # fmt: skip
    check = QuoteCheck(
        "Q1", QuoteVerdict.CHANGED, "both", match=archived, other=(live,), note="changed since"
    )
    card = _card(render(_with_quotes(report, (quote, check)), OutputFormat.HTML), "quote-Q1")
    assert card.count("<blockquote>") == 3  # the quotation, the copy that holds it, the copy that does not
    assert "archived 2026-05-15 12:00 UTC" in card and "altered: S1" in card
    assert "<del>fully</del>" in card  # gone from the live page
    assert "<ins>an independent review of</ins>" in card  # what the page says now
    assert "no passage found" not in card


def test_elsewhere_shows_the_passage_in_the_other_source(report: Report) -> None:
    other = Source(id="S99", kind=SourceKind.LINK, url="https://kesselcourier.example/varga", line=30)
    ex = replace(report.extraction, sources=(*report.extraction.sources, other))
    report = replace(report, extraction=ex, sources=(*report.sources, SourceCheck(source=other)))
    quote = Quote(id="Q1", text="We were never consulted, not once", line=8, source="S1")
    found = _match("S99", "“We were never consulted, not once,” Varga said.")
    own = _match("S1", "", QuoteVerdict.NOT_FOUND)
    check = QuoteCheck("Q1", QuoteVerdict.ELSEWHERE, "live", match=found, other=(own,))
    card = _card(render(_with_quotes(report, (quote, check)), OutputFormat.HTML), "quote-Q1")
    assert "found in S99 kesselcourier.example, live" in card
    assert "Varga said." in card and "no passage found" not in card
    assert "its own source: S1" in card and "(not-found)" in card
    assert 'href="https://kesselcourier.example/varga"' in card


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("20260516091512", "2026-05-16 09:15 UTC"),
        ("2026-05-16T09:15:12Z", "2026-05-16 09:15 UTC"),
        ("2026-05-16T11:15:12+02:00", "2026-05-16 09:15 UTC"),
        ("2026-05-16T09:15:12.795910Z", "2026-05-16 09:15 UTC"),
        ("2026-05-16T09:15", "2026-05-16 09:15 UTC"),
        ("2026-05-16", "2026-05-16"),  # a date alone gets no invented time
        ("20260516", "2026-05-16"),
        ("20261399999999", "20261399999999"),  # not a time: shown as it came (and escaped)
        ("soon", "soon"),
    ],
)
def test_one_date_form(value: str, shown: str) -> None:
    assert when(value) == shown


def test_every_date_on_the_page_takes_the_one_form(report: Report) -> None:
    cap = Capture(url="https://web.archive.org/web/20260516091500/https://site1.example/page/1",
                  timestamp="20260516091500")  # fmt: skip
    sc = report.sources[0]
    report = replace(
        report,
        checked_at="2026-11-23T19:00:41.5Z",
        extraction=replace(report.extraction, article=replace(report.extraction.article,
                                                              published="2026-05-17T14:30:00+02:00")),
        sources=(replace(sc, archive=ArchiveResult(ArchiveStatus.ARCHIVED, as_cited=cap, latest=cap)),
                 *report.sources[1:]),
    )  # fmt: skip
    page = render(report, OutputFormat.HTML)
    text = re.sub(r'(href|id)="[^"]*"', "", page)  # addresses and anchors may hold timestamps
    assert "checked 2026-11-23 19:00 UTC" in text and "published 2026-05-17 12:30 UTC" in text
    assert "2026-05-16 09:15 UTC" in text  # the capture, in the table and on the cards
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:", text), "an ISO instant left as it came"
    assert not re.search(r"(?<![\d/])\d{14}(?![\d/])", text), "a Wayback timestamp left as it came"
    dated = re.findall(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d UTC)?", text)
    assert dated and all(d.endswith(" UTC") for d in dated if "2026-05-16" in d)


def test_every_card_escapes_what_it_shows(report: Report) -> None:
    quote = Quote(id="Q1", text=f"{HOSTILE} … said", line=1, source="S1", speaker=HOSTILE)
    archived = _match("S1", f"{HOSTILE} and then said", ts="20260515120000")
    live = _match("S1", f"{HOSTILE} now", QuoteVerdict.ALTERED)
    changed = QuoteCheck("Q1", QuoteVerdict.CHANGED, "both", match=archived, other=(live,), note=HOSTILE)
    q2 = replace(quote, id="Q2")
    elsewhere = QuoteCheck("Q2", QuoteVerdict.ELSEWHERE, "live", match=_match("S1", HOSTILE),
                           other=(_match("S2", HOSTILE, QuoteVerdict.NOT_FOUND),), note=HOSTILE)  # fmt: skip
    page = render(_with_quotes(report, (quote, changed), (q2, elsewhere)), OutputFormat.HTML)
    assert "<script" not in page and "<img" not in page and 'onerror="' not in page
    assert "&lt;script&gt;" in page
