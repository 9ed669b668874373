"""`verify fetch` against lychee on loopback worlds: wall time and TCP connections opened, in one run.

Matrix: every world (--links/--hosts, paired: 1,000 links over 100 hosts and 3,000 over 300 by default)
at every concurrency (--jobs 32,64,128). Servers on 127.0.0.2… with 100 ms latency (benchmarks/
bench_fetch.py's world), each link a distinct URL. Both tools do the same work at equal settings:
- verify fetch -j N --per-host P --min-interval 0 --no-cache --allow-net 127.0.0.0/8 -f json;
- lychee --max-concurrency N --host-concurrency P --host-request-interval 0s --cache=false, run in an
  empty folder (no lychee.toml), loopback not excluded (lychee's default), on a Markdown list of the links.
Both send GET (each one's default; the servers report the methods they saw). Every run must bring every
link to the servers exactly once (no cache, no exclusion, no dedup can skip work) and exit 0.
Targets (issue 15): wall ≤ 1.3× lychee's at every level; connections ≤ 1.2× lychee's.

Then defaults against defaults (verify's `-j 32 --per-host 4` against lychee with no options beyond
its cache off) on 300 links over 60 hosts: the ratio is reported, with no target.

Medians of --repeat runs (3), the two tools' runs interleaved so that both see the same machine.
Run: python benchmarks/bench_lychee.py [--links 1000,3000] [--hosts 100,300] [--jobs 32,64,128]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_fetch import World, run_child


@dataclass
class Runs:
    """One tool's runs on one world at one setting."""

    walls: list[float]
    connections: list[int]

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def opened(self) -> float:
        return statistics.median(self.connections)


class Bench:
    """Runs each tool on one world, checking that every run did all of the world's work."""

    def __init__(self, world: World, links: int, tmp: Path) -> None:
        self.world = world
        self.links = links
        self.tmp = tmp
        self.env = dict(os.environ, VERIFY_CACHE_DIR=str(tmp / "verify-cache"))
        self.lychee_dir = tmp / "lychee"  # an empty folder: no lychee.toml, no .lycheecache
        self.lychee_dir.mkdir(exist_ok=True)
        self.list = tmp / "links.md"  # lychee checks the links a document holds (a URL input is a page)
        self.list.write_text("".join(f"- <{u}>\n" for u in world.urls))

    def verify(self, options: list[str]) -> list[str]:
        base = [sys.executable, "-m", "verify", "fetch", "--allow-net", "127.0.0.0/8", "--no-cache"]
        return [*base, "-f", "json", "-q", *options, *self.world.urls]

    def lychee(self, options: list[str]) -> list[str]:
        lychee = shutil.which("lychee")
        assert lychee, "lychee is not installed: pip install -e '.[bench]'"
        return [lychee, "--cache=false", "--no-progress", "-f", "compact", *options, str(self.list)]

    def once(self, label: str, cmd: list[str]) -> tuple[float, int]:
        """Wall seconds and connections opened by one run of `cmd`, which must have fetched every link."""
        requests, opened = self.world.total_requests(), self.world.total_connections()
        wall, _, code, out = run_child(cmd, self.env, cwd=str(self.lychee_dir))
        requests = self.world.total_requests() - requests
        assert code == 0, f"{label}: exit {code}: {out[-400:]}"
        assert requests == self.links, f"{label}: {requests} requests reached the servers, not {self.links}"
        return wall, self.world.total_connections() - opened

    def pair(self, verify: list[str], lychee: list[str], repeat: int) -> tuple[Runs, Runs]:
        v, y = Runs([], []), Runs([], [])
        for _ in range(repeat):
            for runs, label, cmd in ((v, "verify", verify), (y, "lychee", lychee)):
                wall, opened = self.once(label, cmd)
                runs.walls.append(wall)
                runs.connections.append(opened)
        return v, y


def _row(label: str, v: Runs, y: Runs, wall_target: float | None, conn_target: float | None) -> str:
    wall_ratio, conn_ratio = v.wall / y.wall, v.opened / max(y.opened, 1)
    flags = ""
    if wall_target is not None:
        flags += " ok" if wall_ratio <= wall_target else f" OVER {wall_target}"
    if conn_target is not None:
        flags += " ok" if conn_ratio <= conn_target else f" OVER {conn_target}"
    return (
        f"| {label} | {v.wall:.3f} | {y.wall:.3f} | {wall_ratio:.2f} | "
        f"{v.opened:.0f} | {y.opened:.0f} | {conn_ratio:.2f} |{flags}"
    )


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--links", type=_ints, default=[1000, 3000], help="comma-separated, paired with --hosts")
    ap.add_argument("--hosts", type=_ints, default=[100, 300])
    ap.add_argument("--jobs", type=_ints, default=[32, 64, 128])
    ap.add_argument("--per-host", type=int, default=10, help="both tools' per-host limit (lychee's default)")
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--world-processes", type=int, default=6)
    ap.add_argument("--defaults", default="300,60", help="links,hosts of the defaults run ('' skips it)")
    ap.add_argument("--no-matrix", action="store_true", help="only the defaults run")
    args = ap.parse_args()
    assert len(args.links) == len(args.hosts), "--links and --hosts pair up"
    return args


HEADER = (
    "| case | verify s | lychee s | ratio | verify conns | lychee conns | ratio |\n"
    "|---|---|---|---|---|---|---|"
)


def matrix(args: argparse.Namespace, tmp: Path) -> None:
    print(
        f"equal settings: per host {args.per_host}, no interval, no cache, "
        f"{args.latency * 1000:.0f} ms latency"
    )
    print(HEADER)
    for links, hosts in zip(args.links, args.hosts, strict=True):
        world = World(links, hosts, args.latency, args.world_processes)
        try:
            bench = Bench(world, links, tmp)
            for jobs in args.jobs:
                verify = bench.verify(
                    ["-j", str(jobs), "--per-host", str(args.per_host), "--min-interval", "0"]
                )
                lychee = bench.lychee(
                    [
                        *("--max-concurrency", str(jobs), "--host-concurrency", str(args.per_host)),
                        *("--host-request-interval", "0s"),
                    ]
                )
                v, y = bench.pair(verify, lychee, args.repeat)
                print(_row(f"{links} links / {hosts} hosts, {jobs} in flight", v, y, 1.3, 1.2), flush=True)
            print(f"methods the servers saw: {', '.join(world.methods())}")
        finally:
            world.stop()


def defaults(args: argparse.Namespace, tmp: Path) -> None:
    links, hosts = _ints(args.defaults)
    world = World(links, hosts, args.latency, args.world_processes)
    try:
        bench = Bench(world, links, tmp)
        v, y = bench.pair(bench.verify([]), bench.lychee([]), args.repeat)
        print(
            "defaults: verify -j 32 --per-host 4; lychee 128 in flight, 10 per host, 50 ms per host between"
        )
        print(HEADER)
        print(_row(f"{links} links / {hosts} hosts, defaults", v, y, None, None))
        print(f"methods the servers saw: {', '.join(world.methods())}")
    finally:
        world.stop()


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_matrix:
            matrix(args, Path(tmp))
        if args.defaults:
            defaults(args, Path(tmp))


if __name__ == "__main__":
    main()
