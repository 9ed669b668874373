"""Figures in running text (counts, money, percentages, shares, measures) and the rounding their words imply.

Pure string work: a figure is found with its span, its value, its unit and the interval of true values its
wording allows ("about 2.3 million" allows 2.25-2.35 million; "more than 40%" allows a little above 40).
Dates, years, times of day, ordinals, phone numbers and numbers that are part of a name are left out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from verify.extract.lazyre import lazy
from verify.models import ClaimValue

# --------------------------------------------------------------------------- vocabulary

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
_FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
    "sixth": 6, "tenth": 10, "tenths": 10,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "tsd": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6,
    "mn": 1e6, "mio": 1e6, "millionen": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
    "mrd": 1e9, "md": 1e9, "milliarden": 1e9, "milliard": 1e9, "milliards": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_CURRENCY_SIGNS = {"£": "GBP", "$": "USD", "us$": "USD", "€": "EUR", "¥": "JPY", "usd": "USD", "eur": "EUR",
                   "gbp": "GBP", "chf": "CHF"}  # fmt: skip
_CURRENCY_WORDS = {
    "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "dollars": "USD", "dollar": "USD", "euros": "EUR",
    "euro": "EUR", "eur": "EUR", "usd": "USD", "gbp": "GBP", "€": "EUR", "francs": "CHF", "chf": "CHF",
}  # fmt: skip
# Measures: unit word -> (canonical unit, dimension, factor to the dimension's base unit).
_UNITS: dict[str, tuple[str, str, float]] = {}
for _names, _canon, _dim, _factor in (
    (("km", "kilometres", "kilometers", "kilometre", "kilometer"), "km", "length", 1000.0),
    (("miles", "mile", "mi"), "mi", "length", 1609.344),
    (("metres", "meters", "metre", "meter"), "m", "length", 1.0),
    (("cm", "centimetres", "centimeters"), "cm", "length", 0.01),
    (("mm", "millimetres", "millimeters"), "mm", "length", 0.001),
    (("feet", "ft", "foot"), "ft", "length", 0.3048),
    (("kg", "kilograms", "kilogrammes", "kilos", "kilogram"), "kg", "mass", 1.0),
    (("tonnes", "tonne", "tons", "ton", "t", "tonnen"), "t", "mass", 1000.0),
    (("grams", "gram", "g"), "g", "mass", 0.001),
    (("litres", "liters", "litre", "liter", "l"), "l", "volume", 1.0),
    (("gallons", "gallon"), "gal", "volume", 3.785),
    (("barrels", "barrel"), "bbl", "volume", 159.0),
    (("hectares", "hectare", "ha"), "ha", "area", 1e4),
    (("acres", "acre"), "acre", "area", 4046.86),
    (("km²", "km2", "sq km", "square kilometres", "square kilometers"), "km2", "area", 1e6),
    (("square miles", "sq miles"), "mi2", "area", 2.59e6),
    (("mw", "megawatts"), "MW", "power", 1e6),
    (("gw", "gigawatts"), "GW", "power", 1e9),
    (("kw", "kilowatts"), "kW", "power", 1e3),
    (("kwh",), "kWh", "energy", 1.0),
    (("mwh",), "MWh", "energy", 1e3),
    (("gwh",), "GWh", "energy", 1e6),
    (("twh",), "TWh", "energy", 1e9),
    (("km/h", "kph"), "km/h", "speed", 1 / 3.6),
    (("mph",), "mph", "speed", 0.44704),
    (("°c", "degrees celsius", "degrees"), "°C", "temperature", 1.0),
    (("years", "year", "jahre"), "years", "time", 365.25),
    (("months", "month"), "months", "time", 30.44),
    (("weeks", "week"), "weeks", "time", 7.0),
    (("days", "day", "tage"), "days", "time", 1.0),
    (("hours", "hour"), "hours", "time", 1 / 24),
    (("minutes", "minute"), "minutes", "time", 1 / 1440),
):
    for _n in _names:
        _UNITS[_n] = (_canon, _dim, _factor)
_UNIT_DIMENSION = {canon: (dim, factor) for canon, dim, factor in _UNITS.values()}
_PERCENT = r"(?:%|per\s?cent\b|percent\b|prozent\b|pour\s?cent\b|pc\b)"
_POINTS = r"(?:percentage[\s-]points?\b|points?\b|prozentpunkte\b|pp\b|points?\s+de\s+pourcentage\b)"
_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "approx.": "about", "circa": "about", "c.": "about",
    "rund": "about", "etwa": "about", "ungefähr": "about", "environ": "about", "quelque": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "fast": "nearly", "knapp": "nearly",
    "près de": "nearly", "presque": "nearly", "just under": "just-under", "just over": "just-over",
    "more than": "more-than", "over": "more-than", "above": "more-than", "upwards of": "more-than",
    "mehr als": "more-than", "über": "more-than", "plus de": "more-than", "in excess of": "more-than",
    "at least": "at-least", "mindestens": "at-least", "au moins": "at-least", "up to": "up-to",
    "as many as": "up-to", "bis zu": "up-to", "jusqu'à": "up-to", "fewer than": "less-than",
    "less than": "less-than", "under": "less-than", "below": "less-than", "weniger als": "less-than",
    "moins de": "less-than",
}  # fmt: skip
_QUALIFIER_RE = lazy(
    r"(?:\b|(?<=\s))("
    + "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
    + r")\s+$",
    re.I,
)
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember|"
    "janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
)
# Capitalised words that may stand right before a figure without making it part of a name.
_PLAIN_CAPITALS = frozenset(
    """
    the a an in on at of for from to by and or but yet so as with about around some nearly almost only
    just over more fewer less up between since until after before during all its their his her our these
    those this that last next another roughly approximately estimated an while when where whereas
    although than then there here what which who whose both each every most many few several per rund
    etwa fast knapp über mehr mindestens bis die der das den dem des ein eine im und mit von für auf
    environ près plus moins au le la les un une des et en sur avec pour
    """.split()  # noqa: SIM905
)
_NAME_WORDS_BEFORE = frozenset(
    "no no. nr nr. number section article room page route flight chapter line platform gate bus model".split()  # noqa: SIM905
)

_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[\s-](?:"
    + "|".join(k for k in _ONES if _ONES[k] and _ONES[k] < 10)
    + r"))?"
    r"|" + "|".join(sorted(_ONES, key=len, reverse=True)) + r"|a|an)"
)
_DIGITS = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d|,\d)"  # 2,284,000 and 1,370.5
    r"|\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?!\d|\.\d)"  # 2.284.000 (German)
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])"  # 2 284 000 (French)
    r"|\d+(?:[.,]\d+)?"
)
_SCALE_RE = (
    r"(?:hundred|thousand|millions?|millionen|milliarden|milliards?|billions?|trillion|mio\.?|mrd\.?|md\.?|"
    r"tsd\.?|bn|mn|tn|m|b|k)"
)
_SIGN = r"(?:US\$|£|\$|€|¥|USD\s?|EUR\s?|GBP\s?|CHF\s?)"
_FIGURE = re.compile(
    rf"(?P<sign>{_SIGN})?(?P<num>{_DIGITS})(?:\s?(?P<scale>{_SCALE_RE})(?![^\W\d_]))?"
    rf"|(?P<wsign>{_SIGN})?\b(?P<word>{_WORD_NUMBER})(?:\s+(?P<wscale>hundred|thousand|million|billion|trillion)\b)",
    re.I,
)
_WORD_FIGURE = re.compile(
    rf"\b(?P<word>{_WORD_NUMBER})(?=\s*(?:{_PERCENT}|{_POINTS}))",
    re.I,
)
_SHARE = re.compile(
    rf"\b(?P<a>{_WORD_NUMBER}|\d+)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>{_WORD_NUMBER}|\d+)\b(?!\s*(?:%|per))",
    re.I,
)
_FRACTION = re.compile(
    r"\b(?P<q>(?:more than|nearly|almost|about|around|over|less than|just over|just under|roughly|at least|"
    r"fewer than|some)\s+)?(?P<n>a|one|two|three|four|nine|seven)?[\s-]?"
    r"(?P<f>half|halves|thirds?|quarters?|fifths?|tenths?)\b(?=\s+(?:of|the|their|its|his|her|all)\b)",
    re.I,
)
_DIGIT = re.compile(r"\d")
_MASKS = (
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?", re.I),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{4}}\b", re.I),
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),
    re.compile(
        r"\b\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?|uhr|h)\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am|pm)\b",
        re.I,
    ),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),
    re.compile(r"['’]\d0s\b|\b\d{2,4}0s\b"),  # decades: the ’90s, the 1990s
    re.compile(
        r"(?:\+|\b00)\d{1,3}[\s.-]?(?:\(0\)\s?)?\d[\d\s.-]{6,}\d|\(\d{2,5}\)\s?\d[\d\s-]{4,}\d|\b0\d{2,4}[\s-]\d{3,4}[\s-]?\d{3,4}\b"
    ),
    re.compile(r"\b\d{4}\s?[/–-]\s?\d{2,4}\b(?!\s*(?:%|per|tonnes|km|people))"),  # 2025/26, 1990-1995
    re.compile(r"\b\d+(?:-|\s)(?:year|month|week|day)s?-old\b", re.I),
    re.compile(r"https?://\S+|www\.\S+"),
)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure found in a text: its value and where it stands."""

    value: ClaimValue
    start: int
    end: int


