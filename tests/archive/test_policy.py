"""The save policy and budget on loopback: what stands as cited, what is saved, in what order."""

from __future__ import annotations

from datetime import date

import pytest

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver, IAKeys, SavePolicy
from verify.archive.cdx import EMPTY_DIGEST
from verify.archive.policy import BUDGET_EXHAUSTED, profile_reason
from verify.archive.spn import STATUS_EXT
from verify.fetch.http import HttpClient
from verify.models import ArchiveStatus
from verify.report.jsonreport import archive_to_dict

OLD_ARTICLE = date(2026, 1, 10)  # the clock says 2026-06-01: published almost five months ago
FRESH_ARTICLE = date(2026, 5, 25)
SITE = "https://harbourgazette.example"


def _sources(n: int) -> list[str]:
    return [f"{SITE}/2026/notice-{i}" for i in range(n)]


def test_old_article_with_sources_captured_the_day_before_saves_nothing(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    urls = _sources(10)
    for url in urls:
        emu.add_capture(url, "20260109120000")
    results = Archiver(client, keys=keys, policy=SavePolicy.MISSING).ensure_all(urls, OLD_ARTICLE)
    assert emu.count("save") == 0  # the figure: saves sent (was 10 when the latest's age decided)
    for url in urls:
        assert results[url].status is ArchiveStatus.ARCHIVED
        assert results[url].reason == "captured 20260109, within 30 days before publication"
        assert archive_to_dict(results[url])["reason"] == results[url].reason  # type: ignore[index]


def test_old_article_saves_what_has_no_capture_near_publication(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    near, far, after, none = _sources(4)
    emu.add_capture(near, "20260101000000")
    emu.add_capture(far, "20250601000000")
    emu.add_capture(after, "20260301000000")
    results = Archiver(client, keys=keys).ensure_all([near, far, after, none], OLD_ARTICLE)
    assert results[near].status is ArchiveStatus.ARCHIVED
    assert results[far].reason == "no capture within 30 days before publication (the closest is 20250601)"
    assert results[after].reason == "no capture within 30 days before publication (only after it)"
    assert results[none].reason == "no capture at all"
    assert sorted(h.body.split("&")[0] for h in emu.requests("save")) == sorted(
        f"url={u.replace(':', '%3A').replace('/', '%2F')}" for u in (far, after, none)
    )


@pytest.mark.parametrize("published", [FRESH_ARTICLE, None])
def test_fresh_or_undated_articles_count_back_from_now(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys, published: date | None
) -> None:
    recent, stale = _sources(2)
    emu.add_capture(recent, "20260510000000")  # 22 days before now, before the fresh article
    emu.add_capture(stale, "20260401000000")
    results = Archiver(client, keys=keys).ensure_all([recent, stale], published)
    assert results[recent].status is ArchiveStatus.ARCHIVED
    assert results[recent].reason is not None and "within the last 30 days" in results[recent].reason
    assert results[stale].status is ArchiveStatus.SAVED
    assert emu.count("save") == 1


def test_budget_of_four_saves_the_right_four(emu: WaybackEmulator, client: HttpClient, keys: IAKeys) -> None:
    urls = _sources(10)
    quoted = {urls[6], urls[8]}  # a quotation depends on these two (stale captures)
    for url in [*urls[:6], urls[6], urls[8]]:
        emu.add_capture(url, "20250101000000")  # stale
    for url in urls[:2]:
        emu.add_capture(url, "20260105000000")  # these two stand as cited
    emu.daily_captures, emu.daily_captures_limit = 29996, 30000
    emu.available_slots = 2
    priority = dict.fromkeys(quoted, 1)
    results = Archiver(client, keys=keys).ensure_all(urls, OLD_ARTICLE, priority=priority)
    saved = {u for u, r in results.items() if r.status is ArchiveStatus.SAVED}
    # Quoted first, then the two with no capture at all (7 and 9), never a merely stale one.
    assert emu.count("save") == 4
    assert saved == quoted | {urls[7], urls[9]}
    left = [u for u, r in results.items() if r.reason == BUDGET_EXHAUSTED]
    assert sorted(left) == sorted(urls[2:6])
    assert all(results[u].status is ArchiveStatus.MISSING for u in left)


def test_spent_daily_quota_saves_nothing_with_one_clear_line(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    urls = _sources(3)
    emu.daily_captures = emu.daily_captures_limit
    results = Archiver(client, keys=keys).ensure_all(urls, OLD_ARTICLE)
    assert emu.count("save") == 0
    notes = {r.note for r in results.values()}
    assert notes == {
        "Save Page Now's daily quota is used up (30000 of 30000 captures today): saved by the next run"
    }
    assert {r.reason for r in results.values()} == {BUDGET_EXHAUSTED}


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/harbourwatch",
        "https://x.com/harbourwatch/",
        "https://www.instagram.com/kessel.port",
        "https://bsky.app/profile/kessel.example",
        "https://mastodon.example/@harbour",
        "https://www.tiktok.com/@kesselport",
        "https://www.youtube.com/@KesselPort",
    ],
)
def test_profiles_and_bare_handles_are_never_archived(
    emu: WaybackEmulator, client: HttpClient, url: str
) -> None:
    result = Archiver(client, policy=SavePolicy.ALWAYS).ensure(url, OLD_ARTICLE)
    assert result.status is ArchiveStatus.SKIPPED
    assert result.note is not None and "profile" in result.note
    assert emu.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "https://twitter.com/harbourwatch/status/1790000000000000000",
        "https://bsky.app/profile/kessel.example/post/3kxyz",
        "https://www.instagram.com/p/C7abc/",
        "https://www.youtube.com/watch?v=abc",
        "https://harbourgazette.example/about",
    ],
)
def test_permalinks_are_archived(url: str) -> None:
    assert profile_reason(url) is None


