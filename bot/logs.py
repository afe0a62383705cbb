"""Logging setup: one "level event key=value" line per record on stderr, journald-aware, no secrets."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

REDACTED = "<redacted>"

# A Bot API URL carries the token in its path: https://api.telegram.org/bot<digits>:<secret>/getMe.
# httpx logs every request URL at INFO, and its exceptions repeat it, so the pattern is scrubbed
# even when the token was never registered (a token from a test, a second bot, an old config).
_BOT_URL_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
# The bare token shape (digits, colon, 30+ url-safe characters), e.g. in a repr of a Bot object.
_BARE_TOKEN = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{30,}")

# syslog priorities, which journald reads from a "<N>" prefix on each line of a stream.
_PRIORITY = {
    logging.DEBUG: 7,
    logging.INFO: 6,
    logging.WARNING: 4,
    logging.ERROR: 3,
    logging.CRITICAL: 2,
}

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def register_secret(secret: str | None) -> None:
    """Never let `secret` reach a log line (call it as soon as the token is read)."""
    if secret and len(secret) >= 4:
        with _secrets_lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _BOT_URL_TOKEN.sub("bot" + REDACTED, text)
    return _BARE_TOKEN.sub(REDACTED, text)


def _priority(levelno: int) -> int:
    for level in (logging.CRITICAL, logging.ERROR, logging.WARNING, logging.INFO):
        if levelno >= level:
            return _PRIORITY[level]
    return _PRIORITY[logging.DEBUG]


def _value(value: Any) -> str:
    text = str(value)
    if text == "" or any(c in text for c in ' "=\n\t'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


def fields(**values: Any) -> dict[str, Any]:
    """`log.info("polled", extra=fields(feed=url, status=304))` renders as `polled feed=... status=304`."""
    return {"fields": values}


class RedactFilter(logging.Filter):
    """Scrubs registered secrets and Bot API tokens from a record's message, fields and traceback.

    Attached to the handler, so it sees records from every library that propagates to the root."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a library's broken format string: keep the raw text, still scrubbed
            message = f"{record.msg} {record.args}"
        record.msg = redact(message)
        record.args = None
        extra = getattr(record, "fields", None)
        if isinstance(extra, Mapping):
            record.fields = {k: redact(str(v)) for k, v in extra.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class LineFormatter(logging.Formatter):
    """`info polled feed=https://x status=304 logger=storywatch.pipeline`.

    With journal=True each line starts with its syslog priority (`<6>`) and carries no timestamp,
    since journald adds its own; continuation lines of a traceback get the same prefix so they keep
    the record's level. A final redact() pass guards whatever the filter could not reach."""

    def __init__(self, journal: bool) -> None:
        super().__init__()
        self.journal = journal

    def format(self, record: logging.LogRecord) -> str:
        parts = [record.levelname.lower(), record.getMessage()]
        extra = getattr(record, "fields", None)
        if isinstance(extra, Mapping):
            parts += [f"{k}={_value(v)}" for k, v in extra.items()]
        parts.append(f"logger={record.name}")
        line = " ".join(p for p in parts if p)
        if not self.journal:
            stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created))
            line = f"{stamp} {line}"
        text = line
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + self.formatStack(record.stack_info)
        text = redact(text)
        if self.journal:
            prefix = f"<{_priority(record.levelno)}>"
            text = "\n".join(prefix + part for part in text.split("\n"))
        return text


def journal_stream(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    """True when `stream` is the journald stream systemd connected (JOURNAL_STREAM=dev:inode).

    Comparing device and inode, as sd_journal_stream_fd(3) advises, keeps a child whose stderr was
    redirected to a file from writing "<6>" prefixes into that file."""
    value = (os.environ if env is None else env).get("JOURNAL_STREAM", "")
    if not value:
        return False
    try:
        dev, ino = (int(x) for x in value.split(":", 1))
        st = os.fstat(stream.fileno())
    except (ValueError, OSError, AttributeError):
        return False
    return (st.st_dev, st.st_ino) == (dev, ino)


_HANDLER_MARK = "_storywatch_handler"

# Libraries that log every HTTP request at INFO: on a service that long-polls Telegram this is a
# line every few seconds. They stay visible at DEBUG.
_CHATTY = ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler")


def setup_logging(
    level: str | int = "INFO",
    *,
    stream: TextIO | None = None,
    journal: bool | None = None,
    secrets: Iterable[str] = (),
) -> logging.Handler:
    """Route every logger to one stderr handler; idempotent (a reload replaces the handler)."""
    stream = sys.stderr if stream is None else stream
    if journal is None:
        journal = journal_stream(stream)
    for secret in secrets:
        register_secret(secret)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream)
    setattr(handler, _HANDLER_MARK, True)
    handler.addFilter(RedactFilter())
    handler.setFormatter(LineFormatter(journal=journal))
    root.addHandler(handler)
    numeric = logging.getLevelName(level) if isinstance(level, str) else level
    root.setLevel(numeric)
    for name in _CHATTY:
        logging.getLogger(name).setLevel(
            logging.DEBUG if numeric <= logging.DEBUG else logging.WARNING
        )
    return handler


# bot/cli.py calls `bot.logs.setup(level)`.
setup = setup_logging
