"""Several outbox senders on one database (issue 16): leased rows, one send budget, one digest.

Real PostgreSQL (tests/pgcluster.py), the real python-telegram-bot against the fake Bot API
(tests/fakebotapi.py); every sender has its own connection, bot and event loop, in a thread or
(for the kill) in a process of its own.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fakebotapi import Limits, Sent, running

from bot.delivery import Pacer, PacingRateLimiter, Sender, SharedPacer, make_pacer
from watchers.store import Store

TOKEN = "123:TEST"
NOW = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent

FAST = {
    "overall_per_second": 400.0,
    "overall_limit": 4000,
    "per_chat_interval": 0.05,
    "group_per_window": 100,
    "group_window": 1.0,
}


def make_bot(base: str, pacer: Pacer) -> Any:
    from telegram.ext import ExtBot
    from telegram.request import HTTPXRequest

    return ExtBot(
        TOKEN,
        base_url=f"{base}/bot",
        request=HTTPXRequest(read_timeout=30, connection_pool_size=32),
        rate_limiter=PacingRateLimiter(pacer),
    )


def fill(url: str, rows: list[tuple[int, str]]) -> None:
    store = Store(url)
    for chat in sorted({c for c, _ in rows}):
        store.ensure_chat(chat, now=NOW)
    for i, (chat, text) in enumerate(rows):
        store.enqueue(chat, text, kind="digest", story="harbour", now=NOW, dedupe_key=f"k{i}")
    store.close()


def send_all(
    url: str,
    base: str,
    worker_id: str | None,
    pacer: Callable[[Store], Pacer],
    *,
    timeout: float = 60.0,
    lease_seconds: float = 60.0,
    start: threading.Barrier | None = None,
) -> Sender:
    """One sender until the outbox holds nothing pending: its own Store, pacer, bot and loop."""
    store = Store(url)

    async def main() -> Sender:
        p = pacer(store)
        async with make_bot(base, p) as bot:
            sender = Sender(store, bot, p, worker_id=worker_id, lease_seconds=lease_seconds)
            if start is not None:
                start.wait(30)
            await sender.drain(timeout)
            return sender

    try:
        return asyncio.run(main())
    finally:
        store.close()


def in_threads(targets: list[Callable[[], Sender]]) -> list[Sender]:
    out: list[Any] = [None] * len(targets)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            out[i] = targets[i]()
        except BaseException as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(targets))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert not errors, errors
    return out


def outbox(url: str) -> list[Any]:
    store = Store(url)
    rows = store.db.execute(
        "SELECT id, chat_id, text, status, resent, sending_at, lease_owner FROM outbox ORDER BY id"
    ).fetchall()
    store.close()
    return rows


def max_in_window(sent: list[Sent], seconds: float = 1.0) -> int:
    times = sorted(s.at for s in sent)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while times[lo] <= t - seconds:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


# ---------------------------------------------------------------- the store's claims (both backends)


def test_claims_take_the_first_row_of_each_chat_with_a_lease(store_location: str) -> None:
    s = Store(store_location)
    for chat in (1, 2):
        s.ensure_chat(chat, now=NOW)
    a1 = s.enqueue(1, "a1", kind="digest", now=NOW)
    a2 = s.enqueue(1, "a2", kind="digest", now=NOW)
    b1 = s.enqueue(2, "b1", kind="digest", now=NOW)

    def claim(worker: str, at: datetime = NOW, **kw: Any) -> list[int]:
        rows = s.claim_outbox(now=at, worker_id=worker, lease_seconds=60, limit=10, **kw)
        return [m.id for m in rows]

    assert claim("w1", skip_chats=[2]) == [a1]  # a chat the worker holds back is left
    assert claim("w1") == [b1]
    assert claim("w2") == []  # a1 and b1 are leased; a2 waits behind a1 (order per chat)
    assert not s.mark_sending(a1, now=NOW, owner="w2", lease_seconds=60)  # not w2's
    assert s.mark_sending(a1, now=NOW, owner="w1", lease_seconds=60)
    s.mark_sent(b1, now=NOW)
    assert claim("w2", NOW + timedelta(seconds=59)) == []
    # w1 died with a1 on the wire: not before the lease ends, then flagged and sent again.
    assert s.take_over_expired(now=NOW + timedelta(seconds=59)) == 0
    assert s.take_over_expired(now=NOW + timedelta(seconds=61)) == 1
    assert claim("w2", NOW + timedelta(seconds=61)) == [a1]
    assert s.resent_count() == 1
    # A claim that never went on the wire (w2 stops while waiting for its slot) is released
    # unflagged; a claim left to run out is taken without a flag too.
    assert s.release_claims("w2") == 1
    assert claim("w3", NOW + timedelta(seconds=61)) == [a1]
    assert claim("w4", NOW + timedelta(seconds=122)) == [a1]
    assert s.mark_sending(a1, now=NOW + timedelta(seconds=122), owner="w4", lease_seconds=60)
    s.mark_sent(a1, now=NOW + timedelta(seconds=122))
    assert claim("w4", NOW + timedelta(seconds=122)) == [a2]
    assert s.resent_count() == 1
    # A worker starting again under its id resends what it left on the wire at once.
    assert s.mark_sending(a2, now=NOW + timedelta(seconds=122), owner="w4", lease_seconds=60)
    assert s.take_over_expired(now=NOW + timedelta(seconds=123)) == 0
    assert s.take_over_expired(now=NOW + timedelta(seconds=123), owner="w4") == 1
    row = s.db.execute("SELECT resent, lease_owner, sending_at FROM outbox WHERE id = ?", (a2,))
    assert tuple(row.fetchone()) == (1, None, None)
    s.close()


def test_a_worker_restarted_under_its_id_resends_what_it_left_on_the_wire_at_once(
    store_location: str,
) -> None:
    """Both backends: a Sender with a worker id sends like one without, and what a previous run
    under the same id left on the wire goes again at its start, flagged, without waiting for the
    lease; another worker's live lease is left alone."""
    store = Store(store_location)
    for chat in (1, 2, 3):
        store.ensure_chat(chat, now=NOW)
        store.enqueue(chat, f"m{chat}", kind="digest", now=NOW)
    mine, theirs, _ = store.claim_outbox(
        now=datetime.now(UTC), worker_id="w1", lease_seconds=600, limit=2
    ) + [None]
    assert mine is not None and theirs is not None
    assert store.mark_sending(mine.id, now=datetime.now(UTC), owner="w1", lease_seconds=600)
    # w2, alive, has the other row on the wire.
    store.db.execute("UPDATE outbox SET lease_owner = 'w2' WHERE id = ?", (theirs.id,))
    assert store.mark_sending(theirs.id, now=datetime.now(UTC), owner="w2", lease_seconds=600)
    store.close()
    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        send_all(store_location, api.base, "w1", lambda st: Pacer(**FAST), timeout=3)
        texts = sorted(s.text for s in api.messages())
    assert texts == sorted(f"m{c}" for c in (1, 2, 3) if c != theirs.chat_id)
    rows = {r["text"]: r for r in outbox(store_location)}
    assert rows[f"m{mine.chat_id}"]["resent"] == 1
    assert rows[f"m{theirs.chat_id}"]["status"] == "pending"  # w2's lease runs for 10 minutes
    assert rows[f"m{theirs.chat_id}"]["lease_owner"] == "w2"
    assert rows[f"m{theirs.chat_id}"]["sending_at"] is not None
    assert rows[f"m{theirs.chat_id}"]["resent"] == 0


