"""What `verify compare` prints: the verdict, the passage with the quotation's edits marked, the edits."""

from __future__ import annotations

import difflib
import json
from typing import Any

import click

from verify.match.normalize import tokenize
from verify.models import Comparison, EditOp, MatchResult, QuoteVerdict
from verify.report.base import PLAIN, Style
from verify.textsafe import clean, one_line


def marked_passage(quote: str, result: MatchResult, *, color: bool) -> str:
    """The passage with the quotation's differences marked: [-source words-]{+quotation words+}."""
    passage = result.passage or ""
    src = tokenize(passage)
    q = tokenize(quote)

    def removed(text: str) -> str:
        return click.style(text, fg="red", strikethrough=True) if color else f"[-{text}-]"

    def added(text: str) -> str:
        return click.style(text, fg="green", bold=True) if color else f"{{+{text}+}}"

    out: list[str] = []
    pos = 0
    sm = difflib.SequenceMatcher(None, src.keys, q.keys, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        a = src.starts[i1] if i1 < len(src) else len(passage)
        b = src.ends[i2 - 1] if i2 > i1 else a
        out.append(clean(passage[pos:a]))
        if i2 > i1:
            out.append(removed(clean(passage[a:b])))
        if j2 > j1:
            words = quote[q.starts[j1] : q.ends[j2 - 1]]
            out.append((" " if i2 > i1 else "") + added(clean(words)) + (" " if i2 == i1 else ""))
        pos = b
    out.append(clean(passage[pos:]))
    return "".join(out)


def render_text(comparison: Comparison, style: Style = PLAIN, /) -> str:
    quote, source, result, color = comparison.quote, comparison.source, comparison.result, style.colour
    verdict = result.verdict.value
    if color:
        fg = "green" if result.verdict.found else "red"
        if result.verdict is QuoteVerdict.UNVERIFIABLE:
            fg = "yellow"
        verdict = click.style(verdict, fg=fg, bold=True)
    lines = [f"{verdict}  score {result.score:.2f}  ({one_line(source, 100)})"]
    if result.note:
        label = "reason" if result.verdict is QuoteVerdict.UNVERIFIABLE else "note"
        lines.append(f"{label}: {one_line(result.note, 400)}")
    if result.passage is not None:
        lines.append(f"passage (characters {result.start}-{result.end}):")
        body = marked_passage(quote, result, color=color) if result.edits else clean(result.passage)
        lines.extend("  " + line for line in body.splitlines() or [""])
    if result.edits:
        lines.append("edits:")
    for e in result.edits:
        q, s = f"“{one_line(e.quote, 120)}”", f"“{one_line(e.source, 120)}”"
        if e.op is EditOp.REPLACE:
            lines.append(f"  changed: source {s} -> quotation {q}")
        elif e.op is EditOp.INSERT:
            lines.append(f"  left out: source {s}")
        else:
            lines.append(f"  added: quotation {q}")
    return "\n".join(lines) + "\n"


def render_json(comparison: Comparison, style: Style = PLAIN, /) -> str:
    result, fetch = comparison.result, comparison.fetch
    payload: dict[str, Any] = {
        "quote": comparison.quote,
        "source": comparison.source,
        "url": comparison.url,
        "verdict": result.verdict.value,
        "score": result.score,
        "passage": result.passage,
        "start": result.start,
        "end": result.end,
        "edits": [{"op": e.op.value, "quote": e.quote, "source": e.source} for e in result.edits],
        "note": result.note,
    }
    if fetch is not None:
        payload["fetch"] = {
            "status": fetch.status.value,
            "http_status": fetch.http_status,
            "final_url": fetch.final_url,
            "error": fetch.error,
        }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
