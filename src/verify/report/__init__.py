"""Reporting: the verification table, JSON, Markdown, CI annotations, the HTML report and robust links."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from verify.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from verify.models import Report


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"
    HTML = "html"
    ROBUSTLINKS = "robustlinks"


def render(report: Report, fmt: OutputFormat, *, colour: bool = False, width: int = 120) -> str:
    """The report in one format; `colour` and `width` matter only to the table."""
    # Each formatter is imported when chosen: tabulate is needed only by the table.
    if fmt is OutputFormat.TABLE:
        from verify.report import table  # noqa: PLC0415

        return table.render(report, colour=colour, width=width)
    if fmt is OutputFormat.JSON:
        from verify.report import jsonreport  # noqa: PLC0415

        return jsonreport.render(report)
    if fmt is OutputFormat.MARKDOWN:
        from verify.report import markdown  # noqa: PLC0415

        return markdown.render(report)
    if fmt is OutputFormat.GITHUB:
        from verify.report import github  # noqa: PLC0415

        return github.render(report)
    if fmt is OutputFormat.HTML:
        from verify.report import htmlreport  # noqa: PLC0415

        return htmlreport.render(report)
    if fmt is OutputFormat.ROBUSTLINKS:
        from verify.report import robustlinks  # noqa: PLC0415

        return robustlinks.render(report)
    raise AssertionError(f"unhandled format {fmt}")


def exit_status(report: Report) -> int:
    """0 when nothing reaches `--fail-on`, 1 when something does."""
    from verify.report.findings import is_failed  # noqa: PLC0415

    return EXIT_FINDINGS if is_failed(report) else EXIT_OK


__all__ = ["OutputFormat", "exit_status", "render"]
