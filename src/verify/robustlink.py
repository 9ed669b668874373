"""Robust Links (robustlinks.org): an anchor carrying the live URL, a snapshot and the linking date.

Pure and shared: the archive stage puts one on each result, the report renders them."""

from __future__ import annotations

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
