"""HTTP fetching for feeds and pages: polite (bounded, conditional), safe (size/time limits), never raising."""

from __future__ import annotations

import asyncio
import os
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from watchers.config import PollConfig
from watchers.http11 import Http11Transport

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PROXY_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "https_proxy", "http_proxy", "all_proxy")


def _proxy_configured() -> bool:
    return any(os.environ.get(name) for name in _PROXY_VARS)


@dataclass(frozen=True)
class FetchResult:
    """What one GET brought back; `error` says in words what went wrong (None when it went fine)."""

    url: str
    final_url: str  # after redirects
    status: int  # 0 when no response arrived (timeout, refused, too large before headers, ...)
    body: bytes  # decoded (gzip/deflate undone); b"" on 304 and on errors
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    max_age: float | None = None  # seconds the response may be reused (Cache-Control / Expires)
    retry_after: float | None = None  # seconds the server asked us to wait (429/503)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _seconds(value: float) -> str:
    return f"{value:g}"


def parse_max_age(headers: httpx.Headers, now: datetime) -> float | None:
    """Freshness lifetime in seconds from Cache-Control max-age (minus Age) or Expires - Date."""
    cache_control = headers.get("cache-control", "")
    directives: dict[str, str] = {}
    for part in cache_control.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.strip().lower()] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return None
    if "max-age" in directives:
        try:
            max_age = float(int(directives["max-age"]))
        except ValueError:
            return None
        try:
            max_age -= max(0, int(headers.get("age", "0")))
        except ValueError:
            pass
        return max_age if max_age > 0 else None
    expires = headers.get("expires")
    if expires:
        when = _http_date(expires)
        if when is None:
            return None
        date = _http_date(headers.get("date", "")) or now
        lifetime = (when - date).total_seconds()
        return lifetime if lifetime > 0 else None
    return None


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds (it may be a number of seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    return max(0.0, (when - now).total_seconds())


def _http_date(value: str) -> datetime | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class _Decoder:
    """gzip/deflate decoding that never inflates more than `limit` bytes at once (zip bombs)."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.encoding = encoding
        self._z: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()  # zlib-wrapped; raw deflate is detected on first chunk
        self._first = True

    def feed(self, data: bytes, room: int) -> bytes:
        """Decode `data`, returning at most room + 1 bytes (one more than fits tells "too large")."""
        if self._z is None:
            return data
        if self._first and self.encoding == "deflate":
            self._first = False
            # Some servers send raw deflate without the zlib header: RFC 9110 says zlib, practice varies.
            if data and (data[0] & 0x0F) != 8:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        out = self._z.decompress(data, room + 1)
        if len(out) > room:
            return out
        # unconsumed_tail holds input left over when max_length was reached.
        while self._z.unconsumed_tail and len(out) <= room:
            out += self._z.decompress(self._z.unconsumed_tail, room + 1 - len(out))
        return out

    def flush(self) -> bytes:
        return self._z.flush() if self._z is not None else b""


class _TooLarge(Exception):
    pass


async def _discard(resp: httpx.Response, limit: int = 65536) -> None:
    """Read and drop a small body (a 304, a redirect, an error page) so the connection can be
    reused; a larger one is abandoned and its connection closed instead."""
    if resp.is_stream_consumed:
        return
    read = 0
    async for chunk in resp.aiter_raw():
        read += len(chunk)
        if read > limit:
            break


class Fetcher:
    """HTTP GETs with bounded concurrency overall and per host, used as an async context manager.

    Requests go through watchers.http11.Http11Transport (lean keep-alive HTTP/1.1; see its
    docstring for why), through httpx's own client when a proxy is set in the environment, or
    through the `transport` given (httpx.MockTransport in tests). Redirects are followed here,
    at most `max_redirects` of them.

    `fetch` never raises for network or HTTP problems: it returns a FetchResult whose `error` names
    the problem. Waiting for a free slot does not count towards the timeout; once a request starts,
    the whole of it (connect, headers, body) must finish within poll.timeout, so a server dribbling
    a byte a second cannot hold a slot forever."""

    def __init__(
        self,
        poll: PollConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_redirects: int = MAX_REDIRECTS,
        clock: Callable[[], datetime] | None = None,
    ):
        self.poll = poll
        self.timeout = float(poll.timeout)
        self.max_bytes = int(poll.max_bytes)
        self.max_redirects = max_redirects
        self._clock = clock or (lambda: datetime.now(UTC))
        self._given_transport = transport
        self._own: httpx.AsyncBaseTransport | httpx.AsyncClient | None = None
        self._send: Callable[[httpx.Request], Awaitable[httpx.Response]] | None = None
        self._slots = asyncio.Semaphore(poll.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        connect = min(self.timeout, 10.0)
        self._timeouts = {
            "connect": connect,
            "read": self.timeout,
            "write": self.timeout,
            "pool": self.timeout,
        }
        self._headers = {"User-Agent": poll.user_agent, "Accept-Encoding": "gzip, deflate"}

    async def __aenter__(self) -> Fetcher:
        if self._given_transport is not None:
            self._send = self._given_transport.handle_async_request
        elif _proxy_configured():
            # Proxies from the environment (with NO_PROXY) are httpx's job; the lean transport has none.
            client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout, connect=self._timeouts["connect"]),
                limits=httpx.Limits(max_connections=self.poll.concurrency),
                trust_env=True,
            )
            self._own = client

            async def send(request: httpx.Request) -> httpx.Response:
                return await client.send(request, stream=True)

            self._send = send
        else:
            transport = Http11Transport(
                connect_timeout=self._timeouts["connect"],
                max_idle_per_origin=self.poll.per_host,
                max_idle=max(64, 2 * self.poll.concurrency),
            )
            self._own = transport
            self._send = transport.handle_async_request
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._own is not None:
            await self._own.aclose()
            self._own = None
        self._send = None

    async def aclose(self) -> None:
        await self.__aexit__(None, None, None)

    def _host_slots(self, host: str) -> asyncio.Semaphore:
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self.poll.per_host)
        return sem

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> FetchResult:
        """GET url (conditionally when etag/last_modified are given); never raises for network/HTTP trouble."""
        if self._send is None:
            raise RuntimeError("use Fetcher as `async with Fetcher(poll) as fetcher:`")
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
        # Host slot first, then a global slot: a queue for one busy host must not sit on global slots.
        async with self._host_slots(host), self._slots:
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._get(url, etag, last_modified, accept)
            except (TimeoutError, httpx.TimeoutException):
                return self._failed(url, f"timed out after {_seconds(self.timeout)} s")
            except httpx.TooManyRedirects:
                return self._failed(url, f"too many redirects (more than {self.max_redirects})")
            except httpx.UnsupportedProtocol as e:
                return self._failed(url, f"unsupported URL: {e}")
            except httpx.InvalidURL as e:
                return self._failed(url, f"invalid URL: {e}")
            except httpx.ConnectError as e:
                return self._failed(
                    url, f"could not connect to {host or url}: {e or type(e).__name__}"
                )
            except (httpx.RemoteProtocolError, httpx.LocalProtocolError) as e:
                return self._failed(url, f"broken HTTP response: {e or type(e).__name__}")
            except httpx.DecodingError as e:
                return self._failed(url, f"could not decode the response body: {e}")
            except httpx.HTTPError as e:
                return self._failed(url, f"{type(e).__name__}: {e}")
            except zlib.error as e:
                return self._failed(url, f"could not decode the compressed response body: {e}")
            except (OSError, ValueError) as e:
                # Anything else the transport lets through must still not end a poll.
                return self._failed(url, f"{type(e).__name__}: {e}")

    def _failed(self, url: str, error: str) -> FetchResult:
        return FetchResult(url=url, final_url=url, status=0, body=b"", error=error)

    async def _get(
        self, url: str, etag: str | None, last_modified: str | None, accept: str
    ) -> FetchResult:
        assert self._send is not None
        headers = {**self._headers, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = url
        for _ in range(self.max_redirects + 1):
            request = httpx.Request(
                "GET", target, headers=headers, extensions={"timeout": self._timeouts}
            )
            resp = await self._send(request)
            resp.request = request
            try:
                status = resp.status_code
                location = resp.headers.get("location")
                if status in _REDIRECTS and location:
                    target = str(request.url.join(location.strip()))
                    await _discard(resp)
                    continue
                if not 200 <= status < 300:
                    await _discard(resp)
                return await self._read(url, resp, etag, last_modified)
            finally:
                await resp.aclose()
        raise httpx.TooManyRedirects(f"more than {self.max_redirects} redirects", request=request)

    async def _read(
        self, url: str, resp: httpx.Response, etag: str | None, last_modified: str | None
    ) -> FetchResult:
        now = self._clock()
        h = resp.headers
        status = resp.status_code
        etag_out = h.get("etag") or (etag if status == 304 else None)
        modified_out = h.get("last-modified") or (last_modified if status == 304 else None)

        def result(body: bytes = b"", error: str | None = None) -> FetchResult:
            return FetchResult(
                url=url,
                final_url=str(resp.url),
                status=status,
                body=body,
                # A 304 may omit the validators; keep the ones we sent so they are not forgotten.
                etag=etag_out,
                last_modified=modified_out,
                content_type=h.get("content-type", ""),
                max_age=parse_max_age(h, now),
                retry_after=parse_retry_after(h.get("retry-after"), now),
                error=error,
            )

        if status == 304:
            return result()
        if not 200 <= status < 300:
            reason = resp.reason_phrase or ""
            return result(error=f"HTTP {status} {reason}".strip())
        too_large = f"response larger than {self.max_bytes} bytes, aborted"
        length = h.get("content-length", "")
        encoding = h.get("content-encoding", "identity").strip().lower()
        if length.isdigit() and encoding in ("", "identity") and int(length) > self.max_bytes:
            return result(error=too_large)
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            return result(error=f"unsupported content-encoding {encoding!r}")
        if resp.is_stream_consumed:
            # An in-memory response (httpx.MockTransport with content=...) arrives read and
            # decoded already; there is nothing left to stream.
            data = resp.content
            return result(error=too_large) if len(data) > self.max_bytes else result(data)
        decoder = _Decoder(encoding, self.max_bytes)
        body = bytearray()
        try:
            async for raw in resp.aiter_raw():
                body += decoder.feed(raw, self.max_bytes - len(body))
                if len(body) > self.max_bytes:
                    raise _TooLarge
            body += decoder.flush()
            if len(body) > self.max_bytes:
                raise _TooLarge
        except _TooLarge:
            # _get's resp.aclose() then drops the connection without reading the rest.
            return result(error=too_large)
        return result(bytes(body))
