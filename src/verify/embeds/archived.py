"""The archive fallback: Wayback captures of a post's permalink, read back and parsed for the post's text."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from verify.archive.types import POOL_MEMENTO
from verify.embeds.markup import node_text, soup
from verify.embeds.mastodon import content_text
from verify.fetch.http import HttpClient
from verify.models import ArchiveResult, ArchiveStatus, Capture, Embed, Fetched, OriginalPost, Platform
from verify.permalinks import post_id, tweet_parts

_MEMENTO = re.compile(r"/web/(\d{1,14})(?:[a-z]{2}_)?/")
_IG_CAPTION = re.compile(r"on Instagram:\s*[\"“](?P<text>.*)[\"”]\s*$", re.S)
_OG_AUTHOR = re.compile(r"\(@(?P<handle>[\w.@-]+)\)")


class ArchiveReader(Protocol):
    """What the archive stage's `Archiver` offers that this stage uses."""

    def lookup(self, url: str, published: date | datetime | str | None) -> ArchiveResult: ...

    def read_back(self, capture: Capture) -> Fetched: ...


@dataclass(frozen=True, slots=True)
class Archived:
    """What the archive holds for one post: the look-up, and the post as read from a capture."""

    result: ArchiveResult | None
    post: OriginalPost | None = None
    page_text: str | None = None  # a capture's whole text when no post structure was found in it
    capture: Capture | None = None


def archive_urls(embed: Embed) -> list[str]:
    """The permalinks to look up: for X both the twitter.com and the x.com form."""
    if embed.platform is Platform.TWITTER:
        handle, tid = tweet_parts(embed.url)
        tid = tid or post_id(embed)
        handle = handle or (embed.author_handle or "").lstrip("@") or None
        if tid and handle:
            return [f"https://twitter.com/{handle}/status/{tid}", f"https://x.com/{handle}/status/{tid}"]
    return [embed.url]


