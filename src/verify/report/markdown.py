"""The report as GitHub-flavoured Markdown for a pull-request comment: summary, findings, details folded."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import Level, Row, rows, summary_parts
from verify.report.htmlreport import word_diff
from verify.textsafe import one_line

_ICON = {Level.FAIL: "❌", Level.WARNING: "⚠️", Level.NOTICE: "ℹ️", Level.GOOD: "✅"}
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def md(text: str, limit: int | None = None) -> str:
    """Untrusted text made inert in a table cell: no HTML, no Markdown, no @mentions, no line breaks."""
    text = html.escape(one_line(text, limit), quote=False)
    text = _SPECIAL.sub(r"\\\1", text)
    # A zero-width space after @ keeps a quoted handle from notifying a GitHub user of the same name.
    return text.replace("@", "@\u200b")


# Kept as they are in a link destination; everything else (spaces, line breaks, `|` that would end the
# table cell, parentheses and angle brackets that would end the link) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def _link(label: str, url: str | None) -> str:
    if url and re.match(r"https?://", url, re.IGNORECASE):
        return f"[{md(label)}]({quote(url, safe=_URL_SAFE)})"
    return md(label)


def _table(selected: list[Row], what_limit: int = 90) -> list[str]:
    out = [
        "| | # | line | kind | what | source | fetched | archived | verdict | note |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in selected:
        archived = _link(r.archived, r.archive_url) if r.archive_url else md(r.archived)
        out.append(
            f"| {_ICON[r.level]} | {r.id} | {r.line} | {md(r.kind)} | {md(r.what, what_limit)} | "
            f"{md(r.source)} | {md(r.fetched)} | {archived} | **{md(r.verdict)}** | {md(r.note, 200)} |"
        )
    return out


def _quote_details(report: Report) -> list[str]:
    out: list[str] = []
    quotes = {q.id: q for q in report.extraction.quotes}
    for check in report.quotes:
        q = quotes.get(check.quote)
        if q is None or check.match is None or not check.match.result.passage:
            continue
        if check.verdict.value == "exact":
            continue
        quote_html, source_html = word_diff(q.text, check.match.result.passage, md)
        out += [
            f"**{q.id}** (line {q.line}, {md(check.verdict.value)} against {md(check.match.source or '')} "
            f"{md(check.match.version.value)}):",
            "",
            f"> quoted: {quote_html}",
            ">",
            f"> source: {source_html}",
            "",
        ]
    return out


def render(report: Report, style: Style = PLAIN, /) -> str:
    all_rows = rows(report)
    findings = [r for r in all_rows if r.level >= Level.WARNING]
    n_fail = sum(1 for r in all_rows if r.level is Level.FAIL)
    art = report.extraction.article
    title = md(art.title or art.url or art.input)
    head = "❌" if n_fail else "✅"
    lines = [f"### {head} verify: {title}", ""]
    if n_fail:
        lines.append(f"**{n_fail} finding{'s' if n_fail != 1 else ''} at or above the failure threshold.**")
    else:
        lines.append("**No findings at or above the failure threshold.**")
    lines.append("")
    for noun, total, items in summary_parts(report):
        detail = ", ".join(f"{c} {md(n)}" for n, c in items)
        lines.append(f"- **{noun}**: {detail}" if noun == "archive" else f"- **{total} {noun}**: {detail}")
    lines.append("")
    if findings:
        lines += _table(findings)
        lines.append("")
    lines += ["<details><summary>All rows</summary>", "", *_table(all_rows), "", "</details>", ""]
    details = _quote_details(report)
    if details:
        summary = "<details><summary>Quotations beside their sources</summary>"
        lines += [summary, "", *details, "</details>", ""]
    lines.append(f"<sub>checked {md(report.checked_at)} by verify</sub>")
    return "\n".join(lines) + "\n"
