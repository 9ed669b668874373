"""README.md stays true: its `--help` blocks match the commands, and its two set-up commands stand."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_help() -> object:
    spec = importlib.util.spec_from_file_location("readme_help", ROOT / "scripts" / "readme_help.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_command_has_a_help_block_and_it_is_current() -> None:
    from verify.cli import COMMANDS

    names = set(re.findall(r"<!-- help: ([\w-]+) -->", README))
    assert names >= {"verify", *COMMANDS}
    rendered = _readme_help().render(README)  # type: ignore[attr-defined]
    assert rendered == README, "README.md's --help blocks are stale: run python scripts/readme_help.py"


def test_quick_start_commands_and_ci_agree() -> None:
    main = (
        "pip install -e . && verify check fixtures/sample/article.html --replay fixtures/sample/world.warc.gz"
    )
    tests = 'pip install -e ".[test]" && python -m pytest -q'
    assert main in README and tests in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci
    assert (ROOT / "fixtures" / "sample" / "article.html").exists()
    assert (ROOT / "fixtures" / "sample" / "world.warc.gz").exists()
