"""Project configuration for `verify check`: `[tool.verify]` (pyproject.toml) or verify.toml, found upwards.

Command-line options win over the file; the CLI decides which options the user set (click's ParameterSource)
and fills the rest from here. Every key is validated: an unknown key or a wrong type is a `ConfigError`.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from verify.errors import ConfigError
from verify.fetch.types import MAX_TIMEOUT, MIN_TIMEOUT
from verify.models import WaybackUse

ARCHIVE_POLICIES = tuple(use.value for use in WaybackUse)  # the values of `--archive` and `archive =`

# Every name `--fail-on` (and `fail-on` in the file) accepts: the contract's verdicts and statuses.
FAIL_ON_NAMES: frozenset[str] = frozenset(
    {
        # quotations
        "exact", "minor", "altered", "spliced", "not-found", "elsewhere", "changed", "unverifiable",
        # embedded posts
        "matches", "differs", "deleted",
        # fetch
        "ok", "redirected", "broken", "blocked", "timeout", "unsafe", "skipped", "not-in-replay",
        # archive
        "archived", "saved", "missing", "failed",
        # figures
        "confirmed",
        # the run as a whole: nothing at all could be checked
        "unchecked",
    }
)  # fmt: skip
DEFAULT_FAIL_ON: frozenset[str] = frozenset(
    {"altered", "spliced", "not-found", "elsewhere", "changed", "differs", "deleted", "broken"}
)


@dataclass(frozen=True, slots=True)
class Config:
    """Settings read from a configuration file; None means "not set here"."""

    path: str | None = None  # the file they came from
    skip: tuple[str, ...] = ()  # URL regexes never fetched nor archived
    jobs: int | None = None
    per_host: int | None = None
    timeout: float | None = None
    archive: str | None = None  # never | lookup | missing | always
    archive_max_age: float | None = None  # days
    archive_timeout: float | None = None  # seconds
    wayback_url: str | None = None
    fail_on: frozenset[str] | None = None
    user_agent: str | None = None
    allow_net: tuple[str, ...] = ()  # CIDRs allowed although non-public
    allow_private: bool | None = None
    max_age: float | None = None  # seconds a cached source stays fresh
    format: str | None = None


def parse_fail_on(values: str | list[str] | tuple[str, ...]) -> frozenset[str]:
    """Names from comma-separated strings; raises ValueError naming an unknown one."""
    items = [values] if isinstance(values, str) else list(values)
    names: set[str] = set()
    for item in items:
        for raw in str(item).split(","):
            name = raw.strip().lower()
            if not name or name == "none":
                continue
            if name not in FAIL_ON_NAMES:
                raise ValueError(
                    f"unknown verdict or status {name!r} (choose from {', '.join(sorted(FAIL_ON_NAMES))})"
                )
            names.add(name)
    return frozenset(names)


# --------------------------------------------------------------------------- validators


@dataclass(frozen=True, slots=True)
class Bounds:
    """The values one numeric setting accepts: finite, within [low, high], whole when `whole`."""

    low: float
    high: float
    whole: bool = False
    unit: str = ""  # said after the numbers in a refusal: "seconds", "days"

    def check(self, value: Any) -> float:
        """The value as a number; ValueError saying what is accepted (also for inf, nan and non-numbers)."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number {self._between()}")
        number = float(value) if not isinstance(value, int) or abs(value) < 2**63 else math.inf
        if not math.isfinite(number) or not self.low <= number <= self.high:
            raise ValueError(f"must be {self._between()}, not {value!r}")
        if self.whole and number != int(number):
            raise ValueError(f"must be a whole number {self._between()}, not {value!r}")
        return number

    def _between(self) -> str:
        return f"from {self.range_text()}"

    def range_text(self) -> str:
        """`0.1 to 3600 seconds`: what --help and refusals say."""
        unit = f" {self.unit}" if self.unit else ""
        return f"{_plain(self.low)} to {_plain(self.high)}{unit}"


def _plain(number: float) -> str:
    return str(int(number)) if number == int(number) else f"{number:g}"


# The one table of numeric ranges: the command-line options and the configuration file both check
# against it, so a value refused on one is refused on the other. Non-finite numbers are never accepted.
LIMITS: dict[str, Bounds] = {
    "timeout": Bounds(MIN_TIMEOUT, MAX_TIMEOUT, unit="seconds"),
    "jobs": Bounds(1, 512, whole=True),
    "per-host": Bounds(1, 64, whole=True),
    "min-interval": Bounds(0.0, 600.0, unit="seconds"),
    "max-age": Bounds(0.0, 3650 * 86_400.0, unit="seconds"),
    "archive-max-age": Bounds(0.0, 36_500.0, unit="days"),
    "archive-timeout": Bounds(0.0, 86_400.0, unit="seconds"),
    "save-timeout": Bounds(0.0, 86_400.0, unit="seconds"),
    "max-bytes": Bounds(1, 2_000_000_000, whole=True, unit="bytes"),
}
# Durations given without a range of their own (a duration option is never infinite).
ANY_DURATION = Bounds(0.0, 3650 * 86_400.0, unit="seconds")


def _bounded(key: str) -> Callable[[Any], float]:
    bounds = LIMITS[key]

    def check(value: Any) -> float:
        number = bounds.check(value)
        return int(number) if bounds.whole else number

    return check


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return str(value)


