"""CI that can be trusted (issue 14): a 330-link draft within GitHub's limits, JUnit, many inputs, an
offline run that is not a clean bill, `--fail-on unchecked`, and outputs that never destroy inputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree
from referencing import Registry, Resource

from emulators.world import World
from verify.cli import cli

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "fixtures" / "ci"))
import big_draft  # noqa: E402

XSD = Path(__file__).resolve().parents[1] / "report" / "junit.xsd"
GITHUB_COMMENT_LIMIT = 65_536

SHORT = """# Harbour notes

“The quays are ready for the autumn,” the harbour master told [the port](https://port-a.example/news/1).
"""
OTHER = """# Ferry notes

“Two more sailings a day from June,” the operator said on [its site](https://port-b.example/news/2).
"""
SMALL_WORLD = {
    "pages": {
        "https://port-a.example/news/1": {
            "title": "Quays",
            "paragraphs": ["“The quays are ready for the autumn.”"],
        },
        "https://port-b.example/news/2": {
            "title": "Ferry",
            "paragraphs": ["“Two more sailings a day from June.”"],
        },
    }
}


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The 330-link draft checked once over loopback with --format github, recorded to a WARC."""
    folder = tmp_path_factory.mktemp("big")
    article, spec = big_draft.build()
    (folder / "article.md").write_text(article, encoding="utf-8")
    summary = folder / "summary.md"
    with World(spec).start() as world:
        env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "PYTHONPATH": str(ROOT / "src")}
        args = [
            sys.executable,
            "-m",
            "verify",
            "check",
            str(folder / "article.md"),
            "--archive",
            "never",
            "--no-cache",
            "-q",
            "-f",
            "github",
            "--warc",
            str(folder / "run.warc.gz"),
            *world.cli_args(),
        ]
        done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120, check=False)
    yield {"folder": folder, "github": done, "summary": summary}


def _replay(big: dict[str, Any], fmt: str) -> str:
    folder = big["folder"]
    result = CliRunner().invoke(
        cli,
        [
            "check",
            str(folder / "article.md"),
            "--archive",
            "never",
            "-q",
            "-f",
            fmt,
            "--replay",
            str(folder / "run.warc.gz"),
        ],
    )
    assert result.exit_code == 1, result.output
    return result.stdout


def test_github_format_keeps_within_githubs_annotation_limits(big: dict[str, Any]) -> None:
    done = big["github"]
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error")]
    warnings = [line for line in lines if line.startswith("::warning")]
    assert len(errors) == 10 and len(warnings) == 10
    assert not any(line.startswith("::notice") for line in lines)
    assert "100 findings at or above --fail-on" in done.stdout
    assert lines[-1].startswith("verify: 120 more findings not annotated") and "job summary" in lines[-1]
    # most severe first: every error before any warning
    assert lines.index(errors[-1]) < lines.index(warnings[0])


def test_the_job_summary_holds_every_finding_within_a_comments_size(big: dict[str, Any]) -> None:
    text = big["summary"].read_text(encoding="utf-8")
    assert len(text) <= GITHUB_COMMENT_LIMIT
    findings = text.split("<details>")[0]
    assert findings.count("**altered**") == 60 and findings.count("**broken**") == 40


def test_markdown_fits_a_pull_request_comment(big: dict[str, Any]) -> None:
    out = _replay(big, "markdown")
    assert len(out) <= GITHUB_COMMENT_LIMIT
    head, _, _rest = out.partition("<details>")
    assert "| | # | what | against | verdict | note |" in head  # the narrow table first
    assert "rows left out to fit a GitHub comment" in out
    assert head.count("**altered**") == 60


def test_junit_validates_and_has_a_failure_per_finding(big: dict[str, Any]) -> None:
    out = _replay(big, "junit")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(out.encode("utf-8"))
    schema.assertValid(doc)
    assert len(doc.findall(".//failure")) == 100
    assert len(doc.findall(".//testcase")) == 660  # a quotation and a source per link
    assert doc.find("testsuite").get("failures") == "100"


