"""The `storywatch` command line: run, check, poll, digest, judge, demo."""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from watchers.config import (
    Config,
    ConfigError,
    Rule,
    check,
    load_config,
    load_rules,
    parse_duration,
)

log = logging.getLogger("storywatch")

# Subcommands: name -> (help, add_arguments, handler). Other modules may register more.
Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Handler]] = {}


def command(name: str, help: str, add: Callable[[argparse.ArgumentParser], None] | None = None):  # noqa: A002
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = (help, add or (lambda p: None), fn)
        return fn

    return register


def setup_logging(level: str = "INFO") -> None:
    try:
        from bot.logs import setup  # journald-friendly, token-redacting (bot/logs.py)

        setup(level)
    except ImportError:
        logging.basicConfig(
            level=level, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s"
        )
        logging.getLogger("httpx").setLevel(
            logging.WARNING
        )  # it logs request URLs, which hold the token


def _fail_config(e: ConfigError) -> int:
    for p in e.problems:
        print(p, file=sys.stderr)
    print(f"storywatch: {len(e.problems)} problem(s) in the configuration", file=sys.stderr)
    return 2


def load_story(config_path: str, story: str) -> tuple[Config, Rule] | int:
    """The config and one story's rule, or an exit status once the problem was printed."""
    try:
        config = load_config(config_path)
        rules = {r.id: r for r in load_rules(config.rules_path)}
    except ConfigError as e:
        return _fail_config(e)
    rule = rules.get(story)
    if rule is None:
        known = ", ".join(sorted(rules)) or "none"
        print(f"storywatch: unknown story {story!r}; known: {known}", file=sys.stderr)
        return 2
    return config, rule


# ---------------------------------------------------------------- check


@command("check", "validate config.yaml and every rule file; exit 2 listing each problem")
def cmd_check(args: argparse.Namespace) -> int:
    config, rules, problems = check(args.config)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 2
    assert config is not None
    listed, searched, archived = feed_counts(config, rules, now=datetime.now(UTC))
    searches = sum(len(r.searches) for r in rules)
    print(
        f"ok: {args.config}: {len(rules)} stories"
        + (f" ({archived} archived: not polled)" if archived else "")
        + f", {listed + searched} feeds to poll"
        + (
            f" ({listed} listed in config.yaml and the rules, {searched} for {searches} news "
            "searches)"
            if searches
            else ""
        )
    )
    return 0


def feed_counts(config: Config, rules: Sequence[Rule], *, now: datetime) -> tuple[int, int, int]:
    """(feeds listed in config.yaml and the rules, news-search feeds, archived stories): the feeds
    a poll syncs into the store (watchers.pipeline.feed_specs), so `status` counts the same."""
    from watchers.rules import archive_reason
    from watchers.searches import search_feed_urls

    # Only date-archived stories can be told here; idle_days needs the store's coverage.
    live = [r for r in rules if archive_reason(r, None, now) is None]
    listed = {f.url for f in config.feeds} | {f.url for r in live for f in r.feeds}
    searched = {u for r in live for q in r.searches for u in search_feed_urls(q)} - listed
    return len(listed), len(searched), len(rules) - len(live)


# ---------------------------------------------------------------- run


def _add_run(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--tick",
        type=parse_duration,
        default=30.0,
        help="how often to look for due feeds (default 30s)",
    )


@command("run", "run the service: poll feeds on schedule and deliver digests", _add_run)
def cmd_run(args: argparse.Namespace) -> int:
    from bot.service import run

    return run(args.config, tick=args.tick)


# ---------------------------------------------------------------- poll


def _add_poll(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--once",
        action="store_true",
        help="poll every feed now, whatever its schedule (without it: only the feeds that are "
        "due, as the service would; for cron)",
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON object per newly judged article"
    )


