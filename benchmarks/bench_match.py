"""Matcher speed: time per quotation on 200 KB, 1 MB and 5 MB sources; 200 quotations over 30 sources;
rapidfuzz partial_ratio_alignment and a difflib search side by side on the same cases; a 16 MB page of
one sentence repeated (issue 13.5: matching costs the page, not page x repetitions), each case in a
child process for its peak RSS.

Run: python benchmarks/bench_match.py [--repetitive-mb 16]  (ratios are against the same run's figures;
rapidfuzz, for the comparison only: pip install -e '.[bench]')
"""

from __future__ import annotations

import difflib
import json
import random
import re
import time
from pathlib import Path

from verify.match import match_quote, prepare

PARAS = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "match" / "sources.json").read_text("utf-8")
)
SENTENCES = [s for p in PARAS.values() for s in p.split(". ") if len(s.split()) > 5]


def make_source(size: int, rng: random.Random) -> str:
    """Fictional text of about `size` characters: our sentences shuffled, with varied numbers and names."""
    out: list[str] = []
    total = 0
    n = 0
    while total < size:
        s = rng.choice(SENTENCES)
        words = s.split()
        k = rng.randrange(len(words))
        words[k] = f"{words[k]}{rng.randint(0, 9999)}" if rng.random() < 0.5 else words[k]
        s = " ".join(words) + f" (item {n})."
        n += 1
        out.append(s)
        total += len(s) + 1
        if n % 7 == 0:
            out.append("\n\n")
    return " ".join(out)


def make_cases(text: str, count: int, rng: random.Random) -> list[tuple[str, int, int]]:
    """Quotations (10..60 words, a third with one word changed) and where they truly are.

    The sources repeat their sentences, so a drawn stretch may occur several times; only stretches that
    occur once are kept, or "the right passage" would not be one place (every copy is equally right).
    """
    starts = [i + 1 for i, c in enumerate(text) if c == " "]
    cases: list[tuple[str, int, int]] = []
    while len(cases) < count:
        a = rng.choice(starts[:-80])
        words = text[a:].split(" ", 70)[: rng.randint(10, 60)]
        quote = " ".join(words)
        end = a + len(quote)
        if text.count(quote) > 1:
            continue
        if rng.random() < 0.33:
            # ... and, with one word changed, only where no other copy differs from it by that word.
            k = len(words) // 2
            either = re.escape(" ".join(words[:k])) + r"\s*\S+\s*" + re.escape(" ".join(words[k + 1 :]))
            if len(re.findall(either, text)) > 1:
                continue
            words[k] = "zanzibar"
            quote = " ".join(words)
        cases.append((quote, a, end))
    return cases


def right(start: int | None, end: int | None, true: tuple[int, int]) -> bool:
    if start is None or end is None:
        return False
    overlap = min(end, true[1]) - max(start, true[0])
    return overlap >= 0.5 * (true[1] - true[0])


def difflib_search(quote: str, text: str) -> tuple[int, int]:
    """The classic approach: SequenceMatcher's longest matching block, widened to the quote's length."""
    sm = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    m = sm.find_longest_match(0, len(text), 0, len(quote))
    start = max(0, m.a - m.b)
    return start, start + len(quote)


def span_of(result) -> tuple[int | None, int | None]:  # type: ignore[no-untyped-def]
    return result.start, result.end


def rf_span(quote: str, text: str) -> tuple[int, int]:
    from rapidfuzz import fuzz  # pip install -e '.[bench]': a comparison only, verify does not use it

    al = fuzz.partial_ratio_alignment(quote, text)
    assert al is not None
    return al.dest_start, al.dest_end


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def per_source() -> None:
    rng = random.Random(5)
    rows = []
    for label, size in (("200 KB", 200_000), ("1 MB", 1_000_000), ("5 MB", 5_000_000)):
        text = make_source(size, rng)
        cases = make_cases(text, 40, rng)
        index, t_prep = timed(prepare, text)
        hits, t = 0, 0.0
        for quote, a, b in cases:
            r, dt = timed(index.match, quote)
            t += dt
            hits += right(r.start, r.end, (a, b))
        rows.append(
            (label, f"{t_prep * 1000:.0f} ms", f"{t / len(cases) * 1000:.2f} ms", f"{hits}/{len(cases)}")
        )
    print("verify.match on one source (prepare once, then per quotation)")
    print(f"{'source':8} {'prepare':>10} {'per quote':>12} {'right passage':>14}")
    for row in rows:
        print(f"{row[0]:8} {row[1]:>10} {row[2]:>12} {row[3]:>14}")


