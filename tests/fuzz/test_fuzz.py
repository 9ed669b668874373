"""A slice of the fuzzer in every run: no traceback and no exit 3 from extract, check or compare.

The full run (2,000 cases of each command) is `python tests/fuzz/fuzzer.py`; this keeps its harness and
its first cases honest in CI. A failure names its seed: `python tests/fuzz/fuzzer.py --start SEED --cases 1`.
"""

from __future__ import annotations

import pytest

from fuzz.fuzzer import COMMANDS, run


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_traceback_and_no_internal_error(command: str) -> None:
    [tally] = run(12, [command])
    assert tally.cases == 12
    assert not tally.failures, tally.failures
