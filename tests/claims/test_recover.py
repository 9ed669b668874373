"""Flattened posts recovered from the Wayback index: the pure choices, and the sample's scrape (loopback)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from emulators.world import World
from verify.archive.types import CdxRow
from verify.cli import cli
from verify.embeds.ids import TWITTER_EPOCH_MS
from verify.embeds.recover import (
    MAX_CANDIDATES,
    agreement,
    can_recover,
    candidates,
    prefix_queries,
)
from verify.extract import extract
from verify.models import Embed, Platform
from verify.pipeline import CheckOptions, plan_check
from verify.read import load

ROOT = Path(__file__).resolve().parents[2]
SCRAPE = ROOT / "fixtures" / "sample" / "article.txt"  # the sample as a scrape: its posts flattened
SAMPLE_WORLD = ROOT / "fixtures" / "sample" / "world" / "world.json"
OVERLAY = ROOT / "fixtures" / "claims" / "scrape.json"
TEXT = "Signed today in Kessel: an agreement that keeps our harbour open to every partner."


def flat(
    platform: Platform = Platform.TWITTER, handle: str = "@AnaVossMFA", day: str | None = "2026-05-17"
) -> Embed:
    return Embed("E1", platform, "https://twitter.com/AnaVossMFA", 1, author_handle=handle, date=day,
                 text=TEXT, form="flattened")  # fmt: skip


def tweet_id(when: datetime, seq: int = 1) -> str:
    return str(((int(when.timestamp() * 1000) - TWITTER_EPOCH_MS) << 22) | seq)


def row(url: str, ts: str = "20260517110000") -> CdxRow:
    return CdxRow(timestamp=ts, original=url, statuscode="200", digest="D", mimetype="text/html", length=1)


# ------------------------------------------------------------------ pure choices


def test_one_prefix_query_per_host_and_handle_bounded_in_time() -> None:
    qs = prefix_queries(flat())
    assert [q.prefix for q in qs] == ["twitter.com/AnaVossMFA/status/", "x.com/AnaVossMFA/status/"]
    assert qs[0].start == datetime(2026, 5, 16, 10, tzinfo=UTC)  # the day in UTC+14
    assert (qs[0].end - qs[0].start).days == 22  # to a few weeks after
    bsky = prefix_queries(flat(Platform.BLUESKY, "@ilsevarga.bsky.social"))
    assert [q.prefix for q in bsky] == ["bsky.app/profile/ilsevarga.bsky.social/post/"]
    masto = prefix_queries(flat(Platform.MASTODON, "@keeper@social.testbed.example"))
    assert [q.prefix for q in masto] == ["social.testbed.example/@keeper/"]
    assert prefix_queries(flat(day=None)) == []  # no date: no bound, no query
    assert not can_recover(flat(Platform.INSTAGRAM))


def test_candidates_are_the_handles_posts_of_that_day_once_each_at_most_ten() -> None:
    day = datetime(2026, 5, 17, 9, tzinfo=UTC)
    on_day = [tweet_id(day.replace(hour=h)) for h in range(12)]
    rows = [row(f"https://twitter.com/AnaVossMFA/status/{i}?s=20") for i in on_day]
    rows += [row(f"https://x.com/anavossmfa/status/{on_day[0]}")]  # the same post under the other host
    rows += [row(f"https://twitter.com/AnaVossMFA/status/{tweet_id(datetime(2026, 5, 14, tzinfo=UTC))}")]
    rows += [row(f"https://twitter.com/SomeoneElse/status/{on_day[1]}")]
    rows += [row("https://twitter.com/AnaVossMFA/status/123")]  # a pre-snowflake ID encodes no time
    found = candidates(flat(), rows)
    assert len(found) == MAX_CANDIDATES
    assert [c.post_id for c in found] == on_day[:MAX_CANDIDATES]
    assert found[0].permalink == f"https://twitter.com/AnaVossMFA/status/{on_day[0]}"


def test_a_changed_word_still_agrees_another_post_does_not() -> None:
    edited = agreement(flat(), TEXT.replace("every partner", "each partner"))
    assert edited is not None and edited.verdict.value == "altered"
    assert agreement(flat(), "Thank you to the harbour staff of Kessel for a long day of talks.") is None
    assert agreement(flat(), TEXT) is not None


def test_the_profile_of_a_flattened_post_is_never_archived() -> None:
    ex = extract(load(str(SCRAPE)))
    plan = plan_check(ex, CheckOptions())
    profiles = [e.url for e in ex.embeds]
    assert profiles == ["https://twitter.com/AnaVossMFA", "https://bsky.app/profile/ilsevarga.bsky.social"]
    assert all(p in plan.kept_back and p not in plan.look_up for p in profiles)


# ------------------------------------------------------------------ the scrape over loopback


def scrape_world(**overrides: Any) -> World:
    spec = json.loads(SAMPLE_WORLD.read_text(encoding="utf-8"))
    spec.update(json.loads(OVERLAY.read_text(encoding="utf-8")))
    spec.update(overrides)
    return World(spec)


def check(world: World) -> dict[str, Any]:
    args = ["check", str(SCRAPE), "--no-cache", "--format", "json", "--quiet", *world.cli_args()]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def scraped() -> Iterator[tuple[dict[str, Any], World]]:
    with scrape_world() as world:
        yield check(world), world


def test_every_flattened_post_with_a_capture_is_recovered_and_verified(
    scraped: tuple[dict[str, Any], World],
) -> None:
    report, _ = scraped
    edited, deleted = report["embeds"]
    assert (
        edited["recovered"] and edited["url"] == "https://twitter.com/AnaVossMFA/status/2055939378508849728"
    )
    assert edited["verdict"] == "differs"  # edited before capture: the scrape has the first wording
    assert edited["differences"] == ["text: the embed has “every” where the original has “each”"]
    assert deleted["recovered"] and deleted["url"].endswith("/ilsevarga.bsky.social/post/3mlyio472222b")
    assert deleted["verdict"] == "deleted" and "archived copy of 2026-05-16" in deleted["note"]
    sources = {s["id"]: s for s in report["sources"]}
    for e in (edited, deleted):
        assert sources[e["source"]]["url"] == e["url"]  # the source row shows the post, not the profile
        assert sources[e["source"]]["archive"]["status"] == "archived"  # its capture; never saved
    # The quotations in the post are tied to it and checked against the recovered original.
    quotes = [q for q in report["quotes"] if q["source"] == edited["source"]]
    assert [q["verdict"] for q in quotes] == ["altered", "exact"]


def test_the_request_log_shows_the_bounds_held(scraped: tuple[dict[str, Any], World]) -> None:
    _, world = scraped
    prefix = [parse_qs(urlsplit(h.path).query) for h in world.wayback.requests("cdx")]
    prefix = [q for q in prefix if q.get("matchType") == ["prefix"]]
    assert sorted(q["url"][0] for q in prefix) == [
        "bsky.app/profile/ilsevarga.bsky.social/post/",
        "twitter.com/AnaVossMFA/status/",
        "x.com/AnaVossMFA/status/",
    ]  # one query per host and handle
    for q in prefix:
        assert q["from"][0] >= "20260515100000" and q["to"][0] <= "20260608000000"
    read = [h.path for h in world.wayback.requests("memento")]
    # Only the handles' posts of that day were read: not the post of May 14 nor the one of May 20.
    assert not any("2054834095518650368" in p or "3mmbnhxfm222b" in p for p in read)
    assert len([p for p in read if "/status/" in p or "/post/" in p]) <= 2 * MAX_CANDIDATES
    asked = [parse_qs(urlsplit(h.path).query).get("url", [""])[0] for h in world.wayback.requests("cdx")]
    assert not any(u.rstrip("/").endswith(("/AnaVossMFA", "/ilsevarga.bsky.social")) for u in asked)
    saves = [h.path for h in world.wayback.hits if h.endpoint.startswith(("save", "spn"))]
    assert not any("AnaVossMFA" in p or "ilsevarga" in p for p in saves)


def test_no_captured_post_that_matches_is_unverifiable() -> None:
    with scrape_world(captured_posts=[]) as world:
        report = check(world)
    for e, handle in zip(report["embeds"], ("@AnaVossMFA", "@ilsevarga.bsky.social"), strict=True):
        assert e["verdict"] == "unverifiable" and not e["recovered"]
        assert e["note"] == f"no captured post of {handle} on that date matches"


def test_a_flattened_mastodon_post_is_recovered_on_its_server(tmp_path: Path) -> None:
    server, posted = "social.testbed.example", datetime(2026, 5, 17, 8, tzinfo=UTC)
    status = str(int(posted.timestamp() * 1000) << 16)
    other = str(int(posted.replace(day=12).timestamp() * 1000) << 16)  # the same words, five days earlier
    text = "The lamp on the point stays lit all night until the strike is over."
    captured = [
        {
            "url": f"https://{server}/@keeper/{sid}",
            "timestamp": ts,
            "handle": f"keeper@{server}",
            "text": text,
        }
        for sid, ts in ((other, "20260517090000"), (status, "20260517100000"))
    ]
    article = tmp_path / "post.txt"
    article.write_text(
        f"Keepers\n\nThe keeper wrote:\n\n{text} — Lamp Keeper (@keeper@{server}) May 17, 2026\n",
        encoding="utf-8",
    )
    world = World({"pages": {}, "captured_posts": captured})
    world.platforms.add_mastodon_status(
        server, status, acct="keeper", content=f"<p>{text}</p>", created_at="2026-05-17T08:00:00.000Z"
    )
    with world:
        route = ["--resolve", f"{server}={world.platforms.host}:{world.platforms.port}"]
        args = ["check", str(article), "--no-cache", "--format", "json", "--quiet", *world.cli_args(), *route]
        result = CliRunner().invoke(cli, args)
        prefix = [h.path for h in world.wayback.requests("cdx") if "matchType=prefix" in h.path]
    (embed,) = json.loads(result.stdout)["embeds"]
    assert embed["recovered"] and embed["url"] == f"https://{server}/@keeper/{status}"
    assert embed["verdict"] == "matches", embed
    assert len(prefix) == 1 and f"url={server}%2F%40keeper%2F" in prefix[0]
