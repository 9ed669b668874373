"""Each page is parsed once (issue 15.2): one lxml parse per document a check reads — the article, each
live source, each archived copy — whatever the number of quotations, figures and body look-ups."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import verify.documents.html as documents_html
from verify.cli import cli

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample"


def test_a_check_parses_each_document_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parses: Counter[str] = Counter()
    original = documents_html.lxml_html.document_fromstring

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        parses[hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()] += 1
        return original(text, *args, **kwargs)

    monkeypatch.setattr(documents_html.lxml_html, "document_fromstring", counting)
    args = ["check", str(SAMPLE / "article.html"), "--replay", str(SAMPLE / "world.warc.gz"), "-qf", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    # A live page and its archived copy may hold the same bytes: two documents, never more parses.
    assert max(parses.values()) <= 2, parses
    live = sum(1 for s in report["sources"] if (s["fetch"] or {}).get("content_type") == "text/html")
    archived = sum(1 for s in report["sources"] if (s["archive"] or {}).get("as_cited"))
    assert sum(parses.values()) <= 1 + live + archived  # the article, the live pages, the archived copies
    assert len(report["quotes"]) + len(report["claims"]) > sum(parses.values())  # not one per look-up
