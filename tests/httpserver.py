"""A threaded HTTP/1.1 server on 127.0.0.1 for tests: scripted routes, faults, and request counts.

Usage::

    from httpserver import LoopbackServer, Route

    with LoopbackServer() as server:
        server.route("/feed.xml", body=b"<rss/>", etag='"v1"', content_type="application/rss+xml")
        server.route("/slow", body=b"late", delay=2.0)
        server.route("/huge", stream=server.endless(b"x" * 65536))
        server.redirect("/a", "/b"); server.redirect("/b", "/a")   # a loop
        url = server.url("/feed.xml")
        ...
        assert server.hits["/feed.xml"] == 2 and server.not_modified["/feed.xml"] == 1

Routes may be changed while the server runs (a feed that breaks and recovers). Each route answers
If-None-Match / If-Modified-Since with 304 when it has an etag / last_modified. Unknown paths get 404.
Writes are buffered and Nagle is off, so a response costs well under a millisecond.
"""

from __future__ import annotations

import gzip as gzip_module
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # answers a matching If-None-Match with 304
    last_modified: str | None = None  # answers an equal If-Modified-Since with 304
    delay: float = 0.0  # seconds to wait before the status line (a slow server)
    encoding: str | None = None  # "gzip" or "deflate": compress the body
    # A body produced piece by piece, sent with chunked transfer encoding (giant or trickling bodies).
    stream: Callable[[], Iterable[bytes]] | None = None
    chunk_delay: float = 0.0  # seconds between streamed chunks
    handler: Callable[[BaseHTTPRequestHandler], Route] | None = None  # decide per request


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class LoopbackServer:
    """A ThreadingHTTPServer on an ephemeral port of 127.0.0.1, stopped on exit."""

    def __init__(self, *, idle_timeout: float | None = None) -> None:
        self.idle_timeout = idle_timeout  # close keep-alive connections idle this long (seconds)
        self.connections = 0  # TCP connections accepted (keep-alive reuse keeps this low)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()  # body bytes written, per path
        self.seen: list[Seen] = []
        self.aborted: Counter[str] = Counter()  # client went away while we were writing
        self.in_flight = 0  # requests being answered right now
        self.max_in_flight = 0  # the most answered at once (checks concurrency bounds)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ setup

    def route(self, path: str, **kwargs: Any) -> Route:
        route = Route(**kwargs)
        self.routes[path] = route
        return route

    def update(self, path: str, **kwargs: Any) -> Route:
        route = replace(self.routes[path], **kwargs)
        self.routes[path] = route
        return route

    def redirect(self, path: str, to: str, status: int = 302) -> None:
        self.routes[path] = Route(status=status, headers={"Location": to})

    @staticmethod
    def endless(chunk: bytes, limit: int | None = None) -> Callable[[], Iterator[bytes]]:
        """A stream factory yielding `chunk` forever (or until `limit` bytes)."""

        def gen() -> Iterator[bytes]:
            sent = 0
            while limit is None or sent < limit:
                yield chunk
                sent += len(chunk)

        return gen

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    # ------------------------------------------------------------ lifecycle

    def start(self) -> LoopbackServer:
        handler = _make_handler(self)
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes sleeping handlers (slow routes) so shutdown is quick
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def sleep(self, seconds: float) -> bool:
        """Sleep in a handler; False when the server is stopping."""
        return not self._stop.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-response (timeouts, size limits) are expected here


def _make_handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 65536  # buffered writes: one send per response, not one per header line
        disable_nagle_algorithm = True
        timeout = server.idle_timeout

        def setup(self) -> None:
            super().setup()
            with server._lock:
                server.connections += 1

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_HEAD(self) -> None:
            self._answer(head=True)

        def do_GET(self) -> None:
            self._answer(head=False)

        def _answer(self, head: bool) -> None:
            path = self.path
            with server._lock:
                server.hits[path] += 1
                server.seen.append(
                    Seen(self.command, path, {k.lower(): v for k, v in self.headers.items()})
                )
                server.in_flight += 1
                server.max_in_flight = max(server.max_in_flight, server.in_flight)
            try:
                self._respond(path, head)
            finally:
                with server._lock:
                    server.in_flight -= 1

        def _respond(self, path: str, head: bool) -> None:
            route = server.routes.get(path)
            if route is None:
                route = Route(status=404, body=b"not found", content_type="text/plain")
            if route.handler is not None:
                route = route.handler(self)
            if route.delay and not server.sleep(route.delay):
                return
            if self._not_modified(route):
                with server._lock:
                    server.not_modified[path] += 1
                self.send_response(304)
                self._validators(route)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self._validators(route)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.stream is not None:
                self._stream(path, route, head)
                return
            body = route.body
            if route.encoding == "gzip":
                body = gzip_module.compress(body)
            elif route.encoding == "deflate":
                body = zlib.compress(body)
            if route.encoding:
                self.send_header("Content-Encoding", route.encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self._write(path, body)

        def _validators(self, route: Route) -> None:
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

        def _not_modified(self, route: Route) -> bool:
            if route.status != 200:
                return False
            inm = self.headers.get("If-None-Match")
            if route.etag and inm is not None:
                return route.etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
            ims = self.headers.get("If-Modified-Since")
            return bool(route.last_modified and ims == route.last_modified)

        def _stream(self, path: str, route: Route, head: bool) -> None:
            assert route.stream is not None
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            if head:
                return
            for chunk in route.stream():
                if server._stop.is_set():
                    return
                if not self._write(
                    path, b"%x\r\n%s\r\n" % (len(chunk), chunk), body_len=len(chunk)
                ):
                    return
                if route.chunk_delay and not server.sleep(route.chunk_delay):
                    return
            self._write(path, b"0\r\n\r\n", body_len=0)

        def _write(self, path: str, data: bytes, body_len: int | None = None) -> bool:
            try:
                self.wfile.write(data)
                self.wfile.flush()
            except OSError:  # broken pipe, reset, timeout: the client hung up
                with server._lock:
                    server.aborted[path] += 1
                self.close_connection = True
                return False
            with server._lock:
                server.bytes_sent[path] += len(data) if body_len is None else body_len
            return True

    return Handler


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll `predicate` until it is true or `timeout` passes (for server-side effects)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
