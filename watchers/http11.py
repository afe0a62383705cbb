"""A lean HTTP/1.1 keep-alive transport for httpx on asyncio streams and h11 (the poller's hot path).

Why: httpx's default transport (httpcore over anyio) costs ~1.2 ms of CPU per request here, which
alone would make a re-poll of 6,000 unchanged feeds take 7 s; the same request over asyncio
streams with h11 costs ~0.4 ms (benchmarks/poll.py, docs/benchmarks.md). It implements only what
polling needs: GET/HEAD (any method with a small body works), http and https, keep-alive reuse
per origin, a connect timeout. No proxies (Fetcher falls back to httpx's own transport when a
proxy is configured in the environment), no HTTP/2. Body decoding (gzip/deflate) and size limits
stay in watchers.fetch, which reads the raw stream.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections.abc import AsyncIterator
from types import TracebackType

import h11
import httpx

_READ = 65536
Origin = tuple[str, str, int]


class _Conn:
    __slots__ = ("reader", "writer", "h11", "origin", "idle_since", "received")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, origin: Origin):
        self.reader = reader
        self.writer = writer
        self.h11 = h11.Connection(h11.CLIENT)
        self.origin = origin
        self.idle_since = 0.0
        self.received = 0  # bytes read for the current request

    def close(self) -> None:
        try:
            self.writer.close()
        except (OSError, RuntimeError):  # the loop may be closing, the socket already gone
            pass

    async def next_event(self) -> h11.Event | type[h11.NEED_DATA] | type[h11.PAUSED]:
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            try:
                data = await self.reader.read(_READ)
            except OSError as e:
                raise httpx.ReadError(str(e) or type(e).__name__) from e
            self.received += len(data)
            self.h11.receive_data(data)  # b"" tells h11 the peer closed


class _Body(httpx.AsyncByteStream):
    """The response body as h11 Data events; the connection goes back to the pool once read."""

    def __init__(self, conn: _Conn, transport: Http11Transport):
        self._conn: _Conn | None = conn
        self._transport = transport

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None:
            return
        try:
            while True:
                event = await conn.next_event()
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage):
                    break
                elif isinstance(event, h11.ConnectionClosed):
                    raise httpx.RemoteProtocolError("server closed the connection mid-response")
        except h11.RemoteProtocolError as e:
            await self.aclose()
            raise httpx.RemoteProtocolError(str(e)) from e
        except BaseException:
            await self.aclose()
            raise
        self._conn = None
        self._transport._release(conn)

    async def aclose(self) -> None:
        # Closed before the end (size limit, timeout, error status): the connection is unusable.
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class Http11Transport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        *,
        connect_timeout: float = 10.0,
        keepalive_expiry: float = 30.0,
        max_idle_per_origin: int = 32,
        max_idle: int = 64,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.connect_timeout = connect_timeout
        self.keepalive_expiry = keepalive_expiry
        self.max_idle_per_origin = max_idle_per_origin
        self.max_idle = (
            max_idle  # idle sockets overall: thousands of hosts must not hold thousands of fds
        )
        self._ssl = ssl_context
        self._idle: dict[Origin, list[_Conn]] = {}
        self._idle_count = 0
        self._last_sweep = time.monotonic()
        self._closed = False

    # ------------------------------------------------------------ pool

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:
            self._ssl = httpx.create_ssl_context()  # certifi's roots, as httpx would use
        return self._ssl

    def _checkout(self, origin: Origin) -> _Conn | None:
        idle = self._idle.get(origin)
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            self._idle_count -= 1
            if now - conn.idle_since < self.keepalive_expiry and not conn.reader.at_eof():
                return conn
            conn.close()
        return None

    def _sweep(self, now: float) -> None:
        """Close idle connections past keepalive_expiry, for every origin (feeds of a host that
        is polled once an hour must not keep a socket open in between)."""
        self._last_sweep = now
        for origin in list(self._idle):
            keep = []
            for conn in self._idle[origin]:
                if now - conn.idle_since < self.keepalive_expiry and not conn.reader.at_eof():
                    keep.append(conn)
                else:
                    conn.close()
            self._idle_count -= len(self._idle[origin]) - len(keep)
            if keep:
                self._idle[origin] = keep
            else:
                del self._idle[origin]

    def _release(self, conn: _Conn) -> None:
        if (
            self._closed
            or conn.h11.our_state is not h11.DONE
            or conn.h11.their_state is not h11.DONE
        ):
            conn.close()
            return
        conn.h11.start_next_cycle()
        now = time.monotonic()
        if now - self._last_sweep > min(self.keepalive_expiry, 5.0):
            self._sweep(now)
        idle = self._idle.setdefault(conn.origin, [])
        if len(idle) >= self.max_idle_per_origin or self._idle_count >= self.max_idle:
            conn.close()
            return
        conn.idle_since = now
        idle.append(conn)
        self._idle_count += 1

    async def _connect(self, origin: Origin, timeout: float) -> _Conn:
        scheme, host, port = origin
        context = self._ssl_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(
                    host,
                    port,
                    ssl=context,
                    server_hostname=host if context else None,
                    limit=_READ * 4,
                )
        except TimeoutError as e:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out") from e
        except (OSError, ssl.SSLError) as e:
            raise httpx.ConnectError(str(e) or type(e).__name__) from e
        return _Conn(reader, writer, origin)

    # ------------------------------------------------------------ requests

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}: use http or https")
        if not url.host:
            raise httpx.UnsupportedProtocol(f"no host in URL {str(url)!r}")
        origin: Origin = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        timeouts = request.extensions.get("timeout", {})
        connect_timeout = float(timeouts.get("connect") or self.connect_timeout)
        body = b"".join([part async for part in request.stream])  # type: ignore[union-attr]
        headers = [(k, v) for k, v in request.headers.raw]
        if body and not any(k.lower() == b"content-length" for k, _ in headers):
            headers.append((b"Content-Length", str(len(body)).encode()))
        target = url.raw_path

        # A pooled connection the server has quietly closed fails before any response byte: try
        # once more on a fresh one (GETs are idempotent).
        for attempt in (0, 1):
            conn = self._checkout(origin) if attempt == 0 else None
            reused = conn is not None
            if conn is None:
                conn = await self._connect(origin, connect_timeout)
            conn.received = 0
            try:
                data = conn.h11.send(
                    h11.Request(method=request.method, target=target, headers=headers)
                )
                if body:
                    data = (data or b"") + (conn.h11.send(h11.Data(data=body)) or b"")
                data = (data or b"") + (conn.h11.send(h11.EndOfMessage()) or b"")
                conn.writer.write(data)
                event = await conn.next_event()
                while isinstance(event, h11.InformationalResponse):
                    event = await conn.next_event()
            except (h11.RemoteProtocolError, httpx.ReadError, OSError) as e:
                conn.close()
                if reused and conn.received == 0:
                    continue
                if isinstance(e, h11.RemoteProtocolError):
                    raise httpx.RemoteProtocolError(str(e)) from e
                raise httpx.ReadError(str(e) or type(e).__name__) from e
            except h11.LocalProtocolError as e:
                conn.close()
                raise httpx.LocalProtocolError(str(e)) from e
            except BaseException:
                conn.close()
                raise
            if isinstance(event, h11.ConnectionClosed):
                conn.close()
                if reused:
                    continue
                raise httpx.RemoteProtocolError("server closed the connection without a response")
            assert isinstance(event, h11.Response)
            return httpx.Response(
                event.status_code,
                headers=[(k, v) for k, v in event.headers],
                stream=_Body(conn, self),
                request=request,
                extensions={
                    "http_version": b"HTTP/" + event.http_version,
                    "reason_phrase": event.reason,
                },
            )
        raise httpx.RemoteProtocolError("server closed the connection without a response")

    async def aclose(self) -> None:
        self._closed = True
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()
        self._idle_count = 0

    async def __aenter__(self) -> Http11Transport:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        await self.aclose()
