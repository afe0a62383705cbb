"""Fetcher against a real HTTP server on 127.0.0.1: conditional GET, limits, faults, politeness."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from httpserver import LoopbackServer, wait_for

from watchers.config import PollConfig
from watchers.fetch import Fetcher, FetchResult
from watchers.parse import parse_feed

RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loop</title>'
    b"<item><title>One</title><link>https://loop.example/1</link></item></channel></rss>"
)
LAST_MODIFIED = "Tue, 12 Mar 2024 08:00:00 GMT"


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as s:
        yield s


def poll_config(**kw: object) -> PollConfig:
    return PollConfig(**{"timeout": 2.0, "max_bytes": 1_000_000, **kw})  # type: ignore[arg-type]


def fetch(url: str, poll: PollConfig | None = None, **kw: str | None) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(poll or poll_config()) as f:
            return await f.fetch(url, **kw)  # type: ignore[arg-type]

    return asyncio.run(go())


def test_conditional_get_round_trip_gets_a_304_counted_at_the_server(
    server: LoopbackServer,
) -> None:
    server.route("/feed", body=RSS, etag='"v1"', last_modified=LAST_MODIFIED)
    first = fetch(server.url("/feed"))
    assert (first.status, first.body, first.error) == (200, RSS, None)
    assert (first.etag, first.last_modified) == ('"v1"', LAST_MODIFIED)

    again = fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert (again.status, again.body, again.error) == (304, b"", None)
    assert again.not_modified and again.etag == '"v1"'
    assert server.hits["/feed"] == 2 and server.not_modified["/feed"] == 1
    sent = server.seen[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == LAST_MODIFIED

    server.update("/feed", etag='"v2"', body=RSS.replace(b"One", b"Two"))  # the feed changed
    changed = fetch(server.url("/feed"), etag='"v1"')
    assert changed.status == 200 and b"Two" in changed.body and changed.etag == '"v2"'
    assert server.not_modified["/feed"] == 1


def test_last_modified_alone_also_gives_304(server: LoopbackServer) -> None:
    server.route("/feed", body=RSS, last_modified=LAST_MODIFIED)
    first = fetch(server.url("/feed"))
    assert first.etag is None and first.last_modified == LAST_MODIFIED
    again = fetch(server.url("/feed"), last_modified=first.last_modified)
    assert again.status == 304 and server.not_modified["/feed"] == 1
    # The 304 kept the validator we sent, so the store does not forget it.
    assert again.last_modified == LAST_MODIFIED


def test_user_agent_accept_and_compression_headers_are_sent(server: LoopbackServer) -> None:
    server.route("/feed", body=RSS)
    fetch(server.url("/feed"), poll_config(user_agent="storywatch-test/1"))
    headers = server.seen[-1].headers
    assert headers["user-agent"] == "storywatch-test/1"
    assert "application/rss+xml" in headers["accept"]
    assert headers["accept-encoding"] == "gzip, deflate"


def test_slow_server_hits_the_timeout(server: LoopbackServer) -> None:
    server.route("/slow", body=RSS, delay=3.0)
    result = fetch(server.url("/slow"), poll_config(timeout=0.5))
    assert result.status == 0 and result.body == b""
    assert result.error == f"127.0.0.1:{server.port}: timed out after 0.5 s"


def test_trickling_body_hits_the_total_timeout(server: LoopbackServer) -> None:
    # A byte every 0.2 s never trips a read timeout; the whole-request deadline still ends it.
    server.route("/drip", stream=server.endless(b"x", limit=1000), chunk_delay=0.2)
    result = fetch(server.url("/drip"), poll_config(timeout=0.6))
    assert result.error == f"127.0.0.1:{server.port}: timed out after 0.6 s"


def test_one_slow_feed_does_not_delay_the_others(server: LoopbackServer) -> None:
    server.route("/slow", body=RSS, delay=3.0)
    for i in range(5):
        server.route(f"/fast{i}", body=RSS)

    async def go() -> list[str]:
        done: list[str] = []
        async with Fetcher(poll_config(timeout=1.0, concurrency=2, per_host=2)) as f:

            async def one(path: str) -> None:
                await f.fetch(server.url(path))
                done.append(path)

            await asyncio.gather(one("/slow"), *(one(f"/fast{i}") for i in range(5)))
        return done

    done = asyncio.run(go())
    assert done[-1] == "/slow"
    assert set(done[:-1]) == {f"/fast{i}" for i in range(5)}


def test_giant_streamed_response_is_aborted_at_max_bytes(server: LoopbackServer) -> None:
    server.route("/huge", stream=server.endless(b"<" * 65536))
    result = fetch(server.url("/huge"), poll_config(max_bytes=1_000_000))
    assert result.status == 200 and result.body == b""
    assert result.error == f"127.0.0.1:{server.port}: response larger than 1000000 bytes, aborted"
    # The server noticed the hang-up and stopped: an endless body was not read to the end.
    assert wait_for(lambda: server.aborted["/huge"] == 1)
    assert server.bytes_sent["/huge"] < 64_000_000


def test_declared_content_length_over_the_limit_is_refused_before_reading(
    server: LoopbackServer,
) -> None:
    server.route("/big", body=b"x" * 200_000)
    result = fetch(server.url("/big"), poll_config(max_bytes=100_000))
    assert result.error == f"127.0.0.1:{server.port}: response larger than 100000 bytes, aborted"


def test_gzip_bomb_is_aborted_while_inflating(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000, compresslevel=9)  # ~20 KB on the wire, 20 MB inflated
    server.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    result = fetch(server.url("/bomb"), poll_config(max_bytes=1_000_000))
    assert result.error == f"127.0.0.1:{server.port}: response larger than 1000000 bytes, aborted"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_bodies_are_decoded(server: LoopbackServer, encoding: str) -> None:
    server.route("/feed", body=RSS, encoding=encoding)
    result = fetch(server.url("/feed"))
    assert result.body == RSS and result.error is None


def test_raw_deflate_without_zlib_header_is_decoded(server: LoopbackServer) -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = raw.compress(RSS) + raw.flush()
    server.route("/feed", body=body, headers={"Content-Encoding": "deflate"})
    assert fetch(server.url("/feed")).body == RSS


def test_corrupt_gzip_is_an_error_not_an_exception(server: LoopbackServer) -> None:
    server.route(
        "/feed", body=b"\x1f\x8b\x08\x00garbage" * 10, headers={"Content-Encoding": "gzip"}
    )
    result = fetch(server.url("/feed"))
    assert result.error is not None and "decode" in result.error


def test_redirect_loop_is_cut_off(server: LoopbackServer) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    result = fetch(server.url("/a"))
    assert result.status == 0
    assert result.error == f"127.0.0.1:{server.port}: too many redirects (more than 5)"
    assert server.hits["/a"] + server.hits["/b"] == 6


def test_redirects_are_followed_and_reported(server: LoopbackServer) -> None:
    server.redirect("/old", "/new", status=301)
    server.route("/new", body=RSS)
    result = fetch(server.url("/old"))
    assert (
        result.status == 200
        and result.final_url == server.url("/new")
        and result.url == server.url("/old")
    )


@pytest.mark.parametrize(
    ("status", "error"),
    [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"), (410, "HTTP 410 Gone")],
)
def test_http_errors_are_named(server: LoopbackServer, status: int, error: str) -> None:
    server.route("/feed", status=status, body=b"nope")
    result = fetch(server.url("/feed"))
    expected = f"127.0.0.1:{server.port}: answered {error}"
    assert (result.status, result.error, result.body) == (status, expected, b"")


def test_retry_after_seconds_and_date(server: LoopbackServer) -> None:
    server.route("/busy", status=429, headers={"Retry-After": "120"})
    assert fetch(server.url("/busy")).retry_after == 120
    later = format_datetime(datetime(2099, 1, 1, tzinfo=UTC), usegmt=True)
    server.route("/down", status=503, headers={"Retry-After": later})
    result = fetch(server.url("/down"))
    assert result.error == f"127.0.0.1:{server.port}: answered HTTP 503 Service Unavailable"
    assert result.retry_after is not None and result.retry_after > 86400 * 365


@pytest.mark.parametrize(
    ("headers", "max_age"),
    [
        ({"Cache-Control": "public, max-age=3600"}, 3600),
        ({"Cache-Control": "max-age=3600", "Age": "600"}, 3000),
        ({"Cache-Control": "no-cache, max-age=3600"}, None),
        ({"Expires": "0"}, None),
        ({}, None),
    ],
)
def test_cache_lifetime(
    server: LoopbackServer, headers: dict[str, str], max_age: float | None
) -> None:
    server.route("/feed", body=RSS, headers=headers)
    assert fetch(server.url("/feed")).max_age == max_age


def test_a_feed_that_breaks_and_recovers(server: LoopbackServer) -> None:
    server.route("/feed", status=500)
    assert fetch(server.url("/feed")).error == (
        f"127.0.0.1:{server.port}: answered HTTP 500 Internal Server Error"
    )
    server.update("/feed", status=200, body=RSS)
    recovered = fetch(server.url("/feed"))
    assert recovered.error is None and recovered.body == RSS


def test_per_host_and_overall_bounds_hold(server: LoopbackServer) -> None:
    for i in range(8):
        server.route(f"/f{i}", body=RSS, delay=0.15)

    async def go(poll: PollConfig) -> list[FetchResult]:
        async with Fetcher(poll) as f:
            return await asyncio.gather(*(f.fetch(server.url(f"/f{i}")) for i in range(8)))

    results = asyncio.run(go(poll_config(concurrency=8, per_host=2)))
    assert all(r.error is None for r in results)
    assert server.max_in_flight == 2
    server.max_in_flight = 0
    asyncio.run(go(poll_config(concurrency=3, per_host=8)))
    assert server.max_in_flight == 3


def test_connection_refused_is_an_error() -> None:
    with LoopbackServer() as s:
        url = s.url("/gone")
    result = fetch(url)  # the server is stopped: nothing listens on that port now
    port = url.split(":")[2].split("/")[0]
    assert (result.status, result.error) == (0, f"127.0.0.1:{port}: connection refused")


@pytest.mark.parametrize("url", ["ftp://example.com/feed", "http://", "not a url", "http://[::1/x"])
def test_bad_urls_are_errors_not_exceptions(url: str) -> None:
    result = fetch(url)
    assert result.status == 0 and result.error


def test_fetcher_outside_its_context_says_how_to_use_it() -> None:
    with pytest.raises(RuntimeError, match="async with Fetcher"):
        asyncio.run(Fetcher(poll_config()).fetch("http://127.0.0.1/"))


def test_mock_transport_works_too() -> None:
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=RSS, headers={"ETag": '"m"'})
    )

    async def go() -> FetchResult:
        async with Fetcher(poll_config(), transport=transport) as f:
            return await f.fetch("https://feeds.example/rss")

    result = asyncio.run(go())
    assert result.body == RSS and result.etag == '"m"'


def test_html_served_instead_of_a_feed_is_named_after_fetch(server: LoopbackServer) -> None:
    page = b'<!doctype html><html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>Home</body></html>'
    server.route("/", body=page, content_type="text/html; charset=utf-8")
    result = fetch(server.url("/"))
    parsed = parse_feed(
        result.body, url=result.final_url, content_type=result.content_type, now=datetime.now(UTC)
    )
    assert (
        parsed.error is not None
        and "HTML page" in parsed.error
        and server.url("/atom.xml") in parsed.error
    )


def test_wrong_charset_header_over_http(server: LoopbackServer) -> None:
    body = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Zürich Post</title></channel></rss>'
    server.route("/feed", body=body.encode(), content_type="text/xml; charset=iso-8859-1")
    result = fetch(server.url("/feed"))
    parsed = parse_feed(
        result.body, url=result.final_url, content_type=result.content_type, now=datetime.now(UTC)
    )
    assert parsed.title == "Zürich Post"


def test_expires_counts_from_the_servers_date(server: LoopbackServer) -> None:
    # The loopback server stamps Date itself, so Expires is set two hours after "now".
    expires = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    server.route("/feed", body=RSS, headers={"Expires": expires})
    max_age = fetch(server.url("/feed")).max_age
    assert max_age is not None and 7100 < max_age <= 7200


def test_keep_alive_connections_are_reused(server: LoopbackServer) -> None:
    server.route("/feed", body=RSS, etag='"v1"')
    server.route("/gone", status=404, body=b"<html>missing</html>")
    server.redirect("/moved", "/feed")

    async def go() -> list[FetchResult]:
        async with Fetcher(poll_config(concurrency=1, per_host=1)) as f:
            results = []
            for path in ["/feed", "/feed", "/gone", "/moved", "/feed"]:
                results.append(
                    await f.fetch(server.url(path), etag='"v1"' if path == "/feed" else None)
                )
            return results

    results = asyncio.run(go())
    assert [r.status for r in results] == [304, 304, 404, 200, 304]
    # 304s, error pages and redirects are read to the end, so one connection serves all six requests.
    assert server.connections == 1


def test_a_connection_the_server_closed_while_idle_is_replaced(server: LoopbackServer) -> None:
    with LoopbackServer(idle_timeout=0.2) as s:
        s.route("/feed", body=RSS)

        async def go() -> tuple[FetchResult, FetchResult]:
            async with Fetcher(poll_config()) as f:
                first = await f.fetch(s.url("/feed"))
                # Block the loop so the client has not yet noticed the server's FIN when it reuses
                # the pooled connection: the request fails on it and is retried on a new one.
                time.sleep(0.5)
                return first, await f.fetch(s.url("/feed"))

        first, second = asyncio.run(go())
        assert first.body == RSS and second.body == RSS and second.error is None
        assert s.connections == 2


def test_http10_close_delimited_and_chunked_bodies() -> None:
    with LoopbackServer() as s:
        s.route("/chunked", stream=lambda: iter([RSS[:50], RSS[50:]]))
        s.route("/close", body=RSS, headers={"Connection": "close"})
        assert fetch(s.url("/chunked")).body == RSS
        assert fetch(s.url("/close")).body == RSS


def test_a_proxy_from_the_environment_is_used(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HTTP_PROXY from the environment is honoured (aiohttp's trust_env); the proxy may be private.
    # The loopback server plays the proxy: it receives the absolute URL as the request target.
    monkeypatch.setenv("HTTP_PROXY", server.url())
    monkeypatch.setenv("NO_PROXY", "")
    target = "http://feeds.invalid/rss"
    server.route(target, body=RSS)
    result = fetch(target)
    assert result.body == RSS and server.hits[target] == 1