# --------------------------------------------------------------------------- finding


def find_figures(text: str, language: str | None = None) -> list[Figure]:
    """Every figure in `text` that states a quantity, in order; `language` settles "2.284" and "1,370"."""
    masked = _masked(text)
    out: list[Figure] = []
    # Which characters a figure already covers: one look-up per match, not one per figure found so far
    # (a paragraph of thousands of figures was quadratic).
    taken = bytearray(len(text) + 1)

    def take(fig: Figure) -> None:
        out.append(fig)
        taken[fig.start : fig.end] = b"\x01" * (fig.end - fig.start)

    low = text.lower()
    # Cheap tests first: most paragraphs hold no digit, no scale word, no percent or point word, no
    # fraction word, and the patterns below (long alternations of number words) are then never run.
    digits = _DIGIT.search(text) is not None
    for share in _shares(text, masked) if digits or _has(low, _SHARE_WORDS) else ():
        take(share)
    figures = _FIGURE.finditer(masked) if digits or _has(low, _SCALE_WORDS) else iter(())
    for m in figures:
        if taken[m.start()] or taken[m.end() - 1]:  # a figure holds its first or its last character
            continue
        fig = _figure(text, masked, m, language)
        if fig is not None:
            take(fig)
    for m in _WORD_FIGURE.finditer(masked) if _has(low, _PERCENT_WORDS) else ():
        if taken[m.start()]:
            continue
        word = _word_percent(text, m)
        if word is not None:
            take(word)
    out.sort(key=lambda f: f.start)
    return _ranges(text, _conversions(text, out))


