"""Connections are reused per host however many hosts a run sees (issue 15.4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from click.testing import CliRunner

from emulators.faults import FaultServer
from verify.cli import cli
from verify.fetch.http import HttpClient
from verify.fetch.stage import fetch_all
from verify.fetch.types import ClientConfig

HOSTS = 68  # more than the 64 pools the client used to keep at a small --jobs


@pytest.fixture(scope="module")
def many() -> Iterator[list[FaultServer]]:
    servers = [FaultServer(f"127.0.0.{10 + i}").start() for i in range(HOSTS)]
    yield servers
    for s in servers:
        s.stop()


def _connections(servers: list[FaultServer]) -> int:
    return sum(s.state.connections for s in servers)


def test_each_host_keeps_its_connection_across_rounds(
    make_client: Callable[..., HttpClient], many: list[FaultServer]
) -> None:
    """Two rounds over 80 hosts, one request at a time per host: 80 connections, not 160."""
    client = make_client(jobs=4, per_host=1)
    before = _connections(many)
    urls = [s.url(f"/ok?round={r}") for r in range(2) for s in many]
    results = fetch_all(client, urls)
    assert all(f.result.status.value == "ok" for f in results.values())
    opened = _connections(many) - before
    assert opened <= HOSTS + 4, f"{opened} connections for {HOSTS} hosts"


def test_the_defaults_are_32_jobs_and_4_per_host() -> None:
    config = ClientConfig()
    assert (config.jobs, config.per_host) == (32, 4)
    for command in ("check", "fetch", "extract", "archive", "compare"):
        text = CliRunner().invoke(cli, [command, "--help"], terminal_width=200).output
        assert "Requests in flight at once (1 to 512).  [default: 32]" in text, command
        assert "[default: 4]" in text.split("--per-host", 1)[1].split("\n", 1)[0], command
