"""Settings every test shares: no hypothesis deadline, and no way out of loopback."""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

# No per-example time limit: speed is measured in benchmarks/, and a busy CI machine made a property test
# fail on a slow example (DeadlineExceeded) that was correct.
settings.register_profile("verify", deadline=None)
settings.load_profile("verify")

OUTSIDE = "tests never reach the internet: only loopback servers and WARC replay"


def is_loopback(host: Any) -> bool:
    """A numeric loopback address or `localhost`: what a test may resolve or connect to."""
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        return ipaddress.ip_address(text.strip("[]").split("%")[0]).is_loopback
    except ValueError:
        return text.lower() == "localhost"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every name lookup and connection of a test stays on loopback (a test that routes a real host name
    uses ClientConfig.resolve, which connects to a loopback address): anything else fails as offline."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"{OUTSIDE} (lookup of {host!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not is_loopback(address[0]):
            raise OSError(errno.ENETUNREACH, f"{OUTSIDE} (connection to {address[0]})")
        real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    yield
