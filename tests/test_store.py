"""The SQLite store: migrations, WAL, round trips, outbox semantics, and transactions that roll back."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from watchers.models import (
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Evidence,
    Judged,
    LedgerRecord,
)
from watchers.store import MIGRATIONS, Store, StoreError

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def article(n: int = 1) -> Article:
    return Article(
        identity=f"guid-{n}",
        url=f"https://news.example/{n}",
        title=f"Title {n}",
        text="Some text.",
        author="A. Writer",
        published=NOW + timedelta(minutes=n),
        source="News Example",
        feed_url="https://news.example/feed",
    )


def verdict() -> ArticleVerdict:
    return ArticleVerdict(
        verdict="new_evidence",
        claims=(
            ClaimVerdict(Claim("The port signed in May.", entities=("port",), numbers=("May",)), "new"),
            ClaimVerdict(Claim("Two bidders."), "seen", first_url="https://a.example/1", first_source="A"),
        ),
        evidence=(Evidence("The audit office published the file.", "document", "primary document"),),
        reasons=("new document",),
    )


def test_fresh_file_is_wal_and_fully_migrated(tmp_path):
    s = Store(tmp_path / "state" / "s.sqlite3")
    assert s.schema_version == len(MIGRATIONS)
    assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()
    # Reopening runs no step twice.
    s2 = Store(tmp_path / "state" / "s.sqlite3")
    assert s2.schema_version == len(MIGRATIONS)


def test_newer_schema_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer storywatch"):
        Store(path)


def test_unwritable_state_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the state folder"):
        Store(blocker / "sub" / "s.sqlite3")


def test_judged_round_trip_keeps_every_field(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    a = article()
    aid = s.save_article(a, content_hash="h", now=NOW)
    j = Judged(story="harbour", article=a, verdict=verdict(), matched_terms=("harbour",))
    jid = s.save_judged(j, article_id=aid, now=NOW)
    [(got_id, got)] = s.judged("harbour")
    assert got_id == jid
    assert got == j
    assert s.judged_by_id(jid) == j


def test_ledger_and_fingerprints_persist(tmp_path):
    path = tmp_path / "s.sqlite3"
    s = Store(path)
    rec = LedgerRecord("Two bidders.", "https://a.example/1", "A", NOW, "guid-1")
    s.add_ledger_records("harbour", [rec])
    s.add_fingerprint("harbour", "https://a.example/1", "abc")
    s.close()
    s = Store(path)
    assert s.ledger_records("harbour") == [rec]
    assert s.ledger_records("other") == []
    assert s.fingerprints("harbour") == [("https://a.example/1", "abc")]


def test_failed_transaction_leaves_nothing(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.save_article(article(1), content_hash="h", now=NOW)
            s.add_ledger_records("x", [LedgerRecord("c", "u", "s", NOW, "i")])
            raise RuntimeError("crash in the middle")
    assert s.articles() == []
    assert s.ledger_records("x") == []


def test_outbox_dedupes_and_marks(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    first = s.enqueue(7, "hello", kind="digest", now=NOW, dedupe_key="digest:7:x:1")
    again = s.enqueue(7, "hello", kind="digest", now=NOW, dedupe_key="digest:7:x:1")
    assert first is not None and again is None
    assert [m.id for m in s.pending(now=NOW)] == [first]
    s.mark_retry(first, error="429", not_before=NOW + timedelta(seconds=5))
    assert s.pending(now=NOW) == []
    assert [m.attempts for m in s.pending(now=NOW + timedelta(seconds=5))] == [1]
    s.mark_sent(first, now=NOW, telegram_message_id=99)
    assert s.pending(now=NOW + timedelta(days=1)) == [] and s.pending_count() == 0


def test_new_subscriber_cursor_starts_at_newest_verdict(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    aid = s.save_article(article(), content_hash="h", now=NOW)
    jid = s.save_judged(Judged("harbour", article(), verdict()), article_id=aid, now=NOW)
    s.ensure_chat(5, now=NOW)
    assert s.subscribe(5, "harbour", now=NOW)
    assert not s.subscribe(5, "harbour", now=NOW)
    [sub] = s.subscriptions(chat_id=5)
    assert sub.cursor == jid


def test_blocked_chat_is_deactivated_and_its_pending_messages_fail(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    s.ensure_chat(5, now=NOW)
    s.subscribe(5, "harbour", now=NOW)
    s.enqueue(5, "x", kind="digest", now=NOW)
    s.deactivate_chat(5, "Forbidden: bot was blocked by the user")
    assert s.subscriptions(story="harbour") == []
    assert s.pending(now=NOW) == []


def test_migrated_chat_keeps_subscriptions_and_pending(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    s.ensure_chat(-5, type="group", now=NOW)
    s.subscribe(-5, "harbour", now=NOW)
    s.enqueue(-5, "x", kind="digest", now=NOW)
    s.migrate_chat(-5, -1005)
    assert [sub.chat_id for sub in s.subscriptions(story="harbour")] == [-1005]
    assert [m.chat_id for m in s.pending(now=NOW)] == [-1005]


def test_feed_health_transitions(tmp_path):
    s = Store(tmp_path / "s.sqlite3")
    s.sync_feeds([("https://f.example/rss", "F", None)])
    assert s.due_feeds(NOW) == ["https://f.example/rss"]
    later = NOW + timedelta(minutes=15)
    assert s.record_poll("https://f.example/rss", now=NOW, status=0, error="timed out", next_poll_at=later) == (
        True,
        False,
    )
    assert s.record_poll("https://f.example/rss", now=NOW, status=0, error="timed out", next_poll_at=later) == (
        False,
        False,
    )
    assert s.feed_state("https://f.example/rss").consecutive_errors == 2
    assert s.due_feeds(NOW) == []
    assert s.record_poll("https://f.example/rss", now=later, status=200, error=None, next_poll_at=later, etag='"e"') == (
        False,
        True,
    )
    st = s.feed_state("https://f.example/rss")
    assert st.etag == '"e"' and st.failing_since is None and st.consecutive_errors == 0
