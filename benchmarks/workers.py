"""Several workers on one PostgreSQL database (issue 16): throughput with 1, 2 and 4 workers, then
kill -9 of one worker mid-poll and mid-send, and the invariants checked from the database and the
fake Bot API.

Everything runs on this machine: a throwaway PostgreSQL cluster (tests/pgcluster.py), a feed
server on 127.0.0.1 (aiohttp, in a child process: N feeds over several loopback addresses, each
request to a feed reveals one more item, whose article page is served too), the fake Telegram Bot
API (tests/fakebotapi.py, in this process) counting every sendMessage, and the workers as
`storywatch run --config …` processes, each with its own config.yaml (same database, same feeds,
same rules). Four stories; four articles in five match one of them (so they are judged), the
fifth matches none (stored only). Chats subscribed to every story get digests; in the crash phase
this script also queues admin messages so that there is sending to interrupt.

Throughput: every feed is always due (poll.interval is shorter than a round), so the workers are
saturated; after a warm-up the feed requests (= feeds polled), stored articles and verdicts are
counted over a window, with the CPU seconds of the workers (with their parse processes) and of
PostgreSQL read from /proc, and the machine's load.

Crash test: kills alternate between mid-poll (the feed server holds a feed request; the worker
that made it, found from the connection's socket in /proc, holds that feed's lease) and mid-send
(the fake Bot API holds a sendMessage; its sender is found the same way; the held message is then
accepted, as Telegram may have accepted a message whose sender died). A new worker starts in the
killed one's place, as systemd's Restart= would. Then the feed server stops revealing items, the
workers drain, and the invariants are checked: every served article stored once and judged once
per story it matches, every outbox row sent and received at least once, every row received twice
flagged (resent > 0). Exit 1 when one fails.

    .venv/bin/python benchmarks/workers.py                        # 6,000 feeds, 1/2/4 workers, 20 kills
    .venv/bin/python benchmarks/workers.py --feeds 60 --workers 2 --seconds 5 --kills 2 --json
    .venv/bin/python benchmarks/workers.py --mode poll ...        # workers = poll(worker_id=...) loops
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TOPICS = ("harbour", "bridge", "tunnel", "airport", "weather")  # the last one matches no story
STORIES = TOPICS[:4]
T0 = datetime(2026, 3, 1, tzinfo=UTC)
TOKEN = "424242:workers-bench-token-not-a-real-one-0000"
STORYWATCH = Path(sys.executable).parent / "storywatch"
CLK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- what the feeds serve


def topic(n: int) -> str:
    return TOPICS[n % len(TOPICS)]


def item_title(n: int, i: int) -> str:
    return f"{topic(n).capitalize()} contract report {n}-{i}"


def item_paragraphs(n: int, i: int) -> list[str]:
    t = topic(n)
    return [
        f"Inspector {n} said on day {i} that {1000 + 37 * i + n} tonnes of steel were delivered "
        f"for the {t} contract at site {n}.",
        f"Council member {n % 97} told the assembly that {i + n % 13} cranes were ordered for "
        f"berth {n} under the {t} contract.",
        # Shared by many feeds of the topic: a repeat after its first report.
        f"The {t} contract was signed in {2010 + i % 7} after a tender with {3 + i % 5} bidders, "
        "the regional audit office said.",
        f"The office confirmed that section {n} would reopen on {i % 28 + 1} April, "
        f"{i % 9 + 2} weeks later than planned.",
    ]


def render_feed(n: int, count: int, base: str, window: int) -> bytes:
    items = []
    for i in range(max(0, count - window), count):
        when = format_datetime(T0 + timedelta(minutes=i))
        summary = item_paragraphs(n, i)[0]
        items.append(
            f"<item><guid isPermaLink='false'>bench-{n}-{i}</guid>"
            f"<title>{escape(item_title(n, i))}</title>"
            f"<link>{base}/a/{n}/{i}.html</link><pubDate>{when}</pubDate>"
            f"<description>{escape(summary)}</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>Wire {n}</title><link>{base}/</link><description>wire {n}</description>"
        + "".join(reversed(items))
        + "</channel></rss>"
    ).encode()


def render_page(n: int, i: int) -> bytes:
    paras = "".join(f"<p>{escape(p)}</p>" for p in item_paragraphs(n, i))
    return (
        f"<!doctype html><html><head><title>{escape(item_title(n, i))}</title></head><body>"
        f"<article><h1>{escape(item_title(n, i))}</h1><p class='byline'>By Staff</p>{paras}"
        "</article></body></html>"
    ).encode()


def feed_url(bases: list[str], n: int) -> str:
    return f"{bases[n % len(bases)]}/f/{n}.xml"


def page_path(n: int, i: int) -> str:
    return f"/a/{n}/{i}.html"


# ---------------------------------------------------------------- the feed server (child process)


def serve_feeds(args: argparse.Namespace) -> None:
    """Feed server: prints {"bases": [...], "control": url} and serves until stdin closes."""
    from aiohttp import web

    revealed = [0] * args.feeds
    st: dict[str, Any] = {"frozen": False, "hold": False, "held": None, "feeds": 0, "pages": 0}
    events = {"held": asyncio.Event(), "release": asyncio.Event()}

    async def feed(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if not 0 <= n < args.feeds:
            raise web.HTTPNotFound()
        if not st["frozen"]:
            revealed[n] += 1
        count = revealed[n]
        st["feeds"] += 1
        if st["hold"]:
            st["hold"] = False
            peer = request.transport.get_extra_info("peername") if request.transport else None
            st["held"] = {"port": peer[1] if peer else None, "feed": n}
            events["held"].set()
            release = events["release"]
            try:
                await asyncio.wait_for(release.wait(), 120)
            except TimeoutError:
                pass
        base = f"http://{request.host}"
        return web.Response(
            body=render_feed(n, count, base, args.window), content_type="application/rss+xml"
        )

    async def page(request: web.Request) -> web.Response:
        n, i = int(request.match_info["n"]), int(request.match_info["i"])
        if not (0 <= n < args.feeds and 0 <= i < revealed[n]):
            raise web.HTTPNotFound()
        st["pages"] += 1
        return web.Response(body=render_page(n, i), content_type="text/html")

    async def control(request: web.Request) -> web.Response:
        what = request.match_info["what"]
        if what == "hold":
            events["held"], events["release"] = asyncio.Event(), asyncio.Event()
            st["held"], st["hold"] = None, True
        elif what == "held":
            try:
                await asyncio.wait_for(events["held"].wait(), float(request.query["timeout"]))
            except TimeoutError:
                st["hold"] = False
        elif what == "release":
            st["hold"] = False
            events["release"].set()
        elif what == "freeze":
            st["frozen"] = True
        elif what != "stats":
            raise web.HTTPNotFound()
        return web.json_response(
            {
                "held": st["held"],
                "feeds": st["feeds"],
                "pages": st["pages"],
                "revealed": revealed if what == "stats" else None,
            }
        )

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/f/{n}.xml", feed)
        app.router.add_get("/a/{n}/{i}.html", page)
        app.router.add_post("/_ctl/{what}", control)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        bases = []
        for h in range(args.hosts):
            host = f"127.0.0.{h + 1}"
            site = web.TCPSite(runner, host, 0, backlog=1024)
            await site.start()
            port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            bases.append(f"http://{host}:{port}")
        print(json.dumps({"bases": bases, "control": f"{bases[0]}/_ctl"}), flush=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes the pipe
        await runner.cleanup()

    asyncio.run(main())


class FeedServer:
    def __init__(self, feeds: int, hosts: int, window: int):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "serve-feeds",
                f"--feeds={feeds}",
                f"--hosts={hosts}",
                f"--window={window}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        info = json.loads(self.proc.stdout.readline())
        self.bases: list[str] = info["bases"]
        self.control_url: str = info["control"]
        self.ports = {int(b.rsplit(":", 1)[1]) for b in self.bases}

    def control(self, what: str, timeout: float = 0) -> dict[str, Any]:
        import urllib.request

        req = urllib.request.Request(
            f"{self.control_url}/{what}?timeout={timeout}", data=b"", method="POST"
        )
        with urllib.request.urlopen(req, timeout=timeout + 30) as r:  # noqa: S310 - loopback
            return json.loads(r.read())

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------- the fake Bot API, holding a send


def holding_bot_api() -> Any:
    from fakebotapi import FakeBotAPI, Limits, _Handler  # noqa: PLC2701 - the tests' fake

    local = threading.local()

    class HoldingBotAPI(FakeBotAPI):
        """The tests' fake Bot API that can hold the next sendMessage until released, and says
        which client port sent it."""

        def __init__(self) -> None:
            super().__init__(token=TOKEN, limits=Limits())
            self.hold_armed = False
            self.held_port: int | None = None
            self.held = threading.Event()
            self.release = threading.Event()

        def arm(self) -> None:
            with self.lock:
                self.held.clear()
                self.release.clear()
                self.held_port = None
                self.hold_armed = True

        def disarm(self) -> None:
            with self.lock:
                self.hold_armed = False
            self.release.set()

        def handle(self, method: str, params: dict[str, Any], token: str, *more: Any) -> Any:
            if method == "sendMessage":
                with self.lock:
                    take = self.hold_armed
                    self.hold_armed = False
                if take:
                    self.held_port = getattr(local, "port", None)
                    self.held.set()
                    self.release.wait(120)
            return super().handle(method, params, token, *more)

        def start(self) -> HoldingBotAPI:
            from http.server import ThreadingHTTPServer

            server = self

            class Handler(_Handler):
                api = server

                def do_POST(self) -> None:  # noqa: N802
                    local.port = self.client_address[1]
                    super().do_POST()

                do_GET = do_POST  # noqa: N815

            class Server(ThreadingHTTPServer):
                def handle_error(self, request: Any, client_address: Any) -> None:
                    if not isinstance(sys.exc_info()[1], ConnectionError):  # a killed sender
                        super().handle_error(request, client_address)

            self._httpd = Server(("127.0.0.1", self.port), Handler)
            self._httpd.daemon_threads = True
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
            return self

    return HoldingBotAPI().start()


# ---------------------------------------------------------------- /proc


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, CPU ticks of the process and its reaped children)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    f = raw[raw.rindex(")") + 2 :].split()
    return int(f[1]), int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            s = _stat(int(d))
            if s:
                kids.setdefault(s[0], []).append(int(d))
    return kids


def tree(roots: list[int], kids: dict[int, list[int]] | None = None) -> list[int]:
    kids = kids if kids is not None else _children()
    out, todo = [], list(roots)
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def cpu_seconds(roots: list[int], kids: dict[int, list[int]] | None = None) -> float:
    return sum((s[1] if (s := _stat(p)) else 0) for p in tree(roots, kids)) / CLK


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    total = sum(f[:8])
    return (total - f[3] - f[4]) / CLK, total / CLK


def owner_of_connection(client_port: int, server_ports: set[int], pids: list[int]) -> int | None:
    """The pid (among `pids` and their children) whose socket is 127.0.0.x:client_port talking
    to one of server_ports."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            local, remote = f[1], f[2]
            if (
                int(local.rsplit(":", 1)[1], 16) == client_port
                and int(remote.rsplit(":", 1)[1], 16) in server_ports
            ):
                inode = f[9]
                break
        if inode:
            break
    if not inode or inode == "0":
        return None
    want = f"socket:[{inode}]"
    kids = _children()
    for root in pids:
        for p in tree([root], kids):
            try:
                fds = os.listdir(f"/proc/{p}/fd")
            except OSError:
                continue
            for fd in fds:
                try:
                    if os.readlink(f"/proc/{p}/fd/{fd}") == want:
                        return root
                except OSError:
                    continue
    return None


