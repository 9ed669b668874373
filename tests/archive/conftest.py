"""Fixtures for the archive tests: a loopback Wayback emulator and clients routed to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver, IAKeys, SavePolicy
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig

NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_real_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never pick up the developer's own Internet Archive keys or Wayback settings."""
    for name in ("IA_ACCESS_KEY", "IA_SECRET_KEY", "IA_CONFIG_FILE", "VERIFY_WAYBACK_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))


@pytest.fixture
def emu() -> Iterator[WaybackEmulator]:
    with WaybackEmulator() as emulator:
        yield emulator


@pytest.fixture
def clock(emu: WaybackEmulator) -> FrozenClock:
    """A frozen clock shared by the client and the emulator: waits are virtual, spacing measurable."""
    frozen = FrozenClock(NOW)
    emu.now = frozen.now
    emu.hit_clock = frozen.monotonic
    return frozen


ClientFactory = Callable[..., HttpClient]


@pytest.fixture
def client_factory(emu: WaybackEmulator, clock: FrozenClock) -> Iterator[ClientFactory]:
    """New clients routed to the emulator (web.archive.org and archive.org keep their names)."""
    made: list[HttpClient] = []

    def make(cache_dir: Path | None = None, use_clock: bool = True, timeout: float = 10.0) -> HttpClient:
        config = ClientConfig(
            resolve=emu.resolve_entries(),
            allow_private=True,
            timeout=timeout,
            cache_dir=str(cache_dir) if cache_dir else None,
        )
        c = HttpClient(config, clock=clock if use_clock else None)
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def client(client_factory: ClientFactory) -> HttpClient:
    return client_factory()


@pytest.fixture
def keys() -> IAKeys:
    return IAKeys("emuaccess", "emusecret", "test")


@pytest.fixture
def archiver(client: HttpClient) -> Archiver:
    """Anonymous (no keys), policy `missing`, 30 days."""
    return Archiver(client, policy=SavePolicy.MISSING)
