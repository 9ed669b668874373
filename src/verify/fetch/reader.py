"""Judging a fetched response: the source's readable text as a `Document`, or why it is not the source's text.

Pure (no I/O). The reading itself (charsets, HTML, PDF, JSON, XML, walls) is `verify.documents`'; this
module adds what only a response says: its HTTP status, its headers, and whether it was cut.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from urllib.parse import urljoin

from verify.documents import document as documents
from verify.documents.walls import Wall, wall
from verify.fetch.types import Response
from verify.models import Document, FetchStatus, InputFormat

BLOCKED_STATUSES = frozenset({401, 403, 407, 429, 451, 999})
_REFRESH = re.compile(r"^\s*(\d*(?:\.\d+)?)\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]+)['\"]?\s*$", re.I)
MAX_REFRESH_DELAY = 5.0  # longer delays are page reloads (live blogs), not redirects
# Reading a page holds its markup, its tree and its text at once, several times the page's size: pages
# this big are read one at a time (the reading is CPU-bound under one interpreter lock anyway), so
# several big sources cost the sum of their texts, not of their readings.
BIG_PAGE = 2_000_000
_BIG_READS = threading.Lock()


# The article body of a page's visible text, or None (given by the caller: body scoping is the extract
# stage's, and a fetch stage that imported it would close an import loop across stages).
BodyOf = Callable[[documents.Document, str], str | None]


def refresh_target(response: Response) -> str | None:
    """Where an HTML page's `<meta http-equiv="refresh">` sends the reader (absolute URL), if anywhere."""
    if not documents.looks_html(response.content_type, response.body):
        return None
    head = response.body[:16384]
    if b"refresh" not in head.lower():
        return None
    root = documents.from_bytes(head, response.headers.get("content-type", ""), format=InputFormat.HTML).tree
    if root is None:
        return None
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            m = _REFRESH.match(str(meta.get("content") or ""))
            if m and m.group(2).strip() and float(m.group(1) or 0) <= MAX_REFRESH_DELAY:
                return urljoin(response.url, str(m.group(2)).strip())
    return None


def read_response(
    response: Response, *, body_of: BodyOf | None = None
) -> tuple[FetchStatus, Document | None, str | None]:
    """Judge a response: (OK, document, None) when readable, else BLOCKED/BROKEN and a reason.

    OK with no document means the source is fine but holds no text (an image, a video, an archive).
    The caller decides between `ok` and `redirected` from the hop chain. `body_of` finds the article
    body of an HTML page (None: not needed, no quotation will be matched against it).
    """
    status = response.status
    if status in BLOCKED_STATUSES:
        return FetchStatus.BLOCKED, None, f"HTTP {status}" + (" (rate limited)" if status == 429 else "")
    if status >= 400:
        return FetchStatus.BROKEN, None, f"HTTP {status}"
    if 300 <= status < 400:
        return FetchStatus.BROKEN, None, f"HTTP {status} without a usable Location"
    if status < 200:
        return FetchStatus.BROKEN, None, f"HTTP {status}"
    return read_body(
        response.url, response.body, response.headers, truncated=response.truncated, body_of=body_of
    )


def read_body(
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    truncated: bool = False,
    body_of: BodyOf | None = None,
) -> tuple[FetchStatus, Document | None, str | None]:
    """Judge a body served (or stored) at `url` with these headers, as `read_response` does."""
    header_ctype = headers.get("content-type", "")
    ctype = documents.sniff_type(header_ctype.split(";")[0].strip().lower(), body)
    if not body.strip():
        return FetchStatus.BROKEN, None, "empty response body"
    cut = " (cut at the size cap)" if truncated else ""
    if ctype in documents.HTML_TYPES:
        if len(body) < BIG_PAGE:
            page = documents.from_bytes(body, header_ctype, url=url, format=InputFormat.HTML)
            return _read_html(page, body, headers, body_of)
        documents.map_big_blocks()
        with _BIG_READS:
            page = documents.from_bytes(body, header_ctype, url=url, format=InputFormat.HTML)
            read = _read_html(page, body, headers, body_of)
            del page
            documents.release_memory()
            return read
    if ctype == "application/pdf":
        try:
            doc = documents.pdf_document(body, url)
        except Exception as exc:  # pypdf raises many types on damaged files
            reason = "encrypted PDF" if "encrypt" in str(exc).lower() else f"unreadable PDF{cut}"
            status_ = FetchStatus.BLOCKED if reason == "encrypted PDF" else FetchStatus.BROKEN
            return status_, None, reason
        if not doc.text.strip():
            return FetchStatus.OK, None, "PDF without a text layer (scanned?)"
        return FetchStatus.OK, _source(doc), None
    if ctype == "application/json" or ctype.endswith("+json"):
        return FetchStatus.OK, _source(documents.json_document(body, ctype, header_ctype, url)), None
    if ctype in ("application/xml", "text/xml") or ctype.endswith("+xml"):
        return FetchStatus.OK, _source(documents.xml_document(body, ctype, header_ctype, url)), None
    if ctype.startswith("text/"):
        return FetchStatus.OK, _source(documents.plain_document(body, ctype, header_ctype, url)), None
    return FetchStatus.OK, None, f"no text to read in {ctype}"


def _read_html(
    page: documents.Document, body: bytes, headers: Mapping[str, str], body_of: BodyOf | None
) -> tuple[FetchStatus, Document | None, str | None]:
    url = page.url or ""
    if page.tree is None:
        return FetchStatus.BROKEN, None, "unparseable HTML"
    if page.unread:
        # a source read in part is not a source without the quotation: never judge it on the rest
        return FetchStatus.BROKEN, None, f"unreadable: {page.unread}"
    title = page.head_title
    text = page.visible_text
    found = wall(url, headers, body[:65536], title, text)
    if found is not None:
        kind, reason = found
        return (FetchStatus.BLOCKED if kind is Wall.BLOCKED else FetchStatus.BROKEN), None, reason
    if len(text) < 40 and len(re.findall(rb"<script", body[:200_000], re.I)) >= 1:
        return FetchStatus.BLOCKED, None, "no readable text: the page is built by JavaScript"
    main = body_of(page, text) if body_of is not None else None
    doc = Document(url, text, "text/html", title=title, language=page.declared_language, body=main)
    return FetchStatus.OK, doc, None


def _source(doc: documents.Document) -> Document:
    return Document(doc.url or doc.input, doc.text, doc.content_type or "text/plain", title=doc.title)
