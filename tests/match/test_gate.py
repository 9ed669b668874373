"""The matcher's gate: the labelled set in fixtures/match, a printed confusion matrix and pinned floors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from verify.match import judge_quote, match_quote
from verify.models import Document, Quote, Version

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "match"
FOUND = {"exact", "minor"}


def _load(*names: str) -> list[dict[str, object]]:
    return [json.loads(line) for name in names for line in (FIXTURES / name).read_text("utf-8").splitlines()]


def _matrix(pairs: list[tuple[str, str]]) -> str:
    labels = sorted({x for pair in pairs for x in pair})
    counts = Counter(pairs)
    rows = ["expected \\ got".ljust(15) + "".join(lab[:12].rjust(13) for lab in labels)]
    for exp in labels:
        rows.append(exp.ljust(15) + "".join(str(counts[(exp, got)]).rjust(13) for got in labels))
    return "\n".join(rows)


def _source_text(case: dict[str, object]) -> str:
    """The text verify would read from the case's source: HTML pages go through the page reader."""
    source = str(case["source"])
    if case.get("format") != "html":
        return source  # plain text, or a PDF's page texts as the PDF reader joins them
    from verify.fetch.reader import read_response
    from verify.fetch.types import Headers, Response

    headers = Headers((("content-type", "text/html; charset=utf-8"),))
    _, doc, reason = read_response(Response("https://courier.test/a", 200, headers, source.encode()))
    assert doc is not None, reason
    return doc.text


def test_match_gate() -> None:
    cases = _load("generated.jsonl", "handwritten.jsonl", "adversarial.jsonl")
    assert len(cases) >= 200
    pairs: list[tuple[str, str]] = []
    wrong, unsafe, unnamed = [], [], []
    for case in cases:
        result = match_quote(str(case["quote"]), _source_text(case))
        got, exp = result.verdict.value, str(case["expected"])
        pairs.append((exp, got))
        if got != exp:
            wrong.append((case["id"], exp, got, result.note))
        if exp not in FOUND and got in FOUND:
            unsafe.append(case["id"])
        if case.get("note") and got == exp and str(case["note"]) not in (result.note or ""):
            unnamed.append((case["id"], result.note))
    accuracy = 1 - len(wrong) / len(cases)
    print(f"\n{len(cases)} cases, accuracy {accuracy:.4f}\n{_matrix(pairs)}")
    for kind in sorted({str(c["kind"]) for c in cases}):
        ids = {c["id"] for c in cases if c["kind"] == kind}
        missed = sum(1 for w in wrong if w[0] in ids)
        print(f"  {kind}: {len(ids) - missed}/{len(ids)}")
    for w in wrong:
        print("  wrong:", w)
    assert {e for e, _ in pairs} >= {"exact", "minor", "altered", "spliced", "not-found"}
    assert not unsafe, f"altered/spliced/not-found called exact or minor: {unsafe}"
    assert not unnamed, f"a changed number, negation or name not named in the note: {unnamed}"
    assert accuracy >= 0.97


def _doc(text: object, *, archived: bool = False) -> Document | None:
    if not text:
        return None
    if archived:
        return Document("https://web.archive.org/web/20260101000000/https://example.test/a", str(text),
                        "text/html", version=Version.ARCHIVED, timestamp="20260101000000")  # fmt: skip
    return Document("https://example.test/a", str(text), "text/html")


def test_judge_gate() -> None:
    cases = _load("judge_generated.jsonl", "judge_handwritten.jsonl")
    pairs: list[tuple[str, str]] = []
    wrong = []
    for case in cases:
        others = {str(k): Document(f"https://example.test/{k}", str(v), "text/html")
                  for k, v in dict(case.get("others") or {}).items()}  # type: ignore[call-overload]  # fmt: skip
        check = judge_quote(
            Quote("Q1", str(case["quote"]), 1, source="S1"),
            live=_doc(case.get("live")), archived=_doc(case.get("archived"), archived=True),
            others=others, reason=case.get("reason"),  # type: ignore[arg-type]
        )  # fmt: skip
        pairs.append((str(case["expected"]), check.verdict.value))
        if check.verdict.value != case["expected"] or (
            case.get("note") and str(case["note"]) not in (check.note or "")
        ):
            wrong.append((case["id"], case["expected"], check.verdict.value, check.note))
    accuracy = 1 - len(wrong) / len(cases)
    print(f"\n{len(cases)} judge cases, accuracy {accuracy:.4f}\n{_matrix(pairs)}")
    for w in wrong:
        print("  wrong:", w)
    assert {e for e, _ in pairs} >= {"changed", "elsewhere", "unverifiable"}
    assert accuracy >= 0.97


@pytest.mark.parametrize("name", ["generated.jsonl", "judge_generated.jsonl"])
def test_generated_set_is_reproducible(name: str, tmp_path: Path) -> None:
    """The generator writes the committed files byte for byte (deterministic, not hand-tuned)."""
    import runpy
    import shutil

    for f in ("generate.py", "sources.json"):
        shutil.copy(FIXTURES / f, tmp_path / f)
    runpy.run_path(str(tmp_path / "generate.py"), run_name="__main__")
    assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes()


def test_judge_gate_decides_the_same_through_a_corpus() -> None:
    """The run-wide word index only rules out sources that cannot hold a quotation: every judge case
    comes out the same with it as with every source aligned."""
    from verify.match import Corpus

    for case in _load("judge_generated.jsonl", "judge_handwritten.jsonl"):
        others = {str(k): Document(f"https://example.test/{k}", str(v), "text/html")
                  for k, v in dict(case.get("others") or {}).items()}  # type: ignore[call-overload]  # fmt: skip
        checks = [
            judge_quote(
                Quote("Q1", str(case["quote"]), 1, source="S1"),
                live=_doc(case.get("live")),
                archived=_doc(case.get("archived"), archived=True),
                others=others,
                reason=case.get("reason"),
                indexes=indexes,  # type: ignore[arg-type]
            )
            for indexes in (None, Corpus())
        ]
        assert checks[0] == checks[1], case["id"]
