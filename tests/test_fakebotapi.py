"""The fake Bot API server: wire format, limits and faults, as seen by httpx and by the real PTB."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from fakebotapi import FakeBotAPI, Limits, ParseError, parse_html, running, until
from telegram import Bot, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CommandHandler, ContextTypes

TOKEN = "123:TEST"


def call(api: FakeBotAPI, method: str, **params: object) -> httpx.Response:
    return httpx.post(
        f"{api.base}/bot{TOKEN}/{method}", data={k: str(v) for k, v in params.items()}
    )


def test_get_me_and_send_message_are_recorded() -> None:
    with running() as api:
        me = call(api, "getMe").json()
        assert me == {"ok": True, "result": api._m_getMe({})[1]["result"]}
        r = call(
            api, "sendMessage", chat_id=5, text="<b>hi</b> &amp; bye", parse_mode="HTML"
        ).json()
        assert r["ok"] and r["result"]["chat"]["id"] == 5
        [sent] = api.messages(5)
        assert sent.visible == "hi & bye" and sent.parse_mode == "HTML"


def test_unknown_method_is_404() -> None:
    with running() as api:
        assert call(api, "sendTelepathy", chat_id=1).status_code == 404


def test_per_chat_limit_answers_429_with_retry_after() -> None:
    with running() as api:
        assert call(api, "sendMessage", chat_id=7, text="one").status_code == 200
        r = call(api, "sendMessage", chat_id=7, text="two")
        assert r.status_code == 429
        assert r.json()["parameters"]["retry_after"] >= 1
        assert api.stats.refused_429["chat"] == 1
        assert call(api, "sendMessage", chat_id=8, text="other chat").status_code == 200


def test_group_and_overall_limits() -> None:
    with running(limits=Limits(per_chat=None, per_group=(3, 60.0), overall=(5, 1.0))) as api:
        codes = [call(api, "sendMessage", chat_id=-42, text=str(i)).status_code for i in range(4)]
        assert codes == [200, 200, 200, 429]
        assert api.stats.refused_429["group"] == 1
        codes = [call(api, "sendMessage", chat_id=i, text="x").status_code for i in range(1, 5)]
        assert codes == [200, 200, 429, 429]  # 3 to the group + 2 here fill the 5/s window
        assert api.stats.refused_429["overall"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "<b>open",
        "a < b",
        "<p>para</p>",
        "x &nbsp; y",
        "<b><i>x</b></i>",
        "<a onclick='x'>y</a>",
        "1 > 0",
    ],
)
def test_strict_html_rejects_what_telegram_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_html(text)


def test_strict_html_accepts_telegram_markup() -> None:
    html = '<b>b</b> <a href="https://x.org/?a=1&amp;b=2">l</a> <code class="language-py">c</code> &#128512;'
    assert parse_html(html) == "b l c \U0001f600"


def test_bad_html_and_long_text_are_400() -> None:
    with running() as api:
        r = call(api, "sendMessage", chat_id=1, text="<b>x", parse_mode="HTML")
        assert r.status_code == 400 and "can't parse entities" in r.json()["description"]
        r = call(api, "sendMessage", chat_id=2, text="x" * 4097)
        assert r.status_code == 400 and "too long" in r.json()["description"]
        assert api.messages() == []


def test_faults_map_to_ptb_exceptions() -> None:
    async def main(api: FakeBotAPI) -> None:
        async with Bot(TOKEN, base_url=f"{api.base}/bot") as bot:
            api.fail("429", chat_id=1, retry_after=3)
            with pytest.raises(RetryAfter) as e:
                await bot.send_message(1, "x")
            assert e.value.retry_after == timedelta(seconds=3)
            api.blocked.add(2)
            with pytest.raises(Forbidden):
                await bot.send_message(2, "x")
            api.fail("parse", chat_id=3)
            with pytest.raises(BadRequest, match="parse entities"):
                await bot.send_message(3, "x", parse_mode="HTML")
            api.fail("500", chat_id=4)
            with pytest.raises(NetworkError):
                await bot.send_message(4, "x")
            api.migrated[-5] = -1005
            with pytest.raises(ChatMigrated) as m:
                await bot.send_message(-5, "x")
            assert m.value.new_chat_id == -1005
            msg = await bot.send_message(4, "now fine")
            assert msg.text == "now fine"

    with running() as api:
        asyncio.run(main(api))
        assert [s.chat_id for s in api.messages()] == [4]
        assert api.stats.refused_429["injected"] == 1


def test_ptb_application_receives_a_command_and_replies() -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message
        await update.effective_message.reply_text(f"hello {context.args}")

    async def main(api: FakeBotAPI) -> None:
        app = (
            Application.builder()
            .token(TOKEN)
            .base_url(f"{api.base}/bot")
            .base_file_url(f"{api.base}/file/bot")
            .build()
        )
        app.add_handler(CommandHandler("start", start))
        await app.initialize()
        await app.updater.start_polling(poll_interval=0, timeout=1)  # type: ignore[union-attr]
        await app.start()
        try:
            api.message(77, "/start now")
            await until(lambda: len(api.messages(77)) == 1)
        finally:
            await app.updater.stop()  # type: ignore[union-attr]
            await app.stop()
            await app.shutdown()

    with running() as api:
        asyncio.run(main(api))
        assert api.messages(77)[0].text == "hello ['now']"
        methods = [m for m, _ in api.calls]
        assert methods[0] == "getMe" and "deleteWebhook" in methods and "getUpdates" in methods


def test_callback_press_and_answer() -> None:
    async def main(api: FakeBotAPI) -> None:
        async with Bot(TOKEN, base_url=f"{api.base}/bot") as bot:
            qid = api.press(9, "why:1", message_id=5)
            updates = await bot.get_updates(timeout=1)
            assert updates[0].callback_query and updates[0].callback_query.data == "why:1"
            await bot.answer_callback_query(qid, text="because")
            # Confirming the offset drops the update, like Telegram's.
            assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()

    with running() as api:
        asyncio.run(main(api))
        assert api.callback_answers[0]["text"] == "because"


def test_wrong_token_is_unauthorized_when_checked() -> None:
    with running(token=TOKEN) as api:
        r = httpx.post(f"{api.base}/bot999:NO/getMe")
        assert r.status_code == 401
