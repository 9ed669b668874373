"""Evaluate extraction on the shared real-world pages and embed snippets (skipped when they are absent).

Reports, per page: embed recall against the permalinks in the page's embed markup, body-link precision and
recall against the ground truth (scrapinghub/newspaper4k/goose3 article text: a link whose anchor text occurs
in it is a body link; mozilla expected.html keeps the body's links), quotations found and how many have a
speaker; then embed recall per platform on the snippets. Run: python evaluation/eval_extract.py [--verbose]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import html as lxml_html
from tabulate import tabulate

from verify.extract import extract
from verify.extract.embeds import html_embed
from verify.extract.urls import normalize_url
from verify.models import Extraction, InputFormat, SourceKind
from verify.read import ArticleText

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realworld"
ARTICLES = SHARED / "articles"
SNIPPETS = SHARED / "embeds" / "snippets"
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def markup_embeds(doc: Any) -> set[tuple[str, str]]:
    """(platform, post id) of every embed in the whole page, found independently of body scoping."""
    out: set[tuple[str, str]] = set()
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        found = html_embed(el)
        if found is not None:
            out.add((found.platform.value, found.post_id or found.url))
    return out


def ground_truth(name: str) -> tuple[str | None, set[str] | None]:
    """(body text, body link URLs) from whichever ground truth the page has."""
    stem = name.removesuffix(".html")
    gt = ARTICLES / "groundtruth"
    for path in (gt / f"{stem}.groundtruth.json", gt / f"{stem}.json"):
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            body = data.get("articleBody") or (data.get("expected") or {}).get("cleaned_text")
            return (body, None) if isinstance(body, str) else (None, None)
    txt = gt / f"{stem}.txt.txt"
    if txt.exists():
        return txt.read_text(encoding="utf-8"), None
    expected = gt / f"{stem.removesuffix('__source')}__expected.html"
    if expected.exists():
        doc = lxml_html.fromstring(expected.read_text(encoding="utf-8"))
        links = {normalize_url(a.get("href") or "") for a in doc.iter("a")}
        return _norm(doc.text_content()), {u for u in links if u}
    return None, None


def _in_embed(a: Any) -> bool:
    return any(html_embed(p) is not None for p in a.iterancestors())


def link_truth(
    raw: Any, ex: Extraction, body: str | None, truth_links: set[str] | None
) -> tuple[set[str], set[str]]:
    """(body links, chrome links) of a page by its ground truth; links it cannot decide are in neither."""
    page_links = {
        normalize_url(a.get("href") or "", ex.article.url) for a in raw.iter("a") if not _in_embed(a)
    }
    page = {u for u in page_links if u}
    if truth_links is not None:
        return truth_links & page, page - truth_links
    body_set: set[str] = set()
    chrome: set[str] = set()
    if body:
        text = _norm(body)
        for a in raw.iter("a"):
            url = normalize_url(a.get("href") or "", ex.article.url)
            anchor = _norm(a.text_content())
            # short anchors ("Video", "Campaign") occur in any body text: only distinctive ones decide
            if url and len(anchor.split()) >= 2 and len(anchor) >= 10 and not _in_embed(a):
                (body_set if anchor in text else chrome).add(url)
    return body_set, chrome - body_set


def link_scores(raw: Any, ex: Extraction, body: str | None, truth_links: set[str] | None) -> tuple[str, str]:
    ours = {s.url for s in ex.sources if s.kind is SourceKind.LINK and s.url}
    truth, chrome = link_truth(raw, ex, body, truth_links)
    if not truth:
        return "-", "-"
    decided = ours & (truth | chrome)
    hit = len(ours & truth)
    precision = f"{hit / len(decided):.0%}" if decided else "-"
    return precision, f"{hit / len(truth):.0%} of {len(truth)}"


def evaluate_articles(verbose: bool) -> None:
    rows = []
    totals: Counter[str] = Counter()
    for path in sorted(ARTICLES.glob("*.html")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        started = time.perf_counter()
        ex = extract(ArticleText(input=path.name, format=InputFormat.HTML, text=text))
        elapsed = time.perf_counter() - started
        raw = lxml_html.document_fromstring(text)
        truth = markup_embeds(raw)
        got = {(e.platform.value, e.post_id or e.url) for e in ex.embeds}
        body, truth_links = ground_truth(path.name)
        precision, recall = link_scores(raw, ex, body, truth_links)
        spoken = sum(1 for q in ex.quotes if q.speaker)
        totals["embeds"] += len(truth)
        totals["embeds_found"] += len(truth & got)
        totals["quotes"] += len(ex.quotes)
        totals["spoken"] += spoken
        rows.append(
            [
                path.name[:34],
                f"{len(truth & got)}/{len(truth)}",
                len([s for s in ex.sources if s.kind is SourceKind.LINK]),
                precision,
                recall,
                len(ex.quotes),
                spoken,
                len(ex.attributions),
                f"{elapsed * 1000:.0f}",
            ]
        )
        if verbose:
            for q in ex.quotes:
                print(f"  {path.name[:30]} Q{q.line}: {q.speaker!s:20} {q.text[:70]!r}")
    headers = ["page", "embeds", "links", "link prec", "link recall", "quotes", "speaker", "attrib", "ms"]
    print(tabulate(rows, headers, disable_numparse=True))
    if totals["embeds"]:
        print(
            f"\nembed recall {totals['embeds_found']}/{totals['embeds']}"
            f" = {totals['embeds_found'] / totals['embeds']:.0%}"
        )
    if totals["quotes"]:
        print(
            f"quotations {totals['quotes']}, with a speaker {totals['spoken']}"
            f" ({totals['spoken'] / totals['quotes']:.0%})"
        )


_PLATFORMS = (
    "twitter",
    "x_com",
    "bluesky",
    "mastodon",
    "instagram",
    "facebook",
    "tiktok",
    "youtube",
    "threads",
    "reddit",
)


def evaluate_snippets() -> None:
    per: dict[str, list[int]] = {}
    misses = []
    for path in sorted(SNIPPETS.glob("*.html")):
        name = path.name.lower()
        platform = next((p for p in _PLATFORMS if p in name.split("__")[-1] or p in name), None)
        if platform is None:
            continue
        platform = "twitter" if platform == "x_com" else platform
        snippet = path.read_text(encoding="utf-8", errors="replace")
        page = f"<html><body><article>{snippet}</article></body></html>"
        ex = extract(ArticleText(input=path.name, format=InputFormat.HTML, text=page))
        ok = any(e.platform.value == platform for e in ex.embeds)
        stats = per.setdefault(platform, [0, 0, 0])
        stats[0] += 1
        stats[1] += ok
        stats[2] += sum(1 for e in ex.embeds if e.platform.value == platform and (e.text or e.author_handle))
        if not ok:
            misses.append(path.name)
    rows = [[p, f"{s[1]}/{s[0]}", f"{s[1] / s[0]:.0%}", s[2]] for p, s in sorted(per.items())]
    print("\nEmbed snippets")
    print(tabulate(rows, ["platform", "found", "recall", "with text/author"], disable_numparse=True))
    total = sum(s[0] for s in per.values())
    found = sum(s[1] for s in per.values())
    print(f"overall {found}/{total} = {found / total:.0%}")
    for name in misses:
        print(f"  missed: {name}")


def _polnear(ann: str, text: str) -> list[tuple[str, str]]:
    """(quoted content, source) pairs of the direct quotations a PolNeAR .ann file annotates."""
    spans: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, ranges = parts[1].partition(" ")
            pieces = [r.split() for r in ranges.split(";")]
            spans[parts[0]] = " ".join(text[int(a) : int(b)] for a, b in pieces)
            kinds[parts[0]] = kind
    pairs = []
    for line in ann.splitlines():
        if not line.startswith("E"):
            continue
        roles = dict(r.split(":", 1) for r in line.split("\t")[1].split() if ":" in r)
        content, source = spans.get(roles.get("Content", ""), ""), spans.get(roles.get("Source", ""), "")
        if re.search(r"[“\"].{8,}[”\"]", content):
            pairs.append((content, source))
    return pairs


_PRONOUN_SOURCES = frozenset({"he", "she", "they", "who", "it", "we", "i", "says", "advises", ""})


def evaluate_polnear() -> None:
    """Quotation recall and speaker agreement against PolNeAR's human attribution annotations."""
    folder = ARTICLES / "plaintext"
    found = agreed = total = spoken = pronouns = 0
    for txt in sorted(folder.glob("polnear__*.txt")):
        ann = next(folder.glob(txt.stem + "_*.ann"), None)
        if ann is None:
            continue
        text = txt.read_text(encoding="utf-8")
        ex = extract(ArticleText(input=txt.name, format=InputFormat.TEXT, text=text))
        for content, source in _polnear(ann.read_text(encoding="utf-8"), text):
            total += 1
            quoted = _norm(content)
            match = next((q for q in ex.quotes if _norm(q.text)[:40] in quoted), None)
            if match is None:
                continue
            found += 1
            if source.strip().lower() in _PRONOUN_SOURCES:
                pronouns += 1  # the annotation names no one: nothing to agree with
            elif match.speaker:
                spoken += 1
                last = match.speaker.split()[-1].lower()
                agreed += last in source.lower()
    if total:
        named = found - pronouns
        print(f"\nPolNeAR direct quotations: found {found}/{total} ({found / total:.0%})")
        print(
            f"  annotated source a pronoun: {pronouns}; of the {named} others a speaker is given for {spoken}"
        )
        print(f"  and agrees with the annotated source for {agreed} ({agreed / max(spoken, 1):.0%})")


def main() -> int:
    if not ARTICLES.is_dir():
        print(f"no real-world articles at {ARTICLES}: nothing to evaluate")
        return 0
    evaluate_articles("--verbose" in sys.argv)
    if (ARTICLES / "plaintext").is_dir():
        evaluate_polnear()
    if SNIPPETS.is_dir():
        evaluate_snippets()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
