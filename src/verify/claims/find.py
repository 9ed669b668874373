"""The claims of an article: each figure of its body outside quotations and embedded posts, tied to a source.

A claim is tied like a quotation: to the nearest link in its sentence, else in its paragraph, else to a
source named in its sentence or paragraph ("according to the statistics office"); else to none.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from verify.claims.numbers import find_figures
from verify.models import Claim, Tie

_CLAIM_KINDS = frozenset({"p", "li"})  # headings, block quotations and embedded posts carry no claims


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of the article as the claims finder needs it (built by the extract stage)."""

    text: str
    kind: str  # p | li | heading | blockquote | embed
    line_at: Callable[[int], int]
    sentences: Sequence[tuple[int, int]]
    quotes: Sequence[tuple[int, int]] = ()  # spans of quotations (their figures are the quotation's)
    links: Sequence[tuple[int, str]] = ()  # (offset, Source id) of each link
    attributions: Sequence[tuple[int, str]] = ()  # (offset, Source id) of each named source


def find_claims(paragraphs: Sequence[Paragraph], language: str | None = None) -> tuple[Claim, ...]:
    """Every claim of the article, numbered C1, C2, … in reading order."""
    out: list[Claim] = []
    for para in paragraphs:
        if para.kind not in _CLAIM_KINDS:
            continue
        for fig in find_figures(para.text, language):
            if any(s <= fig.start < e or s < fig.end <= e for s, e in para.quotes):
                continue
            start, end = _sentence(para.sentences, fig.start, len(para.text))
            raw = para.text[start:end]
            lead = len(raw) - len(raw.lstrip())
            source, tie = _tie(para, fig.start, (start, end))
            out.append(
                Claim(
                    id=f"C{len(out) + 1}",
                    text=raw.strip(),
                    line=para.line_at(fig.start),
                    value=fig.value,
                    source=source,
                    tie=tie,
                    start=fig.start - start - lead,
                    end=fig.end - start - lead,
                )
            )
    return tuple(out)


def _sentence(spans: Sequence[tuple[int, int]], offset: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right([s for s, _ in spans], offset) - 1
    if 0 <= i < len(spans) and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    return 0, length


def _tie(para: Paragraph, at: int, sentence: tuple[int, int]) -> tuple[str | None, Tie]:
    in_sentence = [(abs(pos - at), sid) for pos, sid in para.links if sentence[0] <= pos < sentence[1]]
    if in_sentence:
        return min(in_sentence)[1], Tie.SENTENCE
    if para.links:
        return min((abs(pos - at), sid) for pos, sid in para.links)[1], Tie.PARAGRAPH
    named = [(abs(pos - at), sid) for pos, sid in para.attributions if sentence[0] <= pos < sentence[1]]
    if named or para.attributions:
        return min(named or [(abs(pos - at), sid) for pos, sid in para.attributions])[1], Tie.ATTRIBUTION
    return None, Tie.NONE
