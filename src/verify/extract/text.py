"""Reading Markdown drafts and plain-text scrapes into blocks: front matter, datelines, links, titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verify.extract.blocks import Block, Link, TextBuilder
from verify.extract.dates import find_date, iso_datetime
from verify.extract.urls import normalize_url


@dataclass(slots=True)
class TextArticle:
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    url: str | None = None
    language: str | None = None


_FRONT = re.compile(
    r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_FRONT_LINE = re.compile(r"^\s*([A-Za-z_][\w.-]*)\s*[:=]\s*(.*?)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_REFDEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s+[\"'(].*)?\s*$")
_HTML_BLOCK = re.compile(
    r"^\s{0,3}<(?:blockquote|div|iframe|script|figure|p|table|section|center|lite-youtube)\b", re.I
)
# Every repetition is bounded and alternation-free, so a run-on paragraph full of `[` and `<a` stays linear.
_INLINE = re.compile(
    r"!\[(?P<alt>[^\]]{0,300})\]\((?P<img>[^)\s]{0,2000})(?:\s+\"[^\"]{0,300}\")?\)"
    r"|\[(?P<text>[^\[\]]{0,300})\]\(\s*<?(?P<href>[^)\s>]{1,2000})>?(?:\s+[\"'][^\"']{0,300}[\"'])?\s*\)"
    r"|\[(?P<rtext>[^\]]{1,300})\]\[(?P<ref>[^\]]{0,100})\]"
    r"|<(?P<auto>https?://[^>\s]{1,2000})>"
    r"|<a\s[^>]{0,500}?href=[\"'](?P<ahref>[^\"']{1,2000})[\"'][^>]{0,500}>"
    r"|(?P<aclose></a\s*>)"
    r"|`(?P<code>[^`]{1,500})`"
    r"|<[A-Za-z/][^>]{0,500}>"
    r"|\\(?P<esc>[\\`*_{}\[\]()#+\-.!>\"'])",
    re.I,
)
_TAGS = re.compile(r"<[^>]{0,500}>")
_EMPHASIS = re.compile(r"(?<![\w*_\\])(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})(?![\w*_])")
_DATELINE_HINT = re.compile(
    r"(?i)\b(?:published|posted|updated|by|on|date)\b|^\s*\d|·|\||(?-i:^[A-Z][A-Z .'’-]{2,},)"
)


def read_markdown(text: str) -> TextArticle:
    out = TextArticle()
    start_line = 1
    m = _FRONT.match(text)
    if m:
        _front_matter(m.group(2), out)
        start_line = text[: m.end()].count("\n") + 1
        body = text[m.end() :]
    else:
        body = text
    reader = _MarkdownReader(out, body.split("\n"), start_line)
    reader.run()
    return out


class _MarkdownReader:
    """One pass over a Markdown body's lines: the paragraph being gathered and the blocks made so far."""

    def __init__(self, out: TextArticle, lines: list[str], start_line: int) -> None:
        self.out = out
        self.lines = lines
        self.start_line = start_line
        self.refs: dict[str, str] = {}
        for raw in lines:
            rm = _REFDEF.match(raw)
            if rm:
                self.refs[rm.group(1).lower()] = rm.group(2)
        self.para: list[tuple[str, int]] = []
        self.para_kind = "p"

    def flush(self) -> None:
        if self.para:
            block = _inline_block(self.para, self.para_kind, self.refs, self.out.url)
            if block is not None:
                self.out.blocks.append(block)
        self.para = []
        self.para_kind = "p"

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            i = self.line(i)
        self.flush()

    def line(self, i: int) -> int:
        """Read the line at `i` (and any it opens: a fence, an HTML block); the index of the next one."""
        raw = self.lines[i].rstrip("\r")
        fence = _FENCE.match(raw)
        if fence:
            return self.fence(i, fence.group(1))
        if not raw.strip() or _REFDEF.match(raw):
            self.flush()
            return i + 1
        if _HTML_BLOCK.match(raw) and not self.para:
            return self.html_block(i)
        hm = _HEADING.match(raw)
        if hm:
            self.heading(raw, hm, self.start_line + i)
        elif self.para and self.para_kind == "p" and _SETEXT.match(raw) and len(self.para) == 1:
            self.para_kind = "heading"
            self.flush()
        elif _QUOTE.match(raw):
            self.quote_line(raw, self.start_line + i)
        else:
            self.plain_line(raw, self.start_line + i)
        return i + 1

    def fence(self, i: int, fence: str) -> int:
        self.flush()
        i += 1
        while i < len(self.lines) and not self.lines[i].lstrip().startswith(fence):
            i += 1
        return i + 1

    def html_block(self, i: int) -> int:
        j = i
        while j < len(self.lines) and self.lines[j].strip():
            j += 1
        from verify.extract.html import parse_fragment_blocks  # noqa: PLC0415 - lxml only when needed

        html = "\n".join(self.lines[i:j])
        self.out.blocks.extend(parse_fragment_blocks(html, self.start_line + i, self.out.url))
        return j

    def heading(self, raw: str, hm: re.Match[str], line_no: int) -> None:
        self.flush()
        self.para = [(" " * (len(raw) - len(hm.group(2))) + hm.group(2), line_no)]
        self.para_kind = "heading"
        if self.out.title is None and len(hm.group(1)) == 1:
            self.out.title = hm.group(2).strip()
        self.flush()

    def quote_line(self, raw: str, line_no: int) -> None:
        qm = _QUOTE.match(raw)
        assert qm is not None
        if self.para_kind != "blockquote":
            self.flush()
            self.para_kind = "blockquote"
        content = raw[qm.end() :]
        inner = _QUOTE.match(content)
        content = content[inner.end() :] if inner else content
        if not content.strip():
            self.flush()
            self.para_kind = "blockquote"
        else:
            self.para.append((content, line_no))

    def plain_line(self, raw: str, line_no: int) -> None:
        if self.para_kind == "blockquote":
            self.flush()
        lm = _LIST.match(raw)
        if lm:
            self.flush()
            self.para = [(raw[lm.end() :], line_no)]
            self.para_kind = "li"
        else:
            self.para.append((raw, line_no))


