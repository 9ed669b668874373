"""HTTP/1.1 on real loopback sockets (fetch/wire.py): tiny servers answer with exact scripted bytes, the
wire shapes http.server cannot produce (chunk extensions, bare line ends, interim responses, cut bodies,
tunnels), and what the client puts on the wire."""

from __future__ import annotations

import base64
import contextlib
import gzip
import re
import select
import shutil
import socket
import ssl
import subprocess
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType

import pytest

from verify.fetch.http import DEFAULT_ACCEPT, HttpClient
from verify.fetch.types import NO_RETRY, Outcome
from verify.fetch.wire import Connection, Pools, Proxy, Route
from verify.models import FetchStatus

Script = Callable[["Peer"], None]


class Peer:
    """One accepted connection, as a server script sees it."""

    def __init__(self, sock: socket.socket, server: RawServer, index: int) -> None:
        self.sock = sock
        self.server = server
        self.index = index  # 0 for the server's first connection
        self.buf = b""

    def request(self) -> bytes | None:
        """The next request, head and body (by its Content-Length); None when the client closed first."""
        while b"\r\n\r\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.buf += data
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        m = re.search(rb"\r\ncontent-length: *(\d+)", head, re.IGNORECASE)
        length = int(m.group(1)) if m else 0
        while len(self.buf) < length:
            data = self.sock.recv(65536)
            if not data:
                break
            self.buf += data
        raw = head + b"\r\n\r\n" + self.buf[:length]
        self.buf = self.buf[length:]
        with self.server.lock:
            self.server.requests.append(raw)
        return raw

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)


