"""Embedded social posts: recognising each platform's embed markup, and the flattened text a scrape leaves.

Platforms and markup follow the shared embeds protocol: X/Twitter, Bluesky, Mastodon (iframe and the 2024+
blockquote), Instagram, Facebook (fb-post and plugin iframe), TikTok, YouTube (and nocookie), Threads,
Reddit, Telegram (widget script and iframe) and LinkedIn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from verify.extract.blocks import Block, RawEmbed
from verify.extract.dates import parse_date
from verify.extract.lazyre import lazy
from verify.extract.urls import normalize_url
from verify.models import Platform
from verify.permalinks import (
    bluesky_permalink,
    facebook_parts,
    instagram_permalink,
    linkedin_parts,
    mastodon_permalink,
    reddit_permalink,
    telegram_parts,
    threads_parts,
    threads_permalink,
    tiktok_parts,
    tweet_permalink,
    youtube_id,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_WS = re.compile(r"\s+")
_AUTHOR = lazy(
    r"(?:—|–|--|&mdash;|â€”|-)\s*(?P<name>[^()\n]{0,80}?)\s*(?:さん|님)?\s*\(\s*(?P<handle>@[\w.@-]{1,80})\s*\)"
)
_TWITTER_IFRAME = lazy(
    r"platform\.(?:twitter|x)\.com/embed/(?:Tweet|index)\.html\?(?:.*&)?(?:id|tweet_id)=(\d+)"
)
_TWEET_ID = re.compile(r"\d{1,20}")
_EMBED_CLASSES = frozenset(
    {
        "twitter-tweet",
        "twitter-video",
        "bluesky-embed",
        "mastodon-embed",
        "instagram-media",
        "fb-post",
        "fb-video",
        "tiktok-embed",
        "text-post-media",
        "reddit-embed-bq",
        "reddit-card",
    }
)


def _text(el: HtmlElement | None) -> str:
    if el is None:
        return ""
    return _WS.sub(" ", el.text_content()).strip()


def _classes(el: HtmlElement) -> set[str]:
    return set((el.get("class") or "").split())


def _first_p_text(el: HtmlElement) -> str | None:
    for p in el.iter("p"):
        text = _text(p)
        if text:
            return text
    return None


def _author(text: str) -> tuple[str | None, str | None]:
    m = _AUTHOR.search(text)
    if not m:
        return None, None
    name = m.group("name").strip(" \u00a0") or None
    return name, m.group("handle")


# Where a lazy player keeps its address until a script copies it to `src` (left `about:blank` till then).
_SRC_ATTRIBUTES = ("src", "data-src", "data-lazy-src", "data-original", "data-url", "data-iframe-src",
                   "data-embed-src", "data-litespeed-src", "data-rocket-src")  # fmt: skip


def _src(el: HtmlElement) -> str:
    for name in _SRC_ATTRIBUTES:
        value = (el.get(name) or "").strip()
        if value.startswith(("http://", "https://", "//")):
            return value
    return ""


def html_embed(el: HtmlElement, base: str | None = None) -> RawEmbed | None:
    """The embedded post `el` is, or None. `el` is any element; cheap to call on every one."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    line = el.sourceline or 1
    if tag == "iframe":
        found = _iframe(_src(el), line, el)
        if found is not None or not el.get("class"):
            return found or _rendered_tweet(el, line)
    elif tag == "script":
        return _script(el, line)
    elif tag.startswith("amp-"):
        return _amp(el, tag, line)
    elif tag == "lite-youtube" or (tag == "div" and el.get("data-youtube-id")):
        vid = el.get("videoid") or el.get("data-youtube-id")
        if vid:
            return RawEmbed(
                Platform.YOUTUBE, f"https://www.youtube.com/watch?v={vid}", line, post_id=vid, form="div"
            )
        return None
    classes = _classes(el)
    if not classes & _EMBED_CLASSES and not (tag == "blockquote" and el.get("data-bluesky-uri")):
        return _data_player(el, tag, line) if tag != "a" else None
    if classes & {"twitter-tweet", "twitter-video"}:
        return _twitter(el, line) or _rendered_tweet(el, line)
    if "bluesky-embed" in classes or el.get("data-bluesky-uri"):
        return _bluesky(el, line)
    if "mastodon-embed" in classes:
        return _mastodon_url(
            el.get("data-embed-url") or _src(el), line, "iframe" if tag == "iframe" else "blockquote"
        )
    if "instagram-media" in classes:
        return _instagram(el, line)
    if classes & {"fb-post", "fb-video"}:
        return _facebook(el, el.get("data-href") or "", line, "div")
    if "tiktok-embed" in classes:
        return _tiktok(el, line)
    if "text-post-media" in classes:
        return _threads(el.get("data-text-post-permalink") or "", line)
    if classes & {"reddit-embed-bq", "reddit-card"}:
        return _reddit(el, line)
    return None


