"""Output every command shares: `--format/-f` declared once so that names cannot drift, output paths
checked before work and written atomically, and the colour decision."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click

from verify.errors import UsageError
from verify.report import formats

F = TypeVar("F", bound=Callable[..., Any])

# On every command itself, not only on the group: click keeps the help option a command first built, so a
# command used on its own once (a test, an embedding program) would lose `-h` for the rest of the process.
HELP_OPTIONS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


class Command(click.Command):
    """A verify command: `-h` and `--help` whatever context first asks for its help option (click builds
    that option once per command, from the first context's names: a bare `click.Context(command)` said
    only `--help`, and every later `verify COMMAND --help` of the process lost `-h`)."""

    def get_help_option_names(self, ctx: click.Context) -> list[str]:
        names = ["-h", "--help"]
        taken = {opt for param in self.params for opt in (*param.opts, *param.secondary_opts)}
        return [n for n in names if n not in taken]


# Said the same way on every command: a format name means the same thing wherever it is offered.
_MEANING = {
    "table": "table (for a person at a terminal; `text` is the same)",
    "json": "json (for programs)",
    "markdown": "markdown (a pull-request comment)",
    "github": "github (GitHub Actions annotations)",
    "html": "html (a self-contained page to share)",
    "robustlinks": "robustlinks (an HTML anchor per URL to paste into an article)",
    "junit": "junit (JUnit XML for GitLab, Jenkins, Azure)",
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


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_outputs(outputs: dict[str, str | None], inputs: list[str]) -> None:
    """Refuse, before any work, an output that would destroy an input or could not be written.

    `outputs` maps an option name (`-o`, `--warc`) to its path. An output that is an input (the same
    file, also through a link) would overwrite the article with its own report.
    """
    for option, path in outputs.items():
        if not path or path == "-":
            continue
        for given in inputs:
            if given != "-" and "://" not in given and os.path.exists(given) and _same_file(path, given):
                raise UsageError(f"{option} {path} is an input of this run; refusing to overwrite it")
        folder = os.path.dirname(os.path.abspath(path)) or "."
        if os.path.isdir(path):
            raise UsageError(f"cannot write {option} {path}: it is a folder")
        if not os.path.isdir(folder):
            raise UsageError(f"cannot write {option} {path}: no folder {folder}")
        if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
            raise UsageError(f"cannot write {option} {path}: permission denied")


def write_output(path: str, text: str) -> None:
    """Write a report atomically: a temporary file in the same folder, renamed over the old one only
    once it is whole (a full disk leaves the previous report as it was)."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.exists(path) or os.path.isfile(path):
        try:
            fd, tmp = tempfile.mkstemp(prefix=".verify-", suffix=".tmp", dir=folder)
        except OSError as exc:  # a folder that takes no new file (/proc, a read-only mount)
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            why = exc.strerror or exc
            raise UsageError(f"cannot write {path}: {why}; the previous file is kept") from None
        return
    # A device or a pipe (/dev/stdout, a FIFO) cannot be renamed over: write to it directly.
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def use_colour(stream: IO[str], choice: str = "auto") -> bool:
    """Colour when asked (`always`), never when `never`; for `auto`, FORCE_COLOR and NO_COLOR decide, else
    whether the stream is a terminal that is not `dumb` (https://no-color.org, https://force-color.org)."""
    if choice in ("always", "never"):
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
