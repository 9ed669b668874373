"""Reading post IDs, handles and servers out of permalinks (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from verify.models import Embed, Platform

_TWEET = re.compile(r"/(?:#!/)?(?:(?P<handle>\w{1,50})/status(?:es)?|i/web/status|statuses)/(?P<id>\d+)")
_BSKY = re.compile(r"/profile/(?P<actor>[^/]+)/post/(?P<rkey>[A-Za-z0-9._~:-]+)")
_AT_URI = re.compile(r"at://(?P<actor>[^/]+)/app\.bsky\.feed\.post/(?P<rkey>[A-Za-z0-9._~:-]+)")
_MASTODON = re.compile(
    r"/(?:@(?P<acct>[\w.-]+(?:@[\w.-]+)?)|users/(?P<user>[\w.-]+)/statuses|web/statuses)/(?P<id>\d+)"
)
_TIKTOK = re.compile(r"/(?:@[\w.-]+/(?:video|photo)|embed(?:/v2)?)/(?P<id>\d+)")
_YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/(?P<id>[A-Za-z0-9_-]{11})")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_INSTAGRAM = re.compile(r"/(?:p|reel|reels|tv)/(?P<code>[A-Za-z0-9_-]+)")
_LINKEDIN = re.compile(r"(?:activity|share|ugcPost)[-:](?P<id>\d{18,20})")
_TELEGRAM = re.compile(r"^/(?:s/)?(?P<channel>[A-Za-z0-9_]{4,64})/(?P<id>\d+)")
_REDDIT = re.compile(r"/comments/(?P<id>[a-z0-9]+)")
_THREADS = re.compile(r"/(?:@[\w.]+/post|t)/(?P<code>[A-Za-z0-9_-]+)")


def _path(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path
    if parts.fragment.startswith("!/"):  # 2010-era twitter.com/#!/handle/status/id
        path = "/#" + parts.fragment
    return unquote(path)


def tweet_parts(url: str) -> tuple[str | None, str | None]:
    """(handle without "@", status ID) of an X/Twitter permalink."""
    m = _TWEET.search(_path(url))
    if not m:
        return None, None
    handle = m.group("handle")
    return (None if handle in (None, "i") else handle), m.group("id")


def bluesky_parts(url: str) -> tuple[str | None, str | None]:
    """(handle or DID, record key) of a bsky.app permalink, an at:// URI or an embed.bsky.app iframe URL."""
    m = _AT_URI.search(url) or _BSKY.search(_path(url))
    if m:
        return m.group("actor"), m.group("rkey")
    m = re.search(r"/embed/(?P<actor>did:[^/]+)/app\.bsky\.feed\.post/(?P<rkey>[^/?#]+)", url)
    return (m.group("actor"), m.group("rkey")) if m else (None, None)


def mastodon_parts(url: str) -> tuple[str | None, str | None]:
    """(server host, status ID on that server) of a Mastodon-style permalink or embed URL."""
    parts = urlsplit(url)
    m = _MASTODON.search(parts.path)
    return (parts.hostname, m.group("id")) if m and parts.hostname else (parts.hostname, None)


def youtube_id(url: str) -> str | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.endswith("youtu.be"):
        candidate = parts.path.strip("/").split("/")[0]
        return candidate if _YOUTUBE_ID.fullmatch(candidate) else None
    v = parse_qs(parts.query).get("v")
    if v and _YOUTUBE_ID.fullmatch(v[0]):
        return v[0]
    m = _YOUTUBE_PATH.search(parts.path)
    return m.group("id") if m else None


def telegram_parts(url: str) -> tuple[str | None, str | None]:
    """(channel, message ID) of a t.me permalink; private t.me/c/… links give (None, None)."""
    m = _TELEGRAM.match(urlsplit(url).path)
    if not m or m.group("channel") == "c":
        return None, None
    return m.group("channel"), m.group("id")


def post_id(embed: Embed) -> str | None:
    """The embed's post ID as given, else read from its permalink."""
    if embed.post_id:
        return embed.post_id
    url = embed.url
    path = _path(url)
    match embed.platform:
        case Platform.TWITTER:
            return tweet_parts(url)[1]
        case Platform.BLUESKY:
            return bluesky_parts(url)[1]
        case Platform.MASTODON:
            return mastodon_parts(url)[1]
        case Platform.YOUTUBE:
            return youtube_id(url)
        case Platform.TELEGRAM:
            return telegram_parts(url)[1]
        case Platform.TIKTOK:
            m = _TIKTOK.search(path)
        case Platform.INSTAGRAM:
            m = _INSTAGRAM.search(path)
            return m.group("code") if m else None
        case Platform.THREADS:
            m = _THREADS.search(path)
            return m.group("code") if m else None
        case Platform.LINKEDIN:
            m = _LINKEDIN.search(unquote(url))
        case Platform.REDDIT:
            m = _REDDIT.search(path)
        case _:
            return None
    return m.group("id") if m else None


def bare_handle(handle: str | None) -> str | None:
    """A handle without its leading "@" or "u/", lower-cased for comparison."""
    if not handle:
        return None
    h = handle.strip().lstrip("@")
    if h.lower().startswith(("u/", "/u/")):
        h = h.split("u/", 1)[1]
    return h.lower() or None
