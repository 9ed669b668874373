"""Save Page Now: SPN2 answers and error messages (pure), and the anonymous legacy save on our client."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from waybackpy.exceptions import TooManyRequestsError, WaybackError

from verify.archive.memento import parse_links, split_memento_url
from verify.fetch.types import NO_RETRY

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient

# Every SPN2 `status_ext` (SPN2 public API document, 2025-10-22) as a fact-checker should read it.
STATUS_EXT: dict[str, str] = {
    "error:not-found": "the site answered 404 Not Found to Save Page Now",
    "error:no-access": "the site refused Save Page Now (401/403)",
    "error:blocked": "the site blocked Save Page Now (it answered 999)",
    "error:too-many-redirects": "the page redirects more than 3 times",
    "error:too-many-requests": "the site rate-limited Save Page Now (429); try later",
    "error:invalid-host-resolution": "the site's host name does not resolve",
    "error:invalid-url-syntax": "Save Page Now rejected the URL as malformed",
    "error:invalid-server-response": "the site sent an invalid HTTP response",
    "error:unauthorized": "the page needs a login",
    "error:filesize-limit": "the file is larger than Save Page Now's 2 GB limit",
    "error:protocol-error": "the site broke the HTTP protocol",
    "error:bad-gateway": "the site answered 502 Bad Gateway (transient; try later)",
    "error:gateway-timeout": "the site answered 504 Gateway Timeout (transient; try later)",
    "error:service-unavailable": "the site answered 503 Service Unavailable (transient; try later)",
    "error:internal-server-error": "the site answered 500 Internal Server Error (transient; try later)",
    "error:read-timeout": "the site was too slow to answer (transient; try later)",
    "error:browsing-timeout": "the page took too long to load in Save Page Now's browser (transient)",
    "error:soft-time-limit-exceeded": "the capture ran out of time (transient; try later)",
    "error:no-browsers-available": "Save Page Now is overloaded (transient; try later)",
    "error:cannot-fetch": "Save Page Now could not fetch the page (transient; try later)",
    "error:capture-location-error": "Save Page Now could not locate the capture (transient; try later)",
    "error:proxy-error": "Save Page Now's proxy failed (transient; try later)",
    "error:celery": "Save Page Now's job queue failed (transient; try later)",
    "error:job-failed": "the capture job failed (transient; try later)",
    "error:too-many-daily-captures": "this URL was already captured the maximum times today",
    "error:user-session-limit": "too many captures running for this account; wait for them to finish",
    "error:max-daily-bandwidth": "the account's daily capture bandwidth is used up",
    "error:max-daily-bandwidth-from-ip": "this address's daily capture bandwidth is used up",
    "error:max-daily-bandwidth-host": "the daily capture bandwidth for this site is used up",
    "error:blocked-client-ip": "the Internet Archive blocks saves from this address",
    "error:blocked-url": "the Internet Archive does not save this URL (excluded)",
    # Not in the SPN2 document, but answered: the job ran and made no capture.
    "error:no-captures": "the job finished without making a capture (transient; try later)",
}
TOO_MANY_DAILY = "error:too-many-daily-captures"

ANONYMOUS_REFUSED = "anonymous saving is rate-limited; set IA_ACCESS_KEY and IA_SECRET_KEY"

_AGO = re.compile(r"made\s+(\d+)\s+(second|minute|hour)s?\s+ago", re.IGNORECASE)


def status_ext_message(status_ext: str | None, message: str | None = None) -> str:
    """One clear line for an SPN2 error; unknown codes keep the service's own words."""
    key = (status_ext or "").strip()
    if key and not key.startswith("error:"):
        key = "error:" + key
    known = STATUS_EXT.get(key)
    if known:
        return f"Save Page Now: {known} ({key})"
    detail = (message or "").strip() or "unknown error"
    return f"Save Page Now: {detail}" + (f" ({key})" if key else "")


@dataclass(frozen=True, slots=True)
class Submitted:
    """What a `POST /save` answered."""

    job_id: str | None = None
    message: str | None = None
    error: str | None = None  # a mapped status_ext, or a transport/HTTP problem
    status_ext: str | None = None  # the code itself, as `error:<name>`
    recent_seconds: float | None = None  # "the same snapshot had been made N seconds ago"


def parse_submit(body: str) -> Submitted:
    """Read a submission answer (HTTP 200 carries errors too)."""
    data = _json(body)
    if data is None:
        return Submitted(error="Save Page Now sent an answer that is not JSON")
    message = _str(data.get("message"))
    if data.get("status") == "error":
        ext = _str(data.get("status_ext"))
        return Submitted(error=status_ext_message(ext, message), message=message, status_ext=_ext(ext))
    recent = None
    if message:
        m = _AGO.search(message)
        if m:
            unit = {"second": 1, "minute": 60, "hour": 3600}[m.group(2).lower()]
            recent = float(m.group(1)) * unit
    return Submitted(job_id=_str(data.get("job_id")), message=message, recent_seconds=recent)


