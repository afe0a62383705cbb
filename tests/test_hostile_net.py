"""Hostile HTTP servers on 127.0.0.1 against watchers.fetch.Fetcher: a feed's content only ever
comes from that feed (smuggled bytes, wrong lengths, early close, chunk errors), and errors name
the host in plain words, never echoing what the server sent."""

from __future__ import annotations

import asyncio
import socket
import threading
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import LoopbackServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchers.config import ConfigError, PollConfig, load_config
from watchers.fetch import Fetcher, FetchResult, non_public


def rss(name: str) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
        f"<item><title>{name} story</title><link>https://{name}.example/1</link></item>"
        "</channel></rss>"
    ).encode()


FEED_A, FEED_B = rss("feed-a"), rss("feed-b")


def response(body: bytes, status: str = "200 OK", extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/rss+xml\r\n{extra}"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def chunked(*chunks: bytes, end: bytes = b"0\r\n\r\n") -> bytes:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n"
    return head + b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + end


@dataclass(frozen=True)
class Reply:
    data: bytes  # written as soon as the request has arrived
    later: bytes = b""  # written `delay` seconds after, while the client holds the socket idle
    delay: float = 0.2
    close: bool = False  # close the connection after writing


class RawServer:
    """A TCP server on 127.0.0.1 that answers each request with whatever bytes `script(path)`
    returns, framing or no framing: the hostile peer the Fetcher must survive."""

    def __init__(self, script: Callable[[str], Reply]) -> None:
        self.script = script
        self.requests: list[str] = []
        self.connections = 0
        self._sock = socket.create_server(("127.0.0.1", 0))
        self._sock.settimeout(0.1)
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        buf = b""
        with conn:
            while not self._stop.is_set():
                head, sep, rest = buf.partition(b"\r\n\r\n")
                if not sep:
                    try:
                        data = conn.recv(65536)
                    except TimeoutError:
                        continue
                    except OSError:
                        return
                    if not data:
                        return
                    buf += data
                    continue
                buf = rest
                path = head.split(b"\r\n", 1)[0].split(b" ")[1].decode()
                self.requests.append(path)
                reply = self.script(path)
                try:
                    conn.sendall(reply.data)
                    if reply.later:
                        if self._stop.wait(reply.delay):
                            return
                        conn.sendall(reply.later)
                except OSError:
                    return
                if reply.close:
                    return


def fetch_in_order(urls: list[str], pause: float = 0.0, **poll: object) -> list[FetchResult]:
    """Fetch the URLs one after another over one Fetcher (one connection per host, so pooled
    connections are reused), pausing `pause` seconds between requests."""

    async def go() -> list[FetchResult]:
        config = PollConfig(
            **{"timeout": 3.0, "concurrency": 1, "per_host": 1, **poll}  # type: ignore[arg-type]
        )
        results = []
        async with Fetcher(config) as f:
            for url in urls:
                results.append(await f.fetch(url))
                if pause:
                    await asyncio.sleep(pause)
        return results

    return asyncio.run(go())


def honest(path: str) -> Reply:
    return Reply(response(FEED_B if path == "/b" else FEED_A))


# Each hostile answer to /a; /b is always answered honestly with feed B. Whatever happens to /a,
# feed A's bytes must never come back as /b's content.
HOSTILE_A: dict[str, Reply] = {
    # A whole second response right behind the first, in the same write.
    "smuggled response after the body": Reply(response(FEED_A) + response(FEED_A)),
    # The same, but sent while the connection sits idle in the pool.
    "smuggled response on the idle connection": Reply(response(FEED_A), later=response(FEED_A)),
    # Content-Length shorter than what follows: the rest is a response of its own.
    "content-length shorter than the body": Reply(
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n" + FEED_A[:10] + response(FEED_A)
    ),
    # A 304 carries no body, whatever it declares: what follows is left on the wire.
    "304 with a body": Reply(
        b"HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n" + response(FEED_A)
    ),
    "chunked response with a response after the last chunk": Reply(
        chunked(FEED_A[:40], FEED_A[40:]) + response(FEED_A)
    ),
    # Both framings at once (the classic smuggling header pair).
    "content-length and chunked together": Reply(
        chunked(FEED_A, end=b"0\r\n\r\n").replace(
            b"Transfer-Encoding", b"Content-Length: 5\r\nTransfer-Encoding"
        )
        + response(FEED_A)
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_A))
def test_one_feeds_bytes_never_come_back_for_another(case: str) -> None:
    def script(path: str) -> Reply:
        return HOSTILE_A[case] if path == "/a" else honest(path)

    with RawServer(script) as server:
        a, b, b_again = fetch_in_order(
            [server.url("/a"), server.url("/b"), server.url("/b")], pause=0.4
        )
    for result in (b, b_again):
        assert b"feed-a" not in result.body, f"{case}: feed A's content came back for /b"
        assert result.error is None and result.body == FEED_B, (case, result.error)
    # Whatever /a was given, it was A's own answer (or an error), not B's.
    assert b"feed-b" not in a.body


@st.composite
def hostile_answers(draw: st.DrawFn) -> Reply:
    """A response for feed A whose framing lies (Content-Length short by 0-60 bytes, or a 304
    that carries a body) followed by stray bytes: A's whole response again, a head with part of
    A's body, an unfinished head, or noise; now, or while the connection sits idle."""
    body = FEED_A
    status = draw(st.sampled_from(["200 OK", "304 Not Modified"]))
    short = draw(st.integers(0, 60))
    declared = 0 if status.startswith("304") else len(body) - short
    head = f"HTTP/1.1 {status}\r\nContent-Length: {declared}\r\n\r\n".encode()
    stray = draw(
        st.sampled_from(
            [
                response(FEED_A),
                b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n" + FEED_A[:100],
                b"HTTP/1.1 200 OK\r\nX-Pad: ",
                b"\r\n",
            ]
        )
        | st.binary(min_size=1, max_size=200)
    )
    first = head + (b"" if status.startswith("304") else body)
    if draw(st.booleans()):
        return Reply(first + stray, close=draw(st.booleans()))
    return Reply(first, later=stray, delay=0.05, close=draw(st.booleans()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_answers())
def test_fuzz_no_framing_lie_puts_one_feeds_bytes_under_another(hostile: Reply) -> None:
    def script(path: str) -> Reply:
        return hostile if path == "/a" else honest(path)

    with RawServer(script) as server:
        # The pause lets late stray bytes land while the connection is idle in the pool.
        _, b = fetch_in_order([server.url("/a"), server.url("/b")], pause=0.15)
    assert b"feed-a" not in b.body
    assert b.error is not None or b.body == FEED_B, b


BROKEN_A: dict[str, Reply] = {
    "content-length longer than the body, then close": Reply(
        b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + FEED_A, close=True
    ),
    "closed mid-chunk": Reply(chunked(FEED_A, end=b"40\r\nshort")[:-2], close=True),
    "no last chunk, then close": Reply(chunked(FEED_A, end=b""), close=True),
    "chunk size not hex": Reply(chunked(FEED_A, end=b"zz\r\nxx\r\n0\r\n\r\n"), close=True),
    "chunk longer than declared": Reply(
        chunked(FEED_A).replace(b"%x\r\n" % len(FEED_A), b"10\r\n", 1), close=True
    ),
    "garbage status line": Reply(b"SSH-2.0-OpenSSH_9.6 secret-banner\r\n\r\n", close=True),
}


@pytest.mark.parametrize("case", list(BROKEN_A))
def test_broken_framing_is_an_error_and_the_next_feed_is_intact(case: str) -> None:
    def script(path: str) -> Reply:
        return BROKEN_A[case] if path == "/a" else honest(path)

    with RawServer(script) as server:
        a, b = fetch_in_order([server.url("/a"), server.url("/b")])
    # A truncated or unframed body is never taken for the feed's content.
    assert a.error is not None and a.body == b"", (case, a)
    assert (b.error, b.body) == (None, FEED_B), case
    # The error names the host in plain words and echoes none of the server's bytes.
    assert a.error.startswith(f"127.0.0.1:{server.port}: "), a.error
    for leaked in ("secret", "SSH", "feed-a", "bytearray", "b'", "zz", "h11"):
        assert leaked not in a.error, (case, a.error)


def test_concurrent_feeds_each_get_their_own_answer() -> None:
    # Many feeds on one host, fetched four at a time over pooled connections; every tenth answer
    # drags a second response behind it. Each feed still gets its own answer, on both polls.
    def script(path: str) -> Reply:
        body = rss(path.strip("/"))
        if path.endswith("0"):
            return Reply(response(body) + response(rss("smuggled")))
        return Reply(response(body))

    paths = [f"/f{i}" for i in range(40)]

    async def go() -> list[FetchResult]:
        out: list[FetchResult] = []
        async with Fetcher(PollConfig(timeout=5.0, concurrency=4, per_host=4)) as f:
            for _ in range(2):
                out += await asyncio.gather(*(f.fetch(server.url(p)) for p in paths))
        return out

    with RawServer(script) as server:
        results = asyncio.run(go())
    for result in results:
        path = result.url.rsplit("/", 1)[1]
        assert (result.error, result.body) == (None, rss(path)), path
    # The pool was used (fewer connections than requests), yet no answer went astray.
    assert server.connections < len(results)


# ---------------------------------------------------------------- addresses (SSRF)


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("169.254.169.254", "a link-local address"),  # cloud metadata
        ("10.0.0.1", "a private address"),
        ("172.16.5.4", "a private address"),
        ("192.168.1.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("127.8.9.10", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped IPv6
        ("::ffff:169.254.169.254", "a link-local address"),
        ("64:ff9b::a9fe:a9fe", "a link-local address"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("fc00::1", "a private address"),
        ("fe80::1%eth0", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("100.64.0.1", "a reserved address"),  # carrier-grade NAT
        ("240.0.0.1", "a reserved address"),
    ],
)
def test_non_public_addresses_are_named(address: str, why: str) -> None:
    assert non_public(address) == why


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"]
)
def test_public_addresses_pass(address: str) -> None:
    assert non_public(address) is None


def fetch_one(url: str, **poll: object) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(PollConfig(**{"timeout": 3.0, **poll})) as f:  # type: ignore[arg-type]
            return await f.fetch(url)

    return asyncio.run(go())


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "127.0.0.2"])
def test_a_redirect_from_a_named_feed_to_another_private_host_port_is_refused(host: str) -> None:
    # The feed on 127.0.0.1:A is named in config, so it may be loopback; its redirect to
    # 127.0.0.1:B (by address, by a name that resolves there, IPv4-mapped) is not.
    with LoopbackServer() as feed, LoopbackServer() as other:
        other.route("/secret", body=b"internal", content_type="text/plain")
        target = f"http://{host}:{other.port}/secret"
        feed.redirect("/feed", target)
        result = fetch_one(feed.url("/feed"))
        assert other.hits["/secret"] == 0 and other.connections == 0
    assert (result.status, result.body, result.final_url) == (0, b"", target)
    assert result.error is not None
    assert result.error.startswith(f"{host}:{other.port}: refused: it resolves to a loopback")
    assert "poll.allow_private" in result.error


