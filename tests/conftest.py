"""Settings every test shares."""

from __future__ import annotations

from hypothesis import settings

# No per-example time limit: speed is measured in benchmarks/, and a busy CI machine made a property test
# fail on a slow example (DeadlineExceeded) that was correct.
settings.register_profile("verify", deadline=None)
settings.load_profile("verify")