@dataclass(frozen=True, slots=True)
class JobStatus:
    """What `/save/status/<job_id>` answered."""

    state: str  # pending | success | error | unknown
    timestamp: str | None = None
    original_url: str | None = None
    error: str | None = None
    status_ext: str | None = None


def parse_status(body: str) -> JobStatus:
    data = _json(body)
    if data is None:
        return JobStatus("unknown", error="job status is not JSON")
    state = _str(data.get("status")) or "unknown"
    if state == "success":
        ts = _str(data.get("timestamp"))
        if not ts or not ts.isdigit() or len(ts) != 14:
            return JobStatus("error", error="Save Page Now reported success without a timestamp")
        return JobStatus("success", timestamp=ts, original_url=_str(data.get("original_url")))
    if state == "error":
        ext = _str(data.get("status_ext"))
        return JobStatus(
            "error", error=status_ext_message(ext, _str(data.get("message"))), status_ext=_ext(ext)
        )
    return JobStatus(state if state == "pending" else "unknown")


def parse_user_status(body: str) -> int | None:
    """Free capture slots from `/save/status/user`."""
    quota = parse_quota(body)
    return quota.available if quota is not None else None


@dataclass(frozen=True, slots=True)
class Quota:
    """What `/save/status/user` says of the account: free capture slots and today's captures."""

    available: int | None = None
    daily_captures: int | None = None
    daily_limit: int | None = None

    @property
    def daily_left(self) -> int | None:
        """Captures the account may still make today, when the service said."""
        if self.daily_captures is None or self.daily_limit is None:
            return None
        return max(self.daily_limit - self.daily_captures, 0)


def parse_quota(body: str) -> Quota | None:
    """The account's quota from `/save/status/user`; None when the answer is not JSON."""
    data = _json(body)
    if data is None:
        return None
    return Quota(
        _int(data.get("available")), _int(data.get("daily_captures")), _int(data.get("daily_captures_limit"))
    )


def _ext(value: str | None) -> str | None:
    key = (value or "").strip()
    if not key:
        return None
    return key if key.startswith("error:") else "error:" + key


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _json(body: str) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------------------- anonymous save


def anonymous_save(client: HttpClient, base: str, url: str, *, timeout: float, pool: str) -> tuple[str, str]:
    """The legacy `GET /save/<url>` (no keys) on our client, one try, a deadline: (timestamp, original).

    Failures are waybackpy's exceptions with a report-ready message: `TooManyRequestsError` when the
    save was refused for its rate (the caller pauses the pool), `WaybackError` otherwise.
    """
    # waybackpy's form of the URL in the save path (trimmed, spaces encoded), kept as it always was.
    target = str(url).strip().replace(" ", "%20")
    outcome = client.request(
        "GET",
        f"{base.rstrip('/')}/save/{target}",
        retry=NO_RETRY,
        pool=pool,
        timeout=timeout,
        follow_redirects=True,
    )
    resp = outcome.response
    if resp is None:
        # 523s and timeouts can hide a capture that was made: say so rather than guess.
        failure = outcome.error or str(outcome.failure)
        raise WaybackError(f"no answer from Save Page Now ({failure}); a capture may still appear")
    if resp.status == 429:
        raise TooManyRequestsError(ANONYMOUS_REFUSED)
    if resp.status == 401:
        raise WaybackError(ANONYMOUS_REFUSED)
    if resp.status == 509:
        raise WaybackError("Save Page Now: too many active sessions (509)")
    if resp.status >= 400:
        raise WaybackError(f"Save Page Now answered HTTP {resp.status}")
    found = _saved_memento(
        resp.headers.get("content-location", ""), resp.url or "", resp.headers.get("link", "")
    )
    if found is None:
        if resp.status == 200:
            raise WaybackError("Save Page Now answered without naming the capture (no Content-Location)")
        raise WaybackError(f"Tried 1 times but failed to save and retrieve the archive for {target}.")
    return found


def _saved_memento(content_location: str, final_url: str, link: str) -> tuple[str, str] | None:
    """(timestamp, original) of the capture a save names: `Content-Location`, then where redirects
    ended, then the memento `Link` (waybackpy greps str(headers) for these, which never matches)."""
    for candidate in (content_location, final_url):
        parts = split_memento_url(candidate) if "/web/" in candidate else None
        if parts and len(parts[0]) == 14:
            return parts[0], parts[2]
    for item in parse_links(link):
        if item.rel == "memento":
            parts = split_memento_url(item.url)
            if parts and len(parts[0]) == 14:
                return parts[0], parts[2]
    return None
