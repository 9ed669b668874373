"""`verify check`: parse options (command line over the configuration file), run the pipeline, format."""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from dataclasses import replace
from typing import IO, Any

import click

from verify.cli.options import (
    Duration,
    archive_max_age_option,
    color_option,
    network_options,
    wayback_url_option,
)
from verify.cli.output import HELP_OPTIONS, Command, check_outputs, format_option, use_colour, write_output
from verify.config import ARCHIVE_POLICIES, DEFAULT_FAIL_ON, Config, discover, parse_fail_on
from verify.errors import EXIT_USAGE, InputError, NetworkError, UsageError, VerifyError
from verify.models import Report, WaybackUse
from verify.report import OutputFormat, Style, canonical
from verify.textsafe import one_line

# Option name -> Config attribute, for options a configuration file may set.
_FROM_CONFIG = {
    "format": "format",
    "archive": "archive",
    "archive_max_age": "archive_max_age",
    "archive_timeout": "archive_timeout",
    "wayback_url": "wayback_url",
    "jobs": "jobs",
    "per_host": "per_host",
    "timeout": "timeout",
    "user_agent": "user_agent",
    "allow_private": "allow_private",
    "max_age": "max_age",
}


class ProgressLine:
    """One updating line on stderr, shown only on a terminal and only once a run has taken a second."""

    def __init__(self, stream: IO[str], *, delay: float = 1.0, interval: float = 0.1) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False
        self.lock = threading.Lock()

    def __call__(self, p: Any) -> None:
        now = time.monotonic()
        with self.lock:
            if now - self.started < self.delay or now - self.last < self.interval:
                return
            self.last = now
            parts = [f"sources {p.sources}/{p.sources_total}"]
            if p.captures_total:
                parts.append(f"captures {p.captures}/{p.captures_total}")
            if p.embeds_total:
                parts.append(f"posts {p.embeds}/{p.embeds_total}")
            if p.quotes_total:
                parts.append(f"quotations {p.quotes}/{p.quotes_total}")
            width = shutil.get_terminal_size((80, 24)).columns
            line = f"verify: {p.stage} · " + " · ".join(parts)
            self.stream.write("\r\x1b[K" + line[: width - 1])
            self.stream.flush()
            self.shown = True

    def clear(self) -> None:
        with self.lock:
            if self.shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self.shown = False


def _user_set(ctx: click.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source not in (None, click.core.ParameterSource.DEFAULT, click.core.ParameterSource.DEFAULT_MAP)


def merge_config(ctx: click.Context, params: dict[str, Any], config: Config) -> dict[str, Any]:
    """Fill every option the user did not set from the configuration file (command line wins)."""
    merged = dict(params)
    for name, attr in _FROM_CONFIG.items():
        value = getattr(config, attr)
        if value is not None and name in merged and not _user_set(ctx, name):
            merged[name] = value
    if config.allow_net and not _user_set(ctx, "allow_net"):
        merged["allow_net"] = tuple(config.allow_net)
    merged["skip"] = tuple(config.skip) + tuple(params.get("skip") or ())
    if _user_set(ctx, "fail_on"):
        try:
            merged["fail_on"] = parse_fail_on(params["fail_on"])
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param_hint="'--fail-on'") from None
    else:
        merged["fail_on"] = config.fail_on if config.fail_on is not None else DEFAULT_FAIL_ON
    return merged


