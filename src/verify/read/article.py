"""Reading an article's bytes from where the user names it (a file, standard input or a URL)."""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, BinaryIO

from verify.documents.decode import looks_binary, strip_bom, utf16_without_bom
from verify.documents.document import Document, from_bytes
from verify.errors import InputError
from verify.models import InputFormat

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient

_EXTENSIONS = {
    ".html": InputFormat.HTML,
    ".htm": InputFormat.HTML,
    ".xhtml": InputFormat.HTML,
    ".md": InputFormat.MARKDOWN,
    ".markdown": InputFormat.MARKDOWN,
    ".mdown": InputFormat.MARKDOWN,
    ".txt": InputFormat.TEXT,
    ".text": InputFormat.TEXT,
}
# An article as read is a `Document` (kept under its old name for callers that build one from text).
ArticleText = Document


def load(
    arg: str,
    *,
    client: HttpClient | None = None,
    max_bytes: int = 20_000_000,
    stdin: BinaryIO | None = None,
) -> Document:
    """Read the article named by `arg`: a path, `-` for standard input, or an http(s) URL.

    Raises InputError (one clear line) when nothing can be read.
    """
    if arg == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(f"standard input is over the {_size(max_bytes)} limit")
        return _from_bytes(arg, data, "standard input", None)
    if re.match(r"(?i)https?://", arg):
        return _from_url(arg, client, max_bytes)
    if re.match(r"(?i)[a-z][a-z0-9+.-]*://", arg):
        raise InputError(f"{arg}: only http and https URLs can be read")
    return _from_path(arg, max_bytes)


def _from_path(path: str, max_bytes: int) -> Document:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path} is a directory, not an article")
    if stat.S_ISREG(st.st_mode):
        if st.st_size == 0:
            raise InputError(f"{path} is empty")
        if st.st_size > max_bytes:
            raise InputError(f"{path} is {_size(st.st_size)}, over the {_size(max_bytes)} limit")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path} is over the {_size(max_bytes)} limit")
    hint = _EXTENSIONS.get(os.path.splitext(path)[1].lower())
    return _from_bytes(path, data, path, hint)


def _from_url(url: str, client: HttpClient | None, max_bytes: int) -> Document:
    if client is None:
        raise InputError(f"{url}: reading a URL needs a network client")
    outcome = client.get(url)
    response = outcome.response
    if response is None:
        reason = outcome.error or (outcome.failure.value if outcome.failure else "no response")
        raise InputError(f"{url}: cannot fetch the article ({reason})")
    if response.status >= 400:
        raise InputError(f"{url}: the server answered HTTP {response.status}")
    body = response.body[:max_bytes]
    ctype = response.content_type
    hint = {
        "text/html": InputFormat.HTML,
        "application/xhtml+xml": InputFormat.HTML,
        "text/markdown": InputFormat.MARKDOWN,
        "text/x-markdown": InputFormat.MARKDOWN,
        "text/plain": InputFormat.TEXT,
    }.get(ctype)
    if ctype and hint is None and not ctype.startswith("text/"):
        raise InputError(f"{url}: not an article (content type {ctype})")
    article = _from_bytes(url, body, url, hint, response.headers.get("content-type", ""))
    return replace(article, url=response.url, content_type=ctype or None)


def _from_bytes(
    arg: str,
    data: bytes,
    label: str,
    hint: InputFormat | None,
    content_type: str = "",
) -> Document:
    if not data.strip():
        raise InputError(f"{label} is empty")
    body, bom = strip_bom(data)
    if bom is None and utf16_without_bom(body) is None and looks_binary(body):
        raise InputError(f"{label} looks like a binary file, not an article")
    article = from_bytes(data, content_type, input=arg, hint=hint)
    if not article.text.strip():
        raise InputError(f"{label} has no text")
    return article


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
