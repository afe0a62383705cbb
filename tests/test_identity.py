"""Entry identity: canonical URLs, guid/link/hash fallbacks, republished and updated items."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchers.identity import canonical_url, content_hash, entry_identity
from watchers.parse import parse_feed

NOW = datetime(2024, 3, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://News.Example.COM/a/b/", "https://news.example.com/a/b"),
        ("https://news.example.com:443/a", "https://news.example.com/a"),
        ("http://news.example.com:80/a", "http://news.example.com/a"),
        ("http://news.example.com:8080/a", "http://news.example.com:8080/a"),
        ("https://news.example.com", "https://news.example.com/"),
        ("https://news.example.com/a#comments", "https://news.example.com/a"),
        (
            "https://news.example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=x&gclid=y&mc_cid=z&mc_eid=w",
            "https://news.example.com/a?id=7",
        ),
        ("https://news.example.com/a?b=2&a=1", "https://news.example.com/a?a=1&b=2"),
        ("https://news.example.com/a%7Eb/c%20d", "https://news.example.com/a~b/c%20d"),
        ("https://news.example.com//a//b", "https://news.example.com/a/b"),
        ("https://news.example.com./a", "https://news.example.com/a"),
        ("https://Bücher.example/x", "https://xn--bcher-kva.example/x"),
        ("  https://news.example.com/a  ", "https://news.example.com/a"),
        ("https://news.example.com/a?UTM_Campaign=x", "https://news.example.com/a"),
        # Not http(s): left alone rather than guessed at.
        ("tag:example.com,2024:1", "tag:example.com,2024:1"),
        ("mailto:desk@example.com", "mailto:desk@example.com"),
        ("https://[::1]:8080/a/", "https://[::1]:8080/a"),
        ("http://bad:port/x", "http://bad:port/x"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@given(st.text(max_size=200))
def test_canonical_url_never_raises_and_is_idempotent(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


def test_identity_prefers_guid_then_canonical_link_then_hash() -> None:
    assert (
        entry_identity("tag:x.example,2024:1", "https://x.example/a", "T", "body")
        == "tag:x.example,2024:1"
    )
    assert (
        entry_identity(None, "https://X.example/a/?utm_source=rss", "T", "body")
        == "https://x.example/a"
    )
    hashed = entry_identity("", "", "Title", "Some body")
    assert hashed.startswith("sha256:") and len(hashed) == len("sha256:") + 64
    assert hashed == entry_identity("  ", None, "Title", "Some  body")
    assert hashed != entry_identity("", "", "Title", "Other body")


def test_bare_guids_are_scoped_to_their_feed() -> None:
    a = entry_identity("1234", "https://a.example/x", "T", "", feed_url="https://a.example/rss")
    b = entry_identity("1234", "https://b.example/y", "T", "", feed_url="https://b.example/rss")
    assert a != b
    assert a == "https://a.example/rss#1234"


def test_content_hash_ignores_whitespace_and_case_but_not_words() -> None:
    assert content_hash("The port  said\nfive.") == content_hash(" the PORT said five. ")
    assert content_hash("The port said five.") != content_hash("The port said two.")


def _feed(guid: str, link: str, description: str) -> bytes:
    return (
        '<rss version="2.0"><channel><title>Gazette</title><item><title>Port tender</title>'
        f'<guid isPermaLink="false">{guid}</guid><link>{link}</link>'
        f"<description>{description}</description></item></channel></rss>"
    ).encode()


def test_republished_item_under_a_new_guid_has_the_same_canonical_link() -> None:
    """The pipeline skips an entry whose canonical link is known (a publisher re-issuing an item
    under a new guid): parse must give both copies the same canonical link."""
    first = parse_feed(
        _feed("g-1", "https://gazette.example/port?utm_source=rss", "Five bidders."),
        url="https://gazette.example/rss",
        now=NOW,
    ).entries[0]
    again = parse_feed(
        _feed(
            "g-2-republished",
            "https://www.gazette.example/port/#top".replace("www.", ""),
            "Five bidders.",
        ),
        url="https://gazette.example/rss",
        now=NOW,
    ).entries[0]
    assert first.identity != again.identity
    assert canonical_url(first.url) == canonical_url(again.url) == "https://gazette.example/port"


def test_updated_item_keeps_its_identity_and_changes_its_hash() -> None:
    before = parse_feed(
        _feed("g-1", "https://gazette.example/port", "Five bidders."),
        url="https://gazette.example/rss",
        now=NOW,
    ).entries[0]
    after = parse_feed(
        _feed("g-1", "https://gazette.example/port", "Two bidders, not five."),
        url="https://gazette.example/rss",
        now=NOW,
    ).entries[0]
    assert before.identity == after.identity
    assert content_hash(before.summary) != content_hash(after.summary)