@click.command("check", cls=Command, context_settings=HELP_OPTIONS)
@click.argument("articles", metavar="ARTICLE...", nargs=-1)
@click.option(
    "--files-from",
    metavar="FILE",
    default=None,
    help="Also check the articles listed in FILE, one per line (- for standard input), as `git diff "
    "--name-only` prints them; an empty list checks nothing and exits 0.",
)
@format_option("check", "format")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write the report to FILE instead of standard output (checked before any work, written whole or "
    "not at all).",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    metavar="NAMES",
    help="Verdicts and statuses that make the exit status 1 (comma-separated or repeated; `none` for "
    "never; `unchecked` fails a run that verified nothing). Default: altered, spliced, not-found, "
    "elsewhere, changed, differs, deleted, broken.",
)
@click.option(
    "--strict-ties",
    is_flag=True,
    help="A quotation or figure not found in a link that only shares its paragraph fails like any other "
    "(by default it is a warning: that link may not be its source).",
)
@click.option(
    "--archive",
    type=click.Choice(ARCHIVE_POLICIES),
    default="missing",
    show_default=True,
    help="Wayback Machine use: never (no look-ups, no saves), lookup (find captures, never save), missing "
    "(save only when no capture stands for the source as cited: none at all, or none within "
    "--archive-max-age days before publication, or before now for an undated or fresh article; the JSON's "
    "archive.reason names the rule), always (save every source).",
)
@archive_max_age_option
@click.option(
    "--archive-timeout",
    type=Duration(),
    default="30",
    show_default=True,
    help="How long saving may hold the report (seconds, or 2m); captures still pending are reported "
    "as such and picked up by the next run.",
)
@wayback_url_option
@click.option("--skip", multiple=True, metavar="REGEX", help="Neither fetch nor archive URLs matching this.")
@click.option("--no-embeds", is_flag=True, help="Do not check embedded posts against their platforms.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line on stderr.")
@color_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Read settings from this file instead of the nearest verify.toml or pyproject.toml [tool.verify].",
)
@network_options
@click.pass_context
def command(ctx: click.Context, /, articles: tuple[str, ...], **params: Any) -> None:
    """Check an article: every source, quotation and embedded post.

    ARTICLE is a published URL, an HTML page, a Markdown draft, a plain-text scrape, or - for
    standard input; several may be given, and folders (their .md .markdown .html .htm .txt files,
    recursively), quoted globs and --files-from lists. verify extracts what each cites, fetches
    every source safely, finds (and when asked makes) Wayback Machine captures, compares each
    quotation with its source as it is now and as archived when the article was published, checks
    each embedded post against the original, and prints the verification table. One run shares its
    client, cache, rate limits and Wayback budget across its articles; several articles give one
    report per article (JSON: verify.reports/1) in every format but html and robustlinks.

    Settings come from [tool.verify] in pyproject.toml or from verify.toml, found from the
    article's folder upwards; options given here win.

    \b
    Examples:
      verify check draft.md
      verify check drafts/ --format github
      verify check https://news.example/story --format json -o report.json
      verify check fixtures/sample/article.html --replay fixtures/sample/world.warc.gz
      git diff --name-only main -- 'drafts/*.md' | verify check --files-from - --format junit -o verify.xml

    With --format github, annotations go to the log (at most 10 errors and 10 warnings, as GitHub
    shows) and the whole report to $GITHUB_STEP_SUMMARY when that is set.

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or
    configuration error, or a run that could reach nothing (offline; the report is still written);
    3 internal error.
    """
    from verify.read.inputs import expand  # noqa: PLC0415
    from verify.report import MANY  # noqa: PLC0415

    fmt = OutputFormat(canonical(params["format"]))
    files_from = params.pop("files_from")
    names = expand(articles, files_from, sys.stdin if files_from == "-" else None)
    if files_from == "-" and "-" in names:
        raise UsageError("standard input holds the --files-from list; it cannot also be an article")
    if len(names) > 1 and fmt.value not in MANY:
        raise UsageError(
            f"--format {fmt.value} takes one article; got {len(names)} "
            "(use table, json, markdown, github or junit)"
        )
    others = [p for p in (params.get("replay"), params.get("config_file"), files_from) if p and p != "-"]
    check_outputs({"--output": params["output"], "--warc": params.get("warc")}, [*names, *others])
    reports: list[Report] = []
    errors: list[str] = []
    clients = _Clients()
    try:
        for article in names:
            try:
                reports.append(_check_one(ctx, article, dict(params), clients))
            except VerifyError as exc:  # unreadable, or its own verify.toml is wrong
                if len(names) == 1:
                    raise
                errors.append(f"{article}: {exc}")  # the other articles' results are kept
    finally:
        clients.close()
    ctx.exit(_emit(reports, fmt, params, errors, many=len(names) > 1))


