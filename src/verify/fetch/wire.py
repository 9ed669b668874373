"""HTTP/1.1 on sockets for `HttpClient`: connections kept per route, one request framed, one response read.

What requests, urllib3 and http.client did for the client, in the little of it verify uses: about a
tenth of their CPU per request (benchmarks/bench_lychee.py), which is what a run with a hundred requests
in flight is bound by. The client (fetch/http.py) keeps every policy: what may be fetched, redirects,
retries, cookies, limits, recording. This module only moves bytes, and it refuses to connect to an address
the client's `AddressPolicy` does not allow (checked on the address connected to, after DNS, so a name
that resolves somewhere private is caught where it matters). Every failure is a `WireError` whose `kind`
says what went wrong; the client turns kinds into statuses and messages.
"""

from __future__ import annotations

import base64
import contextlib
import enum
import os
import re
import select
import socket
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from verify.fetch.safety import AddressPolicy, UnsafeAddressError, first_safe_address

CHUNK = 64 * 1024
MAX_HEAD = 256 * 1024  # a response head longer than this is not a web server's
CONNECT_TIMEOUT = 10.0  # seconds a connection may take to open, within the request's own deadline
MAX_WAIT = 86_400.0  # one socket wait at most (an endless deadline would overflow the platform's timer)
# Past this much decoded output, a body that expands more than BOMB_RATIO times is a bomb, not a page.
BOMB_MIN_BYTES = 2_000_000
BOMB_RATIO = 200
ACCEPT_ENCODING = "gzip, deflate"
NO_ANSWER = "the server closed the connection without a response"
_NO_BODY = frozenset({204, 304})
_PROXY_TRUST = AddressPolicy(allow_private=True)  # the user's own proxy is often on a private address
_STATUS_LINE = re.compile(rb"HTTP/(\d)\.(\d) +(\d{3})(?: (.*))?")
# A request target needing no quoting: what requests' requote_uri leaves alone, without a percent sign.
_PLAIN_TARGET = re.compile(r"[A-Za-z0-9\-._~!#$&'()*+,/:;=?@\[\]]*")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = re.compile(r"%([0-9A-Fa-f]{2})")
_UNSENDABLE = re.compile(r"[\r\n\0]")  # would end a header line early: a request smuggled inside another
# Sizes as HTTP writes them: ASCII digits only (int() also takes "+5", "0x5", "5_0", "²"), and short enough
# to be sizes (int() refuses a decimal of over 4300 digits with a ValueError).
_LENGTH = re.compile(r"[0-9]{1,18}")
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


class Failure(enum.Enum):
    """How an exchange failed (the client words each for the report)."""

    UNSAFE = "unsafe"  # every address of the host is one the policy refuses
    DNS = "dns"
    CONNECT = "connect"  # refused, unreachable, reset before a response
    TLS = "tls"
    PROXY = "proxy"
    NO_RESPONSE = "no-response"  # the server closed the connection without answering
    NOT_HTTP = "not-http"
    CUT = "cut"  # the connection ended inside the body
    UNDECODABLE = "undecodable"
    BOMB = "bomb"
    TIMEOUT = "timeout"
    INVALID = "invalid"  # the request itself cannot be sent (a header with a line break, a bad host)


