"""Finding direct quotations in blocks of text: quote marks told apart from apostrophes, pairs (also
mismatched ‘…”), nesting, and quotations that run over paragraphs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import SupportsIndex

from verify.extract.lazyre import lazy

# family of each opening mark, and the closing marks that end it
_OPEN_FAMILY = {
    "\u201c": "double",
    "\u201e": "double",
    '"': "double",
    "\u00ab": "guillemet",
    "\u2039": "sguillemet",
    "\u300c": "corner",
    "\u300e": "wcorner",
    "\u2018": "single",
    "\u201a": "single",
    "'": "single",
    "\u00bb": "rguillemet",
}
_CLOSES = {
    "double": '\u201d\u201c"',
    "guillemet": "\u00bb",
    "rguillemet": "\u00ab",
    "sguillemet": "\u203a",
    "corner": "\u300d",
    "wcorner": "\u300f",
    "single": "\u2019\u2018'",
}
_MARKS = re.compile(
    "[\u201c\u201d\u201e\"\u00ab\u00bb\u2039\u203a\u300c\u300d\u300e\u300f\u2018\u2019\u201a']"
)
_ELISION = re.compile(r"['\u2019\u2018](?:n['\u2019]|em\b|tis\b|twas\b|cause\b|til\b|\d\d?s?\b|\d0s\b)", re.I)
_CJK = lazy(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(slots=True)
class Found:
    """One quotation: the block where it opens, offsets of its marks, and its text."""

    block: int
    start: int  # offset of the opening mark (or of the text, for an unmarked block quotation)
    end: int  # offset just after the closing mark, in block `end_block`
    text: str
    open_mark: str
    close_mark: str
    end_block: int


def _word(ch: str) -> bool:
    return ch.isalnum()


class _Open(list[tuple[str, int, str]]):
    """The open marks of a block, (mark, offset, family), with a running count of their families: a mark's
    role asks which families are open, and counting them afresh for each mark made 32k unclosed `«`
    quadratic."""

    def __init__(self, items: Iterable[tuple[str, int, str]] = ()) -> None:
        super().__init__(items)
        self.families: Counter[str] = Counter(p[2] for p in self)

    def append(self, item: tuple[str, int, str]) -> None:
        super().append(item)
        self.families[item[2]] += 1

    def __delitem__(self, key: SupportsIndex | slice) -> None:
        removed = self[key] if isinstance(key, slice) else [self[key]]
        super().__delitem__(key)
        for p in removed:
            self.families[p[2]] -= 1
        self.families += Counter()  # drops the families no longer open, so `in` asks what is open


def _role(text: str, i: int, pending: _Open) -> str | None:
    """'open', 'close' or None (an apostrophe or a stray mark) for the mark at `i`."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    families = pending.families
    if ch in "\u2019'\u2018":
        if _word(prev) and _word(nxt):
            return None  # it's, doesn't, O’Brien
        if _ELISION.match(text, i) and not (ch == "\u2018" and "single" in families and not _word(prev)):
            return None  # ’90s, rock ’n’ roll, ’em
        if ch == "\u2018" or (ch == "'" and not _word(prev)):
            if ch == "\u2018" and "single" in families and (_word(prev) or prev in ".,!?;:"):
                return "close"  # ‘…‘ typed with the wrong mark
            return "open" if not nxt.isspace() else None
        # ’ or ' after a word: a closing single quote only when one is open, else a possessive (students’)
        return "close" if "single" in families and not _word(nxt) else None
    if ch == '"':
        if "double" in families and pending and pending[-1][0] == '"':
            return "close"
        if not _word(prev) and not nxt.isspace() and nxt != " ":
            return "open"
        return "close" if "double" in families else ("open" if not nxt.isspace() else None)
    if ch == "\u201c":
        if "double" in families and pending and pending[-1][0] == "\u201e":
            return "close"  # German „…“
        if "double" in families and (_word(prev) or prev in ".,!?;:…") and not _word(nxt):
            return "close"  # “…“ typed with the wrong mark
        return "open"
    if ch == "\u201d":
        if not families and not _word(prev) and _word(nxt):
            return "open"  # Swedish ”…”
        return "close"
    if ch == "\u00bb":
        if "rguillemet" in families or "guillemet" in families:
            return "close" if "guillemet" in families else "open"
        return "open" if _word(nxt) and not _word(prev) else "close"
    if ch == "\u00ab":
        return "close" if "rguillemet" in families else "open"
    if ch in "\u201e\u201a\u2039\u300c\u300e":
        return "open"
    return "close"


