"""Assembling an Extraction from an article's blocks: sources, embeds, attributions and quotations, tied
together (each quotation to its speaker and source)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from verify.claims.find import Paragraph, find_claims
from verify.extract.attributions import find_attributions
from verify.extract.blocks import Block, RawEmbed
from verify.extract.embeds import flattened_embed
from verify.extract.entities import Entities, lowered_words, untitled
from verify.extract.lazyre import lazy
from verify.extract.quotes import Found, find_quotes, is_quotation
from verify.extract.sentences import sentence_spans, span_at
from verify.extract.speakers import (
    VERBS,
    description_after,
    description_before,
    is_definite,
    is_org,
    sentence_subject,
    speaker_after,
    speaker_anywhere,
    speaker_before,
    speaker_in_tail,
)
from verify.extract.urls import normalize_url
from verify.models import (
    ArticleMeta,
    Attribution,
    Embed,
    Extraction,
    Quote,
    Source,
    SourceKind,
    Tie,
)

_BARE_URL = re.compile(
    r"\bhttps?://(?:\[[0-9a-f:.]+\](?::\d+)?(?:[/?#][^\s<>\"“”‘’«»\[\]{}|\\^`]*)?|[^\s<>\"“”‘’«»\[\]{}|\\^`]+)|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>\"“”‘’«»\[\]{}|\\^`]*",
    re.I,
)
_TRAILING = ".,;:!?)'’]*"
_SAID_VERB = lazy(rf"\b{VERBS}$")
_CAPITALISED = re.compile(r"\b[A-Z]")
_CONTEXT_LIMIT = 400
_WINDOW = 300


@dataclass(slots=True)
class _SourceDraft:
    kind: SourceKind
    url: str | None
    line: int
    text: str | None
    context: str | None
    lines: list[int] = field(default_factory=list)


class _Sources:
    """Sources in order of first appearance, duplicates merged by URL (or name, for attributions)."""

    def __init__(self, own_url: str | None) -> None:
        self.drafts: list[_SourceDraft] = []
        self.index: dict[str, int] = {}
        self.own = own_url

    def add(
        self,
        kind: SourceKind,
        url: str | None,
        line: int,
        *,
        key: str,
        text: str | None = None,
        context: str | None = None,
    ) -> str | None:
        if url is not None and url == self.own:
            return None  # the article linking to itself
        i = self.index.get(key)
        if i is None:
            i = len(self.drafts)
            self.index[key] = i
            self.drafts.append(_SourceDraft(kind, url, line, text, context, [line]))
        else:
            draft = self.drafts[i]
            if line not in draft.lines:
                draft.lines.append(line)
            draft.text = draft.text or text
        return f"S{i + 1}"

    def link_named(self, name: str) -> str | None:
        """The link whose anchor text names this outlet, if any ("Kessel Courier" in its anchor)."""
        wanted = name.lower()
        for i, d in enumerate(self.drafts):
            if d.kind is SourceKind.LINK and d.text and len(wanted) > 3 and wanted in d.text.lower():
                return f"S{i + 1}"
        return None

    def build(self) -> tuple[Source, ...]:
        return tuple(
            Source(
                id=f"S{i + 1}",
                kind=d.kind,
                url=d.url,
                line=d.line,
                text=d.text,
                context=d.context,
                lines=tuple(sorted(d.lines)),
            )
            for i, d in enumerate(self.drafts)
        )


@dataclass(slots=True)
class _Doc:
    """What the passes over one article share: its blocks and what earlier passes found in them."""

    blocks: list[Block]
    sentences: list[list[tuple[int, int]]]
    link_ids: dict[tuple[int, int], str | None] = field(default_factory=dict)  # (block, link) -> source
    embed_of_block: dict[int, str] = field(default_factory=dict)
    embed_source: dict[str, str | None] = field(default_factory=dict)
    embed_author: dict[str, str | None] = field(default_factory=dict)
    attr_at: dict[int, list[tuple[int, str | None]]] = field(default_factory=dict)
    last_speaker: dict[int, str] = field(default_factory=dict)  # block -> last speaker named in it
    full_names: list[str] = field(default_factory=list)
    quote_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    tracker: Entities | None = None
    # block -> (starts, sources) of its links that are sources, in order of start: a quotation's nearest
    # link is found by bisection, so a paragraph of many quotations and links stays linear
    link_index: dict[int, tuple[list[int], list[str]]] = field(default_factory=dict)

    def entities(self) -> Entities:
        """The article's people and organisations, read once when a speaker first needs them."""
        if self.tracker is None:
            texts = [b.text if b.embed is None and b.kind != "heading" else "" for b in self.blocks]
            self.tracker = Entities(texts, self.quote_spans, self.sentences, lowered_words(texts))
        return self.tracker


