"""Reading the article from a URL, over real sockets against a loopback server (never the internet)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from emulators.faults import FaultServer, Page
from verify.cli import cli
from verify.errors import InputError
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.models import InputFormat
from verify.read import load

SAMPLE = (Path(__file__).resolve().parents[2] / "fixtures/sample/article.html").read_bytes()
# Besides these pages the fault server answers /redirect?code=301&to=…, /image and 404 for anything else.
ROUTES: dict[str, Page] = {
    "/story": (200, "text/html; charset=utf-8", SAMPLE),
    "/latin": (200, "text/plain; charset=windows-1252", b"The mayor said \x93we are ready\x94 in Kessel."),
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with FaultServer("127.0.0.1", pages=ROUTES) as site:
        yield site.addr


@pytest.fixture
def client(server: str) -> Iterator[HttpClient]:
    config = ClientConfig(resolve=(("news.testbed.example", server),), allow_private=True, use_cache=False)
    with HttpClient(config) as c:
        yield c


def test_html_by_url_keeps_the_final_url(client: HttpClient) -> None:
    article = load("https://news.testbed.example/redirect?code=301&to=/story", client=client)
    assert article.format is InputFormat.HTML
    assert article.url == "https://news.testbed.example/story"
    assert "Kessel" in article.text


def test_declared_charset_is_used(client: HttpClient) -> None:
    article = load("https://news.testbed.example/latin", client=client)
    assert article.format is InputFormat.TEXT
    assert "“we are ready”" in article.text


@pytest.mark.parametrize(("path", "message"), [("/gone", "HTTP 404"), ("/image", "not an article")])
def test_unreadable_urls_are_input_errors(client: HttpClient, path: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load(f"https://news.testbed.example{path}", client=client)


def test_cli_extracts_a_url(server: str) -> None:
    args = ["extract", "https://news.testbed.example/story", "--resolve", f"news.testbed.example={server}"]
    result = CliRunner().invoke(cli, [*args, "--allow-private", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"id": "Q14"' in result.output


def test_cli_url_failure_is_exit_2(server: str) -> None:
    args = ["extract", "https://news.testbed.example/gone", "--resolve", f"news.testbed.example={server}"]
    result = CliRunner().invoke(cli, [*args, "--allow-private", "--no-cache"])
    assert result.exit_code == 2
    assert result.output.startswith("Error:") and "404" in result.output
