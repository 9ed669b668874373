"""The matcher: find a quotation in a source (word n-gram seeds, local word alignment) and classify it."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from verify.documents.language import STOPWORDS
from verify.match.normalize import (
    DATE_WORDS,
    Tokens,
    is_negation,
    is_number,
    lookalike_letters,
    number_value,
    page_furniture,
    skeleton,
    strip_diacritics,
    tokenize,
    unescape_entities,
)
from verify.match.quote import MAX_BRACKET_WORDS, URLS, ParsedQuote, QGap, QItem, QWord, parse, punct_of
from verify.models import Edit, EditOp, MatchResult, QuoteVerdict

# Alignment operations (one per step of the backtrace).
MATCH, SUB, QONLY, SONLY, GAP, JOINQ, JOINS = range(7)

SPLICE_GAP = 12  # source words skipped inside a passage without an ellipsis: parts "far apart"
SENTENCE_SPLICE_GAP = 4  # ... or a skipped stretch this long that spans a sentence boundary
MAX_ELLIPSIS_GAP = 400  # words an ellipsis may plausibly stand for
REVERSAL_WINDOW = 30  # an ellipsis gap this short that holds a negation hides a reversal
MIN_FOUND = 0.6  # share of the quotation's words a passage must hold to be "found" at all
_SENTENCE_END = re.compile(r"[.!?;]")
_REVERSAL_WORDS = frozenset({"unless", "except", "but"})
_MAX_SEEDS = 4000


@dataclass(slots=True)
class SourceIndex:
    """One source prepared for matching many quotations: its words and a word -> positions index."""

    text: str
    tokens: Tokens
    positions: dict[str, list[int]]
    offsets: list[int] | None = None  # decoded-text index -> original index, when entities were decoded
    ignore_urls: bool = False
    _sentence_starts: set[int] | None = field(default=None, repr=False)

    def char_span(self, j0: int, j1: int) -> tuple[int, int]:
        """Character offsets in the original text of source words j0..j1-1."""
        a, b = self.tokens.start(j0), self.tokens.end(j1 - 1)
        if self.offsets is not None:
            a, b = self.offsets[a], self.offsets[b - 1] + 1
            # An entity that decoded to the last character: extend to the end of the entity.
            while b < len(self.text) and self.text[b - 1] == "&" and ";" not in self.text[b - 1 : b]:
                b += 1
        return a, b

    def sentence_start(self, j: int) -> bool:
        """Whether word j begins a sentence (so its capital letter says nothing about a name)."""
        if j == 0:
            return True
        between = self.tokens.between(j)
        return bool(_SENTENCE_END.search(between)) or "\n\n" in between or '"' in between

    def match(self, quote: str | ParsedQuote) -> MatchResult:
        """Match one quotation against this source."""
        parsed = quote if isinstance(quote, ParsedQuote) else parse(quote, ignore_urls=self.ignore_urls)
        return _match(parsed, self)


def prepare(source_text: str, *, ignore_urls: bool = False) -> SourceIndex:
    """Tokenise and index a source once, to match many quotations against it cheaply."""
    decoded, offsets = unescape_entities(source_text)
    tokens = tokenize(decoded, blank=URLS if ignore_urls else None, skip=page_furniture(decoded))
    positions: dict[str, list[int]] = {}
    get = positions.get
    for j, key in enumerate(tokens.keys):
        lst = get(key)
        if lst is None:
            positions[key] = [j]
        else:
            lst.append(j)
    if offsets is not None:
        tokens.text = decoded
    return SourceIndex(source_text, tokens, positions, offsets, ignore_urls)


def match_quote(quote: str, source_text: str | SourceIndex, *, ignore_urls: bool = False) -> MatchResult:
    """Compare a quotation with a source text: verdict, score, passage, word edits and a note.

    Pure: no I/O. `source_text` may be a `SourceIndex` from `prepare()` to reuse its index across
    quotations. `ignore_urls` drops links, t.co and pic.twitter.com tails (for embedded posts).
    """
    index = (
        source_text if isinstance(source_text, SourceIndex) else prepare(source_text, ignore_urls=ignore_urls)
    )
    parsed = parse(quote, ignore_urls=ignore_urls or index.ignore_urls)
    return _match(parsed, index)


# --------------------------------------------------------------------------- alignment


@dataclass(slots=True)
class Alignment:
    """One segment of a quotation aligned to source words j0..j1-1."""

    cost: int
    ops: list[tuple[int, int, int, int]]  # (op, quote item index, source word index, count)
    j0: int
    j1: int
    matched: int  # quotation words matched (by equal keys)
    words: int  # quotation words in the segment

    @property
    def share(self) -> float:
        return self.matched / self.words if self.words else 0.0


def _align(items: tuple[QItem, ...], keys: list[str], lo: int, hi: int) -> Alignment:
    """Semi-global word alignment: the whole segment against any stretch of keys[lo:hi]."""
    n = hi - lo
    window = keys[lo:hi]
    inf = 1 << 30
    prev: list[int] = [0] * (n + 1)
    prevprev: list[int] | None = None
    backs: list[list[int]] = []
    for i, it in enumerate(items):
        cur = [inf] * (n + 1)
        back = [0] * (n + 1)
        if isinstance(it, QGap):
            for j in range(n + 1):
                best, bk = prev[j], 0
                for k in range(1, min(MAX_BRACKET_WORDS, j) + 1):
                    if prev[j - k] < best:
                        best, bk = prev[j - k], k
                cur[j] = best
                back[j] = GAP + 8 * bk
        else:
            key = it.key
            lk = len(key)
            joined = None
            before = items[i - 1] if i else None
            if isinstance(before, QWord) and prevprev is not None:
                joined = before.key + key
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
                        j > 1
                        and len(sk) < lk
                        and key.endswith(sk)
                        and window[j - 2] + sk == key
                        and prev[j - 2] < c
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
        backs.append(back)
        prevprev, prev = prev, cur
    # The cheapest end; on ties the latest (a changed last word is a replacement, not a dropped word).
    jend = min(range(n + 1), key=lambda j: (prev[j], -j))
    cost = prev[jend]
    ops: list[tuple[int, int, int, int]] = []
    i, j = len(items), jend
    matched = 0
    while i > 0:
        b = backs[i - 1][j]
        op = b % 8
        if op == MATCH:
            ops.append((MATCH, i - 1, lo + j - 1, 1))
            matched += 1
            i, j = i - 1, j - 1
        elif op == SUB:
            ops.append((SUB, i - 1, lo + j - 1, 1))
            i, j = i - 1, j - 1
        elif op == QONLY:
            ops.append((QONLY, i - 1, -1, 1))
            i -= 1
        elif op == SONLY:
            ops.append((SONLY, -1, lo + j - 1, 1))
            j -= 1
        elif op == GAP:
            k = b // 8
            ops.append((GAP, i - 1, lo + j - k, k))
            i, j = i - 1, j - k
        elif op == JOINQ:
            ops.append((JOINQ, i - 2, lo + j - 1, 2))
            matched += 2
            i, j = i - 2, j - 1
        else:  # JOINS
            ops.append((JOINS, i - 1, lo + j - 2, 2))
            matched += 1
            i, j = i - 1, j - 2
    ops.reverse()
    ops, matched = _trim(ops, matched)
    src = [o[2] for o in ops if o[2] >= 0 and o[0] != GAP] or [lo + j]
    j0 = min(src)
    j1 = max(o[2] + (o[3] if o[0] == JOINS else 1) for o in ops if o[2] >= 0 and o[0] != GAP) if src else j0
    words = sum(1 for it in items if isinstance(it, QWord))
    return Alignment(cost, ops, j0, max(j1, j0), matched, words)


def _trim(ops: list[tuple[int, int, int, int]], matched: int) -> tuple[list[tuple[int, int, int, int]], int]:
    """Drop stray matches at either end ("the" in a wrong sentence): the words there were not found."""
    hits = (MATCH, JOINQ, JOINS)
    runs = [k for k in range(len(ops) - 1) if ops[k][0] in hits and ops[k + 1][0] in hits]
    if not runs:
        return ops, matched
    first, last = runs[0], runs[-1] + 1

    def loose(part: list[tuple[int, int, int, int]]) -> bool:
        qwords = sum(1 for o in part if o[1] >= 0 and o[0] != GAP)
        found = sum(1 for o in part if o[0] in hits)
        return qwords >= 3 and found <= 1 and found * 3 < qwords

    def unmatch(part: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
        return [(QONLY, o[1], -1, 1) for o in part if o[1] >= 0 and o[0] in (MATCH, SUB, QONLY)]

    head, body, tail = ops[:first], ops[first : last + 1], ops[last + 1 :]
    if loose(head):
        matched -= sum(1 for o in head if o[0] == MATCH)
        head = unmatch(head)
    if loose(tail):
        matched -= sum(1 for o in tail if o[0] == MATCH)
        tail = unmatch(tail)
    return head + body + tail, matched


def _exact_at(items: tuple[QItem, ...], j: int) -> Alignment:
    ops = [(MATCH, i, j + i, 1) for i in range(len(items))]
    return Alignment(0, ops, j, j + len(items), len(items), len(items))


def _candidates(items: tuple[QItem, ...], index: SourceIndex, limit: int = 4) -> list[Alignment]:
    """The best alignments of one segment: every exact occurrence, else DP on the densest seed windows."""
    keys = index.tokens.keys
    positions = index.positions
    words = [(p, it.key) for p, it in enumerate(items) if isinstance(it, QWord)]
    if not words:
        return []
    by_freq = sorted(words, key=lambda pk: len(positions.get(pk[1], ())))
    plain = all(isinstance(it, QWord) for it in items)
    qkeys = [it.key for it in items if isinstance(it, QWord)] if plain else []
    rare_p, rare_k = by_freq[0]
    if plain and rare_k in positions:
        n = len(qkeys)
        exact = [
            _exact_at(items, s)
            for s in (p - rare_p for p in positions[rare_k])
            if s >= 0 and keys[s : s + n] == qkeys
        ]
        if exact:
            return exact[:200]
    # Seeds: the rarer words first, until enough of them vote for where the passage starts. A seed
    # (start, quote word) is packed in one int, and so is a cluster: sorting ints beats sorting
    # tuples, and ints add nothing for the garbage collector to walk.
    nq = len(items)
    qb = nq + 1
    off = nq + 1  # starts can be negative (a quotation word found before its place)
    seeds: list[int] = []
    used = 0
    for qpos, key in by_freq:
        plist = positions.get(key)
        if not plist:
            continue
        if used >= 6 and len(seeds) + len(plist) > _MAX_SEEDS:
            break
        base = (off - qpos) * qb + qpos
        seeds.extend(p * qb + base for p in plist[:_MAX_SEEDS])
        used += 1
    if not seeds:
        return []
    seeds.sort()
    tol = max(4, nq // 4)
    span = len(keys) + 2 * off
    clusters: list[int] = []  # (nq - distinct quote words, first start, last start), packed
    inside: dict[int, int] = {}  # quote word -> seeds of it in the sliding window
    a = 0
    first = seeds[0] // qb
    for seed in seeds:
        sb, qpos = divmod(seed, qb)
        inside[qpos] = inside.get(qpos, 0) + 1
        while sb - first > tol:
            qa = seeds[a] % qb
            if inside[qa] == 1:
                del inside[qa]
            else:
                inside[qa] -= 1
            a += 1
            first = seeds[a] // qb
        clusters.append(((nq - len(inside)) * span + first) * span + sb)
    clusters.sort()
    chosen: list[tuple[int, int]] = []
    for packed in clusters:
        start, last = divmod(packed % (span * span), span)
        start, last = start - off, last - off
        if any(start <= hi and last + nq >= lo for lo, hi in chosen):
            continue
        chosen.append((start, last + nq))
        if len(chosen) >= limit:
            break
    gaps = sum(1 for it in items if isinstance(it, QGap)) * MAX_BRACKET_WORDS
    out = []
    for start, last_end in chosen:
        lo = max(0, start - tol - 2)
        hi = min(len(keys), last_end + tol + gaps + 2)
        out.append(_align(items, keys, lo, hi))
    out.sort(key=lambda al: (al.cost, -al.matched, al.j0))
    return out


# --------------------------------------------------------------------------- classification


@dataclass(slots=True)
class _Chain:
    parts: list[Alignment]
    items: list[tuple[QItem, ...]]


def _choose_chain(
    cands: list[list[Alignment]], segments: tuple[tuple[QItem, ...], ...]
) -> tuple[_Chain | None, str | None]:
    """The in-order choice of one candidate per segment with the least cost (ellipsis gaps are free)."""
    # best[k][c] = (total cost, back pointer) for segment k ending with candidate c
    best: list[list[tuple[float, int]]] = []
    for k, seg_c in enumerate(cands):
        row: list[tuple[float, int]] = []
        for al in seg_c:
            if k == 0:
                row.append((al.cost, -1))
                continue
            top: tuple[float, int] = (float("inf"), -1)
            for pc, (pcost, _) in enumerate(best[k - 1]):
                prev = cands[k - 1][pc]
                gap = al.j0 - prev.j1
                if gap < 0 or gap > MAX_ELLIPSIS_GAP:
                    continue
                total = pcost + al.cost + gap * 1e-6
                if total < top[0]:
                    top = (total, pc)
            row.append(top)
        best.append(row)
    last = best[-1]
    if not last or min(c for c, _ in last) == float("inf"):
        return None, None
    c = min(range(len(last)), key=lambda x: last[x][0])
    picks = []
    for k in range(len(cands) - 1, -1, -1):
        picks.append(cands[k][c])
        c = best[k][c][1]
    picks.reverse()
    return _Chain(picks, list(segments)), None


def _edit_groups(
    chain: _Chain, index: SourceIndex
) -> tuple[list[tuple[list[str], list[str], list[int], list[int]]], list[tuple[int, int]]]:
    """Runs of non-matching operations as (quote words, source words, quote idx, source idx)."""
    forms = index.tokens.forms
    groups: list[tuple[list[str], list[str], list[int], list[int]]] = []
    sonly_runs: list[tuple[int, int]] = []
    for al, items in zip(chain.parts, chain.items, strict=True):
        cur: tuple[list[str], list[str], list[int], list[int]] | None = None
        run_start = -1
        run_len = 0
        for op, qi, sj, count in al.ops:
            if op == SONLY:
                if run_len == 0:
                    run_start = sj
                run_len += 1
            else:
                if run_len:
                    sonly_runs.append((run_start, run_len))
                run_len = 0
            if op in (SUB, QONLY, SONLY):
                if cur is None:
                    cur = ([], [], [], [])
                    groups.append(cur)
                if qi >= 0:
                    word = items[qi]
                    assert isinstance(word, QWord)
                    cur[0].append(word.form)
                    cur[2].append(qi)
                if op != QONLY:
                    cur[1].append(forms[sj])
                    cur[3].append(sj)
            else:
                cur = None
            del count
        if run_len:
            sonly_runs.append((run_start, run_len))
    return groups, sonly_runs


_Group = tuple[list[str], list[str], list[int], list[int]]


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


LOOKALIKE_NOTE = "look-alike characters"


def _merge_lookalikes(notes: list[str]) -> list[str]:
    """One note for every look-alike swap of the quotation, naming the letters and their script."""
    swaps = [n.removeprefix(LOOKALIKE_NOTE + ": ") for n in notes if n.startswith(LOOKALIKE_NOTE + ": ")]
    if not swaps:
        return notes
    merged = f"{LOOKALIKE_NOTE} ({lookalike_letters(' '.join(swaps))}): " + "; ".join(swaps)
    return [merged, *(n for n in notes if not n.startswith(LOOKALIKE_NOTE + ": "))]


def _lookalikes(group: _Group) -> tuple[list[str], _Group]:
    """Notes on words that differ only by look-alike letters of another script ("nо" with a Cyrillic о),
    and the rest of the group: a homoglyph swap reads the same, so it must not pass as a dropped "no"."""
    qw, sw, qidx, sidx = group
    if len(qw) != len(sw):
        return [], group
    same = [
        i
        for i, (q, s) in enumerate(zip(qw, sw, strict=True))
        if q != s and skeleton(q).casefold() == skeleton(s).casefold()
    ]
    if not same:
        return [], group
    notes = [f"{LOOKALIKE_NOTE}: {_quoted([qw[i]])} for {_quoted([sw[i]])}" for i in same]
    keep = [i for i in range(len(qw)) if i not in same]
    rest = ([qw[i] for i in keep], [sw[i] for i in keep], [qidx[i] for i in keep], [sidx[i] for i in keep])
    return notes, rest


def _notes_for(group: tuple[list[str], list[str], list[int], list[int]], index: SourceIndex) -> list[str]:
    notes, group = _lookalikes(group)
    qw, sw, _, sidx = group
    qk = [w.casefold() for w in qw]
    sk = [w.casefold() for w in sw]
    qn = [w for w, k in zip(qw, qk, strict=True) if is_number(k)]
    sn = [w for w, k in zip(sw, sk, strict=True) if is_number(k)]
    if qn and sn:
        notes.append(f"a number differs: quote {_quoted(qn)}, source {_quoted(sn)}")
    elif qn:
        notes.append(f"a number added: {_quoted(qn)}")
    elif sn:
        notes.append(f"a number dropped: {_quoted(sn)}")
    qneg = [w for w, k in zip(qw, qk, strict=True) if is_negation(k)]
    sneg = [w for w, k in zip(sw, sk, strict=True) if is_negation(k)]
    if len(sneg) > len(qneg):
        notes.append(f"negation dropped: {_quoted(sneg)}")
    elif len(qneg) > len(sneg):
        notes.append(f"negation added: {_quoted(qneg)}")
    qd = [w for w in qw if w[:1].isupper() and w.casefold() in DATE_WORDS]
    sd = [w for w in sw if w[:1].isupper() and w.casefold() in DATE_WORDS]
    if qd and sd and [w.casefold() for w in qd] != [w.casefold() for w in sd]:
        notes.append(f"a date differs: quote {_quoted(qd)}, source {_quoted(sd)}")
    elif not (qd and sd):
        qd, sd = [], []  # a name put in a date's place (or the reverse) is a changed name
    if qw and sw:
        q_names = [w for w in qw if w[:1].isupper() and w.casefold() not in sk and w not in qd]
        s_names = [
            w
            for w, j in zip(sw, sidx, strict=True)
            if w[:1].isupper() and not index.sentence_start(j) and w not in sd
        ]
        s_names = [w for w in s_names if w.casefold() not in qk]
        if s_names or (q_names and any(w[:1].isupper() and w not in sd for w in sw)):
            notes.append(f"a name differs: quote {_quoted(q_names or qw)}, source {_quoted(s_names or sw)}")
    return notes


def _number_restyles(
    chain: _Chain, groups: list[_Group], index: SourceIndex, j0: int, j1: int
) -> tuple[list[_Group], int, int, bool]:
    """Drop the edits that only write a number another way ("10" / "ten", "2.5 million" / "2,500,000",
    "3rd" / "third"): the same value is a restyling, not a changed number. A number that starts or ends
    the quotation may have lost words of its source form outside the passage ("25" / "Twenty-five"),
    so those may be taken in, moving the passage's ends."""
    keys = index.tokens.keys
    first_ops, last_ops = chain.parts[0].ops, chain.parts[-1].ops
    at_start = bool(first_ops) and first_ops[0][0] in (SUB, QONLY)
    at_end = bool(last_ops) and last_ops[-1][0] in (SUB, QONLY)
    kept: list[_Group] = []
    restyled = False
    for g, group in enumerate(groups):
        qw, _, _, sidx = group
        qvalue = number_value([w.casefold() for w in qw]) if qw else None
        if qvalue is None:
            kept.append(group)
            continue
        lead = range(4) if g == 0 and at_start else range(1)
        tail = range(4) if g == len(groups) - 1 and at_end else range(1)
        hit = None
        base = j0 if g == 0 and at_start else j1
        for before in lead:
            for after in tail:
                a = (sidx[0] if sidx else base) - before
                b = (sidx[-1] + 1 if sidx else base) + after
                if a < 0 or b > len(keys) or a >= b:
                    continue
                if (before and a + before != j0) or (after and b - after != j1):
                    continue
                if number_value(keys[a:b]) == qvalue:
                    hit = (a, b)
                    break
            if hit:
                break
        if hit is None:
            kept.append(group)
            continue
        restyled = True
        j0, j1 = min(j0, hit[0]), max(j1, hit[1])
    return kept, j0, j1, restyled


