"""Text normalisation for matching: typographic folding and word tokens that keep their source offsets."""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import count, pairwise
from typing import overload

# Every quote, apostrophe, dash and space variant folded onto one ASCII character, one for one, so
# that the folded text keeps the original's offsets (str.translate runs at C speed).
_FOLD: dict[int, str] = {}
for _ch in "\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\uff07`\u00b4":
    _FOLD[ord(_ch)] = "'"
for _ch in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a\uff02\u301d\u301e":
    _FOLD[ord(_ch)] = '"'
for _ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2e3a\u2e3b":
    _FOLD[ord(_ch)] = "-"
for _ch in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000":
    _FOLD[ord(_ch)] = " "
for _ch in "\u2028\u2029\x0b\x0c\x85":
    _FOLD[ord(_ch)] = "\n"
# Zero-width characters and soft hyphens live inside words; "\x00" is kept as an in-word joiner that
# the word pattern accepts and `key()` removes, so offsets still line up.
for _ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
    _FOLD[ord(_ch)] = "\x00"
_FOLD[ord("\u2026")] = "\u2026"
_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items() if chr(k) != v)

# A word: letters/digits, with inner apostrophes ("don't"), inner joiners (soft hyphens), numbers with
# inner separators ("1.5", "1,200"), and words broken across a line end by a hyphen ("infra-\nstructure").
# Possessive runs: the longest match is the only one wanted, and not backtracking is much faster.
_WORD = re.compile(
    r"[^\W\d_][^\W_]*+(?:(?:\x00|'(?=[^\W_])|-[ \t]*\r?\n[ \t]*(?=[^\W\d_]))[^\W_]*+)*+"
    r"|\d+(?:[.,:]\d+)*+(?:[^\W_]+)?"
)
# Words that need more than lower-casing to become keys (in the "\x01"-joined list of words).
_SPECIAL = re.compile(r"[\x00\-,\x80-\U0010ffff]+")
_CHUNK = 2048  # characters per lazily located chunk of word offsets
_KEY_BATCH = 1 << 16  # words lower-cased per C call (a bounded copy, not the whole page's)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_LINEBREAK_HYPHEN = re.compile(r"-[ \t]*\r?\n[ \t]*")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

NEGATIONS = frozenset(
    {
        "not", "no", "never", "none", "nobody", "nothing", "nowhere", "neither", "nor", "without",
        "cannot", "nope", "hardly", "barely", "scarcely", "ne", "pas", "nicht", "kein", "keine", "nunca",
    }
)  # fmt: skip
_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
        "dozens",
        "half",
        "quarter",
        "third",
        "twice",
        "thrice",
        "first",
        "second",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "hundreds",
        "thousands",
        "millions",
        "billions",
        "percent",
    ]
)


class Words(Sequence[str]):
    """A long list of words held as 4-byte ids into one vocabulary (a list holds an 8-byte pointer per
    word): a 20 MB page's words cost 4 bytes each, and slices come back as lists of strings."""

    __slots__ = ("ids", "numbers", "vocab")

    def __init__(self, vocab: list[str], ids: array[int], numbers: dict[str, int] | None = None) -> None:
        self.vocab = vocab
        self.ids = ids
        self.numbers = numbers if numbers is not None else {w: i for i, w in enumerate(vocab)}  # word -> id

    def ids_of(self, words: Sequence[str]) -> array[int] | None:
        """The ids of `words`, or None when one of them is not in the vocabulary (so nowhere in the list)."""
        numbers = self.numbers
        if not all(w in numbers for w in words):
            return None
        return array("I", map(numbers.__getitem__, words))

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return list(map(self.vocab.__getitem__, self.ids[i]))
        return self.vocab[self.ids[i]]

    def __iter__(self) -> Iterator[str]:
        return map(self.vocab.__getitem__, self.ids)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Words):
            return list(self) == list(other)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]


class _Vocabulary:
    """Ids handed out to words as they are first seen (all in C: a defaultdict over a counter)."""

    def __init__(self) -> None:
        self.ids: defaultdict[str, int] = defaultdict(count().__next__)

    def encode(self, words: list[str], into: array[int]) -> None:
        into.extend(map(self.ids.__getitem__, words))

    def words(self) -> tuple[list[str], dict[str, int]]:
        """Every word in id order (insertion order is id order), and word -> id."""
        numbers = self.ids
        numbers.default_factory = None  # a plain mapping from now on: looking a word up adds nothing
        return list(numbers), numbers


