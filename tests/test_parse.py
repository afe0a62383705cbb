"""parse_feed: golden files per format, HTML/JSON edge cases, and "never raises" on any bytes."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchers.parse import ParsedFeed, html_to_text, parse_feed, parse_many, plain_text

FEEDS = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)


def as_json(parsed: ParsedFeed) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "version": parsed.version,
        "ttl": parsed.ttl,
        "error": parsed.error,
        "entries": [
            {
                "identity": e.identity,
                "url": e.url,
                "title": e.title,
                "summary": e.summary,
                "content": e.content,
                "author": e.author,
                "published": e.published.isoformat() if e.published else None,
                "source": e.source,
            }
            for e in parsed.entries
        ],
    }


GOLDEN = sorted(p for p in FEEDS.iterdir() if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.name for p in GOLDEN])
def test_golden_feed(path: Path) -> None:
    """Each tests/data/feeds/<file> parses to exactly <file>.expected.json (a bug report becomes
    a new pair of files)."""
    expected = json.loads((FEEDS / (path.name + ".expected.json")).read_text(encoding="utf-8"))
    content_type = expected.pop("content_type", "")
    parsed = parse_feed(
        path.read_bytes(),
        url=f"https://feeds.example/{path.name}",
        content_type=content_type,
        now=NOW,
    )
    assert as_json(parsed) == expected


def test_every_format_is_covered_by_a_golden_file() -> None:
    versions = set()
    for path in GOLDEN:
        expected = json.loads((FEEDS / (path.name + ".expected.json")).read_text(encoding="utf-8"))
        versions.add(expected["version"])
    assert {
        "rss091u",
        "rss092",
        "rss10",
        "rss20",
        "atom03",
        "atom10",
        "json1",
        "json11",
    } <= versions


def test_rss_entry_fields_are_plain_text_with_paragraphs() -> None:
    parsed = parse_feed(
        (FEEDS / "rss20.xml").read_bytes(), url="https://gazette.example/rss", now=NOW
    )
    first = parsed.entries[0]
    assert first.content.split("\n\n") == [
        "The port authority said five companies bid for the dredging contract.",
        "Documents seen by the Gazette list only two:",
        "• Northline Marine\n• Kestrel Works",
        "The authority did not answer questions sent on Friday.",
    ]
    assert "trackReader" not in first.content
    assert first.published == datetime(2024, 3, 11, 7, 30, tzinfo=UTC)
    assert first.author == "Mara Ellison"
    assert parsed.ttl == 45 * 60
    # A relative link is resolved against the feed's URL; so is a bare permalink guid, which
    # scopes "1042" to this site instead of colliding with another feed's item 1042.
    second = parsed.entries[1]
    assert second.url == "https://gazette.example/news/council-thursday"
    assert second.identity == "https://gazette.example/1042"
    # No guid and no link: the identity is a content hash.
    assert parsed.entries[2].identity.startswith("sha256:")


def test_html_page_instead_of_feed_says_so_and_names_the_advertised_feed() -> None:
    parsed = parse_feed(
        (FEEDS / "not-a-feed.html").read_bytes(),
        url="https://gazette.example/",
        content_type="text/html; charset=utf-8",
        now=NOW,
    )
    assert parsed.entries == ()
    assert parsed.error is not None
    assert parsed.error.startswith("not a feed: the server sent an HTML page")
    assert "https://gazette.example/feeds/all.rss" in parsed.error


def test_malformed_xml_reports_the_line_and_keeps_what_was_recovered() -> None:
    parsed = parse_feed(
        (FEEDS / "malformed.xml").read_bytes(), url="https://broken.example/rss", now=NOW
    )
    assert parsed.error is not None and parsed.error.startswith("malformed XML at line 8")
    assert [e.title for e in parsed.entries][:1] == ["First item survives"]


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        (b"", "", "empty response"),
        (b"   \n", "", "empty response"),
        (b'{"items": []}', "application/json", "not a feed: JSON without a JSON Feed version"),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
            "",
            "malformed JSON at line 1",
        ),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": 5}',
            "",
            'malformed JSON Feed: "items"',
        ),
        (b"just some text", "text/plain", "not a feed"),
        (b"<html><body>hi</body></html>", "", "not a feed: the server sent an HTML page"),
    ],
)
def test_bad_documents_get_a_clear_error(body: bytes, content_type: str, error: str) -> None:
    parsed = parse_feed(body, url="https://x.example/feed", content_type=content_type, now=NOW)
    assert parsed.entries == ()
    assert parsed.error is not None and parsed.error.startswith(error), parsed.error


@pytest.mark.parametrize(
    ("declared", "encoding", "content_type"),
    [
        ("utf-8", "utf-8", "text/xml; charset=iso-8859-1"),  # the server's charset is wrong
        (None, "utf-8", "text/xml"),  # no charset anywhere
        (None, "cp1252", ""),  # not UTF-8 and no declaration at all
        ("iso-8859-1", "latin-1", "application/rss+xml; charset=utf-8"),  # wrong again
        ("utf-8", "utf-8", "text/html"),  # an HTML content type on a real feed
    ],
)
def test_wrong_or_missing_charset_still_decodes(
    declared: str | None, encoding: str, content_type: str
) -> None:
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    doc = (
        f'{decl}<rss version="2.0"><channel><title>Café Zürich</title><item><title>Crème brûlée</title>'
        "<link>https://cafe.example/1</link></item></channel></rss>"
    )
    parsed = parse_feed(
        doc.encode(encoding), url="https://cafe.example/rss", content_type=content_type, now=NOW
    )
    assert parsed.error is None
    assert parsed.title == "Café Zürich"
    assert parsed.entries[0].title == "Crème brûlée"


def test_future_dates_are_treated_as_absent() -> None:
    doc = (
        b'<rss version="2.0"><channel><title>T</title><item><title>a</title><link>https://t.example/a</link>'
        b"<pubDate>Tue, 01 Jan 2036 00:00:00 GMT</pubDate></item></channel></rss>"
    )
    assert parse_feed(doc, url="https://t.example/rss", now=NOW).entries[0].published is None


def test_news_search_items_take_the_publisher_from_source() -> None:
    doc = (
        b'<rss version="2.0"><channel><title>"port tender" - Google News</title><item>'
        b"<title>Port tender questioned - Harbour Gazette</title><link>https://news.google.com/rss/articles/abc</link>"
        b'<guid isPermaLink="false">abc</guid><source url="https://gazette.example">Harbour Gazette</source>'
        b"</item></channel></rss>"
    )
    entry = parse_feed(doc, url="https://news.google.com/rss/search?q=x", now=NOW).entries[0]
    assert entry.source == "Harbour Gazette"


def test_source_falls_back_to_the_link_domain() -> None:
    doc = b'<rss version="2.0"><channel><item><title>a</title><link>https://www.blog.example/a</link></item></channel></rss>'
    assert (
        parse_feed(doc, url="https://blog.example/rss", now=NOW).entries[0].source == "blog.example"
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line<br>next<br/><br/>para", "Line\nnext\n\npara"),
        ("<ul><li>a</li><li>b <i>c</i></li></ul>after", "• a\n• b c\n\nafter"),
        ("A&amp;B &lt;tag&gt; &nbsp;x", "A&B <tag> x"),
        ("<style>p{}</style><script>x()</script><!-- c -->kept", "kept"),
        ("<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>", "1 2\n3"),
        ("plain\x00text\x07", "plaintext"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_plain_text_keeps_paragraphs_and_lines() -> None:
    assert plain_text("  a  b \r\nc\n\n\n d ") == "a b\nc\n\nd"


def test_parse_many_in_a_process_pool_matches_serial() -> None:
    items = [(p.read_bytes(), f"https://feeds.example/{p.name}", "") for p in GOLDEN]
    serial = parse_many(items, now=NOW)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = parse_many(items, now=NOW, executor=pool)
    assert pooled == serial
    assert sum(len(p.entries) for p in pooled) > 10


_FEEDISH = st.sampled_from(
    [
        b'<?xml version="1.0"?>',
        b'<rss version="2.0">',
        b"<channel>",
        b"<item>",
        b"</item>",
        b"<title>",
        b"</title>",
        b"<link>https://x.example/a</link>",
        b"<![CDATA[<p>x</p>",
        b"]]>",
        b'<feed xmlns="http://www.w3.org/2005/Atom">',
        b"<entry>",
        b"<content type='xhtml'>",
        b"&amp;",
        b"&#xD800;",
        b"&unknown;",
        b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [',
        b'{"id": 1, "date_published": "2024-13-45"}',
        b"<pubDate>Mon, 99 Foo 2024</pubDate>",
        b"<html><body>",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.lists(st.one_of(_FEEDISH, st.binary(max_size=20)), max_size=40).map(b"".join),
    )
)
def test_parse_feed_never_raises(body: bytes) -> None:
    for content_type in ("", "application/json"):
        parsed = parse_feed(body, url="https://x.example/feed", content_type=content_type, now=NOW)
        assert isinstance(parsed, ParsedFeed)
        if not parsed.entries:
            assert parsed.error is not None or parsed.version  # silence only for a real, empty feed
        for e in parsed.entries:
            assert e.identity
            assert e.published is None or e.published.tzinfo is not None


@pytest.mark.parametrize("workers", [0, 2])
def test_parse_pool_parses_like_parse_feed(workers: int) -> None:
    import asyncio

    from watchers.parse import ParsePool

    body = (FEEDS / "rss20.xml").read_bytes()
    expected = parse_feed(body, url="https://gazette.example/rss", now=NOW)

    async def go(pool: ParsePool) -> list[ParsedFeed]:
        return await asyncio.gather(
            *(pool.parse(body, url="https://gazette.example/rss", now=NOW) for _ in range(6))
        )

    with ParsePool(workers) as pool:
        results = asyncio.run(go(pool))
    assert results == [expected] * 6


def _hostile() -> dict[str, bytes]:
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    laughs += b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>t</title><item><title>&x;</title>'
        b"<description>&x;</description></item></channel></rss>"
    )
    deep = b'<rss version="2.0"><channel><item><description>' + b"<div>" * 50_000 + b"x"
    return {
        "billion laughs": laughs,
        "external entity": xxe,
        "deep nesting": deep + b"</description></item></channel></rss>",
        "deep JSON": b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000,
        "huge attribute": b'<rss version="2.0"><channel><item><link href="'
        + b"a" * 2_000_000
        + b'"/></item></channel></rss>',
        "NUL bytes": b'<rss version="2.0">\x00<channel>\x00<item><title>a\x00b</title></item></channel></rss>',
        "UTF-16 without BOM": '<rss version="2.0"><channel><title>ü</title></channel></rss>'.encode(
            "utf-16-le"
        ),
    }


@pytest.mark.parametrize("name", list(_hostile()))
def test_hostile_feeds_are_refused_or_parsed_without_harm(name: str) -> None:
    parsed = parse_feed(_hostile()[name], url="https://evil.example/rss", now=NOW)
    text = parsed.title + "".join(e.title + e.summary + e.content for e in parsed.entries)
    assert "root:" not in text  # no local file read through an external entity
    assert len(text) < 100_000  # no entity expansion bomb
    assert not (parsed.error or "").startswith("could not parse the feed")  # no swallowed crash


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        "<br/>",
        "<b>",
        "</b>",
        '<a href="https://x.example/?a=1&amp;b=2">',
        "</a>",
        "<em>",
        "</em>",
        "<span class='x'>",
        "</span>",
        "&amp;",
        "&nbsp;",
        "&lt;",
        "&#8217;",
        "&foo",
        " ",
        "\n",
        "\t",
        "word",
        "Ünïcödé",
        ">",
        "a > b",
        "<P>",
        "<BR >",
        "</ p>",
        "<p/>",
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_simple_html_fast_path_matches_the_html_parser(fragment: str) -> None:
    from watchers.parse import _html_to_text_lxml, _simple_html_to_text

    fast = _simple_html_to_text(fragment)
    if fast is not None:
        assert fast == _html_to_text_lxml(fragment)
