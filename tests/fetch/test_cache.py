"""The persistent cache: key-value TTLs, response freshness, sharing between runs, errors never cached."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from emulators.faults import FaultServer
from verify.fetch.cache import CACHE_FILE, MemoryCache, SqliteCache
from verify.fetch.http import HttpClient
from verify.fetch.stage import fetch_all
from verify.fetch.types import NO_RETRY, Headers, Response


def test_kv_roundtrip_and_ttl(tmp_path: Path) -> None:
    for cache in (SqliteCache(tmp_path), MemoryCache()):
        cache.put("captures", "https://a.example/", '{"ts": "20260101000000"}')
        cache.put("jobs", "x", "pending", ttl=-1)  # already expired
        assert cache.get("captures", "https://a.example/") == '{"ts": "20260101000000"}'
        assert cache.get("jobs", "x") is None
        assert cache.get("other", "https://a.example/") is None
        cache.close()


def test_responses_expire_by_max_age(tmp_path: Path) -> None:
    cache = SqliteCache(tmp_path)
    r = Response(
        "https://a.example/", 200, Headers((("Content-Type", "text/html"),)), b"<p>x</p>", redirects=("u",)
    )
    cache.put_response("GET https://a.example/", r)
    hit = cache.get_response("GET https://a.example/", max_age=60)
    assert hit is not None and hit.body == b"<p>x</p>" and hit.from_cache and hit.redirects == ("u",)
    assert hit.headers["content-type"] == "text/html"
    assert cache.get_response("GET https://a.example/", max_age=-1) is None
    cache.close()


def test_two_runs_share_one_file_concurrently(tmp_path: Path) -> None:
    a, b = SqliteCache(tmp_path), SqliteCache(tmp_path)

    def write(cache: SqliteCache, tag: str) -> None:
        for i in range(200):
            cache.put("ns", f"{tag}{i}", str(i))

    threads = [threading.Thread(target=write, args=(c, t)) for c, t in ((a, "a"), (b, "b"), (a, "c"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert a.get("ns", "b199") == "199" and b.get("ns", "c150") == "150"
    mode = a._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    a.close()
    b.close()


def test_second_run_makes_no_request(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    urls = [server.url("/count?a"), server.url("/count?b"), server.url("/chain?n=2")]
    first = fetch_all(make_client(use_cache=True, cache_dir=str(tmp_path / "c")), urls)
    seen = len(server.requests)
    second = fetch_all(make_client(use_cache=True, cache_dir=str(tmp_path / "c")), urls)
    assert len(server.requests) == seen
    for u in urls:
        assert second[u].result.from_cache
        assert second[u].result.sha256 == first[u].result.sha256
        assert second[u].result.redirects == first[u].result.redirects


def test_errors_are_not_cached(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    url = server.url("/flaky?times=1&code=503")
    client = make_client(use_cache=True, cache_dir=str(tmp_path / "c"))
    assert client.get(url, cache=True, retry=NO_RETRY).response.status == 503  # type: ignore[union-attr]
    assert client.get(url, cache=True, retry=NO_RETRY).ok  # asked again: the 503 was not kept
    assert client.get(url, cache=True, retry=NO_RETRY).response.from_cache  # type: ignore[union-attr]
    assert len(server.requests) == 2


def test_no_cache_and_max_age(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    url = server.url("/count")
    make_client(use_cache=True, cache_dir=str(tmp_path / "c")).get(url, cache=True)
    make_client(use_cache=False, cache_dir=str(tmp_path / "c")).get(url, cache=True)
    make_client(use_cache=True, cache_dir=str(tmp_path / "c"), max_age=0).get(url, cache=True)
    assert len(server.requests) == 3


def test_tests_never_touch_the_user_cache(monkeypatch: object, server: FaultServer) -> None:
    mp = pytest.MonkeyPatch()
    mp.delenv("VERIFY_CACHE_DIR", raising=False)
    try:
        client = HttpClient()
        assert isinstance(client.cache, MemoryCache)
        client.close()
    finally:
        mp.undo()


def test_recording_a_warc_bypasses_cached_answers(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    url = server.url("/count")
    make_client(use_cache=True, cache_dir=str(tmp_path / "c")).get(url, cache=True)
    warc = str(tmp_path / "e.warc.gz")
    recorder = make_client(use_cache=True, cache_dir=str(tmp_path / "c"), warc_path=warc)
    assert not recorder.get(url, cache=True).response.from_cache  # type: ignore[union-attr]
    assert recorder.cache.get("ns", "k") is None
    assert len(server.requests) == 2


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("Warning:")]


def test_a_corrupt_cache_file_degrades_to_memory_with_one_warning(
    make_client: Callable[..., HttpClient],
    server: FaultServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / CACHE_FILE).write_bytes(b"this is not a database, it is a fictional memo\n" * 100)
    client = make_client(use_cache=True, cache_dir=str(tmp_path / "c"))
    url = server.url("/count")
    assert client.get(url, cache=True).ok
    again = client.get(url, cache=True)
    assert again.response is not None and again.response.from_cache  # memory still serves this run
    client.cache.put("ns", "k", "v")
    assert client.cache.get("ns", "k") == "v"
    warnings = _warnings(capsys.readouterr().err)
    assert len(warnings) == 1
    assert "fetch cache" in warnings[0] and "without it" in warnings[0]


def test_a_cache_locked_past_the_busy_timeout_degrades(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = SqliteCache(tmp_path, busy_timeout=0.05)
    cache.put("ns", "before", "1")
    other = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run holding the write lock and never letting go
    try:
        cache.put("ns", "during", "2")
        assert cache.degraded
        assert cache.get("ns", "during") == "2"
        r = Response("https://a.example/", 200, Headers(), b"x")
        cache.put_response("GET https://a.example/", r)
        assert cache.get_response("GET https://a.example/", max_age=60) is not None
        assert cache.prune(0) == 0
    finally:
        other.rollback()
        other.close()
        cache.close()
    assert len(_warnings(capsys.readouterr().err)) == 1


def test_a_closed_cache_takes_late_writes_in_memory(tmp_path: Path) -> None:
    cache = SqliteCache(tmp_path)
    cache.close()
    cache.put("ns", "late", "1")  # a worker of an interrupted run finishing after close()
    assert cache.get("ns", "late") == "1"


@pytest.mark.parametrize(
    "row",
    [
        ("meta", "{not json"),
        ("meta", '{"url": "x"}'),
        ("meta", '{"url": "x", "status": "two hundred", "headers": [], "truncated": false, "redirects": []}'),
        (
            "meta",
            '{"url": "x", "status": 200, "headers": [["only-a-name"]], "truncated": false, "redirects": []}',
        ),
        ("meta", "[1, 2, 3]"),
        ("stored", "yesterday"),
    ],
)
def test_a_corrupt_cache_row_is_dropped_with_one_warning_and_fetched_again(
    make_client: Callable[..., HttpClient],
    server: FaultServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    row: tuple[str, str],
) -> None:
    """A row that cannot be read is the cache's fault, not the source's: never `broken: internal error`."""
    urls = [server.url("/count?row")]
    assert (
        fetch_all(make_client(use_cache=True, cache_dir=str(tmp_path / "c")), urls)[
            urls[0]
        ].result.status.value
        == "ok"
    )
    db = sqlite3.connect(tmp_path / "c" / CACHE_FILE)
    column, value = row
    db.execute(f"UPDATE responses SET {column} = ?", (value,))
    db.commit()
    db.close()
    capsys.readouterr()
    seen = len(server.requests)
    again = fetch_all(make_client(use_cache=True, cache_dir=str(tmp_path / "c")), urls)[urls[0]].result
    assert again.status.value == "ok" and not again.from_cache, again.error
    assert len(server.requests) == seen + 1
    warnings = _warnings(capsys.readouterr().err)
    assert len(warnings) == 1 and "cache" in warnings[0], warnings
    # The bad row was replaced: a third run is answered from the cache without a warning.
    third = fetch_all(make_client(use_cache=True, cache_dir=str(tmp_path / "c")), urls)[urls[0]].result
    assert third.from_cache and len(server.requests) == seen + 1
    assert _warnings(capsys.readouterr().err) == []
