"""Matching: comparing a quotation with a source text (pure code, no I/O).

- `match_quote(quote, source_text)` -> `MatchResult` (exact | minor | altered | spliced | not-found)
- `prepare(source_text)` -> `SourceIndex`, to match many quotations against one source cheaply
- `Corpus()`: a run's prepared sources with one word index over all of them (pass as `indexes`)
- `judge_quote(quote, live=…, archived=…, others=…, reason=…)` -> `QuoteCheck` (adds changed,
  elsewhere and unverifiable across versions and sources)
- `unverifiable_reason(quote, docs, index)` -> why a quotation not found cannot be judged (paywall, language)
"""

from verify.match.core import SourceIndex, match_quote, prepare
from verify.match.corpus import Corpus
from verify.match.judge import judge_quote, looks_paywalled, unverifiable_reason
from verify.match.normalize import fold, tokenize

__all__ = [
    "Corpus",
    "SourceIndex",
    "fold",
    "judge_quote",
    "looks_paywalled",
    "match_quote",
    "prepare",
    "tokenize",
    "unverifiable_reason",
]
