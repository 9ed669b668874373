"""The Wayback Machine as the pipeline uses it: look-ups, saves by policy, and reading mementos back."""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlencode

from verify.archive import cdx
from verify.archive.keys import load_keys
from verify.archive.memento import (
    Kind,
    classify,
    http_date_timestamp,
    memento_url,
    resolve_location,
    split_memento_url,
)
from verify.archive.robust import robust_link
from verify.archive.spn import (
    ANONYMOUS_REFUSED,
    AnonymousSaveError,
    anonymous_save,
    parse_status,
    parse_submit,
    parse_user_status,
)
from verify.archive.types import (
    ANONYMOUS_SAVE_RATE,
    DEFAULT_AVAILABILITY_URL,
    DEFAULT_WAYBACK_URL,
    PAUSE_ON_429,
    POOL_AVAILABILITY,
    POOL_CDX,
    POOL_MEMENTO,
    POOL_SAVE,
    POOL_STATUS,
    RATES,
    ArchivePolicy,
    CdxRow,
    IAKeys,
)
from verify.errors import VerifyError
from verify.fetch.reader import read_response
from verify.fetch.types import NO_RETRY, Outcome, RetryPolicy
from verify.models import (
    ArchiveResult,
    ArchiveStatus,
    Capture,
    Document,
    Fetched,
    FetchResult,
    FetchStatus,
    Version,
)

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient
    from verify.fetch.types import Response

# Cache namespaces: what is found or made is written at once, so an interrupted run repeats nothing.
NS_LOOKUP = "wayback-lookup"
NS_SAVED = "wayback-saved"  # captures made by a save: the index can miss them for hours
NS_JOB = "wayback-job"  # submitted SPN2 jobs, polled (never resubmitted) by the next run
JOB_TTL = 3600.0  # the status endpoint forgets jobs after about an hour (then says "pending" forever)

POLL_DELAYS = (2.0, 3.0, 5.0, 8.0, 10.0)  # then every 10 s
MAX_HOPS = 8
LOOKUP_AFTER_DAYS = 366  # how far after publication an `as_cited_after` capture may be
LATEST_ROWS = 12  # the index repeats rows up to 4 times; a few unique captures must survive dedupe
MEMENTO_RETRY = RetryPolicy(attempts=2, statuses=frozenset({502, 503, 504}))

OnResult = Callable[[str, ArchiveResult], None]
_T = TypeVar("_T")
_A = TypeVar("_A")


@dataclass(frozen=True, slots=True)
class _Found:
    """What a look-up learnt about one URL."""

    as_cited: Capture | None = None
    after: bool = False
    latest: Capture | None = None
    error: str | None = None  # the look-up itself failed (nothing is known)
    excluded: bool = False  # the site is excluded from the Wayback Machine
    note: str | None = None


@dataclass(frozen=True, slots=True)
class _Saved:
    capture: Capture | None = None
    pending: bool = False
    error: str | None = None
    note: str | None = None


