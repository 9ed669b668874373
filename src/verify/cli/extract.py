"""`verify extract`: what an article cites (links, embeds, attributions, quotations), as a table or JSON."""

from __future__ import annotations

from typing import Any

import click

from verify.cli.options import Number, client_from_options, network_options
from verify.cli.output import format_option
from verify.errors import UsageError
from verify.report import render_as


@click.command(name="extract")
@click.argument("article", metavar="ARTICLE")
@format_option("extract")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE instead of stdout."
)
@click.option(
    "--max-bytes",
    type=Number("max-bytes"),
    default=20_000_000,
    show_default=True,
    help="Refuse articles larger than this.",
)
@network_options
def command(article: str, fmt: str, output: str | None, max_bytes: int, **params: Any) -> None:
    """List what ARTICLE cites: links, bare URLs, embedded posts, named sources and quotations.

    ARTICLE is a path (.html, .md, .txt; the format is sniffed when the extension is missing or
    wrong), - for standard input, or an http(s) URL. Nothing but the article itself is fetched.

    \b
    Examples:
      verify extract draft.md
      verify extract https://www.example.com/story --format json -o story.json
    """
    from verify.extract import extract  # noqa: PLC0415 - heavy imports only when the command runs
    from verify.read import load  # noqa: PLC0415

    client = None
    if article.lower().startswith(("http://", "https://")):
        client = client_from_options(**params)
    try:
        text = load(article, client=client, max_bytes=max_bytes)
    finally:
        if client is not None:
            client.close()
    ex = extract(text)
    out = render_as("extract", fmt, ex)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(out)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        click.echo(out, nl=False)
