"""The network options every command that fetches shares, and the one way to build a client from them."""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from verify import USER_AGENT
from verify.config import ANY_DURATION, LIMITS, Bounds, http_base_url, user_agent
from verify.errors import UsageError
from verify.fetch.types import DEFAULT_JOBS, DEFAULT_PER_HOST, ClientConfig
from verify.textsafe import ESCAPE, one_line

if TYPE_CHECKING:
    from verify.fetch.http import HttpClient

F = TypeVar("F", bound=Callable[..., Any])

_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """Seconds from `90`, `90s`, `15m`, `6h`, `1d` or `2w`; ValueError otherwise."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"not a duration: {text!r} (try 3600, 30m, 6h or 1d)")
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def url_arguments(args: Iterable[str], *, http_only: bool = False) -> list[str]:
    """The URLs given as arguments, in order; `-` reads more from standard input, one a line (`#` comments).

    UsageError when none is given or one is not a URL: not absolute (`scheme://…`, or a javascript:, data:
    or mailto: link, which the fetcher reports as unsafe), or with `http_only`, not http(s).
    """
    urls: list[str] = []
    for arg in args:
        if arg == "-":
            urls.extend(line.strip() for line in sys.stdin if line.strip() and not line.startswith("#"))
        else:
            urls.append(arg.strip())
    for u in urls:
        if any("\ud800" <= c <= "\udfff" for c in u):
            raise UsageError(f"not a URL: {encodable(one_line(u, 100), 'utf-8')} (bytes that are not UTF-8)")
        if http_only and not u.lower().startswith(("http://", "https://")):
            raise UsageError(f"not an http(s) URL: {one_line(u, 100)}")
        if "://" not in u and not u.lower().startswith(("javascript:", "data:", "mailto:")):
            raise UsageError(f"not a URL: {one_line(u, 100)} (give absolute http:// or https:// URLs)")
    if not urls:
        raise UsageError("no URLs given")
    return urls


class Duration(click.ParamType[float]):
    """Seconds from `90`, `15m`, `6h`…, finite and within the setting's range (`verify.config.LIMITS`)."""

    name = "DURATION"

    def __init__(self, key: str | None = None) -> None:
        self.bounds = LIMITS[key] if key else ANY_DURATION

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = value if isinstance(value, int | float) else parse_duration(str(value))
            return self.bounds.check(seconds)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


class Number(click.ParamType[Any]):
    """A number within the setting's range in `verify.config.LIMITS`: the range the config file has too."""

    def __init__(self, key: str) -> None:
        self.bounds = LIMITS[key]
        self.name = "INTEGER" if self.bounds.whole else "FLOAT"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = value if isinstance(value, int | float) else _parse_number(str(value), self.bounds)
            checked = self.bounds.check(number)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return int(checked) if self.bounds.whole else checked


def _parse_number(text: str, bounds: Bounds) -> float:
    try:
        return int(text.strip()) if bounds.whole else float(text)
    except ValueError:
        kind = "a whole number" if bounds.whole else "a number"
        raise ValueError(f"{text!r} is not {kind}") from None


class Cidr(click.ParamType[str]):
    name = "CIDR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            return str(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            self.fail(f"not a network: {value!r} (e.g. 10.1.0.0/16 or 192.0.2.7)", param, ctx)


class Resolve(click.ParamType[tuple[str, str]]):
    """`HOST[:PORT]=ADDR:PORT`, like curl's --resolve (tests and recorded sample worlds)."""

    name = "HOST=ADDR:PORT"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        host, sep, target = str(value).partition("=")
        addr, colon, port = target.rpartition(":")
        if not sep or not host or not colon or not addr or not port.isdigit():
            self.fail(f"expected HOST[:PORT]=ADDR:PORT, got {value!r}", param, ctx)
        return host.strip().lower(), target.strip()