def _rendered_tweet(el: HtmlElement, line: int) -> RawEmbed | None:
    """A tweet a browser rendered before the page was saved: an iframe or element with `data-tweet-id`
    (classes `twitter-tweet-rendered`), its text inside another document."""
    tweet_id = el.get("data-tweet-id") or el.get("data-tweetid")
    if not tweet_id or not _TWEET_ID.fullmatch(tweet_id):
        return None
    return RawEmbed(
        Platform.TWITTER,
        f"https://twitter.com/i/web/status/{tweet_id}",
        line,
        post_id=tweet_id,
        form="iframe",
    )


def _amp(el: HtmlElement, tag: str, line: int) -> RawEmbed | None:
    """AMP's embed elements: amp-twitter, amp-instagram, amp-youtube, amp-facebook, amp-tiktok, amp-reddit,
    amp-iframe (a player by its address)."""
    if tag == "amp-twitter":
        return _rendered_tweet(el, line)
    if tag == "amp-instagram":
        code = el.get("data-shortcode") or ""
        post = instagram_permalink(f"https://www.instagram.com/p/{code}/") if code else None
        return RawEmbed(Platform.INSTAGRAM, post[0], line, post_id=post[1], form="amp") if post else None
    if tag == "amp-youtube":
        vid = el.get("data-videoid") or ""
        if re.fullmatch(r"[\w-]{11}", vid):
            return RawEmbed(
                Platform.YOUTUBE, f"https://www.youtube.com/watch?v={vid}", line, post_id=vid, form="amp"
            )
        return None
    if tag == "amp-facebook":
        return _facebook(None, el.get("data-href") or "", line, "amp")
    if tag == "amp-tiktok" and el.get("data-src"):
        src = el.get("data-src") or ""
        found = _iframe(src if "://" in src else f"https://www.tiktok.com/embed/v2/{src}", line, el)
    elif tag in ("amp-reddit", "amp-iframe", "amp-bluesky", "amp-embed"):
        found = _iframe(_src(el), line, el)
    else:
        return None
    if found is not None:
        found.form = "amp"
    return found


# A player a script builds: YouTube's IFrame API, X's widgets.createTweet, or an embed address in a short
# inline script. Long scripts are page state (related stories, feeds), not players.
_SCRIPT_PLAYERS = lazy(
    r"videoId[\"']?\s*[:=]\s*[\"']([\w-]{11})[\"']|createTweet\(\s*[\"'](\d{1,20})[\"']"
    r"|[\"'](https?:)?(//(?:www\.)?(?:youtube(?:-nocookie)?\.com/embed/|platform\.twitter\.com/embed/"
    r"|(?:www\.)?instagram\.com/(?:p|reel|tv)/[\w-]+/embed|www\.tiktok\.com/embed/)[^\"'\s]*)[\"']"
)
_SCRIPT_MAX = 4000


