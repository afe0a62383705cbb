"""`storywatch run`: the long-running service — scheduler ticks, polls, queues digests, delivers."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import multiprocessing
import os
import secrets
import signal
import socket
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.digest import build_digest, render_text
from bot.logs import register_secret
from bot.schedule import DueLog
from bot.sdnotify import Notifier, keep_alive
from judge.ledger import COMPILED as LEDGER_COMPILED
from watchers.config import Config, ConfigError, Rule, load_config, load_rules
from watchers.fetch import Fetcher
from watchers.models import Judged
from watchers.parse import ParsePool
from watchers.pipeline import Judges, PollReport, poll
from watchers.store import Store, StoreError, iso

log = logging.getLogger("storywatch.service")

ELECTION_INTERVAL = 5.0  # seconds between a worker's attempts to become the Telegram poller
CONSOLE_CHAT = 0  # the pseudo-chat that stands for the terminal when no Telegram token is set


def read_secret(credential: str, env: str) -> str | None:
    """A secret: the systemd credential `credential` first, then the environment variable `env`.
    Registered for redaction, never logged; None when unset."""
    cred_dir = os.environ.get("CREDENTIALS_DIRECTORY")
    if cred_dir:
        path = Path(cred_dir) / credential
        if path.is_file():
            secret = path.read_text(encoding="utf-8").strip()
            if secret:
                register_secret(secret)
                return secret
    secret = os.environ.get(env, "").strip()
    register_secret(secret)
    return secret or None


def make_worker_id() -> str:
    """This process's name among the workers sharing a PostgreSQL database: host:pid:random (the
    random part tells a restarted process from the one before it with the same pid)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class AlreadyRunning(Exception):
    """Another `storywatch run` uses this SQLite state file."""


def lock_sqlite_state(path: str) -> int | None:
    """One `storywatch run` per SQLite file: an exclusive lock on `<file>.lock`, held while the
    process lives (the kernel drops it with the process, kill -9 included). Two services on one
    file would poll the same feeds, send the same messages and both long-poll Telegram. Returns the
    locked file descriptor (None for an in-memory store); AlreadyRunning names the holder's pid.
    Several workers need PostgreSQL (store.url)."""
    if path == ":memory:":
        return None
    lock_path = f"{path}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise AlreadyRunning(
            f"start_failed already_running pid={holder} state={path}: another `storywatch run` "
            "uses this SQLite file (one service per file; stop it first). Several workers need "
            "PostgreSQL (store.url)"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def read_token() -> str | None:
    """The bot token (credential telegram_token, or TELEGRAM_BOT_TOKEN)."""
    return read_secret("telegram_token", "TELEGRAM_BOT_TOKEN")


def read_webhook_secret() -> str | None:
    """The secret Telegram sends with every webhook update (telegram.webhook): credential
    telegram_webhook_secret, or TELEGRAM_WEBHOOK_SECRET. None when unset (the frontend then makes
    one up, which only suits a single worker)."""
    return read_secret("telegram_webhook_secret", "TELEGRAM_WEBHOOK_SECRET")


@dataclass
class State:
    """What a reload swaps atomically: the config and the rules in force."""

    config: Config
    rules: list[Rule]
    by_id: dict[str, Rule] = field(default_factory=dict)
    archived: dict[str, str] = field(default_factory=dict)  # story -> reason, as of the last poll

    def __post_init__(self) -> None:
        self.by_id = {r.id: r for r in self.rules}


def load_state(config_path: str | Path) -> State:
    config = load_config(config_path)
    return State(config, load_rules(config.rules_path))


class Frontend(Protocol):
    """Where messages go: the console, or Telegram (bot.telegram)."""

    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def after_poll(self, report: PollReport, *, now: datetime) -> None: ...
    async def deliver(self, *, now: datetime) -> None: ...


def queue_digest(
    store: Store, chat_id: int, rule: Rule, *, now: datetime, include_repeats: bool = True
) -> int | None:
    """Queue one digest of what the chat has not seen yet; advance its cursor in the same transaction."""
    subs = store.subscriptions(chat_id=chat_id, story=rule.id)
    if not subs:
        return None
    items = store.judged(rule.id, after_id=subs[0].cursor)
    if not items:
        return None
    last_id = items[-1][0]
    digest = build_digest(rule.id, rule.title, [j for _, j in items])
    with store.transaction():
        queued = store.enqueue(
            chat_id,
            render_text(digest, include_repeats=include_repeats),
            kind="digest",
            story=rule.id,
            now=now,
            dedupe_key=f"digest:{chat_id}:{rule.id}:{last_id}",
        )
        store.advance_cursor(chat_id, rule.id, last_id, now=now)
    return queued


