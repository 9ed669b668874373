"""The output options every command shares (`--format/-f`), declared once so that names cannot drift."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from verify.report import formats

F = TypeVar("F", bound=Callable[..., Any])

# Said the same way on every command: a format name means the same thing wherever it is offered.
_MEANING = {
    "table": "table (for a person at a terminal; `text` is the same)",
    "json": "json (for programs)",
    "markdown": "markdown (a pull-request comment)",
    "github": "github (GitHub Actions annotations)",
    "html": "html (a self-contained page to share)",
    "robustlinks": "robustlinks (an HTML anchor per URL to paste into an article)",
}


def format_option(command: str, name: str = "fmt") -> Callable[[F], F]:
    """`--format/-f` with the command's formats from the report's registry, `table` by default."""
    offered = formats(command, aliases=False)
    return click.option(
        "--format",
        "-f",
        name,
        type=click.Choice(formats(command)),
        default="table",
        show_default=True,
        help="Output: " + ", ".join(_MEANING[f] for f in offered) + ".",
    )
