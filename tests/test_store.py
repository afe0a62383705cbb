"""The store on both backends (SQLite, and PostgreSQL where its server is installed): migrations,
round trips, outbox semantics, and transactions that roll back; WAL and old files on SQLite."""

from __future__ import annotations

import contextlib
import random
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judge.ledger import DuplicateIndex, fingerprint
from watchers.models import (
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Evidence,
    Judged,
    LedgerRecord,
)
from watchers.store import MIGRATIONS, Store, StoredDuplicates, StoreError

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
            ClaimVerdict(
                Claim("The port signed in May.", entities=("port",), numbers=("May",)), "new"
            ),
            ClaimVerdict(
                Claim("Two bidders."), "seen", first_url="https://a.example/1", first_source="A"
            ),
        ),
        evidence=(
            Evidence("The audit office published the file.", "document", "primary document"),
        ),
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


def test_judged_round_trip_keeps_every_field(store_location):
    s = Store(store_location)
    a = article()
    aid = s.save_article(a, content_hash="h", now=NOW)
    j = Judged(story="harbour", article=a, verdict=verdict(), matched_terms=("harbour",))
    jid = s.save_judged(j, article_id=aid, now=NOW)
    [(got_id, got)] = s.judged("harbour")
    assert got_id == jid
    assert got == j
    assert s.judged_by_id(jid) == j


def test_ledger_and_fingerprints_persist(store_location):
    path = store_location
    s = Store(path)
    rec = LedgerRecord("Two bidders.", "https://a.example/1", "A", NOW, "guid-1")
    s.add_ledger_records("harbour", [rec])
    s.add_fingerprint("harbour", "https://a.example/1", "abc")
    s.close()
    s = Store(path)
    assert s.ledger_records("harbour") == [rec]
    assert s.ledger_records("other") == []
    assert s.fingerprints("harbour") == [("https://a.example/1", "abc")]


def test_failed_transaction_leaves_nothing(store_location):
    s = Store(store_location)
    with pytest.raises(RuntimeError):
        with s.transaction():
            s.save_article(article(1), content_hash="h", now=NOW)
            s.add_ledger_records("x", [LedgerRecord("c", "u", "s", NOW, "i")])
            raise RuntimeError("crash in the middle")
    assert s.articles() == []
    assert s.ledger_records("x") == []


def test_outbox_dedupes_and_marks(store_location):
    s = Store(store_location)
    first = s.enqueue(7, "hello", kind="digest", now=NOW, dedupe_key="digest:7:x:1")
    again = s.enqueue(7, "hello", kind="digest", now=NOW, dedupe_key="digest:7:x:1")
    assert first is not None and again is None
    assert [m.id for m in s.pending(now=NOW)] == [first]
    s.mark_retry(first, error="429", not_before=NOW + timedelta(seconds=5))
    assert s.pending(now=NOW) == []
    assert [m.attempts for m in s.pending(now=NOW + timedelta(seconds=5))] == [1]
    s.mark_sent(first, now=NOW, telegram_message_id=99)
    assert s.pending(now=NOW + timedelta(days=1)) == [] and s.pending_count() == 0


def test_new_subscriber_cursor_starts_at_newest_verdict(store_location):
    s = Store(store_location)
    aid = s.save_article(article(), content_hash="h", now=NOW)
    jid = s.save_judged(Judged("harbour", article(), verdict()), article_id=aid, now=NOW)
    s.ensure_chat(5, now=NOW)
    assert s.subscribe(5, "harbour", now=NOW)
    assert not s.subscribe(5, "harbour", now=NOW)
    [sub] = s.subscriptions(chat_id=5)
    assert sub.cursor == jid


def test_blocked_chat_is_deactivated_and_its_pending_messages_fail(store_location):
    s = Store(store_location)
    s.ensure_chat(5, now=NOW)
    s.subscribe(5, "harbour", now=NOW)
    s.enqueue(5, "x", kind="digest", now=NOW)
    s.deactivate_chat(5, "Forbidden: bot was blocked by the user")
    assert s.subscriptions(story="harbour") == []
    assert s.pending(now=NOW) == []


def test_migrated_chat_keeps_subscriptions_and_pending(store_location):
    s = Store(store_location)
    s.ensure_chat(-5, type="group", now=NOW)
    s.subscribe(-5, "harbour", now=NOW)
    s.enqueue(-5, "x", kind="digest", now=NOW)
    s.migrate_chat(-5, -1005)
    assert [sub.chat_id for sub in s.subscriptions(story="harbour")] == [-1005]
    assert [m.chat_id for m in s.pending(now=NOW)] == [-1005]


