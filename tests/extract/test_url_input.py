"""Reading the article from a URL, over real sockets against a loopback server (never the internet)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.errors import InputError
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.models import InputFormat
from verify.read import load

SAMPLE = (Path(__file__).resolve().parents[2] / "fixtures/sample/article.html").read_bytes()
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/story": (200, "text/html; charset=utf-8", SAMPLE),
    "/latin": (200, "text/plain; charset=windows-1252", b"The mayor said \x93we are ready\x94 in Kessel."),
    "/gone": (404, "text/html", b"<html><body>Not found</body></html>"),
    "/image": (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00"),
}


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.end_headers()
            return
        status, ctype, body = ROUTES.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def client(server: str) -> Iterator[HttpClient]:
    config = ClientConfig(resolve=(("news.testbed.example", server),), allow_private=True, use_cache=False)
    with HttpClient(config) as c:
        yield c


def test_html_by_url_keeps_the_final_url(client: HttpClient) -> None:
    article = load("https://news.testbed.example/moved", client=client)
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
