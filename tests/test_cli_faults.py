"""CLI failures through the real `storywatch` script: one clear line on stderr, a non-zero exit,
never a traceback (a full disk, a closed pipe); log_level from config.yaml; -v anywhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from httpserver import LoopbackServer

from watchers.store import Store

STORYWATCH = Path(sys.executable).parent / "storywatch"
RULE = "id: harbour\ntitle: Harbour contract\nmatch:\n  any: [harbour]\n"


def rss(n: int, words: int = 10) -> bytes:
    body = " ".join(["The harbour contract was signed in May."] * words)
    items = "".join(
        f"<item><title>Harbour report {i}</title><link>http://127.0.0.1/a/{i}</link>"
        f"<guid>g{i}</guid><description>{body} Report {i}.</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{items}'
        "</channel></rss>"
    ).encode()


def project(tmp_path: Path, *, store: Path | str = "s.sqlite3", extra: str = "") -> Path:
    (tmp_path / "rules").mkdir(parents=True, exist_ok=True)
    (tmp_path / "rules" / "harbour.yaml").write_text(RULE, encoding="utf-8")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        f"rules_dir: rules\nstore:\n  path: {store}\nmatching: lexical\n"
        "poll:\n  fetch_pages: false\n  timeout: 10\n  jitter: 0\n" + extra,
        encoding="utf-8",
    )
    return cfg


def storywatch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "STATE_DIRECTORY"}
    return subprocess.run(
        [str(STORYWATCH), *args], capture_output=True, text=True, timeout=timeout, env=env
    )


def one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "nothing said on stderr"
    return lines[-1]


# ---------------------------------------------------------------- full disk


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB filesystem (tmpfs). Mounting needs root (CAP_SYS_ADMIN): skipped otherwise."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tiny tmpfs needs root; the full-disk case is not tested here")
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_poll_on_a_full_disk_says_so_in_one_line(tmp_path: Path, tiny_disk: Path) -> None:
    """Before: a raw sqlite3.OperationalError traceback ("database or disk is full")."""
    with LoopbackServer() as server:
        # ~3 MB of articles for a 1 MB disk.
        server.route("/feed.xml", body=rss(300, words=250), content_type="application/rss+xml")
        cfg = project(
            tmp_path,
            store=tiny_disk / "s.sqlite3",
            extra=f"feeds:\n  - url: {server.url('/feed.xml')}\n",
        )
        done = storywatch("poll", "--once", "--config", str(cfg))
    assert done.returncode == 1, done.stderr
    line = one_clear_line(done.stderr)
    assert line.startswith("storywatch poll: ")
    assert "full" in line and "free some disk space" in line
    assert str(tiny_disk / "s.sqlite3") in line


# ---------------------------------------------------------------- closed pipe


@pytest.fixture
def big_state(tmp_path: Path) -> Path:
    """A store with 3,000 feeds: `status` prints far more than a pipe buffer holds."""
    cfg = project(tmp_path)
    store = Store(tmp_path / "s.sqlite3")
    urls = [f"https://feed{i}.example/rss" for i in range(3000)]
    store.sync_feeds((u, None, None) for u in urls)
    now = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    for u in urls[:10]:
        store.record_poll(u, now=now, status=200, error=None, next_poll_at=now + timedelta(hours=1))
    store.close()
    return cfg


def test_status_into_a_pipe_closed_early_ends_quietly(big_state: Path) -> None:
    """`storywatch status | head -1`: before, a BrokenPipeError traceback on stderr."""
    env = {k: v for k, v in os.environ.items() if k != "STATE_DIRECTORY"}
    writer = subprocess.Popen(
        [str(STORYWATCH), "status", "--config", str(big_state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert writer.stdout is not None and writer.stderr is not None
    head = subprocess.run(["head", "-1"], stdin=writer.stdout, capture_output=True, timeout=60)
    writer.stdout.close()  # only head holds the read end: once it exits, writes fail with EPIPE
    with writer.stderr:
        err = writer.stderr.read().decode()
    assert writer.wait(timeout=60) == 141  # 128 + SIGPIPE, as a shell reports `yes | head -1`
    assert head.stdout.decode().startswith("state: ")
    assert err == "", err


def test_status_json_into_a_closed_pipe_too(big_state: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STATE_DIRECTORY"}
    writer = subprocess.Popen(
        [str(STORYWATCH), "status", "--json", "--config", str(big_state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert writer.stdout is not None and writer.stderr is not None
    writer.stdout.read(10)
    writer.stdout.close()
    with writer.stderr:
        err = writer.stderr.read().decode()
    assert writer.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err, err


# ---------------------------------------------------------------- other failures


def test_unreadable_store_is_one_line(tmp_path: Path) -> None:
    cfg = project(tmp_path)
    (tmp_path / "s.sqlite3").write_bytes(b"this is not a database" * 100)
    done = storywatch("status", "--config", str(cfg))
    assert done.returncode != 0
    line = one_clear_line(done.stderr)
    assert line.startswith("storywatch status: ") and "s.sqlite3" in line


# ---------------------------------------------------------------- log level


def _poll_a_missing_feed(tmp_path: Path, level: str | None, *flags: str) -> str:
    with LoopbackServer() as server:
        cfg = project(
            tmp_path,
            extra=f"feeds:\n  - url: {server.url('/gone.xml')}\n"
            + (f"log_level: {level}\n" if level else ""),
        )
        done = storywatch("poll", "--once", "--config", str(cfg), *flags)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_log_level_in_config_is_applied(tmp_path: Path) -> None:
    """Before: log_level had no effect; every command logged at INFO (DEBUG with -v)."""
    # The default, INFO, shows the feed's failure as a warning log line.
    assert "feed_failed" in _poll_a_missing_feed(tmp_path / "a", None)
    quiet = _poll_a_missing_feed(tmp_path / "b", "ERROR")
    assert "feed_failed" not in quiet
    assert "feed failed: http" in quiet  # the command's own report stays
    debug = _poll_a_missing_feed(tmp_path / "c", "DEBUG")
    assert " debug " in debug


def test_verbose_overrides_log_level_before_or_after_the_command(tmp_path: Path) -> None:
    after = _poll_a_missing_feed(tmp_path / "a", "ERROR", "-v")
    assert "feed_failed" in after and " debug " in after
    with LoopbackServer() as server:
        cfg = project(
            tmp_path / "b",
            extra=f"feeds:\n  - url: {server.url('/gone.xml')}\nlog_level: ERROR\n",
        )
        before = storywatch("-v", "poll", "--once", "--config", str(cfg))
    assert " debug " in before.stderr


def test_version() -> None:
    from importlib.metadata import version

    done = storywatch("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"storywatch {version('storywatch')}"
