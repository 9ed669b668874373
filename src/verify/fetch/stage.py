"""The fetch stage: URLs in, `Fetched` (a FetchResult and, when readable, the document) out, concurrently.

Scheduling keeps every worker busy: a URL is started only when its host has a free slot, hosts take
turns, and results are handed to `on_result` as they arrive so matching can start early.
"""

from __future__ import annotations

import functools
import hashlib
import queue
import re
import threading
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from verify.fetch.http import MAX_REDIRECTS, HttpClient
from verify.fetch.reader import BodyOf, read_response, refresh_target
from verify.fetch.types import Outcome
from verify.models import Fetched, FetchResult, FetchStatus


def _same_place(a: str, b: str) -> bool:
    """True when two URLs name the same host and path (scheme, query, trailing slash aside)."""
    pa, pb = urlsplit(a), urlsplit(b)
    host_a, host_b = (pa.hostname or "").lower(), (pb.hostname or "").lower()
    return host_a == host_b and (pa.path.rstrip("/") or "/") == (pb.path.rstrip("/") or "/")


# Site languages a front page may live under (/en/, /pt-br/): a two-letter path that is not one of
# these (/ok, /tv) is an ordinary page, not a home page.
_LANGS = (
    "ar bg bn ca cs cy da de el en es et eu fa fi fr ga gl he hi hr hu hy id is it ja ka kk ko lt lv mk "
    "ms mt nb nl nn no pl pt ro ru sk sl sq sr sv sw ta th tr uk ur uz vi zh"
)


@functools.cache
def _home_path_re() -> re.Pattern[str]:
    return re.compile(
        r"/*(?:(?:index|default|home)(?:\.\w{2,5})?|(?:"
        + "|".join(_LANGS.split())
        + r")(?:[-_][a-z]{2})?)?/*",
        re.I,
    )


# Threads that read fetched pages. One: reading is Python under one interpreter lock whatever the
# count, and a second reader held a second big page in memory at once (four 20 MB sources: 380 MB peak
# for `verify fetch` with one reader, 424-444 MB with two).
READERS = 1
MOVED_HOME = "redirected to the home page: the page was moved or removed"


def _moved_home(url: str, fetched: Fetched) -> Fetched:
    """A page that now redirects to a site's home page is gone, not moved: the home page is not its text.

    Publishers answer a removed article with a 301 to `/` rather than a 404; reading the front page as
    the source would report its quotations `not-found` (or worse, found in a headline teaser).
    """
    r = fetched.result
    if r.status is not FetchStatus.REDIRECTED or not r.final_url:
        return fetched
    was, now = urlsplit(url), urlsplit(r.final_url)
    home = _home_path_re()
    if not home.fullmatch(now.path) or now.query or (home.fullmatch(was.path) and not was.query):
        return fetched
    return Fetched(replace(r, status=FetchStatus.BROKEN, error=MOVED_HOME))


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class _Fetch:
    """What the network gave for one URL, before it is read: the outcome and the hops behind it."""

    outcome: Outcome
    chain: tuple[str, ...]  # meta-refresh hops (each with its own redirects) before the outcome's
    from_cache: bool
    stored: tuple[float, ...]  # when the cached answers used were stored
    elapsed: float


def _network(client: HttpClient, url: str) -> _Fetch:
    """Fetch `url`, following redirects and meta refreshes: all of a source's network work."""
    started = client.clock.monotonic()
    chain: list[str] = []
    outcome: Outcome = client.get(url, cache=True)
    from_cache = True
    stored: list[float] = []
    while True:
        response = outcome.response
        if response is None:
            break
        from_cache = from_cache and response.from_cache
        if response.stored_at is not None:
            stored.append(response.stored_at)
        target = refresh_target(response) if 200 <= response.status < 300 else None
        if target is None or target.split("#")[0] == response.url or target in chain:
            break
        hops = len(chain) + len(response.redirects) + 1
        if hops > MAX_REDIRECTS:
            error = f"too many redirects (more than {MAX_REDIRECTS})"
            outcome = Outcome(url, failure=FetchStatus.BROKEN, error=error)
            break
        # A meta refresh (t.co, link shorteners, moved pages) is a redirect done in HTML.
        chain.extend([*response.redirects, response.url])
        outcome = client.get(target, cache=True)
    elapsed = round(client.clock.monotonic() - started, 3)
    return _Fetch(outcome, tuple(chain), from_cache, tuple(stored), elapsed)