@command(
    "poll",
    "poll the feeds that are due (--once: every feed), judge new articles, store the verdicts",
    _add_poll,
)
def cmd_poll(args: argparse.Namespace) -> int:
    from watchers.contract import judged_to_line
    from watchers.fetch import Fetcher
    from watchers.parse import ParsePool
    from watchers.pipeline import Judges, poll
    from watchers.store import Store, StoreError

    try:
        config = load_config(args.config)
        rules = load_rules(config.rules_path)
    except ConfigError as e:
        return _fail_config(e)
    try:
        store = Store(config.store_location)
    except StoreError as e:
        print(f"storywatch: {e}", file=sys.stderr)
        return 1

    from bot.service import make_worker_id

    worker_id = make_worker_id() if store.is_postgresql else None

    async def go():
        # Parsed in worker processes under poll.parse_memory_mb / parse_seconds, as in `run`.
        with ParsePool.from_config(config.poll) as parser:
            async with Fetcher(config.poll) as fetcher:
                return await poll(
                    config,
                    rules,
                    store,
                    fetcher,
                    Judges(store, config.matching),
                    # Without --once each feed's interval, backoff and Retry-After hold, so a
                    # cron job can run `storywatch poll` often and stay polite to the servers.
                    due_only=not args.once,
                    parser=parser,
                    # Beside `storywatch run` workers on PostgreSQL: due feeds claimed with a
                    # lease and each story judged under its lock, as a worker does.
                    worker_id=worker_id,
                    lease_seconds=config.poll.lease,
                    claim_limit=config.poll.claim_batch if worker_id else None,
                )

    report = asyncio.run(go())
    for _, j in report.judged:
        if args.json:
            print(judged_to_line(j), flush=True)
        else:
            print(f"{j.verdict.verdict:13} {j.story:20} {j.article.source}: {j.article.title}")
    for url, err in report.errors.items():
        print(f"feed failed: {url}: {err}", file=sys.stderr)
    print(
        f"polled {report.polled} feeds: {report.not_modified} unchanged, {len(report.errors)} failed, "
        f"{report.new_articles} new articles, {len(report.judged)} verdicts",
        file=sys.stderr,
    )
    if not report.polled and not args.once:
        nxt = store.next_due()
        when = f"; the next feed is due {nxt.astimezone(UTC):%Y-%m-%d %H:%M}Z" if nxt else ""
        print(
            f"nothing was due{when}: `storywatch poll --once` polls every feed now",
            file=sys.stderr,
        )
    store.close()
    return 0


# ---------------------------------------------------------------- digest


SINCE_FORMS = (
    "a duration back from now (90m, 24h, 3d, 1w), today, yesterday, a date (2026-03-01) or a "
    "time (2026-03-01T09:00, 2026-03-01T09:00+02:00)"
)


@dataclass(frozen=True)
class Since:
    """A --since value: a duration back from now, or a moment (dates and words are midnights in
    the digest's timezone, digest.timezone in config.yaml; times without an offset too)."""

    text: str
    seconds: float | None = None
    days_back: int | None = None  # today: 0, yesterday: 1
    moment: datetime | None = None  # naive: in the digest's timezone

    def start(self, now: datetime, tz: str) -> datetime:
        zone = ZoneInfo(tz)
        if self.seconds is not None:
            return now - timedelta(seconds=self.seconds)
        if self.days_back is not None:
            day = now.astimezone(zone).date() - timedelta(days=self.days_back)
            return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
        assert self.moment is not None
        moment = self.moment if self.moment.tzinfo else self.moment.replace(tzinfo=zone)
        return moment.astimezone(UTC)


def parse_since(value: str) -> Since:
    """--since's argparse type: every form in SINCE_FORMS, or a message that lists them."""
    text = value.strip().lower()
    if text in ("today", "yesterday"):
        return Since(value, days_back=0 if text == "today" else 1)
    try:
        return Since(value, seconds=parse_duration(text))
    except ValueError:
        pass
    try:
        # fromisoformat reads dates, times with a space or a T, and Z or +02:00 offsets.
        return Since(value, moment=datetime.fromisoformat(value.strip()))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not understood: use {SINCE_FORMS}"
        ) from None


def _add_digest(p: argparse.ArgumentParser) -> None:
    p.add_argument("story", help="story id (the id: in its rule file)")
    p.add_argument(
        "--since",
        type=parse_since,
        default=Since("24h", seconds=86400.0),
        metavar="WHEN",
        help=f"the window's start (default 24h): {SINCE_FORMS}",
    )
    p.add_argument("--all", action="store_true", help="the story's whole life")


