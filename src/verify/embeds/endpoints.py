"""Where original posts are read from: base URLs (and Meta's token), overridable by the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

# Environment variable -> Endpoints field; every base URL can be pointed elsewhere (a mirror, a test server).
_ENV = {
    "VERIFY_SYNDICATION_URL": "syndication",
    "VERIFY_TWITTER_OEMBED_URL": "twitter_oembed",
    "VERIFY_BLUESKY_URL": "bluesky",
    "VERIFY_YOUTUBE_OEMBED_URL": "youtube_oembed",
    "VERIFY_TIKTOK_OEMBED_URL": "tiktok_oembed",
    "VERIFY_REDDIT_OEMBED_URL": "reddit_oembed",
    "VERIFY_TELEGRAM_URL": "telegram",
    "VERIFY_GRAPH_URL": "graph",
    "VERIFY_THREADS_GRAPH_URL": "threads_graph",
}
_TOKEN_VARS = ("META_ACCESS_TOKEN", "FB_ACCESS_TOKEN", "FACEBOOK_ACCESS_TOKEN", "INSTAGRAM_ACCESS_TOKEN")
_THREADS_TOKEN_VARS = ("THREADS_ACCESS_TOKEN",)


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Base URLs of the services that answer for original posts (no trailing slash)."""

    syndication: str = "https://cdn.syndication.twimg.com"
    twitter_oembed: str = "https://publish.twitter.com/oembed"
    bluesky: str = "https://public.api.bsky.app/xrpc"
    youtube_oembed: str = "https://www.youtube.com/oembed"
    tiktok_oembed: str = "https://www.tiktok.com/oembed"
    reddit_oembed: str = "https://www.reddit.com/oembed"
    telegram: str = "https://t.me"
    graph: str = "https://graph.facebook.com/v21.0"
    threads_graph: str = "https://graph.threads.net/v1.0"
    # Tokens stay out of repr so that they never reach a log or a report.
    meta_token: str | None = field(default=None, repr=False)
    threads_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        """Defaults, with VERIFY_*_URL variables and Meta access tokens taken from the environment."""
        env = os.environ if environ is None else environ
        values: dict[str, str | None] = {}
        names = {f.name for f in fields(cls)}
        for var, name in _ENV.items():
            if env.get(var) and name in names:
                values[name] = env[var].rstrip("/")
        values["meta_token"] = next((env[v] for v in _TOKEN_VARS if env.get(v)), None)
        values["threads_token"] = next((env[v] for v in _THREADS_TOKEN_VARS if env.get(v)), None)
        return cls(**values)  # type: ignore[arg-type]
