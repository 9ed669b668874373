"""The robust-links format of `verify check`: the archive stage's Robust Links for every cited URL."""

from __future__ import annotations

from verify.archive.robust import format_robustlinks
from verify.models import ArchiveResult, ArchiveStatus, Report, SourceKind


def render(report: Report) -> str:
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
