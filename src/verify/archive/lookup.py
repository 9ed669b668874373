"""Looking captures up: CDX queries (paged), the availability fallback, and the look-up cache."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from urllib.parse import urlencode

from verify.archive import cdx
from verify.archive.endpoint import NS_LOOKUP, NS_SAVED, Wayback
from verify.archive.memento import split_memento_url
from verify.archive.types import POOL_AVAILABILITY, POOL_CDX, CdxRow
from verify.models import Capture

LOOKUP_AFTER_DAYS = 366  # how far after publication an `as_cited_after` capture may be
LATEST_ROWS = 12  # the index repeats rows up to 4 times; a few unique captures must survive dedupe


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
        wb = self.wayback
        rows: list[CdxRow] = []
        resume: str | None = None
        for _ in range(max(pages, 1)):
            if wb.is_paused(POOL_CDX):
                return rows, "Wayback CDX rate limit (429): look-ups paused for 60 s", False
            params = cdx.query_params(
                url, start=start, end=end, limit=limit, resume_key=resume, match_type=match_type
            )
            outcome = wb.send("GET", f"{wb.base}/cdx/search/cdx?{urlencode(params)}", POOL_CDX)
            resp = outcome.response
            if resp is None:
                return rows, f"Wayback CDX: {outcome.error or outcome.failure}", False
            if resp.status == 429:
                wb.pause(POOL_CDX)
                return rows, "Wayback CDX rate limit (429): look-ups paused for 60 s", False
            runtime_error = resp.headers.get("x-archive-wayback-runtime-error", "")
            if resp.status == 403 and "AccessControl" in runtime_error:
                why = "robots.txt" if "Robot" in runtime_error else "an administrative exclusion"
                return rows, f"the site is excluded from the Wayback Machine ({why})", True
            if resp.status != 200:
                return rows, f"Wayback CDX answered HTTP {resp.status}", False
            page, resume = cdx.parse(resp.text())
            rows.extend(page)
            if not resume:
                break
        return cdx.usable(rows), None, False

    def _lookup_cdx(self, url: str, pub: datetime | None) -> Found:
        capture = self.wayback.row_capture
        latest_rows, error, excluded = self.cdx(url, limit=-LATEST_ROWS)
        if error:
            return Found(error=error, excluded=excluded)
        if not latest_rows:
            return Found()
        latest = capture(latest_rows[-1])
        if pub is None:
            return Found(latest=latest)
        cutoff = cdx.format_timestamp(pub)
        before = [r for r in latest_rows if r.timestamp <= cutoff]
        if not before:
            before, error, _ = self.cdx(url, end=pub, limit=-LATEST_ROWS)
            if error:
                return Found(latest=latest, error=error)
        if before:
            return Found(as_cited=capture(before[-1]), latest=latest)
        after_rows, error, _ = self.cdx(url, start=pub, end=pub + timedelta(days=LOOKUP_AFTER_DAYS), limit=3)
        if error:
            return Found(latest=latest, error=error)
        rows = after_rows or latest_rows
        return Found(as_cited=capture(rows[0]), after=True, latest=latest)

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
        if wb.is_paused(POOL_AVAILABILITY):
            return "rate limited"
        params = {"url": url}
        if timestamp:
            params["timestamp"] = timestamp
        outcome = wb.send(
            "GET", f"{wb.availability_base}/wayback/available?{urlencode(params)}", POOL_AVAILABILITY
        )
        resp = outcome.response
        if resp is None:
            return str(outcome.error or outcome.failure)
        if resp.status == 429:
            wb.pause(POOL_AVAILABILITY)
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
