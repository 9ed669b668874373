"""The people and organisations an article names: each with the name it is first given in full, the titles,
roles and descriptions the article gives it, its gender where the article shows it, and every mention, so
that a pronoun or a description ("he", "the minister", "the 56-year-old", "the company") resolves to it."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from verify.extract.lazyre import lazy
from verify.extract.lexicon import (
    COMMON,
    COMMON_EN,
    FEMALE_NAMES,
    FEMALE_WORDS,
    MALE_NAMES,
    MALE_WORDS,
    NOT_SPEAKERS,
    ORG_NOUNS,
    ORG_WORDS,
    PLACE_WORDS,
    ROLE_WORDS,
    SPEECH_CUES,
    TITLES,
    words_of,
)

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_WORD = rf"(?:[{_UPPER}][\w'’\-]*\.?|[{_UPPER}]\.)"
_PARTICLE = r"(?:de|da|del|della|der|den|van|von|la|le|du|al|bin|ibn|ter|ten|dos|das|el|bint|of|for|on)"
# A run of capitalised words (particles and `of`/`for` inside), as an article names someone or something.
_RUN = lazy(rf"(?<![\w@#/.(\-])({_WORD}(?:[ \u00a0]+(?:{_PARTICLE}[ \u00a0]+)?{_WORD}){{0,5}})(?![\w])")
_POSSESSIVE = re.compile(r"['’]s?$")
INNER_POSSESSIVE = re.compile(r"^(?:.*\s)?[A-Z][\w.&-]*['’]s?\s+(?=[A-Z])")
_PLACE_BEFORE = lazy(
    r"\b(?:in|at|from|to|near|outside|inside|into|across|throughout|toward|towards|around|of|across)\s+"
    r"(?:the\s+)?$",
    re.I,
)
_SENTENCE_START = lazy(r"(?:^|[.!?:;]\s*[\"“”‘’»«]?|[\"“”«»]\s*|\n)\s*$")
_PRONOUN = re.compile(r"\b(he|she|his|her|him|hers|himself|herself)\b", re.I)
_AGE = re.compile(r"^,\s*(\d{1,3}),")
_APPOS_AFTER = lazy(
    r"^,\s*((?:the|a|an|his|her|its|their|[\w.]+['’]s|[a-z][\w-]*)\s+[^,;:“”\"()]{2,90}?)\s*(?:,|\.|;|$)"
)
_APPOS_BEFORE = lazy(
    r"(?:^|[.!?;]\s+|,\s+|\b(?:and|but)\s+)((?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Ii]ts)\s+[^,;:“”\"()]{2,90}?"
    # "Clinton’s husband, Bill,": a possessor's kin or aide, named by one word
    r"|(?:[A-Z][\w.-]*\s+){0,2}[A-Z][\w.-]*['’]s?\s+(?:wife|husband|son|daughter|brother|sister|father|mother|spokesman|spokeswoman|"
    r"spokesperson|aide|lawyer|attorney|campaign\s+manager)),\s*$"
)
# "New York-based", "World War II-era": a compound word that qualifies, no one's name
_QUALIFIER = re.compile(
    r"-(?:based|era|born|led|backed|style|owned|run|made|funded|affiliated|aligned|bound|area|type|like|"
    r"related|linked|friendly|leaning|controlled|sponsored|inspired|focused|oriented|Americans?)$"
)  # not "Ban Ki-moon", "Park Geun-hye"
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z]")  # "R-Ky.", "D-N.Y."
_OPENER = re.compile(
    r"[\s\"“”‘’«»(]*(?:(?:but|and|then|so|yet|still|now|later|instead|also|however|meanwhile),?\s+)?(he|she)\b",
    re.I,
)
_SPOKE = lazy(
    r"^['’]?s?\s+(?:has\s+|had\s+|also\s+|later\s+)?(?:said|says|told|tells|added|wrote|writes|asked|"
    r"argued|noted|explained|replied|insisted|warned|tweeted|posted|stated|declared|continued|recalled)\b"
)
_INVERTED = (
    "said says added adds wrote writes noted notes explained explains argued argues recalled recalls "
    "continued insisted warned observed stated declared replied"
).replace(" ", "|")
# `X said`, `X, a pollster, says`, `X (D-Md.) told`, `X, who said`
_CUE_AFTER = lazy(
    rf"(?:,\s*[^,;:“”\"|]{{1,100}}?,|\s*\([^()]{{1,30}}\))?(?:\s+|,\s*who\s+)"
    rf"(?:has\s+|had\s+|also\s+|later\s+)?(?:{_INVERTED}|told|tells)\b"
)
# `said X`, `according to X`; never `told X` or `asked X`: X is who listened
# (titles and possessives between: "noted NBC’s Dante Chinni", "said Ohio State professor Paul Beck", "noted
# the Courier’s Odo Lintel"; never "said the U.S.": a thing)
_BETWEEN = r"[^\s,.;:“”\"|]+\s+"
_CUE_BEFORE = lazy(
    rf"\b(?:{_INVERTED}|[Aa]ccording\s+to)\s+(?:[Tt]he\s+(?:{_BETWEEN})?[^\s,.;:“”\"|]+['’]s\s+|"
    rf"(?:(?!(?:the|that|this)\s){_BETWEEN}){{0,3}})$"
)
_CALENDAR = words_of(
    "monday tuesday wednesday thursday friday saturday sunday january february march april june july august "
    "september october november december christmas easter"
)
_COMPASS = frozenset(("north", "south", "east", "west", "new"))
_PLACE_HEADS = frozenset(("san", "santa", "los", "las", "fort", "mount", "lake", "port"))
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_MODIFIER = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}([a-z][\w-]*)\s+(?=[A-Z])")
_SUBORDINATE = re.compile(
    r"[\s\"“‘(]*(?:While|Although|Though|After|Before|When|As|Since|Because|If|Once|Until|"
    # an opening phrase: "Asked about Sullivan, Feinstein said", "In describing Trump, Cuban said"
    r"Despite|Unlike|Asked|Pressed|Questioned|In|During|At|Following|Soon\s+after|Shortly\s+after|Amid|"
    r"[A-Z][a-z]+ing)\b"
)
_PHRASE_END = re.compile(r",|[”\"]\s")
_WHO_AFTER = re.compile(r"^,\s+who\s")
_ACTS = re.compile(r"^\s+(?:has\s+|had\s+|also\s+|later\s+|then\s+)?[a-z]+ed\b")
_ROLE_BEFORE = re.compile(r"\b([a-z][\w-]+)\s+$")
_ACRONYM = lazy(rf"^[{_UPPER}][{_UPPER}&\-]{{1,6}}$")
_NEVER = COMMON | NOT_SPEAKERS
_GENDER_OF = {"he": "m", "his": "m", "him": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
              "herself": "f", "er": "m", "il": "m", "elle": "f", "sie": "f"}  # fmt: skip


@dataclass(slots=True)
class Entity:
    """One person or organisation of the article."""

    name: str  # as the article first names it in full
    kind: str  # "person" or "org"
    roles: list[str] = field(default_factory=list)  # lower-cased: "foreign minister", "56-year-old"
    votes: dict[str, int] = field(default_factory=dict)  # pronoun gender votes: "m"/"f" -> count
    gender: str | None = None  # shown by a first name, a title or a gendered role

    role_gender: str | None = None  # shown by a gendered role ("widow", "spokeswoman"): the strongest
    spoke: bool = False  # named with a speech verb ("Melanie said yes"): someone, whatever the name

    def sex(self) -> str | None:
        if self.role_gender or self.gender:
            return self.role_gender or self.gender
        m, f = self.votes.get("m", 0), self.votes.get("f", 0)
        if m > f:
            return "m"
        if f > m:
            return "f"
        return None


@dataclass(frozen=True, slots=True)
class Mention:
    block: int
    start: int
    end: int
    entity: int
    sentence: int  # numbered over the whole article
    # "Comey’s recommendation", "While he served under Obama, Ham noted …": not the sentence's subject,
    # rarely what a later he or she stands for
    aside: bool = False
    # "…, Stovall said.", "said Katie Harbath, …", "according to Ana Voss": the subject of a speech cue, what
    # a he or she in the next quotation stands for before anyone else the sentence names
    cued: bool = False
    # "…, which concerns Henry Crespo, president of the caucus.": a person named for the first time and
    # described, who will speak next more often than whoever spoke before
    introduced: bool = False


def _words(text: str) -> list[str]:
    return [w.strip(".,") for w in text.split()]


def strip_titles(raw: str) -> tuple[str, list[str]]:
    """("Ana Voss", ["foreign minister"]) from "Foreign Minister Ana Voss"; the name may be empty."""
    words = raw.split()
    titled = [i for i, w in enumerate(words[:6]) if w[:1].isupper() and _is_title(w)]
    # "White House Press Secretary Josh Earnest": the name follows the last title word
    cut = titled[-1] + 1 if titled and titled[-1] < len(words) - 1 else 0
    roles = [" ".join(words[:cut]).lower().rstrip(".")] if cut else []
    return " ".join(words[cut:]), roles


def _is_title(word: str) -> bool:
    """ "Gov." and "Governor" are titles, whichever way the list writes them (with or without the point)."""
    low = word.lower().rstrip(",")
    if len(low.rstrip(".")) < 2:
        return False  # "Brian M. Good": an initial, not the French "M."
    return low in TITLES or low.rstrip(".") in TITLES


_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "dr", "mme", "herr", "frau", "sir", "dame"])


def _only_titles(name: str) -> bool:
    """True for "Secretary" or "Der US-Präsident"; not for "Mr. King" (after an honorific, a surname)."""
    words = name.split()
    if len(words) >= 2 and words[-2].lower().rstrip(".") in _HONORIFICS:
        return False
    return all(_is_title(w) or w.lower() in COMMON for w in words)


class Entities:
    """Every person and organisation of an article, and their mentions in article order."""

    def __init__(
        self,
        texts: list[str],
        masks: dict[int, list[tuple[int, int]]],
        sentences: list[list[tuple[int, int]]],
        lowered: set[str],
    ) -> None:
        self.entities: list[Entity] = []
        self.mentions: list[Mention] = []
        self._keys: list[tuple[int, int]] = []
        self._by_full: dict[str, int] = {}
        self._by_last: dict[str, list[int]] = {}
        self._lowered = lowered  # words the article also writes in lower case (common words)
        self._sentence_starts: list[tuple[int, int]] = []  # (block, offset) of each sentence, in order
        self._named: dict[int, tuple[int, int]] = {}  # entity -> (mentions so far, the last one's number)
        self._spoken: list[tuple[int, int, int]] = []  # (block, offset, entity) of each quotation's speaker
        self._pronoun_subject: dict[int, str] = {}  # sentence -> gender of the he/she that opens it
        for b, raw in enumerate(texts):
            spans = sentences[b] or [(0, len(raw))]
            text = raw
            for s, e in spans:
                text = untitled(text, s, e)  # "Tom Nides Thanked Clinton": "Thanked" is no name
            masked = _masked(text, masks.get(b, []))
            for s, _ in spans:
                opener = _OPENER.match(masked, s)
                if opener:
                    self._pronoun_subject[len(self._sentence_starts)] = _GENDER_OF[opener.group(1).lower()]
                self._sentence_starts.append((b, s))
            if text and not _title_case(text):
                self._read_block(b, masked)
        self._keys = [(m.block, m.start) for m in self.mentions]

    def sentence_of(self, block: int, offset: int) -> int:
        return bisect.bisect_right(self._sentence_starts, (block, offset)) - 1

    # ------------------------------------------------------------------ reading

    def _read_block(self, b: int, text: str) -> None:
        last_person: int | None = None
        pos = 0
        for m in _RUN.finditer(text):
            if m.group(0).lower() in _GENDER_OF:
                continue  # "She", "His" opening a sentence: a pronoun that votes, read with the text after it
            last_person = self._gender_votes(text, pos, m.start(), last_person)
            pos = m.end()
            eid = self._mention(b, text, m.start(), m.end())
            if eid is not None and self.entities[eid].kind == "person":
                last_person = eid
        self._gender_votes(text, pos, len(text), last_person)

    def _gender_votes(self, text: str, start: int, end: int, person: int | None) -> int | None:
        """A he/his or she/her after a person's mention, before any other name, votes for its gender."""
        if person is None:
            return None
        m = _PRONOUN.search(text, start, end)
        if m:
            entity = self.entities[person]
            g = _GENDER_OF[m.group(1).lower()]
            entity.votes[g] = entity.votes.get(g, 0) + 1
            return None
        return person

    def _mention(self, b: int, text: str, start: int, end: int) -> int | None:
        raw, start = cut_at_period(text[start:end].rstrip("."), start)
        inner = INNER_POSSESSIVE.search(raw)
        if inner:  # "Brask Harbour's Mira Tolk", "NASA's Steve Clarke": the person after the possessive
            raw, start = raw[inner.end() :], start + inner.end()
        possessive = bool(_POSSESSIVE.search(raw))
        raw = _POSSESSIVE.sub("", raw)
        if " " not in raw and raw.lower() in _NEVER:
            return None  # "The", "Tuesday": most runs of an article, dropped before any other work
        before = text[max(0, start - 40) : start]
        name, roles = strip_titles(raw)
        name = _trim(_of_place(_before_date(name), bool(roles)))
        if (
            not name
            or _PARTY_STATE.match(name)
            or all(_is_title(w) or w.lower() in COMMON for w in name.split())
        ):
            return None  # "Der US-Präsident", "Secretary": a title, no one's name
        initial = bool(_SENTENCE_START.search(before))
        if initial and not roles:
            name = self._drop_common_head(name)
            if not name:
                return None
        eid = self._find(name)
        if eid is not None and " " in name and " " not in self.entities[eid].name:
            self._name_in_full(eid, name)
        after = text[end : end + 30]
        modifier = _MODIFIER.match(text, end)
        if modifier and modifier.group(1) in ROLE_WORDS:
            return None  # "Trump campaign spokesman Jason Miller": Trump only qualifies the role
        cued = not possessive and _cued(text, before, end)
        speaks = _SPOKE.match(after) or _ACRONYM.match(name) or cued
        # "Christie, who has campaigned …", "Christie blasted Clinton": one word that acts is someone too
        acts = _WHO_AFTER.match(after) or (initial and _ACTS.match(after))
        described = roles + _descriptions(text, start, end)
        if eid is None and " " not in name and not described and not speaks and not acts:
            return None  # one unknown word is a person only when it speaks, acts or is described
        if eid is None:
            # "the Islamic State", "the Fed": what the article names with "the" is a thing, not a person
            kind = "org" if _THE_BEFORE.search(before) and not roles else _kind(name, described)
            if kind is None or not self._plausible(name, described, before, after, bool(speaks)):
                return None
            eid = self._add(name, kind)
        entity = self.entities[eid]
        entity.spoke = entity.spoke or bool(speaks)
        for role in described:
            if role not in entity.roles:
                entity.roles.append(role)
            entity.role_gender = entity.role_gender or _role_gender(role)
        sentence = self.sentence_of(b, start)
        # what opens the sentence before the name itself ("While" of the run "While Obama", a title)
        head = text.find(name, start, end)
        lead = text[self._sentence_starts[sentence][1] : max(head, start)] if sentence >= 0 else ""
        # the phrase ends at its comma, which may sit inside a quotation (`At an event billed as “Hard Hats,”
        # Clinton unveiled`)
        aside = possessive or bool(_SUBORDINATE.match(lead) and not _PHRASE_END.search(lead))
        introduced = eid not in self._named and bool(described) and entity.kind == "person"
        self.mentions.append(Mention(b, start, end, eid, sentence, aside, cued, introduced))
        self._named[eid] = (self._named.get(eid, (0, 0))[0] + 1, len(self.mentions))
        return eid

    def _name_in_full(self, eid: int, name: str) -> None:
        """A person first named by a surname alone is reported by the full name the article gives later."""
        entity = self.entities[eid]
        entity.name = name
        self._by_full[name.lower()] = eid
        first = name.split(maxsplit=1)[0].lower()
        entity.gender = entity.gender or (
            "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None
        )

    def _drop_common_head(self, name: str) -> str:
        """ "Children" or "But Ana Voss" at a sentence's start: the common words are not a name (a word the
        article also writes in lower case is dropped only alone: "Per Valdt" keeps its first name)."""
        words = name.split()
        if len(words) == 1:
            return "" if words[0].lower() in self._lowered or words[0].lower() in COMMON else name
        while words and (words[0].lower() in COMMON_EN or (len(words) > 1 and self._not_a_first_word(words))):
            words.pop(0)
            while words and words[0].lower() in ("of", "for", "and", "on", "to"):
                words.pop(0)
        return " ".join(words)

    def _not_a_first_word(self, words: list[str]) -> bool:
        """ "Accordingly Turkey", "Haunted Izuku", "Longtime Donald Trump": an adverb, or a word the article
        also writes in lower case, before a person's name (never a first name; an organisation's name keeps
        its words: "People Daily", "Us Weekly")."""
        low = words[0].lower()
        if low in FEMALE_NAMES or low in MALE_NAMES or words[-1].lower().strip(".") in ORG_WORDS:
            return False
        return low.endswith("ly") or low in self._lowered

    def _plausible(self, name: str, roles: list[str], before: str, after: str, speaks: bool) -> bool:
        words = name.split()
        low = [w.lower().strip(".") for w in words]
        if len(name.strip(".")) < 2:
            return False  # "U" of "the U.S.": an initial alone names no one
        if (
            all(w in NOT_SPEAKERS or w in COMMON for w in low)
            or low[-1] in PLACE_WORDS
            or _QUALIFIER.search(name)
        ):
            return False  # "United States", "New York", "Monday", "Republicans", "Middle East", "York-based"
        if _PLACE_BEFORE.search(before) and (low[-1] in NOT_SPEAKERS or low[0] in _COMPASS):
            return False  # "in South Carolina", "from North Dakota", "to West Point"
        if low[-1] in _CALENDAR:
            return False  # "Super Tuesday", "Black Friday"
        if len(low) > 1 and (low[0] in _PLACE_HEADS or (low[0] in _COMPASS and low[-1] in NOT_SPEAKERS)):
            return False  # "South Carolina, he said, …", "San Jose", "Los Angeles", "Fort Myers"
        dateline = len(name) > 6 or after[:3].strip()[:1] in (",", "—", "–", "-")
        if name.isupper() and dateline and not after.startswith(":"):
            return False  # a dateline ("CHARLOTTE —"); a transcript's speaker label keeps its colon
        if len(words) == 1 and not roles:
            if _PLACE_BEFORE.search(before) or low[0] in self._lowered:
                return False
            acts = _WHO_AFTER.match(after) or (_SENTENCE_START.search(before) and _ACTS.match(after))
            return bool(speaks or acts)
        return True

    def _add(self, name: str, kind: str) -> int:
        eid = len(self.entities)
        entity = Entity(name, kind)
        first = name.split(maxsplit=1)[0].lower()
        entity.gender = "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None
        self.entities.append(entity)
        self._by_full[name.lower()] = eid
        if kind == "person":
            self._by_last.setdefault(name.rsplit(maxsplit=1)[-1].lower(), []).append(eid)
        return eid

    def _find(self, name: str) -> int | None:
        low = name.lower()
        if low in self._by_full:
            return self._by_full[low]
        words = low.split()
        people = self._by_last.get(words[-1], [])
        if len(words) == 1 and people:
            return self._recent(people)
        for eid in reversed(people):
            other = self.entities[eid].name.lower().split()
            if len(other) == 1:
                return eid  # "Oren Tass" after a bare "Tass said": the same person, named in full now
            if other[0] == words[0] or (other[0][:1] == words[0][:1] and len(words[0]) <= 2):
                return eid  # "Hillary Rodham Clinton" / "H. Clinton" after "Hillary Clinton"
        return None

    def _recent(self, candidates: list[int]) -> int:
        """Of several people sharing a surname, the one the article names most (a bare "Clinton" is the
        article's Clinton, not the husband named once in passing), else the one mentioned last."""
        return max(candidates, key=lambda eid: self._named.get(eid, (0, -1)))

    # ------------------------------------------------------------------ resolving

    def plausible(self, name: str) -> bool:
        """False for what is never a speaker: a month, a demonym, a place, a common word capitalised."""
        if self.lookup(name) is not None:
            return True
        bare = _trim(strip_titles(name)[0])
        low = [w.lower().strip(".,") for w in bare.split()]
        if not low or all(w in NOT_SPEAKERS or w in COMMON for w in low) or _QUALIFIER.search(bare):
            return False
        return not (len(low) == 1 and low[0] in self._lowered)

    def tidy(self, name: str) -> str | None:
        """A speaker's name without the words a sentence's start or a possessive ran into it: "NASA's
        Steve Clarke" → "Steve Clarke", "Accordingly Turkey" → None (Turkey is no speaker), "Was
        Bartleby" → "Bartleby", "Ukraine Kurt Volker" → "Kurt Volker"; descriptions ("a Meta
        spokesperson") are kept as written."""
        if name[:1].islower():
            return name
        words = name.split()
        # "NASA's Steve Clarke", "South Korean-born Monte Haines": the name after the possessive or compound
        cut = [
            i + 1
            for i, w in enumerate(words[:-1])
            if w.endswith(("’s", "'s", "’", "'")) or _QUALIFIER.search(w)
        ]
        words = words[cut[-1] :] if cut else words
        while len(words) > 1 and self._stray(words[0], words[1:]):
            words.pop(0)
        if _only_titles(" ".join(words)) and self.lookup(" ".join(words)) is None:
            return None  # "Del.", "Secretary": a title alone names no one (but "Doctor" for Ken Doctor)
        org = words[-1].lower().strip(".") in ORG_WORDS  # "Times": an outlet, whatever the article writes
        if not org and self.lookup(" ".join(words)) is None and not self.plausible(" ".join(words)):
            return None
        return " ".join(words)

    def _stray(self, word: str, rest: list[str]) -> bool:
        """A leading word that is not part of the name after it."""
        low = word.lower().strip(".,")
        if low in TITLES or word.endswith("."):
            return False  # "Sen. Ted Cruz", "Rep. Brian Babin": titles are reported as written
        if rest[-1].lower().strip(".") in ORG_WORDS:
            return False  # "Swedish Prosecution Authority", "New York Police Department"
        if low in COMMON_EN or self._not_a_first_word([word, *rest]):
            return True  # "Accordingly", "Was", "Enter", "Though", "Longtime"
        place = low in NOT_SPEAKERS or (_ACRONYM.match(word) is not None and len(rest) >= 2)
        return place and len(rest) >= 2  # "Ukraine Kurt Volker", "NASA Steve Clarke"

    def fits(self, name: str, pronoun: str) -> bool:
        """False when the article shows `name` to be of the other gender than `pronoun`."""
        want = _GENDER_OF.get(pronoun.lower())
        entity = self.lookup(name)
        return want is None or entity is None or entity.sex() in (want, None)

    def lookup(self, name: str) -> Entity | None:
        eid = self._find(_trim(strip_titles(name)[0]) or name)
        return self.entities[eid] if eid is not None else None

    def spoke(self, name: str, block: int, offset: int) -> None:
        """Note that `name` was just given as a quotation's speaker at (block, offset)."""
        eid = self._find(_trim(strip_titles(name)[0]) or name)
        if eid is not None and self.entities[eid].kind == "person":
            bisect.insort(self._spoken, (block, offset, eid))  # kept in article order

    def _last_speaker(self, block: int, offset: int, want: str, reach: int) -> str | None:
        """The person last given as a quotation's speaker before (block, offset), if their gender fits and
        no other person of that gender was named since (`… said Voss. Brask disagreed. “…,” he said`)."""
        for i in range(bisect.bisect_left(self._spoken, (block, offset, -1)) - 1, -1, -1):
            b, o, eid = self._spoken[i]
            if b < block - reach:
                return None
            entity = self.entities[eid]
            if entity.sex() not in (want, None):
                continue
            for mention in self._before(block, offset):
                if (mention.block, mention.start) <= (b, o):
                    break
                other = self.entities[mention.entity]
                rival = other.kind == "person" and mention.entity != eid and other.sex() in (want, None)
                if (
                    rival
                    and not mention.aside
                    and (mention.cued or mention.introduced or self._opens_sentence(mention))
                ):
                    return None
            return entity.name
        return None

    def _opens_sentence(self, mention: Mention) -> bool:
        """True when `mention` is the first person named in its sentence (its subject, usually), outside an
        aside ("While Obama had songs written for him, that concerns Henry Crespo": Crespo)."""
        i = bisect.bisect_left(self._keys, (mention.block, mention.start))
        return not any(
            m.sentence == mention.sentence and self.entities[m.entity].kind == "person" and not m.aside
            for m in self.mentions[max(0, i - 4) : i]
        )

    def pronoun(self, word: str, block: int, offset: int, reach: int = 6) -> str | None:
        """The person `he`/`she` at (block, offset) stands for: the last quotation's speaker when no other
        person of that gender was named since; else, going back sentence by sentence, the first person (the
        subject, usually) whose gender the article does not show to be the other."""
        want = _GENDER_OF.get(word.lower())
        if want is None:
            return None
        here = self._subject_back(block, offset, want, 0, True) or self._subject_back(
            block, offset, want, 0, False
        )
        if here:
            return here  # the subject of a sentence of the same paragraph comes first
        spoken = self._last_speaker(block, offset, want, reach)
        if spoken:
            return spoken
        # someone the article shows to be a person first; else any name that may be one
        # else, in its own paragraph, any name that may be a person's ("Henrike Saal leitet das Amt. „…“,
        # sagte sie."); further back, a name the article never shows to be a person is most often a
        # place or a thing ("West Point", "Sandy Hook")
        return self._subject_back(block, offset, want, reach, True) or self._subject_back(
            block, offset, want, 0, False
        )

    def _subject_back(self, block: int, offset: int, want: str, reach: int, shown: bool) -> str | None:
        group: list[Mention] = []
        for mention in self._before(block, offset):
            if mention.block < block - reach:
                break
            if group and mention.sentence != group[0].sentence:
                found = self._first_person(group, want, shown)
                if found:
                    return found
                group = []
            group.append(mention)
        return self._first_person(group, want, shown)

    def _first_person(self, group: list[Mention], want: str, shown: bool) -> str | None:
        """The person a sentence is about: its cue's subject, else the first person it names outside an
        aside."""
        if group and self._pronoun_subject.get(group[0].sentence) == want:
            return None  # "She has faced …": its subject is the same pronoun, whoever else it names
        fitting = [
            m
            for m in reversed(group)
            if self.entities[m.entity].kind == "person"
            and self.entities[m.entity].sex() in (want, None)
            and not m.aside
            and (not shown or self._is_someone(m.entity))
        ]
        # the subject of the sentence's cue before its first person ("Cruz won the crowds, Stovall said")
        best = next((m for m in fitting if m.cued), fitting[0] if fitting else None)
        return self.entities[best.entity].name if best else None

    def _is_someone(self, eid: int) -> bool:
        """A he or she stands for someone the article shows to be a person: by a first name, a title or
        role, a gender, or having spoken ("Dirty Dancing", "West Point", "Islamic State" show none)."""
        entity = self.entities[eid]
        return bool(entity.sex() or entity.roles or entity.spoke or " " not in entity.name) or any(
            e == eid for _, _, e in self._spoken
        )

    def described(self, phrase: str, block: int, offset: int, reach: int = 12) -> str | None:
        """The entity "the minister", "the 56-year-old" or "the company" stands for: the last one before
        it that the article described so (or, for "the company", an organisation of that kind)."""
        head = phrase.lower().split()
        if head and head[0] in ("the", "this"):
            head = head[1:]
        if not head:
            return None
        wanted = " ".join(head)
        for mention in self._before(block, offset):
            if mention.block < block - reach:
                return None
            entity = self.entities[mention.entity]
            if any(_role_matches(wanted, role) for role in entity.roles):
                return entity.name
            if entity.kind == "org" and head[-1] in entity.name.lower().split():
                return entity.name  # "the agency" for "the Valdorian Environment Agency"
            if entity.kind == "org" and len(head) == 1 and head[0] in _COMPANY and not _media(entity.name):
                return entity.name  # "the company" for the last firm named (not an outlet reporting it)
        return None

    def _before(self, block: int, offset: int) -> Iterator[Mention]:
        """The mentions before (block, offset), nearest first (lazily: callers stop within a few blocks)."""
        for i in range(bisect.bisect_left(self._keys, (block, offset)) - 1, -1, -1):
            yield self.mentions[i]


