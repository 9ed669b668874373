"""Every fixture article gives its golden extraction (VERIFY_UPDATE_GOLDENS=1 rewrites them)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from verify.extract import extract
from verify.read import load
from verify.report.extraction import extraction_to_dict

ROOT = Path(__file__).resolve().parents[2]
NOT_ARTICLES = ("empty.txt", "binary.txt", "README.md")  # refused inputs, and the fixtures' own notes
CASES = [
    ROOT / "fixtures/sample/article.html",
    ROOT / "fixtures/sample/article.md",
    ROOT / "fixtures/sample/article.txt",
    *sorted(
        p
        for p in (ROOT / "fixtures/articles").iterdir()
        if p.is_file() and p.suffix in (".html", ".md", ".txt") and p.name not in NOT_ARTICLES
    ),
]


def _golden(path: Path) -> Path:
    return path.parent / "expected" / (path.name + ".json")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_golden(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(path.parent)
    got = extraction_to_dict(extract(load(path.name)))
    golden = _golden(path)
    if os.environ.get("VERIFY_UPDATE_GOLDENS"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
