"""`storywatch run` while Telegram cannot be reached: it polls and judges anyway, says READY with what
is waiting, and delivers the outbox once the Bot API answers (here: the fake one, started late on the
port the service was told to use). A token Telegram rejects is still a clear fatal error."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI
from test_service_signals import STORYWATCH, FeedServer, Running, _has, _pump, _status

from watchers.store import Store

TOKEN = "123:TEST"
CHAT = 10


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def feed() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


def _project(tmp_path: Path, feed_url: str, api_base: str) -> tuple[Path, Path]:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "quake.yaml").write_text(
        "id: quake\ntitle: Harbour quake\nmatch:\n  any: [earthquake]\n", encoding="utf-8"
    )
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
telegram:
  api_base_url: {api_base}
  admins: [{CHAT}]
feeds:
  - url: {feed_url}
""",
        encoding="utf-8",
    )
    state = tmp_path / "var"
    state.mkdir()
    # A subscriber whose daily digest slot has passed: the first poll's article is due at once.
    store = Store(state / "state.sqlite3")
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    store.ensure_chat(CHAT, now=two_days_ago)
    store.subscribe(CHAT, "quake", now=two_days_ago, cursor=0)
    store.close()
    return config, state


def _start(tmp_path: Path, config: Path, state: Path) -> Running:
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    env = {
        k: v for k, v in os.environ.items() if k not in ("CREDENTIALS_DIRECTORY", "JOURNAL_STREAM")
    }
    env.update(
        NOTIFY_SOCKET=str(tmp_path / "notify"),
        STATE_DIRECTORY=str(state),
        TELEGRAM_BOT_TOKEN=TOKEN,
        PYTHONUNBUFFERED="1",
        NO_PROXY="127.0.0.1",
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
    for stream, sink in ((proc.stdout, running.stdout), (proc.stderr, running.stderr)):
        threading.Thread(target=_pump, args=(stream, sink), daemon=True).start()
    return running


def _stop(service: Running) -> int:
    """SIGTERM (when still running); the exit status. Safe to call twice."""
    if service.proc.poll() is None:
        service.proc.send_signal(signal.SIGTERM)
    try:
        return service.proc.wait(timeout=15)
    finally:
        if service.proc.poll() is None:
            service.proc.kill()
            service.proc.wait()
        for stream in (service.proc.stdout, service.proc.stderr):
            if stream is not None:
                stream.close()
        service.notify.close()


def _judged(state: Path) -> int:
    db = sqlite3.connect(state / "state.sqlite3")
    try:
        return int(db.execute("SELECT COUNT(*) FROM judged").fetchone()[0])
    finally:
        db.close()


def test_telegram_unreachable_at_start_polls_judges_and_delivers_when_it_is_back(
    tmp_path: Path, feed: FeedServer
) -> None:
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    port = _free_port()  # nothing listens there yet: connection refused, as in a network outage
    feed.add("q1", "Harbour earthquake", "An earthquake of magnitude 5 hit the harbour on Monday.")
    config, state = _project(tmp_path, feed.url, f"http://127.0.0.1:{port}")
    service = _start(tmp_path, config, state)
    api: FakeBotAPI | None = None
    try:
        ready = service.wait_for(_has("READY=1"))
        assert "Telegram unreachable since" in _status(ready), ready
        # The article is polled, judged and its digest queued while Telegram is away.
        waiting = service.wait_for(lambda lines: "1 message waiting" in _status(lines))
        assert _status(waiting).startswith("Telegram unreachable since"), waiting
        assert _judged(state) == 1
        assert service.proc.poll() is None
        assert "telegram_unreachable" in "".join(service.stderr)

        api = FakeBotAPI(token=TOKEN, port=port).start()
        assert api.wait_for(lambda: bool(api.messages(CHAT)), timeout=40), "".join(service.stderr)
        digest = api.messages(CHAT)[0]
        assert "Harbour quake" in digest.visible and "Harbour earthquake" in digest.visible
        # The status says so once the outbox is sent.
        back = service.wait_for(
            lambda lines: bool(_status(lines)) and "unreachable" not in _status(lines), timeout=10
        )
        assert "0 messages pending" in _status(back) or "messages pending" in _status(back)
        assert api.menu(CHAT) >= {"status", "reload"}
        assert _stop(service) == 0
        errors = [line for line in service.stderr if line.startswith(("error", "critical"))]
        assert errors == [], errors
    finally:
        _stop(service)  # also closes the pipes and the socket of a service that exited
        if api is not None:
            api.stop()


def test_a_token_rejected_once_telegram_is_back_stops_the_service_with_one_clear_line(
    tmp_path: Path, feed: FeedServer
) -> None:
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    port = _free_port()
    config, state = _project(tmp_path, feed.url, f"http://127.0.0.1:{port}")
    service = _start(tmp_path, config, state)
    api: FakeBotAPI | None = None
    try:
        service.wait_for(_has("READY=1"))
        api = FakeBotAPI(token="999:OTHER", port=port).start()  # our token gets 401
        deadline = time.monotonic() + 40
        while service.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert service.proc.wait(timeout=15) == 1
        time.sleep(0.3)  # the pump threads read the last lines
        text = "".join(service.stderr)
        assert "telegram_token_rejected" in text
        assert TOKEN not in text
    finally:
        _stop(service)  # also closes the pipes and the socket of a service that exited
        if api is not None:
            api.stop()


def test_a_bot_api_answering_502_at_start_is_retried_and_the_outbox_waits(tmp_path: Path) -> None:
    """In-process, with the real PTB application: getMe answers 502 three times (a proxy in front
    of a Bot API that is down); start() returns anyway, says what waits, and connects later."""
    import asyncio

    from fakebotapi import Limits, running, until
    from test_bot import Harness

    notes: list[str | None] = []

    async def main(api: FakeBotAPI) -> None:
        h = Harness(api, tmp_path, open=True)
        h.front.retry_min = 0.2
        h.store.ensure_chat(7, now=datetime.now(UTC))
        h.store.enqueue(7, "queued while down", kind="admin", now=datetime.now(UTC))
        api.fail("500", method="getMe", count=3, description="Bad Gateway")
        await h.front.start()
        try:
            notes.append(h.front.status_note())
            assert api.messages(7) == []
            await until(lambda: bool(api.messages(7)), timeout=15)
            notes.append(h.front.status_note())
        finally:
            await h.front.stop()
            h.store.close()

    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        asyncio.run(main(api))
    assert notes[0] is not None and notes[0].startswith("Telegram unreachable since ")
    assert notes[0].endswith("retrying; 1 message waiting")
    assert notes[1] is None
    assert [m.text for m in api.messages(7)] == ["queued while down"]
