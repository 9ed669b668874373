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
        quoted = _covered(para.quotes, len(para.text))
        links = _Nearest(para.links)
        for fig in find_figures(para.text, language):
            if quoted[fig.start] or quoted[max(fig.end - 1, 0)]:
                continue
            start, end = _sentence(para.sentences, fig.start, len(para.text))
            raw = para.text[start:end]
            lead = len(raw) - len(raw.lstrip())
            source, tie = _tie(para, links, fig.start, (start, end))
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


def _covered(spans: Sequence[tuple[int, int]], length: int) -> bytearray:
    """Which characters the spans (quotations) cover: one look-up per figure, whatever their number."""
    covered = bytearray(length + 1)
    for s, e in spans:
        covered[max(s, 0) : max(e, 0)] = b"\x01" * max(0, min(e, length + 1) - max(s, 0))
    return covered


class _Nearest:
    """The paragraph's links sorted once; the nearest to an offset within a range found by bisection
    (a paragraph of thousands of figures and links was quadratic)."""

    def __init__(self, links: Sequence[tuple[int, str]]) -> None:
        self.links = sorted(links)
        self.positions = [pos for pos, _ in self.links]

    def __bool__(self) -> bool:
        return bool(self.links)

    def nearest(self, at: int, lo: int = -(2**62), hi: int = 2**62) -> str | None:
        """The link nearest `at` with `lo <= pos < hi` (ties: the smaller source id, as min() chose)."""
        first, last = bisect.bisect_left(self.positions, lo), bisect.bisect_left(self.positions, hi)
        if first >= last:
            return None
        i = bisect.bisect_left(self.positions, at, first, last)
        candidates = []
        if i < last:  # the first link at or after `at`: the smallest id among those at its offset
            candidates.append((self.positions[i] - at, self.links[i][1]))
        if i > first:  # the last link before `at`: the first of those at its offset has the smallest id
            j = bisect.bisect_left(self.positions, self.positions[i - 1], first, i)
            candidates.append((at - self.positions[j], self.links[j][1]))
        return min(candidates)[1]


def _tie(para: Paragraph, links: _Nearest, at: int, sentence: tuple[int, int]) -> tuple[str | None, Tie]:
    in_sentence = links.nearest(at, sentence[0], sentence[1])
    if in_sentence is not None:
        return in_sentence, Tie.SENTENCE
    if links:
        return links.nearest(at), Tie.PARAGRAPH
    named = [(abs(pos - at), sid) for pos, sid in para.attributions if sentence[0] <= pos < sentence[1]]
    if named or para.attributions:
        return min(named or [(abs(pos - at), sid) for pos, sid in para.attributions])[1], Tie.ATTRIBUTION
    return None, Tie.NONE