def _context(text: str, span: tuple[int, int]) -> str:
    out = text[span[0] : span[1]].strip()
    return out if len(out) <= _CONTEXT_LIMIT else out[: _CONTEXT_LIMIT - 1].rstrip() + "…"


def assemble(meta: ArticleMeta, blocks: list[Block]) -> Extraction:
    """The Extraction for blocks read from any format."""
    _mark_flattened(blocks)
    found = find_quotes([b.text for b in blocks], ["embed" if b.embed else b.kind for b in blocks])
    spans_by_block: dict[int, list[tuple[int, int]]] = {}
    for f in found:
        end = f.end if f.end_block == f.block else len(blocks[f.block].text)
        spans_by_block.setdefault(f.block, []).append((f.start, end))
    doc = _Doc(blocks, [sentence_spans(b.text, spans_by_block.get(i, [])) for i, b in enumerate(blocks)])
    doc.quote_spans = spans_by_block
    sources = _Sources(meta.url)
    embeds = _sources_and_embeds(doc, sources)
    attributions = _attributions(doc, sources)
    quotes = _quotes(doc, found)
    return Extraction(
        article=meta,
        sources=sources.build(),
        embeds=tuple(embeds),
        attributions=tuple(attributions),
        quotes=tuple(quotes),
        claims=find_claims(_paragraphs(doc, spans_by_block), meta.language),
    )


def _paragraphs(doc: _Doc, quote_spans: dict[int, list[tuple[int, int]]]) -> list[Paragraph]:
    """The blocks as the claims finder reads them: quotation spans, links and named sources by offset."""
    return [
        Paragraph(
            text=b.text,
            kind="embed" if b.embed is not None else b.kind,
            line_at=b.line_at,
            sentences=doc.sentences[bi],
            quotes=quote_spans.get(bi, []),
            links=[(lk.start, sid) for li, lk in enumerate(b.links) if (sid := doc.link_ids.get((bi, li)))],
            attributions=[(pos, sid) for pos, sid in doc.attr_at.get(bi, []) if sid],
        )
        for bi, b in enumerate(doc.blocks)
    ]


def _sources_and_embeds(doc: _Doc, sources: _Sources) -> list[Embed]:
    embeds: list[Embed] = []
    for bi, block in enumerate(doc.blocks):
        if block.embed is not None:
            raw = block.embed
            eid = f"E{len(embeds) + 1}"
            sid = sources.add(
                SourceKind.EMBED, raw.url, raw.line, key=raw.url, text=raw.author_handle or raw.author_name
            )
            embeds.append(_embed(eid, raw, sid))
            doc.embed_of_block[bi] = eid
            doc.embed_source[eid] = sid
            doc.embed_author[eid] = raw.author_name or raw.author_handle
            continue
        linked: list[tuple[int, int]] = []
        for li, link in enumerate(block.links):
            ctx = _context(block.text, span_at(doc.sentences[bi], link.start))
            anchor = " ".join(block.text[link.start : link.end].split()) or None
            doc.link_ids[(bi, li)] = sources.add(
                SourceKind.LINK, link.href, link.line, key=link.href, text=anchor, context=ctx
            )
            linked.append((link.start, link.end))
        for m in _BARE_URL.finditer(block.text):
            if any(s <= m.start() < e for s, e in linked):
                continue
            raw_url = _strip_trailing(m.group(0))
            if raw_url.lower().startswith("www."):
                raw_url = "https://" + raw_url
            url = normalize_url(raw_url)
            if url:
                ctx = _context(block.text, span_at(doc.sentences[bi], m.start()))
                sources.add(SourceKind.URL, url, block.line_at(m.start()), key=url, context=ctx)
    return embeds


