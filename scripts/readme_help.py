"""Rewrite the `--help` blocks of README.md from the commands themselves (`--check` only compares).

Each block sits between `<!-- help: NAME -->` and `<!-- /help -->`, where NAME is a sub-command or
`verify` for the group; tests/test_readme.py fails when a block and the command's help disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

from verify.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"(<!-- help: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /help -->)", re.S)


def help_text(name: str) -> str:
    args = ["--help"] if name == "verify" else [name, "--help"]
    result = CliRunner().invoke(cli, args, prog_name="verify", terminal_width=100)
    return result.output.rstrip() + "\n"


def render(readme: str) -> str:
    def block(m: re.Match[str]) -> str:
        return f"{m.group(1)}```text\n{help_text(m.group('name'))}```\n{m.group(4)}"

    return BLOCK.sub(block, readme)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in sys.argv:
        if wanted != current:
            print("README.md's --help blocks are stale: run python scripts/readme_help.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
