"""Every verdict and status of the report contract, shown by at least one row of the fixture runs.

The runs: the main sample replayed from its WARC (default archive policy: archived, saved, failed), the
ferry fixture over loopback sockets (`--archive lookup`; its verify.toml skips a URL and sets a short
timeout), the ferry run replayed from the WARC it recorded (the two agree), and that WARC with one
exchange taken out (`not-in-replay`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import verify.extract
from emulators.world import FIXTURE_WORLDS, World, comparable
from verify.cli import cli
from verify.models import ArchiveStatus, ClaimVerdict, EmbedVerdict, FetchStatus, QuoteVerdict

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample" / "article.html"
SAMPLE_WARC = ROOT / "fixtures" / "sample" / "world.warc.gz"
FERRY = FIXTURE_WORLDS / "ferry"
GUILD = "https://seafarers-guild.example/bulletins/june"

pytestmark = pytest.mark.skipif(
    not hasattr(verify.extract, "extract"), reason="the extraction stage (issue 2) has not landed"
)


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json", "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def ferry_warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ferry") / "ferry.warc.gz"


@pytest.fixture(scope="module")
def ferry_live(ferry_warc: Path) -> Iterator[dict[str, Any]]:
    with World.from_dir(FERRY) as world:
        code, report = check(str(FERRY / "article.md"), "--archive", "lookup", "--no-cache",
                             "--warc", str(ferry_warc), *world.cli_args())  # fmt: skip
        assert code == 1
        yield report


def without(warc: Path, url: str, out: Path) -> Path:
    """A copy of `warc` lacking every record of one URL (a recording that missed an exchange)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    with open(warc, "rb") as src, open(out, "wb") as raw:
        writer = WARCWriter(raw, gzip=True)
        for record in ArchiveIterator(src):
            if record.rec_headers.get_header("WARC-Target-URI") != url:
                writer.write_record(record)
    return out


def test_ferry_replay_agrees_with_loopback(ferry_live: dict[str, Any], ferry_warc: Path) -> None:
    _, replayed = check(str(FERRY / "article.md"), "--archive", "lookup", "--replay", str(ferry_warc))
    assert comparable(replayed) == comparable(ferry_live)


def test_ferry_rows_read_as_expected(ferry_live: dict[str, Any]) -> None:
    by_url = {s["url"]: s for s in ferry_live["sources"]}
    guild = by_url[GUILD]
    assert guild["fetch"]["status"] == "blocked" and guild["archive"]["status"] == "archived"
    quote = next(q for q in ferry_live["quotes"] if q["source"] == guild["id"])
    assert quote["verdict"] == "exact" and quote["checked_against"] == "archived"
    intranet = by_url["http://10.20.0.5/rota/summer"]
    assert intranet["fetch"]["status"] == "unsafe"
    assert intranet["archive"]["status"] == "skipped"  # an internal URL is never sent to the Wayback
    claims = {c["value"]["text"]: c for c in ferry_live["claims"]}
    ballot = claims["About 430"]  # the guild's page is blocked: its archived copy confirms the rounded figure
    assert (ballot["verdict"], ballot["checked_against"]) == ("confirmed", "archived")
    assert ballot["source"] == guild["id"]
    assert claims["42"]["verdict"] == "differs" and "24" in claims["42"]["note"]
    assert claims["300"]["verdict"] == "not-found" and claims["96"]["verdict"] == "unverifiable"
    skipped = by_url["https://ads.tracker.example/click?campaign=summer-ferries"]
    assert skipped["fetch"]["status"] == "skipped" and skipped["archive"]["status"] == "skipped"


def test_every_verdict_and_status_appears(
    ferry_live: dict[str, Any], ferry_warc: Path, tmp_path: Path
) -> None:
    if not SAMPLE_WARC.exists():
        pytest.fail("fixtures/sample/world.warc.gz is missing: run scripts/record_sample.py")
    _, sample = check(str(SAMPLE), "--replay", str(SAMPLE_WARC))
    lacking = without(ferry_warc, GUILD, tmp_path / "lacking.warc.gz")
    _, partial = check(str(FERRY / "article.md"), "--archive", "lookup", "--replay", str(lacking))
    guild = next(s for s in partial["sources"] if s["url"] == GUILD)
    assert guild["fetch"]["status"] == "not-in-replay"

    seen: dict[str, set[str]] = {k: set() for k in ("quotes", "embeds", "claims", "fetch", "archive")}
    for report in (sample, ferry_live, partial):
        seen["quotes"] |= {q["verdict"] for q in report["quotes"]}
        seen["embeds"] |= {e["verdict"] for e in report["embeds"]}
        seen["claims"] |= {c["verdict"] for c in report["claims"]}
        seen["fetch"] |= {s["fetch"]["status"] for s in report["sources"] if s["fetch"]}
        seen["archive"] |= {s["archive"]["status"] for s in report["sources"] if s["archive"]}
    assert seen["quotes"] == {v.value for v in QuoteVerdict}
    assert seen["embeds"] == {v.value for v in EmbedVerdict}
    assert seen["claims"] == {v.value for v in ClaimVerdict}
    # the sample and the ferry article each carry a figure of every verdict (issue 16)
    for report in (sample, ferry_live):
        assert {c["verdict"] for c in report["claims"]} == seen["claims"]
    assert seen["fetch"] == {v.value for v in FetchStatus}
    assert seen["archive"] == {v.value for v in ArchiveStatus}