def _judged(url: str, fetch: _Fetch, body_of: BodyOf | None) -> Fetched:
    """Read what the network gave and judge the source (ok, redirected, broken, blocked, …)."""
    outcome, chain = fetch.outcome, fetch.chain
    response = outcome.response
    if response is None:
        status = outcome.failure or FetchStatus.BROKEN
        result = FetchResult(url=url, status=status, error=outcome.error, elapsed=fetch.elapsed)
        return Fetched(result)
    redirects = (*chain, *response.redirects, response.url) if (chain or response.redirects) else ()
    try:
        status, document, reason = read_response(response, body_of=body_of)
    except Exception as exc:  # a parser bug on one page must not stop the run: it is that source's result
        status, document, reason = FetchStatus.BROKEN, None, f"unreadable body: {type(exc).__name__}: {exc}"
    if status is FetchStatus.OK and not _same_place(url, response.url):
        status = FetchStatus.REDIRECTED
    result = FetchResult(
        url=url,
        status=status,
        http_status=response.status,
        final_url=response.url,
        content_type=response.content_type or None,
        size=len(response.body),
        sha256=hashlib.sha256(response.body).hexdigest(),
        elapsed=fetch.elapsed,
        error=reason if not status.readable or document is None else None,
        redirects=redirects,
        truncated=response.truncated,
        from_cache=fetch.from_cache,
        cached_at=_iso(min(fetch.stored)) if fetch.from_cache and fetch.stored else None,
    )
    return _moved_home(url, Fetched(result, document if status.readable else None))


def fetch_one(client: HttpClient, url: str, *, body_of: BodyOf | None = None) -> Fetched:
    """Fetch one source and judge it (ok, redirected, broken, blocked, timeout, unsafe, …).

    `body_of` finds an HTML page's article body (the pipeline gives the extract stage's; None: not needed).
    """
    return _judged(url, _network(client, url), body_of)


class _Turns:
    """Which URL goes next, for workers that take their next URL themselves as soon as they are free:
    hosts take turns, and a host at its `per_host` limit waits for a free slot. No hop through the
    caller's thread between one request and the next (at 128 in flight those hops, two hand-offs of the
    interpreter lock each, were the run's queue)."""

    def __init__(self, urls: list[str], per_host: int) -> None:
        self.per_host = per_host
        self.queues: dict[str, deque[str]] = {}
        for u in urls:
            self.queues.setdefault((urlsplit(u).hostname or "").lower(), deque()).append(u)
        self.turn: deque[str] = deque(self.queues)  # hosts with work, in round-robin order
        self.active: dict[str, int] = dict.fromkeys(self.queues, 0)
        self._cond = threading.Condition()
        self.stopped = False

    def _next(self) -> tuple[str, str] | None:
        """The next (url, host) that may start now, its slot taken; None when none may."""
        turn, skipped = self.turn, 0
        while turn and skipped < len(turn):
            host = turn[0]
            turn.rotate(-1)
            if self.active[host] >= self.per_host:
                skipped += 1
                continue
            url = self.queues[host].popleft()
            if not self.queues[host]:
                turn.remove(host)
            self.active[host] += 1
            return url, host
        return None

    def take(self) -> tuple[str, str] | None:
        """The next (url, host), waiting for a host's free slot; None when nothing is left to start."""
        with self._cond:
            while not self.stopped and self.turn:
                picked = self._next()
                if picked is not None:
                    if not self.turn:
                        self._cond.notify_all()  # the last URL is taken: idle workers may end
                    return picked
                self._cond.wait()
            return None

    def release(self, host: str) -> None:
        with self._cond:
            self.active[host] -= 1
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self.stopped = True
            self._cond.notify_all()


