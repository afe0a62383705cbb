"""The service's own steps, in-process: admin messages on feed health, parsing in worker processes."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml
from fakebotapi import running
from test_pipeline import ARTICLES, setup_project

from bot.demo import SampleServer
from bot.service import ConsoleFrontend, Service
from bot.service import run as service_run
from watchers.fetch import Fetcher
from watchers.parse import ParsePool


def test_a_feed_that_breaks_and_recovers_tells_the_admins_once_each(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    with SampleServer(ARTICLES[:1]) as server:
        cfg = setup_project(tmp_path, server)
        config = yaml.safe_load(cfg.read_text())
        config["feeds"] = [config["feeds"][0] | {"name": "Metro Daily"}]
        config["poll"]["min_interval"] = 1
        config["poll"]["interval"] = 1
        cfg.write_text(yaml.safe_dump(config))
        server.visible = 1
        out = io.StringIO()
        service = Service(cfg, out=out)
        service.frontend = ConsoleFrontend(service.state, service.store, out)
        service.parser = ParsePool(1)
        orig = server.route

        async def go() -> None:
            await service.frontend.start()
            async with Fetcher(service.state.config.poll) as fetcher:
                server.route = lambda path: (None, "") if path.endswith("feed.xml") else orig(path)
                await service.run_once(fetcher)
                service.store.db.execute("UPDATE feeds SET next_poll_at = NULL")
                await service.run_once(fetcher)  # still down: no second message
                server.route = orig
                service.store.db.execute("UPDATE feeds SET next_poll_at = NULL")
                await service.run_once(fetcher)

        try:
            asyncio.run(go())
        finally:
            service.parser.close()
            service.store.close()
        text = out.getvalue()
        assert text.count("storywatch: 1 feed(s) failing:\n- Metro Daily (") == 1
        assert "HTTP 404" in text
        assert text.count("storywatch: 1 feed(s) recovered:\n- Metro Daily (") == 1
        # The article that came with the recovery is judged (parsed in the worker process).
        assert "Ex-board member alleges harbour contract was signed early" in text


def _telegram_project(tmp_path: Path, api_base: str) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "h.yaml").write_text("id: h\ntitle: H\nmatch:\n  any: [harbour]\n")
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        yaml.safe_dump(
            {
                "rules_dir": "rules",
                "store": {"path": "s.sqlite3"},
                "telegram": {"api_base_url": api_base},
            }
        )
    )
    return cfg


def test_a_rejected_token_stops_the_start_with_one_error_line_and_never_logs_it(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    wrong = "999:WRONG-token-value"
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", wrong)
    with running(token="123:RIGHT") as api:
        cfg = _telegram_project(tmp_path, api.base)
        with caplog.at_level(logging.INFO):
            assert service_run(cfg, tick=60) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "telegram_token_rejected" in errors[0]
    assert wrong not in caplog.text and "WRONG" not in caplog.text


def test_a_broken_config_says_why_at_error_level(tmp_path: Path, monkeypatch, caplog) -> None:
    """(Telegram unreachable at start is no failure any more: see test_service_offline.py.)"""
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:TEST")
    cfg = _telegram_project(tmp_path, "http://127.0.0.1:9")
    (tmp_path / "rules" / "h.yaml").write_text("id: h\ntitle: H\nmatch:\n  any: [harbour\n")
    with caplog.at_level(logging.INFO):
        assert service_run(cfg, tick=60) == 2
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(e.startswith("config_problem ") and "h.yaml:" in e for e in errors)
    assert errors[-1].startswith("start_failed problems=")


def _children(pid: int) -> set[int]:
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_parser_workers_end_when_the_service_is_killed(tmp_path: Path) -> None:
    """kill -9 leaves no orphaned parser processes holding the service's output open."""
    with SampleServer(ARTICLES[:1]) as server:
        cfg = setup_project(tmp_path, server)
        server.visible = 1
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("TELEGRAM_BOT_TOKEN", "CREDENTIALS_DIRECTORY")
        }
        env["NO_PROXY"] = "127.0.0.1"
        log = (tmp_path / "out.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--config", str(cfg), "--tick", "0.2"],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            workers: set[int] = set()
            while time.monotonic() < deadline and not workers:
                # Started at the first parse; spawn also starts a resource tracker: count only
                # the processes that exist once the article was judged.
                if b"Ex-board member alleges" in (tmp_path / "out.log").read_bytes():
                    workers = _children(proc.pid)
                time.sleep(0.1)
            assert workers, "the service parsed a feed in a worker process"
            proc.kill()
            proc.wait(timeout=10)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and any(_alive(p) for p in workers):
                time.sleep(0.1)
            assert not [p for p in workers if _alive(p)], "parser workers outlived the service"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()
