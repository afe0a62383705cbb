"""What to queue when: per-subscriber daily digests, instant alerts, and a new subscriber's summary."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.digest import build_digest
from bot.render import esc, render_alert, render_digest, render_summary, split_html
from watchers.config import Config, Rule
from watchers.models import Judged
from watchers.store import ChatSettings, Store, Subscription

log = logging.getLogger(__name__)

MUTE_BUTTON_SECONDS = 24 * 3600


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def last_slot(
    now: datetime, hour: int, tz: str, cadence: str = "daily", weekday: str = "monday"
) -> datetime:
    """The most recent digest moment in `tz` that is not after `now`.

    daily: `hour` o'clock; hourly: the top of the hour; weekly: `hour` o'clock on `weekday`."""
    local = now.astimezone(ZoneInfo(tz))
    if cadence == "hourly":
        return local.replace(minute=0, second=0, microsecond=0)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot > local:
        slot = (local - timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)
    if cadence == "weekly":
        back = (slot.weekday() - WEEKDAYS.index(weekday)) % 7
        # Step back by calendar days (replace keeps the wall-clock hour across DST changes).
        day = (slot - timedelta(days=back)).date()
        slot = slot.replace(year=day.year, month=day.month, day=day.day)
    return slot


def digest_due(
    now: datetime,
    hour: int,
    tz: str,
    last_digest_at: datetime | None,
    subscribed_at: datetime,
    cadence: str = "daily",
    weekday: str = "monday",
) -> bool:
    """Due when a slot passed since the last digest; after days of downtime that is still one digest."""
    return last_slot(now, hour, tz, cadence, weekday) > (last_digest_at or subscribed_at)


_PERIOD = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(days=7)}


def next_slot(
    now: datetime, hour: int, tz: str, cadence: str = "daily", weekday: str = "monday"
) -> datetime:
    """The first digest moment after `now` (in UTC): the slot after last_slot."""
    # Aware arithmetic in one zone is wall-clock arithmetic: 08:00 stays 08:00 across DST.
    local = last_slot(now, hour, tz, cadence, weekday) + _PERIOD[cadence]
    return local.astimezone(UTC)


@dataclass(frozen=True)
class NextDue:
    """When the service will next poll and next send a digest (what `run` logs after a poll)."""

    poll: datetime | None  # the earliest next_poll_at of the feeds; None before the first poll
    digest: datetime | None  # the earliest digest slot of any subscriber (now when one is due)
    story: str | None  # the story of that digest
    console: bool  # the console stand-in prints digests after every poll that brings news


def next_due(store: Store, config: Config, rules: Sequence[Rule], *, now: datetime) -> NextDue:
    cadences = {r.id: r.digest.cadence or "daily" for r in rules}
    chats: dict[int, ChatSettings | None] = {}
    best: tuple[datetime, str] | None = None
    console = False
    for sub in store.subscriptions():
        if sub.chat_id not in chats:
            chats[sub.chat_id] = store.chat(sub.chat_id)
        chat = chats[sub.chat_id]
        if chat is not None and chat.type == "console":
            console = True
            continue
        cadence = cadences.get(sub.story)
        if cadence is None:  # a story whose rule file was removed
            continue
        hour, tz, _, _ = settings_for(config, chat)
        weekday = config.digest.weekday
        if digest_due(now, hour, tz, sub.last_digest_at, sub.created_at, cadence, weekday):
            when = now
        else:
            when = next_slot(now, hour, tz, cadence, weekday)
        if sub.muted_until and sub.muted_until > when:
            continue
        if best is None or when < best[0]:
            best = (when, sub.story)
    return NextDue(
        poll=store.next_due(),
        digest=best[0] if best else None,
        story=best[1] if best else None,
        console=console,
    )


def _at(when: datetime, now: datetime) -> str:
    seconds = max(0, int((when - now).total_seconds()))
    span = next(
        (
            f"{seconds // size}{unit}"
            for unit, size in (("d", 86400), ("h", 3600), ("m", 60))
            if seconds >= size
        ),
        f"{seconds}s",
    )
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ} in={span}"


class DueLog:
    """Logs (INFO) when the next poll and the next digest are due, each time that changes, so a
    quiet service still says what it waits for (`make run` was silent after the first poll)."""

    def __init__(self) -> None:
        self._last: NextDue | None = None

    def report(
        self,
        store: Store,
        config: Config,
        rules: Sequence[Rule],
        *,
        now: datetime,
        polled: int = 1,
    ) -> NextDue | None:
        """Log what is due next if it changed; worked out on the first call and after each poll
        that polled feeds (`polled`), not on every idle tick."""
        if not polled and self._last is not None:
            return None
        due = next_due(store, config, rules, now=now)
        if due != self._last:
            self._last = due
            log.info("waiting %s %s", self._poll(due, now), self._digest(due, now))
        return due

    @staticmethod
    def _poll(due: NextDue, now: datetime) -> str:
        return f"next_poll={_at(due.poll, now)}" if due.poll else "next_poll=none (no feeds)"

    @staticmethod
    def _digest(due: NextDue, now: datetime) -> str:
        if due.digest is not None:
            return f"next_digest={_at(due.digest, now)} story={due.story}"
        if due.console:
            return (
                "next_digest=after_news (console: printed after each poll that judges new articles)"
            )
        return "next_digest=none (no subscribers yet: /subscribe <story> in Telegram)"


def b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> str:
    """Inline keyboard JSON for the outbox; callback_data must stay within Telegram's 64 bytes."""
    for row in rows:
        for _, data in row:
            if not 1 <= len(data.encode()) <= 64:
                raise ValueError(
                    f"callback_data {data!r} is {len(data.encode())} bytes; Telegram allows 1-64"
                )
    return json.dumps(
        {"inline_keyboard": [[{"text": t, "callback_data": d} for t, d in row] for row in rows]},
        ensure_ascii=False,
    )


