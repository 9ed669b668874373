"""Fixtures for the fetch tests: fault servers on loopback addresses and clients allowed to reach them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from emulators.faults import FaultServer
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig

LOOPBACK = ("127.0.0.0/8",)


@pytest.fixture(autouse=True)
def _tmp_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test gets its own cache directory: the user's real cache is never touched."""
    monkeypatch.setenv("VERIFY_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with FaultServer("127.0.0.1") as s:
        yield s


@pytest.fixture
def server2() -> Iterator[FaultServer]:
    """A second server on another loopback address (127.0.0.2)."""
    with FaultServer("127.0.0.2") as s:
        yield s


@pytest.fixture
def make_client() -> Iterator[Callable[..., HttpClient]]:
    """Build clients (closed after the test); loopback allowed unless the test says otherwise."""
    made: list[HttpClient] = []

    def make(**kwargs: Any) -> HttpClient:
        kwargs.setdefault("allow_nets", LOOPBACK)
        kwargs.setdefault("timeout", 5.0)
        kwargs.setdefault("use_cache", False)
        client = HttpClient(ClientConfig(**kwargs))
        made.append(client)
        return client

    yield make
    for c in made:
        c.close()


@pytest.fixture
def client(make_client: Callable[..., HttpClient]) -> HttpClient:
    return make_client()
