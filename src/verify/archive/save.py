"""Saving: which sources the policy saves, Save Page Now 2 jobs (submit, poll, resume), anonymous saves."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from waybackpy.exceptions import TooManyRequestsError, WaybackError

from verify.archive.endpoint import NS_JOB, NS_SAVED, Wayback, deferred
from verify.archive.spn import (
    TOO_MANY_DAILY,
    Quota,
    anonymous_save,
    parse_quota,
    parse_status,
    parse_submit,
)
from verify.archive.types import POOL_SAVE, POOL_STATUS, IAKeys
from verify.models import Capture, SavePolicy

JOB_TTL = 3600.0  # the status endpoint forgets jobs after about an hour (then says "pending" forever)
POLL_DELAYS = (2.0, 3.0, 5.0, 8.0, 10.0)  # then every 10 s


@dataclass(frozen=True, slots=True)
class Saved:
    """What one save gave: a capture, a job still running, or why there is none."""

    capture: Capture | None = None
    pending: bool = False
    error: str | None = None
    note: str | None = None
    exhausted: bool = False  # not tried: the account's save budget could not cover it
    deferred: bool = False  # not sent: Save Page Now answered 429 and is paused (the next run saves it)


OnSaved = Callable[[str, Saved], None]
TodaysCapture = Callable[[str], Capture | None]


class Saver:
    """Saves in the order given, within the account's daily budget and free slots; jobs cached at once."""

    def __init__(
        self,
        wayback: Wayback,
        *,
        keys: IAKeys | None,
        policy: SavePolicy,
        max_age_days: float,
        save_timeout: float,
        todays_capture: TodaysCapture,
    ) -> None:
        self.wayback = wayback
        self.keys = keys
        self.policy = policy
        self.max_age_days = max_age_days
        self.save_timeout = save_timeout
        self._todays_capture = todays_capture  # for `too-many-daily-captures`: today's capture stands

    def save_many(self, urls: list[str], end: float | None, on_saved: OnSaved) -> None:
        """Save every URL in order (resumed jobs polled, new ones within the budget and free slots)."""
        resumed = [u for u in urls if self._job_of(u)]
        fresh = [u for u in urls if u not in resumed]
        slots = 1
        if self.keys is not None and fresh:
            quota = self._quota()
            slots = max(1, quota.available if quota and quota.available is not None else 2)
            left = quota.daily_left if quota else None
            if left is not None and left < len(fresh):
                assert quota is not None
                note = (
                    f"Save Page Now's daily quota is used up ({quota.daily_captures} of {quota.daily_limit} "
                    "captures today): saved by the next run"
                    if left == 0
                    else f"the account had {left} captures left today, spent on sources ahead of it"
                )
                for url in fresh[left:]:
                    on_saved(url, Saved(note=note, exhausted=True))
                fresh = fresh[:left]
        gate = threading.Semaphore(slots)

        def work(url: str, gated: bool) -> None:
            if gated:
                with gate:
                    saved = self._save_one(url, end)
            else:
                saved = self._save_one(url, end)
            on_saved(url, saved)

        # Jobs from an interrupted run are only polled: they need no slot and are never resubmitted.
        jobs = [(u, False) for u in resumed] + [(u, True) for u in fresh]
        if jobs:
            self.wayback.in_threads(lambda job: work(*job), jobs, workers=min(8, len(resumed) + slots))

    def _save_one(self, url: str, end: float | None) -> Saved:
        wb = self.wayback
        if wb.stop.is_set():
            return Saved(note="not saved: the run was interrupted")
        job = self._job_of(url)
        if job:
            return self._poll(url, job, end, resumed=True)
        if end is not None and wb.client.clock.monotonic() >= end:
            return Saved(note="not saved: the time budget ran out before its turn")
        if self.keys is None:
            return self._save_anonymous(url)
        return self._save_spn2(url, end)

    def _save_spn2(self, url: str, end: float | None) -> Saved:
        wb = self.wayback
        form = {"url": url}
        if self.policy is SavePolicy.MISSING:
            form["if_not_archived_within"] = str(max(int(self.max_age_days * 86400), 3600))
        outcome = wb.send(
            "POST",
            f"{wb.base}/save",
            POOL_SAVE,
            headers=self._spn_headers(),
            data=form,
            timeout=min(self.save_timeout, 60.0),
        )
        resp = outcome.response
        if deferred(outcome):
            return Saved(note=outcome.error, deferred=True)
        if resp is None:
            return Saved(error=f"Save Page Now did not answer ({outcome.error or outcome.failure})")
        if resp.status == 429:  # the pool is paused by the exchange itself
            return Saved(error="Save Page Now rate limit (HTTP 429): saves paused for 60 s; try again later")
        if resp.status in (401, 403):
            return Saved(
                error=f"Save Page Now refused the keys (HTTP {resp.status}): "
                "check IA_ACCESS_KEY and IA_SECRET_KEY"
            )
        if resp.status != 200:
            return Saved(error=f"Save Page Now answered HTTP {resp.status}")
        submitted = parse_submit(resp.text())
        if submitted.status_ext == TOO_MANY_DAILY:
            return self._todays(url, submitted.error)
        if submitted.error:
            return Saved(error=submitted.error)
        if not submitted.job_id:
            if submitted.recent_seconds is not None:
                return Saved(note=f"Save Page Now: {submitted.message}")
            return Saved(error=f"Save Page Now gave no job: {submitted.message or 'no reason given'}")
        job = json.dumps({"job_id": submitted.job_id, "at": wb.client.clock.now().isoformat()})
        wb.client.cache.put(NS_JOB, url, job, ttl=JOB_TTL)
        return self._poll(url, submitted.job_id, end, resumed=False)

    def _poll(self, url: str, job_id: str, end: float | None, *, resumed: bool) -> Saved:
        wb = self.wayback
        clock = wb.client.clock
        bound = clock.monotonic() + self.save_timeout
        if end is not None:
            bound = min(bound, end)
        headers = self._spn_headers()
        how = "resumed from an earlier run" if resumed else "submitted"
        attempt = 0
        while not wb.stop.is_set():
            outcome = wb.send("GET", f"{wb.base}/save/status/{job_id}", POOL_STATUS, headers=headers)
            resp = outcome.response
            if deferred(outcome) or (resp is not None and resp.status == 429):
                break  # the status pool is paused: the job stays cached for the next run to poll
            status = parse_status(resp.text()) if resp is not None and resp.status == 200 else None
            if status is not None and status.state == "success" and status.timestamp:
                capture = wb.capture(status.timestamp, status.original_url or url)
                wb.remember(NS_SAVED, url, capture)
                wb.client.cache.put(NS_JOB, url, "", ttl=1)
                note = f"save job {how}" if resumed else None
                return Saved(capture=capture, note=note)
            if status is not None and status.state == "error":
                wb.client.cache.put(NS_JOB, url, "", ttl=1)
                if status.status_ext == TOO_MANY_DAILY:
                    return self._todays(url, status.error)
                return Saved(error=status.error)
            delay = POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)]
            attempt += 1
            if clock.monotonic() + delay > bound:
                break
            wb.nap(delay * random.uniform(0.9, 1.1))
        return Saved(pending=True, note=f"save job {job_id} ({how}) still running; run again to pick it up")

    def _save_anonymous(self, url: str) -> Saved:
        wb = self.wayback
        with wb.turn(POOL_SAVE) as why:
            if why is not None:
                return Saved(note=why, deferred=True)
            try:
                ts, original = anonymous_save(
                    wb.client, wb.base, url, timeout=self.save_timeout, pool=POOL_SAVE
                )
            except TooManyRequestsError as exc:
                wb.pause(POOL_SAVE)  # before the slot is let go: saves waiting for it are deferred
                return Saved(error=str(exc))
            except WaybackError as exc:
                return Saved(error=str(exc))
        capture = wb.capture(ts, original)
        wb.remember(NS_SAVED, url, capture)
        return Saved(capture=capture)

    def _todays(self, url: str, error: str | None) -> Saved:
        """`too-many-daily-captures`: the URL was captured today already, and that capture is used."""
        capture = self._todays_capture(url)
        if capture is None:
            return Saved(error=f"{error}; no capture of today was found in the index")
        return Saved(
            capture=capture,
            note=f"captured {capture.timestamp} today already (Save Page Now's daily limit for one URL)",
        )

    def _quota(self) -> Quota | None:
        wb = self.wayback
        outcome = wb.send(
            "GET",
            f"{wb.base}/save/status/user?_t={random.randrange(10**9)}",
            POOL_STATUS,
            headers=self._spn_headers(),
        )
        resp = outcome.response
        if resp is None or resp.status != 200:
            return None
        return parse_quota(resp.text())

    def _job_of(self, url: str) -> str | None:
        raw = self.wayback.client.cache.get(NS_JOB, url)
        if not raw:
            return None
        try:
            job = json.loads(raw).get("job_id")
        except (ValueError, AttributeError):
            return None
        return job if isinstance(job, str) and job else None

    def _spn_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.keys is not None:
            headers["Authorization"] = self.keys.authorization
        return headers
