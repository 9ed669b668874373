"""Cross-version and cross-source verdicts for one quotation: changed, elsewhere, unverifiable."""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import NamedTuple

from verify.documents.language import differs
from verify.match.core import SourceIndex, prepare
from verify.match.corpus import Corpus
from verify.match.quote import parse
from verify.models import Document, MatchResult, Quote, QuoteCheck, QuoteMatch, QuoteVerdict, Version

_EMPTY: Mapping[str, Document] = MappingProxyType({})
_PAYWALL = re.compile(
    r"subscribe (?:now )?to (?:continue|read|keep reading)"
    r"|this (?:article|content) is (?:only )?(?:available )?(?:for|to) (?:subscribers|members)"
    r"|already a subscriber\?|to continue reading|create a free account to"
    r"|sign in to (?:read|continue)",
    re.IGNORECASE,
)


OUTSIDE_BODY = "only outside the article body (reader comments, sidebar or navigation)"
_RANK = {
    QuoteVerdict.EXACT: 4,
    QuoteVerdict.MINOR: 3,
    QuoteVerdict.ALTERED: 2,
    QuoteVerdict.SPLICED: 1,
}


def _rank(result: MatchResult) -> int:
    return _RANK.get(result.verdict, 0)


def scoped_match(quote: str, doc: Document, whole: SourceIndex, body: SourceIndex | None) -> MatchResult:
    """Match a quotation against a page's article body first, then the whole page.

    Words that a page holds only in its reader comments, a related-stories teaser or its navigation
    are not what the page says: such a quotation is `not-found` (with a note saying where it was), and
    one the body holds only in a weaker form keeps the body's verdict.
    """
    if body is None or doc.body is None:
        return whole.match(quote)
    inside = body.match(quote)
    if inside.verdict is QuoteVerdict.EXACT:
        return _in_text(inside, doc.text)
    outside = whole.match(quote)
    if _rank(inside) >= _rank(outside):
        return _in_text(inside, doc.text) if inside.verdict is not QuoteVerdict.NOT_FOUND else outside
    if inside.verdict is QuoteVerdict.NOT_FOUND:
        how = "" if outside.verdict is QuoteVerdict.EXACT else f" ({outside.verdict.value})"
        return MatchResult(
            QuoteVerdict.NOT_FOUND, outside.score, outside.passage, note=f"found{how} {OUTSIDE_BODY}"
        )
    closer = (
        "the exact words"
        if outside.verdict is QuoteVerdict.EXACT
        else f"a closer ({outside.verdict.value}) passage"
    )
    where = f"{closer} appear {OUTSIDE_BODY}"
    return replace(_in_text(inside, doc.text), note="; ".join(filter(None, [inside.note, where])))


def _in_text(result: MatchResult, text: str) -> MatchResult:
    """A result found in the body, its offsets moved to the page's whole text (dropped if not there)."""
    if result.passage is None or result.start is None:
        return result
    start = text.find(result.passage)
    if start < 0:
        return replace(result, start=None, end=None)
    return replace(result, start=start, end=start + len(result.passage))


def _when(timestamp: str) -> str:
    """A 14-digit Wayback timestamp as a reader writes it (2026-05-15 12:00 UTC)."""
    digits = timestamp.ljust(14, "0")
    if not digits[:14].isdigit():
        return timestamp
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]} {digits[8:10]}:{digits[10:12]} UTC"


def _label(doc: Document) -> str:
    if doc.version is Version.ARCHIVED:
        return f"the archived copy of {_when(doc.timestamp)}" if doc.timestamp else "the archived copy"
    return "the live page"


def looks_paywalled(doc: Document) -> bool:
    """A short text that asks the reader to subscribe: the words we look for are not there to be read."""
    return len(doc.text) < 6000 and bool(_PAYWALL.search(doc.text))


def _language_gap(quote: str, index: SourceIndex) -> tuple[str, str] | None:
    words = [w.key for w in parse(quote).words]
    return differs(words, index.tokens.keys[:3000])


def unverifiable_reason(quote: str, docs: Sequence[Document], index: SourceIndex) -> str | None:
    """Why a quotation not found in `docs` cannot be judged from them (paywall, another language), if so.

    `index` is the first document's prepared text.
    """
    if docs and all(looks_paywalled(d) for d in docs):
        return "paywall"
    gap = _language_gap(quote, index)
    if gap is not None:
        return f"another language: the quotation is in {gap[0]}, the source in {gap[1]}"
    return None


def judge_quote(
    quote: Quote,
    *,
    live: Document | None,
    archived: Document | None,
    others: Mapping[str, Document] = _EMPTY,
    reason: str | None = None,
    indexes: MutableMapping[str, SourceIndex] | None = None,
) -> QuoteCheck:
    """Judge one quotation against its source's live and archived copies and the article's other sources.

    `others` maps Source ids to documents of the article's other sources (for `elsewhere`); `reason` is
    why there is no document (for `unverifiable`); `indexes` may hold prepared sources keyed by the
    document URL (plus `@timestamp` for archived copies); sources prepared here are added to it, so the
    pipeline tokenises each source once however many quotations it holds.
    """
    docs = [d for d in (live, archived) if d is not None]
    if not docs:
        return _no_document(quote, reason)
    matcher = _Matcher(quote.text, indexes)
    prepared = [(d, matcher.index_of(d)) for d in docs]
    matched = [_Judged(d, ix, matcher.match_in(d)) for d, ix in prepared]
    checked = "both" if len(matched) == 2 else matched[0].doc.version.value
    primary = _across_versions(quote, matched, checked)
    if isinstance(primary, QuoteCheck):
        return primary
    primary_doc, result, other_versions = primary
    main = QuoteMatch(quote.source, primary_doc.version, result, primary_doc.timestamp)
    if result.verdict.found:
        return QuoteCheck(
            quote.id, result.verdict, checked, match=main, note=result.note, other=other_versions
        )
    elsewhere = _elsewhere(quote, matcher, others, checked, main)
    if elsewhere is not None:
        return elsewhere
    if result.verdict is QuoteVerdict.NOT_FOUND:
        why = unverifiable_reason(quote.text, docs, matched[0].prepared)
        if why is not None:
            return QuoteCheck(quote.id, QuoteVerdict.UNVERIFIABLE, checked, match=main, note=why)
    return QuoteCheck(quote.id, result.verdict, checked, match=main, note=result.note, other=other_versions)


