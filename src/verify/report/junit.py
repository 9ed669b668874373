"""The report as JUnit XML (GitLab, Jenkins, Azure): a test suite per article, a test case per item.

Every quotation, figure, embedded post and source is one test case; what `--fail-on` names is a
`<failure>` carrying the note, what could not be checked is `<skipped>`, warnings pass with the warning
in `<system-out>`. Only the elements and attributes the schema GitLab and Jenkins read are used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from verify.models import Report
from verify.report.base import PLAIN, Style
from verify.report.findings import Level, Row, failing, rows, summary_line
from verify.textsafe import clean

# XML 1.0 cannot carry most control characters at all, not even as references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNCHECKED = frozenset({"unverifiable", "skipped", "not-in-replay"})


def _text(value: str) -> str:
    return _NOT_XML.sub(" ", clean(value, keep_newlines=True))


def _attr(value: str) -> str:
    return quoteattr(_text(value))


def _message(row: Row) -> str:
    parts = [f"{row.verdict}"]
    if row.basis:
        parts.append(f"against {row.basis}")
    if row.note:
        parts.append(row.note)
    return ": ".join(parts[:1]) + (" — " + " — ".join(parts[1:]) if parts[1:] else "")


def _case(row: Row, suite: str, fails: set[str]) -> str:
    where = f" (line {row.line})" if row.line else ""
    name = f"{row.id}{where} {row.kind}: {row.what}"
    head = f'    <testcase name={_attr(name[:300])} classname={_attr(suite)} time="0"'
    detail = f"{row.what}\n{_message(row)}"
    if row.url:
        detail += f"\n{row.url}"
    if row.id in fails:
        message = _attr(_message(row)[:500])
        body = f"<failure type={_attr(row.verdict)} message={message}>{escape(_text(detail))}</failure>"
    elif row.verdict in _UNCHECKED:
        body = f"<skipped message={_attr(_message(row)[:500])}/>"
    elif row.level is Level.WARNING:
        body = f"<system-out>{escape(_text('warning: ' + detail))}</system-out>"
    else:
        return head + "/>"
    return f"{head}>{body}</testcase>"


def _suite(report: Report) -> tuple[str, int, int, int]:
    name = report.extraction.article.input
    all_rows = rows(report)
    failed = failing(report)
    fails = {r.id for r in failed}
    cases = [_case(r, name, fails) for r in all_rows]
    run = next((r for r in failed if r.kind == "run"), None)
    if run is not None:  # --fail-on unchecked: the run itself is the failing case
        cases.insert(0, _case(run, name, fails))
    n_fail = sum(1 for c in cases if "<failure " in c)
    n_skip = sum(1 for c in cases if "<skipped " in c)
    head = (
        f'  <testsuite name={_attr("verify: " + name)} tests="{len(cases)}" failures="{n_fail}" '
        f'errors="0" skipped="{n_skip}" time="0" timestamp={_attr(report.checked_at.rstrip("Z"))}>'
    )
    said = f"    <system-out>{escape(_text(summary_line(report)))}</system-out>"
    out = "\n".join([head, *cases, said, "  </testsuite>"])
    return out, len(cases), n_fail, n_skip


def render_many(reports: Sequence[Report], style: Style = PLAIN, /) -> str:
    suites = [_suite(r) for r in reports]
    tests = sum(s[1] for s in suites)
    fails = sum(s[2] for s in suites)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="verify" tests="{tests}" failures="{fails}" errors="0" time="0">',
        *(s[0] for s in suites),
        "</testsuites>",
    ]
    return "\n".join(lines) + "\n"


def render(report: Report, style: Style = PLAIN, /) -> str:
    return render_many([report], style)
