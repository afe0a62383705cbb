"""OPML export/import round trip and the errors a user sees for bad files."""

from __future__ import annotations

import pytest

from watchers.opml import export_opml, import_opml
from watchers.searches import search_feed_urls

FEEDS: list[tuple[str, str | None]] = [
    ("https://gazette.example/rss", "Harbour Gazette"),
    ("https://ledger.example/atom.xml?a=1&b=2", 'Ledger "Coastal" <Edition> & more'),
    ("https://metro.example/feed.json", None),
]


def test_round_trip_keeps_urls_titles_and_order() -> None:
    text = export_opml(FEEDS)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    back = import_opml(text)
    assert back == [FEEDS[0], FEEDS[1], (FEEDS[2][0], FEEDS[2][0])]


def test_import_reads_nested_categories_and_other_readers_exports() -> None:
    text = """<?xml version="1.0"?>
<opml version="1.0">
  <head><title>From another reader</title></head>
  <body>
    <outline text="News">
      <outline text="Gazette" type="rss" xmlUrl="https://gazette.example/rss" htmlUrl="https://gazette.example/"/>
      <outline title="Wire" xmlurl="https://wire.example/rss"/>
    </outline>
    <outline text="Just a link" type="link" url="https://example.com/"/>
    <outline text="Gazette again" xmlUrl="https://gazette.example/rss"/>
  </body>
</opml>"""
    assert import_opml(text) == [
        ("https://gazette.example/rss", "Gazette"),
        ("https://wire.example/rss", "Wire"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "<opml><body><outline xmlUrl='https://a.example/rss'></body></opml>",
            "OPML line 1, column 55: malformed XML: mismatched tag",
        ),
        ("<rss version='2.0'/>", "not an OPML file: the root element is <rss>, expected <opml>"),
        ("<opml version='2.0'><head/></opml>", "OPML: no <body> element"),
        (
            "<opml><body><outline text='Bad' xmlUrl='file:///etc/passwd'/><outline xmlUrl='feeds/x.rss'/></body></opml>",
            "OPML: outline #1 ('Bad'): xmlUrl 'file:///etc/passwd' is not an http(s) URL; outline #2: xmlUrl 'feeds/x.rss' is not an http(s) URL",
        ),
        (
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><opml><body/></opml>',
            "OPML: DOCTYPE/ENTITY declarations are not allowed",
        ),
        ("", "OPML line 1, column 1: malformed XML: no element found"),
    ],
)
def test_bad_opml_raises_value_error_saying_what_and_where(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        import_opml(text)
    assert str(info.value).startswith(message), str(info.value)


def test_search_feed_urls_encode_the_query() -> None:
    urls = search_feed_urls('  "port tender"   Kestrel & Northline -sports ')
    assert urls == [
        "https://news.google.com/rss/search?q=%22port+tender%22+Kestrel+%26+Northline+-sports&hl=en-US&gl=US&ceid=US:en",
        "https://www.bing.com/news/search?q=%22port+tender%22+Kestrel+%26+Northline+-sports&format=rss",
    ]
    assert search_feed_urls("   ") == []
