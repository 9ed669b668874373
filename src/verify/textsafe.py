"""Untrusted text made safe to print: control characters and escapes removed, the unencodable escaped."""

from __future__ import annotations

import codecs
import re

# C0 and C1 controls except tab and newline, DEL, and bidi overrides that can disguise text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def clean(text: str, *, keep_newlines: bool = True) -> str:
    """Remove ANSI escape sequences and control characters from text from outside."""
    text = _ESCAPE.sub("", text)
    text = _CONTROL.sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text


def one_line(text: str, limit: int | None = None) -> str:
    """Clean text and fold it onto one line, cut to `limit` characters with an ellipsis."""
    out = " ".join(clean(text).split())
    if limit is not None and len(out) > limit:
        out = out[: max(limit - 1, 0)].rstrip() + "…"
    return out


def _escape(exc: UnicodeError) -> tuple[str, int]:
    """What an output cannot encode, as `\\uXXXX` escapes (astral characters as a surrogate pair):
    readable in a table, and inside a JSON string the very escape JSON uses, so a report stays exact."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


# The codec error handler every output uses for what its encoding cannot carry (a latin-1 or ASCII
# terminal; stray surrogates from undecodable arguments on a strict UTF-8 one).
ESCAPE = "verify.escape"
codecs.register_error(ESCAPE, _escape)
