"""bot.logs: line format, journald priorities, and the token never reaching the output."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.logs import REDACTED, fields, journal_stream, redact, register_secret, setup_logging

TOKEN = "1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    chatty = {n: logging.getLogger(n).level for n in ("httpx", "httpcore")}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, lvl in chatty.items():
        logging.getLogger(name).setLevel(lvl)


def test_event_line_with_fields() -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, journal=False)
    logging.getLogger("storywatch.test").info(
        "polled", extra=fields(feed="https://example.org/a b", status=304, new=0)
    )
    line = out.getvalue().strip()
    assert line.endswith(
        'info polled feed="https://example.org/a b" status=304 new=0 logger=storywatch.test'
    )
    assert line[:4].isdigit()  # a timestamp outside journald


def test_journal_lines_carry_syslog_priority() -> None:
    out = io.StringIO()
    setup_logging("DEBUG", stream=out, journal=True)
    log = logging.getLogger("storywatch.test")
    log.debug("d")
    log.info("i")
    log.warning("w")
    log.error("e")
    log.critical("c")
    assert [line[:3] for line in out.getvalue().splitlines()] == ["<7>", "<6>", "<4>", "<3>", "<2>"]


def test_traceback_lines_keep_the_priority() -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, journal=True)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("storywatch.test").exception("poll_failed")
    lines = out.getvalue().splitlines()
    assert len(lines) > 2
    assert all(line.startswith("<3>") for line in lines)
    assert lines[-1] == "<3>RuntimeError: boom"


def test_journal_detected_by_device_and_inode(tmp_path: Path) -> None:
    path = tmp_path / "stream"
    with path.open("w") as stream:
        st = os.fstat(stream.fileno())
        assert journal_stream(stream, {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"})
        assert not journal_stream(stream, {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino + 1}"})
        assert not journal_stream(stream, {})
        assert not journal_stream(io.StringIO(), {"JOURNAL_STREAM": "1:2"})


def test_library_logging_a_bot_api_url_never_shows_the_token() -> None:
    out = io.StringIO()
    setup_logging("DEBUG", stream=out, journal=True, secrets=[TOKEN])

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        client.get(f"https://api.telegram.org/bot{TOKEN}/getMe")  # httpx logs the URL at INFO
    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        try:
            client.get(f"https://api.telegram.org/bot{TOKEN}/sendMessage")
        except httpx.ConnectError:
            logging.getLogger("telegram.ext").exception("send_failed url=%s", f"bot{TOKEN}")
    logging.getLogger("x").info("bare token %s in a repr", TOKEN, extra=fields(token=TOKEN))
    text = out.getvalue()
    assert "getMe" in text and "sendMessage" in text  # the lines are there ...
    assert "HTTP Request" in text
    assert TOKEN not in text  # ... the token is not
    assert TOKEN.split(":")[1] not in text
    assert f"bot{REDACTED}/getMe" in text


def test_unregistered_token_in_a_url_is_scrubbed_too() -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, journal=False)
    logging.getLogger("x").warning("GET https://api.example/bot42:short-secret_x/getUpdates failed")
    assert "short-secret_x" not in out.getvalue()
    assert "bot<redacted>/getUpdates" in out.getvalue()


def test_registered_secret_of_any_shape_is_scrubbed() -> None:
    register_secret("hunter2-not-a-telegram-shape")
    assert redact("password=hunter2-not-a-telegram-shape;") == f"password={REDACTED};"


def test_chatty_http_loggers_are_quiet_at_info() -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, journal=False)
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))) as client:
        client.get("https://example.org/feed")
    assert "HTTP Request" not in out.getvalue()


def test_setup_twice_keeps_one_handler() -> None:
    out = io.StringIO()
    setup_logging("INFO", stream=out, journal=False)
    setup_logging("INFO", stream=out, journal=False)
    logging.getLogger("x").info("once")
    assert out.getvalue().count("info once") == 1
