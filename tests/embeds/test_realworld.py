"""Evaluation on the shared real-world samples (skipped without ../shared): real shapes, no real text kept."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from emulators.platforms import YOUTUBE, PlatformWorld
from verify.embeds import Endpoints, check_embed
from verify.embeds.archived import parse_html_capture
from verify.embeds.bluesky import from_thread_post
from verify.embeds.compare import dates_agree, parse_when
from verify.embeds.ids import id_time
from verify.embeds.oembed import from_oembed as generic_oembed
from verify.embeds.twitter import from_oembed
from verify.fetch.http import HttpClient
from verify.models import Embed, EmbedVerdict, InputFormat, Platform
from verify.permalinks import post_id, youtube_id

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "realworld"
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/realworld is not available")


def _canonical_status(page: str) -> tuple[str, str]:
    m = re.search(r'<link rel="canonical" href="https://twitter\.com/([^/]+)/status/(\d+)"', page)
    assert m, "no canonical link"
    return m.group(1).lower(), m.group(2)


def test_archived_server_rendered_tweet_pages() -> None:
    pages = [
        gzip.decompress(next((REAL / "wayback" / "wayback-rs").glob("store-item-*.gz")).read_bytes()).decode(
            "utf-8", "replace"
        ),
        (REAL / "embeds" / "platform_pages" / "discourse-onebox__twitterstatus.response").read_text(
            "utf-8", "replace"
        ),
    ]
    for page in pages:
        m = re.search(r'data-permalink-path="/([^/"]+)/status/(\d+)"[^>]*\n?[^>]*permalink', page)
        tweet_id = _canonical_status(page)[1] if 'rel="canonical"' in page else (m.group(2) if m else None)
        post = parse_html_capture(page, tweet_id)
        assert post is not None and post.text and len(post.text) > 20
        assert post.author is not None and post.date is not None
        if 'rel="canonical"' in page:
            assert post.author.lstrip("@").lower() == _canonical_status(page)[0]


def test_real_twitter_oembed_answers() -> None:
    for path in (REAL / "embeds" / "oembed_responses").glob("oscarotero-embed__publish.*.json"):
        data = json.loads(json.loads(path.read_text())["body"])
        tweet_id = data["url"].rsplit("/", 1)[-1]
        post = from_oembed(data, tweet_id)
        assert post.author == "@" + data["author_url"].rstrip("/").rsplit("/", 1)[-1]
        assert post.text and post.date and re.fullmatch(r"\d{4}-\d\d-\d\d", post.date)
        # The date printed in the html is the one the ID encodes.
        when = id_time(Platform.TWITTER, tweet_id)
        day = parse_when(post.date)
        assert when is not None and day is not None and dates_agree(day, when)


def test_real_bluesky_threads_and_tiktok_oembed() -> None:
    for path in (REAL / "embeds" / "bluesky_api").glob("*.json"):
        for interaction in json.loads(path.read_text())["interactions"]:
            body = interaction.get("body")
            if isinstance(body, dict) and "thread" in body:
                post = from_thread_post(body["thread"]["post"])
                assert post.cid and post.cid.startswith("bafy") and post.author and post.text is not None
                when = id_time(Platform.BLUESKY, post.post_id)
                created = parse_when(post.date)
                assert when is not None and created is not None and dates_agree(created, when)
    data = json.loads(
        json.loads(next((REAL / "embeds" / "oembed_responses").glob("*tiktok*.json")).read_text())["body"]
    )
    post = generic_oembed(Platform.TIKTOK, data, data["html"], None)
    assert post.author == "@" + data["author_unique_id"]


def test_displayed_dates_agree_with_the_ids_in_real_embeds() -> None:
    """Every real embed whose ID carries a time and whose date could be read: the two within a day."""
    from verify.extract import extract
    from verify.read.article import ArticleText

    counts: Counter[str] = Counter()
    disagree = []
    for path in sorted((REAL / "embeds" / "snippets").glob("*.html")):
        text = path.read_text("utf-8", "replace")
        for embed in extract(ArticleText(str(path), InputFormat.HTML, text)).embeds:
            counts["embeds"] += 1
            when = id_time(embed.platform, post_id(embed))
            shown = parse_when(embed.date)
            if when is None or shown is None:
                continue
            counts["compared"] += 1
            if not dates_agree(shown, when):
                disagree.append((path.name, embed.date, when.isoformat()))
    print("real embeds:", dict(counts), "disagreements:", len(disagree))
    assert counts["compared"] >= 30
    assert not disagree


def test_real_youtube_oembed_403_for_a_video_that_cannot_be_embedded(
    world: PlatformWorld, make_client: Callable[[], HttpClient]
) -> None:
    """The recorded 403 (a video whose owner turned embedding off) served back: unverifiable, not deleted."""
    import yaml

    cassette = yaml.safe_load(
        (REAL / "embeds" / "cassettes" / "ruby-oembed__OEmbed_Providers_Youtube.yml").read_text()
    )
    refused = [i for i in cassette["http_interactions"] if i["response"]["status"]["code"] == 403]
    assert refused, "the cassette holds no 403"
    response = refused[0]["response"]
    video = youtube_id(parse_qs(urlsplit(refused[0]["request"]["uri"]).query)["url"][0])
    assert video is not None
    ctype = response["headers"].get("Content-Type", ["text/html"])[0]
    world.add_oembed(
        YOUTUBE,
        f"https://www.youtube.com/watch?v={video}",
        status=403,
        body=response["body"]["string"],
        content_type=ctype,
    )
    embed = Embed("E1", Platform.YOUTUBE, f"https://youtu.be/{video}", 1, form="iframe")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.UNVERIFIABLE, check
    assert (check.note or "").startswith("embedding disabled by the owner")
