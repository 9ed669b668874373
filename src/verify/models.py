"""The frozen values that pass between the pipeline's stages (read, extract, fetch, archive, match, report).

Names of enum values are the report contract's (shared spec `report.md`): a CI script matches on them.
Stages add their own private types in their sub-packages; what crosses a stage boundary lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# --------------------------------------------------------------------------- vocabulary


class InputFormat(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


class SourceKind(StrEnum):
    LINK = "link"
    URL = "url"
    EMBED = "embed"
    ATTRIBUTION = "attribution"


class AttributionKind(StrEnum):
    HAT_TIP = "hat-tip"
    VIA = "via"
    TOLD = "told"
    ACCORDING_TO = "according-to"
    CONFIRMED_TO = "confirmed-to"
    REPORTED_BY = "reported-by"
    SOURCE_LINE = "source-line"
    OTHER = "other"


class Tie(StrEnum):
    """How a quotation (or claim) is tied to its source, strongest first (report.md's `tie`)."""

    IN_QUOTE = "in-quote"  # a link inside the marks
    SENTENCE = "sentence"  # a link in the same sentence
    PARAGRAPH = "paragraph"  # only a link elsewhere in the paragraph: may not be its source
    EMBED = "embed"  # it stands in or next to an embedded post
    ATTRIBUTION = "attribution"  # a named source without a link
    NONE = "none"


class Platform(StrEnum):
    TWITTER = "twitter"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    THREADS = "threads"
    REDDIT = "reddit"
    TELEGRAM = "telegram"
    LINKEDIN = "linkedin"


class FetchStatus(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"
    BROKEN = "broken"
    BLOCKED = "blocked"
    TIMEOUT = "timeout"
    UNSAFE = "unsafe"
    SKIPPED = "skipped"
    NOT_IN_REPLAY = "not-in-replay"

    @property
    def readable(self) -> bool:
        """True when the fetch produced the source's own content."""
        return self in (FetchStatus.OK, FetchStatus.REDIRECTED)


class ArchiveStatus(StrEnum):
    ARCHIVED = "archived"
    SAVED = "saved"
    MISSING = "missing"
    FAILED = "failed"
    SKIPPED = "skipped"


class QuoteVerdict(StrEnum):
    EXACT = "exact"
    MINOR = "minor"
    ALTERED = "altered"
    SPLICED = "spliced"
    NOT_FOUND = "not-found"
    ELSEWHERE = "elsewhere"
    CHANGED = "changed"
    UNVERIFIABLE = "unverifiable"

    @property
    def found(self) -> bool:
        """True for verdicts that mean the words are in the source (possibly restyled)."""
        return self in (QuoteVerdict.EXACT, QuoteVerdict.MINOR)


class EmbedVerdict(StrEnum):
    MATCHES = "matches"
    DIFFERS = "differs"
    DELETED = "deleted"
    UNVERIFIABLE = "unverifiable"


class EditOp(StrEnum):
    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"


class WaybackUse(StrEnum):
    """How much a `check` run asks of the Wayback Machine: the values of `--archive`."""

    OFF = "never"  # nothing at all: no look-up, no save, no read-back
    LOOKUP = "lookup"  # look captures up and read them back, never save
    SAVE_MISSING = "missing"  # look up; save a source no capture stands for
    SAVE_ALWAYS = "always"  # look up; save every source

    @property
    def save_policy(self) -> SavePolicy | None:
        """The archive stage's save policy; None when the Wayback Machine is not used at all."""
        return None if self is WaybackUse.OFF else _SAVE_POLICY[self]


class SavePolicy(StrEnum):
    """When the archive stage, having looked a source up, asks the Wayback Machine for a new capture."""

    NEVER = "never"
    MISSING = "missing"  # no capture stands for the source as cited (archive.policy.decide)
    ALWAYS = "always"


_SAVE_POLICY = {
    WaybackUse.LOOKUP: SavePolicy.NEVER,
    WaybackUse.SAVE_MISSING: SavePolicy.MISSING,
    WaybackUse.SAVE_ALWAYS: SavePolicy.ALWAYS,
}


class Version(StrEnum):
    """Which copy of a source a quotation was checked against."""

    LIVE = "live"
    ARCHIVED = "archived"


# --------------------------------------------------------------------------- read + extract


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    input: str  # the path, "-" or URL as the user gave it
    format: InputFormat
    url: str | None = None  # canonical URL
    title: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str  # "S1", "S2", …
    kind: SourceKind
    url: str | None  # normalised; None only for attribution sources
    line: int  # 1-based line of the first occurrence in the input
    text: str | None = None  # anchor text, or the name for an attribution source
    context: str | None = None  # the sentence around the first occurrence
    lines: tuple[int, ...] = ()  # every line where it occurs (duplicates merged)


@dataclass(frozen=True, slots=True)
class Embed:
    id: str  # "E1", …
    platform: Platform
    url: str  # canonical permalink
    line: int
    post_id: str | None = None
    source: str | None = None  # the Source id of the permalink
    author_name: str | None = None
    author_handle: str | None = None  # "@handle", "@user@server", "u/name"
    date: str | None = None  # ISO 8601, parsed from date_text
    date_text: str | None = None  # the date as displayed
    text: str | None = None  # the post text as embedded
    form: str = "blockquote"  # blockquote | iframe | script | div | flattened
    cid: str | None = None  # Bluesky record hash as embedded
    lang: str | None = None
    recovered: bool = False  # a flattened post whose permalink (`url`) was found in the Wayback index


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str  # "A1", …
    kind: AttributionKind
    name: str  # the outlet or person named
    line: int
    source: str | None = None  # a Source id (kind attribution, or a link naming the same outlet)
    context: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    id: str  # "Q1", …
    text: str  # exact text between the marks; ellipses and [insertions] kept
    line: int
    speaker: str | None = None
    source: str | None = None  # the Source id it is tied to
    context: str | None = None  # the sentence or paragraph around it
    embed: str | None = None  # the Embed id when it is (or stands inside) an embed
    partial: bool = False  # a fragment inside a sentence of the article's own
    block: bool = False  # a block quotation rather than inline marks
    open_mark: str = "\u201c"
    close_mark: str = "\u201d"
    tie: Tie = Tie.NONE  # how `source` was chosen
    continues: str | None = None  # the Quote id of the first part, for the second half of a split quotation


@dataclass(frozen=True, slots=True)
class Extraction:
    article: ArticleMeta
    sources: tuple[Source, ...] = ()
    embeds: tuple[Embed, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()

    def source(self, source_id: str | None) -> Source | None:
        for s in self.sources:
            if s.id == source_id:
                return s
        return None


# --------------------------------------------------------------------------- fetch


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What happened when one URL was fetched; every field is the report's `fetch` object."""

    url: str
    status: FetchStatus
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    elapsed: float | None = None  # seconds
    error: str | None = None
    redirects: tuple[str, ...] = ()  # every hop's URL, in order, final URL last
    truncated: bool = False  # the body was cut at the size cap
    from_cache: bool = False
    cached_at: str | None = None  # ISO 8601 UTC: when the cached copy was fetched (from_cache only)


@dataclass(frozen=True, slots=True)
class Document:
    """Readable text of one copy of a source (live, or an archived memento)."""

    url: str
    text: str
    content_type: str
    title: str | None = None
    language: str | None = None
    version: Version = Version.LIVE
    timestamp: str | None = None  # 14-digit Wayback timestamp for archived copies
    # The page's main content (its article body, without comments, sidebars or navigation), when the
    # page has such chrome around it; None when all of `text` is content (or it could not be told apart).
    body: str | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetch outcome and, when it could be read, the document."""

    result: FetchResult
    document: Document | None = None


# --------------------------------------------------------------------------- archive


@dataclass(frozen=True, slots=True)
class Capture:
    url: str  # https://web.archive.org/web/<timestamp>/<original>
    timestamp: str  # 14 digits
    original: str | None = None


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    status: ArchiveStatus
    as_cited: Capture | None = None
    latest: Capture | None = None
    error: str | None = None
    as_cited_after: bool = False  # no capture before publication: the earliest after it
    saved: Capture | None = None
    pending: bool = False  # a save job was submitted and had not finished in time
    robust_link: str | None = None
    note: str | None = None
    reason: str | None = None  # the save policy's rule for this source (why it was saved or not)


# --------------------------------------------------------------------------- match


@dataclass(frozen=True, slots=True)
class Edit:
    op: EditOp
    quote: str  # words in the quotation ("" for insert)
    source: str  # words in the source ("" for delete)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The matcher's answer for one quotation against one text (pure, no I/O)."""

    verdict: QuoteVerdict  # exact | minor | altered | spliced | not-found
    score: float  # 0..1
    passage: str | None = None  # the passage found in the source
    edits: tuple[Edit, ...] = ()
    note: str | None = None
    start: int | None = None  # character offsets of the passage in the source text
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """`verify compare`'s result: one quotation against one source, given as a path or a URL."""

    quote: str
    source: str  # as given on the command line
    result: MatchResult
    url: str | None = None  # the document's URL, when it could be read
    fetch: FetchResult | None = None  # when the source was fetched


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    source: str | None  # Source id
    version: Version
    result: MatchResult
    timestamp: str | None = None  # for archived copies


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    quote: str  # Quote id
    verdict: QuoteVerdict
    checked_against: str  # "live", "archived", "both" or "none"
    match: QuoteMatch | None = None
    note: str | None = None
    other: tuple[QuoteMatch, ...] = ()  # the other version; for `elsewhere`, its own source


# --------------------------------------------------------------------------- embeds


@dataclass(frozen=True, slots=True)
class OriginalPost:
    via: str  # syndication | oembed | appview | mastodon-api | telegram-embed | archive | …
    author: str | None = None  # "@handle"
    author_name: str | None = None
    date: str | None = None  # ISO 8601
    text: str | None = None
    url: str | None = None
    post_id: str | None = None
    cid: str | None = None
    edited: bool = False
    archive_url: str | None = None


@dataclass(frozen=True, slots=True)
class EmbedCheck:
    embed: str  # Embed id
    verdict: EmbedVerdict
    original: OriginalPost | None = None
    differences: tuple[str, ...] = ()
    note: str | None = None
    archive: ArchiveResult | None = None
    match: MatchResult | None = None  # text comparison, when both texts are known
    id_date: str | None = None  # creation time decoded from the post ID
    recovered: str | None = None  # the permalink found for a flattened post (embeds/recover.py)


# --------------------------------------------------------------------------- claims


class ClaimVerdict(StrEnum):
    CONFIRMED = "confirmed"
    DIFFERS = "differs"
    NOT_FOUND = "not-found"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class ClaimValue:
    """A figure as worded, its value, and the interval of true values the wording allows."""

    text: str  # "about 2.3 million", "three in four"
    number: float | int
    unit: str | None = None  # percent | points | GBP, USD, EUR… | km, t, … | None for a count
    low: float = 0.0
    high: float = 0.0
    qualifier: str | None = (
        None  # about | nearly | more-than | at-least | up-to | less-than | just-over | just-under
    )
    share: bool = False  # "three in four", "a third": a share worded as a fraction
    range: tuple[float | int, float | int] | None = None  # "between 11 and 17"
    alt: ClaimValue | None = None  # a conversion the article states beside it: "25 miles (40 km)"


@dataclass(frozen=True, slots=True)
class Claim:
    id: str  # "C1", …
    text: str  # the sentence that states the figure
    line: int
    value: ClaimValue
    source: str | None = None  # the Source id it is tied to
    tie: Tie = Tie.NONE
    start: int = 0  # offsets of the figure in `text`
    end: int = 0


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    source: str | None  # Source id
    version: Version
    text: str  # the passage of the source
    value: ClaimValue | None = None  # the source's figure (None when it states none)
    timestamp: str | None = None
    score: float = 0.0  # how much of the claim's wording the passage shares


@dataclass(frozen=True, slots=True)
class ClaimCheck:
    claim: str  # Claim id
    verdict: ClaimVerdict
    checked_against: str  # "live", "archived", "both" or "none"
    match: ClaimMatch | None = None
    note: str | None = None


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class SourceCheck:
    source: Source
    fetch: FetchResult | None = None  # None for attribution sources (nothing to fetch)
    archive: ArchiveResult | None = None


@dataclass(frozen=True, slots=True)
class Report:
    checked_at: str  # ISO 8601 UTC
    extraction: Extraction
    sources: tuple[SourceCheck, ...] = ()
    embeds: tuple[EmbedCheck, ...] = ()
    quotes: tuple[QuoteCheck, ...] = ()
    claims: tuple[ClaimCheck, ...] = ()
    fail_on: frozenset[str] = field(default_factory=frozenset)
    # A not-found on a paragraph tie fails like any other (--strict-ties); by default it is a warning.
    strict_ties: bool = False
