"""Soak: many accelerated poll cycles over many feeds; does memory, fd or task use creep?

The service's own objects (Service, the real Fetcher, pipeline.poll, the console frontend, the
SQLite store) run in this process with a simulated clock that advances `--step` seconds per cycle,
so each cycle polls the feeds that are due, as `storywatch run` does, only faster. The feeds are
served by a child process on 127.0.0.1 (so its memory is not counted): ETag/304 for unchanged feeds,
one new item every few polls of a feed, sentences drawn from a fixed pool so the story's claim ledger
stops growing after warm-up, as a long-running story's mostly does.

Measured every `--sample` cycles: resident memory (VmRSS), open file descriptors, asyncio tasks and
threads. Growth is reported from the end of warm-up to the end.

    .venv/bin/python benchmarks/soak.py --cycles 10000 --feeds 200
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import ctypes.util
import gc
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SENTENCES = [
    f"The harbour authority said berth {b} handled {n} containers in the week to Friday."
    for b in range(1, 11)
    for n in (1200, 1450, 1800, 2100, 2600)
]


# ---------------------------------------------------------------- the feed server (child process)


def serve(feeds: int, every: int, keep: int) -> None:
    counts = [0] * feeds
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            n = int(self.path.strip("/").split("/")[0])
            with lock:
                counts[n] += 1
                items = counts[n] // every + 1
            etag = f'"{n}-{items}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = render(n, items, keep).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


def render(feed: int, items: int, keep: int) -> str:
    parts = []
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(max(0, items - keep), items):
        rnd = random.Random(feed * 1_000_003 + i)
        text = " ".join(rnd.sample(SENTENCES, 3))
        when = format_datetime(base + timedelta(minutes=feed + 200 * i))
        parts.append(
            f"<item><guid>soak-{feed}-{i}</guid><title>Harbour figures {feed}-{i}</title>"
            f"<link>https://wire{feed}.example/{i}</link><pubDate>{when}</pubDate>"
            f"<description>{text}</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>Wire {feed}</title><link>https://wire{feed}.example/</link><description>w</description>"
        + "".join(parts)
        + "</channel></rss>"
    )


# ---------------------------------------------------------------- measurements


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return -1


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


class _MallInfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def c_heap_kib() -> dict[str, int]:
    """Where resident memory sits outside Python's objects: SQLite's own allocations (its page
    cache included) and the C heap glibc keeps (in use / free but not returned to the system).
    Empty where the libraries are not the system's glibc and libsqlite3."""
    out: dict[str, int] = {}
    try:
        sqlite = ctypes.CDLL(ctypes.util.find_library("sqlite3") or "libsqlite3.so.0")
        cur, high = ctypes.c_int64(), ctypes.c_int64()
        if sqlite.sqlite3_status64(0, ctypes.byref(cur), ctypes.byref(high), 0) == 0:
            out["sqlite_kib"] = cur.value // 1024
        libc = ctypes.CDLL(None)
        libc.mallinfo2.restype = _MallInfo2
        info = libc.mallinfo2()
        out["malloc_used_kib"] = info.uordblks // 1024
        out["malloc_free_kib"] = info.fordblks // 1024
    except (OSError, AttributeError):
        pass
    return out


