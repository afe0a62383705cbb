"""The lxml fast path of parse_feed gives exactly feedparser's results wherever it accepts a feed:
generated RSS 2.0 / Atom 1.0 documents full of feedparser's quirks, the benchmark's feeds, the
golden files, and (when present) feedparser's own test corpus."""

from __future__ import annotations

import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import feedparser.urls
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from watchers.parse import (
    _fp_urljoin,
    _parse_fast,
    fast_path_accepts,
    parse_feed,
    parse_feed_reference,
)

ROOT = Path(__file__).resolve().parent.parent
FEEDS = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2024, 3, 12, 12, 0, tzinfo=UTC)
# feedparser's sdist test corpus, if downloaded (see benchmarks/parse_corpus.py):
# FEEDPARSER_CORPUS=/tmp/fp/feedparser-6.0.11/tests
CORPUS = os.environ.get("FEEDPARSER_CORPUS", "")
CONTENT_TYPES = ("", "application/rss+xml; charset=utf-8", "text/xml", "application/atom+xml")

KEYS = (
    "link",
    "title",
    "summary",
    "id",
    "author",
    "published_parsed",
    "updated_parsed",
    "created_parsed",
)


def raw_view(feed: Any, entries: Any, version: str) -> dict[str, Any]:
    """The feedparser values parse_feed reads, from either path (before any text clean-up)."""
    out: dict[str, Any] = {
        "version": version,
        "title": feed.get("title"),
        "ttl": feed.get("ttl"),
        "entries": [],
    }
    for e in entries:
        d = {k: (dict.__getitem__(e, k) if dict.__contains__(e, k) else "<absent>") for k in KEYS}
        detail = e.get("summary_detail")
        d["summary_type"] = detail.get("type") if detail else None
        d["content"] = [(c.get("type"), c.get("value")) for c in e.get("content", []) or []]
        source = e.get("source") or {}
        d["source_title"] = source.get("title") if isinstance(source, dict) else ("str", source)
        out["entries"].append(d)
    return out


def check_same(body: bytes, url: str, content_type: str) -> bool:
    """Asserts both paths agree on `body`; returns whether the fast path accepted it."""
    fast = _parse_fast(body, url=url, content_type=content_type)
    if fast is None:
        return False
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    d = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    assert raw_view(*fast) == raw_view(d.feed, d.entries, d.version), body[:3000]
    quick = parse_feed(body, url=url, content_type=content_type, now=NOW)
    slow = parse_feed_reference(body, url=url, content_type=content_type, now=NOW)
    assert quick == slow, body[:3000]
    return True


# ---------------------------------------------------------------- generated documents

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "media": "http://search.yahoo.com/mrss/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "dcterms": "http://purl.org/dc/terms/",
    "foo": "http://example.com/unknown-extension",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
}

TEXTS = [
    "",
    "   ",
    "Plain title",
    "  padded  \n text  ",
    "AT&amp;T &lt;b&gt;bold&lt;/b&gt; news",
    "<![CDATA[<p>Para one.</p><p>Para <a href='/x'>two</a>.</p>]]>",
    "<![CDATA[Fish & chips <br/> line]]>",
    "Caf\u00e9 na\u00efve \u2014 \u201cquoted\u201d",
    "Ã© double-encoded",
    "\u0093smart\u0094 C1 quotes",
    "&lt;p&gt;escaped paragraph&lt;/p&gt;",
    "x &amp;nbsp; y &amp;copy; z",
    "Line one\n\nLine two",
    "&#x1F600; emoji &#233;",
    "mail jo@example.com (Jo Bloggs)",
    "Jo Bloggs <![CDATA[<jo@example.com>]]>",
    "&lt;unknowntag&gt;x&lt;/unknowntag&gt;",
    "a &lt;/b&gt; stray close",
]
URLS = [
    "",
    "https://news.example/a/1?utm_source=rss",
    "/relative/path",
    "relative",
    "http://news.example/a?x=1&amp;amp;y=2",
    "http://news.example/b?q=&amp;copy;",
    "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
    "tag:news.example,2024:1",
    "  https://news.example/spaced  ",
    "//cdn.example/x",
    "#frag",
]
DATES = [
    "Tue, 12 Mar 2024 09:30:00 GMT",
    "Tue, 12 Mar 2024 09:30:00 +0100",
    "2024-03-12T09:30:00Z",
    "2024-03-12T09:30:00+02:00",
    "2024-03-12",
    "12 Mar 2024",
    "not a date",
    "",
    "Wed, 31 Dec 2099 00:00:00 GMT",
]


