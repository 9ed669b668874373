"""The matcher: find a quotation in a source (word n-gram seeds, local word alignment) and classify it."""

from __future__ import annotations

import itertools
import re
from array import array
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from verify.documents.language import STOPWORDS
from verify.match.align import (
    GAP,
    HITS,
    JOINQ,
    JOINS,
    MATCH,
    QONLY,
    SONLY,
    SUB,
    Alignment,
    Step,
    align,
    exact_at,
)
from verify.match.normalize import (
    DATE_WORDS,
    Tokens,
    Words,
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

SPLICE_GAP = 12  # source words skipped inside a passage without an ellipsis: parts "far apart"
SENTENCE_SPLICE_GAP = 4  # ... or a skipped stretch this long that spans a sentence boundary
MAX_ELLIPSIS_GAP = 400  # words an ellipsis may plausibly stand for
REVERSAL_WINDOW = 30  # an ellipsis gap this short that holds a negation hides a reversal
MIN_FOUND = 0.6  # share of the quotation's words a passage must hold to be "found" at all
_SENTENCE_END = re.compile(r"[.!?;]")
_REVERSAL_WORDS = frozenset({"unless", "except", "but"})
_MAX_SEEDS = 4000
# Exact occurrences kept per segment, and places of its rarest word tried: on a page of one sentence
# repeated, every place is a hit or a near miss, and trying them all costs the page times the quotation.
_MAX_EXACT = 200
_MAX_EXACT_TRIES = 50_000


@dataclass(slots=True)
class SourceIndex:
    """One source prepared for matching many quotations: its words and a word -> positions index."""

    text: str
    tokens: Tokens
    positions: Positions
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
    # Word positions as 4-byte integers (a list would hold a 28-byte int object per word).
    positions = Positions(tokens.keys)
    if offsets is not None:
        tokens.text = decoded
    return SourceIndex(source_text, tokens, positions, offsets, ignore_urls)


class Positions(Mapping[str, "array[int]"]):
    """Word key -> the indexes of the words that have it, in order: every word's index in one array,
    grouped by key (one array per distinct word would cost a 64-byte object for each of them)."""

    __slots__ = ("_flat", "_numbers", "_starts", "_vocab")

    def __init__(self, words: Words) -> None:
        self._vocab, self._numbers = words.vocab, words.numbers
        ids = words.ids
        counts = Counter(ids)
        starts = array("i", bytes(4 * (len(self._vocab) + 1)))
        total = 0
        for kid in range(len(self._vocab)):
            starts[kid] = total
            total += counts.get(kid, 0)
        starts[len(self._vocab)] = total
        flat = array("i", bytes(4 * len(ids)))
        cursor = starts.tolist()
        for j, kid in enumerate(ids):
            c = cursor[kid]
            flat[c] = j
            cursor[kid] = c + 1
        self._flat, self._starts = flat, starts

    def _range(self, key: str) -> tuple[int, int]:
        kid = self._numbers.get(key)
        if kid is None:
            return 0, 0
        return self._starts[kid], self._starts[kid + 1]

    def __getitem__(self, key: str) -> array[int]:
        a, b = self._range(key)
        if a == b:
            raise KeyError(key)
        return self._flat[a:b]

    def head(self, key: str, limit: int) -> array[int]:
        """The first `limit` indexes of the words with this key (empty when there are none)."""
        a, b = self._range(key)
        return self._flat[a : min(b, a + limit)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.count(key) > 0

    def count(self, key: str) -> int:
        """How many words have this key (without copying their indexes)."""
        a, b = self._range(key)
        return b - a

    def __iter__(self) -> Iterator[str]:
        starts = self._starts
        return (w for k, w in enumerate(self._vocab) if starts[k] < starts[k + 1])

    def __len__(self) -> int:
        starts = self._starts
        return sum(1 for k in range(len(self._vocab)) if starts[k] < starts[k + 1])


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


# --------------------------------------------------------------------------- candidates


def _candidates(items: tuple[QItem, ...], index: SourceIndex, limit: int = 4) -> list[Alignment]:
    """The best alignments of one segment: every exact occurrence, else DP on the densest seed windows."""
    positions = index.positions
    words = [(p, it.key) for p, it in enumerate(items) if isinstance(it, QWord)]
    if not words:
        return []
    by_freq = sorted(words, key=lambda pk: positions.count(pk[1]))
    exact = _exact_hits(items, index, by_freq[0])
    if exact:
        return exact
    nq = len(items)
    seeds = _seeds(by_freq, positions, nq)
    if not seeds:
        return []
    tol = max(4, nq // 4)
    keys = index.tokens.keys
    chosen = _windows(seeds, nq, tol, len(keys), limit)
    gaps = sum(1 for it in items if isinstance(it, QGap)) * MAX_BRACKET_WORDS
    out = []
    for start, last_end in chosen:
        lo = max(0, start - tol - 2)
        hi = min(len(keys), last_end + tol + gaps + 2)
        out.append(align(items, keys, lo, hi))
    out.sort(key=lambda al: (al.cost, -al.matched, al.j0))
    return out


def _exact_hits(items: tuple[QItem, ...], index: SourceIndex, rarest: tuple[int, str]) -> list[Alignment]:
    """Every place a segment of words only stands word for word (found from its rarest word)."""
    if not all(isinstance(it, QWord) for it in items):
        return []
    rare_p, rare_k = rarest
    keys = index.tokens.keys
    qkeys = [it.key for it in items if isinstance(it, QWord)]
    # Compared as arrays of ids: one C comparison per place, no list of strings built for it.
    qids = keys.ids_of(qkeys)
    if qids is None:
        return []
    ids, n = keys.ids, len(qids)
    starts = (p - rare_p for p in index.positions.head(rare_k, _MAX_EXACT_TRIES))
    hits = (s for s in starts if s >= 0 and ids[s : s + n] == qids)
    return [exact_at(items, s) for s in itertools.islice(hits, _MAX_EXACT)]


def _seeds(by_freq: list[tuple[int, str]], positions: Positions, nq: int) -> list[int]:
    """Seeds: the rarer words first, until enough of them vote for where the passage starts, sorted.

    A seed (start, quote word) is packed in one int, and so is a cluster: sorting ints beats sorting
    tuples, and ints add nothing for the garbage collector to walk.
    """
    qb = nq + 1
    off = nq + 1  # starts can be negative (a quotation word found before its place)
    seeds: list[int] = []
    used = 0
    for qpos, key in by_freq:
        found = positions.count(key)
        if not found:
            continue
        if used >= 6 and len(seeds) + found > _MAX_SEEDS:
            break
        plist = positions.head(key, _MAX_SEEDS)
        base = (off - qpos) * qb + qpos
        seeds.extend(p * qb + base for p in plist)
        used += 1
    seeds.sort()
    return seeds


def _windows(seeds: list[int], nq: int, tol: int, nkeys: int, limit: int) -> list[tuple[int, int]]:
    """Up to `limit` source windows (start, end) where the most distinct quotation words vote together."""
    qb = nq + 1
    off = nq + 1
    span = nkeys + 2 * off
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
    return chosen


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


@dataclass(frozen=True, slots=True)
class EditGroup:
    """A run of non-matching steps: the quotation's words and the source's, with their indexes."""

    quote: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    qidx: list[int] = field(default_factory=list)
    sidx: list[int] = field(default_factory=list)


def _edit_groups(chain: _Chain, index: SourceIndex) -> tuple[list[EditGroup], list[tuple[int, int]]]:
    """Runs of non-matching steps as edit groups, and runs of skipped source words as (start, length)."""
    forms = index.tokens.forms
    groups: list[EditGroup] = []
    sonly_runs: list[tuple[int, int]] = []
    for al, items in zip(chain.parts, chain.items, strict=True):
        cur: EditGroup | None = None
        run_start = -1
        run_len = 0
        for op, qi, sj, _count in al.ops:
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
                    cur = EditGroup()
                    groups.append(cur)
                if qi >= 0:
                    word = items[qi]
                    assert isinstance(word, QWord)
                    cur.quote.append(word.form)
                    cur.qidx.append(qi)
                if op != QONLY:
                    cur.source.append(forms[sj])
                    cur.sidx.append(sj)
            else:
                cur = None
        if run_len:
            sonly_runs.append((run_start, run_len))
    return groups, sonly_runs


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


def _lookalikes(group: EditGroup) -> tuple[list[str], EditGroup]:
    """Notes on words that differ only by look-alike letters of another script ("nо" with a Cyrillic о),
    and the rest of the group: a homoglyph swap reads the same, so it must not pass as a dropped "no"."""
    qw, sw, qidx, sidx = group.quote, group.source, group.qidx, group.sidx
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
    rest = EditGroup(
        [qw[i] for i in keep], [sw[i] for i in keep], [qidx[i] for i in keep], [sidx[i] for i in keep]
    )
    return notes, rest


def _notes_for(group: EditGroup, index: SourceIndex) -> list[str]:
    notes, group = _lookalikes(group)
    qw, sw, sidx = group.quote, group.source, group.sidx
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
    chain: _Chain, groups: list[EditGroup], index: SourceIndex, j0: int, j1: int
) -> tuple[list[EditGroup], int, int, bool]:
    """Drop the edits that only write a number another way ("10" / "ten", "2.5 million" / "2,500,000",
    "3rd" / "third"): the same value is a restyling, not a changed number. A number that starts or ends
    the quotation may have lost words of its source form outside the passage ("25" / "Twenty-five"),
    so those may be taken in, moving the passage's ends."""
    keys = index.tokens.keys
    first_ops, last_ops = chain.parts[0].ops, chain.parts[-1].ops
    at_start = bool(first_ops) and first_ops[0].op in (SUB, QONLY)
    at_end = bool(last_ops) and last_ops[-1].op in (SUB, QONLY)
    kept: list[EditGroup] = []
    restyled = False
    for g, group in enumerate(groups):
        qw, sidx = group.quote, group.sidx
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
                if number_value(list(keys[a:b])) == qvalue:
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


def _edits(groups: list[EditGroup]) -> tuple[Edit, ...]:
    out = []
    for group in groups:
        qw, sw = group.quote, group.source
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
    items: tuple[QItem, ...], run: list[int], other: Alignment, keys: Sequence[str]
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
    """Classify a parsed quotation against a source: each phase settles the verdict or passes it on."""
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
        return _unchained(cands, index, nwords)
    found = _Found(chain, sum(p.matched for p in chain.parts), nwords)
    groups, sonly_runs = _edit_groups(chain, index)
    settled = _skipped_splice(found, sonly_runs, index) or _moved_splice(found, index) or _too_little(found)
    return settled or _classified(found, groups, index)


@dataclass(frozen=True, slots=True)
class _Found:
    """The chosen in-order passage of a quotation, and how much of it was matched."""

    chain: _Chain
    matched: int
    nwords: int

    @property
    def share(self) -> float:
        return self.matched / self.nwords

    @property
    def j0(self) -> int:
        return self.chain.parts[0].j0

    @property
    def j1(self) -> int:
        return self.chain.parts[-1].j1


def _unchained(cands: list[list[Alignment]], index: SourceIndex, nwords: int) -> MatchResult:
    """Every part is there, but not in order or not within reach of an ellipsis: spliced or not found."""
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


def _skipped_splice(
    found: _Found, sonly_runs: list[tuple[int, int]], index: SourceIndex
) -> MatchResult | None:
    """A splice inside a segment: a long stretch of source words skipped without an ellipsis."""
    for start, length in sonly_runs:
        if length >= SPLICE_GAP or (
            length >= SENTENCE_SPLICE_GAP and _crosses_sentence(index, start, length)
        ):
            return _spliced(
                index, [(found.j0, start), (start + length, found.j1)], found.share * 0.9,
                f"parts of the quotation are {length} words apart in the source, joined without an ellipsis",
            )  # fmt: skip
    return None


def _moved_splice(found: _Found, index: SourceIndex) -> MatchResult | None:
    """A splice inside a segment: quoted words the passage lacks that sit elsewhere in the source."""
    for k, (al, items) in enumerate(zip(found.chain.parts, found.chain.items, strict=True)):
        run: list[QWord] = []
        run_q: list[int] = []
        seen_match = False
        ops = [*al.ops, Step(MATCH, -1, -1, 0)]
        for pos, step in enumerate(ops):
            if step.op in (QONLY, SUB):
                word = items[step.qi]
                assert isinstance(word, QWord)
                run.append(word)
                run_q.append(step.qi)
                continue
            if not run:
                seen_match = seen_match or step.op in HITS
                continue
            after = any(o.op in HITS for o in ops[pos:-1])
            edge = not seen_match or pos == len(ops) - 1
            other = _found_elsewhere(
                run, index, found.j0, found.j1, before=seen_match, after=after, edge=edge
            )
            seen_match = seen_match or step.op in HITS
            settled = _run_placed(found, index, k, run_q, other)
            if settled is not None:
                return settled
            run = []
            run_q = []
    return None


def _run_placed(
    found: _Found, index: SourceIndex, k: int, run_q: list[int], other: Alignment | None
) -> MatchResult | None:
    """The splice a run of unplaced quotation words (items `run_q` of segment k) makes, if it stands
    next to the passage reordered or comes from elsewhere in the source (`other`)."""
    j0, j1 = found.j0, found.j1
    parts, items = found.chain.parts, found.chain.items[k]
    run = [w for w in (items[qi] for qi in run_q) if isinstance(w, QWord)]
    moved = None if other is not None else _moved_nearby(run, index, j0, j1)
    if moved is not None:
        return _spliced(
            index, [(j0, j1), moved], found.share * 0.9,
            f"{_quoted([w.form for w in run])} are words of the source next to the passage "
            f"({_snippet(index, *moved)}) moved into it: the order differs",
        )  # fmt: skip
    if other is None:
        return None
    q0, q1, s0, s1 = _piece_of(items, run_q, other, index.tokens.keys)
    placed = [(o.qi, o.sj) for o in parts[k].ops if o.op in HITS]
    before = [sj for qi, sj in placed if qi < q0]
    later = [sj for qi, sj in placed if qi >= q1]
    pieces = [(p.j0, p.j1) for p in parts[:k]]
    pieces += [(min(before), max(before) + 1)] if before else []
    pieces.append((s0, s1))
    pieces += [(min(later), max(later) + 1)] if later else []
    pieces += [(p.j0, p.j1) for p in parts[k + 1 :]]
    words = [w.form for w in items[q0:q1] if isinstance(w, QWord)]
    where = "earlier" if s1 <= j0 else "later"
    distance = j0 - s1 if s1 <= j0 else s0 - j1
    return _spliced(
        index, pieces, found.share * 0.9,
        f"{_quoted(words)} comes from {max(distance, 0)} words {where} in the source "
        f"({_snippet(index, s0, s1)}), joined without an ellipsis",
    )  # fmt: skip


def _too_little(found: _Found) -> MatchResult | None:
    """Not found: too small a share of the quotation, a short one with a word missing, or content missing."""
    matched, nwords = found.matched, found.nwords
    short_ok = matched >= nwords - 1 and matched >= 2 if nwords <= 3 else True
    if found.share < MIN_FOUND or not short_ok or _content_missing(found.chain):
        return MatchResult(
            QuoteVerdict.NOT_FOUND, round(found.share * 0.5, 4), note="no passage of the source comes close"
        )
    return None


def _classified(found: _Found, groups: list[EditGroup], index: SourceIndex) -> MatchResult:
    """A passage found: altered (edits, with notes on what changed), else minor (style only), else exact."""
    chain = found.chain
    groups, j0, j1, renumbered = _number_restyles(chain, groups, index, found.j0, found.j1)
    notes: list[str] = []
    for group in groups:
        notes.extend(_notes_for(group, index))
    notes = _merge_lookalikes(notes)
    notes.extend(_hidden_by_ellipses(chain, index))
    if groups or notes:
        score = _passage_score(found, index, j0, j1)
        note = "; ".join(notes) if notes else _counts_note(groups)
        return _result(
            QuoteVerdict.ALTERED, min(score, 0.99), index, (j0, j1), edits=_edits(groups), note=note
        )
    style = _style_differences(chain, index)
    if renumbered:
        style.append("a number written differently")
    if style:
        return _result(QuoteVerdict.MINOR, 1.0 - 0.01 * len(style), index, (j0, j1), note="; ".join(style))
    return _result(QuoteVerdict.EXACT, 1.0, index, (j0, j1))


def _hidden_by_ellipses(chain: _Chain, index: SourceIndex) -> list[str]:
    """What the ellipses leave out: a nearby negation or "unless" reverses the meaning."""
    keys = index.tokens.keys
    notes = []
    for a, b in itertools.pairwise(chain.parts):
        gap = keys[a.j1 : b.j0]
        if 0 < len(gap) <= REVERSAL_WINDOW:
            hidden = [
                index.tokens.forms[a.j1 + k]
                for k, key in enumerate(gap)
                if is_negation(key) or key in _REVERSAL_WORDS
            ]
            if any(is_negation(k.casefold()) or k.casefold() in ("unless", "except") for k in hidden):
                notes.append(f"the ellipsis hides {_quoted(hidden)} ({_snippet(index, a.j1, b.j0)})")
    return notes


def _passage_score(found: _Found, index: SourceIndex, j0: int, j1: int) -> float:
    """Dice over words: matched quotation words against the quotation and the passage j0..j1 (ellipsis
    and bracket gaps left out of the passage)."""
    chain, matched, nwords = found.chain, found.matched, found.nwords
    keys = index.tokens.keys
    passage_words = (j1 - j0) - sum(len(keys[a.j1 : b.j0]) for a, b in itertools.pairwise(chain.parts))
    passage_words -= sum(o.width for al in chain.parts for o in al.ops if o.op == GAP)
    return 2 * matched / (nwords + max(passage_words, 1))


def _counts_note(groups: list[EditGroup]) -> str:
    """ "2 word changes, 1 word added": the note of edits that name no number, negation or name."""
    removed = sum(len(g.source) for g in groups if not g.quote)
    added = sum(len(g.quote) for g in groups if not g.source)
    changed = sum(1 for g in groups if g.quote and g.source)
    bits = [
        f"{changed} word change{'s' if changed != 1 else ''}" if changed else "",
        f"{added} word{'s' if added != 1 else ''} added" if added else "",
        f"{removed} source word{'s' if removed != 1 else ''} left out" if removed else "",
    ]
    return ", ".join(b for b in bits if b)
