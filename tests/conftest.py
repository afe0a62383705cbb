"""Shared fixtures: the demo story replayed once through the real pipeline (bot/demo.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml


@dataclass(frozen=True)
class DemoState:
    folder: Path  # holds config.yaml, rules/ and storywatch.sqlite3
    config: Path
    base: str  # the sample server's address the article URLs start with (gone after the replay)
    story: str


@pytest.fixture(scope="session")
def demo_state(tmp_path_factory: pytest.TempPathFactory) -> DemoState:
    from bot.demo import load_sample, run_demo

    folder = tmp_path_factory.mktemp("demo-state")
    assert run_demo(keep=str(folder), out=io.StringIO()) == 0
    config = folder / "config.yaml"
    feed = yaml.safe_load(config.read_text(encoding="utf-8"))["feeds"][0]["url"]
    base = feed.split("/", 3)[:3]
    story, _ = load_sample()
    return DemoState(folder, config, "/".join(base), story["id"])
