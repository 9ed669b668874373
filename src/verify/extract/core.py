"""Assembling an Extraction from an article's blocks: sources, embeds, attributions and quotations, tied
together (each quotation to its speaker and source)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verify.extract.attributions import find_attributions
from verify.extract.blocks import Block, RawEmbed
from verify.extract.embeds import flattened_embed
from verify.extract.quotes import Found, find_quotes, is_quotation
from verify.extract.sentences import sentence_spans, span_at
from verify.extract.speakers import VERBS, is_org, named_mentions, speaker_after, speaker_before
from verify.extract.urls import normalize_url
from verify.models import (
    ArticleMeta,
    Attribution,
    Embed,
    Extraction,
    Quote,
    Source,
    SourceKind,
)

_BARE_URL = re.compile(
    r"\bhttps?://[^\s<>\"“”‘’«»\[\]{}|\\^`]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+[^\s<>\"“”‘’«»\[\]{}|\\^`]*",
    re.I,
)
_TRAILING = ".,;:!?)'’]*"
_SAID_VERB = re.compile(rf"\b{VERBS}$")
_CONTEXT_LIMIT = 400


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
        self, kind: SourceKind, key: str, url: str | None, line: int, text: str | None, context: str | None
    ) -> str | None:
        if url is not None and self.own is not None and url == self.own:
            return None
        i = self.index.get(key)
        if i is None:
            i = len(self.drafts)
            self.index[key] = i
            self.drafts.append(_SourceDraft(kind, url, line, text, context, [line]))
        else:
            draft = self.drafts[i]
            if line not in draft.lines:
                draft.lines.append(line)
            if not draft.text and text:
                draft.text = text
        return f"S{i + 1}"

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
            )  # fmt: skip
            for i, d in enumerate(self.drafts)
        )


def _context(text: str, span: tuple[int, int]) -> str:
    out = text[span[0] : span[1]].strip()
    return out if len(out) <= _CONTEXT_LIMIT else out[: _CONTEXT_LIMIT - 1].rstrip() + "…"


def assemble(meta: ArticleMeta, blocks: list[Block]) -> Extraction:
    """The Extraction for blocks read from any format."""
    _mark_flattened(blocks)
    sources = _Sources(meta.url)
    embeds: list[Embed] = []
    embed_of_block: dict[int, str] = {}
    embed_source: dict[str, str | None] = {}
    embed_author: dict[str, str | None] = {}
    link_ids: dict[tuple[int, int], str | None] = {}  # (block, link index) -> source id

    found = find_quotes([b.text for b in blocks], ["embed" if b.embed else b.kind for b in blocks])
    spans_by_block: dict[int, list[tuple[int, int]]] = {}
    for f in found:
        spans_by_block.setdefault(f.block, []).append(
            (f.start, f.end if f.end_block == f.block else len(blocks[f.block].text))
        )
    sentences = [sentence_spans(b.text, spans_by_block.get(i, [])) for i, b in enumerate(blocks)]

    for bi, block in enumerate(blocks):
        if block.embed is not None:
            raw = block.embed
            eid = f"E{len(embeds) + 1}"
            sid = sources.add(
                SourceKind.EMBED, raw.url, raw.url, raw.line, raw.author_handle or raw.author_name, None
            )
            embeds.append(_embed(eid, raw, sid))
            embed_of_block[bi] = eid
            embed_source[eid] = sid
            embed_author[eid] = raw.author_name or raw.author_handle
            continue
        linked: list[tuple[int, int]] = []
        for li, link in enumerate(block.links):
            ctx = _context(block.text, span_at(sentences[bi], link.start))
            anchor = " ".join(block.text[link.start : link.end].split()) or None
            link_ids[(bi, li)] = sources.add(SourceKind.LINK, link.href, link.href, link.line, anchor, ctx)
            linked.append((link.start, link.end))
        for m in _BARE_URL.finditer(block.text):
            if any(s <= m.start() < e for s, e in linked):
                continue
            raw_url = m.group(0).rstrip(_TRAILING)
            if raw_url.lower().startswith("www."):
                raw_url = "https://" + raw_url
            url = normalize_url(raw_url)
            if url:
                ctx = _context(block.text, span_at(sentences[bi], m.start()))
                sources.add(SourceKind.URL, url, url, block.line_at(m.start()), None, ctx)

    attributions, attr_at = _attributions(blocks, sentences, sources, link_ids)
    quotes = _quotes(blocks, found, sentences, link_ids, embed_of_block, embed_source, embed_author, attr_at)
    return Extraction(
        article=meta,
        sources=sources.build(),
        embeds=tuple(embeds),
        attributions=tuple(attributions),
        quotes=tuple(quotes),
    )


def _mark_flattened(blocks: list[Block]) -> None:
    for block in blocks:
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


def _embed(eid: str, raw: RawEmbed, sid: str | None) -> Embed:
    return Embed(
        id=eid, platform=raw.platform, url=raw.url, line=raw.line, post_id=raw.post_id, source=sid,
        author_name=raw.author_name, author_handle=raw.author_handle, date=raw.date, date_text=raw.date_text,
        text=raw.text, form=raw.form, cid=raw.cid, lang=raw.lang,
    )  # fmt: skip


def _link_source(
    block: Block, bi: int, link_ids: dict[tuple[int, int], str | None], start: int, end: int
) -> str | None:
    for li, link in enumerate(block.links):
        if start <= link.start < end or link.start <= start < link.end:
            sid = link_ids.get((bi, li))
            if sid:
                return sid
    return None


def _attributions(
    blocks: list[Block],
    sentences: list[list[tuple[int, int]]],
    sources: _Sources,
    link_ids: dict[tuple[int, int], str | None],
) -> tuple[list[Attribution], dict[int, list[tuple[int, str | None]]]]:
    out: list[Attribution] = []
    at: dict[int, list[tuple[int, str | None]]] = {}
    for bi, block in enumerate(blocks):
        if block.embed is not None:
            continue
        for kind, name, start, end in find_attributions(block.text):
            line = block.line_at(start)
            ctx = _context(block.text, span_at(sentences[bi], start))
            sid = _link_source(block, bi, link_ids, start, end)
            if sid is None:
                sid = sources.add(SourceKind.ATTRIBUTION, "name:" + name.lower(), None, line, name, ctx)
            out.append(
                Attribution(id=f"A{len(out) + 1}", kind=kind, name=name, line=line, source=sid, context=ctx)
            )
            at.setdefault(bi, []).append((start, sid))
    return out, at


def _quotes(
    blocks: list[Block],
    found: list[Found],
    sentences: list[list[tuple[int, int]]],
    link_ids: dict[tuple[int, int], str | None],
    embed_of_block: dict[int, str],
    embed_source: dict[str, str | None],
    embed_author: dict[str, str | None],
    attr_at: dict[int, list[tuple[int, str | None]]],
) -> list[Quote]:
    out: list[Quote] = []
    full_names: list[str] = []
    last_speaker: dict[int, str] = {}  # block -> the last speaker named in it
    by_block: dict[int, list[Found]] = {}
    for f in found:
        by_block.setdefault(f.block, []).append(f)

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
            quote = _block_quote(
                blocks, bi, end, link_ids, embed_of_block, embed_source, last_speaker, full_names
            )
            if quote is not None:
                out.append(quote)
            bi = end + 1
            continue
        for f in by_block.get(bi, []):
            text = f.text.strip().rstrip(",").rstrip()
            if not is_quotation(text):
                continue
            eid = embed_of_block.get(bi)
            sent = span_at(sentences[bi], f.start)
            speaker: str | None
            if eid is not None:
                speaker = embed_author.get(eid)
                source = embed_source.get(eid)
            else:
                speaker = _speaker(block, f, sent, last_speaker, blocks, bi, full_names)
                source = _source_for(
                    block, bi, f, sent, link_ids, embed_of_block, embed_source, attr_at, blocks
                )
                if eid is None and source in embed_source.values():
                    eid = next((e for e, s in embed_source.items() if s == source), None)
            if speaker:
                last_speaker[bi] = speaker
            out.append(
                Quote(
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
                )  # fmt: skip
            )
        bi += 1
    return [_with_id(q, i) for i, q in enumerate(out)]


def _with_id(q: Quote, i: int) -> Quote:
    return Quote(
        id=f"Q{i + 1}", text=q.text, line=q.line, speaker=q.speaker, source=q.source, context=q.context,
        embed=q.embed, partial=q.partial, block=q.block, open_mark=q.open_mark, close_mark=q.close_mark,
    )  # fmt: skip


def _partial(text: str, f: Found, sent: tuple[int, int]) -> bool:
    before = text[sent[0] : f.start].rstrip()
    if not before or before[-1] in ":—–-([“‘\"'«":
        return False
    if not before[-1].isalnum():
        return False
    quoted = f.text.lstrip()
    return not (quoted[:1].isupper() and _SAID_VERB.search(before))


def _full_name(name: str, full_names: list[str]) -> str:
    if " " in name:
        if name not in full_names:
            full_names.append(name)
        return name
    for full in reversed(full_names):
        if full.split()[-1] == name:
            return full
    return name


def _speaker(
    block: Block,
    f: Found,
    sent: tuple[int, int],
    last_speaker: dict[int, str],
    blocks: list[Block],
    bi: int,
    full_names: list[str],
) -> str | None:
    text = block.text
    end = f.end if f.end_block == bi else len(text)
    after = text[end : sent[1]] if f.end_block == bi else blocks[f.end_block].text[f.end : f.end + 200]
    before = text[sent[0] : f.start]
    name, pronoun = speaker_after(after)
    if name is None:
        name, pronoun = speaker_before(before)
    org_fallback = None
    if name and not pronoun and is_org(name):
        org_fallback, name = name, None
    if name and pronoun:
        name = _resolve_pronoun(text[: f.start], bi, last_speaker)
    if name is None and bi in last_speaker:
        name = last_speaker[bi]  # a further quotation in the same paragraph, no new speaker named
    name = name or org_fallback
    return _full_name(name, full_names) if name else None


def _resolve_pronoun(before: str, bi: int, last_speaker: dict[int, str]) -> str | None:
    mentions = named_mentions(before)
    if mentions:
        return mentions[-1][1]
    if bi in last_speaker:
        return last_speaker[bi]
    for back in range(bi - 1, max(bi - 3, -1), -1):
        if back in last_speaker:
            return last_speaker[back]
    return None


def _source_for(
    block: Block,
    bi: int,
    f: Found,
    sent: tuple[int, int],
    link_ids: dict[tuple[int, int], str | None],
    embed_of_block: dict[int, str],
    embed_source: dict[str, str | None],
    attr_at: dict[int, list[tuple[int, str | None]]],
    blocks: list[Block],
) -> str | None:
    # a link in the quotation itself, then the nearest in its sentence, then in its paragraph
    best: tuple[int, str] | None = None
    for li, link in enumerate(block.links):
        sid = link_ids.get((bi, li))
        if not sid:
            continue
        if f.start <= link.start < f.end:
            return sid
        if sent[0] <= link.start < sent[1]:
            dist = abs(link.start - f.start)
            if best is None or dist < best[0]:
                best = (dist, sid)
    if best:
        return best[1]
    for li, link in enumerate(block.links):
        sid = link_ids.get((bi, li))
        if sid:
            dist = abs(link.start - f.start)
            if best is None or dist < best[0]:
                best = (dist, sid)
    if best:
        return best[1]
    nxt = bi + 1
    if nxt < len(blocks) and nxt in embed_of_block:
        return embed_source.get(embed_of_block[nxt])
    attrs = attr_at.get(bi, [])
    in_sentence = [sid for pos, sid in attrs if sent[0] <= pos < sent[1] and sid]
    if in_sentence:
        return in_sentence[0]
    in_block = [sid for _, sid in attrs if sid]
    return in_block[0] if in_block else None


def _block_quote(
    blocks: list[Block],
    first: int,
    last: int,
    link_ids: dict[tuple[int, int], str | None],
    embed_of_block: dict[int, str],
    embed_source: dict[str, str | None],
    last_speaker: dict[int, str],
    full_names: list[str],
) -> Quote | None:
    texts = [blocks[i].text for i in range(first, last + 1)]
    speaker = None
    tail = re.match(r"^\s*(?:—|–|--|-)\s*(.{2,80})$", texts[-1]) if texts else None
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
            speaker = _resolve_pronoun(prev, first - 1, last_speaker) if pronoun else name
    source = None
    for bi in range(first, last + 1):
        for li, _ in enumerate(blocks[bi].links):
            source = source or link_ids.get((bi, li))
    if source is None and first > 0:
        prev_block = blocks[first - 1]
        for li, _ in enumerate(prev_block.links):
            source = link_ids.get((first - 1, li)) or source
    if source is None and last + 1 < len(blocks) and (last + 1) in embed_of_block:
        source = embed_source.get(embed_of_block[last + 1])
    return Quote(
        id="", text=text, line=blocks[first].line, speaker=_full_name(speaker, full_names) if speaker else None,
        source=source, context=None, block=True, open_mark="", close_mark="",
    )  # fmt: skip
