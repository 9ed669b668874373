"""HttpClient over real loopback sockets: every fault ends in the contract's status, in bounded time."""

from __future__ import annotations

import gzip
import os
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from emulators.faults import FaultServer
from verify import USER_AGENT
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.types import NO_RETRY, ClientConfig, RetryPolicy
from verify.models import FetchStatus

FAST_RETRY = RetryPolicy(attempts=3, backoff_base=0.01, backoff_cap=0.05)


def test_ok_response_has_body_peer_and_truthful_user_agent(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/ok"))
    assert outcome.ok and outcome.response is not None
    assert b"Port Averly" in outcome.response.body
    assert outcome.response.peer == "127.0.0.1"
    assert server.requests[0].headers["User-Agent"] == USER_AGENT
    assert "verify/" in USER_AGENT and "https://" in USER_AGENT


def test_user_agent_override(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    make_client(user_agent="newsroom-bot/2").get(server.url("/ok"))
    assert server.requests[0].headers["User-Agent"] == "newsroom-bot/2"


def test_slow_first_byte_times_out_at_the_deadline(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    client = make_client(timeout=0.5)
    started = time.monotonic()
    outcome = client.get(server.url("/slow?delay=4"), retry=NO_RETRY)
    assert outcome.failure is FetchStatus.TIMEOUT
    assert time.monotonic() - started < 3.5  # bounded by the deadline, not by the server


def test_stalled_body_times_out(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    client = make_client(timeout=0.5)
    started = time.monotonic()
    outcome = client.get(server.url("/stall?delay=4"))
    assert outcome.failure is FetchStatus.TIMEOUT
    assert time.monotonic() - started < 3.5


def test_trickled_body_ends_at_the_deadline(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    # One byte every 50 ms never trips a socket read timeout; only a total deadline stops it.
    client = make_client(timeout=0.6)
    started = time.monotonic()
    outcome = client.get(server.url("/trickle?every=0.05"))
    assert outcome.failure is FetchStatus.TIMEOUT
    assert time.monotonic() - started < 3.5


def test_connection_reset_is_broken_after_retries(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/reset"), retry=FAST_RETRY)
    assert outcome.failure is FetchStatus.BROKEN
    assert "reset" in (outcome.error or "")
    assert server.state.counters["reset"] == 3


def test_429_retry_after_is_waited_for(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/throttle?after=1&times=1"))
    assert outcome.ok
    first, second = server.requests
    assert second.at - first.at >= 0.9


def test_retry_after_as_http_date(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    clock = FrozenClock(datetime(2026, 5, 17, 9, 0, tzinfo=UTC))
    client = make_client()
    client.clock = clock
    when = format_datetime(clock.now() + timedelta(seconds=30), usegmt=True)
    outcome = client.get(server.url(f"/throttle?times=1&after={when.replace(' ', '%20')}"))
    assert outcome.ok
    assert clock.now() - datetime(2026, 5, 17, 9, 0, tzinfo=UTC) >= timedelta(seconds=29)


def test_retry_after_beyond_the_cap_is_not_waited_for(client: HttpClient, server: FaultServer) -> None:
    started = time.monotonic()
    outcome = client.get(server.url("/throttle?times=5&after=3600"))
    assert outcome.response is not None and outcome.response.status == 429
    assert len(server.requests) == 1
    assert time.monotonic() - started < 2


def test_503_then_success(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/flaky?times=1&code=503"), retry=FAST_RETRY)
    assert outcome.ok
    assert len(server.requests) == 2


def test_no_retry_policy_sends_once(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/flaky?times=1&code=503"), retry=NO_RETRY)
    assert outcome.response is not None and outcome.response.status == 503
    assert len(server.requests) == 1


def test_redirect_chain_is_kept(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/chain?n=3"))
    assert outcome.ok and outcome.response is not None
    assert outcome.response.redirects == (
        server.url("/chain?n=3"),
        server.url("/chain?n=2"),
        server.url("/chain?n=1"),
    )
    assert outcome.response.url == server.url("/ok")


def test_redirect_loop_is_broken(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/loop"))
    assert outcome.failure is FetchStatus.BROKEN
    assert "loop" in (outcome.error or "")


def test_too_many_redirects_is_broken(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/chain?n=11"))
    assert outcome.failure is FetchStatus.BROKEN
    assert "too many redirects" in (outcome.error or "")
    assert len(server.requests) == 11


def test_ten_redirects_are_followed(client: HttpClient, server: FaultServer) -> None:
    assert client.get(server.url("/chain?n=10")).ok


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "data:,x"]
)
def test_redirect_to_other_scheme_is_unsafe(client: HttpClient, server: FaultServer, target: str) -> None:
    outcome = client.get(server.url(f"/redirect?to={target}"))
    assert outcome.failure is FetchStatus.UNSAFE


def test_redirect_to_a_refused_address_never_reaches_it(
    make_client: Callable[..., HttpClient], server: FaultServer, server2: FaultServer
) -> None:
    client = make_client(allow_nets=("127.0.0.1/32",))
    outcome = client.get(server.url(f"/redirect?to={server2.url('/ok')}"))
    assert outcome.failure is FetchStatus.UNSAFE
    assert "127.0.0.2" in (outcome.error or "")
    assert server2.requests == []
    assert len(server.requests) == 1


def test_redirect_through_a_name_resolving_to_a_refused_address(
    make_client: Callable[..., HttpClient], server: FaultServer, server2: FaultServer
) -> None:
    # The name is routed (like curl --resolve) to 127.0.0.2: the check is on the address connected to.
    # `.invalid` never resolves anywhere (RFC 6761): only the route to the loopback server2 reaches it
    client = make_client(allow_nets=("127.0.0.1/32",), resolve=(("inner.invalid", server2.addr),))
    outcome = client.get(server.url("/redirect?to=http://inner.invalid/ok"))
    assert outcome.failure is FetchStatus.UNSAFE
    assert server2.requests == []


def test_loopback_refused_by_default(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    client = make_client(allow_nets=())
    for url in (server.url("/ok"), f"http://localhost:{server.port}/ok", f"http://2130706433:{server.port}/"):
        assert client.get(url).failure is FetchStatus.UNSAFE
    assert server.requests == []


def test_dns_rebinding_is_caught_at_connect(
    make_client: Callable[..., HttpClient], server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A name that passes any URL-level check but resolves to loopback when the connection is made (under
    # `.invalid`, which no real resolver answers: only the patched look-up below gives it an address).
    real = socket.getaddrinfo

    def rebinding(host: str, *args: object, **kwargs: object) -> object:
        if host == "news.rebind.invalid":
            return real("127.0.0.1", *args, **kwargs)  # type: ignore[arg-type]
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    client = make_client(allow_nets=())
    outcome = client.get(f"http://news.rebind.invalid:{server.port}/ok")
    assert outcome.failure is FetchStatus.UNSAFE
    assert "loopback" in (outcome.error or "")
    assert server.requests == []
    allowed = make_client(allow_nets=("127.0.0.0/8",))
    assert allowed.get(f"http://news.rebind.invalid:{server.port}/ok").ok


def test_oversized_body_is_cut_and_marked(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    client = make_client(max_bytes=1_000_000)
    outcome = client.get(server.url("/big?size=5000000"))
    assert outcome.response is not None
    assert outcome.response.truncated
    assert len(outcome.response.body) == 1_000_000


def test_gzip_bomb_is_stopped(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/bomb?size=300000000"))
    assert outcome.failure is FetchStatus.BROKEN
    assert "bomb" in (outcome.error or "")


def test_gzip_body_is_decoded(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/gzip"))
    assert outcome.response is not None and b"Port Averly" in outcome.response.body
    assert outcome.response.headers.get("content-encoding") is None


def test_truncated_body_is_broken(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/truncated"), retry=NO_RETRY)
    assert outcome.failure is FetchStatus.BROKEN
    assert "5000" in (outcome.error or "") or "4970" in (outcome.error or "")


def test_connection_refused_is_broken(client: HttpClient) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    outcome = client.get(f"http://127.0.0.1:{port}/", retry=NO_RETRY)
    assert outcome.failure is FetchStatus.BROKEN


def test_skip_patterns(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    client = make_client(skip_patterns=(r"/private/",))
    assert client.get(server.url("/private/x")).failure is FetchStatus.SKIPPED
    assert server.requests == []


def test_per_host_limit_holds(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    client = make_client(per_host=2)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: client.get(server.url(f"/hold?for=0.1&i={i}")), range(8)))
    assert server.state.max_active <= 2
    assert client.stats["127.0.0.1"] == 8


def test_rate_pool_holds_requests_over_its_limit(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    client = make_client()
    clock = FrozenClock(datetime(2026, 5, 17, tzinfo=UTC))
    client.clock = clock
    client.set_rate("slowapi", per_minute=3)
    for i in range(4):
        assert client.get(server.url(f"/ok?i={i}"), pool="slowapi").ok
    # Three within the minute; the fourth waited for the window to move on.
    assert clock.now() == datetime(2026, 5, 17, 0, 1, tzinfo=UTC)
    assert client.stats["slowapi"] == 4


def test_pause_pool_delays_the_next_request(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    client = make_client()
    clock = FrozenClock(datetime(2026, 5, 17, tzinfo=UTC))
    client.clock = clock
    client.pause_pool("wayback", 45)
    assert client.get(server.url("/ok"), pool="wayback").ok
    assert clock.now() == datetime(2026, 5, 17, 0, 0, 45, tzinfo=UTC)


def test_failing_host_is_backed_off(client: HttpClient, server: FaultServer) -> None:
    for i in range(4):
        client.get(server.url(f"/reset?i={i}"), retry=FAST_RETRY)
    before = server.state.counters["reset"]
    outcome = client.get(server.url("/reset?again"), retry=FAST_RETRY)
    assert outcome.failure is FetchStatus.BROKEN
    assert "backing off" in (outcome.error or "")
    assert server.state.counters["reset"] == before


def test_resolve_keeps_url_and_host(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    # `.invalid` never resolves (RFC 6761): the route to the loopback server is the only way there
    client = make_client(resolve=(("gazette.invalid", server.addr),))
    outcome = client.get("https://gazette.invalid/ok")
    assert outcome.ok and outcome.response is not None
    assert outcome.response.url == "https://gazette.invalid/ok"
    assert server.requests[0].headers["Host"] == "gazette.invalid"


def test_post_form_body_and_303(client: HttpClient, server: FaultServer) -> None:
    outcome = client.request(
        "POST", server.url("/redirect?code=303&to=/ok"), data={"url": "https://a.example/"}
    )
    assert outcome.ok
    assert (
        server.requests[0].method == "POST" and server.requests[0].body == b"url=https%3A%2F%2Fa.example%2F"
    )
    assert server.requests[1].method == "GET"


def test_environment_proxy_is_used(
    monkeypatch: pytest.MonkeyPatch, server: FaultServer, server2: FaultServer
) -> None:
    # server2 plays the proxy: a plain HTTP proxy receives the absolute URL in the request line.
    monkeypatch.setenv("HTTP_PROXY", server2.url(""))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = HttpClient(ClientConfig(allow_nets=("127.0.0.1/32",), use_cache=False))
    try:
        client.get("http://public-news.example/ok", retry=NO_RETRY)
    finally:
        client.close()
    assert server2.requests and server2.requests[0].path == "http://public-news.example/ok"


def test_no_proxy_is_honoured(
    monkeypatch: pytest.MonkeyPatch, server: FaultServer, server2: FaultServer
) -> None:
    monkeypatch.setenv("HTTP_PROXY", server2.url(""))
    monkeypatch.setenv("NO_PROXY", "intranet.example,.lan,127.0.0.0/8")
    client = HttpClient(ClientConfig(allow_nets=("127.0.0.0/8",), use_cache=False))
    try:
        assert client.get(server.url("/ok")).ok  # direct: 127.0.0.1 is in NO_PROXY
    finally:
        client.close()
    assert server2.requests == [] and len(server.requests) == 1


def test_a_429_pauses_the_whole_host(client: HttpClient, server: FaultServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(client.get, server.url("/throttle?times=1&after=1"))
        time.sleep(0.3)  # the 429 has arrived; the host is paused for a second
        second = pool.submit(client.get, server.url("/ok?other"))
        assert first.result().ok and second.result().ok
    times = {r.path: r.at for r in server.requests}
    assert times["/ok?other"] - server.requests[0].at >= 0.9


def test_close_cuts_exchanges_in_flight(make_client: Callable[..., HttpClient], server: FaultServer) -> None:
    import threading

    client = make_client(timeout=10)
    box: dict[str, object] = {}
    worker = threading.Thread(target=lambda: box.setdefault("o", client.get(server.url("/stall?delay=8"))))
    started = time.monotonic()
    worker.start()
    time.sleep(0.3)
    client.close()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - started < 4
    assert box["o"].failure is FetchStatus.TIMEOUT  # type: ignore[attr-defined]


def test_cookie_round_trip_redirect_is_not_a_loop(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/cookie-gate"))
    assert outcome.ok and outcome.response is not None
    assert outcome.response.redirects == (server.url("/cookie-gate"), server.url("/set-cookie"))


def test_credentials_do_not_follow_a_redirect_to_another_host(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    client = make_client(resolve=(("api.example", server.addr), ("elsewhere.example", server.addr)))
    target = "http://elsewhere.example/ok"
    auth = {"Authorization": "Bearer s3cret"}
    outcome = client.get(f"http://api.example/redirect?to={target}", headers=auth)
    assert outcome.ok
    first, second = server.requests
    assert first.headers.get("Authorization") == "Bearer s3cret"
    assert "Authorization" not in second.headers


def test_timeout_error_names_the_deadline(
    make_client: Callable[..., HttpClient], server: FaultServer
) -> None:
    outcome = make_client(timeout=0.4).get(server.url("/slow?delay=3"), retry=NO_RETRY)
    assert outcome.failure is FetchStatus.TIMEOUT and "0.4 s deadline" in (outcome.error or "")


@pytest.mark.parametrize(
    ("path", "words"), [("/garbage", "not an HTTP response"), ("/hangup", "without a response")]
)
def test_non_http_answers_are_broken(client: HttpClient, server: FaultServer, path: str, words: str) -> None:
    outcome = client.get(server.url(path), retry=NO_RETRY)
    assert outcome.failure is FetchStatus.BROKEN and words in (outcome.error or "")


@pytest.mark.parametrize("tail", ["\r\nX-Injected: 1", "?q=1\nHost: evil.example", "\tx"])
def test_a_url_with_line_breaks_is_refused_unsent_and_unrecorded(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path, tail: str
) -> None:
    warc = tmp_path / "run.warc.gz"
    client = make_client(warc_path=str(warc))
    outcome = client.get(server.url("/ok") + tail)
    assert outcome.failure is FetchStatus.UNSAFE
    assert outcome.error is not None and "control characters" in outcome.error
    # A tab in a Location is dropped as browsers drop it: the next hop's URL is clean text.
    hop = client.get(server.url("/redirect?to=/ok%09x"))
    assert hop.response is not None and "\t" not in hop.response.url
    client.close()
    assert [r.path for r in server.requests] == ["/redirect?to=/ok%09x", "/okx"]
    recorded = gzip.decompress(warc.read_bytes())
    assert b"X-Injected" not in recorded and b"evil.example" not in recorded


def test_chunked_gzipped_large_page_is_read(client: HttpClient, server: FaultServer) -> None:
    """A 3 MB page sent chunked and gzipped is read whole (issue 13.1: the bomb guard counted 1 wire byte)."""
    outcome = client.get(server.url("/chunked?size=3000000&gzip=1"))
    assert outcome.response is not None, outcome.error
    assert len(outcome.response.body) == 3_000_000
    assert outcome.response.body.startswith(b"<!doctype html>")


def test_chunked_plain_large_page_is_read(client: HttpClient, server: FaultServer) -> None:
    outcome = client.get(server.url("/chunked?size=3000000"))
    assert outcome.response is not None, outcome.error
    assert len(outcome.response.body) == 3_000_000


def test_chunked_gzip_bomb_is_stopped(client: HttpClient, server: FaultServer) -> None:
    """Decoded bytes are compared with the bytes actually received, also for a chunked body."""
    outcome = client.get(server.url("/chunked?size=300000000&bomb=1"))
    assert outcome.failure is FetchStatus.BROKEN
    assert "decompression bomb" in (outcome.error or "")
    wire = int((outcome.error or "").split("bomb: ")[1].split(" bytes")[0])
    assert wire > 1_000  # the bytes received, not a placeholder


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"HTTP_PROXY": "http://proxy.example:3128", "https_proxy": "http://tls.example:1", "NO_PROXY": "a"},
        {"HTTP_PROXY": "http://proxy.example:3128", "http_proxy": ""},  # the lower-case name wins
        {"HTTP_PROXY": "http://proxy.example:3128", "REQUEST_METHOD": "GET"},  # httpoxy: ignored under CGI
        {"ALL_PROXY": "http://upper.example:1", "all_proxy": "http://lower.example:2"},
    ],
)
def test_proxy_variables_are_read_as_the_standard_library_reads_them(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    from urllib.request import getproxies_environment

    from verify.fetch.http import _environment_proxies

    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name == "REQUEST_METHOD":
            monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _environment_proxies() == {k.lower(): v for k, v in getproxies_environment().items()}
