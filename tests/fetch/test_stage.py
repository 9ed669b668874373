"""The fetch stage: statuses per the report contract, redirects and meta refreshes, concurrent delivery."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from emulators.faults import FaultServer
from verify.fetch import fetch_all, fetch_one
from verify.fetch.http import HttpClient
from verify.models import FetchStatus

EXPECTED = {
    "/ok": FetchStatus.OK,
    "/gzip": FetchStatus.OK,
    "/pdf": FetchStatus.OK,
    "/json": FetchStatus.OK,
    "/text": FetchStatus.OK,
    "/image": FetchStatus.OK,
    "/charset?kind=wrong-header": FetchStatus.OK,
    "/chain?n=2": FetchStatus.REDIRECTED,
    "/refresh?to=/ok": FetchStatus.REDIRECTED,
    "/status?code=404": FetchStatus.BROKEN,
    "/status?code=410": FetchStatus.BROKEN,
    "/status?code=500": FetchStatus.BROKEN,
    "/status?code=401": FetchStatus.BLOCKED,
    "/status?code=403": FetchStatus.BLOCKED,
    "/status?code=999": FetchStatus.BLOCKED,
    "/botwall": FetchStatus.BLOCKED,
    "/botwall?code=200": FetchStatus.BLOCKED,
    "/consent": FetchStatus.BLOCKED,
    "/soft404": FetchStatus.BROKEN,
    "/loop": FetchStatus.BROKEN,
    "/truncated": FetchStatus.BROKEN,
    "/redirect?to=file:///etc/passwd": FetchStatus.UNSAFE,
}


def test_every_fault_gets_the_contract_status(client: HttpClient, server: FaultServer) -> None:
    urls = {server.url(p): p for p in EXPECTED}
    results = fetch_all(client, list(urls))
    got = {urls[u]: f.result.status for u, f in results.items()}
    assert got == EXPECTED


def test_result_fields(client: HttpClient, server: FaultServer) -> None:
    fetched = fetch_one(client, server.url("/chain?n=1"))
    r = fetched.result
    assert r.status is FetchStatus.REDIRECTED and r.http_status == 200
    assert r.final_url == server.url("/ok")
    assert r.redirects == (server.url("/chain?n=1"), server.url("/ok"))
    assert r.content_type == "text/html" and r.size == 715 and len(r.sha256 or "") == 64
    assert r.error is None and not r.truncated and not r.from_cache and r.elapsed is not None
    assert fetched.document is not None and fetched.document.url == server.url("/ok")


def test_scheme_upgrade_alone_is_ok(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    client = make_client(resolve=(("gazette.example:80", server.addr), ("gazette.example:443", server.addr)))
    fetched = fetch_one(client, "http://gazette.example/redirect?to=https://gazette.example/redirect")
    # /redirect -> https://…/redirect -> /ok: the path changed, so it is `redirected`.
    assert fetched.result.status is FetchStatus.REDIRECTED
    same = fetch_one(client, "http://gazette.example/redirect?to=https://gazette.example/redirect%3Fto=/ok")
    assert same.result.final_url == "https://gazette.example/ok"


def test_unreadable_results_carry_no_document(client: HttpClient, server: FaultServer) -> None:
    assert fetch_one(client, server.url("/soft404")).document is None
    assert fetch_one(client, server.url("/status?code=404")).result.http_status == 404


def test_fetch_all_dedupes_and_delivers_as_results_arrive(client: HttpClient, server: FaultServer) -> None:
    seen: list[str] = []
    caller = threading.get_ident()
    threads: set[int] = set()

    def on_result(url: str, fetched: object) -> None:
        seen.append(url)
        threads.add(threading.get_ident())

    urls = [server.url("/hold?for=0.3"), server.url("/ok"), server.url("/ok"), server.url("/text")]
    results = fetch_all(client, urls, on_result=on_result)
    assert list(results) == [urls[0], urls[1], urls[3]]
    assert seen[-1] == urls[0]  # the slow one arrives last
    assert threads == {caller}
    assert len(server.requests) == 3


def test_fetch_all_respects_per_host_and_keeps_workers_busy(
    make_client: Callable[..., HttpClient], server: FaultServer, server2: FaultServer
) -> None:
    client = make_client(jobs=8, per_host=2)
    urls = [server.url(f"/hold?for=0.1&i={i}") for i in range(8)]
    urls += [server2.url(f"/hold?for=0.1&i={i}") for i in range(8)]
    results = fetch_all(client, urls)
    assert all(f.result.status is FetchStatus.OK for f in results.values())
    assert server.state.max_active <= 2 and server2.state.max_active <= 2
    assert server.state.max_active == 2 and server2.state.max_active == 2


def test_a_failing_callback_does_not_wait_for_slow_fetches(client: HttpClient, server: FaultServer) -> None:
    import time

    import pytest

    def explode(url: str, fetched: object) -> None:
        raise KeyboardInterrupt

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        fetch_all(client, [server.url("/ok"), server.url("/slow?delay=3")], on_result=explode)
    assert time.monotonic() - started < 2.5


def test_a_page_redirected_to_the_home_page_is_broken_not_moved(client: HttpClient) -> None:
    home = b"<html><body><h1>Front page</h1><p>Today's stories, teasers and more teasers.</p></body></html>"
    with FaultServer("127.0.0.1", pages={"/": (200, "text/html", home)}) as site:
        gone = fetch_one(client, site.url("/redirect?code=301&to=/"))
        moved = fetch_one(client, site.url("/redirect?code=301&to=/ok"))
    assert gone.result.status is FetchStatus.BROKEN and gone.document is None
    assert gone.result.error is not None and "home page" in gone.result.error
    assert moved.result.status is FetchStatus.REDIRECTED and moved.document is not None


def test_without_body_of_the_article_body_is_not_looked_for(client: HttpClient, server: FaultServer) -> None:
    from verify.extract.body import main_content

    scoped = fetch_one(client, server.url("/ok"), body_of=main_content)
    unscoped = fetch_one(client, server.url("/ok"))
    assert unscoped.document is not None and unscoped.document.body is None
    assert scoped.document is not None and unscoped.document.text == scoped.document.text


def test_an_error_in_a_worker_is_raised_in_the_callers_thread(
    client: HttpClient, server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in reading one page is that page's result; a bug below it (here the client) stops the run
    in the caller's thread, with its own exception, and no thread is left waiting."""

    def broken(url: str, **kwargs: object) -> object:
        raise RuntimeError("a bug in the client")

    monkeypatch.setattr(client, "get", broken)
    before = threading.active_count()
    with pytest.raises(RuntimeError, match="a bug in the client"):
        fetch_all(client, [server.url("/ok"), server.url("/ok?2")])
    for _ in range(100):
        if threading.active_count() <= before:
            break
        time.sleep(0.01)
    assert threading.active_count() <= before