def digest_buttons(story: str, after_id: int, last_id: int) -> str:
    span = f"{b36(after_id)}-{b36(last_id)}"
    return keyboard(
        [
            [
                ("Why?", f"w:{story}:{span}"),
                ("Show repeats", f"r:{story}:{span}"),
                ("Mute story", f"m:{story}"),
            ]
        ]
    )


def alert_buttons(story: str, judged_id: int, after_id: int) -> str:
    return keyboard(
        [
            [
                ("Why?", f"j:{b36(judged_id)}"),
                ("Show repeats", f"r:{story}:{b36(after_id)}-{b36(judged_id)}"),
                ("Mute story", f"m:{story}"),
            ]
        ]
    )


def _enqueue_parts(
    store: Store,
    chat_id: int,
    markup: str,
    *,
    kind: str,
    story: str | None,
    key: str,
    buttons: str | None,
    now: datetime,
) -> int:
    parts = split_html(markup)
    queued = 0
    for i, part in enumerate(parts):
        if store.enqueue(
            chat_id,
            part,
            kind=kind,
            story=story,
            now=now,
            parse_mode="HTML",
            reply_markup=buttons if i == len(parts) - 1 else None,
            dedupe_key=f"{key}:{i}",
        ):
            queued += 1
    return queued


def settings_for(config: Config, chat: ChatSettings | None) -> tuple[int, str, bool, bool]:
    """(hour, timezone, instant_alerts, include_repeats) for a chat, config filling the gaps."""
    if chat is None:
        return config.digest.hour, config.digest.timezone, False, config.digest.include_repeats
    return (
        config.digest.hour if chat.digest_hour is None else chat.digest_hour,
        chat.timezone or config.digest.timezone,
        chat.instant_alerts,
        chat.include_repeats,
    )


