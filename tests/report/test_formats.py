"""Every output format renders a hand-built report with every verdict and status, and escapes what it must."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from importlib import resources

import jsonschema
import pytest

from verify.models import Report
from verify.report import OutputFormat, Style, exit_status, render
from verify.report.findings import Level, rows
from verify.report.github import escape_data, escape_property
from verify.report.htmlreport import safe_href, word_diff
from verify.report.table import render as render_table
from verify.textsafe import one_line

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def schema() -> dict[str, object]:
    text = resources.files("verify").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_renders(report: Report, fmt: OutputFormat) -> None:
    out = render(report, fmt)
    assert out.endswith("\n")
    assert "\x1b" not in out  # colour only when asked for, control characters never
    if fmt is not OutputFormat.ROBUSTLINKS:
        assert "Q3" in out or '"Q3"' in out


def test_json_validates_against_schema_and_counts(report: Report) -> None:
    data = json.loads(render(report, OutputFormat.JSON))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)
    assert data["schema"] == "verify.report/1"
    assert data["summary"]["quotes"]["not-found"] == 2
    assert data["summary"]["failed"] is True
    q3 = next(q for q in data["quotes"] if q["id"] == "Q3")
    assert q3["match"]["edits"] == [{"op": "replace", "quote": "200", "source": "120"}]
    assert q3["verdict"] == "altered" and q3["checked_against"] == "live"
    s1 = data["sources"][0]
    assert s1["archive"]["as_cited"]["timestamp"] == "20260516083000"


def test_schema_rejects_a_renamed_verdict(report: Report) -> None:
    data = json.loads(render(report, OutputFormat.JSON))
    data["quotes"][0]["verdict"] = "correct"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema(), cls=jsonschema.Draft202012Validator)


def test_table_colour_only_when_asked_and_fits_width(report: Report) -> None:
    plain = render_table(report, Style(colour=False, width=100))
    coloured = render_table(report, Style(colour=True, width=100))
    assert "\x1b[" not in plain
    assert "\x1b[31;1maltered\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain
    for width in (80, 100, 160):
        table = render_table(report, Style(width=width)).split("\n\n")[1]
        assert max(len(line) for line in table.splitlines()) <= width
    assert "findings at or above --fail-on" in plain.split("\n\n")[-1]


def test_table_strips_terminal_escapes_from_untrusted_text(report: Report) -> None:
    out = render_table(report, Style(colour=False, width=300))
    assert "\x1b" not in out
    assert "red" in out


def test_exit_status_follows_fail_on(make_report: Callable[..., Report]) -> None:
    assert exit_status(make_report()) == 1
    assert exit_status(make_report(fail_on=frozenset())) == 0
    assert exit_status(make_report(fail_on=frozenset({"timeout"}))) == 1
    assert exit_status(make_report(fail_on=frozenset({"exact"}))) == 1


def test_levels(report: Report) -> None:
    by_id = {r.id: r for r in rows(report)}
    assert by_id["Q1"].level is Level.GOOD
    assert by_id["Q2"].level is Level.NOTICE
    assert by_id["Q3"].level is Level.FAIL
    assert by_id["Q8"].level is Level.WARNING
    assert by_id["S3"].level is Level.FAIL  # broken is in the default --fail-on


def test_github_commands_escape_and_point_at_lines(report: Report) -> None:
    out = render(report, OutputFormat.GITHUB)
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ", "verify: ")) for line in lines)
    q3 = next(line for line in lines if "title=Q3" in line)
    assert q3.startswith("::error file=drafts/story.md,line=3,title=Q3 quote%3A altered::")
    hostile = next(line for line in lines if "title=Q9" in line)
    assert "line1 line2" in hostile or "line1%0Aline2" in hostile
    assert "delims%25" in hostile
    assert not any(line.startswith("::error::") for line in lines)
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_markdown_is_inert(report: Report) -> None:
    out = render(report, OutputFormat.MARKDOWN)
    assert out.startswith("### ❌ verify: Kessel port deal")
    assert "<script>" not in out and "<img" not in out
    assert "@\u200boctocat" in out
    assert "<details>" in out
    assert "javascript:" not in re.sub(r"\\\(|\\\)", "", out).split("](")[0] or "](javascript" not in out


def test_html_escapes_everything(report: Report, hostile: str) -> None:
    out = render(report, OutputFormat.HTML)
    assert hostile not in out
    assert "<script" not in out
    assert 'href="javascript' not in out
    assert "Content-Security-Policy" in out
    assert "<del>200</del>" in out and "<ins>120</ins>" in out
    assert not re.search(r"<(link|img|iframe|object|embed|script)\b", out, re.IGNORECASE)


def test_word_diff_marks_changed_words() -> None:
    left, right = word_diff("will cost 200 million", "will cost 120 million")
    assert left == "will cost <del>200</del> million"
    assert right == "will cost <ins>120</ins> million"
    left, right = word_diff("<b>", "x")
    assert "&lt;b&gt;" in left


def test_safe_href() -> None:
    assert safe_href("https://a.example/?q=1&b=2") == "https://a.example/?q=1&amp;b=2"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href('https://a.example/"onmouseover=') == "https://a.example/&quot;onmouseover="
    assert safe_href("data:text/html,x") is None


def test_findings_are_spelled_out_in_full_under_the_table(report: Report) -> None:
    # At 80 columns the note column is cut; every finding's note follows the table, wrapped to width.
    out = render_table(report, Style(colour=False, width=80))
    details = out.split("\n\n")[2]
    assert max(len(line) for line in details.splitlines()) <= 80
    failing = [r for r in rows(report) if r.level >= Level.WARNING and r.note]
    assert failing
    for row in failing:
        against = f" against {row.basis}" if row.basis else ""
        assert f"{row.id} (line {row.line}) {row.verdict}{against}:" in details
        assert one_line(row.note).split()[-1] in " ".join(details.split())


def _with_hostile_capture(report: Report) -> Report:
    """S1's capture URL as a hostile CDX row could make it: a cell break, a line break, a link end."""
    bad = "https://web.archive.org/web/20260516083000/https://x.example/a|b)c\n| injected | row |<b>"
    sc = report.sources[0]
    assert sc.archive is not None and sc.archive.as_cited is not None
    capture = replace(sc.archive.as_cited, url=bad)
    archive = replace(sc.archive, as_cited=capture, latest=capture)
    return replace(report, sources=(replace(sc, archive=archive), *report.sources[1:]))


