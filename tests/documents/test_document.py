"""One way to read a document: the same bytes decode the same as an article and as a source."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from verify.documents import from_bytes
from verify.documents.decode import decode
from verify.fetch.reader import read_body
from verify.models import InputFormat
from verify.read.article import _from_bytes

TEXT = "Zoë Brännström said the café “would reopen” in the spring."


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), None),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), None),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), None),
        (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), None),
        (TEXT.encode("utf-16-le"), None),
        (TEXT.encode("utf-8"), "iso-8859-1"),  # a Latin-1 label on UTF-8 bytes
        (TEXT.encode("cp1252"), "iso-8859-1"),  # Latin-1 means Windows-1252 (curly quotes)
        (TEXT.encode("cp1252"), "utf-8"),  # a UTF-8 label on Windows-1252 bytes
    ],
)
def test_every_bom_and_label_decodes(data: bytes, declared: str | None) -> None:
    assert decode(data, declared)[0] == TEXT


def test_article_and_source_read_the_same_bytes_alike() -> None:
    page = f"<html><head><meta charset='windows-1252'></head><body><p>{TEXT}</p></body></html>"
    data = page.encode("cp1252")
    article = _from_bytes("a.html", data, "a.html", InputFormat.HTML)
    _, source, _ = read_body("https://courier.example/a", data, {"content-type": "text/html"})
    assert source is not None
    assert TEXT in article.text and TEXT in source.text
    assert article.visible_text == source.text


def test_html_is_parsed_once() -> None:
    doc = from_bytes(b"<p>One paragraph.</p><p>Two.</p>", "text/html", format=InputFormat.HTML)
    assert doc.tree is doc.tree
    assert doc.visible_text == "One paragraph.\n\nTwo."


def test_importing_documents_loads_no_parser() -> None:
    heavy = "('lxml', 'pypdf', 'charset_normalizer')"
    code = f"import sys, verify.documents; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_text_after_a_hidden_or_script_element_is_read_once() -> None:
    page = b"<p>The mayor <script>x()</script>said <span hidden>secret</span>yes.</p>"
    doc = from_bytes(page, "text/html", format=InputFormat.HTML)
    assert doc.visible_text == "The mayor said yes."