def _pick(rng: random.Random, seq: list[str]) -> str:
    return rng.choice(seq)


def _text_el(rng: random.Random, tag: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}>{_pick(rng, TEXTS)}</{tag}>"


def _rss_item_child(rng: random.Random) -> str:
    kind = rng.randrange(25)
    t, u = _pick(rng, TEXTS), _pick(rng, URLS)
    if kind < 3:
        return _text_el(rng, "title")
    if kind == 3:
        return f"<link>{u}</link>"
    if kind == 4:
        perma = rng.choice(
            ["", ' isPermaLink="false"', ' isPermaLink="true"', ' isPermaLink="True"']
        )
        return f"<guid{perma}>{u or t}</guid>"
    if kind == 5:
        return _text_el(
            rng, "description", rng.choice(["", "", ' type="text/plain"', ' type="html"'])
        )
    if kind == 6:
        return _text_el(rng, "content:encoded")
    if kind == 7:
        return _date_el(
            rng, ["pubDate", "dc:date", "dcterms:modified", "dcterms:created", "dcterms:issued"]
        )
    if kind == 8:
        return _text_el(rng, rng.choice(["author", "dc:creator", "itunes:author"]))
    if kind == 9:
        url = rng.choice(["", ' url="http://src.example/feed"'])
        return _text_el(rng, "source", url)
    if kind == 10:
        return f'<category domain="x">{t}</category>'
    if kind == 11:
        return f'<enclosure url="{u}" length="1" type="audio/mpeg"/>'
    if kind == 12:
        rel = rng.choice(["", ' rel="alternate"', ' rel="self"', ' rel="related"'])
        typ = rng.choice(["", ' type="text/html"', ' type="application/pdf"', ' type="TEXT/HTML"'])
        href = rng.choice([f' href="{u}"', ' href=""', ""])
        return f"<atom:link{rel}{typ}{href}/>"
    if kind == 13:
        return (
            f'<media:content url="{u}" medium="image"><media:thumbnail url="{u}"/></media:content>'
        )
    if kind == 14:
        return f"<wfw:commentRss>{u}</wfw:commentRss><slash:comments>3</slash:comments>"
    if kind == 15:
        attrs = rng.choice(["", ' a="1"'])
        return f"<foo:bar{attrs}>{t}</foo:bar>"
    if kind == 16:
        return f"<comments>{u}</comments>"
    if kind == 17:
        return f"<unknownthing>{t}</unknownthing>"
    if kind == 18:
        return '<media:group><media:content url="http://m.example/x.mp4"/></media:group>'
    if kind == 19:
        return f"<!-- comment --><title>{t}<!-- inner -->tail</title>"
    if kind == 20:
        return "<itunes:duration>12:00</itunes:duration><itunes:explicit>no</itunes:explicit>"
    if kind == 21:
        return f"<managingEditor>{t}</managingEditor>"
    if kind == 22:
        return _text_el(rng, rng.choice(["media:title", "dc:title"]))
    if kind == 23:
        pick = rng.randrange(6)
        if pick == 0:
            return _text_el(rng, rng.choice(["media:description", "dc:description"]))
        if pick == 1:
            return _text_el(rng, "description") + _text_el(rng, "description")
        if pick == 2:
            return f'<post-id xmlns="com-wordpress:feed-additions:1">{t}</post-id>'
        if pick == 3:
            return '<x:title xmlns:x="http://example.com/x">other</x:title>'
        if pick == 4:
            return '<title xmlns="http://example.com/default-ns">in another namespace</title>'
        if pick == 5 and rng.random() < 0.3:
            return "<itunes:owner><itunes:name>Owner</itunes:name></itunes:owner>"  # refused
        return "<description><p>raw markup</p></description>"  # refused: markup inside
    return f"<title>{t}</title>"


