"""The network for every stage: each HTTP exchange of a run goes through `HttpClient`.

The client keeps the policies: what may be fetched (every URL and every redirect hop checked), redirects
followed by our own code, per-host slots, run-wide rate pools, retries with back-off, a circuit breaker,
a deadline per fetch, cookies, every exchange recorded to a WARC or answered from one. Bytes move through
`fetch/wire.py` (HTTP/1.1 on pooled sockets), whose connections refuse non-public addresses at connect
time (the address checked is the address connected to, so DNS rebinding cannot slip through) and whose
bodies are read under a size cap with a decompression-bomb guard.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import ipaddress
import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

# requests is not used here, but waybackpy imports it: the charset detector it would load stays deferred.
import verify.fetch.charsets  # noqa: F401

# isort: split
from verify.clock import Clock, FrozenClock, SystemClock
from verify.fetch.cache import (
    CACHE_ENV,
    Cache,
    MemoryCache,
    SqliteCache,
    WriteOnlyCache,
    default_cache_dir,
)
from verify.fetch.limits import CircuitBreaker, HostLimiter, RatePools, backoff_delay, parse_retry_after
from verify.fetch.safety import AddressPolicy, parse_ip_host
from verify.fetch.types import (
    DEFAULT_RETRY,
    MAX_TIMEOUT,
    MIN_TIMEOUT,
    ClientConfig,
    Headers,
    Outcome,
    Response,
    RetryPolicy,
)
from verify.fetch.warc import CREDENTIAL_HEADERS, Replayed, WarcRecorder, WarcReplay, request_key
from verify.fetch.wire import (
    ACCEPT_ENCODING,
    Deadline,
    Failure,
    Proxy,
    Route,
    Transport,
    WireError,
    ascii_host,
    request_target,
)
from verify.models import FetchStatus

__all__ = ["HttpClient", "MemoryCache"]

MAX_REDIRECTS = 10
PRUNE_AFTER = 30 * 86_400.0  # seconds
MAX_CACHED_BYTES = 10_000_000  # bigger bodies are re-fetched rather than bloat a cache shared by runs
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.8,*/*;q=0.7"
# Headers the client rewrites because it stores bodies decoded (and maybe cut): originals kept renamed.
_REWRITTEN = ("content-encoding", "transfer-encoding", "content-length")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_local = threading.local()  # the current request's deadline, for the words of a timeout


# --------------------------------------------------------------------------- cookies


class _CookieHeaders:
    """A response's headers as `http.cookiejar` reads them."""

    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self._headers = headers

    def get_all(self, name: str, default: list[str] | None = None) -> list[str]:
        found = [v for k, v in self._headers if k.lower() == name.lower()]
        return found or (default if default is not None else [])


class _CookieResponse:
    def __init__(self, headers: list[tuple[str, str]]) -> None:
        self._info = _CookieHeaders(headers)

    def info(self) -> _CookieHeaders:
        return self._info


class _Cookies:
    """The run's cookies, by the standard library's rules (a consent round trip sets one and expects it
    back on the next hop); the jar is made only when a response first sets a cookie."""

    def __init__(self) -> None:
        self._jar: Any = None
        self._lock = threading.Lock()

    def header(self, url: str) -> str | None:
        """The Cookie header to send to `url`, or None."""
        jar = self._jar
        if jar is None or not len(jar):
            return None
        from urllib.request import Request  # noqa: PLC0415

        request = Request(url)  # noqa: S310  (a cookie look-up: nothing is opened)
        jar.add_cookie_header(request)
        value: str | None = request.get_header("Cookie")
        return value

    def keep(self, url: str, headers: list[tuple[str, str]]) -> None:
        """Store what a response to `url` set."""
        if not any(k.lower() in ("set-cookie", "set-cookie2") for k, _ in headers):
            return
        with self._lock:
            if self._jar is None:
                from http.cookiejar import CookieJar  # noqa: PLC0415

                self._jar = CookieJar()
        from urllib.request import Request  # noqa: PLC0415

        self._jar.extract_cookies(_CookieResponse(headers), Request(url))  # noqa: S310


# --------------------------------------------------------------------------- one attempt's result


