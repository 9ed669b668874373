"""The library's exception types and the one table that maps them to exit statuses.

Skipped, failed and unreadable sources are values (see `models`), never exceptions; these types are for
what stops a command as a whole: bad usage, unreadable input, bad configuration.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT), as shells report 128 + 2


class VerifyError(Exception):
    """A problem the user can fix; printed as one `Error: …` line."""

    exit_code = EXIT_USAGE


class UsageError(VerifyError):
    """Options or arguments that do not fit together."""


class InputError(VerifyError):
    """The article or another input cannot be read."""


class ConfigError(VerifyError):
    """`[tool.verify]` or `verify.toml` is wrong."""


class NetworkError(VerifyError):
    """Nothing could be reached at all (offline): not a clean bill, though the report is written."""


def exit_code_for(exc: BaseException) -> int:
    """The exit status for an exception that reached the command line."""
    if isinstance(exc, VerifyError):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_INTERNAL