def _edits(groups: list[tuple[list[str], list[str], list[int], list[int]]]) -> tuple[Edit, ...]:
    out = []
    for qw, sw, _, _ in groups:
        if qw and sw:
            op = EditOp.REPLACE
        elif qw:
            op = EditOp.DELETE  # words in the quotation that the source does not have
        else:
            op = EditOp.INSERT  # source words the quotation leaves out
        out.append(Edit(op, " ".join(qw), " ".join(sw)))
    return tuple(out)


def _style_differences(chain: _Chain, index: SourceIndex) -> list[str]:
    """Punctuation, letter case and diacritics: what makes a full match `minor` rather than `exact`."""
    toks = index.tokens
    kinds: list[str] = []
    for al, items in zip(chain.parts, chain.items, strict=True):
        prev_j = -2
        for pos, (op, qi, sj, _count) in enumerate(al.ops):
            if op == JOINQ:
                if toks.splits.get(sj) != len(items[qi].key):  # type: ignore[union-attr]
                    kinds.append("a word split or joined")
                prev_j = sj
                continue
            if op == JOINS:
                word = items[qi]
                assert isinstance(word, QWord)
                if word.split != len(toks.keys[sj]):
                    kinds.append("a word split or joined")
                prev_j = sj + 1
                continue
            if op != MATCH:
                prev_j = -2
                continue
            word = items[qi]
            assert isinstance(word, QWord)
            sform = toks.forms[sj]
            if word.form != sform and word.form.replace(",", "") == sform.replace(",", ""):
                kinds.append("punctuation differs")  # a thousands separator
            elif word.form != sform and not word.casefree:
                first = pos == 0 and qi == 0
                if (
                    strip_diacritics(word.form) == strip_diacritics(sform)
                    or (
                        word.form.casefold() != sform.casefold()
                        and strip_diacritics(word.form).casefold() == strip_diacritics(sform).casefold()
                    )
                ) and (
                    strip_diacritics(word.form).casefold() != word.form.casefold()
                    or strip_diacritics(sform).casefold() != sform.casefold()
                ):
                    kinds.append("diacritics differ")
                if strip_diacritics(word.form) != strip_diacritics(sform) and not (
                    first and word.form[1:] == sform[1:]
                ):
                    kinds.append("letter case differs")
            if prev_j == sj - 1 and qi > 0 and isinstance(items[qi - 1], QWord):
                spunct = punct_of(toks.between(sj), ignore_social=index.ignore_urls)
                if spunct != word.punct:
                    kinds.append("punctuation differs")
            prev_j = sj
    return list(dict.fromkeys(kinds))


