"""`verify compare` through click's CliRunner: the example files in fixtures/match/examples, and URL sources
served over a real loopback socket (found, altered, broken, blocked, paywalled, refused, malformed)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from emulators.faults import FaultServer, Page
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
    result = CliRunner().invoke(cli, ["compare", "--color", "never", quote, HARBOUR])
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


# --------------------------------------------------------------------------- URL sources over loopback

# Besides these pages the fault server answers /botwall (a 403 challenge page) and 404 for anything else.
_PAGES: dict[str, Page] = {
    "/harbour.html": (200, "text/html; charset=utf-8", (EXAMPLES / "harbour.html").read_bytes()),
    "/paywall": (
        200,
        "text/html",
        b"<html><head><title>Port Averly Courier</title></head><body><article><h1>Harbour plan</h1>"
        b"<p>The council met on Tuesday.</p><p>Subscribe now to continue reading.</p>"
        b"<p>Already a subscriber? Sign in.</p></article></body></html>",
    ),
}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A tiny web site on 127.0.0.1 (a free port), serving the example page and some failures."""
    with FaultServer("127.0.0.1", pages=_PAGES) as server:
        yield server.url("")


def _compare_url(*args: str) -> Result:
    return CliRunner().invoke(cli, ["compare", "--color", "never", "--allow-net", "127.0.0.0/8", *args])


def test_url_source_end_to_end(site: str) -> None:
    exact = _compare_url("We are not going to wait for another storm season", f"{site}/harbour.html")
    assert exact.exit_code == 0, exact.output
    assert exact.output.startswith("exact ")
    altered = _compare_url(
        "--format", "json", "The project will cost 200 million crowns", f"{site}/harbour.html"
    )
    data = json.loads(altered.output)
    assert altered.exit_code == 1
    assert data["verdict"] == "altered" and data["url"] == f"{site}/harbour.html"
    assert data["fetch"]["status"] == "ok" and data["fetch"]["http_status"] == 200
    assert {"op": "replace", "quote": "200", "source": "120"} in data["edits"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/gone", "broken: HTTP 404"), ("/botwall", "blocked"), ("/paywall", "paywall")],
)
def test_unreadable_url_is_unverifiable_with_exit_1(site: str, path: str, reason: str) -> None:
    result = _compare_url("The harbour will close for two years", site + path)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("unverifiable ")
    assert reason in result.output
    data = json.loads(_compare_url("--format", "json", "The harbour will close", site + path).output)
    assert data["verdict"] == "unverifiable" and reason in data["note"]


def test_loopback_is_refused_without_allow_net(site: str) -> None:
    result = CliRunner().invoke(cli, ["compare", "words", f"{site}/harbour.html"])
    assert result.exit_code == 1 and result.output.startswith("unverifiable ")
    assert "unsafe" in result.output


def test_malformed_url_is_bad_usage() -> None:
    for url in ("http://", "https://exa mple.test/a", "http://example.test:port/a"):
        result = CliRunner().invoke(cli, ["compare", "words", url])
        assert result.exit_code == 2, (url, result.output)
        assert result.output.startswith("Error: not a valid URL")


def test_unreadable_file_is_unverifiable(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"   ")
    result = CliRunner().invoke(cli, ["compare", "words", str(empty)])
    assert result.exit_code == 1 and result.output.startswith("unverifiable ")
    assert "reason: unreadable: empty" in result.output
    directory = CliRunner().invoke(cli, ["compare", "words", str(tmp_path)])
    assert directory.exit_code == 2 and directory.output.startswith("Error: cannot read")


def test_source_in_another_language_is_unverifiable(tmp_path: Path) -> None:
    french = tmp_path / "conseil.txt"
    french.write_text(
        "Le conseil a approuvé lundi la nouvelle ligne de tramway. Les travaux commenceront au printemps "
        "et la ligne devrait ouvrir en 2029, a déclaré le conseil. Le maire a dit que le tramway ne "
        "remplacerait aucune ligne de bus.",
        "utf-8",
    )
    result = CliRunner().invoke(cli, ["compare", "The tram will not replace any bus routes", str(french)])
    assert result.exit_code == 1
    assert result.output.startswith("unverifiable ")
    assert "reason: another language" in result.output
