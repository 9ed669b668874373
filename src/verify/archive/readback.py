"""Reading captures back: raw `id_` mementos, archived redirects by our rules, copies as documents."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from verify.archive import cdx
from verify.archive.endpoint import Wayback, deferred
from verify.archive.lookup import Lookups
from verify.archive.memento import (
    Kind,
    classify,
    http_date_timestamp,
    memento_url,
    resolve_location,
    split_memento_url,
)
from verify.archive.types import POOL_MEMENTO
from verify.fetch.reader import BodyOf, read_response
from verify.fetch.types import RetryPolicy
from verify.models import Capture, Document, Fetched, FetchResult, FetchStatus, Version

if TYPE_CHECKING:
    from verify.fetch.types import Response

MAX_HOPS = 8
MEMENTO_RETRY = RetryPolicy(attempts=2, statuses=frozenset({502, 503, 504}))


class Reader:
    """Read mementos back, checking each is the capture asked for and not one of the Wayback's own pages."""

    def __init__(self, wayback: Wayback, lookups: Lookups, body_of: BodyOf | None = None) -> None:
        self.wayback = wayback
        self.body_of = body_of  # the article body of an archived page, as for the live one
        self.lookups = lookups  # for the earlier captures tried when the as-cited copy is unreadable

    def read_back_cited(self, capture: Capture, *, fallbacks: int = 2) -> tuple[Fetched, Capture]:
        """Read the as-cited capture back; when it reads as an archived error page, a wall or no memento,
        try up to `fallbacks` earlier captures (one CDX query), so that the comparison rests on the page
        as it stood and not on what a firewall once answered the crawler. Returns the copy and its capture.
        """
        fetched = self.read_back(capture)
        unreadable = fetched.document is None and fetched.result.status not in (
            FetchStatus.TIMEOUT,
            FetchStatus.NOT_IN_REPLAY,
        )
        when = cdx.parse_timestamp(capture.timestamp)
        if not unreadable or fallbacks <= 0 or when is None or capture.original is None:
            return fetched, capture
        rows, error, _ = self.lookups.cdx(capture.original, end=when - timedelta(seconds=1), limit=-fallbacks)
        for row in reversed(rows[-fallbacks:] if not error else []):  # the nearest earlier first
            earlier = self.wayback.row_capture(row)
            retry = self.read_back(earlier)
            if retry.document is not None:
                return retry, earlier
        return fetched, capture

    def read_back(self, capture: Capture, *, window_hours: float = 24) -> Fetched:
        """Fetch a capture raw (`id_`) and make sure it is a memento within `window_hours` of it."""
        wb = self.wayback
        parts = split_memento_url(capture.url)
        original = capture.original or (parts[2] if parts else capture.url)
        target_time = cdx.parse_timestamp(capture.timestamp)
        first = memento_url(wb.base, capture.timestamp, original, "id_")
        current = first
        hops: list[str] = []
        seen_originals: set[str] = set()
        window = timedelta(hours=window_hours)
        for _ in range(MAX_HOPS + 1):
            outcome = wb.send("GET", current, POOL_MEMENTO, retry=MEMENTO_RETRY)
            resp = outcome.response
            if deferred(outcome):
                return _fetch_failed(first, FetchStatus.BLOCKED, outcome.error, hops)
            if resp is None:
                return _fetch_failed(first, outcome.failure or FetchStatus.BROKEN, outcome.error, hops)
            headers = {k.lower(): v for k, v in resp.headers.items_}
            # The Wayback's own pages put their verdict far down (57 kB into a real excluded page).
            own_page = "" if "memento-datetime" in headers else resp.body.decode("utf-8", "replace")
            kind = classify(resp.status, headers, own_page)
            here = split_memento_url(current)
            if kind in (Kind.ARCHIVED_REDIRECT, Kind.OTHER_TIME):
                nxt = resolve_location(current, headers["location"], wb.base)
                if split_memento_url(nxt) is None:
                    # An archived redirect to a bare URL: ask for it at the same moment.
                    nxt = memento_url(wb.base, here[0] if here else capture.timestamp, nxt, "id_")
                nparts = split_memento_url(nxt)
                assert nparts is not None
                if kind is Kind.OTHER_TIME:
                    moved = cdx.parse_timestamp(nparts[0].ljust(14, "0"))
                    if target_time is None or moved is None or abs(moved - target_time) > window:
                        return _fetch_failed(
                            first,
                            FetchStatus.BROKEN,
                            f"no capture within {window_hours:g} h of {capture.timestamp}: "
                            f"the Wayback points at {nparts[0]}",
                            hops,
                            resp.status,
                        )
                elif nparts[2] in seen_originals or nparts[2] == (here[2] if here else None):
                    return _fetch_failed(first, FetchStatus.BROKEN, "the archived redirects loop", hops)
                if here:
                    seen_originals.add(here[2])
                hops.append(current)
                current = nxt
                continue
            return self._memento_outcome(first, current, hops, resp, kind, capture, target_time, window)
        return _fetch_failed(first, FetchStatus.BROKEN, f"more than {MAX_HOPS} archived redirects", hops)

    def _memento_outcome(  # noqa: PLR0917 - private, one caller
        self,
        first: str,
        current: str,
        hops: list[str],
        resp: Response,
        kind: Kind,
        capture: Capture,
        target_time: datetime | None,
        window: timedelta,
    ) -> Fetched:
        redirects = (*hops, current) if hops else ()
        if kind is Kind.RATE_LIMITED:  # the pool is paused by the exchange itself
            error = "Wayback rate limit (429): mementos paused"
            return _fetch_failed(first, FetchStatus.BLOCKED, error, hops, 429)
        if kind is Kind.NOT_ARCHIVED:
            error = "the Wayback Machine has not archived it"
            return _fetch_failed(first, FetchStatus.BROKEN, error, hops, resp.status)
        if kind is Kind.EXCLUDED:
            return _fetch_failed(
                first, FetchStatus.BLOCKED, "excluded from the Wayback Machine", hops, resp.status
            )
        if kind is Kind.ERROR:
            error = f"the Wayback answered HTTP {resp.status}"
            return _fetch_failed(first, FetchStatus.BROKEN, error, hops, resp.status)
        stamp = http_date_timestamp(resp.headers.get("memento-datetime")) or capture.timestamp
        when = cdx.parse_timestamp(stamp)
        if target_time is not None and when is not None and abs(when - target_time) > window:
            return _fetch_failed(
                first, FetchStatus.BROKEN, f"the memento ({stamp}) is outside the window", hops, resp.status
            )
        status: FetchStatus = FetchStatus.BROKEN
        document: Document | None = None
        reason: str | None = f"the archived copy is an error page ({resp.status})"
        if kind is Kind.MEMENTO:
            parts = split_memento_url(current)
            original = parts[2] if parts else current
            status, document, reason = _read_document(resp, original, stamp, self.body_of)
        result = FetchResult(
            url=first,
            status=status,
            http_status=resp.status,
            final_url=current,
            content_type=resp.content_type or None,
            size=len(resp.body),
            sha256=hashlib.sha256(resp.body).hexdigest(),
            elapsed=resp.elapsed,
            error=reason,
            redirects=redirects,
            truncated=resp.truncated,
            from_cache=resp.from_cache,
        )
        return Fetched(result, document)


def _fetch_failed(
    url: str, status: FetchStatus, error: str | None, hops: list[str], http_status: int | None = None
) -> Fetched:
    result = FetchResult(url=url, status=status, http_status=http_status, error=error, redirects=tuple(hops))
    return Fetched(result)


def _read_document(
    resp: Response, original: str, timestamp: str, body_of: BodyOf | None
) -> tuple[FetchStatus, Document | None, str | None]:
    """The memento read by the fetch stage's reader (charsets, visible text, PDF, walls), as ARCHIVED."""
    status, doc, reason = read_response(resp, body_of=body_of)
    if doc is None:
        return status, None, reason
    return status, replace(doc, url=original, version=Version.ARCHIVED, timestamp=timestamp), reason
