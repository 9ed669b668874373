"""The extraction as tables readable in an 80-column terminal (every untrusted string cleaned)."""

from __future__ import annotations

from tabulate import tabulate

from verify.models import Extraction
from verify.textsafe import one_line


def _s(value: object, limit: int) -> str:
    return one_line(str(value), limit) if value not in (None, "") else "-"


def render(ex: Extraction) -> str:
    a = ex.article
    parts = [
        f"Article   {_s(a.title, 68)}",
        f"Input     {_s(a.input, 68)} ({a.format.value})",
        f"URL       {_s(a.url, 68)}",
        f"Published {_s(a.published, 30)}   Language {_s(a.language, 10)}",
        "",
    ]
    if ex.sources:
        rows = [[s.id, s.kind.value, ",".join(map(str, s.lines or (s.line,))), _s(s.url or s.text, 50)] for s in ex.sources]
        parts += [f"Sources ({len(ex.sources)})", tabulate(rows, ["id", "kind", "line", "url / name"]), ""]
    if ex.embeds:
        rows = [
            [e.id, e.platform.value, e.line, _s(e.author_handle or e.author_name, 16), _s(e.date, 10), _s(e.text, 18)]
            for e in ex.embeds
        ]
        parts += [f"Embeds ({len(ex.embeds)})", tabulate(rows, ["id", "platform", "line", "author", "date", "text"]), ""]
    if ex.attributions:
        rows = [[t.id, t.kind.value, t.line, _s(t.name, 40), _s(t.source, 5)] for t in ex.attributions]
        parts += [f"Attributions ({len(ex.attributions)})", tabulate(rows, ["id", "kind", "line", "name", "src"]), ""]
    if ex.quotes:
        rows = [[q.id, q.line, _s(q.speaker, 16), _s(q.source, 4), _s(q.text, 40)] for q in ex.quotes]
        parts += [f"Quotations ({len(ex.quotes)})", tabulate(rows, ["id", "line", "speaker", "src", "text"]), ""]
    if not (ex.sources or ex.embeds or ex.quotes or ex.attributions):
        parts.append("Nothing cited found.")
    return "\n".join(parts) + "\n"
