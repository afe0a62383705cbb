"""article_text: feed content, the page through trafilatura, or the summary with the reason."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from httpserver import LoopbackServer

from watchers.config import PollConfig
from watchers.fetch import Fetcher
from watchers.models import Article, Entry
from watchers.text import SUBSTANTIAL_WORDS, article_text

PAGE = (Path(__file__).parent / "data" / "pages" / "article.html").read_bytes()
NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
SUMMARY = "The audit office published the tender file."


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as s:
        yield s


def entry(url: str, *, content: str = "", summary: str = SUMMARY, author: str = "") -> Entry:
    return Entry(
        feed_url="https://ledger.example/atom.xml",
        identity="tag:ledger.example,2024:tender-file",
        url=url,
        title="Audit office publishes the tender file",
        summary=summary,
        content=content,
        author=author,
        published=None,
        source="Coastal Ledger",
    )


def settle(e: Entry, *, fetch_pages: bool = True, **poll: object) -> Article:
    async def go() -> Article:
        # The pages are on 127.0.0.1, which no named feed shares: allow private addresses.
        config = PollConfig(**{"timeout": 2.0, "allow_private": True, **poll})  # type: ignore[arg-type]
        async with Fetcher(config) as f:
            return await article_text(e, f, now=NOW, fetch_pages=fetch_pages)

    return asyncio.run(go())


def test_substantial_feed_content_is_used_without_fetching(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, content_type="text/html")
    content = " ".join(["word"] * SUBSTANTIAL_WORDS)
    article = settle(entry(server.url("/a"), content=content))
    assert (article.text, article.text_origin, article.text_note) == (content, "feed", "")
    assert server.hits["/a"] == 0
    assert article.published == NOW  # the feed gave no date: the fetch time stands in


def test_summary_only_entry_gets_the_pages_main_text(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, content_type="text/html; charset=utf-8")
    article = settle(entry(server.url("/a")))
    assert article.text_origin == "page" and article.text_note == ""
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("The national audit office on Tuesday published")
    assert "The file lists two bidders, Northline Marine and Kestrel Works." in paragraphs[1]
    assert (
        "• Bidders listed in the file: two\n• Bidders named by the port authority in January: five"
        in paragraphs
    )
    assert (
        paragraphs[-1]
        == "The file runs to 212 pages and is available on the audit office's website."
    )
    for boilerplate in (
        "Subscribe",
        "Share this article",
        "newsletter",
        "Most read",
        "Gale warning",
    ):
        assert boilerplate not in article.text
    assert article.author == "Ines Varga"  # from the page: the entry named nobody
    assert article.title == "Audit office publishes the tender file"
    assert article.source == "Coastal Ledger"


def test_the_entrys_author_wins_over_the_pages(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, content_type="text/html")
    assert settle(entry(server.url("/a"), author="Desk")).author == "Desk"


def test_page_404_falls_back_to_the_summary_and_says_why(server: LoopbackServer) -> None:
    article = settle(entry(server.url("/missing")))
    assert (article.text, article.text_origin) == (SUMMARY, "summary")
    assert article.text_note == (
        f"page fetch failed: 127.0.0.1:{server.port}: answered HTTP 404 Not Found; used the summary"
    )


def test_page_fetching_off_uses_the_summary_without_fetching(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, content_type="text/html")
    article = settle(entry(server.url("/a")), fetch_pages=False)
    assert article.text_origin == "summary" and "poll.fetch_pages" in article.text_note
    assert server.hits["/a"] == 0


def test_not_html_is_not_extracted(server: LoopbackServer) -> None:
    server.route("/a.pdf", body=b"%PDF-1.7 ...", content_type="application/pdf")
    article = settle(entry(server.url("/a.pdf")))
    assert article.text_origin == "summary"
    assert (
        article.text_note
        == "page fetch failed: the page is application/pdf, not HTML; used the summary"
    )


def test_a_page_over_the_size_limit_is_not_read(server: LoopbackServer) -> None:
    server.route("/a", body=PAGE, content_type="text/html")
    article = settle(entry(server.url("/a")), max_bytes=1000)
    assert (
        article.text_note
        == f"page fetch failed: 127.0.0.1:{server.port}: response larger than 1000 bytes, "
        "aborted; used the summary"
    )


def test_a_consent_wall_shorter_than_the_summary_is_not_taken(server: LoopbackServer) -> None:
    wall = b"<html><body><article><p>Please accept cookies.</p></article></body></html>"
    server.route("/a", body=wall, content_type="text/html")
    long_summary = "The audit office published the complete tender file, which lists only two bidders and not five."
    article = settle(entry(server.url("/a"), summary=long_summary))
    assert article.text == long_summary and article.text_origin == "summary"
    assert article.text_note.startswith(("the page's text is shorter", "no article text found"))


def test_short_feed_content_is_kept_when_the_page_fails(server: LoopbackServer) -> None:
    article = settle(
        entry(server.url("/gone"), content="A short but real content body.", summary="Short.")
    )
    assert article.text == "A short but real content body." and article.text_origin == "feed"
    assert article.text_note == (
        f"page fetch failed: 127.0.0.1:{server.port}: answered HTTP 404 Not Found; "
        "used the feed's short content"
    )


def test_no_fetcher_and_no_url() -> None:
    article = asyncio.run(article_text(entry(""), None, now=NOW))
    assert article.text == SUMMARY and article.text_note == "no page to fetch; used the summary"
