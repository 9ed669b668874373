"""Recognising social-platform permalinks and reading their parts (canonical form, post ID, handle, server).

Pure: the extract stage uses it to turn embed markup into canonical permalinks, the embeds stage to read a
post's ID, handle or server back out of them. Tweets are written `https://twitter.com/<handle>/status/<id>`
(or `https://twitter.com/i/web/status/<id>` when the handle is unknown): twitter.com is the host the Wayback
Machine holds most captures under.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from verify.models import Embed, Platform

TWITTER_HOSTS = frozenset(
    {
        "twitter.com",
        "www.twitter.com",
        "mobile.twitter.com",
        "m.twitter.com",
        "x.com",
        "www.x.com",
        "mobile.x.com",
        "fxtwitter.com",
        "vxtwitter.com",
        "fixupx.com",
        "fixvx.com",
        "twittpr.com",
        "nitter.net",
    }
)
_TWEET_PATH = re.compile(
    r"^/(?:#!/)?(?:([A-Za-z0-9_]{1,20})/)?(?:status|statuses)/(\d{1,20})(?:[/?#]|$)", re.I
)
_TWEET_IWEB = re.compile(r"^/i/(?:web/)?status(?:es)?/(\d{1,20})", re.I)
_RESERVED_TWITTER_PATHS = frozenset({"i", "intent", "share", "home", "search", "hashtag", "settings"})
_BSKY = re.compile(
    r"^(?:at:/|https?://(?:bsky\.app|embed\.bsky\.app/embed))/(?:profile/)?(?P<actor>[^/?#\s]+)"
    r"/(?:post|app\.bsky\.feed\.post)/(?P<rkey>[A-Za-z0-9._~:-]+)"
)
_MASTODON = re.compile(
    r"^/(?:@(?P<user>[\w.]+)(?:@(?P<remote>[\w.-]+))?|users/(?P<owner>[\w.-]+)/statuses|web/statuses)"
    r"/(?P<id>\d+)(?:/embed)?/?$"
)
_INSTAGRAM = re.compile(r"^https?://(?:www\.)?instagram\.com/(?:[\w.]+/)?(p|reel|reels|tv)/([\w-]+)")
_TIKTOK = re.compile(
    r"^https?://(?:www\.|m\.)?tiktok\.com/(?:@([\w.-]+)/(?:video|photo)/(\d+)|embed(?:/v2)?/(\d+)|player/v1/(\d+))"
)
_YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/(?P<id>[A-Za-z0-9_-]{11})")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_THREADS = re.compile(r"^https?://(?:www\.)?threads\.(?:net|com)/(?:@([\w.]+)/post|t)/([\w-]+)")
_REDDIT = re.compile(
    r"^https?://(?:(?:www|old|np|m|new|embed)\.)?reddit\.com/(?:r/(\w+)/|user/[\w-]+/)?comments/([a-z0-9]+)"
    r"(?:/([^/?#]*))?"
)
_TELEGRAM = re.compile(r"^https?://(?:t\.me|telegram\.me)/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,63})/(\d+)")
_LINKEDIN_HOST = re.compile(r"^https?://(?:www\.)?linkedin\.com/")
_LINKEDIN = re.compile(r"(activity|share|ugcPost)[-:](\d{18,20})")
_FACEBOOK_HOST = re.compile(r"^https?://(?:www\.|m\.|web\.)?facebook\.com/")
_FACEBOOK_POST = re.compile(r"/(?:posts|videos|reel|permalink|p)/([\w.-]+)")
_FACEBOOK_QUERY_ID = re.compile(r"(?:story_fbid|fbid|v)=([\w.-]+)")


def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def _tweet_path(parts: SplitResult) -> tuple[str | None, str] | None:
    path = parts.path
    if parts.fragment.startswith("!/"):  # 2010-era twitter.com/#!/handle/status/id
        path = "/#" + parts.fragment
    m = _TWEET_IWEB.match(path)
    if m:
        return None, m.group(1)
    m = _TWEET_PATH.match(path)
    if not m:
        return None
    handle, tweet_id = m.group(1), m.group(2)
    if handle is None or handle.lower() in _RESERVED_TWITTER_PATHS:
        return None, tweet_id
    return handle, tweet_id


def tweet_permalink(url: str) -> tuple[str, str | None, str] | None:
    """(canonical permalink, handle or None, tweet id) for a tweet URL in any known form, else None."""
    parts = _split(url)
    if parts is None or (parts.hostname or "").lower() not in TWITTER_HOSTS:
        return None
    found = _tweet_path(parts)
    if found is None:
        return None
    handle, tweet_id = found
    if handle is None:
        return f"https://twitter.com/i/web/status/{tweet_id}", None, tweet_id
    return f"https://twitter.com/{handle}/status/{tweet_id}", handle, tweet_id


def tweet_parts(url: str) -> tuple[str | None, str | None]:
    """(handle without "@", status ID) of an X/Twitter permalink, on whichever host it is written."""
    parts = _split(url)
    found = _tweet_path(parts) if parts is not None else None
    return found if found is not None else (None, None)


def bluesky_parts(url: str) -> tuple[str | None, str | None]:
    """(handle or DID, record key) of a bsky.app permalink, an at:// URI or an embed.bsky.app iframe URL."""
    m = _BSKY.match(url.strip())
    return (m.group("actor"), m.group("rkey")) if m else (None, None)


