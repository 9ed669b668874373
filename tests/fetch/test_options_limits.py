"""Pure helpers: duration and --resolve parsing, Retry-After, back-off, the circuit breaker, rate pools."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from verify.cli.options import client_from_options, parse_duration
from verify.clock import FrozenClock
from verify.errors import UsageError
from verify.fetch.limits import CircuitBreaker, RatePools, backoff_delay, parse_retry_after
from verify.fetch.types import RetryPolicy

NOW = datetime(2026, 5, 17, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90", 90), ("90s", 90), ("15m", 900), ("6h", 21600), ("1d", 86400), ("2w", 1209600), ("1.5h", 5400)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "-5", "1y", "5 m s"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


def test_client_from_options_maps_every_option(tmp_path: object) -> None:
    client = client_from_options(
        timeout=3.0,
        jobs=4,
        per_host=1,
        allow_net=("10.0.0.0/8",),
        allow_private=False,
        user_agent="ua/1",
        no_cache=True,
        max_age=60.0,
        resolve=("a.example=127.0.0.1:8080",),
        skip_patterns=("x",),
    )
    cfg = client.config
    assert (cfg.timeout, cfg.jobs, cfg.per_host, cfg.user_agent, cfg.max_age) == (3.0, 4, 1, "ua/1", 60.0)
    assert cfg.allow_nets == ("10.0.0.0/8",) and not cfg.use_cache and cfg.skip_patterns == ("x",)
    assert cfg.resolve == (("a.example", "127.0.0.1:8080"),)
    client.close()


def test_client_from_options_rejects_bad_combinations(tmp_path: object) -> None:
    with pytest.raises(UsageError):
        client_from_options(skip_patterns=("(",))


def test_retry_after_forms() -> None:
    assert parse_retry_after("120", NOW) == 120
    assert parse_retry_after(format_datetime(NOW + timedelta(seconds=30), usegmt=True), NOW) == 30
    assert parse_retry_after(format_datetime(NOW - timedelta(seconds=30), usegmt=True), NOW) == 0
    assert parse_retry_after("soon", NOW) is None
    assert parse_retry_after(None, NOW) is None


def test_backoff_grows_is_capped_and_jittered() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=4.0)
    rng = random.Random(7)
    delays = [backoff_delay(policy, n, rng) for n in range(1, 8)]
    assert 0.25 <= delays[0] <= 0.5
    assert all(d <= 4.0 for d in delays) and max(delays) >= 2.0
    assert len({round(backoff_delay(policy, 3, rng), 6) for _ in range(10)}) > 1


def test_circuit_breaker_opens_then_half_opens() -> None:
    clock = FrozenClock(NOW)
    breaker = CircuitBreaker(clock, threshold=3, cooldown=30)
    for _ in range(3):
        assert breaker.open_reason("down.example") is None
        breaker.record("down.example", failed=True)
    assert breaker.open_reason("down.example") is not None
    assert breaker.open_reason("up.example") is None
    clock.sleep(31)
    assert breaker.open_reason("down.example") is None  # one probe
    assert breaker.open_reason("down.example") is not None  # others still wait for it
    breaker.record("down.example", failed=False)
    assert breaker.open_reason("down.example") is None


def test_rate_pool_is_a_sliding_window_on_the_clock() -> None:
    clock = FrozenClock(NOW)
    pools = RatePools(clock)
    pools.set_rate("wayback", per_minute=3)
    for _ in range(3):
        pools.wait_turn("wayback")
    assert clock.now() == NOW  # a burst up to the limit goes out at once
    pools.wait_turn("wayback")
    assert clock.now() - NOW == timedelta(seconds=60)  # the fourth waits for the window to move
    pools.pause("wayback", 60)
    pools.wait_turn("wayback")
    assert clock.now() - NOW == timedelta(seconds=120)


def test_a_pause_is_visible_until_it_ends() -> None:
    clock = FrozenClock(NOW)
    pools = RatePools(clock)
    assert pools.paused_for("save") == 0
    pools.pause("save", 60)
    pools.pause("save", 10)  # a shorter pause never cuts a longer one
    assert pools.paused_for("save") == 60
    clock.sleep(45)
    assert pools.paused_for("save") == 15
    clock.sleep(15)
    assert pools.paused_for("save") == 0


def test_rate_pool_never_exceeds_its_window() -> None:
    clock = FrozenClock(NOW)
    pools = RatePools(clock)
    pools.set_rate("cdx", per_minute=24)
    starts = []
    for _ in range(100):
        pools.wait_turn("cdx")
        starts.append(clock.monotonic())
    for i, t in enumerate(starts):
        assert sum(1 for u in starts[i:] if u < t + 60) <= 24


def test_an_open_breaker_says_the_cause_first() -> None:
    # Offline, the Wayback's breaker opened and its look-ups said only "failed 8 times in a row": the run
    # could no longer tell an unreachable network from a dead site, and exited 1 instead of 2.
    breaker = CircuitBreaker(FrozenClock(NOW), threshold=2, cooldown=30)
    for _ in range(2):
        breaker.record("web.archive.org", failed=True, error="DNS: cannot resolve host (no network)")
    reason = breaker.open_reason("web.archive.org") or ""
    assert reason.startswith("DNS: cannot resolve host (no network)")
    assert "failed 2 times in a row; backing off" in reason