class Archiver:
    """Find, make and read back Wayback Machine captures, through the run's HttpClient only."""

    def __init__(
        self,
        client: HttpClient,
        *,
        wayback_url: str | None = None,
        availability_url: str | None = None,
        policy: ArchivePolicy = ArchivePolicy.MISSING,
        max_age_days: float = 30,
        save_timeout: float = 120,
        keys: IAKeys | None = None,
    ) -> None:
        self.client = client
        configured = wayback_url or os.environ.get("VERIFY_WAYBACK_URL")
        self.base = (configured or DEFAULT_WAYBACK_URL).rstrip("/")
        # A custom Wayback (a mirror, an emulator) answers the availability API too unless told otherwise.
        self.availability_base = (
            availability_url
            or os.environ.get("VERIFY_AVAILABILITY_URL")
            or configured
            or DEFAULT_AVAILABILITY_URL
        ).rstrip("/")
        self.policy = ArchivePolicy(policy)
        self.max_age_days = max_age_days
        self.save_timeout = save_timeout
        self.keys = keys if keys is not None else load_keys()
        # A replay must take the saving path the recorded run took, whatever keys this machine has:
        # the WARC answers SPN2 only if the recording used it (keys are not part of the match).
        keyed_in_recording = client.replay_holds("POST", f"{self.base}/save")
        if keyed_in_recording is False:
            self.keys = None
        elif keyed_in_recording and self.keys is None:
            self.keys = IAKeys("replay", "replay")
        # Set when the caller is interrupted: saves not begun are skipped and polling stops at once,
        # the submitted jobs staying in the cache for the next run, instead of Ctrl-C waiting minutes.
        self._stop = threading.Event()
        for pool, rate in RATES.items():
            client.set_rate(pool, rate)
        if self.keys is None:
            client.set_rate(POOL_SAVE, ANONYMOUS_SAVE_RATE)

    # ------------------------------------------------------------------ public API

    def lookup(self, url: str, published: date | datetime | str | None) -> ArchiveResult:
        """The captures of `url`: as cited at publication (or the earliest after) and the latest."""
        pub = cdx.publication_instant(published)
        return self._result(url, self._lookup(url, pub), pub)

    def ensure(self, url: str, published: date | datetime | str | None) -> ArchiveResult:
        """Look `url` up and save it when the policy asks."""
        return self.ensure_all([url], published)[url]

    def ensure_all(
        self,
        urls: Iterable[str],
        published: date | datetime | str | None,
        *,
        on_result: OnResult | None = None,
        deadline: float | None = None,
    ) -> dict[str, ArchiveResult]:
        """Look up every URL concurrently, then save those the policy asks for within the free slots.

        `deadline` is a time budget in seconds (on the client's clock): saves still running when it
        passes come back `pending=True`, their job ids kept in the cache for the next run.
        """
        order = list(dict.fromkeys(urls))
        pub = cdx.publication_instant(published)
        clock = self.client.clock
        end = clock.monotonic() + deadline if deadline is not None else None
        run_started = clock.now()
        results: dict[str, ArchiveResult] = {}
        report_lock = threading.Lock()

        def emit(url: str, result: ArchiveResult) -> None:
            with report_lock:
                results[url] = result
                if on_result is not None:
                    on_result(url, result)

        if not order:
            return {}
        found = dict(zip(order, self._in_threads(lambda u: self._lookup(u, pub), order), strict=True))
        to_save = [u for u in order if self._wants_save(u, found[u], clock.now())]
        for url in order:
            if url not in to_save:
                emit(url, self._result(url, found[url], pub))
        if to_save:
            self._save_many(to_save, found, pub, end, run_started, emit)
        return {u: results[u] for u in order}

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
        rows, error, _ = self._cdx(capture.original, end=when - timedelta(seconds=1), limit=-fallbacks)
        for row in reversed(rows[-fallbacks:] if not error else []):  # the nearest earlier first
            earlier = self._capture(row)
            retry = self.read_back(earlier)
            if retry.document is not None:
                return retry, earlier
        return fetched, capture

    def read_back(self, capture: Capture, *, window_hours: float = 24) -> Fetched:
        """Fetch a capture raw (`id_`) and make sure it is a memento within `window_hours` of it."""
        parts = split_memento_url(capture.url)
        original = capture.original or (parts[2] if parts else capture.url)
        target_time = cdx.parse_timestamp(capture.timestamp)
        first = memento_url(self.base, capture.timestamp, original, "id_")
        current = first
        hops: list[str] = []
        seen_originals: set[str] = set()
        window = timedelta(hours=window_hours)
        for _ in range(MAX_HOPS + 1):
            if self._is_paused(POOL_MEMENTO):
                return _fetch_failed(first, FetchStatus.BLOCKED, "Wayback rate limit: mementos paused", hops)
            outcome = self.client.request(
                "GET", current, follow_redirects=False, retry=MEMENTO_RETRY, pool=POOL_MEMENTO
            )
            resp = outcome.response
            if resp is None:
                return _fetch_failed(first, outcome.failure or FetchStatus.BROKEN, outcome.error, hops)
            headers = {k.lower(): v for k, v in resp.headers.items_}
            # The Wayback's own pages put their verdict far down (57 kB into a real excluded page).
            own_page = "" if "memento-datetime" in headers else resp.body.decode("utf-8", "replace")
            kind = classify(resp.status, headers, own_page)
            here = split_memento_url(current)
            if kind in (Kind.ARCHIVED_REDIRECT, Kind.OTHER_TIME):
                nxt = resolve_location(current, headers["location"], self.base)
                if split_memento_url(nxt) is None:
                    # An archived redirect to a bare URL: ask for it at the same moment.
                    nxt = memento_url(self.base, here[0] if here else capture.timestamp, nxt, "id_")
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

    def captures(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        page_size: int = 1000,
        max_pages: int = 10,
    ) -> list[CdxRow]:
        """Every usable capture in a time range, following resume keys up to `max_pages` pages."""
        rows, error, _ = self._cdx(url, start=start, end=end, limit=page_size, pages=max_pages)
        if error:
            raise VerifyError(error)
        return rows

    # ------------------------------------------------------------------ look-up

    def _lookup(self, url: str, pub: datetime | None) -> _Found:
        key = f"{url}\n{cdx.format_timestamp(pub) if pub else ''}"
        cached = self.client.cache.get(NS_LOOKUP, key)
        found = _decode_found(cached, self.base) if cached else None
        if found is None:
            found = self._lookup_cdx(url, pub)
            if found.error and not found.excluded:
                found = self._lookup_availability(url, pub, found.error)
            if not found.error:
                self.client.cache.put(NS_LOOKUP, key, _encode_found(found), ttl=self.client.config.max_age)
        saved = self._cached_capture(NS_SAVED, url)
        if saved is not None and (found.latest is None or saved.timestamp > found.latest.timestamp):
            # A capture this tool made can be missing from the index for hours.
            found = replace(found, latest=saved, error=None)
            if pub is not None and found.as_cited is None:
                after = saved.timestamp > cdx.format_timestamp(pub)
                found = replace(found, as_cited=saved, after=after)
        return found

    def _lookup_cdx(self, url: str, pub: datetime | None) -> _Found:
        latest_rows, error, excluded = self._cdx(url, limit=-LATEST_ROWS)
        if error:
            return _Found(error=error, excluded=excluded)
        if not latest_rows:
            return _Found()
        latest = self._capture(latest_rows[-1])
        if pub is None:
            return _Found(latest=latest)
        cutoff = cdx.format_timestamp(pub)
        before = [r for r in latest_rows if r.timestamp <= cutoff]
        if not before:
            before, error, _ = self._cdx(url, end=pub, limit=-LATEST_ROWS)
            if error:
                return _Found(latest=latest, error=error)
        if before:
            return _Found(as_cited=self._capture(before[-1]), latest=latest)
        after_rows, error, _ = self._cdx(url, start=pub, end=pub + timedelta(days=LOOKUP_AFTER_DAYS), limit=3)
        if error:
            return _Found(latest=latest, error=error)
        rows = after_rows or latest_rows
        return _Found(as_cited=self._capture(rows[0]), after=True, latest=latest)

    def _cdx(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int | None = None,
        pages: int = 1,
    ) -> tuple[list[CdxRow], str | None, bool]:
        """(usable rows, error, excluded) for one CDX query, paging by resume key."""
        rows: list[CdxRow] = []
        resume: str | None = None
        for _ in range(max(pages, 1)):
            if self._is_paused(POOL_CDX):
                return rows, "Wayback CDX rate limit (429): look-ups paused for 60 s", False
            params = cdx.query_params(url, start=start, end=end, limit=limit, resume_key=resume)
            outcome = self._send("GET", f"{self.base}/cdx/search/cdx?{urlencode(params)}", POOL_CDX)
            resp = outcome.response
            if resp is None:
                return rows, f"Wayback CDX: {outcome.error or outcome.failure}", False
            if resp.status == 429:
                self._pause(POOL_CDX)
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

    def _lookup_availability(self, url: str, pub: datetime | None, cdx_error: str) -> _Found:
        """The availability API, only because CDX failed: it misses captures, so it never says 'none'."""
        closest = self._available(url, cdx.format_timestamp(pub) if pub else None)
        if isinstance(closest, str):
            return _Found(error=f"{cdx_error}; availability API: {closest}")
        latest = closest if pub is None else self._available(url, None)
        if isinstance(latest, str):
            latest = closest
        if closest is None and latest is None:
            return _Found(error=f"{cdx_error}; the availability API found nothing (it misses captures)")
        note = "found through the availability API (CDX failed)"
        if pub is None or closest is None:
            return _Found(latest=latest, note=note)
        after = closest.timestamp > cdx.format_timestamp(pub)
        if latest is None or latest.timestamp < closest.timestamp:
            latest = closest
        return _Found(as_cited=closest, after=after, latest=latest, note=note)

    def _available(self, url: str, timestamp: str | None) -> Capture | str | None:
        if self._is_paused(POOL_AVAILABILITY):
            return "rate limited"
        params = {"url": url}
        if timestamp:
            params["timestamp"] = timestamp
        outcome = self._send(
            "GET", f"{self.availability_base}/wayback/available?{urlencode(params)}", POOL_AVAILABILITY
        )
        resp = outcome.response
        if resp is None:
            return str(outcome.error or outcome.failure)
        if resp.status == 429:
            self._pause(POOL_AVAILABILITY)
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
        original = parts[2] if parts else url
        return Capture(memento_url(self.base, ts, original), ts, original)

    # ------------------------------------------------------------------ saving

    def _wants_save(self, url: str, found: _Found, now: datetime) -> bool:
        if self.policy is ArchivePolicy.NEVER or found.excluded:
            return False
        if self.policy is ArchivePolicy.ALWAYS or found.latest is None:
            return True
        age = cdx.age_days(found.latest.timestamp, now)
        return age is None or age > self.max_age_days

    def _save_many(  # noqa: PLR0917 - private, one caller
        self,
        urls: list[str],
        found: dict[str, _Found],
        pub: datetime | None,
        end: float | None,
        run_started: datetime,
        emit: OnResult,
    ) -> None:
        resumed = [u for u in urls if self._job_of(u)]
        fresh = [u for u in urls if u not in resumed]
        slots = 1
        if self.keys is not None and fresh:
            free = self._free_slots()
            slots = max(1, free if free is not None else 2)
        gate = threading.Semaphore(slots)

        def work(url: str, gated: bool) -> None:
            if gated:
                with gate:
                    saved = self._save_one(url, end)
            else:
                saved = self._save_one(url, end)
            emit(url, self._saved_result(url, found[url], pub, saved, run_started))

        # Jobs from an interrupted run are only polled: they need no slot and are never resubmitted.
        jobs = [(u, False) for u in resumed] + [(u, True) for u in fresh]
        self._in_threads(lambda job: work(*job), jobs, workers=min(8, len(resumed) + slots))

    def _in_threads(self, fn: Callable[[_A], _T], items: Sequence[_A], workers: int = 8) -> list[_T]:
        """`fn` of every item on up to `workers` threads, results in order; an interrupt stops the rest."""
        pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(items))))
        try:
            results = [f.result() for f in [pool.submit(fn, item) for item in items]]
        except BaseException:
            self._stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return results

    def _save_one(self, url: str, end: float | None) -> _Saved:
        if self._stop.is_set():
            return _Saved(note="not saved: the run was interrupted")
        job = self._job_of(url)
        if job:
            return self._poll(url, job, end, resumed=True)
        if end is not None and self.client.clock.monotonic() >= end:
            return _Saved(note="not saved: the time budget ran out before its turn")
        if self._is_paused(POOL_SAVE):
            if self.keys is None:
                return _Saved(error=f"{ANONYMOUS_REFUSED} (saves paused for 60 s after a 429)")
            return _Saved(error="Save Page Now rate limit (429): saves paused for 60 s")
        if self.keys is None:
            return self._save_anonymous(url)
        return self._save_spn2(url, end)

    def _save_spn2(self, url: str, end: float | None) -> _Saved:
        assert self.keys is not None
        form = {"url": url}
        if self.policy is ArchivePolicy.MISSING:
            form["if_not_archived_within"] = str(max(int(self.max_age_days * 86400), 3600))
        outcome = self._send(
            "POST",
            f"{self.base}/save",
            POOL_SAVE,
            headers=self._spn_headers(),
            data=form,
            timeout=min(self.save_timeout, 60.0),
        )
        resp = outcome.response
        if resp is None:
            return _Saved(error=f"Save Page Now did not answer ({outcome.error or outcome.failure})")
        if resp.status == 429:
            self._pause(POOL_SAVE)
            return _Saved(error="Save Page Now rate limit (HTTP 429): saves paused for 60 s; try again later")
        if resp.status in (401, 403):
            return _Saved(
                error=f"Save Page Now refused the keys (HTTP {resp.status}): "
                "check IA_ACCESS_KEY and IA_SECRET_KEY"
            )
        if resp.status != 200:
            return _Saved(error=f"Save Page Now answered HTTP {resp.status}")
        submitted = parse_submit(resp.text())
        if submitted.error:
            return _Saved(error=submitted.error)
        if not submitted.job_id:
            if submitted.recent_seconds is not None:
                return _Saved(note=f"Save Page Now: {submitted.message}")
            return _Saved(error=f"Save Page Now gave no job: {submitted.message or 'no reason given'}")
        job = json.dumps({"job_id": submitted.job_id, "at": self.client.clock.now().isoformat()})
        self.client.cache.put(NS_JOB, url, job, ttl=JOB_TTL)
        return self._poll(url, submitted.job_id, end, resumed=False)

    def _poll(self, url: str, job_id: str, end: float | None, *, resumed: bool) -> _Saved:
        clock = self.client.clock
        bound = clock.monotonic() + self.save_timeout
        if end is not None:
            bound = min(bound, end)
        headers = self._spn_headers()
        how = "resumed from an earlier run" if resumed else "submitted"
        attempt = 0
        while not self._stop.is_set():
            if self._is_paused(POOL_STATUS):
                break
            outcome = self._send("GET", f"{self.base}/save/status/{job_id}", POOL_STATUS, headers=headers)
            resp = outcome.response
            if resp is not None and resp.status == 429:
                self._pause(POOL_STATUS)
                break
            status = parse_status(resp.text()) if resp is not None and resp.status == 200 else None
            if status is not None and status.state == "success" and status.timestamp:
                original = status.original_url or url
                ts = status.timestamp
                capture = Capture(memento_url(self.base, ts, original), ts, original)
                self.client.cache.put(NS_SAVED, url, json.dumps([capture.timestamp, original]))
                self.client.cache.put(NS_JOB, url, "", ttl=1)
                note = f"save job {how}" if resumed else None
                return _Saved(capture=capture, note=note)
            if status is not None and status.state == "error":
                self.client.cache.put(NS_JOB, url, "", ttl=1)
                return _Saved(error=status.error)
            delay = POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)]
            attempt += 1
            if clock.monotonic() + delay > bound:
                break
            self._nap(delay * random.uniform(0.9, 1.1))
        return _Saved(pending=True, note=f"save job {job_id} ({how}) still running; run again to pick it up")

    def _save_anonymous(self, url: str) -> _Saved:
        try:
            ts, original = anonymous_save(
                self.client, self.base, url, timeout=self.save_timeout, pool=POOL_SAVE
            )
        except AnonymousSaveError as exc:
            if exc.rate_limited:
                self._pause(POOL_SAVE)
            return _Saved(error=str(exc))
        capture = Capture(memento_url(self.base, ts, original), ts, original)
        self.client.cache.put(NS_SAVED, url, json.dumps([ts, original]))
        return _Saved(capture=capture)

    def _nap(self, seconds: float) -> None:
        """Sleep on the client's clock in short steps, waking early when the run is interrupted."""
        steps = max(1, math.ceil(seconds / 0.5))  # counted, not measured: clocks round sub-µs sleeps
        for _ in range(steps):
            if self._stop.is_set():
                return
            self.client.clock.sleep(seconds / steps)

    def _free_slots(self) -> int | None:
        assert self.keys is not None
        outcome = self._send(
            "GET",
            f"{self.base}/save/status/user?_t={random.randrange(10**9)}",
            POOL_STATUS,
            headers=self._spn_headers(),
        )
        resp = outcome.response
        if resp is None or resp.status != 200:
            return None
        return parse_user_status(resp.text())

    def _job_of(self, url: str) -> str | None:
        raw = self.client.cache.get(NS_JOB, url)
        if not raw:
            return None
        try:
            job = json.loads(raw).get("job_id")
        except (ValueError, AttributeError):
            return None
        return job if isinstance(job, str) and job else None

    # ------------------------------------------------------------------ results

    def _result(self, url: str, found: _Found, pub: datetime | None) -> ArchiveResult:
        status = ArchiveStatus.ARCHIVED if (found.as_cited or found.latest) else ArchiveStatus.MISSING
        note = found.note
        if status is ArchiveStatus.MISSING and self.policy is ArchivePolicy.NEVER and not found.error:
            note = note or "no capture (saving not asked for)"
        if pub is None and found.latest is not None:
            note = note or "no publication date: only the latest capture is known"
        return ArchiveResult(
            status=status,
            as_cited=found.as_cited,
            latest=found.latest,
            error=found.error,
            as_cited_after=found.after,
            robust_link=self._robust(url, found.as_cited or found.latest, pub),
            note=note,
        )

    def _saved_result(
        self, url: str, found: _Found, pub: datetime | None, saved: _Saved, run_started: datetime
    ) -> ArchiveResult:
        base = self._result(url, found, pub)
        if saved.capture is None:
            if saved.error:
                note = saved.note or base.note
                return replace(base, status=ArchiveStatus.FAILED, error=saved.error, note=note)
            return replace(base, pending=saved.pending, note=saved.note or base.note, error=None)
        capture = saved.capture
        made_at = cdx.parse_timestamp(capture.timestamp) or run_started
        made_now = made_at >= run_started - timedelta(minutes=5)
        latest = capture if not found.latest or capture.timestamp >= found.latest.timestamp else found.latest
        as_cited, after = found.as_cited, found.after
        if as_cited is None and pub is not None:
            as_cited, after = capture, capture.timestamp > cdx.format_timestamp(pub)
        note = saved.note
        if not made_now:
            note = f"Save Page Now reused its capture of {capture.timestamp}"
        return ArchiveResult(
            status=ArchiveStatus.SAVED if made_now else ArchiveStatus.ARCHIVED,
            as_cited=as_cited,
            latest=latest,
            as_cited_after=after,
            saved=capture,
            robust_link=self._robust(url, as_cited or capture, pub),
            note=note,
        )

    def _robust(self, url: str, capture: Capture | None, pub: datetime | None) -> str | None:
        if capture is None:
            return None
        return robust_link(url, capture, pub.date() if pub else None)

    # ------------------------------------------------------------------ memento reading

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
        if kind is Kind.RATE_LIMITED:
            self._pause(POOL_MEMENTO)
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
            status, document, reason = _read_document(resp, parts[2] if parts else current, stamp)
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

    def _send(
        self,
        method: str,
        url: str,
        pool: str,
        *,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        retry: RetryPolicy = NO_RETRY,
        timeout: float | None = None,
    ) -> Outcome:
        """One Wayback exchange: redirects are ours to judge, retries are never blind."""
        return self.client.request(
            method,
            url,
            headers=headers,
            data=data,
            follow_redirects=False,
            retry=retry,
            pool=pool,
            timeout=timeout,
        )

    def _spn_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.keys is not None:
            headers["Authorization"] = self.keys.authorization
        return headers

    def _pause(self, pool: str) -> None:
        self.client.pause_pool(pool, PAUSE_ON_429)

    def _is_paused(self, pool: str) -> bool:
        # The client's rate pools hold the pause: the whole run shares it, and it is kept in one place.
        return self.client.paused_for(pool) > 0

    def _capture(self, row: CdxRow) -> Capture:
        return Capture(memento_url(self.base, row.timestamp, row.original), row.timestamp, row.original)

    def _cached_capture(self, namespace: str, url: str) -> Capture | None:
        raw = self.client.cache.get(namespace, url)
        if not raw:
            return None
        try:
            ts, original = json.loads(raw)
        except (ValueError, TypeError):
            return None
        if not isinstance(ts, str) or cdx.parse_timestamp(ts) is None:
            return None
        return Capture(memento_url(self.base, ts, str(original)), ts, str(original))


