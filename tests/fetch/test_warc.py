"""Evidence: a run recorded as WARC 1.1 and replayed offline gives the same report, without a socket."""

from __future__ import annotations

import resource
import signal
import socket
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from emulators.faults import FaultServer
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.stage import fetch_all
from verify.fetch.types import ClientConfig, RetryPolicy
from verify.models import FetchStatus

LOOPBACK = ("127.0.0.0/8",)
FAST_RETRY = RetryPolicy(attempts=3, backoff_base=0.01, backoff_cap=0.05)
PATHS = [
    "/ok",
    "/chain?n=2",
    "/refresh?to=/ok",
    "/flaky?times=1&code=503",
    "/soft404",
    "/status?code=404",
    "/pdf",
    "/truncated",
    "/botwall",
    "/redirect?to=file:///etc/passwd",
    "/big?size=3000000",
    "/gzip",
]


def _report(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for url, fetched in results.items():
        row = asdict(fetched.result)
        row.pop("elapsed")
        row["text"] = fetched.document.text if fetched.document else None
        rows.append({"url": url, **row})
    return rows


def test_record_then_replay_gives_the_identical_report(
    make_client: Callable[..., HttpClient],
    server: FaultServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warc = tmp_path / "run.warc.gz"
    urls = [server.url(p) for p in PATHS]
    recorder = make_client(warc_path=str(warc), max_bytes=1_000_000, timeout=3)
    live = _report(fetch_all(recorder, urls))
    recorder.close()
    server.stop()

    def no_sockets(*args: object, **kwargs: object) -> None:
        raise AssertionError("replay opened a socket")

    monkeypatch.setattr(socket, "socket", no_sockets)
    monkeypatch.setattr(socket, "create_connection", no_sockets)
    replayer = HttpClient(ClientConfig(replay_path=str(warc), max_bytes=1_000_000, allow_nets=LOOPBACK))
    replayed = _report(fetch_all(replayer, urls))
    assert replayed == live
    assert isinstance(replayer.clock, FrozenClock)
    statuses = {r["url"].split("/", 3)[3]: r["status"] for r in live}
    assert statuses["ok"] == "ok" and statuses["soft404"] == "broken" and statuses["truncated"] == "broken"
    assert statuses["big?size=3000000"] == "ok"


def test_missing_exchange_is_not_in_replay(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "one.warc.gz"
    rec = make_client(warc_path=str(warc))
    rec.get(server.url("/ok"))
    rec.close()
    replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
    assert replayer.get(server.url("/ok")).ok
    outcome = replayer.get(server.url("/other"))
    assert outcome.failure is FetchStatus.NOT_IN_REPLAY
    post = replayer.request("POST", server.url("/ok"), data=b"x=1")
    assert post.failure is FetchStatus.NOT_IN_REPLAY


def test_polling_is_served_in_recorded_order(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "poll.warc.gz"
    rec = make_client(warc_path=str(warc))
    bodies = [rec.get(server.url("/count")).response.body for _ in range(3)]  # type: ignore[union-attr]
    rec.request("POST", server.url("/count"), data={"job": "1"})
    rec.close()
    replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
    again = [replayer.get(server.url("/count")).response.body for _ in range(4)]  # type: ignore[union-attr]
    assert again == [*bodies, bodies[-1]]
    assert replayer.request("POST", server.url("/count"), data={"job": "1"}).ok
    assert (
        replayer.request("POST", server.url("/count"), data={"job": "2"}).failure is FetchStatus.NOT_IN_REPLAY
    )


def test_warc_records_are_valid_and_complete(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    warc = tmp_path / "check.warc.gz"
    rec = make_client(warc_path=str(warc))
    rec.get(server.url("/chain?n=1"))
    rec.get(server.url("/reset"), retry=RetryPolicy(attempts=1))
    rec.close()
    with warc.open("rb") as fh:
        records = list(ArchiveIterator(fh))
    kinds = [r.rec_type for r in records]
    assert kinds[0] == "warcinfo"
    assert kinds.count("response") == 2 and kinds.count("request") == 2 and kinds.count("metadata") == 1
    ids = {r.rec_headers.get_header("WARC-Record-ID"): r for r in records}
    for r in records:
        assert r.rec_headers.protocol == "WARC/1.1"
        if r.rec_type == "response":
            assert r.rec_headers.get_header("WARC-Payload-Digest", "").startswith("sha1:")
            assert r.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
        if r.rec_type == "request":
            assert ids[r.rec_headers.get_header("WARC-Concurrent-To")].rec_type == "response"


def test_replay_clock_starts_at_the_recording(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "clock.warc.gz"
    rec = make_client(warc_path=str(warc))
    recorded_at = rec.clock.now()
    rec.get(server.url("/ok"))
    rec.close()
    replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
    assert abs((replayer.clock.now() - recorded_at).total_seconds()) < 1
    replayer.clock.sleep(3600)  # virtual: returns at once
    assert (replayer.clock.now() - recorded_at).total_seconds() >= 3599


def test_retries_replay_through_the_same_path(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "retry.warc.gz"
    rec = make_client(warc_path=str(warc))
    assert rec.get(server.url("/flaky?times=2&code=503"), retry=FAST_RETRY).ok
    rec.close()
    replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
    assert replayer.get(server.url("/flaky?times=2&code=503"), retry=FAST_RETRY).ok
    assert replayer.stats["127.0.0.1"] == 3


@pytest.mark.parametrize("content", [b"", b"not a warc at all\n"])
def test_a_replay_file_that_holds_no_records_is_an_input_error(tmp_path: Path, content: bytes) -> None:
    from verify.errors import InputError
    from verify.fetch.warc import WarcReplay

    path = tmp_path / "evidence.warc.gz"
    path.write_bytes(content)
    with pytest.raises(InputError, match="cannot replay"):
        WarcReplay(str(path))


def _records(path: Path) -> list[tuple[str, str]]:
    """(type, target URI) of every record; raises if the file does not end on a whole record."""
    with path.open("rb") as fh:
        return [
            (r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "")
            for r in ArchiveIterator(fh, check_digests=True)
        ]


def test_a_full_disk_stops_recording_keeps_the_warc_valid_and_the_run_going(
    make_client: Callable[..., HttpClient],
    server: FaultServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    warc = tmp_path / "run.warc.gz"
    client = make_client(warc_path=str(warc))
    assert client.get(server.url("/ok")).ok
    size = warc.stat().st_size
    # A real file-size limit from the OS: the next record is cut partway, as on a disk that fills up.
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 200, hard))
    try:
        big = client.get(server.url("/big?size=20000"))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)
    assert big.ok and len(big.response.body) == 20000  # type: ignore[union-attr]
    assert client.get(server.url("/count")).ok  # later exchanges are not recorded, and do not fail
    client.close()
    assert warc.stat().st_size == size
    assert [t for t, _ in _records(warc)] == ["warcinfo", "response", "request"]
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert "recording stopped" in warnings[0] and "first 3 records" in warnings[0]


def test_an_interrupt_while_writing_leaves_whole_records(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "run.warc.gz"
    client = make_client(warc_path=str(warc))
    assert client.get(server.url("/ok")).ok
    recorder = client._recorder
    assert recorder is not None
    real = recorder._fh

    class Interrupted:
        """The file as Ctrl-C finds it: half a record written when the signal lands."""

        closed = False

        def tell(self) -> int:
            return real.tell()

        def fileno(self) -> int:
            return real.fileno()

        def seek(self, pos: int) -> int:
            return real.seek(pos)

        def write(self, data: memoryview) -> int:
            real.write(data[: len(data) // 2])
            raise KeyboardInterrupt

    recorder._fh = Interrupted()  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        client.get(server.url("/count"))
    recorder._fh = real
    client.close()
    assert [t for t, _ in _records(warc)] == ["warcinfo", "response", "request"]
    replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
    assert replayer.get(server.url("/ok")).ok
    replayer.close()


def test_a_replay_indexes_the_warc_instead_of_holding_every_body(
    make_client: Callable[..., HttpClient], server: FaultServer, tmp_path: Path
) -> None:
    warc = tmp_path / "run.warc.gz"
    recorder = make_client(warc_path=str(warc), max_bytes=10_000_000)
    urls = [server.url(f"/big?size=2000000&n={n}") for n in range(3)]
    live = [recorder.get(u).response for u in urls]
    recorder.close()
    tracemalloc.start()
    try:
        replayer = HttpClient(ClientConfig(replay_path=str(warc), allow_nets=LOOPBACK))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 1_000_000  # three 2 MB bodies were indexed, not kept
    for url, original in zip(urls, live, strict=True):
        answer = replayer.get(url).response
        assert answer is not None and original is not None and answer.body == original.body
    replayer.close()


SAMPLE_WARC = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "world.warc.gz"


@pytest.mark.parametrize("keep", [0.5, 0.88, -100, -3])  # a share of the file, or bytes cut from its end
def test_a_truncated_replay_file_is_used_with_a_warning_saying_how_much(
    tmp_path: Path, keep: float, capsys: pytest.CaptureFixture[str]
) -> None:
    from verify.fetch.warc import WarcReplay

    data = SAMPLE_WARC.read_bytes()
    whole = WarcReplay(str(SAMPLE_WARC))
    assert not whole.truncated
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * keep)] if keep > 0 else data[: int(keep)])
    replay = WarcReplay(str(cut))
    assert replay.truncated
    err = capsys.readouterr().err
    assert f"the replay file {cut} is truncated:" in err and "whole records read" in err
    kept = sum(len(v) for v in replay._answers.values())
    assert 0 < kept <= sum(len(v) for v in whole._answers.values())
    for key, answers in replay._answers.items():  # every answer kept is one the whole file has too
        assert answers == whole._answers[key][: len(answers)]


def test_two_runs_cannot_write_the_same_warc(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from verify.errors import UsageError
    from verify.fetch.warc import WarcRecorder

    path = tmp_path / "run.warc.gz"
    first = WarcRecorder(str(path), started=datetime(2026, 5, 17, tzinfo=UTC))
    size = path.stat().st_size
    with pytest.raises(UsageError, match="another verify run is writing the WARC"):
        WarcRecorder(str(path), started=datetime(2026, 5, 17, tzinfo=UTC))
    assert path.stat().st_size == size  # the second run did not cut the first run's file
    first.close()
    again = WarcRecorder(str(path), started=datetime(2026, 5, 17, tzinfo=UTC))  # free once the first is done
    again.close()
    assert _records(path)[0][0] == "warcinfo"