def _script(el: HtmlElement, line: int) -> RawEmbed | None:
    post = el.get("data-telegram-post")
    if post and "/" in post:
        channel, _, post_id = post.partition("/")
        return RawEmbed(
            Platform.TELEGRAM,
            f"https://t.me/{channel}/{post_id}",
            line,
            post_id=post_id,
            author_handle=f"@{channel}",
            form="script",
        )
    code = el.text or ""
    if not code or len(code) > _SCRIPT_MAX or "json" in (el.get("type") or "").lower():
        return None
    m = _SCRIPT_PLAYERS.search(code)
    if m is None:
        return None
    if m.group(1):
        vid = m.group(1)
        return RawEmbed(
            Platform.YOUTUBE, f"https://www.youtube.com/watch?v={vid}", line, post_id=vid, form="script"
        )
    if m.group(2):
        tid = m.group(2)
        return RawEmbed(
            Platform.TWITTER, f"https://twitter.com/i/web/status/{tid}", line, post_id=tid, form="script"
        )
    found = _iframe("https:" + m.group(4), line, el)
    if found is not None:
        found.form = "script"
    return found


# data-* attributes where players and saved embeds keep their post's address.
_DATA_PLAYER_HOSTS = lazy(
    r"^(?:https?:)?//(?:[\w-]+\.)*(?:twitter\.com|x\.com|youtube\.com|youtube-nocookie\.com|youtu\.be"
    r"|instagram\.com|tiktok\.com|facebook\.com|bsky\.app|threads\.net|threads\.com|reddit\.com|t\.me)/",
    re.I,
)


def _data_player(el: HtmlElement, tag: str, line: int) -> RawEmbed | None:
    """A player or saved embed known by a data-* attribute: a post's address (`data-url`, `data-href`,
    `data-embed-url`...), or a YouTube id on an element that says it is YouTube's."""
    attrib = el.attrib
    if not any(k.startswith("data-") for k in attrib):
        return None
    for name, raw in attrib.items():
        value = raw.strip()
        if not name.startswith("data-") or not _DATA_PLAYER_HOSTS.match(value):
            continue
        url = "https:" + value if value.startswith("//") else value
        tweet = tweet_permalink(url)
        if tweet:
            return RawEmbed(Platform.TWITTER, tweet[0], line, post_id=tweet[2], form="div")
        found = _iframe(url, line, el)
        if found is not None and found.post_id:
            found.form = "div"
            return found
    vid = attrib.get("data-video-id") or attrib.get("data-videoid") or attrib.get("data-yt-id")
    named = f"{attrib.get('class', '')} {attrib.get('data-provider', '')} {attrib.get('data-type', '')}"
    says_youtube = "youtube" in named.lower()
    if vid and says_youtube and re.fullmatch(r"[\w-]{11}", vid):
        return RawEmbed(
            Platform.YOUTUBE, f"https://www.youtube.com/watch?v={vid}", line, post_id=vid, form="div"
        )
    return None


def _twitter(el: HtmlElement, line: int) -> RawEmbed | None:
    permalink: tuple[str, str | None, str] | None = None
    date_text = None
    data_datetime = None
    for a in el.iter("a"):
        found = tweet_permalink(a.get("href") or "")
        if found:
            permalink = found
            date_text = _text(a) or None
            data_datetime = a.get("data-datetime")
    if permalink is None:
        return None
    url, handle_in_url, tweet_id = permalink
    p = next(iter(el.iter("p")), None)
    text = _text(p) or None
    after = _text(el)
    if p is not None and text and after.startswith(text):
        after = after[len(text) :]
    name, handle = _author(after)
    handle = handle or (f"@{handle_in_url}" if handle_in_url else None)
    if handle_in_url is None and handle:
        url = f"https://twitter.com/{handle.lstrip('@')}/status/{tweet_id}"
    lang = (p.get("lang") if p is not None else None) or el.get("lang") or el.get("data-lang")
    if text and date_text and text == date_text:
        text = None
    return RawEmbed(
        Platform.TWITTER,
        url,
        line,
        post_id=tweet_id,
        author_name=name,
        author_handle=handle,
        date=parse_date(data_datetime) or parse_date(date_text),
        date_text=date_text,
        text=text,
        form="blockquote",
        lang=lang,
    )


