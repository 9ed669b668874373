"""Configuration files: discovery upwards, validation, and the command line winning over them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.config import (
    DEFAULT_FAIL_ON,
    Config,
    config_start,
    discover,
    find_config,
    load_config,
    parse_fail_on,
)
from verify.errors import ConfigError


def test_verify_toml_found_from_the_article_folder_upwards(tmp_path: Path) -> None:
    (tmp_path / "verify.toml").write_text('jobs = 4\nskip = ["ads\\\\.example"]\narchive = "never"\n')
    deep = tmp_path / "drafts" / "2026"
    deep.mkdir(parents=True)
    article = deep / "story.md"
    article.write_text("# Story\n")
    assert find_config(deep) == tmp_path / "verify.toml"
    config = discover(str(article))
    assert config.jobs == 4 and config.skip == ("ads\\.example",) and config.archive == "never"


def test_pyproject_needs_a_tool_verify_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None or find_config(tmp_path) != tmp_path / "pyproject.toml"
    (tmp_path / "pyproject.toml").write_text('[tool.verify]\nfail-on = "altered, broken"\ntimeout = 5\n')
    config = load_config(tmp_path / "pyproject.toml")
    assert config.fail_on == frozenset({"altered", "broken"}) and config.timeout == 5.0


def test_url_and_stdin_start_from_the_current_directory(tmp_path: Path) -> None:
    assert config_start("https://news.example/story", tmp_path) == tmp_path
    assert config_start("-", tmp_path) == tmp_path
    assert config_start("drafts/a.md", tmp_path) == tmp_path / "drafts"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("colour = true\n", "unknown key 'colour'"),
        ("jobs = 0\n", "jobs must be from 1 to 512, not 0"),
        ('archive = "sometimes"\n', "archive must be one of never, lookup, missing, always"),
        ('fail-on = ["altred"]\n', "unknown verdict or status 'altred'"),
        ('skip = ["("]\n', "not a valid regular expression"),
        ('allow-net = ["not-a-net"]\n', "is not a network"),
        ("jobs = \n", "is not valid TOML"),
    ],
)
def test_bad_configuration_is_a_config_error(tmp_path: Path, text: str, fragment: str) -> None:
    (tmp_path / "verify.toml").write_text(text)
    with pytest.raises(ConfigError, match=fragment.replace("(", r"\(")):
        load_config(tmp_path / "verify.toml")


def test_unknown_key_exits_2_naming_it(tmp_path: Path) -> None:
    (tmp_path / "verify.toml").write_text("frobnicate = 1\n")
    article = tmp_path / "a.md"
    article.write_text("Hello.\n")
    result = CliRunner().invoke(cli, ["check", str(article), "--archive", "never"])
    assert result.exit_code == 2
    assert "Error:" in result.output and "frobnicate" in result.output
    assert "Traceback" not in result.output


def test_unknown_fail_on_name_is_a_usage_error(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("Hello.\n")
    result = CliRunner().invoke(cli, ["check", str(article), "--fail-on", "altered,wrong"])
    assert result.exit_code == 2
    assert "wrong" in result.output


def test_parse_fail_on() -> None:
    assert parse_fail_on(["altered,broken", " deleted "]) == frozenset({"altered", "broken", "deleted"})
    assert parse_fail_on("none") == frozenset()
    assert "broken" in DEFAULT_FAIL_ON
    with pytest.raises(ValueError, match="unknown"):
        parse_fail_on("bad")


def test_command_line_wins_over_the_file(tmp_path: Path) -> None:
    import click

    from verify.cli.check import command, merge_config

    config = Config(path="verify.toml", jobs=3, archive="always", fail_on=frozenset({"minor"}), skip=("x",))
    ctx = click.Context(command)
    params = {"jobs": 7, "archive": "missing", "fail_on": (), "skip": ("y",), "format": "table"}
    ctx.set_parameter_source("jobs", click.core.ParameterSource.COMMANDLINE)
    ctx.set_parameter_source("archive", click.core.ParameterSource.DEFAULT)
    ctx.set_parameter_source("fail_on", click.core.ParameterSource.DEFAULT)
    merged = merge_config(ctx, params, config)
    assert merged["jobs"] == 7  # given on the command line
    assert merged["archive"] == "always"  # from the file
    assert merged["fail_on"] == frozenset({"minor"})
    assert merged["skip"] == ("x", "y")
