"""`storywatch status` and article-text retention, on a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from watchers.models import Article, ArticleVerdict, Judged, LedgerRecord
from watchers.store import Store

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
OK_FEED = "https://ok.example/feed"
BAD_FEED = "https://down.example/feed"


def _article(n: int) -> Article:
    return Article(
        identity=f"guid-{n}",
        url=f"https://news.example/{n}",
        title=f"Title {n}",
        text=f"The harbour contract was signed in May, report {n}.",
        author="",
        published=NOW,
        source="News Example",
        feed_url=OK_FEED,
    )


def _config(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "harbour.yaml").write_text(
        "id: harbour\ntitle: Harbour contract\nmatch:\n  any: [harbour]\n", encoding="utf-8"
    )
    (tmp_path / "rules" / "quake.yaml").write_text(
        "id: quake\ntitle: Quake\nmatch:\n  any: [earthquake]\narchive:\n  after: 2025-12-31\n",
        encoding="utf-8",
    )
    config = tmp_path / "config.yaml"
    config.write_text(
        f"rules_dir: rules\nstore:\n  path: s.sqlite3\nfeeds:\n  - url: {OK_FEED}\n  - url: {BAD_FEED}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    config = _config(tmp_path)
    store = Store(tmp_path / "s.sqlite3")
    store.sync_feeds([(OK_FEED, None, None), (BAD_FEED, None, None)])
    store.record_poll(
        OK_FEED, now=NOW, status=200, error=None, next_poll_at=NOW + timedelta(minutes=15)
    )
    for minutes in (0, 30):
        store.record_poll(
            BAD_FEED,
            now=NOW - timedelta(minutes=minutes),
            status=503,
            error="HTTP 503",
            next_poll_at=NOW + timedelta(hours=1),
        )
    article_id = store.save_article(_article(1), content_hash="h1", now=NOW)
    store.save_judged(
        Judged("harbour", _article(1), ArticleVerdict(verdict="first")),
        article_id=article_id,
        now=NOW,
    )
    store.ensure_chat(7, now=NOW)
    store.subscribe(7, "harbour", now=NOW)
    sent = store.enqueue(7, "digest 1", kind="digest", story="harbour", now=NOW, dedupe_key="d1")
    assert sent is not None
    store.mark_sent(sent, now=NOW + timedelta(minutes=1))
    again = store.enqueue(7, "digest 2", kind="digest", story="harbour", now=NOW, dedupe_key="d2")
    assert again is not None
    # Its first attempt timed out: Telegram may have it, so the retry may show twice.
    store.mark_retry(again, error="TimedOut: Timed out", not_before=NOW, uncertain=True)
    store.close()
    return config


def test_status_text(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--config", str(state)]) == 0
    out = capsys.readouterr().out
    assert "feeds: 2 to poll (1 ok, 1 failing; listed in config.yaml and the rules, and news" in out
    from judge.ledger import COMPILED

    assert ("judging: Python ledger lookup" in out) is not COMPILED  # said only when slower
    assert f"FAILING  {BAD_FEED}" in out and "2 error(s): HTTP 503" in out
    assert f"ok       {OK_FEED}" in out
    assert (
        "outbox: 1 message(s) pending; 1 resent after an interrupted send (may show twice)" in out
    )
    assert (
        "harbour: 1 verdict(s), 1 subscriber(s), last article 2026-03-03 08:00Z" in out
        and "last digest 2026-03-03 08:01Z" in out
    )
    assert (
        "quake: 0 verdict(s), 0 subscriber(s), last article never, last digest never "
        "[archived after 2025-12-31]" in out
    )


def test_status_does_not_count_the_console_as_a_subscriber(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: `run` without a token subscribes its console stand-in (chat 0) to every story,
    and status counted it: "1 subscriber(s)" on a fresh install with nobody subscribed."""
    store = Store(state.parent / "s.sqlite3")
    store.ensure_chat(0, type="console", title="console", now=NOW)
    store.subscribe(0, "harbour", now=NOW)
    store.subscribe(0, "quake", now=NOW)
    store.close()
    assert main(["status", "--config", str(state)]) == 0
    out = capsys.readouterr().out
    assert "harbour: 1 verdict(s), 1 subscriber(s)" in out  # chat 7 only
    assert "quake: 0 verdict(s), 0 subscriber(s)" in out


def test_status_json(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", "--json", "--config", str(state)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["failing"] == 1
    assert data["pending_messages"] == 1 and data["resent_messages"] == 1
    from judge.ledger import COMPILED

    assert data["ledger_lookup"] == ("c" if COMPILED else "python")
    assert data["last_poll"] == "2026-03-03T08:00:00+00:00"
    assert {s["id"]: s["last_digest"] for s in data["stories"]} == {
        "harbour": "2026-03-03T08:01:00+00:00",
        "quake": None,
    }


def test_status_without_state_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path)
    assert main(["status", "--config", str(config)]) == 1
    assert "no state at" in capsys.readouterr().err
    assert not (tmp_path / "s.sqlite3").exists()  # status never creates an empty state file


def test_status_reads_state_directory(
    state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    moved = tmp_path / "var"
    moved.mkdir()
    (tmp_path / "s.sqlite3").rename(moved / "s.sqlite3")
    monkeypatch.setenv("STATE_DIRECTORY", str(moved))
    assert main(["status", "--config", str(state)]) == 0
    assert f"state: {moved / 's.sqlite3'}" in capsys.readouterr().out


def test_retention_drops_old_bodies_and_keeps_verdicts_and_ledger(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    old_id = store.save_article(_article(1), content_hash="h1", now=NOW - timedelta(days=100))
    new_id = store.save_article(_article(2), content_hash="h2", now=NOW - timedelta(days=10))
    for article, article_id in ((_article(1), old_id), (_article(2), new_id)):
        store.save_judged(
            Judged("harbour", article, ArticleVerdict(verdict="first")),
            article_id=article_id,
            now=NOW,
        )
    record = LedgerRecord(
        text="The harbour contract was signed in May.",
        first_url="https://news.example/1",
        first_source="News Example",
        first_published=NOW,
        article_identity="guid-1",
    )
    store.add_ledger_records("harbour", [record])

    assert store.prune_article_text(NOW - timedelta(days=90)) == 1
    assert store.prune_article_text(NOW - timedelta(days=90)) == 0  # idempotent
    old, new = store.article("guid-1"), store.article("guid-2")
    assert old is not None and old.text == ""
    assert new is not None and new.text == _article(2).text
    assert [j.article.identity for _, j in store.judged("harbour")] == ["guid-1", "guid-2"]
    assert store.ledger_records("harbour") == [record]
    store.close()


def test_status_says_when_judging_runs_the_python_lookup(state: Path) -> None:
    """Without the compiled lookup (here forced with STORYWATCH_NO_C) status says so and how to fix."""
    code = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "STORYWATCH_NO_C": "1"}
    text = subprocess.run(
        [sys.executable, "-c", code, "status", "--config", str(state)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "judging: Python ledger lookup" in text and "gcc and python3-dev" in text
    data = subprocess.run(
        [sys.executable, "-c", code, "status", "--json", "--config", str(state)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(data)["ledger_lookup"] == "python"
