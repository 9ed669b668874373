"""Embed test fixtures: the platform world and a Wayback emulator on loopback, and clients routed there."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from emulators.platforms import PlatformWorld
from emulators.wayback import WaybackEmulator
from verify.clock import FrozenClock
from verify.embeds import Endpoints
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig

NOW = datetime(2026, 3, 25, 12, 0, tzinfo=UTC)
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "embeds" / "world.json"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real tokens, keys or endpoint overrides from the developer's environment."""
    for name in (
        "META_ACCESS_TOKEN",
        "FB_ACCESS_TOKEN",
        "FACEBOOK_ACCESS_TOKEN",
        "INSTAGRAM_ACCESS_TOKEN",
        "THREADS_ACCESS_TOKEN",
        "IA_ACCESS_KEY",
        "IA_SECRET_KEY",
        "IA_CONFIG_FILE",
        "VERIFY_WAYBACK_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))


@pytest.fixture(scope="session")
def fixture_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def world() -> Iterator[PlatformWorld]:
    with PlatformWorld() as w:
        yield w


@pytest.fixture
def wayback() -> Iterator[WaybackEmulator]:
    with WaybackEmulator() as emu:
        yield emu


ClientFactory = Callable[[], HttpClient]


@pytest.fixture
def make_client(world: PlatformWorld, wayback: WaybackEmulator, tmp_path: Path) -> Iterator[ClientFactory]:
    """Clients routed to the emulators; made after the world is scripted (Mastodon servers included)."""
    made: list[HttpClient] = []

    def make() -> HttpClient:
        config = ClientConfig(
            resolve=world.resolve_entries() + wayback.resolve_entries(),
            allow_nets=("127.0.0.0/8",),
            timeout=10.0,
            cache_dir=str(tmp_path / "cache"),
            use_cache=False,
        )
        # Rate pools (the Wayback's CDX allows 24 a minute) wait on this clock: virtually.
        client = HttpClient(config, clock=FrozenClock(NOW))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def endpoints() -> Endpoints:
    return Endpoints()
