"""`verify fetch`: fetch URLs safely and report each one's status (a link checker with evidence)."""

from __future__ import annotations

import sys
import time
from typing import Any

import click

from verify.cli.options import (
    client_from_options,
    color_option,
    emit,
    network_options,
    output_option,
    url_arguments,
)
from verify.cli.output import HELP_OPTIONS, Command, check_outputs, format_option, use_colour
from verify.errors import EXIT_FINDINGS, EXIT_OK
from verify.models import FetchStatus
from verify.report import Style, canonical, render_as

# Skipped URLs were excluded on purpose. A redirect is a finding by default (the citation should
# point at the page's new address), unless --redirects-ok says moved pages are fine.
FINE = frozenset({FetchStatus.OK, FetchStatus.SKIPPED})


class _Progress:
    """`fetched n/N` on stderr, only on a terminal and only once a run has taken a second."""

    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.total = total
        self.count = 0
        self.stream = sys.stderr
        self.enabled = enabled and self.stream.isatty()
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


@click.command(name="fetch", cls=Command, context_settings=HELP_OPTIONS)
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@format_option("fetch")
@click.option(
    "--skip",
    "skip",
    multiple=True,
    metavar="REGEX",
    help="Do not fetch URLs matching this regular expression (repeatable; reported as skipped).",
)
@click.option("--redirects-ok", is_flag=True, help="Count redirected URLs as fine for the exit status.")
@output_option
@click.option("--quiet", "-q", is_flag=True, help="No progress line and no summary on stderr.")
@color_option
@network_options
def command(
    urls: tuple[str, ...],
    *,
    fmt: str,
    skip: tuple[str, ...],
    redirects_ok: bool,
    output: str | None,
    quiet: bool,
    color: str,
    **options: Any,
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
    from verify.report.links import summary_line  # noqa: PLC0415

    targets = url_arguments(urls)
    check_outputs({"--output": output, "--warc": options.get("warc")}, [])
    out = sys.stdout
    progress = _Progress(len(dict.fromkeys(targets)), enabled=not quiet)
    try:
        with client_from_options(skip_patterns=skip, **options) as client:
            fetched = fetch_all(client, targets, on_result=progress)
    finally:
        progress.done()
    results = [fetched[u].result for u in dict.fromkeys(targets)]
    colour = not output and canonical(fmt) == "table" and use_colour(out, color)
    emit(render_as("fetch", fmt, results, Style(colour=colour)), output, colour=colour)
    if canonical(fmt) == "table" and not quiet:
        click.echo(summary_line(results), err=True)
    fine = FINE | {FetchStatus.REDIRECTED} if redirects_ok else FINE
    failed = any(r.status not in fine for r in results)
    raise click.exceptions.Exit(EXIT_FINDINGS if failed else EXIT_OK)
