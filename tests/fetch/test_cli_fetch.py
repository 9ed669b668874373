"""`verify fetch` driven through click: output formats, exit statuses, shared options, bad usage."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from emulators.faults import FaultServer
from verify.cli import cli

ALLOW = ["--allow-net", "127.0.0.0/8"]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["fetch", *args], input=input)
    return result.exit_code, result.stdout, result.stderr


def test_all_ok_exits_0_with_a_table(server: FaultServer) -> None:
    code, out, _ = run(*ALLOW, server.url("/ok"), server.url("/ok?again=1"))
    assert code == 0
    assert "status" in out and "sha256" in out and "ok" in out


def test_a_redirect_is_a_finding_unless_redirects_ok(server: FaultServer) -> None:
    code, out, _ = run(*ALLOW, server.url("/ok"), server.url("/chain?n=1"))
    assert code == 1 and "redirected" in out
    code, out, _ = run(*ALLOW, "--redirects-ok", server.url("/ok"), server.url("/chain?n=1"))
    assert code == 0 and "redirected" in out


def test_any_failure_exits_1(server: FaultServer) -> None:
    code, out, _ = run(*ALLOW, server.url("/ok"), server.url("/status?code=404"))
    assert code == 1
    assert "broken" in out


def test_json_rows_have_the_report_fetch_fields(server: FaultServer) -> None:
    code, out, _ = run(*ALLOW, "--format", "json", server.url("/ok"), server.url("/soft404"))
    assert code == 1
    rows = json.loads(out)
    assert [r["url"] for r in rows] == [server.url("/ok"), server.url("/soft404")]
    for key in ("status", "http_status", "final_url", "content_type", "sha256", "error", "size", "elapsed"):
        assert key in rows[0]
    assert rows[0]["status"] == "ok" and rows[1]["status"] == "broken"
    assert "soft 404" in rows[1]["error"]


def test_loopback_is_unsafe_without_allow(server: FaultServer) -> None:
    code, out, _ = run("--format", "json", server.url("/ok"))
    assert code == 1
    assert json.loads(out)[0]["status"] == "unsafe"
    assert server.requests == []


def test_urls_from_stdin_and_skip(server: FaultServer) -> None:
    code, out, _ = run(
        *ALLOW,
        "--format",
        "json",
        "--skip",
        "/private",
        "-",
        input=f"{server.url('/ok')}\n{server.url('/private')}\n",
    )
    assert code == 0
    assert [r["status"] for r in json.loads(out)] == ["ok", "skipped"]


def test_warc_then_replay(server: FaultServer, tmp_path: Path) -> None:
    warc = str(tmp_path / "e.warc.gz")
    code, live, _ = run(
        *ALLOW, "--format", "json", "--warc", warc, server.url("/ok"), server.url("/chain?n=2")
    )
    assert code == 1  # the redirect is a finding
    server.stop()
    code, replay, _ = run(
        *ALLOW, "--format", "json", "--replay", warc, server.url("/ok"), server.url("/chain?n=2")
    )
    assert code == 1

    def strip(rows: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{k: v for k, v in r.items() if k not in ("elapsed", "from_cache")} for r in rows]

    assert strip(json.loads(replay)) == strip(json.loads(live))


def test_resolve_option_routes_a_name(server: FaultServer) -> None:
    code, out, _ = run(
        *ALLOW, "--resolve", f"gazette.example={server.addr}", "--format", "json", "http://gazette.example/ok"
    )
    assert code == 0 and json.loads(out)[0]["final_url"] == "http://gazette.example/ok"


def test_bad_usage_exits_2() -> None:
    for args in (
        ["example.com"],
        ["--allow-net", "not-a-net", "http://a.example/"],
        ["--timeout", "-1", "http://a.example/"],
        ["--max-age", "soon", "http://a.example/"],
        ["--replay", "/nonexistent.warc", "http://a.example/"],
        [],
    ):
        code, _, err = run(*args)
        assert code == 2, args
        assert "Traceback" not in err


def test_unreadable_evidence_files_are_usage_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file at all")
    code, _, err = run("--replay", str(junk), "http://a.example/")
    assert code == 2 and "cannot replay" in err and "Traceback" not in err
    code, _, err = run("--warc", str(tmp_path / "missing-dir" / "out.warc.gz"), "http://a.example/")
    assert code == 2 and "Traceback" not in err


def test_control_characters_are_stripped(server: FaultServer) -> None:
    code, out, _ = run(*ALLOW, server.url("/status?code=404&x=%1b[31mred"))
    assert code == 1
    assert "\x1b" not in out


def test_min_interval_spaces_requests_to_one_host(server: FaultServer) -> None:
    urls = [server.url(f"/ok?{c}") for c in "abc"]
    code, _, _ = run(*ALLOW, "--min-interval", "0.3", *urls)
    assert code == 0
    times = sorted(r.at for r in server.requests)
    assert times[-1] - times[0] >= 0.55
