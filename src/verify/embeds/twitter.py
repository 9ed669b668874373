"""X/Twitter: the syndication endpoint (token computed from the ID), oEmbed as the fallback."""

from __future__ import annotations

import html
import math
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from verify.embeds.base import Gate, Resolution, State, ask, json_body, malformed
from verify.embeds.endpoints import Endpoints
from verify.embeds.jsnumber import to_string
from verify.embeds.markup import english_date, node_text, soup
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import post_id, tweet_parts


def syndication_token(tweet_id: str) -> str:
    """The `token` the syndication endpoint expects, exactly as vercel/react-tweet computes it.

    JavaScript: ((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\\.)/g, "").
    """
    value = (float(tweet_id) / 1e15) * math.pi
    return re.sub(r"(0+|\.)", "", to_string(value, 36))


def permalink(handle: str | None, tweet_id: str, host: str = "twitter.com") -> str:
    return f"https://{host}/{handle or 'i'}/status/{tweet_id}"


def from_syndication(data: dict[str, Any], tweet_id: str) -> OriginalPost:
    """An OriginalPost from a syndication `tweet-result` object of __typename Tweet."""
    user = data.get("user") or {}
    screen_name = user.get("screen_name")
    edit_ids = (data.get("edit_control") or {}).get("edit_tweet_ids") or []
    text = data.get("full_text") or data.get("text") or ""
    return OriginalPost(
        via="syndication",
        author=f"@{screen_name}" if screen_name else None,
        author_name=user.get("name"),
        date=data.get("created_at"),
        text=html.unescape(text),
        url=permalink(screen_name, str(data.get("id_str") or tweet_id), "x.com"),
        post_id=str(data.get("id_str") or tweet_id),
        edited=len(edit_ids) > 1,
    )


def from_oembed(data: dict[str, Any], tweet_id: str) -> OriginalPost:
    """An OriginalPost from publish.twitter.com oEmbed JSON (author from author_url; text, date from html)."""
    author_url = str(data.get("author_url") or "")
    handle = urlsplit(author_url).path.strip("/").split("/")[0] or None
    text = date = None
    markup = data.get("html")
    if isinstance(markup, str) and markup:
        doc = soup(markup)
        para = doc.find("p")
        if para is not None:
            text = node_text(para)
        links = doc.find_all("a")
        if links:
            date = english_date(links[-1].get_text(" "))
    return OriginalPost(
        via="oembed",
        author=f"@{handle}" if handle else None,
        author_name=data.get("author_name"),
        date=date,
        text=text,
        url=permalink(handle, tweet_id, "x.com"),
        post_id=tweet_id,
    )


def _unwrap(data: dict[str, Any]) -> dict[str, Any]:
    # Some answers wrap the tweet: {"__typename": "TweetWithVisibilityResults", "tweet": {...}}.
    inner = data.get("tweet")
    return inner if isinstance(inner, dict) and data.get("__typename") != "Tweet" else data


def _tombstone_text(data: dict[str, Any]) -> str:
    tomb = data.get("tombstone") or {}
    text = (tomb.get("text") or {}).get("text") if isinstance(tomb, dict) else None
    return str(text) if text else "the platform shows a tombstone instead of the post"


def combine(synd: Resolution, oembed: Resolution) -> Resolution:
    """What syndication and oEmbed say together once syndication has not shown the post.

    A post is deleted only when both say so: syndication answers 404 for existing posts to requests from
    some networks, and for a protected account's posts too (oEmbed's 403 tells those apart).
    """
    if oembed.state is State.FOUND:
        notes = (f"syndication: {synd.reason}",) if synd.reason else ()
        return Resolution(State.FOUND, oembed.post, notes=notes + oembed.notes)
    if oembed.state is State.HIDDEN and synd.state is not State.UNAVAILABLE:
        return oembed
    if synd.state is State.GONE and oembed.state is State.GONE:
        return Resolution(State.GONE, reason="deleted (syndication and oEmbed answer 404)")
    if synd.state is State.HIDDEN:
        # A tombstone is also shown for some live posts; oEmbed's 404 makes it a deletion.
        return oembed if oembed.state is State.GONE else synd
    if synd.state is State.GONE:
        why = f"syndication answers 404 but oEmbed could not confirm a deletion ({oembed.reason})"
        return Resolution(State.UNAVAILABLE, reason=why)
    if oembed.state in (State.GONE, State.HIDDEN):
        why = f"{oembed.reason} but syndication could not confirm it ({synd.reason})"
        return Resolution(State.UNAVAILABLE, reason=why)
    return oembed if oembed.state is not State.UNAVAILABLE else synd


class TwitterResolver:
    platforms: tuple[Platform, ...] = (Platform.TWITTER,)

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        tweet_id = post_id(embed)
        if not tweet_id or not tweet_id.isdigit():
            return Resolution(State.UNAVAILABLE, reason="no post ID in the permalink")
        handle = tweet_parts(embed.url)[0] or (embed.author_handle or "").lstrip("@") or None
        synd = self._syndication(tweet_id, gate, endpoints)
        if synd.state is State.FOUND:
            return synd
        oembed = self._oembed(tweet_id, handle, gate, endpoints)
        return combine(synd, oembed)

    def _syndication(self, tweet_id: str, gate: Gate, endpoints: Endpoints) -> Resolution:
        query = urlencode({"id": tweet_id, "lang": "en", "token": syndication_token(tweet_id)})
        response = ask(gate, f"{endpoints.syndication}/tweet-result?{query}", "the syndication endpoint")
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        if response.status == 404:
            return Resolution(State.GONE, reason="deleted (the platform answers 404)")
        if response.status in (401, 403):
            message = data.get("error") if isinstance(data, dict) else None
            return Resolution(State.HIDDEN, reason=f"protected or restricted ({message or response.status})")
        if response.status != 200 or not isinstance(data, dict):
            return malformed("the syndication endpoint", response.status)
        data = _unwrap(data)
        typename = data.get("__typename")
        if typename == "TweetTombstone":
            return Resolution(State.HIDDEN, reason=f"tombstone: {_tombstone_text(data)}")
        if not data or not isinstance(data.get("text") or data.get("full_text"), str):
            return malformed("the syndication endpoint", response.status)
        post = from_syndication(data, tweet_id)
        notes: list[str] = []
        edit_ids = [str(i) for i in (data.get("edit_control") or {}).get("edit_tweet_ids") or []]
        if len(edit_ids) > 1 and edit_ids[-1] != tweet_id:
            notes.append(f"edited later: the latest version is post {edit_ids[-1]}")
        elif len(edit_ids) > 1:
            notes.append(f"this is an edited version of post {edit_ids[0]}")
        return Resolution(State.FOUND, post, notes=tuple(notes))

    def _oembed(self, tweet_id: str, handle: str | None, gate: Gate, endpoints: Endpoints) -> Resolution:
        query = urlencode({"url": permalink(handle, tweet_id), "omit_script": "1", "dnt": "true"})
        response = ask(gate, f"{endpoints.twitter_oembed}?{query}", "Twitter oEmbed")
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        if response.status in (404, 410):
            return Resolution(State.GONE, reason="deleted (oEmbed answers 404)")
        if response.status in (401, 403):
            message = data.get("error") if isinstance(data, dict) else None
            return Resolution(State.HIDDEN, reason=f"protected account ({message or response.status})")
        if response.status != 200 or not isinstance(data, dict) or not data.get("html"):
            return malformed("Twitter oEmbed", response.status)
        return Resolution(State.FOUND, from_oembed(data, tweet_id))