def _no_document(quote: Quote, reason: str | None) -> QuoteCheck:
    """Unverifiable: there is no copy of the source to read, and why."""
    if reason:
        note = reason
    elif quote.source is None:
        note = "no source is tied to the quotation"
    else:
        note = "the source could not be read live nor from an archive"
    return QuoteCheck(quote.id, QuoteVerdict.UNVERIFIABLE, "none", note=note)


class _Judged(NamedTuple):
    """One copy of a source, its prepared text and the quotation's match in it."""

    doc: Document
    prepared: SourceIndex
    result: MatchResult


@dataclass(slots=True)
class _Matcher:
    """Matches one quotation in documents, preparing each text once (in the pipeline's shared `indexes`)."""

    quote: str
    indexes: MutableMapping[str, SourceIndex] | None

    @staticmethod
    def key_of(doc: Document, *, body: bool = False) -> str:
        return doc.url + (f"@{doc.timestamp}" if doc.version is Version.ARCHIVED else "") + ("#body" * body)

    def index_of(self, doc: Document, *, body: bool = False) -> SourceIndex:
        text = doc.body if body and doc.body is not None else doc.text
        key = self.key_of(doc, body=body)
        if self.indexes is None:
            return prepare(text)
        index = self.indexes.get(key)
        if index is None or index.text is not text:
            index = self.indexes[key] = prepare(text)
        return index

    def match_in(self, doc: Document) -> MatchResult:
        body = self.index_of(doc, body=True) if doc.body is not None else None
        return scoped_match(self.quote, doc, self.index_of(doc), body)

    def worth_matching(self, docs: list[Document]) -> list[Document]:
        """The documents that may hold the quotation as found (exact or minor): all of them, unless the
        prepared texts are a `Corpus`, whose word index rules out those that lack one of its words."""
        corpus = self.indexes
        if not isinstance(corpus, Corpus):
            return docs
        for doc in docs:  # every one in the index before asking it
            self.index_of(doc)
            if doc.body is not None:
                self.index_of(doc, body=True)
        mask = corpus.holders(parse(self.quote))
        return [d for d in docs if corpus.may_hold(mask, self.key_of(d))]


def _qmatch(source: str | None, doc: Document, result: MatchResult) -> QuoteMatch:
    return QuoteMatch(source, doc.version, result, doc.timestamp)


def _across_versions(
    quote: Quote, matched: list[_Judged], checked: str
) -> QuoteCheck | tuple[Document, MatchResult, tuple[QuoteMatch, ...]]:
    """`changed` when one copy holds the quotation and the other does not (unless that one is walled);
    else the copy to judge by, its result and the other copy's match."""
    primary_doc, _, primary = matched[0]
    other_versions = tuple(_qmatch(quote.source, d, r) for d, _, r in matched[1:])
    if len(matched) != 2:
        return primary_doc, primary, other_versions
    (ldoc, _, lres), (adoc, _, ares) = matched
    if lres.verdict.found == ares.verdict.found:
        return primary_doc, primary, other_versions
    found_doc, found_res, lost_doc, lost_res = (
        (adoc, ares, ldoc, lres) if ares.verdict.found else (ldoc, lres, adoc, ares)
    )
    lost = (_qmatch(quote.source, lost_doc, lost_res),)
    if looks_paywalled(lost_doc):
        return found_doc, found_res, lost
    note = (
        f"found ({found_res.verdict.value}) in {_label(found_doc)} "
        f"but {lost_res.verdict.value} in {_label(lost_doc)}"
    )
    return QuoteCheck(
        quote.id, QuoteVerdict.CHANGED, checked,
        match=_qmatch(quote.source, found_doc, found_res), note=note, other=lost,
    )  # fmt: skip


def _elsewhere(
    quote: Quote, matcher: _Matcher, others: Mapping[str, Document], checked: str, main: QuoteMatch
) -> QuoteCheck | None:
    """`elsewhere`: the quotation is not in its own source but in another source of the article."""
    candidates = [(sid, doc) for sid, doc in others.items() if sid != quote.source]
    worth = {id(d) for d in matcher.worth_matching([d for _, d in candidates])}
    for sid, doc in candidates:
        if id(doc) not in worth:
            continue
        res = matcher.match_in(doc)
        if res.verdict.found:
            # `match` is where the words were found (report spec); `other` what its own source shows.
            found = QuoteMatch(sid, doc.version, res, doc.timestamp)
            return QuoteCheck(
                quote.id, QuoteVerdict.ELSEWHERE, checked, match=found,
                note=f"not in its own source ({main.result.verdict.value}) "
                f"but found ({res.verdict.value}) in {sid}",
                other=(main,),
            )  # fmt: skip
    return None
