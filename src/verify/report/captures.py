"""What `verify archive` prints: a row per URL (status, the capture as cited, the latest, the one saved)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import click

from verify.models import ArchiveResult
from verify.report.base import PLAIN, Style
from verify.report.jsonreport import archive_to_dict
from verify.report.robustlinks import format_robustlinks
from verify.textsafe import clean, one_line

_COLOURS = {"archived": "green", "saved": "green", "missing": "yellow", "skipped": "white"}


def _when(ts: str) -> str:
    return clean(f"{ts[:4]}-{ts[4:6]}-{ts[6:8]} {ts[8:10]}:{ts[10:12]}")  # the Wayback's, so cleaned


def render_table(results: Mapping[str, ArchiveResult], style: Style = PLAIN, /) -> str:
    from tabulate import tabulate  # noqa: PLC0415

    rows = []
    for url, r in results.items():
        status = r.status.value + (" (pending)" if r.pending else "")
        if style.colour:
            status = click.style(status, fg=_COLOURS.get(r.status.value, "red"))
        as_cited = ""
        if r.as_cited is not None:
            as_cited = _when(r.as_cited.timestamp) + (" (after)" if r.as_cited_after else "")
        rows.append(
            [
                status,
                one_line(url, 70),
                as_cited,
                _when(r.latest.timestamp) if r.latest else "",
                _when(r.saved.timestamp) if r.saved else "",
                one_line(r.error or r.note or "", 100),
            ]
        )
    headers = ["status", "url", "as cited", "latest", "saved", "note"]
    # Every text cell is cleaned already (one_line): cleaning the whole table would strip the colour.
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True) + "\n"


def render_json(results: Mapping[str, ArchiveResult], style: Style = PLAIN, /) -> str:
    records = [
        {"url": url, **(archive_to_dict(r) or {}), "robust_link": r.robust_link} for url, r in results.items()
    ]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def render_robustlinks(results: Mapping[str, ArchiveResult], style: Style = PLAIN, /) -> str:
    return clean(format_robustlinks(results))