@dataclass(slots=True)
class Tokens:
    """The words of a text as parallel sequences (cheaper than one object per word on a 5 MB source).

    Word offsets are found lazily, a chunk at a time: matching needs them only around the passages it
    reports, so a 5 MB source does not pay for five million `(start, end)` pairs it never reads.
    """

    text: str  # the original text, offsets refer to it
    forms: Words  # each word as written (typographic variants folded), case and diacritics kept
    keys: Words  # case-folded, diacritics stripped: what alignment compares
    splits: dict[int, int]  # word index -> where a line-end hyphen broke it (position in the key)
    # `fold(text)` with blanked spans: what the word pattern ran over; None when nothing was blanked,
    # and then folded a slice at a time when read (a whole folded copy would double a page's size).
    blanked: str | None = None
    bounds: list[int] = field(default_factory=list)  # chunk i covers scan[bounds[i]:bounds[i + 1]]
    firsts: list[int] = field(default_factory=list)  # index of chunk i's first word
    _spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.keys)

    def span(self, i: int) -> tuple[int, int]:
        """Offsets of word i in `text` (the words of its chunk are located on first use)."""
        c = bisect_right(self.firsts, i) - 1
        return self._chunk(c)[i - self.firsts[c]]

    def _chunk(self, c: int) -> list[tuple[int, int]]:
        spans = self._spans.get(c)
        if spans is None:
            a, b = self.bounds[c], self.bounds[c + 1]
            found = _WORD.finditer(self.scanned(a, b))
            spans = self._spans[c] = [(m.start() + a, m.end() + a) for m in found]
        return spans

    def scanned(self, a: int, b: int) -> str:
        """Characters a..b-1 as the word pattern read them (folded, blanked spans as spaces)."""
        return self.blanked[a:b] if self.blanked is not None else fold(self.text[a:b])

    def start(self, i: int) -> int:
        return self.span(i)[0]

    def end(self, i: int) -> int:
        return self.span(i)[1]

    def spans(self) -> list[tuple[int, int]]:
        """Every word's offsets, in order (locates every chunk: for short texts, or a whole pass)."""
        return [s for c in range(len(self.firsts)) for s in self._chunk(c)]

    @property
    def starts(self) -> list[int]:
        return [a for a, _ in self.spans()]

    @property
    def ends(self) -> list[int]:
        return [b for _, b in self.spans()]

    def between(self, i: int) -> str:
        """The folded characters between word i-1 and word i (blanked spans read as spaces)."""
        return self.scanned(self.span(i - 1)[1], self.span(i)[0])


def fold(text: str) -> str:
    """Fold quote, apostrophe, dash and space variants to ASCII without changing the text's length."""
    if text.isascii():
        return text
    # One str.replace per variant present beats str.translate's per-character table look-ups tenfold.
    for ch, to in _FOLD_PAIRS:
        if ch in text:
            text = text.replace(ch, to)
    return text


@lru_cache(maxsize=200_000)
def _key(form: str) -> tuple[str, str, int]:
    """(form, key, split) for a raw word as matched by the word pattern."""
    split = 0
    if "-" in form:
        head = _LINEBREAK_HYPHEN.split(form, 1)[0]
        joined = _LINEBREAK_HYPHEN.sub("", form)
        split = len(head.replace("\x00", ""))
        form = joined
    form = form.replace("\x00", "")
    if not form.isascii():
        form = fold(unicodedata.normalize("NFKC", form)).replace("\x00", "")
    key = form.casefold()
    if "," in key and _THOUSANDS.fullmatch(key):
        key = key.replace(",", "")  # 210,000 and 210000 are one number; 1.5 and 15 are not
    if not key.isascii():
        key = strip_diacritics(key)
    return form, key, split


def _chunk_bounds(scan: str) -> list[int]:
    """Cut points about `_CHUNK` apart where no word can straddle: a space right after a letter or digit."""
    bounds = [0]
    n = len(scan)
    target = _CHUNK
    while target < n:
        k = scan.find(" ", target)
        while k != -1 and not scan[k - 1].isalnum():
            k = scan.find(" ", k + 1)
        if k == -1:
            break
        bounds.append(k)
        target = k + _CHUNK
    bounds.append(n)
    return bounds