def user_agent(value: Any) -> str:
    """A User-Agent header value: printable ASCII on one line; ValueError otherwise.

    A line break or a byte the header cannot carry (`\\xff` from a shell) would break every request of a
    run, each reported as the source's fault; it is the user's to fix instead.
    """
    text = _string(value)
    bad = next((c for c in text if not " " <= c <= "~"), None)
    if bad is not None:
        raise ValueError(f"must be printable ASCII on one line (found {bad!r})")
    return text.strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a string or a list of strings")
    return tuple(value)


def _patterns(value: Any) -> tuple[str, ...]:
    patterns = _strings(value)
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ValueError(f"{p!r} is not a valid regular expression ({exc})") from None
    return patterns


def _networks(value: Any) -> tuple[str, ...]:
    nets = _strings(value)
    for n in nets:
        try:
            ipaddress.ip_network(n, strict=False)
        except ValueError:
            raise ValueError(f"{n!r} is not a network (e.g. 10.0.0.0/8)") from None
    return nets


def _policy(value: Any) -> str:
    if value not in ARCHIVE_POLICIES:
        raise ValueError(f"must be one of {', '.join(ARCHIVE_POLICIES)}")
    return str(value)


def http_base_url(value: Any) -> str:
    """A service's base URL (`--wayback-url`): http(s), a host, a valid port, no spaces; else ValueError."""
    text = _string(value).strip()
    if not re.match(r"(?i)https?://", text):
        raise ValueError("must be an http(s) URL")
    if any(c.isspace() or not c.isprintable() for c in text):
        raise ValueError("must be a URL without spaces or control characters")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from None
    if not host:
        raise ValueError("must name a host")
    if parts.query or parts.fragment or parts.username is not None:
        raise ValueError("must be a base URL (no query, fragment or credentials)")
    return text.rstrip("/")


def _fail_on(value: Any) -> frozenset[str]:
    if not isinstance(value, str | list):
        raise ValueError("must be a string or a list of strings")
    return parse_fail_on(value)


def _format(value: Any) -> str:
    from verify.report import OutputFormat  # noqa: PLC0415

    names = [f.value for f in OutputFormat]
    if value not in names:
        raise ValueError(f"must be one of {', '.join(names)}")
    return str(value)


_KEYS: dict[str, Callable[[Any], Any]] = {
    "skip": _patterns,
    "jobs": _bounded("jobs"),
    "per-host": _bounded("per-host"),
    "timeout": _bounded("timeout"),
    "archive": _policy,
    "archive-max-age": _bounded("archive-max-age"),
    "archive-timeout": _bounded("archive-timeout"),
    "wayback-url": http_base_url,
    "fail-on": _fail_on,
    "user-agent": user_agent,
    "allow-net": _networks,
    "allow-private": _bool,
    "max-age": _bounded("max-age"),
    "format": _format,
}
assert {k.replace("-", "_") for k in _KEYS} == {f.name for f in fields(Config)} - {"path"}


# --------------------------------------------------------------------------- reading


def parse_config(table: Mapping[str, Any], path: str) -> Config:
    """Validate one `[tool.verify]` table; raise ConfigError naming the file and the key."""
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("_", "-")
        check = _KEYS.get(key)
        if check is None:
            known = ", ".join(sorted(_KEYS))
            raise ConfigError(f"{path}: unknown key {raw_key!r} (known keys: {known})")
        try:
            values[key.replace("-", "_")] = check(value)
        except ValueError as exc:
            raise ConfigError(f"{path}: {raw_key} {exc}") from None
    return Config(path=path, **values)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # noqa: PLC0415 - only when there is a file: a run without one pays nothing

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def load_config(path: str | Path) -> Config:
    """Read a named file: a pyproject.toml (its `[tool.verify]` table) or a verify.toml (top level)."""
    path = Path(path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("verify", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.verify] must be a table")
        return parse_config(table, str(path))
    # verify.toml may also nest its settings under [tool.verify], like pyproject.toml.
    if set(data) == {"tool"} and isinstance(data["tool"], dict) and "verify" in data["tool"]:
        data = data["tool"]["verify"]
    return parse_config(data, str(path))


def find_config(start: str | Path) -> Path | None:
    """The nearest verify.toml, or pyproject.toml with a [tool.verify] table, from `start` upwards."""
    here = Path(start).resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "verify.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            import tomllib  # noqa: PLC0415

            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # someone else's broken pyproject is not ours to report
            tool = data.get("tool")
            if isinstance(tool, dict) and "verify" in tool:
                return pyproject
    return None


def config_start(article_arg: str, cwd: str | Path | None = None) -> Path:
    """Where discovery starts: the article's folder for a path; the current directory for a URL or stdin."""
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    if article_arg == "-" or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", article_arg):
        return cwd
    path = cwd / article_arg
    return path.parent if not path.is_dir() else path


def discover(article_arg: str, *, explicit: str | Path | None = None) -> Config:
    """The configuration for a run: the `--config` file if given, else the nearest one, else defaults."""
    if explicit is not None:
        return load_config(explicit)
    found = find_config(config_start(article_arg))
    return load_config(found) if found else Config()
