"""Reading text out of the HTML fragments platforms answer with (oEmbed html, status content, embed pages)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_EN_DATE = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})\b")


def soup(markup: str | bytes) -> BeautifulSoup:
    from bs4 import BeautifulSoup  # noqa: PLC0415  (bs4 and lxml load only when a post is read)

    return BeautifulSoup(markup, "lxml")


def node_text(node: Tag) -> str:
    """Visible text of an element: <br> as a newline, paragraphs as blank lines, whitespace tidied."""
    for br in node.find_all("br"):
        br.replace_with("\n")
    paragraphs = node.find_all("p")
    whole = not paragraphs or node.name == "p"
    parts = [node.get_text("")] if whole else [p.get_text("") for p in paragraphs]
    lines = ["\n".join(" ".join(line.split()) for line in part.split("\n")) for part in parts]
    return "\n\n".join(line.strip() for line in lines if line.strip())


def english_date(text: str) -> str | None:
    """ "April 20, 2018" (the date oEmbed's html prints) as ISO 8601, else None."""
    m = _EN_DATE.search(text)
    if not m:
        return None
    month = _MONTHS.get(m.group(1).lower()) or next(
        (n for name, n in _MONTHS.items() if name.startswith(m.group(1).lower()) and len(m.group(1)) >= 3),
        None,
    )
    if month is None:
        return None
    return f"{int(m.group(3)):04d}-{month:02d}-{int(m.group(2)):02d}"