@dataclass
class _Attempt:
    response: Response | None = None
    reason: str = ""
    failure: FetchStatus | None = None
    error: str | None = None
    retryable: bool = False
    request_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Hop:
    """The request a redirect chain is sending now: it changes as the chain is followed."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None

    def redirect(self, nxt: str, status: int) -> None:
        if (urlsplit(nxt).hostname or "").lower() != (urlsplit(self.url).hostname or "").lower():
            # Credentials a caller gave for one host never follow a redirect to another.
            for name in [k for k in self.headers if k.lower() in CREDENTIAL_HEADERS]:
                del self.headers[name]
        self.url = nxt
        if status == 303 or (status in (301, 302) and self.method == "POST"):
            self.method, self.body = "GET", None
            self.headers.pop("Content-Type", None)


def _pools_kept(per_host: int) -> int:
    """How many hosts' connection pools a client keeps: every host a run sees, up to half the open files
    the process may hold (each idle pool keeps up to `per_host` sockets open)."""
    soft = 1024
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource  # noqa: PLC0415  (POSIX only)

        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        soft = 65_536 if limit == resource.RLIM_INFINITY else int(limit)
    return max(64, soft // 2 // max(per_host, 1))


def _within_limit(seconds: float) -> float:
    """A request's time budget, finite and within the range `--timeout` accepts (library callers too)."""
    if not seconds > 0:  # also nan
        return MIN_TIMEOUT
    return min(seconds, MAX_TIMEOUT)


def _request_body(
    headers: Mapping[str, str] | None, data: Mapping[str, str] | bytes | None
) -> tuple[dict[str, str], bytes | None]:
    """The headers to send and the body: a mapping is sent as a form."""
    send_headers = dict(headers or {})
    if isinstance(data, Mapping):
        send_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return send_headers, urlencode(list(data.items())).encode()
    return send_headers, data


def _cache_key(method: str, url: str, headers: Mapping[str, str] | None) -> str:
    key = request_key(method, url, None)
    if headers:
        # A different Accept (JSON API vs page) is a different answer. Digested: header values may
        # be credentials, and the cache file outlives the run.
        named = json.dumps(sorted((k.lower(), v) for k, v in headers.items())).encode()
        key += " h:" + hashlib.sha256(named).hexdigest()
    return key


def _normalise_headers(items: list[tuple[str, str]], body_len: int) -> Headers:
    out: list[tuple[str, str]] = []
    for name, value in items:
        if name.lower() in _REWRITTEN:
            out.append((f"X-Archive-Orig-{name}", value))
        else:
            out.append((name, value))
    out.append(("Content-Length", str(body_len)))
    return Headers(tuple(out))


def _environment_proxies() -> dict[str, str]:
    """The `*_proxy` variables by scheme (http, https, all, no), read as urllib.request reads them:
    lower-case names win over upper-case ones, and HTTP_PROXY is ignored under CGI (httpoxy). Not
    imported from there: urllib.request loads http.client and the email package, a tenth of start-up."""
    proxies: dict[str, str] = {}
    for name, value in os.environ.items():
        if value and name.lower().endswith("_proxy"):
            proxies[name.lower()[:-6]] = value
    if "REQUEST_METHOD" in os.environ:
        proxies.pop("http", None)
    for name, value in os.environ.items():
        if name.endswith("_proxy"):
            if value:
                proxies[name.lower()[:-6]] = value
            else:
                proxies.pop(name.lower()[:-6], None)
    return proxies


def _no_proxy_match(host: str, no_proxy: str) -> bool:
    """True when NO_PROXY (names, .suffixes, *, addresses or CIDRs; ports ignored) covers `host`."""
    ip = parse_ip_host(host)
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        if ip is not None and any(c.isdigit() for c in entry) and ("/" in entry or ":" not in entry):
            try:
                if ip in ipaddress.ip_network(entry, strict=False):
                    return True
            except ValueError:
                pass
        name = entry.rsplit(":", 1)[0] if entry.count(":") == 1 else entry
        name = name.lstrip(".")
        if host == name or host.endswith("." + name):
            return True
    return False


def _timed_out() -> _Attempt:
    limit = getattr(_local, "limit", None)
    within = f" within the {limit:.3g} s deadline" if limit else ""
    return _Attempt(failure=FetchStatus.TIMEOUT, error=f"no complete response{within}")


