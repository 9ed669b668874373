"""Paragraphs of a plain-text scrape: one a line under a title set off by a blank line, and hard-wrapped
lines joined into the paragraph they wrap."""

from __future__ import annotations

from verify.extract.text import read_text

_LONG = "The harbour board met again on Tuesday to discuss the ferry timetable, the budget and the dredging."


def test_one_paragraph_a_line_under_a_title() -> None:
    article = read_text(f"Ferry Timetable Cut\n\n{_LONG} One.\n{_LONG} Two.\n“We sail at dawn,” Voss said.\n")
    want = ["Ferry Timetable Cut", f"{_LONG} One.", f"{_LONG} Two.", "“We sail at dawn,” Voss said."]
    assert [b.text for b in article.blocks] == want


def test_hard_wrapped_lines_are_one_paragraph() -> None:
    article = read_text("The harbour board met again\non Tuesday to discuss the ferry.\n\nVoss said no.\n")
    assert [b.text for b in article.blocks] == [
        "The harbour board met again on Tuesday to discuss the ferry.",
        "Voss said no.",
    ]