# ---------------------------------------------------------------- the project and the workers


def write_project(
    folder: Path, url: str, bases: list[str], feeds: int, api: str, args: argparse.Namespace
) -> list[Path]:
    import yaml

    rules = folder / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    for t in STORIES:
        (rules / f"{t}.yaml").write_text(
            yaml.safe_dump(
                {
                    "id": t,
                    "title": f"The {t} contract",
                    "match": {"any": [f"{t} contract"], "fields": ["title", "summary", "content"]},
                }
            ),
            encoding="utf-8",
        )
    configs = []
    for k in range(args.max_workers):
        config = {
            "rules_dir": "rules",
            "store": {"url": url},
            "matching": args.matching,
            "poll": {
                "interval": f"{args.interval}s",
                "min_interval": f"{args.interval}s",
                "jitter": 0,
                "timeout": 20,
                "concurrency": args.concurrency,
                "per_host": args.per_host,
                "parse_workers": args.parse_workers,
                "allow_private": True,
            },
            "telegram": {"api_base_url": api},
            "web": {"listen": "off"},
            "feeds": [{"url": feed_url(bases, n)} for n in range(feeds)],
        }
        for extra in args.config_extra:  # e.g. workers.lease=60s once the product has such keys
            key, value = extra.split("=", 1)
            node = config
            *path, last = key.split(".")
            for p in path:
                node = node.setdefault(p, {})
            node[last] = yaml.safe_load(value)
        path = folder / f"worker{k}.yaml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        configs.append(path)
    return configs


