"""Who a quotation is attributed to: `X said`, `said X`, `X told …`, `according to X`, titles before names,
and pronouns resolved to the nearest named speaker."""

from __future__ import annotations

from verify.extract.entities import INNER_POSSESSIVE, cut_at_period
from verify.extract.lazyre import lazy
from verify.extract.lexicon import COMMON_EN, ROLE_WORDS, SPEECH_CUES, is_title, words_of
from verify.extract.lexicon import ORG_WORDS as _ORG_WORDS

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĲĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# initials first: "G.K. Butterfield" is one name, not "G." and a word
_NAME_WORD = rf"(?:(?:[{_UPPER}]\.){{2,3}}|[{_UPPER}][\w'’\-]*\.?|[{_UPPER}]\.)"
_PARTICLE = r"(?:de|da|del|della|der|den|van|von|la|le|du|al|bin|ibn|ter|ten|dos|das|y|el|bint)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,6}}"  # "Senate Minority Leader Harry M. Reid"
# Speech verbs in any case and tense, and the cue forms of de fr es it nl pt.
VERBS = (
    r"(?i:said|says|say|added|adds|told|tells|wrote|writes|stated|states|explained|explains|noted|notes|argued|"
    r"argues|insisted|insists|warned|warns|claimed|claims|declared|declares|asked|asks|replied|replies|"
    r"responded|responds|tweeted|tweets|posted|posts|confirmed|confirms|announced|announces|continued|"
    r"continues|concluded|concludes|recalled|recalls|admitted|admits|acknowledged|acknowledges|"
    r"emphasi[sz]ed|emphasi[sz]es|stressed|stresses|suggested|suggests|predicted|predicts|promised|promises|"
    r"vowed|vows|conceded|concedes|complained|complains|joked|jokes|boasted|boasts|cautioned|cautions|urged|"
    r"urges|observed|observes|remarked|remarks|commented|comments|answered|answers|shouted|shouts|yelled|"
    r"yells|screamed|screams|whispered|testified|testifies|wondered|wonders|maintained|maintains|alleged|"
    r"alleges|contended|contends|mused|muses|quipped|quips|exclaimed|pleaded|pleads|lamented|laments|"
    r"disagreed|agreed|objected|countered|counters|protested|called|described|dubbed|termed|interjected|"
    r"retorted|pressed|snapped|recounted|recounts|reiterated|reiterates|advises|advised|recommends|"
    r"recommended|charged|charges|scoffed|fumed|bragged|emailed|texted|blogged|explained|"
    r"has said|had said|has told|will say|went on|pointed out|points out|summed up|"
    r"sagte|sagt|erklärte|erklärt|betonte|betont|meinte|meint|schrieb|schreibt|fügte hinzu|warnte|"
    r"kritisierte|forderte|"
    r"a déclaré|déclare|a dit|dit|explique|a expliqué|affirme|a affirmé|estime|a estimé|ajoute|a ajouté|"
    r"souligne|a souligné|a annoncé|annonce|précise|a précisé|"
    r"dijo|dice|afirmó|afirma|explicó|explica|declaró|aseguró|asegura|señaló|señala|añadió|agregó|"
    r"ha detto|ha dichiarato|ha spiegato|ha aggiunto|afferma|ha affermato|"
    r"zei|zegt|verklaarde|schreef|aldus|"
    r"disse|diz|afirmou|declarou|explicou|acrescentou|"
    + "|".join(sorted(SPEECH_CUES, key=lambda w: (-len(w), w)))
    + ")"
)
# After a name or pronoun the cue is written in lower case ("the United States would": not "X states").
_LOWER_VERBS = "(?:" + VERBS[len("(?i:") :]
_PRONOUN = r"(?:he|she|they|He|She|They|it|It|I|we|We|er|sie|Er|Sie|il|elle|Il|Elle)"
_ADVERB = r"(?:has\s+|had\s+|later\s+|also\s+|then\s+|previously\s+|once\s+|[a-z]+ly\s+)?"
_GAP_WORD = (
    r"(?!(?:in|on|at|to|during|after|before|from|with|by|of|that|when|while|as|for|this|last)\b)"
    r"[a-z0-9][\w’'/-]*"
)
_AFTER_VERB_NAME = lazy(
    rf"^\W{{0,3}}\s*{VERBS}\s+(?:the\s+|a\s+|an\s+|der\s+|die\s+)?(?:(?:{_GAP_WORD}|of)\s+){{0,4}}?({NAME})"
)
_PAREN = r"(?:\s*\([^()]{1,30}\))?"  # "Sen. Claire McCaskill (D-Mo.) said"
_OF = rf"(?:\s+of\s+(?:the\s+)?{NAME})?"  # "Mr. Morgan of the Sierra Club said"
_APPOSITIVE = rf"{_PAREN}(?:,\s*[^,“”\"]{{1,120}}?,)?"
_AFTER_NAME_VERB = lazy(
    rf"^\W{{0,3}}\s*(?:{_GAP_WORD}\s+){{0,3}}?({NAME})(?<![’']s){_OF}{_APPOSITIVE}\s+{_ADVERB}{_LOWER_VERBS}\b"
)
_AFTER_PRONOUN = lazy(rf"^\W{{0,3}}\s*({_PRONOUN})\s+{_ADVERB}{_LOWER_VERBS}\b")
_AFTER_VERB_PRONOUN = lazy(rf"^\W{{0,3}}\s*{VERBS}(?:\s+|-t-|-)(he|she|they|er|sie|il|elle)\b")
_SIGNED = lazy(rf"^\W{{0,2}}\s*[―—–]\s*({NAME})")  # “…” ― Ana Voss
_SO = lazy(rf"^\W{{0,3}}\s*so\s+(?:der\s+|die\s+)?({NAME})\s*(?:[.,;]|$)")  # German „…“, so Müller.
# "MSNBC host Chris Matthews", "Clinton ally James Carville", "Oversight ranking Democrat Elijah Cummings"
_ROLE_THEN_NAME = lazy(
    rf"\s+((?:[a-z][\w-]+|Democrat|Republican|GOP)(?:\s+(?:[a-z][\w-]+|Democrat|Republican))"
    rf"{{0,3}})\s+({NAME})"
)
_NOT_ROLE = words_of("and or but of in on at to for with from by as than that who which when while if is was")
_ACCORDING = lazy(
    rf"\b(?:[Aa]ccording to|[Ll]aut|[Ss]elon|[Ss]egún|[Ss]econdo|[Vv]olgens|[Ss]egundo)\s+"
    rf"(?:der\s+|dem\s+)?({NAME})"
)
# never after a possessive: "Bill Clinton’s comments" is no "Clinton comments"
_NAME_VERB = lazy(
    rf"({NAME})(?<![’']s){_OF}{_PAREN}(?:(?:,\s*[^,“”\"]{{1,120}}?){{1,3}},)?\s+{_ADVERB}{_LOWER_VERBS}\b"
)
_NAME_VERB_DIRECT = lazy(rf"({NAME})(?<![’']s){_PAREN},?\s+{_ADVERB}{_LOWER_VERBS}\b")
_PRONOUN_VERB = lazy(rf"\b({_PRONOUN})\s+{_ADVERB}{_LOWER_VERBS}\b")
# `Dazu erklärt Müller: „…“`, `Said Dorothy Poynter, who grew up there, “…”`
_VERB_NAME_COLON = lazy(rf"\b{VERBS}\s+({NAME})(?:,[^“”\"«»„]{{0,150}})?\s*[:,]\s*$")
# Unnamed and described speakers: "a Meta spokesperson", "the minister", "the 56-year-old", "the company".
_HEAD = (
    r"(?:spokesperson|spokesman|spokeswoman|official|officials|source|aide|adviser|advisor|representative|"
    r"minister|president|secretary|chancellor|governor|mayor|senator|congressman|congresswoman|director|"
    r"chief|executive|ceo|chairman|chairwoman|chair|leader|lawyer|attorney|analyst|economist|expert|"
    r"researcher|professor|scientist|doctor|officer|commissioner|ambassador|diplomat|prosecutor|judge|"
    r"candidate|nominee|lawmaker|legislator|republican|democrat|activist|witness|resident|employee|"
    r"designer|founder|owner|manager|author|writer|\d{1,3}-year-old|"
    r"company|firm|agency|ministry|department|government|campaign|group|organi[sz]ation|union|party|"
    r"council|authority|network|publisher|broadcaster|studio|producer|maker|bank|institute|committee)"
)
_DESC = rf"((?:[Tt]he|[Aa]n?|[Ee]ine?|[Dd]er|[Dd]ie)\s+(?:[\w.'’-]+\s+){{0,3}}?{_HEAD})"
_DESC_VERB = lazy(rf"{_DESC}{_APPOSITIVE}\s+{_ADVERB}{_LOWER_VERBS}\b")
_VERB_DESC = lazy(rf"^\W{{0,3}}\s*{VERBS}\s+{_DESC}\b")
_AFTER_DESC_VERB = lazy(rf"^\W{{0,3}}\s*{_DESC}{_APPOSITIVE}\s+{_ADVERB}{_LOWER_VERBS}\b")