# ---------------------------------------------------------------- several senders


def test_three_senders_send_300_messages_each_exactly_once_in_order_per_chat(pg_url: str) -> None:
    # A chat's three parts queued one after the other: claims taken by id would split them.
    rows = [(chat, f"c{chat} part {i}") for chat in range(1, 101) for i in range(3)]
    fill(pg_url, rows)
    with running(limits=Limits(per_chat=(1, 0.04), per_group=None, overall=None)) as api:
        barrier = threading.Barrier(3)
        senders = in_threads(
            [
                lambda w=w: send_all(
                    pg_url, api.base, w, lambda st: make_pacer(st, **FAST), start=barrier
                )
                for w in ("w1", "w2", "w3")
            ]
        )
        sent = api.messages()
    texts = Counter(s.text for s in sent)
    assert len(texts) == 300 and set(texts.values()) == {1}, texts.most_common(3)
    for chat in range(1, 101):
        assert [s.text for s in sorted(api.messages(chat), key=lambda s: s.at)] == [
            f"c{chat} part {i}" for i in range(3)
        ]
    assert sum(s.stats.sent for s in senders) == 300
    assert all(s.stats.sent > 0 for s in senders), [s.stats.sent for s in senders]
    assert {(r["status"], r["resent"], r["lease_owner"]) for r in outbox(pg_url)} == {
        ("sent", 0, None)
    }


_CHILD = """
import asyncio, sys
sys.path.insert(0, {tests!r})
from test_outbox_workers import FAST, make_bot
from bot.delivery import Pacer, Sender, make_pacer
from watchers.store import Store

async def main():
    store = Store({url!r})
    pacer = {pacer}
    async with make_bot({base!r}, pacer) as bot:
        await Sender(store, bot, pacer, worker_id={worker!r}, lease_seconds={lease}).drain(120)

asyncio.run(main())
"""


