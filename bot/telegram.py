"""The Telegram bot: commands, buttons, access control, and the frontend the service drives."""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import logging
import os
import re
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.delivery import Pacer, PacingRateLimiter, Sender, SharedPacer, make_pacer, retry_seconds
from bot.digest import build_digest
from bot.logs import register_secret
from bot.render import esc, html_to_text, render_reasons, render_repeats, split_html
from bot.schedule import (
    MUTE_BUTTON_SECONDS,
    queue_alerts,
    queue_digest,
    queue_due_digests,
    queue_summary,
    settings_for,
)
from watchers.config import parse_duration
from watchers.models import Judged
from watchers.store import Store
from watchers.store_pg import Listener, SessionLock, poller_worker

# While LISTEN works, the sender's idle check of the outbox runs this often (seconds) instead of
# every second: a NOTIFY wakes it when any worker queues a row (retries due later are found then).
LISTEN_IDLE_CHECK = 5.0
# How often (seconds) the worker that polls Telegram checks that its election session still lives.
POLLER_CHECK = 1.0

if TYPE_CHECKING:
    from bot.service import State
    from watchers.pipeline import PollReport

log = logging.getLogger("storywatch.telegram")

COMMANDS = [
    ("start", "Welcome and the stories you can follow"),
    ("stories", "List the stories"),
    ("subscribe", "Follow a story: /subscribe <story>"),
    ("unsubscribe", "Stop following: /unsubscribe <story>"),
    ("digest", "Send the digest now: /digest [story]"),
    ("settings", "Digest hour, timezone, alerts, repeats"),
    ("mute", "Silence a story: /mute <story> <duration>"),
    ("ledger", "A story's key claims: /ledger <story>"),
    ("timeline", "A story's coverage as a chart: /timeline <story>"),
    ("help", "How this bot works"),
]
ADMIN_COMMANDS = [
    ("status", "Admin: state of feeds and delivery"),
    ("reload", "Admin: reload config and rules"),
]

HELP = (
    "<b>storywatch</b> follows news stories and tells you, article by article, what is genuinely new: "
    "new evidence, new claims, or only repeats of earlier reports (and who reported them first).\n\n"
    "/stories — the stories you can follow\n"
    "/subscribe &lt;story&gt; — follow one (a summary of the story so far comes first)\n"
    "/unsubscribe &lt;story&gt; — stop following\n"
    "/digest [story] — what is new since your last digest, now\n"
    "/settings — digest hour, timezone, instant alerts for new evidence, repeats in digests\n"
    "/mute &lt;story&gt; &lt;duration&gt; — e.g. /mute harbour 3d; /mute harbour off\n"
    "/ledger &lt;story&gt; — the key claims on record: first report, repeats, evidence\n"
    "/timeline &lt;story&gt; — the story's coverage per day as a chart\n\n"
    "Buttons under a digest: <b>Why?</b> shows the reasons for each verdict, "
    "<b>Show repeats</b> lists the articles that only repeat, <b>Mute story</b> silences it for a day."
)


# The updates our handlers read (commands arrive as messages, buttons as callback queries). Named
# in setWebhook: left out, Telegram keeps whatever an earlier setWebhook asked for.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
# What Telegram accepts as a webhook's secret_token (setWebhook).
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class WebhookError(RuntimeError):
    """The webhook cannot be served (a bad secret, a port that cannot be bound): retrying won't help."""


BAD_BUTTON = "This button is out of date or not valid."
REFUSAL_PERIOD = 3600.0  # seconds: a stranger is told once per period that the bot is private

# Every payload our keyboards carry (bot.schedule and the keyboards below), whole: anything else is
# forged or corrupted. Story ids as watchers.config allows them; ids in base 36, at most 12 digits
# (36**12 < 2**63, so every one fits an SQLite integer).
_STORY = r"[a-z0-9][a-z0-9_-]{0,39}"
_B36 = r"[0-9a-z]{1,12}"
_PAYLOADS = {
    "s": re.compile(f"({_STORY})"),
    "u": re.compile(f"({_STORY})"),
    "m": re.compile(f"({_STORY})"),
    "j": re.compile(f"({_B36})"),
    "w": re.compile(f"({_STORY}):({_B36})-({_B36})"),
    "r": re.compile(f"({_STORY}):({_B36})-({_B36})"),
    "h": re.compile(r"([+-]1)"),
    "t": re.compile(r"(alerts|repeats)"),
}


@dataclass(frozen=True)
class Button:
    """A pressed button's payload, checked: its kind (one letter) and its arguments."""

    kind: str
    args: tuple[str, ...]


def parse_button(data: str | None) -> Button | None:
    """The button behind callback data, or None for a payload our keyboards never carry. Never
    raises: callback data comes from the client, and anyone can send any bytes as a button press."""
    if not data or len(data.encode()) > 64:  # Telegram's limit for callback_data
        return None
    kind, sep, rest = data.partition(":")
    pattern = _PAYLOADS.get(kind)
    match = pattern.fullmatch(rest) if sep and pattern else None
    return Button(kind, match.groups()) if match else None


