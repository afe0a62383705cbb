"""Hostile feeds (issue 14): every parse within a memory and time budget, in `run` and in
`poll --once`; page fetches capped per feed per poll. Feeds served from 127.0.0.1, real SQLite."""

from __future__ import annotations

import asyncio
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import yaml
from httpserver import LoopbackServer

from watchers.config import load_config, load_rules
from watchers.fetch import Fetcher
from watchers.parse import ParseBudget, ParsePool, parse_feed
from watchers.pipeline import Judges, poll
from watchers.store import Store

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
STORYWATCH = Path(sys.executable).parent / "storywatch"

STORY = {"id": "harbour", "title": "Harbour contract probe", "match": {"any": ["harbour"]}}

BODY = (
    "The harbour contract of the Port of Veldmark was signed on {day} June, the port said. "
    "Its spokesperson added that the tender file would be published by the audit office. "
)


def good_feed(n: int = 3) -> bytes:
    items = "".join(
        f"<item><title>Harbour update {i}</title><link>https://news.example/harbour/{i}</link>"
        f"<guid>harbour-{i}</guid><pubDate>{format_datetime(NOW - timedelta(hours=n - i))}"
        f"</pubDate><description>{BODY.format(day=i + 1)}</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Good News</title>'
        f"<link>https://news.example/</link>{items}</channel></rss>"
    ).encode()


def entity_bomb(entity_bytes: int = 100_000, references: int = 10_000) -> bytes:
    """The issue's feed: ~150 KB declaring a 100 KB entity referenced 10,000 times (1 GB of text
    once expanded). The declaration stands on its own line, as feedparser's lenient parser wants."""
    per_item = 20
    items = "".join(
        f"<item><guid>b{i}</guid><description>{'&e;' * per_item}</description></item>"
        for i in range(references // per_item)
    )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY e "'
        + "A" * entity_bytes
        + '">\n]>\n<rss version="2.0"><channel><title>Bomb</title>'
        + items
        + "</channel></rss>"
    ).encode()


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(decls)
        + '\n]>\n<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title>'
        "<guid>l</guid></item></channel></rss>"
    ).encode()


# ---------------------------------------------------------------- the entity scan (fast path)


def test_the_issues_entity_bomb_is_refused_before_any_parser_sees_it():
    body = entity_bomb()
    assert 140_000 < len(body) < 160_000
    started = time.process_time()
    parsed = parse_feed(body, url="http://127.0.0.1/bomb", now=NOW)
    assert time.process_time() - started < 1.0
    assert parsed.entries == ()
    assert parsed.error.startswith("feed too expensive to parse: ")
    assert "&e;" in parsed.error and "10,000 times" in parsed.error
    assert parsed.error.endswith("the feed may be hostile")


def test_billion_laughs_is_refused():
    parsed = parse_feed(billion_laughs(), url="http://127.0.0.1/lol", now=NOW)
    assert parsed.entries == ()
    assert "feed too expensive to parse" in parsed.error
    assert "&lol9;" in parsed.error and "nesting others" in parsed.error


def test_a_few_small_entities_still_parse():
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY nbsp "&#160;">\n'
        '<!ENTITY outlet "Good News">\n]>\n<rss version="2.0"><channel><title>&outlet;</title>'
        + "".join(f"<item><title>Item&nbsp;{i}</title><guid>g{i}</guid></item>" for i in range(500))
        + "</channel></rss>"
    ).encode()
    parsed = parse_feed(body, url="http://127.0.0.1/ok", now=NOW)
    assert parsed.error is None
    assert len(parsed.entries) == 500
    assert parsed.title == "Good News"


def test_a_result_far_larger_than_its_document_is_refused():
    # 2,000 references to a 10 KB entity: 20 MB of text; past the scan (entity_check=False),
    # the output check still refuses to hand it over.
    body = entity_bomb(entity_bytes=10_000, references=2_000)
    parsed = parse_feed(body, url="http://127.0.0.1/big", now=NOW, entity_check=False)
    assert parsed.entries == ()
    assert "feed too expensive to parse: its text would be over" in parsed.error


# ---------------------------------------------------------------- the budget itself


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_the_budget_holds_without_the_entity_scan_and_other_feeds_are_parsed():
    """The bomb reaches feedparser's lenient parser (entity_check=False): the worker runs out of
    its memory budget or time, the good feed parsed alongside it is unaffected, and this process
    does not grow."""
    rss_before = _maxrss_mb()

    async def go():
        with ParsePool(2, budget=ParseBudget(memory_mb=128, seconds=4)) as pool:
            started = time.monotonic()
            bomb, good = await asyncio.gather(
                pool.parse(entity_bomb(), url="http://127.0.0.1/bomb", now=NOW, entity_check=False),
                pool.parse(good_feed(), url="http://127.0.0.1/good", now=NOW),
            )
            elapsed = time.monotonic() - started
            # The pool still works after the over-budget parse.
            again = await pool.parse(good_feed(5), url="http://127.0.0.1/good", now=NOW)
            return bomb, good, again, elapsed

    bomb, good, again, elapsed = asyncio.run(go())
    assert bomb.entries == ()
    # Out of memory or of CPU seconds, the feed is told which budget it broke.
    assert bomb.error == "feed too expensive to parse: over 128 MB / 4 s; the feed may be hostile"
    assert len(good.entries) == 3 and good.error is None
    assert len(again.entries) == 5
    assert elapsed < 4 + 10  # the budget, plus a worker's replacement on a busy machine
    assert _maxrss_mb() - rss_before < 100


