"""`verify check --archive never|lookup|missing|always` on a one-source draft, over the loopback world."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import verify.extract
from emulators.world import SAMPLE_WORLD, World
from verify.cli import cli

pytestmark = pytest.mark.skipif(
    not hasattr(verify.extract, "extract"), reason="the extraction stage (issue 2) has not landed"
)

CAPTURED = "https://port-of-kessel.example/news/berths-ready"  # captured before publication and lately
UNCAPTURED = "https://www.kesselcourier.example/2026/05/16/varga-interview"  # never captured


def draft(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(
        "---\ndate: 2026-05-17\n---\n\n"
        f"“The berths are ready,” the harbour master said on the [port’s site]({url}).\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture()
def world() -> Iterator[World]:
    with World.from_dir(SAMPLE_WORLD) as w:
        yield w


def check(world: World, article: Path, policy: str) -> dict[str, Any]:
    args = ["check", str(article), "--archive", policy, "--no-cache", "--quiet", "-f", "json",
            "--fail-on", "none", *world.cli_args()]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    archive = json.loads(result.stdout)["sources"][0]["archive"]
    return dict(archive)


def saves(world: World) -> int:
    return sum(1 for h in world.wayback.hits if "/save" in h.path)


def test_never_asks_nothing(world: World, tmp_path: Path) -> None:
    archive = check(world, draft(tmp_path, UNCAPTURED), "never")
    assert archive["status"] == "skipped" and archive["note"] == "archiving off (--archive never)"
    assert world.wayback.hits == []


def test_lookup_finds_but_never_saves(world: World, tmp_path: Path) -> None:
    archive = check(world, draft(tmp_path, UNCAPTURED), "lookup")
    assert archive["status"] == "missing"
    assert world.wayback.hits and saves(world) == 0


def test_missing_saves_what_has_no_capture(world: World, tmp_path: Path) -> None:
    assert check(world, draft(tmp_path, CAPTURED), "missing")["status"] == "archived"
    assert saves(world) == 0
    archive = check(world, draft(tmp_path, UNCAPTURED), "missing")
    assert archive["status"] == "saved" and saves(world) == 1


def test_always_saves_even_what_is_captured(world: World, tmp_path: Path) -> None:
    archive = check(world, draft(tmp_path, CAPTURED), "always")
    assert archive["status"] == "saved"
    assert archive["as_cited"]["timestamp"].startswith("20260516")  # as cited stays the pre-publication copy
    assert saves(world) == 1
