"""End to end on the fictional fixture world: one or more embeds per platform get the right verdicts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from emulators.platforms import BLUESKY, SYNDICATION, PlatformWorld
from emulators.wayback import WaybackEmulator
from verify.archive import Archiver
from verify.embeds import Endpoints, check_embed, check_embeds
from verify.fetch.http import HttpClient
from verify.models import Embed, EmbedVerdict, Platform

ClientFactory = Callable[[], HttpClient]


def _embeds(data: dict[str, Any]) -> list[tuple[Embed, dict[str, Any]]]:
    out = []
    for raw in data["embeds"]:
        fields = {k: v for k, v in raw.items() if not k.startswith("expect")}
        fields["platform"] = Platform(fields["platform"])
        out.append((Embed(**fields), raw))
    return out


def _script(world: PlatformWorld, wayback: WaybackEmulator, data: dict[str, Any]) -> None:
    world.load(data)
    for c in data["wayback"]:
        wayback.add_capture(c["url"], c["timestamp"], c["body"], mimetype=c.get("mimetype", "text/html"))


def test_every_platform_gets_the_expected_verdict(
    world: PlatformWorld, wayback: WaybackEmulator, make_client: ClientFactory, fixture_data: dict[str, Any]
) -> None:
    _script(world, wayback, fixture_data)
    client = make_client()
    archiver = Archiver(client)
    pairs = _embeds(fixture_data)
    results = check_embeds(
        [e for e, _ in pairs],
        client,
        archiver=archiver,
        endpoints=Endpoints(),
        published=fixture_data["published"],
    )
    assert list(results) == [e.id for e, _ in pairs]
    wrong = []
    for embed, raw in pairs:
        check = results[embed.id]
        archived = check.original.text if check.original and check.original.text else ""
        said = " | ".join([*check.differences, check.note or "", archived])
        if check.verdict != EmbedVerdict(raw["expect"]) or raw.get("expect_text", "") not in said:
            wrong.append((embed.id, check.verdict.value, raw["expect"], said))
    assert not wrong, wrong
    platforms = {e.platform for e, _ in pairs}
    assert platforms == set(Platform)
    counts = Counter(c.verdict.value for c in results.values())
    print("verdicts:", dict(counts))


def test_deleted_tweet_shows_the_archived_text(
    world: PlatformWorld, wayback: WaybackEmulator, make_client: ClientFactory, fixture_data: dict[str, Any]
) -> None:
    _script(world, wayback, fixture_data)
    client = make_client()
    embed = next(e for e, _ in _embeds(fixture_data) if e.id == "E3")
    check = check_embed(
        embed, client, archiver=Archiver(client), endpoints=Endpoints(), published="2026-03-20"
    )
    assert check.verdict is EmbedVerdict.DELETED
    assert check.original is not None
    assert check.original.via == "archive"
    assert check.original.text is not None
    assert check.original.text.startswith("Oil sheen spotted near the south mole.")
    assert check.original.author == "@harbourwatch_kz"
    assert check.original.archive_url and "20260203101500" in check.original.archive_url
    assert check.archive is not None and check.archive.as_cited is not None
    assert check.differences == ()
    assert check.id_date is not None and check.id_date.startswith("2026-02-02T08:05")


def test_changed_word_is_listed_as_an_edit(
    world: PlatformWorld, make_client: ClientFactory, fixture_data: dict[str, Any]
) -> None:
    world.load(fixture_data)
    embed = next(e for e, _ in _embeds(fixture_data) if e.id == "E2")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.DIFFERS
    assert check.match is not None and check.match.edits
    assert any("“3”" in d and "“2”" in d for d in check.differences)
    assert check.original is not None and check.original.via == "syndication"


@pytest.mark.parametrize("jobs", [1, 8])
def test_rate_limited_platform_does_not_stall_the_run(
    world: PlatformWorld, make_client: ClientFactory, fixture_data: dict[str, Any], jobs: int
) -> None:
    world.load(fixture_data)
    world.rate_limit(BLUESKY)
    world.retry_after = "3600"  # honouring it would stall the run for an hour
    base = next(e for e, _ in _embeds(fixture_data) if e.id == "E7")
    many = [Embed(**{**_asdict(base), "id": f"B{i}"}) for i in range(12)]
    tweet = next(e for e, _ in _embeds(fixture_data) if e.id == "E1")
    client = make_client()
    results = check_embeds([*many, tweet], client, endpoints=Endpoints(), jobs=jobs)
    for i in range(12):
        assert results[f"B{i}"].verdict is EmbedVerdict.UNVERIFIABLE
        assert "rate limited" in (results[f"B{i}"].note or "")
    assert results["E1"].verdict is EmbedVerdict.MATCHES
    # After the first 429 nothing more goes to the paused platform (only requests already in flight).
    assert world.count(BLUESKY) <= jobs
    assert world.count(SYNDICATION) == 1


def _asdict(embed: Embed) -> dict[str, Any]:
    return {name: getattr(embed, name) for name in embed.__slots__}  # type: ignore[attr-defined]
