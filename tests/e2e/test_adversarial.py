"""`verify check` against sources that try to fool it: fixtures/world/adversarial over loopback sockets.

Each test is one trick a source (or a careless article) plays on a fact-checking tool and the verdict a
demanding fact-checker wants for it. What world.json cannot say is added here: the archived error pages
and a page of several megabytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner

import verify.extract
from emulators.world import FIXTURE_WORLDS, Page, World
from verify.cli import cli

FOLDER = FIXTURE_WORLDS / "adversarial"
AGENDA = "https://millbrook-council.example/agenda/june"
NEWSLETTER = "https://millbrook-residents.example/newsletter/june"
ERROR_CAPTURE = (
    b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1>"
    b"<p>urgent but affordable within the current budget</p></body></html>"
)
# Archived with status 200: the site's firewall answered the crawler, echoing the words it was asked for.
WALL_CAPTURE = (
    b"<html><head><title>Access denied</title></head><body><h1>Access denied</h1><p>You do not have "
    b"permission: urgent but affordable within the current budget. Reference #18.2f</p></body></html>"
)

pytestmark = pytest.mark.skipif(
    not hasattr(verify.extract, "extract"), reason="the extraction stage (issue 2) has not landed"
)


def huge_page() -> bytes:
    """About 5 MB: a stylesheet and a mega-menu of 40,000 links, the quoted words at the very end."""
    menu = "".join(
        f"<li><a href='/notices/{i}'>Neighbourhood notice {i}: bins, parking and hedges</a></li>"
        for i in range(40_000)
    )
    style = "<style>" + ".notice{color:#333}" * 60_000 + "</style>"
    return (
        "<!DOCTYPE html><html lang='en'><head><title>June newsletter</title>" + style + "</head><body>"
        f"<nav><ul>{menu}</ul></nav><main><article><h1>June newsletter</h1>"
        "<p>Dear residents, here is the news for June from the residents' association, with the dates "
        "of the summer meetings, the results of the hedge survey and a word from the new treasurer.</p>"
        "<p>The consultation closes on the last Friday of June, and every household may reply online "
        "or by post.</p></article></main></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def report() -> Iterator[dict[str, Any]]:
    with World.from_dir(FOLDER) as world:
        world.wayback.add_capture(AGENDA, "20260601090000", ERROR_CAPTURE, status=404)
        world.wayback.add_capture(AGENDA, "20260605090000", WALL_CAPTURE)
        world.pages[("millbrook-residents.example", "/newsletter/june")] = Page(NEWSLETTER, body=huge_page())
        result = CliRunner().invoke(
            cli,
            ["check", str(FOLDER / "article.md"), "--archive", "lookup", "--no-cache",
             "--format", "json", "--quiet", *world.cli_args()],
        )  # fmt: skip
        assert result.exit_code == 1, result.output
        yield json.loads(result.stdout)


def quote(report: dict[str, Any], starts: str) -> dict[str, Any]:
    found = [q for q in report["quotes"] if q["text"].startswith(starts)]
    assert len(found) == 1, [q["text"] for q in report["quotes"]]
    return found[0]


def source(report: dict[str, Any], url: str) -> dict[str, Any]:
    return next(s for s in report["sources"] if s["url"] == url)


# ---------------------------------------------------------------- 1. words outside the article body


def test_words_in_the_article_body_are_exact(report: dict[str, Any]) -> None:
    assert quote(report, "will reopen in time")["verdict"] == "exact"


@pytest.mark.parametrize("starts", ["We will close", "water rates will double"], ids=["comment", "sidebar"])
def test_words_only_in_comments_or_a_sidebar_are_not_confirmed(report: dict[str, Any], starts: str) -> None:
    q = quote(report, starts)
    assert q["verdict"] == "not-found"
    assert q["match"]["note"] == (
        "found only outside the article body (reader comments, sidebar or navigation)"
    )


def test_a_comment_echoing_the_altered_words_does_not_hide_the_dropped_not(report: dict[str, Any]) -> None:
    q = quote(report, "the council will sell")
    assert q["verdict"] == "altered"
    assert q["note"] == (
        'negation dropped: "not"; the exact words appear only outside the article body '
        "(reader comments, sidebar or navigation)"
    )


# ---------------------------------------------------------------- 4. look-alike characters


def test_homoglyphs_are_altered_not_a_dropped_negation(report: dict[str, Any]) -> None:
    q = quote(report, "Our engineers")
    assert q["verdict"] == "altered"
    assert q["note"].startswith("look-alike characters (Cyrillic 'о', Cyrillic 'а')")
    assert "negation" not in q["note"]


# ---------------------------------------------------------------- 5. one word in a long quotation


def test_changed_number_in_a_long_quotation(report: dict[str, Any]) -> None:
    q = quote(report, "The increase of 12 percent")
    assert q["verdict"] == "altered" and 'quote "12", source "21"' in q["note"]


def test_dropped_not_in_a_long_quotation(report: dict[str, Any]) -> None:
    q = quote(report, "households on the hardship tariff")
    assert q["verdict"] == "altered" and 'negation dropped: "not"' in q["note"]


def test_honest_ellipsis_is_exact_and_one_hiding_a_reversal_is_not(report: dict[str, Any]) -> None:
    assert quote(report, "the hardship tariff remains")["verdict"] == "exact"
    hiding = quote(report, "We are … planning")
    assert hiding["verdict"] == "altered" and 'the ellipsis hides "not"' in hiding["note"]


# ---------------------------------------------------------------- 6. the right source


def test_words_in_two_sources_are_credited_to_the_attributed_one(report: dict[str, Any]) -> None:
    q = quote(report, "the club will train")
    swimclub = source(report, "https://millbrook-swimclub.example/news/season")
    assert q["verdict"] == "exact" and q["match"]["source"] == swimclub["id"]


def test_words_only_in_another_source_are_elsewhere_naming_it(report: dict[str, Any]) -> None:
    q = quote(report, "meters are free")
    water = source(report, "https://millbrook-water.example/press/rates-2026")
    assert q["verdict"] == "elsewhere" and q["note"].endswith(f"in {water['id']}")
    # match.source is the source the words were found in; `source` stays the one tied (issue 12.7).
    assert q["match"]["source"] == water["id"] and q["source"] != water["id"]
    assert [o["source"] for o in q["other"]] == [q["source"]]


# ---------------------------------------------------------------- 2. a moved article sent to the home page


def test_redirect_to_the_home_page_is_broken_and_the_archived_copy_is_used(report: dict[str, Any]) -> None:
    s = source(report, "https://www.millbrook-gazette.example/2026/05/deputy-mayor-interview")
    assert s["fetch"]["status"] == "broken"
    assert s["fetch"]["error"] == "redirected to the home page: the page was moved or removed"
    assert s["fetch"]["final_url"] == "https://www.millbrook-gazette.example/"
    q = quote(report, "Swimming lessons")
    assert (q["verdict"], q["checked_against"]) == ("exact", "archived")  # not `changed`
    assert q["note"].startswith("live page broken (redirected to the home page")


# ---------------------------------------------------------------- 3. pages that are not the page


def test_soft_404_is_never_the_text_and_the_archived_copy_is_used(report: dict[str, Any]) -> None:
    s = source(report, "https://river-trust.example/statements/june-inspection")
    assert s["fetch"]["status"] == "broken" and "soft 404" in s["fetch"]["error"]
    q = quote(report, "The filtration plant")
    assert (q["verdict"], q["checked_against"]) == ("exact", "archived")
    assert q["note"] == (
        "live page broken (soft 404: the page says 'Page not found | River Trust'): "
        "checked against the archived copy"
    )


def test_paywall_stub_is_unverifiable(report: dict[str, Any]) -> None:
    q = quote(report, "Three of the four pumps")
    assert q["verdict"] == "unverifiable" and q["note"] == "paywall"


def test_consent_wall_is_blocked_and_the_archived_copy_is_used(report: dict[str, Any]) -> None:
    s = source(report, "https://regional-news.example/millbrook/contract")
    assert s["fetch"]["status"] == "blocked" and "consent wall" in s["fetch"]["error"]
    q = quote(report, "No contract was signed")
    assert (q["verdict"], q["checked_against"]) == ("exact", "archived")


def test_bot_wall_answered_with_200_is_unverifiable(report: dict[str, Any]) -> None:
    s = source(report, "https://poolworkers-union.example/news/roster")
    assert s["fetch"]["status"] == "blocked" and "bot wall" in s["fetch"]["error"]
    q = quote(report, "The lifeguard roster")
    assert q["verdict"] == "unverifiable" and "bot wall" in q["note"]


# ---------------------------------------------------------------- 7. an archived error page


def test_a_capture_of_an_error_page_is_not_the_text_as_cited(report: dict[str, Any]) -> None:
    s = source(report, AGENDA)
    # The 404 capture is no copy of the page; the 200 one is the closest before publication, and read
    # back it is a wall, not the page.
    assert s["archive"]["as_cited"]["timestamp"] == "20260605090000"
    q = quote(report, "urgent but affordable")
    assert q["verdict"] == "unverifiable" and q["checked_against"] == "none"
    assert q["note"] == "source broken (HTTP 404); archived copy unreadable (bot wall: Access denied)"


# ---------------------------------------------------------------- 8. a very large page


def test_quotation_at_the_end_of_a_five_megabyte_page_is_found(report: dict[str, Any]) -> None:
    s = source(report, NEWSLETTER)
    assert s["fetch"]["status"] == "ok" and not s["fetch"]["truncated"]
    assert s["fetch"]["size"] > 4_000_000
    q = quote(report, "the consultation closes")
    assert q["verdict"] == "exact"


# ---------------------------------------------------------------- 9. embedded posts


def test_embed_dated_a_week_off_its_id_differs_by_date(report: dict[str, Any]) -> None:
    e = next(e for e in report["embeds"] if e["post_id"] == "2063999488619569728")
    assert e["verdict"] == "differs"
    assert e["differences"] == ["date: the embed shows June 1, 2026, the post is dated 2026-06-08 15:00 UTC"]
    assert e["id_date"].startswith("2026-06-08T15:00")


def test_embed_of_a_renamed_account_differs_by_author_not_deleted(report: dict[str, Any]) -> None:
    e = next(e for e in report["embeds"] if e["post_id"] == "2064278829265969728")
    assert e["verdict"] == "differs"
    assert len(e["differences"]) == 1 and e["differences"][0].startswith(
        "author: the embed shows @millbrookdeputy, the post is by @millbrookdepmayor (same post ID"
    )


def test_an_earlier_good_capture_stands_in_for_a_walled_one() -> None:
    # The capture closest before publication is the firewall's answer; the one before it is the page.
    page = (
        b"<html><head><title>June agenda</title></head><body><main><article><h1>June agenda</h1>"
        b"<p>Item 4. The treasurer reported that the repairs to the pool pumps are urgent but affordable "
        b"within the current budget, and the council will vote on them at its June meeting.</p>"
        b"<p>Item 5. Any other business, including the hedge survey and the summer meetings.</p>"
        b"</article></main></body></html>"
    )
    with World.from_dir(FOLDER) as world:
        world.wayback.add_capture(AGENDA, "20260520090000", page)
        world.wayback.add_capture(AGENDA, "20260605090000", WALL_CAPTURE)
        result = CliRunner().invoke(
            cli,
            ["check", str(FOLDER / "article.md"), "--archive", "lookup", "--no-cache",
             "--format", "json", "--quiet", *world.cli_args()],
        )  # fmt: skip
    report = json.loads(result.stdout)
    s = source(report, AGENDA)
    assert s["archive"]["as_cited"]["timestamp"] == "20260520090000"
    assert "20260605090000" in s["archive"]["note"] and "earlier capture" in s["archive"]["note"]
    q = quote(report, "urgent but affordable")
    assert q["verdict"] == "exact" and q["checked_against"] == "archived"
