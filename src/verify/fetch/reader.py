"""Turning a fetched response into the source's readable text, or saying why it is not the source's text.

Pure (no I/O): decoding (header, BOM, document, detection), HTML to visible block-structured text, PDF,
JSON, XML and plain text; and recognition of what only looks like a page: bot walls and challenges,
consent walls, JavaScript shells and soft 404s.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from verify.fetch.types import Response
from verify.models import Document, FetchStatus

BLOCKED_STATUSES = frozenset({401, 403, 407, 429, 451, 999})
MAX_PDF_PAGES = 400
PAGE_BREAK = "\n\n\f\n\n"

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_DROP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "head",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "audio",
        "video",
        "map",
        "area",
        "source",
        "track",
    ]
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""", re.I)
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
_REFRESH = re.compile(r"^\s*(\d*(?:\.\d+)?)\s*[;,]\s*(?:url\s*=\s*)?['\"]?([^'\"]+)['\"]?\s*$", re.I)
MAX_REFRESH_DELAY = 5.0  # longer delays are page reloads (live blogs), not redirects
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
# Declared single-byte charsets that servers put on UTF-8 pages far more often than they are true.
_LATIN_DEFAULTS = frozenset(
    {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252"}
)

_BOT_TITLES = re.compile(
    r"^\s*(just a moment|attention required|access denied|please wait|one more step|security check"
    r"|are you a (human|robot)|verify(ing)? (you are|that you are) (a )?human|robot check|bot check"
    r"|pardon our interruption|ddos-guard|checking your browser|human verification|request blocked"
    r"|you have been blocked|captcha|403 forbidden|access to this page has been denied"
    r"|sucuri website firewall|vercel security checkpoint|blocked by|unusual traffic|too many requests)",
    re.I,
)
_BOT_MARKERS = (
    "cf-browser-verification",
    "/cdn-cgi/challenge-platform",
    "cf_chl_",
    "cf-challenge",
    "captcha-delivery.com",  # DataDome
    "geo.captcha-delivery",
    "px-captcha",  # PerimeterX / HUMAN
    "_pxcaptcha",
    "perimeterx",
    "_incapsula_resource",  # Imperva
    "incapsula incident id",
    "enable javascript and cookies to continue",
    "awswaf",
    "errors.edgesuite.net",  # Akamai "Access Denied … Reference #"
    "sucuri_cloudproxy",
    "kpsdk",  # Kasada
    "our systems have detected unusual traffic",
)
# Generic captcha widgets also sit in comment forms and newsletter boxes of real pages: they mark a
# wall only when the page has almost no text of its own.
_CAPTCHA_MARKERS = ("g-recaptcha", "h-captcha", "hcaptcha.com/1/api", "please enable cookies")
_CONSENT_TITLES = re.compile(
    r"^\s*(before you continue|bevor sie (zu \w+ )?(weitergehen|fortfahren)|avant d'accéder|antes de ir a"
    r"|prima di (continuare|procedere)|voordat je verdergaat|zanim przejdziesz|cookie (consent|settings)"
    r"|privacy (settings|consent)|your privacy choices|we value your privacy)",
    re.I,
)
_CONSENT_WORDS = re.compile(r"\b(cookies?|consent|privacy)\b", re.I)
_CONSENT_ACTIONS = re.compile(
    r"\b(accept( all)?|agree|reject all|i agree|allow all|manage (options|cookies))\b", re.I
)
# A title segment (or a page's first line) that is nothing but a not-found message.
_SOFT_404 = re.compile(
    r"^(oops[!.,]?\s*)?(sorry[!.,]?\s*)?("
    r"(error\s*)?404(\s*(error|page))?(\s*[-:]?\s*(page|file|content)?\s*not\s*found)?"
    r"|((the|that|this)\s+)?(page|file|article|content|story|resource)?\s*((was|could)\s+)?not\s+(be\s+)?found"
    r"|(this\s+|the\s+)?page\s+(does\s*n[o']t|no\s+longer)\s+exists?"
    r"|(this\s+|the\s+)?page\s+(is\s+)?(no\s+longer\s+)?(available|unavailable)"
    r"|(we\s+)?(couldn'?t|can'?t|could\s+not|cannot)\s+find\s+(that|the|this|your)\s+page"
    r"|seite\s+nicht\s+gefunden|p[aá]gina\s+no\s+encontrada|page\s+introuvable|pagina\s+non\s+trovata"
    r"|strona\s+nie\s+znaleziona|pagina\s+niet\s+gevonden|sidan\s+kunde\s+inte\s+hittas"
    r")[\s!.]*$",
    re.I,
)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s*[|–—·•»]\s*")


def _says_not_found(text: str) -> bool:
    """True when a title or heading, or one of its separated segments, is only a not-found message."""
    parts = [text, *_TITLE_SEPARATORS.split(text)]
    return any(_SOFT_404.match(part.strip()) for part in parts if part.strip())


# --------------------------------------------------------------------------- decoding


def _header_charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip("\"' "):
            return value.strip("\"' ").lower()
    return None


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A body cut at the size cap may end inside a character: that alone is not a wrong guess.
        if exc.start >= len(body) - 3:
            return body[: exc.start].decode("utf-8")
        return None


def decode_body(body: bytes, content_type: str, *, html: bool = False) -> tuple[str, str]:
    """The body as text and the charset used: BOM, header, document declaration, UTF-8, detection."""
    boms = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    for bom, name in boms:
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    declared = _known(_header_charset(content_type))
    head = body[:4096]
    if declared is None and html:
        m = _META_CHARSET.search(head)
        declared = _known(m.group(1).decode("ascii", "replace")) if m else None
    if declared is None:
        m = _XML_DECL.search(head)
        declared = _known(m.group(1).decode("ascii", "replace")) if m else None
    if declared == "utf-8" or declared in {_known(n) for n in _LATIN_DEFAULTS}:
        as_utf8 = _utf8(body)
        if as_utf8 is not None:
            # Valid UTF-8 with non-ASCII bytes is almost never really Latin-1: trust the bytes.
            return as_utf8, "utf-8"
        if declared == "utf-8":
            declared = None
    if declared is not None:
        return body.decode(declared, errors="replace"), declared
    as_utf8 = _utf8(body)
    if as_utf8 is not None:
        return as_utf8, "utf-8"
    from charset_normalizer import from_bytes  # noqa: PLC0415  (only for undeclared non-UTF-8 bodies)

    best = from_bytes(body[:200_000]).best()
    name = best.encoding if best is not None else "windows-1252"
    return body.decode(name, errors="replace"), name


# --------------------------------------------------------------------------- HTML


def _hidden(el: Any) -> bool:
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").lower() == "true":
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _parse_html(text: str) -> Any:
    import lxml.html  # noqa: PLC0415

    # lxml refuses str input that carries an encoding declaration (XHTML pages): the text is decoded.
    text = _XML_DECL_TEXT.sub("", text, count=1)
    try:
        return lxml.html.document_fromstring(text)
    except Exception:  # lxml raises ParserError/ValueError on empty or odd documents
        return None


def html_to_text(root: Any) -> str:
    """Visible text of an lxml HTML tree, paragraphs separated by blank lines, <br> as a line break."""
    from lxml import etree  # noqa: PLC0415

    parts: list[str] = []
    body = root.find("body")
    # Comments and processing instructions carry no text but their tails do ("leak-prone <!-- -->water").
    walker = etree.iterwalk(body if body is not None else root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                parts.append(el.tail)
            continue
        if event == "start":
            if not tag or tag in _DROP_TAGS or _hidden(el):
                walker.skip_subtree()
                # skip_subtree also skips this element's "end" event: emit its tail here.
                if el.tail:
                    parts.append(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\x00")
            if tag == "br":
                parts.append("\x01")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\x00")
            if el.tail:
                parts.append(el.tail)
    paragraphs = []
    for block in "".join(parts).split("\x00"):
        lines = [" ".join(line.split()) for line in block.split("\x01")]
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


MIN_BODY = 200  # characters: a shorter "body" is the scoring's miss, not the page's content


def main_content(html: str, url: str, text: str) -> str | None:
    """The article body of an HTML page, by the extract stage's scoping (comments, sidebars, related
    stories and navigation left out), when it is a real part of the page's visible `text`; else None.

    A quotation attributed to a page must be in what the page says, not in what its readers or its
    teasers say: the matcher looks here first.
    """
    from verify.extract.html import read_html  # noqa: PLC0415  (the extract stage owns body scoping)

    try:
        blocks = read_html(html, url).blocks
    except Exception:  # a scoping bug must not cost the page: it is then read whole
        return None
    body = "\n\n".join(b.text for b in blocks if b.text.strip())
    if len(body) < MIN_BODY or len(body) >= len(text):
        return None
    return body


def _title(root: Any) -> str | None:
    el = root.find(".//title")
    if el is not None:
        text = " ".join((el.text_content() or "").split())
        if text:
            return text
    for prop in ("og:title", "twitter:title"):
        for meta in root.iter("meta"):
            if prop in (meta.get("property"), meta.get("name")) and meta.get("content"):
                return " ".join(str(meta.get("content")).split())
    return None


def _language(root: Any) -> str | None:
    lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        for meta in root.iter("meta"):
            if (meta.get("http-equiv") or "").lower() == "content-language" and meta.get("content"):
                lang = meta.get("content")
                break
    if not lang:
        return None
    code = str(lang).split(",")[0].strip().replace("_", "-")
    return code or None


def refresh_target(response: Response) -> str | None:
    """Where an HTML page's `<meta http-equiv="refresh">` sends the reader (absolute URL), if anywhere."""
    if not _is_html(response):
        return None
    head = response.body[:16384]
    if b"refresh" not in head.lower():
        return None
    text, _ = decode_body(head, response.headers.get("content-type", ""), html=True)
    root = _parse_html(text)
    if root is None:
        return None
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            m = _REFRESH.match(str(meta.get("content") or ""))
            if m and m.group(2).strip() and float(m.group(1) or 0) <= MAX_REFRESH_DELAY:
                return urljoin(response.url, str(m.group(2)).strip())
    return None


# --------------------------------------------------------------------------- other formats


def pdf_to_text(body: bytes) -> tuple[str, str | None]:
    """Text of a PDF, pages separated by a form feed between blank lines, and its title."""
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
    return PAGE_BREAK.join(pages).strip(), title


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


def _is_html(response: Response) -> bool:
    ctype = response.content_type
    if ctype in ("text/html", "application/xhtml+xml"):
        return True
    if ctype in _GENERIC_TYPES or ctype == "text/plain":
        head = response.body[:1024].lstrip().lower()
        return head.startswith((b"<!doctype html", b"<html")) or b"<head" in head
    return False


def sniff_type(response: Response) -> str:
    """The content type, corrected when the server names none or a generic one."""
    ctype = response.content_type
    head = response.body[:1024].lstrip()
    if ctype in _GENERIC_TYPES:
        if head.startswith(b"%PDF-"):
            return "application/pdf"
        if _is_html(response):
            return "text/html"
        if head[:1] in (b"{", b"["):
            return "application/json"
        if ctype == "" and _utf8(response.body[:4096]) is not None:
            return "text/plain"
    if ctype == "text/plain" and _is_html(response):
        return "text/html"
    return ctype or "application/octet-stream"


# --------------------------------------------------------------------------- judgement


def _wall(response: Response, title: str | None, text: str) -> tuple[FetchStatus, str] | None:
    """A bot wall, challenge, consent wall or soft 404 posing as the page, if it is one."""
    headers = response.headers
    low_head = response.body[:65536].lower()
    short = len(text) < 3000
    if headers.get("cf-mitigated", "").lower() == "challenge" or (headers.get("x-datadome") and short):
        return FetchStatus.BLOCKED, "bot wall (challenge page)"
    if title and _BOT_TITLES.match(title) and short:
        return FetchStatus.BLOCKED, f"bot wall: {title[:80]}"
    if short and any(m.encode() in low_head for m in _BOT_MARKERS):
        return FetchStatus.BLOCKED, "bot wall (captcha or challenge)"
    if len(text) < 600 and any(m.encode() in low_head for m in _CAPTCHA_MARKERS):
        return FetchStatus.BLOCKED, "bot wall (captcha or challenge)"
    host = response.url.split("/")[2].lower() if "://" in response.url else ""
    consent_title = bool(title and _CONSENT_TITLES.match(title))
    if host.startswith(("consent.", "consent-")) or (consent_title and len(text) < 8000):
        return FetchStatus.BLOCKED, "consent wall"
    if (
        len(text) < 700  # a cookie banner beside real content is not a wall
        and len(_CONSENT_WORDS.findall(text)) >= 2
        and _CONSENT_ACTIONS.search(text)
        and "cookie" in text.lower()
    ):
        return FetchStatus.BLOCKED, "consent wall (cookies)"
    if title and len(text) < 3000 and _says_not_found(title):
        return FetchStatus.BROKEN, f"soft 404: the page says {title[:80]!r}"
    first = text.split("\n\n", 1)[0] if text else ""
    if len(text) < 1200 and len(first) < 120 and _says_not_found(first):
        return FetchStatus.BROKEN, f"soft 404: the page says {first[:80]!r}"
    return None


def read_response(
    response: Response, *, scope_body: bool = True
) -> tuple[FetchStatus, Document | None, str | None]:
    """Judge a response: (OK, document, None) when readable, else BLOCKED/BROKEN and a reason.

    OK with no document means the source is fine but holds no text (an image, a video, an archive).
    The caller decides between `ok` and `redirected` from the hop chain. `scope_body=False` skips
    finding the article body (a second parse of the page) when no quotation will be matched against it.
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
    ctype = sniff_type(response)
    header_ctype = response.headers.get("content-type", "")
    body = response.body
    if not body.strip():
        return FetchStatus.BROKEN, None, "empty response body"
    cut = " (cut at the size cap)" if response.truncated else ""
    if ctype in ("text/html", "application/xhtml+xml"):
        text_in, _ = decode_body(body, header_ctype, html=True)
        root = _parse_html(text_in)
        if root is None:
            return FetchStatus.BROKEN, None, "unparseable HTML"
        title = _title(root)
        text = html_to_text(root)
        wall = _wall(response, title, text)
        if wall is not None:
            return wall[0], None, wall[1]
        if len(text) < 40 and len(re.findall(rb"<script", body[:200_000], re.I)) >= 1:
            return FetchStatus.BLOCKED, None, "no readable text: the page is built by JavaScript"
        main = main_content(text_in, response.url, text) if scope_body else None
        doc = Document(response.url, text, "text/html", title=title, language=_language(root), body=main)
        return FetchStatus.OK, doc, None
    if ctype == "application/pdf":
        try:
            text, title = pdf_to_text(body)
        except Exception as exc:  # pypdf raises many types on damaged files
            reason = "encrypted PDF" if "encrypt" in str(exc).lower() else f"unreadable PDF{cut}"
            status_ = FetchStatus.BLOCKED if reason == "encrypted PDF" else FetchStatus.BROKEN
            return status_, None, reason
        if not text.strip():
            return FetchStatus.OK, None, "PDF without a text layer (scanned?)"
        return FetchStatus.OK, Document(response.url, text, "application/pdf", title=title), None
    if ctype == "application/json" or ctype.endswith("+json"):
        raw, _ = decode_body(body, header_ctype)
        try:
            data = json.loads(raw)
        except ValueError:
            return FetchStatus.OK, Document(response.url, raw, ctype), None
        title = data.get("title") if isinstance(data, dict) and isinstance(data.get("title"), str) else None
        text = "\n\n".join(_json_strings(data))
        return FetchStatus.OK, Document(response.url, text, ctype, title=title), None
    if ctype in ("application/xml", "text/xml") or ctype.endswith("+xml"):
        raw, _ = decode_body(body, header_ctype)
        root = _parse_html(raw)
        text = " ".join(root.text_content().split()) if root is not None else raw
        return FetchStatus.OK, Document(response.url, text, ctype), None
    if ctype.startswith("text/"):
        raw, _ = decode_body(body, header_ctype)
        return FetchStatus.OK, Document(response.url, raw.replace("\r\n", "\n"), ctype), None
    return FetchStatus.OK, None, f"no text to read in {ctype}"
