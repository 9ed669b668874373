"""Evaluation on real recorded Wayback answers in ../shared (skipped when absent; nothing is copied)."""

from __future__ import annotations

import contextlib
import gzip
import json
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from emulators.base import LoopbackService
from verify.archive import Archiver, SavePolicy
from verify.archive.cdx import parse, usable
from verify.archive.memento import Kind, classify, http_date_timestamp, parse_links, split_memento_url
from verify.archive.types import POOL_MEMENTO
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.models import Capture, FetchStatus

ROOT = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "wayback"
pytestmark = pytest.mark.skipif(not ROOT.is_dir(), reason="shared real-world recordings not available")


def _interactions(path: Path) -> list[dict[str, Any]]:
    yaml = pytest.importorskip("yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data.get("interactions") or [])


def _body(response: dict[str, Any]) -> str:
    raw = response["body"]["string"]
    if isinstance(raw, bytes):
        with contextlib.suppress(OSError):
            raw = gzip.decompress(raw)
        return raw.decode("utf-8", "replace")
    return str(raw)


def _headers(response: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): (v[0] if isinstance(v, list) else str(v)) for k, v in response["headers"].items()}


def test_cdx_text_files_parse_without_junk() -> None:
    for name in ("malformed_cdx.txt", "zero_length_cdx.txt", "bad_timestamp_cdx.txt"):
        text = (ROOT / "edgi-wayback" / name).read_text(encoding="utf-8", errors="replace")
        rows, _ = parse(text)
        lines = [line for line in text.splitlines() if line.strip()]
        assert rows, name
        assert len(rows) <= len(lines)
        assert all(r.original.startswith("http") and "mailto:" not in r.original for r in rows)


def test_multipage_cdx_dedupes_like_the_protocol_note() -> None:
    rows = []
    keys = []
    for item in _interactions(ROOT / "edgi-wayback" / "test_search_multipage.yaml"):
        page, key = parse(_body(item["response"]))
        rows += page
        keys.append(key)
        sent = parse_qs(urlsplit(item["request"]["uri"]).query).get("resumeKey")
        if sent and len(keys) > 1:
            assert sent[0] == keys[-2]  # each page's key goes back unchanged
    unique = {r.key for r in rows}
    assert len(rows) > len(unique)
    assert len(usable(rows)) <= len(unique)


