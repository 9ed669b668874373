"""Bad usage is one `Error:` line and exit status 2 on every command (issue 13.13)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.config import load_config
from verify.errors import ConfigError

BAD_WAYBACK = [
    "http://[::1",
    "http://a b",
    "file:///etc",
    "http://",
    "http://:80/",
    "http://a.example:99999",
    "ftp://x",
]


def _one_error_line(output: str) -> str:
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    assert "Traceback" not in output and "Internal error" not in output
    return errors[0]


@pytest.mark.parametrize("url", BAD_WAYBACK)
@pytest.mark.parametrize("command", [["check", "draft.md"], ["archive", "https://news.example/"]])
def test_a_bad_wayback_url_is_a_usage_error(command: list[str], url: str) -> None:
    result = CliRunner().invoke(cli, [*command, "--wayback-url", url])
    assert result.exit_code == 2, result.output
    assert "wayback-url" in _one_error_line(result.output)


def test_a_bad_wayback_url_from_the_environment_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli, ["archive", "https://news.example/"], env={"VERIFY_WAYBACK_URL": "http://a b"}
    )
    assert result.exit_code == 2, result.output
    _one_error_line(result.output)


@pytest.mark.parametrize("url", BAD_WAYBACK)
def test_a_bad_wayback_url_in_a_config_file_is_a_config_error(tmp_path: Path, url: str) -> None:
    path = tmp_path / "verify.toml"
    path.write_text(f'wayback-url = "{url}"\n')
    with pytest.raises(ConfigError, match="wayback-url"):
        load_config(path)


def test_a_good_wayback_url_is_kept_without_its_last_slash(tmp_path: Path) -> None:
    path = tmp_path / "verify.toml"
    path.write_text('wayback-url = "http://[::1]:8080/wayback/"\n')
    assert load_config(path).wayback_url == "http://[::1]:8080/wayback"


# --------------------------------------------------------------------------- one set of short options

COMMANDS = ["check", "extract", "fetch", "archive", "compare"]
EVERYWHERE = {"-f": "--format", "-o": "--output", "-j": "--jobs", "-h": "--help"}


def _short_options(command: str) -> dict[str, str]:
    from verify.cli import cli as group

    ctx = click.Context(group)
    cmd = group.get_command(ctx, command)
    assert cmd is not None
    pairs: dict[str, str] = {"-h": "--help"}
    for param in cmd.get_params(ctx):
        if isinstance(param, click.Option):
            shorts = [o for o in param.opts if len(o) == 2]
            longs = [o for o in param.opts if o.startswith("--")]
            for s in shorts:
                pairs[s] = longs[0]
    return pairs


def test_one_set_of_short_options_on_every_command() -> None:
    """A short option means the same on every command, and -f, -o, -j, -h exist on all of them."""
    meaning: dict[str, str] = {}
    for command in COMMANDS:
        pairs = _short_options(command)
        for short, long in EVERYWHERE.items():
            assert pairs.get(short) == long, (command, short, pairs)
        for short, long in pairs.items():
            assert meaning.setdefault(short, long) == long, (command, short, long, meaning[short])
    assert meaning["-q"] == "--quiet"


def test_the_readme_examples_with_short_options_parse(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("The ferry sailed on time, the council said.\n")
    out = tmp_path / "cited.json"
    result = CliRunner().invoke(cli, ["extract", str(draft), "-f", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["sources"] == []


def test_extract_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("The ferry sailed.\n")
    result = CliRunner().invoke(cli, ["extract", str(draft), "-o", str(draft)])
    assert result.exit_code == 2
    assert "input" in _one_error_line(result.output)
    assert draft.read_text() == "The ferry sailed.\n"


def test_fetch_archive_and_compare_write_to_a_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>The ferry left at nine, the council said.</p></body></html>")
    out = tmp_path / "cmp.json"
    result = CliRunner().invoke(
        cli, ["compare", "The ferry left at nine", str(page), "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 0 and result.output == ""
    assert json.loads(out.read_text())["verdict"] == "exact"
    out = tmp_path / "links.json"
    result = CliRunner().invoke(cli, ["fetch", "http://127.0.0.1:9/", "-f", "json", "-o", str(out), "-q"])
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(out.read_text())[0]["status"] == "unsafe"
    result = CliRunner().invoke(cli, ["compare", "The ferry", str(page), "-o", str(page)])
    assert result.exit_code == 2 and "input" in _one_error_line(result.output)


# --------------------------------------------------------------------------- what stdout cannot carry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("encoding", ["latin-1", "ascii", "utf-8"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_compare_never_fails_on_a_strict_stdout(tmp_path: Path, encoding: str, fmt: str) -> None:
    """`compare` exited 3 when stdout could not encode the text (issue 13.13): escape instead."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>Zoë Brännström said the “café” would reopen on Monday — 😀.</p></body></html>",
        encoding="utf-8",
    )
    quote = "Zoë Brännström said the “café” would reopen on Monday — 😀"
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "verify", "compare", quote, str(page), "-f", fmt],
        capture_output=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode(errors="replace")
    if fmt == "json":
        # click takes an ASCII stdout for a misconfigured one and writes UTF-8 to it.
        written = run.stdout.decode("utf-8" if encoding == "ascii" else encoding)
        assert json.loads(written)["quote"] == quote


def test_undecodable_arguments_never_fail_the_output(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in an argument (a surrogate after decoding) on a strict UTF-8 stdout."""
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>The café would reopen.</p></body></html>", encoding="utf-8")
    for fmt in ("table", "json"):
        result = CliRunner(charset="utf-8").invoke(
            cli, ["compare", "The caf\udce9 would reopen", str(page), "-f", fmt]
        )
        assert result.exit_code == 1, result.output
        assert "Internal error" not in result.output
    result = CliRunner().invoke(cli, ["fetch", "http://caf\udce9.example/"])
    assert result.exit_code == 2 and "not a URL" in _one_error_line(result.output)


@pytest.mark.parametrize(
    "command", [["extract"], ["fetch", "-f", "json"], ["archive", "-f", "json", "--archive", "never"]]
)
def test_every_command_escapes_what_a_latin_1_stdout_cannot_carry(tmp_path: Path, command: list[str]) -> None:
    draft = tmp_path / "brief.md"
    draft.write_text("“Ferries” — see https://fähre.example/€ 😀\n", encoding="utf-8")
    target = [str(draft)] if command[0] == "extract" else ["https://fähre.example/€😀", "--skip", "."]
    if command[0] == "archive":
        target = ["https://fähre.example/€😀", "--replay", str(ROOT / "fixtures/sample/world.warc.gz")]
    result = CliRunner(charset="latin-1").invoke(cli, [command[0], *target, *command[1:]])
    assert result.exit_code in (0, 1), result.output
    assert "Internal error" not in result.output