class WireError(Exception):
    def __init__(self, kind: Failure, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(eq=False)
class Deadline:
    """One exchange's deadline, and the socket it is using: `HttpClient.close` cuts it through these."""

    at: float
    sock: socket.socket | None = None
    fired: bool = False  # cut from outside: the exchange reports a timeout

    def left(self) -> float:
        if self.fired:
            raise WireError(Failure.TIMEOUT, "cut")
        left = self.at - time.monotonic()
        if left <= 0:
            raise WireError(Failure.TIMEOUT, "deadline")
        return min(left, MAX_WAIT)

    def cut(self) -> None:
        self.fired = True
        sock = self.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _socket_failure(
    exc: OSError, deadline: Deadline, kind: Failure, step: str, words: str | None = None
) -> WireError:
    """What an OSError of one socket step means: a timeout when the wait ran out or `HttpClient.close`
    cut the socket, else a failure of `kind` (in `words`, or the system's own)."""
    if isinstance(exc, TimeoutError):
        return WireError(Failure.TIMEOUT, step)
    if deadline.fired:
        return WireError(Failure.TIMEOUT, "cut")
    return WireError(kind, words or (exc.strerror or str(exc)).lower())


@dataclass(frozen=True, slots=True)
class Proxy:
    host: str
    port: int
    authorization: str | None = None  # a Proxy-Authorization value, from the proxy URL's user:password

    @classmethod
    def parse(cls, url: str) -> Proxy:
        """An http:// proxy URL (scheme optional, as the environment variables allow)."""
        from urllib.parse import unquote, urlsplit  # noqa: PLC0415  (only with a proxy set)

        try:
            parts = urlsplit(url if "://" in url else f"http://{url}")
            port = parts.port or 80  # what requests (urllib3) used for an http:// proxy without a port
        except ValueError as exc:  # a port out of range or not a number, a broken [IPv6] address
            raise WireError(Failure.PROXY, f"invalid proxy URL: {exc}") from exc
        if parts.scheme.lower() != "http" or not parts.hostname:
            raise WireError(Failure.PROXY, f"unsupported proxy {parts.scheme}://{parts.hostname or ''}")
        auth = None
        if parts.username is not None:
            pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            auth = "Basic " + base64.b64encode(pair).decode("ascii")
        return cls(parts.hostname.lower(), port, auth)


@dataclass(frozen=True, slots=True)
class Route:
    """Where a request's connection goes: the origin, and the proxy in between (if any)."""

    scheme: str  # http | https
    host: str  # as resolved and, for https, as the certificate must name it
    port: int
    proxy: Proxy | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    reason: str
    headers: list[tuple[str, str]]  # as received, repeated names kept in order
    body: bytes  # decoded (gzip, deflate), cut at max_bytes
    truncated: bool
    peer: str | None  # the address connected to (the proxy's, through a proxy)
    sent: list[tuple[str, str]]  # the request headers as sent


def request_target(path: str, query: str) -> str:
    """Path and query as sent: characters a URL may not hold percent-encoded, unreserved escapes decoded
    (what requests' `requote_uri` did, so that a page is asked for by the same bytes as before)."""
    target = (path or "/") + (f"?{query}" if query else "")
    if _PLAIN_TARGET.fullmatch(target):
        return target

    def unreserved(m: re.Match[str]) -> str:
        char = int(m.group(1), 16)
        return chr(char) if char in _UNRESERVED else m.group(0)

    if re.search(r"%(?![0-9A-Fa-f]{2})", target):  # a stray percent sign is itself encoded
        return quote(target, safe="!#$&'()*+,/:;=?@[]~")
    return quote(_HEX.sub(unreserved, target), safe="!#$%&'()*+,/:;=?@[]~")


def ascii_host(host: str) -> str:
    """A host name as it goes on the wire (IDNA for an internationalised name)."""
    if host.isascii():
        return host
    try:
        import idna  # noqa: PLC0415  (IDNA 2008, as requests used; rare)

        return str(idna.encode(host, uts46=True).decode("ascii"))
    except ImportError:  # pragma: no cover  (idna comes with requests)
        pass
    except Exception:  # noqa: S110 - fall back to the standard library's IDNA 2003
        pass
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise WireError(Failure.INVALID, f"invalid host name {host!r}") from exc


# --------------------------------------------------------------------------- connections


class Connection:
    """One socket and what has been received on it but not yet read."""

    __slots__ = ("buf", "peer", "received", "route", "sock")

    def __init__(self, sock: socket.socket, route: Route, peer: str | None) -> None:
        self.sock = sock
        self.route = route
        self.peer = peer
        self.buf = b""
        self.received = 0  # bytes taken from the socket, framing included

    def fill(self, deadline: Deadline) -> bool:
        """Receive more into the buffer; False at the end of the stream."""
        data = self.recv(deadline)
        if not data:
            return False
        self.buf = self.buf + data if self.buf else data
        return True

    def recv(self, deadline: Deadline) -> bytes:
        self.sock.settimeout(deadline.left())
        try:
            data = self.sock.recv(CHUNK)
        except OSError as exc:
            raise _socket_failure(exc, deadline, Failure.CUT, "read") from exc
        if not data and deadline.fired:
            raise WireError(Failure.TIMEOUT, "cut")  # a shut socket reads as the end of the stream
        self.received += len(data)
        return data

    def take(self, n: int, deadline: Deadline) -> bytes:
        """Up to `n` bytes (at least one unless the stream ended)."""
        if self.buf:
            out, self.buf = self.buf[:n], self.buf[n:]
            return out
        data = self.recv(deadline)
        if len(data) > n:
            data, self.buf = data[:n], data[n:]
        return data

    def line(self, deadline: Deadline) -> bytes | None:
        """The next line without its end, None if the stream ends first."""
        while True:
            end = self.buf.find(b"\n")
            if end >= 0:
                out, self.buf = self.buf[:end], self.buf[end + 1 :]
                return out.rstrip(b"\r")
            if len(self.buf) > MAX_HEAD:
                raise WireError(Failure.CUT, "a line of the body framing is too long")
            if not self.fill(deadline):
                return None

    def dropped(self) -> bool:
        """True when an idle connection has been closed by the server (or holds bytes nobody asked for)."""
        if self.buf:
            return True
        try:
            if not hasattr(select, "poll"):  # Windows: select() takes any socket there
                return bool(select.select([self.sock], [], [], 0)[0])
            poller = select.poll()  # (select() refuses descriptors past 1023, which a big run reaches)
            poller.register(self.sock, select.POLLIN)
            return bool(poller.poll(0))
        except (OSError, ValueError):
            return True

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class Pools:
    """Idle connections per route, most recent first; routes beyond `keep` go least recently used first."""

    def __init__(self, keep: int, idle_per_route: int) -> None:
        self.keep = max(keep, 1)
        self.idle_per_route = max(idle_per_route, 1)
        self._lock = threading.Lock()
        self._idle: OrderedDict[Route, list[Connection]] = OrderedDict()

    def take(self, route: Route) -> Connection | None:
        while True:
            with self._lock:
                idle = self._idle.get(route)
                if not idle:
                    return None
                conn = idle.pop()
            if not conn.dropped():
                return conn
            conn.close()

    def give(self, conn: Connection) -> None:
        closing: list[Connection] = []
        with self._lock:
            idle = self._idle.get(conn.route)
            if idle is None:
                idle = self._idle[conn.route] = []
            else:
                self._idle.move_to_end(conn.route)
            idle.append(conn)
            if len(idle) > self.idle_per_route:
                closing.append(idle.pop(0))
            while len(self._idle) > self.keep:
                _, gone = self._idle.popitem(last=False)
                closing.extend(gone)
        for c in closing:
            c.close()

    def close(self) -> None:
        with self._lock:
            idle = [c for conns in self._idle.values() for c in conns]
            self._idle.clear()
        for c in idle:
            c.close()


def _connect_one(
    host: str, port: int, policy: AddressPolicy, deadline: Deadline
) -> tuple[socket.socket, str]:
    """A TCP connection to the first address of `host` the policy allows."""
    try:
        candidates = first_safe_address(host, port, policy)
    except UnsafeAddressError as exc:
        raise WireError(Failure.UNSAFE, str(exc)) from exc
    except socket.gaierror as exc:
        raise WireError(Failure.DNS, f"{host}: {exc.strerror or exc}") from exc
    except UnicodeError as exc:
        raise WireError(Failure.INVALID, f"invalid host name {host!r}") from exc
    error: OSError | None = None
    for family, kind, proto, sockaddr in candidates:
        timeout = min(deadline.left(), CONNECT_TIMEOUT)
        sock = socket.socket(family, kind, proto)
        deadline.sock = sock
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as exc:
            sock.close()
            failure = _socket_failure(exc, deadline, Failure.CONNECT, "connect")
            if failure.kind is Failure.TIMEOUT:
                raise failure from exc
            error = exc  # the next address may answer
            continue
        return sock, str(sockaddr[0])
    reason = (error.strerror or str(error)) if error is not None else "no address"
    raise WireError(Failure.CONNECT, reason.lower())


class Transport:
    """Connections and exchanges for one client: pooled per route, checked against `policy` at connect."""

    def __init__(
        self, policy: AddressPolicy, *, keep: int, idle_per_route: int, ca_bundle: str | None
    ) -> None:
        self.policy = policy
        self.pools = Pools(keep, idle_per_route)
        self._ca_bundle = ca_bundle
        self._tls: Any = None
        self._tls_lock = threading.Lock()

    def close(self) -> None:
        self.pools.close()

    # -- one exchange ----------------------------------------------------------------------------

    def exchange(
        self,
        route: Route,
        method: str,
        target: str,
        headers: list[tuple[str, str]],
        body: bytes | None,
        *,
        deadline: Deadline,
        max_bytes: int,
    ) -> Reply:
        """Send one request and read its whole response (a reused connection that turns out closed is
        replaced once, for a request that may be sent twice)."""
        proxy = route.proxy
        if proxy is not None and proxy.authorization and route.scheme == "http":
            # A plain proxy is asked on every request (as urllib3's ProxyManager did); never in `sent`.
            head = _frame(method, target, [*headers, ("Proxy-Authorization", proxy.authorization)], body)
        else:
            head = _frame(method, target, headers, body)
        for fresh_only in (False, True):
            conn = None if fresh_only else self.pools.take(route)
            reused = conn is not None
            if conn is None:
                conn = self._open(route, deadline)
            deadline.sock = conn.sock
            before = conn.received
            try:
                reply, keep = self._over(
                    conn,
                    method=method,
                    head=head,
                    body=body,
                    headers=headers,
                    deadline=deadline,
                    max_bytes=max_bytes,
                )
            except WireError as exc:
                conn.close()
                # Closed, or reset (the request arrived after the server closed), before any byte of an
                # answer: the same race, whichever of the two the kernel reports.
                unanswered = exc.kind is Failure.NO_RESPONSE or (
                    exc.kind is Failure.CUT and conn.received == before
                )
                if reused and unanswered and method in ("GET", "HEAD", "OPTIONS"):
                    continue
                raise
            except BaseException:
                conn.close()
                raise
            if keep:
                self.pools.give(conn)
            else:
                conn.close()
            return reply
        raise AssertionError("unreachable")  # pragma: no cover

    def _over(
        self,
        conn: Connection,
        *,
        method: str,
        head: bytes,
        body: bytes | None,
        headers: list[tuple[str, str]],
        deadline: Deadline,
        max_bytes: int,
    ) -> tuple[Reply, bool]:
        try:
            conn.sock.settimeout(deadline.left())
            conn.sock.sendall(head + body if body and len(body) < CHUNK else head)
            if body and len(body) >= CHUNK:
                conn.sock.sendall(body)
        except OSError as exc:
            # A server that closed a kept connection makes the send fail: nothing was answered.
            raise _socket_failure(exc, deadline, Failure.NO_RESPONSE, "send", NO_ANSWER) from exc
        try:
            version, status, reason, received = _read_head(conn, deadline)
            payload, truncated, ended = _read_body(
                conn, method=method, status=status, headers=received, deadline=deadline, max_bytes=max_bytes
            )
        except OSError as exc:  # (settimeout on a socket closed under it; receiving maps its own)
            raise _socket_failure(exc, deadline, Failure.CUT, "read") from exc
        keep = ended and not truncated and _keeps_alive(version, received)
        reply = Reply(status, reason, received, payload, truncated, conn.peer, headers)
        return reply, keep

    # -- opening ---------------------------------------------------------------------------------

    def _open(self, route: Route, deadline: Deadline) -> Connection:
        proxy = route.proxy
        if proxy is None:
            sock, peer = _connect_one(route.host, route.port, self.policy, deadline)
        else:
            try:
                sock, peer = _connect_one(proxy.host, proxy.port, _PROXY_TRUST, deadline)
            except WireError as exc:
                if exc.kind is Failure.TIMEOUT:
                    raise
                where = f"{proxy.host}:{proxy.port}"
                raise WireError(Failure.PROXY, f"cannot reach the proxy {where}: {exc}") from exc
        conn = Connection(sock, route, peer)
        try:
            if proxy is not None and route.scheme == "https":
                _tunnel(conn, route, proxy, deadline)
            if route.scheme == "https":
                conn.sock = self._wrap(sock, route.host, deadline)
                deadline.sock = conn.sock
        except BaseException:
            conn.close()
            raise
        return conn

    def _wrap(self, sock: socket.socket, host: str, deadline: Deadline) -> socket.socket:
        import ssl  # noqa: PLC0415  (only for https: the import and the CA store cost start-up time)

        context = self._context()
        sock.settimeout(min(deadline.left(), CONNECT_TIMEOUT))
        try:
            wrapped: socket.socket = context.wrap_socket(sock, server_hostname=host)
        except ssl.SSLCertVerificationError as exc:
            raise WireError(Failure.TLS, str(exc.verify_message or exc.reason or exc)) from exc
        except ssl.SSLError as exc:
            raise WireError(Failure.TLS, str(exc.reason or exc).lower().replace("_", " ")) from exc
        except OSError as exc:
            raise _socket_failure(exc, deadline, Failure.TLS, "tls") from exc
        return wrapped

    def _context(self) -> Any:
        with self._tls_lock:
            if self._tls is None:
                import ssl  # noqa: PLC0415

                bundle = self._ca_bundle
                if bundle is None:
                    try:
                        import certifi  # noqa: PLC0415  (the CA store requests used)

                        bundle = certifi.where()
                    except ImportError:  # pragma: no cover
                        bundle = None
                if bundle and os.path.isdir(bundle):
                    context = ssl.create_default_context(capath=bundle)
                else:
                    context = ssl.create_default_context(cafile=bundle or None)
                context.set_alpn_protocols(["http/1.1"])
                self._tls = context
            return self._tls


def _tunnel(conn: Connection, route: Route, proxy: Proxy, deadline: Deadline) -> None:
    """CONNECT through an HTTP proxy to an https origin."""
    authority = f"[{route.host}]:{route.port}" if ":" in route.host else f"{route.host}:{route.port}"
    lines = [f"CONNECT {authority} HTTP/1.1", f"Host: {authority}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    try:
        conn.sock.settimeout(deadline.left())
        conn.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        _, status, reason, _ = _read_head(conn, deadline)
    except WireError as exc:
        if exc.kind is Failure.TIMEOUT:
            raise
        raise WireError(Failure.PROXY, f"tunnel failed: {exc}") from exc
    except OSError as exc:
        failure = _socket_failure(exc, deadline, Failure.PROXY, "tunnel")
        if failure.kind is Failure.TIMEOUT:
            raise failure from exc
        raise WireError(Failure.PROXY, f"tunnel failed: {failure.message}") from exc
    if status != 200:
        raise WireError(Failure.PROXY, f"the proxy answered {status} {reason}".strip())
    conn.buf = b""


# --------------------------------------------------------------------------- framing


def _frame(method: str, target: str, headers: list[tuple[str, str]], body: bytes | None) -> bytes:
    if any(_UNSENDABLE.search(text) for pair in headers for text in pair) or _UNSENDABLE.search(target):
        raise WireError(Failure.INVALID, "a header holds a line break or NUL")
    parts = [f"{method} {target} HTTP/1.1\r\n"]
    for name, value in headers:
        parts.append(f"{name}: {value}\r\n")
    parts.append("\r\n")
    try:
        return "".join(parts).encode("latin-1")
    except UnicodeEncodeError as exc:
        raise WireError(Failure.INVALID, "a header holds characters HTTP cannot carry") from exc


def _read_head(conn: Connection, deadline: Deadline) -> tuple[int, int, str, list[tuple[str, str]]]:
    """The response's version (10 or 11), status, reason and headers; 1xx interim responses skipped."""
    while True:
        raw = _head_bytes(conn, deadline)
        lines = raw.decode("latin-1").split("\n")
        m = _STATUS_LINE.fullmatch(lines[0].rstrip("\r").encode("latin-1"))
        if m is None:
            raise WireError(Failure.NOT_HTTP, f"not an HTTP response: {lines[0][:80]!r}")
        status = int(m.group(3))
        if 100 <= status < 200 and status != 101:
            continue
        headers: list[tuple[str, str]] = []
        for raw_line in lines[1:]:
            line = raw_line.rstrip("\r")
            if not line:
                continue
            if line[0] in " \t" and headers:  # an obsolete folded continuation
                name, value = headers[-1]
                headers[-1] = (name, f"{value} {line.strip()}")
                continue
            name, sep, value = line.partition(":")
            if sep and name and name == name.strip():
                headers.append((name, value.strip()))
        version = 10 if m.group(2) == b"0" and m.group(1) == b"1" else 11
        reason = (m.group(4) or b"").decode("latin-1").strip()
        return version, status, reason, headers


def _head_bytes(conn: Connection, deadline: Deadline) -> bytes:
    """The response head, up to and without the blank line that ends it."""
    scanned = 0
    while True:
        buf = conn.buf
        if len(buf) >= 5 and not buf.startswith(b"HTTP/"):
            first = buf.split(b"\n", 1)[0][:80].decode("latin-1", "replace")
            raise WireError(Failure.NOT_HTTP, f"not an HTTP response: {first!r}")
        end = buf.find(b"\n\r\n", max(scanned - 2, 0))
        end2 = buf.find(b"\n\n", max(scanned - 1, 0))
        if end2 >= 0 and (end < 0 or end2 < end):
            conn.buf = buf[end2 + 2 :]
            return buf[:end2]
        if end >= 0:
            conn.buf = buf[end + 3 :]
            return buf[:end]
        if len(buf) > MAX_HEAD:
            raise WireError(Failure.NOT_HTTP, "not an HTTP response: its head never ends")
        scanned = len(buf)
        if not conn.fill(deadline):
            if not buf:
                raise WireError(Failure.NO_RESPONSE, NO_ANSWER)
            raise WireError(Failure.NOT_HTTP, "not an HTTP response: it ended inside its head")


def _keeps_alive(version: int, headers: list[tuple[str, str]]) -> bool:
    tokens = {t.strip().lower() for n, v in headers if n.lower() == "connection" for t in v.split(",")}
    return "keep-alive" in tokens if version == 10 else "close" not in tokens


def _header(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [v for n, v in headers if n.lower() == name]


# --------------------------------------------------------------------------- bodies


class _Decoder:
    """gzip (several members too) and deflate (zlib-wrapped or raw), with bounded output per step."""

    def __init__(self, encodings: list[str]) -> None:
        self.encodings = encodings  # applied in reverse order of listing
        self._objs: list[Any] = [self._new(e) for e in encodings]
        # For deflate, the bytes fed before the first output: fed again to a raw decoder if they were raw
        # (zlib checks its header only once it has two bytes, so a first piece of one byte proves nothing).
        self._undecided: list[bytes | None] = [b"" if e == "deflate" else None for e in encodings]
        self._later_member = [False] * len(encodings)

    @staticmethod
    def _new(encoding: str, raw: bool = False) -> Any:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The decoded pieces of `data`, made one at a time: a bomb is stopped after its first few."""
        pieces: Iterator[bytes] = iter((data,))
        for index in range(len(self._objs) - 1, -1, -1):
            pieces = self._steps(index, pieces)
        return pieces

    def _steps(self, index: int, pieces: Iterator[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            yield from self._step(index, piece)

    def _step(self, index: int, data: bytes) -> Iterator[bytes]:
        while data:
            obj = self._objs[index]
            if obj is None:
                return  # past the garbage that followed a complete gzip member
            try:
                piece = obj.decompress(data, CHUNK)
            except zlib.error:
                held = self._undecided[index]
                if held is not None:  # servers send raw deflate for "deflate"
                    self._undecided[index] = None
                    self._objs[index] = self._new(self.encodings[index], raw=True)
                    data = held + data
                    continue
                if self._later_member[index]:  # bytes after a whole member that are none: ignored, as
                    self._objs[index] = None  # urllib3 did (a stray newline or footer after the stream)
                    return
                raise
            held = self._undecided[index]
            if held is not None:
                self._undecided[index] = None if piece else held + data
            yield piece
            if obj.eof:  # (at the end of a stream, zlib leaves what follows in both tails)
                data = obj.unused_data
                if not (self.encodings[index] in ("gzip", "x-gzip") and data.strip(b"\0")):
                    break
                self._objs[index] = self._new(self.encodings[index])  # the next gzip member
                self._later_member[index] = True
            elif obj.unconsumed_tail:
                data = obj.unconsumed_tail
            else:
                break


def _decoder_for(headers: list[tuple[str, str]]) -> _Decoder | None:
    codings = [t.strip().lower() for v in _header(headers, "content-encoding") for t in v.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings or any(c not in ("gzip", "x-gzip", "deflate") for c in codings):
        return None  # an encoding verify does not ask for is passed on as it came (as urllib3 did)
    return _Decoder(codings)


class _Sink:
    """Decoded body pieces under the size cap and the bomb guard."""

    def __init__(self, decoder: _Decoder | None, max_bytes: int, conn: Connection) -> None:
        self.decoder = decoder
        self.max_bytes = max_bytes
        self.conn = conn
        self.start = conn.received - len(conn.buf)  # wire bytes before the body
        self.pieces: list[bytes] = []
        self.total = 0
        self.truncated = False

    def add(self, data: bytes) -> bool:
        """Keep `data`; False once the cap is reached (the rest is not read)."""
        outs: Iterator[bytes] = iter((data,)) if self.decoder is None else self.decoder.feed(data)
        try:
            for out in outs:
                if self.total + len(out) > self.max_bytes:
                    self.pieces.append(out[: self.max_bytes - self.total])
                    self.total = self.max_bytes
                    self.truncated = True
                    return False
                self.pieces.append(out)
                self.total += len(out)
                if self.decoder is not None and self.total > BOMB_MIN_BYTES:
                    self._guard()
        except zlib.error as exc:
            assert self.decoder is not None
            raise WireError(Failure.UNDECODABLE, f"{', '.join(self.decoder.encodings)}: {exc}") from exc
        return True

    def _guard(self) -> None:
        wire = max(self.conn.received - len(self.conn.buf) - self.start, 1)
        if self.total / wire > BOMB_RATIO:
            words = f"{wire} bytes expand past {self.total} (> {BOMB_RATIO}x)"
            raise WireError(Failure.BOMB, f"decompression bomb: {words}")

    def body(self) -> bytes:
        return b"".join(self.pieces)


def _read_body(
    conn: Connection,
    *,
    method: str,
    status: int,
    headers: list[tuple[str, str]],
    deadline: Deadline,
    max_bytes: int,
) -> tuple[bytes, bool, bool]:
    """The decoded body, whether it was cut at `max_bytes`, and whether it ended where its framing said
    (only then may the connection carry another request)."""
    if method == "HEAD" or status in _NO_BODY or 100 <= status < 200:
        return b"", False, True
    sink = _Sink(_decoder_for(headers), max_bytes, conn)
    coding = ",".join(_header(headers, "transfer-encoding")).lower()
    if coding.rsplit(",", 1)[-1].strip() == "chunked":
        ended = _read_chunked(conn, sink, deadline)
    else:
        lengths = {v.strip() for v in _header(headers, "content-length")}
        if len(lengths) > 1 or any(not _LENGTH.fullmatch(v) for v in lengths):
            raise WireError(Failure.NOT_HTTP, f"not an HTTP response: Content-Length {sorted(lengths)}")
        ended = _read_sized(conn, sink, int(lengths.pop()) if lengths else None, deadline)
    return sink.body(), sink.truncated, ended and not sink.truncated


def _read_sized(conn: Connection, sink: _Sink, length: int | None, deadline: Deadline) -> bool:
    """A body of `length` bytes, or up to the end of the stream when no length was given."""
    got = 0
    while length is None or got < length:
        data = conn.take(CHUNK if length is None else min(CHUNK, length - got), deadline)
        if not data:
            if length is None:
                return False  # ended by closing: complete, but the connection is gone
            raise WireError(Failure.CUT, f"body ended after {got} bytes, {length - got} more expected")
        got += len(data)
        if not sink.add(data):
            return False
    return True


def _read_chunked(conn: Connection, sink: _Sink, deadline: Deadline) -> bool:
    while True:
        line = conn.line(deadline)
        if line is None:
            raise WireError(Failure.CUT, "response ended prematurely")
        size_text = line.split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.fullmatch(size_text):
            raise WireError(Failure.CUT, f"invalid chunk length {size_text[:20]!r}")
        size = int(size_text, 16)
        if size == 0:
            while True:  # trailers, up to the blank line
                trailer = conn.line(deadline)
                if trailer is None:
                    return False
                if not trailer:
                    return True
        left = size
        while left:
            data = conn.take(min(CHUNK, left), deadline)
            if not data:
                raise WireError(Failure.CUT, "response ended prematurely")
            left -= len(data)
            if not sink.add(data):
                return False
        end = conn.line(deadline)
        if end is None:
            raise WireError(Failure.CUT, "response ended prematurely")
        if end:  # bytes between a chunk and its line end: the sizes are wrong, what follows is not framed
            raise WireError(Failure.CUT, "a chunk is longer than its size line says")
