"""Record fixtures/sample/world.warc.gz: `verify check` on the sample article against the loopback world.

Every exchange (source pages, Wayback look-ups and mementos, platform APIs) goes into the WARC, so that
`verify check fixtures/sample/article.html --replay fixtures/sample/world.warc.gz` runs offline.
Run it again whenever the sample article or its world changes (tests/e2e fail on a stale WARC).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from click.testing import CliRunner  # noqa: E402

from emulators.world import SAMPLE_WORLD, World  # noqa: E402
from verify.cli import cli  # noqa: E402


def record(article: Path, world_dir: Path, warc: Path) -> int:
    # The world's clock is pinned a moment before the WARC starts: the e2e tests rebuild the same world
    # from the WARC's start time (a save made during the run is still dated within it).
    now = datetime.now(UTC).replace(microsecond=0)
    with World.from_dir(world_dir, now=now) as world:
        args = ["check", str(article.relative_to(ROOT)), "--warc", str(warc), "--no-cache", "--quiet",
                "--format", "json", *world.cli_args()]  # fmt: skip
        result = CliRunner().invoke(cli, args)
    sys.stderr.write(result.stderr if result.stderr_bytes else "")
    print(f"recorded {warc} ({warc.stat().st_size} bytes), exit status {result.exit_code}")
    return 0 if result.exit_code in (0, 1) else result.exit_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--article", type=Path, default=ROOT / "fixtures" / "sample" / "article.html")
    parser.add_argument("--world", type=Path, default=SAMPLE_WORLD)
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "sample" / "world.warc.gz")
    ns = parser.parse_args()
    return record(ns.article.resolve(), ns.world, ns.out)


if __name__ == "__main__":
    raise SystemExit(main())
