"""A Wayback Machine on loopback: CDX, raw mementos, availability, SPN2 and the legacy save, with faults.

Speaks the protocol as the real service does (see the shared protocol note): CDX in JSON and text with
filters, from/to, limits, adjacent collapse and resume keys encoded like the real ones; mementos with
`Memento-Datetime` and `Link`, a 302 to the nearest time, archived redirects, a 404 not archived and a
200 excluded-site page; SPN2 jobs with pending, success and `status_ext` errors and the user quota; the
legacy save answering 429. Every request is logged per endpoint with its time, so tests can check that
no endpoint was called faster than its limiter allows.

Reach it directly (`wayback_url=emu.base_url`) or keep real host names and route them here with
`ClientConfig(resolve=emu.resolve_entries())`; paths, not hosts, decide the endpoint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, quote_plus, unquote_plus, urlsplit

from emulators.base import LoopbackService

NOT_ARCHIVED_PAGE = (
    "<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body>"
    "<p>Hrm.</p><p>The Wayback Machine has not archived that URL.</p></body></html>"
)
EXCLUDED_PAGE = (
    "<!DOCTYPE html><html><head><title>Wayback Machine</title></head><body>"
    "<p>Sorry.</p><p>This URL has been excluded from the Wayback Machine.</p></body></html>"
)
LEGACY_429 = (
    "<html><head><title>Too Many Requests</title></head><body><p>You have already reached the limit "
    "of active sessions. Please try again in 5 minutes.</p></body></html>"
)
BLOCKED_ERROR = (
    "org.archive.util.io.RuntimeIOException: org.archive.wayback.exception."
    "AdministrativeAccessControlException: Blocked Site Error"
)
DEFAULT_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")


def surt(url: str) -> str:
    """A SURT-like key: scheme, `www.` and default ports dropped, host reversed with commas."""
    parts = urlsplit(url if "://" in url else "http://" + url)
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    port = parts.port
    path = parts.path or "/"
    key = ",".join(reversed(host.split(".")))
    if port and port not in (80, 443):
        key += f":{port}"
    return f"{key}){path.lower()}" + (f"?{parts.query}" if parts.query else "")


def sha1_base32(body: bytes) -> str:
    return base64.b32encode(hashlib.sha1(body).digest()).decode()


def http_date(ts: str) -> str:
    return format_datetime(datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC), usegmt=True)


@dataclass
class StoredCapture:
    url: str  # the original URL as crawled
    timestamp: str
    body: bytes = b""
    status: int = 200
    mimetype: str = "text/html"
    location: str | None = None  # archived redirect target, as the header had it
    revisit: bool = False  # a warc/revisit row (statuscode `-`), same payload as an earlier capture
    digest: str = ""

    def __post_init__(self) -> None:
        if not self.digest:
            self.digest = sha1_base32(self.body)


@dataclass
class Job:
    job_id: str
    url: str
    submitted: float
    polls_left: int
    error: str | None = None  # a status_ext
    reuse: str | None = None  # timestamp of a younger capture reused (if_not_archived_within)
    timestamp: str | None = None


@dataclass
class Hit:
    endpoint: str
    method: str
    path: str
    at: float  # hit_clock() when the request arrived
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    status: int | None = None  # what it was answered
    done: float | None = None  # hit_clock() when the answer was sent


class WaybackEmulator(LoopbackService):
    """The Wayback Machine's HTTP interfaces, on 127.0.0.1, scriptable from tests."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.captures: dict[str, list[StoredCapture]] = {}
        self.excluded: set[str] = set()  # memento answers: 200 excluded page
        self.blocked: set[str] = set()  # CDX answers: 403 Blocked Site Error
        self.duplicate_rows = 1  # every CDX row repeated this many times (the real index does)
        self.junk_rows: list[str] = []  # raw text rows appended to every CDX text answer
        self.faults: dict[str, list[int]] = {}  # endpoint -> statuses answered (and consumed) first
        self.delays: dict[str, float] = {}  # endpoint -> seconds before answering
        # endpoint -> Retry-After (None: no header): answers 429 until unthrottled, other endpoints healthy
        self.throttled: dict[str, str | None] = {}
        self.keys: tuple[str, str] | None = None  # required SPN2 keys; None accepts any `LOW a:b`
        self.pending_polls = 1  # status polls answering `pending` before a job finishes
        self.job_errors: dict[str, str] = {}  # url -> status_ext for its jobs
        self.submit_errors: dict[str, str] = {}  # url -> status_ext answered on submission
        self.available_slots = 3
        self.legacy_status = 429  # the 2026 behaviour; 200 makes a capture with Content-Location
        self.legacy_content_location = True  # False: the 2024 anomaly, a 200 that names no capture
        self.submit_answers: dict[str, dict[str, Any]] = {}  # url -> JSON answered on submission as is
        self.availability_empty = False  # answer {"archived_snapshots": {}} whatever is stored
        # As the real API (internetarchive/wayback #296): `url=https://…` answers empty for archived URLs.
        self.availability_scheme_empty = True
        self.daily_captures = 0  # SPN2 user status: captures made today before this run's jobs
        self.daily_captures_limit = 30000
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.hit_clock: Callable[[], float] = time.monotonic  # tests may pass a FrozenClock's monotonic
        self.jobs: dict[str, Job] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ scripting

    def add_capture(
        self,
        url: str,
        timestamp: str,
        body: str | bytes = "",
        *,
        status: int = 200,
        mimetype: str = "text/html",
        location: str | None = None,
        revisit: bool = False,
        digest: str | None = None,
    ) -> StoredCapture:
        """Store a capture of `url` at `timestamp` (14 digits; junk such as month `00` is allowed).

        A revisit repeats the payload of the last earlier 200 capture, or the one named by `digest`
        (the empty-body digest of a redirect, say), as `warc/revisit` rows do.
        """
        data = body.encode() if isinstance(body, str) else body
        if not data and status == 200 and not revisit:
            data = f"<html><head><title>{url}</title></head><body><p>{url} at {timestamp}</p></body></html>"
            data = data.encode()
        capture = StoredCapture(url, timestamp, data, status, mimetype, location, revisit)
        if revisit:
            capture.mimetype = "warc/revisit"
            earlier = [c for c in self.captures.get(surt(url), []) if c.status == 200]
            if earlier and digest is None:
                capture.digest, capture.body = earlier[-1].digest, earlier[-1].body
        if digest is not None:
            capture.digest = digest
        with self._lock:
            self.captures.setdefault(surt(url), []).append(capture)
            self.captures[surt(url)].sort(key=lambda c: c.timestamp)
        return capture

    def fail(self, endpoint: str, *statuses: int) -> None:
        """Answer the next requests to `endpoint` with these statuses, in order."""
        with self._lock:
            self.faults.setdefault(endpoint, []).extend(statuses)

    def throttle(self, endpoint: str, retry_after: str | None = None) -> None:
        """Answer every request to `endpoint` 429 (with this Retry-After) until `unthrottle`."""
        with self._lock:
            self.throttled[endpoint] = retry_after

    def unthrottle(self, endpoint: str) -> None:
        with self._lock:
            self.throttled.pop(endpoint, None)

    def first_429(self, endpoint: str) -> float | None:
        """When the first 429 on `endpoint` was answered (hit_clock), or None."""
        with self._lock:
            done = [h.done for h in self.hits if h.endpoint == endpoint and h.status == 429 and h.done]
        return min(done) if done else None

    def count(self, endpoint: str) -> int:
        with self._lock:
            return sum(1 for h in self.hits if h.endpoint == endpoint)

    def times(self, endpoint: str) -> list[float]:
        with self._lock:
            return [h.at for h in self.hits if h.endpoint == endpoint]

    def requests(self, endpoint: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.endpoint == endpoint]

    # ------------------------------------------------------------------ server

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def resolve_entries(self) -> tuple[tuple[str, str], ...]:
        """`ClientConfig.resolve` entries sending web.archive.org and archive.org here."""
        target = f"{self.host}:{self.port}"
        return (("web.archive.org", target), ("archive.org", target))

    # ------------------------------------------------------------------ endpoints

    def _log(self, endpoint: str, method: str, path: str, headers: dict[str, str], body: str) -> Hit:
        hit = Hit(endpoint, method, path, self.hit_clock(), headers, body)
        with self._lock:
            self.hits.append(hit)
        return hit

    def _throttled(self, endpoint: str) -> tuple[bool, str | None]:
        with self._lock:
            return endpoint in self.throttled, self.throttled.get(endpoint)

    def _fault(self, endpoint: str) -> int | None:
        with self._lock:
            queue = self.faults.get(endpoint)
            return queue.pop(0) if queue else None

    def _timestamp_now(self) -> str:
        return self.now().strftime("%Y%m%d%H%M%S")

    def cdx(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        url = (query.get("url") or [""])[0]
        if not url:
            return 400, {"Content-Type": "text/plain"}, b"url param is required"
        key = surt(url)
        if key in self.blocked or url in self.blocked:
            return 403, {"Content-Type": "text/plain", "X-Archive-Wayback-Runtime-Error": BLOCKED_ERROR}, b""
        match_type = (query.get("matchType") or ["exact"])[0]
        with self._lock:
            if match_type == "prefix" or url.endswith("*"):
                prefix = surt(url.rstrip("*"))
                stored = [c for k, cs in self.captures.items() if k.startswith(prefix) for c in cs]
            else:
                stored = list(self.captures.get(key, []))
        rows: list[dict[str, str]] = []
        for c in sorted(stored, key=lambda c: c.timestamp):
            row = {
                "urlkey": surt(c.url),
                "timestamp": c.timestamp,
                "original": c.url,
                "mimetype": c.mimetype,
                "statuscode": "-" if c.revisit else str(c.status),
                "digest": c.digest,
                "length": str(len(c.body) // 3 + 200) if c.body else "-",
            }
            rows.extend([row] * self.duplicate_rows)
        start = (query.get("from") or [""])[0]
        end = (query.get("to") or [""])[0]
        if start:
            rows = [r for r in rows if r["timestamp"] >= start.ljust(14, "0")]
        if end:
            rows = [r for r in rows if r["timestamp"] <= end.ljust(14, "9")]
        for spec in query.get("filter", []):
            negate = spec.startswith("!")
            name, _, pattern = spec.lstrip("!").partition(":")
            rx = re.compile(pattern)
            rows = [r for r in rows if bool(rx.fullmatch(r.get(name, ""))) != negate]
        for spec in query.get("collapse", []):
            name, _, digits = spec.partition(":")
            width = int(digits) if digits.isdigit() else None
            kept: list[dict[str, str]] = []
            for r in rows:
                value = r.get(name, "")[:width]
                if not kept or value != kept[-1].get(name, "")[:width]:
                    kept.append(r)
            rows = kept
        offset = 0
        resume_in = (query.get("resumeKey") or [""])[0]
        if resume_in:
            # The key arrives as the client got it (percent-encoded); undo that one encoding.
            decoded = unquote_plus(resume_in)
            m = re.search(r":(\d+)$", decoded)
            if m is None:
                return 400, {"Content-Type": "text/plain"}, b"bad resumeKey"
            offset = int(m.group(1))
        rows = rows[offset:]
        limit_text = (query.get("limit") or [""])[0]
        resume_out = None
        if limit_text.lstrip("-").isdigit():
            limit = int(limit_text)
            if limit < 0:
                rows = rows[limit:]
            elif len(rows) > limit:
                nxt = rows[limit]
                resume_out = quote_plus(f"{nxt['urlkey']} {nxt['timestamp']}:{offset + limit}", safe="")
                rows = rows[:limit]
        show_key = (query.get("showResumeKey") or ["false"])[0] == "true"
        fields = [f for f in (query.get("fl") or [",".join(DEFAULT_FIELDS)])[0].split(",") if f]
        if (query.get("output") or [""])[0] == "json":
            table: list[list[str]] = (
                [fields, *([r.get(f, "-") for f in fields] for r in rows)] if rows else []
            )
            if show_key and resume_out:
                table += [[], [resume_out]]
            return 200, {"Content-Type": "application/json"}, json.dumps(table).encode()
        lines = [" ".join(r.get(f, "-") for f in fields) for r in rows] + self.junk_rows
        text = "\n".join(lines) + ("\n" if lines else "")
        if show_key and resume_out:
            text += f"\n{resume_out}\n"
        return 200, {"Content-Type": "text/plain;charset=UTF-8"}, text.encode()

    def memento(self, host_base: str, ts: str, mode: str, url: str) -> tuple[int, dict[str, str], bytes]:
        key = surt(url)
        if key in self.excluded or url in self.excluded:
            return 200, {"Content-Type": "text/html; charset=utf-8"}, EXCLUDED_PAGE.encode()
        with self._lock:
            stored = [c for c in self.captures.get(key, []) if _valid(c.timestamp)]
        if not stored:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, NOT_ARCHIVED_PAGE.encode()
        wanted = ts.ljust(14, "0")
        exact = [c for c in stored if c.timestamp == wanted]
        if not exact:
            target = datetime.strptime(wanted, "%Y%m%d%H%M%S") if _valid(wanted) else datetime.now()
            nearest = min(stored, key=lambda c: abs(datetime.strptime(c.timestamp, "%Y%m%d%H%M%S") - target))
            location = f"{host_base}/web/{nearest.timestamp}{mode}/{nearest.url}"
            return 302, {"Location": location, "Content-Type": "text/plain; charset=utf-8"}, b""
        capture = exact[-1]
        headers = {
            "Content-Type": capture.mimetype if capture.mimetype != "warc/revisit" else "text/html",
            "Memento-Datetime": http_date(capture.timestamp),
            "Link": self._link_header(host_base, stored, capture),
            "X-Archive-Src": f"emulator-{capture.timestamp}.warc.gz",
        }
        if capture.location:
            headers["Location"] = capture.location
        return capture.status, headers, capture.body

    def _link_header(self, base: str, stored: list[StoredCapture], capture: StoredCapture) -> str:
        def memento(c: StoredCapture, rel: str) -> str:
            return f'<{base}/web/{c.timestamp}/{c.url}>; rel="{rel}"; datetime="{http_date(c.timestamp)}"'

        i = stored.index(capture)
        parts = [
            f'<{capture.url}>; rel="original"',
            f'<{base}/web/timemap/link/{capture.url}>; rel="timemap"; type="application/link-format"',
            f'<{base}/web/{capture.url}>; rel="timegate"',
            memento(stored[0], "first memento"),
        ]
        if i > 0:
            parts.append(memento(stored[i - 1], "prev memento"))
        parts.append(memento(capture, "memento"))
        if i + 1 < len(stored):
            parts.append(memento(stored[i + 1], "next memento"))
        parts.append(memento(stored[-1], "last memento"))
        return ", ".join(parts)

    def availability(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        url = (query.get("url") or [""])[0]
        ts = (query.get("timestamp") or [""])[0]
        answer: dict[str, Any] = {"url": url, "archived_snapshots": {}}
        if ts:
            answer["timestamp"] = ts
        with self._lock:
            stored = [c for c in self.captures.get(surt(url), []) if _valid(c.timestamp) and c.status == 200]
        schemed = url.lower().startswith(("http://", "https://"))
        if stored and not self.availability_empty and not (schemed and self.availability_scheme_empty):
            if ts:
                target = datetime.strptime(ts.ljust(14, "0"), "%Y%m%d%H%M%S")
                best = min(stored, key=lambda c: abs(datetime.strptime(c.timestamp, "%Y%m%d%H%M%S") - target))
            else:
                best = stored[-1]
            answer["archived_snapshots"] = {
                "closest": {
                    "status": "200",
                    "available": True,
                    "url": f"http://web.archive.org/web/{best.timestamp}/{best.url}",
                    "timestamp": best.timestamp,
                }
            }
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def spn2_submit(
        self, headers: dict[str, str], form: dict[str, list[str]]
    ) -> tuple[int, dict[str, str], bytes]:
        auth = headers.get("authorization", "")
        if not auth.startswith("LOW ") or ":" not in auth:
            page = b"<html><body><p>You need to be logged in to use Save Page Now.</p></body></html>"
            return 401, {"Content-Type": "text/html"}, page
        if self.keys is not None and auth != f"LOW {self.keys[0]}:{self.keys[1]}":
            return 401, {"Content-Type": "application/json"}, b'{"message": "Invalid S3 keys"}'
        url = (form.get("url") or [""])[0]
        if not url:
            body = {"status": "error", "status_ext": "error:invalid-url-syntax", "message": "no url"}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        if url in self.submit_answers:
            return 200, {"Content-Type": "application/json"}, json.dumps(self.submit_answers[url]).encode()
        if url in self.submit_errors:
            ext = self.submit_errors[url]
            body = {"status": "error", "status_ext": ext, "message": f"Emulated {ext}"}
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        now = time.monotonic()
        with self._lock:
            for job in self.jobs.values():
                if job.url == url and now - job.submitted < 3600:
                    ago = int(now - job.submitted)
                    body = {
                        "url": url,
                        "job_id": job.job_id,
                        "message": f"The same snapshot had been made {ago} seconds ago. "
                        "You can make new capture of this URL after 1 hour.",
                    }
                    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
            within = (form.get("if_not_archived_within") or [""])[0]
            reuse = None
            if within.isdigit():
                cutoff = self.now() - timedelta(seconds=int(within))
                young = [
                    c
                    for c in self.captures.get(surt(url), [])
                    if _valid(c.timestamp)
                    and c.status == 200
                    and datetime.strptime(c.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC) >= cutoff
                ]
                reuse = young[-1].timestamp if young else None
            job_id = "spn2-" + hashlib.sha1(f"{url}{now}{len(self.jobs)}".encode()).hexdigest()
            self.jobs[job_id] = Job(job_id, url, now, self.pending_polls, self.job_errors.get(url), reuse)
        return 200, {"Content-Type": "application/json"}, json.dumps({"url": url, "job_id": job_id}).encode()

    def spn2_status(self, job_id: str) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None or job.polls_left > 0:
                if job is not None:
                    job.polls_left -= 1
                body: dict[str, Any] = {"job_id": job_id, "resources": [], "status": "pending"}
                return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        if job.error:
            body = {
                "job_id": job_id,
                "status": "error",
                "status_ext": job.error,
                "exception": "Emulated",
                "message": f"Emulated {job.error}",
            }
            return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()
        if job.timestamp is None:
            job.timestamp = job.reuse or self._timestamp_now()
            if job.reuse is None:
                page = f"<html><body><p>Saved copy of {job.url}</p></body></html>"
                self.add_capture(job.url, job.timestamp, page)
        body = {
            "job_id": job_id,
            "status": "success",
            "original_url": job.url,
            "timestamp": job.timestamp,
            "duration_sec": 6.3,
            "resources": [job.url],
            "outlinks": {},
            "http_status": 200,
            "counters": {"outlinks": 0, "embeds": 0},
            "delay_wb_availability": False,
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def spn2_user(self) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            processing = sum(1 for j in self.jobs.values() if j.polls_left > 0)
        body = {
            "processing": processing,
            "available": self.available_slots,
            "daily_captures": self.daily_captures + len(self.jobs),
            "daily_captures_limit": self.daily_captures_limit,
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def legacy_save(self, url: str) -> tuple[int, dict[str, str], bytes]:
        if self.legacy_status == 429:
            return 429, {"Content-Type": "text/html"}, LEGACY_429.encode()
        if self.legacy_status != 200:
            return self.legacy_status, {"Content-Type": "text/html"}, b"<html>error</html>"
        if not self.legacy_content_location:
            page = b"<html><head><title>Wayback Machine</title></head><body></body></html>"
            return 200, {"Content-Type": "text/html", "X-ts": "200", "X-RL": "1"}, page
        ts = self._timestamp_now()
        self.add_capture(url, ts, f"<html><body><p>Saved copy of {url}</p></body></html>")
        headers = {
            "Content-Type": "text/html;charset=utf-8",
            "Content-Location": f"/web/{ts}/{url}",
            "X-Page-Cache": "MISS",
            "X-Cache-Key": f"httpsweb.archive.org/save/{url}US",
        }
        return 200, headers, b"<html><head><title>Wayback Machine</title></head><body></body></html>"

    # ------------------------------------------------------------------ captured posts (recovery)

    def add_post_capture(
        self, url: str, timestamp: str, *, text: str, handle: str, name: str = "", created_at: str = ""
    ) -> StoredCapture:
        """A capture of a post's permalink as the archive holds it: an X status page server-rendered
        (`.permalink-tweet`, `p.tweet-text`), or for other platforms a page with og:title/og:description.
        Found by CDX prefix queries (`matchType=prefix`) on the handle like any capture."""
        return self.add_capture(url, timestamp, post_page(url, text, handle, name, created_at))


def post_page(url: str, text: str, handle: str, name: str = "", created_at: str = "") -> str:
    """The archived page of one post (the markup `verify.embeds.archived` reads)."""
    from html import escape

    user = handle.lstrip("@")
    m = re.search(r"/status(?:es)?/(\d+)", url)
    if m and re.match(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/", url):
        ms = ""
        if created_at:
            when = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
            ms = f' data-time-ms="{int(when.timestamp() * 1000)}"'
        return (
            f"<html><head><title>{escape(name)} on X</title></head><body>"
            f'<div class="permalink-tweet tweet" data-tweet-id="{m.group(1)}"'
            f' data-screen-name="{escape(user)}" data-name="{escape(name)}">'
            f'<p class="tweet-text">{escape(text)}</p>'
            f'<span class="_timestamp"{ms}></span></div></body></html>'
        )
    return (
        f'<html><head><meta property="og:title" content="{escape(name)} (@{escape(user)})">'
        f'<meta property="og:description" content="{escape(text)}"></head>'
        f"<body><p>{escape(text)}</p></body></html>"
    )


def _valid(ts: str) -> bool:
    try:
        datetime.strptime(ts, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return len(ts) == 14


_MEMENTO = re.compile(r"^/web/(\d{1,14})([a-z]{2}_)?/(.+)$", re.DOTALL)


class _Handler(BaseHTTPRequestHandler):
    emu: WaybackEmulator
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        emu = self.emu
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        headers = {k.lower(): v for k, v in self.headers.items()}
        host = headers.get("host", "")
        host_base = (
            "https://web.archive.org" if host.split(":")[0].endswith("archive.org") else f"http://{host}"
        )
        parts = urlsplit(self.path)
        # The original URL of a memento or legacy save keeps its own query string.
        raw_path = self.path
        path = parts.path
        query = parse_qs(parts.query, keep_blank_values=True)
        if path == "/cdx/search/cdx":
            endpoint = "cdx"
        elif path == "/wayback/available":
            endpoint = "availability"
        elif path == "/save" and method == "POST":
            endpoint = "save"
        elif path == "/save/status/user":
            endpoint = "save-user"
        elif path.startswith("/save/status/"):
            endpoint = "save-status"
        elif path.startswith("/save/"):
            endpoint = "save-legacy"
        elif path.startswith("/web/timemap/"):
            endpoint = "timemap"
        elif path.startswith("/web/"):
            endpoint = "memento"
        else:
            endpoint = "other"
        hit = emu._log(endpoint, method, raw_path, headers, raw_body)
        delay = emu.delays.get(endpoint)
        if delay:
            time.sleep(delay)
        throttled, retry_after = emu._throttled(endpoint)
        fault = 429 if throttled else emu._fault(endpoint)
        if fault is not None:
            extra = {"Retry-After": retry_after} if throttled and retry_after else {}
            page = f"<html><body>Emulated {fault}</body></html>".encode()
            self._send(fault, {"Content-Type": "text/html", **extra}, page, hit=hit)
            return
        if endpoint == "cdx":
            answer = emu.cdx(query)
        elif endpoint == "availability":
            answer = emu.availability(query)
        elif endpoint == "save":
            answer = emu.spn2_submit(headers, parse_qs(raw_body, keep_blank_values=True))
        elif endpoint == "save-user":
            answer = emu.spn2_user()
        elif endpoint == "save-status":
            answer = emu.spn2_status(path.rsplit("/", 1)[1])
        elif endpoint == "save-legacy":
            answer = emu.legacy_save(raw_path[len("/save/") :])
        elif endpoint == "memento":
            m = _MEMENTO.match(raw_path)
            if m is None:
                answer = (404, {"Content-Type": "text/html"}, NOT_ARCHIVED_PAGE.encode())
            else:
                answer = emu.memento(host_base, m.group(1), m.group(2) or "", m.group(3))
        else:
            answer = (404, {"Content-Type": "text/plain"}, b"not found")
        self._send(*answer, head=method == "HEAD", hit=hit)

    def _send(
        self, status: int, headers: dict[str, str], body: bytes, head: bool = False, hit: Hit | None = None
    ) -> None:
        if hit is not None:  # stamped before the answer leaves: no later request can beat it
            hit.status, hit.done = status, self.emu.hit_clock()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


WaybackEmulator.handler = _Handler
