"""Outbox → Telegram: pacing under the flood limits, retries, and marking rows sent only once accepted."""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from telegram import InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import BaseRateLimiter, ExtBot

from bot.render import html_to_text
from watchers.store import OutboxMessage, Store

# PTB 22.x warns on every RetryAfter unless the program opts in to timedelta periods; we do,
# and read retry_after as a timedelta (see retry_seconds).
os.environ.setdefault("PTB_TIMEDELTA", "true")

log = logging.getLogger("storywatch.delivery")

WINDOW_PAD = 0.02  # seconds added to Telegram's 1 s window: requests arrive with some jitter

PACED = {
    "sendMessage",
    "editMessageText",
    "sendPhoto",
    "sendDocument",
    "copyMessage",
    "forwardMessage",
    "editMessageReplyMarkup",
}


def unreachable(e: BaseException) -> bool:
    """No connection to the Bot API could be made (refused, unroutable, connect timeout): the
    request never left, so it is certain not to have arrived, and the fault is the network's."""
    return isinstance(e.__cause__, httpx.ConnectError | httpx.ConnectTimeout)


def retry_seconds(e: RetryAfter) -> float:
    value: Any = e.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Pacer:
    """Reserves a send time per message so that every limit holds at once.

    Telegram allows about 30 messages/s per bot, 1/s per chat and 20/min per group; its
    AIORateLimiter does not pace private chats, and multi-part digests need exactly that. Each
    reservation is made synchronously (no await in between), so callers to one chat keep their order.
    The defaults stay a little under the limits: sends leave on time but arrive with jitter.
    """

    def __init__(
        self,
        *,
        overall_per_second: float = 29.4,
        per_chat_interval: float = 1.05,
        group_per_window: int = 19,
        group_window: float = 60.0,
        overall_limit: int = 30,
        quiet_start: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        """quiet_start: seconds to hold everything at start, because a process that just crashed
        may have sent to the same chats within the last second and Telegram remembers that."""
        self.interval = 1.0 / overall_per_second
        self.per_chat_interval = per_chat_interval
        self.group_per_window = group_per_window
        self.group_window = group_window
        self.clock = clock
        self._slots: list[float] = []  # reserved send times, sorted
        self._chat_next: dict[int | str, float] = {}
        self._group_times: dict[int | str, list[float]] = {}
        self._paused_until = clock() + quiet_start
        self._sent: deque[float] = deque(maxlen=overall_limit)
        # chat -> when its last message left, or later, when Telegram's answer to it came back
        self._chat_sent: dict[int | str, float] = {}

    def reserve(self, chat_id: int | str) -> float:
        """Book the earliest allowed send time for a message to chat_id; returns it."""
        now = self.clock()
        t = max(now, self._paused_until, self._chat_next.get(chat_id, 0.0))
        if _is_group(chat_id):
            times = [x for x in self._group_times.get(chat_id, []) if x > now - self.group_window]
            if len(times) >= self.group_per_window:
                t = max(t, times[-self.group_per_window] + self.group_window)
            self._group_times[chat_id] = times
        # Drop slots that can no longer collide, then find the first gap of one interval.
        cut = bisect.bisect_left(self._slots, now - self.interval)
        del self._slots[:cut]
        for s in self._slots[bisect.bisect_left(self._slots, t - self.interval) :]:
            if s - t >= self.interval:
                break
            t = max(t, s + self.interval)
        bisect.insort(self._slots, t)
        self._chat_next[chat_id] = t + self.per_chat_interval
        if _is_group(chat_id):
            self._group_times[chat_id].append(t)
        return t

    async def acquire(self, chat_id: int | str) -> None:
        delay = self.reserve(chat_id) - self.clock()
        if delay > 0:
            await asyncio.sleep(delay)
        await self._at_send(chat_id)

    async def _at_send(self, chat_id: int | str) -> None:
        # Reserved slots are a plan; a stalled event loop wakes several sleepers at once. The
        # actual sends keep 0.9 interval apart (a stall never becomes a burst, yet late sends
        # catch up) and never exceed the per-second count within a window padded for jitter; and
        # a message to a chat leaves per_chat_interval after the previous one to it was answered
        # (see done()), however late that one left or arrived.
        while True:
            now = self.clock()
            wait = self._sent[-1] + 0.9 * self.interval - now if self._sent else 0.0
            last = self._chat_sent.get(chat_id)
            if last is not None:
                wait = max(wait, last + self.per_chat_interval - now)
            # At most overall_limit - 1 earlier sends may fall within the window ending now.
            if len(self._sent) == self._sent.maxlen:
                wait = max(wait, self._sent[0] + 1.0 + WINDOW_PAD - now)
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        self._sent.append(self.clock())
        self._chat_sent[chat_id] = self._sent[-1]

    def done(self, chat_id: int | str) -> None:
        """Telegram answered a message to chat_id. Telegram counts arrivals, and a request can
        take long to arrive (a busy machine, a new connection): its answer is the latest time it
        can have arrived, so the next message to that chat is timed from it."""
        self._chat_sent[chat_id] = max(self._chat_sent.get(chat_id, 0.0), self.clock())

    def pause(
        self, seconds: float, chat_id: int | str | None = None, *, shared: bool = True
    ) -> None:
        """After a 429: hold this chat, and everything, for retry_after seconds. shared=False:
        this process only, even when the budget is shared (SharedPacer): the Bot API is
        unreachable from here, which says nothing about the other workers."""
        until = self.clock() + seconds
        self._paused_until = max(self._paused_until, until)
        if chat_id is not None:
            self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)


