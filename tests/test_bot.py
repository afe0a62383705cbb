"""The real PTB application against the fake Bot API: commands, buttons, access, digests, alerts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fakebotapi import FakeBotAPI, Limits, Sent, parse_html, running, until

from bot.delivery import Pacer
from bot.schedule import (
    alert_buttons,
    digest_buttons,
    digest_due,
    keyboard,
    last_slot,
    queue_due_digests,
)
from bot.service import State
from bot.telegram import TelegramFrontend
from watchers.config import Config, MatchRule, Rule, StoreConfig, TelegramConfig
from watchers.models import Article, ArticleVerdict, Claim, ClaimVerdict, Evidence, Judged
from watchers.store import Store

TOKEN = "123:TEST"
ADMIN = 1
T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


def rules() -> list[Rule]:
    return [
        Rule(id="harbour", title="Harbour <contract> probe", match=MatchRule(any=("harbour",))),
        Rule(
            id="floods",
            title="River floods",
            description="Flood warnings\nmore",
            match=MatchRule(any=("flood",)),
        ),
    ]


def judged(source: str, url: str, verdict: str, **kw: object) -> Judged:
    article = Article(
        identity=url,
        url=url,
        title=f"{source} & friends report",
        text="",
        author="",
        published=T0,
        source=source,
        feed_url="https://f.example/rss",
    )
    return Judged("harbour", article, ArticleVerdict(verdict, **kw))  # type: ignore[arg-type]


FIRST = judged(
    "Metro",
    "https://metro.example/1",
    "first",
    claims=(ClaimVerdict(Claim("Five firms bid."), "new"),),
)
EVIDENCE = judged(
    "Ledger",
    "https://ledger.example/2",
    "new_evidence",
    evidence=(Evidence("The tender file lists two bidders.", "document", "primary document"),),
    reasons=("new document: the tender file",),
)
REPEAT = judged(
    "Echo",
    "https://echo.example/3",
    "repeats",
    claims=(
        ClaimVerdict(
            Claim("Five firms bid."),
            "seen",
            first_url="https://metro.example/1",
            first_source="Metro",
        ),
    ),
    reasons=("every claim was reported before",),
)


def add(store: Store, j: Judged) -> int:
    aid = store.save_article(j.article, content_hash=j.article.url, now=T0)
    return store.save_judged(j, article_id=aid, now=T0)


class Harness:
    def __init__(
        self, api: FakeBotAPI, tmp_path: Path, *, pacer: Pacer | None = None, **tg: object
    ):
        telegram = TelegramConfig(api_base_url=api.base, admins=(ADMIN,), **tg)  # type: ignore[arg-type]
        config = Config(store=StoreConfig(path=str(tmp_path / "s.sqlite3")), telegram=telegram)
        self.api = api
        self.state = State(config, rules())
        self.store = Store(config.store.path)
        self.reloads = 0
        self.front = TelegramFrontend(
            self.state,
            self.store,
            TOKEN,
            reload=self._reload,
            pacer=pacer
            or Pacer(
                overall_per_second=200,
                overall_limit=1000,
                per_chat_interval=0.0,
                group_per_window=100,
                group_window=1.0,
            ),
            poll_timeout=1,
        )

    def _reload(self) -> list[str]:
        self.reloads += 1
        return (
            ["rules/x.yaml:3:5: match: unknown key 'anyy' (did you mean 'any'?)"]
            if self.reloads > 1
            else []
        )

    async def say(
        self, chat: int, text: str, *, user: int | None = None, replies: int = 1
    ) -> list[Sent]:
        before = len(self.api.messages(chat))
        self.api.message(chat, text, user_id=user)
        await until(lambda: len(self.api.messages(chat)) >= before + replies)
        return self.api.messages(chat)[before:]

    async def press(
        self, chat: int, data: str, *, message_id: int, user: int | None = None
    ) -> dict[str, object]:
        before = len(self.api.callback_answers)
        self.api.press(chat, data, message_id=message_id, user_id=user)
        await until(lambda: len(self.api.callback_answers) > before)
        return self.api.callback_answers[before]


# Every wait on the bot has a deadline: a step that never ends fails the test with its name
# instead of hanging the run (fakebotapi.until bounds each wait inside a scenario).
SCENARIO_SECONDS = 60.0
STOP_SECONDS = 20.0


async def bounded(step: Awaitable[None], seconds: float, what: str) -> None:
    deadline = asyncio.timeout(seconds)
    try:
        async with deadline:
            await step
    except TimeoutError:
        if not deadline.expired():
            raise  # the step's own TimeoutError, not the deadline
        raise AssertionError(
            f"{what} did not finish within {seconds:.0f} s (an await that never completes: "
            "a task that ignored its cancel, a lock never released?)"
        ) from None


def run(tmp_path: Path, scenario: Callable[[Harness], Awaitable[None]], **tg: object) -> FakeBotAPI:
    async def main(api: FakeBotAPI) -> None:
        h = Harness(api, tmp_path, **tg)
        await bounded(h.front.start(), SCENARIO_SECONDS, "TelegramFrontend.start()")
        try:
            await bounded(scenario(h), SCENARIO_SECONDS, "the scenario")
        finally:
            try:
                await bounded(h.front.stop(), STOP_SECONDS, "TelegramFrontend.stop()")
            finally:
                h.store.close()

    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        asyncio.run(main(api))
    return api


def buttons(sent: Sent) -> list[tuple[str, str]]:
    rows = (sent.reply_markup or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


def test_start_lists_stories_subscribe_button_summary_and_unsubscribe(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        add(h.store, FIRST)
        [welcome] = await h.say(10, "/start")
        assert (
            "Harbour <contract> probe" in welcome.visible
            and "River floods (floods) — Flood warnings" in welcome.visible
        )
        assert buttons(welcome) == [
            ("Subscribe: Harbour <contract> probe", "s:harbour"),
            ("Subscribe: River floods", "s:floods"),
        ]
        answer = await h.press(10, "s:harbour", message_id=welcome.message_id)
        assert answer["text"] == "Subscribed to Harbour <contract> probe"
        await until(lambda: any("You now follow" in s.visible for s in h.api.messages(10)))
        summary = h.api.messages(10)[-1]
        assert "1 article; first reported by Metro" in summary.visible
        assert [s.story for s in h.store.subscriptions(chat_id=10)] == ["harbour"]
        # The list under the welcome message now offers Unsubscribe.
        await until(lambda: bool(h.api.edits))
        assert h.api.edits[-1][2]["inline_keyboard"][0][0]["callback_data"] == "u:harbour"  # type: ignore[index]
        await h.press(10, "u:harbour", message_id=welcome.message_id)
        assert h.store.subscriptions(chat_id=10) == []

    api = run(tmp_path, scenario, open=True)
    assert {c["command"] for c in api.commands} >= {
        "start",
        "subscribe",
        "digest",
        "settings",
        "mute",
    }
    assert "status" in api.menu(ADMIN) and "status" not in api.menu(10)


def test_wrong_and_unknown_commands_get_a_usage_line(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        [r] = await h.say(11, "/subscribe")
        assert r.visible == "Usage: /subscribe <story>"
        [r] = await h.say(11, "/subscribe <b>nope")
        assert r.visible.startswith("No story called <b>nope. Known: harbour, floods")
        [r] = await h.say(11, "/frobnicate now")
        assert r.visible.startswith("Unknown command /frobnicate. Try /help")
        [r] = await h.say(11, "/mute harbour soon")
        assert r.visible.startswith("Usage: /mute <story>")
        [r] = await h.say(11, "/settings hour 25")
        assert r.visible.startswith("Usage: /settings")
        [r] = await h.say(11, "/help")
        assert "Why?" in r.visible

    run(tmp_path, scenario, open=True)


def test_private_bot_refuses_strangers_politely_and_serves_allowed_chats(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        [r] = await h.say(12, "/start")
        assert "this bot is private" in r.visible and "12" in r.visible
        sent = await h.say(13, "/subscribe harbour", replies=2)  # the reply and the summary
        assert any(m.visible.startswith("Subscribed to Harbour") for m in sent)
        sent = await h.say(ADMIN, "/subscribe floods", replies=2)
        assert any(m.visible.startswith("Subscribed to River floods") for m in sent)
        answer = await h.press(12, "s:harbour", message_id=1)
        assert answer["show_alert"] == "true"
        assert h.store.subscriptions(chat_id=12) == []

    run(tmp_path, scenario, allowed_chats=(13,))


def test_only_group_admins_may_subscribe_a_group(tmp_path: Path) -> None:
    group = -100777

    async def scenario(h: Harness) -> None:
        h.api.admins[group] = {21}
        [r] = await h.say(group, "/subscribe harbour", user=20)
        assert r.visible == "Only this group's admins can change its subscriptions."
        sent = await h.say(group, "/subscribe harbour", user=21, replies=2)
        assert any(m.visible.startswith("Subscribed to Harbour") for m in sent)
        assert [s.chat_id for s in h.store.subscriptions()] == [group]
        assert h.store.chat(group).type == "supergroup"  # type: ignore[union-attr]

    run(tmp_path, scenario, open=True)


def test_digest_with_why_show_repeats_and_mute_buttons(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        h.store.ensure_chat(30, now=T0)
        h.store.subscribe(30, "harbour", now=T0)
        ids = [add(h.store, j) for j in (FIRST, EVIDENCE, REPEAT)]
        await h.say(30, "/digest")
        digest = h.api.messages(30)[-1]
        assert digest.parse_mode == "HTML"
        text = parse_html(digest.text)
        assert text.index("NEW EVIDENCE") < text.index("ONLY REPEATS (1)")
        assert "Echo (first: Metro)" in text
        keys = buttons(digest)
        assert [t for t, _ in keys] == ["Why?", "Show repeats", "Mute story"]
        assert all(len(d.encode()) <= 64 for _, d in keys)
        # Why? explains every non-repeat verdict of the digest.
        await h.press(30, keys[0][1], message_id=digest.message_id)
        await until(lambda: "new document: the tender file" in h.api.messages(30)[-1].visible)
        await h.press(30, keys[1][1], message_id=digest.message_id)
        await until(lambda: h.api.messages(30)[-1].visible.startswith("Repeats in Harbour"))
        assert "Echo" in h.api.messages(30)[-1].visible
        answer = await h.press(30, keys[2][1], message_id=digest.message_id)
        assert str(answer["text"]).startswith("Muted for 24 h")
        [sub] = h.store.subscriptions(chat_id=30)
        assert sub.muted_until and sub.muted_until > datetime.now(UTC) + timedelta(hours=23)
        assert sub.cursor == ids[-1]
        [r] = await h.say(30, "/digest harbour")
        assert r.visible == "Nothing new since your last digest."

    run(tmp_path, scenario, open=True)


def test_settings_commands_and_buttons(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        [r] = await h.say(40, "/settings tz Europe/Berlin")
        assert "Daily digest at 08:00 (Europe/Berlin)" in r.visible
        [r] = await h.say(40, "/settings alerts on")
        assert "Instant alerts for new evidence: on" in r.visible
        await h.press(40, "h:+1", message_id=r.message_id)
        await until(lambda: any(s.method == "editMessageText" for s in h.api.messages(40)))
        edited = [s for s in h.api.messages(40) if s.method == "editMessageText"][-1]
        assert "Daily digest at 09:00" in edited.visible
        await h.press(40, "t:repeats", message_id=r.message_id)
        chat = h.store.chat(40)
        assert chat and chat.digest_hour == 9 and chat.timezone == "Europe/Berlin"
        assert chat.instant_alerts and not chat.include_repeats

    run(tmp_path, scenario, open=True)


def test_instant_alert_for_new_evidence_goes_to_opted_in_subscribers(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        for chat, alerts in ((50, True), (51, False)):
            h.store.ensure_chat(chat, now=T0)
            h.store.subscribe(chat, "harbour", now=T0)
            h.store.update_chat(chat, instant_alerts=alerts)
        now = datetime.now(UTC)
        with h.store.transaction():
            jid = add(h.store, EVIDENCE)
            h.front.on_judged(h.store, jid, EVIDENCE, now)
            h.front.on_judged(h.store, jid, EVIDENCE, now)  # queued once, whatever happens
            rid = add(h.store, REPEAT)
            h.front.on_judged(h.store, rid, REPEAT, now)  # repeats never alert
        await h.front.deliver(now=now)
        await until(lambda: len(h.api.messages(50)) == 1)
        alert = h.api.messages(50)[0]
        assert alert.visible.startswith("New evidence in Harbour <contract> probe")
        assert [t for t, _ in buttons(alert)] == ["Why?", "Show repeats", "Mute story"]
        await h.press(50, buttons(alert)[0][1], message_id=alert.message_id)
        await until(lambda: h.api.messages(50)[-1].visible.startswith("Why new evidence?"))
        await asyncio.sleep(0.2)
        assert h.api.messages(51) == []

    run(tmp_path, scenario, open=True)


def test_admin_status_and_reload(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        [r] = await h.say(60, "/status")
        assert r.visible == "/status is for the bot's admins."
        [r] = await h.say(ADMIN, "/status")
        assert (
            "harbour: 0 articles, 0 subscribers" in r.visible and "Outbox pending: 0" in r.visible
        )
        [r] = await h.say(ADMIN, "/reload")
        assert r.visible == "Reloaded: 2 stories."
        [r] = await h.say(ADMIN, "/reload")
        assert "Reload refused" in r.visible and "did you mean 'any'" in r.visible

    run(tmp_path, scenario, open=True)


def test_missed_daily_digest_is_sent_once_on_start(tmp_path: Path) -> None:
    """Down over the digest hour (several days even): one digest at start-up, not one per day."""
    db = tmp_path / "s.sqlite3"
    store = Store(db)
    store.ensure_chat(70, now=T0)
    store.subscribe(70, "harbour", now=T0 - timedelta(days=5))
    add(store, FIRST)
    add(store, REPEAT)
    store.close()

    async def scenario(h: Harness) -> None:
        await until(lambda: len(h.api.messages(70)) == 1)
        await h.front.after_poll(None, now=datetime.now(UTC))  # type: ignore[arg-type]
        await asyncio.sleep(0.3)
        assert len(h.api.messages(70)) == 1

    api = run(tmp_path, scenario, open=True)
    assert "2 new articles" in api.messages(70)[0].visible


def test_digest_slot_follows_the_subscribers_timezone() -> None:
    now = datetime(2026, 3, 10, 6, 30, tzinfo=UTC)  # 07:30 in Berlin, 01:30 in New York
    assert last_slot(now, 7, "Europe/Berlin") == datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    assert last_slot(now, 7, "America/New_York") == datetime(2026, 3, 9, 11, 0, tzinfo=UTC)
    subscribed = datetime(2026, 3, 1, tzinfo=UTC)
    assert digest_due(now, 7, "Europe/Berlin", None, subscribed)
    # A digest sent after today's slot: not due again until tomorrow's, however often we look.
    assert not digest_due(
        now, 7, "Europe/Berlin", datetime(2026, 3, 10, 6, 1, tzinfo=UTC), subscribed
    )
    # Down for five days: the last digest is old, but it is one digest now, not five.
    assert digest_due(now, 7, "Europe/Berlin", datetime(2026, 3, 5, 6, 1, tzinfo=UTC), subscribed)


def test_callback_data_fits_64_bytes_for_the_longest_story_id() -> None:
    story = "s" * 40  # the longest id watchers.config allows
    for markup in (digest_buttons(story, 10**9, 10**9 + 5), alert_buttons(story, 10**9, 10**9 - 1)):
        for row in json.loads(markup)["inline_keyboard"]:
            assert all(len(b["callback_data"].encode()) <= 64 for b in row)
    with pytest.raises(ValueError, match="1-64"):
        keyboard([[("x", "y" * 65)]])


def test_a_failing_handler_answers_politely_instead_of_silence(tmp_path: Path) -> None:
    async def scenario(h: Harness) -> None:
        h.api.fail("500", method="getChatMember")  # the admin check cannot be made
        [r] = await h.say(-100888, "/subscribe harbour", user=5)
        assert r.visible == "Sorry, something went wrong on our side; it has been logged."
        assert h.store.subscriptions() == []

    run(tmp_path, scenario, open=True)


def test_story_cadence_hourly_and_weekly_slots() -> None:
    now = datetime(2026, 3, 11, 9, 40, tzinfo=UTC)  # a Wednesday
    assert last_slot(now, 8, "UTC", "hourly") == datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
    # Weekly on Mondays at 08:00: the Monday of this week.
    assert last_slot(now, 8, "UTC", "weekly") == datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
    assert last_slot(now, 8, "UTC", "weekly", "friday") == datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    # Monday 07:00, before the slot: last week's Monday.
    early = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    assert last_slot(early, 8, "UTC", "weekly") == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    # Across a DST change the wall-clock hour stays (Berlin: 29 March 2026 moves to summer time).
    after_dst = datetime(2026, 3, 31, 12, 0, tzinfo=UTC)  # Tuesday
    slot = last_slot(after_dst, 8, "Europe/Berlin", "weekly")
    assert (slot.weekday(), slot.hour) == (0, 8) and slot.utcoffset() == timedelta(hours=2)
    subscribed = datetime(2026, 3, 1, tzinfo=UTC)
    sent_monday = datetime(2026, 3, 9, 8, 5, tzinfo=UTC)
    assert not digest_due(now, 8, "UTC", sent_monday, subscribed, "weekly")
    assert digest_due(now, 8, "UTC", sent_monday, subscribed, "daily")
    assert digest_due(now, 8, "UTC", datetime(2026, 3, 11, 8, 59, tzinfo=UTC), subscribed, "hourly")
    assert not digest_due(
        now, 8, "UTC", datetime(2026, 3, 11, 9, 1, tzinfo=UTC), subscribed, "hourly"
    )


def test_a_weekly_story_waits_for_its_day_while_a_daily_one_goes_out(tmp_path: Path) -> None:
    from watchers.config import Config

    store = Store(tmp_path / "s.sqlite3")
    monday = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    store.ensure_chat(80, now=monday)

    def of(j: Judged, story: str) -> Judged:
        url = f"{j.article.url}/{story}"
        return replace(j, story=story, article=replace(j.article, identity=url, url=url))

    for story in ("harbour", "weekly-story"):
        store.subscribe(80, story, now=monday - timedelta(days=1))
        add(store, of(FIRST, story))
    config = Config()
    cadences = {"weekly-story": "weekly", "harbour": None}
    # Monday after 08:00: both are due (Monday is the weekly day); the weekly one carries its timeline.
    assert queue_due_digests(store, config, {}, now=monday, cadences=cadences) == 3
    for story in ("harbour", "weekly-story"):
        add(store, of(REPEAT, story))
    tuesday = monday + timedelta(days=1)
    rows = store.pending(now=tuesday, chat_id=80, limit=100)
    stories = [m.story for m in rows]
    assert sorted((m.story, m.kind) for m in rows) == [
        ("harbour", "digest"),
        ("weekly-story", "digest"),
        ("weekly-story", "timeline"),
    ]
    queued = queue_due_digests(store, config, {}, now=tuesday, cadences=cadences)
    new = [m.story for m in store.pending(now=tuesday, chat_id=80, limit=100)][len(stories) :]
    assert queued == 1 and new == ["harbour"]
    store.close()


def test_stop_ends_delivery_even_when_woken_in_the_same_turn(tmp_path: Path) -> None:
    """The delivery loop sleeps until woken (a subscription's summary, a poll) or a timeout. A
    cancel (TelegramFrontend.stop) that lands in the very turn the wake-up fires must still end it:
    Python 3.11's asyncio.wait_for returned the wake-up instead and swallowed the cancel, so stop()
    waited for the loop forever while getUpdates went on polling (a test run hung for 20 min)."""
    from telegram.ext import ExtBot

    from bot.delivery import Sender

    async def main() -> None:
        store = Store(tmp_path / "s.sqlite3")
        bot = ExtBot(TOKEN, base_url="http://127.0.0.1:9/bot")  # never called: nothing is due
        try:
            for turns in range(8):  # where in the wake-up the cancel lands
                wake = asyncio.Event()
                sender = Sender(store, bot, Pacer())
                task = asyncio.create_task(sender.run_forever(wake))
                await asyncio.sleep(0.05)  # asleep, waiting for the wake-up
                wake.set()
                for _ in range(turns):
                    await asyncio.sleep(0)
                task.cancel()
                done, _ = await asyncio.wait({task}, timeout=3)
                assert done, f"the delivery loop ignored a cancel {turns} turn(s) after a wake-up"
                assert task.cancelled()
        finally:
            store.close()

    asyncio.run(main())


def test_the_outbox_lease_comes_from_the_config(tmp_path: Path) -> None:
    # telegram.outbox_lease: how long a worker's claimed message stays its own (docs/scaling.md)
    async def scenario(h: Harness) -> None:
        assert h.front.sender.lease_seconds == 45.0

    run(tmp_path, scenario, outbox_lease="45s")
    with pytest.raises(ValueError, match="outbox_lease"):
        TelegramConfig(outbox_lease="5s")  # type: ignore[arg-type]
