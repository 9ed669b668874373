"""The sample's figures through `verify check` (replayed from its WARC): verdicts, levels, every format."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "sample" / "article.html"
WARC = ROOT / "fixtures" / "sample" / "world.warc.gz"


def check(fmt: str) -> str:
    args = ["check", str(SAMPLE), "--replay", str(WARC), "--quiet", "--format", fmt]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    return result.stdout


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return dict(json.loads(check("json")))


def by_figure(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["value"]["text"]: c for c in report["claims"]}


def test_sample_figures_get_every_verdict(report: dict[str, Any]) -> None:
    claims = by_figure(report)
    rounded = claims["about 2.3 million tonnes"]
    assert rounded["verdict"] == "confirmed" and rounded["match"]["value"]["text"] == "2,284,000 tonnes"
    assert claims["three in four"]["match"]["value"]["text"] == "74 per cent"
    assert claims["12 per cent"]["verdict"] == "differs" and "7 per cent" in claims["12 per cent"]["note"]
    assert claims["1,370"]["verdict"] == "differs" and claims["1,370"]["tie"] == "paragraph"
    assert claims["60 per cent"]["verdict"] == "not-found"
    assert claims["300 hectares"]["verdict"] == "unverifiable"  # its source is broken and was never archived
    assert report["summary"]["claims"] == {"confirmed": 2, "differs": 2, "not-found": 1, "unverifiable": 2}
    for c in report["claims"]:
        if c["verdict"] in ("confirmed", "differs", "not-found"):
            assert c["checked_against"] == "both"  # the live page and the archived copy as cited


def test_json_with_claims_validates_against_schema(report: dict[str, Any]) -> None:
    schema = json.loads(resources.files("verify").joinpath("schema/report.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema, cls=jsonschema.Draft202012Validator)
    bad = json.loads(json.dumps(report))
    bad["claims"][0]["verdict"] = "true"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


def test_a_sentence_tie_fails_a_paragraph_tie_warns(report: dict[str, Any]) -> None:
    ids = {c["value"]["text"]: c["id"] for c in report["claims"]}
    github = check("github").splitlines()

    def level(figure: str) -> str:
        return next(line.split(" ", 1)[0] for line in github if f"title={ids[figure]} claim" in line)

    assert level("12 per cent") == "::error" and level("60 per cent") == "::error"
    assert level("1,370") == "::warning"  # a link elsewhere in the paragraph may be another's


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "html", "junit"])
def test_every_format_shows_the_figures(report: dict[str, Any], fmt: str) -> None:
    out = check(fmt)
    for c in report["claims"]:
        # GitHub annotates findings and warnings only (a figure with no source at all is a notice)
        assert c["id"] in out or (fmt == "github" and (c["verdict"] == "confirmed" or c["tie"] == "none"))
    assert "7 per cent" in out  # the source's figure beside the article's
