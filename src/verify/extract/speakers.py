"""Who a quotation is attributed to: `X said`, `said X`, `X told …`, `according to X`, titles before names,
and pronouns resolved to the nearest named speaker."""

from __future__ import annotations

import re

from verify.extract.lexicon import ORG_WORDS as _ORG_WORDS
from verify.extract.lexicon import TITLES as _TITLES

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_NAME_WORD = rf"(?:[{_UPPER}][\w'’\-]*\.?|[{_UPPER}]\.)"
_PARTICLE = r"(?:de|da|del|della|der|den|van|von|la|le|du|al|bin|ibn|ter|ten|dos|das|y|el|bint)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,4}}"
VERBS = (
    r"(?i:said|says|say|added|adds|told|tells|wrote|writes|stated|states|explained|explains|noted|notes|argued|"
    r"argues|insisted|insists|warned|warns|claimed|claims|declared|declares|asked|asks|replied|replies|"
    r"responded|responds|tweeted|posted|confirmed|confirms|announced|announces|continued|concluded|recalled|"
    r"admitted|acknowledged|emphasi[sz]ed|stressed|suggested|predicted|promised|vowed|conceded|complained|"
    r"joked|boasted|cautioned|urged|observed|remarked|commented|answered|shouted|testified|wondered|"
    r"insisted|maintained|alleged|contended|mused|quipped|exclaimed|pleaded|lamented|disagreed|agreed|objected|"
    r"countered|protested|called|described|dubbed|termed|interjected|retorted|pressed|snapped|recounted|"
    r"reiterated|explained|wrote|suggests|suggested|advises|advised|recommends|recommended|cautions|"
    r"admits|concedes|jokes|tweets|has said|had said)"
)
_PRONOUN = r"(?:he|she|they|He|She|They|it|It|I|we|We)"
_ADVERB = r"(?:has\s+|had\s+|later\s+|also\s+|then\s+|previously\s+|once\s+|[a-z]+ly\s+)?"
_GAP_WORD = (
    r"(?!(?:in|on|at|to|during|after|before|from|with|by|of|that|when|while|as|for|this|last)\b)[a-z][\w’'-]*"
)
_AFTER_VERB_NAME = re.compile(
    rf"^\W{{0,3}}\s*{VERBS}\s+(?:the\s+|a\s+|an\s+)?(?:{_GAP_WORD}\s+){{0,3}}?({NAME})"
)
_APPOSITIVE = r"(?:,\s*[^,“”\"]{1,120}?,)?"
_AFTER_NAME_VERB = re.compile(
    rf"^\W{{0,3}}\s*(?:{_GAP_WORD}\s+){{0,3}}?({NAME}){_APPOSITIVE}\s+{_ADVERB}{VERBS}\b"
)
_AFTER_PRONOUN = re.compile(rf"^\W{{0,3}}\s*({_PRONOUN})\s+{_ADVERB}{VERBS}\b")
_AFTER_VERB_PRONOUN = re.compile(rf"^\W{{0,3}}\s*{VERBS}\s+(he|she|they)\b")
_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+({NAME})")
_NAME_VERB = re.compile(rf"({NAME})(?:,\s*[^,“”\"]{{1,120}}?,)?\s+{_ADVERB}{VERBS}\b")
_NAME_VERB_DIRECT = re.compile(rf"({NAME}),?\s+{_ADVERB}{VERBS}\b")
_PRONOUN_VERB = re.compile(rf"\b({_PRONOUN})\s+{_ADVERB}{VERBS}\b")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_NAMES = _words(
    "a after all also an and april as at august before but december earlier every february friday he her "
    "here his however i if in it its january july june later many march may meanwhile monday most my no "
    "not november now october on one or our saturday september she so some still sunday that the their "
    "then there these they this those thursday today tomorrow tuesday we wednesday when while yesterday "
    "yet you "
    "republican republicans democrat democrats american americans officials police "
)
def clean_name(raw: str | None) -> str | None:
    """A name without leading titles ("Foreign Minister Ana Voss" → "Ana Voss"); None if not a name."""
    if not raw:
        return None
    words = raw.replace("’s", "").replace("'s", "").split()
    while words and words[-1].lower().rstrip(".,") in _NOT_NAMES:
        words.pop()
    while words and words[0].lower().rstrip(",") in _NOT_NAMES:
        words.pop(0)  # "When Ailes" → "Ailes"
    titled = [i for i, w in enumerate(words[:4]) if w.lower().rstrip(",") in _TITLES]
    if titled and titled[-1] < len(words) - 1:
        words = words[titled[-1] + 1 :]  # "Ukrainian President Volodymyr Zelensky" → "Volodymyr Zelensky"
    if not words:
        return None
    name = " ".join(words).strip(" ,.;:")
    return name or None


