"""Attributions without a link: hat tips, `via`, `told (the) X`, `confirmed to X`, `according to X`,
`reported by X` and `Source: X` lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from verify.extract.speakers import NAME, clean_name
from verify.models import AttributionKind

_OUTLET = rf"(?:@\w{{1,30}}|(?:[Tt]he\s+)?{NAME}(?:\s+(?:&|and|of|for)\s+{NAME})?)"
_RULES: tuple[tuple[AttributionKind, re.Pattern[str]], ...] = (
    (
        AttributionKind.HAT_TIP,
        re.compile(
            rf"(?:\b[Hh]/[Tt]\b|\bH/T\b|\b[Hh]at[- ][Tt]ip\b(?:\s+to)?|\bHT:)\s*:?\s*(?:to\s+)?({_OUTLET})"
        ),
    ),
    (AttributionKind.VIA, re.compile(rf"(?:^|[(\[\s])[Vv]ia:?\s+({_OUTLET})")),
    (
        AttributionKind.CONFIRMED_TO,
        re.compile(rf"\bconfirmed\s+(?:[\w’'-]+\s+){{0,4}}?to\s+(?:the\s+)?({_OUTLET})"),
    ),
    (AttributionKind.TOLD, re.compile(rf"\btold\s+(?:the\s+)?({_OUTLET})")),
    (
        AttributionKind.ACCORDING_TO,
        re.compile(
            rf"\b[Aa]ccording to\s+(?:(?:a|an|the)\s+[a-z]+\s+(?:from|by|of)\s+)?(?:the\s+)?({_OUTLET})"
        ),
    ),
    (
        AttributionKind.REPORTED_BY,
        re.compile(rf"\b(?:[Rr]eported|[Rr]eporting)\s+(?:first\s+)?by\s+(?:the\s+)?({_OUTLET})"),
    ),
    (
        AttributionKind.SOURCE_LINE,
        re.compile(r"^\s*(?:Sources?|Quelle|Fuente|Source\s*\(s\))\s*:\s*(.{2,120}?)\s*\.?\s*$"),
    ),
)
_PRONOUNS = frozenset({"He", "She", "They", "It", "We", "I", "You", "Him", "Her", "Them", "Us", "Me"})
# A word each rule needs (lower-cased): most paragraphs have none, and skip the name-heavy patterns.
_TRIGGERS = {
    AttributionKind.HAT_TIP: ("h/t", "hat tip", "hat-tip", "ht:"),
    AttributionKind.VIA: ("via",),
    AttributionKind.CONFIRMED_TO: ("confirmed",),
    AttributionKind.TOLD: ("told",),
    AttributionKind.ACCORDING_TO: ("according to",),
    AttributionKind.REPORTED_BY: ("reported", "reporting"),
    AttributionKind.SOURCE_LINE: ("source", "quelle", "fuente"),
}


def find_attributions(text: str) -> Iterator[tuple[AttributionKind, str, int, int]]:
    """(kind, name, start, end) for every attribution in a block's text; `start`/`end` bound the name."""
    seen: set[tuple[int, int]] = set()
    lowered = text.lower()
    for kind, rx in _RULES:
        if not any(t in lowered for t in _TRIGGERS[kind]):
            continue
        for m in rx.finditer(text):
            raw = m.group(1)
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
