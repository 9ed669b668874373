"""The archive stage's verdicts (pure): an `ArchiveResult` from what a look-up found and what a save made."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from verify.archive import cdx
from verify.archive.lookup import Found
from verify.archive.policy import BUDGET_EXHAUSTED, SAVE_DEFERRED
from verify.archive.save import Saved
from verify.models import ArchiveResult, ArchiveStatus, Capture, SavePolicy
from verify.robustlink import robust_link


def found_result(
    url: str, found: Found, pub: datetime | None, policy: SavePolicy, reason: str | None = None
) -> ArchiveResult:
    """What a look-up alone says about `url`; `reason` is the save policy's rule that applied."""
    status = ArchiveStatus.ARCHIVED if (found.as_cited or found.latest) else ArchiveStatus.MISSING
    note = found.note
    if status is ArchiveStatus.MISSING and policy is SavePolicy.NEVER and not found.error:
        note = note or "no capture (saving not asked for)"
    if pub is None and found.latest is not None:
        note = note or "no publication date: only the latest capture is known"
    return ArchiveResult(
        status=status,
        as_cited=found.as_cited,
        latest=found.latest,
        error=found.error,
        as_cited_after=found.after,
        robust_link=_robust(url, found.as_cited or found.latest, pub),
        note=note,
        reason=reason,
    )


def saved_result(  # noqa: PLR0917 - the facts a verdict rests on
    url: str,
    found: Found,
    pub: datetime | None,
    saved: Saved,
    run_started: datetime,
    policy: SavePolicy,
    reason: str | None = None,
) -> ArchiveResult:
    """What a look-up and the save that followed it say about `url`."""
    base = found_result(url, found, pub, policy, reason)
    if saved.exhausted:
        # Kept for the next run: no capture stands for it as cited, and none was made.
        return replace(base, status=ArchiveStatus.MISSING, reason=BUDGET_EXHAUSTED, note=saved.note)
    if saved.deferred:
        # Not sent (Save Page Now is paused after a 429): missing, and saved by the next run.
        return replace(base, status=ArchiveStatus.MISSING, reason=SAVE_DEFERRED, note=saved.note)
    if saved.capture is None:
        if saved.error:
            note = saved.note or base.note
            return replace(base, status=ArchiveStatus.FAILED, error=saved.error, note=note)
        return replace(base, pending=saved.pending, note=saved.note or base.note, error=None)
    capture = saved.capture
    made_at = cdx.parse_timestamp(capture.timestamp) or run_started
    made_now = made_at >= run_started - timedelta(minutes=5)
    latest = capture if not found.latest or capture.timestamp >= found.latest.timestamp else found.latest
    as_cited, after = found.as_cited, found.after
    if as_cited is None and pub is not None:
        as_cited, after = capture, capture.timestamp > cdx.format_timestamp(pub)
    note = saved.note
    if not made_now:
        note = f"Save Page Now reused its capture of {capture.timestamp}"
    return ArchiveResult(
        status=ArchiveStatus.SAVED if made_now else ArchiveStatus.ARCHIVED,
        as_cited=as_cited,
        latest=latest,
        as_cited_after=after,
        saved=capture,
        robust_link=_robust(url, as_cited or capture, pub),
        note=note,
        reason=reason,
    )


def _robust(url: str, capture: Capture | None, pub: datetime | None) -> str | None:
    if capture is None:
        return None
    return robust_link(url, capture, pub.date() if pub else None)
