"""Outbox delivery against the fake Bot API: pacing, 429/403/400/5xx, migration, restart."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI, Limits, running
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.delivery import Pacer, PacingRateLimiter, Sender
from watchers.store import Store

TOKEN = "123:TEST"
NOW = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


def make_bot(api: FakeBotAPI, pacer: Pacer, read_timeout: float = 5.0) -> Bot:
    from telegram.ext import ExtBot

    return ExtBot(
        TOKEN,
        base_url=f"{api.base}/bot",
        request=HTTPXRequest(read_timeout=read_timeout, connection_pool_size=32),
        rate_limiter=PacingRateLimiter(pacer),
    )


def fast_pacer(**kw: float) -> Pacer:
    args = {
        "overall_per_second": 200.0,
        "overall_limit": 1000,
        "per_chat_interval": 0.05,
        "group_per_window": 100,
        "group_window": 1.0,
    }
    args.update(kw)
    return Pacer(**args)  # type: ignore[arg-type]


def store_with(tmp_path: Path, rows: list[tuple[int, str]], **kw: str) -> Store:
    store = Store(tmp_path / "s.sqlite3")
    for i, (chat, text) in enumerate(rows):
        store.ensure_chat(chat, now=NOW)
        store.subscribe(chat, "harbour", now=NOW)
        store.enqueue(chat, text, kind="digest", story="harbour", now=NOW, dedupe_key=f"k{i}", **kw)
    return store


def deliver(
    api: FakeBotAPI, store: Store, pacer: Pacer, *, timeout: float = 10.0, **kw: float
) -> Sender:
    async def main() -> Sender:
        async with make_bot(api, pacer, **kw) as bot:  # type: ignore[arg-type]
            sender = Sender(store, bot, pacer, now=lambda: datetime.now(UTC))
            await sender.drain(timeout)
            return sender

    return asyncio.run(main())


def outbox(store: Store) -> list[tuple[int, str, int | None]]:
    return [
        (r["chat_id"], r["status"], r["message_id"])
        for r in store.db.execute("SELECT * FROM outbox ORDER BY id")
    ]


def test_each_row_is_sent_once_and_marked_with_telegram_message_id(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(c, f"hello {c}") for c in range(1, 21)])
    with running(limits=Limits(per_chat=(1, 1.0), per_group=None, overall=(300, 1.0))) as api:
        sender = deliver(api, store, fast_pacer())
        assert sorted(s.chat_id for s in api.messages()) == list(range(1, 21))
    assert sender.stats.sent == 20
    rows = outbox(store)
    assert all(status == "sent" and mid for _, status, mid in rows)
    assert {mid for *_, mid in rows} == {s.message_id for s in api.messages()}


def test_parts_to_one_chat_are_paced_and_ordered_without_429(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(7, f"part {i}") for i in range(3)])
    with running() as api:  # Telegram's limits: 1/s per chat
        deliver(api, store, Pacer(per_chat_interval=1.05))
        assert [s.text for s in api.messages(7)] == ["part 0", "part 1", "part 2"]
        assert api.stats.total_429 == 0


def test_group_limit_is_respected(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(-500, f"g{i}") for i in range(5)])
    with running(limits=Limits(per_chat=None, per_group=(3, 1.0), overall=(300, 1.0))) as api:
        deliver(api, store, fast_pacer(group_per_window=3, group_window=1.05))
        assert [s.text for s in api.messages(-500)] == [f"g{i}" for i in range(5)]
        assert api.stats.total_429 == 0


def test_429_waits_retry_after_and_sends_once(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(1, "a"), (2, "b")])
    with running() as api:
        api.fail("429", chat_id=1, retry_after=1)
        sender = deliver(api, store, fast_pacer())
        assert [s.text for s in api.messages(1)] == ["a"]
        assert api.stats.refused_429["injected"] == 1
    assert sender.stats.retried == 1 and sender.stats.sent == 2


def test_403_deactivates_the_chat_and_fails_its_pending_rows(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = store_with(tmp_path, [(3, "x"), (3, "y"), (4, "z")])
    with running() as api:
        api.blocked.add(3)
        sender = deliver(api, store, fast_pacer())
        assert [s.text for s in api.messages()] == ["z"]
    assert sender.stats.deactivated == [3]
    assert [s.chat_id for s in store.subscriptions()] == [4]
    assert [status for chat, status, _ in outbox(store) if chat == 3] == ["failed", "failed"]
    assert "chat_deactivated chat=3" in caplog.text


def test_refused_html_falls_back_to_plain_text(tmp_path: Path) -> None:
    store = store_with(
        tmp_path, [(5, '<b>Title</b> <a href="https://x.example/">link</a>')], parse_mode="HTML"
    )
    with running() as api:
        api.fail("parse", chat_id=5)
        sender = deliver(api, store, fast_pacer())
        [msg] = api.messages(5)
    assert msg.parse_mode is None and msg.text == "Title link (https://x.example/)"
    assert sender.stats.fallback_plain == 1 and outbox(store)[0][1] == "sent"


def test_other_400_fails_the_row_without_retrying(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(6, "x")])
    with running() as api:
        api.fail("400", chat_id=6, description="Bad Request: chat not found")
        deliver(api, store, fast_pacer())
        assert [m for m, p in api.calls if m == "sendMessage"] == ["sendMessage"]
    row = store.db.execute("SELECT status, last_error FROM outbox").fetchone()
    assert row["status"] == "failed" and "chat not found" in row["last_error"].lower()


def test_5xx_and_timeouts_retry_with_backoff(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(8, "x"), (9, "y")])
    with running(limits=Limits(per_chat=None)) as api:
        api.fail("500", chat_id=8)
        api.fail("slow", chat_id=9, delay=0.6)
        sender = deliver(api, store, fast_pacer(), read_timeout=0.3)
        assert [s.text for s in api.messages(8)] == ["x"]
        # A timeout is ambiguous: Telegram may have accepted the message. It is sent again
        # (at least once) rather than risk losing it.
        assert [s.text for s in api.messages(9)] == ["y", "y"]
    assert sender.stats.retried == 2
    assert [status for _, status, _ in outbox(store)] == ["sent", "sent"]
    errors = [r[0] for r in store.db.execute("SELECT last_error FROM outbox ORDER BY id")]
    assert "NetworkError" in errors[0] and "TimedOut" in errors[1]
    # Only the timed-out row is counted as a possible repeat (`storywatch status` shows it).
    resent = [r[0] for r in store.db.execute("SELECT resent FROM outbox ORDER BY id")]
    assert resent == [0, 1] and store.resent_count() == 1


def test_rows_on_the_wire_at_a_crash_are_sent_again_and_counted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A process killed between the Bot API call and its outcome leaves `sending_at` behind; the
    next run sends those rows again (no loss) and counts them as possible repeats."""
    store = store_with(tmp_path, [(11, "a"), (12, "b"), (13, "c")])
    [first, *_] = store.pending(now=NOW)
    store.mark_sending(first.id, now=NOW)  # what a kill -9 during the call leaves in the file
    store.close()
    store = Store(tmp_path / "s.sqlite3")
    with running() as api:
        sender = deliver(api, store, fast_pacer())
        assert sorted(s.text for s in api.messages()) == ["a", "b", "c"]
    assert sender.stats.sent == 3 and store.pending_count() == 0
    assert store.resent_count() == 1
    assert (
        store.db.execute("SELECT COUNT(*) FROM outbox WHERE sending_at IS NOT NULL").fetchone()[0]
        == 0
    )
    assert "outbox_uncertain count=1" in caplog.text
    # A clean run leaves nothing on the wire: the next start finds nothing to recover.
    assert store.recover_in_flight() == 0


