"""Sentence boundaries in a block of text, never inside a quotation and not after common abbreviations."""

from __future__ import annotations

import bisect
import re

_END = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«(\[A-Z0-9À-ÖØ-Þ]|\s*$)")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr|Gen|Gov|Sen|Rep|Del|Lt|Col|Maj|Sgt|Cpl|Pvt|Capt|Cmdr|Adm|Atty|Supt|"
    r"Det|Insp|Amb|Msgr|Rev|Hon|No|Nos|vs|etc|"
    r"Inc|Ltd|Co|Corp|Mt|Ft|Ave|Blvd|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|"
    r"a\.m|p\.m|e\.g|i\.e|Fig|p|pp|ca|cf|Op|Vol)\.|\b[A-Z]\.)$"
)

_PLACE_ABBREV = re.compile(r"\bU\.[SK]\.$")
_PRONOUN_NEXT = re.compile(r"\s+(?:He|She|They|We|It|I)\s")


def sentence_spans(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; `protected` spans (quotations) are never cut."""
    starts = sorted(protected)
    begins = [s for s, _ in starts]
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        cut = m.end()
        i = bisect.bisect_right(begins, m.start()) - 1
        # Inside a quotation no sentence ends; its closing mark ends one only when the quotation closes a
        # sentence of the writer's (`… but said "the question is the timing." Gov. Pat McCrory said`),
        # not when it opens one (`"We will win." Voss said.`: the cue after it is the quotation's).
        inside = i >= 0 and starts[i][0] <= m.start() < starts[i][1] - 1
        if inside and not (m.end() >= starts[i][1] and text[start : starts[i][0]].strip()):
            continue
        head = text[max(start, m.start() - 12) : m.start() + 1]
        if _ABBREV.search(head) and not (_PLACE_ABBREV.search(head) and _PRONOUN_NEXT.match(text, m.end())):
            continue  # but "… attacks in the U.S. He says …" ends a sentence
        spans.append((start, cut))
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def span_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The sentence holding `offset` (the last one for offsets past the end)."""
    i = bisect.bisect_right(spans, (offset, len(spans) + offset + 1)) - 1
    if 0 <= i < len(spans) and spans[i][0] <= offset < spans[i][1]:
        return spans[i]
    for s, e in spans:
        if s <= offset < e:
            return s, e
    return spans[-1]