def _date_el(rng: random.Random, tags: list[str]) -> str:
    tag = rng.choice(tags)
    return f"<{tag}>{_pick(rng, DATES)}</{tag}>"


def random_rss(rng: random.Random) -> bytes:
    items = []
    for _ in range(rng.randrange(0, 5)):
        children = []
        for _ in range(rng.randrange(0, 8)):
            children.append(_rss_item_child(rng))
        attrs = rng.choice([""] * 12 + [' xml:lang="en"', ' href="http://x.example/"'])
        items.append(f"<item{attrs}>{''.join(children)}</item>")
    head = []
    for _ in range(rng.randrange(0, 5)):
        k = rng.randrange(9)
        if k < 2:
            head.append(_text_el(rng, "title"))
        elif k == 2:
            head.append(f"<ttl>{rng.choice(['15', ' 60 ', 'x', '0', '-5', '1e3', ''])}</ttl>")
        elif k == 3:
            head.append(
                f"<image><url>http://i.example/x.png</url>{_text_el(rng, 'title')}<link>/</link></image>"
            )
        elif k == 4:
            head.append(
                f"<textInput>{_text_el(rng, 'title')}<name>q</name><link>/s</link></textInput>"
            )
        elif k == 5:
            head.append(
                '<atom:link rel="self" type="application/rss+xml" href="http://x.example/rss"/>'
            )
        elif k == 6:
            head.append("<sy:updatePeriod>hourly</sy:updatePeriod><docs>http://x/</docs>")
        elif k == 7:
            head.append(_text_el(rng, "description") + "<language>en</language>")
        else:
            head.append("<itunes:owner><itunes:name>N</itunes:name></itunes:owner>")
    parts = head + items
    if rng.random() < 0.3:
        rng.shuffle(parts)
    decls = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p != "atom" or rng.random() < 0.8)
    if rng.random() < 0.1:
        decls = decls.replace("xmlns:dc=", "xmlns:d=").replace("dc:", "d:")
    version = rng.choice(["2.0"] * 8 + ["0.91", "2.01"])
    doc = f'<rss version="{version}" {decls}><channel>{"".join(parts)}</channel></rss>'
    if "xmlns:d=" in doc:
        doc = doc.replace("<dc:", "<d:").replace("</dc:", "</d:")
    return _encode(rng, doc)


def _atom_entry_child(rng: random.Random) -> str:
    kind = rng.randrange(16)
    t, u = _pick(rng, TEXTS), _pick(rng, URLS)
    type_attr = rng.choice(["", ' type="text"', ' type="html"', ' type="xhtml"', ' type="TEXT"'])
    if kind < 2:
        return _text_el(rng, "title", type_attr if "xhtml" not in type_attr else "")
    if kind == 2:
        rel = rng.choice(["", ' rel="alternate"', ' rel="enclosure"', ' rel="self"'])
        typ = rng.choice(
            ["", ' type="text/html"', ' type="application/xhtml+xml"', ' type="image/png"']
        )
        return f'<link{rel}{typ} href="{u}"/>'
    if kind == 3:
        return f"<id>{u or t}</id>"
    if kind in (4, 5):
        return _date_el(rng, ["updated", "published", "issued", "modified", "created", "dc:date"])
    if kind == 6:
        return _text_el(rng, "summary", type_attr if "xhtml" not in type_attr else "") * rng.choice(
            [1, 1, 2]
        )
    if kind == 7:
        return _text_el(
            rng, "content", rng.choice(["", ' type="html"', ' type="text"', ' type="text/html"'])
        )
    if kind == 8:
        subs = []
        for _ in range(rng.randrange(0, 4)):
            tag = rng.choice(["name", "email", "uri"])
            subs.append(f"<{tag}>{rng.choice([t, 'Jo', 'jo@example.com', '/me', ''])}</{tag}>")
        return f"<author>{rng.choice(['', ' '])}{''.join(subs)}</author>"
    if kind == 9:
        return f'<category term="{rng.choice(["a", "b"])}"/>'
    if kind == 10:
        return "<contributor><name>C</name></contributor>"
    if kind == 11:
        return f"<dc:creator>{t}</dc:creator>"
    if kind == 12:
        return f'<foo:bar x="1">{t}</foo:bar><foo:baz>{t}</foo:baz>'
    if kind == 13:
        return f"<rights>{t}</rights>"
    if kind == 14 and rng.random() < 0.2:
        return '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content>'
    return f'<media:thumbnail url="{u}"/>'