def seed_chats(url: str, first: int, count: int) -> None:
    """New subscribers: chats subscribed to every story, their cursor at its newest verdict (as
    /subscribe does), their subscription dated two days back so that a digest slot has passed:
    each is due a digest of what is judged after this moment, queued at the workers' next
    schedule check that finds news for it."""
    from watchers.store import Store

    store = Store(url)
    then = datetime.now(UTC) - timedelta(days=2)
    for c in range(first, first + count):
        chat = 50_000 + c
        store.ensure_chat(chat, now=then)
        for t in STORIES:
            store.subscribe(chat, t, now=then)
    store.close()


def poll_worker(args: argparse.Namespace) -> None:
    """--mode poll: one worker as a plain loop of poll(worker_id=...) (no Telegram side)."""
    import multiprocessing

    from watchers.config import load_config, load_rules
    from watchers.fetch import Fetcher
    from watchers.parse import ParsePool
    from watchers.pipeline import Judges, poll
    from watchers.store import Store

    config = load_config(args.config)
    rules = load_rules(config.rules_path)
    store = Store(config.store_location)
    judges = Judges(store, config.matching)
    parser = ParsePool(config.poll.parse_workers, context=multiprocessing.get_context("spawn"))

    async def loop() -> None:
        async with Fetcher(config.poll) as fetcher:
            while True:
                report = await poll(
                    config,
                    rules,
                    store,
                    fetcher,
                    judges,
                    parser=parser,
                    worker_id=f"bench:{os.getpid()}:{args.slot}",
                    lease_seconds=args.lease,
                    claim_limit=args.claim,
                )
                if not report.polled:
                    await asyncio.sleep(0.5)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        asyncio.run(loop())
    finally:
        parser.close()


