"""A source refused as unsafe is never sent to the Wayback Machine (issue 13.12), over the loopback world.

An internal name (it resolves to a non-public address) or a public page that redirects to one would hand
an intranet host name to a third party: neither is looked up nor saved, and the request log shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from emulators.world import World
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig
from verify.models import ArchiveStatus, FetchStatus, WaybackUse
from verify.pipeline import CheckOptions, run_check

PUBLIC = "https://kesselpost.example/harbour/berths"
MOVED = "https://kesselpost.example/harbour/moved"  # redirects to the internal name
INTERNAL = "https://wiki.corp.kessel.example/berths"  # resolves to 127.0.0.9: not allowed below
SPEC = {
    "pages": {
        PUBLIC: {"title": "Berths", "paragraphs": ["The berths are ready for the autumn ferries."]},
        MOVED: {"status": 302, "redirect": INTERNAL, "capture": False},
    }
}


@pytest.fixture()
def world() -> Iterator[World]:
    with World(SPEC) as w:
        yield w


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(
        "---\ndate: 2026-05-17\n---\n\n"
        f"“The berths are ready,” the [port said]({PUBLIC}).\n\n"
        f"The [internal wiki]({INTERNAL}) and an [old link]({MOVED}) say the same.\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("archive", [WaybackUse.SAVE_MISSING, WaybackUse.SAVE_ALWAYS])
def test_unsafe_sources_are_never_sent_to_the_wayback(
    world: World, tmp_path: Path, archive: WaybackUse
) -> None:
    config = ClientConfig(
        # The world is on 127.0.0.1; the internal name resolves elsewhere on loopback, which is not allowed.
        resolve=(*world.resolve_entries(), ("wiki.corp.kessel.example", "127.0.0.9:9")),
        allow_nets=("127.0.0.1/32",),
        use_cache=False,
        timeout=10.0,
    )
    with HttpClient(config) as client:
        report = run_check(str(_article(tmp_path)), CheckOptions(archive=archive), client=client)
    by_url = {s.source.url: s for s in report.sources}
    for url in (INTERNAL, MOVED):
        source = by_url[url]
        assert source.fetch is not None and source.fetch.status is FetchStatus.UNSAFE, source.fetch
        assert source.archive is not None and source.archive.status is ArchiveStatus.SKIPPED
        assert (source.archive.note or "").startswith("not archived: refused as unsafe")
    public = by_url[PUBLIC].archive
    assert public is not None and public.status in (ArchiveStatus.ARCHIVED, ArchiveStatus.SAVED)
    # The request log: the public source was looked up; nothing names the other two (no look-up, no save).
    sent = [h.path + " " + h.body for h in world.wayback.hits]
    assert any(quote(PUBLIC, safe="") in s or PUBLIC in s for s in sent)
    for url in (INTERNAL, MOVED):
        leaked = [s for s in sent if url in s or quote(url, safe="") in s or "corp.kessel" in s]
        assert leaked == [], leaked
