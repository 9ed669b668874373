"""URL normalisation for sources: tracking parameters removed, tweets in their canonical form.

Tweets are written as `verify.permalinks.tweet_permalink` gives them whatever form the article used (x.com,
mobile.twitter.com, fxtwitter, `#!`, `/statuses/`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

from verify.permalinks import TWITTER_HOSTS, tweet_permalink

_TRACKING = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "igsh",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "vero_conv",
        "srsltid",
        "cmpid",
        "ocid",
        "ncid",
        "sr_share",
        "wt.mc_id",
        "wt_mc_id",
        "rb_clickid",
        "s_cid",
        "spm",
        "share_id",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "ga_", "__cft__", "__tn__")
# Parameters that only track on particular hosts (on other sites they can be content: `?s=` searches).
_HOST_TRACKING: dict[str, frozenset[str]] = {
    "twitter.com": frozenset({"ref_src", "ref_url", "s", "t", "src", "lang", "cxt", "conversation"}),
    "youtube.com": frozenset({"si", "feature", "ab_channel", "pp"}),
    "youtu.be": frozenset({"si", "feature"}),
    "instagram.com": frozenset({"img_index", "hl", "ig_rid"}),
    "facebook.com": frozenset({"mibextid", "ref", "rdid", "sfnsn", "paipv", "eav"}),
    "tiktok.com": frozenset({"refer", "is_from_webapp", "sender_device", "is_copy_url", "lang", "q", "t"}),
    "bsky.app": frozenset({"ref_src"}),
    "threads.net": frozenset({"xmt", "slof", "hl"}),
    "threads.com": frozenset({"xmt", "slof", "hl"}),
    "reddit.com": frozenset({"share_id", "rdt", "context", "ref", "ref_source", "embed_host_url"}),
    "linkedin.com": frozenset({"trk", "trackingid", "lipi", "rcm"}),
    "t.me": frozenset({"single"}),
}


def host_key(host: str) -> str:
    """The registrable part used for per-host rules (`m.youtube.com` → `youtube.com`)."""
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m.", "mobile.", "old.", "new.", "np.", "web.", "business.", "l."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return "twitter.com" if host == "x.com" else host


def normalize_url(url: str, base: str | None = None) -> str | None:
    """The URL as a source is known by, or None for what is not a web source (mailto:, javascript:, #frag)."""
    url = url.strip().replace("\n", "").replace("\t", "")
    if not url or url.startswith("#"):
        return None
    if url.startswith("//"):
        url = "https:" + url
    if base and not re.match(r"(?i)[a-z][a-z0-9+.-]*:", url):
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    if not re.match(r"(?i)https?://", url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    try:
        port = parts.port
    except ValueError:
        # A mistyped port (99999, 80a) is still a cited source: kept as written, reported malformed.
        return urlunsplit(parts._replace(scheme=parts.scheme.lower(), fragment="")) if host else None
    if not host:
        return None
    tweet = tweet_permalink(url)
    if tweet:
        return tweet[0]
    scheme = parts.scheme.lower()
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{netloc}:{port}"
    if host in TWITTER_HOSTS and host != "twitter.com":
        netloc = "twitter.com"
    query = _clean_query(parts.query, host_key(host))
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=~-._") or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def _clean_query(query: str, host: str) -> str:
    if not query:
        return ""
    extra = _HOST_TRACKING.get(host, frozenset())
    kept = [
        (k, v)
        for k, v in parse_qsl(query, keep_blank_values=True)
        if k.lower() not in _TRACKING
        and k.lower() not in extra
        and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlencode(kept, doseq=True, quote_via=quote, safe="/:@!$'()*+,;~-._")
