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


def test_a_port_out_of_range_is_reported_as_a_malformed_source(tmp_path: Path) -> None:
    """A link with port 99999 was dropped silently (issue 13.11): it is a source, refused as malformed."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "The harbour council [posted the timetable](http://ferries.example:99999/timetable).\n"
        "Its mirror is at http://ferries.example:70000/mirror and the IPv6 one at http://[2001:db8::1]:8080/x.\n"
    )
    result = CliRunner().invoke(cli, ["extract", str(draft), "-f", "json"])
    assert result.exit_code == 0, result.output
    urls = [s["url"] for s in json.loads(result.output)["sources"]]
    assert urls == [
        "http://ferries.example:99999/timetable",
        "http://ferries.example:70000/mirror",
        "http://[2001:db8::1]:8080/x",
    ]
    check = CliRunner().invoke(cli, ["check", str(draft), "--archive", "never", "-f", "json", "--no-cache"])
    sources = {s["url"]: s for s in json.loads(check.stdout)["sources"]}
    bad = sources["http://ferries.example:99999/timetable"]["fetch"]
    assert bad["status"] == "unsafe"
    assert bad["error"] == "malformed URL: port 99999 is out of range (0 to 65535)"


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("2026-05-17T99:99:99", None),
        ("2026-05-17T24:00", None),
        ("2026-05-17T14:30:00+25:00", None),
        ("99999-01-01", None),
        ("2026-02-30", None),
        ("120260517", None),
        ("2026-05-17T14:30:00+02:00", "2026-05-17T14:30:00+02:00"),
        ("2026-05-17 08:05", "2026-05-17T08:05"),
        ("20260517", "2026-05-17"),
        ("May 17, 2026", "2026-05-17"),
    ],
)
@pytest.mark.parametrize("shape", ["markdown", "html"])
def test_impossible_publication_dates_are_never_passed_through(
    tmp_path: Path, value: str, published: str | None, shape: str
) -> None:
    """Front matter and page metadata dates are validated (issue 13.13): impossible ones are dropped."""
    if shape == "markdown":
        draft = tmp_path / "draft.md"
        draft.write_text(f"---\ntitle: Ferry log\ndate: {value}\n---\n\nThe ferry sailed.\n")
    else:
        draft = tmp_path / "page.html"
        draft.write_text(
            f'<html><head><meta property="article:published_time" content="{value}"></head>'
            "<body><article><p>The ferry sailed.</p></article></body></html>"
        )
    result = CliRunner().invoke(cli, ["extract", str(draft), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["article"]["published"] == published