def bluesky_permalink(url: str) -> tuple[str, str] | None:
    """(canonical bsky.app permalink, record key) of any Bluesky post link, else None."""
    actor, rkey = bluesky_parts(url)
    if actor is None or rkey is None:
        return None
    return f"https://bsky.app/profile/{actor}/post/{rkey}", rkey


def mastodon_parts(url: str) -> tuple[str | None, str | None]:
    """(server host, status ID on that server) of a Mastodon-style permalink or embed URL."""
    parts = _split(url)
    if parts is None:
        return None, None
    m = _MASTODON.match(unquote(parts.path))
    return (parts.hostname, m.group("id")) if m and parts.hostname else (parts.hostname, None)


def mastodon_permalink(url: str) -> tuple[str, str, str] | None:
    """(canonical permalink, `@user@server` handle, status ID) of a `/@user/<id>` Mastodon link, else None."""
    parts = _split(url)
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    m = _MASTODON.match(parts.path)
    if not m or not m.group("user"):
        return None
    user, remote, status = m.group("user"), m.group("remote"), m.group("id")
    url = f"{parts.scheme}://{parts.netloc}/@{user}{'@' + remote if remote else ''}/{status}"
    return url, f"@{user}@{remote or parts.hostname or ''}", status


def instagram_permalink(url: str) -> tuple[str, str] | None:
    """(canonical permalink, shortcode) of an Instagram post, reel or IGTV link, else None."""
    m = _INSTAGRAM.match(url.strip())
    if not m:
        return None
    kind = "reel" if m.group(1) == "reels" else m.group(1)
    return f"https://www.instagram.com/{kind}/{m.group(2)}/", m.group(2)


def tiktok_parts(url: str) -> tuple[str | None, str] | None:
    """(user without "@" or None, video ID) of a TikTok video, embed or player link, else None."""
    m = _TIKTOK.match(url.strip())
    if not m:
        return None
    return m.group(1), m.group(2) or m.group(3) or m.group(4)


def youtube_id(url: str) -> str | None:
    """The video ID of a YouTube (or youtube-nocookie, youtu.be) watch, embed, shorts or live link."""
    parts = _split(url)
    if parts is None:
        return None
    host = (parts.hostname or "").lower()
    if host.endswith("youtu.be"):
        candidate = parts.path.strip("/").split("/")[0]
        return candidate if _YOUTUBE_ID.fullmatch(candidate) else None
    if not host.endswith(("youtube.com", "youtube-nocookie.com")):
        return None
    v = parse_qs(parts.query).get("v")
    if v and _YOUTUBE_ID.fullmatch(v[0]):
        return v[0]
    m = _YOUTUBE_PATH.search(parts.path)
    return m.group("id") if m else None


