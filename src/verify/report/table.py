"""The verification table for a terminal: a row per quotation, embedded post and source, fit to width."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from tabulate import tabulate

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import HEADERS, Level, Row, failing, rows, summary_line
from verify.textsafe import one_line

_COLOURS = {Level.FAIL: "31;1", Level.WARNING: "33", Level.NOTICE: "36", Level.GOOD: "32"}
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_GAP = 2  # tabulate's "plain" format puts two spaces between columns


def _paint(text: str, level: Level, colour: bool) -> str:
    if not colour or not text:
        return text
    return f"\x1b[{_COLOURS[level]}m{text}\x1b[0m"


def _cells(row: Row) -> list[str]:
    return [row.id, str(row.line), row.kind, row.what, row.source, row.fetched, row.archived, row.verdict,
            row.note]  # fmt: skip


# Columns given up, in this order, when the terminal is too narrow (the id's letter tells the kind; a
# source row's verdict is its fetch status; the capture date is said nowhere else, so it goes last).
_DROP_ORDER = ("kind", "source", "fetched", "archived")
_FLEX = {"what": 0.45, "note": 0.35, "source": 0.20}  # shares of the room left for free text
_MIN_FLEX = 12  # narrower than this, free text says nothing
# A column is dropped before the quotation or the note gets narrower than this.
_WANTED = {"what": 22, "note": _MIN_FLEX, "source": _MIN_FLEX}


def _widths(headers: list[str], table: list[list[str]]) -> list[int]:
    return [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]


def _fit(headers: list[str], table: list[list[str]], width: int) -> tuple[list[str], list[list[str]]]:
    """Drop and shorten columns so that the table fits in `width` terminal columns."""
    if not table:
        return headers, table

    def needed(hs: list[str], tb: list[list[str]]) -> int:
        widest = _widths(hs, tb)
        fixed = sum(w for h, w in zip(hs, widest, strict=True) if h not in _FLEX)
        flex_min = sum(min(w, _WANTED[h]) for h, w in zip(hs, widest, strict=True) if h in _FLEX)
        return fixed + flex_min + _GAP * (len(hs) - 1)

    for name in _DROP_ORDER:
        if needed(headers, table) <= width:
            break
        i = headers.index(name)
        headers = headers[:i] + headers[i + 1 :]
        table = [r[:i] + r[i + 1 :] for r in table]
    widest = _widths(headers, table)
    flex = {i: _FLEX[h] for i, h in enumerate(headers) if h in _FLEX}
    fixed = sum(w for i, w in enumerate(widest) if i not in flex) + _GAP * (len(headers) - 1)
    room = max(width - fixed, _MIN_FLEX * len(flex))
    if sum(widest[i] for i in flex) <= room:
        return headers, table
    # Water-filling: the column that needs least of its share is served first, and what it leaves goes
    # to the others in proportion to their shares.
    limits: dict[int, int] = {}
    share = sum(flex.values())
    left = room
    for i in sorted(flex, key=lambda i: widest[i] / flex[i]):
        fair = int(left * flex[i] / share)
        limits[i] = max(min(widest[i], fair), _MIN_FLEX)
        left -= limits[i]
        share -= flex[i]
    return headers, [[one_line(c, limits[i]) if i in limits else c for i, c in enumerate(r)] for r in table]


def _tabulate(headers: list[str], body: list[list[str]]) -> str:
    """tabulate's "simple" layout without the two columns of padding it adds around every header.

    The header is laid out as a row (headers are single words), then ruled under each column.
    """
    out = tabulate([headers, *body], tablefmt="plain", disable_numparse=True)
    first, _, rest = out.partition("\n")
    starts = [first.index(f"{h}", first.index(headers[i - 1]) + len(headers[i - 1]) if i else 0)
              for i, h in enumerate(headers)]  # fmt: skip
    end = max(len(_SGR.sub("", line)) for line in out.splitlines())
    bounds = [*(s - _GAP for s in starts[1:]), end]
    rule = "  ".join("-" * (b - a) for a, b in zip(starts, bounds, strict=True))
    return f"{first.rstrip()}\n{rule}\n{rest}"


def render(report: Report, style: Style = PLAIN, /) -> str:
    """The table and a summary line; ANSI colour only when asked (a terminal without NO_COLOR)."""
    colour, width = style.colour, style.width
    all_rows = rows(report)
    cells = [[one_line(c) for c in _cells(r)] for r in all_rows]
    out = ""
    if cells:
        target = width
        for _ in range(4):  # tabulate's own padding is not ours to predict: measure and tighten
            headers, body = _fit(list(HEADERS), cells, target)
            out = _tabulate(headers, body)
            excess = max(len(line) for line in out.splitlines()) - width
            if excess <= 0:
                break
            target -= excess
        at = headers.index("verdict")
        for row_cells, row in zip(body, all_rows, strict=True):
            row_cells[at] = _paint(row_cells[at], row.level, colour)
        out = _tabulate(headers, body)
    summary = textwrap.fill(one_line(summary_line(report)), width=max(width, 40), break_on_hyphens=False)
    title = report.extraction.article.title
    head = f"{one_line(title, width)}\n\n" if title else ""
    details = _details(all_rows, colour=colour, width=max(width, 40))
    if not out:
        return f"{head}{summary}\n"
    return f"{head}{out}\n\n{details}{summary}\n"


def _details(all_rows: list[Row], *, colour: bool, width: int) -> str:
    """Every finding's note in full, wrapped: the table's note column is cut to fit the terminal."""
    lines: list[str] = []
    for row in all_rows:
        if row.level < Level.WARNING or not row.note:
            continue
        # Which source and which copy: a verdict read at 80 columns must say what it was judged against.
        against = f" against {row.basis}" if row.basis else ""
        lead = f"{row.id} (line {row.line}) {_paint(row.verdict, row.level, colour)}{against}: "
        plain = f"{row.id} (line {row.line}) {row.verdict}{against}: "
        text = textwrap.fill(
            plain + one_line(row.note), width=width, subsequent_indent="    ", break_on_hyphens=False
        )
        lines.append(lead + text[len(plain) :])
    return "\n".join(lines) + "\n\n" if lines else ""


def render_many(reports: Sequence[Report], style: Style = PLAIN, /) -> str:
    """Each article's table under its name, then one line for the whole run."""
    parts = []
    for report in reports:
        name = one_line(report.extraction.article.input, style.width)
        parts.append(f"== {name}\n\n{render(report, style)}")
    n = sum(len(failing(r)) for r in reports)
    tail = f"{n} finding{'s' if n != 1 else ''}" if n else "no findings"
    parts.append(f"verify: {len(reports)} articles — {tail} at or above --fail-on\n")
    return "\n".join(parts)
