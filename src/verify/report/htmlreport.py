"""The report as one self-contained HTML page: findings first, then a card per quotation, post and figure
beside what its source says, then the whole table; every date in one form, readable on a phone."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from difflib import SequenceMatcher

from verify.models import Capture, Quote, QuoteCheck, QuoteMatch, Report
from verify.report.base import PLAIN, Style
from verify.report.findings import (
    HEADERS,
    Level,
    Row,
    claim_level,
    host_of,
    level_of,
    quote_level,
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
# An ellipsis in a quotation marks words left out on purpose: […], [...], (…), … or ...
_ELLIPSIS = re.compile(r"[\[(]?(?:…|\.\.\.)[\])]?")
_CARD_PREFIX = {"quote": "quote", "embed": "embed", "claim": "claim"}
_NOT_AVAILABLE = '<span class="label">original not available</span>'

CSS = """
:root{--fail:#b3261e;--warn:#8a5a00;--notice:#245f8f;--good:#1e6b35;--line:#d8d8d8;--soft:#fafafa;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
*{box-sizing:border-box}
body{margin:1.5rem auto;max-width:78rem;padding:0 1rem;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}
.summary{font-weight:600}.summary.failed{color:var(--fail)}.summary.passed{color:var(--good)}
.verdict{font-weight:600;white-space:nowrap}
.fail .verdict{color:var(--fail)}.warn .verdict{color:var(--warn)}
.notice .verdict{color:var(--notice)}.good .verdict{color:var(--good)}
ol.findings{padding-left:0;list-style:none}
ol.findings li{border-left:4px solid var(--line);padding:.35rem .6rem;margin:.35rem 0;background:var(--soft)}
ol.findings li.fail{border-color:var(--fail)}ol.findings li.warn{border-color:var(--warn)}
ol.findings .why{display:block;color:#444;font-size:.9rem}
.card{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:.8rem;
margin:.8rem 0}
.card.fail{border-left-color:var(--fail)}.card.warn{border-left-color:var(--warn)}
.card h3{font-size:1rem;margin:0 0 .5rem}
.panes{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}
.panes blockquote{margin:0;padding:.4rem .8rem;border-left:3px solid var(--line);background:var(--soft)}
.label{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:#666}
.note{font-size:.9rem;margin:.5rem 0 0}
del{background:#fbd3d0;text-decoration:line-through}ins{background:#cdeccf;text-decoration:none}
.elided{color:#8a8a8a}.ellipsis{color:#555;font-weight:600}
mark{background:#fff0a8}
a{color:#1a4f9c}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{border-bottom:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}
tr.fail{background:#fdf0ef}tr.warn{background:#fff8e6}
@media (max-width:720px){body{padding:0 .6rem;margin-top:.8rem}
table,thead,tbody,tr,td{display:block}thead{display:none}
tr{border:1px solid var(--line);border-radius:6px;margin:.5rem 0;padding:.3rem .5rem}
td{border:0;padding:.1rem 0}td::before{content:attr(data-label) ": ";color:#666;font-size:.8rem}}
@media (prefers-color-scheme:dark){:root{color:#e6e6e6;background:#161616;--line:#3a3a3a;--soft:#1f1f1f}
th{background:#232323}tr.fail{background:#3a1f1d}tr.warn{background:#3a3120}del{background:#6b2a25}
ins{background:#23502b}mark{background:#5a4d10;color:#fff}.meta,.label,ol.findings .why{color:#aaa}
.elided{color:#8d8d8d}}
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


def when(value: str | None) -> str:
    """`2026-05-16 09:15 UTC` from a 14-digit Wayback timestamp or an ISO 8601 instant (a date alone stays
    `2026-05-16`): the one form every date of the page takes. Anything else comes back as it was."""
    if not value:
        return ""
    text = value.strip()
    try:
        if text.isdigit() and len(text) >= 12:
            moment = datetime.strptime(text[:12], "%Y%m%d%H%M").replace(tzinfo=UTC)
        elif text.isdigit() and len(text) == 8:
            return datetime.strptime(text, "%Y%m%d").strftime("%Y-%m-%d")
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.strptime(text, "%Y-%m-%d").strftime("%Y-%m-%d")
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _norm(word: str) -> str:
    word = unicodedata.normalize("NFKC", word).casefold()
    return _PUNCT.sub("", word) or word


def _quote_words(text: str) -> list[str]:
    """The quotation's words, each ellipsis a word of its own (`ready…` is `ready` and `…`)."""
    return _ELLIPSIS.sub(lambda m: f" {m.group(0)} ", text).split()


def _is_ellipsis(word: str) -> bool:
    return _ELLIPSIS.fullmatch(word) is not None


def _quote_side(words: list[str], escape: Callable[[str], str]) -> list[str]:
    """Words of the quotation the passage lacks: struck, except its ellipses, which are honest."""
    out: list[str] = []
    run: list[str] = []
    for w in [*words, ""]:
        if w and not _is_ellipsis(w):
            run.append(w)
            continue
        if run:
            out.append(f"<del>{escape(' '.join(run))}</del>")
            run = []
        if w:
            out.append(f'<span class="ellipsis">{escape(w)}</span>')
    return out


def word_diff(quote: str, passage: str, escape: Callable[[str], str] = esc) -> tuple[str, str]:
    """Both texts as markup: words of the quotation not in the passage in <del>, the passage's words not in
    the quotation in <ins>; where an ellipsis of the quotation stands, the words it leaves out are greyed
    (`<span class="elided">`), never struck: an ellipsis is an honest cut, not an edit."""
    a, b = _quote_words(quote), passage.split()
    sm = SequenceMatcher(None, [_norm(w) for w in a], [_norm(w) for w in b], autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        qa, sb = a[i1:i2], escape(" ".join(b[j1:j2])) if j2 > j1 else ""
        if op == "equal":
            left.append(escape(" ".join(qa)))
            right.append(sb)
            continue
        left += _quote_side(qa, escape)
        if sb and qa and all(_is_ellipsis(w) for w in qa):
            right.append(f'<span class="elided" title="left out at the ellipsis">{sb}</span>')
        elif sb:
            right.append(f"<ins>{sb}</ins>")
    return " ".join(x for x in left if x), " ".join(x for x in right if x)


# --------------------------------------------------------------------------- pieces


def _pane(label: str, body: str, after: str = "") -> str:
    """One column of a card: a label, a quotation block, links or notes under it (all markup already)."""
    return f'<div><div class="label">{label}</div><blockquote>{body}</blockquote>{after}</div>'


def _card(
    kind: str, item_id: str, level: Level, *, heading: str, panes: Iterable[str], note: str = ""
) -> str:
    note_html = f'<p class="note">{esc(note)}</p>' if note else ""
    return (
        f'<section class="card {_LEVEL_CLASS[level]}" id="{kind}-{esc(item_id)}">'
        f'<h3>{heading}</h3><div class="panes">{"".join(panes)}</div>{note_html}</section>'
    )


def _copy_label(report: Report, m: QuoteMatch) -> str:
    """`S3 civic-union.example, live` or `S3 …, archived 2026-05-16 09:15 UTC`: which copy a passage is."""
    sc = source_check(report, m.source)
    host = host_of(sc.source.url) if sc else ""
    copy = f"archived {when(m.timestamp)}" if m.version.value == "archived" else m.version.value
    return esc(" ".join(x for x in (m.source or "", host) if x) + f", {copy}".rstrip(", "))


def _source_links(report: Report, source_id: str | None) -> str:
    sc = source_check(report, source_id)
    links = []
    if sc and sc.source.url:
        links.append(link("live page", sc.source.url))
    if sc and sc.archive:
        a = sc.archive
        for label, cap in (("as cited", a.as_cited), ("latest capture", a.latest), ("saved", a.saved)):
            if cap is not None:
                links.append(link(f"{label} ({when(cap.timestamp)})", cap.url))
    return f"<p>{' · '.join(links)}</p>" if links else ""


def _heading(item_id: str, line: int, who: str, verdict: str) -> str:
    who_html = f" · {esc(who)}" if who else ""
    return f'{esc(item_id)} · line {line}{who_html} · <span class="verdict">{esc(verdict)}</span>'


# --------------------------------------------------------------------------- quotation cards


def _quote_panes(report: Report, q: Quote, check: QuoteCheck | None) -> list[str]:
    """The quotation beside the passage it was judged by; `changed` shows both copies with the edit
    between them, `elsewhere` the passage in the source that holds the words."""
    match = check.match if check else None
    verdict = check.verdict.value if check else "unverifiable"
    passage = match.result.passage if match else None
    other = check.other[0] if check and check.other else None
    if verdict == "changed" and match is not None and other is not None:
        return _changed_panes(report, q, match, other)
    if passage and match is not None:
        quoted, found = word_diff(q.text, passage)
        where = "found in " if verdict == "elsewhere" else ""
        found_pane = _pane(where + _copy_label(report, match), found, _source_links(report, match.source))
        panes = [_pane("quoted", quoted), found_pane]
        if verdict == "elsewhere" and other is not None:
            own = esc(other.result.passage) or '<span class="label">the words are not there</span>'
            label = f"its own source: {_copy_label(report, other)} ({esc(other.result.verdict.value)})"
            panes.append(_pane(label, own, _source_links(report, other.source)))
        return panes
    why = '<span class="label">no passage found</span>' if match else '<span class="label">not checked</span>'
    return [_pane("quoted", esc(q.text)), _pane("source", why, _source_links(report, q.source))]


def _changed_panes(report: Report, q: Quote, found: QuoteMatch, lost: QuoteMatch) -> list[str]:
    then, now = found.result.passage or "", lost.result.passage or ""
    if then and now:
        before, after = word_diff(then, now)
    else:
        before = esc(then)
        after = esc(now) or '<span class="label">the words are no longer there</span>'
    holds = f"holds it ({esc(found.result.verdict.value)}): {_copy_label(report, found)}"
    lacks = f"{esc(lost.result.verdict.value)}: {_copy_label(report, lost)}"
    links = _source_links(report, found.source or q.source)
    return [_pane("quoted", esc(q.text)), _pane(holds, before), _pane(lacks, after, links)]


def _quote_cards(report: Report) -> list[str]:
    checks = {c.quote: c for c in report.quotes}
    out = []
    for q in report.extraction.quotes:
        check = checks.get(q.id)
        verdict = check.verdict.value if check else "unverifiable"
        level, _ = quote_level(report, q, verdict)
        note = (check.note if check else None) or ""
        heading = _heading(q.id, q.line, q.speaker or "", verdict)
        out.append(
            _card("quote", q.id, level, heading=heading, panes=_quote_panes(report, q, check), note=note)
        )
    return out


# --------------------------------------------------------------------------- posts and figures


def _embed_cards(report: Report) -> list[str]:
    out: list[str] = []
    checks = {c.embed: c for c in report.embeds}
    for e in report.extraction.embeds:
        check = checks.get(e.id)
        verdict = check.verdict.value if check else "unverifiable"
        original = check.original if check else None
        if e.text and original and original.text:
            left, right = word_diff(e.text, original.text)
        else:
            left = esc(e.text or "")
            right = esc(original.text if original else "") or _NOT_AVAILABLE
        diffs = "".join(f"<li>{esc(d)}</li>" for d in (check.differences if check else ()))
        posted = when((original.date if original else None) or e.date)
        who = " ".join(x for x in (e.platform.value, e.author_handle or e.author_name or "") if x)
        label = "original" + (f" (via {esc(original.via)})" if original else "")
        embedded = _pane("embedded" + (f", posted {esc(posted)}" if posted else ""), left)
        panes = [embedded, _pane(label, right, f"<p>{link('post', e.url)}</p><ul>{diffs}</ul>")]
        level = level_of(verdict, report.fail_on)
        note = (check.note if check else None) or ""
        out.append(
            _card("embed", e.id, level, heading=_heading(e.id, e.line, who, verdict), panes=panes, note=note)
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
            copy = f"archived {when(match.timestamp)}" if match.version.value == "archived" else "live"
        else:
            passage, copy = '<span class="label">no passage states it</span>', ""
        who = f"{c.source or 'no source'} ({c.tie.value} tie)"
        source_pane = _pane(f"source {esc(copy)}".strip(), passage, _source_links(report, c.source))
        note = (check.note if check else None) or ""
        heading = _heading(c.id, c.line, who, verdict)
        out.append(
            _card(
                "claim",
                c.id,
                level,
                heading=heading,
                panes=[_pane("article", stated), source_pane],
                note=note,
            )
        )
    return out


# --------------------------------------------------------------------------- findings and the table


def _anchor(row: Row) -> str:
    prefix = _CARD_PREFIX.get(row.kind)
    return f"#{prefix}-{esc(row.id)}" if prefix else f"#row-{esc(row.id)}"


def _findings(all_rows: list[Row]) -> str:
    """What needs a reader's eye, most severe first, each linked to its card (sources: their row)."""
    found = sorted((r for r in all_rows if r.level >= Level.WARNING), key=lambda r: -r.level)
    if not found:
        return '<section id="findings"><h2>Findings</h2><p>No findings.</p></section>'
    items = "".join(
        f'<li class="{_LEVEL_CLASS[r.level]}"><a href="{_anchor(r)}">{esc(r.id)}</a> '
        f'<span class="verdict">{esc(r.verdict)}</span> · line {r.line} · {esc(one_line(r.what, 140))}'
        + (f'<span class="why">{esc(one_line(r.note, 300))}</span>' if r.note else "")
        + "</li>"
        for r in found
    )
    heading = f"<h2>Findings ({len(found)})</h2>"
    return f'<section id="findings">{heading}<ol class="findings">{items}</ol></section>'


def _captures(report: Report) -> dict[str, Capture]:
    out: dict[str, Capture] = {}
    archives = [sc.archive for sc in report.sources] + [c.archive for c in report.embeds]
    for a in archives:
        for cap in (a.as_cited, a.latest, a.saved) if a else ():
            if cap is not None:
                out.setdefault(cap.url, cap)
    return out


def _row(r: Row, captures: dict[str, Capture]) -> str:
    what = link(one_line(r.what, 160), r.url) if r.kind != "quote" and r.url else esc(one_line(r.what, 160))
    capture = captures.get(r.archive_url or "")
    archived = esc(r.archived)
    if capture is not None:  # the capture's time in the page's one date form, `saved`/`after` kept
        tail = r.archived.rsplit(" ", 1)[-1] if r.archived.endswith((" saved", " after")) else ""
        archived = link(f"{when(capture.timestamp)} {tail}".strip(), capture.url)
    verdict = f'<span class="verdict" data-verdict="{esc(r.verdict)}">{esc(r.verdict)}</span>'
    cells = [
        esc(r.id),
        str(r.line),
        esc(r.kind),
        what,
        esc(r.source),
        esc(r.fetched),
        archived,
        verdict,
        esc(r.note),
    ]
    tds = "".join(f'<td data-label="{h}">{c}</td>' for h, c in zip(HEADERS, cells, strict=True))
    return f'<tr class="{_LEVEL_CLASS[r.level]}" id="row-{esc(r.id)}">{tds}</tr>'


def _table(all_rows: list[Row], captures: dict[str, Capture]) -> str:
    head = "".join(f"<th>{h}</th>" for h in HEADERS)
    body = "\n".join(_row(r, captures) for r in all_rows)
    return (
        f'<h2>Every item</h2><table id="verification"><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table>"
    )


def render(report: Report, style: Style = PLAIN, /) -> str:
    art = report.extraction.article
    all_rows = rows(report)
    failed = any(r.level is Level.FAIL for r in all_rows)
    title = art.title or art.url or art.input
    summary_items = "".join(
        f"<li>{esc(noun)}: {esc(', '.join(f'{c} {n}' for n, c in items))}</li>"
        for noun, _total, items in summary_parts(report)
    )
    sections = [
        ("Quotations", _quote_cards(report)),
        ("Embedded posts", _embed_cards(report)),
        ("Figures", _claim_cards(report)),
    ]
    cards = "".join(f"<h2>{name}</h2>{''.join(items)}" for name, items in sections if items)
    article_link = link(art.url, art.url) if art.url else esc(art.input)
    published = f" · published {esc(when(art.published))}" if art.published else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>verify: {esc(title)}</title>
<style>{CSS}</style></head>
<body>
<header><h1>{esc(title)}</h1>
<p class="meta">{article_link}{published} · checked {esc(when(report.checked_at))}</p>
<p class="summary {"failed" if failed else "passed"}" id="summary">{esc(summary_line(report))}</p>
<ul>{summary_items}</ul></header>
{_findings(all_rows)}
{cards}
{_table(all_rows, _captures(report))}
</body></html>
"""