_NOT_NAMES = words_of(
    "i’d i’ve i’m i’ll i'd i've i'm i'll we’re we’ve you’re they’re "
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
    raw = INNER_POSSESSIVE.sub("", raw)  # "Brask Harbour's Mira Tolk": the person after the possessive
    words = cut_at_period(raw.replace("’s", "").replace("'s", ""), 0)[0].split()  # "Brask. Mette Ossian"
    while words and words[-1].lower().rstrip(".,") in _NOT_NAMES:
        words.pop()
    while words and (words[0].lower().rstrip(",") in _NOT_NAMES or words[0].lower() in COMMON_EN):
        words.pop(0)  # "When Ailes" → "Ailes", "During Trump" → "Trump"
    titled = [i for i, w in enumerate(words[:4]) if w[:1].isupper() and is_title(w)]
    if titled and titled[-1] < len(words) - 1:
        words = words[titled[-1] + 1 :]  # "Ukrainian President Volodymyr Zelensky" → "Volodymyr Zelensky"
    if not words or (len(words) > 2 and all(w.isupper() for w in words)):
        return None  # a headline in capitals ("CONGRESS HAS INVESTIGATED HIM") names no one
    name = " ".join(words).strip(" ,.;:")
    return name or None


def is_org(name: str) -> bool:
    words = name.lower().split()
    return bool(words) and (words[-1].rstrip(".") in _ORG_WORDS or words[0] == "the")


def speaker_after(after: str) -> tuple[str | None, bool]:
    """(speaker or pronoun, is_pronoun) from the words following a quotation in its sentence."""
    for rx in (_AFTER_VERB_NAME, _AFTER_NAME_VERB, _SIGNED, _SO):
        m = rx.match(after)
        if m:
            name = _role_then_name(after, m.end(1)) or clean_name(m.group(1))
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


_PARTICIPLE = lazy(
    r",?\s+(?:saying|adding|writing|noting|arguing|warning|insisting|explaining|declaring|asking|telling|calling|"
    r"claiming|suggesting|stating|tweeting|replying|responding|joking|urging|promising|vowing|describing|"
    r"recalling|admitting|boasting|complaining|predicting|pointing\s+out)\b"
)
_LABEL = lazy(rf"(?:^|[.!?]\s+)({NAME})(?:\s+[^.“”\"]{{0,40}})?:\s*$")
_NAME_ANY = lazy(NAME)


def _subject(text: str) -> str | None:
    """The person a clause is about: the first person named in it (places and organisations skipped)."""
    return first_person(text)


def speaker_anywhere(after: str) -> tuple[str | None, bool]:
    """`… in that law, Azzouz said.`: a `Name said` (or `he said`) closing a short tail after a quotation."""
    if len(after) > 160:
        return None, False
    # the last cue; of the names it closes, the first (an appositive's head, not a name inside it:
    # "Scott Pruitt, the attorney general of Oklahoma, one of the states suing the EPA, said")
    named: list[tuple[int, int, str]] = []
    for rx in (_NAME_VERB_DIRECT, _NAME_VERB):
        for m in rx.finditer(after):
            name = clean_name(m.group(1))
            if name:
                named.append((m.end(), -m.start(), name))
    if named:
        return max(named)[2], False
    pronoun = _PRONOUN_VERB.search(after)
    return (pronoun.group(1), True) if pronoun else (None, False)


_PLACE_BEFORE = lazy(
    r"\b(?:in|at|from|of|to|for|on|across|near|outside|inside|into|by|before|after|with|about|against|during)"
    r"\s+(?:the\s+|a\s+|an\s+)?$"
)
_QUOTED = lazy(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")


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


_TO_LISTENER = words_of("told tells tell asked asks ask")


def speaker_before(before: str) -> tuple[str | None, bool]:
    """(speaker or pronoun, is_pronoun) from the words preceding a quotation in its sentence: the cue
    nearest the quotation wins; of the names sharing that cue, the one after it (`…, says Carl Anthony`),
    else the first (`Eric Fehrnstrom, a former adviser to Romney, said`: the appositive's head)."""
    found: list[tuple[int, int, int, str, bool]] = []  # (cue end, rank, start, name, is_pronoun)
    for rank, rx in ((2, _NAME_VERB), (2, _NAME_VERB_DIRECT)):
        for m in rx.finditer(before):
            name = clean_name(m.group(1))
            if name:
                found.append((m.end(), rank, -m.start(), name, False))
    for m in _PRONOUN_VERB.finditer(before):
        found.append((m.end(), 2, -m.start(), m.group(1), True))
    for m in _ACCORDING.finditer(before):
        name = clean_name(m.group(1))
        if name:
            found.append((m.end(), 2, -m.start(), name, False))
    for m in _VERB_THEN_NAME_END.finditer(before):
        name = _role_then_name(before, m.end("who")) or clean_name(m.group("who"))
        if name:
            found.append((m.end("cue"), 3, -m.start(), name, False))
    colon = _VERB_NAME_COLON.search(before)
    if colon and colon.group(0).split(maxsplit=1)[0].lower() in _TO_LISTENER:
        colon = None  # "Mook told CBS, “…”": the name after "told" is who listened
    best = max(found) if found else None
    if colon and (best is None or colon.start() >= -best[2]):
        return clean_name(colon.group(1)), False
    if best is None:
        label = _LABEL.search(before)  # transcript style `Prelogar: “…”`, `Alito cut her off: “…”`
        if label:
            return clean_name(label.group(1)), False
        participle = _PARTICIPLE.search(before)
        if participle:
            # the clause's subject ("Hours later, she issued a statement calling …": she, not "Hours")
            subject = sentence_subject(before[: participle.start()])
            return subject if subject[0] else (_subject(before[: participle.start()]), False)
        return None, False
    return best[3], best[4]


def named_mentions(text: str) -> list[tuple[int, str]]:
    """Every `Name <speech verb>` in a text, with its offset (to resolve pronouns)."""
    out: list[tuple[int, str]] = []
    for m in _NAME_VERB.finditer(text):
        name = clean_name(m.group(1))
        if name and not is_org(name):
            out.append((m.start(), name))
    return out


def description_after(after: str) -> str | None:
    """`“…,” the minister said` / `“…,” said a Meta spokesperson`: the description as written."""
    m = _VERB_DESC.match(after) or _AFTER_DESC_VERB.match(after)
    return _lower_article(m.group(1)) if m else None


def _lower_article(phrase: str) -> str:
    """ "A Meta spokesperson" at a sentence's start is reported as "a Meta spokesperson"."""
    head, _, rest = phrase.partition(" ")
    return f"{head.lower()} {rest}" if head.lower() in ("a", "an", "the") else phrase


def description_before(before: str) -> str | None:
    """`The 56-year-old said: “…”`: the last description speaking before a quotation."""
    found = list(_DESC_VERB.finditer(before))
    return _lower_article(found[-1].group(1)) if found else None


def is_definite(description: str) -> bool:
    """ "the minister" stands for someone the article named; "a spokesperson" is someone unnamed."""
    return description.split(maxsplit=1)[0].lower() in ("the", "der", "die")


# The subject of the sentence a quotation sits in, when no cue names anyone: `Perez hammered Trump, calling
# him a “train wreck”`, `In an August speech, Trump attacked “…”`, `CREW filed a request for “records …”`.
_IRREGULAR_PAST = words_of(
    "gave made took got saw thought felt left kept held brought bought began stood led met ran won lost "
    "sent set drew grew knew rose chose hit cut let struck broke became found came went did had was is has "
    "does gets gives makes takes sees thinks feels keeps holds brings leads meets runs wins sends draws "
    "knows chooses hits cuts lets strikes breaks becomes finds comes goes"
)
_LEAD_WORDS = (
    r"(?:(?:has|have|had|also|later|then|subsequently|again|once|now|recently|previously|earlier|never|further|"
    r"first|often|always|just|soon|"
    r"even|still|already|did|does|will|would|could|may|might|[a-z]+ly|on\s+[A-Z][a-z]+|last\s+[a-z]+|"
    r"this\s+[a-z]+|in\s+[A-Z][a-z]+)\s+){0,3}"
)
_CONJUNCTION = r"(?:(?:And|But|Then|So|Yet|Still|Later|Now|Meanwhile|Instead|Also)\s+)?"


# a verb's shape, so that "In an August speech, Trump attacked" is not read as "In" doing "an"
def _longest(word: str) -> tuple[int, str]:
    return -len(word), word


# the cue and irregular verbs written out (longest first), else any word in -ed or -s
_VERB_FORM = (
    "(?:"
    + "|".join(
        sorted((w for w in SPEECH_CUES | _IRREGULAR_PAST if not w.endswith(("ed", "s"))), key=_longest)
    )
    + r"|[a-z][\w’'-]*(?:ed|s))"
)
_SUBJECT = lazy(
    rf"^[\s\"“‘(]*{_CONJUNCTION}(?:[^,“”\"]{{1,150}}?,\s+|[^–—]{{1,40}}\s[–—]\s+)??"
    rf"(?:(?P<who>{NAME}|[Hh]e|[Ss]he)(?![’']s\b)|(?P<pron>[Hh]e|[Ss]he)[’']s){_OF}"
    rf"{_PAREN}(?:,\s*[^,“”\"]{{1,120}}?,)?,?\s+{_LEAD_WORDS}(?P<verb>{_VERB_FORM}|(?<=[’']s\s)[a-z]{{3,}}ing)\b"
)
# `Trump’s claim that there have been “thousands of shootings”`: the words are the possessor's.
_SPEECH_NOUN = (
    r"(?:claim|claims|statement|statements|remark|remarks|words|comment|comments|assertion|promise|pledge|"
    r"tweet|tweets|post|message|warning|question|answer|response|reply|call|line|quip|joke|description|"
    r"characterization|slogan|vow|boast|insistence|argument|contention|accusation|charge)"
)
_POSSESSOR = lazy(
    rf"(?P<who>{NAME})[’']s?\s+(?:[a-z][\w-]*\s+){{0,2}}?{_SPEECH_NOUN}\b(?:\s+(?:that|of|about|to)\b"
    rf"[^“”\"]{{0,120}})?\s*[,:]?\s*$"
)
# `Sen. Marco Rubio of Florida, who mused … that Clinton was “disqualified …”`: the relative clause's name
_WHO = lazy(
    rf"(?P<who>{NAME}){_PAREN}(?:\s+of\s+[{_UPPER}][\w.]+(?:\s+[{_UPPER}][\w.]+)?)?"
    # an appositive between: "McConnell, now the Senate majority leader, who said …"
    rf"(?:,\s+(?:now\s+|then\s+)?(?:the|a|an|his|her)\s+[^,“”\"]{{1,60}})?,\s+who\s+"
    rf"(?:[a-z][\w’'-]*\s+){{0,3}}?(?P<verb>[a-z][\w’'-]+)\b[^“”\".;]{{0,150}}$"
)
_VERB_THEN_NAME = lazy(rf",\s+(?P<cue>{VERBS})\s+(?:[a-z][\w-]*\s+){{0,3}}?(?P<who>{NAME})")
_VERB_THEN_NAME_END = lazy(rf",\s+(?P<cue>{VERBS})\s+(?:the\s+)?(?P<who>{NAME})(?=\s*[,(]|\s*$)")


def _role_then_name(text: str, at: int) -> str | None:
    """The name after a role that follows a name: `said Clinton ally James Carville` → James Carville."""
    later = _ROLE_THEN_NAME.match(text, at)
    if later is None:
        return None
    words = later.group(1).split()
    if words[-1].lower() not in ROLE_WORDS or any(w in _NOT_ROLE for w in words):
        return None
    return clean_name(later.group(2))


_NOUN_ENDINGS = (
    "ss",
    "us",
    "is",
    "ers",
    "ors",
    "ists",
    "ians",
    "ics",
    "ments",
    "tions",
    "ants",
    "ents",
    "its",
)


def _verb_like(word: str) -> bool:
    return (
        word in SPEECH_CUES
        or word in _IRREGULAR_PAST
        or word.endswith(("ed", "es"))
        or (word.endswith("s") and not word.endswith(_NOUN_ENDINGS))
    )


def sentence_subject(before: str) -> tuple[str | None, bool]:
    """(subject, is_pronoun) of the sentence a quotation sits inside, from the words before it: the name
    (or he/she) that opens the sentence and is followed by a verb; (None, False) when it opens otherwise."""
    m = _POSSESSOR.search(before[-200:])
    if m:
        name = clean_name(m.group("who"))
        if name:
            return name, False
    m = _WHO.search(before[-240:])
    if m:
        name = clean_name(m.group("who"))
        if name:
            return name, False
    m = _SUBJECT.match(before)
    who = (m.group("who") or m.group("pron")) if m else ""  # "He’s claiming that …"
    bare = who.removesuffix("’s").removesuffix("'s")  # "He’s" read as a name is still "He"
    if bare.lower() in ("he", "she"):
        return bare, True
    if not m or not (_verb_like(m.group("verb")) or m.group("pron")):
        return None, False
    name = clean_name(who)
    opener = _OPENING_PHRASE.match(before)
    if name is None and opener:
        later = sentence_subject(
            before[opener.end() :]
        )  # "Eight years ago, he supported …": after the phrase
        return later if later[1] else (None, False)
    return name, False


_OPENING_PHRASE = lazy(r"[^,“”\"]{1,60}?,\s+(?=\S)")


def speaker_in_tail(after: str) -> str | None:
    """`Clinton “drew well” in the 2008 primary, said Ohio State professor Paul Beck.`: a `said Name` later
    in the quotation's own sentence."""
    m = _VERB_THEN_NAME.search(after[:200])
    if not m:
        return None
    return _role_then_name(after, m.end("who")) or clean_name(m.group("who"))
