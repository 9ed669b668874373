"""The HTML report rendered by headless Chromium: verdict cells present, nothing injected ran."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from verify.models import Report
from verify.report import OutputFormat, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)")
def test_html_report_renders_in_chromium(report: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(report, OutputFormat.HTML), encoding="utf-8")
    profile = tmp_path / "profile"
    assert CHROMIUM is not None
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    dom = proc.stdout
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert '<table id="verification">' in dom
    for verdict in ("exact", "altered", "not-found", "unverifiable", "differs", "broken"):
        assert f'data-verdict="{verdict}"' in dom
    assert "<del>200</del>" in dom and "<ins>120</ins>" in dom
    # The injected script would have marked the body; the injected image would be an element.
    assert "data-pwned" not in dom.split("<body")[1].split(">")[0]
    assert "<img" not in dom
    assert "&lt;script&gt;" in dom
