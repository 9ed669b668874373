"""CDX answers as data: query parameters, defensive row parsing, dedupe, choosing captures (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta

from verify.archive.types import CdxRow

FIELDS = ("timestamp", "original", "statuscode", "digest", "mimetype", "length")
# Error captures (4xx, 5xx) are dropped by the index; redirects and revisit rows are kept so that a
# revisit can be told from what it revisits (a revisit of a 301 is a redirect, not content). Captures of
# JSON (how X posts are mostly archived) are indexed with an empty statuscode, kept too.
STATUS_FILTER = "!statuscode:[45][0-9][0-9]"
# The base32 SHA-1 of an empty payload: a revisit or capture with it is a redirect, never content.
EMPTY_DIGEST = "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
REVISIT = "warc/revisit"


def parse_timestamp(ts: str) -> datetime | None:
    """A 14-digit Wayback timestamp as aware UTC, or None for junk (month or day `00`, wrong length)."""
    if len(ts) != 14 or not ts.isdigit():
        return None
    try:
        return datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def format_timestamp(when: datetime) -> str:
    """14 digits, UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%d%H%M%S")


def publication_instant(published: date | datetime | str | None) -> datetime | None:
    """The moment an article went out: a bare date counts to its last second (the whole day is 'at')."""
    if published is None:
        return None
    if isinstance(published, str):
        text = published.strip()
        if not text:
            return None
        try:
            if len(text) == 10:
                published = date.fromisoformat(text)
            else:
                published = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(published, datetime):
        return published.replace(tzinfo=UTC) if published.tzinfo is None else published.astimezone(UTC)
    return datetime(published.year, published.month, published.day, 23, 59, 59, tzinfo=UTC)


def query_params(
    url: str,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int | None = None,
    resume_key: str | None = None,
    collapse: str | None = None,
    match_type: str | None = None,
) -> dict[str, str]:
    """Parameters of one CDX query (JSON output, our fields, status filter, resume keys on)."""
    params = {
        "url": url,
        "output": "json",
        "fl": ",".join(FIELDS),
        "filter": STATUS_FILTER,
        "showResumeKey": "true",
    }
    if start is not None:
        params["from"] = format_timestamp(start)
    if end is not None:
        params["to"] = format_timestamp(end)
    if limit is not None:
        params["limit"] = str(limit)
    if collapse:
        params["collapse"] = collapse
    if match_type:
        params["matchType"] = match_type  # `prefix`: every URL under `url` (a handle's posts)
    if resume_key:
        params["resumeKey"] = resume_key  # sent back unchanged; URL-encoding it again is right
    return params


