"""The prepared sources of one run, with one word index over all of them: which sources may hold a quotation.

A quotation is `exact` or `minor` in a source only if every one of its words is there: as a word, as
two quoted words written as one, or as one quoted word written as two (a number may be written
another way, so number words are not asked for). The index maps each word to the set of sources that
hold it (a bit per source, in one integer), so the sources worth matching a quotation against come
from one look-up per word instead of one alignment per source.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, MutableMapping

from verify.match.core import SourceIndex
from verify.match.normalize import number_value
from verify.match.quote import ParsedQuote, QWord

# Words a number written in words may hold besides number words ("a hundred and one").
_NUMBER_JOINERS = frozenset({"a", "an", "and"})


def _numberish(word: QWord) -> bool:
    """A word that may belong to a number written another way in the source ("ten" for "10")."""
    key, form = word.key, word.form.casefold()
    if key in _NUMBER_JOINERS or any(c.isdigit() for c in key + form):
        return True
    return number_value([key]) is not None or number_value([form]) is not None


class Corpus(MutableMapping[str, SourceIndex]):
    """Prepared sources keyed as `judge_quote` keys them (document URL, `@timestamp`, `#body`), and a
    word -> sources index over all of them, filled as each source is prepared (thread-safe)."""

    def __init__(self) -> None:
        self._indexes: dict[str, SourceIndex] = {}
        self._bits: dict[str, int] = {}  # document key (without "#body") -> its bit
        self._words: dict[str, int] = {}  # word key -> bits of the documents holding it
        self._lock = threading.Lock()

    @staticmethod
    def document_key(key: str) -> str:
        """The document a prepared text belongs to (a page's body and whole text are one document)."""
        return key.removesuffix("#body")

    def __getitem__(self, key: str) -> SourceIndex:
        return self._indexes[key]

    def __setitem__(self, key: str, index: SourceIndex) -> None:
        vocabulary = index.positions.keys()  # every distinct word key of the source
        with self._lock:
            self._indexes[key] = index
            doc = self.document_key(key)
            bit = self._bits.setdefault(doc, 1 << len(self._bits))
            words = self._words
            for word in vocabulary:
                words[word] = words.get(word, 0) | bit

    def __delitem__(self, key: str) -> None:
        with self._lock:
            del self._indexes[key]  # its words stay indexed: the index may over-select, never miss

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._indexes))

    def __len__(self) -> int:
        return len(self._indexes)

    def holders(self, quote: ParsedQuote) -> int:
        """Bits of the documents that may hold the quotation exactly or with only style differences."""
        words = self._words
        with self._lock:
            mask = (1 << len(self._bits)) - 1
        for seg in quote.segments:
            for i, item in enumerate(seg):
                if not isinstance(item, QWord) or _numberish(item):
                    continue
                key = item.key
                held = words.get(key, 0)
                before = seg[i - 1] if i else None
                after = seg[i + 1] if i + 1 < len(seg) else None
                if isinstance(before, QWord):
                    held |= words.get(before.key + key, 0)
                if isinstance(after, QWord):
                    held |= words.get(key + after.key, 0)
                for cut in range(1, len(key)):
                    held |= words.get(key[:cut], 0) & words.get(key[cut:], 0)
                mask &= held
                if not mask:
                    return 0
        return mask

    def may_hold(self, mask: int, document_key: str) -> bool:
        """Whether a document is among `holders()`'s bits (a document not yet indexed may hold anything)."""
        bit = self._bits.get(self.document_key(document_key))
        return bit is None or bool(mask & bit)
