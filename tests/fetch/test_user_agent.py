"""A user agent that no request can carry is a usage error, not every source broken (issue 13.7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from emulators.faults import FaultServer
from verify.cli import cli
from verify.cli.options import client_from_options
from verify.config import load_config
from verify.errors import ConfigError, UsageError

BAD_AGENTS = ["verify\nX-Injected: 1", "verify\r", "verify\xff", "verify\udcff", "tab\there", "nul\0"]


@pytest.mark.parametrize("agent", BAD_AGENTS)
@pytest.mark.parametrize("command", [["fetch", "http://news.example/"], ["check", "draft.md"]])
def test_a_bad_user_agent_is_a_usage_error(command: list[str], agent: str) -> None:
    result = CliRunner().invoke(cli, [*command, "--user-agent", agent])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "user-agent" in errors[0], result.output


@pytest.mark.parametrize("agent", [a for a in BAD_AGENTS if "\udcff" not in a])  # TOML cannot hold it
def test_a_bad_user_agent_in_a_config_file_is_a_config_error(tmp_path: Path, agent: str) -> None:
    path = tmp_path / "verify.toml"
    escaped = agent.encode("unicode_escape").decode().replace('"', '\\"')
    escaped = escaped.replace("\\x", "\\u00")
    path.write_text(f'user-agent = "{escaped}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="user-agent"):
        load_config(path)


def test_library_callers_get_the_same_check() -> None:
    with pytest.raises(UsageError, match="user-agent"):
        client_from_options(user_agent="a\nb")


def test_a_good_user_agent_is_sent(server: FaultServer) -> None:
    result = CliRunner().invoke(
        cli,
        ["fetch", server.url("/ok"), "--allow-private", "--no-cache", "--user-agent", "Newsroom checker/2.1"],
    )
    assert result.exit_code == 0, result.output
    assert server.requests[-1].headers["User-Agent"] == "Newsroom checker/2.1"
