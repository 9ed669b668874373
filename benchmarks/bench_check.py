"""`verify check` speed: an article citing 300 sources (archive never) against fetching the same sources.

Same loopback world as benchmarks/bench_fetch.py (60 hosts 127.0.0.2-127.0.0.61, 100 ms server latency,
--jobs 64). The article is generated for the run's URLs: every source is a link, one in three carries a
quotation of its page (so matching runs too). Prints, measured side by side in the same run:
- the check (in-process `run_check`: read, extract, fetch, match, report) against the fetch phase alone
  (in-process `fetch_all` on the same URLs), best of 3 each, alternating [target <= 1.5];
- the whole `verify check` command against the whole `verify fetch` command on the same URLs (reference).

Run: python benchmarks/bench_check.py [--links 300] [--hosts 60] [--latency 0.1] [--jobs 64]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_fetch import World, fetch_phase, loopback_client, run_child, world_arguments  # noqa: E402

from verify.models import WaybackUse  # noqa: E402
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


def main() -> None:
    ap = world_arguments(__doc__)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    world = World(args.links, args.hosts, args.latency, args.world_processes)
    urls = world.urls
    options = CheckOptions(archive=WaybackUse.OFF, embeds=False)
    print(f"world: {args.links} sources over {args.hosts} hosts, {args.latency * 1000:.0f} ms latency, "
          f"jobs {args.jobs}; archive never")

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
        print(f"check (run_check, {len(report.quotes)} quotations): {check_best:.3f} s "
              f"(runs {', '.join(f'{t:.3f}' for t in check_times)})")
        print(f"check / fetch = {check_best / fetch_best:.2f}x [target <= 1.5]")

        env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
        common = ["--jobs", str(args.jobs), "--allow-net", "127.0.0.0/8", "--no-cache", "--format", "json"]
        wall_f, _, code_f, _ = run_child([sys.executable, "-m", "verify", "fetch", *common, *urls], env)
        wall_c, rss_c, code_c, _ = run_child(
            [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-embeds",
             "--quiet", *common], env)  # fmt: skip
        print(f"verify fetch command: {wall_f:.3f} s (exit {code_f}); verify check command: {wall_c:.3f} s "
              f"(exit {code_c}, peak RSS {rss_c:.0f} MB) -> {wall_c / wall_f:.2f}x (reference)")
    world.stop()


if __name__ == "__main__":
    main()