def threads_parts(url: str) -> tuple[str | None, str] | None:
    """(user without "@" or None, post code) of a Threads permalink, else None."""
    m = _THREADS.match(url.strip())
    return (m.group(1), m.group(2)) if m else None


def threads_permalink(user: str | None, code: str) -> str:
    """The canonical threads.com permalink of a post."""
    return f"https://www.threads.com/@{user}/post/{code}" if user else f"https://www.threads.com/t/{code}"


def reddit_parts(url: str) -> tuple[str | None, str, str] | None:
    """(subreddit or None, post ID, slug or "") of a Reddit comments link, else None."""
    m = _REDDIT.match(url.strip())
    return (m.group(1), m.group(2), m.group(3) or "") if m else None


def reddit_permalink(url: str) -> tuple[str, str] | None:
    """(canonical permalink, post ID) of a Reddit post in a subreddit, else None."""
    found = reddit_parts(url)
    if found is None or found[0] is None:
        return None
    sub, pid, slug = found
    return f"https://www.reddit.com/r/{sub}/comments/{pid}/{slug + '/' if slug else ''}", pid


def telegram_parts(url: str) -> tuple[str | None, str | None]:
    """(channel, message ID) of a t.me permalink; private t.me/c/… links give (None, None)."""
    m = _TELEGRAM.match(url.strip())
    return (m.group(1), m.group(2)) if m else (None, None)


def linkedin_parts(url: str) -> tuple[str, str] | None:
    """(`urn:li:<kind>:<id>`, ID) of a LinkedIn post link (feed update, embed or /posts/…-activity-…)."""
    if not _LINKEDIN_HOST.match(url.strip()):
        return None
    m = _LINKEDIN.search(unquote(url))
    return (f"urn:li:{m.group(1)}:{m.group(2)}", m.group(2)) if m else None


def facebook_parts(url: str) -> tuple[str, str | None] | None:
    """(permalink on www.facebook.com, post ID or None) of a normalised facebook.com URL, else None."""
    if not _FACEBOOK_HOST.match(url):
        return None
    url = re.sub(r"^https?://(?:m\.|web\.)?facebook\.com/", "https://www.facebook.com/", url)
    m = _FACEBOOK_POST.search(url) or _FACEBOOK_QUERY_ID.search(url)
    return url, (m.group(1) if m else None)


def _post_id_of(read: Callable[[str], tuple[str | None, ...] | None]) -> Callable[[str], str | None]:
    def post_id(url: str) -> str | None:
        found = read(url)
        return found[1] if found else None

    return post_id


_POST_ID: dict[Platform, Callable[[str], str | None]] = {
    Platform.TWITTER: _post_id_of(tweet_parts),
    Platform.BLUESKY: _post_id_of(bluesky_parts),
    Platform.MASTODON: _post_id_of(mastodon_parts),
    Platform.YOUTUBE: youtube_id,
    Platform.TELEGRAM: _post_id_of(telegram_parts),
    Platform.TIKTOK: _post_id_of(tiktok_parts),
    Platform.INSTAGRAM: _post_id_of(instagram_permalink),
    Platform.THREADS: _post_id_of(threads_parts),
    Platform.LINKEDIN: _post_id_of(linkedin_parts),
    Platform.REDDIT: _post_id_of(reddit_parts),
}


def post_id(embed: Embed) -> str | None:
    """The embed's post ID as given, else read from its permalink."""
    if embed.post_id:
        return embed.post_id
    read = _POST_ID.get(embed.platform)
    return read(embed.url) if read else None


def bare_handle(handle: str | None) -> str | None:
    """A handle without its leading "@" or "u/", lower-cased for comparison."""
    if not handle:
        return None
    h = handle.strip().lstrip("@")
    if h.lower().startswith(("u/", "/u/")):
        h = h.split("u/", 1)[1]
    return h.lower() or None