def _found_elsewhere(
    qwords: list[QWord], index: SourceIndex, j0: int, j1: int, *, before: bool, after: bool, edge: bool
) -> Alignment | None:
    """A run of quotation words the passage lacks, found far from it or in the other order.

    `before`/`after`: the quotation has matched words before/after the run; `edge`: the run starts or
    ends the segment (a two-word run only counts there, as a whole short sentence would).
    """
    if len(qwords) < 2 or (len(qwords) == 2 and not edge):
        return None
    items: tuple[QItem, ...] = tuple(qwords)
    need = len(qwords) if len(qwords) <= 4 else max(3, int(0.8 * len(qwords) + 0.5))
    for al in _candidates(items, index):
        if al.matched < need:
            continue
        earlier, later = al.j1 <= j0, al.j0 >= j1
        if not (earlier or later):
            continue
        distance = j0 - al.j1 if earlier else al.j0 - j1
        if distance >= SPLICE_GAP or (earlier and before) or (later and after):
            return al
    return None


def _moved_nearby(run: list[QWord], index: SourceIndex, j0: int, j1: int) -> tuple[int, int] | None:
    """Quotation words the passage lacks that stand, reordered, just before or after it in the source
    ("caused by prices, not by the frost" from "caused by the frost, not by prices")."""
    if len(run) < 2 or all(w.key in STOPWORDS and not is_negation(w.key) for w in run):
        return None
    want = Counter(w.key for w in run)
    keys = index.tokens.keys
    reach = len(run) + 6
    for a, b in ((j1, min(len(keys), j1 + reach)), (max(0, j0 - reach), j0)):
        window = keys[a:b]
        if not want - Counter(window):
            places = [a + k for k, key in enumerate(window) if key in want]
            return min(places), max(places) + 1
    return None