_LOWER_WORD = re.compile(r"(?<![\w'’])[a-zà-öø-ÿ][\w'’-]*")


def lowered_words(texts: list[str]) -> set[str]:
    """Every word the article writes in lower case: a capitalised one of these starts a sentence."""
    out: set[str] = set()
    for text in texts:
        out.update(_LOWER_WORD.findall(text))
    return out


def cut_at_period(run: str, start: int) -> tuple[str, int]:
    """The name a run holds across a sentence's end: "Brask. Mette Ossian" → "Mette Ossian", "Agency. The"
    → "Agency"; an initial, a title or an abbreviation ("Dr.", "U.S.", "St.") does not end a sentence."""
    words = run.split(" ")
    cuts = [0] + [
        i
        for i in range(1, len(words))
        if (w := words[i - 1]).endswith(".") and len(w) > 2 and "." not in w[:-1] and w.lower() not in TITLES
    ]
    for c, i in enumerate(reversed(cuts)):
        end = len(words) if c == 0 else cuts[len(cuts) - c]
        segment = words[i:end]
        if any(w.lower().strip(".,") not in COMMON for w in segment):
            head = len(" ".join(words[:i])) + (1 if i else 0)
            return " ".join(segment), start + head
    return run, start


def _cued(text: str, before: str, end: int) -> bool:
    """True when the mention ending at `end` is the subject of a speech cue (`X said`, `X, a pollster,
    says`, `X, who said`, `said X`, `according to X`)."""
    return bool(_CUE_AFTER.match(text, end, end + 160) or _CUE_BEFORE.search(before))


