"""`verify check` on a draft without quotations pays only for what it uses (issue 15.5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_check_without_quotations_imports_no_matcher_archive_embeds_pdf(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Ferries\n\nThe council [announced](http://127.0.0.1:9/ferry) it.\n", "utf-8")
    probe = (
        "import sys\n"
        "from verify.cli import main\n"
        "try:\n"
        "    main(['check', sys.argv[1], '--archive', 'never', '--no-cache', '--quiet', '--format', 'json',\n"
        "          '--allow-net', '127.0.0.0/8', '--timeout', '2'])\n"
        "except SystemExit as exc:\n"
        "    print('exit', exc.code)\n"
        "heavy = ('verify.match', 'verify.archive', 'verify.embeds', 'pypdf', 'warcio')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(draft)], capture_output=True, text=True, timeout=60, check=True
    )
    *_, status, modules = out.stdout.strip().splitlines()
    assert status in ("exit 0", "exit 1"), out.stdout  # the check ran (the link is broken: exit 1)
    assert modules == "[]"