def test_cdx_json_recordings_parse() -> None:
    total = 0
    for path in sorted((ROOT / "cdx_toolkit").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "web.archive.org/cdx" in item["url"] and item["response_status_code"] == 200:
                rows, _ = parse(item["response_text"])
                total += len(rows)
    rows, _ = parse((ROOT / "wayback-rs" / "cdx-result.json").read_text(encoding="utf-8"))
    assert total > 0 and len(rows) > 0


EXPECTED = {
    "test_get_memento.yaml": [Kind.MEMENTO],
    "test_get_memento_raises_blocked_error.yaml": [Kind.EXCLUDED],
    "test_get_memento_raises_no_memento_error.yaml": [Kind.NOT_ARCHIVED],
    "test_get_memento_raises_when_memento_is_outside_target_window.yaml": [Kind.OTHER_TIME],
    "test_get_memento_with_path_based_redirects.yaml": [
        Kind.ARCHIVED_REDIRECT,
        Kind.OTHER_TIME,
        Kind.ARCHIVED_ERROR,
    ],
    "test_get_memento_works_on_archived_rate_limit_responses.yaml": [Kind.ARCHIVED_ERROR],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_memento_answers_are_told_apart(name: str) -> None:
    kinds = []
    for item in _interactions(ROOT / "edgi-wayback" / name):
        response = item["response"]
        kinds.append(classify(response["status"]["code"], _headers(response), _body(response)))
    assert kinds == EXPECTED[name]


def test_real_link_header_names_its_own_memento() -> None:
    [item] = _interactions(ROOT / "edgi-wayback" / "test_get_memento.yaml")
    headers = _headers(item["response"])
    own = [link for link in parse_links(headers["link"]) if link.rel == "memento"]
    assert len(own) == 1
    # waybackpy 3.0.6 returns the *next* memento here (20171228222143); the header's own is the capture.
    assert "20171124151315" in own[0].url
    assert http_date_timestamp(headers["memento-datetime"]) == "20171124151315"


# ---------------------------------------------------------------------- recorded answers served back


class _Replay(LoopbackService):
    """The recorded answers of one cassette served on loopback as recorded (status, headers, raw body)."""

    def __init__(self, path: Path) -> None:
        self.host = "127.0.0.1"
        self.answers: dict[str, dict[str, Any]] = {}
        for item in _interactions(path):
            parts = urlsplit(item["request"]["uri"])
            self.answers[parts.path + (f"?{parts.query}" if parts.query else "")] = item["response"]
        self.hits: list[str] = []


class _ReplayHandler(BaseHTTPRequestHandler):
    emu: _Replay
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.emu.hits.append(self.path)
        response = self.emu.answers.get(self.path)
        if response is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        raw = response["body"]["string"]
        body = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        self.send_response(int(response["status"]["code"]))
        for name, values in response["headers"].items():
            if name.lower() in ("transfer-encoding", "connection", "content-length"):
                continue
            for value in values if isinstance(values, list) else [values]:
                self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_Replay.handler = _ReplayHandler


def _replayed_archiver(replay: _Replay) -> tuple[HttpClient, Archiver]:
    config = ClientConfig(resolve=(("web.archive.org", f"127.0.0.1:{replay.port}"),), allow_private=True)
    client = HttpClient(config, clock=FrozenClock(datetime(2026, 6, 1, tzinfo=UTC)))
    return client, Archiver(client, policy=SavePolicy.NEVER)


def test_a_recorded_archived_429_pauses_no_pool() -> None:
    """The real reddit page archived as a 429 (it carries Memento-Datetime and the site's own Retry-After
    as X-Archive-Orig-Retry-After): an archived error page, and the memento pool goes on (issue 12.3)."""
    [item] = _interactions(
        ROOT / "edgi-wayback" / "test_get_memento_works_on_archived_rate_limit_responses.yaml"
    )
    parts = split_memento_url(item["request"]["uri"])
    assert parts is not None
    capture = Capture(item["request"]["uri"].replace("id_/", "/"), parts[0], parts[2])
    with _Replay(
        ROOT / "edgi-wayback" / "test_get_memento_works_on_archived_rate_limit_responses.yaml"
    ) as replay:
        client, archiver = _replayed_archiver(replay)
        with client:
            first = archiver.read_back(capture)
            assert first.result.http_status == 429 and "error page" in (first.result.error or "")
            assert archiver.wayback.pools.paused_for(POOL_MEMENTO) == 0
            archiver.read_back(capture)
    assert len(replay.hits) == 2  # the second read went out: nothing was paused


def test_twenty_recorded_rapid_memento_reads_all_go_through() -> None:
    """edgi's CDX query and 20 rapid id_ reads of one site, served back: all within the memento pool's
    480 a minute, none deferred, every copy read."""
    path = ROOT / "edgi-wayback" / "test_memento_rate_limits.yaml"
    uris = [i["request"]["uri"] for i in _interactions(path) if "/web/" in i["request"]["uri"]]
    assert len(uris) == 20
    with _Replay(path) as replay:
        client, archiver = _replayed_archiver(replay)
        with client:
            results = []
            for uri in uris:
                parts = split_memento_url(uri)
                assert parts is not None
                results.append(archiver.read_back(Capture(uri.replace("id_/", "/"), parts[0], parts[2])))
    assert [r.result.status for r in results] == [FetchStatus.OK] * 20, [r.result.error for r in results]
    assert len(replay.hits) == 20
