"""Reporting: every output format of every command, behind one protocol (`Renderer`) and one registry.

A command's result goes in (the check's `Report`, an `Extraction`, fetch results, archive results, a
comparison), the chosen format's text comes out. The same format name means the same thing on every
command: `table` is for a person at a terminal, `json` for programs, and so on.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from verify.errors import EXIT_FINDINGS, EXIT_OK
from verify.report.base import PLAIN, Renderer, Style

if TYPE_CHECKING:
    from verify.models import Report


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"
    HTML = "html"
    ROBUSTLINKS = "robustlinks"
    JUNIT = "junit"


# command -> format -> "module:function" under verify.report. Modules are imported only when chosen:
# tabulate is needed only by the tables, and `verify --help` imports none of them.
RENDERERS: dict[str, dict[str, str]] = {
    "check": {
        "table": "table:render",
        "json": "jsonreport:render",
        "markdown": "markdown:render",
        "github": "github:render",
        "html": "htmlreport:render",
        "robustlinks": "robustlinks:render",
        "junit": "junit:render",
    },
    "extract": {"table": "extraction:render_table", "json": "extraction:render_json"},
    "fetch": {"table": "links:render_table", "json": "links:render_json"},
    "archive": {
        "table": "captures:render_table",
        "json": "captures:render_json",
        "robustlinks": "captures:render_robustlinks",
    },
    "compare": {"table": "comparison:render_text", "json": "comparison:render_json"},
}

# `check` of several articles in one run: the formats that hold them all in one output (html and
# robustlinks are one page per article).
MANY: dict[str, str] = {
    "table": "table:render_many",
    "json": "jsonreport:render_many",
    "markdown": "markdown:render_many",
    "github": "github:render_many",
    "junit": "junit:render_many",
}

# Older names, kept working: `compare --format text` was its human format before `table` was the name of
# that format on every command.
ALIASES: dict[str, str] = {"text": "table"}


def canonical(fmt: str) -> str:
    """The format's own name (`text` → `table`)."""
    return ALIASES.get(fmt, fmt)


def formats(command: str, *, aliases: bool = True) -> list[str]:
    """The format names a command accepts, for its `--format` choice."""
    names = list(RENDERERS[command])
    if aliases:
        names += [old for old, new in ALIASES.items() if new in RENDERERS[command]]
    return names


def renderer(command: str, fmt: str) -> Renderer[Any]:
    """The renderer of one command's result in one format; KeyError for a format it does not have."""
    module_name, _, function = RENDERERS[command][canonical(fmt)].partition(":")
    module = importlib.import_module(f"verify.report.{module_name}")
    found: Renderer[Any] = getattr(module, function)
    return found


def render_as(command: str, fmt: str, value: object, style: Style = PLAIN) -> str:
    """One command's result in one format."""
    return renderer(command, fmt)(value, style)


def render(report: Report, fmt: OutputFormat, *, colour: bool = False, width: int = 120) -> str:
    """The check's report in one format; `colour` and `width` matter only to the table."""
    return render_as("check", fmt.value, report, Style(colour=colour, width=width))


def render_reports(
    reports: Sequence[Report], fmt: OutputFormat, style: Style = PLAIN, *, many: bool | None = None
) -> str:
    """One run's reports in one format: a single article as its own report, several together.

    A run of several articles in a format that holds only one (html, robustlinks) is a usage error the
    CLI reports before any work; here it raises KeyError. `many` keeps the several-article shape when
    a run named several articles but only one could be read.
    """
    if not (len(reports) > 1 if many is None else many):
        return render_as("check", fmt.value, reports[0], style)
    module_name, _, function = MANY[fmt.value].partition(":")
    module = importlib.import_module(f"verify.report.{module_name}")
    together: Renderer[Sequence[Report]] = getattr(module, function)
    return together(reports, style)


def exit_status(report: Report) -> int:
    """0 when nothing reaches `--fail-on`, 1 when something does."""
    from verify.report.findings import is_failed  # noqa: PLC0415

    return EXIT_FINDINGS if is_failed(report) else EXIT_OK


__all__ = [
    "ALIASES",
    "MANY",
    "PLAIN",
    "RENDERERS",
    "OutputFormat",
    "Renderer",
    "Style",
    "canonical",
    "exit_status",
    "formats",
    "render",
    "render_as",
    "render_reports",
    "renderer",
]
