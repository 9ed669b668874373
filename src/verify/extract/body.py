"""The article body of a fetched source page, for the matcher: what the page says, not its comments."""

from __future__ import annotations

from verify.documents.document import Document

MIN_BODY = 200  # characters: a shorter "body" is the scoring's miss, not the page's content


def main_content(page: Document, text: str) -> str | None:
    """The article body of an HTML page, by the extract stage's scoping (comments, sidebars, related
    stories and navigation left out), when it is a real part of the page's visible `text`; else None.

    A quotation attributed to a page must be in what the page says, not in what its readers or its
    teasers say: the matcher looks here first.
    """
    from verify.extract.html import read_html  # noqa: PLC0415 - asked only when a quotation is matched

    try:
        blocks = read_html(page).blocks
    except Exception:  # a scoping bug must not cost the page: it is then read whole
        return None
    body = "\n\n".join(b.text for b in blocks if b.text.strip())
    if len(body) < MIN_BODY or len(body) >= len(text):
        return None
    return body
