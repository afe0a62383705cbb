"""Webhook mode (telegram.webhook): python-telegram-bot's own webhook server, registered with the
fake Bot API by setWebhook, gets updates POSTed with the secret token as Telegram posts them; a
request with a wrong or missing token is refused. Strangers, buttons and the outbox as in polling."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakebotapi import FakeBotAPI, Limits, running, until
from pydantic import ValidationError
from test_bot import ADMIN, TOKEN, rules

from bot.delivery import Pacer
from bot.logs import RedactFilter
from bot.service import State
from bot.telegram import ALLOWED_UPDATES, TelegramFrontend, WebhookError
from watchers.config import (
    Config,
    ConfigError,
    StoreConfig,
    TelegramConfig,
    WebhookConfig,
    load_config,
)
from watchers.store import Store

SECRET = "wh_Secret-0123456789abcdefXYZ"
ALLOWED = 13
STRANGER = 12


def _start_with_webhook(tmp_path, feed, api, listen: int, url: str, monkeypatch):
    """`storywatch run` of test_service_offline's project with telegram.webhook on
    127.0.0.1:`listen` for `url`, and the secret in TELEGRAM_WEBHOOK_SECRET."""
    from test_service_offline import _project, _start

    config, state = _project(tmp_path, feed.url, api.base)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "telegram:\n",
            f"telegram:\n  webhook:\n    listen: 127.0.0.1:{listen}\n    url: {url}\n",
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    return _start(tmp_path, config, state)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _frontend(
    api: FakeBotAPI, tmp_path: Path, *, port: int | None, secret: str | None
) -> TelegramFrontend:
    """A frontend in webhook mode on 127.0.0.1:port (polling when port is None)."""
    hook = (
        WebhookConfig(listen=f"127.0.0.1:{port}", url=f"http://127.0.0.1:{port}/tg/hook")
        if port is not None
        else None
    )
    telegram = TelegramConfig(
        api_base_url=api.base, admins=(ADMIN,), allowed_chats=(ALLOWED,), webhook=hook
    )
    config = Config(store=StoreConfig(path=str(tmp_path / "s.sqlite3")), telegram=telegram)
    return TelegramFrontend(
        State(config, rules()),
        Store(config.store.path),
        TOKEN,
        webhook_secret=secret,
        pacer=Pacer(per_chat_interval=0.0, overall_per_second=200, overall_limit=1000),
        poll_timeout=1,
    )


def _run(main: Callable[[FakeBotAPI], Coroutine[Any, Any, None]]) -> FakeBotAPI:
    with running(limits=Limits(per_chat=None, per_group=None, overall=None)) as api:
        asyncio.run(main(api))
    return api


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record down to DEBUG (python-telegram-bot logs each request's parameters there),
    through the service's own RedactFilter, as bot.logs attaches it to the real handler."""
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactFilter())
    return caplog


