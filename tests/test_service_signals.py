"""The real `storywatch run` under a fake systemd: notify socket, watchdog, SIGHUP reload, SIGTERM stop.

The service runs as a subprocess with NOTIFY_SOCKET pointing at a datagram socket this test binds,
against a feed served on 127.0.0.1 and no Telegram token (console mode)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STORYWATCH = Path(sys.executable).parent / "storywatch"

QUAKE_RULE = """\
id: quake
title: Harbour quake
match:
  any: [earthquake]
"""
VOLCANO_RULE = """\
id: volcano
title: Ridge volcano
match:
  any: [eruption]
"""


class FeedServer:
    """An RSS feed on 127.0.0.1 whose items the test appends while the service runs."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []  # (guid, title, body)
        self.lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                body = owner.render().encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def add(self, guid: str, title: str, body: str) -> None:
        with self.lock:
            self.items.append((guid, title, body))

    def render(self) -> str:
        with self.lock:
            items = list(self.items)
        parts = []
        for n, (guid, title, body) in enumerate(items):
            parts.append(
                f"<item><guid>{guid}</guid><title>{title}</title>"
                f"<link>http://127.0.0.1/{guid}</link>"
                f"<pubDate>Mon, 02 Nov 2026 10:{n:02d}:00 GMT</pubDate>"
                f"<description>{body}</description>"
                f"<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            "<channel><title>Test wire</title><link>http://127.0.0.1/</link>"
            "<description>test</description>" + "".join(parts) + "</channel></rss>"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Running:
    proc: subprocess.Popen[str]
    notify: socket.socket
    messages: list[list[str]] = field(default_factory=list)
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 30) -> list[str]:
        """The next notification datagram (as lines) that satisfies `predicate`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.notify.settimeout(max(0.05, min(0.5, deadline - time.monotonic())))
            try:
                data = self.notify.recv(4096)
            except TimeoutError:
                if self.proc.poll() is not None:
                    break  # the service died; say so now rather than after the timeout
                continue
            lines = data.decode("utf-8").split("\n")
            self.messages.append(lines)
            if predicate(lines):
                return lines
        raise AssertionError(
            f"no matching notification in {timeout}s; got {self.messages}\n"
            f"stderr:\n{''.join(self.stderr)}"
        )

    def wait_output(self, text: str, timeout: float = 30, *, stream: str = "stdout") -> None:
        """Until `text` shows on the stream (read by a pump thread, so it may lag a datagram)."""
        lines = self.stdout if stream == "stdout" else self.stderr
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in "".join(lines):
                return
            time.sleep(0.1)
        raise AssertionError(
            f"{text!r} never printed; stdout:\n{''.join(self.stdout)}\nstderr:\n{''.join(self.stderr)}"
        )


def _has(key: str) -> Callable[[list[str]], bool]:
    return lambda lines: key in lines


def _status(lines: list[str]) -> str:
    return next((x.removeprefix("STATUS=") for x in lines if x.startswith("STATUS=")), "")


def _pump(stream: object, sink: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        sink.append(line)


@pytest.fixture
def feed() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def _write_config(tmp_path: Path, feed_url: str) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "quake.yaml").write_text(QUAKE_RULE, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(
        f"""\
rules_dir: rules
store:
  path: state.sqlite3
poll:
  interval: 1s
  min_interval: 1s
  jitter: 0
  fetch_pages: false
feeds:
  - url: {feed_url}