def is_org(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and (words[-1].rstrip(".") in _ORG_WORDS or words[0] == "the")


def speaker_after(after: str) -> tuple[str | None, bool]:
    """(speaker or pronoun, is_pronoun) from the words following a quotation in its sentence."""
    for rx in (_AFTER_VERB_NAME, _AFTER_NAME_VERB):
        m = rx.match(after)
        if m:
            name = clean_name(m.group(1))
            if name:
                return name, False
    m = _AFTER_PRONOUN.match(after) or _AFTER_VERB_PRONOUN.match(after)
    if m:
        return m.group(1), True
    m = _ACCORDING.search(after[:200])
    if m:
        name = clean_name(m.group(1))
        if name:
            return name, False
    return None, False


_PARTICIPLE = re.compile(
    r",?\s+(?:saying|adding|writing|noting|arguing|warning|insisting|explaining|declaring)\b"
)
_LABEL = re.compile(rf"(?:^|[.!?]\s+)({NAME})(?:\s+[^.“”\"]{{0,40}})?:\s*$")
_NAME_ANY = re.compile(NAME)


def _subject(text: str) -> str | None:
    """The person a clause is about: the first person named in it (places and organisations skipped)."""
    return first_person(text)


def speaker_anywhere(after: str) -> tuple[str | None, bool]:
    """`… in that law, Azzouz said.`: a `Name said` (or `he said`) closing a short tail after a quotation."""
    if len(after) > 160:
        return None, False
    for rx in (_NAME_VERB_DIRECT, _NAME_VERB):
        found = [clean_name(m.group(1)) for m in rx.finditer(after)]
        found = [n for n in found if n]
        if found:
            return found[-1], False
    m = _PRONOUN_VERB.search(after)
    return (m.group(1), True) if m else (None, False)


_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|from|of|to|for|on|across|near|outside|inside|into|by|before|after|with|about|against|during)"
    r"\s+(?:the\s+|a\s+|an\s+)?$"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


def _people(text: str) -> list[str]:
    """Names that may be people: not organisations, not places ("in New York", "from the Centre")."""
    out = []
    text = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)  # a name inside a quotation is not its speaker
    for m in _NAME_ANY.finditer(text):
        name = clean_name(m.group(0))
        if name and not is_org(name) and not _PLACE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            out.append(name)
    return out


def first_person(text: str) -> str | None:
    """The first person named in a text (the subject, usually), of any length."""
    people = _people(text)
    return people[0] if people else None


def last_person(text: str) -> str | None:
    """The last full name (two words or more) of a person mentioned in a text."""
    people = [n for n in _people(text) if " " in n]
    return people[-1] if people else None


def speaker_before(before: str) -> tuple[str | None, bool]:
    """(speaker or pronoun, is_pronoun) from the words preceding a quotation in its sentence."""
    best: tuple[int, str | None, bool] = (-1, None, False)
    for rx in (_NAME_VERB, _NAME_VERB_DIRECT):
        for m in rx.finditer(before):
            name = clean_name(m.group(1))
            if name and m.start() > best[0]:
                best = (m.start(), name, False)
    for m in _PRONOUN_VERB.finditer(before):
        if m.start() > best[0]:
            best = (m.start(), m.group(1), True)
    for m in _ACCORDING.finditer(before):
        name = clean_name(m.group(1))
        if name and m.start() > best[0]:
            best = (m.start(), name, False)
    if best[1] is None:
        label = _LABEL.search(before)  # transcript style `Prelogar: “…”`, `Alito cut her off: “…”`
        if label:
            return clean_name(label.group(1)), False
        participle = _PARTICIPLE.search(before)
        if participle:
            return _subject(before[: participle.start()]), False
    return best[1], best[2]


def named_mentions(text: str) -> list[tuple[int, str]]:
    """Every `Name <speech verb>` in a text, with its offset (to resolve pronouns)."""
    out: list[tuple[int, str]] = []
    for m in _NAME_VERB.finditer(text):
        name = clean_name(m.group(1))
        if name and not is_org(name):
            out.append((m.start(), name))
    return out