def test_updates_posted_with_the_secret_are_served_and_a_wrong_secret_is_refused(
    tmp_path: Path, logs: pytest.LogCaptureFixture
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    statuses: dict[str, int] = {}

    async def main(api: FakeBotAPI) -> None:
        front = _frontend(api, tmp_path, port=port, secret=SECRET)
        await front.start()
        try:
            assert api.webhook is not None
            assert api.webhook["url"] == url and api.webhook["secret_token"] == SECRET
            assert api.webhook["allowed_updates"] == list(ALLOWED_UPDATES)
            assert api.webhook["drop_pending_updates"] is False
            info = await front.app.bot.get_webhook_info()
            assert info.url == url

            # An allowed chat's /start, posted by "Telegram" with the secret: answered.
            uid = api.message(ALLOWED, "/start")
            await until(lambda: bool(api.messages(ALLOWED)))
            assert "Harbour <contract> probe" in api.messages(ALLOWED)[0].visible
            assert (uid, 200) in api.deliveries

            # The same update from someone who does not know the secret: 403, nothing sent.
            forged = {"update_id": 9001, **api.message_payload(ALLOWED, "/stories")}
            statuses["wrong"] = await asyncio.to_thread(api.post_webhook, forged, secret="guess")
            statuses["none"] = await asyncio.to_thread(api.post_webhook, forged, secret="")
            statuses["prefix"] = await asyncio.to_thread(
                api.post_webhook, forged, secret=SECRET[:-1]
            )
            # A button from the allowed chat, through the webhook too.
            api.press(ALLOWED, "t:alerts", message_id=api.messages(ALLOWED)[0].message_id)
            await until(lambda: bool(api.callback_answers))
            assert api.callback_answers[0]["text"] == "Saved"
            # The forged /stories got no reply (the button edits the welcome message in place).
            assert [m.method for m in api.messages(ALLOWED)].count("sendMessage") == 1

            # A stranger's update (with the right secret: it comes from Telegram) is refused
            # politely, as under long polling.
            api.message(STRANGER, "/subscribe harbour")
            await until(lambda: bool(api.messages(STRANGER)))
            assert "this bot is private" in api.messages(STRANGER)[0].visible
            assert front.store.subscriptions(chat_id=STRANGER) == []

            # The outbox goes out as before.
            front.store.ensure_chat(ALLOWED, now=datetime.now(UTC))
            front.store.enqueue(ALLOWED, "from the outbox", kind="admin", now=datetime.now(UTC))
            front.wake.set()
            await until(lambda: any(m.text == "from the outbox" for m in api.messages(ALLOWED)))
        finally:
            await front.stop()
            front.store.close()

    api = _run(main)
    assert statuses == {"wrong": 403, "none": 403, "prefix": 403}
    assert all(status == 200 for _, status in api.deliveries)
    # Never polled: Telegram refuses getUpdates while a webhook is set.
    assert "getUpdates" not in [method for method, _ in api.calls]
    # Stopping leaves the webhook to the other workers that serve the same URL.
    assert api.webhook is not None and api.webhook["url"] == url
    assert SECRET not in logs.text
    assert "setWebhook" in logs.text  # python-telegram-bot's DEBUG line with the parameters
    assert any("telegram_webhook listen=" in r.getMessage() for r in logs.records)


def test_without_a_configured_secret_a_random_one_is_made_and_never_logged(
    tmp_path: Path, logs: pytest.LogCaptureFixture
) -> None:
    port = _free_port()
    made: list[str] = []

    async def main(api: FakeBotAPI) -> None:
        front = _frontend(api, tmp_path, port=port, secret=None)
        await front.start()
        try:
            assert api.webhook is not None
            made.append(api.webhook["secret_token"])
            assert front.webhook_secret == made[0]
            api.message(ALLOWED, "/help")
            await until(lambda: bool(api.messages(ALLOWED)))
        finally:
            await front.stop()
            front.store.close()

    _run(main)
    assert len(made[0]) >= 40  # secrets.token_urlsafe(32): 43 characters
    assert made[0] not in logs.text
    assert "telegram_webhook_secret_generated" in logs.text


def test_a_malformed_secret_stops_the_start_without_showing_it(tmp_path: Path) -> None:
    bad = "has spaces, and is therefore refused by Telegram"

    async def main(api: FakeBotAPI) -> None:
        front = _frontend(api, tmp_path, port=_free_port(), secret=bad)
        try:
            with pytest.raises(WebhookError) as info:
                await front.start()
            assert bad not in str(info.value)
            assert "TELEGRAM_WEBHOOK_SECRET" in str(info.value) and "1 to 256" in str(info.value)
        finally:
            await front.stop()
            front.store.close()

    api = _run(main)
    assert api.webhook is None


def test_a_taken_listen_port_is_one_clear_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        async def main(api: FakeBotAPI) -> None:
            front = _frontend(api, tmp_path, port=port, secret=SECRET)
            try:
                with pytest.raises(WebhookError, match="webhook_listen_failed") as info:
                    await front.start()
                assert f"listen=127.0.0.1:{port}" in str(info.value)
                assert "telegram.webhook.listen" in str(info.value)
            finally:
                await front.stop()
                front.store.close()

        api = _run(main)
        # Checked before setWebhook: Telegram is not left posting to a server that never started.
        assert api.webhook is None


def test_back_to_long_polling_deletes_the_webhook(tmp_path: Path) -> None:
    async def main(api: FakeBotAPI) -> None:
        front = _frontend(api, tmp_path, port=_free_port(), secret=SECRET)
        await front.start()
        await front.stop()
        front.store.close()
        assert api.webhook is not None
        polling = _frontend(api, tmp_path, port=None, secret=None)
        await polling.start()
        try:
            assert api.webhook is None
            api.message(ALLOWED, "/help")
            await until(lambda: bool(api.messages(ALLOWED)))
        finally:
            await polling.stop()
            polling.store.close()

    api = _run(main)
    assert "deleteWebhook" in [method for method, _ in api.calls]


# ---------------------------------------------------------------- config


def test_webhook_config_errors_say_what_and_how(tmp_path: Path) -> None:
    def problems(telegram: str) -> str:
        (tmp_path / "rules").mkdir(exist_ok=True)
        path = tmp_path / "config.yaml"
        path.write_text(f"telegram:\n{telegram}", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_config(path)
        return str(info.value)

    text = problems("  webhook:\n    url: https://bot.example.org/tg\n    secret_token: abc\n")
    assert "secret_token does not belong in config.yaml" in text and "abc" not in text
    assert "TELEGRAM_WEBHOOK_SECRET" in text
    text = problems("  webhook:\n    url: http://bot.example.org/tg\n")
    assert "Telegram posts updates over https only" in text
    text = problems("  webhook:\n    url: https://bot.example.org:9000/tg\n")
    assert "ports 443, 80, 88 or 8443" in text
    text = problems("  webhook:\n    url: https://bot.example.org/tg\n    listen: nope\n")
    assert "config.yaml:4:13: telegram.webhook.listen" in text
    text = problems("  webhook:\n    listen: 127.0.0.1:8443\n")
    assert "required key is missing: add `url: ...` under telegram.webhook" in text


def test_webhook_config_defaults_and_a_local_bot_api_server() -> None:
    hook = TelegramConfig(
        webhook=WebhookConfig(url="https://bot.example.org/storywatch/tg/")
    ).webhook
    assert hook is not None
    assert hook.address == ("127.0.0.1", 8443) and hook.path == "/storywatch/tg"
    assert WebhookConfig(url="https://x.example", listen="[::1]:88").address == ("::1", 88)
    # A local Bot API server (telegram-bot-api --local) posts over http, to any port.
    local = TelegramConfig(
        api_base_url="http://127.0.0.1:8081",
        webhook=WebhookConfig(url="http://10.0.0.5:9000/tg"),
    )
    assert local.webhook is not None
    with pytest.raises(ValidationError):
        WebhookConfig(url="ftp://bot.example.org/tg")
    assert TelegramConfig().webhook is None  # long polling stays the default


# ---------------------------------------------------------------- the service


def test_storywatch_run_in_webhook_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real `storywatch run`: webhook from config.yaml, the secret from TELEGRAM_WEBHOOK_SECRET;
    a subscriber's /start through the webhook is answered, a forged one refused, and the secret
    appears nowhere in what the service writes."""
    from test_service_offline import _stop
    from test_service_signals import STORYWATCH, FeedServer, _has

    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/storywatch/telegram"
    feed = FeedServer()
    api = FakeBotAPI(token=TOKEN).start()
    try:
        service = _start_with_webhook(tmp_path, feed, api, port, url, monkeypatch)
        try:
            service.wait_for(_has("READY=1"))
            assert api.wait_for(lambda: api.webhook is not None, timeout=20), service.stderr
            assert api.webhook is not None and api.webhook["secret_token"] == SECRET
            assert api.webhook["url"] == url
            chat = 10  # the admin of test_service_offline's project
            api.message(chat, "/help")
            assert api.wait_for(
                lambda: any("/subscribe" in m.visible for m in api.messages(chat)), timeout=20
            ), service.stderr
            before = len(api.messages(chat))
            forged = {"update_id": 777, **api.message_payload(chat, "/stories")}
            assert api.post_webhook(forged, secret="not-the-secret") == 403
            time.sleep(0.5)
            # /stories would list "Harbour quake": nothing of the kind came.
            assert not [m for m in api.messages(chat)[before:] if "quake" in m.visible]
            assert _stop(service) == 0
        finally:
            _stop(service)
        out = "".join(service.stderr) + "".join(service.stdout)
        assert "telegram_webhook listen=" in out
        assert SECRET not in out
        assert "getUpdates" not in [method for method, _ in api.calls]
    finally:
        api.stop()
        feed.close()


NGINX = Path("/usr/sbin/nginx")
NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{public} ssl;
        ssl_certificate {tmp}/cert.pem;
        ssl_certificate_key {tmp}/key.pem;
        # docs/scaling.md, "Webhook behind a reverse proxy": the same location block.
        location /storywatch/telegram {{
            proxy_pass http://127.0.0.1:{listen};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            client_max_body_size 1m;
        }}
    }}
}}
"""


def test_storywatch_run_behind_nginx_with_tls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented deployment on loopback: Telegram (the fake) posts to https://…/storywatch/telegram
    at nginx (TLS, a self-signed certificate), which forwards to webhook.listen unchanged."""
    import shutil
    import ssl
    import subprocess

    from test_service_offline import _stop
    from test_service_signals import STORYWATCH, FeedServer, _has

    if not NGINX.exists() or shutil.which("openssl") is None:
        pytest.skip(
            "nginx or openssl is not installed (Debian: apt-get install nginx-light openssl)"
        )
    if not STORYWATCH.exists():
        pytest.skip("the storywatch console script is not installed (pip install -e .)")
    proxy = tmp_path / "nginx"
    proxy.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(proxy / "key.pem"), "-out", str(proxy / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    public, listen = _free_port(), _free_port()
    (proxy / "nginx.conf").write_text(
        NGINX_CONF.format(tmp=proxy, public=public, listen=listen), encoding="utf-8"
    )
    nginx = subprocess.Popen(
        [str(NGINX), "-e", "stderr", "-p", str(proxy), "-c", str(proxy / "nginx.conf"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"https://127.0.0.1:{public}/storywatch/telegram"
    feed = FeedServer()
    api = FakeBotAPI(token=TOKEN).start()
    api.webhook_ssl = ssl.create_default_context(cafile=str(proxy / "cert.pem"))
    try:
        service = _start_with_webhook(tmp_path, feed, api, listen, url, monkeypatch)
        try:
            service.wait_for(_has("READY=1"))
            assert api.wait_for(lambda: api.webhook is not None, timeout=20), service.stderr
            chat = 10
            uid = api.message(chat, "/help")
            assert api.wait_for(lambda: bool(api.messages(chat)), timeout=20), service.stderr
            assert (uid, 200) in api.deliveries
            forged = {"update_id": 778, **api.message_payload(chat, "/help")}
            assert api.post_webhook(forged, secret="not-the-secret") == 403
            # The webhook server answers on webhook.url's path only, even with the secret.
            assert api.webhook is not None
            api.webhook["url"] = f"http://127.0.0.1:{listen}/"
            assert api.post_webhook(forged) == 404
            assert _stop(service) == 0
        finally:
            _stop(service)
        assert SECRET not in "".join(service.stderr) + "".join(service.stdout)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        if nginx.stderr is not None:
            nginx.stderr.close()
        api.stop()
        feed.close()
