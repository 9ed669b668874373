"""A body written as <div><span>…</span></div> lines (web-fiction and CMS exports, no <p> at all) is the
body, not the short <p> box beside it (a real class: a chapter page whose author's note won)."""

from __future__ import annotations

from verify.extract import extract
from verify.models import InputFormat
from verify.read import ArticleText

_LINE = (
    '<div style="direction: ltr"><span style="font-family: arial">“Were you expecting the ferry to be this '
    "late again, {n}?” Mira asked as the two of them walked down the long quay toward the harbour office, "
    "past the empty ticket booth and the closed café.</span></div>"
)


def test_span_lines_in_divs_make_the_body_and_their_quotations_are_found() -> None:
    story = "".join(_LINE.format(n=n) for n in range(12))
    note = "".join(
        f"<p>Note {n}: thanks for reading, see you next week at the usual time.</p>" for n in range(4)
    )
    page = (
        "<html><body><div class='chapter'><div class='chapter-inner chapter-content'>"
        f"{story}</div><div class='portlet author-note'>{note}</div></div></body></html>"
    )
    got = extract(ArticleText(input="chapter.html", format=InputFormat.HTML, text=page))
    assert len(got.quotes) == 12
    assert all(q.speaker == "Mira" for q in got.quotes)
