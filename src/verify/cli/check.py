"""`verify check`: parse options (command line over the configuration file), run the pipeline, format."""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
from typing import IO, Any

import click

from verify.cli.options import Duration, archive_max_age_option, network_options, wayback_url_option
from verify.cli.output import format_option
from verify.config import ARCHIVE_POLICIES, DEFAULT_FAIL_ON, Config, discover, parse_fail_on
from verify.errors import UsageError
from verify.models import WaybackUse
from verify.report import OutputFormat, canonical

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


def _use_colour(stream: IO[str]) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@click.command("check")
@click.argument("articles", metavar="ARTICLE...", nargs=-1, required=True)
@format_option("check", "format")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    default=None,
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--fail-on",
    "fail_on",
    multiple=True,
    metavar="NAMES",
    help="Verdicts and statuses that make the exit status 1 (comma-separated or repeated; `none` for "
    "never). Default: altered, spliced, not-found, elsewhere, changed, differs, deleted, broken.",
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
    standard input (several articles, as a pre-commit hook passes them, are checked one by one
    with the table or github format). verify extracts what it cites, fetches every source
    safely, finds (and when asked makes) Wayback Machine captures, compares each quotation with
    its source as it is now and as archived when the article was published, checks each
    embedded post against the original, and prints the verification table.

    Settings come from [tool.verify] in pyproject.toml or from verify.toml, found from the
    article's folder upwards; options given here win.

    \b
    Examples:
      verify check draft.md
      verify check https://news.example/story --format json -o report.json
      verify check fixtures/sample/article.html --replay fixtures/sample/world.warc.gz
      verify check draft.md --archive never --format github --fail-on altered,not-found

    Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, input or
    configuration error; 3 internal error.
    """
    fmt = OutputFormat(canonical(params["format"]))
    if len(articles) > 1 and fmt not in (OutputFormat.TABLE, OutputFormat.GITHUB):
        raise UsageError(f"--format {fmt.value} takes one article; got {len(articles)}")
    worst = 0
    clients = _Clients()
    try:
        for article in articles:
            worst = max(worst, _check_one(ctx, article, dict(params), clients))
    finally:
        clients.close()
    if worst:
        ctx.exit(worst)


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


def _check_one(ctx: click.Context, article: str, params: dict[str, Any], clients: _Clients) -> int:
    from verify.cli.options import pop_network_options  # noqa: PLC0415
    from verify.pipeline import CheckOptions, run_check  # noqa: PLC0415
    from verify.report import exit_status, render  # noqa: PLC0415

    config = discover(article, explicit=params.pop("config_file"))
    params = merge_config(ctx, params, config)
    net = pop_network_options(params)
    if params["wayback_url"] and not params["wayback_url"].startswith(("http://", "https://")):
        raise UsageError(f"--wayback-url must be an http(s) URL, not {params['wayback_url']!r}")
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
    fmt = OutputFormat(canonical(params["format"]))
    stderr = sys.stderr
    progress = None if params["quiet"] or not _isatty(stderr) else ProgressLine(stderr)
    client = clients.get(net)
    try:
        report = run_check(article, options, client=client, progress=progress,
                           stdin=sys.stdin.buffer)  # fmt: skip
    finally:
        if progress is not None:
            progress.clear()
    output = params["output"]
    if output and output != "-":
        text = render(report, fmt, colour=False, width=160)
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    else:
        stdout = sys.stdout
        colour = fmt is OutputFormat.TABLE and _use_colour(stdout)
        width = _table_width(stdout)
        click.echo(render(report, fmt, colour=colour, width=width), nl=False, color=colour)
    return exit_status(report)


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
