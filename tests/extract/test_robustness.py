"""Bad input gets one clear line and exit 2; odd encodings decode; extraction never raises (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from verify.cli import cli
from verify.extract import extract
from verify.extract.urls import normalize_url
from verify.models import InputFormat
from verify.read import ArticleText, load

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures/articles"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.txt", "is empty"),
        ("binary.txt", "binary"),
        ("missing.html", "no such file"),
        (".", "directory"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(name: str, message: str) -> None:
    result = CliRunner().invoke(cli, ["extract", str(ARTICLES / name)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    result = CliRunner().invoke(cli, ["extract", str(big), "--max-bytes", "100"])
    assert result.exit_code == 2 and "limit" in result.output


def test_encodings_decoded() -> None:
    assert "Renée" in load(str(ARTICLES / "windows-1252.txt")).text
    assert "“the lamp has never failed”" in load(str(ARTICLES / "utf16-bom.txt")).text


def test_stdin_and_sniffing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["extract", "-", "--format", "json"],
        input="<html><body><p>Hi “there you” <a href='https://a.example/x?utm_source=y'>a</a></p></body></html>",
    )
    assert result.exit_code == 0, result.output
    assert '"format": "html"' in result.output and 'https://a.example/x"' in result.output
    wrong = tmp_path / "page.txt"
    wrong.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert load(str(wrong)).format is InputFormat.HTML


def test_twitter_forms_normalise_to_one_permalink() -> None:
    forms = [
        "https://x.com/Foo/status/123?s=20",
        "https://mobile.twitter.com/Foo/status/123",
        "https://twitter.com/#!/Foo/status/123",
        "https://fxtwitter.com/Foo/status/123/photo/1",
        "https://twitter.com/Foo/statuses/123?ref_src=twsrc%5Etfw",
    ]
    assert {normalize_url(u) for u in forms} == {"https://twitter.com/Foo/status/123"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(list(InputFormat)))
def test_extract_never_raises_on_text(text: str, fmt: InputFormat) -> None:
    extract(ArticleText(input="x", format=fmt, text=text))


_HTML_BITS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='share'>",
        "</div>",
        "<a href='https://a.example/'>",
        "</a>",
        "“",
        "”",
        "‘",
        "’",
        '"',
        "'",
        "<blockquote class='twitter-tweet'>",
        "</blockquote>",
        "said Ana Voss",
        " — Name (@h) May 1, 2020",
        "<article>",
        "<iframe src='https://www.youtube.com/embed/abcdefghijk'>",
        "h/t X",
        "<br>",
        "&amp;",
        "<",
        ">",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_HTML_BITS, st.text(max_size=20)), max_size=60))
def test_extract_never_raises_on_html(parts: list[str]) -> None:
    extract(ArticleText(input="x", format=InputFormat.HTML, text="".join(parts)))


_MD_BITS = st.sampled_from(
    [
        "---\ntitle: x\n---\n",
        "# Head\n",
        "> ",
        "\n\n",
        "\n",
        "[a](https://a.example/p?utm_source=z)",
        "[r][1]",
        "\n[1]: https://b.example/\n",
        "```\n",
        "* ",
        "**",
        "_",
        "“",
        "”",
        "‘",
        "’",
        "'",
        '"',
        "said Ana Voss",
        " — Ana Voss (@anavoss) [May 17, 2026](https://x.com/anavoss/status/1)",
        "<blockquote class='twitter-tweet'>",
        "</blockquote>",
        "h/t Harbour Watch",
        "https://c.example/x.",
        "<",
        "\\",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_MD_BITS, st.text(max_size=15)), max_size=60))
def test_extract_never_raises_on_markdown(parts: list[str]) -> None:
    extract(ArticleText(input="x", format=InputFormat.MARKDOWN, text="".join(parts)))


_WORDS = st.sampled_from(
    ["the", "mayor", "said", "it’s", "’90s", "rock ’n’ roll", "Ana", "“", "”", "‘", "’", '"', "'"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40))
def test_quotes_are_verbatim_text(words: list[str]) -> None:
    text = " ".join(words)
    ex = extract(ArticleText(input="x", format=InputFormat.TEXT, text=text))
    for q in ex.quotes:
        assert q.text in text


def test_attribution_uses_a_link_naming_the_same_outlet() -> None:
    text = (
        "<html><body><article><p>An <a href='https://courier.example/interview'>interview with the Kessel "
        "Courier</a> came first.</p><p>She told the Kessel Courier that “nothing has changed at all”.</p>"
        "</article></body></html>"
    )
    ex = extract(ArticleText(input="x", format=InputFormat.HTML, text=text))
    (attribution,) = ex.attributions
    assert attribution.name == "Kessel Courier" and attribution.source == "S1"
    assert ex.quotes[0].source == "S1"
