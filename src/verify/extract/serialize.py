"""The report contract's JSON layout for what extraction found (`article`, `sources`, `embeds`,
`attributions`, `quotes`); one function per item kind so `verify check` can add its verdicts."""

from __future__ import annotations

import re
from typing import Any

from verify.models import ArticleMeta, Attribution, Embed, Extraction, Quote, Source


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


_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.|\[\s*(?:…|\.\.\.)\s*\]")
_INSERTION = re.compile(r"\[(?!\s*(?:…|\.\.\.)\s*\])[^\[\]]{1,80}\]")


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
        "elided": bool(_ELLIPSIS.search(q.text)),
        "insertions": _INSERTION.findall(q.text),
        "context": q.context,
    }


def extraction_to_dict(ex: Extraction) -> dict[str, Any]:
    """The extraction as the report's JSON objects (no verdicts: those come from `verify check`)."""
    return {
        "article": article_to_dict(ex.article),
        "sources": [source_to_dict(s) for s in ex.sources],
        "embeds": [embed_to_dict(e) for e in ex.embeds],
        "attributions": [attribution_to_dict(a) for a in ex.attributions],
        "quotes": [quote_to_dict(q) for q in ex.quotes],
    }