def _emit(
    reports: list[Report], fmt: OutputFormat, params: dict[str, Any], errors: list[str], *, many: bool
) -> int:
    """Print or write the run's report once, then say what the exit status rests on."""
    from verify.report import exit_status, render_reports  # noqa: PLC0415
    from verify.report.findings import replay_lacks_article, unreachable  # noqa: PLC0415

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY") if fmt is OutputFormat.GITHUB else None
    output = params["output"]
    if reports:
        if output and output != "-":
            style = Style(width=160, step_summary=bool(summary_file))
            write_output(output, render_reports(reports, fmt, style, many=many))
        else:
            stdout = sys.stdout
            colour = fmt is OutputFormat.TABLE and use_colour(stdout, params["color"])
            style = Style(colour=colour, width=_table_width(stdout), step_summary=bool(summary_file))
            _echo(render_reports(reports, fmt, style, many=many), colour)
        if summary_file:
            _append_summary(summary_file, render_reports(reports, OutputFormat.MARKDOWN, many=many))
    status = max((exit_status(r) for r in reports), default=0)
    for line in errors:
        click.echo(f"Error: {one_line(line)}", err=True)
        status = EXIT_USAGE
    if params.get("replay") and any(replay_lacks_article(r) for r in reports):
        lacking = [r.extraction.article.input for r in reports if replay_lacks_article(r)]
        raise InputError(f"the replay file {params['replay']} holds nothing of {', '.join(lacking)}")
    if reports and all(unreachable(r) for r in reports if r.sources) and any(r.sources for r in reports):
        raise NetworkError(
            "the network was unreachable: no source and not the Wayback Machine could be resolved or "
            "connected to, so nothing was checked (offline, or a proxy refusing everything?)"
        )
    return status


def _echo(text: str, colour: bool) -> None:
    try:
        click.echo(text, nl=False, color=colour)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:  # a full disk or /dev/full behind standard output
        raise UsageError(f"cannot write the report to standard output: {exc.strerror or exc}") from None


def _append_summary(path: str, markdown: str) -> None:
    """The job summary GitHub shows on the run's page (appended: other steps write to it too)."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(markdown + "\n")
    except OSError as exc:
        why = exc.strerror or exc
        click.echo(f"verify: warning: cannot write GITHUB_STEP_SUMMARY {path}: {why}", err=True)


class _Clients:
    """The run's HttpClients, shared by its articles: one WARC, one cache, one set of rate limits.

    Articles whose configuration files ask for other network settings get their own client, except
    when recording: every exchange of the run goes into the one WARC `--warc` names.
    """

    def __init__(self) -> None:
        self._by_settings: dict[str, Any] = {}

    def get(self, net: dict[str, Any]) -> Any:
        from verify.cli.options import client_from_options  # noqa: PLC0415

        key = repr(sorted(net.items()))
        client = self._by_settings.get(key)
        if client is None and net.get("warc") and self._by_settings:
            client = next(iter(self._by_settings.values()))
        if client is None:
            # Skip patterns are the pipeline's, per article: a shared client must not apply one's to another.
            client = client_from_options(**net)
            self._by_settings[key] = client
        return client

    def close(self) -> None:
        for client in {id(c): c for c in self._by_settings.values()}.values():
            client.close()


def _check_one(ctx: click.Context, article: str, params: dict[str, Any], clients: _Clients) -> Report:
    from verify.cli.options import pop_network_options  # noqa: PLC0415
    from verify.pipeline import CheckOptions, run_check  # noqa: PLC0415

    config = discover(article, explicit=params.pop("config_file"))
    params = merge_config(ctx, params, config)
    net = pop_network_options(params)
    for pattern in params["skip"]:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"bad skip pattern {pattern!r}: {exc}") from None
    options = CheckOptions(
        archive=WaybackUse(params["archive"]),
        archive_max_age=float(params["archive_max_age"]),
        archive_timeout=float(params["archive_timeout"]),
        wayback_url=params["wayback_url"],
        fail_on=params["fail_on"],
        skip=params["skip"],
        embeds=not params["no_embeds"],
    )
    stderr = sys.stderr
    progress = None if params["quiet"] or not _isatty(stderr) else ProgressLine(stderr)
    client = clients.get(net)
    try:
        report = run_check(article, options, client=client, progress=progress,
                           stdin=sys.stdin.buffer)  # fmt: skip
    finally:
        if progress is not None:
            progress.clear()
    return replace(report, strict_ties=params["strict_ties"])


def _table_width(stream: IO[str]) -> int:
    """The terminal's width; COLUMNS when set (also when piped, e.g. `COLUMNS=80 verify check … | less`)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 40:
        return int(columns)
    return shutil.get_terminal_size((160, 24)).columns if _isatty(stream) else 160


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
