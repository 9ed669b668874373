"""Reading a capture back raw: mementos, archived redirects, other times, not archived, excluded, 429."""

from __future__ import annotations

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver
from verify.models import Capture, FetchStatus, Version

PAGE = "https://harbourgazette.example/2026/05/quay-repairs"
MOVED = "https://harbourgazette.example/news/quay-repairs"
WB = "web.archive.org"
BODY = (
    "<html><head><title>Quay repairs to start in June</title></head><body>"
    "<p>\u201cThe east quay will reopen before the autumn storms,\u201d said harbour master Ilse Varga.</p>"
    "<script>var tracking = 1;</script></body></html>"
)


def cap(ts: str, url: str = PAGE) -> Capture:
    return Capture(f"https://web.archive.org/web/{ts}/{url}", ts, url)


def test_memento_becomes_an_archived_document(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516083000", BODY)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.OK
    assert fetched.result.url == f"https://web.archive.org/web/20260516083000id_/{PAGE}"
    doc = fetched.document
    assert doc is not None
    assert doc.version is Version.ARCHIVED and doc.timestamp == "20260516083000"
    assert "east quay will reopen" in doc.text and "tracking" not in doc.text
    assert doc.url == PAGE
    assert emu.requests("memento")[0].path.startswith("/web/20260516083000id_/")


def test_nearest_time_inside_window_is_followed(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516093000", BODY)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.OK
    assert fetched.document is not None and fetched.document.timestamp == "20260516093000"


def test_nearest_time_outside_window_is_refused(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260603000000", BODY)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.document is None
    assert fetched.result.status is FetchStatus.BROKEN
    assert fetched.result.error is not None and "20260603000000" in fetched.result.error


def test_archived_redirect_chain_in_three_location_forms(emu: WaybackEmulator, archiver: Archiver) -> None:
    step = "https://harbourgazette.example/r/quay"
    emu.add_capture(PAGE, "20260516083000", status=301, location=f"/web/20260516083000id_/{step}")
    emu.add_capture(step, "20260516083001", status=302, location=f"//{WB}/web/20260516083001id_/{MOVED}")
    emu.add_capture(MOVED, "20260516083002", BODY)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.OK, fetched.result.error
    assert fetched.document is not None and fetched.document.url == MOVED
    assert len(fetched.result.redirects) >= 3


def test_archived_redirect_loop_is_caught(emu: WaybackEmulator, archiver: Archiver) -> None:
    other = "https://harbourgazette.example/login-check"
    emu.add_capture(
        PAGE, "20260516083000", status=302, location=f"https://{WB}/web/20260516083000id_/{other}"
    )
    emu.add_capture(
        other, "20260516083000", status=303, location=f"https://{WB}/web/20260516083000id_/{PAGE}"
    )
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.BROKEN
    assert fetched.result.error is not None and "loop" in fetched.result.error


def test_not_archived_404(emu: WaybackEmulator, archiver: Archiver) -> None:
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.BROKEN
    assert fetched.result.error is not None and "not archived" in fetched.result.error


def test_excluded_site_200_is_not_a_memento(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516083000", BODY)
    emu.excluded.add(PAGE)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.document is None
    assert fetched.result.status is FetchStatus.BLOCKED
    assert fetched.result.error is not None and "excluded" in fetched.result.error


def test_archived_error_page_is_not_text_to_match(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516083000", "<html>Too many requests</html>", status=429)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.document is None
    assert fetched.result.http_status == 429
    assert fetched.result.error is not None and "error page" in fetched.result.error


def test_live_429_pauses_mementos(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516083000", BODY)
    emu.fail("memento", 429)
    first = archiver.read_back(cap("20260516083000"))
    second = archiver.read_back(cap("20260516083000"))
    assert first.result.status is FetchStatus.BLOCKED and "429" in (first.result.error or "")
    assert second.result.status is FetchStatus.BLOCKED
    assert emu.count("memento") == 1


def test_transient_5xx_is_retried_once(emu: WaybackEmulator, archiver: Archiver) -> None:
    emu.add_capture(PAGE, "20260516083000", BODY)
    emu.fail("memento", 503)
    fetched = archiver.read_back(cap("20260516083000"))
    assert fetched.result.status is FetchStatus.OK
    assert emu.count("memento") == 2
