"""What a report means, for every formatter: one row per item, its severity, the counts, the exit status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from urllib.parse import urlsplit

from verify.models import (
    ArchiveResult,
    Claim,
    ClaimCheck,
    Embed,
    EmbedCheck,
    FetchResult,
    Quote,
    QuoteCheck,
    Report,
    Source,
    SourceCheck,
    SourceKind,
    Tie,
)
from verify.textsafe import one_line

HEADERS = ("#", "line", "kind", "what", "source", "fetched", "archived", "verdict", "note")


class Level(IntEnum):
    """How much a row needs a reader's eye; FAIL is what `--fail-on` names."""

    GOOD = 0
    NOTICE = 1
    WARNING = 2
    FAIL = 3


# Outcomes that need no attention, and outcomes worth a glance but not a warning.
GOOD_NAMES = frozenset({"exact", "matches", "ok", "archived", "saved", "confirmed"})
NOTICE_NAMES = frozenset({"minor", "redirected", "skipped", "missing", "listed"})


def level_of(name: str | None, fail_on: frozenset[str]) -> Level:
    if name is None:
        return Level.GOOD
    if name in fail_on:
        return Level.FAIL
    if name in GOOD_NAMES:
        return Level.GOOD
    if name in NOTICE_NAMES:
        return Level.NOTICE
    return Level.WARNING


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the verification table, in words (formatters style and shorten it)."""

    id: str  # Q1, E1, S1
    line: int
    kind: str  # quote | embed | claim | link | url | attribution
    what: str  # the quotation, post text or URL (cleaned, one line, not shortened)
    source: str  # "S2 example.org" or ""
    fetched: str  # fetch status (with the HTTP status) or ""
    archived: str  # capture date or archive status or ""
    verdict: str  # the row's verdict or status
    note: str
    level: Level
    names: tuple[str, ...]  # every verdict/status name the row carries (for --fail-on)
    url: str | None = None
    archive_url: str | None = None
    # What the verdict was judged against, in words: "S3 live", "S3 archived 2026-05-16", "S3 cached 3 h ago".
    basis: str = ""


def host_of(url: str | None) -> str:
    if not url:
        return ""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def ts_date(timestamp: str | None) -> str:
    """`2026-05-16` from a 14-digit Wayback timestamp."""
    if not timestamp or len(timestamp) < 8 or not timestamp[:8].isdigit():
        return ""
    return f"{timestamp[:4]}-{timestamp[4:6]}-{timestamp[6:8]}"


def fetch_text(fetch: FetchResult | None, now: str | None = None) -> str:
    if fetch is None:
        return ""
    text = fetch.status.value
    if fetch.http_status and fetch.status.value not in ("ok",):
        text = f"{fetch.status.value} {fetch.http_status}"
    age = cached_age(fetch, now)
    return f"{text} ({age})" if age else text


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cached_age(fetch: FetchResult | None, now: str | None) -> str:
    """`cached 3 h ago` for a result read from the fetch cache (it may not be today's page), else ``."""
    if fetch is None or not fetch.from_cache:
        return ""
    then, at = _instant(fetch.cached_at), _instant(now)
    if then is None or at is None:
        return "cached"
    seconds = max(0.0, (at - then).total_seconds())
    if seconds < 90:
        return "cached just now"
    if seconds < 5400:
        return f"cached {round(seconds / 60)} min ago"
    if seconds < 48 * 3600:
        return f"cached {round(seconds / 3600)} h ago"
    return f"cached {round(seconds / 86400)} days ago"


def archive_text(archive: ArchiveResult | None) -> str:
    """The as-cited capture's date whenever there is a capture (even when a save failed), else the status.

    `saved` marks a capture made by this run; `after` one from after publication (none before it).
    """
    if archive is None:
        return ""
    capture = archive.as_cited or archive.saved or archive.latest
    if capture is None:
        return "pending" if archive.pending else archive.status.value
    day = ts_date(capture.timestamp)
    if archive.status.value == "saved":
        return f"{day} saved"
    if archive.as_cited_after and capture is archive.as_cited:
        return f"{day} after"
    return day


def archive_link(archive: ArchiveResult | None) -> str | None:
    if archive is None:
        return None
    capture = archive.as_cited or archive.saved or archive.latest
    return capture.url if capture else None


def _join(*parts: str | None) -> str:
    return "; ".join(dict.fromkeys(p for p in (one_line(x) for x in parts if x) if p))


def _source_label(source: Source | None) -> str:
    if source is None:
        return ""
    if source.kind is SourceKind.ATTRIBUTION:
        return f"{source.id} {one_line(source.text or '')}".strip()
    return f"{source.id} {host_of(source.url)}".strip()


def _quote_note(check: QuoteCheck) -> str:
    parts: list[str] = []
    if check.note:
        parts.append(check.note)
    if check.match is not None:
        edits = check.match.result.edits
        if edits and check.verdict.value not in ("exact",):
            shown = []
            for e in edits[:3]:
                if e.op.value == "replace":
                    shown.append(f"“{e.quote}” → “{e.source}”")
                elif e.op.value == "delete":
                    shown.append(f"“{e.quote}” not in source")
                else:
                    shown.append(f"source has “{e.source}”")
            more = f" (+{len(edits) - 3} more)" if len(edits) > 3 else ""
            parts.append(", ".join(shown) + more)
        if check.match.result.note and check.match.result.note not in parts:
            parts.append(check.match.result.note)
    return _join(*parts)


def embed_check_of(report: Report, source_id: str | None) -> tuple[Embed, EmbedCheck | None] | None:
    """The embedded post whose permalink is this source, and its check."""
    if source_id is None:
        return None
    embed = next((e for e in report.extraction.embeds if e.source == source_id), None)
    if embed is None:
        return None
    return embed, next((c for c in report.embeds if c.embed == embed.id), None)


def _via(check: EmbedCheck | None) -> str:
    """How an embedded post was read: `via syndication`, `via archive`, or why it was not."""
    if check is None:
        return ""
    if check.original is not None:
        return f"via {check.original.via}"
    return "not read"


def _fetched(report: Report, sc: SourceCheck | None) -> str:
    if sc is None:
        return ""
    if sc.fetch is None and sc.source.kind is SourceKind.EMBED:
        found = embed_check_of(report, sc.source.id)
        return _via(found[1]) if found else ""
    return fetch_text(sc.fetch, report.checked_at)


def _basis(report: Report, source_id: str | None, version: str | None, timestamp: str | None) -> str:
    """`S3 live`, `S3 archived 2026-05-16` or `S3 live, cached 3 h ago`: which copy a verdict rests on."""
    if not source_id:
        return ""
    if version == "archived":
        day = ts_date(timestamp)
        return f"{source_id} archived {day}".strip()
    sc = source_check(report, source_id)
    age = cached_age(sc.fetch if sc else None, report.checked_at)
    if version is None:
        return source_id
    return f"{source_id} {version}" + (f", {age}" if age else "")


WEAK_TIE_NOTE = "only a link elsewhere in the paragraph ties it: that link may not be its source"


def quote_level(report: Report, quote: Quote, verdict: str) -> tuple[Level, tuple[str, ...]]:
    """A quotation not found in a link that only shares its paragraph is a warning, not a failure: a
    link near a quotation is not always its source (unless the run asked for --strict-ties)."""
    fail_on = report.fail_on
    if quote.tie is Tie.PARAGRAPH and verdict == "not-found" and not report.strict_ties:
        return Level.WARNING, ()
    return level_of(verdict, fail_on), (verdict,)


def quote_row(report: Report, quote: Quote, check: QuoteCheck | None, fail_on: frozenset[str]) -> Row:
    src_id = check.match.source if check and check.match and check.match.source else quote.source
    source = report.extraction.source(src_id)
    sc = source_check(report, src_id)
    verdict = check.verdict.value if check else "unverifiable"
    note = _quote_note(check) if check else "not checked"
    level, names = quote_level(report, quote, verdict)
    if not names and level is Level.WARNING:
        note = _join(WEAK_TIE_NOTE, note)
    match = check.match if check else None
    basis = _basis(report, src_id, match.version.value if match else None, match.timestamp if match else None)
    speaker = f" — {quote.speaker}" if quote.speaker else ""
    return Row(
        id=quote.id,
        line=quote.line,
        kind="quote",
        what=one_line(f"“{quote.text}”{speaker}"),
        source=_source_label(source),
        fetched=_fetched(report, sc),
        archived=archive_text(sc.archive) if sc else "",
        verdict=verdict,
        note=note,
        level=level,
        names=names,
        url=source.url if source else None,
        archive_url=archive_link(sc.archive) if sc else None,
        basis=basis,
    )


def claim_level(
    claim: Claim, verdict: str, fail_on: frozenset[str], *, strict_ties: bool = False
) -> tuple[Level, tuple[str, ...]]:
    """A figure that differs or is missing fails on a firm tie; on a paragraph tie it is a warning (a link
    near a figure is not always its source); a figure with no source at all is only a notice."""
    if claim.tie is Tie.PARAGRAPH and verdict in ("differs", "not-found") and not strict_ties:
        return Level.WARNING, ()
    if claim.tie is Tie.NONE:
        return Level.NOTICE, ()
    return level_of(verdict, fail_on), (verdict,)


def claim_note(check: ClaimCheck | None) -> str:
    if check is None:
        return "not checked"
    passage = f"{check.match.version.value} copy: “{check.match.text}”" if check.match else None
    return _join(check.note, passage)


def claim_row(report: Report, claim: Claim, check: ClaimCheck | None, fail_on: frozenset[str]) -> Row:
    source = report.extraction.source(claim.source)
    sc = source_check(report, claim.source)
    verdict = check.verdict.value if check else "unverifiable"
    level, names = claim_level(claim, verdict, fail_on, strict_ties=report.strict_ties)
    note = claim_note(check)
    if not names and level is Level.WARNING:
        note = _join(WEAK_TIE_NOTE, note)
    return Row(
        id=claim.id,
        line=claim.line,
        kind="claim",
        what=one_line(f"{claim.value.text}: {claim.text}"),
        source=_source_label(source),
        fetched=_fetched(report, sc),
        archived=archive_text(sc.archive) if sc else "",
        verdict=verdict,
        note=note,
        level=level,
        names=names,
        url=source.url if source else None,
        archive_url=archive_link(sc.archive) if sc else None,
        basis=_basis(
            report,
            claim.source,
            check.match.version.value if check and check.match else None,
            check.match.timestamp if check and check.match else None,
        ),
    )


def embed_row(report: Report, embed: Embed, check: EmbedCheck | None, fail_on: frozenset[str]) -> Row:
    verdict = check.verdict.value if check else "unverifiable"
    archive = check.archive if check else None
    sc = source_check(report, embed.source)
    if archive is None and sc is not None:
        archive = sc.archive
    notes = [*(check.differences if check else ()), (check.note if check else "not checked")]
    who = embed.author_handle or embed.author_name or ""
    what = f"{embed.platform.value} {who}: {embed.text}" if embed.text else embed.url
    return Row(
        id=embed.id,
        line=embed.line,
        kind="embed",
        what=one_line(what),
        source=_source_label(report.extraction.source(embed.source)),
        fetched=_via(check),
        archived=archive_text(archive),
        verdict=verdict,
        note=_join(*notes),
        level=level_of(verdict, fail_on),
        names=(verdict,),
        url=embed.url,
        archive_url=archive_link(archive),
    )


def _attribution_row(report: Report, s: Source) -> Row:
    kinds = [a.kind.value for a in report.extraction.attributions if a.source == s.id]
    how = f" ({', '.join(dict.fromkeys(kinds))})" if kinds else ""
    return Row(
        id=s.id,
        line=s.line,
        kind=s.kind.value,
        what=one_line(s.text or ""),
        source="",
        fetched="",
        archived="",
        verdict="listed",
        note=f"named without a link{how}: nothing to fetch",
        level=Level.NOTICE,
        names=(),
    )


def source_row(report: Report, sc: SourceCheck, fail_on: frozenset[str]) -> Row:
    s = sc.source
    if s.kind is SourceKind.ATTRIBUTION:
        return _attribution_row(report, s)
    names = tuple(x.status.value for x in (sc.fetch, sc.archive) if x is not None)
    level = max((level_of(n, fail_on) for n in names), default=Level.GOOD)
    fetch = sc.fetch
    verdict = fetch.status.value if fetch else (sc.archive.status.value if sc.archive else "")
    notes: list[str | None] = []
    if fetch is not None:
        if fetch.status.value == "redirected" and fetch.final_url:
            notes.append(f"→ {fetch.final_url}")
        notes.append(fetch.error)
    elif s.kind is SourceKind.EMBED:
        # The post was read through its platform: the embed row carries that verdict (and --fail-on).
        found = embed_check_of(report, s.id)
        if found is not None:
            embed, check = found
            verdict = check.verdict.value if check else "unverifiable"
            level = max(level, level_of(verdict, frozenset()))
            notes.append(f"the post is checked through its platform ({embed.id})")
    if sc.archive is not None:
        if sc.archive.status.value == "failed" and sc.archive.error:
            notes.append(f"save failed: {sc.archive.error}")
        else:
            notes.append(sc.archive.error)
        if sc.archive.pending:
            notes.append("capture pending at the Wayback Machine")
        notes.append(sc.archive.note)
    return Row(
        id=s.id,
        line=s.line,
        kind=s.kind.value,
        what=one_line(s.url or ""),
        source="",
        fetched=_fetched(report, sc),
        archived=archive_text(sc.archive),
        verdict=verdict,
        note=_join(*notes),
        level=level,
        names=names,
        url=s.url,
        archive_url=archive_link(sc.archive),
    )


# The last report's sources by id: every row looks its source up, and a scan per row made a report of
# thousands of links quadratic to render (each format renders the rows, some more than once). One tuple,
# read and replaced whole, so that threads rendering two reports never mix them.
_LAST: list[tuple[Report | None, dict[str, SourceCheck]]] = [(None, {})]


def source_check(report: Report, source_id: str | None) -> SourceCheck | None:
    if source_id is None:
        return None
    last = _LAST[0]
    if last[0] is not report:
        last = (report, {sc.source.id: sc for sc in report.sources})
        _LAST[0] = last
    return last[1].get(source_id)


def rows(report: Report) -> list[Row]:
    """Every row of the table: quotations, embedded posts, claims, then sources, each in article order."""
    fail_on = report.fail_on
    qchecks = {c.quote: c for c in report.quotes}
    echecks = {c.embed: c for c in report.embeds}
    ex = report.extraction
    out = [quote_row(report, q, qchecks.get(q.id), fail_on) for q in ex.quotes]
    out += [embed_row(report, e, echecks.get(e.id), fail_on) for e in ex.embeds]
    cchecks = {c.claim: c for c in report.claims}
    out += [claim_row(report, c, cchecks.get(c.id), fail_on) for c in ex.claims]
    checked = {sc.source.id: sc for sc in report.sources}
    out += [source_row(report, checked.get(s.id) or SourceCheck(source=s), fail_on) for s in ex.sources]
    return out


def counts(report: Report) -> dict[str, dict[str, int]]:
    """The contract's summary counts: per quote verdict, embed verdict, fetch status, archive status."""
    qchecks = {c.quote: c for c in report.quotes}
    echecks = {c.embed: c for c in report.embeds}
    quotes = Counter(
        qchecks[q.id].verdict.value if q.id in qchecks else "unverifiable" for q in report.extraction.quotes
    )
    embeds = Counter(
        echecks[e.id].verdict.value if e.id in echecks else "unverifiable" for e in report.extraction.embeds
    )
    cchecks = {c.claim: c for c in report.claims}
    claims = Counter(
        cchecks[c.id].verdict.value if c.id in cchecks else "unverifiable" for c in report.extraction.claims
    )
    sources = Counter(sc.fetch.status.value for sc in report.sources if sc.fetch is not None)
    archive = Counter(sc.archive.status.value for sc in report.sources if sc.archive is not None)
    return {
        "quotes": dict(quotes),
        "embeds": dict(embeds),
        "claims": dict(claims),
        "sources": dict(sources),
        "archive": dict(archive),
    }


def unchecked_row(report: Report) -> Row | None:
    """With `--fail-on unchecked`, a run that verified nothing at all fails on this one row."""
    if "unchecked" not in report.fail_on:
        return None
    cov = coverage(report)
    if not cov.nothing:
        return None
    return Row(
        id="run", line=0, kind="run", what=one_line(report.extraction.article.input), source="", fetched="",
        archived="", verdict="unchecked", note=f"nothing was verified ({cov.line()})", level=Level.FAIL,
        names=("unchecked",),
    )  # fmt: skip


def failing(report: Report) -> list[Row]:
    """Rows carrying a verdict or status named by `--fail-on`."""
    found = [r for r in rows(report) if any(n in report.fail_on for n in r.names)]
    run = unchecked_row(report)
    return [run, *found] if run is not None else found


def is_failed(report: Report) -> bool:
    return bool(failing(report))


_ORDER = {
    "quotes": ("exact", "minor", "altered", "spliced", "not-found", "elsewhere", "changed", "unverifiable"),
    "embeds": ("matches", "differs", "deleted", "unverifiable"),
    "claims": ("confirmed", "differs", "not-found", "unverifiable"),
    "sources": ("ok", "redirected", "broken", "blocked", "timeout", "unsafe", "skipped", "not-in-replay"),
    "archive": ("archived", "saved", "missing", "failed", "skipped"),
}
_NOUNS = {
    "quotes": "quotations", "embeds": "embedded posts", "claims": "figures", "sources": "sources",
    "archive": "archive",
}  # fmt: skip


def summary_parts(report: Report) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(noun, total, [(name, count), …]) per group, names in the contract's order, empty groups left out."""
    out = []
    for group, tally in counts(report).items():
        if not tally:
            continue
        ordered = [(n, tally[n]) for n in _ORDER[group] if n in tally]
        ordered += [(n, c) for n, c in sorted(tally.items()) if n not in _ORDER[group]]
        out.append((_NOUNS[group], sum(tally.values()), ordered))
    return out


def summary_line(report: Report) -> str:
    """`12 quotations: 9 exact, 1 altered · 20 sources: … — 3 findings at or above --fail-on`."""
    groups = [coverage(report).line()]
    for noun, total, items in summary_parts(report):
        detail = ", ".join(f"{c} {n}" for n, c in items)
        groups.append(f"{noun}: {detail}" if noun == "archive" else f"{total} {noun}: {detail}")
    if len(groups) == 1:
        groups.append("nothing to check")
    n = len(failing(report))
    tail = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
    tail += " at or above --fail-on"
    return " · ".join(groups) + " — " + tail


# --------------------------------------------------------------------------- how much a run checked

_READ = frozenset({"ok", "redirected"})
# Fetch outcomes that say nothing about the source, only that the network never answered.
_NETWORK_ERRORS = ("DNS:", "connection failed", "proxy error")
_WAYBACK_DOWN = tuple(f"Wayback CDX: {e}" for e in (*_NETWORK_ERRORS, "no complete response"))


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of what the article cites was actually checked: the summary line says it first."""

    quotes: int
    quotes_checked: int
    claims: int
    claims_checked: int
    embeds: int
    embeds_checked: int
    sources: int  # sources with a URL
    sources_read: int  # read live, through the post's platform, or from an archived copy

    @property
    def nothing(self) -> bool:
        return not (self.quotes_checked or self.claims_checked or self.embeds_checked or self.sources_read)

    def line(self) -> str:
        parts = [f"checked {self.quotes_checked} of {self.quotes} quotation{'s' if self.quotes != 1 else ''}"]
        if self.claims:
            parts.append(f"{self.claims_checked} of {self.claims} figure{'s' if self.claims != 1 else ''}")
        if self.embeds:
            parts.append(f"{self.embeds_checked} of {self.embeds} post{'s' if self.embeds != 1 else ''}")
        parts.append(f"{self.sources_read} of {self.sources} source{'s' if self.sources != 1 else ''} read")
        return ", ".join(parts)


def coverage(report: Report) -> Coverage:
    ex = report.extraction
    read = {sc.source.id for sc in report.sources if sc.fetch is not None and sc.fetch.status.value in _READ}
    posts = {c.embed for c in report.embeds if c.original is not None}
    read |= {e.source for e in ex.embeds if e.id in posts and e.source}
    for qc in report.quotes:
        if qc.checked_against in ("archived", "both") and qc.match is not None and qc.match.source:
            read.add(qc.match.source)
    urls = [s for s in ex.sources if s.url and s.kind is not SourceKind.ATTRIBUTION]
    return Coverage(
        quotes=len(ex.quotes),
        quotes_checked=sum(1 for c in report.quotes if c.verdict.value != "unverifiable"),
        claims=len(ex.claims),
        claims_checked=sum(1 for c in report.claims if c.verdict.value != "unverifiable"),
        embeds=len(ex.embeds),
        embeds_checked=sum(1 for c in report.embeds if c.verdict.value != "unverifiable"),
        sources=len(urls),
        sources_read=sum(1 for s in urls if s.id in read),
    )


def _network_failure(fetch: FetchResult) -> bool:
    if fetch.http_status is not None:
        return False
    if fetch.status.value == "timeout":
        return True
    return fetch.status.value == "broken" and (fetch.error or "").startswith(_NETWORK_ERRORS)


def unreachable(report: Report) -> bool:
    """Nothing could be reached: every source that was fetched failed to resolve or connect, and neither
    the Wayback Machine nor a platform answered (the machine is offline, or a proxy refuses everything).

    One dead domain is a broken link, not an offline machine: without the Wayback Machine's failure to
    confirm it, it takes failures on two hosts or more.
    """
    tried = [sc.fetch for sc in report.sources if sc.fetch is not None]
    tried = [f for f in tried if f.status.value not in ("skipped", "unsafe", "not-in-replay")]
    if not tried or not all(_network_failure(f) for f in tried):
        return False
    if any(c.original is not None for c in report.embeds):
        return False
    archives = [sc.archive for sc in report.sources if sc.archive is not None]
    archives = [a for a in archives if a.status.value != "skipped"]
    if any(a.as_cited or a.latest or a.saved for a in archives):
        return False
    if any(not (a.error or "").startswith(_WAYBACK_DOWN) for a in archives):
        return False  # the Wayback Machine answered
    hosts = {urlsplit(f.url).hostname for f in tried}
    return bool(archives) or len(hosts) > 1


def replay_lacks_article(report: Report) -> bool:
    """Replaying a WARC that holds none of this article's exchanges (every fetch was not-in-replay)."""
    fetched = [sc.fetch for sc in report.sources if sc.fetch is not None]
    return bool(fetched) and all(f.status.value == "not-in-replay" for f in fetched)
