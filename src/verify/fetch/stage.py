"""The fetch stage: URLs in, `Fetched` (a FetchResult and, when readable, the document) out, concurrently.

Scheduling keeps every worker busy: a URL is started only when its host has a free slot, hosts take
turns, and results are handed to `on_result` as they arrive so matching can start early.
"""

from __future__ import annotations

import functools
import hashlib
import queue
import re
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime
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


def fetch_one(client: HttpClient, url: str, *, body_of: BodyOf | None = None) -> Fetched:
    """Fetch one source and judge it (ok, redirected, broken, blocked, timeout, unsafe, …).

    `body_of` finds an HTML page's article body (the pipeline gives the extract stage's; None: not needed).
    """
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
    response = outcome.response
    if response is None:
        status = outcome.failure or FetchStatus.BROKEN
        result = FetchResult(url=url, status=status, error=outcome.error, elapsed=elapsed)
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
        elapsed=elapsed,
        error=reason if not status.readable or document is None else None,
        redirects=redirects,
        truncated=response.truncated,
        from_cache=from_cache,
        cached_at=_iso(min(stored)) if from_cache and stored else None,
    )
    return _moved_home(url, Fetched(result, document if status.readable else None))


def fetch_all(
    client: HttpClient,
    urls: Sequence[str],
    *,
    on_result: Callable[[str, Fetched], None] | None = None,
    body_of: BodyOf | None = None,
) -> dict[str, Fetched]:
    """Fetch every URL (duplicates once) with `client.config.jobs` workers; results in input order.

    `on_result(url, fetched)` is called in the calling thread as each result arrives.
    """
    unique = list(dict.fromkeys(urls))
    jobs = max(client.config.jobs, 1)
    per_host = max(client.config.per_host, 1)
    queues: dict[str, deque[str]] = {}
    for u in unique:
        queues.setdefault((urlsplit(u).hostname or "").lower(), deque()).append(u)
    turn: deque[str] = deque(queues)  # hosts with work, in round-robin order
    active: dict[str, int] = dict.fromkeys(queues, 0)
    results: dict[str, Fetched] = {}
    running: dict[Future[Fetched], tuple[str, str]] = {}
    # Futures arrive here as they finish: waiting on all of them at once cost O(jobs) per result.
    finished: queue.SimpleQueue[Future[Fetched]] = queue.SimpleQueue()

    def start_more(pool: ThreadPoolExecutor) -> None:
        skipped = 0
        while len(running) < jobs and turn and skipped < len(turn):
            host = turn[0]
            turn.rotate(-1)
            if active[host] >= per_host:
                skipped += 1
                continue
            skipped = 0
            url = queues[host].popleft()
            if not queues[host]:
                turn.remove(host)
            active[host] += 1
            future = pool.submit(fetch_one, client, url, body_of=body_of)
            running[future] = (url, host)
            future.add_done_callback(finished.put)

    pool = ThreadPoolExecutor(max_workers=min(jobs, max(len(unique), 1)), thread_name_prefix="fetch")
    try:
        start_more(pool)
        while running:
            future = finished.get()
            url, host = running.pop(future)
            active[host] -= 1
            fetched = future.result()
            results[url] = fetched
            if on_result is not None:
                on_result(url, fetched)
            start_more(pool)
    except BaseException:
        # Ctrl-C (or a failing callback) must not wait for every fetch in flight to reach its deadline.
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return {u: results[u] for u in unique}