def queue_digest(
    store: Store,
    config: Config,
    sub: Subscription,
    title: str,
    *,
    now: datetime,
    send_empty: bool | None = None,
    timeline: bool = False,
    slot: datetime | None = None,
) -> int:
    """Queue the digest of what `sub` has not seen; advance its cursor in the same transaction.

    With `timeline` (weekly digests) a digest with news is followed by a "timeline" row: the
    story's chart, drawn from the store by the Sender when it sends the row (sendPhoto).
    Returns the number of messages queued (0 when nothing is new and empty digests are off).

    The subscription is read again, locked, inside the transaction (`sub` may be stale: several
    workers run the schedule at once), and the digest covers what came after ITS cursor. With
    `slot` (the digest moment this digest is for) nothing is queued when the subscription had
    its digest at or after that slot: another worker queued it first.
    """
    chat = store.chat(sub.chat_id)
    _, _, _, include_repeats = settings_for(config, chat)
    send_empty = config.digest.send_empty if send_empty is None else send_empty
    with store.transaction():
        fresh = store.lock_subscription(sub.chat_id, sub.story)
        if fresh is None:  # unsubscribed (or the chat went inactive) meanwhile
            return 0
        if slot is not None and (fresh.last_digest_at or fresh.created_at) >= slot:
            return 0
        sub = fresh
        items = store.judged(sub.story, after_id=sub.cursor)
        if not items:
            store.advance_cursor(sub.chat_id, sub.story, sub.cursor, now=now)
            if not send_empty:
                return 0
            key = f"empty:{sub.chat_id}:{sub.story}:{now:%Y%m%d%H}"
            text = f"<b>{esc(title)}</b>: nothing new since your last digest."
            return _enqueue_parts(
                store,
                sub.chat_id,
                text,
                kind="digest",
                story=sub.story,
                key=key,
                buttons=None,
                now=now,
            )
        last_id = items[-1][0]
        digest = build_digest(sub.story, title, [j for _, j in items], tz=config.digest.timezone)
        # The first digest after subscribing covers what came since the subscription (and its summary).
        markup = render_digest(
            digest, include_repeats=include_repeats, since=sub.last_digest_at or sub.created_at
        )
        queued = _enqueue_parts(
            store,
            sub.chat_id,
            markup,
            kind="digest",
            story=sub.story,
            key=f"digest:{sub.chat_id}:{sub.story}:{last_id}",
            buttons=digest_buttons(sub.story, sub.cursor, last_id),
            now=now,
        )
        if timeline and store.enqueue(
            sub.chat_id,
            timeline_row_text(title, sub.story, config),
            kind="timeline",
            story=sub.story,
            now=now,
            dedupe_key=f"timeline:{sub.chat_id}:{sub.story}:{last_id}",
        ):
            queued += 1
        store.advance_cursor(sub.chat_id, sub.story, last_id, now=now)
    return queued


def timeline_row_text(title: str, story: str, config: Config) -> str:
    """A timeline row's text: the story title, then the story page's address when one is set."""
    title, base = title.replace("\n", " "), config.web.base_url
    return f"{title}\n{base}/story/{story}" if base else title


def queue_due_digests(
    store: Store,
    config: Config,
    titles: Mapping[str, str],
    *,
    now: datetime,
    cadences: Mapping[str, str | None] | None = None,
) -> int:
    """Every subscription whose slot passed since its last digest gets one digest now.

    The slot is daily unless the story's rule sets `digest: {cadence: hourly|weekly}` (`cadences`)."""
    queued = 0
    for sub in store.subscriptions():
        hour, tz, _, _ = settings_for(config, store.chat(sub.chat_id))
        cadence = (cadences or {}).get(sub.story) or "daily"
        if not digest_due(
            now, hour, tz, sub.last_digest_at, sub.created_at, cadence, config.digest.weekday
        ):
            continue
        slot = last_slot(now, hour, tz, cadence, config.digest.weekday)
        if sub.muted_until and sub.muted_until > now:
            # Muted: the slot passes silently, so the end of a mute brings no backlog.
            last = store.last_judged_id(sub.story)
            store.advance_cursor(sub.chat_id, sub.story, last, now=now)
            continue
        queued += queue_digest(
            store,
            config,
            sub,
            titles.get(sub.story, sub.story),
            now=now,
            timeline=cadence == "weekly",
            slot=slot,
        )
    return queued


def queue_alerts(store: Store, judged_id: int, judged: Judged, title: str, *, now: datetime) -> int:
    """Instant alerts for new evidence, to the subscribers who asked for them (within the caller's transaction)."""
    if judged.verdict.verdict != "new_evidence":
        return 0
    queued = 0
    for sub in store.subscriptions(story=judged.story):
        chat = store.chat(sub.chat_id)
        if not chat or not chat.instant_alerts or (sub.muted_until and sub.muted_until > now):
            continue
        queued += _enqueue_parts(
            store,
            sub.chat_id,
            render_alert(title, judged),
            kind="alert",
            story=judged.story,
            key=f"alert:{sub.chat_id}:{judged_id}",
            buttons=alert_buttons(judged.story, judged_id, sub.cursor),
            now=now,
        )
    return queued


def queue_summary(store: Store, chat_id: int, story: str, title: str, *, now: datetime) -> int:
    """One message with the story so far, for a new subscriber (instead of every old article)."""
    items = [j for _, j in store.judged(story)]
    return _enqueue_parts(
        store,
        chat_id,
        render_summary(title, items),
        kind="summary",
        story=story,
        key=f"summary:{chat_id}:{story}:{now.isoformat()}",
        buttons=None,
        now=now,
    )
