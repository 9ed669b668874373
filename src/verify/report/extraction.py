"""What extraction found, for `verify extract`: the report contract's JSON layout (`article`, `sources`,
`embeds`, `attributions`, `quotes`, `claims`; one function per item kind so the check's JSON can add verdicts)
and tables readable in an 80-column terminal (every untrusted string cleaned)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

from verify.models import ArticleMeta, Attribution, Claim, ClaimValue, Embed, Extraction, Quote, Source
from verify.report.base import PLAIN, Style
from verify.textsafe import one_line


def article_to_dict(meta: ArticleMeta) -> dict[str, Any]:
    return {
        "input": meta.input,
        "format": meta.format.value,
        "url": meta.url,
        "title": meta.title,
        "published": meta.published,
        "language": meta.language,
    }


def source_to_dict(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "url": s.url,
        "line": s.line,
        "lines": list(s.lines or (s.line,)),
        "text": s.text,
        "context": s.context,
    }


def embed_to_dict(e: Embed) -> dict[str, Any]:
    return {
        "id": e.id,
        "platform": e.platform.value,
        "url": e.url,
        "line": e.line,
        "source": e.source,
        "post_id": e.post_id,
        "author": e.author_handle,
        "author_name": e.author_name,
        "date": e.date,
        "date_text": e.date_text,
        "text": e.text,
        "form": e.form,
        "cid": e.cid,
        "lang": e.lang,
    }


def attribution_to_dict(a: Attribution) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,
        "name": a.name,
        "line": a.line,
        "source": a.source,
        "context": a.context,
    }


@functools.cache
def _ellipsis_re() -> re.Pattern[str]:
    return re.compile(r"…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\]")


@functools.cache
def _insertion_re() -> re.Pattern[str]:
    return re.compile(r"\[(?!\s*(?:…|\.\.\.)\s*\])[^\[\]]{1,80}\]")


def quote_to_dict(q: Quote) -> dict[str, Any]:
    """A quotation; `elided` and `insertions` mark the editor's ellipses and [bracketed] words in its text."""
    return {
        "id": q.id,
        "text": q.text,
        "line": q.line,
        "speaker": q.speaker,
        "source": q.source,
        "tie": q.tie.value,
        "continues": q.continues,
        "embed": q.embed,
        "partial": q.partial,
        "block": q.block,
        "open_mark": q.open_mark,
        "close_mark": q.close_mark,
        "elided": bool(_ellipsis_re().search(q.text)),
        "insertions": _insertion_re().findall(q.text),
        "context": q.context,
    }


def value_to_dict(v: ClaimValue | None) -> dict[str, Any] | None:
    """A figure: as worded, its number and unit (None for a count), and what its wording qualifies."""
    if v is None:
        return None
    return {
        "text": v.text,
        "number": v.number,
        "unit": v.unit,
        "qualifier": v.qualifier,
        "range": list(v.range) if v.range else None,
        "converted": value_to_dict(v.alt),
    }


def claim_to_dict(c: Claim) -> dict[str, Any]:
    """A claim: the sentence stating a figure, the figure, and the source it is tied to."""
    return {"id": c.id, "text": c.text, "line": c.line, "source": c.source, "tie": c.tie.value,
            "value": value_to_dict(c.value)}  # fmt: skip


def extraction_to_dict(ex: Extraction) -> dict[str, Any]:
    """The extraction as the report's JSON objects (no verdicts: those come from `verify check`)."""
    return {
        "article": article_to_dict(ex.article),
        "sources": [source_to_dict(s) for s in ex.sources],
        "embeds": [embed_to_dict(e) for e in ex.embeds],
        "attributions": [attribution_to_dict(a) for a in ex.attributions],
        "quotes": [quote_to_dict(q) for q in ex.quotes],
        "claims": [claim_to_dict(c) for c in ex.claims],
    }


def render_json(ex: Extraction, style: Style = PLAIN, /) -> str:
    return json.dumps(extraction_to_dict(ex), ensure_ascii=False, indent=2) + "\n"


def _s(value: object, limit: int) -> str:
    return one_line(str(value), limit) if value not in (None, "") else "-"


def _section(title: str, headers: Sequence[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return []
    from tabulate import tabulate  # noqa: PLC0415  (the check's JSON reuses this module's dicts, not tabulate)

    return [f"{title} ({len(rows)})", tabulate(rows, headers, disable_numparse=True), ""]


def render_table(ex: Extraction, style: Style = PLAIN, /) -> str:
    """Article metadata, then one table per kind of item; long cells are cut with an ellipsis."""
    a = ex.article
    parts = [
        f"Article   {_s(a.title, 68)}",
        f"Input     {_s(a.input, 60)} ({a.format.value})",
        f"URL       {_s(a.url, 68)}",
        f"Published {_s(a.published, 30)}   Language {_s(a.language, 10)}",
        "",
    ]
    parts += _section(
        "Sources",
        ["id", "kind", "line", "url / name"],
        [
            [s.id, s.kind.value, _s(",".join(map(str, s.lines or (s.line,))), 12), _s(s.url or s.text, 50)]
            for s in ex.sources
        ],
    )
    parts += _section(
        "Embeds",
        ["id", "platform", "line", "author", "date", "text"],
        [
            [
                e.id,
                e.platform.value,
                e.line,
                _s(e.author_handle or e.author_name, 16),
                _s(e.date, 10),
                _s(e.text, 20),
            ]
            for e in ex.embeds
        ],
    )
    parts += _section(
        "Attributions",
        ["id", "kind", "line", "name", "src"],
        [[t.id, t.kind.value, t.line, _s(t.name, 40), _s(t.source, 5)] for t in ex.attributions],
    )
    parts += _section(
        "Quotations",
        ["id", "line", "speaker", "src", "text"],
        [[q.id, q.line, _s(q.speaker, 16), _s(q.source, 4), _s(q.text, 42)] for q in ex.quotes],
    )
    parts += _section(
        "Figures",
        ["id", "line", "figure", "src", "tie", "sentence"],
        [
            [c.id, c.line, _s(c.value.text, 14), _s(c.source, 4), c.tie.value, _s(c.text, 26)]
            for c in ex.claims
        ],
    )
    if not (ex.sources or ex.embeds or ex.quotes or ex.attributions or ex.claims):
        parts.append("Nothing cited found.")
    return "\n".join(parts) + "\n"