def test_feed_health_transitions(store_location):
    s = Store(store_location)
    s.sync_feeds([("https://f.example/rss", "F", None)])
    assert s.due_feeds(NOW) == ["https://f.example/rss"]
    later = NOW + timedelta(minutes=15)
    assert s.record_poll(
        "https://f.example/rss", now=NOW, status=0, error="timed out", next_poll_at=later
    ) == (
        True,
        False,
    )
    assert s.record_poll(
        "https://f.example/rss", now=NOW, status=0, error="timed out", next_poll_at=later
    ) == (
        False,
        False,
    )
    assert s.feed_state("https://f.example/rss").consecutive_errors == 2
    assert s.due_feeds(NOW) == []
    assert s.record_poll(
        "https://f.example/rss", now=later, status=200, error=None, next_poll_at=later, etag='"e"'
    ) == (
        False,
        True,
    )
    st = s.feed_state("https://f.example/rss")
    assert st.etag == '"e"' and st.failing_since is None and st.consecutive_errors == 0


# ---------------------------------------------------------------- the duplicate index in the file


def _random_fingerprints(seed: int, n: int) -> list[str]:
    """Fresh fingerprints and near copies of earlier ones (a few bins changed), in order."""
    rnd = random.Random(seed)
    fps: list[str] = []
    for _ in range(n):
        if fps and rnd.random() < 0.4:
            bins = [fps[-1][i : i + 4] for i in range(0, 256, 4)]
            for b in rnd.sample(range(64), rnd.randint(0, 20)):
                bins[b] = f"{rnd.getrandbits(16):04x}"
            fps.append("".join(bins))
        else:
            fps.append(
                "".join(
                    "ffff" if rnd.random() < 0.05 else f"{rnd.getrandbits(16):04x}"
                    for _ in range(64)
                )
            )
    return fps


def _stored_index_answers_like_memory(s: Store, seed: int, n: int, story: str) -> None:
    stored, memory = StoredDuplicates(s, story), DuplicateIndex()
    other = StoredDuplicates(s, story + "-other")  # same texts under another story must not leak
    fps = _random_fingerprints(seed, n)
    for i, fp in enumerate(fps):
        probe = fps[max(0, i - 3)]
        assert stored.best(probe) == memory.best(probe)
        assert stored.best(probe, 0.5) == memory.best(probe, 0.5)
        stored.add(f"https://x.example/{i}", fp)
        memory.add(f"https://x.example/{i}", fp)
        other.add(f"https://other.example/{i}", fp)
    assert len(stored) == n
    for fp in fps:
        assert stored.best(fp) == memory.best(fp)
        assert stored.best(fp) is not None and stored.best(fp)[0].startswith("https://x.example/")
    stored.add("https://x.example/bad", "not hex")  # kept, never matched
    assert len(stored) == n + 1 and stored.best(fps[-1]) == memory.best(fps[-1])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 120))
def test_stored_duplicate_index_answers_like_the_in_memory_one(seed: int, n: int) -> None:
    _stored_index_answers_like_memory(Store(":memory:"), seed, n, "harbour")


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32), n=st.integers(1, 60))
def test_postgresql_duplicate_index_answers_like_the_in_memory_one(
    pg_url: str, seed: int, n: int
) -> None:
    """The same property on PostgreSQL: band keys are signed 64-bit (BIGINT), looked up as an
    array parameter. One database for every example, so each example has its own story."""
    s = Store(pg_url)
    try:
        _stored_index_answers_like_memory(s, seed, n, f"harbour-{seed}-{n}-{random.random()}")
    finally:
        s.close()


def test_migration_moves_fingerprints_into_an_index(tmp_path):
    """A state file from before the index (schema 1) keeps its fingerprints, in order, and finds
    copies of them after the upgrade."""
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    body = " ".join(
        f"The harbour board met on day {d} and approved contract {d * 7}." for d in range(30)
    )
    old = [
        ("https://a.example/1", fingerprint(body)),
        ("https://a.example/2", fingerprint(body + " More.")),
        ("https://a.example/3", "junk"),
    ]
    db.executemany("INSERT INTO fingerprints (story, url, fp) VALUES ('harbour', ?, ?)", old)
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()

    s = Store(path)
    assert s.schema_version == len(MIGRATIONS) >= 2
    assert s.fingerprints("harbour") == old
    dups = StoredDuplicates(s, "harbour")
    assert len(dups) == 3
    found = dups.best(fingerprint(body + " Syndicated by Wire Service."))
    assert found is not None and found[0] == "https://a.example/1"
    assert (
        dups.best(fingerprint("A different article about a bakery that opened on the pier."))
        is None
    )
    assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_duplicate_index_rolls_back_with_the_transaction(store_location):
    s = Store(store_location)
    dups = StoredDuplicates(s, "harbour")
    fp = fingerprint(
        "The harbour board approved the dredging contract on Monday evening after a vote."
    )
    with pytest.raises(RuntimeError):
        with s.transaction():
            dups.add("https://a.example/1", fp)
            assert dups.best(fp) == ("https://a.example/1", 1.0)
            raise RuntimeError("crash before commit")
    assert len(dups) == 0 and dups.best(fp) is None
    dups.add("https://a.example/1", fp)
    dups.add("https://a.example/1", fp)  # once per story and URL
    assert len(dups) == 1