def tokenize(
    text: str, *, blank: re.Pattern[str] | None = None, skip: Sequence[tuple[int, int]] = ()
) -> Tokens:
    """The words of `text` (offsets found lazily by `Tokens.span`); `blank` matches spans to ignore (URLs),
    `skip` lists more of them as (start, end) offsets (a PDF's running headers)."""
    blanked = _blanked(text, blank, skip)
    # Without blanked spans, each chunk is folded as it is read (a whole folded copy would double a
    # page's size). Folding never turns a letter or digit into anything else, nor anything else into
    # one, so the cut points found on the text are the folded text's.
    scan = blanked if blanked is not None else text
    bounds = _chunk_bounds(scan)
    firsts: list[int] = []
    splits: dict[int, int] = {}
    findall = _WORD.findall
    # Each word is kept as an id into one vocabulary (a page repeats its words): the words themselves
    # are lists only a batch at a time, so a 20 MB page's index stays a fraction of the page's size.
    vocabulary = _Vocabulary()
    form_ids: array[int] = array("I")
    key_ids: array[int] = array("I")
    batch: list[str] = []
    done = 0
    for c, (a, b) in enumerate(pairwise(bounds)):
        firsts.append(done + len(batch))
        batch += findall(scan, a, b) if blanked is not None else findall(fold(text[a:b]))
        if len(batch) >= _KEY_BATCH or c == len(bounds) - 2:
            vocabulary.encode(_keys_of(batch, done, splits), key_ids)
            vocabulary.encode(batch, form_ids)
            done += len(batch)
            batch = []
    vocab, numbers = vocabulary.words()
    forms, keys = Words(vocab, form_ids, numbers), Words(vocab, key_ids, numbers)
    return Tokens(text, forms, keys, splits, blanked, bounds, firsts)


def _blanked(text: str, blank: re.Pattern[str] | None, skip: Sequence[tuple[int, int]]) -> str | None:
    """`fold(text)` with the spans `blank` matches and the `skip` spans made spaces; None if neither."""
    if blank is None and not skip:
        return None
    scan = fold(text)
    if blank is not None:
        scan = blank.sub(lambda m: " " * len(m.group()), scan)
    if skip:
        parts, pos = [], 0
        for a, b in skip:
            parts += [scan[pos:a], " " * (b - a)]
            pos = b
        scan = "".join([*parts, scan[pos:]])
    return scan


def _keys_of(forms: list[str], base: int, splits: dict[int, int]) -> list[str]:
    """The keys of a batch of words that starts at word `base` (their fixed forms and line-end splits
    are put in place).

    Most words only need lower-casing, done for the batch in one C call; the few with joiners,
    line-end hyphens, thousands separators or non-ASCII letters go through `_key`.
    """
    joined = "\x01".join(forms)
    keys = joined.lower().split("\x01") if joined else []
    index, last, done = 0, 0, -1
    for m in _SPECIAL.finditer(joined):
        index += joined.count("\x01", last, m.start())
        last = m.start()
        if index != done:
            done = index
            form, key, split = _key(forms[index])
            forms[index], keys[index] = form, key
            if split:
                splits[base + index] = split
    return keys


