"""Evaluate body scoping and embeds on the shared real pages: one table per corpus (skipped when absent).

For every page with ground truth (articles/: scrapinghub articleBody, mozilla expected.html, newspaper4k
.txt; more/aeb, more/readability, more/newspaper4k likewise) it scores
- body-link precision and recall: a link of the page is a body link when the words around its anchor
  (its anchor and up to five words either side, in its paragraph) occur in the ground-truth text, chrome
  when they do not; links it cannot decide (too few words) count for neither. Ours are the extraction's
  LINK sources. STANDALONE: a link that is the whole of its paragraph (a headline line) decides nothing
  either: with no words around it, a teaser ("next story", "more on") and a cited headline read alike,
  and the ground truths disagree about such lines (newspaper4k keeps a page's teaser lines, aeb keeps
  some related-post headlines and drops others), so either answer would score the truth's convention.
- body-text recall: the share of ground-truth paragraphs (8 words or more) found in our body blocks.
- embed recall: posts in the page's embed markup, found by patterns written here independently of the
  extractor (blockquotes, iframes with src or data-src, amp-* elements, rendered iframes, data-* ids),
  against the embeds the extraction reports.

Run: python evaluation/eval_body.py [--verbose] [--corpus NAME]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tabulate import tabulate

from verify.documents import Document, from_bytes
from verify.documents.html import BLOCK_TAGS, visible_text
from verify.documents.html import parse as parse_html
from verify.extract import extract
from verify.extract.html import read_html
from verify.extract.urls import normalize_url
from verify.models import InputFormat, SourceKind

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realworld"
ARTICLES = SHARED / "articles"
MORE = SHARED / "more"
_WORD = re.compile(r"\w+")
WINDOW = 5  # words either side of an anchor that decide whether it is in the body
MIN_DECIDING = 6  # fewer words around an anchor decide nothing
MIN_PARAGRAPH = 8  # words: shorter ground-truth lines are headings and captions
# Classes and tags of the embed markup itself: links inside a post are the post's, not the body's.
_EMBED_CLASS = re.compile(
    r"twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|reddit-embed|fb-post|mastodon-embed"
    r"|text-post-media|twitter-timeline",
    re.I,
)


def words(text: str) -> str:
    """Text as lower-case words joined by one space (punctuation and quotation marks left out)."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Page:
    corpus: str
    name: str
    html: bytes
    truth_text: str
    url: str | None = None


@dataclass
class Score:
    """Counts summed over pages."""

    pages: int = 0
    ours_decided: int = 0
    ours_right: int = 0
    truth_links: int = 0
    truth_found: int = 0
    paragraphs: int = 0
    paragraphs_found: int = 0
    posts: int = 0
    posts_found: int = 0
    zero_link_pages: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "pages",
            "ours_decided",
            "ours_right",
            "truth_links",
            "truth_found",
            "paragraphs",
            "paragraphs_found",
            "posts",
            "posts_found",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.zero_link_pages.extend(other.zero_link_pages)

    @property
    def precision(self) -> float | None:
        return self.ours_right / self.ours_decided if self.ours_decided else None

    @property
    def recall(self) -> float | None:
        return self.truth_found / self.truth_links if self.truth_links else None

    @property
    def text_recall(self) -> float | None:
        return self.paragraphs_found / self.paragraphs if self.paragraphs else None

    @property
    def embed_recall(self) -> float | None:
        return self.posts_found / self.posts if self.posts else None


# --------------------------------------------------------------------------- corpora


def pages(corpus: str | None = None) -> Iterator[Page]:
    """Every page with ground truth, corpus by corpus."""
    if corpus in (None, "articles"):
        yield from _articles()
    if corpus in (None, "more/aeb"):
        yield from _aeb()
    if corpus in (None, "more/readability"):
        yield from _readability()
    if corpus in (None, "more/newspaper4k"):
        yield from _newspaper()


def _expected_text(path: Path) -> str:
    root = parse_html(path.read_text(encoding="utf-8", errors="replace"))
    return visible_text(root) if root is not None else ""


def _articles() -> Iterator[Page]:
    gt = ARTICLES / "groundtruth"
    for path in sorted(ARTICLES.glob("*.html")):
        stem = path.name.removesuffix(".html")
        truth: str | None = None
        url = None
        for js in (gt / f"{stem}.groundtruth.json", gt / f"{stem}.json"):
            if js.exists():
                data = json.loads(js.read_text(encoding="utf-8"))
                body = data.get("articleBody") or (data.get("expected") or {}).get("cleaned_text")
                truth = body if isinstance(body, str) else None
                url = data.get("url") if isinstance(data.get("url"), str) else None
                break
        txt = gt / f"{stem}.txt.txt"
        if truth is None and txt.exists():
            truth = txt.read_text(encoding="utf-8")
        expected = gt / f"{stem.removesuffix('__source')}__expected.html"
        if truth is None and expected.exists():
            truth = _expected_text(expected)
        if truth:
            yield Page("articles", path.name, path.read_bytes(), truth, url)


