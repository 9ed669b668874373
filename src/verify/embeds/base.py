"""The resolver interface (one per platform) and the rate-limit-aware gate resolvers send requests through."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlsplit

from verify.embeds.endpoints import Endpoints
from verify.fetch.http import HttpClient
from verify.fetch.types import Headers, Outcome, Response, RetryPolicy
from verify.models import Embed, OriginalPost, Platform

# A 429 must not stall the run: no retry on it here (the gate pauses the pool instead);
# one more try on a transient server error is cheap.
PLATFORM_RETRY = RetryPolicy(attempts=2, statuses=frozenset({502, 503, 504}), max_retry_after=0.0)
PLATFORM_TIMEOUT = 15.0
DEFAULT_PAUSE = 60.0
MAX_PAUSE = 900.0


class State(StrEnum):
    FOUND = "found"  # the platform shows the post
    GONE = "gone"  # the platform says it does not exist (deleted)
    HIDDEN = (
        "hidden"  # it exists or may exist, but the platform will not show it (protected, private, blocked)
    )
    UNAVAILABLE = "unavailable"  # the platform could not be asked or did not give a usable answer


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one platform said about one post."""

    state: State
    post: OriginalPost | None = None
    reason: str | None = None  # why not found, in a few words ("rate limited", "sign-in required", …)
    notes: tuple[str, ...] = ()  # facts worth showing with a verdict (edited later, tombstone, …)


class Resolver(Protocol):
    """Reads the original of an embedded post from its platform."""

    platforms: tuple[Platform, ...]

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution: ...


def _retry_after(headers: Headers) -> float:
    value = headers.get("retry-after", "").strip()
    if not value:
        return DEFAULT_PAUSE
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return DEFAULT_PAUSE
        from datetime import UTC, datetime  # noqa: PLC0415  (only for the rare dated Retry-After)

        seconds = (when - datetime.now(UTC)).total_seconds()
    return min(max(seconds, 1.0), MAX_PAUSE)


class Gate:
    """The client as resolvers see it: a pool that answered 429 is paused and asked nothing more."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client
        self._limited: set[str] = set()
        self._lock = threading.Lock()

    def limited(self, pool: str) -> bool:
        with self._lock:
            return pool in self._limited

    def get(self, url: str, *, pool: str | None = None, headers: dict[str, str] | None = None) -> Outcome:
        """GET through the client, or a local 429 without sending when the pool is already rate limited."""
        pool = pool or (urlsplit(url).hostname or "")
        if self.limited(pool):
            return Outcome(url, response=Response(url=url, status=429, headers=Headers(), body=b""))
        outcome = self.client.request(
            "GET",
            url,
            headers=headers,
            retry=PLATFORM_RETRY,
            pool=pool,
            timeout=PLATFORM_TIMEOUT,
        )
        if outcome.response is not None and outcome.response.status == 429:
            with self._lock:
                first = pool not in self._limited
                self._limited.add(pool)
            if first:
                self.client.pause_pool(pool, _retry_after(outcome.response.headers))
        return outcome


def json_body(response: Response) -> Any:
    """The response body as JSON, or None when it is not JSON."""
    try:
        return json.loads(response.body.decode("utf-8", errors="replace"))
    except ValueError:
        return None


def failure(outcome: Outcome, service: str) -> Resolution | None:
    """The common non-answers (no connection, 429, 5xx) as a Resolution; None when there is more to read."""
    response = outcome.response
    if response is None:
        what = outcome.failure.value if outcome.failure else "failed"
        return Resolution(State.UNAVAILABLE, reason=f"{service} could not be reached ({what})")
    if response.status == 429:
        return Resolution(State.UNAVAILABLE, reason="rate limited")
    if response.status >= 500:
        return Resolution(State.UNAVAILABLE, reason=f"{service} answered HTTP {response.status}")
    return None


def ask(
    gate: Gate, url: str, service: str, *, pool: str | None = None, headers: dict[str, str] | None = None
) -> Response | Resolution:
    """The platform's answer, or a Resolution already when there is none worth reading."""
    outcome = gate.get(url, pool=pool, headers=headers)
    common = failure(outcome, service)
    if common is not None:
        return common
    assert outcome.response is not None
    return outcome.response


def malformed(service: str, status: int) -> Resolution:
    return Resolution(State.UNAVAILABLE, reason=f"unreadable answer from {service} (HTTP {status})")
