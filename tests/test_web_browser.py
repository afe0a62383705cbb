"""The story page in a real headless Chromium (Debian's chromium, started here): the ledger rows
and the chart are there, nothing from a feed runs, and a screenshot is kept."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from webserve import demo_site, hostile_state, serving

from bot.timeline import COLOURS
from bot.web import Site

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CHROMIUM),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; .ci/run does)",
)
# How headless Chromium must start on this machine: no sandbox as root, no GPU, and none of the
# background connections a closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    profile.mkdir()
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()]


def test_demo_story_page_in_headless_chromium(demo_state, tmp_path):
    with serving(demo_site(demo_state)) as base:
        url = f"{base}/story/{demo_state.story}"
        dom = chromium(tmp_path, "--dump-dom", "--virtual-time-budget=5000", url)
        shot = tmp_path / "story-page.png"
        run = chromium(
            tmp_path,
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            "--virtual-time-budget=5000",
            url,
        )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('<tr class="claim">') >= 10
    assert dom.stdout.count('<li class="article">') == 10
    assert 'id="timeline"' in dom.stdout
    assert not console_errors(dom.stderr + run.stderr)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    keep = os.environ.get("STORYWATCH_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / "story-page.png")
    # The chart was loaded and drawn: the screenshot holds the verdict colours of its bars.
    img = Image.open(shot).convert("RGB")
    assert img.size == (1200, 1600)
    colours = {c for _, c in img.getcolors(maxcolors=1 << 20) or []}
    for verdict in ("first", "new_evidence", "new_claims"):
        rgb = tuple(int(COLOURS[verdict][i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, f"no {verdict} bar in the screenshot"


def test_a_feed_title_holding_script_stays_inert_in_chromium(tmp_path):
    rules, path = hostile_state(tmp_path / "state")
    with serving(Site(stories=lambda: rules, store_path=path)) as base:
        dom = chromium(
            tmp_path, "--dump-dom", "--virtual-time-budget=3000", f"{base}/story/harbour"
        )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "pwned" not in dom.stdout.split("</title>")[0], "the feed's script ran"
    assert "<script" not in dom.stdout and "<b>Evil" not in dom.stdout
    assert "&lt;script&gt;document.title=" in dom.stdout
    assert not console_errors(dom.stderr)
