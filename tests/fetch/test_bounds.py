"""Numeric settings have one set of ranges, on the command line and in configuration files (issue 13.6)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.cli.options import client_from_options
from verify.config import LIMITS, load_config
from verify.errors import ConfigError, UsageError
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.fetch.wire import Deadline

BAD_NUMBERS = ["inf", "-inf", "nan", "1e12", "-1", "0"]


def _one_error_line(output: str) -> None:
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output and "Internal error" not in output


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("option", ["--timeout", "--jobs", "--per-host", "--min-interval"])
@pytest.mark.parametrize("command", ["fetch", "check", "compare", "archive"])
def test_out_of_range_options_are_usage_errors(command: str, option: str, value: str) -> None:
    if option == "--min-interval" and value == "0":
        return  # no wait between requests is allowed
    args = {
        "fetch": ["fetch", "http://news.example/"],
        "check": ["check", "draft.md"],
        "compare": ["compare", "a quote", "http://news.example/"],
        "archive": ["archive", "http://news.example/"],
    }[command]
    result = CliRunner().invoke(cli, [*args, f"{option}={value}"])
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)


@pytest.mark.parametrize(
    ("args"),
    [
        ["fetch", "http://news.example/", "--max-age", "99999999999999999999999999w"],
        ["archive", "http://news.example/", "--archive-max-age", "nan"],
        ["archive", "http://news.example/", "--save-timeout", "99999999999999999999999"],
        ["check", "draft.md", "--archive-max-age", "inf"],
        ["check", "draft.md", "--archive-timeout", "9" * 400],
        ["extract", "draft.md", "--max-bytes", "999999999999999999999999"],
    ],
)
def test_other_numbers_are_bounded(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("jobs = 100000", "jobs"),
        ("per-host = 1000", "per-host"),
        ("archive-max-age = nan", "archive-max-age"),
        ("timeout = inf", "timeout"),
        ("timeout = 1e12", "timeout"),
        ("max-age = -inf", "max-age"),
        ("archive-timeout = nan", "archive-timeout"),
        ("jobs = 2.5", "jobs"),
    ],
)
def test_config_refuses_what_the_command_line_refuses(tmp_path: Path, line: str, key: str) -> None:
    path = tmp_path / "verify.toml"
    path.write_text(line + "\n")
    with pytest.raises(ConfigError, match=key):
        load_config(path)


def test_config_accepts_the_same_range_as_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "verify.toml"
    path.write_text("jobs = 512\nper-host = 64\ntimeout = 3600\narchive-max-age = 0\nmax-age = 60\n")
    config = load_config(path)
    assert (config.jobs, config.per_host, config.timeout, config.archive_max_age) == (512, 64, 3600, 0)
    assert LIMITS["jobs"].high == 512 and LIMITS["per-host"].high == 64


def test_a_bad_config_number_stops_check_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "verify.toml").write_text("archive-max-age = nan\n")
    draft = tmp_path / "draft.md"
    draft.write_text("Nothing cited.\n")
    result = CliRunner().invoke(cli, ["check", str(draft), "--archive", "never"])
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)


@pytest.mark.parametrize("name", ["timeout", "jobs", "per_host", "min_interval", "max_age"])
def test_library_callers_get_the_same_ranges(name: str) -> None:
    with pytest.raises(UsageError, match=name.replace("_", "-")):
        client_from_options(**{name: math.inf})


def test_an_endless_deadline_still_bounds_a_socket_wait() -> None:
    """An infinite deadline once overflowed the wait that enforces it: every wait must stay finite."""
    import socket

    left = Deadline(at=math.inf).left()
    assert math.isfinite(left) and left > 0
    with socket.socket() as sock:
        sock.settimeout(left)  # raises OverflowError for a wait too long for the platform


@pytest.mark.parametrize("timeout", [math.inf, math.nan, 1e12, -5.0])
def test_a_library_timeout_out_of_range_is_a_value_not_a_crash(timeout: float) -> None:
    with HttpClient(ClientConfig(use_cache=False)) as client:
        outcome = client.get("http://127.0.0.1:9/", timeout=timeout)
    assert outcome.failure is not None  # refused as unsafe (loopback): no exception escapes
