"""Article text for an entry: the feed's full content, else the page's main text (trafilatura), else the summary."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from watchers.models import Article, Entry, TextOrigin

if TYPE_CHECKING:
    from watchers.fetch import Fetcher

# Feeds that carry the article carry hundreds of words; a teaser is one or two sentences.
SUBSTANTIAL_WORDS = 80
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def word_count(text: str) -> int:
    return len(text.split())


async def article_text(
    entry: Entry, fetcher: Fetcher | None, *, now: datetime, fetch_pages: bool = True
) -> Article:
    """Settle an entry's text. Never raises for fetch or extraction trouble: the fallback is the
    summary, and text_note says why."""

    def article(text: str, origin: TextOrigin, note: str = "", author: str = "") -> Article:
        return Article(
            identity=entry.identity,
            url=entry.url,
            title=entry.title,
            text=text,
            author=entry.author or author,
            published=entry.published or now,
            source=entry.source,
            feed_url=entry.feed_url,
            text_origin=origin,
            text_note=note,
        )

    def fallback(why: str) -> Article:
        if entry.content and word_count(entry.content) >= word_count(entry.summary):
            return article(entry.content, "feed", f"{why}; used the feed's short content")
        if entry.summary:
            return article(entry.summary, "summary", f"{why}; used the summary")
        return article(entry.content or entry.title, "summary", f"{why}; the feed has only a title")

    if word_count(entry.content) >= SUBSTANTIAL_WORDS:
        return article(entry.content, "feed")
    if not fetch_pages:
        return fallback("page fetching is off (poll.fetch_pages)")
    if fetcher is None or not entry.url:
        return fallback("no page to fetch" if not entry.url else "no fetcher")

    from watchers.fetch import (
        PAGE_ACCEPT,  # here, not at the top: keeps this module light to import
    )

    result = await fetcher.fetch(entry.url, accept=PAGE_ACCEPT)
    if result.error:
        return fallback(f"page fetch failed: {result.error}")
    ctype = result.content_type.split(";")[0].strip().lower()
    if ctype and not ("html" in ctype or "xml" in ctype or ctype.startswith("text/")):
        return fallback(f"page fetch failed: the page is {ctype}, not HTML")
    try:
        text, author = await asyncio.to_thread(_extract, result.body, result.content_type)
    except Exception as e:  # trafilatura on hostile HTML: the summary is still a fine answer
        return fallback(f"text extraction failed: {type(e).__name__}: {e}")
    text = _drop_leading_title(text, entry.title)
    if not text:
        return fallback("no article text found on the page")
    feed_text = entry.content or entry.summary
    if word_count(text) < word_count(feed_text):
        # Paywalls and consent walls extract to a stub shorter than the feed's own teaser.
        return fallback("the page's text is shorter than the feed's")
    return article(text, "page", author=author)


def _decode(body: bytes, content_type: str) -> str | bytes:
    m = _CHARSET.search(content_type)
    if m:
        try:
            return body.decode(m.group(1), errors="replace")
        except LookupError:
            pass  # an unknown charset name: let trafilatura guess from the bytes
    return body


def _extract(body: bytes, content_type: str) -> tuple[str, str]:
    """Main text of an HTML page with paragraphs as "\\n\\n" and list items as "• " lines, and
    the page's author when its metadata names one."""
    import trafilatura  # heavy (~0.3 s); only the page path needs it

    doc: Any = trafilatura.bare_extraction(
        _decode(body, content_type),
        include_comments=False,
        include_tables=False,
        with_metadata=True,
    )
    if doc is None:
        return "", ""
    raw = getattr(doc, "text", None) or ""
    author = getattr(doc, "author", None) or ""
    return _paragraphs(raw), author


def _paragraphs(raw: str) -> str:
    # trafilatura's text puts one paragraph per line and list items as "- item" lines.
    out: list[str] = []
    for line in raw.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("- "):
            item = "• " + line[2:].strip()
            if out and out[-1].startswith("• "):
                out[-1] += "\n" + item
            else:
                out.append(item)
        else:
            out.append(line)
    return "\n\n".join(out)


def _drop_leading_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n\n")
    if title and first.strip().casefold() == title.strip().casefold():
        return rest
    return text
