"""Each resolver against the loopback platforms, with their deleted, hidden, malformed and odd answers."""

from __future__ import annotations

from collections.abc import Callable

from emulators.platforms import SYNDICATION, YOUTUBE, PlatformWorld
from verify.embeds import Endpoints, check_embed
from verify.fetch.http import HttpClient
from verify.models import Embed, EmbedVerdict, Platform

ClientFactory = Callable[[], HttpClient]
TWEET = "2032746555110433459"


def _tweet(world: PlatformWorld, state: str = "ok", **kw: object) -> Embed:
    world.add_tweet(
        TWEET,
        "Cranes 2 and 3 are down for inspection.",
        screen_name="kessel_harbour",
        name="Port of Kessel",
        created_at="2026-03-14T09:12:00.000Z",
        state=state,
        **kw,  # type: ignore[arg-type]
    )
    return Embed(
        "E1",
        Platform.TWITTER,
        f"https://x.com/kessel_harbour/status/{TWEET}",
        1,
        author_handle="@kessel_harbour",
        date="2026-03-14",
        text="Cranes 2 and 3 are down for inspection.",
    )


def test_malformed_syndication_falls_back_to_oembed(world: PlatformWorld, make_client: ClientFactory) -> None:
    embed = _tweet(world)
    world.malformed(SYNDICATION)
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES
    assert check.original is not None and check.original.via == "oembed"
    assert check.original.date == "2026-03-14"
    assert "syndication" in (check.note or "")


def test_tombstone_on_a_live_post_is_read_through_oembed(
    world: PlatformWorld, make_client: ClientFactory
) -> None:
    embed = _tweet(world, state="tombstone-live")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES
    assert "tombstone" in (check.note or "")


def test_tombstone_with_oembed_404_is_deleted(world: PlatformWorld, make_client: ClientFactory) -> None:
    embed = _tweet(world, state="tombstone")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.DELETED
    assert "archive not consulted" in (check.note or "")


def test_later_edit_is_noted(world: PlatformWorld, make_client: ClientFactory) -> None:
    embed = _tweet(world, edit_ids=[TWEET, "2032746555110499999"])
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES
    assert check.original is not None and check.original.edited
    assert "edited later" in (check.note or "")


def _bsky(world: PlatformWorld, state: str = "ok", handle: str = "tove.bsky.social") -> Embed:
    world.add_bluesky_post(
        handle="tove.bsky.social",
        did="did:plc:tove0000000000000000000001",
        rkey="3mgwr4nbv222b",
        text="The seals have moved in.",
        created_at="2026-03-13T11:00:00.000Z",
        cid="bafyreiseals",
        state=state,
    )
    return Embed(
        "E2", Platform.BLUESKY, f"https://bsky.app/profile/{handle}/post/3mgwr4nbv222b", 1,
        author_handle=f"@{handle}", text="The seals have moved in.",
    )  # fmt: skip


def test_bluesky_blocked_and_not_found_threads(world: PlatformWorld, make_client: ClientFactory) -> None:
    client = make_client()
    blocked = check_embed(_bsky(world, "blocked"), client, endpoints=Endpoints())
    assert blocked.verdict is EmbedVerdict.DELETED and "blocked" in (blocked.note or "")
    gone = check_embed(_bsky(world, "notfound-thread"), client, endpoints=Endpoints())
    assert gone.verdict is EmbedVerdict.DELETED