# words without which a pattern cannot match (a superset of what each pattern needs, in lower case)
_SCALE_WORDS = ("hundred", "thousand", "million", "billion", "trillion")
_PERCENT_WORDS = ("%", "cent", "prozent", "pc", "point", "pp")
_SHARE_WORDS = (" in ", "out of", "half", "halves", "third", "quarter", "fifth", "sixth", "tenth")


def _has(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


def _masked(text: str) -> str:
    """`text` with the digits of dates, times and the like as "#" (same length, same offsets)."""
    spans = (
        [(m.start(), m.end()) for pattern in _MASKS for m in pattern.finditer(text)]
        if _DIGIT.search(text)
        else []
    )
    if not spans:
        return text  # every mask holds a digit: most paragraphs have none to hide
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i].isdigit():
                chars[i] = "#"
    return "".join(chars)


def _parse_digits(raw: str, language: str | None, *, scaled: bool) -> tuple[float, int] | None:
    """The number and its count of decimals (negative: trailing zeros of an integer)."""
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    german = (language or "").split("-")[0] in {"de", "fr", "es", "it", "nl", "pt", "da", "sv", "nb", "pl"}
    if " " in s:
        s = s.replace(" ", "")
        if "," in s:
            s = s.replace(",", ".")
    elif s.count(".") >= 2 or ("." in s and "," in s and s.index(".") < s.index(",")):
        s = s.replace(".", "").replace(",", ".")
    elif s.count(",") >= 2 or ("," in s and "." in s):
        s = s.replace(",", "")
    elif "," in s:
        head, tail = s.split(",")
        s = head + ("." if (len(tail) != 3 or german or scaled) else "") + tail
    elif "." in s and german and len(s.split(".")[1]) == 3 and not scaled:
        s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        return None
    if "." in s:
        return value, len(s.split(".")[1])
    stripped = s.rstrip("0")
    return value, -(len(s) - len(stripped)) if stripped else 0


