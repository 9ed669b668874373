"""The robust-links format of `verify check` and `verify archive`: a Robust Link per URL, to paste."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from verify.models import ArchiveResult, ArchiveStatus, Report, SourceKind
from verify.report.base import PLAIN, Style
from verify.robustlink import best_capture, robust_link


def render(report: Report, style: Style = PLAIN, /) -> str:
    """One Robust Link per cited URL (as-cited capture, else the one saved, else the latest), in order.

    A URL with no capture gets a comment line naming its archive status, so nothing is silently dropped.
    """
    results: dict[str, ArchiveResult] = {}
    for sc in report.sources:
        url = sc.source.url
        if sc.source.kind is SourceKind.ATTRIBUTION or not url or url in results:
            continue
        results[url] = sc.archive or ArchiveResult(ArchiveStatus.SKIPPED)
    return format_robustlinks(results)


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