def _bluesky(el: HtmlElement, line: int) -> RawEmbed | None:
    found = bluesky_permalink(el.get("data-bluesky-uri") or "")
    date_text = None
    for a in el.iter("a"):
        link = bluesky_permalink(a.get("href") or "")
        if link:
            found = found or link
            date_text = _text(a) or date_text
    if found is None:
        return None
    url, rkey = found
    p = next(iter(el.iter("p")), None)
    text = _text(p) or None
    if text and date_text and text.endswith(date_text):
        text = text[: -len(date_text)].strip() or None
    after = _text(el)
    if text and after.startswith(text):
        after = after[len(text) :]
    name, handle = _author(after)
    if date_text and (date_text.startswith("@") or date_text == "[image or embed]"):
        date_text = None
    return RawEmbed(
        Platform.BLUESKY,
        url,
        line,
        post_id=rkey,
        author_name=name,
        author_handle=handle,
        date=parse_date(date_text),
        date_text=date_text,
        text=text,
        cid=el.get("data-bluesky-cid"),
        lang=p.get("lang") if p is not None else None,
    )


def _mastodon_url(src: str, line: int, form: str) -> RawEmbed | None:
    found = mastodon_permalink(src)
    if not found:
        return None
    url, handle, post_id = found
    return RawEmbed(
        Platform.MASTODON,
        url,
        line,
        post_id=post_id,
        author_handle=handle,
        form=form,
    )


def _instagram(el: HtmlElement, line: int) -> RawEmbed | None:
    links = [el.get("data-instgrm-permalink") or ""] + [a.get("href") or "" for a in el.iter("a")]
    found = next(filter(None, map(instagram_permalink, links)), None)
    if not found:
        return None
    url, code = found
    texts = [_text(p) for p in el.iter("p")]
    caption = None
    name = handle = None
    date_text = None
    for t in texts:
        if not t or t.lower().startswith("view this post on instagram"):
            continue
        shared = re.search(
            r"(?:A post shared by|Une publication partagée par|Ein Beitrag geteilt von"
            r"|Una publicación compartida de)\s+(.*)",
            t,
        )
        if shared:
            rest = shared.group(1)
            mm = re.match(r"(?P<name>[^(@]*?)\s*\(?(?P<handle>@[\w.]+)\)?", rest)
            if mm:
                name = mm.group("name").strip() or None
                handle = mm.group("handle")
            elif rest:
                name = rest.split(" on ")[0].strip() or None
            continue
        caption = caption or t
    time_el = next(iter(el.iter("time")), None)
    if time_el is not None:
        date_text = _text(time_el) or None
    date = parse_date(time_el.get("datetime")) if time_el is not None else None
    return RawEmbed(
        Platform.INSTAGRAM,
        url,
        line,
        post_id=code,
        author_name=name,
        author_handle=handle,
        date=date or parse_date(date_text),
        date_text=date_text,
        text=caption,
    )


def _facebook(el: HtmlElement | None, href: str, line: int, form: str) -> RawEmbed | None:
    normalized = normalize_url(href)
    found = facebook_parts(normalized) if normalized else None
    if found is None:
        return None
    url, post_id = found
    text = name = date_text = None
    if el is not None:
        bq = next((b for b in el.iter("blockquote")), None)
        holder = bq if bq is not None else el
        text = _first_p_text(holder)
        full = _text(holder)
        mm = re.search(
            r"(?:Posted by|Publicado por|Publié par|Gepostet von)\s+(.+?)\s+(?:on|en|le|am)\s+(.+)$", full
        )
        if mm:
            name, date_text = mm.group(1).strip(), mm.group(2).strip()
    return RawEmbed(
        Platform.FACEBOOK,
        url,
        line,
        post_id=post_id,
        author_name=name,
        date=parse_date(date_text),
        date_text=date_text,
        text=text,
        form=form,
    )