def _front_matter(block: str, out: TextArticle) -> None:
    for raw in block.split("\n"):
        m = _FRONT_LINE.match(raw)
        if not m:
            continue
        key, value = m.group(1).lower(), m.group(2).strip().strip("\"'")
        if not value:
            continue
        if key in ("title", "headline") and out.title is None:
            out.title = value
        elif key in (
            "date",
            "published",
            "pubdate",
            "publishdate",
            "published_at",
            "date_published",
            "publish_date",
        ):
            out.published = out.published or iso_datetime(value)
        elif key in ("canonical", "canonical_url", "canonicalurl", "url", "permalink", "link"):
            out.url = out.url or normalize_url(value)
        elif key in ("lang", "language", "locale"):
            out.language = re.split(r"[-_]", value)[0].lower() or None


def _inline_block(
    para: list[tuple[str, int]], kind: str, refs: dict[str, str], base: str | None
) -> Block | None:
    builder = TextBuilder()
    raw = "\n".join(text for text, _ in para)
    line = para[0][1]
    pos = 0
    anchor: tuple[int, str, int] | None = None  # an open inline-HTML <a href>: (start, href, line)
    for m in _INLINE.finditer(raw):
        line = _add_plain(builder, raw[pos : m.start()], line)
        if m.group("ahref") is not None:
            anchor = (builder.position(), m.group("ahref"), line)
        elif m.group("aclose") is not None:
            if anchor is not None:
                _add_link(builder, anchor[0], anchor[1], anchor[2], base)
            anchor = None
        elif m.group("href") is not None or m.group("rtext") is not None or m.group("auto") is not None:
            if m.group("rtext") is not None:
                label, href = m.group("rtext"), refs.get((m.group("ref") or m.group("rtext")).lower())
            else:
                label, href = m.group("text") or m.group("auto"), m.group("href") or m.group("auto")
            start = builder.position()
            if m.group("auto"):
                builder.add(label, line)
            else:
                _add_plain(builder, _TAGS.sub("", label), line)
            if href:
                _add_link(builder, start, href, line, base)
        elif m.group("code") is not None:
            builder.add(m.group("code"), line)
        elif m.group("esc") is not None:
            builder.add(m.group("esc"), line)
        elif m.group("alt") is not None:
            builder.space()
        line += m.group(0).count("\n")
        pos = m.end()
    _add_plain(builder, raw[pos:], line)
    return builder.take(kind)


def _add_link(builder: TextBuilder, start: int, href: str, line: int, base: str | None) -> None:
    url = normalize_url(href, base)
    if url:
        builder.links.append(Link(start, builder.length, url, line))


def _add_plain(builder: TextBuilder, text: str, line: int) -> int:
    if not text:
        return line
    return builder.add(_EMPHASIS.sub("", text), line)


def read_text(text: str) -> TextArticle:
    """A plain-text scrape: paragraphs are set off by blank lines, or are one a line (`_line_paragraphs`)."""
    out = TextArticle()
    lines = text.split("\n")
    builder = TextBuilder()
    per_line = _line_paragraphs(lines)
    for i, raw in enumerate(lines):
        if not raw.strip():
            block = builder.take()
            if block:
                out.blocks.append(block)
            continue
        builder.space()  # a wrapped line goes on after a space ("again" / "on" is not "againon")
        builder.add(raw, i + 1)
        if per_line[i]:
            block = builder.take()
            if block:
                out.blocks.append(block)
    block = builder.take()
    if block:
        out.blocks.append(block)
    if out.blocks:
        first = out.blocks[0].text
        if len(first) <= 160 and not first.endswith((".", "!", "?", "”", '"')):
            out.title = first
            out.blocks[0].kind = "heading"
    out.published = _dateline(out.blocks[:8])
    return out


_WRAP_WIDTH = 100  # a hard-wrapped text's lines are never longer than this


def _line_paragraphs(lines: list[str]) -> list[bool]:
    """For each line, whether it ends its paragraph: every line does in a text with no blank lines, and in
    a run of lines between blank lines that is not hard-wrapped (a scrape that writes one paragraph a
    line, under a title set off by a blank line); otherwise only the blank line ends one."""
    if not any(not ln.strip() for ln in lines[1:-1]):
        return [True] * len(lines)
    out = [False] * len(lines)
    start = 0
    for end in [*(i for i, ln in enumerate(lines) if not ln.strip()), len(lines)]:
        if any(len(ln) > _WRAP_WIDTH for ln in lines[start:end]):
            out[start:end] = [True] * (end - start)
        start = end + 1
    return out


def _dateline(blocks: list[Block]) -> str | None:
    for block in blocks:
        head = block.text[:120] if len(block.text) > 300 and block.kind != "heading" else block.text
        found = find_date(head)
        if found and (len(head) < 120 or _DATELINE_HINT.search(head[: found[1] + 1])):
            return found[0]
    return None
