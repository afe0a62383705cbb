"""`storywatch run` says what it waits for: when the next poll and the next digest are due."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from httpserver import LoopbackServer

from bot.schedule import DueLog, next_due, next_slot
from bot.service import ConsoleFrontend, Service
from watchers.config import load_config, load_rules
from watchers.fetch import Fetcher
from watchers.parse import ParsePool
from watchers.store import Store

NOW = datetime(2026, 3, 27, 10, 30, tzinfo=UTC)  # a Friday; Berlin moves to summer time on the 29th


def test_next_slot_daily_hourly_weekly_and_across_dst() -> None:
    assert next_slot(NOW, 8, "UTC") == datetime(2026, 3, 28, 8, 0, tzinfo=UTC)
    assert next_slot(NOW, 11, "UTC") == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)
    assert next_slot(NOW, 8, "UTC", "hourly") == datetime(2026, 3, 27, 11, 0, tzinfo=UTC)
    assert next_slot(NOW, 8, "UTC", "weekly", "monday") == datetime(2026, 3, 30, 8, tzinfo=UTC)
    # 08:00 in Berlin is 07:00Z before the change and 06:00Z after it.
    assert next_slot(NOW, 8, "Europe/Berlin") == datetime(2026, 3, 28, 7, 0, tzinfo=UTC)
    sunday = datetime(2026, 3, 29, 12, 0, tzinfo=UTC)
    assert next_slot(sunday, 8, "Europe/Berlin") == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


def _project(tmp_path: Path, feed_url: str = "https://feed.example/rss") -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "h.yaml").write_text(
        "id: h\ntitle: Harbour\nmatch:\n  any: [harbour]\n", encoding="utf-8"
    )
    (tmp_path / "rules" / "w.yaml").write_text(
        "id: w\ntitle: Weekly\nmatch:\n  any: [week]\ndigest:\n  cadence: weekly\n",
        encoding="utf-8",
    )
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "rules_dir: rules\nstore:\n  path: s.sqlite3\nmatching: lexical\n"
        "poll:\n  interval: 15m\n  jitter: 0\n  fetch_pages: false\n"
        f"feeds:\n  - url: {feed_url}\ndigest:\n  hour: 8\n",
        encoding="utf-8",
    )
    return cfg


def test_next_due_is_the_earliest_subscriber_slot(tmp_path: Path) -> None:
    cfg = _project(tmp_path)
    config, rules = load_config(cfg), load_rules(tmp_path / "rules")
    store = Store(tmp_path / "s.sqlite3")
    try:
        due = next_due(store, config, rules, now=NOW)
        assert (due.poll, due.digest, due.console) == (None, None, False)
        store.sync_feeds([("https://feed.example/rss", None, None)])
        store.record_poll(
            "https://feed.example/rss",
            now=NOW,
            status=200,
            error=None,
            next_poll_at=NOW + timedelta(minutes=15),
        )
        store.ensure_chat(0, type="console", title="console", now=NOW)
        store.subscribe(0, "h", now=NOW)
        due = next_due(store, config, rules, now=NOW)
        assert due.poll == NOW + timedelta(minutes=15)
        assert due.digest is None and due.console  # the console is no subscriber with a slot
        store.ensure_chat(7, now=NOW)
        store.subscribe(7, "w", now=NOW)
        assert next_due(store, config, rules, now=NOW).digest == datetime(
            2026, 3, 30, 8, tzinfo=UTC
        )
        store.ensure_chat(8, now=NOW)
        store.subscribe(8, "h", now=NOW)
        store.update_chat(8, digest_hour=21)
        due = next_due(store, config, rules, now=NOW)
        assert (due.digest, due.story) == (datetime(2026, 3, 27, 21, tzinfo=UTC), "h")
        # Subscribed yesterday, no digest since: today's 08:00 passed, so one is due now.
        store.subscribe(7, "h", now=NOW - timedelta(days=1))
        assert next_due(store, config, rules, now=NOW).digest == NOW
    finally:
        store.close()


def test_due_log_says_it_once_per_change() -> None:
    # DueLog's text, from a given NextDue: no store needed for the wording.
    from bot.schedule import NextDue

    now = NOW
    due = NextDue(now + timedelta(minutes=14), now + timedelta(hours=21, minutes=30), "h", False)
    assert DueLog._poll(due, now) == "next_poll=2026-03-27T10:44:00Z in=14m"
    assert DueLog._digest(due, now) == "next_digest=2026-03-28T08:00:00Z in=21h story=h"
    idle = NextDue(None, None, None, False)
    assert "no subscribers yet" in DueLog._digest(idle, now)


def test_run_logs_when_the_next_poll_and_digest_are_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Before: after the first poll `make run` printed nothing more until something happened."""
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
        b"<item><title>Harbour deal</title><link>http://127.0.0.1/1</link><guid>1</guid>"
        b"<description>The harbour contract was signed.</description></item></channel></rss>"
    )
    with LoopbackServer() as server:
        server.route("/feed.xml", body=rss, content_type="application/rss+xml")
        cfg = _project(tmp_path, server.url("/feed.xml"))
        out = io.StringIO()
        service = Service(cfg, out=out)
        service.frontend = ConsoleFrontend(service.state, service.store, out)
        service.parser = ParsePool(1)

        async def go() -> None:
            await service.frontend.start()
            async with Fetcher(service.state.config.poll) as fetcher:
                await service.run_once(fetcher)
                await service.run_once(fetcher)  # nothing due: nothing new to say

        caplog.set_level(logging.INFO, logger="bot.schedule")
        try:
            asyncio.run(go())
        finally:
            service.parser.close()
            service.store.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.schedule"]
    assert len(lines) == 1, lines
    assert lines[0].startswith("waiting next_poll=")
    assert re.search(r"next_poll=\S+ in=1[45]m ", lines[0]), lines[0]
    assert "next_digest=after_news (console: printed after each poll" in lines[0]
