"""Pure parts of the archive stage: CDX rows, capture choice, Link headers, SPN2 answers, keys, links."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver, robust_link
from verify.archive.cdx import choose, parse, parse_timestamp, publication_instant, usable
from verify.archive.keys import load_keys
from verify.archive.memento import Kind, classify, parse_links, resolve_location, split_memento_url
from verify.archive.spn import STATUS_EXT, parse_status, parse_submit, parse_user_status, status_ext_message
from verify.models import ArchiveResult, ArchiveStatus, Capture
from verify.report.robustlinks import format_robustlinks

SITE = "https://harbourgazette.example/"


def test_text_rows_with_junk_and_resume_key() -> None:
    text = (
        "example,harbourgazette)/ 20260101000000 https://harbourgazette.example/ text/html 200 AAAA 1234\n"
        "example,harbourgazette)/ 20260101000000 https://harbourgazette.example/ text/html 200 AAAA 1234\n"
        "example,harbourgazette)/ 20260012170449 https://harbourgazette.example/ text/html 200 BBBB 99\n"
        "example,harbourgazette)/ 20260102000000 http://harbourgazette.example:80/ text/html 200 CCCC -\n"
        "example,harbourgazette)/ 20260103000000 http://mailto:desk@harbourgazette.example/ unk 301 DDDD 3\n"
        'example,harbourgazette)/"data:image/png;base64,xyz 20260104 junk\n'
        "\n"
        "example%2Charbourgazette%29%2F+20260105000000%3A\n"
    )
    rows, resume = parse(text)
    assert resume == "example%2Charbourgazette%29%2F+20260105000000%3A"
    assert [r.timestamp for r in rows] == ["20260101000000", "20260101000000", "20260102000000"]
    assert rows[2].length is None and rows[0].length == 1234
    assert [r.timestamp for r in usable(rows)] == ["20260101000000", "20260102000000"]


def test_json_rows_with_field_names_and_resume_key() -> None:
    body = json.dumps(
        [
            ["timestamp", "original", "statuscode", "digest", "mimetype", "length"],
            ["20260101000000", SITE, "200", "AAAA", "text/html", "10"],
            ["20260102000000", SITE, "-", "AAAA", "warc/revisit", "-"],
            ["20260103000000", SITE, "404", "EEEE", "text/html", "10"],
            ["20260104000000", SITE, "-", "EEEE", "warc/revisit", "-"],
            [],
            ["the-key"],
        ]
    )
    rows, resume = parse(body)
    assert resume == "the-key"
    kept = usable(rows)
    # The revisit of a 200 payload counts; the revisit of the 404 page does not.
    assert [r.timestamp for r in kept] == ["20260101000000", "20260102000000"]


def test_empty_and_broken_answers() -> None:
    assert parse("") == ([], None)
    assert parse("[]") == ([], None)
    assert parse("<html>429 Too Many Requests</html>") == ([], None)


@given(st.text())
def test_parse_never_raises(text: str) -> None:
    rows, _ = parse(text)
    assert all(parse_timestamp(r.timestamp) is not None for r in rows)


def test_choose_and_publication_instant() -> None:
    rows, _ = parse(
        "\n".join(
            f"k {ts} {SITE} text/html 200 D{ts} 5"
            for ts in ("20260510000000", "20260517235959", "20260518000000")
        )
    )
    pub = publication_instant(date(2026, 5, 17))
    assert pub == datetime(2026, 5, 17, 23, 59, 59, tzinfo=UTC)
    as_cited, after, latest = choose(rows, pub)
    assert as_cited is not None and as_cited.timestamp == "20260517235959" and not after
    assert latest is not None and latest.timestamp == "20260518000000"
    assert publication_instant("2026-05-17T10:00:00+02:00") == datetime(2026, 5, 17, 8, tzinfo=UTC)
    assert publication_instant("not a date") is None
    assert choose(rows, publication_instant("2026-01-01"))[1] is True


def test_resume_keys_are_sent_back_unchanged(emu: WaybackEmulator, archiver: Archiver) -> None:
    for day in range(1, 8):
        emu.add_capture(SITE, f"202605{day:02d}120000")
    emu.duplicate_rows = 2
    rows = archiver.captures(SITE, page_size=3, max_pages=10)
    assert [r.timestamp[:8] for r in rows] == [f"202605{d:02d}" for d in range(1, 8)]
    first, *more = emu.requests("cdx")
    assert "resumeKey" not in first.path
    assert more and all("resumeKey=example%252Charbourgazette" in h.path for h in more)


# ---------------------------------------------------------------------- mementos


LINK = (
    '<https://harbourgazette.example/>; rel="original", '
    '<https://web.archive.org/web/timemap/link/https://harbourgazette.example/>; rel="timemap"; '
    'type="application/link-format", '
    '<https://web.archive.org/web/20260101000000/https://harbourgazette.example/>; rel="first memento"; '
    'datetime="Thu, 01 Jan 2026 00:00:00 GMT", '
    '<https://web.archive.org/web/20260516083000/https://harbourgazette.example/>; rel="memento"; '
    'datetime="Sat, 16 May 2026 08:30:00 GMT", '
    '<https://web.archive.org/web/20260520000000/https://harbourgazette.example/>; rel="next memento"; '
    'datetime="Wed, 20 May 2026 00:00:00 GMT"'
)


def test_link_header_memento_is_the_memento_not_the_next() -> None:
    links = parse_links(LINK)
    memento = [link for link in links if link.rel == "memento"]
    assert len(memento) == 1 and "20260516083000" in memento[0].url
    assert memento[0].datetime == "Sat, 16 May 2026 08:30:00 GMT"
    assert {link.rel for link in links} == {"original", "timemap", "first memento", "next memento", "memento"}
    assert "memento" in links[2].rels


@pytest.mark.parametrize(
    ("status", "headers", "body", "kind"),
    [
        (200, {"memento-datetime": "x"}, "", Kind.MEMENTO),
        (301, {"memento-datetime": "x", "location": "/web/1/x"}, "", Kind.ARCHIVED_REDIRECT),
        (302, {"location": "/web/2/x"}, "", Kind.OTHER_TIME),
        (403, {"memento-datetime": "x"}, "", Kind.ARCHIVED_ERROR),
        (429, {"memento-datetime": "x"}, "", Kind.ARCHIVED_ERROR),
        (404, {}, "Hrm. The Wayback Machine has not archived that URL.", Kind.NOT_ARCHIVED),
        (200, {}, "Sorry. This URL has been excluded from the Wayback Machine.", Kind.EXCLUDED),
        (429, {}, "", Kind.RATE_LIMITED),
        (503, {}, "", Kind.ERROR),
    ],
)
def test_classify(status: int, headers: dict[str, str], body: str, kind: Kind) -> None:
    assert classify(status, headers, body) is kind


def test_memento_urls_and_locations() -> None:
    assert split_memento_url("https://web.archive.org/web/20260516083000id_/https://a.example/x?y=1") == (
        "20260516083000",
        "id_",
        "https://a.example/x?y=1",
    )
    assert split_memento_url("https://a.example/") is None
    base = "http://127.0.0.1:9"
    here = "http://127.0.0.1:9/web/20260516083000id_/https://a.example/x"
    for location in (
        "/web/20260516083001id_/https://a.example/y",
        "//web.archive.org/web/20260516083001id_/https://a.example/y",
        "https://web.archive.org/web/20260516083001id_/https://a.example/y",
    ):
        assert resolve_location(here, location, base) == f"{base}/web/20260516083001id_/https://a.example/y"


# ---------------------------------------------------------------------- save page now


# Every status_ext of the SPN2 document (2025-10-22), and the undocumented one real jobs answer.
DOCUMENTED_STATUS_EXT = (  # noqa: SIM905 - the document's list, as it reads
    "not-found no-access blocked too-many-redirects too-many-requests invalid-host-resolution "
    "invalid-url-syntax invalid-server-response unauthorized filesize-limit protocol-error "
    "bad-gateway gateway-timeout service-unavailable internal-server-error read-timeout "
    "browsing-timeout soft-time-limit-exceeded no-browsers-available cannot-fetch "
    "capture-location-error proxy-error celery job-failed too-many-daily-captures user-session-limit "
    "max-daily-bandwidth max-daily-bandwidth-from-ip max-daily-bandwidth-host blocked-client-ip "
    "blocked-url no-captures"
).split()


def test_every_status_ext_has_a_message() -> None:
    assert set(STATUS_EXT) == {f"error:{c}" for c in DOCUMENTED_STATUS_EXT}
    for code in STATUS_EXT:
        message = status_ext_message(code)
        assert code in message and "unknown" not in message
    assert "the service's own" in status_ext_message("error:brand-new", "the service's own words")


def test_submit_answers() -> None:
    ok = parse_submit('{"url": "https://a.example/", "job_id": "spn2-' + "a" * 40 + '"}')
    assert ok.job_id and not ok.error
    again = parse_submit(
        '{"url": "u", "job_id": null, "message": "The same snapshot had been made 12 minutes ago. '
        'You can make new capture of this URL after 1 hour."}'
    )
    assert again.job_id is None and again.recent_seconds == 720
    error = parse_submit('{"status": "error", "status_ext": "error:user-session-limit", "message": "m"}')
    assert error.error is not None and "too many captures running" in error.error
    assert parse_submit("<html>").error is not None


def test_status_answers() -> None:
    assert parse_status('{"status": "pending", "job_id": "j", "resources": []}').state == "pending"
    done = parse_status(
        '{"status": "success", "timestamp": "20260601120000", "original_url": "https://a.example/"}'
    )
    assert done.timestamp == "20260601120000" and done.original_url == "https://a.example/"
    assert parse_status('{"status": "success"}').state == "error"
    failed = parse_status('{"status": "error", "status_ext": "error:not-found", "message": "m"}')
    assert failed.error is not None and "404" in failed.error
    assert parse_user_status('{"processing": 1, "available": 2}') == 2
    assert parse_user_status('{"available": true}') is None


def test_keys_from_env_then_ia_ini(tmp_path: Path) -> None:
    assert load_keys({"IA_ACCESS_KEY": "a", "IA_SECRET_KEY": "s"}, tmp_path) is not None
    assert load_keys({}, tmp_path) is None
    ini = tmp_path / ".config" / "internetarchive" / "ia.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[s3]\naccess = AKEY\nsecret = SKEY\n\n[cookies]\nlogged-in-user = x\n")
    keys = load_keys({}, tmp_path)
    assert keys is not None and keys.authorization == "LOW AKEY:SKEY"
    assert "SKEY" not in repr(keys)
    (tmp_path / ".ia").write_text("not an ini [")
    ini.unlink()
    assert load_keys({}, tmp_path) is None


# ---------------------------------------------------------------------- robust links


def test_robust_link_is_escaped() -> None:
    capture = Capture(
        'https://web.archive.org/web/20260516083000/https://a.example/?q="x"&y=<1>', "20260516083000"
    )
    anchor = robust_link('https://a.example/?q="x"&y=<1>', capture, date(2026, 5, 17))
    assert anchor.startswith('<a href="https://a.example/?q=&quot;x&quot;&amp;y=&lt;1&gt;"')
    assert 'data-versiondate="2026-05-17"' in anchor
    assert 'data-versionurl="https://web.archive.org/web/20260516083000/' in anchor
    assert "<1>" not in anchor
    assert 'data-versiondate="2026-05-16"' in robust_link("https://a.example/", capture)


def test_robustlinks_format_lists_every_url() -> None:
    capture = Capture("https://web.archive.org/web/20260516083000/https://a.example/", "20260516083000")
    out = format_robustlinks(
        {
            "https://a.example/": ArchiveResult(ArchiveStatus.ARCHIVED, latest=capture),
            "https://b.example/--x": ArchiveResult(ArchiveStatus.MISSING),
        }
    )
    first, second = out.splitlines()
    assert (
        first.startswith("<a href=")
        and second == "<!-- no capture: https://b.example/&#45;&#45;x (missing) -->"
    )