def _before_date(name: str) -> str:
    """ "Hillary Clinton on Monday": the name before the date its run went on into."""
    words = name.split()
    for i in range(1, len(words) - 1):
        if words[i] in ("on", "of", "for", "in") and words[i + 1].lower().strip(".,") in _CALENDAR:
            return " ".join(words[:i])
    return name


def _of_place(name: str, titled: bool) -> str:
    """ "Michael Brown of Washington", "(Sen.) Marco Rubio of Florida": the person before the place, when a
    title or a first name shows the words before `of` to be a person's name ("Bank of America" stays)."""
    head, sep, _ = name.partition(" of ")
    words = head.split()
    if not sep or len(words) < 2:
        return name
    first = words[0].lower()
    return head if titled or first in FEMALE_NAMES or first in MALE_NAMES else name


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with quotations blanked: a name inside a quotation is not a mention of the article's."""
    if not spans:
        return text
    out = []
    pos = 0
    for start, end in sorted(spans):
        s, e = max(start + 1, pos), min(end - 1, len(text))
        if s >= e:
            continue
        out += [text[pos:s], "|" * (e - s)]  # not spaces: the names either side must not join up
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _trim(name: str) -> str:
    words = name.split()
    while words and words[-1].lower().strip(".,") in ("of", "for", "and", "on", "the"):
        words.pop()
    while words and words[0].lower() in ("of", "for", "and", "on", "the"):
        words.pop(0)
    return " ".join(words).strip(" ,.;:")