def test_a_parse_over_its_seconds_is_stopped():
    """Within the memory budget but slow: 1,000 references to a 100 KB entity take feedparser's
    lenient parser ~10 s of CPU; a budget of 1 s stops it."""
    body = entity_bomb(entity_bytes=100_000, references=1_000)

    async def go():
        with ParsePool(1, budget=ParseBudget(memory_mb=2048, seconds=1)) as pool:
            started = time.monotonic()
            parsed = await pool.parse(
                body, url="http://127.0.0.1/slow", now=NOW, entity_check=False
            )
            return parsed, time.monotonic() - started

    parsed, elapsed = asyncio.run(go())
    assert parsed.error == (
        "feed too expensive to parse: over 2048 MB / 1 s; the feed may be hostile"
    )
    assert elapsed < 1 + 6


# ---------------------------------------------------------------- through a poll


def project(tmp_path: Path, feeds: list[str], **poll_keys) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "harbour.yaml").write_text(yaml.safe_dump(STORY), encoding="utf-8")
    config = {
        "rules_dir": "rules",
        "store": {"path": "state/sw.sqlite3"},
        "poll": {"timeout": 10, "jitter": 0, "parse_workers": 1, **poll_keys},
        "feeds": [{"url": u} for u in feeds],
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def test_a_hostile_feed_in_the_same_poll_as_a_good_one(tmp_path):
    """`run`'s path (pipeline.poll with a ParsePool from the config): the bomb bypasses nothing
    here, so the scan refuses it; the good feed's articles are stored."""
    with LoopbackServer() as server:
        server.route("/good.xml", body=good_feed(), content_type="application/rss+xml")
        server.route("/bomb.xml", body=entity_bomb(), content_type="application/rss+xml")
        cfg = project(
            tmp_path,
            [server.url("/bomb.xml"), server.url("/good.xml")],
            fetch_pages=False,
            parse_memory_mb=128,
            parse_seconds=3,
        )
        config = load_config(cfg)
        store = Store(config.store_path)

        async def go():
            with ParsePool.from_config(config.poll) as parser:
                assert parser.budget == ParseBudget(128, 3.0)
                async with Fetcher(config.poll) as fetcher:
                    return await poll(
                        config,
                        load_rules(config.rules_path),
                        store,
                        fetcher,
                        Judges(store),
                        due_only=False,
                        parser=parser,
                    )

        started = time.monotonic()
        report = asyncio.run(go())
        elapsed = time.monotonic() - started
    bomb = server.url("/bomb.xml")
    assert set(report.errors) == {bomb}
    assert report.errors[bomb].startswith("feed too expensive to parse: ")
    assert store.feed_state(bomb).last_error == report.errors[bomb]
    assert len(report.judged) == 3
    assert {a.url for a in store.articles()} == {
        f"https://news.example/harbour/{i}" for i in range(3)
    }
    assert elapsed < 30
    store.close()


def _limit_child_memory() -> None:
    # Without the fix the bomb needs ~3 GB; capped at 2 GB the old code fails instead of
    # taking the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def test_poll_once_through_the_real_cli_keeps_the_budget(tmp_path):
    with LoopbackServer() as server:
        server.route("/good.xml", body=good_feed(), content_type="application/rss+xml")
        server.route("/bomb.xml", body=entity_bomb(), content_type="application/rss+xml")
        cfg = project(
            tmp_path,
            [server.url("/bomb.xml"), server.url("/good.xml")],
            fetch_pages=False,
        )
        out, err = tmp_path / "out", tmp_path / "err"
        started = time.monotonic()
        with out.open("w") as stdout, err.open("w") as stderr:
            proc = subprocess.Popen(
                [str(STORYWATCH), "poll", "--once", "--json", "--config", str(cfg)],
                stdout=stdout,
                stderr=stderr,
                preexec_fn=_limit_child_memory,
                env={**os.environ, "TELEGRAM_BOT_TOKEN": ""},
            )
            # wait4: this child's own usage with the parse workers it reaped (RUSAGE_CHILDREN
            # would mix in every earlier test's children).
            while not (waited := os.wait4(proc.pid, os.WNOHANG))[0]:
                if time.monotonic() - started > 120:
                    proc.kill()
                time.sleep(0.05)
        elapsed = time.monotonic() - started
        _, status, usage = waited
        proc.returncode = os.waitstatus_to_exitcode(status)
    stdout, stderr = out.read_text(), err.read_text()
    assert proc.returncode == 0, stderr
    bomb = server.url("/bomb.xml")
    assert f"feed failed: {bomb}: feed too expensive to parse: " in stderr
    assert stdout.count('"story": "harbour"') == 3, stdout
    assert elapsed < 60
    assert usage.ru_utime + usage.ru_stime < 30
    # The CLI and its parse workers stayed far below the bomb's 3 GB.
    assert usage.ru_maxrss / 1024 < 700


# ---------------------------------------------------------------- page fetches per feed per poll


def summary_feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>Harbour item {i}</title><link>{{base}}/a/{i}</link><guid>s{i}</guid>"
        f"<pubDate>{format_datetime(NOW - timedelta(minutes=n - i))}</pubDate>"
        f"<description>Harbour item {i}: a short summary.</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title>{items}'
        "</channel></rss>"
    ).encode()


