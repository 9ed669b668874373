"""`verify check` speed: an article citing 300 sources (archive never) against fetching the same sources.

Same loopback world as benchmarks/bench_fetch.py (60 hosts 127.0.0.2-127.0.0.61, 100 ms server latency,
--jobs 64). The article is generated for the run's URLs: every source is a link, one in three carries a
quotation of its page (so matching runs too). Prints, measured side by side in the same run:
- the check (in-process `run_check`: read, extract, fetch, match, report) against the fetch phase alone
  (in-process `fetch_all` on the same URLs), best of 3 each, alternating [target <= 1.5];
- the whole `verify check` command against the whole `verify fetch` command on the same URLs (reference).

Issue 15's scaling parts (`--part`, each printing ratios measured in the same run):
- `notfound`: 400 sources, each tied to a quotation that none of them holds: `verify check --archive never`
  against `verify fetch` of the same links [target <= 2.5], and the in-process check for 100 against 400
  such quotations and links [target: grows <= 5x];
- `altered`: 300 sources whose quotations have one word changed, against the same run with exact
  quotations [target <= 1.5];
- `big`: one 20 MB source page with 10 quotations, then four such pages: peak RSS of `verify check`
  [targets <= 300 MB and <= 600 MB];
- `claims`: one 20 MB source page with 10 figures tied to it, against the same page with 10 quotations.

Run: python benchmarks/bench_check.py [--links 300] [--hosts 60] [--latency 0.1] [--jobs 64]
     python benchmarks/bench_check.py --part notfound|altered|big|claims
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_fetch import World, fetch_phase, loopback_client, run_child, world_arguments  # noqa: E402

from verify.models import Report, WaybackUse  # noqa: E402
from verify.pipeline import CheckOptions, run_check  # noqa: E402
from verify.report import OutputFormat, render  # noqa: E402

QUOTE = "We listened to every commuter who wrote to us"


def article(urls: list[str]) -> str:
    """A Markdown draft citing every URL once; every third source is quoted (the emulator's page says it)."""
    lines = ["# Ferry timetables across the coast", "", "Published 2026-05-17.", ""]
    for i, url in enumerate(urls):
        if i % 3 == 0:
            lines.append(f"“{QUOTE},” said councillor Mira Okonkwo-Lind, [in the notice {i}]({url}).")
        else:
            lines.append(f"The harbour council also published [notice number {i}]({url}) on its site.")
        lines.append("")
    return "\n".join(lines)


def quoted_article(urls: list[str], quote_of: Callable[[int], str]) -> str:
    """A draft where every link carries a quotation (`quote_of(i)` for link i)."""
    lines = ["# Ferry timetables across the coast", "", "Published 2026-05-17.", ""]
    for i, url in enumerate(urls):
        lines += [f"“{quote_of(i)},” said councillor Mira Okonkwo-Lind, [in the notice {i}]({url}).", ""]
    return "\n".join(lines)


_PLACES = ["Averly", "Brenmoor", "Kessel", "Lindmark", "Ostvale", "Velden", "Harth", "Sölvik"]


def not_found_quote(i: int) -> str:
    """A quotation no page of the world holds (words of its own, numbered so that none repeats)."""
    place = _PLACES[i % len(_PLACES)]
    return f"The lighthouse keeper at {place} counted {i} gulls before the storm reached the outer rocks"


def altered_quote(i: int) -> str:
    """The world page's quotation with one word changed ("commuter" -> "traveller")."""
    del i
    return QUOTE.replace("commuter", "traveller")


def timed_check(draft: Path, jobs: int) -> tuple[float, Report]:
    c = loopback_client(jobs)
    started = time.monotonic()
    report = run_check(str(draft), CheckOptions(archive=WaybackUse.OFF, embeds=False), client=c)
    render(report, OutputFormat.JSON)
    elapsed = time.monotonic() - started
    c.close()
    return elapsed, report


def _commands(tmp: str, draft: Path, urls: list[str], jobs: int) -> tuple[float, float, float]:
    """Wall seconds of `verify fetch` and `verify check --archive never` on the same links, and the
    check's peak RSS in MB."""
    env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
    common = ["--jobs", str(jobs), "--allow-net", "127.0.0.0/8", "--no-cache", "--format", "json"]
    wall_f, _, _, _ = run_child([sys.executable, "-m", "verify", "fetch", *common, *urls], env)
    wall_c, rss_c, _, _ = run_child(
        [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-embeds",
         "--quiet", *common], env)  # fmt: skip
    return wall_f, wall_c, rss_c


def part_not_found(args: argparse.Namespace) -> None:
    world = World(400, args.hosts, args.latency, args.world_processes)
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for n in (100, 400):
            draft = Path(tmp) / f"notfound{n}.md"
            draft.write_text(quoted_article(world.urls[:n], not_found_quote), encoding="utf-8")
            times[n], report = timed_check(draft, args.jobs)
            verdicts = Counter(q.verdict.value for q in report.quotes)
            print(f"check, {n} sources and {n} not-found quotations: {times[n]:.2f} s {dict(verdicts)}")
        print(f"100 -> 400 quotations: x{times[400] / times[100]:.2f} [target <= 5]")
        fetch = fetch_phase(args.jobs, world.urls)
        print(f"fetch phase of the 400 links: {fetch:.2f} s; check / fetch (in process) = "
              f"{times[400] / fetch:.2f}x")  # fmt: skip
        wall_f, wall_c, rss = _commands(tmp, Path(tmp) / "notfound400.md", world.urls, args.jobs)
        print(f"verify fetch {wall_f:.2f} s; verify check --archive never {wall_c:.2f} s "
              f"(peak RSS {rss:.0f} MB) -> {wall_c / wall_f:.2f}x [target <= 2.5]")  # fmt: skip
    world.stop()


def part_altered(args: argparse.Namespace) -> None:
    world = World(300, args.hosts, args.latency, args.world_processes)
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for name, quote_of in (("exact", lambda i: QUOTE), ("altered", altered_quote)):
            draft = Path(tmp) / f"{name}.md"
            draft.write_text(quoted_article(world.urls, quote_of), encoding="utf-8")
            times[name], report = timed_check(draft, args.jobs)
            verdicts = Counter(q.verdict.value for q in report.quotes)
            print(f"check, 300 sources, {name} quotations: {times[name]:.2f} s {dict(verdicts)}")
        print(f"altered / exact = {times['altered'] / times['exact']:.2f}x [target <= 1.5]")
    world.stop()


def big_page(megabytes: float, seed: int) -> tuple[bytes, list[str]]:
    """A fictional HTML page of about `megabytes` MB (paragraphs of our match fixtures' sentences, with
    varied numbers) and 10 sentences of it as quotations, 4 of them with one word changed (sentences
    without digits: figures in the draft would make this a benchmark of the claims stage)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_match import make_source

    rng = random.Random(seed)
    text = make_source(int(megabytes * 1e6), rng)
    sentences = {" ".join(p.split()).strip(" .") for p in re.split(r"\(item \d+\)\.?", text[:2_000_000])}
    plain = sorted(p for p in sentences if len(p.split()) >= 8 and not set(p) & set('“”"()0123456789'))
    quotes = rng.sample(plain, 10)
    for k in range(4):
        words = quotes[k].split()
        words[len(words) // 2] = "zanzibar"
        quotes[k] = " ".join(words)
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    page = f"<!doctype html><html><head><title>Minutes</title></head><body><article>{paras}</article></body>"
    return page.encode(), quotes


def part_big(args: argparse.Namespace) -> None:
    from emulators.faults import FaultServer

    pages = {}
    quotes: list[tuple[str, str]] = []
    for k in range(4):
        body, qs = big_page(20, 40 + k)
        pages[f"/big{k}"] = (200, "text/html; charset=utf-8", body)
        quotes += [(f"/big{k}", q) for q in qs]
    with FaultServer("127.0.0.2", pages=pages) as server, tempfile.TemporaryDirectory() as tmp:
        for count in (1, 4):
            lines = ["# Minutes", ""]
            for path, q in quotes:
                if int(path[4:]) < count:
                    lines += [f"“{q},” the minutes say [here]({server.url(path)}).", ""]
            draft = Path(tmp) / f"big{count}.md"
            draft.write_text("\n".join(lines), encoding="utf-8")
            env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
            wall, rss, code, out = run_child(
                [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-embeds",
                 "--quiet", "--allow-net", "127.0.0.0/8", "--no-cache", "--format", "json"], env)  # fmt: skip
            target = 300 if count == 1 else 600
            verdicts = Counter(q["verdict"] for q in json.loads(out)["quotes"])
            print(f"{count} x 20 MB source, {10 * count} quotations: {wall:.1f} s, exit {code}, "
                  f"peak RSS {rss:.0f} MB [target <= {target} MB] {dict(verdicts)}")  # fmt: skip


def figure_claims(page: bytes, seed: int, count: int = 10) -> list[str]:
    """`count` sentences of the page that state a figure, as an article would write them (a third with
    the figure changed): claims for the claims stage."""
    from verify.claims import find_figures

    rng = random.Random(seed)
    text = re.sub(r"<[^>]+>", " ", page[:2_000_000].decode())
    plain = sorted(
        {" ".join(p.split()).strip(" .") for p in re.split(r"\(item \d+\)\.?", html.unescape(text))}
    )
    usable = [p for p in plain if not re.search(r"[^\W\d]\d|[“”\"()]", p) and len(find_figures(p, None)) == 1]
    claims = rng.sample(usable, count)
    for k in range(0, count, 3):
        fig = find_figures(claims[k], None)[0]
        claims[k] = claims[k][: fig.start] + "7,777" + claims[k][fig.end :]
    return claims


def part_claims(args: argparse.Namespace) -> None:
    """One 20 MB page: `verify check` with 10 figures tied to it, against the same check with 10
    quotations of it and no figures (the quotations' run is the baseline)."""
    from emulators.faults import FaultServer

    body, quotes = big_page(20, 40)
    claims = figure_claims(body, 41)
    with FaultServer("127.0.0.2", pages={"/big": (200, "text/html; charset=utf-8", body)}) as server, \
            tempfile.TemporaryDirectory() as tmp:  # fmt: skip
        url = server.url("/big")
        drafts = {
            "10 quotations": [f"“{q},” the minutes say [here]({url})." for q in quotes],
            "10 figures": [f"{c}, the minutes say [here]({url})." for c in claims],
        }
        walls = {}
        for name, lines in drafts.items():
            draft = Path(tmp) / "draft.md"
            draft.write_text("# Minutes\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
            env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
            wall, rss, code, out = run_child(
                [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-embeds",
                 "--quiet", "--allow-net", "127.0.0.0/8", "--no-cache", "--format", "json"], env)  # fmt: skip
            report = json.loads(out)
            verdicts = Counter(q["verdict"] for q in report["quotes"] + report.get("claims", []))
            walls[name] = wall
            print(f"20 MB source, {name}: {wall:.1f} s, exit {code}, peak RSS {rss:.0f} MB {dict(verdicts)}")
        print(f"figures / quotations = {walls['10 figures'] / walls['10 quotations']:.2f}x "
              "(claims must not cost the page many times over)")  # fmt: skip


def main() -> None:
    ap = world_arguments(__doc__)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--part", choices=["notfound", "altered", "big", "claims"])
    args = ap.parse_args()
    if args.part:
        parts = {"notfound": part_not_found, "altered": part_altered, "big": part_big, "claims": part_claims}
        parts[args.part](args)
        return
    world = World(args.links, args.hosts, args.latency, args.world_processes)
    urls = world.urls
    options = CheckOptions(archive=WaybackUse.OFF, embeds=False)
    print(
        f"world: {args.links} sources over {args.hosts} hosts, {args.latency * 1000:.0f} ms latency, "
        f"jobs {args.jobs}; archive never"
    )

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "article.md"
        draft.write_text(article(urls), encoding="utf-8")

        fetch_times, check_times = [], []
        for _ in range(args.runs):
            fetch_times.append(fetch_phase(args.jobs, urls))

            c = loopback_client(args.jobs)
            started = time.monotonic()
            report = run_check(str(draft), options, client=c)
            render(report, OutputFormat.JSON)
            check_times.append(time.monotonic() - started)
            c.close()
            fetched = [sc for sc in report.sources if sc.fetch is not None]
            assert len(fetched) == args.links, f"{len(fetched)} sources extracted, {args.links} expected"
            assert all(sc.fetch and sc.fetch.status.value == "ok" for sc in fetched)
            verdicts = {q.verdict.value for q in report.quotes}
            assert verdicts == {"exact"}, verdicts

        fetch_best, check_best = min(fetch_times), min(check_times)
        runs = ", ".join(f"{t:.3f}" for t in fetch_times)
        print(f"fetch phase (fetch_all): {fetch_best:.3f} s (runs {runs})")
        print(
            f"check (run_check, {len(report.quotes)} quotations): {check_best:.3f} s "
            f"(runs {', '.join(f'{t:.3f}' for t in check_times)})"
        )
        print(f"check / fetch = {check_best / fetch_best:.2f}x [target <= 1.5]")

        env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
        common = ["--jobs", str(args.jobs), "--allow-net", "127.0.0.0/8", "--no-cache", "--format", "json"]
        wall_f, _, code_f, _ = run_child([sys.executable, "-m", "verify", "fetch", *common, *urls], env)
        wall_c, rss_c, code_c, _ = run_child(
            [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-embeds",
             "--quiet", *common], env)  # fmt: skip
        print(
            f"verify fetch command: {wall_f:.3f} s (exit {code_f}); verify check command: {wall_c:.3f} s "
            f"(exit {code_c}, peak RSS {rss_c:.0f} MB) -> {wall_c / wall_f:.2f}x (reference)"
        )
    world.stop()


if __name__ == "__main__":
    main()
