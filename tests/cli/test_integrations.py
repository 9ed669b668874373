"""The integrations the repository ships: the pre-commit hook (.pre-commit-hooks.yaml) and the composite
GitHub Action (action.yml), each run here as pre-commit and GitHub would run it, over the loopback world."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from emulators.world import SAMPLE_WORLD, World
from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
FINE = "https://port-of-kessel.example/news/berths-ready"
COST = "https://www.civic-union.example/statements/port-deal-cost"


def _hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    return dict(hook)


def _action() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8")))


@pytest.fixture()
def world() -> Iterator[World]:
    with World.from_dir(SAMPLE_WORLD) as w:
        yield w


def _drafts(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    fine = folder / "berths ready.md"  # a space in the name: passed as one argument everywhere
    fine.write_text(f"“The berths are ready,” the harbour master said on the [port’s site]({FINE}).\n",
                    encoding="utf-8")  # fmt: skip
    altered = folder / "cost.md"
    altered.write_text("“This deal will cost taxpayers 200 million crowns over ten years,” Brell said in "
                       f"a [statement]({COST}).\n", encoding="utf-8")  # fmt: skip
    return fine, altered


# --------------------------------------------------------------------------- pre-commit


def test_hook_is_for_a_terminal_and_runs_in_one_process() -> None:
    hook = _hook()
    assert hook["id"] == "verify-check" and hook["language"] == "python"
    entry = shlex.split(hook["entry"])
    assert entry[:2] == ["verify", "check"]
    assert entry[entry.index("--format") + 1] == "table"  # not github: no ::warning lines on a terminal
    assert "--archive" in entry and entry[entry.index("--archive") + 1] == "never"  # saving is CI's
    assert hook["require_serial"] is True  # one process, so --per-host holds across the drafts
    assert hook["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "caught"),
    [
        ("drafts/kessel-port.md", True),
        ("drafts/2026/05/kessel-port.markdown", True),
        ("articles/ferry.html", True),
        ("site/content/ferry.htm", True),
        ("posts/notes.txt", True),
        ("README.md", False),
        ("requirements.txt", False),
        ("requirements-dev.txt", False),
        ("docs/README.md", False),
        ("drafts/README.md", False),
        ("CHANGELOG.md", False),
        ("notes.md", False),  # not in a drafts folder: users widen the pattern to their layout
        ("drafts/figure.png", False),
        ("src/drafts.py", False),
    ],
)
def test_hook_files_pattern_catches_drafts_only(path: str, caught: bool) -> None:
    hook = _hook()
    # pre-commit's rule: `files` is searched (re.search), then `exclude` removes what it matches.
    selected = re.search(hook["files"], path) is not None and re.search(hook["exclude"], path) is None
    assert selected is caught


def test_hook_entry_prints_the_table_for_several_drafts(world: World, tmp_path: Path) -> None:
    fine, altered = _drafts(tmp_path / "drafts")
    entry = shlex.split(_hook()["entry"])[1:]
    result = CliRunner().invoke(cli, [*entry, *world.cli_args(), "--no-cache", str(fine), str(altered)],
                                env={"GITHUB_ACTIONS": None, "NO_COLOR": None})  # fmt: skip
    assert result.exit_code == 1, result.output  # the altered quotation blocks the commit
    out = result.stdout
    assert "altered" in out and "exact" in out
    assert "::" not in out and "%25" not in out and "\x1b[" not in out  # no annotations, no escapes
    assert world.wayback.hits == []  # --archive never: a commit sends nothing to the Wayback Machine


# --------------------------------------------------------------------------- GitHub Action


def test_action_is_composite_with_the_documented_inputs() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"files", "fail-on", "archive", "args"}
    assert action["inputs"]["archive"]["default"] == "missing"
    for step in action["runs"]["steps"]:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], "inputs reach the script through env only (no injection)"
    install = action["runs"]["steps"][0]["run"]
    assert "pip install" in install and '"$GITHUB_ACTION_PATH"' in install  # this checkout, no index


def _run_check_step(inputs: dict[str, str], workdir: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    """The action's check step as the runner runs it: `bash --noprofile --norc -eo pipefail {0}`, with the
    step's env (inputs filled in as GitHub does) and `verify` on PATH (this worktree's code).

    The install step (`pip install "$GITHUB_ACTION_PATH"`) is not run here: it needs the package index."""
    action = _action()
    step = action["runs"]["steps"][1]
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    given = {**defaults, **inputs}
    env = {**os.environ, "GITHUB_ACTION_PATH": str(ROOT), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_ACTIONS": "true", "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    for name, value in step["env"].items():
        env[name] = re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: given[m.group(1)], value)
    bin_dir = workdir / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "verify"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m verify "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    script = workdir / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workdir,
                          env=env, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip


def test_action_step_checks_drafts_and_writes_the_job_summary(world: World, tmp_path: Path) -> None:
    _drafts(tmp_path / "drafts")
    summary = tmp_path / "summary.md"
    summary.touch()
    extra = shlex.join([*world.cli_args(), "--no-cache", "--cache-dir", str(tmp_path / "cache")])
    proc = _run_check_step(
        {"files": "'drafts/berths ready.md'\n'drafts/c*.md'", "fail-on": "altered,not-found",
         "archive": "never", "args": extra},
        tmp_path, summary,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # the altered quotation fails the step
    errors = [line for line in proc.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and "cost.md" in errors[0], proc.stdout
    assert not [line for line in proc.stdout.splitlines() if line.startswith("::notice")]
    text = summary.read_text(encoding="utf-8")
    assert "altered" in text and "|" in text  # verify's own Markdown report, both drafts in it
    assert "berths ready.md" in text and "cost.md" in text


def test_action_step_passes_inputs_as_data_never_as_shell(world: World, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    proc = _run_check_step({"files": "drafts/$(touch pwned).md; touch pwned2", "args": "--quiet"},
                           tmp_path, summary)  # fmt: skip
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()
    assert proc.returncode == 2, proc.stdout + proc.stderr  # no such files: bad usage, one Error: line
    assert "Error:" in proc.stderr and "Traceback" not in proc.stderr
    assert "exited with status 2 before writing a report" in summary.read_text(encoding="utf-8")


def test_action_step_refuses_an_empty_files_input(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.touch()
    proc = _run_check_step({"files": "  \n "}, tmp_path, summary)
    assert proc.returncode == 2
    assert proc.stdout.startswith("::error title=verify::the files input is empty")


# --------------------------------------------------------------------------- install and release


def test_readme_installs_without_the_package_index_and_names_the_current_release() -> None:
    from verify import __version__

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tag = f"v{__version__}"
    assert "pip install verify-citations" not in readme  # not on the index
    assert f'pip install "git+https://github.com/verify-citations/verify@{tag}"' in readme
    assert f"uses: verify-citations/verify@{tag}" in readme
    assert f"rev: {tag}" in readme
    tags = set(re.findall(r"(?:@|rev: )v(\d+\.\d+\.\d+)", readme))
    assert tags == {__version__}, "README's examples name another release than __version__"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog and f"## [{__version__}]" in changelog
