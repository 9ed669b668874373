"""Robust Links (robustlinks.org): an anchor carrying the live URL, a snapshot and the linking date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from html import escape

from verify.models import ArchiveResult, Capture


def _date_text(when: date | datetime | str | None, capture: Capture) -> str:
    if isinstance(when, datetime):
        return when.date().isoformat()
    if isinstance(when, date):
        return when.isoformat()
    if isinstance(when, str) and when.strip():
        return when.strip()[:10]
    ts = capture.timestamp
    return f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}"


def robust_link(original_url: str, capture: Capture, when: date | datetime | str | None = None) -> str:
    """An `<a>` an editor can paste: href and data-originalurl the live URL, data-versionurl the capture.

    `when` is the linking date (the article's publication); the capture's own date when not given.
    """
    orig = escape(original_url, quote=True)
    return (
        f'<a href="{orig}" data-originalurl="{orig}" '
        f'data-versionurl="{escape(capture.url, quote=True)}" '
        f'data-versiondate="{escape(_date_text(when, capture), quote=True)}">{orig}</a>'
    )


def best_capture(result: ArchiveResult) -> Capture | None:
    """The snapshot a Robust Link should name: as cited, else the one made now, else the latest."""
    return result.as_cited or result.saved or result.latest


def format_robustlinks(results: Mapping[str, ArchiveResult]) -> str:
    """One Robust Link per line, in the given order; a comment line for a URL with no capture."""
    lines: list[str] = []
    for url, result in results.items():
        if result.robust_link:
            lines.append(result.robust_link)
        else:
            capture = best_capture(result)
            if capture is not None:
                lines.append(robust_link(url, capture))
            else:
                comment = escape(url, quote=False).replace("--", "&#45;&#45;")
                lines.append(f"<!-- no capture: {comment} ({result.status}) -->")
    return "\n".join(lines) + ("\n" if lines else "")
