"""Evidence: every exchange of a run written to a WARC 1.1 file, and read back to replay the run offline.

Each attempt is recorded on its own (redirect hops, retries), so a replay walks the same code path:
a `response` record with its `request` record (WARC-Concurrent-To), or, when no response came (timeout,
reset, refused address), a `metadata` record saying so. Bodies are stored as the client read them:
decoded (Content-Encoding removed, originals kept as `X-Archive-Orig-*` headers) and cut at the size cap
(`WARC-Truncated: length`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from verify import USER_AGENT
from verify.errors import InputError, UsageError
from verify.fetch.notices import warn
from verify.models import FetchStatus

FAILURE_PROFILE = "application/vnd.verify.failure+json"
# Headers that carry credentials (SPN2's `LOW access:secret`, session cookies): a WARC is evidence meant
# to be shared, so their values never reach it, whichever caller sent or received them.
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
REDACTED = "[redacted]"


def request_key(method: str, url: str, body: bytes | None) -> str:
    """How a replay finds an exchange: method and URL, plus a digest of the body when there is one."""
    key = f"{method.upper()} {url}"
    if body:
        key += " sha1:" + hashlib.sha1(body, usedforsecurity=False).hexdigest()
    return key


def _warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def redact(headers: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Headers with credential values replaced; an authorization scheme (`LOW`, `Bearer`) is kept."""
    out: list[tuple[str, str]] = []
    for name, value in headers:
        if name.lower() not in CREDENTIAL_HEADERS:
            out.append((name, value))
            continue
        scheme, sep, _ = value.strip().partition(" ")
        keep = "authorization" in name.lower() and sep and scheme.isalnum()
        out.append((name, f"{scheme} {REDACTED}" if keep else REDACTED))
    return out


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _open_locked(path: str) -> BinaryIO:
    """The WARC opened for this run alone: a second run writing the same file at the same time would
    interleave and cut each other's records, so it is refused (exit 2) before anything is written."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)  # not O_TRUNC: another run may hold it
    except OSError as exc:
        raise UsageError(f"cannot write the WARC {path}: {exc.strerror or exc}") from None
    fh = os.fdopen(fd, "wb", buffering=0)
    try:
        import fcntl  # noqa: PLC0415  (POSIX; elsewhere the file is not locked)
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            why = f"another verify run is writing the WARC {path}; give this run its own file"
            raise UsageError(why) from None
    if os.path.isfile(path):  # a device (/dev/null, /dev/full) is written as it is
        os.ftruncate(fd, 0)
    return fh


class WarcRecorder:
    """Appends exchanges to a gzipped WARC 1.1 file; safe to call from many threads.

    Each record is compressed in the calling thread, then appended whole under the lock: a failed or
    interrupted append (a full disk, Ctrl-C) is cut back, so the file always ends on a complete record.
    A write error stops the recording with one warning; the run itself goes on.
    """

    def __init__(self, path: str, *, started: datetime) -> None:
        from warcio.warcwriter import WARCWriter  # noqa: PLC0415  (only when recording)

        self.path = path
        self._writer_class = WARCWriter
        # Unbuffered: a record is in the file or not at all, never half in a buffer that close() flushes.
        self._fh: BinaryIO = _open_locked(path)
        self._writer = WARCWriter(io.BytesIO(), gzip=True, warc_version="1.1")  # makes records only
        self._lock = threading.Lock()
        self._records = 0
        self.failed: str | None = None  # why recording stopped early
        info = self._writer.create_warcinfo_record(
            path.rsplit("/", 1)[-1],
            {"software": USER_AGENT, "format": "WARC File Format 1.1", "isPartOf": "verify run"},
        )
        info.rec_headers.replace_header("WARC-Date", _warc_date(started))
        self._write([info])

    def _write(self, records: Sequence[Any]) -> None:
        buffer = io.BytesIO()
        writer = self._writer_class(buffer, gzip=True, warc_version="1.1")
        for record in records:
            writer.write_record(record)
        data = memoryview(buffer.getvalue())
        with self._lock:
            if self._fh.closed or self.failed:
                return
            start = self._fh.tell()
            try:
                while data:
                    written = self._fh.write(data)
                    if not written:
                        raise OSError(errno.EIO, "the file took no more bytes")
                    data = data[written:]
            except BaseException as exc:
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fh.fileno(), start)
                    self._fh.seek(start)
                if not isinstance(exc, OSError):
                    raise  # Ctrl-C: the file is whole; the interrupt goes on up
                self.failed = exc.strerror or str(exc)
                warn(
                    f"recording stopped: cannot write the WARC {self.path} ({self.failed}); "
                    f"it holds only the first {self._records} records of the run"
                )
                return
            self._records += len(records)

    def exchange(
        self,
        *,
        method: str,
        url: str,
        request_headers: Sequence[tuple[str, str]],
        request_body: bytes | None,
        status: int,
        reason: str,
        headers: Sequence[tuple[str, str]],
        body: bytes,
        truncated: bool,
        peer: str | None,
        when: datetime,
    ) -> None:
        from warcio.statusandheaders import StatusAndHeaders  # noqa: PLC0415

        date = _warc_date(when)
        warc_headers = {"WARC-Date": date}
        if peer:
            warc_headers["WARC-IP-Address"] = peer
        if truncated:
            warc_headers["WARC-Truncated"] = "length"
        response = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=StatusAndHeaders(f"{status} {reason}".strip(), redact(headers), protocol="HTTP/1.1"),
            warc_headers_dict=warc_headers,
        )
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        req_body = request_body or b""
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(req_body),
            length=len(req_body),
            http_headers=StatusAndHeaders(
                f"{method.upper()} {_request_target(url)} HTTP/1.1",
                redact(request_headers),
                is_http_request=True,
            ),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
        )
        self._write([response, request])

    def failure(
        self,
        *,
        method: str,
        url: str,
        request_body: bytes | None,
        status: FetchStatus,
        error: str | None,
        retryable: bool,
        when: datetime,
    ) -> None:
        payload = json.dumps(
            {
                "key": request_key(method, url, request_body),
                "method": method.upper(),
                "failure": status.value,
                "error": error,
                "retryable": retryable,
            }
        ).encode()
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_content_type=FAILURE_PROFILE,
            warc_headers_dict={"WARC-Date": _warc_date(when)},
        )
        self._write([record])

    def close(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._fh.close()


@dataclass(frozen=True, slots=True)
class Replayed:
    """One recorded answer: a response or a failure."""

    url: str
    status: int = 0
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    truncated: bool = False
    peer: str | None = None
    failure: FetchStatus | None = None
    error: str | None = None
    retryable: bool = False


class WarcReplay:
    """Answers requests from a WARC: per key, recorded answers in order, the last one repeated.

    Loading indexes the file (where each response record starts); a body is read when it is asked for,
    so a replay holds offsets, not every page of the run, in memory.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.truncated = False  # the file ends in the middle of a record (a run cut off, a copy cut short)
        self.started: datetime | None = None
        self.requests: set[tuple[str, str]] = set()  # (method, URL) of every recorded request
        self._answers: dict[str, list[Replayed | int]] = {}  # a failure, or a response record's offset
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        try:
            found, request_of = self._index()
        except (OSError, ValueError, KeyError) as exc:
            raise InputError(f"cannot replay {path}: {exc}") from None
        except Exception as exc:  # warcio's ArchiveLoadFailed and friends: not a WARC we can read
            raise InputError(f"cannot replay {path}: not a readable WARC ({type(exc).__name__})") from None
        if not found and not self.requests:
            raise InputError(f"cannot replay {path}: it holds no WARC records")
        for rid, url, answer in found:
            key = request_of.get(rid) or request_key("GET", url, None)
            self._answers.setdefault(key, []).append(answer)

    def holds(self, method: str, url_prefix: str) -> bool:
        """Whether the recording has a `method` request to a URL starting with `url_prefix`."""
        method = method.upper()
        return any(m == method and u.startswith(url_prefix) for m, u in self.requests)

    def _index(self) -> tuple[list[tuple[str, str, Replayed | int]], dict[str, str]]:
        """(record id, URL, answer) in file order, and each response record's request key."""
        from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

        found: list[tuple[str, str, Replayed | int]] = []
        request_of: dict[str, str] = {}
        count, end, last, cut = 0, 0, -1, False
        with open(self.path, "rb") as fh:
            records = ArchiveIterator(fh)
            before = 0
            try:
                for record in records:
                    before = len(found)
                    self._index_one(record, records, found, request_of)
                    records.read_to_end()
                    count += 1
                    last = records.get_record_offset()
                    end = last + records.get_record_length()
            except Exception:
                if not count:
                    raise  # not a WARC at all
                del found[before:]  # the record cut in the middle; what came before it is still evidence
                cut = True
        size = os.path.getsize(self.path)
        if not cut and end == size and not _last_member_whole(self.path, last):
            # warcio read the last member although it is cut short: its answer is not evidence either
            if found and found[-1][2] == last:
                found.pop()
            cut, count, end = True, count - 1, last
        if cut or end != size:
            self.truncated = True
            warn(
                f"the replay file {self.path} is truncated: {count} whole records read "
                f"({end:,} of {size:,} bytes); requests it no longer holds are not-in-replay"
            )
        return found, request_of

    def _index_one(
        self,
        record: Any,
        records: Any,
        found: list[tuple[str, str, Replayed | int]],
        request_of: dict[str, str],
    ) -> None:
        """Index one record: a response's offset, a request's key, a recorded failure."""
        if record.format != "warc":
            raise ValueError("not a WARC file")
        headers = record.rec_headers
        if self.started is None and headers.get_header("WARC-Date"):
            self.started = _parse_date(headers.get_header("WARC-Date"))
        rtype = record.rec_type
        url = headers.get_header("WARC-Target-URI") or ""
        if rtype == "response":
            rid = headers.get_header("WARC-Record-ID") or ""
            found.append((rid, url, records.get_record_offset()))
        elif rtype == "request":
            target = headers.get_header("WARC-Concurrent-To")
            method = (record.http_headers.protocol if record.http_headers else "GET") or "GET"
            body = record.content_stream().read()
            self.requests.add((method.upper(), url))
            if target:
                request_of[target] = request_key(method, url, body)
        elif rtype == "metadata" and headers.get_header("Content-Type") == FAILURE_PROFILE:
            data = json.loads(record.content_stream().read())
            rid = f"failure:{len(found)}"
            failure = FetchStatus(data["failure"])
            error, retryable = data.get("error"), bool(data.get("retryable"))
            found.append((rid, url, Replayed(url, failure=failure, error=error, retryable=retryable)))
            request_of[rid] = str(data["key"])

    def _response_at(self, offset: int) -> Replayed:
        from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

        with open(self.path, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            headers = record.rec_headers
            http = record.http_headers
            return Replayed(
                url=headers.get_header("WARC-Target-URI") or "",
                status=int((http.get_statuscode() if http else "0") or 0),
                reason=(http.statusline.partition(" ")[2] if http else ""),
                headers=tuple((str(k), str(v)) for k, v in (http.headers if http else [])),
                body=record.content_stream().read(),
                truncated=bool(headers.get_header("WARC-Truncated")),
                peer=headers.get_header("WARC-IP-Address"),
            )

    def answer(self, method: str, url: str, body: bytes | None) -> Replayed | None:
        """The next recorded answer for this request, or None when the WARC lacks it."""
        key = request_key(method, url, body)
        with self._lock:
            answers = self._answers.get(key)
            if not answers:
                return None
            i = self._served.get(key, 0)
            self._served[key] = i + 1
        chosen = answers[min(i, len(answers) - 1)]
        if isinstance(chosen, Replayed):
            return chosen
        try:
            return self._response_at(chosen)
        except Exception as exc:  # the file changed or vanished since it was indexed
            error = f"cannot read the replayed WARC at offset {chosen}: {type(exc).__name__}: {exc}"
            return Replayed(url, failure=FetchStatus.BROKEN, error=error)


def _last_member_whole(path: str, offset: int) -> bool:
    """Whether a gzipped WARC's last record (at `offset`) is a whole gzip member: warcio reads a member
    cut short (its trailer or the end of its data lost) without complaint, so it is inflated here."""
    with open(path, "rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return True  # an uncompressed WARC: the record lengths already said it all
        fh.seek(offset)
        inflater = zlib.decompressobj(wbits=31)
        try:
            while chunk := fh.read(1 << 20):
                inflater.decompress(chunk, 1 << 16)  # bounded output: only whether it ends matters
                while inflater.unconsumed_tail and not inflater.eof:
                    inflater.decompress(inflater.unconsumed_tail, 1 << 16)
                if inflater.eof:
                    return not inflater.unused_data and not fh.read(1)
        except zlib.error:
            return False
    return False


def _parse_date(text: str) -> datetime:
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)