def _strip_trailing(url: str) -> str:
    """A bare URL without the sentence's punctuation after it; an IPv6 literal's `]` is the URL's own."""
    while url and url[-1] in _TRAILING and not (url[-1] == "]" and url.count("[") >= url.count("]")):
        url = url[:-1]
    return url


def _mark_flattened(blocks: list[Block]) -> None:
    for i, block in enumerate(blocks):
        if block.embed is not None or block.kind == "heading":
            continue
        hit = flattened_embed(block)
        if hit is None:
            continue
        _, end, raw = hit
        if len(block.text) - end > 40:
            continue  # the date is followed by more article text: not a post on its own
        block.embed = raw
        block.kind = "embed"
        block.text = raw.text or ""
        if raw.text is None and i and _post_text(blocks[i - 1]):
            # `— Name (@handle) date` on a line of its own: the post's text is the paragraph above it
            prev = blocks[i - 1]
            raw.text, raw.line = prev.text, prev.line
            block.text, block.marks = prev.text, prev.marks
            prev.text, prev.links, prev.kind = "", [], "embed-skip"
    blocks[:] = [b for b in blocks if b.kind != "embed-skip"]


def _post_text(block: Block) -> bool:
    return block.kind == "p" and block.embed is None and 0 < len(block.text) <= 600


def _embed(eid: str, raw: RawEmbed, sid: str | None) -> Embed:
    return Embed(
        id=eid,
        platform=raw.platform,
        url=raw.url,
        line=raw.line,
        post_id=raw.post_id,
        source=sid,
        author_name=raw.author_name,
        author_handle=raw.author_handle,
        date=raw.date,
        date_text=raw.date_text,
        text=raw.text,
        form=raw.form,
        cid=raw.cid,
        lang=raw.lang,
    )


def _link_source(doc: _Doc, bi: int, start: int, end: int) -> str | None:
    for li, link in enumerate(doc.blocks[bi].links):
        if start <= link.start < end or link.start <= start < link.end:
            sid = doc.link_ids.get((bi, li))
            if sid:
                return sid
    return None


def _attributions(doc: _Doc, sources: _Sources) -> list[Attribution]:
    out: list[Attribution] = []
    for bi, block in enumerate(doc.blocks):
        if block.embed is not None:
            continue
        for kind, name, start, end in find_attributions(block.text):
            line = block.line_at(start)
            ctx = _context(block.text, span_at(doc.sentences[bi], start))
            sid = _link_source(doc, bi, start, end) or sources.link_named(name)
            if sid is None:
                key = "name:" + name.lower()
                sid = sources.add(SourceKind.ATTRIBUTION, None, line, key=key, text=name, context=ctx)
            out.append(
                Attribution(id=f"A{len(out) + 1}", kind=kind, name=name, line=line, source=sid, context=ctx)
            )
            doc.attr_at.setdefault(bi, []).append((start, sid))
    return out


def _quotes(doc: _Doc, found: list[Found]) -> list[Quote]:
    out: list[Quote] = []
    by_block: dict[int, list[Found]] = {}
    for f in found:
        by_block.setdefault(f.block, []).append(f)
    blocks = doc.blocks
    bi = 0
    while bi < len(blocks):
        block = blocks[bi]
        if block.kind == "blockquote" and block.embed is None and bi not in by_block:
            end = bi
            while (
                end + 1 < len(blocks)
                and blocks[end + 1].kind == "blockquote"
                and blocks[end + 1].embed is None
            ):
                end += 1
            quote = _block_quote(doc, bi, end)
            if quote is not None:
                out.append(quote)
            bi = end + 1
            continue
        previous: Found | None = None
        for f in by_block.get(bi, []):
            quote = _inline_quote(doc, bi, f)
            if quote is not None:
                if previous is not None and _split(block.text, previous, f):
                    quote = replace(quote, continues=f"Q{len(out)}", speaker=out[-1].speaker or quote.speaker)
                out.append(quote)
            previous = f if quote is not None else None
        bi += 1
    return [_with_id(q, i) for i, q in enumerate(out)]


_SPLIT_GAP = lazy(rf"^\s*[^“”\"«»„]{{0,80}}?\b{VERBS}\b[^“”\"«»„.!?]{{0,60}}?,\s*$")


