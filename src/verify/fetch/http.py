"""The one module that touches the network: every HTTP exchange of a run goes through `HttpClient`.

BOOTSTRAP VERSION: a minimal working client with the final interface, so that the other stages can be
built against it; the fetch stage replaces its internals (safety, retries, limits, WARC, cache).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Mapping
from types import TracebackType
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from verify.clock import Clock, SystemClock
from verify.fetch.types import (
    DEFAULT_RETRY,
    ClientConfig,
    Headers,
    Outcome,
    Response,
    RetryPolicy,
)
from verify.models import FetchStatus


class MemoryCache:
    """Key-value store with the persistent cache's interface (namespaces, TTLs)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], tuple[str, float | None]] = {}
        self._lock = threading.Lock()

    def get(self, namespace: str, key: str) -> str | None:
        with self._lock:
            item = self._data.get((namespace, key))
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires < time.time():
            return None
        return value

    def put(self, namespace: str, key: str, value: str, ttl: float | None = None) -> None:
        with self._lock:
            self._data[(namespace, key)] = (value, None if ttl is None else time.time() + ttl)


class HttpClient:
    """All HTTP for a run: one pooled session, safety checks, limits, recording and replay."""

    def __init__(self, config: ClientConfig | None = None, *, clock: Clock | None = None) -> None:
        self.config = config or ClientConfig()
        self.clock: Clock = clock or SystemClock()
        self.cache = MemoryCache()
        self.stats: Counter[str] = Counter()  # requests sent per pool (or host)
        self._session = requests.Session()
        self._session.headers["User-Agent"] = self.config.user_agent
        self._resolve = dict(self.config.resolve)
        self._pauses: dict[str, float] = {}

    # -- the interface every stage uses ------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | bytes | None = None,
        follow_redirects: bool = True,
        retry: RetryPolicy = DEFAULT_RETRY,
        pool: str | None = None,
        cache: bool = False,
        timeout: float | None = None,
    ) -> Outcome:
        """Send one request (following redirects with our own code when asked).

        Never raises for network trouble: a failure is an `Outcome` with `failure` set.
        `pool` names a rate-limit pool shared by the whole run (`set_rate`); default the host.
        `cache` lets a fresh cached answer stand in (GET only).
        """
        del cache, retry
        hops: list[str] = []
        current = url
        deadline = timeout or self.config.timeout
        for _ in range(11):
            target, host_header = self._route(current)
            send_headers = dict(headers or {})
            if host_header:
                send_headers["Host"] = host_header
            self.stats[pool or urlsplit(current).hostname or ""] += 1
            started = time.monotonic()
            try:
                resp = self._session.request(
                    method,
                    target,
                    headers=send_headers,
                    data=data,
                    allow_redirects=False,
                    timeout=deadline,
                    stream=False,
                )
            except requests.Timeout as exc:
                return Outcome(url, failure=FetchStatus.TIMEOUT, error=str(exc))
            except requests.RequestException as exc:
                return Outcome(url, failure=FetchStatus.BROKEN, error=str(exc))
            response = Response(
                url=current,
                status=resp.status_code,
                headers=Headers(tuple(resp.headers.items())),
                body=resp.content,
                redirects=tuple(hops),
                elapsed=time.monotonic() - started,
            )
            location = resp.headers.get("Location")
            if follow_redirects and resp.is_redirect and location:
                hops.append(current)
                current = urljoin(current, location)
                method = "GET" if method == "POST" else method
                data = None
                continue
            return Outcome(url, response=response)
        return Outcome(url, failure=FetchStatus.BROKEN, error="too many redirects")

    def get(self, url: str, **kwargs: object) -> Outcome:
        return self.request("GET", url, **kwargs)  # type: ignore[arg-type]

    def set_rate(self, pool: str, per_minute: float) -> None:
        """Hold every request in `pool` to `per_minute`, across the whole run."""

    def pause_pool(self, pool: str, seconds: float) -> None:
        """Send nothing to `pool` for `seconds` (after a 429 from a service that blocks ignorers)."""
        self._pauses[pool] = self.clock.monotonic() + seconds

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _route(self, url: str) -> tuple[str, str | None]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        key_port = f"{host}:{parts.port}" if parts.port else host
        for key in (key_port, host):
            if key in self._resolve:
                netloc = self._resolve[key]
                return urlunsplit(("http", netloc, parts.path, parts.query, "")), parts.netloc
        return url, None
