"""Bare URLs in text and URL normalisation: IPv6 literals keep their brackets and port."""

from __future__ import annotations

import pytest

from verify.extract import extract
from verify.extract.urls import normalize_url
from verify.models import InputFormat
from verify.read import ArticleText


def _urls(text: str) -> list[str | None]:
    ex = extract(ArticleText(input="a.txt", format=InputFormat.TEXT, text="Title\n\n" + text))
    return [s.url for s in ex.sources]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("http://[2001:DB8::1]/", "http://[2001:db8::1]/"),
        ("https://[::1]:443/a", "https://[::1]/a"),
    ],
)
def test_ipv6_literal_keeps_brackets(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


def test_bracketed_bare_url_with_port_is_extracted() -> None:
    assert _urls("The page at http://[2001:db8::1]:8080/x says so.") == ["http://[2001:db8::1]:8080/x"]


def test_bare_ipv6_url_before_punctuation() -> None:
    assert _urls("See http://[::1]. And (http://a.example/x).") == ["http://[::1]/", "http://a.example/x"]
