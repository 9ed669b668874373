"""Pure parts of the embed checks: JS number formatting, the syndication token, ID times, text comparison."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verify.embeds import Endpoints, compare
from verify.embeds.archived import archive_urls, parse_html_capture, parse_json_capture
from verify.embeds.compare import normalize_text, parse_when
from verify.embeds.ids import (
    bluesky_tid_time,
    id_time,
    instagram_time,
    linkedin_time,
    mastodon_time,
    tiktok_time,
    twitter_time,
)
from verify.embeds.jsnumber import to_string
from verify.embeds.telegram import parse_embed_page
from verify.embeds.twitter import syndication_token
from verify.models import Embed, EmbedVerdict, OriginalPost, Platform
from verify.permalinks import bluesky_parts, mastodon_parts, post_id, telegram_parts, tweet_parts

# Written by node (V8) for these inputs: `x.toString(36)` and react-tweet's getToken(id).
JS_BASE36 = [
    (0.1, "0.3lllllllllm"),
    (1 / 3, "0.c"),
    (123.456, "3f.gez4w97ry"),
    (1e21, "5v1j4f4ds7c000"),
    (2.5, "2.i"),
    (35.5, "z.i"),
    (1e-7, "0.000061oezo085tl"),
    (-7.25, "-7.9"),
]
JS_BASE2 = [
    (0.1, "0.0001100110011001100110011001100110011001100110011001101"),
    (123.456, "1111011.0111010010111100011010100111111011111001110111"),
    (2.5, "10.1"),
]
REACT_TWEET_TOKENS = [
    ("20", "6dq1a2xwd93"),
    ("1828464759286518266", "4fkahq4oq2x"),
    ("1445078208190291973", "3i3uhthofho"),
    ("1234567890123456789", "2zqic77uqyk"),
    ("363116819147538433", "vorjlyzmxie"),
    ("9007199254740993", "saoujnx4as"),
    ("1", "bhi2ay3f28n"),
]


@pytest.mark.parametrize(("value", "expected"), JS_BASE36)
def test_base36_as_v8_writes_it(value: float, expected: str) -> None:
    assert to_string(value, 36) == expected


@pytest.mark.parametrize(("value", "expected"), JS_BASE2)
def test_base2_as_v8_writes_it(value: float, expected: str) -> None:
    assert to_string(value, 2) == expected


@pytest.mark.parametrize(("tweet_id", "token"), REACT_TWEET_TOKENS)
def test_syndication_token_matches_react_tweet(tweet_id: str, token: str) -> None:
    assert syndication_token(tweet_id) == token


def test_special_values() -> None:
    assert to_string(0.0, 36) == "0"
    assert to_string(math.nan, 36) == "NaN"
    assert to_string(-math.inf, 7) == "-Infinity"
    with pytest.raises(ValueError, match="radix"):
        to_string(1.0, 37)


@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False), st.integers(min_value=2, max_value=36))
def test_integer_part_round_trips(value: float, radix: int) -> None:
    text = to_string(value, radix)
    integer = text.split(".")[0]
    # Digits beyond the double's precision are written as zeros (as V8 does): each of those digits is one
    # more rounded division by the radix, so the error grows with their number, not only with the radix.
    zeros = len(integer) - len(integer.rstrip("0"))
    assert abs(int(integer, radix) - math.trunc(value)) <= 1 + abs(value) * (radix + zeros) * 2**-52


@pytest.mark.parametrize(
    ("decode", "post_id", "expected"),
    [
        (twitter_time, "1828464759286518266", "2024-08-27 16:09"),
        (mastodon_time, "113035384673400593", "2024-08-27 18:24"),
        (linkedin_time, "6728971807346561024", "2020-11-02 10:11"),
        (tiktok_time, "7134059641968872746", "2022-08-20 20:34"),
        (instagram_time, "B9bOM_6Ax_d", "2020-03-07 08:14"),
        (bluesky_tid_time, "3lfb5zdb3p22z", "2025-01-08 22:00"),
    ],
)
def test_creation_time_from_ids_recorded_examples(decode: object, post_id: str, expected: str) -> None:
    when = decode(post_id)  # type: ignore[operator]
    assert when is not None
    assert when.strftime("%Y-%m-%d %H:%M") == expected


def test_ids_without_a_time() -> None:
    assert twitter_time("20") is None  # 2006: sequential
    assert twitter_time("abc") is None
    assert bluesky_tid_time("self") is None
    assert instagram_time("!!") is None
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert id_time(Platform.YOUTUBE, "KsL8harb0ur", now=now) is None
    assert id_time(Platform.TWITTER, str((1 << 62) + 5), now=now) is None  # decodes to the future


def test_permalink_forms() -> None:
    assert tweet_parts("https://twitter.com/#!/someone/status/123456789012") == ("someone", "123456789012")
    assert tweet_parts("https://x.com/i/web/status/42424242424") == (None, "42424242424")
    assert tweet_parts("https://mobile.twitter.com/a_b/statuses/99") == ("a_b", "99")
    assert bluesky_parts("at://did:plc:abc/app.bsky.feed.post/3lfb5zdb3p22z") == (
        "did:plc:abc",
        "3lfb5zdb3p22z",
    )
    assert bluesky_parts("https://embed.bsky.app/embed/did:plc:abc/app.bsky.feed.post/3kx") == (
        "did:plc:abc",
        "3kx",
    )
    assert mastodon_parts("https://social.example/@me@other.example/1234/embed") == ("social.example", "1234")
    assert mastodon_parts("https://social.example/users/me/statuses/77") == ("social.example", "77")
    assert telegram_parts("https://t.me/s/some_channel/12") == ("some_channel", "12")
    assert telegram_parts("https://t.me/c/1234567/12") == (None, None)
    yt = Embed("E1", Platform.YOUTUBE, "https://www.youtube-nocookie.com/embed/KsL8harb0ur?rel=0", 1)
    assert post_id(yt) == "KsL8harb0ur"
    li = Embed(
        "E2", Platform.LINKEDIN, "https://www.linkedin.com/posts/someone-activity-7436697285427204242-abcd", 1
    )
    assert post_id(li) == "7436697285427204242"


def test_normalize_text_drops_links_and_media_markers() -> None:
    assert normalize_text("Big news https://t.co/AbC pic.twitter.com/xyz") == "Big news"
    assert normalize_text("Read example.org/a-long-pa… now [image or embed]") == "Read now"
    assert normalize_text("Fish &amp; chips\n\n  tonight") == "Fish & chips tonight"


def test_parse_when() -> None:
    assert parse_when("2026-03-14") is not None
    assert parse_when("2026-03-14T09:12:00.000Z") == datetime(2026, 3, 14, 9, 12, tzinfo=UTC)
    assert parse_when("March 14") is None


def _embed(**kw: object) -> Embed:
    base: dict[str, object] = {
        "id": "E1",
        "platform": Platform.TWITTER,
        "url": "https://x.com/a/status/1",
        "line": 1,
    }
    base.update(kw)
    return Embed(**base)  # type: ignore[arg-type]


def test_compare_dates_within_a_day_agree() -> None:
    post = OriginalPost(via="syndication", author="@a", date="2026-03-14T23:30:00.000Z", text="Hello there")
    diffs, _, _ = compare(_embed(date="2026-03-15", text="Hello there", author_handle="@A"), post, None)
    assert diffs == []
    diffs, _, _ = compare(_embed(date="2026-03-17", text="Hello there"), post, None)
    assert diffs and diffs[0].startswith("date:")


def test_compare_flags_words_missing_from_a_full_text_embed() -> None:
    post = OriginalPost(via="syndication", text="We will not close the ferry line this winter.")
    diffs, match, _ = compare(_embed(text="We will not close the ferry line"), post, None)
    assert match is not None
    assert any("omits" in d and "this winter" in d for d in diffs)


def test_compare_punctuation_only_is_a_note() -> None:
    post = OriginalPost(via="syndication", text="Cranes are down, again!")
    diffs, _, notes = compare(_embed(text="cranes are down again"), post, None)
    assert diffs == []
    assert notes


def test_mastodon_handles_with_and_without_server() -> None:
    post = OriginalPost(via="mastodon-api", author="@harbourmaster@social.kessel.example")
    embed = _embed(platform=Platform.MASTODON, author_handle="@harbourmaster@social.kessel.example")
    assert compare(embed, post, None)[0] == []


def test_endpoints_from_env_overrides_and_hides_tokens() -> None:
    env = {"VERIFY_BLUESKY_URL": "http://127.0.0.1:9/xrpc/", "META_ACCESS_TOKEN": "secret-token"}
    endpoints = Endpoints.from_env(env)
    assert endpoints.bluesky == "http://127.0.0.1:9/xrpc"
    assert endpoints.meta_token == "secret-token"
    assert "secret-token" not in repr(endpoints)
    assert Endpoints.from_env({}).syndication == "https://cdn.syndication.twimg.com"


def test_archive_urls_cover_twitter_and_x() -> None:
    embed = _embed(url="https://x.com/kessel_harbour/status/2032746555110433459")
    assert archive_urls(embed) == [
        "https://twitter.com/kessel_harbour/status/2032746555110433459",
        "https://x.com/kessel_harbour/status/2032746555110433459",
    ]


def test_json_captures_of_the_api_shapes() -> None:
    v2 = {
        "data": {"id": "5", "text": "Quay closed", "created_at": "2026-01-01T00:00:00.000Z"},
        "includes": {"users": [{"username": "port", "name": "Port"}]},
    }
    post = parse_json_capture(v2)
    assert post is not None and post.text == "Quay closed" and post.author == "@port"
    v1 = {
        "created_at": "Wed Oct 10 20:19:24 +0000 2018",
        "id_str": "7",
        "text": "Tide &amp; time",
        "user": {"screen_name": "tides"},
    }
    post = parse_json_capture(v1)
    assert post is not None and post.text == "Tide & time" and post.date == "2018-10-10T20:19:24+00:00"
    rt = {"retweeted_status": {"text": "Original words", "user": {"screen_name": "orig"}}}
    post = parse_json_capture(rt)
    assert post is not None and post.text == "Original words" and post.author == "@orig"
    assert parse_json_capture({"errors": [{"code": 144}]}) is None


def test_old_tweet_page_capture() -> None:
    page = (
        '<div class="tweet permalink-tweet" data-tweet-id="11" data-screen-name="kz" data-name="K Z">'
        '<p class="tweet-text">Hello <a href="/x" class="twitter-atreply"><s>@</s><b>port</b></a> '
        'today<a class="twitter-timeline-link u-hidden">pic.twitter.com/abc</a></p>'
        '<span class="_timestamp" data-time-ms="1770019500000"></span></div>'
        '<div class="tweet" data-tweet-id="12"><p class="tweet-text">A reply</p></div>'
    )
    post = parse_html_capture(page, "11")
    assert post is not None
    assert post.author == "@kz" and post.author_name == "K Z"
    assert normalize_text(post.text) == "Hello @port today"
    assert post.date is not None and post.date.startswith("2026-02-02")


def test_telegram_page_forms() -> None:
    gone = parse_embed_page('<div class="tgme_widget_message_error">Post not found</div>', "c", "1")
    assert gone is not None and gone.state.value == "gone"
    private = parse_embed_page('<div class="tgme_widget_message_error">Channel is private</div>', "c", "1")
    assert private is not None and private.state.value == "hidden"
    assert parse_embed_page("<html><body>nothing</body></html>", "c", "1") is None


def test_verdict_names_are_the_report_contract() -> None:
    assert {v.value for v in EmbedVerdict} == {"matches", "differs", "deleted", "unverifiable"}
