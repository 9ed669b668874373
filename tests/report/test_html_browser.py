"""The HTML report rendered by headless Chromium: verdict cells present, nothing injected ran; the sample's
report laid out at 1400 and 420 px (findings first, no sideways scrolling on a phone), with screenshots.

Skipped when Chromium is absent (`apt-get install -y chromium`). Set VERIFY_SCREENSHOT_DIR to keep the
screenshots (report-1400.png, report-420.png) somewhere to look at them."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from verify.cli import cli
from verify.models import Report
from verify.report import OutputFormat, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample"
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
         "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_html_report_renders_in_chromium(report: Report, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(report, OutputFormat.HTML), encoding="utf-8")
    proc = _chromium(tmp_path, "--dump-dom", page.as_uri())
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


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample article's report (replayed from its WARC: exact, ellipsis, changed, elsewhere…)."""
    out = tmp_path_factory.mktemp("sample") / "report.html"
    args = ["check", str(SAMPLE / "article.html"), "--replay", str(SAMPLE / "world.warc.gz"), "-f", "html"]
    result = CliRunner().invoke(cli, [*args, "-o", str(out), "--quiet"])
    assert result.exit_code == 1, result.output  # the sample holds findings
    return out


def _probe(page: Path, width: int, tmp_path: Path) -> dict[str, float]:
    """Lay the report out in a frame `width` px wide and measure it (a test page of our own, with a script;
    the report itself forbids scripts): how wide the content is, where findings, cards and table start."""
    report = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" style="width:{width}px;height:900px;'
        f'border:0" srcdoc="{html.escape(report, quote=True)}"></iframe><pre id="probe"></pre><script>'
        'document.getElementById("f").addEventListener("load", () => {'
        ' const d = document.getElementById("f").contentDocument;'
        " const at = (s) => { const e = d.querySelector(s); return e ? e.getBoundingClientRect().top : -1; };"
        ' const wide = [...d.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > '
        f'  {width} + 1).map(e => e.tagName + "." + e.className);'
        ' document.getElementById("probe").textContent = JSON.stringify({'
        "  width: d.documentElement.clientWidth, scroll: d.documentElement.scrollWidth,"
        "  wide: wide.slice(0, 5),"
        '  findings: at("#findings"), card: at("section.card"), table: at("#verification")});'
        "});</script></body></html>",
        encoding="utf-8",
    )
    proc = _chromium(tmp_path, "--window-size=1500,1000", "--virtual-time-budget=5000", "--dump-dom",
                     probe.as_uri())  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = re.search(r'<pre id="probe">([^<]+)</pre>', proc.stdout)
    assert found, proc.stdout[-2000:]
    return dict(json.loads(html.unescape(found.group(1))))


@pytest.mark.parametrize("width", [1400, 420])
def test_sample_report_reads_at_desktop_and_phone_width(
    sample_page: Path, tmp_path: Path, width: int
) -> None:
    m = _probe(sample_page, width, tmp_path)
    assert m["width"] == width
    assert m["scroll"] <= width, f"sideways scrolling at {width} px: {m['wide']}"
    assert 0 < m["findings"] < m["card"] < m["table"]  # findings first, then the cards, the table last
    if width == 1400:
        assert m["findings"] < 600  # under the header, not 6,000 px down


@pytest.mark.parametrize("width", [1400, 420])
def test_sample_report_screenshots(sample_page: Path, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"report-{width}.png"
    proc = _chromium(tmp_path, f"--window-size={width},2600", f"--screenshot={shot}", sample_page.as_uri())
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (width, 2600)
    keep = os.environ.get("VERIFY_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)
