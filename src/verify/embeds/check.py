"""Checking embedded posts: resolve each on its platform (or the archive) and compare it with the embed."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from typing import cast

from verify.embeds.archived import Archived, ArchiveReader, find_archived
from verify.embeds.base import Gate, Resolution, Resolver, State
from verify.embeds.bluesky import BlueskyResolver
from verify.embeds.compare import (
    author_differences,
    date_differences,
    normalize_text,
    show_date,
    text_differences,
)
from verify.embeds.endpoints import Endpoints
from verify.embeds.ids import id_time
from verify.embeds.mastodon import MastodonResolver
from verify.embeds.meta import MetaResolver
from verify.embeds.oembed import OEmbedResolver
from verify.embeds.recover import PrefixArchive, can_recover, recover
from verify.embeds.telegram import TelegramResolver
from verify.embeds.twitter import TwitterResolver
from verify.fetch.http import HttpClient
from verify.models import (
    ArchiveResult,
    ArchiveStatus,
    Embed,
    EmbedCheck,
    EmbedVerdict,
    MatchResult,
    OriginalPost,
    Platform,
    QuoteVerdict,
)
from verify.permalinks import post_id

RESOLVERS: dict[Platform, Resolver] = {
    platform: resolver
    for resolver in (
        TwitterResolver(),
        BlueskyResolver(),
        MastodonResolver(),
        OEmbedResolver(),
        TelegramResolver(),
        MetaResolver(),
    )
    for platform in resolver.platforms
}
# Embeds that show the post's whole text: words missing from them are a difference.
_FULL_TEXT = {Platform.TWITTER, Platform.BLUESKY, Platform.TELEGRAM, Platform.MASTODON}
_TIKTOK_SOUND = re.compile(r"\s*♬.*$", re.S)
_REDDIT_BYLINE = re.compile(r"\s+by\s+u/\S+(?:\s+in\s+r/\S+)?\s*$")
_LEADING_HANDLE = re.compile(r"^@[\w.]+\s+")


def _embed_text(embed: Embed) -> str:
    text = embed.text or ""
    if embed.platform is Platform.TIKTOK:
        text = _LEADING_HANDLE.sub("", _TIKTOK_SOUND.sub("", text))
    elif embed.platform is Platform.REDDIT:
        text = _REDDIT_BYLINE.sub("", text)
    return normalize_text(text)


class _Checker:
    def __init__(
        self,
        client: HttpClient,
        archiver: ArchiveReader | None,
        endpoints: Endpoints,
        published: date | datetime | str | None,
    ) -> None:
        self.client = client
        self.gate = Gate(client)
        self.archiver = archiver
        self.endpoints = endpoints
        self.published = published

    def check(self, embed: Embed) -> EmbedCheck:
        if can_recover(embed):
            return self._recovered(embed)
        pid = post_id(embed)
        id_date = id_time(embed.platform, pid, now=self.client.clock.now())
        resolver = RESOLVERS.get(embed.platform)
        if resolver is None:
            resolution = Resolution(State.UNAVAILABLE, reason="no resolver for this platform")
        else:
            try:
                resolution = resolver.resolve(embed, self.gate, self.endpoints)
            except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
                resolution = Resolution(State.UNAVAILABLE, reason=f"unreadable answer ({type(exc).__name__})")
        post = resolution.post
        if embed.platform is Platform.MASTODON and post is not None and post.post_id and post.post_id != pid:
            id_date = id_time(Platform.MASTODON, post.post_id, now=self.client.clock.now())
        id_iso = id_date.isoformat().replace("+00:00", "Z") if id_date else None
        if resolution.state is State.FOUND and post is not None:
            return self._compared(embed, post, id_date, id_iso, list(resolution.notes))
        archived = self._archived(embed)
        return self._from_archive(embed, resolution, archived, id_date, id_iso)

    # -- comparison ----------------------------------------------------------------------------

    def _compared(
        self,
        embed: Embed,
        post: OriginalPost,
        id_date: datetime | None,
        id_iso: str | None,
        notes: list[str],
        *,
        prefix: str = "",
    ) -> EmbedCheck:
        diffs, match, more_notes = compare(embed, post, id_date)
        if prefix:
            diffs = [f"{prefix}{d}" for d in diffs]
        notes = notes + more_notes
        verdict = EmbedVerdict.DIFFERS if diffs else EmbedVerdict.MATCHES
        return EmbedCheck(
            embed=embed.id,
            verdict=verdict,
            original=post,
            differences=tuple(diffs),
            note="; ".join(notes) or None,
            match=match,
            id_date=id_iso,
        )

    # -- a flattened post ----------------------------------------------------------------------

    def _recovered(self, embed: Embed) -> EmbedCheck:
        """A flattened post's permalink looked for in the Wayback index, then checked like any embed."""
        if self.archiver is None or not hasattr(self.archiver, "captures"):
            note = "a flattened post without a permalink; the archive was not consulted to recover it"
            return EmbedCheck(embed.id, EmbedVerdict.UNVERIFIABLE, note=note)
        found = recover(embed, cast(PrefixArchive, self.archiver), self.client)
        if found.permalink is None:
            return EmbedCheck(embed.id, EmbedVerdict.UNVERIFIABLE, note=found.note)
        check = self.check(replace(embed, url=found.permalink, post_id=found.post_id))
        day = found.capture.timestamp[:8] if found.capture else ""
        how = f"permalink recovered from the Wayback index (capture of {day[:4]}-{day[4:6]}-{day[6:]})"
        # The capture it was found in is its archived copy: a recovered permalink is never saved again.
        archive = check.archive or ArchiveResult(ArchiveStatus.ARCHIVED, found.capture, found.capture)
        note = "; ".join(filter(None, [how, check.note]))
        return replace(check, recovered=found.permalink, note=note, archive=archive)

    # -- the archive fallback ------------------------------------------------------------------

    def _archived(self, embed: Embed) -> Archived | None:
        if self.archiver is None:
            return None
        return find_archived(embed, self.archiver, self.client, self.published or embed.date)

    def _from_archive(
        self,
        embed: Embed,
        resolution: Resolution,
        archived: Archived | None,
        id_date: datetime | None,
        id_iso: str | None,
    ) -> EmbedCheck:
        reason = resolution.reason or resolution.state.value
        notes = [*resolution.notes]
        result = archived.result if archived else None
        post = archived.post if archived else None
        if post is None and archived is not None and archived.page_text and embed.text:
            post = _from_page_text(embed, archived)
        gone = resolution.state in (State.GONE, State.HIDDEN)
        if gone:
            notes.insert(0, reason)
            if post is None:
                notes.append("no archived copy shows the post" if self.archiver else "archive not consulted")
                return EmbedCheck(
                    embed.id, EmbedVerdict.DELETED, note="; ".join(notes), archive=result, id_date=id_iso
                )
            diffs, match, more = compare(embed, post, id_date)
            notes.append(f"archived copy {_capture_day(archived)}")
            return EmbedCheck(
                embed.id,
                EmbedVerdict.DELETED,
                original=post,
                differences=tuple(f"archived copy: {d}" for d in diffs),
                note="; ".join(notes + more),
                archive=result,
                match=match,
                id_date=id_iso,
            )
        if post is None or not ((post.text and embed.text) or (post.author and embed.author_handle)):
            why = reason
            if self.archiver is None:
                why += "; archive not consulted"
            elif post is None:
                why += "; no archived copy" if reason != "no public endpoint" else " and no archived copy"
            else:
                why += "; the archived copy has nothing to compare"
            return EmbedCheck(
                embed.id, EmbedVerdict.UNVERIFIABLE, original=post, note=why, archive=result, id_date=id_iso
            )
        notes.insert(0, f"{reason}: checked against the archived copy {_capture_day(archived)}")
        check = self._compared(embed, post, id_date, id_iso, notes)
        return replace(check, archive=result)


