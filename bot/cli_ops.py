"""`storywatch status`: feeds ok/failing, last poll, pending outbox, last digest per story."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from bot.cli import command
from judge.ledger import COMPILED as LEDGER_COMPILED
from watchers.config import Config, Rule, load_config, load_rules_checked
from watchers.rules import archive_reason
from watchers.store import Store
from watchers.store_pg import redact


@dataclass(frozen=True)
class FeedStatus:
    url: str
    ok: bool
    last_poll: datetime | None
    last_ok: datetime | None
    next_poll: datetime | None
    last_status: int | None
    failing_since: datetime | None
    consecutive_errors: int
    last_error: str | None
    waiting_pages: int = 0  # new items left for later polls by poll.pages_per_feed


@dataclass(frozen=True)
class StoryStatus:
    id: str
    title: str
    judged: int
    subscribers: int
    last_digest: datetime | None
    last_article: datetime | None
    archived: str | None  # why its `archive:` condition ended it, or None while it is watched


@dataclass(frozen=True)
class Status:
    store_path: str
    feeds: tuple[FeedStatus, ...]
    stories: tuple[StoryStatus, ...]
    pending_messages: int
    last_poll: datetime | None
    resent_messages: int = 0  # sent again after an uncertain attempt: may have arrived twice
    ledger_lookup: str = "c"  # "c": judge._lookup built; "python": the slower fallback

    @property
    def failing(self) -> int:
        return sum(1 for f in self.feeds if not f.ok)


def build_status(
    config: Config, rules: list[Rule], store: Store, *, now: datetime | None = None
) -> Status:
    now = now or datetime.now(UTC)
    feeds = tuple(
        FeedStatus(
            url=f.url,
            ok=f.failing_since is None,
            last_poll=f.last_poll_at,
            last_ok=f.last_ok_at,
            next_poll=f.next_poll_at,
            last_status=f.last_status,
            failing_since=f.failing_since,
            consecutive_errors=f.consecutive_errors,
            last_error=f.last_error,
            waiting_pages=f.waiting_pages,
        )
        for f in store.feed_states()
    )
    counts = store.story_counts()
    digests = store.last_sent("digest")
    coverage = store.last_coverage()
    subscribers: dict[str, int] = {}
    chats: dict[int, bool] = {}  # chat id -> a real chat (not the console stand-in)
    for sub in store.subscriptions():
        if sub.chat_id not in chats:
            chat = store.chat(sub.chat_id)
            # Without a Telegram token `run` subscribes a console pseudo-chat to every story to
            # print its digests: no subscriber.
            chats[sub.chat_id] = chat is None or chat.type != "console"
        if chats[sub.chat_id]:
            subscribers[sub.story] = subscribers.get(sub.story, 0) + 1
    stories = tuple(
        StoryStatus(
            id=r.id,
            title=r.title,
            judged=sum(counts.get(r.id, {}).values()),
            subscribers=subscribers.get(r.id, 0),
            last_digest=digests.get(r.id),
            last_article=coverage.get(r.id),
            archived=archive_reason(r, coverage.get(r.id), now),
        )
        for r in rules
    )
    polls = [f.last_poll for f in feeds if f.last_poll]
    return Status(
        store_path=redact(config.store.url) if config.store.url else str(config.store_path),
        feeds=feeds,
        stories=stories,
        pending_messages=store.pending_count(),
        last_poll=max(polls) if polls else None,
        resent_messages=store.resent_count(),
        ledger_lookup="c" if LEDGER_COMPILED else "python",
    )


def _when(dt: datetime | None, now: datetime) -> str:
    if dt is None:
        return "never"
    seconds = int((now - dt).total_seconds())
    if seconds < 0:
        ago = f"in {_span(-seconds)}"
    else:
        ago = f"{_span(seconds)} ago"
    return f"{dt.astimezone(UTC):%Y-%m-%d %H:%M}Z ({ago})"


def _span(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def render_status(status: Status, *, now: datetime) -> str:
    ok = len(status.feeds) - status.failing
    lines = [
        f"state: {status.store_path}",
        f"last poll: {_when(status.last_poll, now)}",
        f"outbox: {status.pending_messages} message(s) pending"
        + (
            f"; {status.resent_messages} resent after an interrupted send (may show twice)"
            if status.resent_messages
            else ""
        ),
        # The same feeds as `storywatch check` counts: config.yaml's, the stories' own, searches.
        f"feeds: {len(status.feeds)} to poll ({ok} ok, {status.failing} failing; listed in "
        "config.yaml and the rules, and news searches)",
    ]
    if status.ledger_lookup != "c":
        lines.insert(
            1,
            "judging: Python ledger lookup (slower; judge._lookup is not built: install gcc "
            "and python3-dev, then reinstall storywatch)",
        )
    for f in sorted(status.feeds, key=lambda f: (f.ok, f.url)):
        if f.ok:
            lines.append(f"  ok       {f.url}  polled {_when(f.last_poll, now)}")
        else:
            lines.append(
                f"  FAILING  {f.url}  since {_when(f.failing_since, now)}, "
                f"{f.consecutive_errors} error(s): {f.last_error or f.last_status}"
            )
    for f in status.feeds:
        if f.waiting_pages:
            lines.append(
                f"  feed {f.url}: {f.waiting_pages:,} items waiting for their pages "
                "(poll.pages_per_feed per poll, oldest first)"
            )
    lines.append(f"stories: {len(status.stories)}")
    for s in status.stories:
        lines.append(
            f"  {s.id}: {s.judged} verdict(s), {s.subscribers} subscriber(s), "
            f"last article {_when(s.last_article, now)}, last digest {_when(s.last_digest, now)}"
            + (f" [{s.archived}]" if s.archived else "")
        )
    return "\n".join(lines)


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    raise TypeError(f"not JSON serialisable: {value!r}")


def _add_status(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the status as one JSON object")


@command(
    "status",
    "show feeds ok/failing, last poll, pending messages, last digest per story",
    _add_status,
)
def cmd_status(args: argparse.Namespace) -> int:
    from watchers.config import ConfigError

    try:
        config = load_config(args.config)
    except ConfigError as e:
        for p in e.problems:
            print(p, file=sys.stderr)
        return 2
    # Broken rule files do not hide the state; `storywatch check` lists their problems.
    rules, problems = load_rules_checked(config.rules_path)
    if problems:
        print(
            f"storywatch: {len(problems)} problem(s) in the rules; see `storywatch check`",
            file=sys.stderr,
        )
    path = config.store_path
    if not config.store.url and not path.exists():
        print(
            f"storywatch: no state at {path}: the service has not run yet "
            "(under systemd, run this with STATE_DIRECTORY=/var/lib/storywatch)",
            file=sys.stderr,
        )
        return 1
    store = Store(config.store_location)
    try:
        status = build_status(config, rules, store)
    finally:
        store.close()
    if args.json:
        data = asdict(status) | {"failing": status.failing}
        print(json.dumps(data, default=_json_default, ensure_ascii=False))
    else:
        print(render_status(status, now=datetime.now(UTC)))
    return 0
