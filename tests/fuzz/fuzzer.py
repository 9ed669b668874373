"""A bounded random fuzzer for the three commands that read untrusted text: extract, check and compare.

Each case is an article (Markdown, HTML or plain text) built from a seed out of the pieces real pages and
hostile inputs are made of: every quotation mark, half-closed quotes, links and bare URLs of every shape
(IPv6, ports out of range, control characters, schemes that are not http), embeds, front matter with
impossible dates, BOMs, deep nesting, long numbers and binary junk. `check` runs with `--archive never`
against a loopback fault server (slow, reset, garbage, redirect loops, PDFs, bot walls), in every output
format in turn. A case fails when the command exits 3 or prints a traceback; every other exit status is
an answer. The same seed gives the same case, so a failure is replayed by its number.

    python tests/fuzz/fuzzer.py --cases 2000        # every command, 2,000 cases each
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":  # run as a script: the emulators live beside this folder
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from click.testing import CliRunner

from emulators.faults import FaultServer
from verify.cli import cli
from verify.report import RENDERERS

QUOTES = ['"', "“", "”", "‘", "’", "„", "“", "»", "«", "« ", " »", "‹", "›", "「", "」", "'", "`"]
WORDS = [
    "the",
    "council",
    "said",
    "harbour",
    "ferry",
    "timetable",
    "minister",
    "confirmed",
    "budget",
    "2,300",
    "tonnes",
    "40%",
    "about",
    "nearly",
    "€1,2",
    "Mio.",
    "Chechnya’s",
    "he",
    "she",
    "they",
    "told",
    "reporters",
    "according",
    "to",
    "said:",
    "sagte",
    "er",
    "selon",
    "laut",
    "dijo",
    "según",
    "a",
    "déclaré",
    "explique-t-elle",
    "zei",
    "disse",
    "ha",
    "detto",
    "…",
    "...",
    "h/t",
    "#Ferries",
    "@harbourauth",
]
ROUTES = [
    "/ok",
    "/status?code=404",
    "/status?code=500",
    "/status?code=410",
    "/slow?delay=0.2",
    "/reset",
    "/garbage",
    "/hangup",
    "/redirect?code=301&to=/ok",
    "/loop",
    "/chain?n=3",
    "/gzip",
    "/truncated",
    "/charset?cs=windows-1252",
    "/pdf",
    "/json",
    "/text",
    "/image",
    "/botwall",
    "/throttle",
    "/big?mb=1",
    "/nope",
    "/bomb?mb=50",
]
WEIRD_URLS = [
    "http://[2001:db8::1]:8080/x",
    "http://[::1",
    "http://a b/c",
    "https://example.invalid:99999/p",
    "ftp://files.example/f",
    "javascript:alert(1)",
    "data:text/html,<b>x</b>",
    "http://10.0.0.1/admin",
    "http://localhost/",
    "https://exa\u0000mple.org/",
    "https://example.org/\r\nX-Bad: 1",
    "http:///",
    "https://twitter.com/harbourauth/status/861627479294746624",
    "https://t.co/abc",
    "https://bsky.app/profile/harbour.example/post/3kabc",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://" + "a" * 300 + ".example/",
    "https://example.org/" + "%" * 40,
    "HTTPS://EXAMPLE.ORG/",
]
JUNK = [
    "\x1b[31m",
    "\x7f",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "\u00ad",
    "\u200b",
    "\r",
    "\t",
    "\x0c",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "\\",
    "|",
    "*",
    "_",
    "#",
]
FRONT_MATTER = [
    "---\ndate: 2026-05-17T99:99:99\n---\n",
    "---\npublished: 99999-01-01\n---\n",
    "---\ntitle: [\n---\n",
    "---\ndate: 2026-05-17\ncanonical: https://news.example/s\n---\n",
    "+++\ndate = 2026-05-17\n+++\n",
    "---\n",
]
INPUT_KINDS = ("md", "html", "txt")


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _quote(rng: random.Random) -> str:
    return rng.choice(QUOTES) + _words(rng, rng.randint(0, 30)) + rng.choice([*QUOTES, ""])


def _url(rng: random.Random, base: str) -> str:
    return base + rng.choice(ROUTES) if rng.random() < 0.7 else rng.choice(WEIRD_URLS)


def _piece(rng: random.Random, base: str, kind: str) -> str:
    roll = rng.random()
    url = _url(rng, base)
    if roll < 0.3:
        return _quote(rng) + " " + rng.choice(["he said.", "said Ana Berg, the minister.", "", ","])
    if roll < 0.5:
        text = _words(rng, rng.randint(1, 5))
        return f'<a href="{url}">{text}</a>' if kind == "html" else f"[{text}]({url})"
    if roll < 0.6:
        return url
    if roll < 0.65:
        return (
            f'<blockquote class="twitter-tweet"><p>{_words(rng, 8)}</p>&mdash; Harbour (@harbourauth) '
            f'<a href="{rng.choice(WEIRD_URLS)}">May 17, 2026</a></blockquote>'
        )
    if roll < 0.7:
        return f"{_words(rng, 6)} #Ferries {_quote(rng)} — Harbour Authority (@harbourauth) May 17, 2026"
    if roll < 0.75:
        depth = rng.choice([10, 300, 3000])
        return "<div>" * depth + _quote(rng) + "</div>" * rng.randint(0, depth)
    if roll < 0.8:
        return str(rng.choice([10**400, -1, 1e308, float("nan")])) + " " + _words(rng, 3)
    if roll < 0.9:
        # A NUL makes the whole input binary (refused, exit 2): rare, so most cases reach extraction.
        junk = [*JUNK, "\x00"] if rng.random() < 0.02 else JUNK
        return "".join(rng.choice(junk) for _ in range(rng.randint(1, 12)))
    return _words(rng, rng.randint(1, 40))


def make_article(seed: int, base: str) -> tuple[str, bytes]:
    """The case `seed`: its file suffix and bytes."""
    rng = random.Random(seed)
    kind = rng.choice(INPUT_KINDS)
    paragraphs = []
    for _ in range(rng.randint(0, 12)):
        paragraphs.append(" ".join(_piece(rng, base, kind) for _ in range(rng.randint(1, 6))))
    if kind == "html":
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        title = _words(rng, 3)
        text = f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"
        if rng.random() < 0.2:
            text = text[: rng.randint(0, len(text))]  # truncated markup
    else:
        front = rng.choice(FRONT_MATTER) if kind == "md" and rng.random() < 0.3 else ""
        text = front + "\n\n".join(paragraphs)
    data = text.encode("utf-8", "surrogatepass")
    roll = rng.random()
    if roll < 0.05:
        data = text.encode("utf-16")
    elif roll < 0.1:
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2000)))
    elif roll < 0.15:
        data = data.decode("utf-8", "replace").encode("cp1252", "replace")
    return kind, data


@dataclass
class Tally:
    """What one command answered over its cases."""

    command: str
    cases: int = 0
    exits: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)  # "seed: why"
    seconds: float = 0.0


def _judge(tally: Tally, seed: int, exit_code: int, output: str, exception: BaseException | None) -> None:
    tally.cases += 1
    tally.exits[exit_code] += 1
    if exit_code == 3 or "Traceback (most recent call last)" in output:
        tally.failures.append(f"{seed}: exit {exit_code}: {output.strip().splitlines()[-1:]!r}")
    elif exception is not None and not isinstance(exception, SystemExit):
        tally.failures.append(f"{seed}: {type(exception).__name__}: {exception}")


@contextmanager
def _world() -> Iterator[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp, FaultServer() as server:
        yield tmp, server.url("")


def fuzz_extract(seeds: range, folder: Path, base: str) -> Tally:
    tally = Tally("extract")
    runner = CliRunner()
    for seed in seeds:
        kind, data = make_article(seed, base)
        path = folder / f"case{seed}.{kind}"
        path.write_bytes(data)
        fmt = ("table", "json")[seed % 2]
        result = runner.invoke(cli, ["extract", str(path), "-f", fmt])
        _judge(tally, seed, result.exit_code, result.output, result.exception)
    return tally


def fuzz_check(seeds: range, folder: Path, base: str) -> Tally:
    tally = Tally("check")
    runner = CliRunner()
    formats = sorted(RENDERERS["check"])
    for seed in seeds:
        kind, data = make_article(seed, base)
        path = folder / f"case{seed}.{kind}"
        path.write_bytes(data)
        args = ["check", str(path), "-f", formats[seed % len(formats)], "--archive", "never", "--no-cache",
                "--no-embeds", "--allow-private", "--timeout", "2", "--quiet"]  # fmt: skip
        result = runner.invoke(cli, args)
        _judge(tally, seed, result.exit_code, result.output, result.exception)
    return tally


def fuzz_compare(seeds: range, folder: Path, base: str) -> Tally:
    tally = Tally("compare")
    runner = CliRunner()
    for seed in seeds:
        rng = random.Random(seed)
        kind, data = make_article(seed, base)
        path = folder / f"source{seed}.{kind}"
        path.write_bytes(data)
        quote = "".join(_piece(rng, base, "txt") for _ in range(rng.randint(0, 3)))
        source = str(path) if rng.random() < 0.8 else _url(rng, base)
        args = ["compare", quote or "-", source, "-f", ("table", "json")[seed % 2], "--allow-private",
                "--timeout", "2"]  # fmt: skip
        result = runner.invoke(cli, args, input=quote)
        _judge(tally, seed, result.exit_code, result.output, result.exception)
    return tally


COMMANDS: dict[str, Callable[[range, Path, str], Tally]] = {
    "extract": fuzz_extract,
    "check": fuzz_check,
    "compare": fuzz_compare,
}


def run(cases: int, commands: list[str], start: int = 0) -> list[Tally]:
    tallies = []
    with _world() as (tmp, base):
        for name in commands:
            began = time.monotonic()
            tally = COMMANDS[name](range(start, start + cases), Path(tmp), base.rstrip("/"))
            tally.seconds = time.monotonic() - began
            tallies.append(tally)
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--start", type=int, default=0, help="first seed")
    parser.add_argument("commands", nargs="*", default=list(COMMANDS))
    options = parser.parse_args()
    tallies = run(options.cases, options.commands, options.start)
    failed = 0
    for t in tallies:
        exits = ", ".join(f"exit {code}: {n}" for code, n in sorted(t.exits.items()))
        print(f"{t.command:8} {t.cases} cases in {t.seconds:.0f} s: {exits}; failures: {len(t.failures)}")
        for line in t.failures[:20]:
            print("   ", line)
        failed += len(t.failures)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
