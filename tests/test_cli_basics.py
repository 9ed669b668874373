"""The command group itself: help, version, unknown commands and the exit-status mapping."""

from click.testing import CliRunner

from verify import __version__
from verify.cli import cli


def test_help_lists_every_stage_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in ("check", "extract", "fetch", "archive", "compare"):
        assert name in result.output


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_unknown_command_is_usage_error() -> None:
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2
