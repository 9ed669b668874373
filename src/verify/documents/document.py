"""The `Document`: one text read from bytes (an article or a source), its format, and its HTML parsed once."""

from __future__ import annotations

import bisect
import functools
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, overload

from verify.documents.decode import decode, header_charset, repair_mojibake
from verify.models import InputFormat

_T = TypeVar("_T")


class cached_property(Generic[_T]):
    """`functools.cached_property` without Python 3.11's lock, which is one for all instances: threads
    reading different pages waited for each other's parse (3.12 dropped the lock too). Two threads asking
    one document at once may both compute the value; it is the same either way."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> _T | cached_property[_T]:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value  # found before this descriptor from now on
        return value


MAX_PDF_PAGES = 400
PAGE_BREAK = "\n\n\f\n\n"

_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|\?xml)", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:p|div|body|article|a\s+href|br|span|blockquote|h[1-6])[\s>/]", re.I)
_MD_SIGNS = re.compile(
    r"\A---\s*\n|\A\+\+\+\s*\n|^#{1,6} \S|\[[^\]\n]+\]\([^)\s]+\)|^> |^```|^\s*[-*+] \S|^\[[^\]]+\]:\s*\S",
    re.M,
)
# Types that say nothing about the content: sniff the bytes instead.
_GENERIC_TYPES = frozenset(
    {
        "",
        "application/octet-stream",
        "binary/octet-stream",
        "application/binary",
        "application/unknown",
        "application/x-download",
        "application/force-download",
        "unknown/unknown",
    }
)
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True, eq=False)
class Document:
    """A decoded text and what is known of it; for HTML, the page parsed once (on first use) and kept.

    `text` is what was read: the markup of an HTML page, the text of any other format. Everything derived
    from it (the tree, the visible text, the head's title and language, line numbers) is computed once.
    """

    input: str  # the path, "-" or URL as the user gave it (the URL, for a source)
    format: InputFormat
    text: str
    url: str | None = None  # the URL it was fetched from (final URL after redirects)
    encoding: str = "utf-8"
    content_type: str | None = None
    title: str | None = None  # a title carried outside the text (PDF metadata, a JSON `title`)

    @cached_property
    def _parsed(self) -> tuple[Any, bool]:
        if self.format is not InputFormat.HTML:
            return None, False
        from verify.documents.html import parse_whole  # noqa: PLC0415 - lxml loads only for HTML

        return parse_whole(self.text)

    @property
    def tree(self) -> Any:
        """The lxml tree of an HTML document (None for other formats, or markup with nothing in it)."""
        return self._parsed[0]

    @property
    def unread(self) -> str | None:
        """Why part of the text could not be read (the tree holds only the rest), else None."""
        return "the markup nests too deep to read whole" if self._parsed[1] else None

    @cached_property
    def visible_text(self) -> str:
        """What a reader sees: the visible text of an HTML page in blocks, else the text itself."""
        if self.tree is None:
            return self.text
        from verify.documents.html import visible_text  # noqa: PLC0415

        return visible_text(self.tree)

    @cached_property
    def head_title(self) -> str | None:
        """The <title> of an HTML page (else og:title), or the title carried outside the text."""
        if self.tree is None:
            return self.title
        from verify.documents.html import head_title  # noqa: PLC0415

        return head_title(self.tree)

    @cached_property
    def declared_language(self) -> str | None:
        """The language an HTML page declares (`lang`, Content-Language), as written."""
        if self.tree is None:
            return None
        from verify.documents.html import declared_language  # noqa: PLC0415

        return declared_language(self.tree)

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_at(self, offset: int) -> int:
        """The 1-based line of a character offset in `text`."""
        return bisect.bisect_left(self._newlines, offset) + 1


def release_memory() -> None:
    """Give the memory freed by reading a big page back to the system.

    A page's tree and the pieces of its text are many small blocks; once they are freed, the C allocator
    keeps the holes between the blocks that live on, so the process would stay as big as the reading
    was. glibc's malloc_trim returns them (elsewhere this does nothing).
    """
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim(0)


@functools.cache
def map_big_blocks() -> None:
    """Have glibc give every big block its own mapping, returned to the system when freed.

    Once glibc frees a mapped block it raises its threshold for mapping to that block's size, and the
    next pages' bodies and texts (tens of MB) come from the heap, where the holes they leave stay in the
    process: four 20 MB sources kept 80 MB more after their fetch than with the threshold fixed at
    glibc's default (benchmarks/bench_check.py --part big). Called once a big page is met; elsewhere it
    does nothing.
    """
    mallopt = _glibc("mallopt")
    if mallopt is not None:
        m_mmap_threshold = -3
        mallopt(m_mmap_threshold, 128 * 1024)


@functools.cache
def _glibc(name: str) -> Any:
    """A function of glibc's allocator, or None where there is no glibc."""
    try:
        import ctypes  # noqa: PLC0415 - only once a big page is met

        return getattr(ctypes.CDLL("libc.so.6"), name)
    except (OSError, AttributeError):
        return None


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


def from_bytes(
    data: bytes,
    content_type: str = "",
    *,
    url: str | None = None,
    input: str | None = None,
    hint: InputFormat | None = None,
    format: InputFormat | None = None,
) -> Document:
    """A text document from its bytes: decoded by the one rule (the header's charset counts), mojibake
    repaired, its format `format` when the caller knows it, else sniffed from the text and `hint`."""
    text, encoding = decode(data, header_charset(content_type))
    text = repair_mojibake(text)
    mime = content_type.split(";", maxsplit=1)[0].strip().lower()
    return Document(
        input=input if input is not None else (url or ""),
        format=format if format is not None else sniff_format(text, hint),
        text=text,
        url=url,
        encoding=encoding,
        content_type=mime or None,
    )


# --------------------------------------------------------------------------- other formats


def looks_html(content_type: str, body: bytes) -> bool:
    """True when a body is HTML: by its type, or by its first bytes when the type says nothing."""
    if content_type in HTML_TYPES:
        return True
    if content_type in _GENERIC_TYPES or content_type == "text/plain":
        head = body[:1024].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<head" in head
    return False


def sniff_type(content_type: str, body: bytes) -> str:
    """The content type, corrected when the server names none or a generic one."""
    head = body[:1024].lstrip()
    if content_type in _GENERIC_TYPES:
        if head.startswith(b"%PDF-"):
            return "application/pdf"
        if looks_html(content_type, body):
            return "text/html"
        if head[:1] in (b"{", b"["):
            return "application/json"
        if content_type == "" and _valid_utf8(body[:4096]):
            return "text/plain"
    if content_type == "text/plain" and looks_html(content_type, body):
        return "text/html"
    return content_type or "application/octet-stream"


def _valid_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(body) - 3  # cut inside a character
    return True


def pdf_document(body: bytes, url: str) -> Document:
    """The text of a PDF, pages separated by a form feed between blank lines, and its title.

    Raises ValueError (or pypdf's errors) on an encrypted or damaged file.
    """
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(io.BytesIO(body))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    pages = []
    for i, page in enumerate(reader.pages):
        if i >= MAX_PDF_PAGES:
            break
        pages.append((page.extract_text() or "").strip())
    title = None
    try:
        meta = reader.metadata
        title = str(meta.title).strip() if meta is not None and meta.title else None
    except Exception:  # metadata is optional and often malformed
        title = None
    text = PAGE_BREAK.join(pages).strip()
    return Document(url, InputFormat.TEXT, text, url=url, content_type="application/pdf", title=title)


def json_document(body: bytes, mime: str, header: str, url: str) -> Document:
    """The strings of a JSON body (type `mime`, Content-Type `header`), one per paragraph; the raw text
    when it is not valid JSON."""
    raw = replace(from_bytes(body, header, url=url, format=InputFormat.TEXT), content_type=mime)
    try:
        data = json.loads(raw.text)
    except ValueError:
        return raw
    title = data.get("title") if isinstance(data, dict) and isinstance(data.get("title"), str) else None
    text = "\n\n".join(_json_strings(data))
    return Document(url, InputFormat.TEXT, text, url=url, content_type=mime, title=title)


def _json_strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item.strip():
                yield item.strip()
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def xml_document(body: bytes, mime: str, header: str, url: str) -> Document:
    """The text content of an XML body (type `mime`, Content-Type `header`), whitespace folded."""
    raw = from_bytes(body, header, url=url, format=InputFormat.HTML)
    root = raw.tree
    text = " ".join(root.text_content().split()) if root is not None else raw.text
    return Document(url, InputFormat.TEXT, text, url=url, content_type=mime)


def plain_document(body: bytes, mime: str, header: str, url: str) -> Document:
    """A text body (type `mime`, Content-Type `header`) as it is, Windows line ends made Unix ones."""
    raw = from_bytes(body, header, url=url, format=InputFormat.TEXT)
    return Document(url, InputFormat.TEXT, raw.text.replace("\r\n", "\n"), url=url, content_type=mime)