def many_sources() -> None:
    sources = [make_source(200_000, random.Random(100 + i)) for i in range(30)]
    work = []
    for i in range(200):
        src = sources[i % 30]
        work.append((make_cases(src, 1, random.Random(i))[0], src))
    t0 = time.perf_counter()
    indexes = {id(s): prepare(s) for s in sources}
    t_prep = time.perf_counter() - t0
    results = [(indexes[id(s)].match(q), q, a, b) for (q, a, b), s in work]
    total = time.perf_counter() - t0
    ok = sum(right(r.start, r.end, (a, b)) for r, _, a, b in results)
    verdicts = sum(r.verdict.value == ("altered" if "zanzibar" in q else "exact") for r, q, _, _ in results)
    t0 = time.perf_counter()
    for (q, _, _), s in work:
        rf_span(q, s)
    t_rf = time.perf_counter() - t0
    print(
        f"\n200 quotations against 30 sources of 200 KB: {total:.2f} s in all (target < 2 s; "
        f"prepare {t_prep:.2f} s), right passage {ok}/200, right verdict {verdicts}/200; "
        f"rapidfuzz on the same: {t_rf:.2f} s ({t_rf / total:.1f} x verify, passage only, no verdict)"
    )


def side_by_side() -> None:
    text = make_source(200_000, random.Random(100))
    cases = make_cases(text, 20, random.Random(7))
    res = {}
    for name, fn in (
        ("verify.match (incl. prepare)", lambda q: span_of(match_quote(q, text))),
        (
            "rapidfuzz partial_ratio_alignment",
            lambda q: rf_span(q, text),
        ),
        ("difflib SequenceMatcher", lambda q: difflib_search(q, text)),
    ):
        hits, t = 0, 0.0
        for quote, a, b in cases:
            span, dt = timed(fn, quote)
            t += dt
            hits += right(span[0], span[1], (a, b))
        res[name] = (t / len(cases), hits)
    base = res["verify.match (incl. prepare)"][0]
    print("\nSame 20 quotations on one 200 KB source (no index reuse)")
    print(f"{'method':36} {'per quote':>11} {'x verify':>9} {'right passage':>14}")
    for name, (per, hits) in res.items():
        print(f"{name:36} {per * 1000:9.1f} ms {per / base:9.1f} {hits:>11}/20")


REPEATED = "The harbour council said the ferry would run every hour from the north pier. "


def repetitive_case(megabytes: float, nwords: int, how: str) -> None:
    """One case of `repetitive()`, in this (child) process: prints prepare/match times and peak RSS."""
    import resource

    text = REPEATED * int(megabytes * 1e6 / len(REPEATED))
    words = (REPEATED * (nwords // 13 + 2)).split()[:nwords]
    if how == "altered":
        words[nwords // 2] = "zanzibar"
    elif how == "reordered":
        words = words[3:] + words[:3]
    index, t_prep = timed(prepare, text)
    rss_prep = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result, t_match = timed(index.match, " ".join(words))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"prepare": t_prep, "match": t_match, "rss_prepared": rss_prep, "peak": peak,
                      "verdict": result.verdict.value}))  # fmt: skip


def repetitive(megabytes: float) -> None:
    import subprocess
    import sys

    print(f"\nA {megabytes:g} MB page of one sentence repeated (each case in a child process)")
    print(f"{'quotation':22} {'prepare':>9} {'match':>8} {'match/prepare':>14} {'RSS prepared':>13} "
          f"{'peak RSS':>9} {'peak/MB of text':>16}  verdict")  # fmt: skip
    for nwords, how in ((48, "exact"), (240, "exact"), (48, "altered"), (240, "reordered")):
        out = subprocess.run(
            [sys.executable, __file__, "--case", str(megabytes), str(nwords), how],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{f'{nwords} words, {how}':22} {r['prepare']:8.2f}s {r['match']:7.2f}s "
              f"{r['match'] / r['prepare']:13.2f}x {r['rss_prepared']:10.0f} MB {r['peak']:6.0f} MB "
              f"{r['peak'] / megabytes:13.1f} MB  {r['verdict']}")  # fmt: skip


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repetitive-mb", type=float, default=16.0)
    ap.add_argument("--only-repetitive", action="store_true")
    ap.add_argument("--case", nargs=3, metavar=("MB", "WORDS", "HOW"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.case:
        repetitive_case(float(args.case[0]), int(args.case[1]), args.case[2])
        return
    # Each part in its own function: a 5 MB index left alive would tax the later parts' garbage
    # collections, which is not what they measure.
    if not args.only_repetitive:
        per_source()
        many_sources()
        side_by_side()
    repetitive(args.repetitive_mb)


if __name__ == "__main__":
    main()