# ---------------------------------------------------------------- both backends, issue 16


def test_big_chat_ids_vectors_and_lists_round_trip(store_location):
    """Telegram supergroup ids need 64 bits; claim vectors are bytes; id lists go in as one
    parameter; a conflicting insert returns no id."""
    s = Store(store_location)
    big = -1001234567890
    s.ensure_chat(big, type="supergroup", now=NOW)
    assert s.subscribe(big, "harbour", now=NOW, cursor=0)
    s.advance_cursor(big, "harbour", 7, now=NOW)
    s.advance_cursor(big, "harbour", 3, now=NOW)  # never moves back
    [sub] = s.subscriptions(story="harbour")
    assert (sub.chat_id, sub.cursor) == (big, 7)
    first = s.enqueue(big, "x", kind="alert", now=NOW, dedupe_key="k")
    assert first is not None and s.enqueue(big, "x", kind="alert", now=NOW, dedupe_key="k") is None
    assert [m.chat_id for m in s.pending(now=NOW)] == [big]
    recs = [
        LedgerRecord(f"Claim {i}.", "https://a.example/1", "A", NOW, "guid-1") for i in range(3)
    ]
    vecs = [bytes([i, 0, 255]) * 4 for i in range(3)]
    s.add_ledger_records("harbour", recs, [vecs[0], None, vecs[2]])
    assert s.ledger_vectors("harbour") == [vecs[0], None, vecs[2]]
    s.set_ledger_vectors("harbour", vecs)
    assert s.ledger_vectors("harbour") == vecs
    for n in (1, 2):
        s.save_article(article(n), content_hash=f"h{n}", now=NOW)
    assert s.known_articles(["guid-1", "guid-2", "guid-9"]) == {"guid-1": "h1", "guid-2": "h2"}
    assert s.known_articles([]) == {}
    assert s.known_urls(["https://news.example/2", "https://x.example/"]) == {
        "https://news.example/2"
    }


def test_recent_texts_and_counts_read_alike(store_location):
    s = Store(store_location)
    for n in (1, 2, 3):
        aid = s.save_article(article(n), content_hash="h", now=NOW)
        s.save_judged(Judged("harbour", article(n), verdict()), article_id=aid, now=NOW)
        if n == 2:
            s.save_judged(Judged("port", article(n), verdict()), article_id=aid, now=NOW)
    texts = s.recent_texts("NEWS.example", limit=2)
    assert [(u, sorted(stories)) for u, _, _, stories in texts] == [
        ("https://news.example/3", ["harbour"]),
        ("https://news.example/2", ["harbour", "port"]),
    ]
    assert s.story_counts() == {"harbour": {"new_evidence": 3}, "port": {"new_evidence": 1}}
    assert s.last_judged_id("harbour") == 4 and s.last_judged_id() == 4
    assert set(s.last_coverage()) == {"harbour", "port"}
    assert s.outbox_counts() == {"pending": 0, "sent": 0, "failed": 0, "retried": 0}
    assert s.next_revision("harbour", 1) == 1


def test_postgresql_fresh_database_is_fully_migrated_once(pg_url):
    """Workers that start together on one empty database migrate it once (an advisory lock)."""
    import threading

    errors: list[BaseException] = []

    def open_store() -> None:
        try:
            Store(pg_url).close()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    s = Store(pg_url)
    assert s.schema_version == len(MIGRATIONS)
    assert s.db.execute("SELECT COUNT(*) FROM storywatch_schema").fetchone()[0] == 1


def test_postgresql_newer_schema_is_refused_with_a_clear_error(pg_url):
    s = Store(pg_url)
    s.db.execute("UPDATE storywatch_schema SET version = ?", (len(MIGRATIONS) + 5,))
    s.close()
    with pytest.raises(StoreError, match="newer storywatch"):
        Store(pg_url)


def test_postgresql_unreachable_server_is_a_clear_error_without_the_password():
    pytest.importorskip("psycopg")
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"postgresql://sw:s3cret-pw@127.0.0.1:{port}/storywatch?connect_timeout=5"
    with pytest.raises(StoreError, match="cannot connect to the PostgreSQL database") as info:
        Store(url)
    assert "s3cret-pw" not in str(info.value) and "sw:***@127.0.0.1" in str(info.value)


