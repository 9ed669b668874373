"""The claims gate: the labelled set in fixtures/claims, a printed confusion matrix and pinned floors."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from verify.claims import check_text, find_figures

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "claims" / "cases.jsonl"
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _matrix(pairs: list[tuple[str, str]]) -> str:
    labels = ["confirmed", "differs", "not-found", "unverifiable", "no-figure"]
    counts = Counter(pairs)
    rows = ["expected \\ got".ljust(15) + "".join(lab.rjust(13) for lab in labels)]
    for exp in labels[:4]:
        rows.append(exp.ljust(15) + "".join(str(counts[(exp, got)]).rjust(13) for got in labels))
    return "\n".join(rows)


def _verdict(case: dict[str, object]) -> str:
    sentence = _LINK.sub(r"\1", str(case["sentence"]))
    lang = case.get("lang")
    figures = [
        f
        for f in find_figures(sentence, str(lang) if lang else None)
        if str(case["figure"]).lower() in f.value.text.lower()
    ]
    if not figures:
        return "no-figure"
    source = case["source"]
    return check_text(
        sentence, figures[0], None if source is None else str(source), str(lang) if lang else None
    ).verdict.value


def test_claims_gate() -> None:
    cases = [json.loads(line) for line in CASES.read_text("utf-8").splitlines()]
    assert len(cases) >= 150
    pairs: list[tuple[str, str]] = []
    wrong, unsafe = [], []
    for case in cases:
        got, exp = _verdict(case), str(case["expected"])
        pairs.append((exp, got))
        if got != exp:
            wrong.append((case["id"], exp, got))
        if exp in ("differs", "not-found") and got == "confirmed":
            unsafe.append(case["id"])
    accuracy = 1 - len(wrong) / len(cases)
    print(f"\n{len(cases)} cases, accuracy {accuracy:.4f}\n{_matrix(pairs)}")
    for kind in sorted({str(c["kind"]) for c in cases}):
        ids = {c["id"] for c in cases if c["kind"] == kind}
        print(f"  {kind}: {len(ids) - sum(1 for w in wrong if w[0] in ids)}/{len(ids)}")
    for w in wrong:
        print("  wrong:", w)
    assert {e for e, _ in pairs} == {"confirmed", "differs", "not-found", "unverifiable"}
    assert not unsafe, f"differs/not-found called confirmed: {unsafe}"
    assert accuracy >= 0.95