def _word_value(word: str) -> int | None:
    w = word.lower().replace("-", " ").split()
    if not w:
        return None
    if w[0] in ("a", "an"):
        return 1
    total = 0
    for part in w:
        if part in _TENS:
            total += _TENS[part]
        elif part in _ONES:
            total += _ONES[part]
        else:
            return None
    return total


def _figure(text: str, masked: str, m: re.Match[str], language: str | None) -> Figure | None:
    start, end = m.start(), m.end()
    sign = m.group("sign") or m.group("wsign")
    scale_word = (m.group("scale") or m.group("wscale") or "").lower().rstrip(".")
    if m.group("num"):
        if "#" in m.group("num") or _glued(masked, start, end, bool(sign)):
            return None
        parsed = _parse_digits(m.group("num"), language, scaled=bool(scale_word))
        if parsed is None:
            return None
        number, decimals = parsed
    else:
        wv = _word_value(m.group("word"))
        if wv is None:
            return None
        number, decimals = float(wv), 0
    currency = _CURRENCY_SIGNS.get((sign or "").strip().lower()) if sign else None
    after = text[end:]
    if scale_word == "m" and not currency and _metres_follow(after):
        scale_word, end = "", end - (len(m.group(0)) - len(m.group(0).rstrip("mM")))
        after = text[end:]
        unit_match: tuple[str, int] | None = ("m", len(after) - len(after.lstrip()))
        after = ""
    else:
        unit_match = None
    scale = _SCALES.get(scale_word, 1.0)
    unit, consumed = unit_match or _unit_after(after, currency)
    if unit_match:
        consumed = 0
    if unit is not None and unit in _CURRENCY_WORDS.values() and currency is None:
        currency = unit
    if currency:
        unit = currency
    end += consumed
    num = m.group("num")
    if unit is None and not scale_word and num and (_is_year(num, text, start) or _in_name(text, start)):
        return None
    if m.group("word") and not scale_word:
        return None
    qualifier, qstart = _qualifier(text, start)
    value = number * scale
    if not value < _LARGEST:  # a longer run of digits is an identifier (or junk), not a figure
        return None
    ulp = 10.0 ** (-decimals if decimals > 0 else 0) * scale
    zeros = -decimals if decimals < 0 else 0
    tol = 0.5 * ulp
    round_ulp = ulp * 10.0**zeros
    if qualifier == "about" or (zeros >= 2 and value >= 1000 and not scale_word):
        tol = max(tol, min(0.5 * round_ulp, 0.05 * value), 0.01 * value if qualifier == "about" else 0.0)
    low, high = _interval(value, tol, qualifier)
    raw = text[qstart if qualifier else start : end].strip()
    return Figure(
        ClaimValue(text=raw, number=_clean(value), unit=unit, low=low, high=high, qualifier=qualifier),
        qstart if qualifier else start,
        end,
    )


