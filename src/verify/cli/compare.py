"""`verify compare`: one quotation against one source (a file or a URL), with the edits marked."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from verify.cli.options import (
    client_from_options,
    color_option,
    emit,
    network_options,
    output_option,
    pop_network_options,
)
from verify.cli.output import HELP_OPTIONS, Command, check_outputs, format_option, use_colour
from verify.errors import EXIT_FINDINGS, EXIT_OK, InputError, UsageError
from verify.models import Comparison, Document, FetchResult, MatchResult, QuoteVerdict
from verify.report import Style, canonical, render_as
from verify.textsafe import one_line

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xhtml": "application/xhtml+xml",
    ".pdf": "application/pdf",
    ".json": "application/json",
}


def _read_file(path: str) -> tuple[Document | None, str | None]:
    """The document of a file, or None and why it holds no readable text; a missing file is bad usage."""
    from verify.extract.body import main_content  # noqa: PLC0415
    from verify.fetch.reader import read_body  # noqa: PLC0415

    p = Path(path)
    if p.is_dir():
        raise InputError(f"cannot read {path}: it is a directory")
    try:
        body = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    ctype = _TYPES.get(p.suffix.lower(), "text/plain; charset=utf-8")
    if ctype.startswith("text/plain") and body.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html")
    ):
        ctype = "text/html"
    status, doc, reason = read_body(p.resolve().as_uri(), body, {"content-type": ctype}, body_of=main_content)
    if doc is None:
        return None, f"unreadable: {reason or status.value}"
    return doc, None


def _check_url(url: str) -> None:
    """Bad URL syntax is bad usage (exit 2), unlike a URL that cannot be fetched."""
    from urllib.parse import urlsplit  # noqa: PLC0415

    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError as exc:
        raise UsageError(f"not a valid URL: {one_line(url, 200)} ({exc})") from None
    if not host or any(c.isspace() for c in url):
        raise UsageError(f"not a valid URL: {one_line(url, 200)}")


def _read_url(url: str, network: dict[str, Any]) -> tuple[Document | None, str | None, FetchResult]:
    """Fetch a URL: the document, or None and why it could not be read (broken, blocked, a wall…)."""
    from verify.fetch import fetch_one  # noqa: PLC0415

    with client_from_options(**network) as client:
        fetched = fetch_one(client, url)
    result = fetched.result
    if fetched.document is None:
        why = result.error or (f"HTTP {result.http_status}" if result.http_status else "no text to read")
        return None, f"{result.status.value}: {why}", result
    return fetched.document, None, result


def _judge(quote: str, doc: Document, ignore_urls: bool) -> MatchResult:
    """The quotation against the document; not-found becomes unverifiable when the text says why."""
    from verify.match import prepare, unverifiable_reason  # noqa: PLC0415

    index = prepare(doc.text, ignore_urls=ignore_urls)
    result = index.match(quote)
    if result.verdict is QuoteVerdict.NOT_FOUND:
        why = unverifiable_reason(quote, [doc], index)
        if why is not None:
            result = replace(result, verdict=QuoteVerdict.UNVERIFIABLE, note=why)
    return result


@click.command(name="compare", cls=Command, context_settings=HELP_OPTIONS)
@click.argument("quote")
@click.argument("source")
@format_option("compare")
@click.option(
    "--ignore-urls", is_flag=True, help="Ignore links, t.co and pic.twitter.com tails (post texts)."
)
@color_option
@output_option
@network_options
def command(
    quote: str,
    source: str,
    *,
    fmt: str,
    ignore_urls: bool,
    color: str,
    output: str | None,
    **params: Any,
) -> None:
    """Compare one QUOTE with a SOURCE (a file: HTML, PDF, Markdown, text; or an http(s) URL).

    Prints the verdict (exact, minor, altered, spliced, not-found, unverifiable), the passage found with the
    edits marked ([-source words-]{+quotation words+} without colour), the score and a note that
    names any changed number, negation or name. QUOTE "-" reads the quotation from standard input.

    A source that cannot be read (broken, blocked, a bot wall or paywall, no text, another language)
    gives the verdict unverifiable and the reason.

    Exit status: 0 exact or minor; 1 altered, spliced, not-found or unverifiable; 2 bad usage (a
    missing file, a malformed URL).

    \b
    Example:
      verify compare "the fund paid 200 families" report.pdf
    """
    network = pop_network_options(params)
    check_outputs({"--output": output, "--warc": network.get("warc")}, [source])
    if quote == "-":
        quote = sys.stdin.read()
    if not quote.strip():
        raise UsageError("the quotation is empty")
    fetch: FetchResult | None = None
    if source.startswith(("http://", "https://")):
        _check_url(source)
        doc, reason, fetch = _read_url(source, network)
    elif "://" in source:
        raise UsageError(f"unsupported URL scheme in {one_line(source, 200)} (http and https only)")
    else:
        doc, reason = _read_file(source)
    result = _judge(quote, doc, ignore_urls) if doc is not None else None
    result = result or MatchResult(QuoteVerdict.UNVERIFIABLE, 0.0, note=reason)
    colour = not output and canonical(fmt) == "table" and use_colour(sys.stdout, color)
    comparison = Comparison(quote, source, result, url=doc.url if doc is not None else None, fetch=fetch)
    emit(render_as("compare", fmt, comparison, Style(colour=colour)), output, colour=colour)
    raise click.exceptions.Exit(EXIT_OK if result.verdict.found else EXIT_FINDINGS)
