"""Body scoping by classes of pages: words that label the body's own text, pages holding several
articles, bodies split into sections, prose set apart by <br>, and pages with no article (fictional)."""

from __future__ import annotations

from verify.documents import from_bytes
from verify.extract import extract
from verify.extract.html import read_html
from verify.models import InputFormat, SourceKind

URL = "https://millbrook.example/news/harbour-board"
PROSE = (
    "The Millbrook harbour board met on Tuesday evening to weigh the dredging plan, the new ferry "
    "timetable and the cost of repairing the northern breakwater after the winter storms"
)
NAV = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(8))
RELATED = "".join(f'<li><a href="/story/{i}">Other story number {i}</a></li>' for i in range(6))


def _doc(body: str, head: str = "", url: str = URL):  # type: ignore[no-untyped-def]
    html = (
        f"<html><head><title>Harbour board</title>{head}</head><body><nav><ul>{NAV}</ul></nav>{body}"
        f'<div class="related"><ul>{RELATED}</ul></div><footer>Millbrook Gazette</footer></body></html>'
    )
    return from_bytes(html.encode(), "text/html", url=url, input="page.html", format=InputFormat.HTML)


def _body(body: str, head: str = "", url: str = URL) -> tuple[str, set[str]]:
    """(the body's text, the URLs of its links) as extraction reads them."""
    doc = _doc(body, head, url)
    text = " ".join(b.text for b in read_html(doc).blocks)
    links = {s.url for s in extract(doc).sources if s.kind is SourceKind.LINK and s.url}
    return text, links


def _para(i: int, link: str | None = None) -> str:
    cite = f', as <a href="{link}">the report number {i}</a> shows' if link else ""
    return f"<p>{PROSE}{cite}; point {i} was agreed after a long debate.</p>"


def test_paywall_premium_and_locked_boxes_that_hold_the_body_keep_its_paragraphs() -> None:
    for word in ("paywall", "premium-content", "article-locked", "meter-gated", "subscriber-only"):
        body = (
            f'<article><div class="story-body">{_para(0)}<div class="{word}">'
            f"{_para(1, 'https://ferries.example/timetable')}{_para(2, 'https://audit.example/breakwater')}"
            '</div><div class="paywall-offer"><p>Subscribe to keep reading.</p></div></div></article>'
        )
        text, links = _body(body)
        assert {"https://ferries.example/timetable", "https://audit.example/breakwater"} <= links, word
        assert "point 2 was agreed" in text, word
        assert "Subscribe to keep reading" not in text, word  # the offer box itself is chrome


def test_a_wrapper_named_like_chrome_that_holds_the_whole_body_is_the_body() -> None:
    # page builders wrap the body in `widget` boxes; Drupal labels a field `label-hidden`
    for cls in ("builder-widget-container", "field field--name-body field--label-hidden"):
        paras = "".join(_para(i, f"https://records.example/{i}") for i in range(4))
        text, links = _body(f'<div class="page"><div class="{cls}">{paras}</div></div>')
        assert {f"https://records.example/{i}" for i in range(4)} <= links, cls
        assert "point 3 was agreed" in text, cls


def test_a_widget_beside_the_body_is_still_chrome() -> None:
    paras = "".join(_para(i, f"https://records.example/{i}") for i in range(4))
    widget = '<div class="widget"><p>Weather today: 14 degrees, light rain over the harbour.</p></div>'
    text, _ = _body(f'<div class="page"><div class="story">{paras}</div>{widget}</div>')
    assert "Weather today" not in text


def test_a_section_whose_id_is_a_heading_slug_is_not_chrome() -> None:
    body = (
        '<div class="doc"><div class="section" id="sharing-with-a-single-crew">'
        f"<h2>Sharing with a single crew</h2>{_para(0, 'https://crews.example/a')}{_para(1)}</div>"
        '<div class="section" id="sharing-with-the-whole-fleet">'
        f"<h2>Sharing with the whole fleet</h2>{_para(2, 'https://crews.example/b')}{_para(3)}</div></div>"
    )
    _, links = _body(body)
    assert {"https://crews.example/a", "https://crews.example/b"} <= links


def _story(slug: str, n: int, heading: str = "h2") -> str:
    paras = "".join(_para(i, f"https://{slug}.example/source{i}") for i in range(n))
    title = f'<{heading}><a href="/news/{slug}">{slug}</a></{heading}>'
    return f'<article id="story-{slug}">{title}{paras}</article>'


def test_of_several_articles_the_one_the_canonical_url_names_is_kept() -> None:
    body = _story("ferry-fares", 3) + _story("harbour-board", 2) + _story("lighthouse", 4)
    head = f'<link rel="canonical" href="{URL}">'
    _, links = _body(body, head)
    assert {"https://harbour-board.example/source0", "https://harbour-board.example/source1"} <= links
    assert not any("ferry-fares" in u or "lighthouse" in u for u in links)


