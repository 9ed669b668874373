"""Politeness and back-off: per-host slots and spacing, run-wide rate pools, retry delays, circuit breaker."""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from verify.clock import Clock
from verify.fetch.types import RetryPolicy


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None if absent/bad."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime  # noqa: PLC0415  (an HTTP date is rare; the email package is big)

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max((when - now).total_seconds(), 0.0)


def backoff_delay(policy: RetryPolicy, attempt: int, rng: random.Random | None = None) -> float:
    """Capped exponential back-off with full jitter for retry number `attempt` (1 = first retry)."""
    ceiling = min(policy.backoff_cap, policy.backoff_base * (2 ** max(attempt - 1, 0)))
    # Half fixed, half jitter: spreads retries of many workers without ever retrying instantly.
    return float(ceiling / 2 + (rng or random).uniform(0, ceiling / 2))


class HostLimiter:
    """At most `per_host` requests in flight to one host, and `min_interval` seconds between starts."""

    def __init__(self, per_host: int, min_interval: float, clock: Clock) -> None:
        self.per_host = max(per_host, 1)
        self.min_interval = min_interval
        self.clock = clock
        self._cond = threading.Condition()
        self._active: dict[str, int] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._cond:
            while self._active.get(host, 0) >= self.per_host:
                self._cond.wait()
            self._active[host] = self._active.get(host, 0) + 1
            wait = 0.0
            if self.min_interval > 0:
                now = self.clock.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self.min_interval
                wait = start - now
        try:
            self.clock.sleep(wait)
            yield
        finally:
            with self._cond:
                self._active[host] -= 1
                self._cond.notify_all()


class RatePools:
    """Named pools shared by the whole run: a request rate per pool and pauses after a 429.

    A rate is a sliding window: at most `per_minute` requests start in any 60-second span. That is
    how the services state their limits (e.g. CDX 30/min per address), and unlike fixed spacing it
    lets a small run's look-ups go out at once while a large run still never exceeds the limit.
    """

    WINDOW = 60.0

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._capacity: dict[str, int] = {}
        self._starts: dict[str, deque[float]] = {}
        self._paused_until: dict[str, float] = {}

    def set_rate(self, pool: str, per_minute: float) -> None:
        with self._lock:
            if per_minute > 0:
                self._capacity[pool] = max(int(per_minute), 1)
            else:
                self._capacity.pop(pool, None)

    def pause(self, pool: str, seconds: float) -> None:
        with self._lock:
            until = self.clock.monotonic() + seconds
            self._paused_until[pool] = max(self._paused_until.get(pool, 0.0), until)

    def paused_for(self, pool: str) -> float:
        """Seconds until `pool` may send again after a pause; 0 when it is not paused."""
        with self._lock:
            return max(self._paused_until.get(pool, 0.0) - self.clock.monotonic(), 0.0)

    def wait_turn(self, pool: str) -> None:
        """Block until `pool` may send its next request, and book that turn."""
        with self._lock:
            now = self.clock.monotonic()
            start = max(now, self._paused_until.get(pool, now))
            capacity = self._capacity.get(pool)
            if capacity:
                starts = self._starts.setdefault(pool, deque())
                # Booked starts never decrease, so the window's oldest entry is capacity back.
                if len(starts) >= capacity:
                    start = max(start, starts[-capacity] + self.WINDOW)
                starts.append(start)
                while starts and starts[0] <= start - self.WINDOW:
                    starts.popleft()
        self.clock.sleep(start - now)


@dataclass
class _HostHealth:
    failures: int = 0
    open_until: float = 0.0
    last_error: str | None = None  # what the last failed attempt said (DNS, refused, …)


class CircuitBreaker:
    """After `threshold` consecutive failed attempts a host is skipped for `cooldown` seconds."""

    def __init__(self, clock: Clock, threshold: int = 8, cooldown: float = 30.0) -> None:
        self.clock = clock
        self.threshold = threshold
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._hosts: dict[str, _HostHealth] = {}

    def open_reason(self, host: str) -> str | None:
        """Why requests to `host` fail fast right now, or None when they may go ahead."""
        with self._lock:
            health = self._hosts.get(host)
            if health is None or health.failures < self.threshold:
                return None
            if self.clock.monotonic() >= health.open_until:
                # Half-open: let one probe through; a failure re-opens for another cool-down.
                health.open_until = self.clock.monotonic() + self.cooldown
                return None
            backing = f"{host} failed {health.failures} times in a row; backing off"
            # The cause first: a caller telling "offline" from "a dead site" reads it like any failure.
            return f"{health.last_error} ({backing})" if health.last_error else backing

    def record(self, host: str, *, failed: bool, error: str | None = None) -> None:
        with self._lock:
            health = self._hosts.setdefault(host, _HostHealth())
            if not failed:
                health.failures = 0
                health.open_until = 0.0
                health.last_error = None
                return
            health.failures += 1
            health.last_error = error
            if health.failures >= self.threshold:
                health.open_until = self.clock.monotonic() + self.cooldown
