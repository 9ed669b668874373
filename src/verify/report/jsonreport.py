"""The report as JSON, in the contract's shape (`schema: "verify.report/1"`, shared spec report.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from verify import __version__
from verify.models import (
    ArchiveResult,
    Capture,
    Claim,
    ClaimCheck,
    ClaimMatch,
    Embed,
    EmbedCheck,
    FetchResult,
    MatchResult,
    OriginalPost,
    Quote,
    QuoteCheck,
    QuoteMatch,
    Report,
    SourceCheck,
)
from verify.report import extraction as extracted
from verify.report.base import PLAIN, Style
from verify.report.findings import Coverage, counts, coverage, failing, unreachable

SCHEMA = "verify.report/1"
MANY_SCHEMA = "verify.reports/1"  # several articles of one run


def _capture(c: Capture | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"url": c.url, "timestamp": c.timestamp, "original": c.original}


def fetch_to_dict(f: FetchResult | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "status": f.status.value,
        "http_status": f.http_status,
        "final_url": f.final_url,
        "content_type": f.content_type,
        "sha256": f.sha256,
        "error": f.error,
        "size": f.size,
        "elapsed": round(f.elapsed, 3) if f.elapsed is not None else None,
        "redirects": list(f.redirects),
        "truncated": f.truncated,
        "from_cache": f.from_cache,
        "cached_at": f.cached_at,
    }


def archive_to_dict(a: ArchiveResult | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "status": a.status.value,
        "as_cited": _capture(a.as_cited),
        "latest": _capture(a.latest),
        "error": a.error,
        "as_cited_after": a.as_cited_after,
        "saved": _capture(a.saved),
        "pending": a.pending,
        "note": a.note,
        "reason": a.reason,
    }


def source_to_dict(sc: SourceCheck) -> dict[str, Any]:
    out = extracted.source_to_dict(sc.source)
    out["fetch"] = fetch_to_dict(sc.fetch)
    out["archive"] = archive_to_dict(sc.archive)
    out["robust_link"] = sc.archive.robust_link if sc.archive else None
    return out


def _original(o: OriginalPost | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "author": o.author,
        "author_name": o.author_name,
        "date": o.date,
        "text": o.text,
        "via": o.via,
        "url": o.url,
        "post_id": o.post_id,
        "cid": o.cid,
        "edited": o.edited,
        "archive_url": o.archive_url,
    }


def embed_to_dict(e: Embed, c: EmbedCheck | None) -> dict[str, Any]:
    out = extracted.embed_to_dict(e)
    out["original"] = _original(c.original) if c else None
    out["verdict"] = c.verdict.value if c else "unverifiable"
    out["differences"] = list(c.differences) if c else []
    out["note"] = (c.note if c else "not checked") or None
    out["archive"] = archive_to_dict(c.archive) if c else None
    out["id_date"] = c.id_date if c else None
    out["score"] = round(c.match.score, 4) if c and c.match else None
    out["recovered"] = e.recovered
    return out


def _match(m: QuoteMatch | None) -> dict[str, Any] | None:
    if m is None:
        return None
    r: MatchResult = m.result
    return {
        "source": m.source,
        "version": m.version.value,
        "text": r.passage,
        "score": round(r.score, 4),
        "edits": [{"op": e.op.value, "quote": e.quote, "source": e.source} for e in r.edits],
        "verdict": r.verdict.value,
        "timestamp": m.timestamp,
        "note": r.note,
    }


def quote_to_dict(q: Quote, c: QuoteCheck | None) -> dict[str, Any]:
    out = extracted.quote_to_dict(q)
    out["verdict"] = c.verdict.value if c else "unverifiable"
    out["checked_against"] = c.checked_against if c else "none"
    out["match"] = _match(c.match) if c else None
    out["note"] = (c.note if c else "not checked") or None
    out["other"] = [_match(m) for m in c.other] if c else []
    return out


def _claim_match(m: ClaimMatch | None) -> dict[str, Any] | None:
    if m is None:
        return None
    value = extracted.value_to_dict(m.value)
    return {"source": m.source, "version": m.version.value, "text": m.text, "value": value,
            "timestamp": m.timestamp, "score": m.score}  # fmt: skip


def claim_to_dict(c: Claim, check: ClaimCheck | None) -> dict[str, Any]:
    out = extracted.claim_to_dict(c)
    out["verdict"] = check.verdict.value if check else "unverifiable"
    out["checked_against"] = check.checked_against if check else "none"
    out["match"] = _claim_match(check.match) if check else None
    out["note"] = (check.note if check else "not checked") or None
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain JSON-ready values."""
    ex = report.extraction
    qchecks = {c.quote: c for c in report.quotes}
    echecks = {c.embed: c for c in report.embeds}
    cchecks = {c.claim: c for c in report.claims}
    checked = {sc.source.id: sc for sc in report.sources}
    summary: dict[str, Any] = dict(counts(report))
    n_failing = len(failing(report))
    summary["failed"] = n_failing > 0
    summary["findings"] = n_failing
    summary["fail_on"] = sorted(report.fail_on)
    summary["checked"] = _coverage_dict(coverage(report))
    summary["unreachable"] = unreachable(report)
    return {
        "schema": SCHEMA,
        "tool": {"name": "verify", "version": __version__},
        "checked_at": report.checked_at,
        "article": extracted.article_to_dict(ex.article),
        "sources": [source_to_dict(checked.get(s.id) or SourceCheck(source=s)) for s in ex.sources],
        "embeds": [embed_to_dict(e, echecks.get(e.id)) for e in ex.embeds],
        "attributions": [extracted.attribution_to_dict(a) for a in ex.attributions],
        "quotes": [quote_to_dict(q, qchecks.get(q.id)) for q in ex.quotes],
        "claims": [claim_to_dict(c, cchecks.get(c.id)) for c in ex.claims],
        "summary": summary,
    }


def _coverage_dict(c: Coverage) -> dict[str, int]:
    return {
        "quotes": c.quotes, "quotes_checked": c.quotes_checked, "claims": c.claims,
        "claims_checked": c.claims_checked, "embeds": c.embeds, "embeds_checked": c.embeds_checked,
        "sources": c.sources, "sources_read": c.sources_read,
    }  # fmt: skip


def _combined(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The run's summary: every article's counts added up; failed when any article failed."""
    total: dict[str, Any] = {}
    for group in ("quotes", "embeds", "claims", "sources", "archive", "checked"):
        tally: dict[str, int] = {}
        for p in parts:
            for name, n in p["summary"][group].items():
                tally[name] = tally.get(name, 0) + n
        total[group] = tally
    total["articles"] = len(parts)
    total["failed"] = any(p["summary"]["failed"] for p in parts)
    total["findings"] = sum(p["summary"]["findings"] for p in parts)
    total["fail_on"] = sorted({n for p in parts for n in p["summary"]["fail_on"]})
    total["unreachable"] = bool(parts) and all(p["summary"]["unreachable"] for p in parts)
    return total


def render_many(reports: Sequence[Report], style: Style = PLAIN, /) -> str:
    """Several articles of one run: `verify.reports/1`, a report per article and the combined summary."""
    parts = [report_to_dict(r) for r in reports]
    data = {
        "schema": MANY_SCHEMA,
        "tool": {"name": "verify", "version": __version__},
        "reports": parts,
        "summary": _combined(parts),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render(report: Report, style: Style = PLAIN, /) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
