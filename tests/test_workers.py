"""Several workers on one PostgreSQL database (issue 16): due feeds claimed with a lease, each
story judged by one worker at a time against a ledger that holds every worker's claims.

Two pollers run in two threads, each with its own Store connection, Fetcher and Judges (as two
processes would), against 120 feeds served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import yaml
from httpserver import LoopbackServer

from watchers.config import load_config, load_rules
from watchers.fetch import Fetcher
from watchers.pipeline import Judges, feed_specs, poll
from watchers.store import Store, iso

T0 = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
FEEDS = 120
DAY = timedelta(days=1)
STORY = {"id": "harbour", "title": "Harbour probe", "match": {"any": ["harbour contract"]}}
# One sentence every article of the third round carries: its claim is new once, then a repeat.
SHARED = "The port paid the dredging firm 37 million euros in advance for the harbour contract."


def rss(items: list[tuple[str, str, datetime]]) -> bytes:
    """An RSS 2.0 feed with the full text of each (guid, text, published) item."""
    body = "".join(
        f"<item><title>Harbour contract report {escape(guid)}</title><link>{escape(guid)}</link>"
        f"<guid>{escape(guid)}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<content:encoded>{escape(''.join(f'<p>{p}</p>' for p in text.split(chr(10))))}"
        "</content:encoded></item>"
        for guid, text, when in items
    )
    return (
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>t</title><link>http://x/</link><description>d</description>{body}</channel></rss>"
    ).encode()


def unique_text(i: int, round_: int) -> str:
    return "\n".join(
        [
            f"Inspector {i} of round {round_} said the harbour contract covered {1000 + i} metres "
            f"of quay wall in district {i}.",
            f"Council member {i} told the assembly that {i + round_ * 7} cranes were ordered "
            f"for berth {i}.",
            f"The port office confirmed that section {i} would reopen on {i % 28 + 1} April.",
        ]
    )


def project(tmp_path: Path, server: LoopbackServer, pg_url: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "harbour.yaml").write_text(yaml.safe_dump(STORY), encoding="utf-8")
    config = {
        "rules_dir": "rules",
        "store": {"url": pg_url},
        "poll": {"timeout": 5, "jitter": 0, "fetch_pages": False},
        "feeds": [{"url": server.url(f"/f{i}.xml")} for i in range(FEEDS)],
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def publish(server: LoopbackServer, i: int, items: list[tuple[str, str, datetime]]) -> None:
    server.route(f"/f{i}.xml", body=rss(items), content_type="application/rss+xml")


class Worker:
    """One poller: its own connection, fetcher and in-memory ledgers, like a process."""

    def __init__(self, name: str, config_path: Path) -> None:
        self.name = name
        self.config = load_config(config_path)
        self.rules = load_rules(self.config.rules_path)
        self.store = Store(self.config.store_location)
        self.judges = Judges(self.store)

    def poll(self, now: datetime, **kw):
        async def go():
            async with Fetcher(self.config.poll) as fetcher:
                return await poll(
                    self.config,
                    self.rules,
                    self.store,
                    fetcher,
                    self.judges,
                    now=now,
                    worker_id=self.name,
                    **kw,
                )

        return asyncio.run(go())


def together(workers: list[Worker], now: datetime) -> list:
    """Poll with every worker at once, each in its own thread, each claiming half the feeds."""
    barrier = threading.Barrier(len(workers))
    reports: list = [None] * len(workers)
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            barrier.wait()
            reports[k] = workers[k].poll(now, claim_limit=FEEDS // 2)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors, errors
    return reports


def judged_rows(store: Store) -> list[tuple[int, str]]:
    return [
        (int(r[0]), r[1])
        for r in store.db.execute(
            "SELECT j.article_id, j.verdict FROM judged j WHERE j.story = 'harbour' ORDER BY j.id"
        )
    ]


def test_two_workers_share_the_feeds_and_the_ledger(tmp_path, pg_url):
    with LoopbackServer() as server:
        for i in range(FEEDS):
            publish(server, i, [(f"http://news.test/r1/{i}", unique_text(i, 1), T0)])
        path = project(tmp_path, server, pg_url)
        a, b = Worker("a", path), Worker("b", path)

        # Round 1: both poll at once. Every due feed is polled by exactly one of them.
        ra, rb = together([a, b], T0 + timedelta(minutes=1))
        assert ra.polled + rb.polled == FEEDS
        assert ra.polled and rb.polled, (ra.polled, rb.polled)  # the work was shared
        assert all(server.count(f"/f{i}.xml") == 1 for i in range(FEEDS))
        rows = judged_rows(a.store)
        assert len(rows) == FEEDS == len({article for article, _ in rows})  # each judged once
        leased = a.store.db.execute(
            "SELECT COUNT(*) FROM feeds WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL"
        ).fetchone()[0]
        assert leased == 0  # record_poll ended every lease

        # Round 2, one worker after the other: a reads a claim, then b reads its retelling. b's
        # cached ledger (from round 1) misses a's claim unless it is brought up to date.
        now = T0 + timedelta(hours=1)
        publish(server, 0, [("http://news.test/r2/0", SHARED + "\n" + unique_text(0, 2), now)])
        publish(server, 1, [("http://news.test/r2/1", SHARED + "\n" + unique_text(1, 2), now)])
        for i, worker in ((0, a), (1, b)):
            # only feed i is due
            worker.store.db.execute(
                "UPDATE feeds SET next_poll_at = CASE WHEN url = ? THEN ? ELSE ? END",
                (server.url(f"/f{i}.xml"), iso(now - timedelta(seconds=1)), iso(now + DAY)),
            )
            report = worker.poll(now, claim_limit=1)
            assert report.polled == 1 and len(report.judged) == 1
        shared = a.store.db.execute(
            "SELECT COUNT(*) FROM claims WHERE story = 'harbour' AND text LIKE '%37 million%'"
        ).fetchone()[0]
        assert shared == 1  # b found a's claim: its article repeats it

        # Round 3: both at once again, every article carries one more shared claim. Judged under
        # the story's lock, that claim enters the ledger once, whoever judges first.
        now = T0 + 2 * DAY
        third = "The harbour contract was extended by 19 months without a vote, the auditors found."
        for i in range(FEEDS):
            publish(
                server, i, [(f"http://news.test/r3/{i}", third + "\n" + unique_text(i, 3), now)]
            )
        ra, rb = together([a, b], now)
        assert ra.polled + rb.polled == FEEDS
        assert all(server.count(f"/f{i}.xml") == 2 + (i < 2) for i in range(FEEDS))
        rows = judged_rows(a.store)
        assert len(rows) == 2 * FEEDS + 2 == len({article for article, _ in rows})
        extended = a.store.db.execute(
            "SELECT COUNT(*) FROM claims WHERE story = 'harbour' AND text LIKE '%19 months%'"
        ).fetchone()[0]
        assert extended == 1
        a.store.close()
        b.store.close()


def test_a_dead_workers_lease_is_taken_over_when_it_expires(tmp_path, pg_url):
    with LoopbackServer() as server:
        for i in range(FEEDS):
            publish(server, i, [(f"http://news.test/d/{i}", unique_text(i, 1), T0)])
        path = project(tmp_path, server, pg_url)
        dead, live = Worker("dead", path), Worker("live", path)
        now = T0 + timedelta(minutes=1)
        # The dead worker claims the feeds and dies before polling them (no record_poll).
        dead.store.sync_feeds((f.url, None, None) for f in dead.config.feeds)
        claimed = dead.store.claim_due_feeds(now, "dead", 120, limit=None)
        assert len(claimed) == FEEDS
        dead.store.close()

        before = live.poll(now + timedelta(seconds=119))
        assert before.polled == 0 and sum(server.hits.values()) == 0  # still leased
        after = live.poll(now + timedelta(seconds=121))
        assert after.polled == FEEDS
        assert all(server.count(f"/f{i}.xml") == 1 for i in range(FEEDS))
        assert len(judged_rows(live.store)) == FEEDS
        owners = live.store.db.execute("SELECT COUNT(*) FROM feeds WHERE lease_owner IS NOT NULL")
        assert owners.fetchone()[0] == 0
        live.store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_claims_are_exclusive_and_limited(tmp_path, backend, request):
    location = (
        str(tmp_path / "s.sqlite3") if backend == "sqlite" else request.getfixturevalue("pg_url")
    )
    one, two = Store(location), Store(location)
    one.sync_feeds((f"http://feeds.test/{i}", None, None) for i in range(10))
    first = one.claim_due_feeds(T0, "one", 60, limit=4)
    second = two.claim_due_feeds(T0, "two", 60, limit=None)
    assert len(first) == 4 and len(second) == 6 and not set(first) & set(second)
    assert two.claim_due_feeds(T0 + timedelta(seconds=30), "two", 60) == []
    two.record_poll(first[0], now=T0, status=200, error=None, next_poll_at=T0)
    assert two.claim_due_feeds(T0 + timedelta(seconds=30), "two", 60) == [first[0]]
    with pytest.raises(ValueError, match="worker id"):
        one.claim_due_feeds(T0, "", 60)
    one.close()
    two.close()


def test_the_poll_command_beside_workers_leaves_their_leased_feeds_alone(tmp_path, pg_url) -> None:
    # `storywatch poll` on PostgreSQL is a worker too: a feed another worker holds is not polled.
    with LoopbackServer() as server:
        for i in range(FEEDS):
            publish(server, i, [(f"g{i}-1", unique_text(i, 1), T0)])
        config_path = project(tmp_path, server, pg_url)
        other = Worker("other-worker", config_path)
        specs = feed_specs(other.config, other.rules)
        other.store.sync_feeds((s.url, s.name, s.story) for s in specs)
        held = other.store.claim_due_feeds(datetime.now(UTC), "other-worker", 600, FEEDS - 5)
        assert len(held) == FEEDS - 5
        cli = Path(sys.executable).parent / "storywatch"
        out = subprocess.run(
            [str(cli), "poll", "--config", str(config_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert "polled 5 feeds" in out.stderr, out.stderr
        other.store.close()
