"""Telegram /ledger and /timeline against the fake Bot API (the timeline arrives as sendPhoto)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from PIL import Image
from test_bot import EVIDENCE, FIRST, REPEAT, T0, Harness, add, run

from bot.timeline import HEIGHT, WIDTH
from watchers.config import WebConfig
from watchers.models import LedgerRecord

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
