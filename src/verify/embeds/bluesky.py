"""Bluesky: the handle resolved to a DID, then the post read with getPostThread from the public AppView."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from verify.embeds.base import Gate, Resolution, State, ask, json_body, malformed
from verify.embeds.endpoints import Endpoints
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import bluesky_parts


def from_thread_post(post: dict[str, Any]) -> OriginalPost:
    author = post.get("author") or {}
    record = post.get("record") or {}
    handle = author.get("handle")
    uri = str(post.get("uri") or "")
    rkey = uri.rsplit("/", 1)[-1] if uri else None
    did = author.get("did")
    return OriginalPost(
        via="appview",
        author=f"@{handle}" if handle else None,
        author_name=author.get("displayName"),
        date=record.get("createdAt"),
        text=record.get("text"),
        url=f"https://bsky.app/profile/{handle or did}/post/{rkey}" if rkey else None,
        post_id=rkey,
        cid=post.get("cid"),
    )


class BlueskyResolver:
    platforms: tuple[Platform, ...] = (Platform.BLUESKY,)

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        actor, rkey = bluesky_parts(embed.url)
        rkey = embed.post_id or rkey
        actor = actor or (embed.author_handle or "").lstrip("@") or None
        if not actor or not rkey:
            return Resolution(State.UNAVAILABLE, reason="no author or record key in the permalink")
        did = actor
        if not actor.startswith("did:"):
            resolved = self._resolve_handle(actor, gate, endpoints)
            if isinstance(resolved, Resolution):
                return resolved
            did = resolved
        query = urlencode({"uri": f"at://{did}/app.bsky.feed.post/{rkey}", "depth": "0", "parentHeight": "0"})
        response = ask(
            gate, f"{endpoints.bluesky}/app.bsky.feed.getPostThread?{query}", "the Bluesky AppView"
        )
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        error = data.get("error") if isinstance(data, dict) else None
        if response.status == 400 and error == "NotFound":
            return Resolution(State.GONE, reason="deleted (post not found)")
        if response.status != 200 or not isinstance(data, dict):
            return malformed("the Bluesky AppView", response.status)
        thread = data.get("thread") or {}
        kind = str(thread.get("$type", "")) if isinstance(thread, dict) else ""
        if kind.endswith("#notFoundPost"):
            return Resolution(State.GONE, reason="deleted (post not found)")
        if kind.endswith("#blockedPost"):
            return Resolution(State.HIDDEN, reason="blocked: the AppView will not show it")
        post = thread.get("post") if isinstance(thread, dict) else None
        if not isinstance(post, dict) or not isinstance((post.get("record") or {}).get("text"), str):
            return malformed("the Bluesky AppView", response.status)
        labels = {
            str(lab.get("val"))
            for lab in (post.get("author") or {}).get("labels") or []
            if isinstance(lab, dict)
        }
        notes = (
            ("the author asks that the post not be shown off Bluesky",)
            if "!no-unauthenticated" in labels
            else ()
        )
        return Resolution(State.FOUND, from_thread_post(post), notes=notes)

    def _resolve_handle(self, handle: str, gate: Gate, endpoints: Endpoints) -> str | Resolution:
        query = urlencode({"handle": handle})
        response = ask(
            gate, f"{endpoints.bluesky}/com.atproto.identity.resolveHandle?{query}", "the Bluesky AppView"
        )
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        did = data.get("did") if isinstance(data, dict) else None
        if response.status == 200 and isinstance(did, str) and did.startswith("did:"):
            return did
        if response.status == 400:
            return Resolution(
                State.UNAVAILABLE,
                reason=f"the handle @{handle} no longer resolves (renamed or deleted account)",
            )
        return malformed("the Bluesky AppView", response.status)
