"""Dates as articles and embeds display them, in several languages, turned into ISO 8601 (no heavy parser)."""

from __future__ import annotations

import re
from datetime import date

_MONTHS: dict[str, int] = {}


def _add(month: int, *names: str) -> None:
    for name in names:
        _MONTHS[name] = month


_add(
    1,
    "january",
    "jan",
    "janvier",
    "janv",
    "januar",
    "jänner",
    "jän",
    "enero",
    "ene",
    "gennaio",
    "gen",
    "janeiro",
    "januari",
    "ocak",
    "stycznia",
    "styczeń",
    "januára",
    "leden",
)
_add(
    2,
    "february",
    "feb",
    "février",
    "fevrier",
    "févr",
    "fév",
    "februar",
    "febrero",
    "febbraio",
    "fevereiro",
    "fev",
    "februari",
    "şubat",
    "subat",
    "lutego",
    "luty",
    "feber",
)
_add(
    3,
    "march",
    "mar",
    "mars",
    "märz",
    "marz",
    "mär",
    "marzo",
    "março",
    "marco",
    "maart",
    "mart",
    "marca",
    "marzec",
    "mrt",
)
_add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "nisan", "kwietnia", "kwiecień")
_add(5, "may", "mai", "mayo", "maggio", "mag", "maio", "mei", "mayıs", "mayis", "maja", "maj")
_add(6, "june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho", "haziran", "czerwca", "czerwiec")
_add(
    7,
    "july",
    "jul",
    "juillet",
    "juil",
    "juli",
    "julio",
    "luglio",
    "lug",
    "julho",
    "temmuz",
    "lipca",
    "lipiec",
)
_add(
    8,
    "august",
    "aug",
    "août",
    "aout",
    "agosto",
    "ago",
    "augustus",
    "ağustos",
    "agustos",
    "sierpnia",
    "sierpień",
)
_add(
    9,
    "september",
    "sep",
    "sept",
    "septembre",
    "septiembre",
    "setiembre",
    "settembre",
    "set",
    "setembro",
    "eylül",
    "eylul",
    "września",
    "wrzesień",
)
_add(
    10,
    "october",
    "oct",
    "octobre",
    "oktober",
    "okt",
    "octubre",
    "ottobre",
    "ott",
    "outubro",
    "out",
    "ekim",
    "października",
    "październik",
)
_add(11, "november", "nov", "novembre", "noviembre", "novembro", "kasım", "kasim", "listopada", "listopad")
_add(
    12,
    "december",
    "dec",
    "décembre",
    "decembre",
    "déc",
    "dezember",
    "dez",
    "diciembre",
    "dic",
    "dicembre",
    "dezembro",
    "aralık",
    "aralik",
    "grudnia",
    "grudzień",
    "desember",
)

_MONTH_WORD = r"([^\W\d_]{3,12})\.?"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "ymd"),
    (re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일"), "ymd"),
    # "7월 20, 2012", "5月 11, 2012": month number then day, year (X's CJK embeds)
    (re.compile(r"(\d{1,2})\s*[月월]\s*(\d{1,2}),?\s*(\d{4})"), "mdy"),
    # "May 17, 2026", "Aug 23, 2024 at 4:19 PM"
    (re.compile(_MONTH_WORD + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), "Mdy"),
    # "17 May 2026", "17. Mai 2026", "20 novembre 2024", "12 de noviembre de 2020", "9 Ocak 2017"
    (
        re.compile(r"(\d{1,2})(?:er|º|°)?\.?\s+(?:de\s+)?" + _MONTH_WORD + r",?\s+(?:de\s+)?(\d{4})", re.I),
        "dMy",
    ),
    (re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)"), "slash"),
)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None) -> str | None:
    """The first date in `text` as `YYYY-MM-DD`, or None. Month names in English, French, German,
    Spanish, Italian, Portuguese, Dutch, Turkish and Polish; CJK numeric forms."""
    found = find_date(text or "")
    return found[0] if found else None


def find_date(text: str) -> tuple[str, int, int] | None:
    """(ISO date, start, end) of the earliest date in `text`."""
    best: tuple[str, int, int] | None = None
    for pattern, order in _PATTERNS:
        for m in pattern.finditer(text[:2000] if best is None else text[: best[1] + 40]):
            iso = _from_match(m, order)
            if iso and (best is None or m.start() < best[1]):
                best = (iso, m.start(), m.end())
                break
    return best


def _from_match(m: re.Match[str], order: str) -> str | None:
    g = m.groups()
    if order == "ymd":
        return _iso(int(g[0]), int(g[1]), int(g[2]))
    if order == "mdy":
        return _iso(int(g[2]), int(g[0]), int(g[1]))
    if order == "Mdy":
        month = _MONTHS.get(g[0].lower())
        return _iso(int(g[2]), month, int(g[1])) if month else None
    if order == "dMy":
        month = _MONTHS.get(g[1].lower())
        return _iso(int(g[2]), month, int(g[0])) if month else None
    a, b, y = int(g[0]), int(g[1]), int(g[2])
    # 05/17/2026 is American, 17/05/2026 European; ambiguous ones are read month first.
    return _iso(y, b, a) if a > 12 else _iso(y, a, b)


def _valid_time(clock: str, zone: str | None) -> bool:
    """Whether `HH:MM[:SS[.f]]` and an offset `Z`, `+HH:MM` or `+HHMM` name a real time of day."""
    hour, minute, *rest = clock.split(":")
    second = float(rest[0]) if rest else 0.0
    if not (int(hour) <= 23 and int(minute) <= 59 and second < 60):
        return False
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        return int(digits[:2]) <= 23 and int(digits[2:]) <= 59
    return True


def iso_datetime(value: str | None) -> str | None:
    """A metadata date (`2026-05-17T14:30:00+02:00`, `20260517`, `May 17, 2026`) in ISO 8601, as given."""
    if not value:
        return None
    value = value.strip()
    m = re.match(
        r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)", value
    )
    if m:
        day = m.group(1)
        if _iso(*map(int, day.split("-"))) is None:
            return None
        if not m.group(2):
            return day
        if not _valid_time(m.group(2), m.group(3)):
            return None  # 2026-05-17T99:99:99 is a typo, not a time: never passed on as one
        return f"{day}T{m.group(2)}{m.group(3) or ''}"
    if re.match(r"\d{5,}-", value):
        return None  # a year of five digits (99999-01-01) is not 9999-01-01
    m = re.match(r"(\d{4})(\d{2})(\d{2})(?:\D|$)", value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return parse_date(value)
