"""The one module that touches the network: every HTTP exchange of a run goes through `HttpClient`.

One pooled `requests` session whose connections refuse non-public addresses at connect time (the address
checked is the address connected to, so DNS rebinding cannot slip through); redirects followed by our own
code with every hop checked; per-host slots, run-wide rate pools, retries with back-off, a circuit
breaker; a deadline per fetch enforced by a watchdog that shuts stalled sockets; bodies streamed under a
size cap with a decompression-bomb guard; every exchange recorded to a WARC, or answered from one.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import http.client
import ipaddress
import json
import os
import queue
import re
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit
from urllib.request import getproxies_environment

import verify.fetch.charsets  # noqa: F401 - before requests, which then imports no charset detector

# isort: split
import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.util.timeout import _DEFAULT_TIMEOUT

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
from verify.fetch.safety import AddressPolicy, UnsafeAddressError, first_safe_address, parse_ip_host
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
from verify.models import FetchStatus
from verify.textsafe import one_line

__all__ = ["HttpClient", "MemoryCache"]

MAX_REDIRECTS = 10
PRUNE_AFTER = 30 * 86_400.0  # seconds
MAX_CACHED_BYTES = 10_000_000  # bigger bodies are re-fetched rather than bloat a cache shared by runs
CHUNK = 64 * 1024
# Past this much decoded output, a body that expands more than BOMB_RATIO times is a bomb, not a page.
BOMB_MIN_BYTES = 2_000_000
BOMB_RATIO = 200
WATCHDOG_TICK = 60.0  # seconds the watchdog sleeps at most before looking at its alarms again
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf;q=0.8,*/*;q=0.7"
# Headers the client rewrites because it stores bodies decoded (and maybe cut): originals kept renamed.
_REWRITTEN = ("content-encoding", "transfer-encoding", "content-length")


# --------------------------------------------------------------------------- deadline watchdog


@dataclass(eq=False)
class _Alarm:
    deadline: float
    sock: socket.socket | None = None
    fired: bool = False
    cancelled: bool = False

    def __lt__(self, other: _Alarm) -> bool:
        return self.deadline < other.deadline


class _Watchdog:
    """One thread that shuts the socket of any exchange that outlives its deadline (stalls, trickles)."""

    def __init__(self) -> None:
        self._heap: list[_Alarm] = []
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, alarm: _Alarm) -> None:
        with self._cond:
            earliest = not self._heap or alarm.deadline < self._heap[0].deadline
            heapq.heappush(self._heap, alarm)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="verify-watchdog", daemon=True)
                self._thread.start()
            if earliest:  # only an earlier deadline changes what the watchdog waits for
                self._cond.notify()

    def _run(self) -> None:
        while True:
            try:
                self._step()
            except Exception:  # the watchdog must outlive any one alarm's oddity
                time.sleep(0.01)

    def _step(self) -> None:
        """Wait for the earliest deadline, or fire it and shut its socket."""
        with self._cond:
            while self._heap and self._heap[0].cancelled:
                heapq.heappop(self._heap)
            if not self._heap:
                self._cond.wait()
                return
            wait = self._heap[0].deadline - time.monotonic()
            if wait > 0:
                # Bounded: an endless deadline must not overflow the wait (that killed the thread).
                self._cond.wait(min(wait, WATCHDOG_TICK))
                return
            alarm = heapq.heappop(self._heap)
            alarm.fired = True
            sock = alarm.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


_WATCHDOG = _Watchdog()
_local = threading.local()  # the current thread's alarm and connection-time refusal


def _current_alarm() -> _Alarm | None:
    alarm: _Alarm | None = getattr(_local, "alarm", None)
    return alarm


# --------------------------------------------------------------------------- safe connections


def _open_checked(conn: Any, policy: AddressPolicy) -> socket.socket:
    """Connect `conn` (a urllib3 connection) to the first address of its host that `policy` allows."""
    # Through a proxy the proxy resolves names; its own (often private) address is trusted.
    check = policy if getattr(conn, "proxy", None) is None else AddressPolicy(allow_private=True)
    try:
        candidates = first_safe_address(conn._dns_host, conn.port, check)
    except UnsafeAddressError as exc:
        _local.refusal = str(exc)
        raise NewConnectionError(conn, f"refused: {exc}") from exc
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    error: OSError | None = None
    for family, kind, proto, sockaddr in candidates:
        sock = socket.socket(family, kind, proto)
        try:
            for opt in conn.socket_options or ():
                sock.setsockopt(*opt)
            if conn.timeout is not _DEFAULT_TIMEOUT:
                sock.settimeout(conn.timeout)
            alarm = _current_alarm()
            if alarm is not None:
                alarm.sock = sock
            sock.connect(sockaddr)
        except TimeoutError as exc:
            sock.close()
            raise ConnectTimeoutError(conn, f"connection to {conn.host} timed out") from exc
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sys.audit("http.client.connect", conn, conn.host, conn.port)
        return sock
    raise NewConnectionError(conn, f"failed to connect: {error}") from error


def _arm_for_response(conn: Any) -> None:
    """Hand the socket a response is about to be read from to the watchdog, and note the peer."""
    alarm = _current_alarm()
    if alarm is not None and conn.sock is not None:
        alarm.sock = conn.sock
        _WATCHDOG.arm(alarm)
        with contextlib.suppress(OSError):
            _local.peer = str(conn.sock.getpeername()[0])


class _IdleConnections(queue.LifoQueue[Any]):
    """A connection pool's queue: idle connections (most recent first) and free slots, the slots counted.

    urllib3 fills a new pool's queue with a None per slot and drains them one by one at close; with a
    pool for every host and as many slots as the run's jobs, those were thousands of lock round trips a
    run (13,800 puts for 1,000 links over 100 hosts). Here a new queue holds all its slots free from the
    start, so the Nones handed in to fill it are dropped, and an idle connection is always taken before a
    free slot (one is reused before another is opened).
    """

    def __init__(self, maxsize: int = 0) -> None:
        super().__init__(maxsize)
        self.free = maxsize

    def put(self, item: Any, block: bool = True, timeout: float | None = None) -> None:
        with self.not_empty:
            if 0 < self.maxsize <= len(self.queue) + self.free:
                if item is None:
                    return  # a slot of a new pool's, counted already
                raise queue.Full
            if item is None:
                self.free += 1
            else:
                self.queue.append(item)
            self.not_empty.notify()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        with self.not_empty:
            if block and not self.queue and not self.free:
                self.not_empty.wait_for(lambda: bool(self.queue or self.free), timeout)
            if self.queue:
                return self.queue.pop()
            if self.free:
                self.free -= 1
                return None
            raise queue.Empty

    def qsize(self) -> int:
        with self.mutex:
            return len(self.queue) + self.free


def _adapter_for(policy: AddressPolicy, pool_connections: int, pool_maxsize: int) -> HTTPAdapter:
    """A requests adapter whose connections only reach addresses the policy allows."""

    class _SafeConnect:
        def _new_conn(self: Any) -> socket.socket:
            return _open_checked(self, policy)

        def getresponse(self: Any, *args: Any, **kwargs: Any) -> Any:
            _arm_for_response(self)
            return super().getresponse(*args, **kwargs)  # type: ignore[misc]

    class SafeHTTPConnection(_SafeConnect, HTTPConnection):
        pass

    class SafeHTTPSConnection(_SafeConnect, HTTPSConnection):
        pass

    class SafeHTTPPool(HTTPConnectionPool):
        ConnectionCls = SafeHTTPConnection
        QueueCls = _IdleConnections

    class SafeHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = SafeHTTPSConnection
        QueueCls = _IdleConnections

    pools = {"http": SafeHTTPPool, "https": SafeHTTPSPool}

    class SafeAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    return SafeAdapter(pool_connections=pool_connections, pool_maxsize=pool_maxsize, max_retries=0)


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


class _CountingReader:
    """The socket file a response body is read from, counting the bytes taken from it.

    urllib3's own count (`tell()`) stays at 0 for chunked bodies; this one sees every body byte received,
    chunked or not (chunk framing included), before any content decoding.
    """

    def __init__(self, fp: Any) -> None:
        self._fp = fp
        self.count = 0

    def read(self, *args: Any) -> bytes:
        data: bytes = self._fp.read(*args)
        self.count += len(data)
        return data

    def read1(self, *args: Any) -> bytes:
        data: bytes = self._fp.read1(*args)
        self.count += len(data)
        return data

    def readline(self, *args: Any) -> bytes:
        data: bytes = self._fp.readline(*args)
        self.count += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        n: int = self._fp.readinto(buffer)
        self.count += n or 0
        return n

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fp, name)


def _count_received(raw: Any) -> _CountingReader | None:
    """Put a counter between the response and its socket file (None when the body is already gone)."""
    inner: Any = getattr(raw, "_fp", None)
    fp = getattr(inner, "fp", None)
    if inner is None or fp is None:
        return None
    counter = _CountingReader(fp)
    inner.fp = counter
    return counter


def _read_body(raw: Any, max_bytes: int) -> tuple[bytes, bool] | _Attempt:
    """The decoded body and whether it was cut at `max_bytes`, or a failed attempt for a bomb."""
    chunks: list[bytes] = []
    total = 0
    received = _count_received(raw)
    for chunk in raw.stream(CHUNK, decode_content=True):
        if total + len(chunk) > max_bytes:
            chunks.append(chunk[: max_bytes - total])
            return b"".join(chunks), True
        chunks.append(chunk)
        total += len(chunk)
        wire = max(received.count if received is not None else raw.tell(), 1)
        if total > BOMB_MIN_BYTES and total / wire > BOMB_RATIO:
            return _Attempt(
                failure=FetchStatus.BROKEN,
                error=f"decompression bomb: {wire} bytes expand past {total} (> {BOMB_RATIO}x)",
            )
    return b"".join(chunks), False


_TIMEOUTS = (requests.Timeout, ReadTimeoutError, ConnectTimeoutError, TimeoutError)


def _timed_out() -> _Attempt:
    limit = getattr(_local, "limit", None)
    within = f" within the {limit:.3g} s deadline" if limit else ""
    return _Attempt(failure=FetchStatus.TIMEOUT, error=f"no complete response{within}")


def _describe(exc: BaseException) -> str:
    """A short reason for a network exception, without requests' and urllib3's nested reprs."""
    todo: list[object] = [exc]
    seen: list[BaseException] = []
    while todo and len(seen) < 16:
        cur = todo.pop(0)
        if not isinstance(cur, BaseException) or cur in seen:
            continue
        seen.append(cur)
        todo.extend([getattr(cur, "reason", None), cur.__cause__, *cur.args])
    for e in seen:
        if isinstance(e, http.client.RemoteDisconnected):
            return "the server closed the connection without a response"
        if isinstance(e, http.client.BadStatusLine):
            return f"not an HTTP response: {one_line(str(e), 80)}"
    for e in seen:
        if isinstance(e, OSError) and e.strerror and not isinstance(e, socket.gaierror):
            return one_line(e.strerror.lower(), 200)
    for e in seen:
        if type(e).__name__ == "IncompleteRead" and len(e.args) >= 2:
            got, more = e.args[0], e.args[1]
            if isinstance(got, int) and isinstance(more, int):
                return f"body ended after {got} bytes, {more} more expected"
    text = str(seen[-1])
    text = re.sub(r"<urllib3\.[^>]+>:?\s*", "", text)
    text = re.sub(r"HTTP(S)?ConnectionPool\([^)]*\):\s*", "", text)
    return one_line(text, 200) or type(exc).__name__


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
        self._inflight: set[_Alarm] = set()
        self._session: requests.Session | None = None
        self._env_proxies: dict[str, str] = {}
        if self._replay is None:
            session = requests.Session()
            # The environment is read once here rather than by requests on every request (it scans all
            # of os.environ each time): proxies, NO_PROXY and the CA bundle. .netrc is deliberately not
            # used: cited links go to arbitrary hosts.
            session.trust_env = False
            session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
            self._env_proxies = {k.lower(): v for k, v in getproxies_environment().items()}
            session.headers["User-Agent"] = cfg.user_agent
            session.headers["Accept"] = DEFAULT_ACCEPT
            # A pool per host seen, kept for reuse up to what open files allow (least recently used go
            # first); a pool holds as many connections as may be in flight to it: per-host for a host,
            # all jobs where --resolve routes many names to one address.
            adapter = _adapter_for(self.policy, _pools_kept(cfg.per_host), max(cfg.jobs, cfg.per_host))
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._session = session
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
        for alarm in inflight:
            alarm.fired = True
            if alarm.sock is not None:
                with contextlib.suppress(OSError):
                    alarm.sock.shutdown(socket.SHUT_RDWR)
        if self._session is not None:
            self._session.close()
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

    def _route(self, url: str) -> tuple[str, str | None, dict[str, str] | None]:
        """The URL to connect to, the Host header to send, and a proxy override (for --resolve)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for key in (f"{host}:{port}", host):
            if key in self._resolve:
                target = urlunsplit(("http", self._resolve[key], parts.path or "/", parts.query, ""))
                # Resolved routes are direct: never through a proxy from the environment.
                return target, parts.netloc, {"http": "", "https": "", "all": ""}
        return urlunsplit(parts._replace(fragment="")), None, self._proxies_for(parts.scheme, host)

    def _proxies_for(self, scheme: str, host: str) -> dict[str, str]:
        """The environment's proxy for this URL (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY minus NO_PROXY)."""
        env = self._env_proxies
        if not env:
            return {}
        if env.get("no") and _no_proxy_match(host, env["no"]):
            return {}
        proxy = env.get(scheme.lower()) or env.get("all")
        return {scheme.lower(): proxy} if proxy else {}

    def _exchange(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, budget: float
    ) -> _Attempt:
        assert self._session is not None
        target, host_header, proxies = self._route(url)
        send_headers = dict(headers)
        if host_header:
            send_headers["Host"] = host_header
        alarm = self._arm(budget)
        started = time.monotonic()
        resp: requests.Response | None = None
        try:
            resp = self._session.send(
                self._prepared(method, target, send_headers, body),
                allow_redirects=False,
                timeout=(min(budget, 10.0), budget),
                stream=True,
                proxies=proxies,
            )
            request_headers = list(resp.request.headers.items())
            if not any(k.lower() == "host" for k, _ in request_headers):
                # http.client adds Host on the wire; the evidence should show it too.
                request_headers.insert(0, ("Host", urlsplit(url).netloc))
            raw = resp.raw
            peer: str | None = getattr(_local, "peer", None)
            read = _read_body(raw, self.config.max_bytes) if method != "HEAD" else (b"", False)
            if isinstance(read, _Attempt):
                return read
            if alarm.fired:
                return _timed_out()
            payload, truncated = read
            response = Response(
                url=url,
                status=resp.status_code,
                headers=_normalise_headers(list(raw.headers.items()), len(payload)),
                body=payload,
                truncated=truncated,
                elapsed=time.monotonic() - started,
                peer=peer,
            )
            return _Attempt(response, resp.reason or "", request_headers=request_headers)
        except Exception as exc:  # every network failure becomes a value
            return self._failure(exc, alarm)
        finally:
            self._disarm(alarm)
            if resp is not None:
                resp.close()

    def _prepared(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> requests.PreparedRequest:
        """The request `Session.request` would send, without its per-request merging: it copied the whole
        cookie jar and the session's headers through generic merges, 150 of the 950 us a fetch cost."""
        assert self._session is not None
        merged = CaseInsensitiveDict(self._session.headers)
        merged.update(headers)
        prepared = requests.PreparedRequest()
        prepared.prepare(method=method, url=url, data=body, headers=merged, cookies=self._session.cookies)
        return prepared

    def _arm(self, budget: float) -> _Alarm:
        """This thread's alarm for one exchange (armed on the watchdog once a socket exists)."""
        alarm = _Alarm(deadline=time.monotonic() + budget)
        with self._stats_lock:
            self._inflight.add(alarm)
        _local.alarm = alarm
        _local.refusal = None
        _local.peer = None
        return alarm

    def _disarm(self, alarm: _Alarm) -> None:
        alarm.cancelled = True
        _local.alarm = None
        with self._stats_lock:
            self._inflight.discard(alarm)

    @staticmethod
    def _failure(exc: Exception, alarm: _Alarm) -> _Attempt:
        refusal: str | None = getattr(_local, "refusal", None)
        if refusal:
            return _Attempt(failure=FetchStatus.UNSAFE, error=refusal)
        if alarm.fired or isinstance(exc, _TIMEOUTS):
            return _timed_out()
        text = _describe(exc)
        if isinstance(exc, requests.exceptions.SSLError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"TLS error: {text}")
        if isinstance(exc, requests.exceptions.ProxyError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"proxy error: {text}", retryable=True)
        chain = [exc, exc.__cause__, exc.__context__, *exc.args]
        if any(isinstance(e, NameResolutionError) for e in chain) or "NameResolution" in repr(exc):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"DNS: cannot resolve host ({text})")
        if isinstance(exc, DecodeError | requests.exceptions.ContentDecodingError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"undecodable body: {text}")
        if isinstance(exc, ProtocolError | requests.exceptions.ChunkedEncodingError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"connection cut: {text}", retryable=True)
        if isinstance(exc, requests.ConnectionError | OSError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"connection failed: {text}", retryable=True)
        if isinstance(exc, requests.RequestException | ValueError):
            return _Attempt(failure=FetchStatus.BROKEN, error=f"request failed: {text}")
        raise exc

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
