"""One set of format names and short options on every command: `-f`, `table` for people, `json` for
programs, `text` as the old name of `table`; the registry offers every command's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import COMMANDS, cli
from verify.report import RENDERERS, formats, renderer

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = str(ROOT / "fixtures/match/examples/harbour.html")
ARTICLE = str(ROOT / "fixtures/sample/article.md")


def test_every_command_has_a_renderer_for_each_of_its_formats() -> None:
    assert set(RENDERERS) == set(COMMANDS)
    for command, names in RENDERERS.items():
        assert {"table", "json"} <= set(names)
        for name in formats(command):
            assert callable(renderer(command, name))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_takes_f_for_format(command: str) -> None:
    out = CliRunner().invoke(cli, [command, "--help"]).output
    assert "-f, --format [table|json" in out
    assert "|text]" in out


def test_readme_extract_example_with_f_json() -> None:
    result = CliRunner().invoke(cli, ["extract", ARTICLE, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["quotes"]


def test_compare_text_is_the_table_format() -> None:
    quote = "We are not going to wait for another storm season"
    runner = CliRunner()
    as_text = runner.invoke(cli, ["compare", "--format", "text", quote, HARBOUR])
    as_table = runner.invoke(cli, ["compare", "-f", "table", quote, HARBOUR])
    default = runner.invoke(cli, ["compare", quote, HARBOUR])
    assert as_text.exit_code == as_table.exit_code == 0
    assert as_text.output == as_table.output == default.output
    assert as_text.output.startswith("exact ")


def test_extract_text_is_the_table_format() -> None:
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["extract", ARTICLE, "-f", "text"]).output
        == runner.invoke(cli, ["extract", ARTICLE]).output
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_h_stays_after_a_command_was_used_on_its_own(command: str) -> None:
    # click keeps the help option a command first built; a command invoked without the group (as a test
    # does) once made every later `verify COMMAND --help` lose `-h`, and README's help blocks go stale.
    import importlib

    module = importlib.import_module(f"verify.cli.{COMMANDS[command]}")
    alone = CliRunner().invoke(module.command, ["--help"]).output
    assert "-h, --help" in alone
    assert "-h, --help" in CliRunner().invoke(cli, [command, "--help"]).output