def test_migrated_group_follows_to_the_supergroup(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(-42, "one"), (-42, "two")])
    with running() as api:
        api.migrated[-42] = -100042
        sender = deliver(api, store, fast_pacer())
        assert [s.text for s in api.messages(-100042)] == ["one", "two"]
    assert sender.stats.migrated == [(-42, -100042)]
    assert [s.chat_id for s in store.subscriptions()] == [-100042]


def test_buttons_are_sent_with_the_row(tmp_path: Path) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "Why?", "callback_data": "j:1"}]]})
    store = store_with(tmp_path, [(10, "x")], reply_markup=markup)
    with running() as api:
        deliver(api, store, fast_pacer())
        [msg] = api.messages(10)
    assert msg.reply_markup == json.loads(markup)


def test_stop_midway_then_restart_sends_everything_exactly_once(tmp_path: Path) -> None:
    store = store_with(tmp_path, [(c, f"m{c}") for c in range(1, 41)])

    async def first_run(api: FakeBotAPI) -> None:
        pacer = fast_pacer(overall_per_second=40.0)
        async with make_bot(api, pacer) as bot:
            sender = Sender(store, bot, pacer)
            task = asyncio.create_task(sender.run_once())
            await asyncio.sleep(0.4)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        asyncio.run(first_run(api))
        sent_first = len(api.messages())
        assert 0 < sent_first < 40
        assert store.pending_count() == 40 - sent_first  # whatever Telegram accepted is marked sent
        store2 = Store(tmp_path / "s.sqlite3")
        deliver(api, store2, fast_pacer())
        texts = [s.text for s in api.messages()]
    assert sorted(texts) == sorted(f"m{c}" for c in range(1, 41))
    assert len(texts) == len(set(texts)) == 40


