"""`verify compare` driven through click's CliRunner on the example files in fixtures/match/examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "match" / "examples"
HARBOUR = str(EXAMPLES / "harbour.html")


@pytest.mark.parametrize(
    ("quote", "verdict", "code"),
    [
        ("We are not going to wait for another storm season", "exact", 0),
        ("we are NOT going to wait for another storm season", "minor", 0),
        ("The project will cost 200 million crowns", "altered", 1),
        (
            "The project will cost 120 million crowns. Fishermen in the old quarter were sceptical.",
            "spliced",
            1,
        ),
        ("The harbour will close for two years", "not-found", 1),
    ],
)
def test_each_verdict(quote: str, verdict: str, code: int) -> None:
    result = CliRunner().invoke(cli, ["compare", "--no-color", quote, HARBOUR])
    assert result.exit_code == code, result.output
    assert result.output.startswith(verdict + " ")


def test_edits_are_marked_without_colour() -> None:
    result = CliRunner().invoke(cli, ["compare", "The project will cost 200 million crowns", HARBOUR])
    assert "[-120-]" in result.output and "{+200+}" in result.output
    assert "\x1b[" not in result.output
    assert 'a number differs: quote "200", source "120"' in result.output


def test_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["compare", "--format", "json", "the infrastructure budget", str(EXAMPLES / "minutes.txt")]
    )
    data = json.loads(result.output)
    assert data["verdict"] == "exact" and data["passage"] == "the infra-\nstructure budget"
    assert result.exit_code == 0


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["compare", "words", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and missing.output.startswith("Error: cannot read")
    empty = CliRunner().invoke(cli, ["compare", "  ", HARBOUR])
    assert empty.exit_code == 2
    scheme = CliRunner().invoke(cli, ["compare", "words", "ftp://example.test/a"])
    assert scheme.exit_code == 2
