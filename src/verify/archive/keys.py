"""Finding Internet Archive keys: the environment, else the `ia.ini` the `internetarchive` tool writes."""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

from verify.archive.types import IAKeys


def config_paths(home: Path | None = None, env: Mapping[str, str] | None = None) -> list[Path]:
    """Where the `internetarchive` tool keeps its configuration, in its own order of preference."""
    env = os.environ if env is None else env
    home = home or Path.home()
    paths: list[Path] = []
    if env.get("IA_CONFIG_FILE"):
        paths.append(Path(env["IA_CONFIG_FILE"]))
    xdg = env.get("XDG_CONFIG_HOME")
    config_home = Path(xdg) if xdg else home / ".config"
    paths.append(config_home / "internetarchive" / "ia.ini")
    paths += [home / ".config" / "ia.ini", home / ".ia"]
    return paths


def load_keys(env: Mapping[str, str] | None = None, home: Path | None = None) -> IAKeys | None:
    """IA_ACCESS_KEY/IA_SECRET_KEY, else the `[s3]` section of the first readable ia.ini; else None."""
    env = os.environ if env is None else env
    access, secret = env.get("IA_ACCESS_KEY", "").strip(), env.get("IA_SECRET_KEY", "").strip()
    if access and secret:
        return IAKeys(access, secret, "env")
    for path in config_paths(home, env):
        parser = configparser.ConfigParser(interpolation=None)
        try:
            if not parser.read(path, encoding="utf-8"):
                continue
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue  # a broken config file is not ours to fail on; save anonymously instead
        access = parser.get("s3", "access", fallback="").strip()
        secret = parser.get("s3", "secret", fallback="").strip()
        if access and secret:
            return IAKeys(access, secret, str(path))
    return None
