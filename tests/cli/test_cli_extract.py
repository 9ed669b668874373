"""`verify extract` output: a table that fits 80 columns, the contract's JSON, --output, cleaned text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    ROOT / "fixtures/sample/article.html",
    ROOT / "fixtures/sample/article.txt",
    ROOT / "fixtures/articles/embeds.html",
    ROOT / "fixtures/articles/quote-styles.md",
    ROOT / "fixtures/articles/attributions.txt",
]


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_table_fits_80_columns(path: Path) -> None:
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_json_has_the_contract_sections(tmp_path: Path) -> None:
    out = tmp_path / "ex.json"
    result = CliRunner().invoke(cli, ["extract", str(ARTICLES[0]), "--format", "json", "--output", str(out)])
    assert result.exit_code == 0 and result.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["article", "sources", "embeds", "attributions", "quotes", "claims"]
    assert data["article"]["published"].startswith("2026-05-17")
    assert {"verdict", "match"}.isdisjoint(data["quotes"][0])
    tweet = data["embeds"][0]
    assert tweet["author"] == "@AnaVossMFA" and tweet["source"] == "S9"


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(
        "Evil\n\nThe mayor said “we will \x1b[31mwin\x1b[0m tonight” to reporters.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "we will [31mwin" not in result.output