def test_redirects_within_the_named_feeds_host_port_are_followed() -> None:
    with LoopbackServer() as feed:
        feed.route("/new", body=FEED_A)
        feed.redirect("/old", "/new")
        result = fetch_one(feed.url("/old"))
    assert (result.error, result.body) == (None, FEED_A)


def test_allow_private_follows_redirects_anywhere() -> None:
    with LoopbackServer() as feed, LoopbackServer() as other:
        other.route("/b", body=FEED_B)
        feed.redirect("/feed", other.url("/b"))
        result = fetch_one(feed.url("/feed"), allow_private=True)
    assert (result.error, result.body) == (None, FEED_B)


def test_an_item_link_to_a_private_address_is_not_fetched() -> None:
    # A feed on a named host links its items to another loopback port (an internal service):
    # the page is not fetched; a link back to the feed's own host:port is.
    from watchers.models import Entry
    from watchers.text import article_text

    page = b"<html><body><article>" + b"<p>The audit office published the file.</p>" * 30
    page += b"</article></body></html>"

    def entry(url: str) -> Entry:
        return Entry(
            feed_url="",
            identity=url,
            url=url,
            title="t",
            summary="The summary.",
            content="",
            author="",
            published=None,
            source="s",
        )

    with LoopbackServer() as feed, LoopbackServer() as internal:
        feed.route("/feed", body=FEED_A)
        feed.route("/story", body=page, content_type="text/html")
        internal.route("/admin", body=page, content_type="text/html")

        async def go() -> tuple[object, object]:
            now = datetime.now(UTC)
            async with Fetcher(PollConfig(timeout=3.0)) as f:
                assert (await f.fetch(feed.url("/feed"))).body == FEED_A
                inside = await article_text(entry(internal.url("/admin")), f, now=now)
                own = await article_text(entry(feed.url("/story")), f, now=now)
            return inside, own

        inside, own = asyncio.run(go())
        assert internal.connections == 0 and feed.hits["/story"] == 1
    assert inside.text_origin == "summary"  # type: ignore[attr-defined]
    assert inside.text_note.startswith(  # type: ignore[attr-defined]
        f"page fetch failed: 127.0.0.1:{internal.port}: refused: it resolves to a loopback address"
    )
    assert own.text_origin == "page"  # type: ignore[attr-defined]


