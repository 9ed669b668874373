"""Reading responses: charsets, visible text, PDFs, JSON, and pages that only pose as the source."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from emulators.faults import FICTIONAL_ARTICLE, make_pdf
from verify.documents.decode import decode, header_charset
from verify.fetch.reader import read_response, refresh_target
from verify.fetch.types import Headers, Response
from verify.models import FetchStatus

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "embeds" / "platform_pages"


def resp(
    body: bytes | str, ctype: str = "text/html; charset=utf-8", status: int = 200, **kw: object
) -> Response:
    raw = body.encode() if isinstance(body, str) else body
    headers = Headers((("Content-Type", ctype), *kw.pop("headers", ())))  # type: ignore[misc]
    return Response(
        url=str(kw.pop("url", "https://gazette.example/a")), status=status, headers=headers, body=raw
    )


def test_html_visible_text_keeps_paragraphs_and_drops_hidden() -> None:
    status, doc, reason = read_response(resp(FICTIONAL_ARTICLE))
    assert status is FetchStatus.OK and doc is not None and reason is None
    assert doc.title == "Harbour council approves new ferry timetable"
    assert doc.language == "en"
    assert "The Port Averly harbour council voted on Tuesday to add two evening crossings." in doc.text
    assert '"We listened to every commuter who wrote to us," said councillor Mira Okonkwo-Lind.' in doc.text
    assert "\n\n" in doc.text
    for hidden in (
        "tracking",
        "color: red",
        "Hidden promo",
        "Icon label",
        "Enable JavaScript",
        "Template text",
    ):
        assert hidden not in doc.text
    assert "Invisible style text" not in doc.text


def test_inline_markup_does_not_split_words_and_br_is_a_line() -> None:
    html = "<html><body><p>The <b>mayor</b> said: <em>no</em>.<br>Next line</p><p>Second</p></body></html>"
    _, doc, _ = read_response(resp(html))
    assert doc is not None
    assert doc.text == "The mayor said: no.\nNext line\n\nSecond"


@pytest.mark.parametrize(
    ("body", "ctype"),
    [
        ("Zoë Brännström, café".encode(), "text/html; charset=iso-8859-1"),  # UTF-8 mislabelled Latin-1
        ("Zoë Brännström, café".encode("cp1252"), "text/html; charset=utf-8"),  # cp1252 mislabelled UTF-8
        ('<meta charset="windows-1252"><p>Zoë Brännström, café'.encode("cp1252"), "text/html"),
        ("\ufeffZoë Brännström, café".encode(), "text/html; charset=iso-8859-1"),  # BOM wins
        ("Zoë Brännström, café".encode("utf-16"), "text/plain"),
    ],
)
def test_charset_from_header_document_or_detection(body: bytes, ctype: str) -> None:
    text, _ = decode(body, header_charset(ctype))
    assert "Zoë Brännström, café" in text


def test_undeclared_legacy_charset_is_detected() -> None:
    sentence = "Le conseil municipal a décidé que la fête aurait lieu après l'été, à côté du théâtre. "
    text, charset = decode((sentence * 20).encode("cp1252"))
    assert "décidé" in text and "théâtre" in text
    assert charset != "utf-8"


def test_pdf_text_with_page_breaks() -> None:
    status, doc, _ = read_response(
        resp(make_pdf(["First page text.", "Second page text."]), "application/pdf")
    )
    assert status is FetchStatus.OK and doc is not None
    assert doc.text.index("First page") < doc.text.index("\f") < doc.text.index("Second page")


def test_damaged_pdf_is_broken() -> None:
    status, doc, reason = read_response(resp(b"%PDF-1.4\n1 0 obj garbage", "application/pdf"))
    assert status is FetchStatus.BROKEN and doc is None and "PDF" in (reason or "")


def test_pdf_sniffed_without_content_type() -> None:
    status, doc, _ = read_response(resp(make_pdf(["Sniffed."]), "application/octet-stream"))
    assert status is FetchStatus.OK and doc is not None and doc.content_type == "application/pdf"


def test_json_string_values() -> None:
    body = json.dumps({"title": "Budget", "posts": [{"text": "Rates rise 3%"}, {"n": 4}], "empty": ""})
    status, doc, _ = read_response(resp(body, "application/json"))
    assert status is FetchStatus.OK and doc is not None
    assert doc.title == "Budget" and "Rates rise 3%" in doc.text


def test_plain_text_and_non_text_types() -> None:
    status, doc, _ = read_response(resp("Line one\r\nLine two", "text/plain"))
    assert status is FetchStatus.OK and doc is not None and doc.text == "Line one\nLine two"
    status, doc, reason = read_response(resp(b"\x89PNG\r\n\x1a\n....", "image/png"))
    assert status is FetchStatus.OK and doc is None and "image/png" in (reason or "")


@pytest.mark.parametrize(
    ("status_code", "expected"),
    [
        (401, "blocked"),
        (403, "blocked"),
        (429, "blocked"),
        (999, "blocked"),
        (404, "broken"),
        (410, "broken"),
        (500, "broken"),
        (503, "broken"),
    ],
)
def test_error_statuses(status_code: int, expected: str) -> None:
    status, doc, reason = read_response(resp("<p>error</p>", status=status_code))
    assert status.value == expected and doc is None and str(status_code) in (reason or "")


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>",
        "<html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>",
        "<html><head><title>Access Denied</title></head><body>You don't have permission to access this "
        "server. Reference #18.abc</body></html>",
        "<html><body><script src='https://ct.captcha-delivery.com/c.js'></script>"
        "Please enable JS</body></html>",
        "<html><body><div id='px-captcha'></div>Press and hold</body></html>",
        "<html><head><title>Pardon Our Interruption</title></head><body>...</body></html>",
    ],
)
def test_bot_walls_are_blocked(page: str) -> None:
    status, doc, reason = read_response(resp(page))
    assert status is FetchStatus.BLOCKED and doc is None and "bot wall" in (reason or "")


def test_consent_walls_are_blocked() -> None:
    page = (
        "<html><head><title>Before you continue to Streamly</title></head><body><p>We use cookies and data "
        "to deliver our services.</p><button>Accept all</button></body></html>"
    )
    assert read_response(resp(page))[0] is FetchStatus.BLOCKED
    other = resp(
        "<html><body><p>Video</p></body></html>", url="https://consent.streamly.example/ml?continue=x"
    )
    assert read_response(other)[0] is FetchStatus.BLOCKED
    cookie_wall = (
        "<html><body><h2>Your privacy</h2><p>This site uses cookies. Manage cookies or accept all "
        "cookies to read the news.</p><button>Accept all</button></body></html>"
    )
    assert read_response(resp(cookie_wall))[0] is FetchStatus.BLOCKED


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Page not found - Averly Gazette</title></head><body><p>Sorry.</p></body></html>",
        "<html><head><title>Averly Gazette</title></head><body><h1>404</h1><p>Try search.</p></body></html>",
        "<html><head><title>Oops</title></head>"
        "<body><h1>Sorry, we couldn't find that page</h1></body></html>",
    ],
)
def test_soft_404s_are_broken(page: str) -> None:
    status, _, reason = read_response(resp(page))
    assert status is FetchStatus.BROKEN and "soft 404" in (reason or "")


def test_article_mentioning_404_is_not_a_soft_404() -> None:
    para = (
        "<p>The council's website returned a 404 page for hours, residents said, while the vote went on.</p>"
    )
    page = f"<html><head><title>Council website outage</title></head><body>{para * 30}</body></html>"
    assert read_response(resp(page))[0] is FetchStatus.OK


def test_javascript_shell_is_blocked() -> None:
    page = (
        "<html><head><title>app</title><script src='/bundle.js'></script></head>"
        "<body><div id=root></div></body></html>"
    )
    status, _, reason = read_response(resp(page))
    assert status is FetchStatus.BLOCKED and "JavaScript" in (reason or "")


def test_empty_body_is_broken() -> None:
    assert read_response(resp(""))[0] is FetchStatus.BROKEN


def test_meta_refresh_target() -> None:
    # refresh_target only parses the page it is given: the names are never looked up (`.invalid` cannot be)
    page = '<head><noscript><META http-equiv="refresh" content="0;URL=https://short.invalid/abc"></noscript></head>'
    assert refresh_target(resp(page, url="https://t.invalid/x")) == "https://short.invalid/abc"
    relative = '<meta http-equiv="refresh" content="5; url=\'/moved\'">'
    assert refresh_target(resp(relative, url="https://a.invalid/old")) == "https://a.invalid/moved"
    assert refresh_target(resp("<p>no refresh</p>")) is None


# --------------------------------------------------------------------------- real pages (evaluation)


def _real(name: str) -> Response:
    data = json.loads((REALWORLD / name).read_text())
    headers = tuple(
        (k, v) for k, vs in data["headers"].items() for v in vs if k.lower() != "content-encoding"
    )
    return Response(data["request_url"], data["status"], Headers(headers), data["body"].encode("utf-8"))


@pytest.mark.skipif(not REALWORLD.exists(), reason="../shared/realworld not present")
def test_real_platform_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    # Recorded answers, judged and parsed only: any look-up or connection while reading them fails the test
    # (the real hosts their pages name are compared as text, never reached).
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("reading a recorded page must not touch the network")

    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    politico = _real(
        "oscarotero-embed__www.politico.com.story-2013-12-presidents-barack-obama-george-w-bush-second-term-101314.html.json"
    )
    assert read_response(politico)[0] is FetchStatus.BLOCKED
    consent = _real("oscarotero-embed__youtu.be.eihxasgrtca.json")
    assert read_response(consent)[0] is FetchStatus.BLOCKED
    # the targets their meta refresh names, read from the page (never fetched: see the guard above)
    tco = _real("oscarotero-embed__t.co.4dk3jc2btt.json")
    assert refresh_target(tco) == "https://buff.ly/2uSOHDs"
    xshell = _real("oscarotero-embed__twitter.com.pepephone-status-436461658601713664.json")
    assert (refresh_target(xshell) or "").startswith("https://twitter.com/x/migrate")
    assert read_response(xshell)[0] is FetchStatus.BLOCKED
    bbc = _real("oscarotero-embed__www.bbc.co.uk.news-uk-54222286.json")
    status, doc, _ = read_response(bbc)
    assert status is FetchStatus.OK and doc is not None and len(doc.text) > 2000
    notfound = _real(
        "oscarotero-embed__www.hookem.com.story-texas-shortstop-joe-baker-arrested-public-intoxication.json"
    )
    assert read_response(notfound)[0] is FetchStatus.BROKEN


def test_xhtml_with_an_xml_declaration() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" '
        'xml:lang="fr"><head><title>Avis</title></head><body><p>Le port rouvre lundi.</p></body></html>'
    )
    status, doc, _ = read_response(resp(page, "application/xhtml+xml"))
    assert status is FetchStatus.OK and doc is not None
    assert doc.text == "Le port rouvre lundi." and doc.title == "Avis" and doc.language == "fr"


def test_comment_tails_are_kept() -> None:
    _, doc, _ = read_response(resp("<p>The city replaces leak-prone <!-- -->water mains.</p>"))
    assert doc is not None and doc.text == "The city replaces leak-prone water mains."


ARTICLES = REALWORLD.parents[1] / "articles"


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


@pytest.mark.skipif(not ARTICLES.exists(), reason="../shared/realworld not present")
def test_real_articles_are_read_whole() -> None:
    """Evaluation: every real news page is readable, and the paragraphs of the hand-made extractions of
    four of them all appear in our visible text."""
    from verify.documents.html import parse, visible_text

    for page in sorted(ARTICLES.glob("*.html")):
        status, doc, reason = read_response(resp(page.read_bytes(), "text/html"))
        assert status is FetchStatus.OK and doc is not None and len(doc.text) > 2000, (page.name, reason)
    found = total = 0
    for expected in sorted((ARTICLES / "groundtruth").glob("*__expected.html")):
        source = ARTICLES / expected.name.replace("__expected.html", "__source.html")
        ours = _words(read_response(resp(source.read_bytes(), "text/html"))[1].text)  # type: ignore[union-attr]
        paragraphs = [_words(p) for p in visible_text(parse(expected.read_text())).split("\n\n")]
        paragraphs = [p for p in paragraphs if len(p) > 40]
        found += sum(p in ours for p in paragraphs)
        total += len(paragraphs)
    assert total > 100 and found / total >= 0.98


def test_slow_meta_refresh_is_a_reload_not_a_redirect() -> None:
    page = '<meta http-equiv="refresh" content="300; url=https://gazette.example/live">'
    assert refresh_target(resp(page)) is None


def test_refresh_without_url_is_a_reload() -> None:
    assert refresh_target(resp('<meta http-equiv="refresh" content="0">')) is None
    assert (
        refresh_target(resp('<meta http-equiv="refresh" content="2,/next">'))
        == "https://gazette.example/next"
    )


@pytest.mark.parametrize(
    "title",
    ["404 Not Found", "Page not found | Averly Gazette", "Averly Gazette – Page Not Found", "Error 404",
     "Not Found", "Oops! That page can't be found.".replace("can't be found", "was not found"),
     "Seite nicht gefunden - Averly Bote", "This page doesn't exist"],
)  # fmt: skip
def test_not_found_titles(title: str) -> None:
    page = f"<html><head><title>{title}</title></head><body><p>Try the search.</p></body></html>"
    assert read_response(resp(page))[0] is FetchStatus.BROKEN


@pytest.mark.parametrize(
    "title",
    ["Route 404 reopens after repairs", "Missing hiker not found after three days", "Lost dog: not found yet",
     "Council page explains the 404 bus timetable"],
)  # fmt: skip
def test_short_news_with_not_found_words_is_not_a_soft_404(title: str) -> None:
    body = f"<h1>{title}</h1><p>A short brief.</p>"
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    assert read_response(resp(page))[0] is FetchStatus.OK


def test_a_captcha_in_a_comment_form_is_not_a_wall() -> None:
    story = "<p>The harbour council met on Tuesday to settle the ferry timetable for the summer.</p>" * 12
    page = f"<html><body>{story}<form><div class='g-recaptcha'></div></form></body></html>"
    assert read_response(resp(page))[0] is FetchStatus.OK
    bare = "<html><body><p>Please complete the check.</p><div class='g-recaptcha'></div></body></html>"
    assert read_response(resp(bare))[0] is FetchStatus.BLOCKED


def test_cookie_banner_beside_a_short_article_is_not_a_wall() -> None:
    story = "<p>The Averly ferry will run two extra crossings on summer evenings, the council said.</p>" * 9
    banner = "<div><p>We use cookies to improve our site. Manage cookies or accept all cookies.</p>"
    page = f"<html><body>{story}{banner}<button>Accept all</button></div></body></html>"
    assert read_response(resp(page))[0] is FetchStatus.OK