_COMPANY = frozenset(("company", "firm", "operator", "group", "carrier", "airline", "maker", "business"))
_MEDIA = words_of(
    "news service post times weekly daily journal herald tribune gazette courier agency radio tv television "
    "magazine press"
)


def _media(name: str) -> bool:
    return name.lower().split()[-1] in _MEDIA


def _title_case(text: str) -> bool:
    """A headline: nearly every word capitalised."""
    words = text.split()
    if len(words) < 4 or len(words) > 30:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return caps >= 0.7 * len(words)


def _kind(name: str, roles: list[str]) -> str | None:
    words = name.split()
    low = [w.lower().strip(".") for w in words]
    if any(r == "which" or r.split()[-1] in ORG_NOUNS for r in roles if r):
        return "org"
    if low[-1] in ORG_WORDS or low[0] in ORG_WORDS or (len(words) == 1 and _ACRONYM.match(words[0])):
        return "org"
    if any(w in ("of", "for", "and", "on") for w in low):
        return "org" if not roles else None
    return "person"


def _descriptions(text: str, start: int, end: int) -> list[str]:
    """What the article calls an entity right beside a mention: `X, 56,`; `X, the country's foreign
    minister,`; `the country's foreign minister, X`."""
    out: list[str] = []
    after = text[end : end + 120]
    age = _AGE.match(after)
    if age:
        out.append(f"{age.group(1)}-year-old")
    else:
        m = _APPOS_AFTER.match(after)
        if m and (not m.group(1)[0].islower() or m.group(1).split()[0] in _APPOS_START):
            out.append(_role_text(m.group(1)))
        elif after.startswith((", which ", ", whose ")):
            out.append("which")  # a relative for things: an organisation
    window = text[max(0, start - 120) : start]
    m = _APPOS_BEFORE.search(window)
    if m:
        out.append(_role_text(m.group(1)))
    m = _ROLE_BEFORE.search(window)
    if m and m.group(1).lower() in TITLES:
        out.append(m.group(1).lower())  # "the country's foreign minister Ana Voss", "economist Ana Voss"
    return [r for r in out if r]


