"""The main sample in all three forms: quotations with speakers, embeds, attributions, and no chrome."""

from __future__ import annotations

from pathlib import Path

import pytest

from verify.extract import extract
from verify.models import AttributionKind, Extraction, Platform, SourceKind
from verify.read import load

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures/sample"


@pytest.fixture(scope="module", params=["html", "md", "txt"])
def ex(request: pytest.FixtureRequest) -> Extraction:
    return extract(load(str(SAMPLE / f"article.{request.param}")))


def _quotes(ex: Extraction) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in ex.quotes]


def test_forms_agree_on_quotes_speakers_and_embeds() -> None:
    forms = [extract(load(str(SAMPLE / f"article.{ext}"))) for ext in ("html", "md", "txt")]
    assert _quotes(forms[0]) == _quotes(forms[1]) == _quotes(forms[2])
    embeds = [[(e.platform, e.author_handle, e.author_name, e.date, e.text) for e in f.embeds] for f in forms]
    assert embeds[0] == embeds[1] == embeds[2]
    assert all(f.article.published and f.article.published.startswith("2026-05-17") for f in forms)


def test_every_quote_has_its_speaker(ex: Extraction) -> None:
    speakers = dict(_quotes(ex))
    assert speakers["We will not be lectured by anyone about our own harbour"] == "Ana Voss"
    assert speakers["The agreement is fair … and it is final"] == "Ana Voss"
    assert speakers["Nobody will be shut out of Kessel"] == "Ana Voss"
    assert speakers["This deal will cost taxpayers 200 million crowns over ten years"] == "Tomas Brell"
    assert speakers["baseless and frivolous"] == "Tomas Brell"
    assert speakers["consider every lawful option"] == "Ilse Varga"
    assert speakers["fully supports the expansion of the port"] == "Petra Holm"
    assert len(ex.quotes) == 14


def test_mismatched_marks_and_partials(ex: Extraction) -> None:
    q1 = ex.quotes[0]
    assert (q1.open_mark, q1.close_mark) == ("‘", "”")
    partial = {q.text for q in ex.quotes if q.partial}
    assert {"baseless and frivolous", "consider every lawful option"} <= partial


def test_no_apostrophe_is_a_quote(ex: Extraction) -> None:
    for q in ex.quotes:
        assert not q.text.startswith(("s ", "90s", "t ")), q.text
    assert any(q.text == "a fairy tale from the ’90s" for q in ex.quotes)


def test_flattened_tweet_and_bluesky(ex: Extraction) -> None:
    tweet, bsky = ex.embeds
    assert tweet.platform is Platform.TWITTER
    assert (tweet.author_name, tweet.author_handle, tweet.date) == ("Ana Voss", "@AnaVossMFA", "2026-05-17")
    assert tweet.text and tweet.text.startswith("Signed today in Kessel")
    assert bsky.platform is Platform.BLUESKY and bsky.author_handle == "@ilsevarga.bsky.social"
    tied = next(q for q in ex.quotes if q.text.startswith("Signed today"))
    assert tied.embed == tweet.id and tied.source == tweet.source


def test_attributions(ex: Extraction) -> None:
    kinds = {(a.kind, a.name) for a in ex.attributions}
    assert (AttributionKind.HAT_TIP, "Harbour Watch") in kinds
    assert (AttributionKind.TOLD, "Northern News Agency") in kinds
    told = next(q for q in ex.quotes if q.text.startswith("Nobody"))
    src = ex.source(told.source)
    assert src is not None and src.kind is SourceKind.ATTRIBUTION and src.text == "Northern News Agency"


def test_html_sources_are_body_links_only() -> None:
    ex = extract(load(str(SAMPLE / "article.html")))
    urls = [s.url for s in ex.sources if s.url]
    assert len([s for s in ex.sources if s.kind is SourceKind.LINK]) == 8
    assert not any("northwire.example" in u or "sharer" in u or "intent" in u or "forum" in u for u in urls)
    assert "https://www.valdoria-gov.example/press/2026/kessel-agreement" in urls  # utm_* removed
    assert "https://www.civic-union.example/statements/port-deal-cost" in urls  # fbclid removed
    assert any(
        s.kind is SourceKind.URL and s.url.endswith("kessel-agreement.pdf") for s in ex.sources if s.url
    )
    linked = {q.text[:20]: ex.source(q.source) for q in ex.quotes}
    assert linked["The berths are ready"].url == "https://port-of-kessel.example/news/berths-ready"  # type: ignore[union-attr]
    assert ex.sources[0].line == 63