def random_atom(rng: random.Random) -> bytes:
    entries = []
    for _ in range(rng.randrange(0, 5)):
        children = [_atom_entry_child(rng) for _ in range(rng.randrange(0, 8))]
        entries.append(f"<entry>{''.join(children)}</entry>")
    head = []
    for _ in range(rng.randrange(0, 5)):
        k = rng.randrange(6)
        if k < 2:
            head.append(_text_el(rng, "title", rng.choice(["", ' type="html"'])))
        elif k == 2:
            head.append('<link rel="self" href="http://x.example/atom"/><id>urn:x</id>')
        elif k == 3:
            head.append("<author><name>Feed Author</name><email>f@example.com</email></author>")
        elif k == 4:
            head.append("<updated>2024-03-12T00:00:00Z</updated><generator uri='/g'>G</generator>")
        else:
            head.append("<subtitle>sub</subtitle><icon>/i.png</icon><ttl>30</ttl>")
    parts = head + entries
    if rng.random() < 0.3:
        rng.shuffle(parts)
    decls = " ".join(f'xmlns:{p}="{u}"' for p, u in NS.items() if p != "atom")
    root = rng.choice(["feed", "feed", "feed", "atom:feed"])
    if root == "atom:feed":
        doc = f'<atom:feed xmlns:atom="{NS["atom"]}" {decls}>{"".join(parts)}</atom:feed>'
        for tag in (
            "title",
            "link",
            "id",
            "updated",
            "published",
            "entry",
            "summary",
            "content",
            "author",
            "name",
            "email",
            "uri",
            "category",
            "contributor",
            "rights",
            "subtitle",
            "icon",
            "generator",
            "issued",
            "modified",
            "created",
            "ttl",
        ):
            doc = doc.replace(f"<{tag}>", f"<atom:{tag}>").replace(f"<{tag} ", f"<atom:{tag} ")
            doc = doc.replace(f"</{tag}>", f"</atom:{tag}>")
    else:
        doc = f'<feed xmlns="{NS["atom"]}" {decls}>{"".join(parts)}</feed>'
    return _encode(rng, doc)


def _encode(rng: random.Random, doc: str) -> bytes:
    k = rng.randrange(6)
    if k == 0:
        return doc.encode("utf-8")
    if k == 1:
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + doc.encode("utf-8")
    if k == 2:
        return b'<?xml version="1.0" encoding="iso-8859-1"?>\n' + doc.encode(
            "latin-1", "xmlcharrefreplace"
        )
    if k == 3:
        return b'\xef\xbb\xbf<?xml version="1.0"?>' + doc.encode("utf-8")
    if k == 4:
        return b'<?xml version="1.0" encoding="windows-1252"?>' + doc.encode(
            "cp1252", "xmlcharrefreplace"
        )
    return b"<?xml version='1.0'?><!-- generator -->\n" + doc.encode("utf-8")


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_generated_feeds_parse_the_same_on_both_paths(kind: str) -> None:
    rng = random.Random(7 if kind == "rss" else 8)
    make = random_rss if kind == "rss" else random_atom
    accepted = 0
    runs = 700
    for i in range(runs):
        body = make(rng)
        content_type = rng.choice(CONTENT_TYPES + ("text/html", "application/xml; charset=latin-1"))
        url = rng.choice(["https://feeds.example/a/feed.xml", "http://h.example/f?x=1", ""])
        accepted += check_same(body, url or f"https://feeds.example/{i}", content_type)
    # The generator mixes in refused constructs on purpose, but most documents must be accepted.
    assert runs * 0.3 < accepted < runs


