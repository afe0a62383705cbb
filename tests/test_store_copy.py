"""`storywatch store copy`: a whole state from SQLite to PostgreSQL and back, checked by row counts
and verdicts; a non-empty target refused unless --force."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from bot.cli import main
from watchers.store import Store
from watchers.store_copy import TABLES, _sample_ids, table_counts

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
BIG_CHAT = -1001234567890  # a supergroup: 64 bits


def _demo_copy(demo_state, tmp_path: Path) -> Path:
    """The demo story's state, plus a subscriber, sent and pending messages and claim vectors,
    so every table holds rows."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_state.folder / "storywatch.sqlite3", path)
    s = Store(path)
    s.ensure_chat(BIG_CHAT, type="supergroup", title="Desk", now=NOW)
    s.subscribe(BIG_CHAT, demo_state.story, now=NOW)
    sent = s.enqueue(BIG_CHAT, "<b>digest</b>", kind="digest", now=NOW, parse_mode="HTML")
    s.mark_sent(sent, now=NOW, telegram_message_id=77)
    s.enqueue(BIG_CHAT, "alert", kind="alert", now=NOW, dedupe_key="alert:1")
    n = len(s.ledger_records(demo_state.story))
    s.set_ledger_vectors(demo_state.story, [bytes([i % 256]) * 16 for i in range(n)])
    s.close()
    return path


def _dump(location: str | Path) -> dict[str, list[tuple]]:
    s = Store(location)
    try:
        out = {}
        for t in TABLES:
            cur = s.db.execute(f"SELECT * FROM {t}")
            out[t] = sorted(
                (tuple(bytes(v) if isinstance(v, memoryview) else v for v in r) for r in cur),
                key=repr,
            )
        return out
    finally:
        s.close()


def test_round_trip_sqlite_postgresql_sqlite_keeps_every_row(demo_state, pg_url, tmp_path, capsys):
    source = _demo_copy(demo_state, tmp_path)
    before = _dump(source)
    assert all(before[t] for t in TABLES), {t: len(r) for t, r in before.items()}

    assert main(["store", "copy", "--from", str(source), "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert re.search(rf"\bjudged +{len(before['judged'])} rows \(same in both\)", out), out
    assert "verdicts compared:" in out and "all equal" in out

    back = tmp_path / "back" / "state.sqlite3"
    assert main(["store", "copy", "--from", pg_url, "--to", str(back)]) == 0
    assert _dump(back) == before

    # Read through the Store API, the PostgreSQL copy answers as the file did.
    src, pg = Store(source), Store(pg_url)
    assert pg.judged(demo_state.story) == src.judged(demo_state.story)
    assert pg.ledger_records(demo_state.story) == src.ledger_records(demo_state.story)
    assert pg.ledger_vectors(demo_state.story) == src.ledger_vectors(demo_state.story)
    assert pg.subscriptions() == src.subscriptions()
    assert pg.pending(now=NOW) == src.pending(now=NOW)
    # New rows continue after the copied ids instead of colliding with them.
    chat_ids = [m.id for m in src.pending(now=NOW)]
    new = pg.enqueue(BIG_CHAT, "later", kind="alert", now=NOW)
    assert new is not None and new > max(chat_ids)
    assert pg.last_judged_id() == src.last_judged_id()


def test_non_empty_target_is_refused_unless_forced(demo_state, store_location, tmp_path, capsys):
    source = _demo_copy(demo_state, tmp_path)
    counts = table_counts(Store(source))
    assert main(["store", "copy", "--from", str(source), "--to", store_location]) == 0
    capsys.readouterr()
    assert main(["store", "copy", "--from", str(source), "--to", store_location]) == 1
    err = capsys.readouterr().err
    assert "is not empty" in err and "--force" in err and f"judged: {counts['judged']}" in err
    assert table_counts(Store(store_location)) == counts  # untouched
    assert main(["store", "copy", "--from", str(source), "--to", store_location, "--force"]) == 0
    assert table_counts(Store(store_location)) == counts  # replaced, not doubled


def test_a_missing_source_file_is_named_and_not_created(tmp_path, capsys):
    missing = tmp_path / "nope.sqlite3"
    assert main(["store", "copy", "--from", str(missing), "--to", str(tmp_path / "t.sqlite3")]) == 2
    assert "no state file at" in capsys.readouterr().err
    assert not missing.exists() and not (tmp_path / "t.sqlite3").exists()


def test_the_verdict_sample_spans_the_whole_history():
    ids = list(range(1, 1001))
    picked = _sample_ids(ids, 10)
    assert len(picked) == 10 and picked[0] == 1 and picked[-1] == 1000
    assert _sample_ids([3, 5], 10) == [3, 5]