""",
        encoding="utf-8",
    )
    return config


@pytest.fixture
def service(tmp_path: Path, feed: FeedServer) -> Iterator[Running]:
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    config = _write_config(tmp_path, feed.url)
    state = tmp_path / "var"
    state.mkdir()
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TELEGRAM_BOT_TOKEN", "CREDENTIALS_DIRECTORY", "JOURNAL_STREAM")
    }
    env.update(
        NOTIFY_SOCKET=str(tmp_path / "notify"),
        WATCHDOG_USEC="1000000",  # pings every 0.5 s
        STATE_DIRECTORY=str(state),
        PYTHONUNBUFFERED="1",
    )
    proc = subprocess.Popen(
        [str(STORYWATCH), "run", "--config", str(config), "--tick", "0.5"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    running = Running(proc, notify)
    pumps = [
        threading.Thread(target=_pump, args=(stream, sink), daemon=True)
        for stream, sink in ((proc.stdout, running.stdout), (proc.stderr, running.stderr))
    ]
    for pump in pumps:
        pump.start()
    yield running
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for pump in pumps:
        pump.join(timeout=5)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    notify.close()


def test_ready_watchdog_reload_and_stop(service: Running, feed: FeedServer, tmp_path: Path) -> None:
    feed.add("a1", "Harbour earthquake", "An earthquake of magnitude 5 hit the harbour on Monday.")
    ready = service.wait_for(_has("READY=1"))
    assert "1 stories" in _status(ready)
    # READY=1 comes after the store exists: it was opened under $STATE_DIRECTORY.
    assert (tmp_path / "var" / "state.sqlite3").exists()
    service.wait_for(_has("WATCHDOG=1"), timeout=10)
    service.wait_output("digest: quake")

    # A good reload: a second story appears.
    (tmp_path / "rules" / "volcano.yaml").write_text(VOLCANO_RULE, encoding="utf-8")
    service.proc.send_signal(signal.SIGHUP)
    reloading = service.wait_for(_has("RELOADING=1"))
    assert any(x.startswith("MONOTONIC_USEC=") for x in reloading)
    assert "2 stories" in _status(service.wait_for(_has("READY=1")))

    # A broken edit: reported, and the previous two rules stay in force.
    (tmp_path / "rules" / "volcano.yaml").write_text(
        "id: volcano\nmatch: [unclosed\n", encoding="utf-8"
    )
    service.proc.send_signal(signal.SIGHUP)
    service.wait_for(_has("RELOADING=1"))
    assert "2 stories" in _status(service.wait_for(_has("READY=1")))
    service.wait_output("reload_failed", stream="stderr")
    service.wait_output("volcano.yaml", stream="stderr")
    feed.add("a2", "Ridge eruption", "The eruption of the ridge volcano began at dawn on Tuesday.")
    service.wait_output("digest: volcano")
    service.wait_for(_has("WATCHDOG=1"), timeout=10)  # the loop is still alive after the reloads

    service.proc.send_signal(signal.SIGTERM)
    service.wait_for(_has("STOPPING=1"), timeout=10)
    assert service.proc.wait(timeout=10) == 0
    from judge.ledger import COMPILED

    # The compiled lookup is in use wherever it was built: no warning about the slow one.
    assert ("ledger_lookup=python" in "".join(service.stderr)) is not COMPILED


def test_state_that_cannot_be_written_exits_non_zero(tmp_path: Path, feed: FeedServer) -> None:
    """A full disk, simulated with RLIMIT_FSIZE: a clear error, exit 1, and the next start catches up."""
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    config = _write_config(tmp_path, feed.url)
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "NOTIFY_SOCKET")}
    env["STATE_DIRECTORY"] = str(tmp_path / "var")
    # Create the (small) database first, then allow only a little more than it needs.
    first = subprocess.run(
        [str(STORYWATCH), "poll", "--once", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert first.returncode == 0, first.stderr
    body = "An earthquake struck the harbour district. " * 400  # ~17 kB per article
    for n in range(10):
        feed.add(f"big{n}", f"Harbour earthquake report {n}", f"{body} Report number {n}.")
    # Room for the existing file and the 32 kB WAL index, not for the ~200 kB this poll writes.
    limit = max((tmp_path / "var" / "state.sqlite3").stat().st_size, 32768) + 64 * 1024
    launcher = (
        "import os, resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit})); "
        "os.execv(sys.argv[1], sys.argv[1:])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", launcher, str(STORYWATCH), "run", "--config", str(config)],
        env=env | {"STORYWATCH_NO_C": "1"},  # also: the Python ledger lookup, and its warning
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "store_unwritable" in proc.stderr
    assert "free disk space" in proc.stderr
    assert "ledger_lookup=python" in proc.stderr and "gcc python3-dev" in proc.stderr

    # With room again, nothing was lost: the same 10 articles are judged on the next poll.
    again = subprocess.run(
        [str(STORYWATCH), "poll", "--once", "--json", "--config", str(config)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr
    assert len(again.stdout.splitlines()) == 10
