"""Telegram /ledger and /timeline against the fake Bot API (the timeline arrives as sendPhoto)."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

from fakebotapi import until
from PIL import Image
from test_bot import EVIDENCE, FIRST, REPEAT, T0, Harness, add, run

from bot.timeline import HEIGHT, WIDTH
from watchers.config import StoryDigest, WebConfig
from watchers.models import LedgerRecord
from watchers.store import Store

# The stored verdicts name the ledger claim a repeat was matched to.
SEEN = dataclasses.replace(REPEAT.verdict.claims[0], matched_text="Five firms bid.")
REPEATED = dataclasses.replace(REPEAT, verdict=dataclasses.replace(REPEAT.verdict, claims=(SEEN,)))


def _story(h: Harness) -> None:
    for j in (FIRST, EVIDENCE, REPEATED):
        add(h.store, j)
    h.store.add_ledger_records(
        "harbour",
        [
            LedgerRecord("Five firms bid.", FIRST.article.url, "Metro", T0, FIRST.article.url),
            LedgerRecord(
                "The tender file lists two bidders.",
                EVIDENCE.article.url,
                "Ledger",
                T0,
                EVIDENCE.article.url,
            ),
        ],
    )
    web = WebConfig(base_url="https://news.example/sw")
    h.state.config = h.state.config.model_copy(update={"web": web})


def test_ledger_command_lists_key_claims_and_links_the_page(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        _story(h)
        [r] = await h.say(11, "/ledger harbour")
        assert r.visible.startswith("Harbour <contract> probe: 2 claims on record, 1 without")
        assert "Five firms bid." in r.visible and "repeated by 1 (1 outlets)" in r.visible
        assert "no evidence" in r.visible and "✅ evidence" in r.visible
        assert 'href="https://news.example/sw/story/harbour"' in r.text
        [r] = await h.say(11, "/ledger")
        assert r.visible == "Usage: /ledger <story>"

    run(tmp_path, scenario, open=True)


def test_timeline_command_sends_the_chart_as_a_photo(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        _story(h)
        [r] = await h.say(11, "/timeline harbour")
        assert r.method == "sendPhoto"
        assert r.text.startswith("Harbour <contract> probe: 3 articles")
        assert "https://news.example/sw/story/harbour" in r.text
        [r] = await h.say(11, "/timeline")
        assert r.visible == "Usage: /timeline <story>"

    api = run(tmp_path, scenario, open=True)
    [(chat, png, caption)] = api.photos
    img = Image.open(io.BytesIO(png))
    assert chat == 11 and img.format == "PNG" and img.size == (WIDTH, HEIGHT)
    assert {c["command"] for c in api.commands} >= {"ledger", "timeline"}


def test_weekly_digest_arrives_as_text_then_the_timeline_photo(tmp_path: Path) -> None:
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # the weekly slot: Monday, 08:00 UTC

    async def scenario(h: Harness) -> None:
        _story(h)
        harbour, *others = h.state.rules
        weekly = harbour.model_copy(update={"digest": StoryDigest(cadence="weekly")})
        h.state.rules = [weekly, *others]
        h.store.ensure_chat(12, now=T0)
        h.store.subscribe(12, "harbour", now=T0, cursor=0)  # before the story's articles
        h.api.fail("500", method="sendPhoto")  # the first try fails: the row waits and is retried
        await h.front.after_poll(None, now=monday)  # type: ignore[arg-type]
        await until(lambda: len(h.api.messages(12)) >= 2)

    api = run(tmp_path, scenario, open=True)
    digest, photo = api.messages(12)
    assert digest.method == "sendMessage" and "3 new articles" in digest.visible
    assert photo.method == "sendPhoto"
    assert photo.text == (
        "Harbour <contract> probe: 3 articles, 3 Mar to 3 Mar\n"
        "https://news.example/sw/story/harbour"
    )
    [(chat, png, caption)] = api.photos
    img = Image.open(io.BytesIO(png))
    img.load()
    assert chat == 12 and caption == photo.text
    assert img.format == "PNG" and img.size == (WIDTH, HEIGHT)
    # Both rows are marked sent (the photo on its second attempt), with Telegram's message ids.
    store = Store(tmp_path / "s.sqlite3")
    try:
        rows = store.db.execute(
            "SELECT kind, status, attempts, message_id FROM outbox WHERE chat_id = 12 ORDER BY id"
        ).fetchall()
    finally:
        store.close()
    assert [tuple(r) for r in rows] == [
        ("digest", "sent", 1, digest.message_id),
        ("timeline", "sent", 2, photo.message_id),
    ]
