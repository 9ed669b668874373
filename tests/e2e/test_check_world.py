"""`verify check` end to end: the sample over loopback sockets and from the bundled WARC, in every format."""

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
from verify.report import OutputFormat

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample" / "article.html"
WARC = ROOT / "fixtures" / "sample" / "world.warc.gz"

pytestmark = pytest.mark.skipif(
    not hasattr(verify.extract, "extract"), reason="the extraction stage (issue 2) has not landed"
)


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with World.from_dir(SAMPLE_WORLD) as w:
        yield w


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without what differs between two runs of the same world (timing, cache)."""
    out = json.loads(json.dumps(report))
    out.pop("checked_at", None)
    for s in out["sources"]:
        if s.get("fetch"):
            for key in ("elapsed", "from_cache"):
                s["fetch"].pop(key, None)
    return out


@pytest.fixture(scope="module")
def live_report(world: World) -> dict[str, Any]:
    code, out = run([str(SAMPLE), "--format", "json", "--archive", "never", "--no-cache", "--quiet",
                     *world.cli_args()])  # fmt: skip
    assert code == 1, out  # the sample holds altered, spliced, elsewhere, changed and broken findings
    return dict(json.loads(out))


def test_sample_gives_a_spread_of_verdicts(live_report: dict[str, Any]) -> None:
    verdicts = {q["verdict"] for q in live_report["quotes"]}
    assert {"exact", "minor", "altered", "spliced", "elsewhere", "changed", "unverifiable"} <= verdicts
    assert {s["fetch"]["status"] for s in live_report["sources"] if s["fetch"]} >= {"ok", "broken"}
    assert {e["verdict"] for e in live_report["embeds"]} >= {"matches"}


def test_replay_agrees_with_the_loopback_run(live_report: dict[str, Any]) -> None:
    if not WARC.exists():
        pytest.fail("fixtures/sample/world.warc.gz is missing: run scripts/record_sample.py")
    code, out = run([str(SAMPLE), "--format", "json", "--archive", "never", "--quiet", "--replay", str(WARC)])
    replayed = json.loads(out)
    statuses = {s["fetch"]["status"] for s in replayed["sources"] if s["fetch"]}
    assert "not-in-replay" not in statuses, "the WARC is stale: run scripts/record_sample.py"
    assert code == 1
    assert comparable(replayed) == comparable(live_report)


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_from_the_warc(fmt: OutputFormat) -> None:
    if not WARC.exists():
        pytest.skip("no recorded WARC yet")
    args = [str(SAMPLE), "--format", fmt.value, "--archive", "never", "--quiet", "--replay", str(WARC)]
    code, out = run(args)
    assert code == 1
    assert out.strip()


def test_exit_0_when_nothing_reaches_fail_on(world: World) -> None:
    code, _ = run([str(SAMPLE), "--archive", "never", "--no-cache", "--quiet", "--fail-on", "none",
                   *world.cli_args()])  # fmt: skip
    assert code == 0


def test_config_file_beside_the_article_is_used(world: World, tmp_path: Path) -> None:
    draft = tmp_path / "article.html"
    draft.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "verify.toml").write_text('fail-on = ["deleted"]\narchive = "never"\n')
    code, _ = run([str(draft), "--no-cache", "--quiet", *world.cli_args()])
    assert code == 0  # nothing in the sample is deleted