def _checked_by(check: Callable[[Any], str]) -> Callable[[click.Context, click.Parameter, Any], str | None]:
    """A click callback applying a `verify.config` validator: the option and the file refuse alike."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return check(value)
        except ValueError as exc:
            raise click.BadParameter(f"{one_line(value, 100)!r} {exc}", ctx=ctx, param=param) from None

    return callback


def network_options(func: F) -> F:
    """Add the shared fetch options (timeouts, concurrency, safety, evidence, cache) to a command."""
    options = [
        click.option(
            "--timeout",
            type=Number("timeout"),
            default=20.0,
            show_default=True,
            help="Total deadline per request, in seconds (connect, first byte and body; "
            f"{LIMITS['timeout'].range_text()}).",
        ),
        click.option(
            "--jobs",
            "-j",
            type=Number("jobs"),
            default=DEFAULT_JOBS,
            show_default=True,
            help=f"Requests in flight at once ({LIMITS['jobs'].range_text()}).",
        ),
        click.option(
            "--per-host",
            type=Number("per-host"),
            default=DEFAULT_PER_HOST,
            show_default=True,
            help=f"Requests in flight at once to one host ({LIMITS['per-host'].range_text()}).",
        ),
        click.option(
            "--min-interval",
            type=Number("min-interval"),
            default=0.0,
            show_default=True,
            metavar="SECONDS",
            help="Least time between two requests to one host (politeness for small sites; "
            f"{LIMITS['min-interval'].range_text()}).",
        ),
        click.option(
            "--allow-net",
            "allow_net",
            type=Cidr(),
            multiple=True,
            help="Allow fetching from this non-public network (repeatable), e.g. a newsroom intranet.",
        ),
        click.option(
            "--allow-private",
            is_flag=True,
            help="Allow private, loopback and other non-public addresses (unsafe in CI).",
        ),
        click.option(
            "--warc",
            type=click.Path(dir_okay=False, writable=True),
            default=None,
            help="Record every request and response of the run in this WARC file (evidence).",
        ),
        click.option(
            "--replay",
            type=click.Path(exists=True, dir_okay=False, readable=True),
            default=None,
            help="Answer every request from this WARC; never touch the network.",
        ),
        click.option(
            "--user-agent",
            default=None,
            metavar="TEXT",
            callback=_checked_by(user_agent),
            help="User-Agent header (default names verify, its version and home page).",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False),
            default=None,
            envvar="VERIFY_CACHE_DIR",
            help="Where the fetch cache lives [default: the user cache directory; env VERIFY_CACHE_DIR].",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the fetch cache."),
        click.option(
            "--max-age",
            type=Duration("max-age"),
            default="1d",
            show_default=True,
            help="How long a cached source stays fresh (seconds, or 30m, 6h, 1d).",
        ),
        click.option(
            "--resolve",
            "resolve",
            type=Resolve(),
            multiple=True,
            hidden=True,
            help="Connect HOST[:PORT] to ADDR:PORT over plain HTTP, keeping URL and Host (testing).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


NETWORK_OPTION_NAMES = (
    "timeout",
    "jobs",
    "per_host",
    "min_interval",
    "allow_net",
    "allow_private",
    "warc",
    "replay",
    "user_agent",
    "cache_dir",
    "no_cache",
    "max_age",
    "resolve",
)


def pop_network_options(params: dict[str, Any]) -> dict[str, Any]:
    """Remove the shared network options from a command's params and return them."""
    return {name: params.pop(name) for name in NETWORK_OPTION_NAMES if name in params}


