"""Parsing a quotation: words, ellipses (segments that may be apart), bracketed insertions and [sic]."""

from __future__ import annotations

import re
from dataclasses import dataclass

from verify.match.normalize import tokenize, unescape_entities

# […], [...], (...), (…), …, "...", ". . ." (two or more dots after the first, spaced or not)
_ELLIPSIS = r"\[\s*(?:…|\.(?:\s?\.){2,})\s*\]|\(\s*(?:…|\.(?:\s?\.){2,})\s*\)|…|\.(?:\s?\.){2,}"
_SIC = r"[\[(]\s*sic\.?\s*[\])]"
_BRACKET = r"\[[^\[\]]{0,80}\]"
_MARKERS = re.compile(rf"(?P<ellipsis>{_ELLIPSIS})|(?P<sic>{_SIC})|(?P<bracket>{_BRACKET})", re.IGNORECASE)
# "[B]ut", "[t]he", "minister[s]": brackets that only change a letter or two of a word.
_INWORD = re.compile(r"\[(\w{1,3})\](?=\w)|(?<=\w)\[(\w{1,3})\]")

URLS = re.compile(
    r"(?:https?://|www\.)\S+|\bpic\.(?:twitter|x)\.com/\S+|\bt\.co/\S+|\bbit\.ly/\S+",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class QWord:
    key: str
    form: str
    punct: str  # folded punctuation between the previous word and this one ("" at a segment start)
    casefree: bool = False  # the case of this word was changed by the quoting (a bracketed letter)
    split: int = 0


@dataclass(frozen=True, slots=True)
class QGap:
    """A bracketed editorial insertion: stands for up to `MAX_BRACKET_WORDS` source words."""

    text: str


QItem = QWord | QGap
MAX_BRACKET_WORDS = 8


@dataclass(frozen=True, slots=True)
class ParsedQuote:
    text: str
    segments: tuple[tuple[QItem, ...], ...]  # split at ellipses; each must appear, in order

    @property
    def words(self) -> list[QWord]:
        return [it for seg in self.segments for it in seg if isinstance(it, QWord)]


def punct_of(between: str, *, ignore_social: bool = False) -> str:
    """The punctuation in a stretch between two words, with spaces and quote marks dropped."""
    out: list[str] = []
    for ch in between:
        if ch.isspace() or ch in "\"'\x00":
            continue
        if ignore_social and ch in "#@":
            continue
        if ch == "-" and out and out[-1] == "-":
            continue
        out.append(ch)
    return "".join(out)


def _words(text: str, *, ignore_urls: bool) -> list[QWord]:
    toks = tokenize(text, blank=URLS if ignore_urls else None)
    out: list[QWord] = []
    spans = toks.spans()
    for i, (a, b) in enumerate(spans):
        between = toks.scanned(spans[i - 1][1], a) if i else ""
        punct = punct_of(between, ignore_social=ignore_urls)
        # In-word brackets were turned into joiners: this word's case was the quoter's choice.
        casefree = "\x00" in text[max(a - 1, 0) : b]
        out.append(QWord(toks.keys[i], toks.forms[i], punct, casefree, toks.splits.get(i, 0)))
    return out


def parse(quote: str, *, ignore_urls: bool = False) -> ParsedQuote:
    """Split a quotation into segments of words and bracketed insertions."""
    text, _ = unescape_entities(quote)
    if ignore_urls:
        text = URLS.sub(" ", text)
    # "[B]ut" -> "\x00B\x00ut" (same length; the joiners vanish from the word but mark it case-free)
    text = _INWORD.sub(lambda m: "\x00" + (m.group(1) or m.group(2)) + "\x00", text)
    segments: list[tuple[QItem, ...]] = []
    current: list[QItem] = []
    pos = 0
    for m in _MARKERS.finditer(text):
        current.extend(_words(text[pos : m.start()], ignore_urls=ignore_urls))
        pos = m.end()
        if m.group("ellipsis"):
            if current:
                segments.append(tuple(current))
            current = []
        elif m.group("bracket"):
            current.append(QGap(m.group()[1:-1].strip()))
    current.extend(_words(text[pos:], ignore_urls=ignore_urls))
    if current:
        segments.append(tuple(current))
    # A segment made only of bracketed insertions carries nothing to find.
    cleaned = [seg for seg in segments if any(isinstance(it, QWord) for it in seg)]
    return ParsedQuote(quote, tuple(cleaned))
