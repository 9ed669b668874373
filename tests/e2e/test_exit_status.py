"""Exit statuses of `verify check` driven through the CLI: 2 for bad input, 3 for an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli


def test_missing_article_exits_2_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.md"), "--archive", "never"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("Error:")


def test_bad_option_value_exits_2(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("x\n")
    result = CliRunner().invoke(cli, ["check", str(article), "--archive", "sometimes"])
    assert result.exit_code == 2


def test_internal_error_exits_3_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The only way to reach exit 3 is a bug; a stage raising stands in for one (our own code, on purpose).
    import verify.pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug \x1b[31m")

    monkeypatch.setattr(verify.pipeline, "run_check", broken)
    article = tmp_path / "a.md"
    article.write_text("x\n")
    result = CliRunner().invoke(cli, ["check", str(article), "--archive", "never", "--no-cache"])
    assert result.exit_code == 3
    assert "Internal error: RuntimeError: simulated bug" in result.output
    assert "\x1b" not in result.output
    assert "Traceback" not in result.output
