"""A fake Telegram Bot API server on 127.0.0.1 for tests and benchmarks: real HTTP, limits, faults.

Point python-telegram-bot at it with
``Application.builder().token("123:TEST").base_url(f"{srv.base}/bot").base_file_url(f"{srv.base}/file/bot")``.
It runs in its own threads (stdlib ThreadingHTTPServer), so it works beside an asyncio test and
beside a sender in another process. Every state change goes through one lock.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import queue
import re
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# PTB 22.x warns on every RetryAfter unless the caller opts in to timedelta periods (bot.delivery does too).
os.environ.setdefault("PTB_TIMEDELTA", "true")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Bot", "username": "storywatch_test_bot"}
SENDING = {"sendMessage", "editMessageText", "editMessageReplyMarkup"}


# ---------------------------------------------------------------- Telegram's HTML subset

_ALLOWED = {
    "b": set(),
    "strong": set(),
    "i": set(),
    "em": set(),
    "u": set(),
    "ins": set(),
    "s": set(),
    "strike": set(),
    "del": set(),
    "tg-spoiler": set(),
    "span": {"class"},
    "a": {"href"},
    "code": {"class"},
    "pre": set(),
    "blockquote": {"expandable"},
    "tg-emoji": {"emoji-id"},
}
_TAG = re.compile(
    r'<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:"[^"<>]*"|\'[^\'<>]*\'|[^\s"\'<>=]+))?)*)\s*>'
)
_ATTR = re.compile(r'([a-zA-Z-]+)(?:\s*=\s*("[^"]*"|\'[^\']*\'|[^\s"\']+))?')
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ParseError(ValueError):
    pass


def parse_html(text: str) -> str:
    """Telegram's strict reading of parse_mode=HTML: the visible text, or ParseError like the API's."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            m = _TAG.match(text, i)
            if not m:
                raise ParseError(f"Unsupported start tag at byte offset {len(text[:i].encode())}")
            closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
            if name not in _ALLOWED:
                raise ParseError(
                    f'Unsupported start tag "{name}" at byte offset {len(text[:i].encode())}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise ParseError(
                        f'Unmatched end tag at byte offset {len(text[:i].encode())}, expected "</{stack[-1] if stack else ""}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                for a in _ATTR.finditer(attrs):
                    if a.group(1).lower() not in _ALLOWED[name]:
                        raise ParseError(f'Unsupported attribute "{a.group(1)}" in tag "{name}"')
                stack.append(name)
            i = m.end()
        elif ch == "&":
            m = _ENTITY.match(text, i)
            if not m:
                raise ParseError(f"Unknown entity at byte offset {len(text[:i].encode())}")
            ref = m.group(1)
            if ref.startswith("#x"):
                out.append(chr(int(ref[2:], 16)))
            elif ref.startswith("#"):
                out.append(chr(int(ref[1:])))
            else:
                out.append(_NAMED[ref])
            i = m.end()
        elif ch == ">":
            raise ParseError(f"Unexpected > at byte offset {len(text[:i].encode())}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- recorded data


@dataclass(frozen=True)
class Sent:
    """A message the server accepted."""

    method: str
    chat_id: int
    text: str  # as sent (HTML source when parse_mode is HTML)
    visible: str  # what a user sees
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    message_id: int
    at: float  # time.monotonic() on arrival


@dataclass
class Fault:
    kind: str  # "429" | "403" | "400" | "parse" | "500" | "migrate" | "slow" | "hold"
    method: str | None = None
    chat_id: int | None = None
    count: int = 1
    retry_after: int = 1
    migrate_to: int | None = None
    delay: float = 0.0
    description: str | None = None
    # "hold": the request waits until release is set (at most `delay` seconds, 0: 60), then is
    # handled as usual; `arrived` is set when it came in (a sender killed while it waits).
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    answered: list[float] = field(default_factory=list)  # time.monotonic() of each answer given


@dataclass
class Limits:
    """Telegram's flood limits as sliding windows (count, seconds); None disables one."""

    per_chat: tuple[int, float] | None = (1, 1.0)
    per_group: tuple[int, float] | None = (20, 60.0)
    overall: tuple[int, float] | None = (30, 1.0)


@dataclass
class Stats:
    accepted: int = 0
    refused_429: dict[str, int] = field(
        default_factory=lambda: {"chat": 0, "group": 0, "overall": 0, "injected": 0}
    )
    errors: dict[int, int] = field(default_factory=dict)  # status -> count of error answers

    @property
    def total_429(self) -> int:
        return sum(self.refused_429.values())


class FakeBotAPI:
    def __init__(self, *, limits: Limits | None = None, token: str | None = None, port: int = 0):
        self.limits = limits or Limits()
        self.token = token  # when set, other tokens get 401 like Telegram's
        self.port = port  # 0: any free port; a fixed one lets a test start Telegram "late"
        self.lock = threading.Condition()
        self.sent: list[Sent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []  # every request: (method, params)
        # Every request with where it came from: (path prefix before /bot<token>, method), so
        # several processes sharing one token can be told apart by giving each its own prefix
        # in telegram.api_base_url (http://127.0.0.1:PORT/w1).
        self.origins: list[tuple[str, str]] = []
        # Every getUpdates as it arrives: (prefix, time.monotonic(), its long-poll timeout).
        self.get_updates_started: list[tuple[str, float, float]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.edits: list[
            tuple[int, int, dict[str, Any] | None]
        ] = []  # editMessageReplyMarkup calls
        self.commands: list[dict[str, Any]] = []  # the menu of the default scope
        # Every scope's menu, as Telegram keeps them: scope key (see scope_key) -> commands.
        self.scoped_commands: dict[str, list[dict[str, Any]]] = {}
        # Users who never wrote to the bot: Telegram answers "chat not found" for their chat scope.
        self.unmet: set[int] = set()
        self.photos: list[tuple[int, bytes, str]] = []  # sendPhoto uploads: (chat, bytes, caption)
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.migrated: dict[int, int] = {}
        self.admins: dict[int, set[int]] = {}  # group chat id -> admin user ids
        self.stats = Stats()
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 1000
        self._window_chat: dict[int, deque[float]] = {}
        self._window_all: deque[float] = deque()
        self._closing = False
        # setWebhook's parameters while a webhook is set: url, secret_token, allowed_updates, ...
        self.webhook: dict[str, Any] | None = None
        # Every update posted to the webhook, as Telegram would: (update_id, HTTP status; 0 when
        # nothing answered), in order.
        self.deliveries: list[tuple[int, int]] = []
        # Trust for an https webhook (a reverse proxy with a self-signed certificate in a test);
        # None: the system's CAs, as Telegram's.
        self.webhook_ssl: ssl.SSLContext | None = None
        self._outgoing: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._poster: threading.Thread | None = None
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    @property
    def base(self) -> str:
        assert self._httpd, "start() the server first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeBotAPI:
        server = self

        class Handler(_Handler):
            api = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self.lock:
            self._closing = True
            self.lock.notify_all()
        if self._poster:
            self._outgoing.put(None)
            self._poster.join(5)
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread:
            self._thread.join(5)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ what tests inject

    def push_update(self, payload: dict[str, Any]) -> int:
        """An update for the bot: kept for getUpdates, or, while a webhook is set, posted to it
        (from a thread of the fake, in order, with the registered secret token)."""
        with self.lock:
            uid = self._next_update
            self._next_update += 1
            update = {"update_id": uid, **payload}
            if self.webhook is not None:
                self._outgoing.put(update)
            else:
                self._updates.append(update)
            self.lock.notify_all()
            return uid

    def post_webhook(
        self,
        update: dict[str, Any],
        *,
        secret: str | None = None,
        content_type: str = "application/json",
    ) -> int:
        """POST one update to the registered webhook as Telegram does and return the HTTP status.
        `secret`: the header's value; None sends the registered secret token, "" no header at all.
        Blocking: inside asyncio, call it with asyncio.to_thread (the webhook server shares the loop)."""
        with self.lock:
            hook = dict(self.webhook) if self.webhook else None
        assert hook is not None, "no webhook is set (setWebhook was not called)"
        if secret is None:
            secret = hook.get("secret_token") or ""
        parts = urlsplit(str(hook["url"]))
        headers = {"Content-Type": content_type}
        if secret:
            headers[SECRET_HEADER] = secret
        host = parts.hostname or "127.0.0.1"
        conn: http.client.HTTPConnection = (
            http.client.HTTPSConnection(host, parts.port, timeout=5, context=self.webhook_ssl)
            if parts.scheme == "https"
            else http.client.HTTPConnection(host, parts.port, timeout=5)
        )
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("POST", path, body=json.dumps(update).encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def _post_forever(self) -> None:
        """Telegram's side of a webhook: each pushed update is posted in order; while nothing
        listens (connection refused), it is retried for a few seconds."""
        while (update := self._outgoing.get()) is not None:
            status = 0
            for _ in range(50):
                if self._closing:
                    break
                try:
                    status = self.post_webhook(update)
                    break
                except OSError:
                    time.sleep(0.1)
            with self.lock:
                self.deliveries.append((update["update_id"], status))
                self.lock.notify_all()

    def _chat(self, chat_id: int, title: str = "") -> dict[str, Any]:
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "User"}
        kind = "supergroup" if str(chat_id).startswith("-100") else "group"
        return {"id": chat_id, "type": kind, "title": title or f"Group {chat_id}"}

    def message(self, chat_id: int, text: str, *, user_id: int | None = None) -> int:
        """A user writes text (a command when it starts with '/') in a chat; returns the update id."""
        return self.push_update(self.message_payload(chat_id, text, user_id=user_id))

    def message_payload(
        self, chat_id: int, text: str, *, user_id: int | None = None
    ) -> dict[str, Any]:
        """The update (without update_id) of a user writing text in a chat, not yet sent."""
        user_id = user_id if user_id is not None else chat_id
        with self.lock:
            mid = self._next_message
            self._next_message += 1
            self.unmet.discard(user_id)
        msg: dict[str, Any] = {
            "message_id": mid,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": {"id": user_id, "is_bot": False, "first_name": "User"},
            "text": text,
        }
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"message": msg}

    def press(
        self, chat_id: int, data: str, *, message_id: int | None = None, user_id: int | None = None
    ) -> str:
        """A user presses an inline button carrying `data` under a message; returns the query id."""
        user_id = user_id if user_id is not None else chat_id
        with self.lock:
            qid = f"q{self._next_update}"
        original = next((s for s in reversed(self.sent) if s.message_id == message_id), None)
        message = {
            "message_id": message_id or 1,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": BOT_USER,
            "text": original.visible if original else "",
        }
        self.push_update(
            {
                "callback_query": {
                    "id": qid,
                    "chat_instance": str(chat_id),
                    "from": {"id": user_id, "is_bot": False, "first_name": "User"},
                    "message": message,
                    "data": data,
                }
            }
        )
        return qid

    def fail(self, kind: str, **kw: Any) -> Fault:
        """Answer the next matching request(s) with an error; see Fault for the kinds."""
        fault = Fault(kind, **kw)
        with self.lock:
            self.faults.append(fault)
        return fault

    # ------------------------------------------------------------ what tests read

    def messages(self, chat_id: int | None = None) -> list[Sent]:
        with self.lock:
            return [s for s in self.sent if chat_id is None or s.chat_id == chat_id]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block (in a thread) until predicate() holds; prefer `await until(...)` inside asyncio."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.lock.wait(left)
        return True

    # ------------------------------------------------------------ request handling

    def handle(
        self, method: str, params: dict[str, Any], token: str, origin: str = ""
    ) -> tuple[int, dict[str, Any]]:
        if self.token is not None and token != self.token:
            return 401, _error(401, "Unauthorized")
        with self.lock:
            self.calls.append((method, params))
            self.origins.append((origin, method))
        if method == "getUpdates" and self.webhook is not None:
            return 409, _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if method == "getUpdates":
            # Only a fault that names getUpdates applies to it (Telegram down mid-run).
            fault = self._take_fault(method, params) if self._faults_for(method) else None
            if fault is not None and fault.kind != "slow":
                return self._fault_answer(fault)
            with self.lock:
                timeout = float(params.get("timeout") or 0)
                self.get_updates_started.append((origin, time.monotonic(), timeout))
            return 200, {"ok": True, "result": self._get_updates(params)}
        fault = self._take_fault(method, params)
        if fault:
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "hold":
                fault.arrived.set()
                fault.release.wait(fault.delay or 60)
            else:
                return self._fault_answer(fault)
        fn = getattr(self, f"_m_{method}", None)
        if fn is None:
            return 404, _error(404, "Not Found: method not found")
        return fn(params)

    def _faults_for(self, method: str) -> bool:
        with self.lock:
            return any(f.method == method and f.count > 0 for f in self.faults)

    def _take_fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        chat = _int(params.get("chat_id"))
        with self.lock:
            for f in self.faults:
                if (
                    f.count > 0
                    and (f.method is None or f.method == method)
                    and (f.chat_id is None or f.chat_id == chat)
                ):
                    if f.method is None and method not in SENDING:
                        continue
                    f.count -= 1
                    if f.count == 0:
                        self.faults.remove(f)
                    return f
        return None

    def _fault_answer(self, f: Fault) -> tuple[int, dict[str, Any]]:
        with self.lock:
            f.answered.append(time.monotonic())
            if f.kind == "429":
                self.stats.refused_429["injected"] += 1
            else:
                code = {"403": 403, "400": 400, "parse": 400, "500": 500, "migrate": 400}[f.kind]
                self.stats.errors[code] = self.stats.errors.get(code, 0) + 1
        if f.kind == "429":
            return 429, _error(
                429, f"Too Many Requests: retry after {f.retry_after}", retry_after=f.retry_after
            )
        if f.kind == "403":
            return 403, _error(403, f.description or "Forbidden: bot was blocked by the user")
        if f.kind == "parse":
            return 400, _error(
                400,
                'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
            )
        if f.kind == "400":
            return 400, _error(400, f.description or "Bad Request: chat not found")
        if f.kind == "migrate":
            return 400, _error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=f.migrate_to,
            )
        return 500, _error(500, f.description or "Internal Server Error")

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _int(params.get("offset")) or 0
        timeout = float(params.get("timeout") or 0)
        limit = _int(params.get("limit")) or 100
        deadline = time.monotonic() + timeout
        with self.lock:
            if offset:
                # Confirming an offset forgets every earlier update, like Telegram's.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and not self._closing:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.lock.wait(min(left, 0.5))
            return [dict(u) for u in self._updates[:limit]]

    def _flood_check(self, chat_id: int, now: float) -> tuple[str, float] | None:
        """Which limit a message to chat_id at `now` would break, and when it frees; None if fine."""
        checks: list[tuple[str, deque[float], tuple[int, float] | None]] = [
            ("overall", self._window_all, self.limits.overall),
            ("chat", self._window_chat.setdefault(chat_id, deque()), self.limits.per_chat),
        ]
        if chat_id < 0:
            checks.append(("group", self._window_chat[chat_id], self.limits.per_group))
        for name, window, limit in checks:
            if limit is None:
                continue
            count, seconds = limit
            recent = [t for t in window if t > now - seconds]
            if len(recent) >= count:
                return name, recent[-count] + seconds - now
        return None

    def _send_gate(self, method: str, chat_id: int) -> tuple[int, dict[str, Any]] | None:
        if chat_id in self.blocked:
            with self.lock:
                self.stats.errors[403] = self.stats.errors.get(403, 0) + 1
            return 403, _error(403, "Forbidden: bot was blocked by the user")
        if chat_id in self.migrated:
            return 400, _error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=self.migrated[chat_id],
            )
        now = time.monotonic()
        with self.lock:
            broken = self._flood_check(chat_id, now)
            if broken:
                name, free_in = broken
                self.stats.refused_429[name] += 1
                wait = max(1, math.ceil(free_in))
                return 429, _error(429, f"Too Many Requests: retry after {wait}", retry_after=wait)
            self._window_all.append(now)
            self._window_chat[chat_id].append(now)
            while self._window_all and self._window_all[0] < now - 60:
                self._window_all.popleft()
            w = self._window_chat[chat_id]
            while w and w[0] < now - 60:
                w.popleft()
        return None

    def _text_checks(self, params: dict[str, Any]) -> tuple[str, tuple[int, dict[str, Any]] | None]:
        text = str(params.get("text", ""))
        mode = params.get("parse_mode")
        visible = text
        if mode and str(mode).upper() == "HTML":
            try:
                visible = parse_html(text)
            except ParseError as e:
                return text, (400, _error(400, f"Bad Request: can't parse entities: {e}"))
        if not visible.strip():
            return visible, (400, _error(400, "Bad Request: message text is empty"))
        if utf16_len(visible.strip()) > 4096:
            return visible, (400, _error(400, "Bad Request: message is too long"))
        return visible, None

    def _record(
        self, method: str, params: dict[str, Any], visible: str, message_id: int
    ) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        markup = params.get("reply_markup")
        sent = Sent(
            method=method,
            chat_id=chat_id,
            text=str(params.get("text", "")),
            visible=visible,
            parse_mode=params.get("parse_mode"),
            reply_markup=json.loads(markup) if isinstance(markup, str) and markup else markup,
            message_id=message_id,
            at=time.monotonic(),
        )
        with self.lock:
            self.sent.append(sent)
            self.stats.accepted += 1
            self.lock.notify_all()
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": BOT_USER,
            "text": visible,
        }

    def _m_getMe(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True, "result": BOT_USER}

    def _m_sendPhoto(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        photo = params.get("photo")
        if isinstance(photo, str) and photo.startswith("attach://"):
            photo = params.get(photo[len("attach://") :])
        if chat_id is None or not isinstance(photo, bytes) or not photo:
            return 400, _error(400, "Bad Request: there is no photo in the request")
        caption = str(params.get("caption", ""))
        if utf16_len(caption) > 1024:
            return 400, _error(400, "Bad Request: message caption is too long")
        gate = self._send_gate("sendPhoto", chat_id)
        if gate:
            return gate
        with self.lock:
            mid = self._next_message
            self._next_message += 1
            self.photos.append((chat_id, photo, caption))
        result = self._record("sendPhoto", {**params, "text": caption}, caption or "[photo]", mid)
        result["photo"] = [
            {"file_id": f"photo{mid}", "file_unique_id": f"u{mid}", "width": 1, "height": 1}
        ]
        return 200, {"ok": True, "result": result}

    def _m_deleteWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.webhook = None
            if str(params.get("drop_pending_updates", "")).lower() == "true":
                self._updates.clear()
        return 200, {"ok": True, "result": True}

    def _m_setWebhook(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        url = str(params.get("url") or "")
        if not url:  # Telegram: an empty url removes the webhook
            return self._m_deleteWebhook(params)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return 400, _error(400, "Bad Request: bad webhook: Invalid URL")
        secret = str(params.get("secret_token") or "")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            return 400, _error(400, "Bad Request: bad webhook: Invalid secret token")
        allowed = params.get("allowed_updates")
        hook = {
            "url": url,
            "secret_token": secret or None,
            "allowed_updates": json.loads(allowed) if isinstance(allowed, str) else allowed,
            "max_connections": _int(params.get("max_connections")) or 40,
            "drop_pending_updates": str(params.get("drop_pending_updates", "")).lower() == "true",
        }
        with self.lock:
            self.webhook = hook
            if hook["drop_pending_updates"]:
                self._updates.clear()
            # Updates waiting for getUpdates go to the webhook now, as Telegram's would.
            for update in self._updates:
                self._outgoing.put(update)
            self._updates = []
            if self._poster is None:
                self._poster = threading.Thread(target=self._post_forever, daemon=True)
                self._poster.start()
            self.lock.notify_all()
        return 200, {"ok": True, "result": True}

    def _m_getWebhookInfo(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            hook = self.webhook or {}
            info: dict[str, Any] = {
                "url": hook.get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": self._outgoing.qsize() + len(self._updates),
            }
            if hook.get("allowed_updates"):
                info["allowed_updates"] = hook["allowed_updates"]
            if hook:
                info["max_connections"] = hook["max_connections"]
        return 200, {"ok": True, "result": info}

    def _m_setMyCommands(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        cmds = params.get("commands", "[]")
        key = scope_key(params.get("scope"))
        if key.startswith("chat:") and _int(key[5:]) in self.unmet:
            return 400, _error(400, "Bad Request: chat not found")
        with self.lock:
            commands = json.loads(cmds) if isinstance(cmds, str) else list(cmds)
            self.scoped_commands[key] = commands
            if key == "default":
                self.commands = commands
            self.lock.notify_all()
        return 200, {"ok": True, "result": True}

    def _m_deleteMyCommands(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        key = scope_key(params.get("scope"))
        with self.lock:
            self.scoped_commands.pop(key, None)
            if key == "default":
                self.commands = []
        return 200, {"ok": True, "result": True}

    def menu(self, chat_id: int | None = None) -> set[str]:
        """The commands a user sees in a private chat: its chat scope's, else the default's."""
        with self.lock:
            scoped = self.scoped_commands.get(f"chat:{chat_id}") if chat_id is not None else None
            return {c["command"] for c in (scoped if scoped is not None else self.commands)}

    def _m_sendMessage(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None:
            return 400, _error(400, "Bad Request: chat_id is empty")
        visible, problem = self._text_checks(params)
        if problem:
            with self.lock:
                self.stats.errors[400] = self.stats.errors.get(400, 0) + 1
            return problem
        gate = self._send_gate("sendMessage", chat_id)
        if gate:
            return gate
        with self.lock:
            mid = self._next_message
            self._next_message += 1
        return 200, {"ok": True, "result": self._record("sendMessage", params, visible, mid)}

    def _m_editMessageText(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        mid = _int(params.get("message_id"))
        if chat_id is None or mid is None:
            return 400, _error(400, "Bad Request: message to edit not found")
        visible, problem = self._text_checks(params)
        if problem:
            return problem
        gate = self._send_gate("editMessageText", chat_id)
        if gate:
            return gate
        return 200, {"ok": True, "result": self._record("editMessageText", params, visible, mid)}

    def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        mid = _int(params.get("message_id"))
        if chat_id is None or mid is None:
            return 400, _error(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        with self.lock:
            self.edits.append(
                (chat_id, mid, json.loads(markup) if isinstance(markup, str) and markup else None)
            )
            self.lock.notify_all()
        return 200, {
            "ok": True,
            "result": {"message_id": mid, "date": int(time.time()), "chat": self._chat(chat_id)},
        }

    def _m_answerCallbackQuery(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        text = str(params.get("text", ""))
        if len(text) > 200:
            return 400, _error(400, "Bad Request: MESSAGE_TOO_LONG")
        with self.lock:
            self.callback_answers.append(dict(params))
            self.lock.notify_all()
        return 200, {"ok": True, "result": True}

    def _member(self, chat_id: int, user_id: int) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": "User"}
        if chat_id > 0 and chat_id == user_id:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in self.admins.get(chat_id, set()):
            flags = (
                "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats "
                "can_restrict_members can_promote_members can_change_info can_invite_users "
                "can_post_stories can_edit_stories can_delete_stories"
            ).split()
            return {
                "status": "administrator",
                "user": user,
                **{f: f == "can_manage_chat" for f in flags},
            }
        return {"status": "member", "user": user}

    def _m_getChatMember(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id, user_id = _int(params.get("chat_id")), _int(params.get("user_id"))
        if chat_id is None or user_id is None:
            return 400, _error(400, "Bad Request: chat not found")
        return 200, {"ok": True, "result": self._member(chat_id, user_id)}

    def _m_getChatAdministrators(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None:
            return 400, _error(400, "Bad Request: chat not found")
        return 200, {
            "ok": True,
            "result": [self._member(chat_id, u) for u in sorted(self.admins.get(chat_id, set()))],
        }

    def _m_close(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, {"ok": True, "result": True}


def scope_key(scope: Any) -> str:
    """ "default" for no scope or the default one; "chat:<id>" for BotCommandScopeChat; else its type."""
    if isinstance(scope, str):
        scope = json.loads(scope) if scope else None
    if not scope or scope.get("type") == "default":
        return "default"
    if scope.get("type") == "chat":
        return f"chat:{scope.get('chat_id')}"
    return str(scope.get("type"))


def _error(code: int, description: str, **parameters: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return body


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _multipart(ctype: str, body: bytes) -> dict[str, Any]:
    """Form fields as str, uploaded files as bytes (how the Bot API receives sendPhoto)."""
    from email import message_from_bytes
    from email.policy import HTTP

    msg = message_from_bytes(f"Content-Type: {ctype}\r\n\r\n".encode() + body, policy=HTTP)
    params: dict[str, Any] = {}
    for part in msg.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        params[name] = data if part.get_filename() else data.decode("utf-8")
    return params


_PATH = re.compile(r"^((?:/[A-Za-z0-9_.-]+)*?)/bot([^/]+)/([A-Za-z]+)$")


class _Handler(BaseHTTPRequestHandler):
    api: FakeBotAPI
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body leave in two writes; without NODELAY, Nagle and delayed ACKs add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        m = _PATH.match(self.path.split("?")[0])
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if not m:
            self._answer(404, _error(404, "Not Found"))
            return
        ctype = self.headers.get("Content-Type", "")
        params: dict[str, Any]
        if "json" in ctype:
            params = json.loads(body or b"{}")
        elif ctype.startswith("multipart/form-data"):
            params = _multipart(ctype, body)
        else:
            params = dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        status, answer = self.api.handle(m.group(3), params, m.group(2), m.group(1))
        self._answer(status, answer)

    do_GET = do_POST  # noqa: N815

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a read timeout); Telegram would not notice either

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # quiet: tests read api.calls instead


@contextmanager
def running(**kw: Any) -> Iterator[FakeBotAPI]:
    api = FakeBotAPI(**kw).start()
    try:
        yield api
    finally:
        api.stop()


async def until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Inside asyncio: wait (without blocking the loop) until predicate() holds, else fail."""
    import asyncio

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for a condition")
        await asyncio.sleep(0.01)