def test_benchmark_feeds_take_the_fast_path_with_identical_results(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import poll
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    poll.write_feeds(tmp_path, 25)
    for i, path in enumerate(sorted(tmp_path.iterdir())):
        body = path.read_bytes()
        url = f"http://127.0.0.1:8080/f{i}.xml"
        assert check_same(body, url, "application/rss+xml"), path.name
        assert (
            len(parse_feed(body, url=url, content_type="application/rss+xml", now=NOW).entries)
            == 20
        )


def test_golden_files_agree_and_the_plain_ones_are_accepted() -> None:
    accepted = set()
    for path in sorted(FEEDS.iterdir()):
        if path.name.endswith(".expected.json"):
            continue
        for content_type in CONTENT_TYPES:
            if check_same(path.read_bytes(), f"https://feeds.example/{path.name}", content_type):
                accepted.add(path.name)
    assert "rss20.xml" in accepted
    assert "atom10.xml" not in accepted  # it has xhtml content: left to feedparser
    assert not {"rss091.xml", "rss10.xml", "atom03.xml"} & accepted


@pytest.mark.skipif(not CORPUS, reason="set FEEDPARSER_CORPUS to feedparser's sdist tests/ dir")
def test_feedparser_corpus_agrees_wherever_accepted() -> None:
    files = sorted(p for p in Path(CORPUS).rglob("*") if p.is_file())
    assert len(files) > 1000
    accepted = 0
    for path in files:
        for content_type in CONTENT_TYPES:
            accepted += check_same(
                path.read_bytes(), f"http://corpus.example/d/{path.name}", content_type
            )
    assert accepted > 1000


QUIRKS = [
    # the first non-empty title wins; a <source> resets that, so a later title replaces it
    b'<rss version="2.0"><channel><item><title></title><title>A</title><title>B</title>'
    b'<source url="http://s.example/">Wire</source><title>C</title></item></channel></rss>',
    # a relative permalink guid is resolved and becomes the link when there is none
    b'<rss version="2.0"><channel><item><guid>/a/1</guid></item>'
    b'<item><guid isPermaLink="false">/a/2</guid><link>/l</link></item></channel></rss>',
    # content:encoded before description: summary comes from the description, with its type
    b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
    b"<item><content:encoded>&lt;p&gt;c&lt;/p&gt;</content:encoded><description>d</description>"
    b"</item></channel></rss>",
    # a second description is read as text/plain content
    b'<rss version="2.0"><channel><item><description>one</description>'
    b"<description>two &amp;amp; &lt;b&gt;x&lt;/b&gt;</description></item></channel></rss>",
    # an Atom id doubles as the link until an alternate link says otherwise
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:x:1</id></entry>'
    b'<entry><link href="/p"/><id>/i</id></entry>'
    b'<entry><id>/j</id><link rel="alternate" type="text/html" href="/q"/></entry></feed>',
    # Atom authors: "name (email)", the last author wins, a bare uri leaves no name
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><author><name>A</name>'
    b"<email>a@example.com</email></author><author><uri>/b</uri></author></entry>"
    b"<entry><author><email>c@example.com</email></author></entry></feed>",
    # an RSS author with an address, then a podcast owner inside the item (refused: feedparser
    # writes the owner's name into the entry's authors)
    b'<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
    b"<item><author>a@b.com (A)</author><itunes:owner><itunes:name>O</itunes:name>"
    b"</itunes:owner></item></channel></rss>",
    # cp1252 and double-encoded UTF-8 fix-ups, a channel title after the items
    b'<rss version="2.0"><channel><item><title>\xc2\x93q\xc2\x94 \xc3\x83\xc2\xa9</title></item>'
    b"<title>Late title</title><ttl> 30 </ttl></channel></rss>",
]


@pytest.mark.parametrize("doc", QUIRKS)
def test_feedparser_quirks_are_reproduced_or_refused(doc: bytes) -> None:
    for content_type in ("", "application/rss+xml"):
        check_same(doc, "https://feeds.example/dir/feed", content_type)


def test_podcast_owner_inside_an_item_is_left_to_feedparser() -> None:
    assert not fast_path_accepts(QUIRKS[6], url="https://feeds.example/feed")
    assert fast_path_accepts(QUIRKS[0], url="https://feeds.example/feed")


# The shapes of two common real-world feeds: a news-search feed and a WordPress blog.
NEWS_SEARCH = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel><generator>NFE/5.0</generator><title>"port tender" - Google News</title><link>https://news.google.com/search?q=port</link><language>en-US</language><webMaster>news-webmaster@google.com</webMaster><copyright>2024 Google Inc.</copyright><lastBuildDate>Tue, 12 Mar 2024 10:00:00 GMT</lastBuildDate><description>Google News</description><item><title>Port tender probe widens - The Gazette</title><link>https://news.google.com/rss/articles/CBMi?oc=5</link><guid isPermaLink="false">CBMiQ2h0dHBz</guid><pubDate>Tue, 12 Mar 2024 09:00:00 GMT</pubDate><description>&lt;a href="https://news.google.com/rss/articles/CBMi?oc=5" target="_blank"&gt;Port tender probe widens&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;The Gazette&lt;/font&gt;</description><source url="https://gazette.example">The Gazette</source></item></channel></rss>"""
WORDPRESS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:atom="http://www.w3.org/2005/Atom"
	xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
	xmlns:slash="http://purl.org/rss/1.0/modules/slash/"
	>
<channel>
	<title>Harbour Times</title>
	<atom:link href="https://harbour.example/feed/" rel="self" type="application/rss+xml" />
	<link>https://harbour.example</link>
	<description>Local news</description>
	<lastBuildDate>Tue, 12 Mar 2024 09:00:00 +0000</lastBuildDate>
	<language>en-GB</language>
	<sy:updatePeriod>
	hourly	</sy:updatePeriod>
	<sy:updateFrequency>
	1	</sy:updateFrequency>
	<generator>https://wordpress.org/?v=6.4.3</generator>
<image>
	<url>https://harbour.example/icon.png</url>
	<title>Harbour Times</title>
	<link>https://harbour.example</link>
	<width>32</width>
	<height>32</height>
</image>
	<item>
		<title>Council delays ferry vote</title>
		<link>https://harbour.example/2024/03/ferry-vote/</link>
		<comments>https://harbour.example/2024/03/ferry-vote/#respond</comments>
		<dc:creator><![CDATA[Ana Petrova]]></dc:creator>
		<pubDate>Tue, 12 Mar 2024 08:00:00 +0000</pubDate>
		<category><![CDATA[Local]]></category>
		<guid isPermaLink="false">https://harbour.example/?p=1234</guid>
		<description><![CDATA[<p>The council delayed the vote&#8230;</p>]]></description>
		<content:encoded><![CDATA[<p>The council delayed the vote on the ferry contract.</p><p>More next week.</p>]]></content:encoded>
		<wfw:commentRss>https://harbour.example/2024/03/ferry-vote/feed/</wfw:commentRss>
		<slash:comments>0</slash:comments>
		<post-id xmlns="com-wordpress:feed-additions:1">1234</post-id>
	</item>
	</channel>
</rss>"""


@pytest.mark.parametrize("doc", [NEWS_SEARCH, WORDPRESS], ids=["news-search", "wordpress"])
def test_common_real_world_shapes_take_the_fast_path(doc: bytes) -> None:
    for content_type in ("application/rss+xml; charset=UTF-8", "text/xml; charset=UTF-8", ""):
        assert check_same(doc, "https://harbour.example/feed/", content_type)


TRICKY_URLS = [
    "http://a.example/b?",
    "http://a.example/b;p",
    "http://a.example/b;",
    "http://a.example/./b/../c",
    "http://a.example:80/",
    "http://a.example//b",
    "http://a.example/b?c#",
    "http://a.example/b?x=1;y=2",
    "http://a.example/b?q=a/../b",
    "https://a.example",
    "http://a.example/%zz'()",
    "http://-a.example/",
    "http://a.example:/x",
    "http://a.example:99999/x",
    "http://[::1]/x",
    "http://user@a.example/x",
]


@pytest.mark.parametrize("uri", TRICKY_URLS)
@pytest.mark.parametrize("base", ["", "https://feeds.example/a/b", "http://a.example/"])
def test_url_shortcut_on_tricky_urls(uri: str, base: str) -> None:
    assert _fp_urljoin(base, uri) == feedparser.urls._urljoin(base, uri)


URL_ALPHABET = "hts:/ab.c-_~%!$&'()*+,;=@?#[]0123456789 \t\nHTTPS"


@settings(max_examples=3000, deadline=None)
@given(
    st.sampled_from(["http://", "https://", "HTTP://", "http:///", "ftp://", "", "//"]),
    st.text(alphabet=URL_ALPHABET, max_size=40),
    st.sampled_from(["", "https://feeds.example/a/b", "http://x.example"]),
)
def test_url_shortcut_matches_feedparsers_urljoin(scheme: str, rest: str, base: str) -> None:
    uri = scheme + rest
    assert _fp_urljoin(base, uri) == feedparser.urls._urljoin(base, uri)


# ---------------------------------------------------------------- what the fast path refuses


@pytest.mark.parametrize(
    "doc",
    [
        # entity definitions (a "billion laughs" shape): never expanded by lxml, left to feedparser
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<rss version="2.0"><channel><title>&b;</title></channel></rss>',
        # an external entity: no file or network access from the fast path
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>',
        b'<rss version="2.0"><channel><title>&nbsp;</title></channel></rss>',  # undeclared entity
        b'<rss version="2.0"><channel><item><title>x</title></channel></rss>',  # not well-formed
        b'<rss version="0.91"><channel><title>t</title></channel></rss>',
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel></rdf:RDF>',
        b'<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title></feed>',
        b'<rss version="2.0" xml:base="http://other.example/"><channel><item><link>/a</link>'
        b"</item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml">'
        b'<div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>',
        b'<rss version="2.0"><channel><item><title>a</title><media:group '
        b'xmlns:media="http://search.yahoo.com/mrss/"><media:title>b</media:title></media:group>'
        b"</item></channel></rss>",
        b'<rss version="2.0" xmlns:dc="http://example.com/not-dublin-core"><channel><item>'
        b"<dc:creator>x</dc:creator></item></channel></rss>",
        b"<rss version='2.0'><channel>" + b"<x>" * 300 + b"</x>" * 300 + b"</channel></rss>",
    ],
)
def test_documents_outside_the_subset_go_to_feedparser(doc: bytes) -> None:
    url = "https://feeds.example/rss"
    assert not fast_path_accepts(doc, url=url)
    # ... and parse_feed still answers (through feedparser), without raising.
    parse_feed(doc, url=url, now=NOW)


def test_entities_are_not_expanded_in_the_result() -> None:
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>T &x;</title><item><title>a</title></item>'
        b"</channel></rss>"
    )
    parsed = parse_feed(doc, url="https://feeds.example/rss", now=NOW)
    assert "root:" not in parsed.title
