"""Start-up cost: `verify --help` (< 250 ms) and `verify check` on a one-link draft (<= 150 ms beyond the
request itself), each the median of several runs, against baselines measured in the same run:
`python -c pass`, and a bare `http.client` GET of the same loopback page (the request itself).

Run: python benchmarks/bench_startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from emulators.faults import FICTIONAL_ARTICLE, FaultServer  # noqa: E402

_GET = """import http.client, sys
conn = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]))
conn.request("GET", sys.argv[3], headers={"User-Agent": "bench"})
assert conn.getresponse().read()
"""


def median_run(args: list[str], runs: int = 7, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def one_link(runs: int) -> None:
    """`verify check` of a draft citing one page (no quotation) against the bare request for that page."""
    page = {"/ferry": (200, "text/html; charset=utf-8", FICTIONAL_ARTICLE.encode())}
    with FaultServer("127.0.0.2", pages=page) as server, tempfile.TemporaryDirectory() as tmp:
        url = server.url("/ferry")
        host, port = url.split("/")[2].split(":")
        draft = Path(tmp) / "draft.md"
        draft.write_text(f"# Ferries\n\nThe council [announced]({url}) two evening crossings.\n", "utf-8")
        env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
        request = median_run([sys.executable, "-c", _GET, host, port, "/ferry"], runs)
        check = median_run(
            [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-cache",
             "--allow-net", "127.0.0.0/8", "--quiet", "--format", "json"], runs, env)  # fmt: skip
    print(f"bare GET of the page (python + http.client): {request * 1000:.0f} ms (baseline)")
    print(f"verify check, one-link draft: {check * 1000:.0f} ms ({check / request:.1f}x the request; "
          f"{(check - request) * 1000:.0f} ms beyond it; target <= 150 ms)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    base = median_run([sys.executable, "-c", "pass"], args.runs)
    help_time = median_run([sys.executable, "-m", "verify", "--help"], args.runs)
    extract_help = median_run([sys.executable, "-m", "verify", "extract", "--help"], args.runs)
    print(f"python -c pass: {base * 1000:.0f} ms (baseline)")
    print(f"verify --help: {help_time * 1000:.0f} ms ({help_time / base:.1f}x baseline; target < 250 ms)")
    print(f"verify extract --help: {extract_help * 1000:.0f} ms ({extract_help / base:.1f}x baseline)")
    one_link(args.runs)


if __name__ == "__main__":
    main()