def _capture_day(archived: Archived | None) -> str:
    if archived is None or archived.capture is None:
        return ""
    ts = archived.capture.timestamp
    return f"of {ts[:4]}-{ts[4:6]}-{ts[6:8]}"


def _from_page_text(embed: Embed, archived: Archived) -> OriginalPost | None:
    """The embed's text looked for in a whole archived page: the passage found stands for the post."""
    from verify.embeds.compare import match_texts  # noqa: PLC0415

    assert archived.page_text is not None
    page = normalize_text(archived.page_text)
    result = match_texts(_embed_text(embed), page)
    if result.verdict is QuoteVerdict.NOT_FOUND or not result.passage:
        return None
    capture = archived.capture
    return OriginalPost(
        via="archive",
        text=result.passage,
        url=capture.original if capture else embed.url,
        archive_url=capture.url if capture else None,
    )


def compare(
    embed: Embed, post: OriginalPost, id_date: datetime | None
) -> tuple[list[str], MatchResult | None, list[str]]:
    """(differences, text match, notes) between an embed and the original post (pure)."""
    diffs: list[str] = []
    notes: list[str] = []
    match = None
    shown, actual = _embed_text(embed), normalize_text(post.text)
    if shown and actual:
        match, text_diffs, text_notes = text_differences(
            shown, actual, full_text=(embed.platform in _FULL_TEXT and post.via != "archive") or False
        )
        diffs += text_diffs
        notes += text_notes
    elif shown and post.text is not None and not actual and embed.platform in _FULL_TEXT:
        diffs.append("text: the original has no text")
    author_diffs, author_notes = author_differences(embed, post)
    diffs += author_diffs
    notes += author_notes
    diffs += date_differences(embed, post, id_date)
    if embed.cid and post.cid and embed.cid != post.cid:
        diffs.append(f"record changed since it was embedded (cid {embed.cid[:16]}… is now {post.cid[:16]}…)")
    if id_date is not None and post.date is None and embed.date is None:
        notes.append(f"posted {show_date(id_date)} (from the post ID)")
    return diffs, match, notes


def check_embed(
    embed: Embed,
    client: HttpClient,
    *,
    archiver: ArchiveReader | None = None,
    endpoints: Endpoints | None = None,
    published: date | datetime | str | None = None,
) -> EmbedCheck:
    """Check one embedded post against its original (or its archived copy)."""
    return _Checker(client, archiver, endpoints or Endpoints.from_env(), published).check(embed)


def check_embeds(
    embeds: list[Embed] | tuple[Embed, ...],
    client: HttpClient,
    *,
    archiver: ArchiveReader | None = None,
    endpoints: Endpoints | None = None,
    jobs: int = 8,
    published: date | datetime | str | None = None,
) -> dict[str, EmbedCheck]:
    """Check every embed concurrently; a platform that answers 429 is paused and asked nothing more."""
    checker = _Checker(client, archiver, endpoints or Endpoints.from_env(), published)
    if not embeds:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(embeds)))) as pool:
        results = list(pool.map(checker.check, embeds))
    return {embed.id: result for embed, result in zip(embeds, results, strict=True)}
