"""Cheap language guessing from function words and scripts: an article's language when the page does not
say, and whether a quotation is in another language than its source (a translation is not a change)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "a",
            "in",
            "is",
            "that",
            "it",
            "was",
            "for",
            "on",
            "are",
            "with",
            "as",
            "be",
            "at",
            "by",
            "this",
            "have",
            "from",
            "not",
            "but",
            "they",
            "we",
            "you",
            "he",
            "she",
            "his",
            "her",
            "our",
            "their",
            "will",
            "would",
            "there",
            "been",
            "has",
            "had",
            "were",
            "which",
            "what",
            "who",
            "all",
            "an",
            "or",
            "its",
            "if",
            "do",
            "does",
            "did",
            "so",
            "can",
            "than",
            "then",
            "them",
            "these",
            "those",
            "when",
            "where",
            "why",
            "how",
            "very",
            "just",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "de",
            "un",
            "une",
            "et",
            "est",
            "dans",
            "que",
            "qui",
            "pour",
            "pas",
            "sur",
            "au",
            "aux",
            "avec",
            "ce",
            "cette",
            "ces",
            "il",
            "elle",
            "nous",
            "vous",
            "ils",
            "elles",
            "sont",
            "ont",
            "mais",
            "ou",
            "où",
            "donc",
            "ne",
            "se",
            "sa",
            "son",
            "ses",
            "leur",
            "leurs",
            "été",
            "être",
            "avoir",
            "fait",
            "très",
            "aussi",
            "comme",
            "par",
            "plus",
            "tout",
            "nous",
            "était",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "nicht",
            "ein",
            "eine",
            "einen",
            "dem",
            "den",
            "des",
            "zu",
            "mit",
            "sich",
            "auf",
            "für",
            "von",
            "im",
            "ich",
            "wir",
            "sie",
            "es",
            "auch",
            "als",
            "an",
            "aus",
            "bei",
            "nach",
            "wie",
            "wird",
            "werden",
            "wurde",
            "sind",
            "hat",
            "haben",
            "dass",
            "oder",
            "aber",
            "noch",
            "nur",
            "über",
            "unter",
            "zum",
            "zur",
            "kein",
            "keine",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "de",
            "del",
            "y",
            "en",
            "que",
            "un",
            "una",
            "es",
            "por",
            "con",
            "para",
            "no",
            "se",
            "su",
            "sus",
            "al",
            "lo",
            "como",
            "más",
            "pero",
            "este",
            "esta",
            "estos",
            "esto",
            "ser",
            "ha",
            "han",
            "fue",
            "son",
            "muy",
            "también",
            "nosotros",
            "ellos",
            "ellas",
            "hay",
            "sobre",
            "entre",
            "cuando",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "lo",
            "la",
            "gli",
            "le",
            "di",
            "del",
            "della",
            "dei",
            "delle",
            "e",
            "è",
            "che",
            "un",
            "una",
            "per",
            "non",
            "con",
            "su",
            "al",
            "alla",
            "sono",
            "ha",
            "hanno",
            "come",
            "più",
            "ma",
            "anche",
            "questo",
            "questa",
            "essere",
            "stato",
            "noi",
            "loro",
            "nel",
            "nella",
            "tra",
            "fra",
            "perché",
            "molto",
        ]
    ),
    "pt": frozenset(
        [
            "o",
            "a",
            "os",
            "as",
            "de",
            "do",
            "da",
            "dos",
            "das",
            "e",
            "em",
            "um",
            "uma",
            "que",
            "não",
            "para",
            "com",
            "por",
            "se",
            "na",
            "no",
            "nas",
            "nos",
            "ao",
            "mais",
            "mas",
            "como",
            "foi",
            "são",
            "ser",
            "está",
            "isso",
            "este",
            "esta",
            "eles",
            "elas",
            "muito",
            "também",
            "nós",
            "pelo",
            "pela",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "is",
            "dat",
            "niet",
            "op",
            "te",
            "met",
            "voor",
            "zijn",
            "er",
            "maar",
            "ook",
            "als",
            "aan",
            "bij",
            "door",
            "naar",
            "om",
            "wij",
            "we",
            "ze",
            "hij",
            "zij",
            "was",
            "werd",
            "worden",
            "wordt",
            "heeft",
            "hebben",
            "geen",
            "nog",
            "dan",
            "of",
            "uit",
            "over",
        ]
    ),
    "lt": frozenset(
        [
            "ir",
            "kad",
            "yra",
            "tai",
            "bet",
            "ar",
            "kaip",
            "jis",
            "ji",
            "jie",
            "mes",
            "su",
            "iš",
            "į",
            "per",
            "nuo",
            "apie",
            "dar",
            "tik",
            "buvo",
            "bus",
            "būti",
            "nėra",
            "savo",
            "jau",
            "labai",
            "kuris",
            "kuri",
        ]
    ),
    "pl": frozenset(
        [
            "i",
            "w",
            "na",
            "z",
            "że",
            "się",
            "nie",
            "do",
            "jest",
            "to",
            "jak",
            "ale",
            "od",
            "po",
            "za",
            "dla",
            "czy",
            "są",
            "był",
            "była",
            "było",
            "tak",
            "przez",
            "jego",
            "jej",
            "oraz",
            "który",
            "która",
            "już",
            "bardzo",
        ]
    ),
}


def _script(ch: str) -> str | None:
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    for script in (
        "CYRILLIC",
        "GREEK",
        "ARABIC",
        "HEBREW",
        "CJK",
        "HIRAGANA",
        "KATAKANA",
        "HANGUL",
        "DEVANAGARI",
        "THAI",
    ):
        if name.startswith(script):
            return script.lower()
    return None


def guess(words: Iterable[str], *, min_hits: int = 2) -> str | None:
    """The language whose stopwords (or script) dominate these lower-case words; None when unsure."""
    words = list(words)
    scripts: dict[str, int] = {}
    for w in words:
        s = _script(w[0]) if w and not w[0].isascii() else None
        if s:
            scripts[s] = scripts.get(s, 0) + 1
    if scripts:
        script, count = max(scripts.items(), key=lambda kv: kv[1])
        if count * 2 >= len(words):
            return script
    hits = {lang: sum(1 for w in words if w in stop) for lang, stop in _PROFILES.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < min_hits or top < second * 1.5:
        return None
    return best


def differs(quote_words: Iterable[str], source_words: Iterable[str]) -> tuple[str, str] | None:
    """(quote language, source language) when both are clear and differ, else None."""
    q = guess(quote_words)
    s = guess(source_words, min_hits=5)
    if q and s and q != s:
        return q, s
    return None


STOPWORDS_EN = _PROFILES["en"]
# Little words of every profiled language: what a passage sharing only these with a quotation shares.
STOPWORDS = frozenset().union(*_PROFILES.values())


# --------------------------------------------------------------------------- an article's language


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that for with was said on it by"),
    "fr": _words("le la les et des est une pour que dans qui sur pas avec"),
    "de": _words("der die und das ist nicht mit den von zu ein eine sich auf"),
    "es": _words("el la los las y que del en por una con para es se"),
    "it": _words("il di che la è per non una con sono del della gli"),
    "pt": _words("o os que não uma com para do da em é dos das"),
    "nl": _words("de het een en van is dat niet op te met zijn voor"),
    "cs": _words("je se že jsou ale jako pro také nebo jsem byl již"),
}
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code when one language's function words clearly dominate the first 20,000 characters."""
    words = Counter(w.lower() for w in _WORD.findall(text[:20_000]))
    if sum(words.values()) < 30:
        return None
    scores = sorted(((sum(words[w] for w in stop), lang) for lang, stop in _STOPWORDS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    return lang if best >= 10 and best >= 1.5 * second else None
