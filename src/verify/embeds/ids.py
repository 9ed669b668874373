"""Creation times encoded in post IDs (X, Mastodon, TikTok, Instagram, LinkedIn, Bluesky): pure decoding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from verify.models import Platform

TWITTER_EPOCH_MS = 1288834974657
INSTAGRAM_EPOCH_MS = 1314220021721
_B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_TID = "234567abcdefghijklmnopqrstuvwxyz"
# Before this no platform we decode had snowflake-style IDs: an earlier time means a sequential ID.
_EARLIEST = datetime(2010, 11, 1, tzinfo=UTC)


def _from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def _decimal(post_id: str) -> int | None:
    return int(post_id) if post_id.isascii() and post_id.isdigit() else None


def twitter_time(post_id: str) -> datetime | None:
    """X/Twitter snowflake: ms = (id >> 22) + 1288834974657 (IDs after November 2010)."""
    n = _decimal(post_id)
    # Pre-snowflake tweet IDs were sequential and small; they encode no time.
    if n is None or n < 1 << 32:
        return None
    return _from_ms((n >> 22) + TWITTER_EPOCH_MS)


def mastodon_time(post_id: str) -> datetime | None:
    """Mastodon: ms = id >> 16; true only on the post's origin server."""
    n = _decimal(post_id)
    return None if n is None or n < 1 << 40 else _from_ms(n >> 16)


def linkedin_time(post_id: str) -> datetime | None:
    """LinkedIn activity, share and ugcPost URNs (19 digits): ms = id >> 22."""
    n = _decimal(post_id)
    return None if n is None or len(post_id) < 18 else _from_ms(n >> 22)


def tiktok_time(post_id: str) -> datetime | None:
    """TikTok video and photo IDs: seconds = id >> 32."""
    n = _decimal(post_id)
    return None if n is None or n < 1 << 60 else datetime.fromtimestamp(n >> 32, tz=UTC)


def instagram_media_id(shortcode: str) -> int | None:
    """The media ID an Instagram shortcode spells in base64url (the first 11 characters)."""
    code = shortcode[:11]
    if not code or any(c not in _B64URL for c in code):
        return None
    n = 0
    for c in code:
        n = n * 64 + _B64URL.index(c)
    return n


def instagram_time(shortcode: str) -> datetime | None:
    """Instagram: ms = (media_id >> 23) + 1314220021721."""
    media_id = instagram_media_id(shortcode)
    return None if media_id is None else _from_ms((media_id >> 23) + INSTAGRAM_EPOCH_MS)


def bluesky_tid_time(rkey: str) -> datetime | None:
    """A Bluesky record key that is a TID: 13 base32-sortable characters, 53 bits of microseconds."""
    if len(rkey) != 13 or any(c not in _TID for c in rkey):
        return None
    n = 0
    for c in rkey:
        n = n * 32 + _TID.index(c)
    if n >> 63:  # the top bit of a TID is always 0
        return None
    micros = n >> 10
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


_DECODERS = {
    Platform.TWITTER: twitter_time,
    Platform.MASTODON: mastodon_time,
    Platform.LINKEDIN: linkedin_time,
    Platform.TIKTOK: tiktok_time,
    Platform.INSTAGRAM: instagram_time,
    Platform.BLUESKY: bluesky_tid_time,
}


def id_time(platform: Platform, post_id: str | None, *, now: datetime | None = None) -> datetime | None:
    """The creation time a post ID encodes; None when the platform's IDs carry none or it is implausible."""
    decoder = _DECODERS.get(platform)
    if decoder is None or not post_id:
        return None
    try:
        when = decoder(post_id)
    except (ValueError, OverflowError, OSError):
        return None
    latest = (now or datetime.now(UTC)) + timedelta(days=2)
    if when is None or not _EARLIEST <= when <= latest:
        return None
    return when