@functools.lru_cache(maxsize=32)
def _parsed_proxy(url: str) -> Proxy:
    """A proxy URL from the environment, parsed once for the run, not once per request."""
    return Proxy.parse(url)


def _failure(exc: WireError) -> _Attempt:
    """What a failed exchange reports, and whether trying again may help."""
    kind, text = exc.kind, exc.message
    if kind is Failure.UNSAFE:
        return _Attempt(failure=FetchStatus.UNSAFE, error=text)
    if kind is Failure.TIMEOUT:
        return _timed_out()
    words, retryable = _FAILURE_WORDS[kind]
    return _Attempt(failure=FetchStatus.BROKEN, error=words.format(text), retryable=retryable)


_FAILURE_WORDS: dict[Failure, tuple[str, bool]] = {
    Failure.DNS: ("DNS: cannot resolve host ({})", False),
    Failure.CONNECT: ("connection failed: {}", True),
    Failure.NO_RESPONSE: ("connection failed: {}", True),
    Failure.NOT_HTTP: ("connection failed: {}", True),
    Failure.TLS: ("TLS error: {}", False),
    Failure.PROXY: ("proxy error: {}", True),
    Failure.CUT: ("connection cut: {}", True),
    Failure.UNDECODABLE: ("undecodable body: {}", False),
    Failure.BOMB: ("{}", False),
    Failure.INVALID: ("request failed: {}", False),
}


