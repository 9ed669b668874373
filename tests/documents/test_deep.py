"""Content nested deeper than the HTML parser descends (libxml2 stops at 2,048 levels) is still read."""

from __future__ import annotations

import pytest

from verify.documents import from_bytes
from verify.extract import extract
from verify.fetch.reader import read_body
from verify.models import FetchStatus, InputFormat

QUOTE = "The harbour master said the ferry “will not sail before the storm has passed.”"


def _deep(tag: str, levels: int) -> bytes:
    inner = f"<p>{QUOTE}</p>"
    body = f"<p>Before the news.</p>{f'<{tag}>' * levels}{inner}{f'</{tag}>' * levels}<p>After the news.</p>"
    return f"<html><head><title>Ferry</title></head><body>{body}</body></html>".encode()


@pytest.mark.parametrize("tag", ["div", "b", "blockquote", "article", "span"])
def test_a_source_nested_too_deep_is_read_whole(tag: str) -> None:
    status, doc, reason = read_body(
        "https://harbour.example/ferry", _deep(tag, 3000), {"content-type": "text/html"}
    )
    assert status is FetchStatus.OK, reason
    assert doc is not None
    assert QUOTE in doc.text and "After the news." in doc.text


@pytest.mark.parametrize("tag", ["div", "b", "section"])
def test_an_article_nested_too_deep_keeps_its_quotation(tag: str) -> None:
    article = from_bytes(_deep(tag, 2500), "text/html", input="deep.html", format=InputFormat.HTML)
    found = extract(article)
    assert any("will not sail" in q.text for q in found.quotes)


def test_a_source_that_cannot_be_read_whole_is_unreadable_not_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    from verify.documents import html

    monkeypatch.setattr(html, "MAX_DEPTH", 10_000)  # flattening that does not reach the parser's limit
    status, doc, reason = read_body(
        "https://harbour.example/ferry", _deep("b", 3000), {"content-type": "text/html"}
    )
    assert status is FetchStatus.BROKEN and doc is None
    assert reason is not None and "too deep" in reason


DEEP_SHAPES = {
    "unclosed": "<div>" * 3000 + f"<p>{QUOTE}</p>",
    "mixed": "<div><span><b><i>" * 800 + f"<p>{QUOTE}</p>" + "</i></b></span></div>" * 800,
    "lists": "<ul><li>" * 2500 + f"<p>{QUOTE}</p>" + "</li></ul>" * 2500,
    "tables": "<table><tr><td>" * 1000 + f"<p>{QUOTE}</p>" + "</td></tr></table>" * 1000,
    "custom elements": "<x-box>" * 3000 + f"<p>{QUOTE}</p>" + "</x-box>" * 3000,
}


@pytest.mark.parametrize("shape", DEEP_SHAPES)
def test_every_shape_of_deep_nesting_is_read_as_article_and_as_source(shape: str) -> None:
    body = f"{DEEP_SHAPES[shape]}<p>After the news.</p>"
    page = f"<html><head><title>Ferry</title></head><body>{body}</body></html>"
    article = from_bytes(page.encode(), "text/html", input="deep.html", format=InputFormat.HTML)
    assert article.unread is None
    assert any("will not sail" in q.text for q in extract(article).quotes)
    status, doc, reason = read_body(
        "https://harbour.example/ferry", page.encode(), {"content-type": "text/html"}
    )
    assert status is FetchStatus.OK, reason
    assert doc is not None and QUOTE in doc.text and "After the news." in doc.text
