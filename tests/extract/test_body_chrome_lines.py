"""Short lines inside the body that are chrome by their links: follow and share lines, bylines, lines of
links to the site's own pages (tags, teasers, pagination) and calls to subscribe; prose that links the same
places is kept (fictional pages)."""

from __future__ import annotations

from verify.documents import from_bytes
from verify.extract import extract
from verify.extract.html import read_html
from verify.models import InputFormat, SourceKind

URL = "https://www.millbrook-gazette.example/news/2026/05/harbour-board"
PROSE = (
    "The Millbrook harbour board met on Tuesday evening to weigh the dredging plan, the new ferry "
    "timetable and the cost of repairing the northern breakwater after the winter storms."
)


def _read(body: str) -> tuple[str, set[str]]:
    html = (
        f'<html><head><title>Harbour</title></head><body><div class="story-body">{body}</div></body></html>'
    )
    doc = from_bytes(html.encode(), "text/html", url=URL, input="page.html", format=InputFormat.HTML)
    text = " ".join(b.text for b in read_html(doc).blocks)
    return text, {s.url for s in extract(doc).sources if s.kind is SourceKind.LINK and s.url}


def _page(line: str) -> tuple[str, set[str]]:
    cited = '<a href="https://audit.example/breakwater">the audit</a>'
    return _read(f"<p>{PROSE}</p><p>{PROSE} It cites {cited}.</p>{line}<p>{PROSE}</p>")


def test_a_follow_line_of_social_profiles_is_chrome() -> None:
    line = (
        '<p>Follow the Gazette on <a href="https://twitter.com/millbrookgaz">Twitter</a>, '
        '<a href="https://www.facebook.com/pages/MillbrookGazette/123">Facebook</a> and '
        '<a href="https://www.youtube.com/channel/UCmillbrook">YouTube</a>.</p>'
    )
    text, links = _page(line)
    assert links == {"https://audit.example/breakwater"}
    assert "Follow the Gazette" not in text


def test_a_line_linking_a_post_or_a_quotation_is_not_a_follow_line() -> None:
    post = '<p>The ferry company <a href="https://twitter.com/ferryco/status/1790000000000000001">posted</a>.</p>'
    quoted = (
        '<p>\u201cWe are ready,\u201d wrote <a href="https://twitter.com/ferryco">the ferry company</a>.</p>'
    )
    for line, url in (
        (post, "https://twitter.com/ferryco/status/1790000000000000001"),
        (quoted, "https://twitter.com/ferryco"),
    ):
        _, links = _page(line)
        assert url in links


def test_a_byline_of_author_pages_is_chrome() -> None:
    line = '<p>By <a href="/author/ada-quill/">Ada Quill</a> and <a href="/author/ben-orr/">Ben Orr</a></p>'
    _, links = _page(line)
    assert links == {"https://audit.example/breakwater"}


def test_a_line_of_links_to_the_sites_own_pages_is_chrome() -> None:
    tags = ", ".join(f'<a href="/tag/harbour-{i}/">harbour {i}</a>' for i in range(5))
    teasers = (
        "<p><strong>DON'T MISS</strong><br>"
        '<a href="/news/2026/05/ferry-fares">Ferry fares to rise in June</a> [ANALYSIS]<br>'
        '<a href="/news/2026/05/breakwater-cost">Breakwater repairs cost doubles</a> [VIDEO]</p>'
    )
    for line in (f"<p><strong>Tags<br>{tags}</strong></p>", teasers):
        text, links = _page(line)
        assert links == {"https://audit.example/breakwater"}, line
        assert "harbour 3" not in text and "Ferry fares" not in text


def test_prose_that_links_the_sites_own_pages_is_kept() -> None:
    line = (
        f'<p>{PROSE} The board\'s <a href="/news/2026/04/ferry-fares">earlier decision on fares</a> and '
        '<a href="/news/2026/03/breakwater">the March report</a> set the terms.</p>'
    )
    _, links = _page(line)
    assert "https://www.millbrook-gazette.example/news/2026/04/ferry-fares" in links


def test_a_call_to_subscribe_is_chrome() -> None:
    line = (
        '<h2><a href="https://lists.example/millbrook">Click here to subscribe to the Harbour Letter</a></h2>'
    )
    text, links = _page(line)
    assert links == {"https://audit.example/breakwater"}
    assert "Harbour Letter" not in text


def test_a_pager_line_is_chrome() -> None:
    pager = "<div><strong>1</strong> " + " ".join(f'<a href="?p={i}">{i}</a>' for i in range(2, 9)) + "</div>"
    _, links = _page(pager)
    assert links == {"https://audit.example/breakwater"}


def test_a_list_of_the_sites_own_stories_that_ends_the_body_is_chrome_with_its_heading() -> None:
    items = "".join(
        f'<li>Also this week: <a href="/news/2026/05/story-{i}">the story number {i}</a> in full</li>'
        for i in range(4)
    )
    text, links = _page(f"<h3>More from the Gazette</h3><ul>{items}</ul>")
    assert "https://www.millbrook-gazette.example/news/2026/05/story-1" in links  # mid-body: kept
    text, links = _read(f"<p>{PROSE}</p><p>{PROSE}</p><h3>More from the Gazette</h3><ul>{items}</ul>")
    assert not links and "More from the Gazette" not in text


def test_a_list_that_ends_the_body_citing_other_sites_is_kept() -> None:
    items = "".join(
        f'<li>The <a href="https://records{i}.example/report">report {i}</a> in full</li>' for i in range(4)
    )
    _, links = _read(f"<p>{PROSE}</p><p>{PROSE}</p><h3>Sources</h3><ul>{items}</ul>")
    assert len(links) == 4
