"""Mastodon and servers of its kind: the status API on the post's own server."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from verify.embeds.base import Gate, Resolution, State, ask, json_body, malformed
from verify.embeds.endpoints import Endpoints
from verify.embeds.markup import node_text, soup
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import mastodon_parts

_ORIGIN_ID = re.compile(r"/(?:users/[^/]+/statuses|@[^/]+|notice|objects)/(\d+)$")


def content_text(content: str) -> str:
    """A status's HTML content as plain text (links as their full URL, paragraphs kept)."""
    if not content:
        return ""
    doc = soup(content)
    body = doc.body or doc
    return node_text(body)


def from_status(data: dict[str, Any], server: str) -> OriginalPost:
    account = data.get("account") or {}
    acct = str(account.get("acct") or "")
    if acct and "@" not in acct:
        acct = f"{acct}@{server}"
    uri = str(data.get("uri") or "")
    origin_id = None
    if uri and urlsplit(uri).hostname != server:
        m = _ORIGIN_ID.search(urlsplit(uri).path)
        origin_id = m.group(1) if m else None
    return OriginalPost(
        via="mastodon-api",
        author=f"@{acct}" if acct else None,
        author_name=account.get("display_name") or None,
        date=data.get("created_at"),
        text=content_text(str(data.get("content") or "")),
        url=data.get("url") or uri or None,
        # The ID on the origin server is the one whose bits hold the creation time.
        post_id=origin_id or str(data.get("id") or "") or None,
        edited=bool(data.get("edited_at")),
    )


class MastodonResolver:
    platforms: tuple[Platform, ...] = (Platform.MASTODON,)

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        del endpoints  # every post is read from its own server
        server, status_id = mastodon_parts(embed.url)
        status_id = status_id or embed.post_id
        if not server or not status_id:
            return Resolution(State.UNAVAILABLE, reason="no server or status ID in the permalink")
        response = ask(
            gate,
            f"https://{server}/api/v1/statuses/{status_id}",
            server,
            headers={"Accept": "application/json"},
        )
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        if response.status in (404, 410):
            return Resolution(State.GONE, reason="not found on its server (deleted, or private)")
        if response.status in (401, 403):
            return Resolution(State.UNAVAILABLE, reason="sign-in required")
        if response.status != 200 or not isinstance(data, dict) or "content" not in data:
            return malformed(server, response.status)
        post = from_status(data, server)
        notes: tuple[str, ...] = ()
        if data.get("edited_at"):
            notes = (f"edited {data['edited_at']}",)
        if data.get("visibility") not in (None, "public", "unlisted"):
            notes += (f"visibility: {data.get('visibility')}",)
        return Resolution(State.FOUND, post, notes=notes)