def _v1_date(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return value


def parse_json_capture(data: Any, via: str = "archive") -> OriginalPost | None:
    """A post from an archived API answer: X v2 (`data.text`), v1.1 and syndication (`text`,
    `retweeted_status.text`), Mastodon (`content`), Bluesky (`thread.post.record.text`)."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("thread"), dict) and isinstance(data["thread"].get("post"), dict):
        post = data["thread"]["post"]
        author = post.get("author") or {}
        return OriginalPost(
            via=via,
            author=f"@{author['handle']}" if author.get("handle") else None,
            author_name=author.get("displayName"),
            date=(post.get("record") or {}).get("createdAt"),
            text=(post.get("record") or {}).get("text"),
            cid=post.get("cid"),
        )
    if isinstance(data.get("data"), dict) and isinstance(data["data"].get("text"), str):
        users = (data.get("includes") or {}).get("users") or [{}]
        first_user = users[0] if isinstance(users[0], dict) else {}
        return OriginalPost(
            via=via,
            author=f"@{first_user['username']}" if first_user.get("username") else None,
            author_name=first_user.get("name"),
            date=data["data"].get("created_at"),
            text=data["data"]["text"],
            post_id=data["data"].get("id"),
        )
    if isinstance(data.get("content"), str) and isinstance(data.get("account"), dict):
        return OriginalPost(
            via=via,
            author=f"@{data['account'].get('acct')}" if data["account"].get("acct") else None,
            author_name=data["account"].get("display_name"),
            date=data.get("created_at"),
            text=content_text(data["content"]),
        )
    source = data
    retweeted = data.get("retweeted_status")
    if not isinstance(data.get("full_text") or data.get("text"), str) and isinstance(retweeted, dict):
        source = retweeted
    text = source.get("full_text") or source.get("text")
    if not isinstance(text, str):
        return None
    user: dict[str, Any] = source["user"] if isinstance(source.get("user"), dict) else {}
    return OriginalPost(
        via=via,
        author=f"@{user['screen_name']}" if user.get("screen_name") else None,
        author_name=user.get("name"),
        date=_v1_date(source.get("created_at")),
        text=html.unescape(text),
        post_id=str(source.get("id_str") or "") or None,
    )


def parse_html_capture(markup: str, tweet_id: str | None = None) -> OriginalPost | None:
    """A post from an archived page: a server-rendered tweet (`p.tweet-text`), a Telegram widget, else the
    page's og:description (Bluesky, Mastodon, Instagram and later X pages put the post text there)."""
    doc = soup(markup)
    tweet = None
    if tweet_id:
        tweet = doc.select_one(f'.tweet[data-tweet-id="{tweet_id}"]') or doc.select_one(
            f'[data-tweet-id="{tweet_id}"]'
        )
    tweet = tweet or doc.select_one(".permalink-tweet")
    para = (tweet.select_one("p.tweet-text") if tweet is not None else None) or doc.select_one("p.tweet-text")
    if para is not None:
        # Media links are hidden and glued to the last word; other links need room around them.
        for hidden in para.select("a.u-hidden"):
            hidden.decompose()
        for link in para.select("a.twitter-timeline-link"):
            link.insert_before(" ")
            link.insert_after(" ")
        holder = tweet if tweet is not None else doc
        stamp = holder.select_one("[data-time-ms]")
        date = None
        if stamp is not None and str(stamp.get("data-time-ms", "")).isdigit():
            date = datetime.fromtimestamp(int(str(stamp["data-time-ms"])) / 1000).astimezone().isoformat()
        named = (
            tweet
            if tweet is not None and tweet.get("data-screen-name")
            else holder.select_one("[data-screen-name]")
        )
        screen = str(named.get("data-screen-name")) if named is not None else None
        return OriginalPost(
            via="archive",
            author=f"@{screen}" if screen else None,
            author_name=str(named.get("data-name")) if named is not None and named.get("data-name") else None,
            date=date,
            text=node_text(para),
            post_id=tweet_id,
        )
    message = doc.select_one(".tgme_widget_message_text")
    if message is not None:
        owner = doc.select_one(".tgme_widget_message_owner_name")
        time_node = doc.select_one("time[datetime]")
        return OriginalPost(
            via="archive",
            author_name=" ".join(owner.get_text(" ").split()) if owner else None,
            date=str(time_node["datetime"]) if time_node is not None else None,
            text=node_text(message),
        )
    og = doc.select_one('meta[property="og:description"]') or doc.select_one('meta[name="description"]')
    content = str(og.get("content") or "").strip() if og is not None else ""
    if not content:
        return None
    title = doc.select_one('meta[property="og:title"]')
    title_text = str(title.get("content") or "") if title is not None else ""
    m = _IG_CAPTION.search(content)
    text = m.group("text") if m else content.strip('“”"')
    handle = _OG_AUTHOR.search(title_text)
    return OriginalPost(via="archive", author=f"@{handle.group('handle')}" if handle else None, text=text)


def parse_capture(body: bytes, content_type: str, tweet_id: str | None) -> OriginalPost | None:
    """Dispatch on what the capture is: JSON (an API answer) or a page."""
    text = body.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if "json" in content_type or stripped.startswith("{"):
        try:
            return parse_json_capture(json.loads(stripped))
        except ValueError:
            return None
    return parse_html_capture(text, tweet_id)


def _captures(result: ArchiveResult) -> list[Capture]:
    out: list[Capture] = []
    for capture in (result.as_cited, result.saved, result.latest):
        if capture is not None and all(c.timestamp != capture.timestamp for c in out):
            out.append(capture)
    return out


def _raw_url(archiver: ArchiveReader, capture: Capture) -> str:
    base = getattr(archiver, "base", None)
    if isinstance(base, str) and capture.original:
        return f"{base}/web/{capture.timestamp}id_/{capture.original}"
    return _MEMENTO.sub(lambda m: f"/web/{m.group(1)}id_/", capture.url, count=1)


def read_capture(
    archiver: ArchiveReader, client: HttpClient, capture: Capture, tweet_id: str | None
) -> tuple[OriginalPost | None, str | None]:
    """(post, page text) from one capture: the raw memento parsed for the post's structure, else the
    archive stage's reading of it (which follows archived redirects) as plain text."""
    raw = getattr(archiver, "raw", None)  # the archive stage's memento pool, when it offers one
    url = _raw_url(archiver, capture)
    outcome = (
        raw(url) if raw is not None else client.request("GET", url, follow_redirects=False, pool=POOL_MEMENTO)
    )
    response = outcome.response
    if response is not None and response.status == 200:
        post = parse_capture(response.body, response.content_type, tweet_id)
        if post is not None and (post.text or post.author):
            return _stamped(post, capture), None
    fetched = archiver.read_back(capture)
    document = fetched.document
    if document is None:
        return None, None
    post = parse_capture(document.text.encode(), document.content_type, tweet_id)
    if post is not None and post.text:
        return _stamped(post, capture), None
    return None, document.text


def _stamped(post: OriginalPost, capture: Capture) -> OriginalPost:
    from dataclasses import replace  # noqa: PLC0415

    return replace(post, via="archive", archive_url=capture.url, url=post.url or capture.original)


def find_archived(
    embed: Embed,
    archiver: ArchiveReader,
    client: HttpClient,
    published: date | datetime | str | None,
) -> Archived:
    """Look the post's permalinks up and read the captures until one shows the post."""
    tweet_id = post_id(embed) if embed.platform is Platform.TWITTER else None
    seen: list[Archived] = []
    for url in archive_urls(embed):
        result = archiver.lookup(url, published)
        found = Archived(result)
        if result.status in (ArchiveStatus.ARCHIVED, ArchiveStatus.SAVED):
            for capture in _captures(result):
                post, page_text = read_capture(archiver, client, capture, tweet_id)
                if post is not None:
                    return Archived(result, post, capture=capture)
                if page_text and found.page_text is None:
                    found = Archived(result, page_text=page_text, capture=capture)
        seen.append(found)
    # No capture showed the post: keep the most telling look-up (a readable page, then any capture).
    return max(
        seen,
        key=lambda a: (
            a.page_text is not None,
            (a.result is not None and a.result.as_cited is not None)
            or (a.result is not None and a.result.latest is not None),
        ),
    )
