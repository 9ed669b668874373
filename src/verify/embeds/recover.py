"""Recovering the permalink of a flattened post (text, name, handle and date, no URL) from the Wayback index.

The choice is pure: which prefix queries to send (one per host and handle, bounded in time), which
captured posts are candidates (their IDs encode a time on the post's date; at most `MAX_CANDIDATES`),
and which candidate is the post (the quotation matcher, tolerant of a changed word so that a post edited
before capture is still found). `recover` sends the queries and reads the candidates back through the
archive client; it never asks the archive about the profile or the handle itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from verify.embeds.archived import ArchiveReader, read_capture
from verify.embeds.compare import match_texts, normalize_text
from verify.embeds.ids import id_time
from verify.errors import VerifyError
from verify.models import Capture, Embed, MatchResult, OriginalPost, Platform, QuoteVerdict

if TYPE_CHECKING:
    from verify.archive.types import CdxRow
    from verify.fetch.http import HttpClient

RECOVERABLE = frozenset({Platform.TWITTER, Platform.BLUESKY, Platform.MASTODON})
WEEKS_AFTER = 3  # posts are mostly captured within days; a few weeks catches a late first capture
MAX_CANDIDATES = 10
ROWS_PER_QUERY = 500  # one page: a handle's captures over a few weeks rarely fill it
# A one-word edit of a short post scores about 0.9; a different post of the same handle below 0.3.
MIN_SCORE = 0.75
# The date under a flattened post is the reader's local date: UTC-12 to UTC+14 around the UTC day.
_EARLIER, _LATER = timedelta(hours=14), timedelta(hours=12)

_TWEET = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>\w+)/status(?:es)?/(?P<id>\d+)", re.I
)
_BLUESKY = re.compile(r"^https?://bsky\.app/profile/(?P<user>[^/?#]+)/post/(?P<id>[a-z2-7]{13})\b", re.I)


class PrefixArchive(ArchiveReader, Protocol):
    """What recovery asks of the archive stage's `Archiver`: prefix queries and captures from their rows."""

    def captures(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        page_size: int = 1000,
        max_pages: int = 10,
        match_type: str | None = None,
    ) -> list[CdxRow]: ...

    def capture(self, timestamp: str, original: str) -> Capture: ...


@dataclass(frozen=True, slots=True)
class PrefixQuery:
    """One CDX prefix query: every capture under `prefix` between `start` and `end`."""

    prefix: str
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Candidate:
    """A captured post of the handle whose ID dates it to the flattened post's day."""

    permalink: str
    post_id: str
    timestamp: str  # the capture read back
    original: str  # the URL as captured


@dataclass(frozen=True, slots=True)
class Recovery:
    """What recovery found: the post (or why not), and what it asked of the archive."""

    permalink: str | None = None
    post_id: str | None = None
    capture: Capture | None = None
    post: OriginalPost | None = None
    match: MatchResult | None = None
    note: str | None = None
    queries: int = 0  # prefix queries sent
    read: int = 0  # candidates read back


def can_recover(embed: Embed) -> bool:
    """A flattened post without a permalink, on a platform whose index can be searched by handle."""
    return embed.form == "flattened" and embed.post_id is None and embed.platform in RECOVERABLE


def post_day(embed: Embed) -> date | None:
    """The date shown under the post."""
    if not embed.date:
        return None
    try:
        return date.fromisoformat(embed.date[:10])
    except ValueError:
        return None


def _user(embed: Embed) -> tuple[str, str | None]:
    """(user, server): `@name@server` on Mastodon, else the bare handle."""
    handle = (embed.author_handle or "").lstrip("@")
    user, _, server = handle.partition("@")
    return user, server or None


def prefix_queries(embed: Embed) -> list[PrefixQuery]:
    """The queries for one flattened post: X under both host names, Bluesky, Mastodon on its server."""
    day, (user, server) = post_day(embed), _user(embed)
    if day is None or not user or not can_recover(embed):
        return []
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - _EARLIER
    end = start + _EARLIER + timedelta(days=1, weeks=WEEKS_AFTER)
    if embed.platform is Platform.TWITTER:
        prefixes = [f"twitter.com/{user}/status/", f"x.com/{user}/status/"]
    elif embed.platform is Platform.BLUESKY:
        prefixes = [f"bsky.app/profile/{user}/post/"]
    elif server:
        prefixes = [f"{server}/@{user}/"]
    else:
        prefixes = []
    return [PrefixQuery(p, start, end) for p in prefixes]


