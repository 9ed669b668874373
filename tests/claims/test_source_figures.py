"""Figures found only in the passages a claim may be about decide every claim as all of them do."""

from __future__ import annotations

import json
import re
from pathlib import Path

from verify.claims import find_figures
from verify.claims.compare import SourceFigures, check_figure, locate
from verify.models import ClaimVerdict

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "claims" / "cases.jsonl"
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def test_every_gate_case_decided_the_same_from_the_passages_about_it() -> None:
    cases = [json.loads(line) for line in CASES.read_text("utf-8").splitlines()]
    compared = 0
    for case in cases:
        if case["source"] is None:
            continue
        lang = str(case["lang"]) if case.get("lang") else None
        sentence = _LINK.sub(r"\1", str(case["sentence"]))
        source = str(case["source"])
        for fig in find_figures(sentence, lang):
            every = check_figure(sentence, fig, locate(source, lang))
            some = check_figure(sentence, fig, SourceFigures(source, lang))
            assert (some.verdict, some.passage, some.value, some.note) == (
                every.verdict, every.passage, every.value, every.note
            ), case["id"]  # fmt: skip
            if every.verdict is not ClaimVerdict.NOT_FOUND:
                assert some.score == every.score, case["id"]
            compared += 1
    assert compared >= 150


def test_a_big_text_finds_figures_only_where_the_claim_may_be() -> None:
    filler = "\n\n".join(
        f"The lighthouse at Kessel logged {i} gulls and {i + 3} terns on day {i}." for i in range(3000)
    )
    said = "The Averly ferry carried 4,120 passengers in May, the harbour office said."
    text = f"{filler}\n\n{said}\n\n{filler}"
    claim = "The Averly ferry carried 4,120 passengers in May."
    fig = find_figures(claim, None)[0]
    figures = SourceFigures(text)
    outcome = check_figure(claim, fig, figures)
    assert outcome.verdict is ClaimVerdict.CONFIRMED
    assert len(figures._found) < 10  # the lighthouse's 6,000 passages were never read for figures
    assert check_figure(claim, fig, locate(text)).verdict is ClaimVerdict.CONFIRMED
