"""Internet Archive keys reach Save Page Now and nothing else: not the WARC, the cache, or any report."""

from __future__ import annotations

import gzip
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify.extract
from emulators.world import SAMPLE_WORLD, World
from verify.cli import cli
from verify.fetch.warc import redact

ACCESS = "wOrldAccessKey"
SECRET = "s3cretW0rldKey"
UNCAPTURED = "https://www.kesselcourier.example/2026/05/16/varga-interview"


@pytest.fixture()
def world(monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("IA_ACCESS_KEY", ACCESS)
    monkeypatch.setenv("IA_SECRET_KEY", SECRET)
    with World.from_dir(SAMPLE_WORLD) as w:
        w.wayback.keys = (ACCESS, SECRET)
        yield w


def test_redact_keeps_the_scheme_and_drops_every_credential() -> None:
    headers = [
        ("Authorization", f"LOW {ACCESS}:{SECRET}"),
        ("Proxy-Authorization", "Basic dXNlcjpwYXNz"),
        ("Cookie", "session=abc"),
        ("Set-Cookie", "session=abc; HttpOnly"),
        ("Accept", "application/json"),
    ]
    assert redact(headers) == [
        ("Authorization", "LOW [redacted]"),
        ("Proxy-Authorization", "Basic [redacted]"),
        ("Cookie", "[redacted]"),
        ("Set-Cookie", "[redacted]"),
        ("Accept", "application/json"),
    ]
    assert redact([("authorization", SECRET)]) == [("authorization", "[redacted]")]


@pytest.mark.skipif(not hasattr(verify.extract, "extract"), reason="the extraction stage has not landed")
def test_keys_never_reach_the_warc_cache_or_any_report(world: World, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        f"---\ndate: 2026-05-17\n---\n\n“The berths are ready,” she told the [Courier]({UNCAPTURED}).\n",
        encoding="utf-8",
    )
    warc = tmp_path / "run.warc.gz"
    cache = tmp_path / "cache"
    outputs: list[str] = []
    for n, fmt in enumerate(("json", "table", "markdown", "github", "html", "robustlinks")):
        args = ["check", str(draft), "--archive", "always", "--quiet", "-f", fmt, "--fail-on", "none",
                "--cache-dir", str(cache), *world.cli_args()]  # fmt: skip
        if n == 0:
            args += ["--warc", str(warc)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        outputs += [result.stdout, result.stderr]
    saves = [h for h in world.wayback.hits if h.path.startswith("/save")]
    assert saves, "the run never used Save Page Now: the test proves nothing"
    for text in outputs:
        assert SECRET not in text and ACCESS not in text
    recorded = gzip.decompress(warc.read_bytes())
    assert b"POST /save HTTP/1.1" in recorded
    assert b"Authorization: LOW [redacted]" in recorded
    assert SECRET.encode() not in recorded and ACCESS.encode() not in recorded
    with sqlite3.connect(cache / "fetch-cache.sqlite3") as db:
        dumped = "\n".join(db.iterdump())
    assert SECRET not in dumped and ACCESS not in dumped
