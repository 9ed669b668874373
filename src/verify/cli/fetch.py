"""`verify fetch`: fetch URLs safely and report each one's status (a link checker with evidence)."""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import click

from verify.cli.options import client_from_options, network_options, url_arguments
from verify.errors import EXIT_FINDINGS, EXIT_OK
from verify.models import FetchResult, FetchStatus
from verify.textsafe import clean, one_line

# Skipped URLs were excluded on purpose. A redirect is a finding by default (the citation should
# point at the page's new address), unless --redirects-ok says moved pages are fine.
FINE = frozenset({FetchStatus.OK, FetchStatus.SKIPPED})


def fetch_record(result: FetchResult) -> dict[str, Any]:
    """One URL's row in JSON: `url` and the fields of a report source's `fetch` object."""
    from verify.report.jsonreport import fetch_to_dict  # noqa: PLC0415  (the report's one definition)

    return {"url": result.url, **(fetch_to_dict(result) or {})}


def _size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1000:
        return f"{n} B"
    if n < 1_000_000:
        return f"{n / 1000:.1f} kB"
    return f"{n / 1_000_000:.1f} MB"


def _table(results: list[FetchResult], color: bool) -> str:
    from tabulate import tabulate  # noqa: PLC0415

    colors = {
        FetchStatus.OK: "green",
        FetchStatus.REDIRECTED: "cyan",
        FetchStatus.SKIPPED: "white",
        FetchStatus.BLOCKED: "yellow",
        FetchStatus.NOT_IN_REPLAY: "yellow",
    }
    rows = []
    for r in results:
        final = r.final_url if r.final_url and r.final_url != r.url else ""
        status = r.status.value + (" (cut)" if r.truncated else "") + (" (cached)" if r.from_cache else "")
        if color:
            status = click.style(status, fg=colors.get(r.status, "red"))
        rows.append(
            [
                status,
                r.http_status or "",
                one_line(r.url, 80),
                one_line(final, 80),
                one_line(r.content_type or "", 30),
                _size(r.size),
                (r.sha256 or "")[:12],
                f"{r.elapsed:.2f}s" if r.elapsed is not None else "",
                one_line(r.error or "", 100),
            ]
        )
    headers = ["status", "http", "url", "final url", "type", "size", "sha256", "time", "error"]
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True)


class _Progress:
    """`fetched n/N` on stderr, only on a terminal and only once a run has taken a second."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.stream = sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, url: str, fetched: object) -> None:
        self.count += 1
        now = time.monotonic()
        if not self.enabled or now - self.started < 1.0 or now - self.last < 0.1:
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\rverify: fetched {self.count}/{self.total}")
        self.stream.flush()

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@click.command(name="fetch")
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--skip",
    "skip",
    multiple=True,
    metavar="REGEX",
    help="Do not fetch URLs matching this regular expression (repeatable; reported as skipped).",
)
@click.option("--redirects-ok", is_flag=True, help="Count redirected URLs as fine for the exit status.")
@network_options
def command(
    urls: tuple[str, ...], fmt: str, skip: tuple[str, ...], redirects_ok: bool, **options: Any
) -> None:
    """Fetch URLs safely and report their status.

    One row per URL: status (ok, redirected, broken, blocked, timeout, unsafe, skipped,
    not-in-replay), HTTP status, final URL, content type, size, SHA-256 of the body, time
    and error. Give `-` to read URLs from standard input, one per line.

    Private, loopback and other non-public addresses are refused unless allowed with
    --allow-net or --allow-private. With --warc every request and response is kept as
    evidence; --replay answers from such a file without touching the network.

    Exit status: 0 every URL is ok (or skipped); 1 any is not (with --redirects-ok a
    redirected URL counts as fine); 2 bad usage.
    """
    from verify.fetch.stage import fetch_all  # noqa: PLC0415  (requests only when the command runs)

    targets = url_arguments(urls)
    out = sys.stdout
    progress = _Progress(len(dict.fromkeys(targets)))
    try:
        with client_from_options(skip_patterns=skip, **options) as client:
            fetched = fetch_all(client, targets, on_result=progress, scope_body=False)
    finally:
        progress.done()
    results = [fetched[u].result for u in dict.fromkeys(targets)]
    if fmt == "json":
        click.echo(json.dumps([fetch_record(r) for r in results], indent=2, ensure_ascii=False))
    else:
        color = out.isatty() and "NO_COLOR" not in os.environ
        click.echo(clean(_table(results, color)))
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status.value] = counts.get(r.status.value, 0) + 1
        summary = ", ".join(f"{n} {name}" for name, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        click.echo(f"{len(results)} URL{'s' if len(results) != 1 else ''}: {summary}", err=True)
    fine = FINE | {FetchStatus.REDIRECTED} if redirects_ok else FINE
    failed = any(r.status not in fine for r in results)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)
