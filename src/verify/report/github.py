"""GitHub Actions workflow commands: `::error` and `::warning` for findings only, within GitHub's limits.

GitHub shows 10 annotations of each kind per step and silently drops the rest, so at most 10 of each
are printed, most severe first; the full list goes to the job summary (Markdown) when the CLI writes one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import Level, Row, failing, rows, summary_line
from verify.textsafe import clean

LIMIT = 10  # annotations of one kind GitHub shows per step
_COMMAND = {Level.FAIL: "error", Level.WARNING: "warning"}
# Most severe first: a misquotation before a wrong figure before a changed post before a dead link.
_KIND_RANK = {"run": 0, "quote": 1, "claim": 2, "embed": 3}


def escape_data(text: str) -> str:
    """Escape a command's message as the runner expects (`%`, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message escapes plus the delimiters `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _file_of(report: Report) -> str | None:
    given = report.extraction.article.input
    if given == "-" or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", given):
        return None
    return clean(given, keep_newlines=False).removeprefix("./")


def _message(row: Row) -> str:
    parts = [row.what]
    if row.basis:
        parts.append(f"against {row.basis}")
    elif row.source:
        parts.append(f"source {row.source}")
    if row.fetched and row.kind != "quote":
        parts.append(f"fetched: {row.fetched}")
    if row.archived:
        parts.append(f"archived: {row.archived}")
    if row.note:
        parts.append(row.note)
    return " — ".join(parts)


def command(row: Row, file: str | None) -> str:
    props = []
    if file:
        props.append(f"file={escape_property(file)}")
        if row.line:
            props.append(f"line={row.line}")
    props.append(f"title={escape_property(f'{row.id} {row.kind}: {row.verdict}')}")
    # Workflow commands are parsed from the log, so untrusted text must not smuggle a second command in.
    message = clean(_message(row), keep_newlines=True)
    return f"::{_COMMAND[row.level]} {','.join(props)}::{escape_data(message)}"


def _findings(report: Report) -> list[Row]:
    """Rows worth an annotation: failures (with the run's own `unchecked`, if any) and warnings."""
    fails = failing(report)
    found = [r for r in fails if r.kind == "run"]
    found += [r for r in rows(report) if r.level >= Level.WARNING]
    return found


def _rank(row: Row) -> tuple[int, int, int]:
    return (-int(row.level), _KIND_RANK.get(row.kind, 4), row.line)


def render_many(reports: Sequence[Report], style: Style = PLAIN, /) -> str:
    """Annotations for every article of the run, at most LIMIT of each kind, then one summary per article."""
    found = [(row, _file_of(r)) for r in reports for row in _findings(r)]
    found.sort(key=lambda pair: _rank(pair[0]))
    lines: list[str] = []
    left = {Level.FAIL: 0, Level.WARNING: 0}
    shown = {Level.FAIL: 0, Level.WARNING: 0}
    for row, file in found:
        if shown[row.level] < LIMIT:
            shown[row.level] += 1
            lines.append(command(row, file))
        else:
            left[row.level] += 1
    for r in reports:
        prefix = f"{_file_of(r) or r.extraction.article.input}: " if len(reports) > 1 else ""
        lines.append(escape_data(clean(f"verify: {prefix}{summary_line(r)}")))
    more = left[Level.FAIL] + left[Level.WARNING]
    if more:
        where = "the job summary lists them all" if style.step_summary else "--format markdown lists all"
        counted = f"{left[Level.FAIL]} errors, {left[Level.WARNING]} warnings; GitHub shows {LIMIT} of each"
        noun = "finding" if more == 1 else "findings"
        lines.append(f"verify: {more} more {noun} not annotated ({counted}): {where}")
    return "\n".join(lines) + "\n"


def render(report: Report, style: Style = PLAIN, /) -> str:
    return render_many([report], style)