def client_from_options(
    *,
    skip_patterns: tuple[str, ...] = (),
    **kwargs: Any,
) -> HttpClient:
    """Build the run's HttpClient from `network_options` values (unknown keys are ignored).

    Commands pass their whole `**params`; missing options take the defaults.
    """
    # requests is imported only when a command actually builds a client (`--help` stays fast).
    from verify.fetch.http import HttpClient  # noqa: PLC0415

    warc = kwargs.get("warc")
    replay = kwargs.get("replay")
    if warc and replay and os.path.abspath(warc) == os.path.abspath(replay):
        raise UsageError("--warc and --replay name the same file")
    for pattern in skip_patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"bad skip pattern {pattern!r}: {exc}") from None
    resolve = tuple(
        Resolve().convert(r, None, None) if isinstance(r, str) else tuple(r)
        for r in kwargs.get("resolve") or ()
    )
    numbers = _checked_numbers(kwargs)
    try:
        agent = user_agent(kwargs["user_agent"]) if kwargs.get("user_agent") else USER_AGENT
    except ValueError as exc:
        raise UsageError(f"--user-agent {exc}") from None
    config = ClientConfig(
        user_agent=agent,
        timeout=numbers.get("timeout", 20.0),
        jobs=int(numbers.get("jobs", DEFAULT_JOBS)),
        per_host=int(numbers.get("per_host", DEFAULT_PER_HOST)),
        min_interval=numbers.get("min_interval", 0.0),
        allow_private=bool(kwargs.get("allow_private")),
        allow_nets=tuple(kwargs.get("allow_net") or ()),
        warc_path=warc,
        replay_path=replay,
        cache_dir=kwargs.get("cache_dir"),
        use_cache=not kwargs.get("no_cache") and not replay,
        max_age=numbers.get("max_age", 86_400.0),
        resolve=resolve,
        skip_patterns=tuple(skip_patterns),
    )
    try:
        return HttpClient(config)
    except OSError as exc:
        raise UsageError(f"cannot open {exc.filename or 'file'}: {exc.strerror or exc}") from None


def _checked_numbers(kwargs: dict[str, Any]) -> dict[str, float]:
    """The numeric network settings given, checked against the ranges the options and config files use."""
    numbers: dict[str, float] = {}
    for name in ("timeout", "jobs", "per_host", "min_interval", "max_age"):
        value = kwargs.get(name)
        if value is None:
            continue
        key = name.replace("_", "-")
        try:
            numbers[name] = LIMITS[key].check(value)
        except ValueError as exc:
            raise UsageError(f"--{key} {exc}") from None
    return numbers


# Options that `check` and `archive` share, declared once so their help and defaults cannot drift.
archive_max_age_option = click.option(
    "--archive-max-age",
    type=Number("archive-max-age"),
    default=30.0,
    show_default=True,
    metavar="DAYS",
    help="A capture counts as the source as cited when it is at most this many days older than the "
    f"publication (undated or fresh articles: than now; {LIMITS['archive-max-age'].range_text()}).",
)


# `--color` on every command, the same words everywhere; cli.output.use_colour(stream, color) decides.
COLOR_CHOICES = ("auto", "always", "never")
color_option = click.option(
    "--color",
    "color",
    type=click.Choice(COLOR_CHOICES),
    default="auto",
    show_default=True,
    help="Colour the table: auto (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).",
)
wayback_url_option = click.option(
    "--wayback-url",
    default=None,
    envvar="VERIFY_WAYBACK_URL",
    callback=_checked_by(http_base_url),
    metavar="URL",
    help="Wayback Machine base URL, e.g. a mirror or a test emulator "
    "[default: https://web.archive.org; env VERIFY_WAYBACK_URL].",
)


# --------------------------------------------------------------------------- writing reports


def encodable(text: str, encoding: str | None) -> str:
    """`text` with what `encoding` cannot carry escaped (a latin-1 or ASCII terminal; stray surrogates from
    undecodable arguments on a strict UTF-8 one), so that writing a report never fails on its characters."""
    encoding = encoding or "utf-8"
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        return text.encode(encoding, ESCAPE).decode(encoding)
    except LookupError:
        return text


output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write to FILE instead of standard output (checked before any work, written whole or not at all).",
)


def emit(text: str, output: str | None = None, *, colour: bool | None = None) -> None:
    """Write a command's report to `output` (atomically) or to standard output, whatever it can encode.

    A full disk or device behind either is a usage error (exit 2) with one line, never a traceback.
    """
    from verify.cli.output import write_output  # noqa: PLC0415

    if output and output != "-":
        write_output(output, encodable(text, "utf-8"))
        return
    stream = click.get_text_stream("stdout")
    try:
        click.echo(encodable(text, getattr(stream, "encoding", None)), nl=False, color=colour)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise UsageError(f"cannot write the report to standard output: {exc.strerror or exc}") from None
