"""Embedded posts in every form real pages carry them: lazy players, AMP elements, posts a browser
rendered before the page was saved, players built by inline scripts or known by data-* attributes
(fictional posts and ids)."""

from __future__ import annotations

import pytest

from verify.documents import from_bytes
from verify.extract import extract
from verify.models import InputFormat

PROSE = (
    "<p>The Millbrook harbour board met on Tuesday to weigh the dredging plan and the ferry timetable.</p>"
)
TWEET = "1790000000000000001"


def _embeds(markup: str) -> set[tuple[str, str | None]]:
    html = f"<html><body><article>{PROSE}{markup}{PROSE}</article></body></html>"
    doc = from_bytes(html.encode(), "text/html", url="https://millbrook.example/news/a", input="a.html",
                     format=InputFormat.HTML)  # fmt: skip
    return {(e.platform.value, e.post_id) for e in extract(doc).embeds}


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # lazy players: the address waits in data-* while src is blank
        (
            '<iframe src="about:blank" data-src="https://www.youtube.com/embed/Hb0ardMeet1"></iframe>',
            ("youtube", "Hb0ardMeet1"),
        ),
        (
            '<iframe data-lazy-src="https://platform.twitter.com/embed/Tweet.html?dnt=true&id=' + TWEET + '">'
            "</iframe>",
            ("twitter", TWEET),
        ),
        (
            '<iframe src="https://platform.twitter.com/embed/index.html?dnt=false&embedId=twitter-widget-0'
            f'&frame=false&id={TWEET}"></iframe>',
            ("twitter", TWEET),
        ),
        # AMP
        (
            f'<amp-twitter width="375" height="472" data-tweetid="{TWEET}"></amp-twitter>',
            ("twitter", TWEET),
        ),
        (
            '<amp-instagram data-shortcode="CxHarbour12" width="400" height="400"></amp-instagram>',
            ("instagram", "CxHarbour12"),
        ),
        (
            '<amp-youtube data-videoid="Hb0ardMeet1" layout="responsive"></amp-youtube>',
            ("youtube", "Hb0ardMeet1"),
        ),
        (
            '<amp-facebook data-href="https://www.facebook.com/MillbrookGazette/posts/1234567890"></amp-facebook>',
            ("facebook", "1234567890"),
        ),
        (
            '<amp-iframe src="https://www.youtube-nocookie.com/embed/Hb0ardMeet1"></amp-iframe>',
            ("youtube", "Hb0ardMeet1"),
        ),
        # rendered by a browser before the page was saved
        (
            '<iframe id="twitter-widget-0" class="twitter-tweet twitter-tweet-rendered"'
            f' data-tweet-id="{TWEET}"'
            ' title="X Post"></iframe>',
            ("twitter", TWEET),
        ),
        (
            f'<twitter-widget class="twitter-tweet twitter-tweet-rendered" data-tweet-id="{TWEET}">'
            "</twitter-widget>",
            ("twitter", TWEET),
        ),
        (
            '<div class="twitter-tweet twitter-tweet-rendered" style="display: flex;">'
            f'<iframe id="twitter-widget-1" frameborder="0" data-tweet-id="{TWEET}"></iframe></div>',
            ("twitter", TWEET),
        ),
        (
            '<iframe class="instagram-media instagram-media-rendered" id="instagram-embed-0"'
            ' src="https://www.instagram.com/p/CxHarbour12/embed/captioned/?cr=1&amp;v=14"></iframe>',
            ("instagram", "CxHarbour12"),
        ),
        (
            '<div class="fb-post fb_iframe_widget" data-href="https://www.facebook.com/MillbrookGazette/posts/1234567890">'
            '<span><iframe src="https://www.facebook.com/v2.11/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com'
            '%2FMillbrookGazette%2Fposts%2F1234567890"></iframe></span></div>',
            ("facebook", "1234567890"),
        ),
        (
            '<iframe src="https://www.facebook.com/v18.0/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com'
            '%2FMillbrookGazette%2Fposts%2F1234567890&amp;width=500"></iframe>',
            ("facebook", "1234567890"),
        ),
        # built by an inline script
        (
            "<div id=\"player-1\"></div><script>new YT.Player('player-1', {videoId: 'Hb0ardMeet1'});"
            "</script>",
            ("youtube", "Hb0ardMeet1"),
        ),
        (
            f"<div id=\"t1\"></div><script>twttr.widgets.createTweet('{TWEET}', el('t1'));</script>",
            ("twitter", TWEET),
        ),
        (
            '<div class="video"></div><script>embedPlayer({"src": "https://www.youtube.com/embed/Hb0ardMeet1"})'
            "</script>",
            ("youtube", "Hb0ardMeet1"),
        ),
        # known by a data-* attribute
        (
            f'<div class="social-embed" data-embed-url="https://twitter.com/harbourdesk/status/{TWEET}"></div>',
            ("twitter", TWEET),
        ),
        (
            '<figure class="embed" data-url="https://www.instagram.com/p/CxHarbour12/"></figure>',
            ("instagram", "CxHarbour12"),
        ),
        ('<div class="youtube-player" data-video-id="Hb0ardMeet1"></div>', ("youtube", "Hb0ardMeet1")),
    ],
)
def test_an_embed_form_is_found(markup: str, expected: tuple[str, str]) -> None:
    assert expected in _embeds(markup)


@pytest.mark.parametrize(
    "markup",
    [
        '<div class="share"><button data-url="https://twitter.com/intent/tweet?text=Harbour">Post</button></div>',
        '<p data-href="https://www.facebook.com/MillbrookGazette">Follow the Gazette.</p>',
        '<div class="video" data-video-id="politics/2026/05/17/harbour-board-vpx"></div>',
        '<script>window.__STATE__ = {"feed": ['
        + ", ".join(f'"https://twitter.com/a/status/{10**18 + i}"' for i in range(200))
        + "]};</script>",
        '<iframe src="about:blank"></iframe>',
    ],
)
def test_what_is_not_an_embed_is_not_taken_for_one(markup: str) -> None:
    assert not _embeds(markup)
