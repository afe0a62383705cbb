"""OPML 1.0/2.0 import and export of the feed list: (url, title) pairs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr


def export_opml(feeds: list[tuple[str, str | None]], *, title: str = "storywatch feeds") -> str:
    """An OPML 2.0 document with one <outline type="rss"> per feed, in the given order."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{escape(title)}</title></head>",
        "  <body>",
    ]
    for url, name in feeds:
        text = name or url
        lines.append(
            f'    <outline type="rss" text={quoteattr(text)} title={quoteattr(text)} xmlUrl={quoteattr(url)}/>'
        )
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def import_opml(text: str) -> list[tuple[str, str | None]]:
    """Every feed (xmlUrl) in an OPML document, nested categories included, first occurrence wins.

    Raises ValueError naming what is wrong and where: malformed XML (with line and column), a
    document that is not OPML, no <body>, or an outline whose xmlUrl is not an http(s) URL."""
    if "<!DOCTYPE" in text[:2000].upper() or "<!ENTITY" in text[:5000].upper():
        # OPML never needs a DTD, and entity definitions are how XML bombs start.
        raise ValueError("OPML: DOCTYPE/ENTITY declarations are not allowed in an OPML file")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        line, column = e.position
        raise ValueError(
            f"OPML line {line}, column {column + 1}: malformed XML: {_reason(e)}"
        ) from None
    if root.tag.lower() != "opml":
        raise ValueError(f"not an OPML file: the root element is <{root.tag}>, expected <opml>")
    body = root.find("body")
    if body is None:
        raise ValueError("OPML: no <body> element: the feeds belong in <body><outline .../></body>")
    feeds: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    problems: list[str] = []
    for index, outline in enumerate(body.iter("outline"), start=1):
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if not url:
            continue  # a category folder, or a plain link outline
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            label = attrs.get("title") or attrs.get("text") or ""
            problems.append(
                f"outline #{index}{f' ({label!r})' if label else ''}: xmlUrl {url!r} is not an "
                "http(s) URL"
            )
            continue
        if url in seen:
            continue
        seen.add(url)
        name = (attrs.get("title") or attrs.get("text") or "").strip() or None
        feeds.append((url, name))
    if problems:
        raise ValueError("OPML: " + "; ".join(problems))
    return feeds


def _reason(e: ET.ParseError) -> str:
    # "mismatched tag: line 3, column 2" -> "mismatched tag" (the position is reported already)
    return str(e).split(":")[0]
