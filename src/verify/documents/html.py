"""HTML as read once: the one parser, the one table of block tags, visible text and what the head says."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

# Elements that start a new block of text (a paragraph break) wherever they sit.
BLOCK_TAGS = frozenset(
    {
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
    }
)
# Elements whose content a reader never sees as text.
INVISIBLE_TAGS = frozenset(
    {
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
    }
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECL_TEXT = re.compile(r"^\s*<\?xml[^>]*>")
_WRAPPERS = re.compile(r"</?(?:div|span|section|font|center|table|tbody|tr|td)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
# What the parser never counts as text: a page heavy with inline scripts is not a page cut short.
_UNSEEN_START = re.compile(r"<(script|style|noscript|template|textarea|svg)\b|<!--", re.I)


# Deeper than libxml2 descends even with huge_tree (2,048 levels): the rest of the page is dropped.
MAX_DEPTH = 1000
_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Start tags that close an open element of the same name (`<p>one<p>two`), as the parser does.
_SELF_CLOSING_SIBLINGS = frozenset(["p", "li", "dt", "dd", "option", "tr", "td", "th"])


def parse(text: str) -> Any:
    """The lxml tree of an HTML text (None when it holds no markup at all); see `parse_whole`."""
    return parse_whole(text)[0]


def parse_whole(text: str) -> tuple[Any, bool]:
    """(the lxml tree of an HTML text or None when it holds no markup, whether text was left unread).

    Comments and processing instructions are left out (their tails stay). Nesting deeper than libxml2
    descends is flattened (wrapper tags removed, then every tag past `MAX_DEPTH` levels) and read again,
    so deep text is not lost; the flag says when even that left some unread.
    """
    doc, deep = _parse(text)
    if doc is not None and (deep or _truncated(doc, text)):
        flat, deep = _parse(_WRAPPERS.sub(lambda m: "\n" * m.group(0).count("\n"), text))
        doc = flat if flat is not None else doc
        if deep:
            shallow, deep = _parse(_shallow(text))
            doc = shallow if shallow is not None else doc
    return doc, deep


def _shallow(text: str) -> str:
    """The markup with every tag nested deeper than MAX_DEPTH levels removed (its text kept)."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, kept)
    pos = 0
    for m in _TAG_TOKEN.finditer(text):
        closing, name = m.group(1), m.group(2).lower()
        keep = True
        if closing:
            if stack and stack[-1][0] == name:
                keep = stack.pop()[1]
            else:
                at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name), None)
                if at is not None:
                    keep = stack[at][1]
                    del stack[at:]
        elif name not in _VOID and not m.group(3):
            if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1][0] == name:
                stack.pop()
            keep = len(stack) < MAX_DEPTH
            stack.append((name, keep))
        if not keep:
            out.append(text[pos : m.start()])
            pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _parse(text: str) -> tuple[Any, bool]:
    """(tree or None, whether the parser stopped descending somewhere)."""
    # lxml refuses control characters in any string it is handed back (tails joined by drop_tree), and
    # str input that carries an encoding declaration (XHTML pages): the text is already decoded.
    text = _XML_INCOMPATIBLE.sub("", _XML_DECL_TEXT.sub("", text, count=1))
    if not text.strip():
        return None, False
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return None, False
    deep = any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in parser.error_log)
    return doc, deep


def _truncated(doc: Any, text: str) -> bool:
    """Whether the tree holds less than half the words of the markup's first 2 MB (the parser gave up).

    Words are counted without a list of them (a 20 MB page's would cost ten times the page), and the
    tree's only until there are enough.
    """
    body = doc.find("body")
    root = body if body is not None else doc
    if len(text) < 4096:
        return not _tree_words(root, 1)
    raw = _words_in(_TAG.sub(" ", _seen(text[:2_000_000])))
    return raw > 5 and _tree_words(root, raw * 0.5) < raw * 0.5


_SPACE = re.compile(r"\s")


def _words_in(text: str, piece: int = 1 << 16) -> int:
    """len(text.split()), a piece at a time (each cut at a white space, so no word is cut)."""
    count, pos, n = 0, 0, len(text)
    while pos < n:
        cut = pos + piece
        if cut < n:
            m = _SPACE.search(text, cut)
            cut = m.start() if m else n
        count += len(text[pos:cut].split())
        pos = cut
    return count


def _tree_words(root: Any, enough: float) -> int:
    """The words of the element's text as `text_content()` runs its pieces together, counted until
    `enough` (a word that spans two pieces is one)."""
    count = 0
    joins = False  # the text so far ends inside a word
    for piece in root.itertext():
        if not piece:
            continue
        count += _words_in(piece) - (joins and not piece[0].isspace())
        joins = not piece[-1].isspace()
        if count >= enough:
            break
    return count


def _seen(text: str) -> str:
    """The markup without scripts, styles and comments (one pass: an unclosed one ends the text)."""
    out: list[str] = []
    pos = 0
    low = text.lower()
    while (m := _UNSEEN_START.search(text, pos)) is not None:
        out.append(text[pos : m.start()])
        end = "-->" if m.group(0) == "<!--" else f"</{m.group(1).lower()}"
        close = low.find(end, m.end())
        if close < 0:
            return " ".join(out)
        pos = close + len(end)
    out.append(text[pos:])
    return " ".join(out)


def hidden(el: Any) -> bool:
    """True for an element the page hides (`hidden`, `aria-hidden`, `display:none`)."""
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden", "").lower() == "true":
        return True
    style = attrib.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def visible_text(root: Any) -> str:
    """Visible text of an lxml HTML tree, paragraphs separated by blank lines, <br> as a line break."""
    paragraphs: list[str] = []
    block: list[str] = []  # the current block's pieces; "\x01" for a <br>

    def close_block() -> None:
        # Each block is closed as the walk leaves it: the page's text is never held twice over in pieces.
        if block:
            lines = [" ".join(line.split()) for line in "".join(block).split("\x01")]
            text = "\n".join(line for line in lines if line)
            if text:
                paragraphs.append(text)
            block.clear()

    body = root.find("body")
    # Comments and processing instructions carry no text but their tails do ("leak-prone <!-- -->water").
    walker = etree.iterwalk(body if body is not None else root, events=("start", "end", "comment", "pi"))
    skipped = None
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                block.append(el.tail)
            continue
        if el is skipped:
            continue  # its "end" (lxml 6 sends it after skip_subtree): the tail is already in
        if event == "start":
            if not tag or tag in INVISIBLE_TAGS or hidden(el):
                walker.skip_subtree()
                # older lxml skips this element's "end" event too: emit its tail here, once.
                skipped = el
                if el.tail:
                    block.append(el.tail)
                continue
            if tag in BLOCK_TAGS:
                close_block()
            if tag == "br":
                block.append("\x01")
            if el.text:
                block.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                close_block()
            if el.tail:
                block.append(el.tail)
    close_block()
    return "\n\n".join(paragraphs)


def head_title(root: Any) -> str | None:
    """The page's <title>, else its og:title or twitter:title."""
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


def declared_language(root: Any) -> str | None:
    """The language the page declares (`<html lang>`, Content-Language meta), as written."""
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
