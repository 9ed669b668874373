"""When an embedded post is `deleted` and when it is only unverifiable (issue 12.6), over loopback.

X: deleted only when syndication and oEmbed both say so, and then the archived copy is shown.
YouTube/TikTok: an oEmbed 401/403 is an owner who turned embedding off, not a deletion.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from emulators.platforms import TIKTOK, TWITTER_OEMBED, YOUTUBE, PlatformWorld
from emulators.wayback import WaybackEmulator
from verify.archive import Archiver
from verify.embeds import Endpoints, check_embed
from verify.fetch.http import HttpClient
from verify.models import Embed, EmbedVerdict, Platform

ClientFactory = Callable[[], HttpClient]
TWEET = "2032746555110433459"
TEXT = "Cranes 2 and 3 are down for inspection."


def _tweet(world: PlatformWorld, state: str) -> Embed:
    world.add_tweet(
        TWEET, TEXT, screen_name="kessel_harbour", created_at="2026-03-14T09:12:00.000Z", state=state
    )
    url = f"https://x.com/kessel_harbour/status/{TWEET}"
    return Embed(
        "E1", Platform.TWITTER, url, 1, author_handle="@kessel_harbour", date="2026-03-14", text=TEXT
    )


def test_syndication_404_with_the_post_in_oembed_is_not_deleted(
    world: PlatformWorld, make_client: ClientFactory
) -> None:
    embed = _tweet(world, "unsyndicated")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES, check
    assert check.original is not None and check.original.via == "oembed"
    assert "syndication: deleted (the platform answers 404)" in (check.note or "")


def test_syndication_404_and_oembed_unreachable_is_unverifiable(
    world: PlatformWorld, make_client: ClientFactory
) -> None:
    embed = _tweet(world, "deleted")
    world.rate_limit(TWITTER_OEMBED)
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.UNVERIFIABLE, check
    assert "oEmbed could not confirm a deletion (rate limited)" in (check.note or "")


def test_deleted_when_both_say_so_and_the_archived_copy_is_shown(
    world: PlatformWorld, wayback: WaybackEmulator, make_client: ClientFactory
) -> None:
    embed = _tweet(world, "deleted")
    wayback.add_post_capture(
        f"https://twitter.com/kessel_harbour/status/{TWEET}",
        "20260314101500",
        text=TEXT,
        handle="kessel_harbour",
        name="Port of Kessel",
        created_at="2026-03-14T09:12:00Z",
    )
    client = make_client()
    check = check_embed(
        embed, client, archiver=Archiver(client), endpoints=Endpoints(), published="2026-03-15"
    )
    assert check.verdict is EmbedVerdict.DELETED, check
    assert (check.note or "").startswith("deleted (syndication and oEmbed answer 404)")
    assert check.archive is not None and check.archive.as_cited is not None
    assert check.archive.as_cited.timestamp == "20260314101500"
    assert check.original is not None and check.original.via == "archive" and check.original.text == TEXT
    assert "archived copy of 2026-03-14" in (check.note or "")


@pytest.mark.parametrize(
    ("host", "url", "page", "status"),
    [
        (YOUTUBE, "https://www.youtube.com/watch?v=KsLn0emb3d0", "https://youtu.be/KsLn0emb3d0", 401),
        (YOUTUBE, "https://www.youtube.com/watch?v=KsLn0emb3d1", "https://youtu.be/KsLn0emb3d1", 403),
        (
            TIKTOK,
            "https://www.tiktok.com/@kesselfoodie/video/7616012961919918657",
            "https://www.tiktok.com/@kesselfoodie/video/7616012961919918657",
            403,
        ),
    ],
)
def test_oembed_refusing_embedding_is_unverifiable_not_deleted(  # noqa: PLR0917 - parametrized
    world: PlatformWorld, make_client: ClientFactory, host: str, url: str, page: str, status: int
) -> None:
    world.add_oembed(host, url, status=status, body="Forbidden", content_type="text/html")
    platform = Platform.YOUTUBE if host == YOUTUBE else Platform.TIKTOK
    check = check_embed(Embed("E1", platform, page, 1, form="iframe"), make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.UNVERIFIABLE, check
    assert (check.note or "").startswith("embedding disabled by the owner")
    assert f"HTTP {status}" in (check.note or "")