def _tiktok(el: HtmlElement, line: int) -> RawEmbed | None:
    cited = tiktok_parts(el.get("cite") or "")
    vid = el.get("data-video-id") or (cited[1] if cited else None)
    user = cited[0] if cited else None
    if not vid:
        return None
    section = next(iter(el.iter("section")), None)
    text = None
    if section is not None:
        parts: list[str] = []
        for node in section.iter():
            if node is section:
                if node.text:
                    parts.append(node.text)
                continue
            title = node.get("title") or ""
            own = node.text or ""
            if node.tag == "a" and own.strip().startswith("@") and not parts:
                user = user or own.strip()[1:]
            elif node.tag == "a" and "♬" in (title + own):
                pass
            else:
                parts.append(own)
            if node.tail:
                parts.append(node.tail)
        text = _WS.sub(" ", "".join(parts)).strip() or None
    url = f"https://www.tiktok.com/@{user}/video/{vid}" if user else f"https://www.tiktok.com/embed/v2/{vid}"
    return RawEmbed(
        Platform.TIKTOK, url, line, post_id=vid, author_handle=f"@{user}" if user else None, text=text
    )


def _threads(link: str, line: int, form: str = "blockquote") -> RawEmbed | None:
    found = threads_parts(link)
    if not found:
        return None
    user, code = found
    return RawEmbed(
        Platform.THREADS,
        threads_permalink(user, code),
        line,
        post_id=code,
        author_handle=f"@{user}" if user else None,
        form=form,
    )


def _reddit(el: HtmlElement, line: int) -> RawEmbed | None:
    post = None
    author = None
    for a in el.iter("a"):
        href = a.get("href") or ""
        found = reddit_permalink(href)
        if found and post is None:
            post = (found, _text(a))
        elif "/user/" in href or _text(a).startswith("u/"):
            author = _text(a) or None
    if post is None:
        return None
    (url, pid), title = post
    if author and not author.startswith("u/"):
        author = f"u/{author}"
    return RawEmbed(Platform.REDDIT, url, line, post_id=pid, author_handle=author, text=title or None)


def _iframe(src: str, line: int, el: HtmlElement) -> RawEmbed | None:
    if not src:
        return None
    if src.startswith("//"):
        src = "https:" + src
    vid = youtube_id(src)
    if vid:
        return RawEmbed(
            Platform.YOUTUBE,
            f"https://www.youtube.com/watch?v={vid}",
            line,
            post_id=vid,
            form="iframe",
            text=None,
            author_name=None,
        )
    if "mastodon-embed" in _classes(el) or re.search(r"/@[\w.]+(?:@[\w.-]+)?/\d+/embed", src):
        return _mastodon_url(src, line, "iframe")
    m = _TWITTER_IFRAME.search(src)
    if m:
        return RawEmbed(
            Platform.TWITTER,
            f"https://twitter.com/i/web/status/{m.group(1)}",
            line,
            post_id=m.group(1),
            form="iframe",
        )
    if re.match(r"^https?://(?:www\.)?facebook\.com/(?:v[\d.]+/)?plugins/(?:post|video)\.php", src):
        href = parse_qs(urlsplit(src).query).get("href", [""])[0]
        return _facebook(None, unquote(href), line, "iframe")
    return _iframe_other(src, line)


