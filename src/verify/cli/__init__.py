"""The `verify` command group: loads each sub-command lazily and turns exceptions into exit statuses."""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from typing import Any

import click

from verify import __version__
from verify.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, VerifyError, exit_code_for
from verify.textsafe import ESCAPE, one_line

# name -> module under verify.cli; each module exposes `command`. Imported only when used,
# so `verify --help` stays fast (no requests, lxml or rapidfuzz at start-up).
COMMANDS: dict[str, str] = {
    "check": "check",
    "extract": "extract",
    "fetch": "fetch",
    "archive": "archive",
    "compare": "compare",
}

# One-line summaries for `verify --help` without importing every command.
SUMMARIES: dict[str, str] = {
    "check": "Check an article: every source, quotation and embedded post.",
    "extract": "List what an article cites: links, embeds, attributions, quotations.",
    "fetch": "Fetch URLs safely and report their status.",
    "archive": "Find (and optionally make) Wayback Machine captures of URLs.",
    "compare": "Compare one quotation with a source.",
}


# Environment faults behind an output or input: exit 2 with one line, never an internal error.
_ENVIRONMENT_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EROFS, errno.EDQUOT, errno.EFBIG, errno.ENXIO}
)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None:
            return None
        module = importlib.import_module(f"verify.cli.{module_name}")
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run a sub-command; the one place where exceptions become exit statuses."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.Abort, click.UsageError):
            raise
        except click.ClickException as exc:
            # click's own file errors and the like are input errors here, not findings.
            exc.show()
            raise click.exceptions.Exit(EXIT_USAGE) from None
        except VerifyError as exc:
            click.echo(f"Error: {one_line(str(exc))}", err=True)
            raise click.exceptions.Exit(exc.exit_code) from None
        except BrokenPipeError:
            raise click.exceptions.Exit(0) from None
        except OSError as exc:
            if exc.errno not in _ENVIRONMENT_ERRNOS:
                raise
            # The machine's fault, not ours: a full disk or device behind an output, a closed stream.
            click.echo(f"Error: cannot write the output: {one_line(exc.strerror or str(exc))}", err=True)
            raise click.exceptions.Exit(EXIT_USAGE) from None
        except KeyboardInterrupt:
            # Before click's own handler, which prints `Aborted!` and exits 1, the findings status.
            _interrupted(ctx.invoked_subcommand)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as exc:
            if ctx.params.get("debug"):
                import traceback  # noqa: PLC0415 - only for --debug

                traceback.print_exc()
            click.echo(
                f"Internal error: {type(exc).__name__}: {one_line(str(exc), 300)} "
                "(run with --debug for the traceback; please report it)",
                err=True,
            )
            raise click.exceptions.Exit(exit_code_for(exc) or EXIT_INTERNAL) from None


def _interrupted(command: str | None) -> None:
    """One line for Ctrl-C: the stages stopped, the WARC and the cache were closed whole, no report."""
    kept = " (submitted saves are picked up by the next run)" if command in ("check", "archive") else ""
    try:
        lead = "\n" if sys.stderr.isatty() else ""  # past the terminal's ^C
    except (AttributeError, ValueError):
        lead = ""
    click.echo(f"{lead}Interrupted: no report written{kept}", err=True)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="verify")
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Check that the sources an article cites still say what it says they say.

    Give it an article (a URL, an HTML page, a Markdown draft or a plain-text scrape):
    it extracts links, embedded posts, named sources and quotations, fetches and archives
    every source, and compares each quotation with its source, live and as archived.

    Exit status: 0 nothing at or above the failure threshold; 1 findings at or above it;
    2 usage, input or configuration error; 3 internal error; 130 interrupted (Ctrl-C).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _usable_streams() -> None:
    """Standard streams a command can write to whatever the environment gave it.

    A closed stream (`>&-`) is /dev/null to Python's None; a terminal or pipe that only takes ASCII
    (`LC_ALL=C`, `PYTHONIOENCODING=ascii`) gets escapes instead of an encoding error halfway through.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  (lives as long as the process)
        elif hasattr(stream, "reconfigure") and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=ESCAPE)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115  (reads as empty: "standard input is empty")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _usable_streams()
    cli.main(args=argv, prog_name="verify")
