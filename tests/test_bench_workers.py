"""benchmarks/workers.py run tiny (issue 16): real `storywatch run` workers on a throwaway
PostgreSQL, loopback feeds, the fake Bot API; one worker killed mid-poll, and the invariants hold.
Its checker is also shown to catch a lost article, a lost message and an unflagged repeat.

A kill mid-send is left to the full benchmark, and the worker is killed mid-poll at a moment it
holds no outbox rows: the rows a killed worker claimed (and the rows after them in their chats)
wait for the outbox lease, 120 s, which would take this test past two minutes."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import workers as bench  # noqa: E402  (benchmarks/workers.py)


@pytest.mark.slow
def test_two_workers_survive_a_kill_mid_poll(pg_cluster, tmp_path):
    # pg_cluster: skip (or fail under STORYWATCH_REQUIRE_PG=1) as the other PostgreSQL tests do;
    # the benchmark starts its own throwaway cluster.
    cmd = [
        sys.executable,
        str(ROOT / "benchmarks" / "workers.py"),
        "--feeds=60",
        "--workers=2",
        "--warmup=8",
        "--seconds=6",
        "--kills=1",
        "--crash-workers=2",
        "--crash-warmup=6",
        "--max-gap=1",
        "--matching=lexical",
        "--interval=5",
        "--chats=6",
        "--batch=6",
        "--hosts=2",
        "--config-extra=poll.lease=30s",
        "--config-extra=poll.claim_batch=20",
        "--drain-timeout=100",
        "--pure-poll-kills",
        "--json",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=420, cwd=ROOT, check=False)
    assert done.stdout.strip(), done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    crash = result["crash"]
    assert crash["failed"] == [], (crash, done.stderr[-3000:])
    assert done.returncode == 0, done.stderr[-3000:]

    # The work really happened: the throughput run polled and judged; the crash run killed
    # a worker holding feed leases mid-poll and replaced it, and messages went out.
    (run,) = result["throughput"]
    assert run["workers"] == run["alive_at_end"] == 2
    assert run["feeds_polled"] > 0 and run["verdicts"] > 0
    assert crash["kills_mid_poll"] == 1 and crash["kills_mid_send"] == 0
    assert crash["mid_poll_kills_holding_feed_leases"] == 1
    assert crash["worker_processes_started"] == 2 + 1
    assert crash["articles_served"] >= 60 and crash["articles_to_judge"] > 0
    assert crash["verdicts"] == crash["articles_to_judge"]
    assert crash["outbox_rows"] >= 6  # an admin message to each new chat, and digests
    assert crash["sendmessage_calls_accepted"] >= crash["outbox_rows"]
    assert crash["final_exit_codes"] == [0, 0]


@dataclass
class _Sent:
    method: str
    chat_id: int
    text: str


def test_the_checker_catches_loss_and_unflagged_repeats(pg_url):
    from watchers.models import Article, ArticleVerdict, Judged
    from watchers.store import Store

    bases = ["http://127.0.0.1:1"]
    now = datetime.now(UTC)
    store = Store(pg_url)

    def article(n: int, i: int) -> Article:
        return Article(
            identity=f"bench-{n}-{i}",
            url=f"{bases[0]}{bench.page_path(n, i)}",
            title=bench.item_title(n, i),
            text=" ".join(bench.item_paragraphs(n, i)),
            author="Staff",
            published=now,
            source="Wire",
            feed_url=bench.feed_url(bases, n),
        )

    verdict = ArticleVerdict(verdict="new_claims", claims=(), reasons=())
    # Feed 0 (harbour) served items 0 and 1; only item 0 was stored and judged.
    aid = store.save_article(article(0, 0), content_hash="h", now=now)
    store.save_judged(Judged("harbour", article(0, 0), verdict), article_id=aid, now=now)
    store.ensure_chat(7, now=now)
    store.enqueue(7, "never received", kind="admin", now=now, dedupe_key="a")
    store.enqueue(7, "received twice", kind="admin", now=now, dedupe_key="b")
    store.enqueue(7, "received once", kind="admin", now=now, dedupe_key="c")
    # Two digests of one story for one subscriber in one slot (a part each).
    store.enqueue(7, "digest 1", kind="digest", now=now, dedupe_key="digest:7:harbour:1:0")
    store.enqueue(7, "digest 2", kind="digest", now=now, dedupe_key="digest:7:harbour:2:0")
    store.db.execute("UPDATE outbox SET status = 'sent'")
    store.close()
    bot = SimpleNamespace(
        sent=[
            _Sent("sendMessage", 7, "received twice"),
            _Sent("sendMessage", 7, "received twice"),
            _Sent("sendMessage", 7, "received once"),
            _Sent("sendMessage", 7, "digest 1"),
            _Sent("sendMessage", 7, "digest 2"),
        ],
        stats=SimpleNamespace(total_429=0),
    )
    result = bench.check(pg_url, [2], bot, bases)
    result["drained"] = True
    assert result["articles_served"] == 2
    assert result["articles_not_stored"] == 1 and result["articles_not_judged"] == 1
    assert result["messages_never_received"] == 1
    assert result["received_twice_not_flagged"] == 1
    assert result["digests"] == 2 and result["subscriptions_with_two_digests_in_a_slot"] == 1
    assert len(bench.failed_invariants(result)) == 5

    # Flag the repeat, drop the second digest, store + judge the missing article: only the lost
    # message is left.
    store = Store(pg_url)
    store.db.execute("UPDATE outbox SET resent = 1 WHERE text = 'received twice'")
    store.db.execute("DELETE FROM outbox WHERE text = 'digest 2'")
    aid = store.save_article(article(0, 1), content_hash="h1", now=now)
    store.save_judged(Judged("harbour", article(0, 1), verdict), article_id=aid, now=now)
    store.close()
    result = bench.check(pg_url, [2], bot, bases)
    result["drained"] = True
    assert bench.failed_invariants(result) == ["every message received at least once"]
