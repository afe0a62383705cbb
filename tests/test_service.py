"""The service's own steps, in-process: admin messages on feed health, parsing in worker processes."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
from pathlib import Path

import yaml
from fakebotapi import running
from test_pipeline import ARTICLES, setup_project

from bot.demo import SampleServer
from bot.service import ConsoleFrontend, Service
from bot.service import run as service_run
from watchers.fetch import Fetcher
from watchers.parse import ParsePool


def test_a_feed_that_breaks_and_recovers_tells_the_admins_once_each(tmp_path: Path, monkeypatch) -> None:
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
            {"rules_dir": "rules", "store": {"path": "s.sqlite3"}, "telegram": {"api_base_url": api_base}}
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


def test_telegram_unreachable_and_broken_config_say_why_at_error_level(
    tmp_path: Path, monkeypatch, caplog
) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:TEST")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    cfg = _telegram_project(tmp_path, dead)
    with caplog.at_level(logging.INFO):
        assert service_run(cfg, tick=60) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "telegram_unreachable" in errors[0] and dead in errors[0]
    caplog.clear()
    (tmp_path / "rules" / "h.yaml").write_text("id: h\ntitle: H\nmatch:\n  any: [harbour\n")
    with caplog.at_level(logging.INFO):
        assert service_run(cfg, tick=60) == 2
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(e.startswith("config_problem ") and "h.yaml:" in e for e in errors)
    assert errors[-1].startswith("start_failed problems=")