class RawServer:
    """A listening socket on 127.0.0.1 whose every connection runs `script` in a thread of its own."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.lock = threading.Lock()
        self.requests: list[bytes] = []
        self.connections = 0
        self.errors: list[BaseException] = []
        self._accepted: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> RawServer:
        self._acceptor.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept (Linux)
        self._listener.close()
        self._acceptor.join(2)
        with self.lock:
            accepted, threads = list(self._accepted), list(self._threads)
        for sock in accepted:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in threads:
            thread.join(2)

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            sock.settimeout(5)
            with self.lock:
                index = self.connections
                self.connections += 1
                self._accepted.append(sock)
                thread = threading.Thread(target=self._serve, args=(sock, index), daemon=True)
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, index: int) -> None:
        try:
            self.script(Peer(sock, self, index))
        except OSError:
            pass  # the client went away: some scripts expect it to
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            sock.close()


@pytest.fixture
def raw() -> Iterator[Callable[[Script], RawServer]]:
    """Start raw servers for a test (stopped after it; a script that failed fails the test)."""
    started: list[RawServer] = []

    def start(script: Script) -> RawServer:
        server = RawServer(script).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)
    assert not [e for s in started for e in s.errors]


def answer(*replies: bytes, close: bool = False) -> Script:
    """Answer each request with the next of `replies` (shared by all connections), closing after each
    reply when `close`; after the last reply the connection is closed."""
    queue = list(replies)
    lock = threading.Lock()

    def script(peer: Peer) -> None:
        while peer.request() is not None:
            with lock:
                if not queue:
                    return
                reply = queue.pop(0)
            peer.send(reply)
            if close:
                return

    return script


def ok(body: bytes = b"ok", *headers: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body


def fetch(client: HttpClient, url: str, headers: dict[str, str] | None = None) -> Outcome:
    return client.get(url, headers=headers, retry=NO_RETRY)


def body_of(outcome: Outcome) -> bytes:
    assert outcome.response is not None, outcome.error
    return outcome.response.body


def broken(outcome: Outcome, words: str) -> None:
    assert outcome.failure is FetchStatus.BROKEN, outcome
    assert words in (outcome.error or ""), outcome.error


# --------------------------------------------------------------------------- chunked bodies


def test_chunk_extensions_are_ignored(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    reply = head + b'5;ext=1\r\nhello\r\n6 ; a="b"\r\n world\r\n0\r\n\r\n'
    server = raw(answer(reply))
    assert body_of(fetch(client, server.url())) == b"hello world"


def test_trailers_after_the_last_chunk_are_read_and_the_connection_kept(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Sum: 1\r\nX-Two: 2\r\n\r\n"
    )
    server = raw(answer(reply, ok(b"again")))
    assert body_of(fetch(client, server.url("/1"))) == b"ok"
    assert body_of(fetch(client, server.url("/2"))) == b"again"
    assert server.connections == 1


@pytest.mark.parametrize(
    "size",
    [b"zz", b"", b"-5", b"+5", b"0x5", b"5_0", b"\xb2"],
    ids=["zz", "empty", "-5", "+5", "0x5", "5_0", "latin-1"],
)
def test_a_chunk_size_that_is_not_hex_is_a_cut_connection(
    raw: Callable[[Script], RawServer], client: HttpClient, size: bytes
) -> None:
    reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + b"\r\nhello\r\n0\r\n\r\n"
    server = raw(answer(reply))
    broken(fetch(client, server.url()), "connection cut: invalid chunk length")


def test_a_chunk_longer_than_its_size_is_a_cut_connection(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    """Not a body silently short of the bytes between the size and the line end (http.client refused it)."""
    server = raw(answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"))
    broken(fetch(client, server.url()), "connection cut: a chunk is longer than its size line says")


def test_a_stream_cut_inside_a_chunk_is_a_cut_connection(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhel", close=True))
    broken(fetch(client, server.url()), "connection cut: response ended prematurely")


# --------------------------------------------------------------------------- bodies ended by close


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_body_without_length_is_read_to_the_close_and_not_reused(
    raw: Callable[[Script], RawServer], client: HttpClient, version: str
) -> None:
    reply = f"HTTP/{version} 200 OK\r\nContent-Type: text/plain\r\n\r\n".encode() + b"x" * 200_000
    server = raw(answer(reply, reply, close=True))
    assert body_of(fetch(client, server.url("/1"))) == b"x" * 200_000
    assert body_of(fetch(client, server.url("/2"))) == b"x" * 200_000
    assert server.connections == 2


# --------------------------------------------------------------------------- interim responses


def test_interim_responses_are_skipped(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    interim = (
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
    )
    server = raw(answer(interim + ok(b"real", "X-Final: yes")))
    outcome = fetch(client, server.url())
    assert body_of(outcome) == b"real"
    assert outcome.response is not None
    assert outcome.response.status == 200
    assert outcome.response.headers.get("x-final") == "yes"
    assert "link" not in outcome.response.headers


# --------------------------------------------------------------------------- Content-Length


def test_conflicting_content_lengths_are_broken(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"))
    broken(fetch(client, server.url()), "not an HTTP response: Content-Length")


def test_repeated_equal_content_lengths_are_one(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"))
    assert body_of(fetch(client, server.url())) == b"hello"


@pytest.mark.parametrize(
    "length",
    [b"-1", b"+5", b"5.0", b"\xb2", b"\xb9", b"9" * 5000],
    ids=["-1", "+5", "5.0", "superscript-2", "superscript-1", "5000-digits"],
)
def test_a_content_length_that_is_not_a_number_is_broken(
    raw: Callable[[Script], RawServer], client: HttpClient, length: bytes
) -> None:
    """Not ASCII digits (a superscript two is a digit to str.isdigit), or too long to be a size."""
    server = raw(answer(b"HTTP/1.1 200 OK\r\nContent-Length: " + length + b"\r\n\r\nhello"))
    broken(fetch(client, server.url()), "not an HTTP response: Content-Length")


def test_bytes_past_the_content_length_are_dropped_with_the_connection(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    """What follows the body is nobody's answer: the next request goes on a new connection."""
    server = raw(answer(ok(b"ok") + b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale", ok(b"fresh")))
    assert body_of(fetch(client, server.url("/1"))) == b"ok"
    assert body_of(fetch(client, server.url("/2"))) == b"fresh"
    assert server.connections == 2


def test_a_body_cut_short_says_how_much_was_missing(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", close=True))
    broken(fetch(client, server.url()), "connection cut: body ended after 5 bytes, 5 more expected")


def test_transfer_encoding_chunked_overrides_content_length(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    reply = (
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    )
    server = raw(answer(reply, ok(b"next")))
    assert body_of(fetch(client, server.url("/1"))) == b"hello"
    assert body_of(fetch(client, server.url("/2"))) == b"next"
    assert server.connections == 1


# --------------------------------------------------------------------------- keep-alive


def test_two_requests_share_one_connection(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(ok(b"one"), ok(b"two")))
    assert body_of(fetch(client, server.url("/1"))) == b"one"
    assert body_of(fetch(client, server.url("/2"))) == b"two"
    assert server.connections == 1
    assert len(server.requests) == 2


def test_an_idle_connection_the_server_closed_is_replaced_silently(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    closed = threading.Event()

    def script(peer: Peer) -> None:
        peer.request()
        peer.send(ok(f"conn{peer.index}".encode()))
        peer.sock.close()  # an idle timeout, as the response said nothing of closing
        closed.set()

    server = raw(script)
    assert body_of(fetch(client, server.url("/1"))) == b"conn0"
    assert closed.wait(2)
    assert body_of(fetch(client, server.url("/2"))) == b"conn1"
    assert server.connections == 2


def read_then_close(peer: Peer) -> None:
    peer.request()  # read, never answered: the client reads the end of the stream


def close_unread(peer: Peer) -> None:
    peer.sock.recv(1, socket.MSG_PEEK)  # arrived, left unread: closing now resets the connection


def dropping_first(drop: Callable[[Peer], None]) -> Script:
    """Answer one request per connection; the first connection is then dropped as `drop` says."""

    def script(peer: Peer) -> None:
        peer.request()
        peer.send(ok(f"conn{peer.index}".encode()))
        if peer.index == 0:
            drop(peer)

    return script


@pytest.mark.parametrize("drop", [read_then_close, close_unread], ids=["closed", "reset"])
def test_a_kept_connection_dropped_as_the_request_arrives_is_replaced(
    raw: Callable[[Script], RawServer], client: HttpClient, drop: Callable[[Peer], None]
) -> None:
    """The race the idle check cannot see: the server closes just as the next request arrives."""
    server = raw(dropping_first(drop))
    assert body_of(fetch(client, server.url("/1"))) == b"conn0"
    assert body_of(fetch(client, server.url("/2"))) == b"conn1"
    assert server.connections == 2


@pytest.mark.parametrize("drop", [read_then_close, close_unread], ids=["closed", "reset"])
def test_a_post_on_a_dropped_kept_connection_is_not_sent_again(
    raw: Callable[[Script], RawServer], client: HttpClient, drop: Callable[[Peer], None]
) -> None:
    """The server may have acted on it: a request that may not be sent twice is reported, not repeated."""
    server = raw(dropping_first(drop))
    assert body_of(fetch(client, server.url("/1"))) == b"conn0"
    outcome = client.request("POST", server.url("/2"), data=b"vote", retry=NO_RETRY)
    assert outcome.failure is FetchStatus.BROKEN, outcome
    assert server.connections == 1


@pytest.mark.parametrize(
    "reply",
    [ok(b"one", "Connection: close"), b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\none"],
    ids=["connection-close", "http-1.0"],
)
def test_a_connection_the_response_ends_is_not_reused(
    raw: Callable[[Script], RawServer], client: HttpClient, reply: bytes
) -> None:
    def script(peer: Peer) -> None:  # keeps the connection open: only the client decides
        while peer.request() is not None:
            peer.send(reply)

    server = raw(script)
    assert body_of(fetch(client, server.url("/1"))) == b"one"
    assert body_of(fetch(client, server.url("/2"))) == b"one"
    assert server.connections == 2


def test_http10_with_keep_alive_is_reused(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    reply = b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 3\r\n\r\none"
    server = raw(answer(reply, reply))
    assert body_of(fetch(client, server.url("/1"))) == b"one"
    assert body_of(fetch(client, server.url("/2"))) == b"one"
    assert server.connections == 1


@pytest.mark.parametrize(
    ("method", "reply"),
    [
        ("HEAD", b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"),
        ("GET", b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5000\r\n\r\n"),
        ("GET", b"HTTP/1.1 204 No Content\r\n\r\n"),
    ],
    ids=["head", "304", "204"],
)
def test_a_response_without_a_body_keeps_the_connection(
    raw: Callable[[Script], RawServer], client: HttpClient, method: str, reply: bytes
) -> None:
    """No body is read whatever its Content-Length says, and the connection carries the next request."""
    server = raw(answer(reply, ok(b"next")))
    outcome = client.request(method, server.url("/1"), retry=NO_RETRY)
    assert body_of(outcome) == b""
    assert body_of(fetch(client, server.url("/2"))) == b"next"
    assert server.connections == 1


def test_a_body_cut_at_max_bytes_does_not_keep_the_connection(
    raw: Callable[[Script], RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw(answer(chunked(b"y" * 50_000, 1000), ok(b"next")))
    client = make_client(max_bytes=10_000)
    outcome = fetch(client, server.url("/1"))
    assert outcome.response is not None
    assert outcome.response.truncated
    assert outcome.response.body == b"y" * 10_000
    assert body_of(fetch(client, server.url("/2"))) == b"next"
    assert server.connections == 2


# --------------------------------------------------------------------------- response heads


def test_bare_newline_line_ends(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(b"HTTP/1.1 200 OK\nContent-Length: 2\nX-Kind: bare\n\nok"))
    outcome = fetch(client, server.url())
    assert body_of(outcome) == b"ok"
    assert outcome.response is not None
    assert outcome.response.headers.get("x-kind") == "bare"


def test_folded_header_lines_are_joined(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(
        answer(b"HTTP/1.1 200 OK\r\nX-Long: first\r\n  second\r\n\tthird\r\nContent-Length: 2\r\n\r\nok")
    )
    outcome = fetch(client, server.url())
    assert outcome.response is not None
    assert outcome.response.headers.get("x-long") == "first second third"


def test_repeated_headers_keep_their_order(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(ok(b"ok", "Set-Cookie: a=1; Path=/", "X-Between: 1", "Set-Cookie: b=2; Path=/")))
    outcome = fetch(client, server.url())
    assert outcome.response is not None
    items = [(k, v) for k, v in outcome.response.headers.items_ if k in ("Set-Cookie", "X-Between")]
    assert items == [("Set-Cookie", "a=1; Path=/"), ("X-Between", "1"), ("Set-Cookie", "b=2; Path=/")]


# --------------------------------------------------------------------------- answers that are not HTTP


def test_garbage_instead_of_a_status_line(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(b"SSH-2.0-OpenSSH_9.6\r\n"))
    broken(fetch(client, server.url()), "not an HTTP response: 'SSH-2.0-OpenSSH_9.6")


def test_a_status_line_that_is_not_one(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(b"HTTP/1.1 OK 200\r\nContent-Length: 2\r\n\r\nok"))
    broken(fetch(client, server.url()), "not an HTTP response")


def test_a_server_closing_without_an_answer(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(lambda peer: None if peer.request() is None else peer.sock.close())
    broken(fetch(client, server.url()), "without a response")


def test_a_head_that_never_ends_is_broken_not_a_hang(
    raw: Callable[[Script], RawServer], make_client: Callable[..., HttpClient]
) -> None:
    def script(peer: Peer) -> None:
        peer.request()
        peer.send(b"HTTP/1.1 200 OK\r\n")
        while True:  # until the client gives up and the send fails
            peer.send(b"X-Filler: " + b"f" * 1000 + b"\r\n")

    server = raw(script)
    started = time.monotonic()
    outcome = fetch(make_client(timeout=10), server.url())
    broken(outcome, "not an HTTP response: its head never ends")
    assert time.monotonic() - started < 3


# --------------------------------------------------------------------------- content codings


def chunked(body: bytes, size: int, *headers: str) -> bytes:
    """`body` in chunks of `size` bytes."""
    head = "".join(f"{h}\r\n" for h in headers)
    out = f"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n{head}\r\n".encode()
    for i in range(0, len(body), size):
        piece = body[i : i + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    return out + b"0\r\n\r\n"


def raw_deflate(data: bytes) -> bytes:
    obj = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return obj.compress(data) + obj.flush()


TWO_MEMBERS = gzip.compress(b"first member, ") + gzip.compress(b"second member")


@pytest.mark.parametrize("size", [len(TWO_MEMBERS), 1, 3, 7])
def test_gzip_with_two_members(raw: Callable[[Script], RawServer], client: HttpClient, size: int) -> None:
    """Whole, and in chunks that split the members' headers anywhere."""
    server = raw(answer(chunked(TWO_MEMBERS, size, "Content-Encoding: gzip")))
    assert body_of(fetch(client, server.url())) == b"first member, second member"


@pytest.mark.parametrize("encode", [zlib.compress, raw_deflate], ids=["zlib-wrapped", "raw"])
@pytest.mark.parametrize("size", [10_000, 1], ids=["whole", "byte-by-byte"])
def test_deflate_wrapped_or_raw(
    raw: Callable[[Script], RawServer], client: HttpClient, encode: Callable[[bytes], bytes], size: int
) -> None:
    page = b"<p>The Port Averly ferry timetable, deflated.</p>" * 20
    server = raw(answer(chunked(encode(page), size, "Content-Encoding: deflate")))
    assert body_of(fetch(client, server.url())) == page


@pytest.mark.parametrize(
    "trailing", [b"\n", b"\0\0\0\0", b"<!-- cached page -->\n"], ids=["newline", "nul", "footer"]
)
def test_bytes_after_a_complete_gzip_member_are_ignored(
    raw: Callable[[Script], RawServer], client: HttpClient, trailing: bytes
) -> None:
    """What requests (urllib3) did: a page with a stray newline or footer after its gzip stream is read."""
    server = raw(answer(ok(gzip.compress(b"the page") + trailing, "Content-Encoding: gzip")))
    assert body_of(fetch(client, server.url())) == b"the page"


def test_an_unknown_content_encoding_is_passed_through(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    brotli_like = bytes(range(200, 240))
    server = raw(answer(ok(brotli_like, "Content-Encoding: br")))
    outcome = fetch(client, server.url())
    assert body_of(outcome) == brotli_like
    assert outcome.response is not None
    assert outcome.response.headers.get("x-archive-orig-content-encoding") == "br"


def test_a_corrupt_gzip_body_is_undecodable(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    corrupt = b"\x1f\x8b\x08\x00" + b"\xff" * 40
    server = raw(answer(ok(corrupt, "Content-Encoding: gzip")))
    broken(fetch(client, server.url()), "undecodable body: gzip")


# --------------------------------------------------------------------------- the request on the wire


def test_the_request_as_the_server_receives_it(
    raw: Callable[[Script], RawServer], make_client: Callable[..., HttpClient]
) -> None:
    server = raw(answer(ok()))
    fetch(make_client(user_agent="verify-test/1"), server.url("/a/b?q=1"), headers={"X-Extra": "1"})
    assert server.requests == [
        b"GET /a/b?q=1 HTTP/1.1\r\n"
        + f"Host: 127.0.0.1:{server.port}\r\n".encode()
        + b"User-Agent: verify-test/1\r\n"
        b"Accept-Encoding: gzip, deflate\r\n"
        + f"Accept: {DEFAULT_ACCEPT}\r\n".encode()
        + b"Connection: keep-alive\r\n"
        b"X-Extra: 1\r\n\r\n"
    ]


def test_a_caller_header_replaces_ours_in_place(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(ok()))
    fetch(client, server.url(), headers={"accept": "application/json"})
    lines = server.requests[0].split(b"\r\n")
    assert lines[4] == b"accept: application/json"
    assert sum(line.lower().startswith(b"accept:") for line in lines) == 1


def test_a_post_body_is_sent_with_its_length(raw: Callable[[Script], RawServer], client: HttpClient) -> None:
    server = raw(answer(ok()))
    client.request("POST", server.url("/form"), data={"claim": "ferry"}, retry=NO_RETRY)
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /form HTTP/1.1\r\n")
    assert b"\r\nContent-Type: application/x-www-form-urlencoded" in head
    assert head.endswith(b"\r\nContent-Length: 11")
    assert body == b"claim=ferry"


def test_a_post_without_body_says_content_length_zero(
    raw: Callable[[Script], RawServer], client: HttpClient
) -> None:
    server = raw(answer(ok()))
    client.request("POST", server.url("/empty"), retry=NO_RETRY)
    assert server.requests[0].endswith(b"\r\nContent-Length: 0\r\n\r\n")


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({"X-Note": "a\r\nX-Smuggled: 1"}, "a header holds a line break or NUL"),
        ({"X-Note": "a\nb"}, "a header holds a line break or NUL"),
        ({"X-Note": "a\0b"}, "a header holds a line break or NUL"),
        ({"X-Note\r\nX-Smuggled": "1"}, "a header holds a line break or NUL"),
        ({"X-Note": "ferry ⛴"}, "a header holds characters HTTP cannot carry"),
    ],
    ids=["crlf", "lf", "nul", "crlf-in-name", "not-latin-1"],
)
def test_a_header_that_cannot_be_sent_is_refused_before_anything_is_sent(
    raw: Callable[[Script], RawServer], client: HttpClient, headers: dict[str, str], words: str
) -> None:
    server = raw(answer(ok()))
    broken(fetch(client, server.url("/refused"), headers=headers), f"request failed: {words}")
    assert fetch(client, server.url("/sent")).ok  # accepted after any connection the refused one made
    assert server.connections == 1
    assert [r.split(b" ")[1] for r in server.requests] == [b"/sent"]


@pytest.mark.parametrize(
    ("path", "sent"),
    [
        ("/a b/café?q=é ü", b"/a%20b/caf%C3%A9?q=%C3%A9%20%C3%BC"),
        ("/%7Euser/%2F%41", b"/~user/%2FA"),
        ("/100%", b"/100%25"),
        ("/ok~(1);a=b", b"/ok~(1);a=b"),
    ],
)
def test_the_request_target_is_percent_encoded_as_requests_did(
    raw: Callable[[Script], RawServer], client: HttpClient, path: str, sent: bytes
) -> None:
    server = raw(answer(ok()))
    assert fetch(client, server.url(path)).ok
    assert server.requests[0].startswith(b"GET " + sent + b" HTTP/1.1\r\n")


# --------------------------------------------------------------------------- proxies


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy", "REQUEST_METHOD"):
        monkeypatch.delenv(name, raising=False)


def tunnel_script(answer_line: bytes) -> Script:
    def script(peer: Peer) -> None:
        peer.request()
        peer.send(answer_line)

    return script


@pytest.mark.usefixtures("no_proxy_env")
def test_https_through_a_proxy_is_a_connect_with_its_credentials(
    raw: Callable[[Script], RawServer],
    make_client: Callable[..., HttpClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = raw(tunnel_script(b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n"))
    monkeypatch.setenv("HTTPS_PROXY", f"http://desk%40user:pa%3Ass@127.0.0.1:{proxy.port}")
    outcome = fetch(make_client(), "https://harbour-news.example:8443/story")
    broken(outcome, "proxy error: the proxy answered 407 Proxy Authentication Required")
    credentials = base64.b64encode(b"desk@user:pa:ss").decode()
    assert proxy.requests == [
        b"CONNECT harbour-news.example:8443 HTTP/1.1\r\n"
        b"Host: harbour-news.example:8443\r\n" + f"Proxy-Authorization: Basic {credentials}\r\n\r\n".encode()
    ]


@pytest.mark.usefixtures("no_proxy_env")
def test_a_tunnel_that_closes_after_200_is_a_tls_error(
    raw: Callable[[Script], RawServer],
    make_client: Callable[..., HttpClient],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = raw(tunnel_script(b"HTTP/1.1 200 Connection established\r\n\r\n"))
    monkeypatch.setenv("HTTPS_PROXY", f"127.0.0.1:{proxy.port}")
    outcome = fetch(make_client(), "https://harbour-news.example/story")
    broken(outcome, "TLS error")
    assert proxy.requests[0].startswith(b"CONNECT harbour-news.example:443 HTTP/1.1\r\n")
    assert b"Proxy-Authorization" not in proxy.requests[0]


@pytest.mark.usefixtures("no_proxy_env")
def test_http_through_a_proxy_sends_the_absolute_url_with_its_credentials(
    raw: Callable[[Script], RawServer],
    make_client: Callable[..., HttpClient],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """As requests (urllib3's ProxyManager) did: every request to a plain proxy carries its credentials,
    and they are not recorded as the request's headers."""
    proxy = raw(answer(ok(b"via proxy")))
    monkeypatch.setenv("HTTP_PROXY", f"http://desk:secret@127.0.0.1:{proxy.port}")
    warc = tmp_path / "run.warc.gz"
    client = make_client(warc_path=str(warc))
    outcome = fetch(client, "http://harbour-news.example/story?p=1")
    client.close()
    assert body_of(outcome) == b"via proxy"
    head = proxy.requests[0]
    assert head.startswith(
        b"GET http://harbour-news.example/story?p=1 HTTP/1.1\r\nHost: harbour-news.example\r\n"
    )
    credentials = base64.b64encode(b"desk:secret")
    assert b"\r\nProxy-Authorization: Basic " + credentials + b"\r\n" in head
    recorded = gzip.decompress(warc.read_bytes())
    assert b"harbour-news.example/story" in recorded
    assert credentials not in recorded
    assert b"Proxy-Authorization" not in recorded


def relay(a: socket.socket, b: socket.socket) -> None:
    """Bytes both ways between two sockets until either side closes."""
    while True:
        ready, _, _ = select.select([a, b], [], [], 5)
        if not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            (b if sock is a else a).sendall(data)


@pytest.mark.usefixtures("no_proxy_env")
def test_https_through_a_tunnel_reaches_the_origin(
    raw: Callable[[Script], RawServer],
    make_client: Callable[..., HttpClient],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The whole way: CONNECT, 200, TLS with the origin's name checked, the request in origin form."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=harbour-news.example",
         "-addext", "subjectAltName=DNS:harbour-news.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)

    def origin_script(peer: Peer) -> None:
        peer.sock = context.wrap_socket(peer.sock, server_side=True)
        peer.request()
        peer.send(ok(b"secure page"))

    origin = raw(origin_script)

    def proxy_script(peer: Peer) -> None:
        peer.request()
        with socket.create_connection(("127.0.0.1", origin.port)) as upstream:
            peer.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
            relay(peer.sock, upstream)

    proxy = raw(proxy_script)
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    outcome = fetch(make_client(), "https://harbour-news.example/story")
    assert body_of(outcome) == b"secure page"
    assert proxy.requests[0].startswith(b"CONNECT harbour-news.example:443 HTTP/1.1\r\n")
    assert origin.requests[0].startswith(b"GET /story HTTP/1.1\r\nHost: harbour-news.example\r\n")


@pytest.mark.usefixtures("no_proxy_env")
def test_a_proxy_that_is_not_listening_is_a_proxy_error(
    make_client: Callable[..., HttpClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # closed again: nothing listens there
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    broken(fetch(make_client(), "https://harbour-news.example/"), "proxy error: cannot reach the proxy")


@pytest.mark.parametrize("url", ["http://proxy.example", "proxy.example", "http://user:pw@proxy.example/"])
def test_a_proxy_without_a_port_is_on_port_80(url: str) -> None:
    """requests (urllib3) used port 80 for an http:// proxy without a port."""
    assert Proxy.parse(url).port == 80


@pytest.mark.usefixtures("no_proxy_env")
@pytest.mark.parametrize(
    ("proxy_url", "words"),
    [
        ("http://127.0.0.1:99999", "proxy error: invalid proxy URL"),
        ("http://127.0.0.1:port", "proxy error: invalid proxy URL"),
        ("http://[::1", "proxy error: invalid proxy URL"),
        ("socks5://127.0.0.1:1080", "proxy error: unsupported proxy socks5://"),
    ],
)
def test_a_proxy_url_that_cannot_be_used_is_a_proxy_error(
    make_client: Callable[..., HttpClient], monkeypatch: pytest.MonkeyPatch, proxy_url: str, words: str
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy_url)
    broken(fetch(make_client(), "https://harbour-news.example/"), words)


# --------------------------------------------------------------------------- the deadline


@pytest.mark.parametrize("where", ["head", "body"])
def test_a_trickling_server_is_cut_at_the_deadline(
    raw: Callable[[Script], RawServer], make_client: Callable[..., HttpClient], where: str
) -> None:
    def script(peer: Peer) -> None:
        peer.request()
        peer.send(
            b"HTTP/1.1 200 OK\r\n" + (b"Content-Length: 1000\r\n\r\n" if where == "body" else b"X-Slow: ")
        )
        for _ in range(100):
            peer.send(b"x")
            time.sleep(0.05)

    server = raw(script)
    started = time.monotonic()
    outcome = fetch(make_client(timeout=0.5), server.url())
    elapsed = time.monotonic() - started
    assert outcome.failure is FetchStatus.TIMEOUT, outcome
    assert 0.45 < elapsed < 1.5


# --------------------------------------------------------------------------- idle pools


@pytest.fixture
def pair_conn() -> Iterator[Callable[[Route], tuple[Connection, socket.socket]]]:
    """Connections over socket pairs: the other end stands for the server."""
    made: list[socket.socket] = []

    def make(route: Route) -> tuple[Connection, socket.socket]:
        ours, theirs = socket.socketpair()
        made.extend((ours, theirs))
        return Connection(ours, route, None), theirs

    yield make
    for s in made:
        s.close()


def route(name: str) -> Route:
    return Route("http", f"{name}.example", 80)


def test_pools_close_the_least_recently_used_routes_past_keep(
    pair_conn: Callable[[Route], tuple[Connection, socket.socket]],
) -> None:
    pools = Pools(keep=2, idle_per_route=4)
    a, b, c = (pair_conn(route(n))[0] for n in "abc")
    pools.give(a)
    pools.give(b)
    again = pools.take(route("a"))
    assert again is a
    pools.give(a)  # a is now the most recent: b goes first
    pools.give(c)
    assert b.sock.fileno() == -1
    assert a.sock.fileno() != -1
    assert c.sock.fileno() != -1
    assert pools.take(route("b")) is None
    assert pools.take(route("a")) is a
    assert pools.take(route("c")) is c


def test_pools_cap_idle_connections_per_route(
    pair_conn: Callable[[Route], tuple[Connection, socket.socket]],
) -> None:
    pools = Pools(keep=8, idle_per_route=2)
    first, second, third = (pair_conn(route("a"))[0] for _ in range(3))
    for conn in (first, second, third):
        pools.give(conn)
    assert first.sock.fileno() == -1  # the oldest idle one goes
    assert pools.take(route("a")) is third  # most recent first
    assert pools.take(route("a")) is second
    assert pools.take(route("a")) is None


def test_pools_drop_a_connection_the_server_closed(
    pair_conn: Callable[[Route], tuple[Connection, socket.socket]],
) -> None:
    pools = Pools(keep=8, idle_per_route=4)
    kept, theirs = pair_conn(route("a"))
    pools.give(kept)
    theirs.close()
    assert pools.take(route("a")) is None
    assert kept.sock.fileno() == -1


def test_pools_close_closes_every_idle_connection(
    pair_conn: Callable[[Route], tuple[Connection, socket.socket]],
) -> None:
    pools = Pools(keep=8, idle_per_route=4)
    conns = [pair_conn(route(n))[0] for n in "abab"]
    for conn in conns:
        pools.give(conn)
    pools.close()
    assert all(c.sock.fileno() == -1 for c in conns)
    assert pools.take(route("a")) is None