def _iframe_other(src: str, line: int) -> RawEmbed | None:
    """The players of Telegram, TikTok, LinkedIn, Bluesky, Instagram, Reddit and Threads."""
    channel, message = telegram_parts(src)
    if channel and message:
        return RawEmbed(
            Platform.TELEGRAM,
            f"https://t.me/{channel}/{message}",
            line,
            post_id=message,
            author_handle=f"@{channel}",
            form="iframe",
        )
    tiktok = tiktok_parts(src)
    if tiktok:
        return RawEmbed(
            Platform.TIKTOK,
            f"https://www.tiktok.com/embed/v2/{tiktok[1]}",
            line,
            post_id=tiktok[1],
            form="iframe",
        )
    linkedin = linkedin_parts(src) if "/embed/feed/update/" in src else None
    if linkedin:
        urn, post_id = linkedin
        return RawEmbed(
            Platform.LINKEDIN,
            f"https://www.linkedin.com/feed/update/{urn}/",
            line,
            post_id=post_id,
            form="iframe",
        )
    for read, platform in _IFRAME_PERMALINKS:
        found = read(src)
        if found:
            return RawEmbed(platform, found[0], line, post_id=found[1], form="iframe")
    return _threads(src.split("/embed", maxsplit=1)[0], line, "iframe")


_IFRAME_PERMALINKS: tuple[tuple[Callable[[str], tuple[str, str] | None], Platform], ...] = (
    (bluesky_permalink, Platform.BLUESKY),
    (instagram_permalink, Platform.INSTAGRAM),
    (reddit_permalink, Platform.REDDIT),
)


# --------------------------------------------------------------------------- flattened text

_MONTH = r"[^\W\d_]{3,12}\.?"
_DATE_TEXT = (
    r"(?:(?:[^\W\d_]+,\s+)?" + _MONTH + r"\s+\d{1,2},?\s+\d{4}"  # May 17, 2026
    r"|\d{1,2}\.?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?\d{4}"  # 17 May 2026, 12 de noviembre de 2020
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*[月월]\s*\d{1,2},?\s*\d{4})"
    r"(?:,?\s+(?:at|à|um|a las|alle)\s+\d{1,2}[:.h]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?|\s+\d{1,2}:\d{2})?"
)
_FLAT = lazy(
    r"(?P<dash>\s(?:—|–|--|-|â€”|â€“)\s*|\s)(?P<name>[^()\n—–]{0,80}?)\s*(?:さん|님)?\s*"
    r"\(\s*(?P<handle>@[A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9-]+)*(?:@[A-Za-z0-9.-]+)?)\s*\)\s*"
    r"(?P<date>" + _DATE_TEXT + r")"
)
_TRAILING_DASH = re.compile(r"\s*(?:—|–|--|-|â€”|â€“)\s*$")
_NAME_TAIL = lazy(r"((?:[A-ZÀ-ÖØ-Þ][\w'’.-]*\s+){0,3}[A-ZÀ-ÖØ-Þ][\w'’.-]*)\s*$")


_FLAT_INSTAGRAM = lazy(
    r"A post shared by\s+(?P<name>[^(@\n]{0,80}?)\s*\(?(?P<handle>@[\w.]{1,30})\)?"
    r"(?:\s+on\s+(?P<date>" + _DATE_TEXT + r"))?"
)
_FLAT_FACEBOOK = lazy(
    r"\s(?:Posted by|Publicado por|Publié par|Gepostet von)\s+(?P<name>[^\n]{2,60}?)\s+"
    r"(?:on|en|le|am)\s+(?P<date>" + _DATE_TEXT + r")"
)
_VIEW_ON_INSTAGRAM = re.compile(r"^\s*View this post on Instagram\s*")
_FLAT_MAX = 5000  # a post is short: longer blocks are article text, and searching them costs time
_FLAT_MASTODON = re.compile(r"Post by (?P<handle>@[\w.]+@[\w.-]+\.[a-z]{2,})\s+View on Mastodon")


