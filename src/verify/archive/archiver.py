"""The archive stage's front: one `Archiver` over look-ups, saves by policy and memento read-back."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from verify.archive import cdx
from verify.archive.endpoint import Wayback
from verify.archive.keys import load_keys
from verify.archive.lookup import Found, Lookups
from verify.archive.policy import decide, profile_reason, save_order
from verify.archive.readback import Reader
from verify.archive.results import found_result, saved_result
from verify.archive.save import Saved, Saver
from verify.archive.types import (
    ANONYMOUS_SAVE_RATE,
    DEFAULT_AVAILABILITY_URL,
    DEFAULT_WAYBACK_URL,
    POOL_MEMENTO,
    POOL_SAVE,
    RATES,
    SLOTS,
    CdxRow,
    IAKeys,
)
from verify.errors import VerifyError
from verify.models import ArchiveResult, ArchiveStatus, Capture, Fetched, SavePolicy

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient
    from verify.fetch.reader import BodyOf
    from verify.fetch.types import Outcome

OnResult = Callable[[str, ArchiveResult], None]
Hold = Callable[[str], str | None]  # why a URL must not be sent to the Wayback Machine (None: send it)


class Archiver:
    """Find, make and read back Wayback Machine captures, through the run's HttpClient only."""

    def __init__(
        self,
        client: HttpClient,
        *,
        wayback_url: str | None = None,
        availability_url: str | None = None,
        policy: SavePolicy = SavePolicy.MISSING,
        max_age_days: float = 30,
        save_timeout: float = 120,
        keys: IAKeys | None = None,
        body_of: BodyOf | None = None,
    ) -> None:
        self.client = client
        configured = wayback_url or os.environ.get("VERIFY_WAYBACK_URL")
        self.base = (configured or DEFAULT_WAYBACK_URL).rstrip("/")
        # A custom Wayback (a mirror, an emulator) answers the availability API too unless told otherwise.
        availability_base = (
            availability_url
            or os.environ.get("VERIFY_AVAILABILITY_URL")
            or configured
            or DEFAULT_AVAILABILITY_URL
        ).rstrip("/")
        self.policy = SavePolicy(policy)
        keys = keys if keys is not None else load_keys()
        # A replay must take the saving path the recorded run took, whatever keys this machine has:
        # the WARC answers SPN2 only if the recording used it (keys are not part of the match).
        keyed_in_recording = client.replay_holds("POST", f"{self.base}/save")
        if keyed_in_recording is False:
            keys = None
        elif keyed_in_recording and keys is None:
            keys = IAKeys("replay", "replay")
        self.keys = keys
        self.wayback = Wayback(client, self.base, availability_base)
        rates = RATES if keys is not None else {**RATES, POOL_SAVE: ANONYMOUS_SAVE_RATE}
        for pool, rate in rates.items():
            # A named pool has the client's per-host slots to itself: more would wait inside the client.
            self.wayback.pools.set_limit(pool, rate, min(SLOTS[pool], client.config.per_host))
        self._lookups = Lookups(self.wayback)
        self._reader = Reader(self.wayback, self._lookups, body_of)
        self.max_age_days = max_age_days
        self._saver = Saver(
            self.wayback,
            keys=keys,
            policy=self.policy,
            max_age_days=max_age_days,
            save_timeout=save_timeout,
            todays_capture=self._lookups.todays,
        )

    def lookup(self, url: str, published: date | datetime | str | None) -> ArchiveResult:
        """The captures of `url`: as cited at publication (or the earliest after) and the latest."""
        pub = cdx.publication_instant(published)
        why = profile_reason(url)
        if why is not None:
            return ArchiveResult(ArchiveStatus.SKIPPED, note=why, reason=why)
        return found_result(url, self._lookups.lookup(url, pub), pub, self.policy)

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
        priority: Mapping[str, int] | None = None,
        hold: Hold | None = None,
    ) -> dict[str, ArchiveResult]:
        """Look up every URL concurrently, then save those the policy asks for, within the budget.

        `priority` ranks sources for the save budget (higher first: what a quotation, claim or embed
        depends on); then sources with no capture at all go before stale ones. `deadline` is a time
        budget in seconds (on the client's clock): saves still running when it passes come back
        `pending=True`, their job ids kept in the cache for the next run. `hold(url)`, asked before
        anything about a URL is sent, may wait and returns why it must never reach the Wayback Machine
        (a source refused as unsafe: its name is internal); such a URL is `skipped`, nothing sent.
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

        profiles = {u: why for u in order if (why := profile_reason(u)) is not None}
        for url, why in profiles.items():
            emit(url, ArchiveResult(ArchiveStatus.SKIPPED, note=why, reason=why))
        found = self._look_up_all([u for u in order if u not in profiles], pub, hold, emit)
        looked = list(found)
        now = clock.now()
        decisions = {u: decide(found[u], pub, now, self.policy, self.max_age_days) for u in looked}
        for url in looked:
            if not decisions[url].save:
                emit(url, found_result(url, found[url], pub, self.policy, decisions[url].reason))

        def on_saved(url: str, saved: Saved) -> None:
            reason = decisions[url].reason
            emit(url, saved_result(url, found[url], pub, saved, run_started, self.policy, reason))

        to_save = save_order([u for u in looked if decisions[u].save], decisions, dict(priority or {}))
        if to_save:
            self._saver.save_many(to_save, end, on_saved)
        return {u: results[u] for u in order}

    def _look_up_all(
        self, urls: list[str], pub: datetime | None, hold: Hold | None, emit: OnResult
    ) -> dict[str, Found]:
        """Every URL looked up concurrently, but those `hold` keeps back (emitted `skipped` at once)."""

        def look(url: str) -> Found | str:
            why = hold(url) if hold is not None else None
            return why if why is not None else self._lookups.lookup(url, pub)

        found: dict[str, Found] = {}
        for url, value in zip(urls, self.wayback.in_threads(look, urls), strict=True):
            if isinstance(value, str):
                emit(url, ArchiveResult(ArchiveStatus.SKIPPED, note=value, reason=value))
            else:
                found[url] = value
        return found

    def raw(self, url: str) -> Outcome:
        """One GET of a memento URL as is, in the memento pool (limited, paused and deferred like all)."""
        return self.wayback.send("GET", url, POOL_MEMENTO)

    def capture(self, timestamp: str, original: str) -> Capture:
        """The capture of `original` at `timestamp` on this Wayback (from a CDX row)."""
        return self.wayback.capture(timestamp, original)

    def read_back_cited(self, capture: Capture, *, fallbacks: int = 2) -> tuple[Fetched, Capture]:
        """The as-cited copy read back, or one of up to `fallbacks` earlier ones when it is unreadable."""
        return self._reader.read_back_cited(capture, fallbacks=fallbacks)

    def read_back(self, capture: Capture, *, window_hours: float = 24) -> Fetched:
        """Fetch a capture raw (`id_`) and make sure it is a memento within `window_hours` of it."""
        return self._reader.read_back(capture, window_hours=window_hours)

    def captures(
        self,
        url: str,
        *,
        start: datetime | None = None,
        end: datetime | None = None,
        page_size: int = 1000,
        max_pages: int = 10,
        match_type: str | None = None,
    ) -> list[CdxRow]:
        """Every usable capture in a time range, following resume keys up to `max_pages` pages
        (`match_type="prefix"`: of every URL that starts with `url`)."""
        rows, error, _ = self._lookups.cdx(
            url, start=start, end=end, limit=page_size, pages=max_pages, match_type=match_type
        )
        if error:
            raise VerifyError(error)
        return rows
