"""A hand-built report with every verdict and status, for the formatters' tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from verify.config import DEFAULT_FAIL_ON
from verify.models import (
    ArchiveResult,
    ArchiveStatus,
    ArticleMeta,
    Attribution,
    AttributionKind,
    Capture,
    Edit,
    EditOp,
    Embed,
    EmbedCheck,
    EmbedVerdict,
    Extraction,
    FetchResult,
    FetchStatus,
    InputFormat,
    MatchResult,
    OriginalPost,
    Platform,
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

HOSTILE = '<script>document.body.setAttribute("data-pwned","1")</script><img src=x onerror="alert(1)">'


def _capture(url: str, ts: str) -> Capture:
    return Capture(url=f"https://web.archive.org/web/{ts}/{url}", timestamp=ts, original=url)


def build_report(fail_on: frozenset[str] = DEFAULT_FAIL_ON) -> Report:
    fetch_statuses = list(FetchStatus)
    archive_statuses = list(ArchiveStatus)
    sources = []
    checks = []
    for i, status in enumerate(fetch_statuses, start=1):
        url = f"https://site{i}.example/page/{i}"
        s = Source(id=f"S{i}", kind=SourceKind.LINK, url=url, line=10 + i, text=f"anchor {i}")
        astatus = archive_statuses[(i - 1) % len(archive_statuses)]
        cap = (
            _capture(url, "20260516083000")
            if astatus in (ArchiveStatus.ARCHIVED, ArchiveStatus.SAVED)
            else None
        )
        archive = ArchiveResult(
            status=astatus,
            as_cited=cap,
            latest=cap,
            error="rate limited" if astatus is ArchiveStatus.FAILED else None,
            pending=astatus is ArchiveStatus.SAVED and i > 3,
        )
        fetch = FetchResult(
            url=url,
            status=status,
            http_status=200 if status.readable else (404 if status is FetchStatus.BROKEN else None),
            final_url=url + "/moved" if status is FetchStatus.REDIRECTED else url,
            content_type="text/html",
            sha256="a" * 64 if status.readable else None,
            error=None if status.readable else f"{status.value} for a reason",
        )
        sources.append(s)
        checks.append(SourceCheck(source=s, fetch=fetch, archive=archive))
    n = len(sources)
    hostile_src = Source(
        id=f"S{n + 1}", kind=SourceKind.LINK, url="javascript:alert(1)", line=40, text=HOSTILE
    )
    attr_src = Source(
        id=f"S{n + 2}", kind=SourceKind.ATTRIBUTION, url=None, line=41, text="Northern News Agency"
    )
    embed_src = Source(id=f"S{n + 3}", kind=SourceKind.EMBED, url="https://twitter.com/a/status/1", line=42)
    sources += [hostile_src, attr_src, embed_src]
    checks += [
        SourceCheck(
            source=hostile_src,
            fetch=FetchResult(url="javascript:alert(1)", status=FetchStatus.UNSAFE, error="not http(s)"),
        ),
        SourceCheck(source=attr_src),
        SourceCheck(source=embed_src),
    ]
    quotes = []
    qchecks = []
    for i, verdict in enumerate(QuoteVerdict, start=1):
        text = f"quote number {i} said the minister" if i != 3 else "This deal will cost 200 million crowns"
        q = Quote(id=f"Q{i}", text=text, line=i, speaker="Ana Voss" if i % 2 else None, source="S1")
        passage = "This deal will cost 120 million crowns" if i == 3 else text
        edits = (Edit(EditOp.REPLACE, "200", "120"),) if i == 3 else ()
        match = QuoteMatch(
            source="S1",
            version=Version.LIVE,
            result=MatchResult(
                verdict=verdict
                if verdict.value in ("exact", "minor", "altered", "spliced", "not-found")
                else QuoteVerdict.EXACT,
                score=0.9,
                passage=passage,
                edits=edits,
            ),
        )
        quotes.append(q)
        qchecks.append(
            QuoteCheck(
                quote=q.id,
                verdict=verdict,
                checked_against="live",
                match=None if verdict is QuoteVerdict.UNVERIFIABLE else match,
                note="a number differs" if i == 3 else None,
            )
        )
    hostile_q = Quote(
        id=f"Q{len(quotes) + 1}",
        text=HOSTILE + " \x1b[31mred\x1b[0m | *bold* @octocat",
        line=50,
        speaker="::error::x",
        source=hostile_src.id,
    )
    quotes.append(hostile_q)
    qchecks.append(
        QuoteCheck(
            quote=hostile_q.id,
            verdict=QuoteVerdict.NOT_FOUND,
            checked_against="live",
            match=QuoteMatch(
                source=hostile_src.id,
                version=Version.LIVE,
                result=MatchResult(QuoteVerdict.NOT_FOUND, 0.1, passage=HOSTILE),
            ),
            note="line1\nline2,with:delims%",
        )
    )
    embeds = []
    echecks = []
    for i, ev in enumerate(EmbedVerdict, start=1):
        e = Embed(
            id=f"E{i}",
            platform=Platform.TWITTER,
            url=f"https://twitter.com/a/status/{i}",
            line=60 + i,
            author_handle="@a",
            text=f"post {i} text",
            source=embed_src.id if i == 1 else None,
        )
        embeds.append(e)
        echecks.append(
            EmbedCheck(
                embed=e.id,
                verdict=ev,
                original=OriginalPost(via="syndication", author="@a", text=f"post {i} txt")
                if ev is not EmbedVerdict.UNVERIFIABLE
                else None,
                differences=("text differs",) if ev is EmbedVerdict.DIFFERS else (),
                note="gone" if ev is EmbedVerdict.DELETED else None,
            )
        )
    ex = Extraction(
        article=ArticleMeta(
            input="drafts/story.md",
            format=InputFormat.MARKDOWN,
            title="Kessel port deal",
            published="2026-05-17",
            language="en",
        ),
        sources=tuple(sources),
        embeds=tuple(embeds),
        attributions=(
            Attribution(
                id="A1", kind=AttributionKind.TOLD, name="Northern News Agency", line=41, source=attr_src.id
            ),
        ),
        quotes=tuple(quotes),
    )
    return Report(
        checked_at="2026-11-23T19:00:00Z",
        extraction=ex,
        sources=tuple(checks),
        embeds=tuple(echecks),
        quotes=tuple(qchecks),
        fail_on=fail_on,
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def make_report() -> Callable[..., Report]:
    return build_report


@pytest.fixture
def hostile() -> str:
    return HOSTILE
