"""Start-up cost: `verify --help` (< 250 ms) and `verify check` on a one-link draft (<= 150 ms beyond the
request itself), each the median of several runs, against baselines measured in the same run:
`python -c pass`, and a bare `http.client` GET of the same loopback page (the request itself).

Every child runs with bytecode, as an installed package does: PYTHONDONTWRITEBYTECODE is removed from its
environment and PYTHONPYCACHEPREFIX points at a temporary directory (so src/ is never littered with
__pycache__), and each command has one untimed warm-up run that compiles what it imports. Without this,
every run would compile our sources again and the figures would be those of a first run after install.

`--imports N` adds the import time of the one-link check per module (`python -X importtime`, the median
over the runs): the top N of our package by self and by cumulative time, and the top N imports overall.

Run: python benchmarks/bench_startup.py [--runs 7] [--imports 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from emulators.faults import FICTIONAL_ARTICLE, FaultServer  # noqa: E402

_GET = """import http.client, sys
conn = http.client.HTTPConnection(sys.argv[1], int(sys.argv[2]))
conn.request("GET", sys.argv[3], headers={"User-Agent": "bench"})
assert conn.getresponse().read()
"""


def child_env(pycache: str, **extra: str) -> dict[str, str]:
    """The environment of every timed child: bytecode on (kept under `pycache`), this tree's sources first."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    paths = [str(ROOT / "src"), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(PYTHONPYCACHEPREFIX=pycache, PYTHONPATH=os.pathsep.join(paths), **extra)
    return env


def median_run(args: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(args, check=True, capture_output=True, env=env)  # warm-up: writes the bytecode
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_times(args: list[str], runs: int, env: dict[str, str]) -> dict[str, tuple[float, float, str]]:
    """Module -> (median self ms, median cumulative ms, importer) over `runs` runs of `-X importtime`.

    The importer is the module whose import caused it ("" at the outermost level): the tree prints each
    module before its importer, one level less indented.
    """
    samples: dict[str, list[tuple[int, int]]] = defaultdict(list)
    importer: dict[str, str] = {}
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-X", "importtime", *args[1:]],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        lines = [
            line for line in out.stderr.splitlines() if line.startswith("import time:") and "[us]" not in line
        ]
        path: dict[int, str] = {-1: ""}
        for line in reversed(lines):
            own, cumulative, name = line.removeprefix("import time:").split("|")
            module, depth = name.strip(), (len(name) - len(name.lstrip()) - 1) // 2
            path[depth] = module
            importer[module] = path.get(depth - 1, "")
            samples[module].append((int(own), int(cumulative)))
    return {
        module: (
            statistics.median(s for s, _ in values) / 1000,
            statistics.median(c for _, c in values) / 1000,
            importer[module],
        )
        for module, values in samples.items()
    }


def _ours(module: str) -> bool:
    return module == "verify" or module.startswith("verify.")


def print_imports(times: dict[str, tuple[float, float, str]], top: int) -> None:
    ours = {m: t for m, t in times.items() if _ours(m)}
    # What our modules pull in from elsewhere, whole: the packages start-up pays for on our behalf.
    theirs = {m: t for m, t in times.items() if not _ours(m) and (_ours(t[2]) or not t[2])}
    print(f"\nimports of the one-link check: {len(times)} modules, {len(ours)} of verify; "
          f"{sum(s for s, _, _ in times.values()):.0f} ms self in all, "
          f"{sum(s for s, _, _ in ours.values()):.0f} ms in verify's own modules")  # fmt: skip
    for title, pool, key in (
        ("verify, by self time", ours, 0),
        ("verify, by cumulative time", ours, 1),
        ("other modules imported by verify (or at the top level), by cumulative time", theirs, 1),
    ):
        print(f"\n{title} (ms):\n{'self':>7} {'cumul':>7}  module")
        for module, values in sorted(pool.items(), key=lambda kv: -kv[1][key])[:top]:
            print(f"{values[0]:7.1f} {values[1]:7.1f}  {module}")


def one_link(runs: int, pycache: str, imports: int) -> None:
    """`verify check` of a draft citing one page (no quotation) against the bare request for that page."""
    page = {"/ferry": (200, "text/html; charset=utf-8", FICTIONAL_ARTICLE.encode())}
    with FaultServer("127.0.0.2", pages=page) as server, tempfile.TemporaryDirectory() as tmp:
        url = server.url("/ferry")
        host, port = url.split("/")[2].split(":")
        draft = Path(tmp) / "draft.md"
        draft.write_text(f"# Ferries\n\nThe council [announced]({url}) two evening crossings.\n", "utf-8")
        env = child_env(pycache, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
        request = median_run([sys.executable, "-c", _GET, host, port, "/ferry"], runs, env)
        args = [sys.executable, "-m", "verify", "check", str(draft), "--archive", "never", "--no-cache",
                "--allow-net", "127.0.0.0/8", "--quiet", "--format", "json"]  # fmt: skip
        check = median_run(args, runs, env)
        times = import_times(args, runs, env) if imports else {}
    print(f"bare GET of the page (python + http.client): {request * 1000:.0f} ms (baseline)")
    print(f"verify check, one-link draft: {check * 1000:.0f} ms ({check / request:.1f}x the request; "
          f"{(check - request) * 1000:.0f} ms beyond it; target <= 150 ms)")  # fmt: skip
    if imports:
        print_imports(times, imports)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--imports", type=int, default=0, metavar="N", help="print the top N imports by time")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-pycache-") as pycache:
        env = child_env(pycache)
        base = median_run([sys.executable, "-c", "pass"], args.runs, env)
        help_time = median_run([sys.executable, "-m", "verify", "--help"], args.runs, env)
        extract_help = median_run([sys.executable, "-m", "verify", "extract", "--help"], args.runs, env)
        print(f"python -c pass: {base * 1000:.0f} ms (baseline)")
        print(f"verify --help: {help_time * 1000:.0f} ms ({help_time / base:.1f}x baseline; target < 250 ms)")
        print(f"verify extract --help: {extract_help * 1000:.0f} ms ({extract_help / base:.1f}x baseline)")
        one_link(args.runs, pycache, args.imports)


if __name__ == "__main__":
    main()