class HttpClient:
    """All HTTP for a run: one pooled session, safety checks, limits, recording and replay."""

    def __init__(self, config: ClientConfig | None = None, *, clock: Clock | None = None) -> None:
        self.config = config or ClientConfig()
        cfg = self.config
        self._replay = WarcReplay(cfg.replay_path) if cfg.replay_path else None
        if clock is None and self._replay is not None:
            # Time-dependent decisions (archive max-age, Retry-After dates) repeat as recorded.
            start = self._replay.started or SystemClock().now()
            clock = FrozenClock(start)
        self._clock: Clock = clock or SystemClock()
        self.stats: Counter[str] = Counter()  # requests sent per pool (or host)
        self.policy = AddressPolicy(cfg.allow_private, tuple(cfg.allow_nets))
        self.cache: Cache = self._open_cache()
        self._limiter = HostLimiter(cfg.per_host, cfg.min_interval, self._clock)
        self._pools = RatePools(self._clock)
        self._breaker = CircuitBreaker(self._clock)
        self._resolve = {k.lower(): v for k, v in cfg.resolve}
        self._skip = [re.compile(p) for p in cfg.skip_patterns]
        self._stats_lock = threading.Lock()
        self._inflight: set[Deadline] = set()
        self._wire: Transport | None = None
        self._cookies = _Cookies()
        self._env_proxies: dict[str, str] = {}
        if self._replay is None:
            # The environment is read once here rather than on every request: proxies, NO_PROXY and the
            # CA bundle (the variables requests read, so that a setting made for it still holds). .netrc
            # is deliberately not used: cited links go to arbitrary hosts.
            self._env_proxies = _environment_proxies()
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None
            # Idle connections kept for every host a run sees, up to what open files allow (least recently
            # used hosts go first); as many per host as may be in flight to it: per-host for a host, all
            # jobs where --resolve routes many names to one address.
            self._wire = Transport(
                self.policy,
                keep=_pools_kept(cfg.per_host),
                idle_per_route=max(cfg.jobs, cfg.per_host),
                ca_bundle=bundle,
            )
        self._recorder = WarcRecorder(cfg.warc_path, started=self.clock.now()) if cfg.warc_path else None

    @property
    def clock(self) -> Clock:
        """The run's clock; waits (back-off, rate pools, pauses) go through it."""
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        # Tests and replays swap the clock after construction: every component must follow.
        self._clock = clock
        self._limiter.clock = clock
        self._pools.clock = clock
        self._breaker.clock = clock

    def _open_cache(self) -> Cache:
        cfg = self.config
        if self._replay is not None or not cfg.use_cache:
            return MemoryCache()
        directory = cfg.cache_dir or os.environ.get(CACHE_ENV)
        if not directory and "PYTEST_CURRENT_TEST" in os.environ:
            return MemoryCache()  # a test must never write to the user's real cache
        store = SqliteCache(directory or default_cache_dir())
        # Keep the shared file from growing without bound: responses far past any max-age go.
        store.prune(max(cfg.max_age, PRUNE_AFTER))
        return WriteOnlyCache(store) if cfg.warc_path else store

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
        `timeout` is the network time allowed for the whole request: every hop and attempt.
        """
        method = method.upper()
        send_headers, body = _request_body(headers, data)
        if any(p.search(url) for p in self._skip):
            return Outcome(url, failure=FetchStatus.SKIPPED, error="matches a skip pattern")
        refusal = self.policy.url_refusal(url)  # before the cache: what is refused is never answered
        if refusal is not None:
            return Outcome(url, failure=FetchStatus.UNSAFE, error=refusal)
        use_cache = cache and method == "GET" and self.config.use_cache and self._replay is None
        cache_key = _cache_key(method, url, headers)
        if use_cache:
            hit = self.cache.get_response(cache_key, self.config.max_age)
            if hit is not None:
                return Outcome(url, response=hit)
        budget = [_within_limit(timeout if timeout is not None else self.config.timeout)]
        _local.limit = budget[0]
        outcome = self._follow(
            _Hop(method, url, send_headers, body), follow_redirects, retry=retry, pool=pool, budget=budget
        )
        response = outcome.response
        if response is None:
            return outcome
        cacheable = response.status < 400 or response.status in (404, 410)
        if use_cache and cacheable and len(response.body) <= MAX_CACHED_BYTES:
            self.cache.put_response(cache_key, response)
        return outcome

    def _follow(
        self, hop: _Hop, follow_redirects: bool, *, retry: RetryPolicy, pool: str | None, budget: list[float]
    ) -> Outcome:
        """Send `hop` and, when asked, every redirect after it: each hop checked against the policy."""
        url = hop.url
        hops: list[str] = []
        while True:
            refusal = self.policy.url_refusal(hop.url) if hops else None  # the first was checked already
            if refusal is not None:
                error = f"{refusal} (redirected from {hops[0]})"
                return Outcome(url, failure=FetchStatus.UNSAFE, error=error)
            attempt = self._send_with_retries(
                method=hop.method,
                url=hop.url,
                headers=hop.headers,
                body=hop.body,
                retry=retry,
                pool=pool,
                budget=budget,
            )
            if attempt.response is None:
                return Outcome(url, failure=attempt.failure, error=attempt.error)
            response = replace(attempt.response, redirects=tuple(hops))
            location = response.headers.get("location")
            if not (follow_redirects and response.status in REDIRECT_STATUSES and location):
                return Outcome(url, response=response)
            nxt = urljoin(hop.url, location.strip()).split("#")[0]
            # A URL may come back once (cookie-setting round trips: /a -> /consent -> /a); a third visit
            # is a loop, and more than MAX_REDIRECTS hops is too many either way.
            if [*hops, hop.url].count(nxt) >= 2:
                return Outcome(url, failure=FetchStatus.BROKEN, error=f"redirect loop at {nxt}")
            if len(hops) >= MAX_REDIRECTS:
                error = f"too many redirects (more than {MAX_REDIRECTS})"
                return Outcome(url, failure=FetchStatus.BROKEN, error=error)
            hops.append(hop.url)
            hop.redirect(nxt, response.status)

    def get(self, url: str, **kwargs: Any) -> Outcome:
        return self.request("GET", url, **kwargs)

    def set_rate(self, pool: str, per_minute: float) -> None:
        """Hold every request in `pool` to `per_minute`, across the whole run."""
        self._pools.set_rate(pool, per_minute)

    def replay_holds(self, method: str, url_prefix: str) -> bool | None:
        """On a replay, whether the WARC recorded such a request; None when not replaying.

        Lets a stage take the same path the recorded run took (e.g. keyed or anonymous saving)
        whatever the replaying machine's own settings are.
        """
        if self._replay is None:
            return None
        return self._replay.holds(method, url_prefix)

    def pause_pool(self, pool: str, seconds: float) -> None:
        """Send nothing to `pool` for `seconds` (after a 429 from a service that blocks ignorers)."""
        self._pools.pause(pool, seconds)

    def paused_for(self, pool: str) -> float:
        """Seconds left of a pause on `pool` (0 when none): lets a caller fail fast instead of waiting."""
        return self._pools.paused_for(pool)

    def close(self) -> None:
        """Release everything; exchanges still in flight (an interrupted run) are cut at once."""
        with self._stats_lock:
            inflight = list(self._inflight)
        for deadline in inflight:
            deadline.cut()
        if self._wire is not None:
            self._wire.close()
        if self._recorder is not None:
            self._recorder.close()
        self.cache.close()

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

    def _send_with_retries(
        self,
        *,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        retry: RetryPolicy,
        pool: str | None,
        budget: list[float],
    ) -> _Attempt:
        host = (urlsplit(url).hostname or "").lower()
        attempts = max(retry.attempts, 1)
        for n in range(1, attempts + 1):
            if self._replay is not None:
                attempt = self._replayed(method, url, body, pool)
            else:
                attempt = self._live(
                    method=method, url=url, headers=headers, body=body, pool=pool, host=host, budget=budget
                )
            if attempt.response is not None:
                again = attempt.response.status in retry.statuses
            else:
                again = attempt.retryable and retry.connection_errors
            if n == attempts or not again:
                return attempt
            wait = backoff_delay(retry, n)
            if attempt.response is not None:
                after = parse_retry_after(attempt.response.headers.get("retry-after"), self.clock.now())
                if after is not None:
                    if after > retry.max_retry_after:
                        return attempt  # the server asks for longer than we wait: report it as is
                    wait = max(after, 0.0)
                if attempt.response.status == 429 and self._replay is None:
                    # The whole host (or pool) was asked to slow down, not only this request.
                    self._pools.pause(pool or f"host:{host}", wait)
            self.clock.sleep(wait)
        return attempt  # pragma: no cover  (the loop always returns)

    def _live(
        self,
        *,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        pool: str | None,
        host: str,
        budget: list[float],
    ) -> _Attempt:
        open_reason = self._breaker.open_reason(host)
        if open_reason is not None:
            attempt = _Attempt(failure=FetchStatus.BROKEN, error=open_reason)
            self._record(method, url, body, attempt)
            return attempt
        # A named pool (one endpoint of a host that has several, like the Wayback's CDX, mementos and Save
        # Page Now) has per-host slots of its own: one endpoint's queue never holds another's requests.
        with self._limiter.slot(pool or host):
            self._pools.wait_turn(pool or f"host:{host}")
            with self._stats_lock:
                self.stats[pool or host] += 1
            started = time.monotonic()
            attempt = self._exchange(method, url, headers, body, max(budget[0], 0.001))
            budget[0] -= time.monotonic() - started
        failed = attempt.response is None or attempt.response.status >= 500
        if attempt.failure is not FetchStatus.UNSAFE:
            self._breaker.record(host, failed=failed, error=attempt.error)
        self._record(method, url, body, attempt)
        return attempt

    def _route(self, url: str) -> tuple[Route, str, str]:
        """Where to connect, the request target and the Host header (--resolve and proxies applied)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        host = ascii_host((parts.hostname or "").lower())
        port = parts.port or _DEFAULT_PORTS.get(scheme, 80)
        shown = f"[{host}]" if ":" in host else host
        host_header = shown if port == _DEFAULT_PORTS.get(scheme) else f"{shown}:{port}"
        target = request_target(parts.path, parts.query)
        for key in (f"{host}:{port}", host):
            if key in self._resolve:
                # Resolved routes are plain HTTP to the address given, never through a proxy.
                there = urlsplit(f"//{self._resolve[key]}")
                route = Route("http", (there.hostname or "").lower(), there.port or 80)
                # The Host header names the URL's host as written (with its port when it gives one).
                return route, target, shown if parts.port is None else f"{shown}:{parts.port}"
        proxy = self._proxy_for(scheme, host)
        route = Route(scheme, host, port, proxy)
        if proxy is not None and scheme == "http":
            target = f"http://{host_header}{target}"  # a plain proxy is sent the absolute URL
        return route, target, host_header

    def _proxy_for(self, scheme: str, host: str) -> Proxy | None:
        """The environment's proxy for this URL (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY minus NO_PROXY)."""
        env = self._env_proxies
        if not env:
            return None
        if env.get("no") and _no_proxy_match(host, env["no"]):
            return None
        proxy = env.get(scheme) or env.get("all")
        return _parsed_proxy(proxy) if proxy else None

    def _headers(
        self, method: str, url: str, host_header: str, headers: dict[str, str], body: bytes | None
    ) -> list[tuple[str, str]]:
        """The request headers in the order sent: ours, then the caller's (a name given replaces ours)."""
        sent = {
            "host": ("Host", host_header),
            "user-agent": ("User-Agent", self.config.user_agent),
            "accept-encoding": ("Accept-Encoding", ACCEPT_ENCODING),
            "accept": ("Accept", DEFAULT_ACCEPT),
            "connection": ("Connection", "keep-alive"),
        }
        for name, value in headers.items():
            sent[name.lower()] = (name, value)
        if "cookie" not in sent:
            cookie = self._cookies.header(url)
            if cookie:
                sent["cookie"] = ("Cookie", cookie)
        if body is not None:
            sent["content-length"] = ("Content-Length", str(len(body)))
        elif method not in ("GET", "HEAD", "OPTIONS"):
            sent["content-length"] = ("Content-Length", "0")
        return list(sent.values())

    def _exchange(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, budget: float
    ) -> _Attempt:
        assert self._wire is not None
        deadline = self._arm(budget)
        started = time.monotonic()
        try:
            route, target, host_header = self._route(url)
            sent = self._headers(method, url, host_header, headers, body)
            reply = self._wire.exchange(
                route, method, target, sent, body, deadline=deadline, max_bytes=self.config.max_bytes
            )
        except WireError as exc:
            return _timed_out() if deadline.fired else _failure(exc)
        except OSError as exc:  # the machine's own limits (too many open files, no route)
            text = (exc.strerror or str(exc)).lower()
            return _Attempt(failure=FetchStatus.BROKEN, error=f"connection failed: {text}", retryable=True)
        finally:
            self._disarm(deadline)
        if deadline.fired:
            return _timed_out()
        self._cookies.keep(url, reply.headers)
        response = Response(
            url=url,
            status=reply.status,
            headers=_normalise_headers(reply.headers, len(reply.body)),
            body=reply.body,
            truncated=reply.truncated,
            elapsed=time.monotonic() - started,
            peer=reply.peer,
        )
        return _Attempt(response, reply.reason, request_headers=reply.sent)

    def _arm(self, budget: float) -> Deadline:
        deadline = Deadline(time.monotonic() + budget)
        with self._stats_lock:
            self._inflight.add(deadline)
        return deadline

    def _disarm(self, deadline: Deadline) -> None:
        with self._stats_lock:
            self._inflight.discard(deadline)

    def _record(self, method: str, url: str, body: bytes | None, attempt: _Attempt) -> None:
        if self._recorder is None:
            return
        when = self.clock.now()
        r = attempt.response
        if r is None:
            assert attempt.failure is not None
            self._recorder.failure(
                method=method,
                url=url,
                request_body=body,
                status=attempt.failure,
                error=attempt.error,
                retryable=attempt.retryable,
                when=when,
            )
            return
        self._recorder.exchange(
            method=method,
            url=url,
            request_headers=attempt.request_headers,
            request_body=body,
            status=r.status,
            reason=attempt.reason,
            headers=r.headers.items_,
            body=r.body,
            truncated=r.truncated,
            peer=r.peer,
            when=when,
        )

    def _replayed(self, method: str, url: str, body: bytes | None, pool: str | None) -> _Attempt:
        host = (urlsplit(url).hostname or "").lower()
        with self._stats_lock:
            self.stats[pool or host] += 1
        entry: Replayed | None = self._replay.answer(method, url, body) if self._replay else None
        if entry is None:
            return _Attempt(failure=FetchStatus.NOT_IN_REPLAY, error="not in the replayed WARC")
        if entry.failure is not None:
            return _Attempt(failure=entry.failure, error=entry.error, retryable=entry.retryable)
        response = Response(
            url=url,
            status=entry.status,
            headers=Headers(entry.headers),
            body=entry.body,
            truncated=entry.truncated,
            peer=entry.peer,
        )
        return _Attempt(response, entry.reason)
