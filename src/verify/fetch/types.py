"""The HTTP client's public values: requests' outcomes, retry policies and the client's configuration."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from verify import USER_AGENT
from verify.models import FetchStatus


@dataclass(frozen=True, slots=True)
class Headers(Mapping[str, str]):
    """Response headers: case-insensitive look-up, repeated names kept in order."""

    items_: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, name: str) -> str:
        lname = name.lower()
        for k, v in self.items_:
            if k.lower() == lname:
                return v
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for k, _ in self.items_:
            if k.lower() not in seen:
                seen.add(k.lower())
                yield k

    def __len__(self) -> int:
        return len({k.lower() for k, _ in self.items_})


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # the URL this response answers (the last hop when redirects were followed)
    status: int
    headers: Headers
    body: bytes
    truncated: bool = False  # cut at the size cap
    redirects: tuple[str, ...] = ()  # URLs visited before `url`, in order
    elapsed: float = 0.0
    from_cache: bool = False
    peer: str | None = None  # the address actually connected to
    stored_at: float | None = None  # when a cached response was stored (epoch seconds)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        """The body decoded with the charset the headers name, else UTF-8 (replacing errors)."""
        ctype = self.headers.get("content-type", "")
        charset = "utf-8"
        for part in ctype.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip("\"' ")
        try:
            return self.body.decode(charset, errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One request's outcome: a response of any status, or a failure with no response."""

    url: str  # as requested
    response: Response | None = None
    failure: FetchStatus | None = None  # timeout | unsafe | broken | not-in-replay | skipped
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.response is not None and 200 <= self.response.status < 300


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3  # including the first
    statuses: frozenset[int] = frozenset({429, 502, 503, 504})
    connection_errors: bool = True
    backoff_base: float = 0.5  # seconds; doubled each attempt, with jitter
    backoff_cap: float = 8.0
    max_retry_after: float = 60.0


DEFAULT_RETRY = RetryPolicy()
# The range of a request's deadline, in seconds: `--timeout` and `timeout =` accept it (verify.config.LIMITS)
# and the client holds a library caller's timeout to it.
MIN_TIMEOUT = 0.1
MAX_TIMEOUT = 3600.0
# Requests in flight at once, and to one host (benchmarks/bench_fetch.py measures what they buy); the
# per-host limit and --min-interval keep them polite.
DEFAULT_JOBS = 32
DEFAULT_PER_HOST = 4
NO_RETRY = RetryPolicy(attempts=1)


@dataclass(frozen=True, slots=True)
class ClientConfig:
    user_agent: str = USER_AGENT
    timeout: float = 20.0  # total deadline per request, seconds
    jobs: int = DEFAULT_JOBS
    per_host: int = DEFAULT_PER_HOST
    min_interval: float = 0.0  # seconds between two requests to one host
    max_bytes: int = 25_000_000
    allow_private: bool = False
    allow_nets: tuple[str, ...] = ()  # CIDRs allowed despite being non-public
    warc_path: str | None = None  # record every exchange here
    replay_path: str | None = None  # answer every request from this WARC; never touch the network
    cache_dir: str | None = None  # None: the user cache directory
    use_cache: bool = True
    max_age: float = 86_400.0  # seconds a cached source stays fresh
    # host[:port] -> "addr:port": connect there over plain HTTP, keeping the URL and Host
    # (like curl --resolve); how the tests and the recorded sample world reach loopback servers.
    resolve: tuple[tuple[str, str], ...] = ()
    skip_patterns: tuple[str, ...] = field(default=())  # URL regexes never fetched (`skipped`)