def _is_group(chat_id: int | str) -> bool:
    return isinstance(chat_id, int) and chat_id < 0


class SharedPacer(Pacer):
    """The Pacer's limits as one budget for every worker on a PostgreSQL database.

    Each key (`all`; `chat:ID`; `group:ID` for groups) is a row of `send_budget` holding its
    theoretical arrival time (GCRA): a message may leave at t >= tat - tolerance, and then the
    key's tat becomes max(tat, t) + gap. A reservation locks the message's keys in one order and
    moves them in ONE statement (UPDATE ... RETURNING), on the database's clock, so workers on
    several machines book from one timeline. Gaps: 1/overall_per_second for `all`,
    per_chat_interval for a chat; a group allows a burst of 3 and then one per
    group_window / (group_per_window - 2), never more than group_per_window in any window.
    A 429's pause moves `all` (and the chat) for everyone; an answer moves its chat's key to
    answer + per_chat_interval (Telegram counts arrivals). What the base Pacer checks at the
    moment of sending (spacing of this process's actual sends, its per-second count) still
    holds per process. When the database cannot be reached the reservation falls back to the
    process's own Pacer (logged), and delivery goes on.

    Its own connection (not the Store's): a reservation must never join a transaction the
    process has open."""

    GROUP_BURST = 3

    def __init__(self, url: str, **kw: Any):
        # 28/s, not the Pacer's 29.4: slots 1/29.4 s apart put 30 in some second, which the
        # Pacer trims at the moment of sending by its own count, which sees only its own process.
        # Measured at the fake (three senders, Telegram's limits): 29.4/s drew 1-2 429s per 150
        # messages, 28/s none, at most 29-30 in any second.
        kw.setdefault("overall_per_second", 28.0)
        super().__init__(**kw)
        from watchers import store_pg

        self._db = store_pg.PgConnection(url)
        self._errors = store_pg.database_errors()
        self._known: set[str] = set()  # keys known to have their row
        burst = min(self.GROUP_BURST, self.group_per_window)
        spread = max(1, self.group_per_window - burst + 1)
        self.group_gap = self.group_window / spread
        self.group_tolerance = (burst - 1) * self.group_gap
        self.late = self.interval / 2  # seconds after its slot a send counts as late
        self._fallback_warned = False

    def close(self) -> None:
        self._db.close()

    def _keys(self, chat_id: int | str) -> tuple[list[str], list[float], list[float]]:
        keys, gaps, tolerances = (
            ["all", f"chat:{chat_id}"],
            [self.interval, self.per_chat_interval],
            [0.0, 0.0],
        )
        if _is_group(chat_id):
            keys.append(f"group:{chat_id}")
            gaps.append(self.group_gap)
            tolerances.append(self.group_tolerance)
        return keys, gaps, tolerances

    def _ensure(self, keys: list[str]) -> None:
        new = [k for k in keys if k not in self._known]
        if new:
            self._db.execute(
                "INSERT INTO send_budget (key, tat) SELECT k, 0 FROM unnest(?::text[]) AS k "
                "ON CONFLICT DO NOTHING",
                (new,),
            )
            self._known.update(new)

    def _fallback(self, e: BaseException) -> None:
        if not self._fallback_warned:
            log.warning("send_budget_unavailable error=%r (pacing this process alone)", str(e))
            self._fallback_warned = True

    def reserve_shared(self, chat_id: int | str) -> tuple[float, float]:
        """Book the chat's slot in the database: (the slot, the database's now), both in seconds
        since the epoch on the database's clock."""
        keys, gaps, tolerances = self._keys(chat_id)
        self._ensure(keys)
        row = self._db.execute(
            "WITH wanted AS (SELECT * FROM unnest(?::text[], ?::float8[], ?::float8[]) "
            "AS w(key, gap, tol)), "
            "locked AS (SELECT b.key, b.tat, w.gap, w.tol FROM send_budget b "
            "JOIN wanted w ON w.key = b.key ORDER BY b.key FOR UPDATE OF b), "
            "slot AS (SELECT GREATEST(EXTRACT(EPOCH FROM clock_timestamp())::float8, "
            "MAX(tat - tol)) AS t FROM locked) "
            "UPDATE send_budget b SET tat = GREATEST(l.tat, slot.t) + l.gap "
            "FROM locked l, slot WHERE b.key = l.key "
            "RETURNING slot.t, EXTRACT(EPOCH FROM clock_timestamp())::float8",
            (keys, gaps, tolerances),
        ).fetchone()
        if row is None:  # the rows went (a copy replaced the table): made again next time
            self._known.difference_update(keys)
            return 0.0, 0.0
        return float(row[0]), float(row[1])

    def reserve(self, chat_id: int | str) -> float:
        try:
            slot, db_now = self.reserve_shared(chat_id)
        except self._errors as e:
            self._fallback(e)
            return super().reserve(chat_id)
        self._fallback_warned = False
        return max(self.clock() + max(0.0, slot - db_now), self._paused_until)

    async def acquire(self, chat_id: int | str) -> None:
        # A sender that wakes up well after its slot (a busy machine) would send in the next
        # slot, which another worker owns: the two arrive together. It books a new slot instead
        # (a few times at most), leaving its own unused.
        for _ in range(3):
            at = self.reserve(chat_id)
            delay = at - self.clock()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.clock() - at <= self.late:
                break
        await self._at_send(chat_id)

    def _push(self, key: str, seconds: float) -> None:
        """Move one key's tat to at least the database's now + seconds."""
        try:
            self._ensure([key])
            self._db.execute(
                "UPDATE send_budget SET tat = GREATEST(tat, "
                "EXTRACT(EPOCH FROM clock_timestamp())::float8 + ?) WHERE key = ?",
                (float(seconds), key),
            )
        except self._errors as e:
            self._fallback(e)

    def done(self, chat_id: int | str) -> None:
        super().done(chat_id)
        self._push(f"chat:{chat_id}", self.per_chat_interval)

    def pause(
        self, seconds: float, chat_id: int | str | None = None, *, shared: bool = True
    ) -> None:
        super().pause(seconds, chat_id)
        if shared:
            # One key per statement, `all` first: the order reservations lock them in.
            self._push("all", seconds)
            if chat_id is not None:
                self._push(f"chat:{chat_id}", seconds)