# ---------------------------------------------------------------------- SPN2 to the letter


def test_too_many_daily_captures_uses_todays_capture(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys
) -> None:
    (url,) = _sources(1)
    emu.add_capture(url, "20250101000000")
    emu.add_capture(url, "20260601081500")  # today, before the run (the clock says 12:00)
    emu.submit_errors[url] = "error:too-many-daily-captures"
    archiver = Archiver(client, keys=keys, policy=SavePolicy.ALWAYS)
    result = archiver.ensure(url, OLD_ARTICLE)
    assert result.status is ArchiveStatus.ARCHIVED
    assert result.saved is not None and result.saved.timestamp == "20260601081500"
    assert result.error is None


@pytest.mark.parametrize("code", sorted(STATUS_EXT))
def test_every_status_ext_of_a_job_is_reported_clearly(
    emu: WaybackEmulator, client: HttpClient, keys: IAKeys, code: str
) -> None:
    (url,) = _sources(1)
    emu.job_errors[url] = code
    result = Archiver(client, keys=keys).ensure(url, OLD_ARTICLE)
    assert result.status is ArchiveStatus.FAILED
    assert result.error is not None and code in result.error and STATUS_EXT[code] in result.error


# ---------------------------------------------------------------------- reading the index


def test_redirect_revisits_are_not_content(emu: WaybackEmulator, client: HttpClient) -> None:
    """A site index made only of 301s and empty-digest revisits has no capture of content."""
    url = f"{SITE}/"
    emu.add_capture(url, "20251201000000", status=301, location=f"{SITE}/en/")
    for day in range(10, 30):
        emu.add_capture(url, f"202512{day}000000", revisit=True, digest=EMPTY_DIGEST)
    result = Archiver(client, policy=SavePolicy.NEVER).lookup(url, OLD_ARTICLE)
    assert result.status is ArchiveStatus.MISSING
    assert result.as_cited is None and result.latest is None


def test_revisits_are_resolved_with_one_more_query(emu: WaybackEmulator, client: HttpClient) -> None:
    (url,) = _sources(1)
    redirect = emu.add_capture(url, "20240101000000", status=302, location=f"{SITE}/login", body=b"moved")
    page = emu.add_capture(url, "20240201000000", body="<html><body><p>notice</p></body></html>")
    for day in range(10, 28):
        emu.add_capture(url, f"202512{day}000000", revisit=True, digest=redirect.digest)
    emu.add_capture(url, "20251228000000", revisit=True, digest=page.digest)
    result = Archiver(client, policy=SavePolicy.NEVER).lookup(url, OLD_ARTICLE)
    assert result.as_cited is not None and result.as_cited.timestamp == "20251228000000"
    assert result.latest is not None and result.latest.timestamp == "20251228000000"
    digest_queries = [h for h in emu.requests("cdx") if "filter=digest%3A" in h.path]
    assert len(digest_queries) == 1


def test_earliest_usable_after_publication_even_years_later(emu: WaybackEmulator, client: HttpClient) -> None:
    (url,) = _sources(1)
    for ts in ("20270601000000", "20280101000000", *(f"2029010{d}000000" for d in range(1, 10))):
        emu.add_capture(url, ts)
    for d in range(10, 29):
        emu.add_capture(url, f"202902{d}000000")
    result = Archiver(client, policy=SavePolicy.NEVER).lookup(url, OLD_ARTICLE)
    assert result.as_cited is not None and result.as_cited.timestamp == "20270601000000"
    assert result.as_cited_after is True
    assert result.latest is not None and result.latest.timestamp == "20290228000000"


def test_availability_is_asked_without_the_scheme(emu: WaybackEmulator, client: HttpClient) -> None:
    (url,) = _sources(1)
    emu.add_capture(url, "20260105000000")
    emu.fail("cdx", 503, 503)
    result = Archiver(client, policy=SavePolicy.NEVER).lookup(url, OLD_ARTICLE)
    assert result.as_cited is not None and result.as_cited.timestamp == "20260105000000"
    asked = emu.requests("availability")[0].path
    assert "url=harbourgazette.example%2F2026%2Fnotice-0" in asked
