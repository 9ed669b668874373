"""Ctrl-C while saves run: polling stops at once, nothing new is submitted, submitted jobs stay cached.

Both tests are deterministic: the interrupt is sent by the Wayback emulator (or the virtual clock) at a
known point of the run, and the side that keeps working waits for the interrupt to be seen instead of
racing it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from emulators.wayback import WaybackEmulator
from emulators.world import SAMPLE_WORLD, World
from verify.archive import Archiver, IAKeys
from verify.archive.endpoint import NS_JOB
from verify.cli import cli
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig

NEW = "https://tidewater-courier.example/ferry-timetable"
OTHER = "https://kesselpost.example/council/minutes-17-may"
UNCAPTURED = "https://www.kesselcourier.example/2026/05/16/varga-interview"  # in the sample world, no capture
SRC = Path(__file__).resolve().parents[2] / "src"


class InterruptingClock(FrozenClock):
    """Virtual time; the first real wait (a poll) on a worker sends SIGINT to the main thread, like Ctrl-C.

    The worker then waits until the interrupt has been seen (the archiver's stop event is set) before it
    goes on: without that wait it raced the main thread, polling on in virtual time (a flaky count).
    """

    sent = False
    seen: threading.Event | None = None

    def sleep(self, seconds: float) -> None:
        if not self.sent and seconds > 0.1 and threading.current_thread() is not threading.main_thread():
            self.sent = True
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
            assert self.seen is not None and self.seen.wait(30), "the interrupt was never seen"
        super().sleep(seconds)


@pytest.fixture(autouse=True)
def ctrl_c_raises() -> Iterator[None]:
    """Ctrl-C raising KeyboardInterrupt here and in children, as at a terminal: a test run started in the
    background of a shell inherits SIGINT ignored (POSIX), and the interrupt would never be seen."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # so the child's Python installs its own handler


def test_ctrl_c_during_polling_stops_the_saves_and_keeps_the_job(
    emu: WaybackEmulator, clock: FrozenClock, keys: IAKeys, tmp_path: Path
) -> None:
    emu.pending_polls = 1000  # the job would run past the save timeout
    emu.available_slots = 1  # OTHER waits for NEW's slot
    interrupting = InterruptingClock(clock.now())
    emu.now, emu.hit_clock = interrupting.now, interrupting.monotonic
    config = ClientConfig(resolve=emu.resolve_entries(), allow_private=True, cache_dir=str(tmp_path / "c"))
    client = HttpClient(config, clock=interrupting)
    archiver = Archiver(client, keys=keys, save_timeout=600)
    interrupting.seen = archiver.wayback.stop
    try:
        with pytest.raises(KeyboardInterrupt):
            archiver.ensure_all([NEW, OTHER], "2026-05-17")
    finally:
        client.close()
    assert emu.count("save") == 1  # OTHER, still waiting for a slot, was never submitted
    assert emu.count("save-status") == 1  # polling stopped at the first wait instead of running on
    reopened = HttpClient(config)
    try:
        assert reopened.cache.get(NS_JOB, NEW)  # the next run polls this job instead of resubmitting
    finally:
        reopened.close()


# --------------------------------------------------------------------------- `verify check`, Ctrl-C


@pytest.fixture()
def world() -> Iterator[World]:
    with World.from_dir(SAMPLE_WORLD) as w:
        yield w


def _draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(
        "---\ndate: 2026-05-17\n---\n\n"
        f"“The ferry will run again in June,” the mayor told the [Courier]({UNCAPTURED}).\n",
        encoding="utf-8",
    )
    return path


def _interrupt_on_first_poll(emu: WaybackEmulator, pid: list[int]) -> threading.Event:
    """SIGINT to the run (pid[0]) when its first save-status poll arrives: the save is then pending."""
    sent = threading.Event()
    answer = emu.spn2_status

    def status(job_id: str) -> Any:
        if not sent.is_set():
            sent.set()
            os.kill(pid[0], signal.SIGINT)
        return answer(job_id)

    emu.spn2_status = status  # type: ignore[method-assign]
    return sent


def test_ctrl_c_in_check_exits_130_with_a_valid_warc_and_the_job_kept(world: World, tmp_path: Path) -> None:
    world.wayback.pending_polls = 1000  # the save would outlast --archive-timeout
    draft, warc, out, cache = _draft(tmp_path), tmp_path / "run.warc.gz", tmp_path / "r.json", tmp_path / "c"
    env = {**os.environ, "PYTHONPATH": str(SRC), "IA_ACCESS_KEY": "emuaccess", "IA_SECRET_KEY": "emusecret",
           "HOME": str(tmp_path / "home"), "NO_COLOR": "1"}  # fmt: skip
    env.pop("VERIFY_WAYBACK_URL", None)
    args = [sys.executable, "-m", "verify", "check", str(draft), "--archive", "always", "--archive-timeout",
            "300", "--warc", str(warc), "-o", str(out), "-f", "json", "--cache-dir", str(cache), "--quiet",
            *world.cli_args()]  # fmt: skip
    pid: list[int] = []
    sent = _interrupt_on_first_poll(world.wayback, pid)
    started = time.monotonic()
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_default
    )
    pid.append(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    elapsed = time.monotonic() - started
    assert sent.is_set(), stderr
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["Interrupted: no report written (submitted saves are picked up by "
                                           "the next run)"], stderr  # fmt: skip
    assert stdout == "" and not out.exists()  # no half report
    assert elapsed < 30  # not the 300 s archive timeout
    _assert_whole_warc(warc)
    # The submitted job stayed in the cache: the next run polls it and never submits the save again.
    world.wayback.pending_polls = 0
    for job in world.wayback.jobs.values():
        job.polls_left = 0
    saves = world.wayback.count("save")
    assert saves == 1
    again = CliRunner().invoke(cli, ["check", str(draft), "--archive", "always", "--cache-dir", str(cache),
                                     "--quiet", "-f", "json", "--fail-on", "none", *world.cli_args()],
                               env={"IA_ACCESS_KEY": "emuaccess", "IA_SECRET_KEY": "emusecret"})  # fmt: skip
    assert again.exit_code == 0, again.output
    assert world.wayback.count("save") == saves
    assert '"status": "saved"' in again.stdout


def _assert_whole_warc(path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        kinds = [record.rec_type for record in ArchiveIterator(fh)]
    assert kinds[0] == "warcinfo" and "response" in kinds and "request" in kinds
