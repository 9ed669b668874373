"""The suite cannot reach the internet: a lookup or a connection outside loopback fails as offline."""

from __future__ import annotations

import socket

import pytest

from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.models import FetchStatus


def test_a_real_name_is_never_looked_up() -> None:
    with pytest.raises(socket.gaierror, match="tests never reach the internet"):
        socket.getaddrinfo("example.org", 443)
    assert socket.getaddrinfo("127.0.0.1", 80)  # loopback stays open


def test_a_connection_outside_loopback_is_refused() -> None:
    with socket.socket() as s, pytest.raises(OSError, match="tests never reach the internet"):
        s.connect(("192.0.2.1", 80))


def test_a_fetch_of_a_real_host_is_a_dns_failure_without_a_packet() -> None:
    with HttpClient(ClientConfig(use_cache=False)) as client:
        outcome = client.get("https://www.example.org/")
    assert outcome.failure is FetchStatus.BROKEN and "DNS" in (outcome.error or "")
