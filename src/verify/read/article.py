"""The article as read: where it came from, its format and its decoded text (files, stdin and URLs)."""

from __future__ import annotations

import bisect
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from verify.errors import InputError
from verify.models import InputFormat
from verify.read.decode import decode, looks_binary, repair_mojibake, strip_bom, utf16_without_bom

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
_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|\?xml)", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:p|div|body|article|a\s+href|br|span|blockquote|h[1-6])[\s>/]", re.I)
_MD_SIGNS = re.compile(
    r"\A---\s*\n|\A\+\+\+\s*\n|^#{1,6} \S|\[[^\]\n]+\]\([^)\s]+\)|^> |^```|^\s*[-*+] \S|^\[[^\]]+\]:\s*\S",
    re.M,
)


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's decoded text and what is known about where it came from."""

    input: str  # the path, "-" or URL as the user gave it
    format: InputFormat
    text: str
    url: str | None = None  # the URL it was fetched from (final URL after redirects)
    encoding: str = "utf-8"
    content_type: str | None = None
    _newlines: list[int] = field(default_factory=list, repr=False, compare=False)

    def line_at(self, offset: int) -> int:
        """The 1-based line of a character offset in `text`."""
        if not self._newlines and "\n" in self.text:
            self._newlines.extend(m.start() for m in re.finditer("\n", self.text))
        return bisect.bisect_left(self._newlines, offset) + 1


def sniff_format(text: str, hint: InputFormat | None = None) -> InputFormat:
    """The format the text is in: the hint (from an extension or content type) unless the text disagrees."""
    head = text[:8192]
    if _HTML_START.match(head):
        return InputFormat.HTML
    if hint is InputFormat.HTML:
        return InputFormat.HTML if _HTML_TAGS.search(head) else _text_or_markdown(head)
    if hint is not None:
        return hint
    if len(_HTML_TAGS.findall(head)) >= 3:
        return InputFormat.HTML
    return _text_or_markdown(head)


def _text_or_markdown(head: str) -> InputFormat:
    return InputFormat.MARKDOWN if _MD_SIGNS.search(head) else InputFormat.TEXT


def load(
    arg: str,
    *,
    client: HttpClient | None = None,
    max_bytes: int = 20_000_000,
    stdin: BinaryIO | None = None,
) -> ArticleText:
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


def _from_path(path: str, max_bytes: int) -> ArticleText:
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


def _from_url(url: str, client: HttpClient | None, max_bytes: int) -> ArticleText:
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
    article = _from_bytes(
        url, body, url, hint, declared=_charset_of(response.headers.get("content-type", ""))
    )
    return ArticleText(
        input=url,
        format=article.format,
        text=article.text,
        url=response.url,
        encoding=article.encoding,
        content_type=ctype or None,
    )


def _charset_of(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.I)
    return m.group(1) if m else None


def _from_bytes(
    arg: str,
    data: bytes,
    label: str,
    hint: InputFormat | None,
    declared: str | None = None,
) -> ArticleText:
    if not data.strip():
        raise InputError(f"{label} is empty")
    body, bom = strip_bom(data)
    if bom is None and utf16_without_bom(body) is None and looks_binary(body):
        raise InputError(f"{label} looks like a binary file, not an article")
    text, encoding = _decode_declared(data, declared) if declared else decode(data)
    text = repair_mojibake(text)
    if not text.strip():
        raise InputError(f"{label} has no text")
    return ArticleText(input=arg, format=sniff_format(text, hint), text=text, encoding=encoding)


def _decode_declared(data: bytes, declared: str) -> tuple[str, str]:
    body, bom = strip_bom(data)
    if bom:
        return body.decode(bom, errors="replace"), bom
    if declared.lower().replace("-", "") in ("utf8", "ascii", "usascii"):
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return decode(body)
    try:
        return body.decode(declared, errors="replace"), declared
    except LookupError:
        return decode(body)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
