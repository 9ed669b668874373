"""Extraction: what an article cites and quotes (sources, embedded posts, attributions, quotations).

`extract(article)` is pure and never raises: any text, however broken, gives a (possibly empty) Extraction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from verify.models import ArticleMeta, Extraction, InputFormat

if TYPE_CHECKING:
    from verify.documents import Document

__all__ = ["extract"]


def extract(article: Document) -> Extraction:
    """Everything the article cites: sources, embeds, attributions and quotations, with their lines."""
    from verify.extract.core import assemble  # noqa: PLC0415 - keeps `import verify.extract` light

    if article.format is InputFormat.HTML:
        from verify.extract.html import read_html  # noqa: PLC0415 - lxml and the HTML scoping, for HTML only

        page = read_html(article)
        title, published, url, language, blocks = (
            page.title,
            page.published,
            page.url,
            page.language,
            page.blocks,
        )
    else:
        from verify.extract.text import read_markdown, read_text  # noqa: PLC0415

        doc = (
            read_markdown(article.text) if article.format is InputFormat.MARKDOWN else read_text(article.text)
        )
        title, published, language, blocks = doc.title, doc.published, doc.language, doc.blocks
        url = doc.url or article.url
    if language is None:
        from verify.documents.language import guess_language  # noqa: PLC0415

        language = guess_language(" ".join(b.text for b in blocks[:200]))
    meta = ArticleMeta(
        input=article.input,
        format=article.format,
        url=url,
        title=title,
        published=published,
        language=language,
    )
    return assemble(meta, blocks)