class _Workers:
    """Threads that each take an item from `inbox`, apply `work` and put (item, value, error) on `out`.

    Not a ThreadPoolExecutor: its Future per task (each with a Condition and its lock) and its semaphore
    were a tenth of the run's CPU with a hundred requests in flight.
    """

    _STOP = object()

    def __init__(
        self, count: int, work: Callable[[Any], Any], out: queue.SimpleQueue[Any], name: str
    ) -> None:
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._work = work
        self._out = out
        # Daemons: after Ctrl-C the process must not wait for the work they hold.
        self._threads = [
            threading.Thread(target=self._run, name=f"{name}-{k}", daemon=True) for k in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while (item := self.inbox.get()) is not self._STOP:
            try:
                self._out.put((item, self._work(item), None))
            except BaseException as exc:  # handed to the caller's thread, which raises it
                self._out.put((item, None, exc))

    def stop(self, *, wait: bool) -> None:
        for _ in self._threads:
            self.inbox.put(self._STOP)
        if wait:
            for thread in self._threads:
                thread.join()


def _fetching(
    client: HttpClient, turns: _Turns, read: queue.SimpleQueue[Any], out: queue.SimpleQueue[Any]
) -> None:
    """A network worker: fetch URL after URL, each handed to the readers once its network work is done."""
    while (picked := turns.take()) is not None:
        url, host = picked
        try:
            fetch = _network(client, url)
        except BaseException as exc:  # handed to the caller's thread, which raises it
            out.put((picked, None, exc))
            turns.stop()
            return
        finally:
            turns.release(host)
        read.put((url, fetch))


def fetch_all(
    client: HttpClient,
    urls: Sequence[str],
    *,
    on_result: Callable[[str, Fetched], None] | None = None,
    body_of: BodyOf | None = None,
) -> dict[str, Fetched]:
    """Fetch every URL (duplicates once) with `client.config.jobs` workers; results in input order.

    `on_result(url, fetched)` is called in the calling thread as each result arrives.

    A worker does a source's network work only and takes its next URL at once; reading a page (parsing,
    judging, finding the body) is handed to a reader thread. With many requests in flight, answers
    arrive in bursts: had each worker read its page, or waited for this thread to give it the next URL,
    before its next request went out, every request of a burst would wait for all that work before it
    (benchmarks/bench_lychee.py).
    """
    unique = list(dict.fromkeys(urls))
    turns = _Turns(unique, max(client.config.per_host, 1))
    results: dict[str, Fetched] = {}
    finished: queue.SimpleQueue[tuple[Any, Any, BaseException | None]] = queue.SimpleQueue()
    readers = _Workers(READERS, lambda item: _judged(item[0], item[1], body_of), finished, "read")
    # Daemons: after Ctrl-C the process must not wait for requests still on their way.
    network = [
        threading.Thread(
            target=_fetching, args=(client, turns, readers.inbox, finished), name=f"fetch-{k}", daemon=True
        )
        for k in range(min(max(client.config.jobs, 1), max(len(unique), 1)))
    ]
    for thread in network:
        thread.start()
    try:
        for _ in unique:
            item, value, error = finished.get()
            if error is not None:
                raise error
            results[item[0]] = value
            if on_result is not None:
                on_result(item[0], value)
    except BaseException:
        # Ctrl-C (or a failing callback) must not wait for every fetch in flight to reach its deadline.
        turns.stop()
        readers.stop(wait=False)
        raise
    turns.stop()
    for thread in network:
        thread.join()
    readers.stop(wait=True)
    return {u: results[u] for u in unique}
