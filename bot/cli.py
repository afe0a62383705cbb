"""The `storywatch` command line: run, check, poll, digest, judge, demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
    feeds = len(config.feeds) + sum(len(r.feeds) for r in rules)
    searches = sum(len(r.searches) for r in rules)
    print(f"ok: {args.config}: {len(rules)} stories, {feeds} feeds, {searches} searches")
    return 0


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
        "--once", action="store_true", help="poll every feed once and exit (the only mode)"
    )
    p.add_argument(
        "--json", action="store_true", help="print one JSON object per newly judged article"
    )


@command("poll", "poll every feed once, judge new articles, store the verdicts", _add_poll)
def cmd_poll(args: argparse.Namespace) -> int:
    from watchers.contract import judged_to_line
    from watchers.fetch import Fetcher
    from watchers.pipeline import Judges, poll
    from watchers.store import Store, StoreError

    try:
        config = load_config(args.config)
        rules = load_rules(config.rules_path)
    except ConfigError as e:
        return _fail_config(e)
    try:
        store = Store(config.store_path)
    except StoreError as e:
        print(f"storywatch: {e}", file=sys.stderr)
        return 1

    async def go():
        async with Fetcher(config.poll) as fetcher:
            return await poll(
                config, rules, store, fetcher, Judges(store, config.matching), due_only=False
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
    store.close()
    return 0


# ---------------------------------------------------------------- digest


def _add_digest(p: argparse.ArgumentParser) -> None:
    p.add_argument("story", help="story id (the id: in its rule file)")
    p.add_argument(
        "--since", type=parse_duration, default=86400.0, help="window, e.g. 24h (default), 7d"
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
    store = Store(config.store_path)
    since = None if args.all else datetime.now(UTC) - timedelta(seconds=args.since)
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
    store = Store(config.store_path)
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


async def _load_article(source: str, config):  # -> Article
    from watchers.fetch import Fetcher
    from watchers.models import Article

    now = datetime.now(UTC)
    if source.startswith(("http://", "https://")):
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


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        default=argparse.SUPPRESS,
        metavar="PATH",
        help="config file (default ./config.yaml); relative paths inside it are relative to it",
    )
    parser = argparse.ArgumentParser(
        prog="storywatch",
        description="Follow developing news stories; say what each article adds.",
        parents=[common],
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, add, _) in COMMANDS.items():
        p = sub.add_parser(name, help=help_, description=help_, parents=[common])
        add(p)
    return parser


def _register_optional() -> None:
    # Commands that live beside their subsystem register themselves with @command when imported
    # (bot/cli_rules.py: test-rule, rematch; bot/cli_feeds.py: feeds; bot/cli_ops.py: status).
    for module in ("bot.cli_rules", "bot.cli_feeds", "bot.cli_ops", "bot.cli_ledger"):
        try:
            __import__(module)
        except ImportError as e:
            if e.name != module:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    _register_optional()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "config", None):
        args.config = "config.yaml"
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    setup_logging("DEBUG" if args.verbose else "INFO")
    return COMMANDS[args.command][2](args)


if __name__ == "__main__":
    sys.exit(main())