def _content_missing(chain: _Chain) -> bool:
    """Whether most of the quotation's content words (not "the", "will", "of") were not found: a
    passage that shares only little words with a quotation is not where it came from."""
    content = found = 0
    for al, items in zip(chain.parts, chain.items, strict=True):
        for op, qi, _sj, count in al.ops:
            if qi < 0 or op in (GAP, SONLY):
                continue
            for word in items[qi : qi + (2 if op == JOINQ else 1)]:
                if isinstance(word, QWord) and (word.key not in STOPWORDS or is_negation(word.key)):
                    content += 1
                    found += op in (MATCH, JOINQ, JOINS)
            del count
    return content >= 2 and found * 2 < content


def _crosses_sentence(index: SourceIndex, start: int, length: int) -> bool:
    return any(index.sentence_start(j) for j in range(start, start + length + 1) if j < len(index.tokens))


def _result(
    verdict: QuoteVerdict,
    score: float,
    index: SourceIndex,
    span: tuple[int, int] | None,
    *,
    edits: tuple[Edit, ...] = (),
    note: str | None = None,
) -> MatchResult:
    if span is None or span[1] <= span[0]:
        return MatchResult(verdict, round(score, 4), None, edits, note)
    a, b = index.char_span(*span)
    return MatchResult(verdict, round(score, 4), index.text[a:b], edits, note, a, b)