def _from_b36(text: str) -> int:
    return int(text, 36)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Updates from different chats are handled concurrently, those from one chat one at a time
    and in order (a /subscribe before the /settings that follows it).

    A chat with `backlog` updates already waiting has further ones dropped: a flood from one chat
    must not occupy the slots (max_concurrent_updates) that other chats need."""

    def __init__(self, max_concurrent_updates: int = 256, *, backlog: int = 16):
        super().__init__(max_concurrent_updates)
        self.backlog = backlog
        self._locks: dict[int, asyncio.Lock] = {}
        self._queued: dict[int, int] = {}  # chat -> updates running or waiting
        self._warned: set[int] = set()
        self.dropped = 0

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        waiting = self._queued.get(chat.id, 0)
        if waiting >= self.backlog:
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # dropped on purpose: never awaited
            self.dropped += 1
            if chat.id not in self._warned:  # once per flood, not once per update
                self._warned.add(chat.id)
                log.warning(
                    "updates_dropped chat=%s backlog=%d (a flood from one chat)", chat.id, waiting
                )
            return
        self._queued[chat.id] = waiting + 1
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        try:
            async with lock:
                await coroutine
        finally:
            self._queued[chat.id] -= 1
            if not self._queued[chat.id]:
                del self._queued[chat.id], self._locks[chat.id]
                self._warned.discard(chat.id)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class _ListeningSender(Sender):
    """The Sender, sleeping longer between idle checks while a LISTEN connection wakes it."""

    listener: Listener | None = None

    def next_wakeup(self, cap: float = 1.0) -> float:
        if self.listener is not None and self.listener.connected:
            cap = max(cap, LISTEN_IDLE_CHECK)
        return super().next_wakeup(cap)


class TelegramFrontend:
    """Owns the PTB Application, the outbox Sender and the digest schedule."""

    def __init__(
        self,
        state: State,
        store: Store,
        token: str,
        *,
        reload: Callable[[], list[str]] | None = None,
        webhook_secret: str | None = None,
        pacer: Pacer | None = None,
        poll_timeout: int = 30,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_fatal: Callable[[Exception], None] | None = None,
        on_change: Callable[[], None] | None = None,
        retry_min: float = 1.0,
        retry_max: float = 60.0,
        election: SessionLock | None = None,
        election_interval: float = 30.0,
        listener: Listener | None = None,
        worker_id: str | None = None,
    ):
        """on_fatal: called when Telegram, reached at last, rejects the token (the service stops);
        on_change: called when Telegram becomes unreachable or reachable again (STATUS= lines);
        retry_min/retry_max: the backoff between attempts to reach Telegram, in seconds;
        webhook_secret: the secret token for telegram.webhook (bot.service.read_webhook_secret),
        None to make one up;
        election: several workers share a PostgreSQL database and long-poll: only the holder of
        this session lock calls getUpdates; every `election_interval` seconds each worker tries to
        take it (the holder checks its session is alive, and stops polling when it is not);
        listener: LISTEN for outbox inserts by any worker (wakes the sender; its idle check then
        runs every LISTEN_IDLE_CHECK seconds instead of every second while it listens)."""
        # httpx logs each request URL at INFO, and Bot API URLs contain the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        logging.getLogger("httpcore").setLevel(logging.WARNING)
        self.state = state
        self.store = store
        self.reload_fn = reload
        self.now = now
        self.poll_timeout = poll_timeout
        self.on_fatal = on_fatal
        self.on_change = on_change
        self.retry_min = retry_min
        self.retry_max = retry_max
        self.refusal_period = REFUSAL_PERIOD
        self._refused: dict[
            int, float
        ] = {}  # stranger's chat -> monotonic time of the last refusal
        self.unreachable_since: datetime | None = None
        self.unreachable_error = ""
        self._connecting: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._polling_warned = -60.0  # monotonic time of the last telegram_polling_failed
        self._menu_admins: set[int] = set()  # admins whose chat has the admin menu
        # On PostgreSQL one send budget for every worker (SharedPacer), else this process's own.
        self._own_pacer = pacer is None
        self.pacer = pacer or make_pacer(store, quiet_start=1.1)
        self._given_secret = webhook_secret
        self.webhook_secret: str | None = None  # set by start() when telegram.webhook is on
        base = state.config.telegram.api_base_url.rstrip("/")
        self.app = (
            Application.builder()
            .token(token)
            .base_url(f"{base}/bot")
            .base_file_url(f"{base}/file/bot")
            .rate_limiter(PacingRateLimiter(self.pacer))
            .concurrent_updates(PerChatUpdateProcessor())
            # A worker that loses the poller election stops polling while its long poll is still
            # open on the server; re-elected, it polls again at once. With python-telegram-bot's
            # one connection for getUpdates, the new poll would wait for the old one to time out
            # ("Pool timeout: All connections in the connection pool are occupied", seen in a CI
            # run's worker log): a second connection lets it start.
            .get_updates_connection_pool_size(2)
            .build()
        )
        self.listener = listener
        # worker_id: outbox rows claimed with a lease (several workers on one database)
        self.sender = _ListeningSender(
            store,
            self.app.bot,
            self.pacer,
            now=now,
            worker_id=worker_id,
            lease_seconds=state.config.telegram.outbox_lease,
        )
        self.sender.listener = listener
        self.wake = asyncio.Event()
        self.election = election
        self.election_interval = election_interval
        self.worker_id = worker_id
        self._electing: asyncio.Task[None] | None = None
        self._listening: asyncio.Task[None] | None = None
        self._polling_lock = asyncio.Lock()
        self._delivery: asyncio.Task[None] | None = None
        self._register()

    # ------------------------------------------------------------ lifecycle (the service calls these)

    async def start(self) -> None:
        """Connect to Telegram. When it cannot be reached, keep trying in the background with
        growing pauses: polling and judging go on, and messages wait in the outbox until it is
        back. A rejected token (InvalidToken) is raised: retrying would not help; so is a
        webhook that cannot be served (WebhookError)."""
        self.webhook_secret = self._webhook_secret(self._given_secret)
        if self.listener is not None and self._listening is None:
            self.listener.on_notify = self._notified
            self._listening = asyncio.create_task(self.listener.run())
        try:
            await self._connect()
        except InvalidToken:
            raise
        except TelegramError as e:
            self._unreachable(e, retry_in=self.retry_min)
            self._connecting = asyncio.create_task(self._connect_forever())

    async def _connect(self) -> None:
        """Every step may fail and be retried: each one that succeeded is skipped next time."""
        await self.app.initialize()  # getMe: InvalidToken for a rejected token
        await self.set_commands()
        assert self.app.updater
        if not self.app.updater.running and self.state.config.telegram.webhook:
            await self._start_webhook()
        elif self.election is None:
            await self._start_polling()
        if not self.app.running:
            await self.app.start()
        # Digests whose slot passed while we were down go out now, once.
        queue_due_digests(
            self.store, self.state.config, self._titles(), now=self.now(), cadences=self._cadences()
        )
        if self._delivery is None:
            self._delivery = asyncio.create_task(self.sender.run_forever(self.wake))
        if self.election is not None and self._electing is None:
            # From here on the election decides whether this worker polls (at once if it wins).
            self._electing = asyncio.create_task(self._elect_forever())
        if self.unreachable_since is not None:
            log.info(
                "telegram_reachable bot=%s unreachable_since=%s waiting=%d (sending them now)",
                self.app.bot.username,
                f"{self.unreachable_since:%H:%M:%S}Z",
                self.store.pending_count(),
            )
            self.unreachable_since = None
            self._changed()
        else:
            log.info("telegram_started bot=%s", self.app.bot.username)

    async def _start_polling(self) -> None:
        assert self.app.updater
        async with self._polling_lock:
            if not self.app.updater.running:
                await self.app.updater.start_polling(
                    poll_interval=0,
                    timeout=self.poll_timeout,
                    drop_pending_updates=False,
                    error_callback=self._polling_failed,
                )

    async def _stop_polling(self) -> None:
        assert self.app.updater
        async with self._polling_lock:
            if self.app.updater.running:
                await self.app.updater.stop()

    @property
    def is_poller(self) -> bool:
        """Whether this worker long-polls Telegram (always, without an election)."""
        if self.state.config.telegram.webhook is not None:
            return False
        return self.election is None or self.election.held

    async def _elect_forever(self) -> None:
        """Several workers long-poll one bot: only the holder of the session lock calls
        getUpdates (a second poller would get 409 Conflict). The others try to take it every
        election_interval seconds, so one takes over when the holder's session ends (the process
        died, or lost its database). The holder checks its session every POLLER_CHECK seconds,
        and stops polling as soon as that fails: by then the lock is free for another worker."""
        assert self.election is not None and self.app.updater is not None
        check = max(5.0, self.election_interval)
        was_held = False
        while True:
            try:
                held = await asyncio.wait_for(asyncio.to_thread(self.election.hold), check)
            except TimeoutError:
                # The database did not answer in time: do not go on as the poller on a session
                # that may be gone (and its lock with it).
                self.election.abandon()
                held = False
            except Exception:  # noqa: BLE001 (the election must go on)
                log.exception("telegram_poller_election_failed")
                held = False
            if held != was_held:
                if held:
                    log.info(
                        "telegram_poller_elected worker=%s (this worker polls Telegram for updates)",
                        self.worker_id,
                    )
                else:
                    log.warning(
                        "telegram_poller_lost worker=%s (its database session ended: it stops "
                        "polling Telegram; another worker takes over)",
                        self.worker_id,
                    )
                was_held = held
                self._changed()
            try:
                if held and not self.app.updater.running:
                    await self._start_polling()
                elif not held and self.app.updater.running:
                    await self._stop_polling()
            except TelegramError as e:  # Telegram unreachable: python-telegram-bot's own retry
                log.warning("telegram_polling_not_started error=%r (retrying)", str(e))
            except Exception:  # noqa: BLE001
                log.exception("telegram_polling_switch_failed (retrying)")
            # The poller checks its session every second: once it has ended, another worker may
            # take the lock at its next try, and both would poll (409 Conflict) until this one
            # notices. The others try every election_interval.
            await asyncio.sleep(
                min(POLLER_CHECK, self.election_interval) if held else self.election_interval
            )

    def _notified(self, channel: str | None) -> None:
        """A worker queued outbox rows (or LISTEN just (re)connected): send them now."""
        self.wake.set()

    def role(self) -> str | None:
        """Which worker this is, for STATUS= and /status; None for the only worker (SQLite)."""
        if self.worker_id is None:
            return None
        if self.state.config.telegram.webhook is not None:
            job = "serves the webhook"
        elif self.is_poller:
            job = "polls Telegram"
        else:
            try:
                poller = poller_worker(self.store.db)
            except Exception:  # noqa: BLE001 (a status line must not fail on it)
                poller = None
            job = f"does not poll Telegram ({f'worker {poller} does' if poller else 'nobody does'})"
        return f"worker {self.worker_id} {job}"

    def _webhook_secret(self, given: str | None) -> str | None:
        if self.state.config.telegram.webhook is None:
            return None
        if given is None:
            # Random per start: fine for one worker. Workers sharing one webhook.url must share
            # the secret too, or each setWebhook locks the others out (Telegram keeps the last).
            given = secrets.token_urlsafe(32)
            log.warning(
                "telegram_webhook_secret_generated (TELEGRAM_WEBHOOK_SECRET and the credential "
                "telegram_webhook_secret are unset: fine for one worker; workers sharing "
                "telegram.webhook.url need the same secret, or each start locks the others out)"
            )
        elif not _WEBHOOK_SECRET.fullmatch(given):
            # The value itself is never shown: it is a secret, however malformed.
            raise WebhookError(
                f"the webhook secret (TELEGRAM_WEBHOOK_SECRET or the credential "
                f"telegram_webhook_secret) has {len(given)} characters; Telegram takes 1 to 256 "
                "of A-Z, a-z, 0-9, _ and -: make one with `python3 -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`"
            )
        register_secret(given)
        return given

    async def _start_webhook(self) -> None:
        """setWebhook, then python-telegram-bot's own webhook server on telegram.webhook.listen.
        It refuses (403) every request without the secret token in X-Telegram-Bot-Api-Secret-Token.

        On stop the webhook stays registered: another worker may serve the same URL. Going back
        to long polling deletes it (python-telegram-bot's start_polling calls deleteWebhook)."""
        hook = self.state.config.telegram.webhook
        assert hook is not None and self.app.updater is not None
        host, port = hook.address
        if importlib.util.find_spec("tornado") is None:
            raise WebhookError(
                "telegram.webhook needs python-telegram-bot's webhook server (tornado): "
                "pip install 'storywatch[webhook]', or remove telegram.webhook to poll"
            )
        try:
            # Before setWebhook, so a taken port does not leave Telegram posting to nobody (and
            # because tornado leaks its socket when the bind fails).
            _check_bindable(host, port)
            await self.app.updater.start_webhook(
                listen=host,
                port=port,
                url_path=hook.path,
                webhook_url=hook.url,
                secret_token=self.webhook_secret,
                allowed_updates=list(ALLOWED_UPDATES),
                drop_pending_updates=False,
            )
        except OSError as e:
            raise WebhookError(
                f"webhook_listen_failed listen={hook.listen} reason="
                f"{os.strerror(e.errno) if e.errno else type(e).__name__!r}: free the port or "
                "change telegram.webhook.listen"
            ) from None
        log.info("telegram_webhook listen=%s path=%s url=%s", hook.listen, hook.path, hook.url)

    async def _connect_forever(self) -> None:
        delay = self.retry_min
        while True:
            await asyncio.sleep(delay)
            try:
                await self._connect()
            except (InvalidToken, WebhookError) as e:
                # Telegram answered at last, and refused the token (or the webhook's port is
                # taken): nothing to wait for.
                if self.on_fatal is not None:
                    self.on_fatal(e)
                return
            except TelegramError as e:
                delay = min(self.retry_max, delay * 2)
                if isinstance(e, RetryAfter):
                    delay = max(delay, retry_seconds(e))
                self._unreachable(e, retry_in=delay)
            else:
                return

    def _unreachable(self, error: TelegramError, *, retry_in: float) -> None:
        first = self.unreachable_since is None
        if first:
            self.unreachable_since = self.now()
        self.unreachable_error = f"{type(error).__name__}: {error}"
        log.warning(
            "telegram_unreachable api=%s error=%r since=%s retry_in=%.0fs waiting=%d "
            "(feeds are polled and judged meanwhile; messages wait in the outbox)",
            self.state.config.telegram.api_base_url,
            self.unreachable_error,
            f"{self.unreachable_since:%H:%M:%S}Z",
            retry_in,
            self.store.pending_count(),
        )
        if first:
            self._changed()

    def _polling_failed(self, error: TelegramError) -> None:
        """getUpdates failed; python-telegram-bot retries by itself (waiting up to 30 s). Its own
        callback logs a traceback at ERROR for every try: one warning a minute says enough."""
        now = time.monotonic()
        if now - self._polling_warned < 60:
            return
        self._polling_warned = now
        if isinstance(error, Conflict) and self.election is not None:
            hint = (
                "another process polls with this token: a worker taking over as the poller "
                "(brief), or a process outside this database's workers: stop it"
            )
        elif isinstance(error, Conflict):
            hint = "another process polls with this token: stop it, or give this one its own bot"
        else:
            hint = "python-telegram-bot retries by itself; the outbox keeps what cannot be sent"
        log.warning(
            "telegram_polling_failed api=%s error=%r (%s)",
            self.state.config.telegram.api_base_url,
            f"{type(error).__name__}: {error}",
            hint,
        )

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    def status_note(self) -> str | None:
        """What waits for Telegram, for STATUS= and `status`; None while it is reachable."""
        since = self.unreachable_since or self.sender.outage_since  # at start, or since then
        if since is None:
            return None
        n = self.store.pending_count()
        return (
            f"Telegram unreachable since {since:%H:%M}Z, retrying; "
            f"{n} message{'' if n == 1 else 's'} waiting"
        )

    async def set_commands(self) -> None:
        """The menu: everyone sees the users' commands; each admin's own chat also /status and
        /reload (BotCommandScopeChat). Telegram refuses a chat scope for a user who never wrote to
        the bot: that admin gets the menu on their first message (see _guard)."""
        bot = self.app.bot
        await bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
        admins = set(self.state.config.telegram.admins)
        for gone in self._menu_admins - admins:
            await bot.delete_my_commands(scope=BotCommandScopeChat(gone))
            self._menu_admins.discard(gone)
        for admin in sorted(admins - self._menu_admins):
            await self._set_admin_menu(admin)

    def reloaded(self) -> None:
        """After a reload: the admins' menus follow telegram.admins (once Telegram is reachable;
        until then the next connection sets them)."""
        if self.unreachable_since is not None or self._delivery is None:
            return
        task = asyncio.create_task(self._refresh_menu())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh_menu(self) -> None:
        try:
            await self.set_commands()
        except TelegramError as e:
            log.warning("menu_not_updated error=%r (the next start sets it)", str(e))

    async def _set_admin_menu(self, admin: int) -> None:
        try:
            await self.app.bot.set_my_commands(
                [BotCommand(c, d) for c, d in COMMANDS + ADMIN_COMMANDS],
                scope=BotCommandScopeChat(admin),
            )
        except BadRequest as e:
            log.info(
                "admin_menu_deferred admin=%s reason=%r (set at their first message)",
                admin,
                e.message,
            )
            return
        self._menu_admins.add(admin)

    async def stop(self) -> None:
        for task in (self._electing, self._listening):
            if task is not None:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        if self._connecting:
            self._connecting.cancel()
            try:
                await self._connecting
            except asyncio.CancelledError:
                pass
        if self._delivery:
            self._delivery.cancel()
            try:
                await self._delivery
            except asyncio.CancelledError:
                pass
        if self.app.updater and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        # PTB's shutdown skips a bot whose initialize() failed (a rejected token, no network):
        # close its HTTP client here so a failed start leaves no socket behind.
        await self.app.bot.request.shutdown()
        if self._own_pacer and isinstance(self.pacer, SharedPacer):
            self.pacer.close()
        if self.election is not None:
            # After the updater stopped: the lock goes only when this worker polls no more.
            if self.election.held:
                log.info("telegram_poller_released worker=%s (stopping)", self.worker_id)
            try:
                await asyncio.wait_for(asyncio.to_thread(self.election.release), timeout=3)
            except TimeoutError:  # the database does not answer: the session ends with us
                log.warning("telegram_poller_release_timeout seconds=3")

    async def after_poll(self, report: PollReport, *, now: datetime) -> None:
        queue_due_digests(
            self.store, self.state.config, self._titles(), now=now, cadences=self._cadences()
        )
        self.wake.set()

    async def deliver(self, *, now: datetime) -> None:
        self.wake.set()

    def on_judged(self, store: Store, judged_id: int, judged: Judged, now: datetime) -> None:
        """Called inside the pipeline's transaction: alerts are queued atomically with the verdict."""
        queue_alerts(
            store, judged_id, judged, self._titles().get(judged.story, judged.story), now=now
        )

    # ------------------------------------------------------------ helpers

    def _titles(self) -> dict[str, str]:
        return {r.id: r.title for r in self.state.rules}

    def _cadences(self) -> dict[str, str | None]:
        return {r.id: r.digest.cadence for r in self.state.rules}

    def _allowed(self, update: Update) -> bool:
        tg = self.state.config.telegram
        user = update.effective_user
        chat = update.effective_chat
        return (
            tg.open
            or (user is not None and user.id in tg.admins)
            or (chat is not None and chat.id in tg.allowed_chats)
        )

    def _is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.state.config.telegram.admins

    async def _may_manage(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """In groups only the group's admins (or the bot's) may change what the group receives."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            return False
        if chat.type == ChatType.PRIVATE or self._is_admin(update):
            return True
        member = await context.bot.get_chat_member(chat.id, user.id)
        return member.status in (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)

    async def _reply(
        self, message: Message | None, markup: str, buttons: InlineKeyboardMarkup | None = None
    ) -> None:
        if message is None:
            return
        parts = split_html(markup)
        for i, part in enumerate(parts):
            keys = buttons if i == len(parts) - 1 else None
            try:
                await message.reply_text(
                    part,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keys,
                    link_preview_options=LinkPreviewOptions(is_disabled=True),
                    do_quote=False,
                )
            except BadRequest as e:
                if "parse entities" not in e.message.lower():
                    raise
                log.warning("html_refused reply error=%r; sending plain text", e.message)
                await message.reply_text(html_to_text(part), reply_markup=keys, do_quote=False)

    def _ensure_chat(self, update: Update) -> None:
        chat = update.effective_chat
        if chat:
            self.store.ensure_chat(chat.id, type=chat.type, title=chat.title or "", now=self.now())

    def _story(self, story_id: str) -> Any:
        return next((r for r in self.state.rules if r.id == story_id.lower()), None)

    def _stories_keyboard(self, chat_id: int) -> InlineKeyboardMarkup:
        mine = {s.story for s in self.store.subscriptions(chat_id=chat_id)}
        rows = []
        for r in self.state.rules:
            if r.id in mine:
                rows.append(
                    [InlineKeyboardButton(f"✓ {r.title} — Unsubscribe", callback_data=f"u:{r.id}")]
                )
            else:
                rows.append(
                    [InlineKeyboardButton(f"Subscribe: {r.title}", callback_data=f"s:{r.id}")]
                )
        return InlineKeyboardMarkup(rows)

    def _stories_text(self) -> str:
        if not self.state.rules:
            return "No stories are configured yet."
        lines = ["<b>Stories</b>"]
        for r in self.state.rules:
            desc = (
                f" — {esc(r.description.strip().splitlines()[0])}" if r.description.strip() else ""
            )
            archived = self.state.archived.get(r.id)
            note = f" <i>({esc(archived)}: no new articles are followed)</i>" if archived else ""
            lines.append(f"• <b>{esc(r.title)}</b> (<code>{esc(r.id)}</code>){desc}{note}")
        return "\n".join(lines)

    def _subscribe(self, chat_id: int, story: str) -> bool:
        now = self.now()
        title = self._titles().get(story, story)
        with self.store.transaction():
            new = self.store.subscribe(chat_id, story, now=now)
            if new:
                queue_summary(self.store, chat_id, story, title, now=now)
        self.wake.set()
        return new

    # ------------------------------------------------------------ handlers

    def _register(self) -> None:
        add = self.app.add_handler
        guarded = {
            "start": self.cmd_start,
            "stories": self.cmd_stories,
            "subscribe": self.cmd_subscribe,
            "unsubscribe": self.cmd_unsubscribe,
            "digest": self.cmd_digest,
            "settings": self.cmd_settings,
            "mute": self.cmd_mute,
            "ledger": self.cmd_ledger,
            "timeline": self.cmd_timeline,
            "help": self.cmd_help,
            "status": self.cmd_status,
            "reload": self.cmd_reload,
        }
        for name, fn in guarded.items():
            add(CommandHandler(name, self._guard(fn)))
        # Same group, added last: only commands no handler above took get here.
        add(MessageHandler(filters.COMMAND, self._guard(self.cmd_unknown)))
        add(CallbackQueryHandler(self.on_button))
        self.app.add_error_handler(self.on_error)

    def _guard(self, fn: Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]) -> Callable[..., Any]:
        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            chat = update.effective_chat
            if not self._allowed(update):
                if chat is not None and self._first_refusal(chat.id):
                    await self._reply(
                        update.effective_message,
                        "Sorry, this bot is private. Its operator can let this chat in by adding "
                        f"<code>{chat.id}</code> to <code>telegram.allowed_chats</code>.",
                    )
                return
            user = update.effective_user
            if (
                user is not None
                and self._is_admin(update)
                and user.id not in self._menu_admins
                and chat is not None
                and chat.id == user.id
            ):
                await self._set_admin_menu(user.id)
            self._ensure_chat(update)
            await fn(update, context)

        return handler

    def _first_refusal(self, chat_id: int) -> bool:
        """True when this stranger's chat was not refused within refusal_period: one refusal per
        period, then silence, so that a flood costs one message and holds up nobody."""
        now = time.monotonic()
        last = self._refused.get(chat_id)
        if last is not None and now - last < self.refusal_period:
            return False
        if len(self._refused) >= 10_000:  # many strangers: forget those whose period is over
            self._refused = {
                c: t for c, t in self._refused.items() if now - t < self.refusal_period
            }
        self._refused[chat_id] = now
        return True

    async def cmd_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat
        text = (
            "Hello! I follow developing news stories and tell you what each new article adds: "
            "evidence, new claims, or only repeats.\n\n"
            + self._stories_text()
            + "\n\nPress a button to subscribe; /help for more."
        )
        await self._reply(update.effective_message, text, self._stories_keyboard(chat.id))

    async def cmd_stories(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat
        await self._reply(
            update.effective_message, self._stories_text(), self._stories_keyboard(chat.id)
        )

    async def cmd_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._reply(update.effective_message, HELP)

    async def cmd_unknown(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        msg = update.effective_message
        word = (msg.text or "").split()[0] if msg and msg.text else "that"
        await self._reply(
            msg, f"Unknown command {esc(word)}. Try /help, or /stories to see what you can follow."
        )

    async def _story_arg(self, update: Update, args: list[str], usage: str) -> Any:
        if not args:
            await self._reply(update.effective_message, f"Usage: {esc(usage)}")
            return None
        rule = self._story(args[0])
        if rule is None:
            known = ", ".join(r.id for r in self.state.rules) or "none"
            await self._reply(
                update.effective_message,
                f"No story called <code>{esc(args[0][:40])}</code>. Known: {esc(known)}.",
            )
        return rule

    async def _subscription_target(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str
    ) -> tuple[int, Any] | None:
        """(chat id, rule) for /subscribe and /unsubscribe, or None once the user was told why not."""
        rule = await self._story_arg(update, context.args or [], usage)
        if rule is None:
            return None
        if not await self._may_manage(update, context):
            await self._reply(
                update.effective_message, "Only this group's admins can change its subscriptions."
            )
            return None
        chat = update.effective_chat
        assert chat
        return chat.id, rule

    def _page_url(self, story: str) -> str | None:
        web = getattr(self.state.config, "web", None)
        base = web.base_url if web is not None else None
        return f"{base}/story/{story}" if base else None

    async def cmd_ledger(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        from bot.ledger_view import build_ledger, render_telegram

        rule = await self._story_arg(update, context.args or [], "/ledger <story>")
        if rule is None:
            return
        rows = build_ledger(
            self.store.ledger_records(rule.id), [j for _, j in self.store.judged(rule.id)]
        )
        await self._reply(
            update.effective_message,
            render_telegram(rule.title, rows, page_url=self._page_url(rule.id)),
        )

    async def cmd_timeline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        from bot.timeline import caption, render_png, timeline_days

        rule = await self._story_arg(update, context.args or [], "/timeline <story>")
        if rule is None:
            return
        days = timeline_days(j for _, j in self.store.judged(rule.id))
        png = await asyncio.to_thread(render_png, rule.title, days)
        msg = update.effective_message
        if msg is not None:
            text = caption(rule.title, days, self._page_url(rule.id))
            await msg.reply_photo(photo=png, caption=text, do_quote=False)

    async def cmd_subscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        target = await self._subscription_target(update, context, "/subscribe <story>")
        if target is None:
            return
        chat_id, rule = target
        if self._subscribe(chat_id, rule.id):
            text = f"Subscribed to <b>{esc(rule.title)}</b>. A summary of the story so far is on its way."
        else:
            text = f"You already follow <b>{esc(rule.title)}</b>."
        await self._reply(update.effective_message, text)

    async def cmd_unsubscribe(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        target = await self._subscription_target(update, context, "/unsubscribe <story>")
        if target is None:
            return
        chat_id, rule = target
        done = self.store.unsubscribe(chat_id, rule.id)
        text = (
            f"Unsubscribed from <b>{esc(rule.title)}</b>."
            if done
            else f"You did not follow <b>{esc(rule.title)}</b>."
        )
        await self._reply(update.effective_message, text)

    async def cmd_digest(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat
        subs = self.store.subscriptions(chat_id=chat.id)
        if context.args:
            rule = await self._story_arg(update, context.args, "/digest [story]")
            if rule is None:
                return
            subs = [s for s in subs if s.story == rule.id]
            if not subs:
                await self._reply(
                    update.effective_message,
                    f"You do not follow <b>{esc(rule.title)}</b>: /subscribe {esc(rule.id)}",
                )
                return
        if not subs:
            await self._reply(update.effective_message, "You follow no stories yet: /stories")
            return
        now = self.now()
        queued = sum(
            queue_digest(
                self.store,
                self.state.config,
                s,
                self._titles().get(s.story, s.story),
                now=now,
                send_empty=False,
            )
            for s in subs
        )
        if queued:
            self.wake.set()
        else:
            await self._reply(update.effective_message, "Nothing new since your last digest.")

    def _settings_text(self, chat_id: int) -> str:
        hour, tz, alerts, repeats = settings_for(self.state.config, self.store.chat(chat_id))
        subs = self.store.subscriptions(chat_id=chat_id)
        now = self.now()
        follows = ", ".join(
            s.story
            + (
                f" (muted until {s.muted_until:%d %b %H:%M} UTC)"
                if s.muted_until and s.muted_until > now
                else ""
            )
            for s in subs
        )
        return (
            "<b>Settings</b>\n"
            f"Daily digest at {hour:02d}:00 ({esc(tz)})\n"
            f"Instant alerts for new evidence: {'on' if alerts else 'off'}\n"
            f"Repeats listed in digests: {'yes' if repeats else 'no (one count line)'}\n"
            f"Following: {esc(follows) or 'nothing yet'}\n\n"
            "Change with the buttons, or /settings hour 7, /settings tz Europe/Berlin, "
            "/settings alerts on, /settings repeats off."
        )

    def _settings_keyboard(self) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("Hour −1", callback_data="h:-1"),
                    InlineKeyboardButton("Hour +1", callback_data="h:+1"),
                ],
                [
                    InlineKeyboardButton("Alerts on/off", callback_data="t:alerts"),
                    InlineKeyboardButton("Repeats on/off", callback_data="t:repeats"),
                ],
            ]
        )

    async def cmd_settings(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat = update.effective_chat
        assert chat
        args = context.args or []
        usage = "Usage: /settings [hour 0-23 | tz Area/City | alerts on|off | repeats on|off]"
        if args:
            if not await self._may_manage(update, context):
                await self._reply(
                    update.effective_message, "Only this group's admins can change its settings."
                )
                return
            key, value = args[0].lower(), (args[1] if len(args) > 1 else "")
            if key == "hour" and value.isdigit() and 0 <= int(value) <= 23:
                self.store.update_chat(chat.id, digest_hour=int(value))
            elif key in ("tz", "timezone") and _valid_tz(value):
                self.store.update_chat(chat.id, timezone=value)
            elif key in ("alerts", "repeats") and value.lower() in ("on", "off"):
                column = "instant_alerts" if key == "alerts" else "include_repeats"
                self.store.update_chat(chat.id, **{column: value.lower() == "on"})
            else:
                await self._reply(update.effective_message, esc(usage))
                return
        await self._reply(
            update.effective_message, self._settings_text(chat.id), self._settings_keyboard()
        )

    async def cmd_mute(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        args = context.args or []
        usage = "/mute <story> <duration, e.g. 12h or 3d | off>"
        rule = await self._story_arg(update, args, usage)
        if rule is None:
            return
        if len(args) < 2:
            await self._reply(update.effective_message, f"Usage: {esc(usage)}")
            return
        if not await self._may_manage(update, context):
            await self._reply(
                update.effective_message, "Only this group's admins can mute stories here."
            )
            return
        chat = update.effective_chat
        assert chat
        if args[1].lower() in ("off", "0", "no"):
            until = None
        else:
            try:
                until = self.now() + timedelta(seconds=parse_duration(args[1]))
            except ValueError:
                await self._reply(update.effective_message, f"Usage: {esc(usage)}")
                return
        if not self.store.mute(chat.id, rule.id, until):
            await self._reply(
                update.effective_message, f"You do not follow <b>{esc(rule.title)}</b>."
            )
            return
        text = (
            f"<b>{esc(rule.title)}</b> muted until {until:%d %b %H:%M} UTC."
            if until
            else f"<b>{esc(rule.title)}</b> unmuted."
        )
        await self._reply(update.effective_message, text)

    async def cmd_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._is_admin(update):
            await self._reply(update.effective_message, "/status is for the bot's admins.")
            return
        counts = self.store.story_counts()
        feeds = self.store.feed_states()
        failing = [f for f in feeds if f.failing_since]
        lines = ["<b>Status</b>"]
        for r in self.state.rules:
            c = counts.get(r.id, {})
            subs = len(self.store.subscriptions(story=r.id))
            lines.append(f"• {esc(r.id)}: {sum(c.values())} articles, {subs} subscribers")
        lines.append(f"Feeds: {len(feeds)}, failing: {len(failing)}")
        for f in failing[:10]:
            lines.append(f"  ✗ {esc(f.url)}: {esc((f.last_error or '')[:120])}")
        lines.append(f"Outbox pending: {self.store.pending_count()}")
        role = self.role()
        if role is not None:
            lines.append(f"This {esc(role)}")
        await self._reply(update.effective_message, "\n".join(lines))

    async def cmd_reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self._is_admin(update):
            await self._reply(update.effective_message, "/reload is for the bot's admins.")
            return
        if self.reload_fn is None:
            await self._reply(update.effective_message, "Reload is not available in this mode.")
            return
        problems = self.reload_fn()
        if problems:
            body = "\n".join(f"• {esc(p)}" for p in problems[:20])
            await self._reply(
                update.effective_message,
                f"Reload refused; the previous rules stay in force:\n{body}",
            )
        else:
            await self._reply(
                update.effective_message, f"Reloaded: {len(self.state.rules)} stories."
            )

    # ------------------------------------------------------------ buttons

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        if not self._allowed(update):
            await query.answer("Sorry, this bot is private.", show_alert=True)
            return
        button = parse_button(query.data)
        chat = update.effective_chat
        if button is None or chat is None:
            # Forged or corrupted (anyone can send any callback data): a short answer, no error.
            log.info(
                "button_refused chat=%s data=%r", chat.id if chat else None, (query.data or "")[:80]
            )
            await query.answer(BAD_BUTTON)
            return
        self._ensure_chat(update)
        kind, args = button.kind, button.args
        rest = args[0]
        message = query.message if isinstance(query.message, Message) else None
        if kind in ("s", "u", "m", "h", "t") and not await self._may_manage(update, context):
            await query.answer("Only this group's admins can change that.", show_alert=True)
            return
        if kind in ("s", "u"):
            rule = self._story(rest)
            if rule is None:
                await query.answer("That story no longer exists.")
                return
            if kind == "s":
                new = self._subscribe(chat.id, rule.id)
                await query.answer(
                    f"Subscribed to {rule.title}"[:200] if new else "Already subscribed"
                )
            else:
                self.store.unsubscribe(chat.id, rule.id)
                await query.answer(f"Unsubscribed from {rule.title}"[:200])
            if message:
                await message.edit_reply_markup(self._stories_keyboard(chat.id))
        elif kind == "m":
            until = self.now() + timedelta(seconds=MUTE_BUTTON_SECONDS)
            ok = self.store.mute(chat.id, rest, until)
            await query.answer(
                f"Muted for 24 h. /mute {rest} off to undo."[:200]
                if ok
                else "You do not follow this story."
            )
        elif kind == "j":
            judged = self.store.judged_by_id(_from_b36(rest))
            await query.answer()
            if judged:
                await self._reply(message, render_reasons(judged))
        elif kind in ("w", "r"):
            story, lo, hi = args
            items = [
                j for i, j in self.store.judged(story, after_id=_from_b36(lo)) if i <= _from_b36(hi)
            ]
            await query.answer()
            title = self._titles().get(story, story)
            if kind == "r":
                await self._reply(message, render_repeats(title, items))
            else:
                # In the digest's order (first report, evidence, claims), so the reasons read
                # alongside it; the repeats have their own button.
                d = build_digest(story, title, items)
                picked = list(d.first + d.evidence + d.claims) or items
                await self._reply(
                    message, "\n\n".join(render_reasons(j) for j in picked) or "Nothing to explain."
                )
        elif kind in ("h", "t"):
            hour, _, alerts, repeats = settings_for(self.state.config, self.store.chat(chat.id))
            if kind == "h":
                self.store.update_chat(chat.id, digest_hour=(hour + int(rest)) % 24)
            elif rest == "alerts":
                self.store.update_chat(chat.id, instant_alerts=not alerts)
            else:
                self.store.update_chat(chat.id, include_repeats=not repeats)
            await query.answer("Saved")
            if message:
                await message.edit_text(
                    self._settings_text(chat.id),
                    parse_mode=ParseMode.HTML,
                    reply_markup=self._settings_keyboard(),
                )
        else:  # a kind parse_button accepts but this dispatch forgot
            await query.answer(BAD_BUTTON)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("handler_failed error=%r", context.error, exc_info=context.error)
        if (
            isinstance(update, Update)
            and update.effective_message
            # Blocked or flood-limited: a reply would fail the same way.
            and not isinstance(context.error, Forbidden | RetryAfter)
        ):
            try:
                await update.effective_message.reply_text(
                    "Sorry, something went wrong on our side; it has been logged."
                )
            except TelegramError:
                pass


def _check_bindable(host: str, port: int) -> None:
    """Raise OSError when tornado could not bind (host, port): bound here the way it binds
    (SO_REUSEADDR, one socket per address), then released at once."""
    infos = socket.getaddrinfo(
        host or None, port, socket.AF_UNSPEC, socket.SOCK_STREAM, 0, socket.AI_PASSIVE
    )
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            sock.bind(address)


def _valid_tz(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return bool(name)