def make_pacer(store: Store, **kw: Any) -> Pacer:
    """The pacer for a service on `store`: on PostgreSQL one budget shared by every worker
    (SharedPacer, on its own connection), on SQLite this process's own (one process per file)."""
    if store.is_postgresql:
        return SharedPacer(store.url, **kw)
    return Pacer(**kw)


class PacingRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Every message-sending Bot API call waits for its Pacer slot: replies, digests and edits alike.

    A 429 pauses the pacer; calls from handlers retry once after retry_after, the outbox sender
    passes rate_limit_args={"retries": 0} and reschedules the row itself.
    """

    def __init__(self, pacer: Pacer | None = None, *, retries: int = 1):
        self.pacer = pacer or Pacer()
        self.retries = retries

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        args_ = rate_limit_args or {}
        # "paced": the caller (the outbox Sender) already waited for its slot.
        paced = endpoint in PACED and chat_id is not None and not args_.get("paced")
        retries = args_.get("retries", self.retries)
        for attempt in range(retries + 1):
            if paced:
                await self.pacer.acquire(_chat_key(chat_id))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as e:
                wait = retry_seconds(e)
                self.pacer.pause(wait, _chat_key(chat_id) if chat_id is not None else None)
                log.warning(
                    "flood_wait endpoint=%s chat=%s retry_after=%.0f", endpoint, chat_id, wait
                )
                if attempt >= retries:
                    raise
            finally:
                if endpoint in PACED and chat_id is not None:
                    self.pacer.done(_chat_key(chat_id))
        raise AssertionError("unreachable")


def _chat_key(chat_id: Any) -> int | str:
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    fallback_plain: int = 0
    deactivated: list[int] = field(default_factory=list)
    migrated: list[tuple[int, int]] = field(default_factory=list)


class Sender:
    """Sends pending outbox rows in order per chat, up to `concurrency` chats at a time.

    Without a worker id (one process per store, as with SQLite) it reads the pending rows and
    resends, once at its start, whatever the last run left on the wire. With `worker_id` any
    number of Senders may share one database: each claims the rows it sends with a lease
    (Store.claim_outbox: the first pending row of a chat, so each chat's messages still leave in
    order, one at a time), renews the lease as a row goes on the wire and ends it with the
    outcome; a row whose lease ran out while it was on the wire (its worker died) is taken over
    by another and counted as a possible repeat, as a restart does without workers."""

    def __init__(
        self,
        store: Store,
        bot: ExtBot[Any],
        pacer: Pacer,
        *,
        concurrency: int = 16,
        max_attempts: int = 10,
        max_backoff: float = 600.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        worker_id: str | None = None,
        lease_seconds: float = 120.0,
    ):
        """worker_id: a name unique to this process among the workers on the database (the same
        name across restarts lets a restarted worker resend what it left on the wire at once,
        instead of after the lease); lease_seconds: how long a claimed row stays this worker's
        without an outcome, renewed as it goes on the wire, so it must outlast a Bot API call
        (connect + write + read timeouts) with room to spare."""
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        self.worker_id = worker_id or None
        self.lease_seconds = lease_seconds
        self._next_takeover = 0.0  # monotonic time of the next look for expired leases
        self.store = store
        self.bot = bot
        self.pacer = pacer
        self.concurrency = concurrency
        self.max_attempts = max_attempts
        self.max_backoff = max_backoff
        self.now = now
        self.stats = DeliveryStats()
        self._held: dict[int, float] = {}  # chat -> monotonic time before which its rows wait
        self._on_wire: set[asyncio.Task[None]] = set()
        self._recovered = False
        self.outage_backoff = 0.0  # seconds: the current pause while the Bot API is unreachable
        self.max_outage_backoff = 60.0
        self._outage_until = 0.0  # monotonic time before which nothing is tried again
        self.outage_since: datetime | None = None  # first send that could not reach the Bot API

    def recover(self) -> int:
        """Once, before the first send: rows left on the wire by a process that died (kill -9,
        power loss) are sent again — Telegram may already have them, and the Bot API cannot say
        (no idempotency key), so each counts as a possible repeat in `storywatch status`."""
        self._recovered = True
        if self.worker_id:
            # Not every row on the wire: other workers may be sending theirs right now. Only
            # those whose lease ran out, and those a previous run under this id left.
            n = self.store.take_over_expired(now=self.now(), owner=self.worker_id)
            self._next_takeover = time.monotonic() + self._takeover_every()
        else:
            n = self.store.recover_in_flight()
        if n:
            log.warning(
                "outbox_uncertain count=%d (on the wire when the last run ended; sent again, "
                "so they may arrive twice)",
                n,
            )
        return n

    def _takeover_every(self) -> float:
        return min(5.0, self.lease_seconds / 4)

    def _take_over(self) -> None:
        """Now and then: rows whose worker died mid-send (lease run out) are sent again."""
        mono = time.monotonic()
        if mono < self._next_takeover:
            return
        self._next_takeover = mono + self._takeover_every()
        n = self.store.take_over_expired(now=self.now())
        if n:
            log.warning(
                "outbox_uncertain count=%d (on the wire when their worker stopped answering; "
                "sent again, so they may arrive twice)",
                n,
            )

    def _claim(self, running: dict[asyncio.Task[None], OutboxMessage]) -> None:
        free = self.concurrency - len(running)
        # Claims in batches (a quarter of the concurrency at least): a claim costs a round trip
        # and a look over the pending rows.
        if free <= 0 or (running and free < max(1, self.concurrency // 4)):
            return
        self._take_over()
        mono = time.monotonic()
        held = [chat for chat, until in self._held.items() if until > mono]
        for msg in self.store.claim_outbox(
            now=self.now(),
            worker_id=self.worker_id or "",
            lease_seconds=self.lease_seconds,
            limit=free,
            skip_chats=held,
        ):
            running[asyncio.create_task(self._send(msg))] = msg

    async def run_once(self) -> DeliveryStats:
        """Send every row that is due now; return when none is left (rows waiting to retry stay)."""
        if not self._recovered:
            self.recover()
        running: dict[asyncio.Task[None], OutboxMessage] = {}
        try:
            while True:
                if self.worker_id:
                    self._claim(running)
                    if not running:
                        return self.stats
                    done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    for task in done:
                        running.pop(task)
                        task.result()
                    continue
                busy = {m.chat_id for m in running.values()}
                busy_ids = {m.id for m in running.values()}
                mono = time.monotonic()
                for msg in self.store.pending(now=self.now(), limit=max(200, self.concurrency * 8)):
                    if len(running) >= self.concurrency:
                        break
                    if msg.id in busy_ids or msg.chat_id in busy:
                        busy.add(msg.chat_id)  # later parts of a digest wait for the earlier ones
                        continue
                    busy.add(msg.chat_id)
                    if self._held.get(msg.chat_id, 0.0) > mono:
                        continue
                    running[asyncio.create_task(self._send(msg))] = msg
                if not running:
                    return self.stats
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    running.pop(task)
                    task.result()  # _send handles its own errors; anything else is a bug
        finally:
            # On stop, messages still waiting for a slot just stay pending; those already on the
            # wire are seen through, so a graceful restart never sends a message twice.
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
            if self._on_wire:
                await asyncio.gather(*self._on_wire, return_exceptions=True)
            if running and self.worker_id:
                # Claimed, still waiting for a send slot: free for the other workers at once.
                self.store.release_claims(self.worker_id)

    def next_wakeup(self, cap: float = 1.0) -> float:
        """Seconds until a held chat may send again (at most `cap`: retries wait in the store too)."""
        mono = time.monotonic()
        held = [t - mono for t in self._held.values() if t > mono]
        return max(0.0, min([cap, *held]))

    async def run_forever(self, wake: asyncio.Event) -> None:
        """The service's delivery loop: send what is due, then sleep until woken or a retry is due."""
        while True:
            try:
                await self.run_once()
            except Exception:  # noqa: BLE001 (a store hiccup must not end delivery for good)
                log.exception("delivery_loop_failed (retrying in 5 s)")
                await asyncio.sleep(5)
            # asyncio.timeout, not asyncio.wait_for: on Python 3.11 wait_for returns the wake-up
            # when a cancel (TelegramFrontend.stop) lands in the same turn, so the loop went on
            # and stop() waited for it forever.
            try:
                async with asyncio.timeout(self.next_wakeup()):
                    await wake.wait()
            except TimeoutError:
                pass
            wake.clear()

    async def drain(self, timeout: float = 30.0) -> DeliveryStats:
        """Send until the outbox holds nothing pending (tests and benchmarks), or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            await self.run_once()
            if self.store.pending_count() == 0:
                break
            await asyncio.sleep(min(0.05, self.next_wakeup()) or 0.01)
        return self.stats

    async def _send(self, msg: OutboxMessage) -> None:
        await self.pacer.acquire(msg.chat_id)
        wire = asyncio.create_task(self._wire(msg))
        self._on_wire.add(wire)
        wire.add_done_callback(self._on_wire.discard)
        await asyncio.shield(wire)

    async def _wire(self, msg: OutboxMessage) -> None:
        markup = (
            InlineKeyboardMarkup.de_json(json.loads(msg.reply_markup), self.bot)
            if msg.reply_markup
            else None
        )
        try:
            if not self.store.mark_sending(
                msg.id, now=self.now(), owner=self.worker_id, lease_seconds=self.lease_seconds
            ):
                log.warning(
                    "outbox_claim_lost outbox=%d chat=%d worker=%s (its lease ran out before "
                    "its send slot came; another worker has it)",
                    msg.id,
                    msg.chat_id,
                    self.worker_id,
                )
                return
            if msg.kind == "timeline":
                sent = await self._photo(msg)
                self.store.mark_sent(msg.id, now=self.now(), telegram_message_id=sent)
                self.stats.sent += 1
                return
            try:
                sent = await self._call(msg.chat_id, msg.text, msg.parse_mode, markup, paced=True)
            except BadRequest as e:
                if not (msg.parse_mode and "parse entities" in e.message.lower()):
                    raise
                # Our markup was refused: better a plain message than none.
                log.warning(
                    "html_refused outbox=%d chat=%d error=%r; sending plain text",
                    msg.id,
                    msg.chat_id,
                    e.message,
                )
                sent = await self._call(msg.chat_id, html_to_text(msg.text), None, markup)
                self.stats.fallback_plain += 1
            self.store.mark_sent(msg.id, now=self.now(), telegram_message_id=sent)
            self.stats.sent += 1
            self.outage_backoff = 0.0
            self.outage_since = None
        except RetryAfter as e:
            wait = retry_seconds(e)
            # With workers the row waits in the store, so that no other worker takes it early.
            self.store.clear_sending(
                msg.id,
                not_before=self.now() + timedelta(seconds=wait) if self.worker_id else None,
            )
            self._held[msg.chat_id] = time.monotonic() + wait
            self.stats.retried += 1
        except ChatMigrated as e:
            new_id = int(e.new_chat_id)
            log.info("chat_migrated old=%d new=%d", msg.chat_id, new_id)
            self.store.migrate_chat(msg.chat_id, new_id)
            self.stats.migrated.append((msg.chat_id, new_id))
        except Forbidden as e:
            log.warning("chat_deactivated chat=%d reason=%r", msg.chat_id, e.message)
            self.store.deactivate_chat(msg.chat_id, f"telegram: {e.message}")
            self.stats.deactivated.append(msg.chat_id)
        except BadRequest as e:
            log.error(
                "message_refused outbox=%d chat=%d error=%r (not retried)",
                msg.id,
                msg.chat_id,
                e.message,
            )
            self.store.mark_failed(msg.id, error=f"telegram: {e.message}")
            self.stats.failed += 1
        except TimedOut as e:
            if unreachable(e):
                self._wait_for_network(msg, e)
            else:
                # The request may have reached Telegram before the answer was lost: a retry may
                # repeat it.
                self._retry_later(msg, f"{type(e).__name__}: {e.message}", uncertain=True)
        except TelegramError as e:  # NetworkError (5xx, connection refused) and the rest
            if unreachable(e):
                self._wait_for_network(msg, e)
            else:
                self._retry_later(msg, f"{type(e).__name__}: {e.message}")
        except Exception as e:  # noqa: BLE001 (one bad row must not stop the others)
            log.exception("send_failed outbox=%d chat=%d", msg.id, msg.chat_id)
            self._retry_later(msg, f"{type(e).__name__}: {e}")

    async def _call(
        self,
        chat_id: int,
        text: str,
        parse_mode: str | None,
        markup: InlineKeyboardMarkup | None,
        *,
        paced: bool = False,
    ) -> int:
        message = await self.bot.send_message(
            chat_id,
            text,
            parse_mode=parse_mode,
            reply_markup=markup,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            rate_limit_args={"retries": 0, "paced": paced},
        )
        return message.message_id

    async def _photo(self, msg: OutboxMessage) -> int:
        """A "timeline" row: the story's chart, drawn now from the store; the row's text holds
        the title and, on a second line, the story page's address."""
        from bot.timeline import caption, render_png, timeline_days

        title, _, page = msg.text.partition("\n")
        days = timeline_days(j for _, j in self.store.judged(msg.story or ""))
        png = await asyncio.to_thread(render_png, title, days)
        message = await self.bot.send_photo(
            msg.chat_id,
            png,
            caption=caption(title, days, page or None),
            rate_limit_args={"retries": 0, "paced": True},
        )
        return message.message_id

    def _wait_for_network(self, msg: OutboxMessage, error: TelegramError) -> None:
        """The Bot API cannot be reached: the row stays pending without spending one of its
        attempts (an outage of any length loses nothing), and all sending pauses, growing from
        1 s to max_outage_backoff, until a message goes through."""
        self.store.clear_sending(msg.id)
        self.stats.retried += 1
        mono = time.monotonic()
        if self.outage_since is None:
            self.outage_since = self.now()
        if mono >= self._outage_until:  # rows failing together count as one failed attempt
            first = not self.outage_backoff
            self.outage_backoff = min(self.max_outage_backoff, self.outage_backoff * 2 or 1.0)
            self._outage_until = mono + self.outage_backoff
            self.pacer.pause(self.outage_backoff, shared=False)
            (log.warning if first else log.info)(
                "telegram_unreachable outbox=%d chat=%d retry_in=%.0fs error=%r "
                "(messages wait in the outbox)",
                msg.id,
                msg.chat_id,
                self.outage_backoff,
                f"{type(error).__name__}: {error.message}",
            )
        self._held[msg.chat_id] = self._outage_until

    def _retry_later(self, msg: OutboxMessage, error: str, *, uncertain: bool = False) -> None:
        attempts = msg.attempts + 1
        if attempts >= self.max_attempts:
            log.error(
                "message_dropped outbox=%d chat=%d attempts=%d error=%r",
                msg.id,
                msg.chat_id,
                attempts,
                error,
            )
            self.store.mark_failed(msg.id, error=error)
            self.stats.failed += 1
            return
        backoff = min(self.max_backoff, 2.0 ** (attempts - 1))
        log.warning(
            "send_retry outbox=%d chat=%d in=%.0fs error=%r", msg.id, msg.chat_id, backoff, error
        )
        self.store.mark_retry(
            msg.id,
            error=error,
            not_before=self.now() + timedelta(seconds=backoff),
            uncertain=uncertain,
        )
        self._held[msg.chat_id] = time.monotonic() + backoff
        self.stats.retried += 1