def _flattened_other(block: Block) -> tuple[int, int, RawEmbed] | None:
    """The plain-text leftovers of Instagram, Facebook and Mastodon embeds."""
    text = block.text
    m = _FLAT_INSTAGRAM.search(text) if "A post shared by" in text else None
    if m:
        handle = m.group("handle")
        return (
            0,
            m.end(),
            RawEmbed(
                Platform.INSTAGRAM,
                f"https://www.instagram.com/{handle.lstrip('@')}/",
                block.line,
                author_name=m.group("name").strip() or None,
                author_handle=handle,
                date=parse_date(m.group("date")),
                date_text=m.group("date"),
                text=_VIEW_ON_INSTAGRAM.sub("", text[: m.start()]).strip() or None,
                form="flattened",
            ),
        )
    m = _FLAT_FACEBOOK.search(text) if "by" in text else None
    if m:
        return (
            0,
            m.end(),
            RawEmbed(
                Platform.FACEBOOK,
                "https://www.facebook.com/",
                block.line,
                author_name=m.group("name").strip(),
                date=parse_date(m.group("date")),
                date_text=m.group("date"),
                text=text[: m.start()].strip(),
                form="flattened",
            ),
        )
    m = _FLAT_MASTODON.search(text) if "View on Mastodon" in text else None
    if m:
        user, _, server = m.group("handle").lstrip("@").partition("@")
        return (
            0,
            m.end(),
            RawEmbed(
                Platform.MASTODON,
                f"https://{server}/@{user}",
                block.line,
                author_handle=m.group("handle"),
                form="flattened",
            ),
        )
    return None


def flattened_embed(block: Block) -> tuple[int, int, RawEmbed] | None:
    """An embedded post that survives as text (`TEXT — Name (@handle) May 17, 2017`) in a block:
    (start, end, embed). The text runs from the block's start to the dash."""
    if len(block.text) > _FLAT_MAX:
        return None
    if "(@" not in block.text and "( @" not in block.text:
        return _flattened_other(block)
    m = _FLAT.search(block.text)
    if not m:
        return _flattened_other(block)
    name = m.group("name").strip() or None
    text_end = m.start()
    if not m.group("dash").strip():
        # No dash: the name is the run of capitalised words just before the handle.
        tail = _NAME_TAIL.search(block.text[: m.start("handle") - 1].rstrip(" ("))
        if not tail:
            return None
        name = tail.group(1)
        text_end = tail.start(1)
    handle = m.group("handle")
    text = _TRAILING_DASH.sub("", block.text[:text_end]).strip() or None
    date_text = m.group("date")
    platform = Platform.TWITTER
    if handle.count("@") > 1:
        platform = Platform.MASTODON
    elif "." in handle:
        platform = Platform.BLUESKY
    url = _flattened_url(block, platform, handle)
    post_id = None
    if platform is Platform.TWITTER:
        found = tweet_permalink(url)
        post_id = found[2] if found and "/status/" in url else None
    elif platform is Platform.BLUESKY:
        bluesky = bluesky_permalink(url)
        post_id = bluesky[1] if bluesky else None
    return (
        0,
        m.end(),
        RawEmbed(
            platform,
            url,
            block.line_at(m.start("handle")),
            post_id=post_id,
            author_name=name,
            author_handle=handle,
            date=parse_date(date_text),
            date_text=date_text,
            text=text,
            form="flattened",
        ),
    )


_FLATTENED_PERMALINKS: dict[Platform, Callable[[str], tuple[str | None, ...] | None]] = {
    Platform.TWITTER: tweet_permalink,
    Platform.BLUESKY: bluesky_permalink,
    Platform.MASTODON: mastodon_permalink,
}


def _flattened_url(block: Block, platform: Platform, handle: str) -> str:
    read = _FLATTENED_PERMALINKS[platform]
    for link in reversed(block.links):
        found = read(link.href)
        if found and found[0]:
            return found[0]
    user = handle.lstrip("@")
    if platform is Platform.BLUESKY:
        return f"https://bsky.app/profile/{user}"
    if platform is Platform.MASTODON:
        name, _, server = user.partition("@")
        return f"https://{server}/@{name}"
    return f"https://twitter.com/{user}"
