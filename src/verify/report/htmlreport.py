"""The report as one self-contained HTML page: table, quotations beside source passages, archive links."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import (
    HEADERS,
    Level,
    Row,
    claim_level,
    level_of,
    rows,
    source_check,
    summary_line,
    summary_parts,
)
from verify.textsafe import clean, one_line

# Nothing may load or run: the page holds text from untrusted pages, escaped, and this is the second lock.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_LEVEL_CLASS = {Level.FAIL: "fail", Level.WARNING: "warn", Level.NOTICE: "notice", Level.GOOD: "good"}
_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_HREF = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)

CSS = """
:root{--fail:#b3261e;--warn:#8a5a00;--notice:#245f8f;--good:#1e6b35;--line:#d8d8d8;font-family:system-ui,
-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
body{margin:2rem auto;max-width:78rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4;position:sticky;top:0}
td.what{max-width:28rem;overflow-wrap:anywhere}td.note{max-width:22rem;overflow-wrap:anywhere}
.verdict{font-weight:600;white-space:nowrap}
.fail .verdict{color:var(--fail)}.warn .verdict{color:var(--warn)}
.notice .verdict{color:var(--notice)}.good .verdict{color:var(--good)}
tr.fail{background:#fdf0ef}tr.warn{background:#fff8e6}
.summary{font-weight:600}.summary.failed{color:var(--fail)}.summary.passed{color:var(--good)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem;border:1px solid var(--line);border-radius:6px;
padding:.8rem;margin:.8rem 0}
.pair h3{grid-column:1/3;font-size:1rem;margin:0}.pair blockquote{margin:0;padding:.4rem .8rem;
border-left:3px solid var(--line);background:#fafafa}
.label{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#666}
del{background:#fbd3d0;text-decoration:line-through}ins{background:#cdeccf;text-decoration:none}
a{color:#1a4f9c}
@media (prefers-color-scheme:dark){:root{color:#e6e6e6;background:#161616;--line:#3a3a3a}
th{background:#232323}.pair blockquote{background:#1f1f1f}tr.fail{background:#3a1f1d}
tr.warn{background:#3a3120}del{background:#6b2a25}ins{background:#23502b}.meta,.label{color:#aaa}}
"""


def esc(text: str | None) -> str:
    return html.escape(clean(text or ""), quote=True)


def safe_href(url: str | None) -> str | None:
    """The URL escaped for an href, or None unless it is plain http(s) (no javascript:, data: …)."""
    if not url or not _HREF.fullmatch(url):
        return None
    return html.escape(url, quote=True)


def link(label: str, url: str | None) -> str:
    href = safe_href(url)
    if href is None:
        return esc(label)
    return f'<a href="{href}" rel="noopener noreferrer nofollow">{esc(label)}</a>'


def _norm(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).casefold()
    return _PUNCT.sub("", word) or word


def word_diff(quote: str, passage: str, escape: Callable[[str], str] = esc) -> tuple[str, str]:
    """Both texts as markup, words of the quotation not in the passage in <del>, missing ones in <ins>."""
    a, b = quote.split(), passage.split()
    sm = SequenceMatcher(None, [_norm(w) for w in a], [_norm(w) for w in b], autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        qa = escape(" ".join(a[i1:i2])) if i2 > i1 else ""
        sb = escape(" ".join(b[j1:j2])) if j2 > j1 else ""
        if op == "equal":
            left.append(qa)
            right.append(sb)
            continue
        if qa:
            left.append(f"<del>{qa}</del>")
        if sb:
            right.append(f"<ins>{sb}</ins>")
    return " ".join(left), " ".join(right)


def _row(r: Row) -> str:
    what = link(one_line(r.what, 160), r.url) if r.kind != "quote" and r.url else esc(one_line(r.what, 160))
    archived = link(r.archived, r.archive_url) if r.archive_url else esc(r.archived)
    return (
        f'<tr class="{_LEVEL_CLASS[r.level]}" id="row-{esc(r.id)}"><td>{esc(r.id)}</td><td>{r.line}</td>'
        f'<td>{esc(r.kind)}</td><td class="what">{what}</td><td>{esc(r.source)}</td>'
        f"<td>{esc(r.fetched)}</td><td>{archived}</td>"
        f'<td class="verdict" data-verdict="{esc(r.verdict)}">{esc(r.verdict)}</td>'
        f'<td class="note">{esc(r.note)}</td></tr>'
    )


def _quote_pairs(report: Report) -> list[str]:
    out: list[str] = []
    checks = {c.quote: c for c in report.quotes}
    for q in report.extraction.quotes:
        check = checks.get(q.id)
        verdict = check.verdict.value if check else "unverifiable"
        match = check.match if check else None
        passage = match.result.passage if match else None
        if passage:
            left, right = word_diff(q.text, passage)
        else:
            left, right = esc(q.text), '<span class="label">no passage found</span>'
        sc = source_check(report, match.source if match and match.source else q.source)
        links = []
        if sc and sc.source.url:
            links.append(link("live page", sc.source.url))
        if sc and sc.archive:
            a = sc.archive
            for label, cap in (("as cited", a.as_cited), ("latest capture", a.latest), ("saved", a.saved)):
                if cap is not None:
                    links.append(link(f"{label} ({cap.timestamp[:8]})", cap.url))
        speaker = f" — {esc(q.speaker)}" if q.speaker else ""
        against = (
            f"{esc(match.source or '')} {esc(match.version.value)}"
            + (f" {esc(match.timestamp)}" if match.timestamp else "")
            if match
            else "nothing"
        )
        note = f"<p>{esc(check.note)}</p>" if check and check.note else ""
        out.append(
            f'<section class="pair {_LEVEL_CLASS[_level(report, verdict)]}" id="quote-{esc(q.id)}">'
            f'<h3>{esc(q.id)} · line {q.line}{speaker} · <span class="verdict">{esc(verdict)}</span>'
            f" (checked against {against})</h3>"
            f'<div><div class="label">quoted</div><blockquote>{left}</blockquote></div>'
            f'<div><div class="label">source</div><blockquote>{right}</blockquote>'
            f"<p>{' · '.join(links)}</p>{note}</div></section>"
        )
    return out


def _level(report: Report, name: str) -> Level:
    return level_of(name, report.fail_on)


def _embed_pairs(report: Report) -> list[str]:
    out: list[str] = []
    checks = {c.embed: c for c in report.embeds}
    for e in report.extraction.embeds:
        check = checks.get(e.id)
        verdict = check.verdict.value if check else "unverifiable"
        original = check.original.text if check and check.original else None
        if e.text and original:
            left, right = word_diff(e.text, original)
        else:
            left = esc(e.text or "")
            right = esc(original or "") or '<span class="label">original not available</span>'
        diffs = "".join(f"<li>{esc(d)}</li>" for d in (check.differences if check else ()))
        note = f"<p>{esc(check.note)}</p>" if check and check.note else ""
        who = esc(e.author_handle or e.author_name or "")
        out.append(
            f'<section class="pair {_LEVEL_CLASS[_level(report, verdict)]}" id="embed-{esc(e.id)}">'
            f"<h3>{esc(e.id)} · line {e.line} · {esc(e.platform.value)} {who} · "
            f'<span class="verdict">{esc(verdict)}</span></h3>'
            f'<div><div class="label">embedded</div><blockquote>{left}</blockquote></div>'
            f'<div><div class="label">original</div><blockquote>{right}</blockquote>'
            f"<p>{link('post', e.url)}</p><ul>{diffs}</ul>{note}</div></section>"
        )
    return out


def _claim_cards(report: Report) -> list[str]:
    """Each figure beside the source passage it was compared with."""
    out: list[str] = []
    checks = {c.claim: c for c in report.claims}
    for c in report.extraction.claims:
        check = checks.get(c.id)
        verdict = check.verdict.value if check else "unverifiable"
        level, _ = claim_level(c, verdict, report.fail_on)
        match = check.match if check else None
        figure = esc(c.value.text)
        stated = esc(c.text).replace(figure, f"<mark>{figure}</mark>", 1) if figure else esc(c.text)
        if match is not None:
            found = esc(match.value.text) if match.value else ""
            passage = esc(match.text).replace(found, f"<mark>{found}</mark>", 1) if found else esc(match.text)
            version = f"{match.version.value}" + (f" {match.timestamp}" if match.timestamp else "")
        else:
            passage, version = '<span class="label">no passage states it</span>', ""
        sc = source_check(report, c.source)
        page = link("live page", sc.source.url) if sc and sc.source.url else ""
        note = f"<p>{esc(check.note)}</p>" if check and check.note else ""
        out.append(
            f'<section class="pair {_LEVEL_CLASS[level]}" id="claim-{esc(c.id)}">'
            f"<h3>{esc(c.id)} · line {c.line} · {esc(c.source or 'no source')} ({esc(c.tie.value)} tie) · "
            f'<span class="verdict">{esc(verdict)}</span></h3>'
            f'<div><div class="label">article</div><blockquote>{stated}</blockquote></div>'
            f'<div><div class="label">source {esc(version)}</div><blockquote>{passage}</blockquote>'
            f"<p>{page}</p>{note}</div></section>"
        )
    return out


def render(report: Report, style: Style = PLAIN, /) -> str:
    art = report.extraction.article
    all_rows = rows(report)
    failed = any(r.level is Level.FAIL for r in all_rows)
    title = art.title or art.url or art.input
    summary_items = "".join(
        f"<li>{esc(noun)}: {esc(', '.join(f'{c} {n}' for n, c in items))}</li>"
        for noun, _total, items in summary_parts(report)
    )
    head_rows = "".join(f"<th>{h}</th>" for h in HEADERS)
    quotes = "".join(_quote_pairs(report))
    embeds = "".join(_embed_pairs(report))
    claims = "".join(_claim_cards(report))
    article_link = link(art.url, art.url) if art.url else esc(art.input)
    published = f" · published {esc(art.published)}" if art.published else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>verify: {esc(title)}</title>
<style>{CSS}</style></head>
<body>
<header><h1>{esc(title)}</h1>
<p class="meta">{article_link}{published} · checked {esc(report.checked_at)}</p>
<p class="summary {"failed" if failed else "passed"}" id="summary">{esc(summary_line(report))}</p>
<ul>{summary_items}</ul></header>
<h2>Verification table</h2>
<table id="verification"><thead><tr>{head_rows}</tr></thead><tbody>
{"".join(_row(r) for r in all_rows)}
</tbody></table>
{"<h2>Quotations</h2>" + quotes if quotes else ""}
{"<h2>Embedded posts</h2>" + embeds if embeds else ""}
{"<h2>Figures</h2>" + claims if claims else ""}
</body></html>
"""
