"""The archive stage's own frozen values: Internet Archive keys, CDX rows and endpoint limits."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_WAYBACK_URL = "https://web.archive.org"
DEFAULT_AVAILABILITY_URL = "https://archive.org"

# Rate-limit pools, shared by the whole run through HttpClient.set_rate (per minute, a bit under the
# published limits: a 429 ignored for a minute gets the address firewalled for an hour).
POOL_CDX = "wayback-cdx"  # CDX and timemap share one limit (30/min)
POOL_MEMENTO = "wayback-memento"  # 600/min
POOL_SAVE = "wayback-save"  # SPN2 7/min with keys, 3/min anonymous: kept at 5 and 2
POOL_STATUS = "wayback-save-status"  # job polling; unpublished, kept modest
POOL_AVAILABILITY = "wayback-availability"  # unpublished; throttles with HTML 429s
RATES: dict[str, float] = {
    POOL_CDX: 24.0,
    POOL_MEMENTO: 480.0,
    POOL_SAVE: 5.0,
    POOL_STATUS: 30.0,
    POOL_AVAILABILITY: 20.0,
}
ANONYMOUS_SAVE_RATE = 2.0
# Requests of one pool in flight at once (never more than the client's per-host slots, which a named pool
# has to itself): a 429 can then only meet requests already sent, never one waiting to be.
SLOTS: dict[str, int] = {
    POOL_CDX: 2,
    POOL_MEMENTO: 4,
    POOL_SAVE: 2,
    POOL_STATUS: 2,
    POOL_AVAILABILITY: 1,
}
LABELS: dict[str, str] = {
    POOL_CDX: "CDX API",
    POOL_MEMENTO: "memento server",
    POOL_SAVE: "Save Page Now",
    POOL_STATUS: "Save Page Now status API",
    POOL_AVAILABILITY: "availability API",
}

# A 429 from the Wayback carries no Retry-After; this is the pause IA staff ask for.
PAUSE_ON_429 = 60.0


@dataclass(frozen=True, slots=True)
class IAKeys:
    """Internet Archive S3-style keys (archive.org/account/s3.php), for Save Page Now 2."""

    access: str
    secret: str
    origin: str = "env"  # env | ia.ini path: said in notes, never the secret itself

    @property
    def authorization(self) -> str:
        return f"LOW {self.access}:{self.secret}"

    def __repr__(self) -> str:
        return f"IAKeys(access={self.access[:4]}…, origin={self.origin!r})"


@dataclass(frozen=True, slots=True)
class CdxRow:
    """One capture from the CDX index, parsed defensively."""

    timestamp: str  # 14 digits, validated
    original: str
    statuscode: str = "-"
    digest: str = "-"
    mimetype: str = "-"
    length: int | None = None  # compressed WARC record size, `-` when unknown

    @property
    def key(self) -> tuple[str, str, str]:
        """Identity for removing the index's repeated rows."""
        return (self.timestamp, self.original, self.digest)