class ConsoleFrontend:
    """No token: print each digest the bot would send, after every poll that brought news."""

    def __init__(self, state: State, store: Store, out: TextIO | None = None):
        self.state = state
        self.store = store
        self.out = out or sys.stdout

    async def start(self) -> None:
        now = datetime.now(UTC)
        self.store.ensure_chat(CONSOLE_CHAT, type="console", title="console", now=now)
        for rule in self.state.rules:
            self.store.subscribe(CONSOLE_CHAT, rule.id, now=now)
        print(
            "storywatch: no Telegram token (TELEGRAM_BOT_TOKEN or the systemd credential telegram_token); "
            "printing what would be sent.",
            file=self.out,
            flush=True,
        )

    async def stop(self) -> None:
        pass

    async def after_poll(self, report: PollReport, *, now: datetime) -> None:
        for rule in self.state.rules:
            # Stories added by a reload: from their first verdict on, including this poll's (a
            # default cursor would start after them and skip the new story's first articles).
            self.store.subscribe(CONSOLE_CHAT, rule.id, now=now, cursor=0)
            queue_digest(self.store, CONSOLE_CHAT, rule, now=now)

    async def deliver(self, *, now: datetime) -> None:
        for msg in self.store.pending(now=now, chat_id=CONSOLE_CHAT, limit=1000):
            print(f"\n----- {msg.kind}: {msg.story or ''}\n{msg.text}", file=self.out, flush=True)
            self.store.mark_sent(msg.id, now=now)


