"""Poll benchmark: N static feeds from nginx on 127.0.0.1, our fetch+parse path side by side with lemon24/reader.

    .venv/bin/python benchmarks/poll.py --feeds 1000 --feeds 6000 [--reader-python /tmp/readervenv/bin/python]

For each N: generate N RSS 2.0 feeds of 20 entries, serve them from nginx (nginx-light; it answers
If-None-Match / If-Modified-Since with 304 itself), then in a fresh subprocess per contender
measure the first poll (all 200, every feed parsed) and a re-poll (all 304), wall time and peak
RSS. Ours: watchers.fetch.Fetcher (concurrency 32 on the one host) with watchers.parse.ParsePool
(2 worker processes; parse_feed reads these well-formed RSS 2.0 files with its lxml fast path,
which gives feedparser's results, and falls back to feedparser otherwise; the driver reports how
many of the feeds the fast path accepts, and the CPU seconds of the main process over both
polls and of the workers over their lifetime). reader: make_reader +
update_feeds(scheduled=False) (every feed, due or not), otherwise its defaults (workers=1), in
its own virtualenv (`python3 -m venv /tmp/readervenv &&
/tmp/readervenv/bin/pip install reader sgmllib3k`). Results are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "port authority tender council harbour contract bidders audit file minister report police "
    "statement company board member spokesperson documents published evidence court ruling vote "
    "budget weather ferry bridge river water school hospital election court local national"
).split()


# ---------------------------------------------------------------- feeds and nginx


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join(words).capitalize() + "."


def write_feeds(directory: Path, n: int, entries: int = 20, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, tzinfo=UTC)
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        items = []
        for j in range(entries):
            when = format_datetime(start + timedelta(minutes=37 * j + i), usegmt=True)
            paras = "".join(f"<p>{_sentence(rng)} {_sentence(rng)}</p>" for _ in range(2))
            items.append(
                f"<item><title>{_sentence(rng)[:-1]}</title>"
                f"<link>https://site{i % 300}.example/news/{i}/{j}?utm_source=rss</link>"
                f'<guid isPermaLink="false">feed{i}-item{j}</guid><pubDate>{when}</pubDate>'
                f"<description><![CDATA[{paras}]]></description></item>"
            )
        doc = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Feed {i}</title><link>https://site{i % 300}.example/</link>"
            f"<description>Benchmark feed {i}</description><ttl>15</ttl>{''.join(items)}</channel></rss>\n"
        )
        (directory / f"f{i}.xml").write_text(doc, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


NGINX_CONF = """
worker_processes 1;
error_log {tmp}/error.log warn;
pid {tmp}/nginx.pid;
events {{ worker_connections 8192; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    default_type application/rss+xml;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    open_file_cache max=20000 inactive=120s;
    server {{
        listen 127.0.0.1:{port} backlog=4096;
        root {root};
        etag on;
    }}
}}
"""


class Nginx:
    def __init__(self, root: Path, tmp: Path):
        self.root, self.tmp = root, tmp
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Nginx:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = self.tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=self.tmp, port=self.port, root=self.root))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the temp dir
        conf.write_text(user + conf.read_text())
        self.proc = subprocess.Popen(
            [nginx, "-c", str(conf), "-p", str(self.tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    raise SystemExit(f"nginx did not start: {err}") from None
                time.sleep(0.05)
        raise SystemExit("nginx did not start within 10 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


# ---------------------------------------------------------------- contenders (run in subprocesses)


def run_ours(base: str, n: int, workers: int, concurrency: int) -> dict[str, float]:
    import asyncio

    from watchers.config import PollConfig
    from watchers.fetch import Fetcher
    from watchers.parse import ParsePool

    urls = [f"{base}/f{i}.xml" for i in range(n)]
    state: dict[str, tuple[str | None, str | None]] = {}
    parser = ParsePool(workers)
    poll = PollConfig(concurrency=concurrency, per_host=min(concurrency, 32), timeout=30.0)

    async def one_poll(fetcher: Fetcher) -> dict[str, int]:
        now = datetime.now(UTC)
        counts = {"ok": 0, "not_modified": 0, "errors": 0, "entries": 0}
        # Feeds between fetch and parse at once: bodies never pile up ahead of the parsers.
        in_flight = asyncio.Semaphore(concurrency)

        async def one(url: str) -> None:
            async with in_flight:
                etag, modified = state.get(url, (None, None))
                r = await fetcher.fetch(url, etag=etag, last_modified=modified)
                if r.error:
                    counts["errors"] += 1
                    return
                state[url] = (r.etag, r.last_modified)
                if r.status == 304:
                    counts["not_modified"] += 1
                    return
                parsed = await parser.parse(
                    r.body, url=r.final_url, content_type=r.content_type, now=now
                )
                counts["ok"] += 1
                counts["entries"] += len(parsed.entries)

        await asyncio.gather(*(one(u) for u in urls))
        return counts

    async def main() -> dict[str, float]:
        # Warm the workers before the clock, as a long-running service would have them.
        await asyncio.gather(
            *(
                parser.parse(b"", url="http://warm.example/", now=datetime.now(UTC))
                for _ in range(4)
            )
        )
        async with Fetcher(poll) as fetcher:
            cpu0 = time.process_time()
            t0 = time.perf_counter()
            first = await one_poll(fetcher)
            t1 = time.perf_counter()
            again = await one_poll(fetcher)
            t2 = time.perf_counter()
            cpu_main = time.process_time() - cpu0
        return {
            "cpu_main_s": cpu_main,
            "first_s": t1 - t0,
            "repoll_s": t2 - t1,
            "first_ok": first["ok"],
            "entries": first["entries"],
            "repoll_304": again["not_modified"],
            "errors": first["errors"] + again["errors"],
        }

    result = asyncio.run(main())
    parser.close()  # joins the workers, so RUSAGE_CHILDREN counts them
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result["cpu_workers_s"] = children.ru_utime + children.ru_stime  # with their start-up
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rss_worker_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def run_reader(base: str, n: int, db: str) -> dict[str, float]:
    from reader import make_reader

    reader = make_reader(db)
    for i in range(n):
        reader.add_feed(f"{base}/f{i}.xml")
    # scheduled=False: reader 3.x otherwise skips feeds not yet due (1 h by default), and the
    # re-poll would fetch nothing at all.
    t0 = time.perf_counter()
    reader.update_feeds(scheduled=False)
    t1 = time.perf_counter()
    entries = reader.get_entry_counts().total
    reader.update_feeds(scheduled=False)
    t2 = time.perf_counter()
    reader.close()
    return {
        "first_s": t1 - t0,
        "repoll_s": t2 - t1,
        "entries": entries,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def fast_share(directory: Path, n: int) -> int:
    """How many of the feeds parse_feed reads with its lxml fast path (outside any timing)."""
    sys.path.insert(0, str(ROOT))
    from watchers.parse import fast_path_accepts

    return sum(
        fast_path_accepts(
            (directory / f"f{i}.xml").read_bytes(),
            url=f"http://127.0.0.1/f{i}.xml",
            content_type="application/rss+xml",
        )
        for i in range(n)
    )


def contender(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


# ---------------------------------------------------------------- driver


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--feeds", type=int, action="append", help="number of feeds (repeatable)")
    ap.add_argument(
        "--workers", type=int, default=2, help="parse processes for ours (0: parse inline)"
    )
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument(
        "--reader-python", default="/tmp/readervenv/bin/python", help="'' to skip reader"
    )
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per contender; the best is reported"
    )
    ap.add_argument("--_ours", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--_reader", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args._ours:
        sys.path.insert(0, str(ROOT))
        base, n = args._ours
        print(json.dumps(run_ours(base, int(n), args.workers, args.concurrency)))
        return
    if args._reader:
        base, n, db = args._reader
        print(json.dumps(run_reader(base, int(n), db)))
        return

    rows = []
    for n in args.feeds or [1000]:
        with tempfile.TemporaryDirectory(prefix="storywatch-bench-") as tmp_name:
            tmp = Path(tmp_name)
            write_feeds(tmp / "feeds", n)
            size = sum(p.stat().st_size for p in (tmp / "feeds").iterdir()) / n
            fast = fast_share(tmp / "feeds", n)
            with Nginx(tmp / "feeds", tmp) as nginx:
                base = f"http://127.0.0.1:{nginx.port}"
                me = [
                    sys.executable,
                    __file__,
                    "--workers",
                    str(args.workers),
                    "--concurrency",
                    str(args.concurrency),
                ]
                ours = min(
                    (contender([*me, "--_ours", base, str(n)]) for _ in range(args.repeat)),
                    key=lambda r: r["first_s"] + r["repoll_s"],
                )
                theirs = None
                if args.reader_python:
                    runs = []
                    for k in range(args.repeat):
                        db = str(tmp / f"reader{k}.sqlite")
                        runs.append(
                            contender([args.reader_python, __file__, "--_reader", base, str(n), db])
                        )
                    theirs = min(runs, key=lambda r: r["first_s"] + r["repoll_s"])
            rows.append((n, size, ours, theirs))
            print(f"n={n}: ours={ours} reader={theirs}", file=sys.stderr)
            print(f"n={n}: lxml fast path accepts {fast}/{n} feeds", file=sys.stderr)

    print(
        "| feeds | avg feed size | contender | first poll | re-poll (all 304) | peak RSS | entries |"
    )
    print("|---|---|---|---|---|---|---|")
    for n, size, ours, theirs in rows:
        worker = f" (+ {ours['rss_worker_mb']:.0f} MB per parse worker)" if args.workers else ""
        print(
            f"| {n} | {size / 1024:.1f} KB | storywatch | {ours['first_s']:.2f} s | {ours['repoll_s']:.2f} s "
            f"| {ours['rss_mb']:.0f} MB{worker} | {ours['entries']:.0f} |"
        )
        print(
            f"|  | | (CPU, both polls) | main {ours['cpu_main_s']:.2f} s, "
            f"workers {ours['cpu_workers_s']:.2f} s | | | |"
        )
        if theirs:
            print(
                f"| {n} | | reader 3.26 | {theirs['first_s']:.2f} s | {theirs['repoll_s']:.2f} s "
                f"| {theirs['rss_mb']:.0f} MB | {theirs['entries']:.0f} |"
            )
            print(
                f"| {n} | | ratio reader/ours | {theirs['first_s'] / ours['first_s']:.1f}x "
                f"| {theirs['repoll_s'] / ours['repoll_s']:.1f}x | | |"
            )


if __name__ == "__main__":
    main()
