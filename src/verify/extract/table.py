"""The extraction as tables readable in an 80-column terminal (every untrusted string cleaned)."""

from __future__ import annotations

from collections.abc import Sequence

from tabulate import tabulate

from verify.models import Extraction
from verify.textsafe import one_line


def _s(value: object, limit: int) -> str:
    return one_line(str(value), limit) if value not in (None, "") else "-"


def _section(title: str, headers: Sequence[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return []
    return [f"{title} ({len(rows)})", tabulate(rows, headers, disable_numparse=True), ""]


def render(ex: Extraction) -> str:
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
    if not (ex.sources or ex.embeds or ex.quotes or ex.attributions):
        parts.append("Nothing cited found.")
    return "\n".join(parts) + "\n"
