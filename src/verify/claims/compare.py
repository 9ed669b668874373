"""Checking one figure against a source's text: the passages about the same thing, and their figures.

A passage is a sentence of the source, or a cell of a table with its row and column headers as its words.
Each figure of a passage gets the words around it, weighted by nearness (a word across a clause boundary
counts for little: "landings rose 7%, while exports fell 12%" keeps the two figures apart). The claim's
figure is compared with the figures whose words it shares most, allowing the rounding its wording implies.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass

from verify.claims.numbers import Figure, agrees, dimension, find_figures
from verify.extract.lazyre import lazy
from verify.models import ClaimValue, ClaimVerdict

_TOKEN = lazy(r"[^\W\d_][\w'’-]*|\d[\d.,\u00a0\u202f ]*\d|\d|[;:]|(?<=\s)[-–—](?=\s)|,")
_CLAUSE_WORDS = frozenset({"while", "whereas", "but", "although", "though", "however", "meanwhile", "während",
                           "aber", "tandis", "mais"})  # fmt: skip
_STOP = frozenset(
    """
    a an the of in on at to for from by with and or but as is are was were be been being has have had it
    its this that these those there their they them he she his her we our you your i which who whom
    whose what when where while than then so such not no nor only also just very more most less fewer
    about around nearly almost over under up down into out per cent percent some any all each every both
    either neither one same other according said says say told figures figure data show shows showed
    shown report reports reported survey poll statistics statistical office published publishes found
    finds study new latest year years will would could can may might should must did does do been being
    if after before during since until between among million millions billion billions thousand
    thousands bn m k last first next least at least would der die das den dem des ein eine einer und
    oder mit von für auf ist sind war wurden wird nach bei im zu le la les un une des du de et ou avec
    pour sur est sont dans par au aux selon laut zufolge
    """.split()  # noqa: SIM905
)
_SEPARATOR = re.compile(r"\t| {2,}|\s\|\s")
_SENTENCE_END = lazy(r"[.!?][\"”’)]*\s+(?=[\"“‘(A-Z0-9À-Ý])")
_NO_END = lazy(r"\b(?:Mio|Mrd|Tsd|Nr|No|approx|ca|Dr|Mr|Mrs|Ms|St|vs|etc|bzw|z\.B|[A-Z])\.$")
_YEAR = re.compile(r"(?:19|20)\d\d")
_UNIT_NOTE = lazy(r"\((%|[£$€]\s?(?:m|bn|k)?|[^\W\d_][\w ]{0,20})\)")
FOUND = 0.3  # share of the claim's words a passage must have to be about the same thing
DIFFERS = 0.33  # ... and to say it states another figure for it


@dataclass(frozen=True, slots=True)
class Located:
    """A figure of the source with the passage it stands in and the words around it."""

    figure: Figure
    passage: str
    words: dict[str, float]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The verdict for one claim against one text."""

    verdict: ClaimVerdict
    passage: str | None = None
    value: ClaimValue | None = None
    score: float = 0.0
    note: str | None = None


