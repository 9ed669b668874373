"""Social platforms on loopback: X syndication and oEmbed, Bluesky AppView, Mastodon, YouTube/TikTok/Reddit
oEmbed, Telegram embed pages and Meta's Graph oEmbed, in their real response shapes, with faults.

One threaded server answers for every host; the Host header and the path pick the service. Reach it with
`ClientConfig(resolve=world.resolve_entries(), allow_nets=("127.0.0.0/8",))`: URLs keep their real names.
Posts are scripted with `add_tweet(...)`, `add_bluesky_post(...)` and friends; `rate_limit(host)` makes a
host answer 429 and `malformed(host)` makes it answer garbage. Every request is logged in `hits`.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from emulators.base import LoopbackService

SYNDICATION = "cdn.syndication.twimg.com"
TWITTER_OEMBED = "publish.twitter.com"
BLUESKY = "public.api.bsky.app"
YOUTUBE = "www.youtube.com"
TIKTOK = "www.tiktok.com"
REDDIT = "www.reddit.com"
TELEGRAM = "t.me"
GRAPH = "graph.facebook.com"
THREADS_GRAPH = "graph.threads.net"
FIXED_HOSTS = (SYNDICATION, TWITTER_OEMBED, BLUESKY, YOUTUBE, TIKTOK, REDDIT, TELEGRAM, GRAPH, THREADS_GRAPH)


def js_token(tweet_id: str) -> str:
    """The token the real endpoint insists on (verify's implementation is tested against node separately)."""
    from verify.embeds.twitter import syndication_token

    return syndication_token(tweet_id)


@dataclass
class Tweet:
    id: str
    text: str
    screen_name: str
    name: str
    created_at: str  # ISO 8601, e.g. 2024-08-27T16:09:04.000Z
    # ok | deleted | protected | tombstone | tombstone-live | unsyndicated (syndication 404s a live post,
    # as it does for requests from some networks, while oEmbed shows it)
    state: str = "ok"
    edit_ids: list[str] = field(default_factory=list)
    lang: str = "en"


@dataclass
class BlueskyPost:
    did: str
    handle: str
    rkey: str
    text: str
    created_at: str
    cid: str
    display_name: str = ""
    state: str = "ok"  # ok | deleted | blocked | notfound-thread


@dataclass
class Status:
    server: str
    id: str
    acct: str
    content: str  # HTML as Mastodon sends it
    created_at: str
    display_name: str = ""
    edited_at: str | None = None
    state: str = "ok"  # ok | deleted
    uri: str | None = None


@dataclass
class Hit:
    host: str
    path: str


class PlatformWorld(LoopbackService):
    """Every platform endpoint verify's embed checks use, on one loopback port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.tweets: dict[str, Tweet] = {}
        self.bluesky: dict[tuple[str, str], BlueskyPost] = {}
        self.handles: dict[str, str] = {}
        self.statuses: dict[tuple[str, str], Status] = {}
        self.sign_in_required: set[str] = set()  # Mastodon servers answering 401
        self.oembeds: dict[tuple[str, str], tuple[int, str, bytes]] = {}  # (host, url) -> status, ctype, body
        self.telegram: dict[tuple[str, str], str] = {}  # (channel, id) -> page
        self.graph: dict[str, tuple[int, dict[str, Any]]] = {}  # url -> status, JSON
        self.limited: set[str] = set()
        self.broken: set[str] = set()
        self.retry_after = "120"
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ scripting

    def add_tweet(
        self,
        tweet_id: str,
        text: str,
        *,
        screen_name: str,
        name: str = "",
        created_at: str,
        state: str = "ok",
        edit_ids: list[str] | None = None,
    ) -> Tweet:
        tweet = Tweet(
            tweet_id, text, screen_name, name or screen_name, created_at, state, edit_ids or [tweet_id]
        )
        self.tweets[tweet_id] = tweet
        return tweet

    def add_bluesky_post(
        self,
        *,
        handle: str,
        did: str,
        rkey: str,
        text: str,
        created_at: str,
        cid: str,
        display_name: str = "",
        state: str = "ok",
    ) -> BlueskyPost:
        post = BlueskyPost(did, handle, rkey, text, created_at, cid, display_name or handle, state)
        self.bluesky[(did, rkey)] = post
        self.handles[handle] = did
        return post

    def add_mastodon_status(
        self,
        server: str,
        status_id: str,
        *,
        acct: str,
        content: str,
        created_at: str,
        display_name: str = "",
        edited_at: str | None = None,
        state: str = "ok",
        uri: str | None = None,
    ) -> Status:
        status = Status(server, status_id, acct, content, created_at, display_name, edited_at, state, uri)
        self.statuses[(server, status_id)] = status
        return status

    def add_oembed(
        self,
        host: str,
        url: str,
        *,
        title: str = "",
        author_name: str = "",
        author_url: str = "",
        status: int = 200,
        body: str | None = None,
        content_type: str = "application/json",
        extra: dict[str, Any] | None = None,
    ) -> None:
        """A YouTube, TikTok or Reddit oEmbed answer for `url` (status and raw body for the failures)."""
        if body is None:
            data = {
                "title": title,
                "author_name": author_name,
                "author_url": author_url,
                "type": "video" if host != REDDIT else "rich",
                "version": "1.0",
                "provider_name": {YOUTUBE: "YouTube", TIKTOK: "TikTok", REDDIT: "reddit"}.get(host, host),
                "html": f"<blockquote>{html.escape(title)}</blockquote>",
                **(extra or {}),
            }
            body = json.dumps(data)
        self.oembeds[(host, url)] = (status, content_type, body.encode())

    def add_telegram_post(
        self,
        channel: str,
        message_id: str,
        *,
        text: str = "",
        owner: str = "",
        when: str = "",
        state: str = "ok",
    ) -> None:
        """A t.me embed page: state ok, deleted ("Post not found") or private ("Channel is private")."""
        if state == "deleted":
            inner = '<div class="tgme_widget_message_error">Post not found</div>'
        elif state == "private":
            inner = '<div class="tgme_widget_message_error">Channel is private</div>'
        else:
            body = "<br/>".join(html.escape(line) for line in text.split("\n"))
            inner = (
                f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
                f'data-post="{channel}/{message_id}" data-view="x">'
                '<div class="tgme_widget_message_bubble">'
                '<div class="tgme_widget_message_author accent_color">'
                '<a class="tgme_widget_message_owner_name" '
                f'href="https://t.me/{channel}"><span dir="auto">{html.escape(owner)}</span></a></div>'
                f'<div class="tgme_widget_message_text js-message_text" dir="auto">{body}</div>'
                '<div class="tgme_widget_message_footer compact js-message_footer">'
                '<div class="tgme_widget_message_info short js-message_info">'
                '<span class="tgme_widget_message_views">1.4K</span>'
                f'<span class="tgme_widget_message_meta"><a class="tgme_widget_message_date" '
                f'href="https://t.me/{channel}/{message_id}">'
                f'<time datetime="{when}" class="time">12:00</time>'
                "</a></span></div></div></div></div>"
            )
        page = (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram Widget</title></head>'
            '<body class="body_widget_post emoji_image nodark">'
            f'<div class="tgme_widget_message_wrap">{inner}</div>'
            "</body></html>"
        )
        self.telegram[(channel, message_id)] = page

    def add_graph_oembed(
        self, url: str, *, html_body: str = "", error: dict[str, Any] | None = None, status: int = 200
    ) -> None:
        """Meta's Graph oEmbed answer for `url`: its html, or an error (`{"message", "type", "code"}`)."""
        if error is not None:
            self.graph[url] = (status if status != 200 else 400, {"error": {"fbtrace_id": "AbCdEf", **error}})
        else:
            self.graph[url] = (status, {"version": "1.0", "type": "rich", "html": html_body, "width": 540})

    def load(self, data: dict[str, Any]) -> PlatformWorld:
        """Script the world from a fixture's sections (tweets, bluesky, mastodon, oembed, telegram, graph)."""
        for t in data.get("tweets", []):
            self.add_tweet(
                t["id"],
                t["text"],
                screen_name=t["screen_name"],
                name=t.get("name", ""),
                created_at=t["created_at"],
                state=t.get("state", "ok"),
                edit_ids=t.get("edit_ids"),
            )
        for b in data.get("bluesky", []):
            self.add_bluesky_post(**b)
        for m in data.get("mastodon", []):
            fields = dict(m)
            self.add_mastodon_status(fields.pop("server"), fields.pop("id"), **fields)
        for o in data.get("oembed", []):
            fields = dict(o)
            self.add_oembed(fields.pop("host"), fields.pop("url"), **fields)
        for t in data.get("telegram", []):
            fields = dict(t)
            self.add_telegram_post(fields.pop("channel"), fields.pop("id"), **fields)
        for g in data.get("graph", []):
            self.add_graph_oembed(g["url"], html_body=g.get("html", ""), error=g.get("error"))
        return self

    def rate_limit(self, host: str) -> None:
        self.limited.add(host)

    def malformed(self, host: str) -> None:
        self.broken.add(host)

    def count(self, host: str) -> int:
        with self._lock:
            return sum(1 for h in self.hits if h.host == host)

    # ------------------------------------------------------------------ server

    def resolve_entries(self) -> tuple[tuple[str, str], ...]:
        """`ClientConfig.resolve` entries sending every platform host (and each Mastodon server) here."""
        target = f"{self.host}:{self.port}"
        servers = {s for s, _ in self.statuses} | self.sign_in_required
        return tuple((h, target) for h in (*FIXED_HOSTS, *sorted(servers)))

    # ------------------------------------------------------------------ answers

    def answer(self, host: str, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
        with self._lock:
            self.hits.append(Hit(host, path))
        if host in self.limited:
            return 429, "application/json", b'{"errors":[{"code":88,"message":"Rate limit exceeded"}]}'
        if host in self.broken:
            return 200, "application/json", b'{"truncated": '
        q = {k: v[0] for k, v in query.items()}
        if host == SYNDICATION and path == "/tweet-result":
            return self._syndication(q)
        if host == TWITTER_OEMBED and path == "/oembed":
            return self._twitter_oembed(q)
        if host == BLUESKY:
            return self._bluesky(path, q)
        if host in (YOUTUBE, TIKTOK, REDDIT) and path.rstrip("/") == "/oembed":
            status, ctype, body = self.oembeds.get((host, q.get("url", "")), (404, "text/html", b"Not Found"))
            return status, ctype, body
        if host == TELEGRAM:
            m = re.fullmatch(r"/([A-Za-z0-9_]+)/(\d+)", path)
            if m and q.get("embed") == "1":
                page = self.telegram.get((m.group(1), m.group(2)))
                if page is None:
                    self.add_telegram_post(m.group(1), m.group(2), state="deleted")
                    page = self.telegram[(m.group(1), m.group(2))]
                return 200, "text/html; charset=utf-8", page.encode()
        if host in (GRAPH, THREADS_GRAPH) and re.fullmatch(
            r"/v[\d.]+/(oembed_post|oembed_video|instagram_oembed|oembed)", path
        ):
            return self._graph(q)
        m = re.fullmatch(r"/api/v1/statuses/(\d+)", path)
        if m:
            return self._mastodon(host, m.group(1))
        return 404, "text/html", b"<html><body>Not Found</body></html>"

    def _syndication(self, q: dict[str, str]) -> tuple[int, str, bytes]:
        tweet = self.tweets.get(q.get("id", ""))
        if q.get("token") != js_token(q.get("id", "0")):
            return 200, "application/json", b"{}"  # the real endpoint's answer to a wrong token
        if tweet is None or tweet.state == "deleted":
            return 404, "text/html", b""
        if tweet.state in ("tombstone", "tombstone-live"):
            data: dict[str, Any] = {
                "__typename": "TweetTombstone",
                "tombstone": {
                    "text": {"text": "This Post is unavailable. Learn more", "entities": [], "rtl": False}
                },
            }
            return 200, "application/json", json.dumps(data).encode()
        if tweet.state in ("protected", "unsyndicated"):
            return 404, "text/html", b""
        data = {
            "__typename": "Tweet",
            "lang": tweet.lang,
            "favorite_count": 12,
            "created_at": tweet.created_at,
            "display_text_range": [0, len(tweet.text)],
            "entities": {"hashtags": [], "urls": [], "user_mentions": [], "symbols": []},
            "id_str": tweet.id,
            "text": html.escape(tweet.text, quote=False),
            "user": {
                "id_str": "1234567",
                "name": tweet.name,
                "screen_name": tweet.screen_name,
                "is_blue_verified": False,
                "profile_image_shape": "Circle",
            },
            "edit_control": {
                "edit_tweet_ids": tweet.edit_ids,
                "editable_until_msecs": "1724777344000",
                "is_edit_eligible": True,
                "edits_remaining": "5",
            },
            "conversation_count": 3,
            "news_action_type": "conversation",
            "isEdited": len(tweet.edit_ids) > 1,
            "isStaleEdit": tweet.edit_ids[-1] != tweet.id,
        }
        return 200, "application/json", json.dumps(data).encode()

    def _twitter_oembed(self, q: dict[str, str]) -> tuple[int, str, bytes]:
        m = re.search(r"/status/(\d+)", q.get("url", ""))
        tweet = self.tweets.get(m.group(1)) if m else None
        if tweet is None or tweet.state in ("deleted", "tombstone"):
            return (
                404,
                "application/json",
                b'{"errors":[{"code":34,"message":"Sorry, that page does not exist."}]}',
            )
        if tweet.state == "protected":
            return 403, "application/json", b'{"error":"Sorry, you are not authorized to see this status."}'
        day = tweet.created_at[:10]
        months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
        shown = f"{months[int(day[5:7]) - 1]} {int(day[8:10])}, {day[:4]}"
        url = f"https://twitter.com/{tweet.screen_name}/status/{tweet.id}"
        markup = (
            '<blockquote class="twitter-tweet">'
            f'<p lang="{tweet.lang}" dir="ltr">{html.escape(tweet.text)}</p>'
            f"&mdash; {html.escape(tweet.name)} (@{tweet.screen_name}) "
            f'<a href="{url}?ref_src=twsrc%5Etfw">{shown}</a></blockquote>\n'
        )
        data = {
            "url": url,
            "author_name": tweet.name,
            "author_url": f"https://twitter.com/{tweet.screen_name}",
            "html": markup,
            "width": 550,
            "height": None,
            "type": "rich",
            "cache_age": "3153600000",
            "provider_name": "Twitter",
            "provider_url": "https://twitter.com",
            "version": "1.0",
        }
        return 200, "application/json; charset=utf-8", json.dumps(data).encode()

    def _bluesky(self, path: str, q: dict[str, str]) -> tuple[int, str, bytes]:
        if path == "/xrpc/com.atproto.identity.resolveHandle":
            did = self.handles.get(q.get("handle", ""))
            if did is None:
                return (
                    400,
                    "application/json",
                    b'{"error":"InvalidRequest","message":"Unable to resolve handle"}',
                )
            return 200, "application/json", json.dumps({"did": did}).encode()
        if path == "/xrpc/app.bsky.feed.getPostThread":
            uri = q.get("uri", "")
            m = re.fullmatch(r"at://([^/]+)/app\.bsky\.feed\.post/([^/]+)", uri)
            actor = m.group(1) if m else ""
            did = self.handles.get(actor, actor)
            post = self.bluesky.get((did, m.group(2))) if m else None
            if post is None or post.state == "deleted":
                body = {"error": "NotFound", "message": f"Post not found: {uri}"}
                return 400, "application/json", json.dumps(body).encode()
            if post.state == "blocked":
                thread: dict[str, Any] = {
                    "$type": "app.bsky.feed.defs#blockedPost",
                    "uri": uri,
                    "blocked": True,
                    "author": {"did": did, "viewer": {"blockedBy": True}},
                }
            elif post.state == "notfound-thread":
                thread = {"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": True}
            else:
                author = {
                    "did": post.did,
                    "handle": post.handle,
                    "displayName": post.display_name,
                    "labels": [],
                    "createdAt": "2023-04-28T10:47:07.541Z",
                }
                thread = {
                    "$type": "app.bsky.feed.defs#threadViewPost",
                    "post": {
                        "uri": f"at://{post.did}/app.bsky.feed.post/{post.rkey}",
                        "cid": post.cid,
                        "author": author,
                        "record": {
                            "$type": "app.bsky.feed.post",
                            "createdAt": post.created_at,
                            "langs": ["en"],
                            "text": post.text,
                        },
                        "replyCount": 0,
                        "repostCount": 2,
                        "likeCount": 9,
                        "quoteCount": 0,
                        "indexedAt": post.created_at,
                        "labels": [],
                    },
                    "replies": [],
                }
            return 200, "application/json; charset=utf-8", json.dumps({"thread": thread}).encode()
        return 404, "application/json", b'{"error":"MethodNotImplemented","message":"Method Not Implemented"}'

    def _mastodon(self, server: str, status_id: str) -> tuple[int, str, bytes]:
        if server in self.sign_in_required:
            return 401, "application/json", b'{"error":"This API requires an authenticated user"}'
        status = self.statuses.get((server, status_id))
        if status is None or status.state == "deleted":
            return 404, "application/json", b'{"error":"Record not found"}'
        local, _, _ = status.acct.partition("@")
        data = {
            "id": status.id,
            "created_at": status.created_at,
            "in_reply_to_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": "en",
            "uri": status.uri or f"https://{server}/users/{local}/statuses/{status.id}",
            "url": f"https://{server}/@{status.acct}/{status.id}",
            "replies_count": 1,
            "reblogs_count": 4,
            "favourites_count": 7,
            "edited_at": status.edited_at,
            "content": status.content,
            "account": {
                "id": "109",
                "username": local,
                "acct": status.acct,
                "display_name": status.display_name,
                "url": f"https://{server}/@{status.acct}",
            },
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
        }
        return 200, "application/json; charset=utf-8", json.dumps(data).encode()

    def _graph(self, q: dict[str, str]) -> tuple[int, str, bytes]:
        if "access_token" not in q and not q.get("url", "").startswith("https://www.instagram.com/"):
            err = {
                "error": {
                    "message": "An access token is required to request this resource.",
                    "type": "OAuthException",
                    "code": 104,
                    "fbtrace_id": "AbCdEf",
                }
            }
            return 400, "application/json", json.dumps(err).encode()
        status, data = self.graph.get(
            q.get("url", ""),
            (
                400,
                {
                    "error": {
                        "message": "Unsupported get request. Object does not exist, cannot be loaded due to "
                        "missing permissions, or does not support this operation.",
                        "type": "GraphMethodException",
                        "code": 100,
                        "error_subcode": 33,
                        "fbtrace_id": "AbCdEf",
                    }
                },
            ),
        )
        return status, "application/json", json.dumps(data).encode()


class _Handler(BaseHTTPRequestHandler):
    emu: PlatformWorld
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        parts = urlsplit(self.path)
        status, ctype, body = self.emu.answer(host, parts.path, parse_qs(parts.query))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status == 429:
            self.send_header("Retry-After", self.emu.retry_after)
        self.end_headers()
        self.wfile.write(body)


PlatformWorld.handler = _Handler
