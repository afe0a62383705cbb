"""Test helpers: the story pages served on 127.0.0.1 from a thread, and a state holding hostile text."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bot.web import Health, Site, WebServer
from watchers.config import Rule, load_rules
from watchers.models import (
    Article,
    ArticleVerdict,
    Claim,
    ClaimVerdict,
    Evidence,
    Judged,
    LedgerRecord,
)
from watchers.store import Store

HOSTILE_TITLE = "Port <script>document.title='pwned'</script> deal"
HOSTILE_SOURCE = "<b>Evil</b> Times"


@contextmanager
def serving(site: Site) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1 in a thread of its own; yields the base URL."""
    loop = asyncio.new_event_loop()
    server = WebServer(site, "127.0.0.1", 0)
    started = threading.Event()
    address: list[str] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        address.append(loop.run_until_complete(server.start()))
        started.set()
        loop.run_forever()
        loop.run_until_complete(server.stop())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert started.wait(10), "the web server did not start"
    try:
        yield address[0]
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)


def hostile_state(folder: Path) -> tuple[list[Rule], Path]:
    """A story whose article title, outlet and link come from a hostile feed."""
    rules = folder / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / "harbour.yaml").write_text(
        yaml.safe_dump(
            {"id": "harbour", "title": "Harbour <i>probe</i>", "match": {"any": ["harbour"]}}
        ),
        encoding="utf-8",
    )
    path = folder / "state.sqlite3"
    store = Store(path)
    now = datetime(2026, 3, 3, 9, tzinfo=UTC)
    articles = [
        Article(
            identity="a1",
            url="https://news.test/a1",
            title=HOSTILE_TITLE,
            text="The harbour contract was signed early. <img src=x onerror=alert(1)>",
            author="",
            published=now,
            source=HOSTILE_SOURCE,
            feed_url="https://news.test/feed",
        ),
        Article(
            identity="a2",
            url="javascript:alert(2)",
            title="Second harbour piece",
            text="The port published the tender file.",
            author="",
            published=now.replace(day=4),
            source="Coast",
            feed_url="https://news.test/feed",
        ),
    ]
    claim1 = "The harbour contract was <signed> early."
    verdicts = [
        ArticleVerdict("first", (ClaimVerdict(Claim(claim1), "new"),), reasons=("<u>first</u>",)),
        ArticleVerdict(
            "new_evidence",
            (ClaimVerdict(Claim(claim1), "seen", "https://news.test/a1", HOSTILE_SOURCE, claim1),),
            (Evidence("The port published the tender file.", "document", "a <em>new</em> file"),),
        ),
    ]
    for a, v in zip(articles, verdicts, strict=True):
        aid = store.save_article(a, content_hash=a.identity, now=now)
        store.save_judged(Judged("harbour", a, v), article_id=aid, now=now)
    store.add_ledger_records(
        "harbour", [LedgerRecord(claim1, articles[0].url, HOSTILE_SOURCE, now, "a1")]
    )
    store.close()
    return load_rules(rules), path


def demo_site(demo_state, health: Health | None = None) -> Site:  # type: ignore[no-untyped-def]
    from watchers.config import load_config

    config = load_config(demo_state.config)
    rules = load_rules(config.rules_path)
    return Site(stories=lambda: rules, store_path=config.store_path, health=health)
