"""Looking captures up: CDX queries (paged), the availability fallback, and the look-up cache."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlencode

from verify.archive import cdx
from verify.archive.endpoint import NS_LOOKUP, NS_SAVED, Wayback, deferred
from verify.archive.memento import split_memento_url
from verify.archive.types import POOL_AVAILABILITY, POOL_CDX, CdxRow
from verify.models import Capture

LATEST_ROWS = 12  # the index repeats rows up to 4 times; a few unique captures must survive dedupe
WIDE_ROWS = 48  # when those few are redirects, or before/after publication: one wider query


@dataclass(frozen=True, slots=True)
class Found:
    """What a look-up learnt about one URL."""

    as_cited: Capture | None = None
    after: bool = False
    latest: Capture | None = None
    error: str | None = None  # the look-up itself failed (nothing is known)
    excluded: bool = False  # the site is excluded from the Wayback Machine
    note: str | None = None


class Lookups:
    """CDX first, the availability API only when CDX fails; answers cached for the client's max-age."""

    def __init__(self, wayback: Wayback) -> None:
        self.wayback = wayback

    def lookup(self, url: str, pub: datetime | None) -> Found:
        client = self.wayback.client
        key = f"{url}\n{cdx.format_timestamp(pub) if pub else ''}"
        cached = client.cache.get(NS_LOOKUP, key)
        found = self._decode(cached) if cached else None
        if found is None:
            found = self._lookup_cdx(url, pub)
            if found.error and not found.excluded:
                found = self._lookup_availability(url, pub, found.error)
            if not found.error:
                client.cache.put(NS_LOOKUP, key, _encode(found), ttl=client.config.max_age)
        saved = self.wayback.cached_capture(NS_SAVED, url)
        if saved is not None and (found.latest is None or saved.timestamp > found.latest.timestamp):
            # A capture this tool made can be missing from the index for hours.
            found = replace(found, latest=saved, error=None)
            if pub is not None and found.as_cited is None:
                after = saved.timestamp > cdx.format_timestamp(pub)
                found = replace(found, as_cited=saved, after=after)
        return found

    def todays(self, url: str) -> Capture | None:
        """The newest usable capture made today (UTC), when Save Page Now says there are enough of them."""
        now = self.wayback.client.clock.now().astimezone(UTC)
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        rows, _, error, _ = self._query(url, start=midnight, limit=-LATEST_ROWS)
        return self.wayback.row_capture(rows[-1]) if rows and not error else None

    def cdx(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = None,
        pages: int = 1,
        match_type: str | None = None,
    ) -> tuple[list[CdxRow], str | None, bool]:
        """(usable rows, error, excluded) for one CDX query, paging by resume key."""
        usable, _, error, excluded = self._query(
            url, start=start, end=end, limit=limit, pages=pages, match_type=match_type
        )
        return usable, error, excluded

    def _query(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = None,
        pages: int = 1,
        match_type: str | None = None,
    ) -> tuple[list[CdxRow], int, str | None, bool]:
        """(usable rows, rows read, error, excluded); revisits are resolved with at most one more query."""
        rows: list[CdxRow] = []
        resume: str | None = None
        for _ in range(max(pages, 1)):
            params = cdx.query_params(
                url, start=start, end=end, limit=limit, resume_key=resume, match_type=match_type
            )
            page, resume, error, excluded = self._send(url, list(params.items()))
            if error:
                return cdx.usable(rows), len(rows), error, excluded
            rows.extend(page)
            if not resume:
                break
        resolved: dict[str, str] = {}
        digests = cdx.unresolved_revisits(rows)
        if digests:
            originals, _, error, _ = self._send(url, cdx.digest_query(url, digests))
            # Unresolved (the query failed or found nothing): read-back still checks the memento.
            resolved = {} if error else {r.digest: r.statuscode for r in originals if r.statuscode != "-"}
        return cdx.usable(rows, resolved), len(rows), None, False

    def _send(
        self, url: str, params: list[tuple[str, str]]
    ) -> tuple[list[CdxRow], str | None, str | None, bool]:
        """(rows, resume key, error, excluded) of one CDX request."""
        wb = self.wayback
        outcome = wb.send("GET", f"{wb.base}/cdx/search/cdx?{urlencode(params)}", POOL_CDX)
        resp = outcome.response
        if deferred(outcome):
            return [], None, str(outcome.error), False
        if resp is None:
            return [], None, f"Wayback CDX: {outcome.error or outcome.failure}", False
        if resp.status == 429:
            return [], None, "Wayback CDX rate limit (429): look-ups paused for 60 s", False
        runtime_error = resp.headers.get("x-archive-wayback-runtime-error", "")
        if resp.status == 403 and "AccessControl" in runtime_error:
            why = "robots.txt" if "Robot" in runtime_error else "an administrative exclusion"
            return [], None, f"the site is excluded from the Wayback Machine ({why})", True
        if resp.status != 200:
            return [], None, f"Wayback CDX answered HTTP {resp.status}", False
        page, resume = cdx.parse(resp.text())
        return page, resume, None, False

    def _lookup_cdx(self, url: str, pub: datetime | None) -> Found:
        capture = self.wayback.row_capture
        latest_rows, read, error, excluded = self._query(url, limit=-LATEST_ROWS)
        if error:
            return Found(error=error, excluded=excluded)
        if not latest_rows and read >= LATEST_ROWS:
            # The newest rows are all redirects or revisits of them: look further back once.
            latest_rows, _, error, _ = self._query(url, limit=-WIDE_ROWS)
            if error:
                return Found(error=error)
        if not latest_rows:
            return Found()
        latest = capture(latest_rows[-1])
        if pub is None:
            return Found(latest=latest)
        cutoff = cdx.format_timestamp(pub)
        before = [r for r in latest_rows if r.timestamp <= cutoff]
        if not before:
            before, _, error, _ = self._query(url, end=pub, limit=-WIDE_ROWS)
            if error:
                return Found(latest=latest, error=error)
        if before:
            return Found(as_cited=capture(before[-1]), latest=latest)
        # The earliest usable capture after publication: the first rows from that moment on.
        after_rows, _, error, _ = self._query(url, start=pub, limit=WIDE_ROWS)
        if error:
            return Found(latest=latest, error=error)
        first = after_rows[0] if after_rows else latest_rows[0]
        return Found(as_cited=capture(first), after=True, latest=latest)

    def _lookup_availability(self, url: str, pub: datetime | None, cdx_error: str) -> Found:
        """The availability API, only because CDX failed: it misses captures, so it never says 'none'."""
        closest = self._available(url, cdx.format_timestamp(pub) if pub else None)
        if isinstance(closest, str):
            return Found(error=f"{cdx_error}; availability API: {closest}")
        latest = closest if pub is None else self._available(url, None)
        if isinstance(latest, str):
            latest = closest
        if closest is None and latest is None:
            return Found(error=f"{cdx_error}; the availability API found nothing (it misses captures)")
        note = "found through the availability API (CDX failed)"
        if pub is None or closest is None:
            return Found(latest=latest, note=note)
        after = closest.timestamp > cdx.format_timestamp(pub)
        if latest is None or latest.timestamp < closest.timestamp:
            latest = closest
        return Found(as_cited=closest, after=after, latest=latest, note=note)

    def _available(self, url: str, timestamp: str | None) -> Capture | str | None:
        wb = self.wayback
        # Without the scheme: `url=https://…` answers empty for archived URLs (internetarchive/wayback #296).
        params = {"url": re.sub(r"^https?://", "", url, flags=re.IGNORECASE)}
        if timestamp:
            params["timestamp"] = timestamp
        outcome = wb.send(
            "GET", f"{wb.availability_base}/wayback/available?{urlencode(params)}", POOL_AVAILABILITY
        )
        resp = outcome.response
        if deferred(outcome):
            return "rate limited (429): deferred to the next run"
        if resp is None:
            return str(outcome.error or outcome.failure)
        if resp.status == 429:
            return "rate limited (429)"
        if resp.status != 200:
            return f"HTTP {resp.status}"
        try:
            data = json.loads(resp.text())
            closest = data["archived_snapshots"].get("closest") or {}
        except (ValueError, KeyError, TypeError, AttributeError):
            return "an answer that is not the expected JSON"
        ts = str(closest.get("timestamp", ""))
        if not closest.get("available") or str(closest.get("status")) != "200":
            return None
        if cdx.parse_timestamp(ts) is None:
            return None
        parts = split_memento_url(str(closest.get("url", "")))
        return wb.capture(ts, parts[2] if parts else url)

    def _decode(self, raw: str) -> Found | None:
        try:
            data = json.loads(raw)

            def cap(value: object) -> Capture | None:
                if not isinstance(value, list) or len(value) != 2:
                    return None
                return self.wayback.capture(str(value[0]), str(value[1]))

            return Found(
                as_cited=cap(data.get("as_cited")),
                after=bool(data.get("after")),
                latest=cap(data.get("latest")),
                note=data.get("note"),
            )
        except (ValueError, AttributeError, TypeError):
            return None


def _encode(found: Found) -> str:
    def cap(c: Capture | None) -> list[str] | None:
        return [c.timestamp, c.original or ""] if c else None

    data = {"as_cited": cap(found.as_cited), "after": found.after, "latest": cap(found.latest)}
    return json.dumps({**data, "note": found.note})
