"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per finding, at the draft's line."""

from __future__ import annotations

import re

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import Level, Row, rows, summary_line
from verify.textsafe import clean

_COMMAND = {Level.FAIL: "error", Level.WARNING: "warning", Level.NOTICE: "notice"}


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
    if row.source:
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
        props.append(f"line={row.line}")
    props.append(f"title={escape_property(f'{row.id} {row.kind}: {row.verdict}')}")
    # Workflow commands are parsed from the log, so untrusted text must not smuggle a second command in.
    message = clean(_message(row), keep_newlines=True)
    return f"::{_COMMAND[row.level]} {','.join(props)}::{escape_data(message)}"


def render(report: Report, style: Style = PLAIN, /) -> str:
    file = _file_of(report)
    lines = [command(r, file) for r in rows(report) if r.level > Level.GOOD]
    lines.append(escape_data(clean(f"verify: {summary_line(report)}")))
    return "\n".join(lines) + "\n"
