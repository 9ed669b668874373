"""The articles a run names: paths, folders, globs the shell left unexpanded, URLs, `--files-from` lists."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from verify.errors import InputError

# What a folder contributes: drafts and pages, never a README's neighbours (images, data, lock files).
ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt")
_URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
_GLOB = re.compile(r"[*?\[]")


def _from_folder(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        # Hidden folders (.git, .venv, .cache) hold no drafts and can be huge.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [str(Path(root) / f) for f in sorted(files) if f.lower().endswith(ARTICLE_SUFFIXES)]
    return found


def _one(arg: str) -> list[str]:
    if arg == "-" or _URL.match(arg):
        return [arg]
    path = Path(arg)
    if path.is_dir():
        found = _from_folder(path)
        if not found:
            raise InputError(f"{arg}: no {', '.join(ARTICLE_SUFFIXES)} files in this folder")
        return found
    if not path.exists() and _GLOB.search(arg):
        # A pattern quoted in a CI file reaches us unexpanded: expand it as the shell would have.
        matches = sorted(glob.glob(arg, recursive=True))
        files = [m for m in matches if Path(m).is_file()]
        for m in matches:
            if Path(m).is_dir():
                files += _from_folder(Path(m))
        if not files:
            raise InputError(f"{arg}: no file matches this pattern")
        return files
    return [arg]


def _listed(files_from: str, stdin: IO[str] | None) -> list[str]:
    try:
        if files_from == "-":
            text = stdin.read() if stdin is not None else ""
        else:
            text = Path(files_from).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise InputError(f"cannot read --files-from {files_from}: {why}") from None
    # One name per line (as `git diff --name-only` prints them); blank lines and # comments ignored.
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def expand(args: Iterable[str], files_from: str | None = None, stdin: IO[str] | None = None) -> list[str]:
    """Every article the run names, in the order given, each once; InputError when none is named.

    A `--files-from` list that is empty is not an error (a CI job's diff may hold no draft): the run
    then checks nothing and says so.
    """
    names = list(args)
    if files_from is not None:
        names += _listed(files_from, stdin)
    elif not names:
        raise InputError("no article given (name files, folders or URLs, or use --files-from)")
    out: list[str] = []
    for name in names:
        out += _one(name)
    return list(dict.fromkeys(out))
