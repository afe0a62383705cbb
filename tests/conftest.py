"""Shared fixtures: the demo story replayed once through the real pipeline (bot/demo.py)."""

from __future__ import annotations

import io
import subprocess
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


# ---------------------------------------------------------------- PostgreSQL (issue 16)
#
# One throwaway cluster per test session (tests/pgcluster.py), a new database per test. Without
# the server binaries (or psycopg) the PostgreSQL tests skip with the reason; CI sets
# STORYWATCH_REQUIRE_PG=1 once it has installed them, and then they fail instead of skipping.


def _pg_missing(reason: str) -> None:
    import os

    if os.environ.get("STORYWATCH_REQUIRE_PG") == "1":
        pytest.fail(f"STORYWATCH_REQUIRE_PG=1 but PostgreSQL is not usable: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_cluster():
    import pgcluster

    reason = pgcluster.unavailable_reason()
    if reason:
        _pg_missing(reason)
    try:
        cluster = pgcluster.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        _pg_missing(f"could not start a local cluster: {e}")
    yield cluster
    cluster.stop()


@pytest.fixture
def pg_url(pg_cluster) -> str:
    """The URL of a new, empty database on the session's cluster."""
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path) -> str:
    """Where a Store lives, once per backend: a SQLite file path, then a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "state" / "s.sqlite3")
    return request.getfixturevalue("pg_url")
