"""Robust links: each cited URL as an HTML anchor carrying its archived copy (Robust Links spec)."""

from __future__ import annotations

from verify.models import Report, SourceKind
from verify.report.findings import ts_date
from verify.report.htmlreport import esc, safe_href


def robust_anchor(url: str, text: str, version_url: str | None, timestamp: str | None) -> str:
    """`<a href=URL data-originalurl=URL data-versionurl=MEMENTO data-versiondate=YYYY-MM-DD>`."""
    href = safe_href(url) or ""
    attrs = [f'href="{href}"', f'data-originalurl="{href}"']
    vhref = safe_href(version_url)
    if vhref:
        attrs.append(f'data-versionurl="{vhref}"')
        date = ts_date(timestamp)
        if date:
            attrs.append(f'data-versiondate="{date}"')
    return f"<a {' '.join(attrs)}>{esc(text)}</a>"


def render(report: Report) -> str:
    """One robust link per fetched source, with the capture as cited (else saved, else latest)."""
    lines = []
    for sc in report.sources:
        s = sc.source
        if s.kind is SourceKind.ATTRIBUTION or not s.url or safe_href(s.url) is None:
            continue
        if sc.archive is not None and sc.archive.robust_link:
            lines.append(sc.archive.robust_link)
            continue
        capture = None
        if sc.archive is not None:
            capture = sc.archive.as_cited or sc.archive.saved or sc.archive.latest
        version, stamp = (capture.url, capture.timestamp) if capture else (None, None)
        lines.append(robust_anchor(s.url, s.text or s.url, version, stamp))
    return "\n".join(lines) + ("\n" if lines else "")