@command("digest", "print a story's digest as it would be sent", _add_digest)
def cmd_digest(args: argparse.Namespace) -> int:
    from bot.digest import build_digest, render_text
    from watchers.store import Store

    loaded = load_story(args.config, args.story)
    if isinstance(loaded, int):
        return loaded
    config, rule = loaded
    store = Store(config.store_location)
    since = None if args.all else args.since.start(datetime.now(UTC), config.digest.timezone)
    items = [j for _, j in store.judged(rule.id, since=since)]
    store.close()
    if not items:
        print(f"{rule.title}: nothing new" + ("" if args.all else " in this window (try --all)"))
        return 0
    print(render_text(build_digest(rule.id, rule.title, items)))
    return 0


# ---------------------------------------------------------------- judge


def _add_judge(p: argparse.ArgumentParser) -> None:
    p.add_argument("--story", required=True, help="story id whose ledger to judge against")
    p.add_argument("source", help="a text/HTML file or an http(s) URL of the article")
    p.add_argument(
        "--json", action="store_true", help="print the verdict as JSON (same fields as poll --json)"
    )


@command("judge", "judge one article against a story's ledger without recording it", _add_judge)
def cmd_judge(args: argparse.Namespace) -> int:
    from bot.digest import build_digest, render_text
    from judge.verdict import judge
    from watchers.contract import judged_to_line
    from watchers.models import Judged
    from watchers.pipeline import Judges
    from watchers.store import Store

    loaded = load_story(args.config, args.story)
    if isinstance(loaded, int):
        return loaded
    config, rule = loaded
    try:
        article = asyncio.run(_load_article(args.source, config))
    except (OSError, ValueError) as e:
        print(f"storywatch: cannot read {args.source}: {e}", file=sys.stderr)
        return 1
    store = Store(config.store_location)
    judges = Judges(store, config.matching)
    ledger, dups = judges.get(rule, now=datetime.now(UTC))
    verdict = judge(article, ledger, dups, semantic=judges.semantic(rule.id))
    j = Judged(story=rule.id, article=article, verdict=verdict)
    store.close()
    if args.json:
        print(judged_to_line(j))
    else:
        print(render_text(build_digest(rule.id, rule.title, [j])))
        for r in j.verdict.reasons:
            print(f"  why: {r}")
    return 0


_URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


async def _load_article(source: str, config):  # -> Article
    from watchers.fetch import Fetcher
    from watchers.models import Article

    now = datetime.now(UTC)
    scheme = _URL_SCHEME.match(source)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        # Read as a path, ftp://host/x gave "No such file or directory": say what is wrong.
        raise ValueError(
            f"{scheme.group(1)}:// is not supported: give an http:// or https:// URL, "
            "or the path of a saved text or HTML file"
        )
    if source.lower().startswith(("http://", "https://")):
        async with Fetcher(config.poll) as fetcher:
            res = await fetcher.fetch(source)
        if res.error:
            raise ValueError(res.error)
        raw, url = res.body.decode("utf-8", "replace"), res.final_url or source
    else:
        raw, url = Path(source).read_text(encoding="utf-8"), Path(source).resolve().as_uri()
    text, title = raw, Path(url).stem
    if "<html" in raw[:2000].lower() or "<p" in raw[:5000].lower():
        import trafilatura

        text = trafilatura.extract(raw, include_comments=False) or ""
        meta = trafilatura.extract_metadata(raw)
        title = (meta.title if meta and meta.title else None) or title
    else:
        first = raw.strip().splitlines()[0] if raw.strip() else ""
        title = first[:200] or title
    return Article(
        identity=url,
        url=url,
        title=title,
        text=text,
        author="",
        published=now,
        source="",
        feed_url="",
    )


# ---------------------------------------------------------------- demo


