"""Environment faults are the machine's, not ours: a full device, a closed stream, an ASCII-only terminal
give exit 2 with one `Error:` line (or a clean run), never an internal error (issue 13.3, 13.13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "# Notes\n\n“Hi there, friend — ça va?” she told [the wire](https://wire.invalid/a).\n"


def _run(
    args: list[str], *, stdout: object = subprocess.PIPE, stdin: object = None, **env: str
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "VERIFY_CACHE_DIR": "", **env}
    return subprocess.run(
        [sys.executable, "-m", "verify", *args], stdout=stdout, stderr=subprocess.PIPE, stdin=stdin,
        text=True, env=full_env, timeout=60,
    )  # fmt: skip


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", ["extract", "compare", "fetch"])
def test_every_command_on_a_full_stdout_is_exit_2_with_one_line(article: Path, command: str) -> None:
    args = {"extract": [str(article)], "compare": ["Hi there", str(article)], "fetch": ["--help"]}[command]
    with open("/dev/full", "w") as full:
        done = _run([command, *args], stdout=full)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot write")
    assert "No space left on device" in lines[0]


def test_closed_standard_streams_are_not_internal_errors(article: Path) -> None:
    closed_out = subprocess.run(
        f'exec >&- ; "{sys.executable}" -m verify extract "{article}"', shell=True, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60,
    )  # fmt: skip
    assert closed_out.returncode == 0, closed_out.stderr
    closed_in = subprocess.run(
        f'exec <&- ; "{sys.executable}" -m verify check - --archive never', shell=True, capture_output=True,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=60,
    )  # fmt: skip
    assert closed_in.returncode == 2 and closed_in.stderr.startswith("Error: standard input is empty")


@pytest.mark.parametrize("command", ["extract", "compare"])
@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii"])
def test_a_strict_stdout_gets_escapes_not_an_error(tmp_path: Path, command: str, encoding: str) -> None:
    # A file name that is not UTF-8 reaches Python as a lone surrogate, which a strict stdout cannot encode.
    odd = os.fsencode(str(tmp_path)) + b"/draft\xff.md"
    Path(os.fsdecode(odd)).write_text(ARTICLE, encoding="utf-8")
    args = [os.fsdecode(odd)] if command == "extract" else ["Hi there", os.fsdecode(odd)]
    done = _run([command, *args], PYTHONIOENCODING=encoding, LC_ALL="C")
    assert done.returncode == 0, done.stderr
    assert "Internal error" not in done.stderr
    assert "Hi there" in done.stdout  # the whole report, the odd name escaped or replaced in it