def test_an_outage_longer_than_the_retries_loses_nothing(tmp_path: Path) -> None:
    """Connection refused is no failed attempt: after the outage every row is sent, none dropped."""
    import socket

    from fakebotapi import until

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    store = store_with(tmp_path, [(1, "one"), (2, "two"), (1, "three")])
    down = FakeBotAPI(port=port, limits=Limits(per_chat=None))  # not started: nothing listens

    async def main() -> Sender:
        pacer = fast_pacer()
        from telegram.ext import ExtBot

        # Not initialized (that would call getMe): the sender is what meets the outage.
        bot = ExtBot(
            TOKEN,
            base_url=f"http://127.0.0.1:{port}/bot",
            request=HTTPXRequest(connection_pool_size=8),
            rate_limiter=PacingRateLimiter(pacer),
        )
        sender = Sender(store, bot, pacer, max_attempts=2)
        loop = asyncio.create_task(sender.run_forever(asyncio.Event()))
        try:
            await asyncio.sleep(4)  # attempts at 0, 1, 3 s: more than max_attempts
            assert store.pending_count() == 3
            assert sender.outage_since is not None  # STATUS= says so (bot.telegram.status_note)
            down.start()
            await until(lambda: len(down.messages()) == 3, timeout=15)
        finally:
            loop.cancel()
            with pytest.raises(asyncio.CancelledError):
                await loop
            down.stop()
            await bot.request.shutdown()
        return sender

    sender = asyncio.run(main())
    assert sender.stats.failed == 0 and sender.stats.retried >= 3
    assert sender.outage_since is None
    assert [s.text for s in down.messages(1)] == ["one", "three"]
    assert [r[1] for r in outbox(store)] == ["sent"] * 3
    attempts = [r[0] for r in store.db.execute("SELECT attempts FROM outbox")]
    assert attempts == [1, 1, 1]  # the one that went through: the outage spent none


def test_a_message_that_arrives_late_does_not_make_the_next_one_too_early(tmp_path: Path) -> None:
    """Telegram counts arrivals: the first part of a digest takes 0.3 s to arrive (a busy machine,
    a new connection), so the second is timed from the first's answer, not from its departure."""
    store = store_with(tmp_path, [(5, "part 1"), (5, "part 2"), (5, "part 3")])
    with running() as api:  # Telegram's limits: 1/s per chat
        api.fail("slow", method="sendMessage", chat_id=5, delay=0.3)
        deliver(api, store, fast_pacer(per_chat_interval=1.05))
        sent = api.messages(5)
    assert [s.text for s in sent] == ["part 1", "part 2", "part 3"]
    assert api.stats.total_429 == 0, api.stats
    assert all(b.at - a.at >= 1.0 for a, b in zip(sent, sent[1:], strict=False))