def test_markdown_links_cannot_break_the_table(report: Report) -> None:
    out = render(_with_hostile_capture(report), OutputFormat.MARKDOWN)
    assert "injected" in out  # the URL is there, made inert
    table_rows = [line for line in out.splitlines() if line.startswith("|")]
    # Two tables: the narrow findings table (7 bars a row) and every row folded (11 bars a row).
    widths = {line.replace("\\|", "").count("|") for line in table_rows}
    assert widths == {7, 11}, widths
    assert not any(line.startswith("| injected") for line in out.splitlines())
    assert "%7C%20injected%20%7C" in out and "<b>" not in out


def test_html_hrefs_refuse_control_characters(report: Report) -> None:
    out = render(_with_hostile_capture(report), OutputFormat.HTML)
    assert "<b>" not in out
    assert not re.search(r'href="[^"]*[\x00-\x1f]', out)
    assert safe_href("https://a.example/\n") is None
    assert safe_href("https://a.example/a\x01b") is None


def test_github_file_property_carries_no_terminal_escapes(report: Report) -> None:
    article = replace(report.extraction.article, input="./drafts/\x1b[2Jstory\r\n.md")
    out = render(replace(report, extraction=replace(report.extraction, article=article)), OutputFormat.GITHUB)
    assert "\x1b" not in out and "\r" not in out
    assert "file=drafts/story .md," in out


def test_a_cached_result_says_how_old_it_is(report: Report) -> None:
    sc = report.sources[0]
    assert sc.fetch is not None
    cached = replace(sc.fetch, from_cache=True, cached_at="2026-11-23T16:00:00Z")  # 3 h before checked_at
    aged = replace(report, sources=(replace(sc, fetch=cached), *report.sources[1:]))
    table = render_table(aged, Style(colour=False, width=200))
    assert "ok (cached 3 h ago)" in table
    by_id = {r.id: r for r in rows(aged)}
    assert by_id["Q3"].basis == "S1 live, cached 3 h ago"  # the finding's line says what it rests on
    assert "Q3 (line 3) altered against S1 live, cached 3 h ago:" in table
    for fmt in (OutputFormat.MARKDOWN, OutputFormat.HTML, OutputFormat.GITHUB):
        assert "cached 3 h ago" in render(aged, fmt), fmt
    fetched = json.loads(render(aged, OutputFormat.JSON))["sources"][0]["fetch"]
    assert fetched["from_cache"] and fetched["cached_at"] == "2026-11-23T16:00:00Z"