class Workers:
    """The worker processes, one per slot; a killed one is replaced as systemd would."""

    def __init__(self, configs: list[Path], args: argparse.Namespace, folder: Path):
        self.configs = configs
        self.args = args
        self.log = folder / "workers.log"
        self.procs: list[subprocess.Popen[bytes] | None] = []
        self.started = 0
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("CREDENTIALS_DIRECTORY", "JOURNAL_STREAM", "NOTIFY_SOCKET")
        }
        self.env.update(TELEGRAM_BOT_TOKEN=TOKEN, PYTHONUNBUFFERED="1")
        self.env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
        )

    def _spawn(self, slot: int) -> subprocess.Popen[bytes]:
        self.started += 1
        if self.args.mode == "run":
            cmd = [
                str(STORYWATCH),
                "run",
                "--config",
                str(self.configs[slot]),
                "--tick",
                str(self.args.tick),
            ]
        else:
            cmd = [
                sys.executable,
                __file__,
                "poll-worker",
                "--config",
                str(self.configs[slot]),
                "--slot",
                str(slot),
                "--lease",
                str(self.args.lease),
                "--claim",
                str(self.args.claim),
            ]
        with self.log.open("ab") as log:
            return subprocess.Popen(
                cmd, env=self.env, stdout=log, stderr=log, start_new_session=True
            )

    def start(self, n: int) -> None:
        self.procs = [self._spawn(k) for k in range(n)]

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p is not None and p.poll() is None]

    def slot_of(self, pid: int) -> int | None:
        return next((k for k, p in enumerate(self.procs) if p and p.pid == pid), None)

    def kill_and_restart(self, slot: int) -> None:
        proc = self.procs[slot]
        assert proc is not None
        # The whole session: the worker and its parse processes die together, as a lost machine.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        self.procs[slot] = self._spawn(slot)

    def stop(self) -> list[int | None]:
        codes: list[int | None] = []
        for p in self.procs:
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            if p is None:
                continue
            try:
                codes.append(p.wait(30))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                codes.append(p.wait())
            # parse processes left behind by a killed worker's session
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return codes


def db_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM judged), "
            "(SELECT COUNT(*) FROM outbox WHERE status = 'sent'), (SELECT COUNT(*) FROM outbox)"
        ).fetchone()
    assert row is not None
    return {"articles": row[0], "judged": row[1], "sent": row[2], "outbox": row[3]}


def postmaster_pid(cluster: Any) -> int:
    return int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])


# ---------------------------------------------------------------- throughput


