"""Which element holds the body, by classes of pages: a lone teaser <article> is not the story, a body of
<br>-separated prose outscores long comments, a `read-more` expander's paragraphs are the body's, a link
named like chrome inside a sentence is the sentence's (fictional pages)."""

from __future__ import annotations

from verify.documents import from_bytes
from verify.extract import extract
from verify.extract.html import read_html
from verify.models import InputFormat, SourceKind

URL = "https://www.harbourtown-courier.example/2026/05/ferry-timetable"
PROSE = (
    "The Harbourtown ferry operator published its summer timetable on Monday, adding two late sailings, "
    "a Sunday service to the outer islands and a discount for residents, after months of complaints"
)


def _read(body: str) -> tuple[str, set[str]]:
    html = f"<html><head><title>Ferry</title></head><body>{body}</body></html>"
    doc = from_bytes(html.encode(), "text/html", url=URL, input="page.html", format=InputFormat.HTML)
    text = " ".join(b.text for b in read_html(doc).blocks)
    return text, {s.url for s in extract(doc).sources if s.kind is SourceKind.LINK and s.url}


def test_a_link_named_like_chrome_inside_a_sentence_keeps_its_words_and_its_link() -> None:
    para = (
        f'<p>{PROSE}. <a href="https://www.harbourtown-courier.example/t/ferry-operator/" '
        'id="auto-tag_ferry-operator">The operator</a> said the change was overdue.</p>'
    )
    text, links = _read(f'<div class="story-body">{para}<p>{PROSE}.</p><p>{PROSE}.</p></div>')
    assert "The operator said" in text
    assert "https://www.harbourtown-courier.example/t/ferry-operator/" in links


def test_a_lone_teaser_article_is_not_the_story() -> None:
    teaser = '<article class="photo-box"><h2><a href="/2026/04/old-story">An older story</a></h2></article>'
    paras = "".join(
        f'<p>{PROSE}, as <a href="https://records.example/{i}">record {i}</a> shows.</p>' for i in range(5)
    )
    text, links = _read(f'<div class="page">{teaser}<div class="entry-content">{paras}</div></div>')
    assert {f"https://records.example/{i}" for i in range(5)} <= links
    assert "record 4 shows" in text


def test_a_body_set_apart_by_br_outscores_the_comments_below_it() -> None:
    pieces = "<br> <br>".join(
        f'{PROSE}, as <a href="https://records.example/{i}">record {i}</a> shows.' for i in range(6)
    )
    comment = "<br><br>".join(f"{PROSE}, one reader wrote, adding point {i}." for i in range(8))
    comments = "".join(
        f'<div class="comment"><div class="comment_content"><div class="content">{comment}</div></div></div>'
        for _ in range(2)
    )
    page = (
        f'<div class="article"><div class="content">{pieces}</div></div><div id="comments">{comments}</div>'
    )
    text, links = _read(page)
    assert {f"https://records.example/{i}" for i in range(6)} <= links
    assert "one reader wrote" not in text


def test_a_read_more_expander_holding_the_rest_of_the_body_is_the_body() -> None:
    first = "".join(f"<p>{PROSE}; first part, point {i}.</p>" for i in range(4))
    rest = "".join(
        f'<p>{PROSE}; second part, as <a href="https://records.example/{i}">record {i}</a> shows.</p>'
        for i in range(4)
    )
    expander = f'<div id="read-more"><div id="read-more-content">{rest}</div></div>'
    text, links = _read(f'<div class="story-body">{first}{expander}</div>')
    assert "first part, point 0" in text and "second part" in text
    assert {f"https://records.example/{i}" for i in range(4)} <= links


def test_a_video_posts_lead_player_in_the_articles_header_is_the_articles() -> None:
    paras = "".join(f"<p>{PROSE}, point {i}.</p>" for i in range(4))
    player = '<iframe src="https://www.youtube.com/embed/FerryT1me01?feature=oembed"></iframe>'
    sidebar = '<aside><iframe src="https://www.youtube.com/embed/S1debarVid0"></iframe></aside>'
    html = (
        f'<html><body><article class="story format-video"><header>{player}<h1>Ferry</h1></header>'
        f'<div itemprop="articleBody">{paras}</div></article>{sidebar}</body></html>'
    )
    doc = from_bytes(html.encode(), "text/html", url=URL, input="page.html", format=InputFormat.HTML)
    assert {e.post_id for e in extract(doc).embeds} == {"FerryT1me01"}