def parse(text: str, fields: Sequence[str] = FIELDS) -> tuple[list[CdxRow], str | None]:
    """Rows and the resume key from a CDX answer, JSON or text; junk rows are skipped, never raised."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, list):
            return _parse_json(data)
    return _parse_text(text, fields)


def _parse_json(data: list[object]) -> tuple[list[CdxRow], str | None]:
    rows: list[CdxRow] = []
    resume: str | None = None
    names: list[str] | None = None
    after_blank = False
    for item in data:
        if not isinstance(item, list):
            continue
        if not item:
            after_blank = True  # `[]` then `["<resume key>"]`
            continue
        cells = [str(c) for c in item]
        if after_blank and len(cells) == 1:
            resume = cells[0]
            continue
        if names is None:
            names = cells
            continue
        row = _row(dict(zip(names, cells, strict=False)))
        if row is not None:
            rows.append(row)
    return rows, resume


def _parse_text(text: str, fields: Sequence[str]) -> tuple[list[CdxRow], str | None]:
    rows: list[CdxRow] = []
    resume: str | None = None
    lines = text.splitlines()
    # With showResumeKey the last non-empty line after a blank line is the key.
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) >= 2 and not lines[-2].strip() and len(lines[-1].split()) == 1:
        resume = lines.pop().strip()
    default_order = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
    for line in lines:
        cells = line.split(" ")
        if not line.strip():
            continue
        names = fields if len(cells) == len(fields) else default_order
        if len(cells) != len(names):
            continue
        row = _row(dict(zip(names, cells, strict=True)))
        if row is not None:
            rows.append(row)
    return rows, resume


def _row(cells: dict[str, str]) -> CdxRow | None:
    ts = cells.get("timestamp", "")
    original = cells.get("original", "")
    if parse_timestamp(ts) is None or not original.lower().startswith(("http://", "https://")):
        return None
    if original.lower().startswith(("http://mailto:", "https://mailto:")):
        return None
    length_text = cells.get("length", "-")
    return CdxRow(
        timestamp=ts,
        original=original,
        statuscode=cells.get("statuscode", "-") or "-",
        digest=cells.get("digest", "-") or "-",
        mimetype=cells.get("mimetype", "-") or "-",
        length=int(length_text) if length_text.isdigit() else None,
    )


def usable(rows: Iterable[CdxRow], resolved: Mapping[str, str] | None = None) -> list[CdxRow]:
    """Unique captures of content (a 200 page) in time order.

    A row without a status (a `warc/revisit`, or a JSON capture) repeats a payload: it counts when that
    payload was a 200, here or in `resolved` (digest -> the status of the capture it revisits), and when
    the payload is unknown (read-back checks it). Redirects and empty payloads never count.
    """
    unique: dict[tuple[str, str, str], CdxRow] = {}
    for row in rows:
        unique.setdefault(row.key, row)
    known = dict(resolved or {})
    for r in unique.values():
        # A 200 anywhere wins: the same payload answered 200 at least once.
        if r.statuscode != "-" and r.digest != "-" and known.get(r.digest) != "200":
            known[r.digest] = r.statuscode

    def keep(r: CdxRow) -> bool:
        if r.digest == EMPTY_DIGEST:
            return False
        if r.statuscode != "-":
            return r.statuscode == "200"
        return r.digest != "-" and known.get(r.digest, "200") == "200"

    kept = [r for r in unique.values() if keep(r)]
    return sorted(kept, key=lambda r: r.timestamp)


def unresolved_revisits(rows: Iterable[CdxRow]) -> list[str]:
    """Digests of revisit rows whose original capture is not among `rows` (one more query finds them)."""
    seen = {r.digest for r in rows if r.mimetype != REVISIT and r.statuscode != "-"}
    wanted = {
        r.digest
        for r in rows
        if r.mimetype == REVISIT and r.digest not in seen and r.digest not in ("-", EMPTY_DIGEST)
    }
    return sorted(wanted)


def digest_query(url: str, digests: Sequence[str]) -> list[tuple[str, str]]:
    """Parameters of the one query that finds the captures some revisits repeat (any status)."""
    return [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(FIELDS)),
        ("filter", f"digest:({'|'.join(digests)})"),
        ("filter", f"!mimetype:{REVISIT}"),
        ("collapse", "digest"),
        ("limit", str(4 * len(digests) + 4)),
    ]


def choose(rows: Sequence[CdxRow], published: datetime | None) -> tuple[CdxRow | None, bool, CdxRow | None]:
    """(as_cited, as_cited_after, latest) from time-ordered usable rows.

    as_cited is the capture closest before or at publication, else the earliest after it (flagged).
    """
    if not rows:
        return None, False, None
    latest = rows[-1]
    if published is None:
        return None, False, latest
    cutoff = format_timestamp(published)
    before = [r for r in rows if r.timestamp <= cutoff]
    if before:
        return before[-1], False, latest
    return rows[0], True, latest


def age_days(timestamp: str, now: datetime) -> float | None:
    """How old a capture is, in days."""
    when = parse_timestamp(timestamp)
    if when is None:
        return None
    return (now - when) / timedelta(days=1)