_LARGEST = 1e18


def _glued(masked: str, start: int, end: int, signed: bool) -> bool:
    """A number stuck to letters or hyphenated words (A320, COVID-19, 5G, a 40-strong team)."""
    before = masked[start - 1] if start > 0 else " "
    if not signed and (before.isalpha() or before in "#-/_.@" or (before == "-" and start > 1)):
        return True
    if not signed and start >= 2 and masked[start - 1] == "-" and masked[start - 2].isalpha():
        return True
    nxt = masked[end : end + 1]
    if nxt == "-" and masked[end + 1 : end + 2].isalpha():
        return not re.match(r"-(?:per\s?cent|percent)", masked[end:], re.I)
    return bool(nxt and ((nxt.isalpha() and not re.match(r"[a-zA-Z°%]", nxt)) or nxt in "#_@/"))


def _metres_follow(after: str) -> bool:
    return bool(
        re.match(r"(?:\s+(?:tall|high|long|deep|wide|away|above|below|from|of)\b|\s*[.,;)]|\s*$)", after)
    )


def _unit_after(after: str, currency: str | None) -> tuple[str | None, int]:
    m = re.match(rf"\s?{_POINTS}", after, re.I)
    if m and not currency:
        return "points", m.end()
    m = re.match(rf"\s?{_PERCENT}", after, re.I)
    if m and not currency:
        return "percent", m.end()
    m = re.match(
        r"\s?(?:(?:de|d')\s?)?(euros?|dollars?|pounds?|sterling|francs|EUR|USD|GBP|CHF|€)(?![^\W\d_])",
        after,
        re.I,
    )
    if m and not re.match(r"\s?pounds?\s+(?:of|in weight)", after, re.I):
        return _CURRENCY_WORDS[m.group(1).lower()], m.end()
    if currency:
        return None, 0
    m = re.match(
        r"\s?(?:(?:de|d')\s?)?(square (?:kilometres|kilometers|miles)|sq (?:km|miles)|degrees celsius"
        r"|km/h|km²|°c"
        r"|[^\W\d_]+\.?)",
        after,
        re.I,
    )
    if m:
        word = m.group(1).lower().rstrip(".")
        if word in _UNITS:
            return _UNITS[word][0], m.end()
    return None, 0


def _is_year(num: str, text: str, start: int) -> bool:
    if not re.fullmatch(r"\d{4}", num):
        return False
    if not 1000 <= int(num) <= 2199:
        return False
    counted = r"\s+(?:people|jobs|homes|households|residents|staff|workers|patients|cases|children)\b"
    return not re.match(counted, text[start + 4 :])


def _in_name(text: str, start: int) -> bool:
    """`Boeing 737`, `Section 230`, `Windows 11`: a capitalised word (not a plain one) right before."""
    m = re.search(r"([^\W\d_][\w.'&]*)[\s\u00a0-]$", text[max(0, start - 40) : start])
    if not m:
        return bool(re.search(r"(?:#|No\.\s?)$", text[max(0, start - 5) : start]))
    word = m.group(1)
    if word.lower() in _NAME_WORDS_BEFORE:
        return True
    if word[0].isupper() and word.lower() not in _PLAIN_CAPITALS and word.lower() not in _QUALIFIERS:
        return not re.search(rf"\b(?:{_MONTHS})$", word, re.I)
    return False


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    m = _QUALIFIER_RE.search(text[max(0, start - 20) : start])
    if not m:
        return None, start
    return _QUALIFIERS[m.group(1).lower()], max(0, start - 20) + m.start(1)