def _aeb() -> Iterator[Page]:
    truth_file = MORE / "aeb" / "ground-truth.json"
    if not truth_file.exists():
        return
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    for sha, item in sorted(truth.items()):
        path = MORE / "aeb" / f"{sha}.html.gz"
        if path.exists() and item.get("articleBody"):
            yield Page(
                "more/aeb", sha[:16], gzip.decompress(path.read_bytes()), item["articleBody"], item.get("url")
            )


def _readability() -> Iterator[Page]:
    for folder in sorted((MORE / "readability").glob("*/")):
        source, expected = folder / "source.html", folder / "expected.html"
        if source.exists() and expected.exists():
            truth = _expected_text(expected)
            if truth.strip():
                yield Page(
                    "more/readability",
                    folder.name,
                    source.read_bytes(),
                    truth,
                    "http://fakehost/test/page.html",
                )


def _newspaper() -> Iterator[Page]:
    for txt in sorted((MORE / "newspaper4k").glob("*.txt")):
        html = txt.with_suffix(".html")
        meta = txt.with_suffix(".json")
        url = None
        if meta.exists():
            data = json.loads(meta.read_text(encoding="utf-8"))
            url = data.get("url") if isinstance(data, dict) and isinstance(data.get("url"), str) else None
        truth = txt.read_text(encoding="utf-8", errors="replace")
        if html.exists() and truth.strip():
            yield Page("more/newspaper4k", html.name, html.read_bytes(), truth, url)


# --------------------------------------------------------------------------- truth from the markup


def _in_embed(el: Any) -> bool:
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag.startswith("amp-") or _EMBED_CLASS.search(anc.get("class") or ""):
            return True
    return False


def _block_of(el: Any) -> Any:
    for anc in el.iterancestors():
        if isinstance(anc.tag, str) and anc.tag in BLOCK_TAGS:
            return anc
    return el


def link_truth(doc: Document, base: str | None, truth_text: str) -> tuple[set[str], set[str]]:
    """(body links, chrome links) of a page by its ground-truth text; undecided links are in neither."""
    truth = f" {words(truth_text)} "
    body: set[str] = set()
    chrome: set[str] = set()
    root = doc.tree
    if root is None:
        return body, chrome
    block_words: dict[Any, list[str]] = {}
    for a in root.iter("a"):
        url = normalize_url(a.get("href") or "", base)
        if not url or not url.startswith(("http://", "https://")) or _in_embed(a):
            continue
        anchor = words(a.text_content()).split()
        if not anchor:
            continue
        block = _block_of(a)
        if block not in block_words:
            block_words[block] = words(block.text_content()).split()
        around = block_words[block]
        at = _find(around, anchor)
        if at < 0 or len(anchor) == len(around):
            continue  # a link that is its whole paragraph has no words around it (see STANDALONE)
        window = around[max(0, at - WINDOW) : at + len(anchor) + WINDOW]
        if len(window) < MIN_DECIDING:
            continue
        (body if f" {' '.join(window)} " in truth else chrome).add(url)
    return body, chrome - body


def _find(hay: list[str], needle: list[str]) -> int:
    first = needle[0]
    for i, w in enumerate(hay):
        if w == first and hay[i : i + len(needle)] == needle:
            return i
    return -1


# One pattern per embed form; group 1 is the post's id. Written from the platforms' embed codes, apart
# from the extractor, so that a form the extractor misses is counted as missed.
_POSTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (platform, re.compile(pattern, re.I | re.S))
    for platform, pattern in (
        ("twitter", r"<blockquote[^>]*twitter-tweet[^>]*>.*?(?:twitter|x)\.com/\w+/status(?:es)?/(\d+)"),
        ("twitter", r"data-tweet-?id=[\"'](\d{6,})"),
        ("twitter", r"platform\.twitter\.com/embed/(?:Tweet|index)\.html\?[^\"']*\bid=(\d+)"),
        ("twitter", r"<amp-twitter[^>]*data-tweetid=[\"'](\d+)"),
        (
            "instagram",
            r"data-instgrm-permalink=[\"'][^\"']*instagram\.com/(?:[\w.]+/)?(?:p|reel|tv)/([\w-]+)",
        ),
        ("instagram", r"<amp-instagram[^>]*data-shortcode=[\"']([\w-]+)"),
        ("instagram", r"<iframe[^>]*instagram\.com/(?:p|reel|tv)/([\w-]+)/embed"),
        (
            "youtube",
            r"<iframe[^>]*(?:src|data-src|data-lazy-src)=[\"'][^\"']*youtube(?:-nocookie)?\.com/embed/([\w-]{11})",
        ),
        ("youtube", r"<amp-youtube[^>]*data-videoid=[\"']([\w-]{11})"),
        ("tiktok", r"<blockquote[^>]*tiktok-embed[^>]*data-video-id=[\"'](\d+)"),
        ("bluesky", r"data-bluesky-uri=[\"'](at://[^\"']+)"),
        ("facebook", r"<div[^>]*fb-post[^>]*data-href=[\"']([^\"']+)"),
        ("facebook", r"<iframe[^>]*facebook\.com/plugins/(?:post|video)\.php\?[^\"']*href=([^&\"']+)"),
    )
)


