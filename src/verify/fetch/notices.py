"""Warnings a run prints on stderr when something degrades but the run goes on (no cache, a cut WARC)."""

from __future__ import annotations

import sys
import threading

from verify.textsafe import one_line

_lock = threading.Lock()
_said: set[str] = set()


def warn(message: str) -> None:
    """One `Warning: …` line on stderr, once per message per process (many threads hit the same fault)."""
    text = one_line(message, 400)
    with _lock:
        if text in _said:
            return
        _said.add(text)
    # sys.stderr is looked up now, not at import: click's CliRunner swaps it per invocation.
    print(f"Warning: {text}", file=sys.stderr, flush=True)