def test_of_several_articles_none_names_the_first_is_kept() -> None:
    body = _story("ferry-fares", 2) + _story("lighthouse", 4)
    _, links = _body(body, url="https://millbrook.example/live")
    assert "https://ferry-fares.example/source0" in links
    assert not any("lighthouse" in u for u in links)


def test_comments_marked_up_as_articles_are_not_the_article() -> None:
    comments = "".join(
        f'<article class="comment-body" id="comment-{i}"><p>{PROSE}, wrote reader {i} at length '
        f'about <a href="https://reader{i}.example/">my blog</a>, again and again.</p>'
        f"<p>{PROSE}.</p></article>"
        for i in range(3)
    )
    story = "".join(_para(i, f"https://records.example/{i}") for i in range(3))
    _, links = _body(f'<div class="entry">{story}</div><div id="thread">{comments}</div>')
    assert {f"https://records.example/{i}" for i in range(3)} <= links
    assert not any("reader" in u for u in links)


def test_a_live_blog_keeps_every_entry() -> None:
    entries = "".join(
        f'<article class="update" id="update-{i}"><time>10:0{i}</time>{_para(i, f"https://updates.example/{i}")}'
        f"{_para(i + 10)}</article>"
        for i in range(4)
    )
    _, links = _body(f'<div class="live-updates">{entries}</div>', url="https://millbrook.example/live/storm")
    assert {f"https://updates.example/{i}" for i in range(4)} <= links


def test_a_body_split_into_sibling_sections_keeps_every_section() -> None:
    # no <article>, no articleBody: the best-scored section and its siblings that score as a body
    first = "".join(_para(i, f"https://one.example/{i}") for i in range(3))
    second = "".join(_para(i, f"https://two.example/{i}") for i in range(3, 6))
    body = (
        f'<div id="content"><div class="story-part">{first}</div>'
        '<aside class="pullquote"><p>“The breakwater cannot wait another winter.”</p></aside>'
        '<div class="ad-slot"><p>Advertisement</p></div>'
        '<div class="newsletter"><p>Sign up for the morning briefing.</p></div>'
        f'<div class="story-part">{second}</div></div>'
    )
    text, links = _body(body)
    assert {f"https://one.example/{i}" for i in range(3)} | {
        f"https://two.example/{i}" for i in range(3, 6)
    } <= links
    assert "Advertisement" not in text and "Sign up" not in text


def test_prose_set_apart_by_line_breaks_is_read_as_the_body() -> None:
    lines = "<br><br>".join(
        f'{PROSE}, and <a href="https://minutes.example/{i}">the minutes</a> record item {i} in full'
        for i in range(5)
    )
    quote = (
        f"<blockquote><p>{PROSE}, wrote the founder in 1902, and the same again, and again.</p></blockquote>"
    )
    text, links = _body(f'<div class="wrap"><div class="article-text">{quote}{lines}</div></div>')
    assert {f"https://minutes.example/{i}" for i in range(5)} <= links
    assert "record item 4 in full" in text


def test_a_hidden_copy_for_crawlers_is_not_the_body() -> None:
    copy = "".join(f"<p>{PROSE}, {PROSE}, {PROSE}.</p>" for _ in range(6))
    hidden = f'<div style="display:none" itemscope><div itemprop="text">{copy}</div></div>'
    visible = "".join(_para(i, f"https://records.example/{i}") for i in range(3))
    _, links = _body(f'{hidden}<div class="main-column"><div class="post">{visible}</div></div>')
    assert {f"https://records.example/{i}" for i in range(3)} <= links


def test_a_page_with_no_article_reports_little_and_invents_nothing() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/news/item-{i}">Harbour item {i}</a></h3>'
        "<span>5 min read</span></div>"
        for i in range(12)
    )
    doc = _doc(f'<main><div class="grid">{cards}</div></main>')
    found = extract(doc)
    assert not found.quotes and not found.embeds
    assert not [s for s in found.sources if s.kind is SourceKind.LINK and "/news/item-" in (s.url or "")]


def test_a_page_heavy_with_inline_scripts_keeps_its_structure() -> None:
    # scripts outweighing the text once made the page look cut short and re-read flat (chrome lost)
    config = ", ".join(f'"k{i}": "value {i} word word"' for i in range(3000))
    paras = "".join(_para(i, f"https://records.example/{i}") for i in range(3))
    box = '<div class="newsletter"><p>Sign up for the morning briefing and read it first.</p></div>'
    text, links = _body(
        f'<div class="story">{paras}{box}</div>', head=f"<script>var c = {{{config}}};</script>"
    )
    assert {f"https://records.example/{i}" for i in range(3)} <= links
    assert "Sign up for the morning briefing" not in text
