"""Which sources to save (pure): the save policy's rule per source, its reason, and the order saves go in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from verify.archive import cdx
from verify.archive.lookup import Found
from verify.models import SavePolicy

BUDGET_EXHAUSTED = "save budget exhausted"
SAVE_DEFERRED = "save deferred: Save Page Now answered 429 (saved by the next run)"


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether one source is saved, and the rule that said so (`archive.reason` in the report)."""

    save: bool
    reason: str
    uncaptured: bool = False  # no capture at all: saved before sources whose capture is only stale


def decide(
    found: Found, pub: datetime | None, now: datetime, policy: SavePolicy, max_age_days: float
) -> Decision:
    """The policy's rule for one looked-up source.

    `missing` saves only when no capture stands for the source as cited: none at all, or none within
    `max_age_days` before publication; for an undated or fresh article (published less than
    `max_age_days` ago) the window ends now instead.
    """
    if found.excluded:
        return Decision(False, "excluded from the Wayback Machine: not saved")
    if policy is SavePolicy.NEVER:
        return Decision(False, "saving not asked for")
    if found.error and found.as_cited is None and found.latest is None:
        if policy is SavePolicy.ALWAYS:
            return Decision(True, "--archive always: saved whatever the captures", uncaptured=True)
        # Unknown is not none: a failed look-up spends no save (the next run looks again).
        return Decision(False, "the look-up failed, so no save was asked (run again)")
    uncaptured = found.as_cited is None and found.latest is None
    if policy is SavePolicy.ALWAYS:
        return Decision(True, "--archive always: saved whatever the captures", uncaptured=uncaptured)
    if uncaptured:
        return Decision(True, "no capture at all", uncaptured=True)
    days = f"{max_age_days:g} day{'s' if max_age_days != 1 else ''}"
    window = timedelta(days=max_age_days)
    if pub is not None and pub < now - window:
        stands = found.as_cited if found.as_cited is not None and not found.after else None
        when = cdx.parse_timestamp(stands.timestamp) if stands else None
        if stands is not None and when is not None and pub - when <= window:
            return Decision(False, f"captured {stands.timestamp[:8]}, within {days} before publication")
        if stands is not None:
            why = f"no capture within {days} before publication (the closest is {stands.timestamp[:8]})"
        else:
            why = f"no capture within {days} before publication (only after it)"
        return Decision(True, why)
    latest = found.latest or found.as_cited
    assert latest is not None
    when = cdx.parse_timestamp(latest.timestamp)
    ref = "undated" if pub is None else "fresh"
    if when is not None and now - when <= window:
        return Decision(False, f"captured {latest.timestamp[:8]}, within the last {days} ({ref} article)")
    return Decision(True, f"no capture within the last {days} ({ref} article; latest {latest.timestamp[:8]})")


def save_order(urls: list[str], decisions: dict[str, Decision], priority: dict[str, int]) -> list[str]:
    """Saves in the order the budget should cover them: sources something depends on (a quotation, a
    claim, an embed: a higher `priority`) first, then sources with no capture at all before stale ones,
    then the article's own order."""
    rank = {u: i for i, u in enumerate(urls)}
    return sorted(urls, key=lambda u: (-priority.get(u, 0), not decisions[u].uncaptured, rank[u]))


# Platforms whose first path segment (or `@name`) is an account: such a page is a profile, not a post.
_PROFILE_HOSTS = {
    "twitter.com": r"[A-Za-z0-9_]{1,15}",
    "x.com": r"[A-Za-z0-9_]{1,15}",
    "mobile.twitter.com": r"[A-Za-z0-9_]{1,15}",
    "instagram.com": r"[A-Za-z0-9_.]{1,30}",
    "facebook.com": r"[A-Za-z0-9.\-]{1,50}",
    "threads.net": r"@[A-Za-z0-9_.]{1,30}",
    "threads.com": r"@[A-Za-z0-9_.]{1,30}",
    "tiktok.com": r"@[A-Za-z0-9_.]{1,30}",
    "youtube.com": r"@[A-Za-z0-9_.\-]{1,100}",
    "linkedin.com": r"(?:in|company)/[^/]+",
    "t.me": r"[A-Za-z0-9_]{4,32}",
}
_NOT_ACCOUNTS = {
    "home",
    "explore",
    "search",
    "i",
    "intent",
    "share",
    "watch",
    "hashtag",
    "p",
    "reel",
    "status",
}


def profile_reason(url: str) -> str | None:
    """Why `url` is not archived when it is a profile or a bare handle rather than a post's permalink."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/")
    if host == "bsky.app" and re.fullmatch(r"profile/[^/]+", path):
        return "not archived: a profile page, not a post (only permalinks are archived)"
    pattern = _PROFILE_HOSTS.get(host)
    if pattern is None or not path:
        if re.fullmatch(r"@[A-Za-z0-9_]+", path) and not parts.query:
            return "not archived: a profile page, not a post (only permalinks are archived)"  # Mastodon
        return None
    if path.split("/")[0].lower() in _NOT_ACCOUNTS:
        return None
    if re.fullmatch(pattern, path) and not parts.query:
        return "not archived: a profile page, not a post (only permalinks are archived)"
    return None
