"""Crash test: kill -9 the real `storywatch run` at random moments, restart, and check nothing is lost.

Fake feeds (each request reveals one more item) and the fake Telegram Bot API run on 127.0.0.1 in
this process; the service runs as a subprocess with a token, so polls, judging and outbox delivery
through python-telegram-bot all happen for real. After N kills a last run drains everything and is
stopped with SIGTERM. Then:
  - every feed item was stored once and judged exactly once,
  - every outbox message is marked sent and the Bot API received it exactly once
    (a kill between Telegram's answer and the "sent" commit can repeat one message: counted),
  - PRAGMA integrity_check is ok.

    .venv/bin/python benchmarks/crash.py --kills 100
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakebotapi import FakeBotAPI  # noqa: E402
from watchers.store import Store  # noqa: E402

TOKEN = "424242:crash-test-token-not-a-real-one-000000"
STORYWATCH = Path(sys.executable).parent / "storywatch"


class Feeds:
    """N RSS feeds on loopback; every request to a feed reveals one more of its items."""

    def __init__(self, feeds: int, items: int):
        self.items = items
        self.revealed = [0] * feeds
        self.requests: list[float] = []  # monotonic arrival times
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                try:
                    n = int(self.path.strip("/").split("/")[0])
                except ValueError:
                    self.send_error(404)
                    return
                body = owner.render(n).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, n: int) -> str:
        return f"{self.base}/{n}/feed.xml"

    @staticmethod
    def item_url(feed: int, item: int) -> str:
        return f"https://wire{feed}.example/harbour/{item}"

    def render(self, n: int) -> str:
        with self.lock:
            self.revealed[n] = min(self.items, self.revealed[n] + 1)
            count = self.revealed[n]
            self.requests.append(time.monotonic())
        parts = []
        for i in range(count):
            when = format_datetime(
                datetime(2026, 3, 1, 0, 0, tzinfo=UTC).replace(minute=i % 60, hour=i // 60)
            )
            parts.append(
                f"<item><guid>wire{n}-{i}</guid><title>Harbour report {n}-{i}</title>"
                f"<link>{self.item_url(n, i)}</link><pubDate>{when}</pubDate>"
                f"<description>The harbour authority confirmed that berth {n} handled "
                f"{1000 + 37 * i} containers on day {i}, according to figures from wire {n}."
                "</description></item>"
            )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>Wire {n}</title><link>https://wire{n}.example/</link><description>w</description>"
            + "".join(parts)
            + "</channel></rss>"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def write_config(folder: Path, feeds: Feeds, n_feeds: int, api: str) -> Path:
    (folder / "rules").mkdir()
    (folder / "rules" / "harbour.yaml").write_text(
        "id: harbour\ntitle: Harbour figures\nmatch:\n  any: [harbour]\n", encoding="utf-8"
    )
    feed_lines = "".join(f"  - url: {feeds.url(n)}\n" for n in range(n_feeds))
    config = folder / "config.yaml"
    config.write_text(
        "rules_dir: rules\nstore:\n  path: crash.sqlite3\n"
        "poll:\n  interval: 1s\n  min_interval: 1s\n  jitter: 0\n  fetch_pages: false\n"
        f"telegram:\n  api_base_url: {api}\n"
        f"feeds:\n{feed_lines}",
        encoding="utf-8",
    )
    return config


def seed_outbox(db_path: Path, chats: int, per_chat: int) -> None:
    store = Store(db_path)
    now = datetime.now(UTC)
    for c in range(chats):
        chat_id = 10_000 + c
        store.ensure_chat(chat_id, now=now)
        for m in range(per_chat):
            store.enqueue(
                chat_id,
                f"crash test message {m} for chat {chat_id}",
                kind="admin",
                now=now,
                dedupe_key=f"crash:{chat_id}:{m}",
            )
    store.close()


def counts(db_path: Path) -> tuple[int, int]:
    """(judged rows, sent outbox rows), read without disturbing the writer."""
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            judged = db.execute("SELECT COUNT(*) FROM judged").fetchone()[0]
            sent = db.execute("SELECT COUNT(*) FROM outbox WHERE status = 'sent'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1, -1
    return int(judged), int(sent)


class NotifyListener:
    def __init__(self, path: Path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.path = str(path)
        self.ready_at: float | None = None
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                return
            if b"READY=1" in data.split(b"\n"):
                with self.lock:
                    if self.ready_at is None:
                        self.ready_at = time.monotonic()

    def reset(self) -> None:
        with self.lock:
            self.ready_at = None


def start(config: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as err:
        return subprocess.Popen(
            [str(STORYWATCH), "run", "--config", str(config), "--tick", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument(
        "--items", type=int, default=40, help="items each feed reveals, one per request"
    )
    ap.add_argument("--chats", type=int, default=100)
    ap.add_argument("--per-chat", type=int, default=5)
    ap.add_argument("--min-life", type=float, default=0.5, help="seconds before the kill, at least")
    ap.add_argument("--max-life", type=float, default=4.0, help="seconds before the kill, at most")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    folder = Path(tempfile.mkdtemp(prefix="storywatch-crash-"))
    feeds = Feeds(args.feeds, args.items)
    bot = FakeBotAPI(token=TOKEN).start()
    config = write_config(folder, feeds, args.feeds, bot.base)
    db_path = folder / "state" / "crash.sqlite3"
    seed_outbox(db_path, args.chats, args.per_chat)
    notify = NotifyListener(folder / "notify")
    env = {
        k: v for k, v in os.environ.items() if k not in ("CREDENTIALS_DIRECTORY", "JOURNAL_STREAM")
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        NOTIFY_SOCKET=notify.path,
        STATE_DIRECTORY=str(folder / "state"),
        PYTHONUNBUFFERED="1",
    )
    log = folder / "stderr.log"

    runs = []
    began = time.monotonic()
    for i in range(args.kills):
        notify.reset()
        judged0, sent0 = counts(db_path)
        calls0 = len(bot.sent)
        t0 = time.monotonic()
        proc = start(config, env, log)
        life = rng.uniform(args.min_life, args.max_life)
        time.sleep(life)
        kill_at = time.monotonic()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        judged1, sent1 = counts(db_path)
        with feeds.lock:
            recent_feed = any(kill_at - 0.5 <= t <= kill_at for t in feeds.requests)
        recent_send = any(kill_at - 0.5 <= s.at <= kill_at for s in bot.sent[calls0:])
        runs.append(
            {
                "life": round(life, 2),
                "ready": notify.ready_at is not None,
                "ready_after": round(notify.ready_at - t0, 2) if notify.ready_at else None,
                "judged": judged1 - judged0,
                "sent_db": sent1 - sent0,
                "sent_api": len(bot.sent) - calls0,
                "feed_request_last_500ms": recent_feed,
                "send_last_500ms": recent_send,
                "exit": proc.returncode,
            }
        )
        print(f"kill {i + 1}/{args.kills}: {runs[-1]}", file=sys.stderr, flush=True)
    kill_phase_s = time.monotonic() - began

    # The last run drains: every item revealed and judged, the outbox empty; then SIGTERM.
    total_items = args.feeds * args.items
    notify.reset()
    proc = start(config, env, log)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        time.sleep(0.5)
        with feeds.lock:
            all_revealed = all(r >= args.items for r in feeds.revealed)
        judged, sent = counts(db_path)
        if all_revealed and judged >= total_items and sent >= args.chats * args.per_chat:
            time.sleep(2)  # one more tick: anything queued after the counts above goes out too
            break
    proc.send_signal(signal.SIGTERM)
    t_term = time.monotonic()
    final_exit = proc.wait(timeout=30)
    stop_seconds = time.monotonic() - t_term

    db = sqlite3.connect(db_path)
    integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    expected = {feeds.item_url(f, i) for f in range(args.feeds) for i in range(args.items)}
    stored = Counter(u for (u,) in db.execute("SELECT url FROM articles"))
    judged_per_article = Counter(
        u
        for (u,) in db.execute(
            "SELECT a.url FROM judged j JOIN articles a ON a.id = j.article_id WHERE j.story = 'harbour'"
        )
    )
    outbox = list(db.execute("SELECT id, chat_id, text, status, resent FROM outbox"))
    db.close()
    received = Counter((s.chat_id, s.text) for s in bot.sent if s.method == "sendMessage")
    delivered = Counter()
    repeats_flagged = repeats_unflagged = 0  # flagged: counted as a possible repeat (resent > 0)
    for _, chat_id, text, _, resent in outbox:
        n = received.get((chat_id, text), 0)
        delivered[n] += 1
        if n > 1 and resent:
            repeats_flagged += 1
        elif n > 1:
            repeats_unflagged += 1

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "kills": args.kills,
        "kill_phase_seconds": round(kill_phase_s, 1),
        "kills_after_ready": sum(r["ready"] for r in runs),
        "kills_in_runs_that_stored_verdicts": sum(r["judged"] > 0 for r in runs),
        "kills_in_runs_that_sent_messages": sum(r["sent_api"] > 0 for r in runs),
        "kills_within_500ms_of_a_feed_request": sum(r["feed_request_last_500ms"] for r in runs),
        "kills_within_500ms_of_a_send": sum(r["send_last_500ms"] for r in runs),
        "items_expected": len(expected),
        "items_missing": len(expected - set(stored)),
        "items_stored_more_than_once": sum(1 for c in stored.values() if c > 1),
        "items_judged_exactly_once": sum(1 for u in expected if judged_per_article.get(u) == 1),
        "items_judged_more_than_once": sum(1 for c in judged_per_article.values() if c > 1),
        "outbox_messages": len(outbox),
        "outbox_not_marked_sent": sum(1 for _, _, _, status, _ in outbox if status != "sent"),
        "messages_received_exactly_once": delivered.get(1, 0),
        "messages_never_received": delivered.get(0, 0),
        "messages_received_twice_or_more": sum(v for k, v in delivered.items() if k > 1),
        "repeats_counted_as_possible_repeats": repeats_flagged,
        "repeats_not_counted": repeats_unflagged,
        "rows_counted_as_possible_repeats": sum(1 for *_, resent in outbox if resent),
        "integrity_check": integrity,
        "final_sigterm_exit": final_exit,
        "final_stop_seconds": round(stop_seconds, 2),
        "state_folder": str(folder) if args.keep else None,
    }
    print(json.dumps(result, indent=2))
    feeds.close()
    bot.stop()
    notify.sock.close()
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    ok = (
        result["items_missing"] == 0
        and result["items_judged_exactly_once"] == len(expected)
        and result["outbox_not_marked_sent"] == 0
        and result["messages_never_received"] == 0
        and repeats_unflagged == 0
        and integrity == "ok"
        and final_exit == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
