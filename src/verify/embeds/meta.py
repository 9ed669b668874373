"""Instagram, Facebook, Threads, LinkedIn: no public text endpoint; Meta's Graph oEmbed when allowed."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from verify.embeds.base import Gate, Resolution, State, ask, json_body, malformed
from verify.embeds.endpoints import Endpoints
from verify.embeds.markup import english_date, node_text, soup
from verify.models import Embed, OriginalPost, Platform
from verify.permalinks import post_id

NO_ENDPOINT = "no public endpoint"
_SHARED_BY = re.compile(
    r"(?:A post shared by|Posted by|Post by)\s*(?P<name>[^(@]*?)\s*\(?@(?P<handle>[\w.]+)\)?", re.I
)
_BOILERPLATE = re.compile(
    r"^(?:View this post on Instagram|View on Threads|A post shared by.*|Posted by.*)$", re.I
)
# Graph error codes for too many calls (app, user, page, custom limits).
_RATE_CODES = {4, 17, 32, 613, 80001, 80004}


def parse_graph_html(
    platform: Platform, markup: str
) -> tuple[str | None, str | None, str | None, str | None]:
    """(text, handle, author name, ISO date) from the `html` of a Graph oEmbed answer."""
    doc = soup(markup)
    quote = doc.find("blockquote") or doc
    author = handle = date = None
    whole = " ".join(quote.get_text(" ").split())
    m = _SHARED_BY.search(whole)
    if m:
        handle, author = m.group("handle"), (m.group("name").strip() or None)
    paragraphs = [node_text(p) for p in quote.find_all("p")]
    body = [p for p in paragraphs if p and not _BOILERPLATE.match(p)]
    if platform is Platform.FACEBOOK:
        links = quote.find_all("a")
        if len(links) >= 2:
            author = author or " ".join(links[-2].get_text(" ").split()) or None
            date = english_date(links[-1].get_text(" "))
    return ("\n\n".join(body) or None), handle, author, date


def graph_error(data: Any, status: int) -> Resolution:
    err = data.get("error") if isinstance(data, dict) else None
    if not isinstance(err, dict):
        return malformed("Meta's Graph API", status)
    code = err.get("code")
    message = " ".join(str(err.get("message") or "").split())[:160]
    if code in _RATE_CODES:
        return Resolution(State.UNAVAILABLE, reason="rate limited")
    if code == 190 or (err.get("type") == "OAuthException" and code in (102, 104, 190, 200)):
        return Resolution(State.UNAVAILABLE, reason=f"sign-in required ({message})")
    # Meta gives an anonymous app the same answer for deleted, private and restricted posts.
    return Resolution(State.HIDDEN, reason=f"Meta's oEmbed will not show it ({message or f'error {code}'})")


class MetaResolver:
    platforms: tuple[Platform, ...] = (
        Platform.INSTAGRAM,
        Platform.FACEBOOK,
        Platform.THREADS,
        Platform.LINKEDIN,
    )

    def resolve(self, embed: Embed, gate: Gate, endpoints: Endpoints) -> Resolution:
        platform = embed.platform
        if platform is Platform.LINKEDIN:
            return Resolution(State.UNAVAILABLE, reason=NO_ENDPOINT)
        if platform is Platform.THREADS:
            token, base, path = (
                endpoints.threads_token or endpoints.meta_token,
                endpoints.threads_graph,
                "oembed",
            )
        elif platform is Platform.INSTAGRAM:
            token, base, path = endpoints.meta_token, endpoints.graph, "instagram_oembed"
        else:
            token, base = endpoints.meta_token, endpoints.graph
            video = re.search(
                r"/videos?/|/watch/?|/reel/", urlsplit(embed.url).path + "?" + urlsplit(embed.url).query
            )
            path = "oembed_video" if video else "oembed_post"
        # Instagram's oEmbed needs no token since 2026-06; the others do.
        if not token and platform is not Platform.INSTAGRAM:
            return Resolution(State.UNAVAILABLE, reason=NO_ENDPOINT)
        params = {"url": embed.url, "omitscript": "true"}
        if token:
            params["access_token"] = token
        response = ask(
            gate, f"{base}/{path}?{urlencode(params)}", "Meta's Graph API", pool=urlsplit(base).hostname
        )
        if isinstance(response, Resolution):
            return response
        data = json_body(response)
        if response.status != 200:
            if not token and platform is Platform.INSTAGRAM:
                return Resolution(State.UNAVAILABLE, reason=NO_ENDPOINT)
            return graph_error(data, response.status)
        if not isinstance(data, dict) or not isinstance(data.get("html"), str):
            return malformed("Meta's Graph API", response.status)
        text, handle, author, date = parse_graph_html(platform, data["html"])
        return Resolution(
            State.FOUND,
            OriginalPost(
                via="graph-oembed",
                author=f"@{handle}" if handle else None,
                author_name=author or data.get("author_name"),
                date=date,
                text=text,
                url=embed.url,
                post_id=post_id(embed),
            ),
        )
