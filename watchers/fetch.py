"""HTTP fetching for feeds and pages: polite (bounded, conditional), safe (size/time limits,
public addresses only, one feed's bytes never another's), never raising."""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import socket
import ssl
import urllib.request
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType
from typing import Any

import aiohttp
import aiohttp.http_exceptions
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from httpx_aiohttp import AiohttpTransport

from watchers.config import PollConfig

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
Origin = tuple[str, int]  # (host lowercased, port)


# ---------------------------------------------------------------- which addresses may be fetched


@functools.lru_cache(maxsize=4096)  # the same few hosts every poll
def non_public(address: str) -> str | None:
    """Why an IP address is no place to send a request a feed asked for (None: it is public).

    IPv4 inside IPv6 (::ffff:a.b.c.d, NAT64, 6to4, Teredo) is judged by the IPv4 address it
    carries, since that is where the packets end up."""
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            address.split("%", 1)[0]  # an IPv6 zone (fe80::1%eth0) says nothing of the kind
        )
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class AddressRefused(OSError):
    """A host resolved only to addresses poll.allow_private keeps us from."""

    def __init__(self, host: str, address: str, why: str):
        super().__init__(f"{host} is {why} ({address})" if host != address else f"{host} is {why}")
        self.host, self.address, self.why = host, address, why