def _interval(value: float, tol: float, qualifier: str | None) -> tuple[float, float]:
    """The true values the wording allows."""
    slack = max(0.25 * abs(value), tol)
    match qualifier:
        case "more-than" | "at-least":
            return value - (tol if qualifier == "at-least" else 0.0), value + slack + tol
        case "just-over":
            return value, value + max(0.05 * abs(value), tol) + tol
        case "nearly" | "just-under":
            share = 0.1 if qualifier == "nearly" else 0.05
            return value - max(share * abs(value), tol) - tol, value + tol * 0.5
        case "up-to":
            return value - slack, value + tol
        case "less-than":
            return value - slack - tol, value
        case _:
            return value - tol, value + tol


def _clean(value: float) -> float | int:
    return int(value) if value == int(value) and abs(value) < 1e15 else round(value, 6)


# --------------------------------------------------------------------------- shares and percent words


def _shares(text: str, masked: str) -> list[Figure]:
    out: list[Figure] = []
    for m in _SHARE.finditer(masked):
        a, b = _small(m.group("a")), _small(m.group("b"))
        if a is None or b is None or b == 0 or a > b or b > 1000:
            continue
        out.append(_share_figure(text, m.start(), m.end(), 100.0 * a / b))
    for m in _FRACTION.finditer(masked):
        if re.search(
            r"(?:first|second|latter|former|top|bottom)\s*$", masked[max(0, m.start() - 8) : m.start()], re.I
        ):
            continue  # "the first half of the year" is a period, not a share
        n = _small(m.group("n") or "a") or 1
        denom = _FRACTIONS[m.group("f").lower()]
        start = m.start("n") if m.group("n") else m.start("f")
        out.append(_share_figure(text, start, m.end(), 100.0 * n / denom))
    return out


def _small(token: str) -> int | None:
    return int(token) if token.isdigit() else _word_value(token)


def _share_figure(text: str, start: int, end: int, percent: float) -> Figure:
    qualifier, qstart = _qualifier(text, start)
    tol = max(1.5, 0.05 * percent)
    low, high = _interval(percent, tol, qualifier)
    s = qstart if qualifier else start
    return Figure(
        ClaimValue(text=text[s:end].strip(), number=round(percent, 1), unit="percent", low=low, high=high,
                   qualifier=qualifier, share=True),
        s,
        end,
    )  # fmt: skip


def _word_percent(text: str, m: re.Match[str]) -> Figure | None:
    wv = _word_value(m.group("word"))
    if wv is None or m.group("word").lower() in ("a", "an"):
        return None
    unit, consumed = _unit_after(text[m.end() :], None)
    if unit not in ("percent", "points"):
        return None
    qualifier, qstart = _qualifier(text, m.start())
    low, high = _interval(float(wv), 0.5, qualifier)
    s = qstart if qualifier else m.start()
    end = m.end() + consumed
    return Figure(
        ClaimValue(text=text[s:end].strip(), number=wv, unit=unit, low=low, high=high, qualifier=qualifier),
        s,
        end,
    )


# --------------------------------------------------------------------------- ranges and conversions


_RANGE_JOIN = re.compile(r"^\s*(?:and|to|-|–|—|bis|à|et)\s*$", re.I)