def _split(text: str, first: Found, second: Found) -> bool:
    """`“First half,” she said, “second half.”`: one quotation split by its attribution."""
    if first.end_block != first.block or not first.text.rstrip().endswith(","):
        return False
    return bool(_SPLIT_GAP.match(text[first.end : second.start]))


def _inline_quote(doc: _Doc, bi: int, f: Found) -> Quote | None:
    block = doc.blocks[bi]
    text = f.text.strip().rstrip(",").rstrip()  # the comma before `, she said` is the writer's
    if not is_quotation(text):
        return None
    eid = doc.embed_of_block.get(bi)
    sent = span_at(doc.sentences[bi], f.start)
    if eid is not None:
        speaker = doc.embed_author.get(eid)
        source = doc.embed_source.get(eid)
        tie = Tie.EMBED if source else Tie.NONE
    else:
        speaker = _speaker(doc, bi, f, sent)
        source, tie = _source_for(doc, bi, f, sent)
        post = _post_holding(doc, text) if speaker is None or source is None else None
        if post is not None:
            speaker = speaker or doc.embed_author.get(post)
            if source is None and doc.embed_source.get(post):
                source, tie = doc.embed_source[post], Tie.EMBED
        if source is not None:
            eid = next((e for e, s in doc.embed_source.items() if s == source), None)
    if speaker:
        doc.last_speaker[bi] = doc.last_speaker[f.end_block] = speaker  # a continued one speaks on there
        doc.entities().spoke(speaker, bi, f.start)
    return Quote(
        id="",
        text=text,
        line=block.line_at(f.start),
        speaker=speaker,
        source=source,
        context=_context(block.text, sent),
        embed=eid,
        partial=_partial(block.text, f, sent),
        open_mark=f.open_mark,
        close_mark=f.close_mark,
        tie=tie,
    )


def _post_holding(doc: _Doc, quoted: str) -> str | None:
    """The embedded post that holds the quotation's words (its author speaks them, when no one else is
    named in the article)."""
    want = " ".join(re.findall(r"\w+", quoted.lower()))
    if len(want) < 12:
        return None
    for bi, eid in doc.embed_of_block.items():
        if want in " ".join(re.findall(r"\w+", doc.blocks[bi].text.lower())):
            return eid
    return None


def _with_id(q: Quote, i: int) -> Quote:
    return replace(q, id=f"Q{i + 1}")


def _partial(text: str, f: Found, sent: tuple[int, int]) -> bool:
    before = text[max(sent[0], f.start - 120) : f.start].rstrip()
    if not before or before[-1] in ":—–-([“‘\"'«" or not before[-1].isalnum():
        return False
    if re.search(r"#\w+$", before):
        return False  # after a hashtag in a post: the post's own quotation
    quoted = f.text.lstrip()
    return not (quoted[:1].isupper() and _SAID_VERB.search(before))


def _full_name(doc: _Doc, raw: str) -> str | None:
    """The name as the article first gives it in full ("Voss" → "Ana Voss"); None when, its stray words
    dropped ("Accordingly Turkey"), what is left names no one."""
    name = doc.entities().tidy(raw)
    if name is None:
        return None
    entity = doc.entities().lookup(name)
    if entity is not None:
        return entity.name
    if " " in name:
        if name not in doc.full_names:
            doc.full_names.append(name)
        return name
    for full in reversed(doc.full_names):
        if full.split()[-1] == name:
            return full
    return name


def _speaker(doc: _Doc, bi: int, f: Found, sent: tuple[int, int]) -> str | None:
    text = untitled(doc.blocks[bi].text, sent[0], f.start)
    closing = doc.blocks[f.end_block].text
    # A cue sits near its quotation; the windows also keep run-on "sentences" (scrapes, JSON) cheap.
    after = text[f.end : min(sent[1], f.end + _WINDOW)] if f.end_block == bi else closing[f.end : f.end + 200]
    name, pronoun = speaker_after(after)
    if name is None:
        name, pronoun = speaker_before(text[max(sent[0], f.start - _WINDOW) : f.start])
    if name is None:
        name, pronoun = speaker_anywhere(after)
    if name is None:
        name, pronoun = speaker_in_tail(after), False
    if name is None:
        name, pronoun = _described(doc, bi, f, after, text[max(sent[0], f.start - _WINDOW) : f.start])
    if name is None and f.start - sent[0] < _WINDOW:
        name, pronoun = sentence_subject(text[sent[0] : f.start])
    org_fallback = None
    if name and not pronoun and is_org(name):
        org_fallback, name = name, None  # an outlet speaks only when no person does
    unresolved = None  # the he/she the article wrote when no one it names fits it
    if name and pronoun:
        words = [m.start() for m in re.finditer(rf"\b{re.escape(name)}\b", text[sent[0] : f.start])]
        word, name = name, doc.entities().pronoun(name, bi, sent[0] + words[-1] if words else f.start)
        unresolved = word if name is None else None  # offsets by word: not the "he" of "the"
    elif name and not doc.entities().plausible(name):
        name = None
    if name is None:
        name = _carried(doc, bi, f, sent, text)
        if name and unresolved and not doc.entities().fits(name, unresolved):
            name = None  # "“…,” he said" is not the woman who spoke before
    name = name or org_fallback
    return _full_name(doc, name) if name else None


