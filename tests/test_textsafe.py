"""Terminal safety: escape sequences and control characters never reach the user's terminal."""

from hypothesis import given
from hypothesis import strategies as st

from verify.textsafe import clean, one_line


def test_ansi_sequences_removed() -> None:
    assert clean("a\x1b[31mred\x1b[0m b") == "ared b"
    assert clean("title\x1b]0;pwned\x07 end") == "title end"


def test_controls_and_bidi_overrides_removed() -> None:
    assert clean("a\x00b\x08c\x7fd\x9be\u202ef") == "abcdef"


def test_newlines_kept_or_folded() -> None:
    assert clean("a\nb") == "a\nb"
    assert clean("a\nb", keep_newlines=False) == "a b"


def test_one_line_cuts_with_ellipsis() -> None:
    assert one_line("  a  b\n c ", 4) == "a b…"
    assert one_line("short", 10) == "short"


@given(st.text())
def test_clean_never_leaves_controls(text: str) -> None:
    out = clean(text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in out)
    assert "\x1b" not in out