def _ranges(text: str, figures: list[Figure]) -> list[Figure]:
    """`between 11 and 17 per cent`, `£11m-£17m`: one figure spanning both ends, sharing the unit."""
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        a = figures[i]
        b = figures[i + 1] if i + 1 < len(figures) else None
        if b is not None and a.value.unit in (None, b.value.unit):
            gap = text[a.end : b.start]
            lead = re.search(r"\b(?:between|zwischen|entre)\s+$", text[max(0, a.start - 10) : a.start], re.I)
            between = lead is not None and re.fullmatch(r"\s+(?:and|und|et)\s+", gap, re.I)
            if between or re.fullmatch(r"\s?[-–—]\s?", gap):
                s = a.start - (min(a.start, 10) - lead.start()) if lead is not None and between else a.start
                lo, hi = sorted((float(a.value.number), float(b.value.number)))
                tol = max(a.value.high - a.value.number, b.value.high - b.value.number, 0.0)
                value = ClaimValue(
                    text=text[s : b.end].strip(), number=_clean((lo + hi) / 2), unit=b.value.unit,
                    low=lo - tol, high=hi + tol, range=(_clean(lo), _clean(hi)),
                )  # fmt: skip
                out.append(Figure(value, s, b.end))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _conversions(text: str, figures: list[Figure]) -> list[Figure]:
    """`25 miles (40 km)`: the bracketed figure is the same measure converted, kept with the first."""
    out: list[Figure] = []
    skip = -1
    for i, fig in enumerate(figures):
        if i == skip:
            continue
        if i + 1 < len(figures):
            nxt = figures[i + 1]
            gap = text[fig.end : nxt.start]
            same_dim = (
                _dimension(fig.value.unit) == _dimension(nxt.value.unit) and fig.value.unit != nxt.value.unit
            )
            bracket = re.fullmatch(r"\s*\(\s*(?:about\s+|around\s+|roughly\s+)?", gap)
            spelled = (
                re.fullmatch(r",?\s+or\s+(?:about\s+|around\s+|roughly\s+)?", gap)
                and _dimension(fig.value.unit) != "money"
            )
            if (bracket or spelled) and same_dim:
                close = text[nxt.end : nxt.end + 2]
                end = nxt.end + (close.index(")") + 1 if ")" in close else 0)
                out.append(Figure(_with_alt(fig.value, nxt.value), fig.start, end))
                skip = i + 1
                continue
        out.append(fig)
    return out


def _with_alt(value: ClaimValue, alt: ClaimValue) -> ClaimValue:
    return replace(value, alt=alt)


def _dimension(unit: str | None) -> str | None:
    if unit is None:
        return None
    if unit in ("percent", "points"):
        return "percent"
    if unit in _UNIT_DIMENSION:
        return _UNIT_DIMENSION[unit][0]
    return "money"


def dimension(unit: str | None) -> str:
    """What a unit measures: `count`, `percent`, `money`, `length`, `mass`, …"""
    return _dimension(unit) or "count"


def convert(value: float, unit: str, to: str) -> float | None:
    """`value` in `unit` expressed in `to`, when both measure the same thing (never between currencies)."""
    if unit == to:
        return value
    a, b = _UNIT_DIMENSION.get(unit), _UNIT_DIMENSION.get(to)
    if a is None or b is None or a[0] != b[0] or a[0] == "temperature":
        return None
    return value * a[1] / b[1]


def agrees(claim: ClaimValue, stated: ClaimValue) -> bool:
    """True when the source's figure lies within what the claim's wording allows (same unit)."""
    if claim.unit != stated.unit:
        if claim.alt is not None and claim.alt.unit == stated.unit:
            return agrees(claim.alt, stated)
        if stated.alt is not None and stated.alt.unit == claim.unit:
            return agrees(claim, stated.alt)  # the source states the conversion itself
        return False
    if claim.range is not None and stated.range is not None:
        return _close(claim.range[0], stated.range[0], claim) and _close(
            claim.range[1], stated.range[1], claim
        )
    s_low, s_high = stated.low, stated.high
    if stated.range is not None:
        return False  # a single figure never stands for a whole range in the source
    if stated.qualifier not in (None, "about"):
        s_low = s_high = float(stated.number)
    return claim.low < s_high and s_low < claim.high


def _close(a: float, b: float, claim: ClaimValue) -> bool:
    tol = max(claim.high - claim.range[1] if claim.range else 0.5, 1e-9)
    return math.isclose(a, b, abs_tol=tol)
