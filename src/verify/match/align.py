"""Word alignment of one quotation segment against a stretch of source words, as a list of named steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from verify.match.quote import MAX_BRACKET_WORDS, QGap, QItem, QWord

# Alignment operations (one per step of the backtrace).
MATCH, SUB, QONLY, SONLY, GAP, JOINQ, JOINS = range(7)
HITS = (MATCH, JOINQ, JOINS)  # steps that place quotation words on equal source words
_INF = 1 << 30


class Step(NamedTuple):
    """One step of an alignment: what happened to quotation item `qi` and source word `sj`."""

    op: int
    qi: int  # quotation item index (-1: a source word the quotation leaves out)
    sj: int  # source word index (-1: a quotation word the source lacks)
    width: int  # source words covered (a bracket's gap, a joined word)

    @property
    def source_end(self) -> int:
        """One past the last source word this step covers."""
        return self.sj + (self.width if self.op == JOINS else 1)


@dataclass(slots=True)
class Alignment:
    """One segment of a quotation aligned to source words j0..j1-1."""

    cost: int
    ops: list[Step]
    j0: int
    j1: int
    matched: int  # quotation words matched (by equal keys)
    words: int  # quotation words in the segment

    @property
    def share(self) -> float:
        return self.matched / self.words if self.words else 0.0


def align(items: tuple[QItem, ...], keys: Sequence[str], lo: int, hi: int) -> Alignment:
    """Semi-global word alignment: the whole segment against any stretch of keys[lo:hi]."""
    window = list(keys[lo:hi])
    n = len(window)
    prev: list[int] = [0] * (n + 1)
    prevprev: list[int] | None = None
    backs: list[list[int]] = []
    for i, it in enumerate(items):
        if isinstance(it, QGap):
            cur, back = _gap_row(prev, n)
        else:
            before = items[i - 1] if i else None
            joined = before.key + it.key if isinstance(before, QWord) and prevprev is not None else None
            cur, back = _word_row(it.key, joined, window, prev, prevprev)
        backs.append(back)
        prevprev, prev = prev, cur
    # The cheapest end; on ties the latest (a changed last word is a replacement, not a dropped word).
    jend = min(range(n + 1), key=lambda j: (prev[j], -j))
    ops, matched, jstart = _backtrace(backs, len(items), jend, lo)
    ops, matched = _trim(ops, matched)
    placed = [o for o in ops if o.sj >= 0 and o.op != GAP]
    j0 = min(o.sj for o in placed) if placed else lo + jstart
    j1 = max(o.source_end for o in placed) if placed else j0
    words = sum(1 for it in items if isinstance(it, QWord))
    return Alignment(prev[jend], ops, j0, max(j1, j0), matched, words)


def _gap_row(prev: list[int], n: int) -> tuple[list[int], list[int]]:
    """A bracketed insertion stands for up to MAX_BRACKET_WORDS source words, at no cost."""
    cur = [_INF] * (n + 1)
    back = [0] * (n + 1)
    for j in range(n + 1):
        best, bk = prev[j], 0
        for k in range(1, min(MAX_BRACKET_WORDS, j) + 1):
            if prev[j - k] < best:
                best, bk = prev[j - k], k
        cur[j] = best
        back[j] = GAP + 8 * bk
    return cur, back


def _word_row(
    key: str, joined: str | None, window: list[str], prev: list[int], prevprev: list[int] | None
) -> tuple[list[int], list[int]]:
    """One quotation word against every source word of the window (costs and back pointers)."""
    n = len(window)
    lk = len(key)
    cur = [_INF] * (n + 1)
    back = [0] * (n + 1)
    cur[0] = prev[0] + 2
    back[0] = QONLY
    for j in range(1, n + 1):
        sk = window[j - 1]
        if sk == key:
            c, b = prev[j - 1], MATCH
        else:
            c, b = prev[j - 1] + 2, SUB
            if joined is not None and sk == joined and prevprev is not None and prevprev[j - 1] < c:
                c, b = prevprev[j - 1], JOINQ
            elif (
                j > 1 and len(sk) < lk and key.endswith(sk) and window[j - 2] + sk == key and prev[j - 2] < c
            ):
                c, b = prev[j - 2], JOINS
        v = prev[j] + 2
        if v < c:
            c, b = v, QONLY
        v = cur[j - 1] + 1
        if v < c:
            c, b = v, SONLY
        cur[j] = c
        back[j] = b
    return cur, back


def _backtrace(backs: list[list[int]], i: int, j: int, lo: int) -> tuple[list[Step], int, int]:
    """The steps from the back pointers, in order; the quotation words matched; the window index reached."""
    ops: list[Step] = []
    matched = 0
    while i > 0:
        b = backs[i - 1][j]
        op = b % 8
        if op == MATCH:
            ops.append(Step(MATCH, i - 1, lo + j - 1, 1))
            matched += 1
            i, j = i - 1, j - 1
        elif op == SUB:
            ops.append(Step(SUB, i - 1, lo + j - 1, 1))
            i, j = i - 1, j - 1
        elif op == QONLY:
            ops.append(Step(QONLY, i - 1, -1, 1))
            i -= 1
        elif op == SONLY:
            ops.append(Step(SONLY, -1, lo + j - 1, 1))
            j -= 1
        elif op == GAP:
            k = b // 8
            ops.append(Step(GAP, i - 1, lo + j - k, k))
            i, j = i - 1, j - k
        elif op == JOINQ:
            ops.append(Step(JOINQ, i - 2, lo + j - 1, 2))
            matched += 2
            i, j = i - 2, j - 1
        else:  # JOINS
            ops.append(Step(JOINS, i - 1, lo + j - 2, 2))
            matched += 1
            i, j = i - 1, j - 2
    ops.reverse()
    return ops, matched, j


def _trim(ops: list[Step], matched: int) -> tuple[list[Step], int]:
    """Drop stray matches at either end ("the" in a wrong sentence): the words there were not found."""
    runs = [k for k in range(len(ops) - 1) if ops[k].op in HITS and ops[k + 1].op in HITS]
    if not runs:
        return ops, matched
    first, last = runs[0], runs[-1] + 1

    def loose(part: list[Step]) -> bool:
        qwords = sum(1 for o in part if o.qi >= 0 and o.op != GAP)
        found = sum(1 for o in part if o.op in HITS)
        return qwords >= 3 and found <= 1 and found * 3 < qwords

    def unmatch(part: list[Step]) -> list[Step]:
        return [Step(QONLY, o.qi, -1, 1) for o in part if o.qi >= 0 and o.op in (MATCH, SUB, QONLY)]

    head, body, tail = ops[:first], ops[first : last + 1], ops[last + 1 :]
    if loose(head):
        matched -= sum(1 for o in head if o.op == MATCH)
        head = unmatch(head)
    if loose(tail):
        matched -= sum(1 for o in tail if o.op == MATCH)
        tail = unmatch(tail)
    return head + body + tail, matched


def exact_at(items: tuple[QItem, ...], j: int) -> Alignment:
    """A segment of words only found word for word at source word j."""
    ops = [Step(MATCH, i, j + i, 1) for i in range(len(items))]
    return Alignment(0, ops, j, j + len(items), len(items), len(items))
