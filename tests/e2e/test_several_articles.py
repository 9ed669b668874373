"""`verify check` on several articles in one run (as pre-commit passes them): one client, one WARC."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import verify.extract
from emulators.world import SAMPLE_WORLD, World
from verify.cli import cli
from verify.fetch.warc import WarcReplay

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MD = ROOT / "fixtures" / "sample" / "article.md"

pytestmark = pytest.mark.skipif(
    not hasattr(verify.extract, "extract"), reason="the extraction stage (issue 2) has not landed"
)

OTHER = """# Harbour notes

The harbour master said the quays were ready, according to
[the port](https://port-of-kessel.example/news/berths-ready).
"""


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with World.from_dir(SAMPLE_WORLD) as w:
        yield w


def test_warc_keeps_every_article_of_the_run(world: World, tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(OTHER, encoding="utf-8")
    warc = tmp_path / "run.warc.gz"
    args = ["check", str(SAMPLE_MD), str(other), "--archive", "never", "--no-cache", "--quiet",
            "--warc", str(warc), *world.cli_args()]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    replay = WarcReplay(str(warc))
    for url in (
        "https://www.valdoria-gov.example/press/2026/kessel-agreement",  # first article only
        "https://port-of-kessel.example/news/berths-ready",  # both
    ):
        assert replay.answer("GET", url, None) is not None, url
    # Replaying the run's WARC gives both articles again, offline.
    again = CliRunner().invoke(cli, ["check", str(SAMPLE_MD), str(other), "--archive", "never", "--quiet",
                                     "--replay", str(warc)])  # fmt: skip
    assert again.exit_code == 1
    assert "not-in-replay" not in again.stdout


def test_bad_skip_pattern_is_a_usage_error(tmp_path: Path) -> None:
    other = tmp_path / "other.md"
    other.write_text(OTHER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(other), "--skip", "(", "--archive", "never"])
    assert result.exit_code == 2
    assert "bad skip pattern" in result.output
