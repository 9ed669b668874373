"""Turning bytes into text by one rule: every BOM, a declared charset, UTF-8, then a guarded guess."""

from __future__ import annotations

import codecs
import functools
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)""", re.I)
# Labels that mean Windows-1252 on the web (as browsers read them): a superset of Latin-1 for printable
# text, and what "Latin-1" and "ASCII" files really are.
_LATIN1 = frozenset({"iso8859-1", "ascii", "cp1252"})
# Declared charsets that servers put on UTF-8 pages far more often than they are true.
_UTF8_OR_DEFAULT = _LATIN1 | {"utf-8"}
# Single-byte Western encodings a guesser confuses with each other on short text.
_GUESSED_WESTERN = _LATIN1 | {"iso8859-15", "cp1250", "mac-roman"}
# Bytes with no character in Windows-1252: fall back to Latin-1 for them.
_CP1252_HOLES = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def strip_bom(data: bytes) -> tuple[bytes, str | None]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], encoding
    return data, None


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le`/`-be` when every other byte of a sample is NUL (ASCII text in UTF-16), else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(len(sample[0::2]), 1)
    odd = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """True for bytes no text is made of (NULs, or many control bytes), once BOMs are handled."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def header_charset(content_type: str) -> str | None:
    """The `charset=` parameter of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset" and value.strip("\"' "):
            return value.strip("\"' ").lower()
    return None


def _known(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _in_document(head: bytes) -> str | None:
    m = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return _known(m.group(1).decode("ascii", "replace")) if m else None


def _utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Bytes cut at a size cap may end inside a character: that alone is not a wrong guess.
        if exc.start >= len(body) - 3:
            return body[: exc.start].decode("utf-8")
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used) by the one rule for every document, article or source.

    A BOM wins; then the charset declared (by the caller's header, else the document's `<meta>` or XML
    declaration), except that a Latin-1/ASCII/UTF-8 label on bytes that are valid UTF-8 means UTF-8; then
    UTF-16 without a BOM, UTF-8, and a guess where a Western single-byte guess means Windows-1252.
    Never raises: undecodable bytes become U+FFFD as a last resort.
    """
    body, bom = strip_bom(data)
    if bom:
        return body.decode(bom, errors="replace"), bom
    utf16 = utf16_without_bom(body)
    if utf16:
        return body.decode(utf16, errors="replace"), utf16
    name = _known(declared) or _in_document(body[:4096])
    if name in _UTF8_OR_DEFAULT:
        as_utf8 = _utf8(body)
        if as_utf8 is not None:
            return as_utf8, "utf-8"
        if name == "utf-8":
            # A page that declares UTF-8 but is not valid UTF-8 is usually Windows-1252 in disguise.
            name = None
    if name is not None:
        if name in _LATIN1:
            return _decode_western(body)
        return body.decode(name, errors="replace"), name
    as_utf8 = _utf8(body)
    if as_utf8 is not None:
        return as_utf8, "utf-8"
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only for undeclared non-UTF-8 input

    best = from_bytes(body[:200_000]).best()
    if best is not None and _known(best.encoding) not in _GUESSED_WESTERN:
        return body.decode(best.encoding, errors="replace"), best.encoding
    return _decode_western(body)


def _decode_western(body: bytes) -> tuple[str, str]:
    if not _CP1252_HOLES.search(body):
        return body.decode("cp1252"), "cp1252"
    return body.decode("latin-1"), "latin-1"


_LEAD = bytes(range(0xC2, 0xF5)).decode("latin-1")
# Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: lenient decoders keep them as C1 controls.
_TO_BYTE = {
    ch: b for b in range(0x80, 0xC0) for ch in [bytes([b]).decode("cp1252", errors="ignore") or chr(b)]
}


@functools.cache
def _mojibake_re() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(_LEAD)}][{re.escape(''.join(_TO_BYTE))}]{{1,3}}|â€(?=[\\s.,;:!?]|$)")


def _unmangle(run: str) -> str:
    if run == "â€":
        return "\u201d"  # `”` whose last byte (0x9D, undefined in Windows-1252) was lost
    try:
        return bytes(_TO_BYTE.get(ch, ord(ch)) for ch in run).decode("utf-8")
    except (UnicodeError, ValueError):
        return run


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1252 (`â€œ` → `“`, `Ã©` → `é`), run by run; other text is untouched."""
    if "â€" not in text and "Ã" not in text and "Â" not in text:
        return text
    return _mojibake_re().sub(lambda m: _unmangle(m.group(0)), text)