def markup_posts(html: str) -> set[tuple[str, str]]:
    """(platform, id) of every post the page's markup embeds."""
    found: set[tuple[str, str]] = set()
    for platform, pattern in _POSTS:
        for m in pattern.finditer(html):
            found.add((platform, m.group(1).lower()))
    return found


def _our_post(platform: str, post_id: str | None, url: str) -> tuple[str, str]:
    key = (post_id or url).lower()
    if platform == "instagram":
        m = re.search(r"/(?:p|reel|tv)/([\w-]+)", url)
        key = m.group(1).lower() if m else key
    return ("twitter" if platform == "x" else platform, key)


# --------------------------------------------------------------------------- scoring


def score(page: Page) -> tuple[Score, list[str]]:
    """The page's counts and its row for the verbose table."""
    doc = from_bytes(page.html, "text/html", url=page.url, input=page.name, format=InputFormat.HTML)
    ex = extract(doc)
    base = ex.article.url or page.url
    s = Score(pages=1)
    ours = {src.url for src in ex.sources if src.kind is SourceKind.LINK and src.url}
    truth, chrome = link_truth(doc, base, page.truth_text)
    s.ours_decided = len(ours & (truth | chrome))
    s.ours_right = len(ours & truth)
    s.truth_links = len(truth)
    s.truth_found = len(ours & truth)
    if len(truth) >= 2 and not ours & truth:
        s.zero_link_pages.append(f"{page.corpus}/{page.name}")
    body = f" {words(' '.join(b.text for b in read_html(doc).blocks))} "
    for line in page.truth_text.splitlines():
        para = words(line)
        if len(para.split()) >= MIN_PARAGRAPH:
            s.paragraphs += 1
            s.paragraphs_found += f" {para} " in body
    posts = markup_posts(doc.text)
    got = {_our_post(e.platform.value, e.post_id, e.url) for e in ex.embeds}
    s.posts = len(posts)
    s.posts_found = len(posts & got)
    row = [
        page.name[:40],
        f"{s.ours_right}/{s.ours_decided}",
        f"{s.truth_found}/{s.truth_links}",
        f"{s.paragraphs_found}/{s.paragraphs}",
        f"{s.posts_found}/{s.posts}",
    ]
    return s, row


def evaluate(corpus: str | None = None) -> dict[str, Score]:
    """Scores per corpus (and "overall")."""
    scores: dict[str, Score] = {}
    for page in pages(corpus):
        s, _ = score(page)
        scores.setdefault(page.corpus, Score()).add(s)
    overall = Score()
    for s in scores.values():
        overall.add(s)
    scores["overall"] = overall
    return scores


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main() -> int:
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is not available")
        return 0
    verbose = "--verbose" in sys.argv
    corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else None
    by_corpus: dict[str, tuple[Score, list[list[str]]]] = {}
    for page in pages(corpus):
        s, row = score(page)
        total, rows = by_corpus.setdefault(page.corpus, (Score(), []))
        total.add(s)
        rows.append(row)
    overall = Score()
    headers = ["page", "link prec", "link recall", "text recall", "embeds"]
    for name, (total, rows) in by_corpus.items():
        overall.add(total)
        if verbose:
            print(f"\n## {name}\n")
            print(tabulate(rows, headers, disable_numparse=True))
    summary = [
        [
            name,
            s.pages,
            _pct(s.precision),
            f"{_pct(s.recall)} of {s.truth_links}",
            _pct(s.text_recall),
            f"{_pct(s.embed_recall)} of {s.posts}",
            len(s.zero_link_pages),
        ]
        for name, s in [*((n, t) for n, (t, _) in by_corpus.items()), ("overall", overall)]
    ]
    print()
    print(
        tabulate(
            summary,
            ["corpus", "pages", "link prec", "link recall", "text recall", "embed recall", "0-link pages"],
            disable_numparse=True,
        )
    )
    if overall.zero_link_pages:
        print(
            "\npages with body links in their ground truth and none found:",
            ", ".join(overall.zero_link_pages),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