def throughput(
    cluster: Any, workers_n: int, args: argparse.Namespace, folder: Path
) -> dict[str, Any]:
    url = cluster.create_database("bench")
    feeds = FeedServer(args.feeds, args.hosts, args.window)
    bot = holding_bot_api()
    run_folder = folder / f"throughput-{workers_n}"
    configs = write_project(run_folder, url, feeds.bases, args.feeds, bot.base, args)
    workers = Workers(configs, args, run_folder)
    try:
        workers.start(workers_n)
        time.sleep(args.warmup)
        seed_chats(url, 0, args.chats)  # digests to send during the window
        kids = _children()
        pg = postmaster_pid(cluster)
        s0 = feeds.control("stats")
        c0 = db_counts(url)
        cpu_w0 = cpu_seconds(workers.pids(), kids)
        cpu_pg0 = cpu_seconds([pg], kids)
        cpu_srv0 = cpu_seconds([feeds.proc.pid], kids)
        busy0, total0 = machine_busy()
        load0 = os.getloadavg()
        t0 = time.monotonic()
        sends0 = len(bot.sent)
        time.sleep(args.seconds)
        wall = time.monotonic() - t0
        kids = _children()
        s1 = feeds.control("stats")
        c1 = db_counts(url)
        cpu_w = cpu_seconds(workers.pids(), kids) - cpu_w0
        cpu_pg = cpu_seconds([pg], kids) - cpu_pg0
        cpu_srv = cpu_seconds([feeds.proc.pid], kids) - cpu_srv0
        busy1, total1 = machine_busy()
        load1 = os.getloadavg()
        sends = len(bot.sent) - sends0
        alive = len(workers.pids())
    finally:
        codes = workers.stop()
        log = workers.log.read_text(errors="replace") if workers.log.exists() else ""
        bot.stop()
        feeds.close()
    polled = s1["feeds"] - s0["feeds"]
    cores = os.cpu_count() or 1
    machine = (busy1 - busy0) / (total1 - total0) * cores  # cores busy on average
    return {
        "workers": workers_n,
        "alive_at_end": alive,
        "wall_s": round(wall, 1),
        "feeds_polled": polled,
        "pages_fetched": s1["pages"] - s0["pages"],
        "articles_stored": c1["articles"] - c0["articles"],
        "verdicts": c1["judged"] - c0["judged"],
        "messages_sent": sends,
        "outbox_rows_at_end": c1["outbox"],
        "bot_api_429": bot.stats.total_429,
        # whole run, warm-up included: polls, and cached ledgers dropped because another worker
        # recorded claims of the story since (Judges.refresh)
        "polls_logged": log.count("info polled feeds="),
        "ledger_reloads_logged": log.count("ledger_reloaded story="),
        "feeds_per_s": round(polled / wall, 1),
        "verdicts_per_s": round((c1["judged"] - c0["judged"]) / wall, 1),
        "articles_per_s": round((c1["articles"] - c0["articles"]) / wall, 1),
        "worker_cpu_s": round(cpu_w, 1),
        "postgres_cpu_s": round(cpu_pg, 1),
        "feed_server_cpu_s": round(cpu_srv, 1),
        "feeds_per_worker_cpu_s": round(polled / cpu_w, 1) if cpu_w else None,
        "verdicts_per_worker_cpu_s": round((c1["judged"] - c0["judged"]) / cpu_w, 2)
        if cpu_w
        else None,
        "feeds_per_cpu_s_with_postgres": round(polled / (cpu_w + cpu_pg), 1)
        if cpu_w + cpu_pg
        else None,
        "machine_cores_busy": round(machine, 2),
        "ours_cores_busy": round((cpu_w + cpu_pg + cpu_srv) / wall, 2),
        "load_avg_1m": [round(load0[0], 2), round(load1[0], 2)],
        "exit_codes": codes,
    }


# ---------------------------------------------------------------- crash test


def enqueue_batch(url: str, first: int, count: int) -> None:
    """An admin message to each chat of seed_chats(url, first, count)."""
    from watchers.store import Store

    store = Store(url)
    now = datetime.now(UTC)
    with store.transaction():
        for c in range(first, first + count):
            chat = 50_000 + c
            store.enqueue(
                chat,
                f"crash test message for chat {chat}",
                kind="admin",
                now=now,
                dedupe_key=f"bench:{chat}",
            )
    store.close()


def leases(url: str, pid: int) -> dict[str, int]:
    """What the worker process `pid` holds right now: feeds and outbox rows under a live lease
    (worker ids are host:pid:random for `storywatch run`, bench:pid:slot for --mode poll)."""
    import psycopg

    owner = f"%:{pid}:%"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT COUNT(*) FROM feeds WHERE lease_owner LIKE %s AND lease_until > %s",
            (owner, now),
        ).fetchone()
        held = {"feeds": int(row[0]) if row else 0}
        try:
            row = db.execute(
                "SELECT COUNT(*), COUNT(sending_at) FROM outbox WHERE lease_owner LIKE %s "
                "AND lease_until > %s AND status = 'pending'",
                (owner, now),
            ).fetchone()
            held |= {"outbox": int(row[0]), "outbox_on_wire": int(row[1])} if row else {}
        except psycopg.Error:  # no outbox leases in this version of the store
            pass
    return held