def unescape_entities(text: str) -> tuple[str, list[int] | None]:
    """Decode HTML entities; returns the new text and, when it changed, a map new index -> old index."""
    if "&" not in text or not _ENTITY.search(text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _ENTITY.finditer(text):
        chunk = text[pos : m.start()]
        out.append(chunk)
        offsets.extend(range(pos, m.start()))
        decoded = html.unescape(m.group())
        out.append(decoded)
        offsets.extend([m.start()] * len(decoded))
        pos = m.end()
    out.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return "".join(out), offsets


def is_number(key: str) -> bool:
    """A numeral or a number word ("120", "1.5", "three", "dozen")."""
    return any(c.isdigit() for c in key) or key in _NUMBER_WORDS


def is_negation(key: str) -> bool:
    """A negating word: not, never, no, without, n't contractions…"""
    return key in NEGATIONS or key.endswith("n't")


# Letters with a stroke or ligature that Unicode does not decompose, but that are written without it
# (Sølvberg / Solvberg, Łódź / Lodz) as often as accented letters are.
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l", "Ł": "L", "đ": "d",
     "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def strip_diacritics(text: str) -> str:
    """Remove combining marks and strokes (Linkevičius -> Linkevicius, Sølvberg -> Solvberg)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


def _wordlist(text: str) -> list[str]:
    return text.split()


_UNITS = {
    w: i
    for i, w in enumerate(
        _wordlist(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        )
    )
}
_TENS = {
    w: 10 * i for i, w in enumerate(_wordlist("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        _wordlist(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
            "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        ),
        1,
    )
}
_ORDINALS |= {w[:-1] + "ieth": v for w, v in _TENS.items()}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_NUMERAL = re.compile(r"(\d+(?:\.\d+)?)(st|nd|rd|th)?")

DATE_WORDS = frozenset(
    _wordlist(
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "monday tuesday wednesday thursday friday saturday sunday "
        "mondays tuesdays wednesdays thursdays fridays saturdays sundays"
    )
)


def number_value(keys: list[str]) -> tuple[float, bool] | None:
    """The value of a number written in digits or words ("48", "forty eight", "2.5 million",
    "2,500,000", "3rd", "third") and whether it is an ordinal; None when the words are not one number."""
    total, current, ordinal, seen = 0.0, 0.0, False, False
    article = False  # "a dozen", "a hundred", "a million": "a" is one, but only before a scale
    for key in keys:
        if key == "and" and seen:
            continue
        if key in ("a", "an") and not seen:
            current, seen, article = 1.0, True, True
            continue
        if article and key not in _SCALES and key not in ("hundred", "dozen"):
            return None
        article = False
        m = _NUMERAL.fullmatch(key.replace(",", "")) if key[:1].isdigit() else None
        if m is not None:
            if seen:
                return None  # two numerals in a row are two numbers
            current, ordinal = float(m.group(1)), bool(m.group(2))
        elif key in _UNITS:
            current += _UNITS[key]
        elif key in _TENS:
            current += _TENS[key]
        elif key in _ORDINALS:
            current += _ORDINALS[key]
            ordinal = True
        elif key == "hundred":
            current = (current or 1) * 100
        elif key in _SCALES:
            total += (current or 1) * _SCALES[key]
            current = 0
        elif key == "dozen":
            current = (current or 1) * 12
        else:
            return None
        seen = True
    return (total + current, ordinal) if seen and not article else None


_PAGE_NUMBER = re.compile(r"(?:page|p\.|pg\.?|seite|página|pagina)?\s*#\s*(?:(?:of|/|von|de|sur)\s*#)?", re.I)
_EDGE_LINES = 3  # lines at the top and at the bottom of a page where running heads and folios live


def page_furniture(text: str) -> list[tuple[int, int]]:
    """Running headers, footers and page numbers of a paged text (pages split by form feeds, as the PDF
    reader writes them): (start, end) offsets of lines near a page's top or bottom that are only a page
    number, or that recur on several pages with only their numbers changed. A quotation that runs over
    a page break is read across them."""
    if "\f" not in text:
        return []
    pages: list[list[tuple[int, int, str]]] = []
    pos = 0
    for page in text.split("\f"):
        lines = []
        offset = pos
        for line in page.split("\n"):
            if line.strip():
                key = re.sub(r"\d+", "#", " ".join(line.split()).casefold())
                lines.append((offset, offset + len(line), key))
            offset += len(line) + 1
        pages.append(lines[:_EDGE_LINES] + lines[_EDGE_LINES:][-_EDGE_LINES:])
        pos += len(page) + 1
    seen = Counter(key for lines in pages for key in {k for _, _, k in lines})
    need = max(2, len(pages) // 3)
    out = [
        (a, b)
        for lines in pages
        for a, b, key in lines
        if _PAGE_NUMBER.fullmatch(key) or (seen[key] >= need and len(key) <= 120)
    ]
    return sorted(out)


# Letters of other scripts drawn like Latin ones (Unicode's confusables, the ones seen in the wild):
# a quotation that swaps them in reads the same but is not the source's text.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕԁӏԛԝһвкмнтАВЕЗІЈКМНОРСТУХЅԜ"  # Cyrillic
    "αβεικνορτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",  # Greek
    "aeopcyxijsdlqwhBKMHTABE3IJKMHOPCTYXSWaBeikvoptuxABEZHIKMNOPTYX",
)


def skeleton(word: str) -> str:
    """A word with look-alike letters of other scripts mapped to the Latin letters they imitate."""
    return word if word.isascii() else unicodedata.normalize("NFKC", word).translate(_LOOKALIKES)


def lookalike_letters(word: str) -> str:
    """The letters of `word` that `skeleton` would replace, each named by its script ("о" Cyrillic)."""
    out = []
    for ch in dict.fromkeys(unicodedata.normalize("NFKC", word)):
        if ch.translate(_LOOKALIKES) != ch:
            script = unicodedata.name(ch, "").split(" ")[0].capitalize()
            out.append(f"{script} {ch!r}")
    return ", ".join(out)