def _carried(doc: _Doc, bi: int, f: Found, sent: tuple[int, int], text: str) -> str | None:
    """A speaker carried over from before, when the quotation's own sentence names none."""
    if bi in doc.last_speaker:
        return doc.last_speaker[bi]  # a further quotation in the same paragraph, no new speaker named
    # a quotation opening its sentence, or inside one that names no one before it ("This makes it hard, he
    # said. Good information wins only when “the truth is sexier than the lie.”")
    lead = text[sent[0] : f.start]
    name = (
        _previous_sentence_speaker(doc, bi, sent)
        if not lead.strip() or not _CAPITALISED.search(lead, 1)
        else None
    )
    if name is None and bi - 1 in doc.last_speaker and _only_quote(text, f):
        name = doc.last_speaker[bi - 1]  # a paragraph that is nothing but the quotation continues the speaker
    if name is None and not text[: f.start].strip():
        name = _introduced(doc, bi)
    return name


def _introduced(doc: _Doc, bi: int) -> str | None:
    """`17-year-old Jared Potts echoed:` / `Howard continued his scathing remarks.` and then a paragraph
    opening with the quotation: the speaker the paragraph before names in its last sentence, with a cue
    and no quotation of its own."""
    if bi == 0 or doc.blocks[bi - 1].kind == "heading" or not doc.sentences[bi - 1]:
        return None
    start, end = doc.sentences[bi - 1][-1]
    last = untitled(doc.blocks[bi - 1].text, start, end)[start:end].strip()
    if not last or any(mark in last for mark in '“”"«»„'):
        return None
    name, pronoun = speaker_before(last.rstrip(" :.;"))
    if name is None and last.endswith(":"):
        name, pronoun = sentence_subject(last)
    if name and pronoun:
        return doc.entities().pronoun(name, bi - 1, start)
    return name if name and doc.entities().plausible(name) else None


def _previous_sentence_speaker(doc: _Doc, bi: int, sent: tuple[int, int]) -> str | None:
    """`…, Schiff said. “The other factor …”`: a quotation opening a sentence, with no cue of its own,
    continues the speaker the sentence before it in the paragraph names with a cue."""
    spans = doc.sentences[bi]
    i = spans.index(sent) if sent in spans else -1
    if i <= 0:
        return None
    text = untitled(doc.blocks[bi].text, *spans[i - 1])
    prev = text[spans[i - 1][0] : spans[i - 1][1]]
    if "“" in prev or '"' in prev:
        return None  # the sentence before holds its own quotation: its speaker is already known
    name, pronoun = speaker_before(prev.rstrip(" .;"))
    if name and pronoun:
        return doc.entities().pronoun(name, bi, spans[i - 1][0])
    return name if name and doc.entities().plausible(name) else None


def _described(doc: _Doc, bi: int, f: Found, after: str, before: str) -> tuple[str | None, bool]:
    """A speaker described rather than named: "the minister" (the entity the article described so), or
    someone unnamed ("a Meta spokesperson", reported as written); None when the description fits no one."""
    phrase = description_after(after) or description_before(before)
    if phrase is None:
        return None, False
    if not is_definite(phrase):
        return phrase, False
    return doc.entities().described(phrase, bi, f.start), False


def _only_quote(text: str, f: Found) -> bool:
    return not text[: f.start].strip() and len(text[f.end :].strip(" .,;")) < 3


