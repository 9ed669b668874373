"""Attributions without a link: hat tips, `via`, `told (the) X`, `confirmed to X`, `according to X`,
`reported by X` and `Source: X` lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from verify.extract.lazyre import LazyPattern, lazy
from verify.extract.speakers import NAME, clean_name, is_org
from verify.models import AttributionKind

_OUTLET = rf"(?:@\w{{1,30}}|(?:[Tt]he\s+)?{NAME}(?:\s+(?:&|and|of|for)\s+{NAME})?)"
_RULES: tuple[tuple[AttributionKind, LazyPattern], ...] = (
    (
        AttributionKind.HAT_TIP,
        lazy(rf"(?:\b[Hh]/[Tt]\b|\bH/T\b|\b[Hh]at[- ][Tt]ip\b(?:\s+to)?|\bHT:)\s*:?\s*(?:to\s+)?({_OUTLET})"),
    ),
    (AttributionKind.VIA, lazy(rf"(?:^|[(\[\s])[Vv]ia:?\s+({_OUTLET})")),
    (
        AttributionKind.CONFIRMED_TO,
        # the object may follow the clause: "confirmed that the talks had ended to the X News Service"
        lazy(rf"\bconfirmed\s+(?:[\w’'-]+,?\s+){{0,14}}?to\s+(?:the\s+)?({_OUTLET})"),
    ),
    (
        AttributionKind.TOLD,
        lazy(
            rf"\b(?:told|in\s+(?:a|an)\s+(?:\w+\s+)?(?:statement|interview|email|e-mail)\s+to|"
            rf"(?:sagte|erklärte|sagt)\s+(?:{NAME}\s+)?(?:der|dem)|(?:a\s+)?(?:déclaré|dit|confié)\s+(?:à|au)|"
            rf"(?:dijo|declaró|aseguró)\s+a|ha\s+detto\s+a|zei\s+tegen|disse\s+(?:à|ao|a))\s+"
            rf"(?:the\s+|la\s+|le\s+|el\s+|l[’'])?(?:Zeitung\s+|Tageszeitung\s+|journal\s+|diario\s+)?"
            rf"[„“\"«]?\s*({_OUTLET})"
        ),
    ),
    (
        AttributionKind.ACCORDING_TO,
        lazy(
            rf"\b(?:[Aa]ccording to|[Ll]aut|[Ss]elon|[Ss]egún|[Ss]econdo|[Vv]olgens|[Ss]egundo)\s+"
            rf"(?:(?:a|an|the)\s+[a-z]+\s+(?:from|by|of)\s+)?(?:the\s+)?[„“\"«]?\s*({_OUTLET})"
        ),
    ),
    (
        AttributionKind.REPORTED_BY,
        lazy(rf"\b(?:[Rr]eported|[Rr]eporting)\s+(?:first\s+)?by\s+(?:the\s+)?({_OUTLET})"),
    ),
    # "…, the Brask News Service reported." / "reported the X": an outlet (never a person) reporting
    (AttributionKind.REPORTED_BY, lazy(rf"(?:^|[,;]\s+|\b[Tt]he\s+)({NAME})\s+(?:has\s+)?reported\b")),
    (
        AttributionKind.OTHER,
        lazy(rf"(?:^|[,;.]\s+|\b[Tt]he\s+)({NAME})\s+said\s+in\s+(?:a|an)\s+(?:\w+\s+)?statement\b"),
    ),
    (
        AttributionKind.SOURCE_LINE,
        lazy(r"^\s*(?:Sources?|Quelle|Fuente|Source\s*\(s\))\s*:\s*(.{2,120}?)\s*\.?\s*$"),
    ),
)
_PRONOUNS = frozenset({"He", "She", "They", "It", "We", "I", "You", "Him", "Her", "Them", "Us", "Me"})
# A word each rule needs (lower-cased): most paragraphs have none, and skip the name-heavy patterns.
_TRIGGERS = {
    AttributionKind.HAT_TIP: ("h/t", "hat tip", "hat-tip", "ht:"),
    AttributionKind.VIA: ("via",),
    AttributionKind.CONFIRMED_TO: ("confirmed",),
    AttributionKind.TOLD: (
        *("told", "statement to", "interview to", "sagte", "erklärte", "sagt ", "à", "au "),
        *("dijo", "declaró", "aseguró", "detto", "tegen", "disse"),
    ),
    AttributionKind.ACCORDING_TO: ("according to", "laut", "selon", "según", "secondo", "volgens", "segundo"),
    AttributionKind.REPORTED_BY: ("reported", "reporting"),
    AttributionKind.OTHER: ("statement",),
    AttributionKind.SOURCE_LINE: ("source", "quelle", "fuente"),
}


def _needs_org(kind: AttributionKind, matched: str) -> bool:
    return kind is AttributionKind.OTHER or (kind is AttributionKind.REPORTED_BY and " by " not in matched)


def find_attributions(text: str) -> Iterator[tuple[AttributionKind, str, int, int]]:
    """(kind, name, start, end) for every attribution in a block's text; `start`/`end` bound the name."""
    seen: set[tuple[int, int]] = set()
    lowered = text.lower()
    for kind, rx in _RULES:
        if not any(t in lowered for t in _TRIGGERS[kind]):
            continue
        for m in rx.finditer(text):
            raw = m.group(1)
            if _needs_org(kind, m.group(0)) and not is_org(clean_name(re.sub(r"^[Tt]he\s+", "", raw)) or ""):
                continue  # a person who reported or made a statement is a speaker, not a source
            if kind is AttributionKind.SOURCE_LINE:
                name = raw.strip()
            else:
                name = (
                    raw.strip() if raw.startswith("@") else clean_name(re.sub(r"^[Tt]he\s+", "", raw)) or ""
                )
                if name.split(" ")[0] in _PRONOUNS and kind is not AttributionKind.HAT_TIP:
                    continue
            if not name or name in _PRONOUNS:
                continue
            span = (m.start(1), m.end(1))
            if span in seen:
                continue
            seen.add(span)
            yield kind, name, m.start(1), m.end(1)
