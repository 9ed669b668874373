"""`verify extract`: what an article cites (links, embeds, attributions, quotations), as a table or JSON."""

from __future__ import annotations

from typing import Any

import click

from verify.cli.options import Number, client_from_options, color_option, emit, network_options, output_option
from verify.cli.output import HELP_OPTIONS, Command, check_outputs, format_option
from verify.report import render_as


@click.command(name="extract", cls=Command, context_settings=HELP_OPTIONS)
@click.argument("article", metavar="ARTICLE")
@format_option("extract")
@output_option
@click.option(
    "--max-bytes",
    type=Number("max-bytes"),
    default=20_000_000,
    show_default=True,
    help="Refuse articles larger than this.",
)
@color_option
@network_options
def command(article: str, fmt: str, output: str | None, max_bytes: int, color: str, **params: Any) -> None:
    """List what ARTICLE cites: links, bare URLs, embedded posts, named sources and quotations.

    ARTICLE is a path (.html, .md, .txt; the format is sniffed when the extension is missing or
    wrong), - for standard input, or an http(s) URL. Nothing but the article itself is fetched.

    \b
    Examples:
      verify extract draft.md
      verify extract https://www.example.com/story --format json -o story.json
    """
    del color  # every command takes --color; what extract prints has no colour
    from verify.extract import extract  # noqa: PLC0415 - heavy imports only when the command runs
    from verify.read import load  # noqa: PLC0415

    check_outputs({"--output": output}, [article])
    client = None
    if article.lower().startswith(("http://", "https://")):
        client = client_from_options(**params)
    try:
        text = load(article, client=client, max_bytes=max_bytes)
    finally:
        if client is not None:
            client.close()
    emit(render_as("extract", fmt, extract(text)), output)
