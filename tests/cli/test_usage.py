"""Bad usage is one `Error:` line and exit status 2 on every command (issue 13.13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.config import load_config
from verify.errors import ConfigError

BAD_WAYBACK = [
    "http://[::1",
    "http://a b",
    "file:///etc",
    "http://",
    "http://:80/",
    "http://a.example:99999",
    "ftp://x",
]


def _one_error_line(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output and "Internal error" not in output
    return errors[0]


@pytest.mark.parametrize("url", BAD_WAYBACK)
@pytest.mark.parametrize("command", [["check", "draft.md"], ["archive", "https://news.example/"]])
def test_a_bad_wayback_url_is_a_usage_error(command: list[str], url: str) -> None:
    result = CliRunner().invoke(cli, [*command, "--wayback-url", url])
    assert result.exit_code == 2, result.output
    assert "wayback-url" in _one_error_line(result.output)


def test_a_bad_wayback_url_from_the_environment_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli, ["archive", "https://news.example/"], env={"VERIFY_WAYBACK_URL": "http://a b"}
    )
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)


@pytest.mark.parametrize("url", BAD_WAYBACK)
def test_a_bad_wayback_url_in_a_config_file_is_a_config_error(tmp_path: Path, url: str) -> None:
    path = tmp_path / "verify.toml"
    path.write_text(f'wayback-url = "{url}"\n')
    with pytest.raises(ConfigError, match="wayback-url"):
        load_config(path)


def test_a_good_wayback_url_is_kept_without_its_last_slash(tmp_path: Path) -> None:
    path = tmp_path / "verify.toml"
    path.write_text('wayback-url = "http://[::1]:8080/wayback/"\n')
    assert load_config(path).wayback_url == "http://[::1]:8080/wayback"