def _spliced(index: SourceIndex, pieces: list[tuple[int, int]], score: float, note: str) -> MatchResult:
    """A splice: every piece's source text in the quotation's order, joined by " … "; offsets of the first."""
    spans = [index.char_span(a, b) for a, b in pieces if b > a]
    if not spans:
        return MatchResult(QuoteVerdict.SPLICED, round(score, 4), None, (), note)
    passage = " … ".join(index.text[a:b] for a, b in spans)
    return MatchResult(QuoteVerdict.SPLICED, round(score, 4), passage, (), note, spans[0][0], spans[0][1])


def _piece_of(
    items: tuple[QItem, ...], run: list[int], other: Alignment, keys: list[str]
) -> tuple[int, int, int, int]:
    """The whole piece that came from elsewhere: the run of unplaced quotation words `run` grown over
    neighbouring words that also continue the passage found elsewhere (a "the" that happened to match
    in place is part of the piece). Returns quotation items q0..q1-1 and source words s0..s1-1."""
    q0, q1, s0, s1 = run[0], run[-1] + 1, other.j0, other.j1
    while q0 > 0 and s0 > 0 and isinstance(items[q0 - 1], QWord) and keys[s0 - 1] == items[q0 - 1].key:  # type: ignore[union-attr]
        q0, s0 = q0 - 1, s0 - 1
    while (
        q1 < len(items) and s1 < len(keys) and isinstance(items[q1], QWord) and keys[s1] == items[q1].key  # type: ignore[union-attr]
    ):
        q1, s1 = q1 + 1, s1 + 1
    return q0, q1, s0, s1