def test_bluesky_handle_that_no_longer_resolves(world: PlatformWorld, make_client: ClientFactory) -> None:
    check = check_embed(_bsky(world, handle="old-name.bsky.social"), make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.UNVERIFIABLE
    assert "no longer resolves" in (check.note or "")


def test_bluesky_post_id_dates_the_post(world: PlatformWorld, make_client: ClientFactory) -> None:
    check = check_embed(_bsky(world), make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES
    assert check.id_date is not None and check.id_date.startswith("2026-03-13T11:00")


def test_mastodon_sign_in_edits_and_remote_origin(world: PlatformWorld, make_client: ClientFactory) -> None:
    world.sign_in_required.add("closed.example")
    world.add_mastodon_status(
        "social.kessel.example", "116216561664004660", acct="harbourmaster",
        content="<p>Berth 7 reopens on <a href=\"https://kessel.example/b7\">Thursday</a>.</p>",
        created_at="2026-03-12T14:00:00.000Z", edited_at="2026-03-12T15:00:00.000Z",
    )  # fmt: skip
    world.add_mastodon_status(
        "mirror.example", "999", acct="harbourmaster@social.kessel.example",
        content="<p>Berth 7 reopens.</p>",
        created_at="2026-03-12T14:00:00.000Z",
        uri="https://social.kessel.example/users/harbourmaster/statuses/116216561664004660",
    )  # fmt: skip
    client = make_client()
    closed = Embed("E1", Platform.MASTODON, "https://closed.example/@someone/116216561664004660", 1)
    check = check_embed(closed, client, endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.UNVERIFIABLE and "sign-in required" in (check.note or "")
    edited = Embed(
        "E2", Platform.MASTODON, "https://social.kessel.example/@harbourmaster/116216561664004660", 1,
        text="Berth 7 reopens on Thursday.",
    )  # fmt: skip
    check = check_embed(edited, client, endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.MATCHES
    assert check.original is not None and check.original.edited and "edited" in (check.note or "")
    remote = Embed(
        "E3", Platform.MASTODON, "https://mirror.example/@harbourmaster@social.kessel.example/999", 1
    )
    check = check_embed(remote, client, endpoints=Endpoints())
    assert check.id_date is not None and check.id_date.startswith("2026-03-12T14:00")


def test_youtube_forbidden_with_status_200_is_not_a_video(
    world: PlatformWorld, make_client: ClientFactory
) -> None:
    world.add_oembed(
        YOUTUBE, "https://www.youtube.com/watch?v=KsLpr1vate0", body="Forbidden", content_type="text/html"
    )
    embed = Embed("E1", Platform.YOUTUBE, "https://youtu.be/KsLpr1vate0", 1, form="iframe")
    check = check_embed(embed, make_client(), endpoints=Endpoints())
    assert check.verdict is EmbedVerdict.DELETED
    gone = Embed("E2", Platform.YOUTUBE, "https://youtu.be/KsLg0ne0000", 1, form="iframe")
    assert check_embed(gone, make_client(), endpoints=Endpoints()).verdict is EmbedVerdict.DELETED


def test_meta_graph_with_a_token(world: PlatformWorld, make_client: ClientFactory) -> None:
    url = "https://www.facebook.com/kesselmuseum/posts/pfbid0Kss3lMus3um"
    world.add_graph_oembed(
        url,
        html_body=(
            '<div class="fb-post" data-href="'
            + url
            + '"><blockquote cite="'
            + url
            + '" class="fb-xfbml-parse-ignore">'
            "<p>The boatbuilding hall opens on 1 April.</p>Posted by "
            '<a href="https://www.facebook.com/kesselmuseum">Kessel Maritime Museum</a> on '
            f'<a href="{url}">Thursday, March 5, 2026</a></blockquote></div>'
        ),
    )
    endpoints = Endpoints(meta_token="app|token")
    client = make_client()
    embed = Embed(
        "E1", Platform.FACEBOOK, url, 1, author_name="Kessel Maritime Museum", date="2026-03-05",
        text="The boatbuilding hall opens on 1 April.",
    )  # fmt: skip
    check = check_embed(embed, client, endpoints=endpoints)
    assert check.verdict is EmbedVerdict.MATCHES
    assert check.original is not None and check.original.via == "graph-oembed"
    assert check.original.date == "2026-03-05"
    missing = Embed("E2", Platform.FACEBOOK, "https://www.facebook.com/kesselmuseum/posts/42", 1)
    check = check_embed(missing, client, endpoints=endpoints)
    assert check.verdict is EmbedVerdict.DELETED
    assert "Meta's oEmbed will not show it" in (check.note or "")
    no_token = check_embed(missing, client, endpoints=Endpoints())
    assert no_token.verdict is EmbedVerdict.UNVERIFIABLE
    assert "no public endpoint" in (no_token.note or "")


def test_unreachable_platform_is_unverifiable(make_client: ClientFactory) -> None:
    endpoints = Endpoints(telegram="http://127.0.0.1:9")  # the discard port: nothing listens
    embed = Embed("E1", Platform.TELEGRAM, "https://t.me/kessel_port_news/4821", 1)
    check = check_embed(embed, make_client(), endpoints=endpoints)
    assert check.verdict is EmbedVerdict.UNVERIFIABLE
    assert "could not be reached" in (check.note or "")
