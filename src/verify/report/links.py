"""What `verify fetch` prints: a row per URL (status, HTTP status, final URL, size, digest, time, error)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from verify.models import FetchResult, FetchStatus
from verify.report.base import PLAIN, Style
from verify.report.jsonreport import fetch_to_dict
from verify.textsafe import one_line

_COLOURS = {
    FetchStatus.OK: "green",
    FetchStatus.REDIRECTED: "cyan",
    FetchStatus.SKIPPED: "white",
    FetchStatus.BLOCKED: "yellow",
    FetchStatus.NOT_IN_REPLAY: "yellow",
}


def fetch_record(result: FetchResult) -> dict[str, Any]:
    """One URL's row in JSON: `url` and the fields of a report source's `fetch` object."""
    return {"url": result.url, **(fetch_to_dict(result) or {})}


def _size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def render_table(results: Sequence[FetchResult], style: Style = PLAIN, /) -> str:
    from tabulate import tabulate  # noqa: PLC0415

    rows = []
    for r in results:
        final = r.final_url if r.final_url and r.final_url != r.url else ""
        status = r.status.value + (" (cut)" if r.truncated else "") + (" (cached)" if r.from_cache else "")
        if style.colour:
            status = click.style(status, fg=_COLOURS.get(r.status, "red"))
        rows.append(
            [
                status,
                r.http_status or "",
                one_line(r.url, 80),
                one_line(final, 80),
                one_line(r.content_type or "", 30),
                _size(r.size),
                (r.sha256 or "")[:12],
                f"{r.elapsed:.2f}s" if r.elapsed is not None else "",
                one_line(r.error or "", 100),
            ]
        )
    headers = ["status", "http", "url", "final url", "type", "size", "sha256", "time", "error"]
    # Every text cell is cleaned already (one_line): cleaning the whole table would strip the colour.
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True) + "\n"


def render_json(results: Sequence[FetchResult], style: Style = PLAIN, /) -> str:
    return json.dumps([fetch_record(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def summary_line(results: Sequence[FetchResult]) -> str:
    """`3 URLs: 2 ok, 1 broken`, the most frequent status first."""
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status.value] = counts.get(r.status.value, 0) + 1
    summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return f"{len(results)} URL{'s' if len(results) != 1 else ''}: {summary}"
