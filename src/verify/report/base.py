"""The one protocol every renderer follows: a value of one command, and the style of the output, to text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TypeVar

T_contra = TypeVar("T_contra", contravariant=True)


@dataclass(frozen=True, slots=True)
class Style:
    """How the output will be shown; each renderer uses what applies to it (a table its width, …)."""

    colour: bool = False
    width: int = 120
    # GitHub: the full findings go to $GITHUB_STEP_SUMMARY, so the log's last line points there.
    step_summary: bool = False


PLAIN = Style()


class Renderer(Protocol[T_contra]):
    """A command's result as the text of one output format."""

    def __call__(self, value: T_contra, style: Style = PLAIN, /) -> str: ...
