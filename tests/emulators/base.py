"""Serving an emulator on a loopback address: start, stop and the port, shared by every emulator."""

from __future__ import annotations

import socketserver
import sys
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


class QuietServer(ThreadingHTTPServer):
    """A threaded HTTP server that never prints a client's hang-up.

    socketserver prints a traceback to stderr for every exception in a handler thread. A client that gave
    up early (a timeout, a cancelled run) is normal in these tests, and the print landed in whatever
    test was capturing stderr at that moment (a CliRunner's output in another test). Hang-ups are
    dropped; any other handler error is kept in `errors` and printed as one line, never a traceback.
    """

    daemon_threads = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.errors: list[BaseException] = []

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if error is None or isinstance(error, (ConnectionError, TimeoutError)):
            return
        self.errors.append(error)
        if sys.__stderr__ is not None:  # the real stderr: a capturing test must not receive it
            sys.__stderr__.write(f"emulator handler error: {error!r}\n")


class LoopbackService:
    """Mixin: a threaded HTTP server on `self.host` whose handler class is bound to this emulator.

    Subclasses set `handler` (a BaseHTTPRequestHandler subclass) and `handler_attr`, the class
    attribute through which requests reach the emulator (`emu`, `world`, …).
    """

    host: str
    handler: type[BaseHTTPRequestHandler]
    handler_attr = "emu"
    _server: QuietServer | None = None
    _thread: threading.Thread | None = None

    def start(self) -> Self:
        bound = type(self.handler.__name__, (self.handler,), {self.handler_attr: self})
        server = QuietServer((self.host, 0), bound)
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
