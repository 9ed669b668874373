"""The format-neutral shape every reader produces: blocks of clean text with their links and source lines."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from verify.models import Platform


@dataclass(slots=True)
class Link:
    start: int  # offsets of the anchor text in the block's text
    end: int
    href: str  # as written (resolved against the page's base URL by the reader)
    line: int


@dataclass(slots=True)
class RawEmbed:
    """An embedded post as found, before ids are given out."""

    platform: Platform
    url: str
    line: int
    post_id: str | None = None
    author_name: str | None = None
    author_handle: str | None = None
    date: str | None = None
    date_text: str | None = None
    text: str | None = None
    form: str = "blockquote"
    cid: str | None = None
    lang: str | None = None


@dataclass(slots=True)
class Block:
    """A paragraph, heading, list item, block quotation or embedded post, as clean one-line text."""

    text: str
    kind: str = "p"  # p | heading | li | blockquote | embed
    marks: list[tuple[int, int]] = field(default_factory=list)  # (offset, line) where a new line starts
    links: list[Link] = field(default_factory=list)
    embed: RawEmbed | None = None
    _offsets: list[int] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.marks[0][1] if self.marks else 1

    def line_at(self, offset: int) -> int:
        if not self.marks:
            return 1
        if len(self._offsets) != len(self.marks):
            self._offsets = [m[0] for m in self.marks]
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self.marks[max(i, 0)][1]


class TextBuilder:
    """Collects text pieces into one block, folding whitespace and remembering which line each piece is on."""

    __slots__ = ("_len", "_parts", "_space", "links", "marks")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._space = False
        self.marks: list[tuple[int, int]] = []
        self.links: list[Link] = []

    @property
    def length(self) -> int:
        return self._len

    def position(self) -> int:
        """The offset the next visible character will get."""
        return self._len + (1 if self._space and self._len else 0)

    def space(self) -> None:
        self._space = True

    def add(self, raw: str | None, line: int) -> int:
        """Append raw text that starts on `line`; returns the line it ends on."""
        if not raw:
            return line
        pieces = raw.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self._space = True
            if not piece:
                continue
            if piece[0].isspace():
                self._space = True
            words = piece.split()
            if words:
                self._append(" ".join(words), line + i)
                if piece[-1].isspace():
                    self._space = True
        return line + len(pieces) - 1

    def _append(self, text: str, line: int) -> None:
        if self._space and self._len:
            self._parts.append(" ")
            self._len += 1
        self._space = False
        if not self.marks or self.marks[-1][1] != line:
            if self.marks and self.marks[-1][0] == self._len:
                self.marks[-1] = (self._len, line)
            else:
                self.marks.append((self._len, line))
        self._parts.append(text)
        self._len += len(text)

    def take(self, kind: str = "p") -> Block | None:
        """The block built so far (None when it holds no text); the builder starts afresh."""
        text = "".join(self._parts)
        links = [lk for lk in self.links if lk.end > lk.start]
        marks = self.marks
        self._parts, self._len, self._space, self.marks, self.links = [], 0, False, [], []
        if not text.strip():
            return None
        return Block(text=text, kind=kind, marks=marks, links=links)
