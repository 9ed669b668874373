"""A claim's verdict from the copies of its source: the live page and the archived copy as cited."""

from __future__ import annotations

from functools import lru_cache

from verify.claims.compare import Outcome, SourceFigures, check_figure
from verify.claims.numbers import Figure
from verify.models import Claim, ClaimCheck, ClaimMatch, ClaimVerdict, Document, Version

NO_SOURCE = "no source is tied to this figure"
UNREAD = "the source could not be read live nor from an archive"


@lru_cache(maxsize=16)
def _located(text: str, language: str | None) -> SourceFigures:
    return SourceFigures(text, language)  # one reading per copy, however many claims cite it


def _check(claim: Claim, doc: Document) -> Outcome:
    figure = Figure(claim.value, claim.start, claim.end)
    return check_figure(claim.text, figure, _located(doc.text, doc.language))


def _match(claim: Claim, doc: Document, outcome: Outcome) -> ClaimMatch | None:
    if outcome.passage is None:
        return None
    return ClaimMatch(claim.source, doc.version, outcome.passage, outcome.value, doc.timestamp, outcome.score)


def _when(doc: Document) -> str:
    ts = doc.timestamp or ""
    return f"the archived copy of {ts[:4]}-{ts[4:6]}-{ts[6:8]}" if len(ts) >= 8 else "the archived copy"


def judge_claim(
    claim: Claim, *, live: Document | None, archived: Document | None, reason: str | None = None
) -> ClaimCheck:
    """A claim checked against the live page and the archived copy (a figure either states is confirmed)."""
    if claim.source is None:
        return ClaimCheck(claim.id, ClaimVerdict.UNVERIFIABLE, "none", note=NO_SOURCE)
    docs = [d for d in (live, archived) if d is not None]
    if not docs:
        return ClaimCheck(claim.id, ClaimVerdict.UNVERIFIABLE, "none", note=reason or UNREAD)
    against = "both" if len(docs) == 2 else docs[0].version.value
    results = [(doc, _check(claim, doc)) for doc in docs]
    first_doc, first = results[0]
    confirmed = next(((d, o) for d, o in results if o.verdict is ClaimVerdict.CONFIRMED), None)
    if confirmed is None:
        return ClaimCheck(claim.id, first.verdict, against, _match(claim, first_doc, first), first.note)
    doc, outcome = confirmed
    note = outcome.note
    if doc is not first_doc and doc.version is Version.ARCHIVED:
        note = f"{_when(doc)} states it; the live page does not ({first.note or first.verdict.value})"
    return ClaimCheck(claim.id, ClaimVerdict.CONFIRMED, against, _match(claim, doc, outcome), note)
