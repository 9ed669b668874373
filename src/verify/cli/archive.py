"""`verify archive`: find (and optionally make) Wayback Machine captures of URLs."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

import click

from verify.cli.options import (
    Duration,
    archive_max_age_option,
    client_from_options,
    color_option,
    emit,
    network_options,
    output_option,
    url_arguments,
    wayback_url_option,
)
from verify.cli.output import HELP_OPTIONS, Command, check_outputs, format_option, use_colour
from verify.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from verify.report import Style, canonical, render_as

POLICIES = ("never", "missing", "always")


@click.command(name="archive", cls=Command, context_settings=HELP_OPTIONS)
@click.argument("urls", nargs=-1, required=True, metavar="URL...")
@click.option("--save", is_flag=True, help="Save URLs with no capture, or whose latest is too old.")
@click.option(
    "--archive",
    "policy",
    type=click.Choice(POLICIES),
    default=None,
    help="When to save: never, missing (as --save) or always [default: never, or missing with --save].",
)
@click.option(
    "--date",
    "published",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]),
    default=None,
    help="Publication date (YYYY-MM-DD): 'as cited' is the capture closest before it.",
)
@archive_max_age_option
@click.option(
    "--save-timeout",
    type=Duration("save-timeout"),
    default="120",
    show_default=True,
    help="How long to wait for one save (seconds, or 2m).",
)
@wayback_url_option
@format_option("archive")
@output_option
@color_option
@network_options
def command(
    urls: tuple[str, ...],
    *,
    save: bool,
    policy: str | None,
    published: datetime | None,
    archive_max_age: float,
    save_timeout: float,
    wayback_url: str | None,
    fmt: str,
    output: str | None,
    color: str,
    **options: Any,
) -> None:
    """Find (and optionally make) Wayback Machine captures of URLs.

    For each URL: the capture 'as cited' (closest before or at --date, else the earliest
    after it, marked "(after)"), the latest capture, and with --save a new capture when
    none stands for the URL as cited: none at all, or none within --archive-max-age days
    before --date (without --date: before now). Profiles and bare handles are never
    archived, only posts. Give `-` to read URLs from standard input.

    Saving uses Save Page Now 2 when Internet Archive keys are set (IA_ACCESS_KEY and
    IA_SECRET_KEY, or the ia.ini of the `internetarchive` tool); without keys it tries
    the anonymous save, which the service often refuses. Look-ups and saves stay under the
    Wayback's published rate limits; a save job still running when the command ends is
    picked up (never resubmitted) by the next run.

    Exit status: 0 every URL is archived or saved; 1 any is not; 2 bad usage.
    """
    from verify.archive import Archiver, SavePolicy  # noqa: PLC0415

    if save and policy == "never":
        raise UsageError("--save and --archive never contradict each other")
    check_outputs({"--output": output, "--warc": options.get("warc")}, [])
    chosen = SavePolicy(policy or ("missing" if save else "never"))
    targets = list(dict.fromkeys(url_arguments(urls, http_only=True)))  # each URL looked up once
    when = published.date() if published and not (published.hour or published.minute) else published
    with client_from_options(**options) as client:
        archiver = Archiver(
            client,
            wayback_url=wayback_url,
            policy=chosen,
            max_age_days=archive_max_age,
            save_timeout=save_timeout,
        )
        results = archiver.ensure_all(targets, when)
    colour = not output and canonical(fmt) == "table" and use_colour(sys.stdout, color)
    emit(render_as("archive", fmt, results, Style(colour=colour)), output, colour=colour)
    done = all(r.status.value in ("archived", "saved") for r in results.values())
    raise SystemExit(EXIT_OK if done else EXIT_FINDINGS)
