"""Comparing an embed with the original post: text (through the quotation matcher), author, dates (pure)."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

from verify.models import Edit, EditOp, Embed, MatchResult, OriginalPost, QuoteVerdict
from verify.permalinks import bare_handle

# Links are shortened differently by every renderer (t.co, display URLs cut with "…"), and media
# leave markers; none of it is the words of the post.
_URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:pic\.twitter\.com|pic\.x\.com|t\.co)/\S+", re.I)
_DISPLAY_URL = re.compile(r"\b[\w-]+(?:\.[\w-]+)+/\S*…")
_MEDIA_TAIL = re.compile(
    r"(?:\s*\[(?:image or embed|image|video|media|contains quote post or other embedded content)\])+\s*$",
    re.I,
)
_MAX_LISTED = 5


def normalize_text(text: str | None) -> str:
    """Post text as compared: entities decoded, links and media markers removed, whitespace collapsed."""
    if not text:
        return ""
    out = html.unescape(text)
    out = _URL.sub(" ", out)
    out = _DISPLAY_URL.sub(" ", out)
    out = _MEDIA_TAIL.sub("", out)
    return " ".join(out.split())


def match_texts(embed_text: str, original_text: str) -> MatchResult:
    """The quotation matcher's verdict on the embed's text against the original's (both normalised)."""
    from verify.match import match_quote  # noqa: PLC0415

    return match_quote(embed_text, original_text)


def _quote(words: str, limit: int = 80) -> str:
    words = " ".join(words.split())
    return "“" + (words if len(words) <= limit else words[: limit - 1] + "…") + "”"


def describe_edits(edits: tuple[Edit, ...], *, prefix: str = "text") -> list[str]:
    """Each edit as a sentence a reader understands without knowing the matcher's vocabulary."""
    out: list[str] = []
    for edit in edits[:_MAX_LISTED]:
        if edit.op is EditOp.REPLACE:
            out.append(
                f"{prefix}: the embed has {_quote(edit.quote)} where the original has {_quote(edit.source)}"
            )
        elif edit.op is EditOp.DELETE:
            out.append(f"{prefix}: the embed adds {_quote(edit.quote)}")
        else:
            out.append(f"{prefix}: the embed omits {_quote(edit.source)}")
    if len(edits) > _MAX_LISTED:
        out.append(f"{prefix}: … and {len(edits) - _MAX_LISTED} more changes")
    return out


def text_differences(
    embed_text: str, original_text: str, *, full_text: bool, prefix: str = "text"
) -> tuple[MatchResult, list[str], list[str]]:
    """(match, differences, notes) for two post texts already normalised.

    `full_text` says the embed shows the whole post (X, Bluesky), so extra words in the original are a
    difference too; other embeds show a caption or title that may be cut.
    """
    result = match_texts(embed_text, original_text)
    diffs: list[str] = []
    notes: list[str] = []
    if result.verdict is QuoteVerdict.EXACT:
        pass
    elif result.verdict is QuoteVerdict.MINOR:
        notes.append(f"{prefix}: only punctuation or letter case differ")
    elif result.edits:
        diffs.extend(describe_edits(result.edits, prefix=prefix))
    else:
        diffs.append(f"{prefix}: the original reads {_quote(original_text, 200)}")
    if full_text and result.verdict.found and not embed_text.endswith(("…", "...")):
        start, end = result.start or 0, result.end if result.end is not None else len(original_text)
        before, after = original_text[:start].strip(), original_text[end:].strip()
        extra = " ".join(part for part in (before, after) if part)
        if len(extra) > 2:
            diffs.append(f"{prefix}: the embed omits {_quote(extra)}")
    return result, diffs, notes


def parse_when(value: str | None) -> datetime | date | None:
    """An ISO 8601 date or datetime (a trailing Z allowed); naive datetimes are taken as UTC."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) <= 10:
            return date.fromisoformat(text)
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def days_apart(a: datetime | date, b: datetime | date) -> float:
    """Distance between two instants or days, in days; a bare date stands for the whole day."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs((a - b).total_seconds()) / 86400
    da = a.astimezone(UTC).date() if isinstance(a, datetime) else a
    db = b.astimezone(UTC).date() if isinstance(b, datetime) else b
    return float(abs((da - db).days))


def dates_agree(a: datetime | date, b: datetime | date, *, tolerance: timedelta = timedelta(days=1)) -> bool:
    """True when two dates are within the tolerance (one day: embeds print local dates)."""
    return days_apart(a, b) <= tolerance.total_seconds() / 86400


def show_date(when: datetime | date) -> str:
    if isinstance(when, datetime):
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return when.isoformat()


def author_differences(
    embed: Embed, post: OriginalPost, *, same_id: bool = True
) -> tuple[list[str], list[str]]:
    """(differences, notes) about who posted: the handle is evidence; a display name is only a note."""
    diffs: list[str] = []
    notes: list[str] = []
    shown, actual = bare_handle(embed.author_handle), bare_handle(post.author)
    if shown and actual and shown != actual:
        why = (
            " (same post ID: the account was renamed, or the embed names the wrong account)"
            if same_id
            else ""
        )
        diffs.append(f"author: the embed shows @{shown}, the post is by @{actual}{why}")
    if (
        embed.author_name
        and post.author_name
        and embed.author_name.strip().casefold() != post.author_name.strip().casefold()
        and not diffs
    ):
        notes.append(f"display name now {post.author_name!r} (embed: {embed.author_name!r})")
    return diffs, notes


def date_differences(embed: Embed, post: OriginalPost, id_date: datetime | None) -> list[str]:
    """Differences between the embed's displayed date, the original's date and the ID's creation time."""
    diffs: list[str] = []
    shown = parse_when(embed.date)
    actual = parse_when(post.date)
    if shown is not None and actual is not None and not dates_agree(shown, actual):
        diffs.append(
            f"date: the embed shows {embed.date_text or show_date(shown)}, "
            f"the post is dated {show_date(actual)}"
        )
    if shown is not None and id_date is not None and not dates_agree(shown, id_date) and not diffs:
        diffs.append(
            f"date: the embed shows {embed.date_text or show_date(shown)}, "
            f"the post ID encodes {show_date(id_date)}"
        )
    return diffs
