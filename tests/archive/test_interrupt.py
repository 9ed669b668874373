"""Ctrl-C while saves run: polling stops at once, nothing new is submitted, submitted jobs stay cached."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pytest

from emulators.wayback import WaybackEmulator
from verify.archive import Archiver, IAKeys
from verify.archive.endpoint import NS_JOB
from verify.clock import FrozenClock
from verify.fetch.http import HttpClient
from verify.fetch.types import ClientConfig

NEW = "https://tidewater-courier.example/ferry-timetable"
OTHER = "https://kesselpost.example/council/minutes-17-may"


class InterruptingClock(FrozenClock):
    """Virtual time; the first real wait (a poll) on a worker sends SIGINT to the main thread, like Ctrl-C."""

    sent = False

    def sleep(self, seconds: float) -> None:
        if not self.sent and seconds > 0.1 and threading.current_thread() is not threading.main_thread():
            self.sent = True
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        super().sleep(seconds)


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
    try:
        with pytest.raises(KeyboardInterrupt):
            archiver.ensure_all([NEW, OTHER], "2026-05-17")
    finally:
        client.close()
    assert emu.count("save") == 1  # OTHER, still waiting for a slot, was never submitted
    assert emu.count("save-status") < 10  # polling stopped instead of running out the timeout
    reopened = HttpClient(config)
    try:
        assert reopened.cache.get(NS_JOB, NEW)  # the next run polls this job instead of resubmitting
    finally:
        reopened.close()