def stem(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode() or word.lower()
    w = w.replace("’", "'").removesuffix("'s").strip("'-")
    for suffix in ("ings", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
    return w


def figure_words(text: str, start: int, end: int) -> dict[str, float]:
    """Content words of `text` weighted by nearness to the span [start, end)."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    before = [t for t in tokens if t[2] <= start]
    after = [t for t in tokens if t[1] >= end]
    weights: dict[str, float] = {}
    for side in (list(reversed(before)), after):
        damp, dist = 1.0, 0
        for tok, _, _ in side:
            low = tok.lower()
            if low in (";", ":") or low in _CLAUSE_WORDS:
                damp *= 0.25
                continue
            if low == ",":
                damp *= 0.7
                continue
            if not tok[0].isalpha():
                dist += 1
                if _YEAR.fullmatch(tok):
                    key = "y" + tok  # a year says which figure of a series is meant
                    weights[key] = max(weights.get(key, 0.0), damp / (1.0 + (dist - 1) / 3.0))
                continue
            dist += 1
            if low in _STOP or len(low) < 3:
                continue
            w = damp / (1.0 + (dist - 1) / 3.0)
            key = stem(tok)
            weights[key] = max(weights.get(key, 0.0), w)
    return weights


def score(claim_words: dict[str, float], source_words: dict[str, float]) -> float:
    """How much of the claim's weighted wording the source figure's words share (0..1)."""
    total = sum(claim_words.values())
    if not total:
        return 0.0
    shared = sum(
        w * (0.25 + 0.75 * min(1.0, source_words[k])) for k, w in claim_words.items() if k in source_words
    )
    return shared / total


def locate(text: str, language: str | None = None) -> list[Located]:
    """Every figure of a source's text, with its passage and words (tables read cell by cell)."""
    return SourceFigures(text, language).every()


class SourceFigures:
    """The figures of one source's text, found only in the passages a claim could be about.

    Finding figures costs far more than splitting a text into passages, and a figure whose passage
    shares too few of a claim's words cannot decide its verdict (`check_figure` looks only at figures
    scoring at least 0.85 x FOUND). So the text is split once, each passage's words are tested by
    substring, and figures are found only in passages that could score that much (each passage once,
    however many claims ask): a 20 MB page costs its passages about the claims, not all of them.
    """

    def __init__(self, text: str, language: str | None = None) -> None:
        self.language = language
        self._units: list[tuple[str, str, str]] = []  # (kind: table | sentence, passage, caption)
        hay: list[str] = []  # each unit's words (and its caption's) as the substring tests read them
        self._found: dict[int, list[Located]] = {}
        caption = ""
        for para in re.split(r"\n\s*\n", text):
            lines = [ln for ln in para.split("\n") if ln.strip()]
            rows = [[c.strip() for c in _SEPARATOR.split(ln.strip()) if c.strip()] for ln in lines]
            first = next((i for i, r in enumerate(rows) if len(r) >= 2), None)
            if first is not None and sum(1 for r in rows[first:] if len(r) >= 2) >= 3:
                self._units.append(("table", para, caption))
                hay.append(_hay(f"{caption}\n{para}"))
                continue
            joined = " ".join(ln.strip() for ln in lines)
            for sentence in sentences(joined):
                self._units.append(("sentence", sentence, ""))
                hay.append(_hay(sentence))
            caption = joined if len(joined) < 200 else ""
        # One string for every unit, so that a word is looked for in all of them by one C search.
        self._starts = list(itertools.accumulate((len(h) + 1 for h in hay), initial=0))
        self._hay = "\x00".join(hay)

    def _figures(self, i: int) -> list[Located]:
        found = self._found.get(i)
        if found is None:
            kind, passage, caption = self._units[i]
            found = self._found[i] = self._locate(kind, passage, caption)
        return found

    def _locate(self, kind: str, passage: str, caption: str) -> list[Located]:
        if kind == "sentence":
            return [
                Located(fig, passage, figure_words(passage, fig.start, fig.end))
                for fig in find_figures(passage, self.language)
            ]
        lines = [ln for ln in passage.split("\n") if ln.strip()]
        rows = [[c.strip() for c in _SEPARATOR.split(ln.strip()) if c.strip()] for ln in lines]
        first = next(i for i, r in enumerate(rows) if len(r) >= 2)
        above = " ".join(" ".join(r) for r in rows[:first]) or caption
        return _table(rows[first:], above, self.language)

    def every(self) -> list[Located]:
        """Every figure of the text, in reading order."""
        return [loc for i in range(len(self._units)) for loc in self._figures(i)]

    def about(self, claim_words: dict[str, float]) -> list[Located]:
        """The figures, in reading order, of the passages that could share enough of `claim_words`."""
        total = sum(claim_words.values())
        if not total:
            return []
        shared: dict[int, float] = {}  # unit -> weight of the claim's words it may hold
        hay, starts = self._hay, self._starts
        for key, weight in claim_words.items():
            probe = _probe(key)
            pos = hay.find(probe)
            while pos != -1:
                i = bisect.bisect_right(starts, pos) - 1
                shared[i] = shared.get(i, 0.0) + weight
                pos = hay.find(probe, starts[i + 1])
        need = 0.85 * FOUND * total - 1e-9
        return [loc for i in sorted(shared) if shared[i] >= need for loc in self._figures(i)]


def _hay(text: str) -> str:
    """A passage's text as `stem` reads its words: lower case without diacritics (and, for words with no
    letter left then, lower case with straight apostrophes)."""
    low = text.lower()
    if low.isascii():
        return low
    folded = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode()
    return folded + "\n" + low.replace("’", "'")


def _probe(key: str) -> str:
    """What a passage holding a word with this key (a `stem`, or "y" and a year) must contain."""
    if key.startswith("y") and key[1:].isdigit():
        return key[1:]
    return key[:-1] if key.endswith("y") and len(key) > 1 else key


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (not cut after "Mio." or an initial)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start : m.start() + 1]
        if _NO_END.search(head):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _table(rows: list[list[str]], caption: str, language: str | None) -> list[Located]:
    """Each figure of a table's body, its words the caption, its row's label and its column's header."""
    header = rows[0]
    out: list[Located] = []
    note = _UNIT_NOTE.search(caption)
    for row in rows[1:]:
        label = row[0]
        for ci, cell in enumerate(row):
            col = header[ci + len(header) - len(row)] if len(header) >= len(row) else ""
            context = f"{caption} {label} {col}"
            unit = _UNIT_NOTE.search(col) or note
            for fig in _cell_figures(cell, unit.group(1) if unit else None, language):
                words = dict.fromkeys(
                    figure_words(context + " . " + cell, len(context) + 3, len(context) + 3), 1.0
                )
                out.append(
                    Located(fig, f"{label} | {col}: {cell}", words)
                )  # headers name the quantity: all count
    return out


def _cell_figures(cell: str, unit: str | None, language: str | None) -> list[Figure]:
    """A cell's figures, a bare number taking the unit its header or caption gives in brackets."""
    figures = find_figures(cell, language)
    if unit is None or len(figures) != 1 or figures[0].value.unit is not None:
        return figures
    sign = unit[0] if unit[0] in "£$€" else ""
    suffix = unit[1:].strip() if sign else unit
    united = find_figures(
        f"{sign}{cell.strip()}{'' if suffix in ('', '%') and not sign else ' '}{suffix}".strip(), language
    )
    return united if len(united) == 1 else figures


def check_figure(
    sentence: str,
    figure: Figure,
    located: list[Located] | SourceFigures,
    *,
    words: dict[str, float] | None = None,
) -> Outcome:
    """Compare a claim's figure with the source's figures about the same thing (`located`: every figure
    of the source, or the source's `SourceFigures`, asked only for the passages the claim may be about)."""
    claim_words = words if words is not None else figure_words(sentence, figure.start, figure.end)
    if isinstance(located, SourceFigures):
        located = located.about(claim_words)
    want = dimension(figure.value.unit)
    scored = sorted(
        ((score(claim_words, loc.words), i, loc) for i, loc in enumerate(located)
         if dimension(loc.figure.value.unit) == want),
        key=lambda t: (-t[0], t[1]),
    )  # fmt: skip
    if not scored:
        return Outcome(ClaimVerdict.NOT_FOUND, note=_none_note(figure.value))
    best = scored[0][0]
    for s, _, loc in scored:
        if s >= FOUND and s >= 0.85 * best and agrees(figure.value, loc.figure.value):
            return Outcome(ClaimVerdict.CONFIRMED, loc.passage, loc.figure.value, round(s, 3))
    near = [t for t in scored if t[0] >= 0.85 * best]
    top_score, _, top = next((t for t in near if t[2].figure.value.unit == figure.value.unit), scored[0])
    if top_score >= DIFFERS:
        return Outcome(
            ClaimVerdict.DIFFERS, top.passage, top.figure.value, round(top_score, 3),
            note=f"the source says {top.figure.value.text}, the article {figure.value.text}",
        )  # fmt: skip
    return Outcome(ClaimVerdict.NOT_FOUND, score=round(top_score, 3), note=_none_note(figure.value))


def _none_note(value: ClaimValue) -> str:
    return f"the source states no figure like {value.text} for this"


def check_text(sentence: str, figure: Figure, text: str | None, language: str | None = None) -> Outcome:
    """check_figure against a whole text (the labelled set's unit); no text is unverifiable."""
    if text is None:
        return Outcome(ClaimVerdict.UNVERIFIABLE, note="no source text to check against")
    return check_figure(sentence, figure, locate(text, language))
