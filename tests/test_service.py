"""The service's own steps, in-process: admin messages on feed health, parsing in worker processes."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import yaml
from test_pipeline import ARTICLES, setup_project

from bot.demo import SampleServer
from bot.service import ConsoleFrontend, Service
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
