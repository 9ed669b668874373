"""Turning an article's bytes into text: BOMs, declared charsets, UTF-8, then a guarded guess."""

from __future__ import annotations

import codecs
import re

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Single-byte Western encodings a guesser confuses with each other on short text; Windows-1252 is a
# superset of Latin-1 for printable text, and what "Latin-1" files on the web really are.
_WESTERN = {"latin_1", "iso8859_1", "iso8859_15", "cp1252", "windows-1252", "cp1250", "mac_roman", "ascii"}
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
    """True for bytes no article is made of (NULs, or many control bytes), once BOMs are handled."""
    sample = data[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) > 0.05


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding used). Never raises: undecodable bytes become U+FFFD as a last resort."""
    body, bom_encoding = strip_bom(data)
    if bom_encoding:
        return body.decode(bom_encoding, errors="replace"), bom_encoding
    utf16 = utf16_without_bom(body)
    if utf16:
        return body.decode(utf16, errors="replace"), utf16
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(body)
    if declared:
        return (
            _decode_western(body)
            if _is_western(declared)
            else (
                body.decode(declared, errors="replace"),
                declared,
            )
        )
    from charset_normalizer import from_bytes  # noqa: PLC0415 - only for non-UTF-8 input

    best = from_bytes(body[:200_000]).best()
    if best is not None and not _is_western(best.encoding):
        return body.decode(best.encoding, errors="replace"), best.encoding
    return _decode_western(body)


def _declared_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    # A page that declares UTF-8 but is not valid UTF-8 is usually Windows-1252 in disguise.
    return None if name.replace("-", "").replace("_", "") == "utf8" else name


def _is_western(name: str) -> bool:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return False
    return canonical in _WESTERN or name.lower() in _WESTERN


def _decode_western(body: bytes) -> tuple[str, str]:
    if not _CP1252_HOLES.search(body):
        return body.decode("cp1252"), "cp1252"
    return body.decode("latin-1"), "latin-1"


_LEAD = bytes(range(0xC2, 0xF5)).decode("latin-1")
# Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: lenient decoders keep them as C1 controls.
_TO_BYTE = {
    ch: b for b in range(0x80, 0xC0) for ch in [bytes([b]).decode("cp1252", errors="ignore") or chr(b)]
}
_MOJIBAKE = re.compile(f"[{re.escape(_LEAD)}][{re.escape(''.join(_TO_BYTE))}]{{1,3}}|â€(?=[\\s.,;:!?]|$)")


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
    return _MOJIBAKE.sub(lambda m: _unmangle(m.group(0)), text)
