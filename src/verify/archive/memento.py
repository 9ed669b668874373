"""Reading raw Wayback answers (pure): memento URLs, `Link` headers per RFC 8288, and what a response is."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from enum import StrEnum
from urllib.parse import urljoin

from verify.archive.cdx import format_timestamp

_MEMENTO_PATH = re.compile(r"/web/(\d{1,14})([a-z]{2}_)?/(.+)$", re.DOTALL)
_LINK_ITEM = re.compile(r"\s*<([^>]*)>\s*((?:;\s*[^;,]+?\s*=\s*(?:\"[^\"]*\"|[^;,]*)\s*)*)(?:,|$)")
_LINK_PARAM = re.compile(r";\s*([^;=\s]+)\s*=\s*(?:\"([^\"]*)\"|([^;,]*))")

NOT_ARCHIVED_MARK = "has not archived that url"
EXCLUDED_MARK = "excluded from the wayback machine"


class Kind(StrEnum):
    """What one raw (`id_`, redirects off) Wayback answer is."""

    MEMENTO = "memento"  # a capture, 200 at crawl time
    ARCHIVED_ERROR = "archived-error"  # a capture of an error page (403, 429… at crawl time)
    ARCHIVED_REDIRECT = "archived-redirect"  # the site redirected at crawl time
    OTHER_TIME = "other-time"  # no capture at that second: the Wayback points at the nearest one
    NOT_ARCHIVED = "not-archived"
    EXCLUDED = "excluded"
    RATE_LIMITED = "rate-limited"  # a live 429 from the Wayback itself
    ERROR = "error"  # a live Wayback failure (5xx and the like)


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    rel: str  # the whole rel value, normalised: "memento", "first memento", "original", …
    datetime: str | None = None

    @property
    def rels(self) -> frozenset[str]:
        return frozenset(self.rel.split())


def memento_url(base: str, timestamp: str, original: str, mode: str = "") -> str:
    """`<base>/web/<timestamp><mode>/<original>`."""
    return f"{base.rstrip('/')}/web/{timestamp}{mode}/{original}"


def split_memento_url(url: str) -> tuple[str, str, str] | None:
    """(timestamp, mode, original) of a memento URL, or None when it is not one."""
    m = _MEMENTO_PATH.search(url)
    if m is None:
        return None
    original = m.group(3)
    if original.startswith("//"):
        original = "http:" + original
    elif not re.match(r"^[a-z][a-z0-9+.-]*:", original, re.IGNORECASE):
        original = "http://" + original
    return m.group(1), m.group(2) or "", original


def parse_links(header: str) -> list[Link]:
    """Every link in a `Link` header, with its rel and datetime (the Wayback's are well formed)."""
    links: list[Link] = []
    pos = 0
    while pos < len(header):
        m = _LINK_ITEM.match(header, pos)
        if m is None or m.end() == pos:
            break
        params: dict[str, str] = {}
        for p in _LINK_PARAM.finditer(m.group(2) or ""):
            params[p.group(1).lower()] = p.group(2) if p.group(2) is not None else p.group(3).strip()
        # `rel="first memento"` is two relation types; keep the whole value so that the response's own
        # memento (exactly "memento") is told from first/prev/next/last ones (waybackpy's Link bug).
        rel = " ".join(params.get("rel", "").lower().split())
        links.append(Link(m.group(1), rel, params.get("datetime")))
        pos = m.end()
    return links


def http_date_timestamp(value: str | None) -> str | None:
    """`Fri, 24 Nov 2017 15:13:15 GMT` as a 14-digit timestamp."""
    if not value:
        return None
    try:
        return format_timestamp(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        return None


def classify(status: int, headers: dict[str, str], body_start: str) -> Kind:
    """Tell a memento from the Wayback's own answers; `Memento-Datetime`, not the status, decides."""
    is_memento = "memento-datetime" in headers
    if is_memento:
        if 300 <= status < 400 and headers.get("location"):
            return Kind.ARCHIVED_REDIRECT
        return Kind.MEMENTO if 200 <= status < 300 else Kind.ARCHIVED_ERROR
    lowered = body_start.lower()
    if 300 <= status < 400 and headers.get("location"):
        return Kind.OTHER_TIME
    if status == 429:
        return Kind.RATE_LIMITED
    if status == 404 or NOT_ARCHIVED_MARK in lowered:
        return Kind.NOT_ARCHIVED
    if EXCLUDED_MARK in lowered or status == 403:
        return Kind.EXCLUDED
    return Kind.ERROR


def resolve_location(current: str, location: str, base: str) -> str:
    """An absolute URL for a `Location` given as absolute, `//host/web/…` or `/web/…`."""
    target = urljoin(current, location)
    if split_memento_url(target) is not None:
        parts = split_memento_url(target)
        assert parts is not None
        ts, mode, original = parts
        # Keep talking to the configured Wayback (a mirror, an emulator), not the one in the header.
        return memento_url(base, ts, original, mode)
    return target