class _Policy:
    """poll.allow_private, and the host:port pairs that may be private all the same: those of
    the URLs the operator named (feeds in config.yaml or a rule, a URL on the command line),
    never those a feed's redirects or links lead to."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private
        self.named: set[Origin] = set()

    def allowed(self, origin: Origin) -> bool:
        return self.allow_private or origin in self.named

    def check_literal(self, origin: Origin) -> None:
        host = origin[0]
        why = non_public(host) if _is_ip(host) else None
        if why and not self.allowed(origin):
            raise AddressRefused(host, host, why)


@functools.lru_cache(maxsize=4096)
def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _origin(url: httpx.URL) -> Origin:
    return (url.host.lower(), url.port or (443 if url.scheme == "https" else 80))


class _PublicResolver(AbstractResolver):
    """Resolves names and keeps only public addresses (unless the policy allows the host:port),
    so the connection goes to an address that was checked, whatever DNS says the next time."""

    def __init__(self, policy: _Policy):
        self.policy = policy
        self._dns = aiohttp.ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self._dns.resolve(host, port, family)
        if self.policy.allowed((host.lower(), port)):
            return found
        public = [r for r in found if non_public(r["host"]) is None]
        if not public:
            first = found[0]["host"] if found else host
            raise AddressRefused(host, first, non_public(first) or "not public")
        return public

    async def close(self) -> None:
        await self._dns.close()


class _FreshConnector(aiohttp.TCPConnector):
    """A keep-alive pool that never hands out a connection with bytes waiting on it.

    aiohttp drops a connection that holds unread bytes when a response ends, but bytes that
    arrive while it sits idle in the pool (a second response the server sent late) would be
    read as the answer to the next request: another feed's content under this feed's URL."""

    async def _get(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        # A private method (aiohttp 3.11+ returns a Connection; earlier ones the protocol):
        # tests/test_hostile_net.py fails if this guard stops working.
        while True:
            conn = await super()._get(key, *args, **kwargs)
            if conn is None:
                return None
            proto: Any = getattr(conn, "protocol", conn)
            if proto is not None and proto.is_connected() and not proto.should_close:
                return conn
            conn.close()  # a Connection is released with should_close: closed, not pooled


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

    Requests go through aiohttp's client (its C parser and keep-alive pool; docs/benchmarks.md,
    "HTTP transport — issue 14") behind httpx's API (httpx_aiohttp), with proxies from the
    environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), or through the `transport` given
    (httpx.MockTransport or httpx's own in tests). Redirects are followed here, at most
    `max_redirects` of them.

    Addresses: unless poll.allow_private is set, a request goes only to public addresses, checked
    after DNS resolution (the connection uses the checked address). The host:port of a URL given
    to `fetch` as `named` (by default: any but an article page) may be private: the operator put
    it in config.yaml, a rule or the command line; a redirect or an article link to any other
    private host:port is refused. Behind a proxy the proxy resolves names, so only literal
    addresses are checked.

    `fetch` never raises for network or HTTP problems: it returns a FetchResult whose `error` says
    in plain words which host failed and how, never quoting what the server sent. Waiting for a
    free slot does not count towards the timeout; once a request starts, the whole of it
    (connect, headers, body) must finish within poll.timeout, so a server dribbling a byte a second
    cannot hold a slot forever."""

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
        self._own: httpx.AsyncBaseTransport | None = None
        self._send: Callable[[httpx.Request], Awaitable[httpx.Response]] | None = None
        self._slots = asyncio.Semaphore(poll.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._policy = _Policy(poll.allow_private)
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
            return self
        # The proxy itself (from the environment) is the operator's choice: it may be private.
        proxies = {k: v for k, v in urllib.request.getproxies().items() if k != "no"}
        for proxy in proxies.values():
            try:
                url = httpx.URL(proxy if "://" in proxy else f"http://{proxy}")
                if url.host:
                    self._policy.named.add(_origin(url))
            except (httpx.InvalidURL, ValueError):
                pass
        policy = self._policy

        def session() -> aiohttp.ClientSession:
            connector = _FreshConnector(
                limit=self.poll.concurrency,
                resolver=_PublicResolver(policy),
                ssl=httpx.create_ssl_context(),  # certifi's roots, as httpx would use
            )
            # trust_env reads the proxy variables and ~/.netrc on every request (+0.7 ms of
            # CPU each here): only when a proxy is set at all.
            return aiohttp.ClientSession(connector=connector, trust_env=bool(proxies))

        transport = AiohttpTransport(client=session)
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
        named: bool | None = None,
    ) -> FetchResult:
        """GET url (conditionally when etag/last_modified are given); never raises for
        network/HTTP trouble. `named`: the operator named this URL (a feed, a URL on the command
        line), so its own host:port may be private; by default true for all but article pages
        (accept=PAGE_ACCEPT), whose URL some feed chose."""
        if self._send is None:
            raise RuntimeError("use Fetcher as `async with Fetcher(poll) as fetcher:`")
        where = [url]  # the URL being requested: after a redirect, its target
        try:
            first = httpx.URL(url)
            host = first.host.lower()
        except (httpx.InvalidURL, ValueError, TypeError):
            return self._failed(url, url, "invalid URL")
        if named is None:
            named = accept != PAGE_ACCEPT
        if named and first.scheme in ("http", "https") and host:
            self._policy.named.add(_origin(first))
        # Host slot first, then a global slot: a queue for one busy host must not sit on global slots.
        async with self._host_slots(host), self._slots:
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._get(url, etag, last_modified, accept, where)
            except _FAILURES as e:  # every failure becomes words; none may end a poll
                return self._failed(url, where[0], self._describe(e))

    def _describe(self, exc: BaseException) -> str:
        """What went wrong, in plain words, from the exception and its causes. Never the
        exception's own text when it may hold bytes the server sent (h11 and aiohttp quote
        status lines and headers)."""
        chain: list[BaseException] = []
        e: BaseException | None = exc
        while e is not None and len(chain) < 10:
            chain.append(e)
            e = e.__cause__ or e.__context__

        def find(*kinds: type[BaseException]) -> BaseException | None:
            return next((c for c in chain if isinstance(c, kinds)), None)

        if refused := find(AddressRefused):
            assert isinstance(refused, AddressRefused)
            return (
                f"refused: it resolves to {refused.why} ({refused.address}); "
                "only a feed's own host may be private unless poll.allow_private is true"
            )
        if find(_TooManyRedirects):
            return f"too many redirects (more than {self.max_redirects})"
        if isinstance(exc, _Unsupported):
            return str(exc)
        if cert := find(ssl.SSLCertVerificationError):
            assert isinstance(cert, ssl.SSLCertVerificationError)
            return f"TLS certificate not accepted ({cert.verify_message or 'verify failed'})"
        if tls := find(ssl.SSLError, aiohttp.ClientSSLError):
            reason = getattr(tls, "reason", None)
            return f"TLS handshake failed ({reason})" if reason else "TLS handshake failed"
        if find(socket.gaierror, aiohttp.ClientConnectorDNSError):
            return "host name not found (DNS)"
        if find(ConnectionRefusedError):
            return "connection refused"
        if find(zlib.error, httpx.DecodingError):
            return "could not decode the compressed response body"
        if find(
            aiohttp.ServerDisconnectedError,
            aiohttp.ClientPayloadError,
            httpx.RemoteProtocolError,
            httpx.ReadError,
        ) and not find(aiohttp.ClientResponseError, aiohttp.http_exceptions.BadHttpMessage):
            return "the connection closed before the response was complete"
        if find(
            aiohttp.ClientResponseError,
            aiohttp.http_exceptions.HttpProcessingError,
            httpx.RemoteProtocolError,
            httpx.LocalProtocolError,
        ):
            return "the answer is not valid HTTP"
        if find(TimeoutError, httpx.TimeoutException, aiohttp.ServerTimeoutError):
            return f"timed out after {_seconds(self.timeout)} s"
        if find(ConnectionResetError, ConnectionAbortedError, BrokenPipeError):
            return "the connection was reset"
        os_error = find(OSError)
        if isinstance(os_error, OSError) and os_error.strerror:
            return f"could not connect ({os_error.strerror.lower()})"
        if find(aiohttp.InvalidURL, httpx.InvalidURL, httpx.UnsupportedProtocol):
            return "invalid URL"
        return f"request failed ({type(exc).__name__})"

    def _failed(self, url: str, target: str, error: str) -> FetchResult:
        return FetchResult(
            url=url, final_url=target, status=0, body=b"", error=f"{_where(target)}: {error}"
        )

    async def _get(
        self, url: str, etag: str | None, last_modified: str | None, accept: str, where: list[str]
    ) -> FetchResult:
        assert self._send is not None
        headers = {**self._headers, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = httpx.URL(url)
        for _ in range(self.max_redirects + 1):
            where[0] = str(target)
            if target.scheme not in ("http", "https") or not target.host:
                raise _Unsupported(
                    "not an http:// or https:// URL"
                    if target.scheme not in ("http", "https")
                    else "no host in the URL"
                )
            if self._given_transport is None:
                # Names are checked where they resolve (_PublicResolver); literal addresses
                # never reach a resolver.
                self._policy.check_literal(_origin(target))
            request = httpx.Request(
                "GET", target, headers=headers, extensions={"timeout": self._timeouts}
            )
            resp = await self._send(request)
            resp.request = request
            try:
                status = resp.status_code
                location = resp.headers.get("location")
                if status in _REDIRECTS and location:
                    target = request.url.join(location.strip())
                    await _discard(resp)
                    continue
                if not 200 <= status < 300:
                    await _discard(resp)
                return await self._read(url, resp, etag, last_modified)
            finally:
                await resp.aclose()
        raise _TooManyRedirects

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
        where = _where(str(resp.url))
        if not 200 <= status < 300:
            # The standard phrase, not the server's: a reason phrase is text the server chose.
            try:
                phrase = f" {HTTPStatus(status).phrase}"
            except ValueError:
                phrase = ""
            return result(error=f"{where}: answered HTTP {status}{phrase}")
        too_large = f"{where}: response larger than {self.max_bytes} bytes, aborted"
        length = h.get("content-length", "")
        encoding = h.get("content-encoding", "identity").strip().lower()
        if length.isdigit() and encoding in ("", "identity") and int(length) > self.max_bytes:
            return result(error=too_large)
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            return result(error=f"{where}: unsupported content-encoding {encoding[:30]!r}")
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


class _TooManyRedirects(Exception):
    pass


# What a fetch may meet on the network or from a server (OSError covers ssl, socket and
# AddressRefused; ValueError bad URLs and bad header values).
_FAILURES = (
    httpx.HTTPError,
    aiohttp.ClientError,
    aiohttp.http_exceptions.HttpProcessingError,
    OSError,
    TimeoutError,
    ValueError,
    zlib.error,
    _TooManyRedirects,
)


class _Unsupported(ValueError):
    pass


def _where(url: str) -> str:
    """host, or host:port when the port is not the scheme's own: what an error names."""
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError):
        return url[:100]
    if not u.host:
        return url[:100] or "(empty URL)"
    host = f"[{u.host}]" if ":" in u.host else u.host
    return f"{host}:{u.port}" if u.port is not None else host