def _fetch_failed(
    url: str, status: FetchStatus, error: str | None, hops: list[str], http_status: int | None = None
) -> Fetched:
    result = FetchResult(url=url, status=status, http_status=http_status, error=error, redirects=tuple(hops))
    return Fetched(result)


def _encode_found(found: _Found) -> str:
    def cap(c: Capture | None) -> list[str] | None:
        return [c.timestamp, c.original or ""] if c else None

    data = {"as_cited": cap(found.as_cited), "after": found.after, "latest": cap(found.latest)}
    return json.dumps({**data, "note": found.note})


def _decode_found(raw: str, base: str) -> _Found | None:
    try:
        data = json.loads(raw)

        def cap(value: object) -> Capture | None:
            if not isinstance(value, list) or len(value) != 2:
                return None
            ts, original = str(value[0]), str(value[1])
            return Capture(memento_url(base, ts, original), ts, original)

        return _Found(
            as_cited=cap(data.get("as_cited")),
            after=bool(data.get("after")),
            latest=cap(data.get("latest")),
            note=data.get("note"),
        )
    except (ValueError, AttributeError, TypeError):
        return None


def _read_document(
    resp: Response, original: str, timestamp: str
) -> tuple[FetchStatus, Document | None, str | None]:
    """The memento read by the fetch stage's reader (charsets, visible text, PDF, walls), as ARCHIVED."""
    status, doc, reason = read_response(resp)
    if doc is None:
        return status, None, reason
    return status, replace(doc, url=original, version=Version.ARCHIVED, timestamp=timestamp), reason
