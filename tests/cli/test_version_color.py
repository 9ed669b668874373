"""`-V/--version`, the LICENSE the package metadata names, and `--color auto|always|never` on every command
(NO_COLOR and FORCE_COLOR honoured under `auto`, the option winning over both)."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from emulators.faults import FaultServer
from verify import __version__
from verify.cli import COMMANDS, cli
from verify.cli.output import use_colour

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = str(ROOT / "fixtures" / "match" / "examples" / "harbour.html")
ALTERED = "The project will cost 200 million crowns"
ANSI = "\x1b["


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(flag: str) -> None:
    result = CliRunner().invoke(cli, [flag])
    assert result.exit_code == 0
    assert result.output == f"verify, version {__version__}\n"


def test_license_is_mit_as_the_metadata_says() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"  # an SPDX expression (PEP 639), not the old table
    assert project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "WITHOUT WARRANTY OF ANY KIND" in text
    # One version: pyproject reads verify.__version__, so a release changes it in one place.
    assert "version" in project["dynamic"] and "version" not in project


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_color(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"], terminal_width=120)
    assert "--color [auto|always|never]" in result.output
    bad = CliRunner().invoke(cli, [command, "--color", "sometimes", "x"])
    assert bad.exit_code == 2 and "'sometimes' is not one of 'auto', 'always', 'never'" in bad.output


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "choice", "tty", "wanted"),
    [
        ({}, "auto", True, True),
        ({}, "auto", False, False),
        ({"NO_COLOR": "1"}, "auto", True, False),
        ({"NO_COLOR": ""}, "auto", True, True),  # empty means unset (no-color.org)
        ({"FORCE_COLOR": "1"}, "auto", False, True),
        ({"FORCE_COLOR": ""}, "auto", False, False),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, "auto", True, False),  # asking for none wins
        ({"TERM": "dumb"}, "auto", True, False),
        ({"NO_COLOR": "1"}, "always", False, True),  # the option wins over the environment
        ({"FORCE_COLOR": "1"}, "never", True, False),
    ],
)
def test_use_colour(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], choice: str, tty: bool, wanted: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    stream = _Tty() if tty else io.StringIO()
    assert use_colour(stream, choice) is wanted


def _compare(*args: str, env: dict[str, str] | None = None) -> Result:
    clean = {"NO_COLOR": None, "FORCE_COLOR": None, **(env or {})}
    return CliRunner().invoke(cli, ["compare", *args, ALTERED, HARBOUR], env=clean)


def test_compare_colours_as_told() -> None:
    assert ANSI not in _compare().output  # auto, not a terminal
    assert ANSI in _compare("--color", "always").output
    assert ANSI in _compare(env={"FORCE_COLOR": "1"}).output
    assert ANSI not in _compare("--color", "never", env={"FORCE_COLOR": "1"}).output
    assert ANSI not in _compare(env={"NO_COLOR": "1", "FORCE_COLOR": "1"}).output
    assert ANSI not in _compare("--color", "always", "--format", "json").output  # only the table


@pytest.fixture()
def server() -> Iterator[FaultServer]:
    with FaultServer(pages={"/gone": (404, "text/html", b"<p>gone</p>")}) as s:
        yield s


@pytest.mark.parametrize("command", ["fetch", "archive"])
def test_fetch_and_archive_colour_their_table(server: FaultServer, command: str) -> None:
    url = server.url("/gone")
    args = [command, url, "--allow-net", "127.0.0.0/8"]
    if command == "archive":  # a Wayback that refuses: the URL is reported, not archived
        args += ["--wayback-url", server.url("/wayback"), "--timeout", "2"]
    env = {"NO_COLOR": None, "FORCE_COLOR": None}
    plain = CliRunner().invoke(cli, args, env=env)
    painted = CliRunner().invoke(cli, [*args, "--color", "always"], env=env)
    forced = CliRunner().invoke(cli, args, env={"FORCE_COLOR": "1"})
    assert plain.exit_code == painted.exit_code == 1, painted.output
    assert ANSI not in plain.stdout
    assert ANSI in painted.stdout and ANSI in forced.stdout
