"""Fan-out benchmark: one digest to N chats through the outbox against the fake Bot API (Telegram's limits).

Phase 1: sustained send rate and 429 count. Phase 2: the sender is killed with SIGKILL several
times mid-way and restarted: duplicates and losses are counted from what the server accepted.

    .venv/bin/python benchmarks/fanout.py --chats 5000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fakebotapi import FakeBotAPI, Limits  # noqa: E402

from bot.schedule import queue_due_digests  # noqa: E402
from watchers.config import Config  # noqa: E402
from watchers.models import Article, ArticleVerdict, Claim, ClaimVerdict, Evidence, Judged  # noqa: E402
from watchers.store import Store  # noqa: E402

TOKEN = "123:BENCH"


def prepare(db: Path, chats: int) -> int:
    """A story with three judged articles and `chats` subscribers whose daily digest is due."""
    store = Store(db)
    t0 = datetime.now(UTC) - timedelta(days=2)
    items = [
        ("Metro", "first", (ClaimVerdict(Claim("The port says five firms bid."), "new"),), ()),
        (
            "Ledger",
            "new_evidence",
            (ClaimVerdict(Claim("The file lists two bidders."), "new"),),
            (Evidence("The tender file lists two bidders.", "document", "primary document"),),
        ),
        (
            "Echo",
            "repeats",
            (ClaimVerdict(Claim("Five firms bid."), "seen", "https://metro.example/1", "Metro"),),
            (),
        ),
    ]
    for n, (source, verdict, claims, evidence) in enumerate(items, 1):
        url = f"https://{source.lower()}.example/{n}"
        art = Article(
            url,
            url,
            f"{source} on the harbour contract",
            "",
            "",
            t0,
            source,
            "https://f.example/rss",
        )
        aid = store.save_article(art, content_hash=url, now=t0)
        store.save_judged(
            Judged("harbour", art, ArticleVerdict(verdict, claims, evidence)),  # type: ignore[arg-type]
            article_id=aid,
            now=t0,
        )
    with store.transaction():
        for chat in range(1, chats + 1):
            store.ensure_chat(chat, now=t0)
            store.subscribe(chat, "harbour", now=t0, cursor=0)
    queued = queue_due_digests(
        store, Config(), {"harbour": "Harbour contract probe"}, now=datetime.now(UTC)
    )
    store.close()
    return queued


async def send(db: str, base: str) -> None:
    from telegram.ext import ExtBot
    from telegram.request import HTTPXRequest

    from bot.delivery import Pacer, PacingRateLimiter, Sender

    store = Store(db)
    pacer = Pacer(quiet_start=1.1)
    bot = ExtBot(
        TOKEN,
        base_url=f"{base}/bot",
        request=HTTPXRequest(connection_pool_size=32),
        rate_limiter=PacingRateLimiter(pacer),
    )
    async with bot:
        await Sender(store, bot, pacer).drain(timeout=3600)
    store.close()


def sender_process(db: Path, base: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, __file__, "--send", str(db), base], cwd=ROOT)


def rate(api: FakeBotAPI) -> tuple[float, float]:
    times = sorted(s.at for s in api.messages())
    elapsed = times[-1] - times[0]
    return elapsed, (len(times) - 1) / elapsed if elapsed else 0.0


def phase_rate(chats: int, work: Path) -> dict[str, float]:
    db = work / "rate.sqlite3"
    queued = prepare(db, chats)
    with FakeBotAPI(limits=Limits()) as api:
        started = time.monotonic()
        proc = sender_process(db, api.base)
        proc.wait()
        wall = time.monotonic() - started
        elapsed, per_s = rate(api)
        return {
            "queued": queued,
            "accepted": len(api.messages()),
            "elapsed": elapsed,
            "wall": wall,
            "rate": per_s,
            "429": api.stats.total_429,
        }


def phase_crash(chats: int, work: Path, kills: int, seed: int) -> dict[str, float]:
    db = work / "crash.sqlite3"
    queued = prepare(db, chats)
    with FakeBotAPI(limits=Limits()) as api:
        killed_at = []
        rng = random.Random(seed)
        kill_times: list[float] = []
        for k in range(1, kills + 1):
            proc = sender_process(db, api.base)
            # Kill at a random moment (not on an accepted message, which would aim at the
            # one ambiguous window) once about k/(kills+1) of the chats were served.
            target = chats * k // (kills + 1)
            while len(api.messages()) < target and proc.poll() is None:
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 1.0))
            os.kill(proc.pid, signal.SIGKILL)
            kill_times.append(time.monotonic())
            proc.wait()
            killed_at.append(len(api.messages()))
        proc = sender_process(db, api.base)
        proc.wait()
        per_chat = Counter(s.chat_id for s in api.messages())
        store = Store(db)
        statuses = Counter(r[0] for r in store.db.execute("SELECT status FROM outbox"))
        # Rows the outbox flagged as possibly repeated (on the wire at a kill): every duplicate
        # must be one of them.
        flagged = {r[0] for r in store.db.execute("SELECT chat_id FROM outbox WHERE resent > 0")}
        store.close()
        repeated = {c for c, n in per_chat.items() if n > 1}
        return {
            "queued": queued,
            "accepted": len(api.messages()),
            "kills": kills,
            "killed_at": killed_at,  # type: ignore[dict-item]
            "duplicates": sum(n - 1 for n in per_chat.values() if n > 1),
            "lost": sum(1 for c in range(1, chats + 1) if per_chat[c] == 0),
            "rows_flagged": len(flagged),
            "duplicates_unflagged": len(repeated - flagged),
            "rows_sent": statuses["sent"],
            "rows_pending": statuses["pending"],
            "429": api.stats.total_429,
            "429_kinds": {k: v for k, v in api.stats.refused_429.items() if v},  # type: ignore[dict-item]
            # For each duplicate: ms between the kill and Telegram's accepting the first copy
            # (negative: accepted before the kill, the reply was lost with the process).
            "dup_after_kill_ms": [  # type: ignore[dict-item]
                round(1000 * (first.at - min(kill_times, key=lambda k: abs(k - first.at))), 1)
                for c, n in per_chat.items()
                if n > 1
                for first in [next(s for s in api.messages() if s.chat_id == c)]
            ],
        }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chats", type=int, default=5000)
    p.add_argument("--kills", type=int, default=3)
    p.add_argument("--skip-rate", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--send", nargs=2, metavar=("DB", "BASE"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.send:
        asyncio.run(send(*args.send))
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not args.skip_rate:
            r = phase_rate(args.chats, work)
            print(
                f"rate: queued={r['queued']} accepted={r['accepted']} first-to-last={r['elapsed']:.1f}s "
                f"wall={r['wall']:.1f}s sustained={r['rate']:.2f} msg/s ({r['rate'] / 30:.1%} of 30/s) "
                f"429s={r['429']}",
                flush=True,
            )
        c = phase_crash(args.chats, work, args.kills, args.seed)
        print(
            f"crash: queued={c['queued']} kill -9 x{c['kills']} at accepted={c['killed_at']} "
            f"accepted={c['accepted']} duplicates={c['duplicates']} lost={c['lost']} "
            f"flagged as possible repeats={c['rows_flagged']} unflagged duplicates={c['duplicates_unflagged']} "
            f"rows sent={c['rows_sent']} pending={c['rows_pending']} 429s={c['429']} {c['429_kinds']} "
            f"duplicates accepted ms after the kill={c['dup_after_kill_ms']}",
            flush=True,
        )


if __name__ == "__main__":
    main()