def child_sender(
    url: str,
    base: str,
    worker: str,
    *,
    lease: float = 60.0,
    pacer: str = "make_pacer(store, **FAST)",
) -> subprocess.Popen[bytes]:
    """A sender in a process of its own (python -c), until the outbox holds nothing pending."""
    code = _CHILD.format(
        tests=str(ROOT / "tests"), url=url, base=base, lease=lease, pacer=pacer, worker=worker
    )
    return subprocess.Popen(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}
    )


def test_a_sender_killed_mid_send_is_taken_over_after_its_lease_and_flagged(pg_url: str) -> None:
    lease = 4.0
    fill(pg_url, [(1, "on the wire"), (1, "after it"), (2, "other")])
    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        hold = api.fail("hold", chat_id=1, delay=60)
        child = child_sender(pg_url, api.base, "doomed", lease=lease)
        try:
            assert hold.arrived.wait(60), "the doomed sender's request never came"
            assert api.wait_for(lambda: len(api.messages(2)) == 1)
            # Telegram has "other"; wait until the doomed sender has recorded it as sent too (a
            # loaded machine can stretch that moment), so that only "on the wire" is in doubt.
            deadline = time.monotonic() + 20
            while {r["text"]: r for r in outbox(pg_url)}["other"]["status"] != "sent":
                assert time.monotonic() < deadline, "the doomed sender never recorded 'other'"
                time.sleep(0.05)
            [row] = [r for r in outbox(pg_url) if r["text"] == "on the wire"]
            assert row["sending_at"] is not None and row["lease_owner"] == "doomed"
            child.send_signal(signal.SIGKILL)
            child.wait(10)
            killed = time.monotonic()
            hold.release.set()  # Telegram took the message: the answer finds nobody
            assert api.wait_for(lambda: len(api.messages(1)) == 1)
            heir = threading.Thread(
                target=lambda: send_all(
                    pg_url, api.base, "heir", lambda st: make_pacer(st, **FAST), timeout=30
                )
            )
            heir.start()
            time.sleep(1.5)
            assert len(api.messages(1)) == 1  # the lease holds: not sent again yet
            heir.join(60)
        finally:
            hold.release.set()
            if child.poll() is None:
                child.kill()
                child.wait(10)
        first, again, after = [s for s in sorted(api.messages(1), key=lambda s: s.at)]
    assert [first.text, again.text, after.text] == ["on the wire", "on the wire", "after it"]
    assert again.at - killed >= 1.5
    rows = {r["text"]: r for r in outbox(pg_url)}
    assert rows["on the wire"]["resent"] == 1 and rows["on the wire"]["status"] == "sent"
    assert rows["after it"]["resent"] == 0 and rows["other"]["resent"] == 0
    assert all(r["lease_owner"] is None for r in rows.values())


def test_three_senders_stay_within_telegrams_overall_limit(pg_url: str) -> None:
    """Telegram's limits at the fake (30 messages in any second), three senders each pacing for
    the full 30/s: together they keep to 30/s, because the budget is one."""
    fill(pg_url, [(chat, f"m{chat}") for chat in range(1, 121)])
    with running() as api:  # Telegram's limits
        barrier = threading.Barrier(3)
        started = time.monotonic()
        in_threads(
            [
                lambda w=w: send_all(pg_url, api.base, w, make_pacer, start=barrier)
                for w in ("w1", "w2", "w3")
            ]
        )
        took = time.monotonic() - started
        sent = api.messages()
        stats = api.stats
    assert sorted(s.text for s in sent) == sorted(f"m{c}" for c in range(1, 121))
    assert stats.total_429 == 0, stats
    assert max_in_window(sent) <= 30
    # ... and still use it: 120 messages at ~29/s take ~4 s (a ×2.5 margin for a loaded machine).
    assert took < 10, took


def test_without_the_shared_budget_the_same_senders_break_the_limit(pg_url: str) -> None:
    """The control for the test above: per-process Pacers (what SQLite's single process uses)
    let three senders go at 3 × 30/s, which the fake refuses with 429s."""
    fill(pg_url, [(chat, f"m{chat}") for chat in range(1, 121)])
    with running() as api:
        barrier = threading.Barrier(3)
        in_threads(
            [
                lambda w=w: send_all(pg_url, api.base, w, lambda st: Pacer(), start=barrier)
                for w in ("w1", "w2", "w3")
            ]
        )
        assert api.stats.refused_429["overall"] > 0 or max_in_window(api.messages()) > 30


