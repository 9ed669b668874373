"""`verify archive` driven through click's CliRunner against the loopback Wayback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from emulators.wayback import WaybackEmulator
from verify.cli import cli

PAGE = "https://harbourgazette.example/2026/05/quay-repairs"
NEW = "https://tidewater-courier.example/ferry-timetable"


@pytest.fixture
def live(emu: WaybackEmulator) -> WaybackEmulator:
    """The emulator on the real clock (the CLI builds its own client)."""
    return emu


def _run(emu: WaybackEmulator, *args: str) -> tuple[int, str, str]:
    resolve = [f"--resolve={host}={target}" for host, target in emu.resolve_entries()]
    result = CliRunner().invoke(cli, ["archive", *args, *resolve, "--allow-private"])
    return result.exit_code, result.stdout, result.stderr


def test_json_lists_as_cited_latest_and_robust_link(live: WaybackEmulator) -> None:
    live.add_capture(PAGE, "20260516083000")
    live.add_capture(PAGE, "20260530101010")
    code, out, _ = _run(live, PAGE, "--date", "2026-05-17", "--format", "json")
    assert code == 0
    [record] = json.loads(out)
    assert record["url"] == PAGE
    assert record["status"] == "archived"
    assert record["as_cited"]["timestamp"] == "20260516083000"
    assert record["latest"]["timestamp"] == "20260530101010"
    assert 'data-versionurl="https://web.archive.org/web/20260516083000/' in record["robust_link"]


def test_missing_url_exits_1_and_table_says_so(live: WaybackEmulator) -> None:
    code, out, _ = _run(live, NEW)
    assert code == 1
    assert "missing" in out and "tidewater" in out
    assert live.count("save-legacy") == 0 and live.count("save") == 0


def test_save_without_keys_explains_the_refusal(live: WaybackEmulator) -> None:
    code, out, _ = _run(live, NEW, "--save", "--format", "json")
    assert code == 1
    [record] = json.loads(out)
    assert record["status"] == "failed"
    assert "IA_ACCESS_KEY" in record["error"]


def test_robustlinks_format(live: WaybackEmulator) -> None:
    live.add_capture(PAGE, "20260516083000")
    code, out, _ = _run(live, PAGE, NEW, "--date", "2026-05-17", "--format", "robustlinks")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("<a href=") and 'data-versiondate="2026-05-17"' in lines[0]
    assert lines[1].startswith("<!-- no capture:")


def test_direct_wayback_url(live: WaybackEmulator) -> None:
    live.add_capture(PAGE, "20260516083000")
    result = CliRunner().invoke(
        cli, ["archive", PAGE, "--wayback-url", live.base_url, "--allow-private", "--format", "json"]
    )
    assert result.exit_code == 0
    [record] = json.loads(result.stdout)
    assert record["latest"]["url"].startswith(live.base_url + "/web/20260516083000/")


@pytest.mark.parametrize(
    "args",
    [
        ["ftp://example.org/file"],
        ["https://example.org/", "--date", "17 May"],
        ["https://example.org/", "--save", "--archive", "never"],
        ["https://example.org/", "--wayback-url", "file:///etc"],
    ],
)
def test_bad_usage_exits_2_with_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["archive", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