def _snippet(index: SourceIndex, j0: int, j1: int, limit: int = 8) -> str:
    forms = index.tokens.forms[j0:j1]
    text = " ".join(forms[:limit]) + (" …" if len(forms) > limit else "")
    return f'"{text}"'


def _match(parsed: ParsedQuote, index: SourceIndex) -> MatchResult:
    nwords = len(parsed.words)
    if nwords == 0 or len(index.tokens) == 0:
        return MatchResult(
            QuoteVerdict.NOT_FOUND, 0.0, note="nothing to compare" if nwords == 0 else "empty source"
        )
    cands = [_candidates(seg, index) for seg in parsed.segments]
    if any(not c for c in cands):
        return MatchResult(QuoteVerdict.NOT_FOUND, 0.0, note="no passage of the source comes close")
    chain, _ = _choose_chain(cands, parsed.segments)
    if chain is None:
        # Every part is there, but not in order or not within reach of an ellipsis.
        parts = [c[0] for c in cands]
        if all(p.share >= 0.8 for p in parts):
            order = "out of order" if any(b.j0 < a.j1 for a, b in itertools.pairwise(parts)) else "far apart"
            score = sum(p.matched for p in parts) / nwords
            return _spliced(
                index, [(p.j0, p.j1) for p in parts], score * 0.9,
                f"the parts around an ellipsis are {order} in the source",
            )  # fmt: skip
        best = max((c[0] for c in cands), key=lambda al: al.matched)
        return _result(
            QuoteVerdict.NOT_FOUND, best.matched / nwords * 0.5, index, None,
            note="no passage of the source comes close",
        )  # fmt: skip
    matched = sum(p.matched for p in chain.parts)
    share = matched / nwords
    j0, j1 = chain.parts[0].j0, chain.parts[-1].j1
    groups, sonly_runs = _edit_groups(chain, index)
    keys = index.tokens.keys

    # Splices inside a segment: a long skipped stretch, or quoted words that sit elsewhere in the source.
    for start, length in sonly_runs:
        if length >= SPLICE_GAP or (
            length >= SENTENCE_SPLICE_GAP and _crosses_sentence(index, start, length)
        ):
            return _spliced(
                index, [(j0, start), (start + length, j1)], share * 0.9,
                f"parts of the quotation are {length} words apart in the source, joined without an ellipsis",
            )  # fmt: skip
    for k, (al, items) in enumerate(zip(chain.parts, chain.items, strict=True)):
        run: list[QWord] = []
        run_q: list[int] = []
        seen_match = False
        ops = [*al.ops, (MATCH, -1, -1, 0)]
        for pos, (op, qi, _sj, _) in enumerate(ops):
            if op in (QONLY, SUB):
                word = items[qi]
                assert isinstance(word, QWord)
                run.append(word)
                run_q.append(qi)
                continue
            if not run:
                seen_match = seen_match or op in (MATCH, JOINQ, JOINS)
                continue
            after = any(o[0] in (MATCH, JOINQ, JOINS) for o in ops[pos:-1])
            edge = not seen_match or pos == len(ops) - 1
            other = _found_elsewhere(run, index, j0, j1, before=seen_match, after=after, edge=edge)
            seen_match = seen_match or op in (MATCH, JOINQ, JOINS)
            moved = None if other is not None else _moved_nearby(run, index, j0, j1)
            if moved is not None:
                return _spliced(
                    index, [(j0, j1), moved], share * 0.9,
                    f"{_quoted([w.form for w in run])} are words of the source next to the passage "
                    f"({_snippet(index, *moved)}) moved into it: the order differs",
                )  # fmt: skip
            if other is not None:
                q0, q1, s0, s1 = _piece_of(items, run_q, other, keys)
                placed = [(o[1], o[2]) for o in al.ops if o[0] in (MATCH, JOINQ, JOINS)]
                before = [sj for qi, sj in placed if qi < q0]
                later = [sj for qi, sj in placed if qi >= q1]
                pieces = [(p.j0, p.j1) for p in chain.parts[:k]]
                pieces += [(min(before), max(before) + 1)] if before else []
                pieces.append((s0, s1))
                pieces += [(min(later), max(later) + 1)] if later else []
                pieces += [(p.j0, p.j1) for p in chain.parts[k + 1 :]]
                words = [w.form for w in items[q0:q1] if isinstance(w, QWord)]
                where = "earlier" if s1 <= j0 else "later"
                distance = j0 - s1 if s1 <= j0 else s0 - j1
                return _spliced(
                    index, pieces, share * 0.9,
                    f"{_quoted(words)} comes from {max(distance, 0)} words {where} in the source "
                    f"({_snippet(index, s0, s1)}), joined without an ellipsis",
                )  # fmt: skip
            run = []
            run_q = []
    short_ok = matched >= nwords - 1 and matched >= 2 if nwords <= 3 else True
    if share < MIN_FOUND or not short_ok or _content_missing(chain):
        return _result(
            QuoteVerdict.NOT_FOUND, share * 0.5, index, None, note="no passage of the source comes close"
        )

    groups, j0, j1, renumbered = _number_restyles(chain, groups, index, j0, j1)
    notes: list[str] = []
    for group in groups:
        notes.extend(_notes_for(group, index))
    notes = _merge_lookalikes(notes)
    # What the ellipses leave out: a nearby negation or "unless" reverses the meaning.
    for a, b in zip(chain.parts, chain.parts[1:], strict=False):
        gap = keys[a.j1 : b.j0]
        if 0 < len(gap) <= REVERSAL_WINDOW:
            hidden = [
                index.tokens.forms[a.j1 + k]
                for k, key in enumerate(gap)
                if is_negation(key) or key in _REVERSAL_WORDS
            ]
            if any(is_negation(k.casefold()) or k.casefold() in ("unless", "except") for k in hidden):
                notes.append(f"the ellipsis hides {_quoted(hidden)} ({_snippet(index, a.j1, b.j0)})")
    passage_words = (j1 - j0) - sum(
        len(keys[a.j1 : b.j0]) for a, b in zip(chain.parts, chain.parts[1:], strict=False)
    )
    passage_words -= sum(o[3] for al in chain.parts for o in al.ops if o[0] == GAP)
    score = 2 * matched / (nwords + max(passage_words, 1))
    edits = _edits(groups)
    if groups or notes:
        if not notes:
            removed = sum(len(g[1]) for g in groups if not g[0])
            added = sum(len(g[0]) for g in groups if not g[1])
            changed = sum(1 for g in groups if g[0] and g[1])
            bits = [
                f"{changed} word change{'s' if changed != 1 else ''}" if changed else "",
                f"{added} word{'s' if added != 1 else ''} added" if added else "",
                f"{removed} source word{'s' if removed != 1 else ''} left out" if removed else "",
            ]
            notes.append(", ".join(b for b in bits if b))
        return _result(
            QuoteVerdict.ALTERED, min(score, 0.99), index, (j0, j1), edits=edits, note="; ".join(notes)
        )
    style = _style_differences(chain, index)
    if renumbered:
        style.append("a number written differently")
    if style:
        return _result(QuoteVerdict.MINOR, 1.0 - 0.01 * len(style), index, (j0, j1), note="; ".join(style))
    return _result(QuoteVerdict.EXACT, 1.0, index, (j0, j1))
