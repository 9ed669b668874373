"""The Wayback's endpoint pools: each endpoint's rate, slots and 429 pause, apart, failing fast when paused.

CDX, availability, mementos, SPN submissions and SPN status polls are separate services behind one host,
limited separately by the Internet Archive. A 429 from one pauses that pool only; a request waiting for a
paused pool's slot or turn is answered at once as deferred (never slept out, never holding a slot), and no
request is sent while its pool is paused. The pools of a run are shared by everything on its HttpClient.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from verify.clock import Clock, SystemClock

WINDOW = 60.0  # the limits are stated per minute, over any 60-second span
# A second's margin: the service counts arrivals, which come a little after our starts (connecting, a
# busy machine), so that no 60 s span it sees holds more than the rate.
SPAN = WINDOW + 1.0
STEP = 0.1  # how often a request waiting for its turn looks whether its pool was paused meanwhile


@dataclass
class _Pool:
    per_minute: int = 0  # 0: no rate limit
    slots: int = 1
    active: int = 0
    starts: deque[float] = field(default_factory=deque)
    paused_until: float = 0.0
    pauses: list[tuple[float, float]] = field(default_factory=list)  # (from, until) on the run's clock


class EndpointPools:
    """Named pools: at most `per_minute` starts in any minute, `slots` in flight, and pauses."""

    def __init__(self, clock: Callable[[], Clock]) -> None:
        self._clock = clock  # read each time: a replay puts its recording's clock on the client
        self._cond = threading.Condition()
        self._pools: dict[str, _Pool] = {}

    def set_limit(self, name: str, per_minute: float, slots: int) -> None:
        with self._cond:
            pool = self._pools.setdefault(name, _Pool())
            pool.per_minute = max(int(per_minute), 1) if per_minute > 0 else 0
            pool.slots = max(slots, 1)

    def pause(self, name: str, seconds: float) -> None:
        """Send nothing to `name` for `seconds`; whoever waits for it is answered deferred at once."""
        with self._cond:
            pool = self._pools.setdefault(name, _Pool())
            now = self._clock().monotonic()
            pool.paused_until = max(pool.paused_until, now + seconds)
            pool.pauses.append((now, pool.paused_until))
            self._cond.notify_all()

    def paused_for(self, name: str) -> float:
        """Seconds left of the pause on `name` (0 when it may send)."""
        with self._cond:
            return self._left(name)

    def pauses(self, name: str) -> list[tuple[float, float]]:
        """Every pause `name` had in this run, as (from, until) on the run's monotonic clock."""
        with self._cond:
            return list(self._pools.get(name, _Pool()).pauses)

    @contextmanager
    def turn(self, name: str) -> Iterator[float | None]:
        """Hold a slot of `name` for one request sent within the rate; yields None to send, or the
        seconds its pause has left when the request must not go (deferred: nothing was sent)."""
        with self._cond:
            pool = self._pools.setdefault(name, _Pool())
            while not self._left(name) and pool.active >= pool.slots:
                self._cond.wait(STEP)
            left = self._left(name)
            if not left:
                pool.active += 1
        if left:
            yield left
            return
        try:
            yield self._wait_turn(name, pool)
        finally:
            with self._cond:
                pool.active -= 1
                self._cond.notify_all()

    def _wait_turn(self, name: str, pool: _Pool) -> float | None:
        """Wait until the rate allows one more start, and book it as it happens, unless a pause comes first.

        Starts are booked when the request goes, not when it queued: a request held up on its way (a slow
        turn, a busy clock) never lets a later one squeeze more than the rate into one minute.
        """
        clock = self._clock()
        while True:
            with self._cond:
                left = self._left(name)
                if left:
                    return left
                now = clock.monotonic()
                starts = pool.starts
                while starts and starts[0] <= now - SPAN:
                    starts.popleft()
                if not pool.per_minute or len(starts) < pool.per_minute:
                    starts.append(now)
                    return None
                remaining = starts[-pool.per_minute] + SPAN - now
            clock.sleep(min(remaining, STEP))

    def _left(self, name: str) -> float:
        pool = self._pools.get(name)
        if pool is None:
            return 0.0
        return max(pool.paused_until - self._clock().monotonic(), 0.0)


_RUN_POOLS: weakref.WeakKeyDictionary[object, EndpointPools] = weakref.WeakKeyDictionary()
_RUN_LOCK = threading.Lock()


class _Clocked(Protocol):
    @property
    def clock(self) -> Clock: ...


def pools_of(client: _Clocked) -> EndpointPools:
    """The run's pools: one set per HttpClient, shared by every Archiver made on it, on its clock."""
    ref = weakref.ref(client)  # the pools must not keep their client alive

    def clock() -> Clock:
        owner = ref()
        return owner.clock if owner is not None else SystemClock()

    with _RUN_LOCK:
        pools = _RUN_POOLS.get(client)
        if pools is None:
            pools = _RUN_POOLS[client] = EndpointPools(clock)
        return pools
