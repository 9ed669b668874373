"""The Wayback's endpoint pools over loopback (issue 12.3): one endpoint's 429 stalls nothing else, a paused
pool sends nothing, and every pool stays under its limit (CDX 24/min, mementos 480/min, SPN2 5/min with
keys and 2/min anonymous, status polls 30/min, availability 20/min).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date

import pytest

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver, IAKeys, SavePolicy
from verify.archive.policy import SAVE_DEFERRED
from verify.archive.types import (
    POOL_AVAILABILITY,
    POOL_CDX,
    POOL_MEMENTO,
    POOL_SAVE,
    POOL_STATUS,
)
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.models import ArchiveStatus, Capture, FetchStatus

PUBLISHED = date(2026, 5, 17)
PAGE = "https://kesselpost.example/harbour/berths"
BODY = "<html><body><p>The berths are ready for the autumn ferries.</p></body></html>"
TS = "20260516083000"
ClientFactory = Callable[..., HttpClient]


def _urls(n: int, path: str = "notice") -> list[str]:
    return [f"https://kesselpost.example/{path}/{i}" for i in range(n)]


def _capture(ts: str = TS, url: str = PAGE) -> Capture:
    return Capture(f"https://web.archive.org/web/{ts}/{url}", ts, url)


def _most_in(times: list[float], window: float = 60.0) -> int:
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t - start < window) for i, start in enumerate(times)), default=0)


# ---------------------------------------------------------------------- one 429 stalls nothing else


def test_a_paused_cdx_does_not_delay_a_memento_read(
    emu: WaybackEmulator, client_factory: ClientFactory
) -> None:
    """The third figure: the delay a memento read sees while CDX answers 429 (real clock, real waits)."""
    emu.hit_clock = time.monotonic  # the wall clock: the delay is measured, not virtual
    emu.add_capture(PAGE, TS, BODY)
    emu.throttle("cdx")  # every CDX answer is a 429 (no Retry-After: a 60 s pause) ...
    emu.delays["cdx"] = 0.5  # ... after half a second, so that look-ups are queued behind it
    client = client_factory(use_clock=False)
    archiver = Archiver(client, policy=SavePolicy.NEVER)
    urls = _urls(6)
    started = time.monotonic()
    done: dict[str, float] = {}

    def look_up() -> None:
        archiver.ensure_all(urls, PUBLISHED)
        done["lookups"] = time.monotonic() - started

    lookups = threading.Thread(target=look_up)
    lookups.start()
    time.sleep(0.1)  # the look-ups are in flight or queued on the CDX pool
    asked = time.monotonic()
    fetched = archiver.read_back(_capture())
    delay = time.monotonic() - asked
    lookups.join(10)
    print(f"\nfigure 3: a memento read while CDX answers 429 took {delay:.3f} s (want < 1 s); "
          f"{len(urls)} look-ups answered in {done['lookups']:.2f} s")  # fmt: skip
    assert fetched.result.status is FetchStatus.OK and fetched.document is not None
    assert delay < 1.0
    # Queued look-ups were answered at once as deferred (then asked of the availability API, one at a
    # time), not slept out for the minute of the pause.
    assert done["lookups"] < 10
    # The request log: only requests already on their way when the first 429 came (the pool's two
    # slots) reached CDX; none arrived after it.
    first_429 = emu.first_429("cdx")
    assert first_429 is not None and emu.count("cdx") <= 2
    assert all(h.at <= first_429 for h in emu.requests("cdx"))


def test_memento_and_spn_polls_go_on_while_cdx_is_paused(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys, clock: FrozenClock
) -> None:
    emu.add_capture(PAGE, TS, BODY)
    emu.availability_empty = True
    archiver = Archiver(client, keys=keys)
    emu.throttle("cdx")
    first = archiver.lookup(PAGE, PUBLISHED)
    assert first.error is not None and "429" in first.error
    emu.unthrottle("cdx")
    again = archiver.lookup(_urls(1)[0], PUBLISHED)  # CDX is healthy again, but its pool is paused
    assert again.error is not None and again.error.startswith("deferred:")
    assert emu.count("cdx") == 1
    # Other endpoints answer meanwhile: mementos, and SPN when a look-up has said what to save.
    assert archiver.read_back(_capture()).result.status is FetchStatus.OK
    saved = archiver.ensure_all(_urls(1, "new"), None)
    assert [r.status for r in saved.values()] == [ArchiveStatus.MISSING]  # its look-up was deferred
    assert emu.count("save") == 0  # a failed look-up spends no save


# ---------------------------------------------------------------------- no pool sends while paused


def _sent_after_429(emu: WaybackEmulator, endpoint: str, until: float) -> list[float]:
    """Arrivals at `endpoint` after its first 429 and before `until` (the pause's end)."""
    hits = emu.requests(endpoint)
    first = next(i for i, h in enumerate(hits) if h.status == 429)
    return [h.at for h in hits[first + 1 :] if h.at < until]


def _pause_of(archiver: Archiver, pool: str) -> tuple[float, float]:
    pauses = archiver.wayback.pools.pauses(pool)
    assert len(pauses) == 1, pauses
    return pauses[0]


def test_cdx_pause_honours_retry_after_and_nothing_is_sent_during_it(
    emu: WaybackEmulator, client: HttpClient, clock: FrozenClock
) -> None:
    archiver = Archiver(client, policy=SavePolicy.NEVER)
    emu.availability_empty = True
    emu.throttle("cdx", retry_after="150")
    archiver.lookup(PAGE, PUBLISHED)
    start, until = _pause_of(archiver, POOL_CDX)
    assert until - start == pytest.approx(150.0)  # Retry-After, being longer than 60 s
    emu.unthrottle("cdx")
    for url in _urls(5):
        result = archiver.lookup(url, PUBLISHED)
        assert result.error is not None and result.error.startswith("deferred:"), result
        clock.sleep(29)  # 145 s in all: still inside the pause
    assert _sent_after_429(emu, "cdx", until) == []
    assert emu.count("cdx") == 1
    clock.sleep(6)
    assert archiver.lookup(_urls(1, "later")[0], PUBLISHED).error is None  # the pause is over
    assert emu.count("cdx") > 1


@pytest.mark.parametrize(
    ("endpoint", "pool"),
    [("memento", POOL_MEMENTO), ("availability", POOL_AVAILABILITY)],
)
def test_a_429_pauses_only_its_own_pool_for_at_least_60_s(
    emu: WaybackEmulator, client: HttpClient, clock: FrozenClock, endpoint: str, pool: str
) -> None:
    emu.add_capture(PAGE, TS, BODY)
    archiver = Archiver(client, policy=SavePolicy.NEVER)
    emu.throttle(endpoint, retry_after="5")  # shorter than 60 s: the pause is 60 s anyway

    def ask() -> None:
        if endpoint == "memento":
            archiver.read_back(_capture())
        else:
            emu.fail("cdx", 503)  # availability is only asked when CDX fails
            archiver.lookup(f"{PAGE}?n={clock.monotonic()}", PUBLISHED)

    ask()
    start, until = _pause_of(archiver, pool)
    assert until - start == pytest.approx(60.0)
    for _ in range(5):
        clock.sleep(11)
        ask()
    assert _sent_after_429(emu, endpoint, until) == []
    clock.sleep(10)
    emu.unthrottle(endpoint)
    ask()
    assert emu.requests(endpoint)[-1].status == 200  # sent again once the pause is over
    assert archiver.wayback.pools.paused_for(POOL_CDX if pool != POOL_CDX else POOL_MEMENTO) == 0


def test_spn_submit_429_defers_the_queued_saves(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    emu.throttle("save")
    emu.available_slots = 4
    urls = _urls(6, "new")
    results = Archiver(client, keys=keys).ensure_all(urls, PUBLISHED)
    sent = emu.requests("save")
    assert 1 <= len(sent) <= 2  # what was on its way when the first 429 came (two slots)
    deferred = [r for r in results.values() if r.reason == SAVE_DEFERRED]
    assert len(deferred) == len(urls) - len(sent)
    assert all(r.status is ArchiveStatus.MISSING and (r.note or "").startswith("deferred:") for r in deferred)
    first_429 = emu.first_429("save")
    assert first_429 is not None and all(h.at <= first_429 for h in sent)


def test_spn_status_429_leaves_jobs_pending_without_polling_again(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    emu.pending_polls = 1
    emu.available_slots = 1
    archiver = Archiver(client, keys=keys)
    emu.throttle("save-status")
    results = archiver.ensure_all(_urls(3, "new"), PUBLISHED)
    assert all(r.pending for r in results.values()), results
    assert emu.count("save") == 3  # submissions are their own pool: they went on
    assert emu.count("save-status") == 1  # the one 429; every later poll was deferred
    _, until = _pause_of(archiver, POOL_STATUS)
    assert _sent_after_429(emu, "save-status", until) == []
    assert archiver.wayback.pools.paused_for(POOL_SAVE) == 0


# ---------------------------------------------------------------------- every pool under its limit


def test_cdx_stays_at_24_a_minute(emu: WaybackEmulator, client: HttpClient) -> None:
    archiver = Archiver(client, policy=SavePolicy.NEVER)
    for url in _urls(60):
        archiver.captures(url)  # one CDX request each, one after the other: arrivals are sends
    times = emu.times("cdx")
    assert len(times) == 60 and _most_in(times) == 24


def test_mementos_stay_at_480_a_minute(client: HttpClient, clock: FrozenClock) -> None:
    """The memento pool as the Archiver sets it up, 500 turns taken (no network: 500 loopback exchanges
    take 20 s here; the CDX test above holds the same pools to their limit over the wire)."""
    pools = Archiver(client).wayback.pools
    starts = []
    for _ in range(500):
        with pools.turn(POOL_MEMENTO) as paused:
            assert paused is None
            starts.append(clock.monotonic())
    assert _most_in(starts) == 480


@pytest.mark.parametrize(("keyed", "limit"), [(True, 5), (False, 2)])
def test_saves_stay_at_5_a_minute_with_keys_and_2_without(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys, keyed: bool, limit: int
) -> None:
    emu.legacy_status = 200
    emu.available_slots = 1  # one save at a time: arrivals are sends
    urls = _urls(12, "new")
    results = Archiver(client, keys=keys if keyed else None, policy=SavePolicy.ALWAYS).ensure_all(urls, None)
    assert all(r.status is ArchiveStatus.SAVED for r in results.values()), results
    times = emu.times("save" if keyed else "save-legacy")
    assert len(times) == 12 and _most_in(times) == limit
    assert _most_in(emu.times("save-status")) <= 30


def test_an_archived_429_page_pauses_nothing(emu: WaybackEmulator, client: HttpClient) -> None:
    """A page that was a 429 when crawled comes back 429 with Memento-Datetime: the Wayback is not asking
    us to slow down, and the next memento read goes out."""
    emu.add_capture(PAGE, TS, "<html><body>Too many requests</body></html>", status=429)
    archiver = Archiver(client, policy=SavePolicy.NEVER)
    first = archiver.read_back(_capture())
    assert first.result.http_status == 429 and "error page" in (first.result.error or "")
    assert archiver.wayback.pools.paused_for(POOL_MEMENTO) == 0
    archiver.read_back(_capture())
    assert emu.count("memento") == 2
