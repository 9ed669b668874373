"""Save Page Now: SPN2 answers and error messages (pure), and waybackpy's anonymous save on our client."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from requests.structures import CaseInsensitiveDict
from waybackpy import WaybackMachineSaveAPI
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
}

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
    recent_seconds: float | None = None  # "the same snapshot had been made N seconds ago"


def parse_submit(body: str) -> Submitted:
    """Read a submission answer (HTTP 200 carries errors too)."""
    data = _json(body)
    if data is None:
        return Submitted(error="Save Page Now sent an answer that is not JSON")
    message = _str(data.get("message"))
    if data.get("status") == "error":
        return Submitted(error=status_ext_message(_str(data.get("status_ext")), message), message=message)
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
        return JobStatus(
            "error", error=status_ext_message(_str(data.get("status_ext")), _str(data.get("message")))
        )
    return JobStatus(state if state == "pending" else "unknown")


def parse_user_status(body: str) -> int | None:
    """Free capture slots from `/save/status/user`."""
    data = _json(body)
    if data is None:
        return None
    available = data.get("available")
    return available if isinstance(available, int) and not isinstance(available, bool) else None


def _json(body: str) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------------------- anonymous (waybackpy)


class AnonymousSaveError(Exception):
    """The anonymous save gave no capture; the message is for the report."""

    def __init__(self, message: str, *, rate_limited: bool = False) -> None:
        super().__init__(message)
        self.rate_limited = rate_limited


def anonymous_save(client: HttpClient, base: str, url: str, *, timeout: float, pool: str) -> tuple[str, str]:
    """Save through waybackpy's legacy `GET /save/<url>` on our client: (timestamp, original).

    Raises AnonymousSaveError with a report-ready message.
    """

    class _Save(WaybackMachineSaveAPI):
        """waybackpy's save API with its transport swapped for our HttpClient, one try, a deadline."""

        def __init__(self) -> None:
            super().__init__(url, user_agent=client.config.user_agent, max_tries=1)
            self.request_url = f"{base.rstrip('/')}/save/{self.url}"
            self.rate_limited = False
            self.failure: str | None = None

        def get_save_request_headers(self) -> None:
            outcome = client.request(
                "GET", self.request_url, retry=NO_RETRY, pool=pool, timeout=timeout, follow_redirects=True
            )
            if outcome.response is None:
                self.failure = outcome.error or str(outcome.failure)
                # 523s and timeouts can hide a capture that was made: say so rather than guess.
                raise WaybackError(
                    f"no answer from Save Page Now ({self.failure}); a capture may still appear"
                )
            resp = outcome.response
            self.headers = CaseInsensitiveDict(dict(resp.headers.items_))
            self.status_code = resp.status
            self.response_url = resp.url
            self._content_location = resp.headers.get("content-location", "")
            self._link = resp.headers.get("link", "")
            if resp.status == 429:
                self.rate_limited = True
                raise TooManyRequestsError(ANONYMOUS_REFUSED)
            if resp.status == 401:
                raise WaybackError(ANONYMOUS_REFUSED)
            if resp.status == 509:
                raise WaybackError("Save Page Now: too many active sessions (509)")
            if resp.status >= 400:
                raise WaybackError(f"Save Page Now answered HTTP {resp.status}")

        def archive_url_parser(self) -> str | None:
            # waybackpy greps str(headers) for `Content-Location:`, which never matches a real response;
            # read the header itself, then the memento Link, then where redirects ended.
            for candidate in (self._content_location, self.response_url or ""):
                parts = split_memento_url(candidate) if "/web/" in candidate else None
                if parts and len(parts[0]) == 14:
                    return f"{base.rstrip('/')}/web/{parts[0]}/{parts[2]}"
            for link in parse_links(self._link):
                if link.rel == "memento":
                    parts = split_memento_url(link.url)
                    if parts and len(parts[0]) == 14:
                        return f"{base.rstrip('/')}/web/{parts[0]}/{parts[2]}"
            return None

        def timestamp(self) -> Any:
            # waybackpy's version insists on a web.archive.org host; ours may be a mirror.
            return None

    saver = _Save()
    try:
        archive_url = saver.save()
    except TooManyRequestsError:
        raise AnonymousSaveError(ANONYMOUS_REFUSED, rate_limited=True) from None
    except WaybackError as exc:
        message = str(exc).splitlines()[0] if str(exc) else "Save Page Now gave no capture"
        if saver.status_code == 200 and not saver.failure:
            message = "Save Page Now answered without naming the capture (no Content-Location)"
        raise AnonymousSaveError(message) from None
    parts = split_memento_url(archive_url)
    if parts is None:
        raise AnonymousSaveError("Save Page Now named a capture that is not a memento URL")
    return parts[0], parts[2]