def test_a_429_pauses_every_sender(pg_url: str) -> None:
    fill(pg_url, [(chat, f"m{chat}") for chat in range(1, 301)])
    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        refusal = api.fail("429", chat_id=150, retry_after=2)
        barrier = threading.Barrier(2)
        in_threads(
            [
                lambda w=w: send_all(
                    pg_url, api.base, w, lambda st: make_pacer(st, **FAST), start=barrier
                )
                for w in ("w1", "w2")
            ]
        )
        sent = sorted(api.messages(), key=lambda s: s.at)
    assert len(sent) == 300
    # Nothing went out, from either sender, for the 2 s Telegram asked for, counted from the
    # 429: the other sender learns of the pause from the shared store at its next send (within
    # ~20 ms here; a loaded machine may take a few hundred), and after that none until the
    # 2 s are over.
    (refused_at,) = refusal.answered
    after = [s.at - refused_at for s in sent if s.at > refused_at]
    late = [t for t in after if 0.5 < t < 1.95]
    assert not late, late
    assert any(t >= 1.95 for t in after)
    assert [s.text for s in sent].index("m150") > [s.text for s in sent].index("m149")


def test_the_shared_budget_books_distinct_slots_under_concurrency(pg_url: str) -> None:
    Store(pg_url).close()
    slots: list[tuple[str, float]] = []
    lock = threading.Lock()

    def book(n: int, chats: list[int]) -> None:
        pacer = SharedPacer(pg_url, overall_per_second=100.0, per_chat_interval=0.5)
        got = [(f"{c}", pacer.reserve_shared(c)[0]) for c in chats]
        pacer.close()
        with lock:
            slots.extend(got)

    threads = [
        threading.Thread(target=book, args=(i, [1000 * i + k for k in range(40)] + [7, 7]))
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    times = sorted(t for _, t in slots)
    assert len(times) == 4 * 42
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.01 - 1e-6
    seven = sorted(t for c, t in slots if c == "7")
    assert min(b - a for a, b in zip(seven, seven[1:], strict=False)) >= 0.5 - 1e-6


def test_the_shared_group_budget_allows_a_short_burst_and_never_more_per_window(
    pg_url: str,
) -> None:
    """Telegram's 20 per minute for a group, kept to 19: 3 at once, then one every 60 / 17 s, so
    that no minute holds more than 19. (Slots on the database's clock: the reservations take
    a fraction of a second, far less than the group's pace, so the slots are exact.)"""
    Store(pg_url).close()
    pacer = SharedPacer(pg_url, overall_per_second=1000.0, per_chat_interval=0.001)
    slots = [pacer.reserve_shared(-55)[0] for _ in range(40)]
    pacer.close()
    assert slots[2] - slots[0] < 1.0  # the burst
    assert abs((slots[3] - slots[0]) - 60.0 / 17) < 1e-6  # then the group's pace
    assert abs((slots[39] - slots[38]) - 60.0 / 17) < 1e-6
    # (a window shortened by a microsecond: slots that fall exactly on its end are rounding)
    worst = max(sum(1 for t in slots if a <= t < a + 60.0 - 1e-6) for a in slots)
    assert worst == 19


# ---------------------------------------------------------------- one digest per subscriber and slot


def test_two_workers_queue_one_digest_per_subscriber_and_slot(pg_url: str) -> None:
    from test_bot import FIRST, add

    from bot.schedule import queue_due_digests
    from watchers.config import Config

    monday = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    setup = Store(pg_url)
    chats = list(range(1, 61))
    for chat in chats:
        setup.ensure_chat(chat, now=monday - timedelta(days=2))
        setup.subscribe(chat, "harbour", now=monday - timedelta(days=2))
    for i in range(3):
        url = f"https://metro.example/first/{i}"
        add(setup, replace(FIRST, article=replace(FIRST.article, identity=url, url=url)))
    setup.close()
    config = Config()
    start = threading.Barrier(3)
    done = threading.Event()
    queued: list[int] = []

    def digests() -> None:
        store = Store(pg_url)
        start.wait(30)
        queued.append(queue_due_digests(store, config, {}, now=monday))
        store.close()

    def news() -> None:
        # Articles judged by a poller while the digests are queued.
        store = Store(pg_url)
        start.wait(30)
        i = 0
        while not done.is_set():
            url = f"https://metro.example/late/{i}"
            add(store, replace(FIRST, article=replace(FIRST.article, identity=url, url=url)))
            i += 1
            time.sleep(0.002)
        store.close()

    writer = threading.Thread(target=news)
    workers = [threading.Thread(target=digests) for _ in range(2)]
    for t in [writer, *workers]:
        t.start()
    for t in workers:
        t.join(120)
    done.set()
    writer.join(30)

    store = Store(pg_url)
    keys = [r[0] for r in store.db.execute("SELECT dedupe_key FROM outbox WHERE kind = 'digest'")]
    per_chat: dict[int, set[str]] = {}
    for key in keys:
        _, chat, story, last, _part = key.split(":")
        per_chat.setdefault(int(chat), set()).add(last)
    assert sorted(per_chat) == chats
    assert {c: len(v) for c, v in per_chat.items() if len(v) != 1} == {}  # one digest each
    for sub in store.subscriptions(story="harbour"):
        # The cursor moved once, to the end of the one digest.
        assert {str(sub.cursor)} == per_chat[sub.chat_id]
    assert sum(queued) == len(keys)
    store.close()


# ---------------------------------------------------------------- measurement (not a test)


def measure(workers: list[int], messages: int, pacer: str) -> None:
    """N sender processes on one database against the fake Bot API with Telegram's limits:
    the rate the fake saw, its busiest second, its 429s."""
    import pgcluster

    cluster = pgcluster.start()
    try:
        for n in workers:
            url = cluster.create_database()
            fill(url, [(chat, f"m{chat}") for chat in range(1, messages + 1)])
            with running() as api:
                procs = [child_sender(url, api.base, f"w{i}", pacer=pacer) for i in range(n)]
                for p in procs:
                    p.wait(300)
                sent = sorted(api.messages(), key=lambda s: s.at)
                span = sent[-1].at - sent[0].at
                texts = Counter(s.text for s in sent)
                print(
                    f"senders={n} pacer={pacer.split('(')[0]} sent={len(sent)} "
                    f"distinct={len(texts)} repeats={sum(texts.values()) - len(texts)} "
                    f"first_to_last={span:.2f}s rate={(len(sent) - 1) / span:.1f}/s "
                    f"busiest_second={max_in_window(sent)} 429={api.stats.refused_429}",
                    flush=True,
                )
    finally:
        cluster.stop()


def store_cost(messages: int) -> None:
    """The database's share of one message, per path, on a throwaway cluster with PostgreSQL's
    default durability: one sender, no Bot API call, so only the statements are timed."""
    import statistics

    import pgcluster

    cluster = pgcluster.start(durable=True)
    try:
        url = cluster.create_database()
        fill(url, [(chat, f"m{chat}") for chat in range(1, 2 * messages + 1)])
        store = Store(url)
        pacer = SharedPacer(url)
        single: list[float] = []
        batch = store.pending(now=NOW, limit=50)
        for _ in range(messages):  # one process: pending (per 50), then the two marks
            t = time.perf_counter()
            if not batch:
                batch = store.pending(now=NOW, limit=50)
            msg = batch.pop(0)
            store.mark_sending(msg.id, now=NOW)
            store.mark_sent(msg.id, now=NOW)
            single.append(time.perf_counter() - t)
        workers: list[float] = []
        claimed: list[Any] = []
        for _ in range(messages):  # a worker: claim (per 16), slot, marks, the answer's push
            t = time.perf_counter()
            if not claimed:
                claimed = store.claim_outbox(now=NOW, worker_id="w", lease_seconds=60, limit=16)
            msg = claimed.pop(0)
            pacer.reserve_shared(msg.chat_id)
            store.mark_sending(msg.id, now=NOW, owner="w", lease_seconds=60)
            pacer.done(msg.chat_id)
            store.mark_sent(msg.id, now=NOW)
            workers.append(time.perf_counter() - t)
        for name, xs in (("one process", single), ("worker", workers)):
            xs.sort()
            print(
                f"{name}: median {statistics.median(xs) * 1e3:.2f} ms, "
                f"p95 {xs[int(len(xs) * 0.95)] * 1e3:.2f} ms per message ({len(xs)} messages)",
                flush=True,
            )
        pacer.close()
        store.close()
    finally:
        cluster.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=measure.__doc__)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument(
        "--local", action="store_true", help="each process its own Pacer (no shared budget)"
    )
    parser.add_argument(
        "--store-cost", type=int, metavar="N", help="time the statements of N messages instead"
    )
    a = parser.parse_args()
    if a.store_cost:
        store_cost(a.store_cost)
        raise SystemExit(0)
    measure(
        [int(x) for x in a.workers.split(",")],
        a.messages,
        "Pacer()" if a.local else "make_pacer(store)",
    )