def test_postgresql_store_reconnects_after_the_server_dropped_its_connection(pg_url):
    """A server restart or failover: the statement that meets the dead connection fails (and its
    transaction rolls back), the next one runs on a new connection."""
    import psycopg

    s = Store(pg_url)
    s.enqueue(5, "x", kind="alert", now=NOW)
    pid = s.db.execute("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(psycopg.OperationalError):
        with s.transaction():
            s.enqueue(5, "lost with its transaction", kind="alert", now=NOW)
    assert s.pending_count() == 1
    assert [m.text for m in s.pending(now=NOW)] == ["x"]
    assert s.db.execute("SELECT pg_backend_pid()").fetchone()[0] != pid


def test_a_sqlite_store_does_not_load_the_postgresql_driver(tmp_path):
    """SQLite installs are unchanged: psycopg is an optional extra, imported only for a URL."""
    code = (
        "import sys; from watchers.store import Store; "
        f"s = Store({str(tmp_path / 's.sqlite3')!r}); s.enqueue(1, 'x', kind='alert', now=__import__('datetime').datetime.now()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'sqlalchemy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_nul_character_in_a_text_is_stored_on_both_backends(store_location):
    """SQLite keeps a NUL; PostgreSQL text cannot hold one, so it becomes U+FFFD there, rather
    than failing the poll that brought the article."""
    s = Store(store_location)
    a = Article(**{**article().__dict__, "text": "Before\x00after.", "title": "T\x00"})
    aid = s.save_article(a, content_hash="h", now=NOW)
    s.add_ledger_records("harbour", [LedgerRecord("Claim\x00.", a.url, a.source, NOW, a.identity)])
    stored = s.article(a.identity)
    nul = "\ufffd" if s.is_postgresql else "\x00"
    assert (
        stored is not None
        and stored.text == f"Before{nul}after."
        and s.article_id(a.identity) == aid
    )
    assert [r.text for r in s.ledger_records("harbour")] == [f"Claim{nul}."]


def test_chat_settings_take_python_bools(store_location):
    """The bot passes True/False for the INTEGER flags; SQLite stores them as 1/0, and so must
    PostgreSQL (which refuses a boolean in a BIGINT column)."""
    s = Store(store_location)
    s.ensure_chat(5, now=NOW)
    s.update_chat(5, instant_alerts=True, include_repeats=False, digest_hour=7)
    chat = s.chat(5)
    assert chat is not None and (chat.instant_alerts, chat.include_repeats) == (True, False)
    assert s.db.execute("SELECT instant_alerts FROM chats").fetchone()[0] == 1


def test_postgresql_store_survives_another_process_migrating_the_tables(pg_url):
    """A newer storywatch adds a column while this one runs: PostgreSQL refuses the statements this
    connection prepared on the old table ("cached plan must not change result type") until they
    are dropped; the store drops them and goes on, as SQLite re-prepares by itself."""
    import psycopg

    s = Store(pg_url)
    s.sync_feeds([("https://f.example/rss", "F", None)])
    s.ensure_chat(5, now=NOW)

    def prepared_then_altered(table: str, read) -> None:
        for _ in range(8):  # psycopg prepares a statement on the server after 5 runs
            assert read() is not None
        with psycopg.connect(pg_url, autocommit=True) as other:
            other.execute(f"ALTER TABLE {table} ADD COLUMN added_later TEXT")

    prepared_then_altered("chats", lambda: s.chat(5))
    with pytest.raises(psycopg.errors.FeatureNotSupported):
        with s.transaction():  # inside a transaction the error stands ...
            s.chat(5)
    assert s.chat(5) is not None  # ... and the rollback dropped the old plans
    prepared_then_altered("feeds", lambda: s.feed_state("https://f.example/rss"))
    assert s.feed_state("https://f.example/rss").name == "F"  # outside one: dropped, run again


def test_postgresql_connection_lost_inside_a_transaction_commits_nothing_later(pg_url):
    """Code that goes on after a failed statement inside a transaction must not find itself on a
    new connection, committing each later statement alone."""
    import psycopg

    s = Store(pg_url)
    with pytest.raises(psycopg.OperationalError, match="lost inside a transaction"):
        with s.transaction():
            s.enqueue(5, "before", kind="alert", now=NOW)
            pid = s.db.execute("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(pg_url, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            with contextlib.suppress(psycopg.OperationalError):
                s.pending_count()  # meets the dead connection
            s.enqueue(5, "after", kind="alert", now=NOW)
    assert s.pending(now=NOW) == []  # neither message: the transaction is gone whole
    s.enqueue(5, "next", kind="alert", now=NOW)  # and the store goes on, reconnected
    assert [m.text for m in s.pending(now=NOW)] == ["next"]
