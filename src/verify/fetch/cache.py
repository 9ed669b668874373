"""The fetch cache: a key-value store with TTLs for every stage and fresh copies of fetched responses.

The persistent store is one SQLite file in WAL mode, shared safely by concurrent runs (busy timeout,
one short transaction per operation). `MemoryCache` has the same interface for runs without a cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

from verify.fetch.notices import warn
from verify.fetch.types import Headers, Response

CACHE_ENV = "VERIFY_CACHE_DIR"
CACHE_FILE = "fetch-cache.sqlite3"


class Cache(Protocol):
    def get(self, namespace: str, key: str) -> str | None: ...

    def put(self, namespace: str, key: str, value: str, ttl: float | None = None) -> None: ...

    def get_response(self, key: str, max_age: float) -> Response | None: ...

    def put_response(self, key: str, response: Response) -> None: ...

    def close(self) -> None: ...


def _encode_meta(response: Response) -> str:
    return json.dumps(
        {
            "url": response.url,
            "status": response.status,
            "headers": [list(h) for h in response.headers.items_],
            "truncated": response.truncated,
            "redirects": list(response.redirects),
            "peer": response.peer,
        }
    )


def _decode(meta: str, body: bytes, stored: float | None = None) -> Response:
    d = json.loads(meta)
    return Response(
        url=d["url"],
        status=int(d["status"]),
        headers=Headers(tuple((str(k), str(v)) for k, v in d["headers"])),
        body=body,
        truncated=bool(d["truncated"]),
        redirects=tuple(d["redirects"]),
        from_cache=True,
        peer=d.get("peer"),
        stored_at=stored,
    )


class MemoryCache:
    """The cache interface kept in memory for one run (`--no-cache`, replays, tests)."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], tuple[str, float | None]] = {}
        self._responses: dict[str, tuple[float, str, bytes]] = {}
        self._lock = threading.Lock()

    def get(self, namespace: str, key: str) -> str | None:
        with self._lock:
            item = self._data.get((namespace, key))
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires < time.time():
            return None
        return value

    def put(self, namespace: str, key: str, value: str, ttl: float | None = None) -> None:
        with self._lock:
            self._data[(namespace, key)] = (value, None if ttl is None else time.time() + ttl)

    def get_response(self, key: str, max_age: float) -> Response | None:
        with self._lock:
            item = self._responses.get(key)
        if item is None or time.time() - item[0] > max_age:
            return None
        return _decode(item[1], item[2])

    def put_response(self, key: str, response: Response) -> None:
        with self._lock:
            self._responses[key] = (time.time(), _encode_meta(response), response.body)

    def close(self) -> None:
        pass


class WriteOnlyCache:
    """Reads miss, writes go through: a run recording a WARC must fetch everything to keep it as evidence."""

    def __init__(self, inner: Cache) -> None:
        self.inner = inner

    def get(self, namespace: str, key: str) -> str | None:
        return None

    def put(self, namespace: str, key: str, value: str, ttl: float | None = None) -> None:
        self.inner.put(namespace, key, value, ttl)

    def get_response(self, key: str, max_age: float) -> Response | None:
        return None

    def put_response(self, key: str, response: Response) -> None:
        self.inner.put_response(key, response)

    def close(self) -> None:
        self.inner.close()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS kv (
    namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires REAL,
    PRIMARY KEY (namespace, key)
);
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY, stored REAL NOT NULL, meta TEXT NOT NULL, body BLOB NOT NULL
);
"""


class _Unusable(Exception):
    """The SQLite file cannot serve this operation (closed, corrupt, locked too long): use memory."""


class SqliteCache:
    """The persistent cache: one SQLite file, WAL mode, safe for concurrent runs and threads.

    A cache is an optimisation, so a file that cannot be opened, is corrupt, or stays locked past the
    busy timeout turns it into a `MemoryCache` for the rest of the run, with one warning, never a crash.
    """

    def __init__(self, directory: str | os.PathLike[str], *, busy_timeout: float = 30.0) -> None:
        self.path = Path(directory) / CACHE_FILE
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._memory = MemoryCache()  # serves every operation once the file has failed
        self.degraded = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One connection shared under a lock: SQLite serialises writers anyway and the
            # statements are tiny next to network time.
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)

    def _give_up(self, exc: BaseException) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        self.degraded = True
        warn(f"the fetch cache {self.path} cannot be used ({exc}); this run goes on without it")

    def _execute(self, sql: str, params: tuple[object, ...], *, fetch: bool = False) -> Any:
        """The cursor (or with `fetch`, its one row); _Unusable when the file cannot answer."""
        with self._lock:
            if self._db is None:
                raise _Unusable
            try:
                cursor = self._db.execute(sql, params)
                return cursor.fetchone() if fetch else cursor
            except sqlite3.Error as exc:
                self._give_up(exc)
                raise _Unusable from exc

    def get(self, namespace: str, key: str) -> str | None:
        sql = "SELECT value, expires FROM kv WHERE namespace = ? AND key = ?"
        try:
            row = self._execute(sql, (namespace, key), fetch=True)
        except _Unusable:
            return self._memory.get(namespace, key)
        if row is None or (row[1] is not None and row[1] < time.time()):
            return None
        return str(row[0])

    def put(self, namespace: str, key: str, value: str, ttl: float | None = None) -> None:
        expires = None if ttl is None else time.time() + ttl
        sql = "INSERT OR REPLACE INTO kv (namespace, key, value, expires) VALUES (?, ?, ?, ?)"
        try:
            self._execute(sql, (namespace, key, value, expires))
        except _Unusable:
            self._memory.put(namespace, key, value, ttl)

    def get_response(self, key: str, max_age: float) -> Response | None:
        try:
            row = self._execute("SELECT stored, meta, body FROM responses WHERE key = ?", (key,), fetch=True)
        except _Unusable:
            return self._memory.get_response(key, max_age)
        if row is None:
            return None
        try:
            stored = float(row[0])
            if time.time() - stored > max_age:
                return None
            return _decode(str(row[1]), bytes(row[2]), stored)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            # The cache's fault, not the source's: drop the row and let the caller fetch again.
            warn(f"an unreadable entry in the fetch cache {self.path} was dropped and fetched again ({exc})")
            with contextlib.suppress(_Unusable):
                self._execute("DELETE FROM responses WHERE key = ?", (key,))
            return None

    def put_response(self, key: str, response: Response) -> None:
        sql = "INSERT OR REPLACE INTO responses (key, stored, meta, body) VALUES (?, ?, ?, ?)"
        try:
            self._execute(sql, (key, time.time(), _encode_meta(response), response.body))
        except _Unusable:
            self._memory.put_response(key, response)

    def prune(self, older_than: float) -> int:
        """Delete responses stored more than `older_than` seconds ago and expired values; rows removed."""
        now = time.time()
        try:
            n = int(self._execute("DELETE FROM responses WHERE stored < ?", (now - older_than,)).rowcount)
            expired = "DELETE FROM kv WHERE expires IS NOT NULL AND expires < ?"
            return n + int(self._execute(expired, (now,)).rowcount)
        except _Unusable:
            return 0

    def close(self) -> None:
        # Late writes from threads of an interrupted run land in memory instead of raising.
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
                self._db = None


def default_cache_dir() -> str:
    """VERIFY_CACHE_DIR, else the platform's user cache directory for verify."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return env
    import platformdirs  # noqa: PLC0415  (only when a persistent cache is opened)

    return platformdirs.user_cache_dir("verify", appauthor=False)
