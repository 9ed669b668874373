"""A loopback HTTP server that misbehaves on request: stalls, resets, throttles, redirects, bombs, walls.

`FaultServer(host)` binds a threaded server to any 127.0.0.x address on a free port and records every
request it sees (path, method, headers, monotonic time), so tests can assert what reached it and when.
Every route is a path; see `FaultHandler.ROUTES`. `pages` adds fixed answers (status, content type, body)
at exact paths, served before the routes: a test's own small web site.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from emulators.base import serve_in_thread

FICTIONAL_ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour council approves new ferry timetable</title>
<style>p { color: red }</style><script>var tracking = "do not read me";</script></head>
<body><nav>Home | Local | Sport</nav>
<article><h1>Harbour council approves new ferry timetable</h1>
<p>The Port Averly harbour council voted on Tuesday to add two evening crossings.</p>
<p>"We listened to every commuter who wrote to us," said councillor Mira Okonkwo-Lind.</p>
<div hidden>Hidden promo text</div><div aria-hidden="true">Icon label</div>
<noscript>Enable JavaScript</noscript><template><p>Template text</p></template>
<p style="display:none">Invisible style text</p>
</article></body></html>"""


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF with one line of Helvetica text per page (hand-built, no dependencies)."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3 + 2 * n_pages
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, text in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        del page_id
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def gzip_bomb(decoded_size: int) -> bytes:
    """Gzip of `decoded_size` zero bytes: a few kilobytes on the wire per decoded megabyte.

    One gzip member of a megabyte of zeros, repeated (a gzip stream may hold many members): compressing
    300 MB anew for each request took seconds, long enough for the client's deadline to pass first.
    """
    block = 1_000_000
    whole, rest = divmod(decoded_size, block)
    return _zeros_member(block) * whole + (_zeros_member(rest) if rest else b"")


@functools.lru_cache(maxsize=8)
def _zeros_member(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9, mtime=0)


@functools.lru_cache(maxsize=4)
def chunked_page(size: int) -> bytes:
    """`size` bytes of a fictional HTML page whose paragraphs differ (compresses like a real page, ~5x)."""
    head = b"<!doctype html><html><head><title>Averly ferry log</title></head><body><article>"
    parts = [head]
    total = len(head)
    n = 0
    while total < size:
        n += 1
        para = (
            f"<p>Crossing {n}: the {('morning', 'noon', 'evening')[n % 3]} ferry left Port Averly at "
            f"{6 + n % 14}:{n * 7 % 60:02d} with {n * 37 % 211} passengers and {n * 13 % 17} bicycles.</p>\n"
        ).encode()
        parts.append(para)
        total += len(para)
    return b"".join(parts)[:size]


PNG_1PX = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    + struct.pack(">I", zlib.crc32(b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)))
)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived
    body: bytes = b""


Page = tuple[int, str, bytes]  # status, Content-Type, body


@dataclass
class ServerState:
    requests: list[Seen] = field(default_factory=list)
    counters: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: float = 0.0  # seconds added before every answer (benchmarks)
    active: int = 0  # requests being answered right now
    max_active: int = 0  # the most answered at once
    connections: int = 0  # TCP connections accepted (a client that reuses them opens few)
    pages: Mapping[str, Page] = field(default_factory=dict)


class FaultHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: with Nagle on, the body would wait for the client's
    # delayed ACK (40 ms) on every kept-alive connection. Real servers set TCP_NODELAY too.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        state = self.server.state
        with state.lock:
            state.connections += 1

    # -- helpers -------------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes = b"",
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _count(self, key: str) -> int:
        state = self.server.state
        with state.lock:
            state.counters[key] += 1
            return state.counters[key]

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        body = b""
        if self.headers.get("Content-Length"):
            body = self.rfile.read(int(self.headers["Content-Length"]))
        state = self.server.state
        with state.lock:
            seen = Seen(self.command, self.path, dict(self.headers.items()), time.monotonic(), body)
            state.requests.append(seen)
            state.active += 1
            state.max_active = max(state.max_active, state.active)
        try:
            if state.latency:
                time.sleep(state.latency)
            page = state.pages.get(parts.path)
            if page is not None:
                self._send(page[0], page[2], page[1])
                return
            route = parts.path.strip("/").split("/")[0] or "ok"
            handler = getattr(self, "r_" + route.replace("-", "_"), None)
            if handler is None:
                page = b"<html><head><title>404 Not Found</title></head><body>No such page</body></html>"
                self._send(404, page)
                return
            handler(q)
        finally:
            with state.lock:
                state.active -= 1

    # -- routes --------------------------------------------------------------------------------

    def r_ok(self, q: dict[str, str]) -> None:
        self._send(200, FICTIONAL_ARTICLE.encode())

    def r_hold(self, q: dict[str, str]) -> None:
        time.sleep(float(q.get("for", "0.2")))
        self._send(200, FICTIONAL_ARTICLE.encode())

    def r_count(self, q: dict[str, str]) -> None:
        n = self._count("count:" + self.path)
        self._send(200, f"<html><body><p>Visit {n}</p></body></html>".encode())

    def r_status(self, q: dict[str, str]) -> None:
        self._send(int(q.get("code", "200")), b"<html><body><p>status page</p></body></html>")

    def r_slow(self, q: dict[str, str]) -> None:
        time.sleep(float(q.get("delay", "5")))
        self._send(200, b"<html><body><p>late</p></body></html>")

    def r_stall(self, q: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>start")
        self.wfile.flush()
        time.sleep(float(q.get("delay", "5")))

    def r_trickle(self, q: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(float(q.get("every", "0.2")))
        except OSError:
            pass

    def r_reset(self, q: dict[str, str]) -> None:
        self._count("reset")
        # SO_LINGER 0: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def r_garbage(self, q: dict[str, str]) -> None:
        self.wfile.write(b"GARBAGE RESPONSE\r\n\r\nnot http")
        self.close_connection = True

    def r_hangup(self, q: dict[str, str]) -> None:
        self.close_connection = True  # no response at all

    def r_throttle(self, q: dict[str, str]) -> None:
        n = self._count("throttle:" + self.path)
        if n <= int(q.get("times", "1")):
            self._send(429, b"slow down", "text/plain", {"Retry-After": q.get("after", "1")})
        else:
            self._send(200, FICTIONAL_ARTICLE.encode())

    def r_flaky(self, q: dict[str, str]) -> None:
        n = self._count("flaky:" + self.path)
        if n <= int(q.get("times", "1")):
            self._send(int(q.get("code", "503")), b"try later", "text/plain")
        else:
            self._send(200, FICTIONAL_ARTICLE.encode())

    def r_redirect(self, q: dict[str, str]) -> None:
        self._send(int(q.get("code", "302")), b"", headers={"Location": q.get("to", "/ok")})

    def r_loop(self, q: dict[str, str]) -> None:
        nxt = "/loop2" if self.path.startswith("/loop?") or self.path == "/loop" else "/loop"
        self._send(302, b"", headers={"Location": nxt})

    def r_loop2(self, q: dict[str, str]) -> None:
        self._send(302, b"", headers={"Location": "/loop"})

    def r_cookie_gate(self, q: dict[str, str]) -> None:
        """Redirects to /set-cookie first; lets a client that keeps the cookie in."""
        if "gate=passed" in self.headers.get("Cookie", ""):
            self._send(200, FICTIONAL_ARTICLE.encode())
        else:
            self._send(302, b"", headers={"Location": "/set-cookie"})

    def r_set_cookie(self, q: dict[str, str]) -> None:
        self._send(302, b"", headers={"Location": "/cookie-gate", "Set-Cookie": "gate=passed; Path=/"})

    def r_chain(self, q: dict[str, str]) -> None:
        n = int(q.get("n", "1"))
        to = f"/chain?n={n - 1}" if n > 1 else "/ok"
        self._send(301, b"", headers={"Location": to})

    def r_big(self, q: dict[str, str]) -> None:
        size = int(q.get("size", "30000000"))
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"a" * 65536
        try:
            sent = 0
            while sent < size:
                piece = block[: min(len(block), size - sent)]
                self.wfile.write(piece)
                sent += len(piece)
        except OSError:
            pass

    def r_bomb(self, q: dict[str, str]) -> None:
        payload = gzip_bomb(int(q.get("size", "200000000")))
        self._send(200, payload, "text/html", {"Content-Encoding": "gzip"})

    def r_chunked(self, q: dict[str, str]) -> None:
        """A body sent with Transfer-Encoding: chunked (no Content-Length), gzipped with `gzip=1`.

        `size` decoded bytes of a fictional page, or with `bomb=1` of zeros (a gzip bomb streamed in chunks).
        """
        size = int(q.get("size", "3000000"))
        if q.get("bomb") == "1":
            body = gzip_bomb(size)
        else:
            body = chunked_page(size)
            if q.get("gzip") == "1":
                body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        if q.get("gzip") == "1" or q.get("bomb") == "1":
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        step = int(q.get("chunk", "8192"))
        try:
            for at in range(0, len(body), step):
                piece = body[at : at + step]
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def r_gzip(self, q: dict[str, str]) -> None:
        self._send(200, gzip.compress(FICTIONAL_ARTICLE.encode()), headers={"Content-Encoding": "gzip"})

    def r_truncated(self, q: dict[str, str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "5000")
        self.end_headers()
        self.wfile.write(b"<html><body><p>only part of it")
        self.wfile.flush()
        self.close_connection = True

    def r_charset(self, q: dict[str, str]) -> None:
        text = "<html><body><p>Zoë Brännström said the café would reopen.</p></body></html>"
        kind = q.get("kind", "wrong-header")
        if kind == "wrong-header":  # header says latin-1, body is UTF-8
            self._send(200, text.encode("utf-8"), "text/html; charset=iso-8859-1")
        elif kind == "meta":  # no header charset, meta says windows-1252
            doc = '<html><head><meta charset="windows-1252"></head>' + text[6:]
            self._send(200, doc.encode("cp1252"), "text/html")
        else:  # header says utf-8, body is cp1252
            self._send(200, text.encode("cp1252"), "text/html; charset=utf-8")

    def r_pdf(self, q: dict[str, str]) -> None:
        pdf = make_pdf(["Quarterly report of the Averly Water Board.", "Second page: reservoir levels rose."])
        self._send(200, pdf, "application/pdf")

    def r_json(self, q: dict[str, str]) -> None:
        doc = {"title": "Ferry timetable", "items": [{"text": "Two evening crossings added."}], "n": 2}
        self._send(200, json.dumps(doc).encode(), "application/json")

    def r_text(self, q: dict[str, str]) -> None:
        self._send(
            200, b"Plain notes from the Averly council.\n\nSecond paragraph.", "text/plain; charset=utf-8"
        )

    def r_image(self, q: dict[str, str]) -> None:
        self._send(200, PNG_1PX, "image/png")

    def r_botwall(self, q: dict[str, str]) -> None:
        page = (
            b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
            b"<div id='challenge-running'>Checking if the site connection is secure</div>"
            b"<script src='/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1'></script></body></html>"
        )
        self._send(
            int(q.get("code", "403")), page, headers={"Server": "cloudflare", "cf-mitigated": "challenge"}
        )

    def r_soft404(self, q: dict[str, str]) -> None:
        page = (
            b"<html><head><title>Page not found | Averly Gazette</title></head>"
            b"<body><h1>Sorry, we couldn't find that page</h1><p>Try the search box.</p></body></html>"
        )
        self._send(200, page)

    def r_consent(self, q: dict[str, str]) -> None:
        page = (
            b"<html><head><title>Before you continue</title></head><body><form action='/save'>"
            b"<p>We use cookies and data to deliver and maintain our services.</p>"
            b"<button>Accept all</button><button>Reject all</button></form></body></html>"
        )
        self._send(200, page)

    def r_refresh(self, q: dict[str, str]) -> None:
        to = q.get("to", "/ok")
        page = f'<html><head><meta http-equiv="refresh" content="0;URL={to}"></head><body></body></html>'
        self._send(200, page.encode())


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    state: ServerState

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early are the point of this server


class FaultServer:
    """A FaultHandler server on `host` (any 127.0.0.x) and a free port, run in a daemon thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        pages: Mapping[str, Page] | None = None,
    ) -> None:
        self.host = host
        self._server = _Server((host, port), FaultHandler)
        self._server.state = ServerState(latency=latency, pages=dict(pages or {}))
        self.port = self._server.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> ServerState:
        return self._server.state

    @property
    def requests(self) -> list[Seen]:
        with self.state.lock:
            return list(self.state.requests)

    @property
    def addr(self) -> str:
        return f"{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> FaultServer:
        self._thread = serve_in_thread(self._server)
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