_APPOS_START = TITLES | frozenset(("the", "a", "an", "his", "her", "its", "their"))
_DETERMINERS = ("the", "a", "an", "his", "her", "its", "their")


def _role_text(phrase: str) -> str:
    words = phrase.lower().split()
    if words and (words[0] in _DETERMINERS or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    for cut, w in enumerate(words):
        if w in ("who", "which", "that", "at", "of", "for", "in", "with", "from", "on", "since"):
            words = words[:cut]
            break
    return " ".join(words)


# a title written short before a name is the role a description writes in full ("Ohio Gov. John Kasich"
# is "the Ohio governor")
_TITLE_IN_FULL = {
    "gov.": "governor", "gov": "governor", "sen.": "senator", "sen": "senator", "rep.": "representative",
    "rep": "representative", "pres.": "president", "sec.": "secretary", "gen.": "general",
    "atty.": "attorney", "lt.": "lieutenant", "col.": "colonel", "capt.": "captain", "prof.": "professor",
    "dr.": "doctor", "supt.": "superintendent", "del.": "delegate",
}  # fmt: skip


def _role_matches(wanted: str, role: str) -> bool:
    """ "minister" matches "foreign minister"; "foreign minister" matches "country's foreign minister";
    "Ohio governor" matches "ohio gov."."""
    role = " ".join(_TITLE_IN_FULL.get(w, w) for w in role.split())
    return role == wanted or role.endswith(" " + wanted) or f" {wanted} " in f" {role} "


def _role_gender(role: str) -> str | None:
    words = set(role.split())
    if words & FEMALE_WORDS:
        return "f"
    # "Trump spokesman Hope Hicks": a "-man" title is written for women too, and shows no gender
    if {w for w in words & MALE_WORDS if not w.endswith("man") or w == "man"}:
        return "m"
    return None


_TITLE_WORD = re.compile(r"\b[A-Z][a-z’']+\b")
_LONG_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
TITLE_SPAN = 400


def untitled(text: str, start: int, end: int) -> str:
    """`Hillary Clinton Joked “You Are The Smartest People.”`: in a sentence written in title case (a
    headline run into the text), its speech verbs in lower case, so that they read as cues and not as
    names; the text is returned unchanged otherwise (and always keeps its length and offsets)."""
    # A headline is short: only a sentence's last TITLE_SPAN characters are looked at, or a paragraph with
    # no sentence end (run-on text) would be read whole again for each of its quotations.
    start = max(start, end - TITLE_SPAN)
    head = text[start : min(end, start + 200)].split()
    if sum(1 for w in head if len(w) > 4 and w[0].islower()) > 1:
        return text  # most sentences: two long words in lower case early on, so not title case
    words = _LONG_WORD.findall(text, start, end)
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
        return text

    def lower(m: re.Match[str]) -> str:
        word = m.group(0)
        return word.lower() if word.lower() in SPEECH_CUES else word

    return text[:start] + _TITLE_WORD.sub(lower, text[start:end]) + text[end:]