def test_junit_carries_claims_and_escapes(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(
        '# Notes\n\nAbout 40 per cent of \x01<b>&"boats" sail, says [the port](https://x.invalid/a).\n'
    )
    result = CliRunner().invoke(
        cli, ["check", str(article), "--archive", "never", "-f", "junit", "--no-cache"]
    )
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = etree.fromstring(result.stdout.encode("utf-8"))
    schema.assertValid(doc)
    names = [c.get("name") for c in doc.iter("testcase")]
    assert any(n.startswith("C1 ") for n in names), names


# --------------------------------------------------------------------------- many inputs


@pytest.fixture
def small_world() -> Iterator[World]:
    with World(SMALL_WORLD).start() as world:
        yield world


def _drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    (folder / "deep").mkdir(parents=True)
    (folder / "a.md").write_text(SHORT, encoding="utf-8")
    (folder / "deep" / "b.markdown").write_text(OTHER, encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not a draft
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "c.md").write_text(SHORT, encoding="utf-8")
    return folder


def _reports_schema() -> jsonschema.Draft202012Validator:
    files = resources.files("verify").joinpath("schema")
    single = json.loads(files.joinpath("report.schema.json").read_text(encoding="utf-8"))
    many = json.loads(files.joinpath("reports.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources(
        [(single["$id"], Resource.from_contents(single)), (many["$id"], Resource.from_contents(many))]
    )
    return jsonschema.Draft202012Validator(many, registry=registry)


def _run(args: list[str], world: World, **kwargs: Any) -> Any:
    return CliRunner().invoke(
        cli, ["check", *args, "--archive", "never", "--no-cache", "-q", *world.cli_args()], **kwargs
    )


def test_a_folder_is_checked_recursively_as_one_run(tmp_path: Path, small_world: World) -> None:
    result = _run([str(_drafts(tmp_path)), "-f", "json"], small_world)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "verify.reports/1"
    _reports_schema().validate(data)
    assert [Path(r["article"]["input"]).name for r in data["reports"]] == ["a.md", "b.markdown"]
    assert data["summary"]["articles"] == 2 and data["summary"]["quotes"] == {"exact": 2}
    assert data["summary"]["checked"]["sources_read"] == 2


def test_quoted_globs_and_files_from(tmp_path: Path, small_world: World) -> None:
    folder = _drafts(tmp_path)
    by_glob = _run([str(folder / "**" / "*.m*"), "-f", "json"], small_world)
    assert by_glob.exit_code == 0, by_glob.output
    assert len(json.loads(by_glob.stdout)["reports"]) == 2
    listing = tmp_path / "changed.txt"
    listing.write_text(f"# changed drafts\n{folder / 'a.md'}\n\n{folder / 'a.md'}\n", encoding="utf-8")
    from_file = _run(["--files-from", str(listing), "-f", "json"], small_world)
    assert json.loads(from_file.stdout)["schema"] == "verify.report/1"  # one article, deduplicated
    from_stdin = _run(
        ["--files-from", "-", "-f", "json"], small_world, input=f"{folder / 'deep' / 'b.markdown'}\n"
    )
    assert json.loads(from_stdin.stdout)["article"]["input"].endswith("b.markdown")


def test_an_empty_list_checks_nothing_and_passes(tmp_path: Path, small_world: World) -> None:
    empty = tmp_path / "none.txt"
    empty.write_text("", encoding="utf-8")
    result = _run(["--files-from", str(empty)], small_world)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["EMPTY"], "no .md, .markdown, .html, .htm, .txt files in this folder"),
        (["NOMATCH/*.md"], "no file matches this pattern"),
        ([], "no article given"),
        (["A", "B", "-f", "html"], "--format html takes one article"),
    ],
)
def test_bad_input_lists_are_one_error_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "a.md").write_text(SHORT, encoding="utf-8")
    (tmp_path / "b.md").write_text(OTHER, encoding="utf-8")
    swap = {
        "EMPTY": str(tmp_path / "empty"),
        "NOMATCH/*.md": str(tmp_path / "nomatch" / "*.md"),
        "A": str(tmp_path / "a.md"),
        "B": str(tmp_path / "b.md"),
    }
    result = CliRunner().invoke(cli, ["check", *[swap.get(a, a) for a in args], "--archive", "never"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("Error:") and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_article_among_several_keeps_the_others(tmp_path: Path, small_world: World) -> None:
    (tmp_path / "a.md").write_text(SHORT, encoding="utf-8")
    result = _run([str(tmp_path / "a.md"), str(tmp_path / "gone.md"), "-f", "json"], small_world)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["articles"] == 1
    assert "Error:" in result.stderr and "gone.md" in result.stderr


# --------------------------------------------------------------------------- exit status that means something


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_offline_is_exit_2_with_one_line_and_the_report_written(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(SHORT + OTHER.split("\n", 2)[2], encoding="utf-8")
    dead = f"127.0.0.1:{_closed_port()}"  # nothing listens: every connection is refused, as offline
    route = [
        "--allow-net",
        "127.0.0.0/8",
        "--resolve",
        f"port-a.example={dead}",
        "--resolve",
        f"port-b.example={dead}",
        "--resolve",
        f"wayback.test={dead}",
        "--wayback-url",
        "http://wayback.test",
    ]
    for archive in ("never", "lookup"):
        result = CliRunner().invoke(
            cli,
            [
                "check",
                str(article),
                "--archive",
                archive,
                "--no-cache",
                "-q",
                "--fail-on",
                "altered",
                "--timeout",
                "2",
                *route,
            ],
        )
        assert result.exit_code == 2, (archive, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1 and "network was unreachable" in errors[0]
        assert "checked 0 of 2 quotations, 0 of 2 sources read" in result.stdout


def test_one_dead_domain_is_a_broken_link_not_an_offline_machine(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(SHORT, encoding="utf-8")
    route = ["--allow-net", "127.0.0.0/8", "--resolve", f"port-a.example=127.0.0.1:{_closed_port()}"]
    result = CliRunner().invoke(
        cli, ["check", str(article), "--archive", "never", "--no-cache", "-q", *route]
    )
    assert result.exit_code == 1, result.output  # broken, in the default --fail-on


def test_fail_on_unchecked_fails_a_run_that_verified_nothing(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Notes\n\nNothing cited here at all.\n", encoding="utf-8")
    plain = CliRunner().invoke(cli, ["check", str(article), "--archive", "never"])
    assert plain.exit_code == 0 and "checked 0 of 0 quotations, 0 of 0 sources read" in plain.stdout
    strict = CliRunner().invoke(
        cli, ["check", str(article), "--archive", "never", "--fail-on", "unchecked", "-f", "github"]
    )
    assert strict.exit_code == 1
    assert strict.stdout.startswith("::error ") and "unchecked" in strict.stdout


def test_replaying_a_warc_without_the_article_is_exit_2(tmp_path: Path, big: dict[str, Any]) -> None:
    article = tmp_path / "a.md"
    article.write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["check", str(article), "--archive", "never", "-q", "--replay", str(big["folder"] / "run.warc.gz")],
    )
    assert result.exit_code == 2
    assert "holds nothing of" in result.stderr


# ---------------------------------------------------------------- outputs that never destroy inputs


@pytest.mark.parametrize("option", ["-o", "--warc"])
def test_an_output_that_is_an_input_is_refused_before_any_work(tmp_path: Path, option: str) -> None:
    article = tmp_path / "a.md"
    article.write_text(SHORT, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(article)
    for target in (article, link):
        result = CliRunner().invoke(cli, ["check", str(article), "--archive", "never", option, str(target)])
        assert result.exit_code == 2
        assert "is an input of this run" in result.output
        assert article.read_text(encoding="utf-8") == SHORT


def test_an_unwritable_output_is_refused_before_any_work(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text(SHORT, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(article), "--archive", "never", "-o", str(tmp_path / "no" / "such" / "r.json")]
    )
    assert result.exit_code == 2 and "no folder" in result.output
    assert "checked" not in result.output  # refused before the run, not after it


def test_a_failed_write_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Notes\n\nNothing cited.\n", encoding="utf-8")
    out = tmp_path / "report.json"
    out.write_text("the good old report", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the disk fills while the new report is written
    result = CliRunner().invoke(
        cli, ["check", str(article), "--archive", "never", "-f", "json", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "No space left on device" in result.output and "previous file is kept" in result.output
    assert out.read_text(encoding="utf-8") == "the good old report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".verify-")] == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("where", ["stdout", "-o"])
def test_a_full_device_is_exit_2_with_one_line(tmp_path: Path, where: str) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Notes\n\nNothing cited.\n", encoding="utf-8")
    args = [sys.executable, "-m", "verify", "check", str(article), "--archive", "never"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with open("/dev/full", "w") as full:
        if where == "stdout":
            done = subprocess.run(args, stdout=full, stderr=subprocess.PIPE, text=True, env=env, check=False)
        else:
            done = subprocess.run(
                [*args, "-o", "/dev/full"], capture_output=True, text=True, env=env, check=False
            )
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "No space left" in lines[0]


@pytest.mark.skipif(not Path("/proc/version").exists(), reason="no /proc on this system")
def test_an_output_in_a_folder_that_takes_no_files_is_exit_2(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Notes\n\nNothing cited.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(article), "--archive", "never", "-o", "/proc/version"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: cannot write /proc/version")


def test_a_second_run_from_the_cache_says_so(tmp_path: Path, small_world: World) -> None:
    (tmp_path / "a.md").write_text(SHORT, encoding="utf-8")
    args = ["check", str(tmp_path / "a.md"), "--archive", "never", "-q", "--cache-dir", str(tmp_path / "c"),
            "--color", "never", *small_world.cli_args()]  # fmt: skip
    wide = {"COLUMNS": "200"}  # the fetched column is the first a narrow table gives up
    first = CliRunner().invoke(cli, args, env=wide)
    second = CliRunner().invoke(cli, args, env=wide)
    assert first.exit_code == second.exit_code == 0, second.output
    assert "cached" not in first.stdout
    assert "ok (cached just now)" in second.stdout  # a cached page is not today's page: the table says so


def test_offline_with_many_sources_is_exit_2_even_once_the_wayback_backs_off(tmp_path: Path) -> None:
    # Eleven sources make more failed Wayback look-ups than the circuit breaker takes before it backs off;
    # its "failed 8 times in a row" once hid the cause, and the offline run passed as "broken" (exit 1).
    from emulators.world import SAMPLE_WORLD

    with World.from_dir(SAMPLE_WORLD) as world:
        hosts = [host for host, _ in world.resolve_entries()]
    dead = f"127.0.0.1:{_closed_port()}"
    route = ["--allow-net", "127.0.0.0/8", "--timeout", "2"]
    for host in hosts:
        route += ["--resolve", f"{host}={dead}"]
    article = ROOT / "fixtures" / "sample" / "article.md"
    result = CliRunner().invoke(cli, ["check", str(article), "--no-cache", "-q", *route])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: the network was unreachable")


def test_a_bad_configuration_of_one_article_keeps_the_others(tmp_path: Path, small_world: World) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    (good / "a.md").write_text(SHORT, encoding="utf-8")
    (bad / "b.md").write_text(OTHER, encoding="utf-8")
    (bad / "verify.toml").write_text("jobs = 0\n", encoding="utf-8")  # out of range: a configuration error
    result = _run([str(good / "a.md"), str(bad / "b.md"), "-f", "json"], small_world)
    assert result.exit_code == 2
    assert json.loads(result.stdout)["summary"]["articles"] == 1
    assert "b.md" in result.stderr and "Error:" in result.stderr
