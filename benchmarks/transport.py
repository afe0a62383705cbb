"""CPU cost of re-polling N unchanged feeds (all 304) through watchers.fetch.Fetcher, per transport.

    .venv/bin/python benchmarks/transport.py --feeds 6000 --concurrency 32 --repeat 3

A small HTTP/1.1 server runs in its own process on 127.0.0.1 (stdlib asyncio; it answers a
request carrying If-None-Match with a 304 and any other with a 200 and a short RSS body, and keeps
connections alive). Each contender runs in a fresh subprocess: one first poll (all 200, not
measured) to open the connections and warm the imports, then `--repeat` re-polls of every feed
with its ETag (all 304), each measured as the process's CPU seconds (time.process_time) and wall
seconds. The server's CPU is not counted. Contenders:

- `aiohttp`: the Fetcher's own transport (httpx_aiohttp.AiohttpTransport on an aiohttp
  ClientSession: aiohttp's C parser, the stale-bytes guard and the public-address resolver);
- `httpx`: httpx.AsyncHTTPTransport (httpcore over anyio), httpx's own;
- `http11`: the hand-written watchers/http11.py (asyncio streams + h11) that issue 14 removed,
  loaded from git at --http11-rev (default 14d15dc, the last commit that had it);
- `aiohttp-raw`: aiohttp's ClientSession alone, without httpx or Fetcher (the floor).

Local servers only; the request loops are bounded by --feeds and --repeat.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENDERS = ("aiohttp", "httpx", "http11", "aiohttp-raw")
BODY = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


# ---------------------------------------------------------------- the server (its own process)


class _Http(asyncio.Protocol):
    connections = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buf = b""
        _Http.connections += 1

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if not sep:
                return
            self.buf = rest
            lines = head.split(b"\r\n")
            path = lines[0].split(b" ")[1]
            etag = next((ln for ln in lines[1:] if ln.lower().startswith(b"if-none-match:")), None)
            if path == b"/_stats":
                body = json.dumps({"connections": _Http.connections}).encode()
                head_out = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                self.transport.write(head_out + b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
            elif etag is not None:
                self.transport.write(
                    b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\nContent-Length: 0\r\n\r\n'
                )
            else:
                self.transport.write(
                    b'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: "v1"\r\n'
                    b"Content-Length: %d\r\n\r\n%s" % (len(BODY), BODY)
                )


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", 0, backlog=4096)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    # Runs until its parent closes stdin (or kills it).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


# ---------------------------------------------------------------- one contender (its own process)


def _transport(name: str, concurrency: int):  # -> httpx.AsyncBaseTransport | None
    import httpx

    if name == "httpx":
        return httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        )
    if name == "http11":
        import importlib.util

        path = os.environ["STORYWATCH_HTTP11_FILE"]
        spec = importlib.util.spec_from_file_location("http11_removed", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.Http11Transport(max_idle_per_origin=concurrency, max_idle=2 * concurrency)
    return None  # "aiohttp": the Fetcher's own


async def _run(name: str, base: str, n: int, concurrency: int, repeat: int) -> dict[str, object]:
    urls = [f"{base}/feed/{i}" for i in range(n)]
    polls: list[dict[str, float]] = []
    if name == "aiohttp-raw":
        import aiohttp

        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            sem = asyncio.Semaphore(concurrency)

            async def raw(url: str, etag: str | None) -> int:
                headers = {"If-None-Match": etag} if etag else {}
                async with sem, session.get(url, headers=headers) as resp:
                    await resp.read()
                    return resp.status

            await asyncio.gather(*(raw(u, None) for u in urls))
            for _ in range(repeat):
                cpu, wall = time.process_time(), time.perf_counter()
                statuses = await asyncio.gather(*(raw(u, '"v1"') for u in urls))
                polls.append(
                    {
                        "cpu": time.process_time() - cpu,
                        "wall": time.perf_counter() - wall,
                        "not_modified": statuses.count(304),
                    }
                )
        return {"polls": polls}

    from watchers.config import PollConfig
    from watchers.fetch import Fetcher

    # allow_private is left false: the feeds' own host:port (named) may be loopback, as in service.
    poll = PollConfig(timeout=60, concurrency=concurrency, per_host=min(concurrency, 32))
    async with Fetcher(poll, transport=_transport(name, concurrency)) as fetcher:
        first = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
        bad = [r.error for r in first if r.status != 200]
        if bad:
            raise SystemExit(f"{name}: first poll failed: {bad[:3]}")
        for _ in range(repeat):
            cpu, wall = time.process_time(), time.perf_counter()
            results = await asyncio.gather(*(fetcher.fetch(u, etag='"v1"') for u in urls))
            polls.append(
                {
                    "cpu": time.process_time() - cpu,
                    "wall": time.perf_counter() - wall,
                    "not_modified": sum(r.status == 304 for r in results),
                }
            )
    return {"polls": polls}


def _contender(
    name: str, base: str, n: int, concurrency: int, repeat: int, env: dict[str, str]
) -> dict[str, object]:
    cmd = [
        sys.executable,
        __file__,
        "--_contender",
        name,
        "--_base",
        base,
        "--feeds",
        str(n),
        "--concurrency",
        str(concurrency),
        "--repeat",
        str(repeat),
    ]
    out = subprocess.run(
        cmd, capture_output=True, text=True, cwd=ROOT, check=False, timeout=900, env=env
    )
    if out.returncode != 0:
        raise SystemExit(f"{name} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--feeds", type=int, default=6000, help="feeds per poll (default 6000)")
    ap.add_argument("--concurrency", type=int, default=32, help="requests in flight (default 32)")
    ap.add_argument("--repeat", type=int, default=3, help="measured re-polls each (default 3)")
    ap.add_argument(
        "--transport",
        action="append",
        choices=CONTENDERS,
        help="a contender (repeatable; default: all that can be imported)",
    )
    ap.add_argument(
        "--http11-rev",
        default="14d15dc",
        help="git revision to load watchers/http11.py from for the http11 contender",
    )
    ap.add_argument("--_contender", help=argparse.SUPPRESS)
    ap.add_argument("--_base", help=argparse.SUPPRESS)
    ap.add_argument("--_serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not 1 <= args.feeds <= 100_000 or not 1 <= args.repeat <= 20:
        ap.error("--feeds must be 1..100000 and --repeat 1..20")
    sys.path.insert(0, str(ROOT))
    if args._serve:
        asyncio.run(_serve())
        return
    if args._contender:
        result = asyncio.run(
            _run(args._contender, args._base, args.feeds, args.concurrency, args.repeat)
        )
        print(json.dumps(result))
        return

    names = args.transport or list(CONTENDERS)
    env = dict(os.environ)
    tmp = tempfile.TemporaryDirectory()
    if "http11" in names:
        source = subprocess.run(
            ["git", "show", f"{args.http11_rev}:watchers/http11.py"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if source.returncode != 0:
            ap.error(f"cannot load watchers/http11.py at {args.http11_rev}: {source.stderr}")
        env["STORYWATCH_HTTP11_FILE"] = str(Path(tmp.name) / "http11.py")
        Path(env["STORYWATCH_HTTP11_FILE"]).write_text(source.stdout, encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, __file__, "--_serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{int(server.stdout.readline())}"
        print(
            f"{args.feeds} unchanged feeds on one host, concurrency {args.concurrency}, "
            f"{args.repeat} re-polls each (median; min-max)\n"
        )
        print("| transport | CPU s per re-poll | per request | wall s | 304s |")
        print("|---|---|---|---|---|")
        for name in names:
            polls = _contender(name, base, args.feeds, args.concurrency, args.repeat, env)["polls"]
            assert isinstance(polls, list)
            cpu = [p["cpu"] for p in polls]
            wall = [p["wall"] for p in polls]
            med = statistics.median(cpu)
            print(
                f"| {name} | {med:.2f} ({min(cpu):.2f}-{max(cpu):.2f}) "
                f"| {1000 * med / args.feeds:.2f} ms | {statistics.median(wall):.2f} "
                f"| {min(p['not_modified'] for p in polls)}/{args.feeds} |",
                flush=True,
            )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        tmp.cleanup()


if __name__ == "__main__":
    main()
