"""`storywatch run`: the long-running service — scheduler ticks, polls, queues digests, delivers."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from watchers.fetch import Fetcher

from bot.digest import build_digest, render_text
from watchers.config import Config, ConfigError, Rule, load_config, load_rules
from watchers.models import Judged
from watchers.pipeline import Judges, PollReport, poll
from watchers.store import Store

log = logging.getLogger("storywatch.service")

CONSOLE_CHAT = 0  # the pseudo-chat that stands for the terminal when no Telegram token is set


def read_token() -> str | None:
    """The bot token: systemd credential first, then the environment. Never logged."""
    cred_dir = os.environ.get("CREDENTIALS_DIRECTORY")
    if cred_dir:
        path = Path(cred_dir) / "telegram_token"
        if path.is_file():
            token = path.read_text(encoding="utf-8").strip()
            if token:
                return token
    token = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    return token or None


@dataclass
class State:
    """What a reload swaps atomically: the config and the rules in force."""

    config: Config
    rules: list[Rule]
    by_id: dict[str, Rule] = field(default_factory=dict)

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
            self.store.subscribe(CONSOLE_CHAT, rule.id, now=now)  # stories added by a reload
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
        self.store = Store(self.state.config.store_path)
        self.judges = Judges(self.store)
        self.frontend: Frontend
        self.stopping = asyncio.Event()
        self._busy = asyncio.Lock()

    def _make_frontend(self) -> Frontend:
        token = read_token()
        if not token:
            return ConsoleFrontend(self.state, self.store, self.out)
        from bot.telegram import TelegramFrontend  # imported only when a token is configured

        return TelegramFrontend(self.state, self.store, token, reload=self.reload)

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
        return []

    async def run_once(self, fetcher: Fetcher) -> PollReport:
        async with self._busy:
            now = datetime.now(UTC)
            report = await poll(
                self.state.config,
                self.state.rules,
                self.store,
                fetcher,
                self.judges,
                now=now,
                on_judged=self._on_judged,
            )
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
            return report

    def _on_judged(self, store: Store, judged_id: int, judged: Judged, now: datetime) -> None:
        hook = getattr(self.frontend, "on_judged", None)
        if hook:
            hook(store, judged_id, judged, now)

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, self.stopping.set)
        loop.add_signal_handler(signal.SIGHUP, self.reload)
        self.frontend = self._make_frontend()
        await self.frontend.start()
        scheduler = AsyncIOScheduler(timezone="UTC")
        async with Fetcher(self.state.config.poll) as fetcher:

            async def tick() -> None:
                try:
                    await self.run_once(fetcher)
                except Exception:
                    log.exception("tick_failed (will retry at the next tick)")

            scheduler.add_job(
                tick, "interval", seconds=self.tick, next_run_time=datetime.now(UTC), max_instances=1, coalesce=True
            )
            scheduler.start()
            try:
                await self.stopping.wait()
            finally:
                scheduler.shutdown(wait=False)
                await self.frontend.stop()
                self.store.close()
        log.info("stopped")
        return 0


def run(config_path: str | Path, *, tick: float = 30.0) -> int:
    try:
        service = Service(config_path, tick=tick)
    except ConfigError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        print(f"storywatch: {len(e.problems)} problem(s); fix them and start again", file=sys.stderr)
        return 2
    return asyncio.run(service.run())