def test_allow_private_must_be_a_boolean(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    config = tmp_path / "config.yaml"
    config.write_text("poll:\n  allow_private: sometimes\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    message = str(caught.value)
    assert f"{config}:2:" in message and "allow_private" in message
    config.write_text("poll:\n  allow_private: true\n", encoding="utf-8")
    assert load_config(config).poll.allow_private is True
    assert PollConfig().allow_private is False


# ---------------------------------------------------------------- errors in plain words


def test_an_error_answer_is_named_by_its_status_never_its_body_or_reason() -> None:
    secret = Reply(
        b"HTTP/1.1 500 SECRET-REASON\r\nContent-Length: 11\r\n\r\nSECRET-BODY", close=True
    )
    with RawServer(lambda path: secret) as server:
        result = fetch_one(server.url("/feed"))
    assert result.error == f"127.0.0.1:{server.port}: answered HTTP 500 Internal Server Error"
    assert result.status == 500 and result.body == b""


def test_errors_after_a_redirect_name_the_target() -> None:
    with LoopbackServer() as feed, LoopbackServer() as broken:
        broken.route("/b", status=502)
        feed.redirect("/to-broken", broken.url("/b"))
        with LoopbackServer() as gone:
            dead = gone.url("/x")  # nothing listens there once it has stopped
        feed.redirect("/to-dead", dead)
        feed.route("/slow", body=FEED_A, delay=2)
        feed.redirect("/to-slow", "/slow")
        answered = fetch_one(feed.url("/to-broken"), allow_private=True)
        refused = fetch_one(feed.url("/to-dead"), allow_private=True)
        slow = fetch_one(feed.url("/to-slow"), timeout=0.5)
    assert answered.error == f"127.0.0.1:{broken.port}: answered HTTP 502 Bad Gateway"
    dead_port = dead.split(":")[2].split("/")[0]
    assert refused.error == f"127.0.0.1:{dead_port}: connection refused"
    assert slow.error == f"127.0.0.1:{feed.port}: timed out after 0.5 s"


def test_the_user_agent_names_the_software_and_no_placeholder_site() -> None:
    with open(Path(__file__).parent.parent / "pyproject.toml", "rb") as f:
        version = tomllib.load(f)["project"]["version"]
    assert PollConfig().user_agent == f"storywatch/{version} (self-hosted news watcher)"
    with LoopbackServer() as server:
        server.route("/feed", body=FEED_A)
        fetch_one(server.url("/feed"))
        assert server.seen[-1].headers["user-agent"] == PollConfig().user_agent


def test_status_shows_the_hosts_and_none_of_the_servers_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Through the real CLI: a feed that answers with a non-HTTP banner, and a feed that redirects
    # to an internal service on another loopback port. `status` names each host and the reason,
    # and carries none of what those servers sent.
    from bot.cli import main

    monkeypatch.delenv("STATE_DIRECTORY", raising=False)
    banner = Reply(b"SSH-2.0-OpenSSH_9.6 SECRET-BANNER\r\n\r\n", close=True)
    with (
        RawServer(lambda path: banner) as ssh,
        LoopbackServer() as feed,
        LoopbackServer() as internal,
    ):
        internal.route("/meta", body=b"SECRET-METADATA", content_type="text/plain")
        feed.redirect("/feed", internal.url("/meta"))
        (tmp_path / "rules").mkdir()
        (tmp_path / "rules" / "harbour.yaml").write_text(
            "id: harbour\ntitle: Harbour\nmatch:\n  any: [harbour]\n", encoding="utf-8"
        )
        config = tmp_path / "config.yaml"
        config.write_text(
            "rules_dir: rules\nstore:\n  path: s.sqlite3\npoll:\n  timeout: 5s\n"
            f"feeds:\n  - url: {ssh.url('/feed')}\n  - url: {feed.url('/feed')}\n",
            encoding="utf-8",
        )
        main(["poll", "--once", "--config", str(config)])
        capsys.readouterr()
        assert main(["status", "--config", str(config)]) == 0
        out = capsys.readouterr().out
        assert internal.connections == 0
    assert f"127.0.0.1:{ssh.port}: the answer is not valid HTTP" in out
    assert f"127.0.0.1:{internal.port}: refused: it resolves to a loopback address" in out
    assert "SECRET" not in out and "SSH" not in out
