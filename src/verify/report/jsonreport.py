"""The report as JSON, in the contract's shape (`schema: "verify.report/1"`, shared spec report.md)."""

from __future__ import annotations

import json
from typing import Any

from verify import __version__
from verify.models import (
    ArchiveResult,
    Attribution,
    Capture,
    Embed,
    EmbedCheck,
    FetchResult,
    MatchResult,
    OriginalPost,
    Quote,
    QuoteCheck,
    QuoteMatch,
    Report,
    Source,
    SourceCheck,
)
from verify.report.findings import counts, failing

SCHEMA = "verify.report/1"


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
    }


def _base_source(s: Source) -> dict[str, Any]:
    try:
        from verify.extract.serialize import source_to_dict  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return {
            "id": s.id,
            "kind": s.kind.value,
            "url": s.url,
            "line": s.line,
            "text": s.text,
            "context": s.context,
            "lines": list(s.lines),
        }
    return dict(source_to_dict(s))


def source_to_dict(sc: SourceCheck) -> dict[str, Any]:
    out = _base_source(sc.source)
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


def _base_embed(e: Embed) -> dict[str, Any]:
    try:
        from verify.extract.serialize import embed_to_dict  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return {
            "id": e.id,
            "platform": e.platform.value,
            "url": e.url,
            "line": e.line,
            "source": e.source,
            "author": e.author_handle,
            "author_name": e.author_name,
            "date": e.date,
            "date_text": e.date_text,
            "text": e.text,
            "post_id": e.post_id,
            "form": e.form,
        }
    return dict(embed_to_dict(e))


def embed_to_dict(e: Embed, c: EmbedCheck | None) -> dict[str, Any]:
    out = _base_embed(e)
    out["original"] = _original(c.original) if c else None
    out["verdict"] = c.verdict.value if c else "unverifiable"
    out["differences"] = list(c.differences) if c else []
    out["note"] = (c.note if c else "not checked") or None
    out["archive"] = archive_to_dict(c.archive) if c else None
    out["id_date"] = c.id_date if c else None
    out["score"] = round(c.match.score, 4) if c and c.match else None
    return out


def attribution_to_dict(a: Attribution) -> dict[str, Any]:
    try:
        from verify.extract.serialize import attribution_to_dict as base  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return {
            "id": a.id,
            "kind": a.kind.value,
            "name": a.name,
            "line": a.line,
            "source": a.source,
            "context": a.context,
        }
    return dict(base(a))


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


def _base_quote(q: Quote) -> dict[str, Any]:
    try:
        from verify.extract.serialize import quote_to_dict  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return {
            "id": q.id,
            "text": q.text,
            "line": q.line,
            "speaker": q.speaker,
            "source": q.source,
            "context": q.context,
            "embed": q.embed,
            "partial": q.partial,
            "block": q.block,
        }
    return dict(quote_to_dict(q))


def quote_to_dict(q: Quote, c: QuoteCheck | None) -> dict[str, Any]:
    out = _base_quote(q)
    out["verdict"] = c.verdict.value if c else "unverifiable"
    out["checked_against"] = c.checked_against if c else "none"
    out["match"] = _match(c.match) if c else None
    out["note"] = (c.note if c else "not checked") or None
    out["other"] = [_match(m) for m in c.other] if c else []
    return out


def report_to_dict(report: Report) -> dict[str, Any]:
    """The whole report as plain JSON-ready values."""
    ex = report.extraction
    art = ex.article
    qchecks = {c.quote: c for c in report.quotes}
    echecks = {c.embed: c for c in report.embeds}
    checked = {sc.source.id: sc for sc in report.sources}
    summary: dict[str, Any] = dict(counts(report))
    n_failing = len(failing(report))
    summary["failed"] = n_failing > 0
    summary["findings"] = n_failing
    summary["fail_on"] = sorted(report.fail_on)
    return {
        "schema": SCHEMA,
        "tool": {"name": "verify", "version": __version__},
        "checked_at": report.checked_at,
        "article": {
            "input": art.input,
            "format": art.format.value,
            "url": art.url,
            "title": art.title,
            "published": art.published,
            "language": art.language,
        },
        "sources": [source_to_dict(checked.get(s.id) or SourceCheck(source=s)) for s in ex.sources],
        "embeds": [embed_to_dict(e, echecks.get(e.id)) for e in ex.embeds],
        "attributions": [attribution_to_dict(a) for a in ex.attributions],
        "quotes": [quote_to_dict(q, qchecks.get(q.id)) for q in ex.quotes],
        "summary": summary,
    }


def render(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
