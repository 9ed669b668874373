"""The Wayback endpoint helper: base URLs, exchanges through the run's client, pauses, captures."""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from verify.archive.cdx import parse_timestamp
from verify.archive.memento import memento_url
from verify.archive.pools import pools_of
from verify.archive.types import LABELS, PAUSE_ON_429, CdxRow
from verify.fetch.limits import parse_retry_after
from verify.fetch.types import NO_RETRY, Outcome, RetryPolicy
from verify.models import Capture, FetchStatus

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient

# Cache namespaces: what is found or made is written at once, so an interrupted run repeats nothing.
NS_LOOKUP = "wayback-lookup"
NS_SAVED = "wayback-saved"  # captures made by a save: the index can miss them for hours
NS_JOB = "wayback-job"  # submitted SPN2 jobs, polled (never resubmitted) by the next run

DEFERRED = "deferred:"


def deferral(pool: str, left: float) -> str:
    """Why a request was not sent: its endpoint answered 429 and is paused (the next run asks again)."""
    label = LABELS.get(pool, pool)
    return f"{DEFERRED} the Wayback's {label} answered 429, paused {left:.0f} s more; asked again next run"


def deferred(outcome: Outcome) -> bool:
    """Whether `outcome` is a request its paused pool did not send."""
    return outcome.failure is FetchStatus.SKIPPED and (outcome.error or "").startswith(DEFERRED)


_T = TypeVar("_T")
_A = TypeVar("_A")


class Wayback:
    """What every archive job shares: the base URLs, the client, the rate pools and the run's interrupt."""

    def __init__(self, client: HttpClient, base: str, availability_base: str) -> None:
        self.client = client
        self.pools = pools_of(client)
        self.base = base
        self.availability_base = availability_base
        # Set when the caller is interrupted: saves not begun are skipped and polling stops at once,
        # the submitted jobs staying in the cache for the next run, instead of Ctrl-C waiting minutes.
        self.stop = threading.Event()

    def send(
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
        """One Wayback exchange in its endpoint's pool: redirects are ours to judge, retries never blind.

        A 429 pauses this endpoint's pool (only it) for 60 s or the Retry-After, whichever is longer;
        while it is paused nothing is sent to it and the request comes back deferred (`deferred()`).
        """
        with self.turn(pool) as why:
            if why is not None:
                return Outcome(url, failure=FetchStatus.SKIPPED, error=why)
            outcome = self.client.request(
                method,
                url,
                headers=headers,
                data=data,
                follow_redirects=False,
                retry=retry,
                pool=pool,
                timeout=timeout,
            )
            resp = outcome.response
            # An archived page that was a 429 when crawled carries Memento-Datetime: not the Wayback's own.
            if resp is not None and resp.status == 429 and "memento-datetime" not in resp.headers:
                # Paused before the slot is let go: whoever waits for it is answered deferred.
                self.pause(pool, parse_retry_after(resp.headers.get("retry-after"), self.client.clock.now()))
        return outcome

    @contextmanager
    def turn(self, pool: str) -> Iterator[str | None]:
        """A slot and a turn of `pool` for one request: None to send it, or why it is deferred."""
        with self.pools.turn(pool) as left:
            yield None if left is None else deferral(pool, left)

    def pause(self, pool: str, retry_after: float | None = None) -> None:
        self.pools.pause(pool, max(PAUSE_ON_429, retry_after or 0.0))

    def is_paused(self, pool: str) -> bool:
        return self.pools.paused_for(pool) > 0

    def capture(self, timestamp: str, original: str) -> Capture:
        """The one way a capture is made: its memento URL on the configured Wayback."""
        return Capture(memento_url(self.base, timestamp, original), timestamp, original)

    def row_capture(self, row: CdxRow) -> Capture:
        return self.capture(row.timestamp, row.original)

    def remember(self, namespace: str, url: str, capture: Capture) -> None:
        self.client.cache.put(namespace, url, json.dumps([capture.timestamp, capture.original]))

    def cached_capture(self, namespace: str, url: str) -> Capture | None:
        raw = self.client.cache.get(namespace, url)
        if not raw:
            return None
        try:
            ts, original = json.loads(raw)
        except (ValueError, TypeError):
            return None
        if not isinstance(ts, str) or parse_timestamp(ts) is None:
            return None
        return self.capture(ts, str(original))

    def nap(self, seconds: float) -> None:
        """Sleep on the client's clock in short steps, waking early when the run is interrupted."""
        steps = max(1, math.ceil(seconds / 0.5))  # counted, not measured: clocks round sub-µs sleeps
        for _ in range(steps):
            if self.stop.is_set():
                return
            self.client.clock.sleep(seconds / steps)

    def in_threads(self, fn: Callable[[_A], _T], items: Sequence[_A], workers: int = 8) -> list[_T]:
        """`fn` of every item on up to `workers` threads, results in order; an interrupt stops the rest."""
        pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(items))))
        try:
            results = [f.result() for f in [pool.submit(fn, item) for item in items]]
        except BaseException:
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return results
