"""Serving an emulator on a loopback address: start, stop and the port, shared by every emulator."""

from __future__ import annotations

import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

# serve_forever() notices shutdown() only between polls: a short poll lets a test end at once instead of
# waiting out the default half second in every teardown.
POLL_INTERVAL = 0.01


def serve_in_thread(server: socketserver.BaseServer) -> threading.Thread:
    """Run `server` in a daemon thread that `server.shutdown()` stops within POLL_INTERVAL."""
    thread = threading.Thread(target=server.serve_forever, args=(POLL_INTERVAL,), daemon=True)
    thread.start()
    return thread


class LoopbackService:
    """Mixin: a threaded HTTP server on `self.host` whose handler class is bound to this emulator.

    Subclasses set `handler` (a BaseHTTPRequestHandler subclass) and `handler_attr`, the class
    attribute through which requests reach the emulator (`emu`, `world`, …).
    """

    host: str
    handler: type[BaseHTTPRequestHandler]
    handler_attr = "emu"
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        bound = type(self.handler.__name__, (self.handler,), {self.handler_attr: self})
        server = ThreadingHTTPServer((self.host, 0), bound)
        server.daemon_threads = True
        self._server = server
        self._thread = serve_in_thread(server)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        assert self._server is not None, "start() first"
        return int(self._server.server_address[1])

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