def _source_for(doc: _Doc, bi: int, f: Found, sent: tuple[int, int]) -> tuple[str | None, Tie]:
    """A link in the quotation, else the nearest in its sentence, else in its paragraph; else the embed
    that follows; else an attribution in the sentence, else in the paragraph; with the tie's strength."""
    starts, sids = _links_of(doc, bi)
    at = bisect_left(starts, f.start)
    if at < len(starts) and starts[at] < f.end:
        return sids[at], Tie.IN_QUOTE
    in_sentence = _nearest(starts, f.start, sent[0], sent[1])
    if in_sentence is not None:
        return sids[in_sentence], Tie.SENTENCE
    in_block = _nearest(starts, f.start, -1, len(doc.blocks[bi].text) + 1)
    if in_block is not None:
        return sids[in_block], Tie.PARAGRAPH
    if bi + 1 in doc.embed_of_block:
        sid = doc.embed_source.get(doc.embed_of_block[bi + 1])
        return sid, Tie.EMBED if sid else Tie.NONE
    attrs = doc.attr_at.get(bi, [])
    for pos, sid in attrs:
        if sent[0] <= pos < sent[1] and sid:
            return sid, Tie.ATTRIBUTION
    sid = next((sid for _, sid in attrs if sid), None)
    return sid, Tie.ATTRIBUTION if sid else Tie.NONE


def _links_of(doc: _Doc, bi: int) -> tuple[list[int], list[str]]:
    index = doc.link_index.get(bi)
    if index is None:
        links = doc.blocks[bi].links
        found = sorted(
            (link.start, li, sid) for li, link in enumerate(links) if (sid := doc.link_ids.get((bi, li)))
        )
        index = doc.link_index[bi] = ([start for start, _, _ in found], [sid for _, _, sid in found])
    return index


def _nearest(starts: list[int], x: int, lo: int, hi: int) -> int | None:
    """The index of the start in [lo, hi) nearest to x (the earlier of two as near), else None."""
    first, end = bisect_left(starts, lo), bisect_left(starts, hi)
    if first >= end:
        return None
    at = bisect_left(starts, x, first, end)
    best = at if at < end else None
    if at > first:
        left = bisect_left(starts, starts[at - 1], first, end)
        if best is None or abs(x - starts[left]) <= abs(starts[best] - x):
            best = left
    return best


def _block_quote(doc: _Doc, first: int, last: int) -> Quote | None:
    blocks = doc.blocks
    texts = [blocks[i].text for i in range(first, last + 1)]
    speaker = None
    tail = re.match(r"^\s*(?:—|–|--|-)\s*(.{2,80})$", texts[-1])
    if tail and len(texts) > 1:
        speaker = tail.group(1).split(",")[0].strip()
        texts = texts[:-1]
    text = "\n".join(texts).strip()
    signed = re.search(r"\s(?:—|–|--)\s*([^—–\n]{2,80})$", text)
    if speaker is None and signed:
        speaker = signed.group(1).split(",")[0].strip()
        text = text[: signed.start()].strip()
    if not is_quotation(text):
        return None
    if speaker is None and first > 0 and blocks[first - 1].embed is None:
        prev = blocks[first - 1].text
        if prev.rstrip().endswith(":") or _SAID_VERB.search(prev.rstrip(" :.,")):
            name, pronoun = speaker_before(prev)
            speaker = doc.entities().pronoun(name, first - 1, len(prev)) if pronoun and name else name
    source, tie = None, Tie.NONE
    for bi in [*range(first, last + 1), first - 1]:
        for li in range(len(blocks[bi].links) if bi >= 0 else 0):
            if source is None and doc.link_ids.get((bi, li)):
                source = doc.link_ids[(bi, li)]
                tie = Tie.IN_QUOTE if bi >= first else Tie.SENTENCE  # the line introducing it
    if source is None and last + 1 in doc.embed_of_block:
        source = doc.embed_source.get(doc.embed_of_block[last + 1])
        tie = Tie.EMBED if source else Tie.NONE
    return Quote(
        id="",
        text=text,
        line=blocks[first].line,
        speaker=_full_name(doc, speaker) if speaker else None,
        source=source,
        context=None,
        block=True,
        open_mark="",
        close_mark="",
        tie=tie,
    )