class Service:
    def __init__(self, config_path: str | Path, *, tick: float = 30.0, out: TextIO | None = None):
        self.config_path = config_path
        self.tick = tick
        self.out = out
        self.state = load_state(config_path)
        self.store = Store(self.state.config.store_location)
        # On PostgreSQL every `storywatch run` is one of any number of workers: it claims the due
        # feeds it polls (with a lease) instead of polling all of them. SQLite: the only worker.
        self.worker_id = make_worker_id() if self.store.is_postgresql else None
        self.judges = Judges(self.store, self.state.config.matching)
        self.frontend: Frontend
        self.stopping = asyncio.Event()
        self._busy = asyncio.Lock()
        self.notifier = Notifier()  # systemd's notify socket; a no-op outside systemd
        self.exit_code = 0
        self._polls: set[asyncio.Task[object]] = set()
        self._last_prune: datetime | None = None
        self._last_poll: datetime | None = None
        self.due_log = DueLog()  # logs when the next poll and digest are due (bot/schedule.py)
        self.parser: ParsePool | None = None
        self.web: Any = None  # bot.web.WebServer while the pages are served
        self._state_lock: int | None = None  # SQLite: the fd locking out a second `run`
        self.health: Any = None  # bot.web.Health: what the scheduler tells /healthz

    def _make_frontend(self) -> Frontend:
        token = read_token()
        if not token:
            return ConsoleFrontend(self.state, self.store, self.out)
        from bot.telegram import TelegramFrontend  # imported only when a token is configured

        election = listener = None
        if self.worker_id is not None:
            from watchers import store_pg

            url = self.store.url
            if not self.state.config.telegram.webhook:
                # Long polling: one worker at a time calls getUpdates (webhook: every worker serves).
                election = store_pg.SessionLock(
                    url, store_pg.POLLER_LOCK, purpose="poller", worker_id=self.worker_id
                )
            listener = store_pg.Listener(
                url, [store_pg.OUTBOX_CHANNEL], lambda channel: None, worker_id=self.worker_id
            )
        return TelegramFrontend(
            self.state,
            self.store,
            token,
            reload=self.reload,
            webhook_secret=read_webhook_secret() if self.state.config.telegram.webhook else None,
            on_fatal=self._on_frontend_fatal,
            on_change=self._status_changed,
            election=election,
            # Every 5 s at most: how soon a worker takes over from a dead poller, and how soon a
            # poller that lost its session stops (a SELECT 1 per worker, nothing more).
            election_interval=min(self.tick, ELECTION_INTERVAL),
            listener=listener,
            worker_id=self.worker_id,
        )

    def _status_changed(self) -> None:
        self.notifier.status(self.status_line())

    def _on_frontend_fatal(self, error: Exception) -> None:
        """Telegram, unreachable at start, answered later and rejected the token: stop, exit 1."""
        log.error("%s", startup_failure(error, self.state.config.telegram.api_base_url))
        self.exit_code = 1
        self._on_stop()

    def reload(self) -> list[str]:
        """Swap config and rules atomically; on any problem keep the old ones and say why."""
        try:
            new = load_state(self.config_path)
        except ConfigError as e:
            problems = [str(p) for p in e.problems]
            for p in problems:
                log.error("reload_failed problem=%r (the previous rules stay in force)", p)
            return problems
        self.state.config, self.state.rules, self.state.by_id = new.config, new.rules, new.by_id
        self.judges.forget()
        log.info("reloaded rules=%d feeds=%d", len(new.rules), len(new.config.feeds))
        reloaded = getattr(getattr(self, "frontend", None), "reloaded", None)
        if reloaded is not None:
            reloaded()  # e.g. the admins' command menus follow telegram.admins
        return []

    async def run_once(self, fetcher: Fetcher, *, now: datetime | None = None) -> PollReport:
        """One tick: poll what is due, queue and deliver messages, prune. `now`: a simulated clock
        (benchmarks/soak.py); the service itself uses the real one."""
        async with self._busy:
            now = now or datetime.now(UTC)
            report = await poll(
                self.state.config,
                self.state.rules,
                self.store,
                fetcher,
                self.judges,
                now=now,
                on_judged=self._on_judged,
                on_feed_health=self._on_feed_health,
                parser=self.parser,
                worker_id=self.worker_id,
                lease_seconds=self.state.config.poll.lease,
                claim_limit=self.state.config.poll.claim_batch if self.worker_id else None,
            )
            for story, reason in report.archived.items():
                if self.state.archived.get(story) != reason:
                    log.info(
                        "story_archived story=%s reason=%r (its feeds are no longer polled)",
                        story,
                        reason,
                    )
            self.state.archived = report.archived
            if report.polled:
                log.info(
                    "polled feeds=%d not_modified=%d errors=%d new_articles=%d judged=%d",
                    report.polled,
                    report.not_modified,
                    len(report.errors),
                    report.new_articles,
                    len(report.judged),
                )
            await self.frontend.after_poll(report, now=now)
            await self.frontend.deliver(now=now)
            self._last_poll = now
            self.prune(now=now)
            self.notifier.status(self.status_line())
            self.due_log.report(
                self.store, self.state.config, self.state.rules, now=now, polled=report.polled
            )
            return report

    def prune(self, *, now: datetime) -> int:
        """Retention: drop article bodies older than retention.article_text_days, once a day."""
        if self._last_prune and now - self._last_prune < timedelta(days=1):
            return 0
        days = self.state.config.retention.article_text_days
        pruned = self.store.prune_article_text(now - timedelta(days=days))
        self._last_prune = now
        if pruned:
            log.info("pruned_article_text articles=%d older_than_days=%d", pruned, days)
        return pruned

    def status_line(self) -> str:
        """One line for systemctl status (STATUS=)."""
        feeds = self.store.feed_states()
        failing = sum(1 for f in feeds if f.failing_since)
        last = self._last_poll.strftime("%H:%M:%SZ") if self._last_poll else "not yet"
        line = (
            f"{len(self.state.rules)} stories, {len(feeds)} feeds ({failing} failing), "
            f"{self.store.pending_count()} messages pending, last poll {last}"
        )
        # What waits for Telegram comes first: systemctl status shortens long lines at the end.
        note_fn = getattr(getattr(self, "frontend", None), "status_note", None)
        note = note_fn() if note_fn is not None else None
        if self.worker_id is not None:
            role_fn = getattr(getattr(self, "frontend", None), "role", None)
            role = role_fn() if role_fn is not None else None
            line += f"; {role or f'worker {self.worker_id}'}"
        return f"{note}; {line}" if note else line

    def _on_hup(self) -> None:
        """SIGHUP (systemctl reload): RELOADING=1, reload, READY=1 (also when the files are broken)."""
        self.notifier.reloading("reloading config and rules")
        problems = self.reload()
        if problems:
            self._tell_admins(
                "storywatch: reload failed, the previous config and rules stay in force:\n"
                + "\n".join(problems)
            )
        self.notifier.ready(self.status_line())

    def _admin_chats(self) -> tuple[int, ...]:
        """The admins' chats; in console mode the console stands for them."""
        if isinstance(self.frontend, ConsoleFrontend):
            return (CONSOLE_CHAT,)
        return self.state.config.telegram.admins

    def _tell_admins(self, text: str) -> None:
        now = datetime.now(UTC)
        for admin in self._admin_chats():
            try:
                self.store.enqueue(admin, text, kind="admin", now=now)
            except sqlite3.DatabaseError as e:
                log.error("admin_message_failed chat=%s error=%r", admin, e)

    def _on_feed_health(
        self, store: Store, broke: list[tuple[str, str]], recovered: list[str], now: datetime
    ) -> None:
        """Feeds broke or recovered in this poll: one message to the admins, in the poll's
        transaction (through the outbox), however many feeds changed at once."""
        names = {f.url: f.name for f in self.state.config.feeds if f.name}

        def label(url: str) -> str:
            return f"{names[url]} ({url})" if url in names else url

        lines = []
        if broke:
            lines.append(f"storywatch: {len(broke)} feed(s) failing:")
            lines += [f"- {label(url)}: {error}" for url, error in broke]
            lines.append(
                "They are retried with growing pauses (up to poll.max_interval); "
                "`storywatch status` shows every feed's health."
            )
        if recovered:
            lines.append(f"storywatch: {len(recovered)} feed(s) recovered:")
            lines += [f"- {label(url)}" for url in recovered]
        text = "\n".join(lines)
        for admin in self._admin_chats():
            key = f"feeds:{admin}:{iso(now)}:{hashlib.sha1(text.encode()).hexdigest()[:12]}"
            store.enqueue(admin, text, kind="admin", now=now, dedupe_key=key)

    def _on_stop(self) -> None:
        if not self.stopping.is_set():
            log.info("stopping")
            self.notifier.stopping("stopping")
        self.stopping.set()

    def _fail(self, error: BaseException) -> None:
        """The state cannot be written (read-only or full disk, broken file): stop with exit 1.

        systemd restarts the service; carrying on would poll feeds whose results cannot be kept."""
        log.critical(
            "store_unwritable path=%s error=%r: free disk space or make the state folder writable; "
            "nothing was lost, the poll is retried after the restart",
            self.store.path,
            str(error),
        )
        self.exit_code = 1
        self._on_stop()

    def _on_judged(self, store: Store, judged_id: int, judged: Judged, now: datetime) -> None:
        hook = getattr(self.frontend, "on_judged", None)
        if hook:
            hook(store, judged_id, judged, now)

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self._on_stop)
        loop.add_signal_handler(signal.SIGHUP, self._on_hup)
        if not self.store.is_postgresql:
            try:
                self._state_lock = lock_sqlite_state(self.store.path)
            except AlreadyRunning as e:
                log.error("%s", e)
                self.store.close()
                return 1
            except OSError as e:
                # A read-only state folder: the store itself says so at the first write.
                log.warning("state_lock_unavailable error=%r", str(e))
        self.frontend = self._make_frontend()
        if self.worker_id is not None:
            log.info(
                "worker id=%s store=%s (shares the feeds and messages with the other workers on "
                "this database)",
                self.worker_id,
                self.store.path,
            )
        try:
            # Telegram unreachable is no failure: the frontend keeps trying in the background.
            await self.frontend.start()
        except Exception as e:  # every start-up failure gets one clear line, then exit 1
            log.error("%s", startup_failure(e, self.state.config.telegram.api_base_url))
            with contextlib.suppress(Exception):
                await self.frontend.stop()
            self.store.close()
            if self._state_lock is not None:
                os.close(self._state_lock)
                self._state_lock = None
            return 1
        if not LEDGER_COMPILED:
            log.warning(
                "ledger_lookup=python: judge._lookup (C) is not built, so judging runs "
                "1.2-1.7x slower; to build it, install a C compiler and the Python headers (Debian: "
                "gcc python3-dev) and reinstall storywatch"
            )
        workers = self.state.config.poll.parse_workers
        if workers:
            # Spawned: fresh interpreters that are direct children of this process (so they end
            # with it, see ParsePool), not forks of it and whatever threads it has running.
            self.parser = ParsePool(workers, context=multiprocessing.get_context("spawn"))
        await self._start_web()
        scheduler = AsyncIOScheduler(timezone="UTC")
        watchdog = asyncio.create_task(keep_alive(self.notifier))
        async with Fetcher(self.state.config.poll) as fetcher:

            async def tick() -> None:
                if self.health is not None:
                    self.health.ticked()
                if self._busy.locked():
                    # The previous poll is still running (a slow feed, a big first poll): skip
                    # this tick quietly rather than queue polls behind it.
                    log.debug("tick_skipped (the previous poll is still running)")
                    return
                task = asyncio.current_task()
                if task is not None:
                    self._polls.add(task)  # so a SIGTERM can cancel an in-flight poll
                try:
                    started = time.monotonic()
                    report = await self.run_once(fetcher)
                    batch = self.state.config.poll.claim_batch
                    while (
                        self.worker_id is not None
                        and report.polled >= batch
                        and not self.stopping.is_set()
                    ):
                        # A full batch: more feeds may be due; claim the next batch at once (the
                        # other workers claim theirs meanwhile) rather than at the next tick.
                        report = await self.run_once(fetcher)
                    if self.health is not None:
                        self.health.polled(
                            errors=len(report.errors),
                            seconds=time.monotonic() - started,
                            now=datetime.now(UTC),
                        )
                except (sqlite3.DatabaseError, StoreError) as e:
                    if "locked" in str(e) or "busy" in str(e):
                        log.warning("store_busy error=%r (will retry at the next tick)", str(e))
                    else:
                        self._fail(e)
                except OSError as e:
                    self._fail(e)
                except asyncio.CancelledError:
                    # Stopping: the poll's transaction rolled back; the next start polls again.
                    log.info("poll_cancelled (stopping)")
                except Exception:
                    log.exception("tick_failed (will retry at the next tick)")
                finally:
                    if task is not None:
                        self._polls.discard(task)

            scheduler.add_job(
                tick,
                "interval",
                seconds=self.tick,
                next_run_time=datetime.now(UTC),
                max_instances=2,
                coalesce=True,
            )
            scheduler.start()
            # Config, store and scheduler are up: READY=1, also while Telegram is unreachable
            # (STATUS= then says so and how many messages wait for it).
            self.notifier.ready(self.status_line())
            try:
                await self.stopping.wait()
            finally:
                await self._shutdown(scheduler, watchdog)
        log.info("stopped exit_code=%d", self.exit_code)
        return self.exit_code

    async def _start_web(self) -> None:
        """Serve the story pages, /healthz and /metrics (config web.listen); a port that cannot be
        bound is logged and the service goes on without them: polling matters more."""
        from bot.web import Health, Site, WebServer

        self.health = Health(tick=self.tick)
        web = self.state.config.web
        if web.address is None:
            return
        site = Site(
            stories=lambda: self.state.rules,
            store_path=self.state.config.store_location,
            health=self.health,
            token=web.token,
            base_url=web.base_url,
        )
        if web.token:
            register_secret(web.token)  # never in the logs
        server = WebServer(site, *web.address)
        try:
            address = await server.start()
        except OSError as e:
            log.warning(
                "web_unavailable listen=%s reason=%r: the pages, /healthz and /metrics are off; "
                "free the port or change web.listen (or set it to off)",
                web.listen,
                os.strerror(e.errno) if e.errno else type(e).__name__,
            )
            return
        self.web = server
        log.info("web_listening address=%s", address)

    async def _shutdown(self, scheduler: AsyncIOScheduler, watchdog: asyncio.Task[None]) -> None:
        """Within systemd's patience (TimeoutStopSec): cancel in-flight polls, whose transaction
        rolls back so the next start polls the same items again, then stop the frontend."""
        scheduler.shutdown(wait=False)
        watchdog.cancel()
        if self.web is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.web.stop(), timeout=3)
        polls = list(self._polls)
        for task in polls:
            task.cancel()
        if polls:
            _, late = await asyncio.wait(polls, timeout=5)
            if late:
                log.warning("polls_still_running count=%d (stopping anyway)", len(late))
        try:
            await asyncio.wait_for(self.frontend.stop(), timeout=4)
        except TimeoutError:
            log.warning("frontend_stop_timeout seconds=4")
        if self.parser is not None:
            self.parser.close()
        self.store.close()
        if self._state_lock is not None:
            os.close(self._state_lock)  # and with it the lock
            self._state_lock = None


def startup_failure(error: Exception, api_base_url: str) -> str:
    """One line saying why the service could not start and what to do; never the token.

    Telegram errors are told apart by class name so the console mode never imports telegram.
    Telegram unreachable is not among them: the service starts anyway and retries (bot.telegram)."""
    kind = type(error).__name__
    if kind == "InvalidToken":
        # PTB's message quotes the token: it is deliberately not shown.
        return (
            f"start_failed telegram_token_rejected api={api_base_url}: the Bot API refused the "
            "token; check the credential telegram_token or TELEGRAM_BOT_TOKEN (the value from "
            "@BotFather), or telegram.api_base_url if it is not the Bot API"
        )
    return f"start_failed error={kind}: {error}"


def run(config_path: str | Path, *, tick: float = 30.0) -> int:
    try:
        service = Service(config_path, tick=tick)
    except ConfigError as e:
        # Logged at error level: under systemd, `journalctl -p err` shows why it did not start.
        for p in e.problems:
            log.error("config_problem %s", p)
        log.error(
            "start_failed problems=%d: fix them (storywatch check) and start again", len(e.problems)
        )
        return 2
    except StoreError as e:
        log.error("start_failed store_error=%r", str(e))
        return 1
    return asyncio.run(service.run())
