"""Evaluate the quotation matcher on real pages in ../shared/realworld (skipped cleanly when it is absent).

Three checks, none of which copies the pages' text into the project:

1. Gold pairs: the "mini gold pairs" that shared/realworld/DATASETS.md names (an article file and the
   quotations it says occur in the article's embedded posts) are read from DATASETS.md itself; each
   quotation, as verify extracts it from the article, is matched against the texts of the article's
   embedded posts (links and t.co tails ignored, as for posts). Expected: found (exact or minor).
2. Quotations tied to an embed: every quotation that verify extracted from inside an embedded post is
   matched against that embed's text. Expected: found.
3. Self-consistency: every quotation extracted from an article is matched against the article's own
   visible text (as the fetch reader reads the page). The words are there, so anything other than exact
   or minor is a normalisation or reading miss; prints each miss for inspection.

Run: python evaluation/eval_match.py [--verbose]
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

from tabulate import tabulate

from verify.extract import extract
from verify.fetch.reader import read_response
from verify.fetch.types import Headers, Response
from verify.match import fold, match_quote, prepare, unverifiable_reason
from verify.models import Document, Extraction, MatchResult, QuoteVerdict
from verify.read.article import load

SHARED = Path(__file__).resolve().parents[2] / "shared" / "realworld"
ARTICLES = SHARED / "articles"
DATASETS = SHARED / "DATASETS.md"


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text).casefold()))


def gold_pairs() -> list[tuple[str, list[str]]]:
    """(article file, quotations) for each mini gold pair DATASETS.md lists."""
    if not DATASETS.exists():
        return []
    text = DATASETS.read_text("utf-8")
    start = text.find("mini gold pairs")
    if start < 0:
        return []
    out: list[tuple[str, list[str]]] = []
    for line in text[start:].splitlines()[1:]:
        if not line.startswith("- "):
            if out:
                break
            continue
        files = re.findall(r"`articles/([^`]+)`", line)
        quotes = [q.strip(' `,"') for q in re.findall(r'"`?([^"`]+?)`?"', line)]
        if files:
            out.append((files[0], [q for q in quotes if len(q.split()) >= 2]))
    return out


def _extraction(path: Path) -> Extraction:
    return extract(load(str(path)))


def _best(quote: str, texts: list[tuple[str, str]]) -> tuple[str | None, MatchResult | None]:
    """The embed whose text matches the quotation best (found verdicts first, then the score)."""
    best: tuple[str | None, MatchResult | None] = (None, None)
    for eid, text in texts:
        r = match_quote(quote, text, ignore_urls=True)
        cur = best[1]
        if cur is None or (r.verdict.found, r.score) > (cur.verdict.found, cur.score):
            best = (eid, r)
    return best


def check_gold(verbose: bool) -> tuple[int, int]:
    rows = []
    found = total = 0
    for name, quotes in gold_pairs():
        head, _, tail = name.partition("\u2026")  # DATASETS.md shortens long names with "…"
        paths = sorted(ARTICLES.glob(f"{head}*{tail}")) if tail else [ARTICLES / name]
        path = paths[0] if paths else ARTICLES / name
        if not path.exists():
            rows.append([name[:40], "-", "article not in the collection", "-"])
            continue
        ex = _extraction(path)
        texts = [(e.id, e.text) for e in ex.embeds if e.text]
        if not texts:
            rows.append([name[:40], f"{len(quotes)} named", "no embedded post text to check against", "-"])
            continue
        for gold in quotes:
            # The quotation as verify extracted it from the article (DATASETS.md may trim it).
            mine = [q for q in ex.quotes if _key(gold) in _key(q.text) or _key(q.text) in _key(gold)]
            quote = mine[0].text if mine else gold
            eid, r = _best(quote, texts)
            total += 1
            ok = r is not None and r.verdict.found
            found += ok
            verdict = r.verdict.value if r else "no embed text"
            where = f"{eid} ({'extracted' if mine else 'not extracted'})"
            rows.append([name[:40], f"{len(quote.split())} words", verdict, where])
            if verbose and r is not None and not ok:
                print(f"  {name}: {quote!r} -> {r.verdict.value} {r.note}")
    print("1. Gold pairs named in DATASETS.md (quotation vs the article's embedded posts)")
    print(tabulate(rows, headers=["article", "quotation", "verdict", "embed"]))
    print(f"found {found}/{total}\n")
    return found, total


def check_embed_quotes(extractions: dict[str, Extraction], verbose: bool) -> tuple[int, int]:
    counts: Counter[str] = Counter()
    for name, ex in extractions.items():
        embeds = {e.id: e for e in ex.embeds}
        for q in ex.quotes:
            embed = embeds.get(q.embed or "")
            if embed is None or not embed.text:
                continue
            index = prepare(embed.text, ignore_urls=True)
            r = index.match(q.text)
            why = None if r.verdict.found else unverifiable_reason(q.text, [], index)
            counts[f"unverifiable ({why.split(':')[0]})" if why else r.verdict.value] += 1
            if verbose and not r.verdict.found:
                print(f"  {name[:40]} {q.id}/{embed.id}: {r.verdict.value} {why or r.note}")
    total = sum(counts.values())
    found = counts["exact"] + counts["minor"]
    print("2. Quotations inside embedded posts vs the embed's text (misses are mostly a quotation tied to")
    print("   the wrong embed, or the text of a quoted post that the embed's text leaves out)")
    print(", ".join(f"{k} {v}" for k, v in counts.most_common()) or "none")
    print(f"found {found}/{total}\n")
    return found, total


def page_document(name: str) -> Document | None:
    """A real article page read as the fetch stage reads a source."""
    body = (ARTICLES / name).read_bytes()
    response = Response(
        f"https://realworld.test/{name}", 200, Headers((("content-type", "text/html"),)), body
    )
    return read_response(response)[1]


def check_self(extractions: dict[str, Extraction], verbose: bool) -> tuple[int, int]:
    counts: Counter[str] = Counter()
    prep = match = 0.0
    misses = []
    for name, ex in extractions.items():
        doc = page_document(name)
        if doc is None:
            continue
        t = time.perf_counter()
        index = prepare(doc.text)
        prep += time.perf_counter() - t
        for q in ex.quotes:
            t = time.perf_counter()
            r = index.match(q.text)
            match += time.perf_counter() - t
            counts[r.verdict.value] += 1
            if not r.verdict.found:
                misses.append((name[:40], q.id, len(q.text.split()), r.verdict.value, r.note or ""))
    total = sum(counts.values())
    found = counts[QuoteVerdict.EXACT.value] + counts[QuoteVerdict.MINOR.value]
    print("3. Every extracted quotation vs its own article's visible text")
    print(", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(
        f"found {found}/{total}; prepare {prep * 1000:.0f} ms for {len(extractions)} pages, "
        f"matching {match / max(total, 1) * 1000:.2f} ms per quotation"
    )
    if misses and verbose:
        print(tabulate(misses, headers=["article", "quote", "words", "verdict", "note"]))
    elif misses:
        print(f"({len(misses)} misses; --verbose lists them)")
    return found, total


def _perturb(text: str, page_names: list[str]) -> list[tuple[str, str]]:
    """Realistic one-word falsifications of a real quotation: a negation dropped, a number changed,
    a name swapped for another name on the page. Each must come out altered (or worse), never found."""
    words = text.split()
    out = []
    for i, w in enumerate(words[1:-1], 1):  # a quotation that starts later is just a shorter one
        bare = w.strip(".,;:!?\"'()\u201c\u201d\u2018\u2019").casefold()
        if bare in ("not", "never", "no"):
            out.append(("negation dropped", " ".join(words[:i] + words[i + 1 :])))
            break
    for i, w in enumerate(words):
        m = re.search(r"\d+", w)
        if m:
            n = str(int(m.group()) + 1)
            out.append(
                ("number changed", " ".join([*words[:i], w[: m.start()] + n + w[m.end() :], *words[i + 1 :]]))
            )
            break
    for i, w in enumerate(words[1:], 1):
        if w[:1].isupper() and w.isalpha() and len(w) > 3:
            other = next((n for n in page_names if n != w and n[:1] == w[:1]), None)
            if other:
                out.append(("name swapped", " ".join([*words[:i], other, *words[i + 1 :]])))
            break
    return out


def check_falsified(extractions: dict[str, Extraction], verbose: bool) -> tuple[int, int]:
    counts: Counter[str] = Counter()
    unsafe = []
    for name, ex in extractions.items():
        doc = page_document(name)
        if doc is None:
            continue
        index = prepare(doc.text)
        names = sorted(set(re.findall(r"\b[A-Z][a-z]{3,}\b", doc.text)))
        for q in ex.quotes:
            if len(q.text.split()) < 4 or not index.match(q.text).verdict.found:
                continue
            for kind, fake in _perturb(q.text, names):
                r = index.match(fake)
                counts[r.verdict.value] += 1
                if r.verdict.found:
                    unsafe.append((name[:40], q.id, kind, r.verdict.value, r.note or ""))
    total = sum(counts.values())
    print("4. Real quotations falsified by one word (negation dropped, number changed, name swapped)")
    print(", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print(f"caught {total - len(unsafe)}/{total} (called exact or minor: {len(unsafe)})")
    if unsafe and verbose:
        print(tabulate(unsafe, headers=["article", "quote", "change", "verdict", "note"]))
    return total - len(unsafe), total


def main() -> int:
    if not ARTICLES.exists():
        print(f"skipped: {SHARED} is absent")
        return 0
    verbose = "--verbose" in sys.argv
    check_gold(verbose)
    extractions = {p.name: _extraction(p) for p in sorted(ARTICLES.glob("*.html"))}
    check_embed_quotes(extractions, verbose)
    check_self(extractions, verbose)
    check_falsified(extractions, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
