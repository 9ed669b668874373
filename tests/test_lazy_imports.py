"""`verify check` on a draft without quotations pays only for what it uses (issue 15.5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from emulators.faults import FaultServer

_PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Ferry timetable</title></head>
<body><article><h1>Ferry timetable</h1><p>The Port Averly council added two evening crossings.</p>
</article></body></html>"""

# Each of these has a feature of its own that a small check does not use.
_NEVER = (
    "verify.match",  # no quotation to match
    "verify.archive",  # --archive never
    "verify.embeds",  # no embedded post
    "verify.extract.html",  # a Markdown draft; no quotation, so no source page is scoped for the matcher
    "pypdf",  # no PDF source
    "warcio",  # no --warc or --replay
    "tabulate",  # --format json: no table
    "charset_normalizer.api",  # the page declares UTF-8: no charset detection (requests' stand-in only)
)

_PROBE = """import sys
from verify.cli import main
try:
    main(['check', sys.argv[1], '--archive', 'never', '--no-cache', '--quiet', '--format', 'json',
          '--allow-net', '127.0.0.0/8', '--timeout', '5'])
except SystemExit as exc:
    print('exit', exc.code)
print(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:]))))
"""


def _check_imports(draft: Path) -> tuple[str, str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, str(draft), *_NEVER],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    *_, status, modules = out.stdout.strip().splitlines()
    return status, modules


def test_a_check_without_quotations_imports_no_matcher_archive_embeds_pdf(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# Ferries\n\nThe council [announced](http://127.0.0.1:9/ferry) it.\n", "utf-8")
    status, modules = _check_imports(draft)
    assert status in ("exit 0", "exit 1"), status  # the check ran (the link is broken: exit 1)
    assert modules == "[]"


def test_a_check_of_a_utf8_page_imports_no_detector_table_warc_or_html_reader(tmp_path: Path) -> None:
    with FaultServer("127.0.0.2", pages={"/ferry": (200, "text/html; charset=utf-8", _PAGE)}) as server:
        draft = tmp_path / "draft.md"
        draft.write_text(f"# Ferries\n\nThe council [announced]({server.url('/ferry')}) it.\n", "utf-8")
        status, modules = _check_imports(draft)
        assert [r.path for r in server.requests] == ["/ferry"]  # the page was fetched and read
    assert status == "exit 0", status
    assert modules == "[]"


_DETECTS = """import sys
import verify.fetch.http
import requests
from verify.documents.decode import decode
assert type(sys.modules['charset_normalizer']).__name__ == 'Deferred'
text, encoding = decode('Привет, мир! Как дела? Это проверка кодировки текста.'.encode('cp1251'))
print(encoding, text[:6])
response = requests.models.Response()
response._content = 'Ça coûte très cher, déjà.'.encode('cp1252')
print(response.apparent_encoding is not None, type(sys.modules['charset_normalizer']).__name__)
"""


def test_charset_detection_still_works_behind_the_stand_in() -> None:
    """documents.decode (an undeclared non-UTF-8 body) and requests itself load the real detector."""
    out = subprocess.run(
        [sys.executable, "-c", _DETECTS], capture_output=True, text=True, timeout=60, check=True
    )
    decoded, requested = out.stdout.strip().splitlines()
    assert decoded.endswith(" Привет")
    assert requested == "True module"
