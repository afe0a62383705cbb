"""The store's hot paths on SQLite and on PostgreSQL, through the Store API (psycopg 3 under it on
PostgreSQL), and the same statements through SQLAlchemy Core when it is importable (--sqlalchemy),
to weigh the two ways of speaking to both databases (docs/scaling.md).

Hot paths, each timed per call (median and 95th percentile):
- select_1: the floor under every statement (a library call, or a round trip to the server);
- ledger_records: a story's whole claim ledger, read when a story's judge is (re)built;
- ledger_vectors: its stored sentence vectors, read beside it;
- duplicate_candidates: the LSH band lookup run for every new article (the duplicate index);
- known_articles: which of a feed's 50 item ids are stored already (every feed, every poll);
- record: one judged article written (article + verdict + 5 claims + fingerprint) in one transaction;
- outbox cycle: pending(limit=50), then mark_sending + mark_sent per message (per message).

Local servers only: without --pg-url a throwaway PostgreSQL cluster with its default (durable)
settings is started on 127.0.0.1 (Debian's server binaries; tests/pgcluster.py) and removed after.

    .venv/bin/python benchmarks/store.py --claims 5000 --fingerprints 20000 --repeat 300
    PYTHONPATH=/path/to/sqlalchemy .venv/bin/python benchmarks/store.py --sqlalchemy
    .venv/bin/python benchmarks/store.py --copy --claims 2000 --fingerprints 10000 --articles 1000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from judge.ledger import band_keys  # noqa: E402
from watchers.models import (  # noqa: E402
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Judged,
    LedgerRecord,
)
from watchers.store import Store, _signed64  # noqa: E402

NOW = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
STORY = "story0"


def _fp(rnd: random.Random) -> str:
    return "".join(f"{rnd.getrandbits(16):04x}" for _ in range(64))


def _near(fp: str, rnd: random.Random, changed: int = 12) -> str:
    bins = [fp[i : i + 4] for i in range(0, 256, 4)]
    for b in rnd.sample(range(64), changed):
        bins[b] = f"{rnd.getrandbits(16):04x}"
    return "".join(bins)


def _article(i: int) -> Article:
    return Article(
        identity=f"guid-{i}",
        url=f"https://news{i % 40}.example/{i}",
        title=f"Article {i}",
        text="The harbour board met on Monday and approved the contract. " * 20,
        author="Staff",
        published=NOW + timedelta(seconds=i),
        source=f"Outlet {i % 40}",
        feed_url=f"https://news{i % 40}.example/feed",
    )


def _verdict(i: int) -> ArticleVerdict:
    return ArticleVerdict(
        verdict="new_claims",
        claims=tuple(
            ClaimVerdict(Claim(f"Claim {i}.{k} about the harbour contract."), "new")
            for k in range(5)
        ),
        reasons=("new claims",),
    )


def populate(store: Store, args: argparse.Namespace) -> list[str]:
    """Claims, vectors, fingerprints and articles over several stories; returns story0's fps."""
    rnd = random.Random(1)
    fps: list[str] = []
    with store.transaction():
        for s in range(args.stories):
            story = f"story{s}"
            recs = [
                LedgerRecord(
                    f"Claim {k} of {story}: the board approved contract {k} in May.",
                    f"https://news.example/{story}/{k // 5}",
                    "News Example",
                    NOW,
                    f"guid-{story}-{k // 5}",
                )
                for k in range(args.claims)
            ]
            store.add_ledger_records(story, recs, [os.urandom(2 * 512) for _ in recs])
        per_story = args.fingerprints // args.stories
        for s in range(args.stories):
            for k in range(per_story):
                fp = _near(fps[-1], rnd) if fps and rnd.random() < 0.2 else _fp(rnd)
                if s == 0:
                    fps.append(fp)
                store.add_fingerprint(f"story{s}", f"https://news.example/{s}/{k}", fp)
        for i in range(args.articles):
            aid = store.save_article(_article(i), content_hash=f"h{i}", now=NOW)
            store.save_judged(Judged(STORY, _article(i), _verdict(i)), article_id=aid, now=NOW)
    return fps