def _parts(embed: Embed, original: str) -> tuple[str, str] | None:
    """(permalink, post ID) of a captured URL that is a post of the embed's handle."""
    user, server = _user(embed)
    if embed.platform is Platform.TWITTER:
        m = _TWEET.match(original)
        if m and m.group("user").lower() == user.lower():
            return f"https://twitter.com/{m.group('user')}/status/{m.group('id')}", m.group("id")
    elif embed.platform is Platform.BLUESKY:
        m = _BLUESKY.match(original)
        if m and m.group("user").lower() == user.lower():
            return f"https://bsky.app/profile/{m.group('user')}/post/{m.group('id')}", m.group("id")
    elif server:
        m = re.match(rf"^https?://{re.escape(server)}/@{re.escape(user)}/(\d+)\b", original, re.I)
        if m:
            return f"https://{server}/@{user}/{m.group(1)}", m.group(1)
    return None


def candidates(embed: Embed, rows: Sequence[CdxRow], now: datetime | None = None) -> list[Candidate]:
    """The handle's captured posts whose ID's time falls on the post's date, one capture each (the first),
    in the order they were posted; at most `MAX_CANDIDATES`."""
    day = post_day(embed)
    if day is None:
        return []
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - _EARLIER
    end = start + _EARLIER + timedelta(days=1) + _LATER
    found: dict[str, tuple[datetime, Candidate]] = {}
    for row in sorted(rows, key=lambda r: r.timestamp):
        parts = _parts(embed, row.original)
        if parts is None or parts[1] in found:
            continue
        when = id_time(embed.platform, parts[1], now=now)
        if when is not None and start <= when < end:
            found[parts[1]] = (when, Candidate(parts[0], parts[1], row.timestamp, row.original))
    ordered = sorted(found.values(), key=lambda pair: pair[0])
    return [c for _, c in ordered[:MAX_CANDIDATES]]


def agreement(embed: Embed, text: str | None) -> MatchResult | None:
    """The matcher's verdict on the flattened text against a captured post's, when they agree enough."""
    shown, actual = normalize_text(embed.text), normalize_text(text)
    if not shown or not actual:
        return None
    result = match_texts(shown, actual)
    if result.verdict in (QuoteVerdict.EXACT, QuoteVerdict.MINOR):
        return result
    if result.verdict is QuoteVerdict.ALTERED and result.score >= MIN_SCORE:
        return result
    return None


def best(scored: Sequence[tuple[Candidate, MatchResult]]) -> tuple[Candidate, MatchResult] | None:
    """The candidate whose text agrees best (the earliest posted among equals)."""
    return max(scored, key=lambda pair: pair[1].score, default=None)


def no_match_note(embed: Embed) -> str:
    return f"no captured post of {embed.author_handle or 'the author'} on that date matches"


def recover(embed: Embed, archive: PrefixArchive, client: HttpClient) -> Recovery:
    """Ask the index for the handle's posts around the date, read the candidates, keep the one that agrees."""
    queries = prefix_queries(embed)
    if not queries:
        return Recovery(note="a flattened post without a handle, a date or a server cannot be looked up")
    rows: list[CdxRow] = []
    errors: list[str] = []
    for q in queries:
        try:
            rows += archive.captures(
                q.prefix, start=q.start, end=q.end, page_size=ROWS_PER_QUERY, max_pages=1, match_type="prefix"
            )
        except VerifyError as exc:
            errors.append(str(exc))
    scored: list[tuple[Candidate, MatchResult]] = []
    posts: dict[str, tuple[Capture, OriginalPost | None]] = {}
    read = 0
    for cand in candidates(embed, rows, now=client.clock.now()):
        capture = archive.capture(cand.timestamp, cand.original)
        tweet_id = cand.post_id if embed.platform is Platform.TWITTER else None
        post, page_text = read_capture(archive, client, capture, tweet_id)
        read += 1
        result = agreement(embed, post.text if post is not None and post.text else page_text)
        if result is None:
            continue
        posts[cand.post_id] = (capture, post)
        scored.append((cand, result))
        if result.verdict is QuoteVerdict.EXACT:
            break  # nothing can agree better
    chosen = best(scored)
    if chosen is None:
        note = no_match_note(embed)
        if errors and not rows:
            note = f"the Wayback index could not be searched ({'; '.join(errors)})"
        return Recovery(note=note, queries=len(queries), read=read)
    cand, result = chosen
    capture, post = posts[cand.post_id]
    return Recovery(cand.permalink, cand.post_id, capture, post, result, None, len(queries), read)
