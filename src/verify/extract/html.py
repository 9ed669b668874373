"""Reading HTML: page metadata, the article body (chrome left out) and its blocks, links and embeds."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lxml import etree

from verify.documents.html import BLOCK_TAGS, INVISIBLE_TAGS, hidden, parse
from verify.extract.blocks import Block, Link, RawEmbed, TextBuilder
from verify.extract.dates import iso_datetime
from verify.extract.embeds import html_embed
from verify.extract.urls import normalize_url
from verify.models import Platform

if TYPE_CHECKING:
    from verify.documents import Document

# What the body leaves out besides what no reader sees: navigation, asides, forms, media and captions.
_DROP_TAGS = INVISIBLE_TAGS | {
    "nav",
    "aside",
    "footer",
    "form",
    "img",
    "picture",
    "title",
    "figure",
    "figcaption",
    "meta",
    "link",
    "label",
    "dialog",
    "menu",
}
_NEGATIVE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharebar|social|socials|related|recommended|recommendations|comment|comments|"
    r"sidebar|widget|promo|promotion|newsletter|subscribe|subscription|signup|advert|advertisement|ads?|adslot|"
    r"ad-slot|dfp|sponsor|sponsored|breadcrumbs?|byline|bio|author-info|tags?|topics|toolbar|popup|modal|cookie|"
    r"consent|more-stories|trending|popular|most-read|footer|masthead|navigation|nav|"
    r"navbar|menu|skip|print|outbrain|taboola|pagination|pager|jump|toc|disclaimer|rating|reactions|"
    r"follow|login|donate|banner|teaser|teasers|carousel|gallery-nav|visually-hidden|sr-only|meta)"
    r"(?:$|[\s_-])|(?:^|\s)(?:is-|u-)?hidden(?:$|\s)",
    re.I,
)
# Words that label the body's own text as much as a box beside it (a metered paywall hides the body's
# paragraphs behind `paywall`, `premium`, `locked`; a `read-more` expander folds the rest of the body
# away): what the element holds decides, not the word.
_GATED = re.compile(
    r"(?:^|[\s_-])(?:paywall|paywalled|premium|locked|metered|meter|subscriber|subscribers|subscriber-only|"
    r"members?-only|gated|regwall|restricted|piano|read-more|readmore)(?:$|[\s_-])",
    re.I,
)
# A class or id that is a heading's slug (`sharing-with-a-single-developer`) names a section, not chrome.
_SLUG = re.compile(r"[-_](?:a|an|the|of|with|to|and|for|in|on|is|how|why|what|your)(?:[-_]|$)", re.I)
_NEGATIVE_PREFIX = re.compile(
    r"(?:^|[\s_-])(?:promo|related|recirc|rollover|tooltip|popover|hovercard|newsletter|outbrain|taboola|"
    r"sponsor|teaser|sharing|share-|social-|advert|adunit|ad-unit|ad-container|adslot)",
    re.I,
)
_POSITIVE = re.compile(
    r"(?:^|[\s_-])(?:article|body|content|entry|post|story|text|main|prose)(?:$|[\s_-])", re.I
)
_READ_MORE = re.compile(
    r"^\s*(?:read more|related|see also|also read|more:|watch:|listen:|recommended)\b", re.I
)


@dataclass(slots=True)
class HtmlArticle:
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


def read_html(page: Document) -> HtmlArticle:
    """Metadata and body blocks of an HTML page (never raises on malformed markup).

    Reads the page's one parsed tree without changing it: chrome is skipped, not removed.
    """
    out = HtmlArticle()
    doc = page.tree
    page_url = page.url
    if doc is None:
        return out
    _metadata(doc, out, page_url)
    base = out.url or page_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = normalize_url(base_el.get("href") or "", page_url) or base
    roots = _body_roots(doc, out.url)
    embeds: dict[Any, RawEmbed] = {}
    for root in roots:
        embeds.update(_find_embeds(root, base))
    out.blocks.extend(_lead_players(roots[0], base))
    protected = set()
    for el in embeds:
        protected.update(el.iterancestors())
    site, host = _site(base), _host(base) if base else None
    for root in roots:
        protected.update(root.iterancestors())
        protected.add(root)
        chrome = _chrome(root, embeds, protected, site)
        blocks = [b for b in _walk(root, embeds, base, chrome) if not _chrome_block(b, host)]
        out.blocks.extend(_without_trailing_links(blocks, site))
    return out


_PLAYERS = frozenset([Platform.YOUTUBE, Platform.TIKTOK])


def _lead_players(root: Any, base: str | None) -> list[Block]:
    """The video players of the article holding `root` that come before it (a video post's lead player,
    in the article's header): part of the article though outside its body."""
    article = next((a for a in root.iterancestors() if a.tag == "article"), None)
    if article is None:
        return []
    blocks: list[Block] = []
    walker = etree.iterwalk(article, events=("start",))
    for _, el in walker:
        if el is root:
            break
        if not isinstance(el.tag, str) or el.tag not in ("iframe", "amp-youtube", "div", "blockquote"):
            continue
        embed = html_embed(el, base)
        if embed is not None and embed.platform in _PLAYERS:
            blocks.append(Block(text=embed.text or "", kind="embed", marks=[(0, embed.line)], embed=embed))
            walker.skip_subtree()
    return blocks


def parse_fragment_blocks(text: str, first_line: int, base: str | None) -> list[Block]:
    """Blocks of an HTML fragment that starts on `first_line` of a larger file (HTML inside Markdown)."""
    doc = parse(text)
    if doc is None:
        return []
    body = doc.find("body")
    root = body if body is not None else doc
    embeds = _find_embeds(root, base)
    blocks = _walk(root, embeds, base, set())
    for block in blocks:
        block.marks = [(off, line + first_line - 1) for off, line in block.marks]
        for link in block.links:
            link.line += first_line - 1
        if block.embed:
            block.embed.line += first_line - 1
    return blocks


# --------------------------------------------------------------------------- metadata


def _metadata(doc: Any, out: HtmlArticle, page_url: str | None) -> None:
    metas: dict[str, str] = {}
    for m in doc.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").lower()
        content = m.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
    ld = list(_json_ld(doc))
    article_ld = next((d for d in ld if _is_article(d)), None)
    if article_ld is None:
        article_ld = next((d for d in ld if "datePublished" in d or "headline" in d), None)
    ld_title = _ld_str(article_ld, "headline") or _ld_str(article_ld, "name")
    title_el = doc.find(".//title")
    h1 = doc.find(".//h1")
    title = (
        metas.get("og:title")
        or ld_title
        or metas.get("twitter:title")
        or (_clean_title(title_el.text_content()) if title_el is not None else None)
        or (h1.text_content() if h1 is not None else None)
    )
    out.title = " ".join(title.split()) if title else None
    published = (
        _ld_str(article_ld, "datePublished")
        or metas.get("article:published_time")
        or metas.get("og:published_time")
        or metas.get("datepublished")
        or metas.get("pubdate")
        or metas.get("publishdate")
        or metas.get("publish-date")
        or metas.get("parsely-pub-date")
        or metas.get("sailthru.date")
        or metas.get("dc.date.issued")
        or metas.get("dc.date")
        or metas.get("dcterms.created")
        or metas.get("date")
        or _ld_str(article_ld, "dateCreated")
    )
    if not published:
        for t in doc.iter("time"):
            value = t.get("datetime") or (t.text_content() if t.get("pubdate") is not None else None)
            if value:
                published = value
                break
    out.published = iso_datetime(published)
    canonical = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href")
            break
    canonical = canonical or metas.get("og:url") or _ld_str(article_ld, "url")
    out.url = normalize_url(canonical, page_url) if canonical else None
    out.url = out.url or (normalize_url(page_url) if page_url else None)
    lang = doc.get("lang") or doc.get("xml:lang") or metas.get("content-language") or metas.get("og:locale")
    lang = lang or _ld_str(article_ld, "inLanguage")
    if lang:
        lang = re.split(r"[-_]", lang.strip())[0].lower() or None
    out.language = lang


def _clean_title(title: str) -> str | None:
    title = " ".join(title.split())
    parts = re.split(r"\s+[|–—-]\s+", title)
    return parts[0] if parts and parts[0] else title or None


def _json_ld(doc: Any) -> Iterator[dict[str, Any]]:
    for script in doc.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        yield from _ld_items(data, 0)


def _ld_items(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 5:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_items(data["@graph"], depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _ld_items(main, depth + 1)


def _is_article(d: dict[str, Any]) -> bool:
    kinds = d.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(
        isinstance(k, str) and (k.endswith("Article") or k in ("BlogPosting", "Report")) for k in kinds
    )


def _ld_str(d: dict[str, Any] | None, key: str) -> str | None:
    if not d:
        return None
    value = d.get(key)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


# --------------------------------------------------------------------------- body scoping


def _text_len(el: Any) -> int:
    return len(" ".join(el.text_content().split()))


def _paragraph_len(el: Any) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def _body_roots(doc: Any, url: str | None = None) -> list[Any]:
    """The element(s) holding the article's text: articleBody, else <article>, else the best-scored node
    with the sibling sections it is split into."""
    bodies = [
        el
        for el in doc.iter()
        if isinstance(el.tag, str) and "articlebody" in (el.get("itemprop") or "").lower()
    ]
    bodies = [el for el in bodies if not any(a in bodies for a in el.iterancestors())]
    if bodies and sum(_paragraph_len(b) for b in bodies) > 150:
        return bodies
    articles = _the_article(doc, url)
    if articles:
        return articles
    for xpath in (".//*[@role='main']", ".//main"):
        found = doc.find(xpath)
        if found is not None and _paragraph_len(found) > 300:
            return _best_scored(found) or [found]
    scored = _best_scored(doc)
    if scored:
        return scored
    body = doc.find("body")
    return [body if body is not None else doc]


def _the_article(doc: Any, url: str | None) -> list[Any]:
    """The <article> the page is: the one its canonical URL names, else the first with a body.

    Pages holding several stories (infinite scroll, next-story lists) name theirs by a link in its
    heading, an attribute holding its URL, or an id its URL carries; comments marked up as <article>
    are not it. Entries of one story (a live blog's updates, none a story of its own) are kept together.
    """
    articles = [a for a in doc.iter("article") if not any(p.tag == "article" for p in a.iterancestors())]
    articles = [a for a in articles if _is_chrome(a) not in ("tag", "class")]
    if len(articles) == 1 and _paragraph_len(articles[0]) < 300:
        # one <article> with little prose, on a page with far more: a teaser box, not the story
        return [] if _paragraph_len(articles[0]) * 4 < _paragraph_len(doc) else articles
    if len(articles) <= 1:
        return articles
    real = [a for a in articles if _paragraph_len(a) > 300]
    if not real:
        return []
    named = [a for a in real if _names(a, url)]
    if named:
        return named[:1]
    if sum(1 for a in real if _is_story(a, url)) < 2:
        return [a for a in real if a.getparent() is real[0].getparent()]
    return real[:1]


def _is_story(article: Any, url: str | None) -> bool:
    """True for an <article> that is a story of its own: a top heading, or a heading linking elsewhere."""
    if article.find(".//h1") is not None:
        return True
    path = urlsplit(url).path.rstrip("/") if url else None
    for heading in article.iter("h2", "h3"):
        for a in heading.iter("a"):
            href = normalize_url(a.get("href") or "", url)
            if href and urlsplit(href).path.rstrip("/") != path:
                return True
        break
    return False


def _names(article: Any, url: str | None) -> bool:
    """True when `article` says it is the page at `url`."""
    if not url:
        return False
    path = urlsplit(url).path.rstrip("/")
    if len(path) < 2:
        return False
    for value in article.attrib.values():
        if path in value or (value.startswith("http") and normalize_url(value) == url):
            return True
    if any(len(d) >= 4 and d in path for d in re.findall(r"\d+", article.get("id") or "")):
        return True
    for heading in article.iter("h1", "h2"):
        for a in heading.iter("a"):
            href = normalize_url(a.get("href") or "", url)
            if href and urlsplit(href).path.rstrip("/") == path:
                return True
        break
    return False


def _best_scored(doc: Any) -> list[Any]:
    """Readability's idea: each paragraph credits its parent and grandparent; the best node wins, with
    the siblings that score as a body too (a body split into sections by pull quotes, ads or boxes)."""
    scores: dict[Any, float] = {}
    for p in doc.iter("p", "pre", "td", "div", "section"):
        if p.tag in ("div", "section"):
            text = _direct_text(p)  # paragraphs set apart by <br> alone, in no <p>
            if len(text) < 100:
                continue
            pieces = max(1, sum(1 for child in p if child.tag == "br" and (child.tail or "").strip()))
        else:
            if p.tag == "td" and p.find(".//p") is not None:
                continue  # a layout cell: its paragraphs credit their own parents
            text = " ".join(p.text_content().split())
            if len(text) < 25 or _link_density(p) > 0.5:
                continue  # a list of links (names, tags) is not prose
            pieces = 1
        holder = _candidate(p.getparent())
        if holder is None:
            continue
        # each <br>-separated piece counts as the paragraph it reads as (its length share: up to 3 each)
        points = pieces + text.count(",") + min(len(text) // 100, 3 * pieces)
        scores[holder] = scores.get(holder, 0.0) + points
        grand = _candidate(holder.getparent())
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + points / 2
    unseen: dict[Any, bool] = {}
    boxed: dict[Any, bool] = {}
    weighted = {
        el: raw
        * _weight(el)
        * (1 - _link_density(el))
        * (0.25 if _in_chrome_box(el.getparent(), boxed) else 1)
        for el, raw in scores.items()
        if not _hidden_within(el, unseen)  # a copy the page hides (metadata for crawlers) is not its body
    }
    if not weighted:
        return []
    best = max(weighted, key=weighted.__getitem__)  # the first of equals, in reading order
    parent = best.getparent()
    if parent is None:
        return [best]
    bar = max(weighted[best] * 0.2, 3.0)
    return [el for el in parent if el is best or (weighted.get(el, 0.0) >= bar and _is_chrome(el) is None)]


# What holds a quotation, a table's rows or a phrase is not the body: its paragraphs credit what holds it.
_NOT_CANDIDATES = frozenset(
    ["blockquote", "table", "tbody", "thead", "tfoot", "tr", "span", "font", "b", "i", "em", "strong", "a"]
)


def _candidate(el: Any) -> Any:
    while el is not None and el.tag in _NOT_CANDIDATES:
        el = el.getparent()
    return el


def _direct_text(el: Any) -> str:
    """The element's own prose: its text, its children's tails and the words of its inline phrases
    (empty when links make up half of it: a line of navigation)."""
    parts = [el.text or ""]
    linked = 0
    for child in el:
        if child.tag == "a" or child.tag in _PHRASES:
            words = child.text_content()
            linked += len(words) if child.tag == "a" else 0
            parts.append(words)
        parts.append(child.tail or "")
    text = " ".join(" ".join(parts).split())
    return "" if linked * 2 > len(text) else text


# inline elements whose words are their parent's prose (a <span> too: bodies written as <div><span> lines)
_PHRASES = frozenset(
    ["b", "i", "em", "strong", "q", "cite", "abbr", "time", "mark", "small", "sub", "sup", "span", "font",
     "u"]
)  # fmt: skip


def _held_by(el: Any, memo: dict[Any, bool], test: Callable[[Any], bool]) -> bool:
    """True when `el` or an element holding it passes `test` (answers remembered along the way up)."""
    path = []
    answer = False
    while el is not None:
        if el in memo:
            answer = memo[el]
            break
        path.append(el)
        if test(el):
            answer = True
            break
        el = el.getparent()
    for seen in path:
        memo[seen] = answer
    return answer


def _hidden_within(el: Any, memo: dict[Any, bool]) -> bool:
    """True when `el` or an element holding it is hidden."""
    return _held_by(el, memo, hidden)


def _in_chrome_box(el: Any, memo: dict[Any, bool]) -> bool:
    """True when `el` or an element holding it is named as chrome and not as content (`#comments`,
    `.sidebar`): what scores inside it is a comment's or a box's, not the article's."""
    return _held_by(el, memo, lambda e: _weight(e) < 1)


def _weight(el: Any) -> float:
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    negative, positive = _NEGATIVE.search(attrs), _POSITIVE.search(attrs)
    if negative:
        return 1.0 if positive else 0.25  # `comment_content`: a comment's content is no article's
    return 1.25 if positive else 1.0


def _link_density(el: Any) -> float:
    total = _text_len(el)
    if not total:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return min(linked / total, 1.0)


def _find_embeds(root: Any, base: str | None) -> dict[Any, RawEmbed]:
    found: dict[Any, RawEmbed] = {}
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        if not isinstance(el.tag, str):
            continue
        embed = html_embed(el, base)
        if embed is not None:
            found[el] = embed
            walker.skip_subtree()
    return found


class _Sizes:
    """Per element of a subtree, counted once bottom-up: characters of text, of link text, of paragraph
    text, and paragraphs of more than 80 characters (whitespace left out of every count)."""

    __slots__ = ("_of",)

    def __init__(self, root: Any) -> None:
        self._of: dict[Any, list[int]] = {}
        stack: list[list[int]] = []
        for event, el in etree.iterwalk(root, events=("start", "end")):
            if event == "start":
                stack.append([_chars(el.text), 0, 0, 0])
                continue
            sizes = stack.pop()
            tag = el.tag
            if tag == "a":
                sizes[1] = sizes[0]
            elif tag == "p":
                sizes[2], sizes[3] = sizes[0], int(sizes[0] > 80)
            self._of[el] = sizes
            if stack:
                parent = stack[-1]
                parent[0] += sizes[0] + _chars(el.tail)
                parent[1] += sizes[1]
                parent[2] += sizes[2]
                parent[3] += sizes[3]

    def of(self, el: Any) -> list[int]:
        return self._of.get(el) or [0, 0, 0, 0]


def _chars(text: str | None) -> int:
    return len(text) - sum(map(text.count, " \n\t\r")) if text else 0


def _chrome(root: Any, embeds: dict[Any, RawEmbed], protected: set[Any], site: str | None) -> set[Any]:
    """The outermost elements under `root` that are chrome (navigation, sharing, teasers...), to skip.

    An element that is chrome by its class or id words alone is kept when what it holds is the body:
    most of the root's paragraphs, starting before the body has begun (a page builder's `widget`
    wrapper), or, for the words a paywall puts on the body (`paywall`, `premium`, `locked`), paragraphs
    of prose with few links.
    """
    doomed: set[Any] = set()
    sizes: _Sizes | None = None
    seen = 0  # paragraph characters met so far, in reading order
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        tag = el.tag
        if el in embeds:
            walker.skip_subtree()
            continue
        if not isinstance(tag, str):
            continue
        kind = None if el in protected else "tag" if tag in _DROP_TAGS else _is_chrome(el, site)
        if tag == "footer" and any(a.tag == "blockquote" for a in el.iterancestors()):
            kind = None  # a block quotation's own attribution line (`— Name`)
        elif kind in ("class", "gated") and tag == "a" and el.getparent() is not None:
            # a link inside a sentence (`<a id="auto-tag_x">`): the sentence decides, as a line
            kind = None if el.getparent().tag in _PROSE_HOLDERS else kind
        if kind in ("class", "gated"):
            sizes = sizes or _Sizes(root)
            if _holds_body(sizes.of(el), sizes.of(root), seen, kind):
                kind = None
        if kind is not None:
            doomed.add(el)
            walker.skip_subtree()
        elif tag == "p":
            sizes = sizes or _Sizes(root)
            seen += sizes.of(el)[2]
    return doomed


_PROSE_HOLDERS = frozenset(["p", "li", "dd", "blockquote", "td", "b", "i", "em", "strong", "span"])


def _holds_body(el: list[int], root: list[int], seen: int, kind: str) -> bool:
    text, linked, paragraphs, long_paragraphs = el
    density = linked / text if text else 0.0
    if paragraphs >= 400 and paragraphs * 2 >= root[2] and seen * 4 < root[2] and density < 0.7:
        return True
    return kind == "gated" and long_paragraphs >= 2 and density < 0.35


def _site(url: str | None) -> str | None:
    """The last two labels of a URL's host (`www.latimes.com` → `latimes.com`): links there are internal."""
    labels = ((urlsplit(url).hostname or "") if url else "").split(".")
    # a country's second level (`bbc.co.uk`, `abc.net.au`) is not the site: one more label is
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVELS else 2
    return ".".join(labels[-keep:]) or None


_SECOND_LEVELS = frozenset(["co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gv"])


def _internal_only(el: Any, site: str | None) -> bool:
    hrefs = [a.get("href") or "" for a in el.iter("a")]
    if not site or not hrefs:
        return False
    return all((h.startswith("/") and not h.startswith("//")) or _site(h) == site for h in hrefs)


def _class_words(el: Any) -> str:
    """The element's class and id, leaving out heading slugs."""
    attrs = f"{el.get('class', '')} {el.get('id', '')}"
    if "-" in attrs or "_" in attrs:
        attrs = " ".join(t for t in attrs.split() if t.count("-") + t.count("_") < 3 or not _SLUG.search(t))
    return attrs


_CHROME_ROLES = frozenset(
    ["navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "search", "dialog"]
)


def _is_chrome(el: Any, site: str | None = None) -> str | None:
    """Why `el` is chrome: "tag" (its tag, role or hidden state), "class" (its class or id words),
    "gated" (paywall words only), "links" (a teaser or a list of links); None when it is not."""
    tag = el.tag
    if tag == "header" or "promo" in tag:
        return "tag"
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return "tag"
    if (el.get("role") or "").lower() in _CHROME_ROLES:
        return "tag"
    attrs = _class_words(el)
    if attrs.strip():
        if _NEGATIVE.search(attrs) or _NEGATIVE_PREFIX.search(attrs):
            return "class"
        if _GATED.search(attrs):
            return "gated"
    return "links" if _link_chrome(el, tag, site) else None


def _link_chrome(el: Any, tag: str, site: str | None) -> bool:
    if tag in ("p", "div", "li", "h2", "h3", "h4", "h5", "h6"):
        # a paragraph that is nothing but a link to the site's own pages is a teaser, not a citation
        text = el.text_content()
        if len(text) < 300 and _link_density(el) >= 0.9 and _internal_only(el, site):
            return True
    if tag in ("div", "ul", "ol", "section", "table", "dl", "p"):
        links = el.findall(".//a")
        if tag == "p" and links and _READ_MORE.match(el.text_content()) and _link_density(el) > 0.4:
            return True
        if len(links) >= 3 and tag != "p" and _link_density(el) > 0.6:
            return True
    return False


# --------------------------------------------------------------------------- chrome lines in the body

_LINE_MAX = 300  # characters: a line of chrome is short; a paragraph of prose that links is not chrome
_SOCIAL_HOSTS = frozenset(
    [
        "twitter.com",
        "x.com",
        "facebook.com",
        "instagram.com",
        "youtube.com",
        "linkedin.com",
        "tiktok.com",
        "threads.net",
        "pinterest.com",
        "t.me",
        "flipboard.com",
        "reddit.com",
        "tumblr.com",
        "snapchat.com",
    ]
)
# The first path segments of a social network's profile, page and share forms (else one segment, a handle).
_PROFILE_PREFIXES = frozenset(
    ["pages", "c", "channel", "user", "company", "in", "groups", "intent", "sharer", "sharer.php", "share"]
)
_AUTHOR_PATH = re.compile(
    r"/(?:authors?|autors?|autor|auteur|autore|byline|contributors?|staff|people|"
    r"profiles?|journalists?|writers?|reporters?)/[^/?#]",
    re.I,
)
_CALL = re.compile(
    r"^\W*(?:click here to )?(?:subscribe|sign up|signup|register|join|get our|newsletter)\b", re.I
)
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d\u201e\u00ab\u00bb]")


def _chrome_block(block: Block, host: str | None) -> bool:
    """True for a short line of the body that is chrome by its links: a follow or share line (links to
    social profiles, never to a post), a byline (links to author pages), a line of links to the site's
    own pages (tags, "don't miss" teasers, pagination), a call to subscribe. A quotation is never one."""
    links = block.links
    text = block.text
    if not links or block.embed is not None or len(text) > _LINE_MAX or _QUOTE_MARKS.search(text):
        return False
    hosts = [_host(lk.href) for lk in links]
    if block.kind != "blockquote" and all(_profile(lk.href, h) for lk, h in zip(links, hosts, strict=True)):
        return True
    if len(text) < 160 and all(_AUTHOR_PATH.search(lk.href) for lk in links):
        return True
    # shares of the visible characters, spaces left out (`1 <a>2</a> <a>3</a>` is a pager's line)
    linked = sum(_chars(text[lk.start : lk.end]) for lk in links)
    visible = _chars(text)
    # list items are lists' business (a changelog's items are lines of links to its tracker)
    if block.kind == "p" and linked >= 0.6 * visible and len(links) >= 2 and len(set(hosts)) == 1:
        return host is not None and hosts[0] == host
    return linked >= 0.5 * visible and any(_CALL.match(text[lk.start : lk.end]) for lk in links)


def _without_trailing_links(blocks: list[Block], site: str | None) -> list[Block]:
    """The blocks of a body without the list it ends with when every item of it links the site's own
    pages ("more great stories", "read next"), nor the heading that introduces that list."""
    start = len(blocks)
    while start and _own_item(blocks[start - 1], site):
        start -= 1
    if len(blocks) - start < 3:
        return blocks
    if start and blocks[start - 1].kind == "heading":
        start -= 1
    return blocks[:start]


def _own_item(block: Block, site: str | None) -> bool:
    return bool(site and block.kind == "li" and block.links) and all(
        _site(lk.href) == site for lk in block.links
    )


def _profile(url: str, host: str) -> bool:
    """True for a link to a social network's profile, page or share form (a follow or share line's)."""
    if host not in _SOCIAL_HOSTS:
        return False
    segments = urlsplit(url).path.strip("/").split("/")
    return (len(segments) == 1 and segments[0] != "") or segments[0].lower() in _PROFILE_PREFIXES


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix) and host.count(".") > 1:
            return host[len(prefix) :]
    return host


# --------------------------------------------------------------------------- blocks


class _Walk:
    """The state of one walk over a body: the blocks made so far and the one being built."""

    __slots__ = ("base", "blocks", "builder", "embeds", "kinds", "line", "open_links", "root")

    def __init__(self, root: Any, embeds: dict[Any, RawEmbed], base: str | None) -> None:
        self.root = root
        self.embeds = embeds
        self.base = base
        self.blocks: list[Block] = []
        self.builder = TextBuilder()
        self.kinds: list[str] = []
        self.line: int = root.sourceline or 1
        self.open_links: list[tuple[Any, int, str, int]] = []

    def flush(self) -> None:
        block = self.builder.take(self.kinds[-1] if self.kinds else "p")
        if block is not None:
            self.blocks.append(block)

    def tail(self, el: Any) -> None:
        self.line = self.builder.add(el.tail, self.line)

    def start(self, el: Any, tag: str) -> bool:
        """Opens `el`; True when its subtree is to be skipped (an embed, whole in one block)."""
        if el.sourceline and el.sourceline > self.line:
            self.line = el.sourceline
        if el in self.embeds:
            self.flush()
            embed = self.embeds[el]
            block = Block(text=embed.text or "", kind="embed", marks=[(0, embed.line)], embed=embed)
            self.blocks.append(block)
            return True
        if not tag:
            return False
        builder = self.builder
        if tag in BLOCK_TAGS:
            self.flush()
            self.kinds.append(_kind(tag, self.kinds))
        elif tag == "br":
            builder.space()
        elif tag == "q":
            builder.add("\u201c", self.line)  # browsers draw <q>'s marks; the text needs them
        elif tag == "a" and el.get("href"):
            self.open_links.append((el, builder.position(), el.get("href"), self.line))
        self.line = builder.add(el.text, self.line)
        return False

    def end(self, el: Any, tag: str) -> None:
        if el in self.embeds:
            self.tail(el)
            return
        if tag in BLOCK_TAGS:
            self.flush()
            if self.kinds:
                self.kinds.pop()
        elif tag == "q":
            self.builder.add("\u201d", self.line)
        elif tag == "a" and self.open_links and self.open_links[-1][0] is el:
            _, start, href, link_line = self.open_links.pop()
            url = normalize_url(href, self.base)
            if url:
                self.builder.links.append(Link(start, self.builder.length, url, link_line))
        if el is not self.root:
            self.tail(el)


def _walk(root: Any, embeds: dict[Any, RawEmbed], base: str | None, chrome: set[Any]) -> list[Block]:
    state = _Walk(root, embeds, base)
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if el in chrome:
            # skipped whole, as if removed: only its tail is text (and on the line reached so far)
            if event == "start":
                walker.skip_subtree()
            else:
                state.tail(el)
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if state.start(el, tag):
                walker.skip_subtree()
        else:
            state.end(el, tag)
    state.flush()
    return state.blocks


def _kind(tag: str, kinds: list[str]) -> str:
    if "blockquote" in kinds or tag == "blockquote":
        return "blockquote"
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if tag in ("li", "dd", "dt"):
        return "li"
    return "p"