def timed(fn: Callable[[int], Any], n: int) -> dict[str, float]:
    """Median and p95 of n calls, in microseconds."""
    samples = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - t0) * 1e6)
    samples.sort()
    return {
        "median_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
    }


def bench_store(store: Store, args: argparse.Namespace, fps: list[str]) -> dict[str, Any]:
    rnd = random.Random(2)
    probes = [_near(rnd.choice(fps), rnd) if rnd.random() < 0.5 else _fp(rnd) for _ in range(999)]
    ids = [[f"guid-{rnd.randrange(args.articles * 2)}" for _ in range(50)] for _ in range(999)]
    out: dict[str, Any] = {}
    reads = max(10, args.repeat // 10)
    # The floor under every statement: a call into SQLite, a round trip to PostgreSQL.
    out["select_1"] = timed(lambda i: store.db.execute("SELECT 1").fetchone(), args.repeat)
    out["ledger_records"] = timed(lambda i: store.ledger_records(STORY), reads)
    out["ledger_vectors"] = timed(lambda i: store.ledger_vectors(STORY), reads)
    out["duplicate_candidates"] = timed(
        lambda i: store.duplicate_candidates(STORY, probes[i % len(probes)]), args.repeat
    )
    out["known_articles"] = timed(lambda i: store.known_articles(ids[i % len(ids)]), args.repeat)
    base = 10_000_000

    def record(i: int) -> None:
        a = _article(base + i)
        with store.transaction():
            aid = store.save_article(a, content_hash="h", now=NOW)
            store.save_judged(Judged(STORY, a, _verdict(i)), article_id=aid, now=NOW)
            store.add_ledger_records(
                STORY,
                [
                    LedgerRecord(f"New claim {i}.{k}", a.url, a.source, NOW, a.identity)
                    for k in range(5)
                ],
            )
            store.add_fingerprint(STORY, a.url, _fp(rnd))

    out["record"] = timed(record, max(20, args.repeat // 3))
    for i in range(args.outbox):
        store.enqueue(-100_000_000_000 - i % 50, f"message {i}", kind="digest", now=NOW)
    per_message: list[float] = []
    while True:
        t0 = time.perf_counter()
        batch = store.pending(now=NOW, limit=50)
        if not batch:
            break
        for m in batch:
            store.mark_sending(m.id, now=NOW)
            store.mark_sent(m.id, now=NOW, telegram_message_id=m.id)
        per_message.append((time.perf_counter() - t0) * 1e6 / len(batch))
    out["outbox_per_message"] = {
        "median_us": round(statistics.median(per_message), 1),
        "p95_us": round(sorted(per_message)[int(0.95 * (len(per_message) - 1))], 1),
    }
    return out


def _stats(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {
        "median_us": round(statistics.median(samples), 1),
        "p95_us": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 1),
    }


def timed_pair(
    a: Callable[[int], Any], b: Callable[[int], Any], n: int
) -> tuple[dict[str, float], dict[str, float]]:
    """a and b called alternately (a first on even i, b first on odd i), so that both meet the
    same load on a shared machine; median and p95 of each, in microseconds."""
    samples_a: list[float] = []
    samples_b: list[float] = []
    for i in range(n):
        pairs = [(a, samples_a), (b, samples_b)]
        for fn, samples in pairs if i % 2 == 0 else pairs[::-1]:
            t0 = time.perf_counter()
            fn(i)
            samples.append((time.perf_counter() - t0) * 1e6)
    return _stats(samples_a), _stats(samples_b)


def compare_sqlalchemy(
    store: Store, url: str, args: argparse.Namespace, fps: list[str], synchronous_commit: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ledger read, the duplicate lookup and the two outbox marks, through the Store and as
    SQLAlchemy Core statements on the same database, timed alternately call by call."""
    import sqlalchemy as sa

    engine = sa.create_engine(
        url,
        connect_args={"options": f"-c synchronous_commit={synchronous_commit}"}
        if url.startswith("postgresql")
        else {},
    )
    if engine.dialect.name == "sqlite":
        # The Store's own settings (WAL is in the file already), so both pay the same per commit.
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")

    meta = sa.MetaData()
    claims = sa.Table("claims", meta, autoload_with=engine)
    fingerprints = sa.Table("fingerprints", meta, autoload_with=engine)
    bands = sa.Table("fingerprint_bands", meta, autoload_with=engine)
    outbox = sa.Table("outbox", meta, autoload_with=engine)
    c = claims.c
    ledger = (
        sa.select(c.text, c.first_url, c.first_source, c.first_published, c.article_identity)
        .where(c.story == sa.bindparam("story"))
        .order_by(c.id)
    )
    rnd = random.Random(3)
    probes = [_near(rnd.choice(fps), rnd) if rnd.random() < 0.5 else _fp(rnd) for _ in range(999)]
    ids = [int(r[0]) for r in store.db.execute("SELECT id FROM outbox ORDER BY id LIMIT 2000")]
    mine, theirs = ids[0::2], ids[1::2]  # each side marks its own rows
    now = NOW.isoformat()
    ours: dict[str, Any] = {}
    core: dict[str, Any] = {}
    with engine.connect() as conn:

        def records(i: int) -> list[LedgerRecord]:
            return [
                LedgerRecord(
                    r.text,
                    r.first_url,
                    r.first_source,
                    datetime.fromisoformat(r.first_published),
                    r.article_identity,
                )
                for r in conn.execute(ledger, {"story": STORY})
            ]

        def candidates(i: int) -> list[tuple[str, str]]:
            keys = [_signed64(k) for k in band_keys(probes[i % len(probes)])]
            inner = sa.select(bands.c.fingerprint_id).where(
                bands.c.story == STORY, bands.c.band.in_(keys)
            )
            q = (
                sa.select(fingerprints.c.url, fingerprints.c.fp)
                .where(fingerprints.c.id.in_(inner))
                .order_by(fingerprints.c.id)
            )
            return [(r[0], r[1]) for r in conn.execute(q)]

        def core_marks(i: int) -> None:
            mid = theirs[i % len(theirs)]
            conn.execute(sa.update(outbox).where(outbox.c.id == mid).values(sending_at=now))
            conn.commit()
            conn.execute(
                sa.update(outbox)
                .where(outbox.c.id == mid)
                .values(status="sent", sent_at=now, attempts=outbox.c.attempts + 1, sending_at=None)
            )
            conn.commit()

        def store_marks(i: int) -> None:
            mid = mine[i % len(mine)]
            store.mark_sending(mid, now=NOW)
            store.mark_sent(mid, now=NOW, telegram_message_id=mid)

        reads = max(10, args.repeat // 10)
        ours["ledger_records"], core["ledger_records"] = timed_pair(
            lambda i: store.ledger_records(STORY), records, reads
        )
        conn.commit()
        ours["duplicate_candidates"], core["duplicate_candidates"] = timed_pair(
            lambda i: store.duplicate_candidates(STORY, probes[i % len(probes)]),
            candidates,
            args.repeat,
        )
        conn.commit()
        ours["outbox_marks_per_message"], core["outbox_marks_per_message"] = timed_pair(
            store_marks, core_marks, min(len(mine), len(theirs), 500)
        )
        core["driver"] = f"sqlalchemy {sa.__version__}"
    engine.dispose()
    return ours, core


def bench_copy(args: argparse.Namespace) -> int:
    """SQLite -> PostgreSQL -> SQLite through watchers.store_copy (what `store copy` runs)."""
    from watchers.store_copy import copy_state, table_counts

    with tempfile.TemporaryDirectory(prefix="storywatch-copy-bench-") as tmp:
        path = Path(tmp) / "state.sqlite3"
        source = Store(path)
        populate(source, args)
        rows = sum(table_counts(source).values())
        cluster = None
        if args.pg_url:
            url = args.pg_url
        else:
            import pgcluster

            cluster = pgcluster.start(durable=True)
            url = cluster.create_database("copy")
        try:
            t0 = time.perf_counter()
            pg = Store(url)
            there = copy_state(source, pg)
            t1 = time.perf_counter()
            back = Store(Path(tmp) / "back.sqlite3")
            copy_state(pg, back)
            t2 = time.perf_counter()
            pg.close()
        finally:
            if cluster:
                cluster.stop()
        print(
            f"{rows:,} rows ({path.stat().st_size / 1e6:.0f} MB SQLite file): SQLite -> PostgreSQL "
            f"{t1 - t0:.1f} s, PostgreSQL -> SQLite {t2 - t1:.1f} s, each checked by row counts "
            f"and {there.verdicts_compared} verdicts"
        )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--stories", type=int, default=5)
    ap.add_argument("--claims", type=int, default=5000, help="ledger records per story")
    ap.add_argument("--fingerprints", type=int, default=20_000, help="over all stories")
    ap.add_argument("--articles", type=int, default=2000, help="judged articles of story0")
    ap.add_argument("--outbox", type=int, default=2000, help="messages queued then sent")
    ap.add_argument("--repeat", type=int, default=300, help="calls per timed lookup")
    ap.add_argument("--pg-url", help="an empty PostgreSQL database on this machine")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument(
        "--pg-synchronous-commit",
        choices=["on", "off"],
        default="on",
        help="off: a commit returns before its WAL is flushed, as SQLite's synchronous=NORMAL "
        "in WAL mode (the last commits may be lost on power loss, nothing is corrupted)",
    )
    ap.add_argument("--sqlalchemy", action="store_true", help="also time SQLAlchemy Core")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    ap.add_argument(
        "--copy",
        action="store_true",
        help="instead: time `storywatch store copy` of a populated SQLite state to PostgreSQL and back",
    )
    args = ap.parse_args()
    if args.copy:
        return bench_copy(args)

    results: dict[str, Any] = {
        "args": {k: v for k, v in vars(args).items() if k != "pg_url"},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    cluster = None
    with tempfile.TemporaryDirectory(prefix="storywatch-store-bench-") as tmp:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                location: str = str(Path(tmp) / "state.sqlite3")
                sa_url = f"sqlite:///{location}"
            else:
                if args.pg_url:
                    location = args.pg_url
                else:
                    import pgcluster

                    cluster = pgcluster.start(durable=True)
                    location = cluster.create_database("bench")
                sa_url = location.replace("postgresql://", "postgresql+psycopg://", 1)
            store = Store(location)
            if store.is_postgresql:
                store.db.execute(f"SET synchronous_commit = {args.pg_synchronous_commit}")
            t0 = time.perf_counter()
            fps = populate(store, args)
            populate_s = time.perf_counter() - t0
            res = bench_store(store, args, fps)
            res["populate_s"] = round(populate_s, 1)
            results[backend] = res
            if args.sqlalchemy:
                ours, core = compare_sqlalchemy(
                    store, sa_url, args, fps, args.pg_synchronous_commit
                )
                res.update(ours)  # the alternate-call timings replace the Store's own
                results[f"{backend}+sqlalchemy"] = core
            if backend == "postgresql":
                res["server"] = store.db.execute("SHOW server_version").fetchone()[0]
            store.close()

        if cluster:
            cluster.stop()
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    print(f"# {results['machine']}; {json.dumps(results['args'])}")
    columns = [k for k in results if k not in ("args", "machine")]
    paths = [
        "select_1",
        "ledger_records",
        "ledger_vectors",
        "duplicate_candidates",
        "known_articles",
        "record",
        "outbox_per_message",
        "outbox_marks_per_message",
    ]
    print("| hot path (median / p95, µs) | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for p in paths:
        cells = []
        for c in columns:
            r = results[c].get(p)
            cells.append(f"{r['median_us']:,.0f} / {r['p95_us']:,.0f}" if r else "")
        if any(cells):
            print(f"| {p} | " + " | ".join(cells) + " |")
    for c in columns:
        extra = {k: v for k, v in results[c].items() if not isinstance(v, dict)}
        if extra:
            print(f"{c}: {extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