def crash(cluster: Any, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    import psycopg

    rng = random.Random(args.seed)
    url = cluster.create_database("crash")
    feeds = FeedServer(args.feeds, args.hosts, args.window)
    bot = holding_bot_api()
    run_folder = folder / "crash"
    configs = write_project(run_folder, url, feeds.bases, args.feeds, bot.base, args)
    workers = Workers(configs, args, run_folder)
    kills: list[dict[str, Any]] = []
    began = time.monotonic()
    try:
        workers.start(args.crash_workers)
        time.sleep(args.crash_warmup)
        # Messages during the kills, whatever their kind: digests (when news arrive after the
        # subscription) and an admin message to each chat.
        seed_chats(url, 100_000, args.batch)
        enqueue_batch(url, 100_000, args.batch)
        serial = 0
        attempts = 0
        while len(kills) < args.kills and attempts < args.kills * 10:
            attempts += 1
            kind = "poll" if len(kills) % 2 == 0 or args.mode == "poll" else "send"
            time.sleep(rng.uniform(min(1.0, args.max_gap), args.max_gap))
            if kind == "poll":
                feeds.control("hold")
                held = feeds.control("held", timeout=args.hold_timeout)["held"]
                port = held["port"] if held else None
                server_ports = feeds.ports
            else:
                # New subscribers (a digest each per story) and admin messages to them.
                seed_chats(url, serial * args.batch, args.batch)
                enqueue_batch(url, serial * args.batch, args.batch)
                serial += 1
                bot.arm()
                port = bot.held_port if bot.held.wait(args.hold_timeout) else None
                server_ports = {int(bot.base.rsplit(":", 1)[1])}
            pid = owner_of_connection(port, server_ports, workers.pids()) if port else None
            slot = workers.slot_of(pid) if pid else None
            if slot is None:
                (feeds.control("release") if kind == "poll" else bot.disarm())
                continue
            held_leases = leases(url, pid)
            if kind == "poll" and args.pure_poll_kills and held_leases.get("outbox"):
                feeds.control("release")  # it holds outbox rows too: wait for another moment
                continue
            workers.kill_and_restart(slot)
            (feeds.control("release") if kind == "poll" else bot.disarm())
            kills.append(
                {
                    "kind": kind,
                    "slot": slot,
                    "at_s": round(time.monotonic() - began, 1),
                    "leases_before_kill": held_leases,
                }
            )
            print(f"kill {len(kills)}/{args.kills}: {kills[-1]}", file=sys.stderr, flush=True)
        kill_phase = time.monotonic() - began

        # Drain: no more new items; every feed polled again after the freeze, the outbox empty.
        feeds.control("freeze")
        frozen_at = datetime.now(UTC)
        deadline = time.monotonic() + args.drain_timeout
        drained = False
        with psycopg.connect(url, autocommit=True) as db:
            while time.monotonic() < deadline:
                time.sleep(1)
                row = db.execute(
                    "SELECT (SELECT COUNT(*) FROM feeds WHERE last_poll_at IS NULL "
                    "OR last_poll_at < %s), (SELECT COUNT(*) FROM outbox WHERE status = 'pending')",
                    (frozen_at.isoformat(timespec="microseconds"),),
                ).fetchone()
                assert row is not None
                if row[0] == 0 and row[1] == 0:
                    drained = True
                    break
        drain_s = time.monotonic() - began - kill_phase
        time.sleep(args.tick * 2)
        codes = workers.stop()
        stats = feeds.control("stats")
    finally:
        if any(p and p.poll() is None for p in workers.procs):
            workers.stop()
        bot.disarm()
        feeds.close()

    result = check(url, stats["revealed"], bot, feeds.bases)
    bot.stop()
    result.update(
        {
            "workers": args.crash_workers,
            "kills": len(kills),
            "kills_mid_poll": sum(k["kind"] == "poll" for k in kills),
            "kills_mid_send": sum(k["kind"] == "send" for k in kills),
            "kill_attempts": attempts,
            "mid_poll_kills_holding_feed_leases": sum(
                k["kind"] == "poll" and k["leases_before_kill"]["feeds"] > 0 for k in kills
            ),
            "mid_send_kills_with_a_row_on_the_wire": sum(
                k["kind"] == "send" and k["leases_before_kill"].get("outbox_on_wire", 0) > 0
                for k in kills
            ),
            "kill_phase_s": round(kill_phase, 1),
            "drained": drained,
            "drain_s": round(drain_s, 1),
            "worker_processes_started": workers.started,
            "final_exit_codes": codes,
            "kill_log": kills,
        }
    )
    return result


def check(url: str, revealed: list[int], bot: Any, bases: list[str]) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        stored = Counter(u for (u,) in db.execute("SELECT url FROM articles"))
        judged = Counter(
            (s, u)
            for s, u in db.execute(
                "SELECT j.story, a.url FROM judged j JOIN articles a ON a.id = j.article_id"
            )
        )
        outbox = db.execute("SELECT chat_id, text, status, resent FROM outbox").fetchall()
        kinds = dict(db.execute("SELECT kind, COUNT(*) FROM outbox GROUP BY kind").fetchall())
        digest_keys = db.execute(
            "SELECT dedupe_key, created_at FROM outbox WHERE kind = 'digest'"
        ).fetchall()
    # One digest per subscriber and slot: the parts of one digest share its key
    # (digest:CHAT:STORY:LAST_ID:PART); the slot is the default daily one (digest.hour, UTC).
    from bot.schedule import last_slot
    from watchers.config import DigestConfig
    from watchers.store import parse_iso

    hour, tz = DigestConfig().hour, DigestConfig().timezone
    digests: dict[tuple[str, str, datetime], set[str]] = {}
    for key, created in digest_keys:
        _, chat, story, last_id, _ = str(key).split(":")
        slot = last_slot(parse_iso(created), hour, tz)
        digests.setdefault((chat, story, slot), set()).add(last_id)
    served = {(n, i) for n, count in enumerate(revealed) for i in range(count)}
    urls = {(n, i): f"{bases[n % len(bases)]}{page_path(n, i)}" for n, i in served}
    matching = {(n, i) for n, i in served if topic(n) in STORIES}
    received = Counter((s.chat_id, s.text) for s in bot.sent if s.method == "sendMessage")
    per_row = [received.get((c, t), 0) for c, t, _, _ in outbox]
    twice = [(n, r) for n, (_, _, _, r) in zip(per_row, outbox, strict=True) if n > 1]
    rows = {(c, t) for c, t, _, _ in outbox}
    return {
        "articles_served": len(served),
        "articles_not_stored": sum(1 for k in served if urls[k] not in stored),
        "articles_stored_twice": sum(1 for c in stored.values() if c > 1),
        "articles_to_judge": len(matching),
        "articles_not_judged": sum(1 for k in matching if (topic(k[0]), urls[k]) not in judged),
        "articles_judged_twice": sum(1 for c in judged.values() if c > 1),
        "verdicts": sum(judged.values()),
        "outbox_rows": len(outbox),
        "outbox_digest_rows": int(kinds.get("digest", 0)),
        "digests": sum(len(v) for v in digests.values()),
        "subscriptions_with_two_digests_in_a_slot": sum(1 for v in digests.values() if len(v) > 1),
        "outbox_not_sent": sum(1 for _, _, s, _ in outbox if s != "sent"),
        "messages_never_received": sum(1 for n in per_row if n == 0),
        "messages_received_twice": len(twice),
        "received_twice_flagged": sum(1 for _, r in twice if r > 0),
        "received_twice_not_flagged": sum(1 for _, r in twice if r == 0),
        "rows_flagged_resent": sum(1 for *_, r in outbox if r > 0),
        "sendmessage_calls_accepted": sum(received.values()),
        "sendmessage_not_from_outbox": sum(n for k, n in received.items() if k not in rows),
        "bot_api_429": bot.stats.total_429,
    }


INVARIANTS = (
    ("articles_not_stored", "every served article stored"),
    ("articles_stored_twice", "no article stored twice"),
    ("articles_not_judged", "every matching article judged"),
    ("articles_judged_twice", "no article judged twice"),
    ("outbox_not_sent", "every outbox row sent"),
    ("messages_never_received", "every message received at least once"),
    ("received_twice_not_flagged", "every message received twice flagged (resent > 0)"),
    ("subscriptions_with_two_digests_in_a_slot", "one digest per subscriber and slot"),
)


def failed_invariants(result: dict[str, Any]) -> list[str]:
    bad = [text for key, text in INVARIANTS if result[key] != 0]
    if not result["drained"]:
        bad.append("the workers drained the feeds and the outbox in time")
    return bad


# ---------------------------------------------------------------- main


def table(rows: list[dict[str, Any]], keys: list[str]) -> str:
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command")
    sf = sub.add_parser("serve-feeds")
    sf.add_argument("--feeds", type=int, required=True)
    sf.add_argument("--hosts", type=int, required=True)
    sf.add_argument("--window", type=int, required=True)
    pw = sub.add_parser("poll-worker")
    pw.add_argument("--config", required=True)
    pw.add_argument("--slot", required=True)
    pw.add_argument("--lease", type=float, required=True)
    pw.add_argument("--claim", type=int, required=True)

    ap.add_argument("--feeds", type=int, default=6000)
    ap.add_argument("--workers", default="1,2,4", help="worker counts for the throughput runs")
    ap.add_argument("--seconds", type=float, default=60, help="measured window per run")
    ap.add_argument("--warmup", type=float, default=20, help="seconds before the window")
    ap.add_argument("--kills", type=int, default=20, help="0: no crash test")
    ap.add_argument("--crash-workers", type=int, default=2)
    ap.add_argument("--crash-warmup", type=float, default=10)
    ap.add_argument("--max-gap", type=float, default=6.0, help="seconds between kills, at most")
    ap.add_argument("--hold-timeout", type=float, default=60)
    ap.add_argument(
        "--pure-poll-kills",
        action="store_true",
        help="kill mid-poll only a worker that holds no outbox rows (whose lease, 120 s, would "
        "hold up the drain)",
    )
    ap.add_argument("--drain-timeout", type=float, default=600)
    ap.add_argument(
        "--batch",
        type=int,
        default=10,
        help="chats subscribing (+ admin messages) before a send kill",
    )
    ap.add_argument("--chats", type=int, default=40, help="chats subscribing in a throughput run")
    ap.add_argument("--hosts", type=int, default=8, help="loopback addresses serving the feeds")
    ap.add_argument("--window", type=int, default=10, help="items a feed lists")
    ap.add_argument("--interval", type=float, default=10, help="poll.interval (s)")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--per-host", type=int, default=8)
    ap.add_argument("--parse-workers", type=int, default=1)
    ap.add_argument("--matching", default="embeddings", choices=("embeddings", "lexical"))
    ap.add_argument("--tick", type=float, default=1.0, help="storywatch run --tick")
    ap.add_argument(
        "--mode",
        default="run",
        choices=("run", "poll"),
        help="run: `storywatch run` workers; poll: poll(worker_id=...) loops, no sending",
    )
    ap.add_argument("--lease", type=float, default=30, help="--mode poll: feed lease seconds")
    ap.add_argument("--claim", type=int, default=100, help="--mode poll: feeds claimed per poll")
    ap.add_argument(
        "--config-extra",
        action="append",
        default=[],
        metavar="KEY=YAML",
        help="extra config.yaml setting for every worker (dotted key), repeatable",
    )
    ap.add_argument("--pg-durable", action="store_true", help="PostgreSQL with fsync on")
    ap.add_argument("--json", action="store_true", help="print the results as one JSON object")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (configs, logs)")
    args = ap.parse_args(argv)
    if args.command == "serve-feeds":
        serve_feeds(args)
        return 0
    if args.command == "poll-worker":
        poll_worker(args)
        return 0

    import shutil

    import pgcluster

    reason = pgcluster.unavailable_reason()
    if reason:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    counts = [int(x) for x in args.workers.split(",") if x.strip()]
    args.max_workers = max([*counts, args.crash_workers if args.kills else 0])
    folder = Path(tempfile.mkdtemp(prefix="storywatch-workers-"))
    os.chmod(folder, 0o755)
    cluster = pgcluster.start(durable=args.pg_durable)
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "mode": args.mode,
        "feeds": args.feeds,
        "load_avg_at_start": [round(x, 2) for x in os.getloadavg()],
        "throughput": [],
    }
    ok = True
    try:
        for n in counts:
            if args.seconds <= 0:
                break
            r = throughput(cluster, n, args, folder)
            print(f"throughput: {r}", file=sys.stderr, flush=True)
            results["throughput"].append(r)
        if args.kills:
            results["crash"] = crash(cluster, args, folder)
            bad = failed_invariants(results["crash"])
            results["crash"]["failed"] = bad
            ok = not bad
    finally:
        cluster.stop()
        results["workers_log_tail"] = _tail(folder)
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(results))
    else:
        print(json.dumps({k: v for k, v in results.items() if k != "throughput"}, indent=2))
        if results["throughput"]:
            print(
                table(
                    results["throughput"],
                    [
                        "workers",
                        "feeds_per_s",
                        "articles_per_s",
                        "verdicts_per_s",
                        "worker_cpu_s",
                        "postgres_cpu_s",
                        "feeds_per_worker_cpu_s",
                        "verdicts_per_worker_cpu_s",
                        "ours_cores_busy",
                        "machine_cores_busy",
                        "load_avg_1m",
                    ],
                )
            )
    return 0 if ok else 1


def _tail(folder: Path) -> list[str]:
    lines: list[str] = []
    for log in sorted(folder.glob("*/workers.log")):
        text = log.read_text(errors="replace").splitlines()
        lines += [f"{log.parent.name}: {x}" for x in text if "Traceback" in x or "ERROR" in x][-5:]
    return lines


if __name__ == "__main__":
    sys.exit(main())
