"""YouTube, TikTok and Reddit: their oEmbed endpoints (title or caption, and author; none gives a date)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from verify.embeds.base import Gate, Resolution, State, ask, json_body, malformed
from verify.embeds.endpoints import Endpoints
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import post_id, youtube_id

_SERVICE = {
    Platform.YOUTUBE: "YouTube oEmbed",
    Platform.TIKTOK: "TikTok oEmbed",
    Platform.REDDIT: "Reddit oEmbed",
}


def _author(platform: Platform, data: dict[str, Any]) -> str | None:
    if platform is Platform.TIKTOK and data.get("author_unique_id"):
        return f"@{data['author_unique_id']}"
    if platform is Platform.REDDIT and data.get("author_name"):
        return f"u/{data['author_name']}"
    path = urlsplit(str(data.get("author_url") or "")).path.strip("/")
    if path.startswith("@"):  # YouTube's /@handle and TikTok's /@user
        return path.split("/")[0]
    return None


def from_oembed(platform: Platform, data: dict[str, Any], url: str, pid: str | None) -> OriginalPost:
    return OriginalPost(
        via="oembed",
        author=_author(platform, data),
        author_name=data.get("author_name"),
        text=data.get("title"),
        url=url,
        post_id=pid,
    )


class OEmbedResolver:
    platforms: tuple[Platform, ...] = (Platform.YOUTUBE, Platform.TIKTOK, Platform.REDDIT)

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        platform = embed.platform
        service = _SERVICE[platform]
        pid = post_id(embed)
        url = embed.url
        if platform is Platform.YOUTUBE:
            vid = youtube_id(embed.url) or pid
            if not vid:
                return Resolution(State.UNAVAILABLE, reason="no video ID in the URL")
            url, base = f"https://www.youtube.com/watch?v={vid}", endpoints.youtube_oembed
        elif platform is Platform.TIKTOK:
            base = endpoints.tiktok_oembed
        else:
            base = endpoints.reddit_oembed
        response = ask(gate, f"{base}?{urlencode({'url': url, 'format': 'json'})}", service)
        if isinstance(response, Resolution):
            return response
        if urlsplit(response.url).hostname and "consent." in (urlsplit(response.url).hostname or ""):
            return Resolution(State.UNAVAILABLE, reason="a consent page instead of the answer")
        if response.status in (404, 410):
            return Resolution(State.GONE, reason=f"deleted ({service} answers {response.status})")
        if response.status in (401, 403):
            if platform in (Platform.YOUTUBE, Platform.TIKTOK):
                # Not a deletion: the owner can turn embedding off for a video that is still up.
                why = f"embedding disabled by the owner ({service} answers HTTP {response.status})"
                return Resolution(State.UNAVAILABLE, reason=why)
            return Resolution(
                State.UNAVAILABLE, reason=f"{service} refused the request (HTTP {response.status})"
            )
        if response.status == 400 and platform is Platform.TIKTOK:
            return Resolution(State.HIDDEN, reason="TikTok will not show it (deleted, private or restricted)")
        # Private YouTube videos once came back as 200 with the body "Forbidden": trust JSON only.
        data = json_body(response) if "json" in response.content_type or response.body[:1] == b"{" else None
        if (
            response.status == 200
            and data is None
            and response.body.strip().lower() in (b"forbidden", b"private")
        ):
            return Resolution(State.HIDDEN, reason="private, or its owner turned embedding off")
        if (
            response.status != 200
            or not isinstance(data, dict)
            or not (data.get("title") or data.get("html"))
        ):
            return malformed(service, response.status)
        return Resolution(State.FOUND, from_oembed(platform, data, embed.url, pid))