def page(i: int) -> bytes:
    text = " ".join(
        f"Harbour item {i} reports that berth {i} of the Port of Veldmark handled {i * 7 + k} "
        f"containers on day {k}, according to the port's logbook."
        for k in range(3)
    )
    return (
        f"<html><head><title>Harbour item {i}</title></head><body><article>"
        f"<h1>Harbour item {i}</h1><p>{text}</p></article></body></html>"
    ).encode()


def test_page_fetches_are_capped_per_feed_and_the_rest_come_in_later_polls(tmp_path, capsys):
    from bot.cli import main

    n, cap = 200, 30
    with LoopbackServer() as server:
        base = server.url("")
        server.route(
            "/feed.xml",
            body=summary_feed(n).replace(b"{base}", base.encode()),
            content_type="application/rss+xml",
            etag='"v1"',
        )
        for i in range(n):
            server.route(f"/a/{i}", body=page(i), content_type="text/html; charset=utf-8")
        cfg = project(tmp_path, [server.url("/feed.xml")], pages_per_feed=cap)
        config = load_config(cfg)
        rules = load_rules(config.rules_path)
        store = Store(config.store_path)
        judges = Judges(store)

        async def one_poll(now):
            async with Fetcher(config.poll) as fetcher:
                return await poll(config, rules, store, fetcher, judges, now=now)

        def pages_fetched() -> int:
            return sum(server.count(f"/a/{i}") for i in range(n))

        feed = server.url("/feed.xml")
        now = NOW
        report = asyncio.run(one_poll(now))
        assert pages_fetched() == cap
        assert len(report.judged) == cap
        assert report.waiting_pages == {feed: n - cap}
        assert store.feed_state(feed).waiting_pages == n - cap
        # The feed is due again soon (poll.min_interval), not after poll.interval.
        assert store.feed_state(feed).next_poll_at <= now + timedelta(seconds=60)

        assert main(["status", "--config", str(cfg)]) == 0
        assert f"feed {feed}: {n - cap} items waiting for their pages" in capsys.readouterr().out

        judged = [j for _, j in report.judged]
        polls = 1
        while store.feed_state(feed).waiting_pages:
            now += timedelta(seconds=61)
            before = pages_fetched()
            report = asyncio.run(one_poll(now))
            polls += 1
            assert pages_fetched() - before <= cap
            assert report.polled == 1, "a feed with a backlog is due after min_interval"
            judged += [j for _, j in report.judged]
            assert polls < 20
        # Every item once, no page twice, oldest first from poll to poll (publication order).
        assert polls == 7  # 30 * 6 + 20
        assert len(judged) == n
        assert len({j.article.url for j in judged}) == n
        assert [j.article.published for j in judged] == sorted(j.article.published for j in judged)
        assert all(server.count(f"/a/{i}") == 1 for i in range(n))
        assert {j.article.text_origin for j in judged} == {"page"}
        # While items waited the feed was read in full (no conditional GET, so no 304 hid them).
        assert server.not_modified["/feed.xml"] == 0
        # Once none wait, the ETag is used again.
        now += timedelta(days=1)
        report = asyncio.run(one_poll(now))
        assert report.not_modified == 1 and report.judged == []
        assert server.not_modified["/feed.xml"] == 1
        store.close()


def test_an_error_about_the_response_never_quotes_it():
    """The start of a non-feed answer used to be quoted in the error (status, the admins' chat)."""
    secret = b"db_password=hunter2 internal admin page"
    # binary that cannot start like XML or JSON ("<", "{"), as random bytes would once in ~128 runs
    binary = b"\x89PNG\r\n\x1a\n" + os.urandom(1992) + b"\0"
    for body, what in ((secret, "text"), (binary, "binary data")):
        parsed = parse_feed(body, url="http://127.0.0.1/x", content_type="text/plain", now=NOW)
        assert parsed.error == (
            f"not a feed: the response (text/plain) is neither XML nor JSON ({len(body):,} bytes "
            f"of {what}); check that the URL is the feed's"
        )
        assert "hunter2" not in parsed.error