def _add_demo(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pause", type=float, default=0.0, help="seconds to wait between articles")
    p.add_argument("--keep", metavar="DIR", help="keep the demo's state (SQLite file) in DIR")
    serve = p.add_mutually_exclusive_group()
    serve.add_argument(
        "--no-serve",
        dest="serve",
        action="store_false",
        default=None,
        help="end after the digest instead of serving the story page until Ctrl-C",
    )
    serve.add_argument(
        "--serve",
        dest="serve",
        action="store_true",
        help="serve the story page even when the output is not a terminal",
    )


@command(
    "demo",
    "replay the bundled sample story offline and print each verdict and the digest",
    _add_demo,
)
def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    # In a terminal the demo ends by serving its story page until Ctrl-C; a script or a pipe gets
    # the old behaviour (it ends after the digest) unless it asks with --serve.
    serve = args.serve if args.serve is not None else sys.stdout.isatty()
    return run_demo(pause=args.pause, keep=args.keep, serve=serve)


# ---------------------------------------------------------------- main


def version() -> str:
    """The installed distribution's version (pyproject.toml), or "unknown" when run from a bare
    source tree."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("storywatch")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    # Options every command takes, before or after the command name (`storywatch -v status` and
    # `storywatch status -v` alike). SUPPRESS: a default here would overwrite a value given before
    # the command when the subparser fills its namespace.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="config file (default ./config.yaml); relative paths inside it are relative to it",
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="debug logging (overrides log_level in config.yaml)",
    )
    parser = argparse.ArgumentParser(
        prog="storywatch",
        description="Follow developing news stories; say what each article adds.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"storywatch {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, add, _) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        add(p)
    return parser


def _register_optional() -> None:
    # Commands that live beside their subsystem register themselves with @command when imported
    # (bot/cli_rules.py: test-rule, rematch; bot/cli_feeds.py: feeds; bot/cli_ops.py: status).
    for module in (
        "bot.cli_rules",
        "bot.cli_feeds",
        "bot.cli_ops",
        "bot.cli_ledger",
        "bot.cli_store",
    ):
        try:
            __import__(module)
        except ImportError as e:
            if e.name != module:
                raise


def _log_level(args: argparse.Namespace) -> str:
    """-v, else config.yaml's log_level, else INFO (a broken config is the command's to report)."""
    if getattr(args, "verbose", False):
        return "DEBUG"
    try:
        return load_config(args.config).log_level
    except ConfigError:
        return "INFO"


def _store_hint(args: argparse.Namespace) -> str:
    """Where the store is, for an error message (best effort: the config loaded before)."""
    try:
        config = load_config(args.config)
    except ConfigError:
        return ""
    location = getattr(config, "store_location", None) or config.store_path
    return f" (store: {location})" if isinstance(location, Path) else ""


def _failure(args: argparse.Namespace, e: BaseException) -> str:
    """One line for a command that failed: what happened, where, and what to do."""
    import sqlite3

    from watchers.store import StoreError

    what = f"storywatch {args.command}"
    text = str(e) or type(e).__name__
    if isinstance(e, sqlite3.Error):
        hint = "run it again"
        if "full" in text:
            hint = "free some disk space where the store lives (df -h), then run it again"
        elif "locked" in text or "busy" in text:
            hint = "another storywatch is writing; run it again in a moment"
        elif "readonly" in text or "read-only" in text:
            hint = "make the store and its folder writable by this user"
        elif "malformed" in text or "not a database" in text:
            hint = "the store file is damaged: restore it from a backup, or move it away to start afresh"
        return f"{what}: the store failed: {text}{_store_hint(args)}: {hint}"
    if isinstance(e, StoreError):
        return f"{what}: {text}"
    if isinstance(e, OSError):
        where = f": {e.filename}" if e.filename else ""
        if e.errno == errno.ENOSPC:
            return f"{what}: the disk is full{where}: free some disk space, then run it again"
        return f"{what}: {e.strerror or text}{where}"
    return (
        f"{what} failed: {type(e).__name__}: {text} "
        "(run it again with -v for the details; please report it)"
    )


def _quiet_broken_pipe() -> None:
    # The reader went away (`storywatch status | head -1`): what is left unwritten has nowhere to
    # go. Point stdout at /dev/null so the interpreter's final flush cannot fail again
    # (the recipe in Python's signal module documentation).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    _register_optional()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "config", None):
        args.config = "config.yaml"
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    setup_logging(_log_level(args))
    # Every failure is one line on stderr and a non-zero exit; -v adds the traceback.
    try:
        code = COMMANDS[args.command][2](args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 128 + signal.SIGPIPE  # what a shell reports for a command ended by SIGPIPE
    except KeyboardInterrupt:
        print(f"storywatch {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if getattr(args, "verbose", False):
            log.exception("command_failed command=%s", args.command)
        print(_failure(args, e), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