async def soak(args: argparse.Namespace, port: int, folder: Path) -> dict[str, object]:
    from bot.service import ConsoleFrontend, Service
    from watchers.fetch import Fetcher

    (folder / "rules").mkdir()
    (folder / "rules" / "harbour.yaml").write_text(
        "id: harbour\ntitle: Harbour figures\nmatch:\n  any: [harbour]\n", encoding="utf-8"
    )
    feed_lines = "".join(
        f"  - url: http://127.0.0.1:{port}/{n}/feed.xml\n" for n in range(args.feeds)
    )
    config_path = folder / "config.yaml"
    config_path.write_text(
        "rules_dir: rules\nstore:\n  path: soak.sqlite3\n"
        f"poll:\n  interval: {args.interval}s\n  min_interval: 60s\n  jitter: 0.1\n"
        "  fetch_pages: false\n  concurrency: 16\n  per_host: 16\n"
        f"feeds:\n{feed_lines}",
        encoding="utf-8",
    )
    sink = io.StringIO()
    service = Service(config_path, out=sink)
    service.frontend = ConsoleFrontend(service.state, service.store, sink)
    await service.frontend.start()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    samples: list[dict[str, float]] = []
    polled = judged = new = 0
    t0 = time.monotonic()
    async with Fetcher(service.state.config.poll) as fetcher:
        for cycle in range(1, args.cycles + 1):
            now += timedelta(seconds=args.step)
            report = await service.run_once(fetcher, now=now)  # the service's tick, simulated clock
            polled += report.polled
            new += report.new_articles
            judged += len(report.judged)
            if sink.tell() > 1_000_000:  # the console output is not what is measured
                sink.seek(0)
                sink.truncate()
            if args.trace and cycle == args.warmup:
                gc.collect()
                tracemalloc.start(3)
                base = tracemalloc.take_snapshot()
            if cycle % args.sample == 0:
                gc.collect()
                samples.append(
                    {
                        "cycle": cycle,
                        "rss_kib": rss_kib(),
                        "fds": open_fds(),
                        "tasks": len(asyncio.all_tasks()),
                        "threads": threading.active_count(),
                        **c_heap_kib(),
                        "seconds": round(time.monotonic() - t0, 1),
                    }
                )
                print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
    if args.trace and tracemalloc.is_tracing():
        gc.collect()
        growth = tracemalloc.take_snapshot().compare_to(base, "traceback")
        for stat in growth[:25]:
            print(
                f"{stat.size_diff / 1024:+.0f} KiB in {stat.count_diff:+d} blocks", file=sys.stderr
            )
            for line in stat.traceback.format():
                print("   ", line.strip(), file=sys.stderr)
    service.store.close()
    warm = next(s for s in samples if s["cycle"] >= args.warmup)
    last = samples[-1]
    after = [s for s in samples if s["cycle"] >= args.warmup]
    db_size = (folder / "soak.sqlite3").stat().st_size
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "cycles": args.cycles,
        "feeds": args.feeds,
        "simulated_days": round(args.cycles * args.step / 86400, 1),
        "wall_seconds": round(time.monotonic() - t0, 1),
        "feed_polls": polled,
        "new_articles": new,
        "verdicts": judged,
        "db_bytes": db_size,
        "warmup_cycles": args.warmup,
        "rss_kib_after_warmup": warm["rss_kib"],
        "rss_kib_end": last["rss_kib"],
        "rss_kib_max_after_warmup": max(s["rss_kib"] for s in after),
        "rss_growth_pct": round(100 * (last["rss_kib"] - warm["rss_kib"]) / warm["rss_kib"], 1),
        "rss_max_growth_pct": round(
            100 * (max(s["rss_kib"] for s in after) - warm["rss_kib"]) / warm["rss_kib"], 1
        ),
        "fds_after_warmup": warm["fds"],
        "fds_end": last["fds"],
        "fds_max": max(s["fds"] for s in samples),
        "tasks_after_warmup": warm["tasks"],
        "tasks_end": last["tasks"],
        "threads_after_warmup": warm["threads"],
        "threads_end": last["threads"],
        "samples": samples,
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cycles", type=int, default=10_000)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--step", type=float, default=60.0, help="simulated seconds per cycle")
    ap.add_argument("--interval", type=float, default=900.0, help="feed poll interval, seconds")
    ap.add_argument("--every", type=int, default=4, help="a feed gains an item every N polls")
    ap.add_argument("--keep", type=int, default=20, help="items a feed shows")
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--sample", type=int, default=250)
    ap.add_argument(
        "--trace",
        action="store_true",
        help="tracemalloc from the end of warm-up; print the 25 lines whose memory grew most",
    )
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.feeds, args.every, args.keep)
        return 0
    os.environ.pop("STATE_DIRECTORY", None)  # the store goes in the temp folder
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            "--feeds",
            str(args.feeds),
            "--every",
            str(args.every),
            "--keep",
            str(args.keep),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with tempfile.TemporaryDirectory(prefix="storywatch-soak-") as tmp:
            result = asyncio.run(soak(args, port, Path(tmp)))
    finally:
        server.terminate()
        server.wait()
    samples = result.pop("samples")
    result["samples_rss_kib"] = [s["rss_kib"] for s in samples]  # type: ignore[index]
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
