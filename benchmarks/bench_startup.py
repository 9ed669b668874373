"""Time `verify --help` (median of several runs) against `python -c pass` in the same run (< 250 ms)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time


def median_run(args: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    base = median_run([sys.executable, "-c", "pass"])
    help_time = median_run([sys.executable, "-m", "verify", "--help"])
    extract_help = median_run([sys.executable, "-m", "verify", "extract", "--help"])
    print(f"python -c pass: {base * 1000:.0f} ms (baseline)")
    print(f"verify --help: {help_time * 1000:.0f} ms ({help_time / base:.1f}x baseline; target < 250 ms)")
    print(f"verify extract --help: {extract_help * 1000:.0f} ms ({extract_help / base:.1f}x baseline)")


if __name__ == "__main__":
    main()
