"""The report as GitHub-flavoured Markdown for a pull-request comment: summary, findings, details folded."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import Level, Row, coverage, failing, rows, summary_parts
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


LIMIT = 65_536  # characters GitHub accepts in a comment (and in a job summary block)
_RESERVE = 600  # room kept for the closing lines and the "rows left out" note


def _row_all(r: Row, what_limit: int = 90) -> str:
    archived = _link(r.archived, r.archive_url) if r.archive_url else md(r.archived)
    return (
        f"| {_ICON[r.level]} | {r.id} | {r.line} | {md(r.kind)} | {md(r.what, what_limit)} | "
        f"{md(r.source)} | {md(r.fetched)} | {archived} | **{md(r.verdict)}** | {md(r.note, 200)} |"
    )


_ALL_HEAD = [
    "| | # | line | kind | what | source | fetched | archived | verdict | note |",
    "|---|---|---|---|---|---|---|---|---|---|",
]
# Narrow enough that verdict and note stay on screen at a pull request's width.
_FINDINGS_HEAD = ["| | # | what | against | verdict | note |", "|---|---|---|---|---|---|"]


def _row_finding(r: Row) -> str:
    against = md(r.basis or r.source or r.fetched, 40)
    what, note = md(r.what, 60), md(r.note, 160)
    return f"| {_ICON[r.level]} | {r.id} | {what} | {against} | **{md(r.verdict)}** | {note} |"


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


class _Budget:
    """Lines added while they fit under GitHub's limit; what does not fit is counted, never cut mid-line."""

    def __init__(self, limit: int) -> None:
        self.left = limit
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, *lines: str) -> bool:
        size = sum(len(line) + 1 for line in lines)
        if size > self.left:
            return False
        self.lines += lines
        self.left -= size
        return True

    def close(self, *lines: str) -> None:
        """Lines that end what was opened (`</details>`): always added, their room comes off the reserve."""
        self.lines += lines
        self.left -= sum(len(line) + 1 for line in lines)

    def table(self, head: list[str], body: list[str]) -> None:
        if not body or not self.add(*head):
            self.dropped += len(body)
            return
        for i, line in enumerate(body):
            if not self.add(line):
                self.dropped += len(body) - i
                return


def _head(report: Report, level: str = "###") -> list[str]:
    n_fail = len(failing(report))
    art = report.extraction.article
    title = md(art.title or art.url or art.input)
    lines = [f"{level} {'❌' if n_fail else '✅'} verify: {title}", ""]
    if n_fail:
        lines.append(f"**{n_fail} finding{'s' if n_fail != 1 else ''} at or above the failure threshold.**")
    else:
        lines.append("**No findings at or above the failure threshold.**")
    lines += ["", f"- **{md(coverage(report).line())}**"]
    for noun, total, items in summary_parts(report):
        detail = ", ".join(f"{c} {md(n)}" for n, c in items)
        lines.append(f"- **{noun}**: {detail}" if noun == "archive" else f"- **{total} {noun}**: {detail}")
    lines.append("")
    return lines


def _findings_of(report: Report) -> list[Row]:
    fails = failing(report)
    return [r for r in fails if r.kind == "run"] + [r for r in rows(report) if r.level >= Level.WARNING]


def render_many(reports: Sequence[Report], style: Style = PLAIN, /) -> str:
    """One comment for the run: each article's summary and findings first, then every row folded, within
    GitHub's 65,536 characters (rows that do not fit are counted in a last line)."""
    budget = _Budget(LIMIT - _RESERVE)
    level = "###" if len(reports) == 1 else "####"
    if len(reports) > 1:
        n = sum(len(failing(r)) for r in reports)
        budget.add(f"### {'❌' if n else '✅'} verify: {len(reports)} articles, {n} findings", "")
    for report in reports:
        budget.add(*_head(report, level))
        findings = _findings_of(report)
        budget.table(_FINDINGS_HEAD, [_row_finding(r) for r in findings])
        budget.add("")
    for report in reports:
        label = "All rows" if len(reports) == 1 else f"All rows: {md(report.extraction.article.input)}"
        if budget.add(f"<details><summary>{label}</summary>", ""):
            budget.table(_ALL_HEAD, [_row_all(r) for r in rows(report)])
            budget.close("", "</details>", "")
    for report in reports:
        details = _quote_details(report)
        if details and budget.add("<details><summary>Quotations beside their sources</summary>", ""):
            for i in range(0, len(details), 6):  # one quotation's six lines, whole or not at all
                if not budget.add(*details[i : i + 6]):
                    budget.dropped += 1
            budget.close("</details>", "")
    if budget.dropped:
        budget.lines.append(
            f"_{budget.dropped} rows left out to fit a GitHub comment ({LIMIT:,} characters): the full "
            "report is in `verify check --format html` or `--format json` (keep it as a build artifact)._"
        )
        budget.lines.append("")
    stamp = ", ".join(dict.fromkeys(md(r.checked_at) for r in reports))
    budget.lines.append(f"<sub>checked {stamp} by verify</sub>")
    return "\n".join(budget.lines) + "\n"


def render(report: Report, style: Style = PLAIN, /) -> str:
    return render_many([report], style)