def _closes(family: str, ch: str) -> bool:
    return ch in _CLOSES[family]


_Carry = tuple[int, int, str, list[str]]  # a quotation still open: (block, start, open mark, pieces)
_Pending = list[tuple[str, int, str]]  # open marks in a block: (mark, offset, family); offset -1 = carried


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


class _Scan:
    """The state of one pass over the blocks: what was found, and a quotation running over paragraphs."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.found: list[Found] = []
        self.carry: _Carry | None = None

    def reopen(self, b: int, text: str) -> _Pending:
        """The carried quotation's mark when this block reopens it, else nothing (it ends unterminated)."""
        carry = self.carry
        if carry is None:
            return []
        first = _lead(text)
        fam = _OPEN_FAMILY.get(text[first : first + 1], "")
        if fam and fam == _OPEN_FAMILY.get(carry[2]) and b == carry[0] + len(carry[3]):
            return [(carry[2], -1, fam)]
        _unterminated(self.found, carry, self.texts)
        self.carry = None
        return []

    def block(self, b: int, text: str) -> None:
        pending = _Open(self.reopen(b, text))
        continuing = bool(pending)
        for m in _MARKS.finditer(text):
            i = m.start()
            if continuing and i == _lead(text):
                continue  # the mark that reopens a quotation running over paragraphs
            role = _role(text, i, pending)
            ch = text[i]
            if role == "open":
                pending.append((ch, i, _OPEN_FAMILY.get(ch, "double")))
            elif role == "close" and pending and self.close(b, text, i, pending):
                continuing = False
        self.end_block(b, text, pending, continuing)

    def close(self, b: int, text: str, i: int, pending: _Pending) -> bool:
        """Close the pending mark `text[i]` ends; True when that ends a quotation carried from before."""
        ch = text[i]
        depth = _match_depth(pending, ch)
        if depth is None:
            return False
        mark, start, _ = pending[depth]
        del pending[depth:]
        if depth:
            return False
        carry = self.carry
        if start == -1 and carry is not None:
            pieces = [*carry[3], text[_lead(text) + 1 : i]]
            joined = "\n".join(p.strip() for p in pieces)
            self.found.append(Found(carry[0], carry[1], i + 1, joined, carry[2], ch, b))
            self.carry = None
            return True
        self.found.append(Found(b, start, i + 1, text[start + 1 : i], mark, ch, b))
        return False

    def end_block(self, b: int, text: str, pending: _Pending, continuing: bool) -> None:
        if pending:
            mark, start, _ = pending[0]
            if start == -1 and self.carry is not None:
                self.carry[3].append(text[_lead(text) + 1 :])
            else:
                self.carry = (b, start, mark, [text[start + 1 :]])
        elif self.carry is not None and not continuing:
            self.carry = None


def find_quotes(texts: list[str], kinds: list[str]) -> list[Found]:
    """Every outermost quotation in the blocks, in order. Never raises."""
    scan = _Scan(texts)
    for b, text in enumerate(texts):
        if kinds[b] == "embed-skip":
            scan.carry = None
            continue
        scan.block(b, text)
    if scan.carry is not None:
        _unterminated(scan.found, scan.carry, texts)
    scan.found.sort(key=lambda f: (f.block, f.start))
    return scan.found


def _match_depth(pending: list[tuple[str, int, str]], ch: str) -> int | None:
    for depth in range(len(pending) - 1, -1, -1):
        if _closes(pending[depth][2], ch):
            return depth
    # ‘…” : a single opening mark closed by a double one (mistyped), when it is the outermost
    if ch in '\u201d"' and pending[0][2] == "single":
        return 0
    return None


def _unterminated(found: list[Found], carry: _Carry, texts: list[str]) -> None:
    """A quotation never closed: kept (to its paragraph's end) when its mark can only open a quotation."""
    block, start, mark, pieces = carry
    text = pieces[0].strip()
    if mark in "\u201c\u201e\u00ab\u300c" and len(text.split()) >= 3:
        found.append(Found(block, start, len(texts[block]), text, mark, "", block))


def is_quotation(text: str) -> bool:
    """False for what quote marks also wrap: single words (scare quotes), empty or markless fragments."""
    stripped = text.strip(" ,.;:")
    if len(stripped) < 2:
        return False
    if _CJK.search(stripped):
        return True
    return len(stripped.split()) >= 2
