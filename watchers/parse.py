"""Feed bytes -> ParsedFeed: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 via feedparser, JSON Feed 1.0/1.1 by hand."""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html

from watchers.identity import entry_identity
from watchers.models import Entry


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[Entry, ...]
    ttl: float | None = None  # RSS <ttl>, in seconds
    error: str | None = None  # set also when entries were recovered from a broken document
    version: str = ""  # feedparser's name for the format ("rss20", "atom10", "json11", ...)


# ---------------------------------------------------------------- HTML -> plain text

# Paragraph-level elements: a blank line before and after.
_BLOCK = frozenset(
    "p div section article header footer main aside nav blockquote pre h1 h2 h3 h4 h5 h6 ul ol dl "
    "table figure figcaption address hr form fieldset details summary center".split()
)
# Line-level elements: a line break before (only before, so that two in a row stay one line
# apart while <br><br> still reads as a paragraph break).
_LINE = frozenset("li dt dd tr br".split())
# Never text: skipped with everything inside.
_DROP = frozenset(
    "script style noscript template iframe object embed svg math head title select button".split()
)
_PARA, _NL = "\x02", "\x01"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BREAKS = re.compile(r" *[\x01\x02][\x01\x02 ]*")
_TAG = re.compile(r"<[^>]*>")


def _breaks(run: str) -> str:
    # Two line breaks in a row (<br><br>) read as a paragraph break too.
    return "\n\n" if _PARA in run or run.count(_NL) > 1 else "\n"


def _finish(text: str) -> str:
    text = _SPACES.sub(" ", text)
    text = _BREAKS.sub(lambda m: _breaks(m.group(0)), text)
    return text.strip(" \n")


def plain_text(text: str) -> str:
    """Tidy text that is already plain: collapse spaces, keep line and paragraph breaks."""
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = re.split(r"\n[ \t]*\n\s*", text)
    out = []
    for para in paragraphs:
        lines = [_SPACES.sub(" ", line).strip() for line in para.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            out.append(joined)
    return "\n\n".join(out)


# Most feed summaries are a few paragraphs with inline markup: those skip the HTML parser
# (a regex pass is ~10x cheaper, and tests check both give the same text).
_SIMPLE_TAG = re.compile(
    r"<(/?)(p|br|b|i|em|strong|a|span|u|s|small|sup|sub|cite|q|abbr|code|font|mark|time)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)


def _simple_html_to_text(fragment: str) -> str | None:
    """The text of a fragment made only of paragraphs, <br> and inline tags; None otherwise."""

    # Anything an HTML parser would restructure (a stray </p>, a <p> inside <a>, crossed inline
    # tags) is left to the parser: only tidy, properly nested markup takes the fast path.
    inline: list[str] = []
    state = {"open": False, "odd": False}

    def tag(m: re.Match[str]) -> str:
        closing, name = m.group(1), m.group(2).lower()
        if name == "p":
            if inline or m.group(0).endswith("/>"):
                state["odd"] = True
            elif closing:
                state["odd"] = state["odd"] or not state["open"]
                state["open"] = False
            else:
                state["open"] = True
            return _PARA
        if name == "br":
            return "" if closing else _NL
        if closing:
            if not inline or inline.pop() != name:
                state["odd"] = True
        elif not m.group(0).endswith("/>"):
            inline.append(name)
        return ""

    text = _SIMPLE_TAG.sub(tag, fragment)
    if "<" in text or state["odd"]:
        return None
    return _finish(html.unescape(text))


def html_to_text(fragment: str) -> str:
    """HTML (a fragment or a page) -> plain text with paragraphs as "\\n\\n" and list items as
    "• item" lines; scripts and styles dropped, entities decoded. Never raises."""
    if not fragment:
        return ""
    fragment = _CONTROL.sub("", fragment)
    if "<" not in fragment and "&" not in fragment:
        return _finish(fragment)
    simple = _simple_html_to_text(fragment)
    if simple is not None:
        return simple
    return _html_to_text_lxml(fragment)


def _html_to_text_lxml(fragment: str) -> str:
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError):
        return _finish(html.unescape(_TAG.sub(" ", fragment)))
    out: list[str] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        if event in ("comment", "pi"):
            if el.tail:  # a comment's own text is not ours, the text after it is
                out.append(el.tail)
            continue
        tag = el.tag.rpartition("}")[2].lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _DROP or not tag:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                out.append(_PARA)
            elif tag in _LINE:
                out.append(_NL)
                if tag == "li":
                    out.append("• ")
            elif tag in ("td", "th"):
                out.append(" ")
            if el.text:
                out.append(el.text)
        else:
            if tag in _BLOCK:
                out.append(_PARA)
            if el.tail and el is not root:
                out.append(el.tail)
    return _finish("".join(out))


def _detail_text(value: str, detail: Any) -> str:
    kind = (detail or {}).get("type", "text/html") if isinstance(detail, dict) else "text/html"
    if kind == "text/plain":
        return plain_text(value)
    return html_to_text(value)


# ---------------------------------------------------------------- feed sniffing

_FEED_LINK = re.compile(
    rb"<link\b[^>]*\btype\s*=\s*[\"']?application/(?:rss|atom|feed)\+(?:xml|json)[^>]*>", re.I
)
_HREF = re.compile(rb"\bhref\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I)


def _looks_html(head: bytes, content_type: str) -> bool:
    if "html" in content_type.lower() and "xhtml" not in content_type.lower():
        return True
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def _advertised_feed(body: bytes, base: str) -> str | None:
    """The feed an HTML page advertises with <link rel="alternate" type="application/rss+xml">."""
    m = _FEED_LINK.search(body[:200_000])
    if not m:
        return None
    href = _HREF.search(m.group(0))
    if not href:
        return None
    raw = next(g for g in href.groups() if g is not None)
    return urljoin(base, html.unescape(raw.decode("utf-8", "replace")).strip())


def _domain(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _struct_to_dt(value: Any) -> datetime | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None


def _sane(published: datetime | None, now: datetime) -> datetime | None:
    # A date more than a day ahead is a publisher's clock or timezone bug: treat it as absent.
    if published is not None and published > now + timedelta(days=1):
        return None
    return published


# ---------------------------------------------------------------- entry point


def parse_feed(body: bytes, *, url: str, content_type: str = "", now: datetime) -> ParsedFeed:
    """Parse a fetched feed. Never raises: problems go to `error`, with whatever entries survived."""
    try:
        return _parse(body, url=url, content_type=content_type or "", now=now)
    except Exception as e:  # the contract is "never raises": a parser bug must not end a poll
        return ParsedFeed("", (), None, f"could not parse the feed: {type(e).__name__}: {e}")


def _parse(body: bytes, *, url: str, content_type: str, now: datetime) -> ParsedFeed:
    if not body or not body.strip():
        return ParsedFeed("", (), None, "empty response: the server sent no content")
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "json" in content_type.lower() or head.startswith((b"{", b"[")):
        return _parse_json_feed(body, url=url, now=now)
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # Plain text is all we keep, so feedparser's HTML sanitising and URI rewriting are wasted work.
    d = feedparser.parse(
        body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    feed = d.get("feed", {})
    title = html_to_text(feed.get("title", "")) if feed.get("title") else ""
    entries = tuple(
        _entries_from_feedparser(d.get("entries", []), url=url, feed_title=title, now=now)
    )
    ttl = _ttl(feed.get("ttl"))
    version = d.get("version", "") or ""
    error = None
    if not version and not entries:
        if _looks_html(head, content_type):
            error = "not a feed: the server sent an HTML page (did you mean the site's RSS link?)"
            advertised = _advertised_feed(body, url)
            if advertised:
                error += f"; the page advertises a feed at {advertised}"
        elif not head.startswith(b"<"):
            start = body.lstrip()[:40].decode("utf-8", "replace")
            kind = f" ({content_type.split(';')[0].strip()})" if content_type else ""
            error = f"not a feed: the response{kind} is neither XML nor JSON; it starts {start!r}"
        elif d.get("bozo"):
            error = _bozo_message(d.get("bozo_exception"))
        else:
            error = "not a feed: no RSS, Atom or JSON Feed document found"
    elif d.get("bozo") and _serious(d.get("bozo_exception")):
        error = _bozo_message(d.get("bozo_exception"))
    return ParsedFeed(title, entries, ttl, error, version)


def _serious(exc: Any) -> bool:
    # These only say the declared charset or content type was wrong and feedparser coped.
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    return not isinstance(exc, benign)


def _bozo_message(exc: Any) -> str:
    if exc is None:
        return "malformed feed"
    line = getattr(exc, "getLineNumber", None)
    message = exc.getMessage() if hasattr(exc, "getMessage") else str(exc)
    if callable(line):
        return f"malformed XML at line {line()}: {message}"
    if isinstance(exc, feedparser.CharacterEncodingUnknown):
        return f"unknown character encoding: {exc}"
    return f"malformed feed: {message or type(exc).__name__}"


def _ttl(value: Any) -> float | None:
    try:
        minutes = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if not minutes > 0 or minutes != minutes or minutes > 60 * 24 * 365:
        return None
    return minutes * 60.0


def _entries_from_feedparser(
    raw: Iterable[Any], *, url: str, feed_title: str, now: datetime
) -> Iterable[Entry]:
    for e in raw:
        link = (e.get("link") or "").strip()
        link = urljoin(url, link) if link else ""
        title = html_to_text(e.get("title", "")) if e.get("title") else ""
        summary = (
            _detail_text(e.get("summary", ""), e.get("summary_detail")) if e.get("summary") else ""
        )
        parts = []
        for c in e.get("content", []) or []:
            text = _detail_text(c.get("value", ""), c)
            if text and text not in parts:
                parts.append(text)
        content = "\n\n".join(parts)
        published = None
        for key in ("published_parsed", "updated_parsed", "created_parsed"):
            published = _struct_to_dt(e.get(key))
            if published:
                break
        author = plain_text(e.get("author", "") or "")
        source_detail = e.get("source") or {}
        source = ""
        if isinstance(source_detail, dict) and source_detail.get("title"):
            source = plain_text(source_detail["title"])  # RSS <source>: e.g. in news-search feeds
        source = source or feed_title or _domain(link) or _domain(url)
        guid = e.get("id") or ""
        if not (guid or link or title or summary or content):
            continue
        yield Entry(
            feed_url=url,
            identity=entry_identity(guid, link, title, content or summary, feed_url=url),
            url=link,
            title=title,
            summary=summary,
            content=content,
            author=author,
            published=_sane(published, now),
            source=source,
        )


# ---------------------------------------------------------------- JSON Feed 1.0 / 1.1


def _parse_json_feed(body: bytes, *, url: str, now: datetime) -> ParsedFeed:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as e:
        return ParsedFeed("", (), None, f"malformed JSON at line {e.lineno}: {e.msg}")
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        return ParsedFeed("", (), None, f"malformed JSON: {e}")
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        return ParsedFeed(
            "",
            (),
            None,
            "not a feed: JSON without a JSON Feed version "
            '(expected "version": "https://jsonfeed.org/version/1.1")',
        )
    assert isinstance(data, dict)
    title = _str(data.get("title"))
    feed_authors = _json_authors(data)
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed(title, (), None, 'malformed JSON Feed: "items" is not a list', "json")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        link = _str(item.get("url")) or _str(item.get("external_url"))
        link = urljoin(url, link) if link else ""
        item_title = plain_text(_str(item.get("title")))
        if item.get("content_html"):
            content = html_to_text(_str(item.get("content_html")))
        else:
            content = plain_text(_str(item.get("content_text")))
        summary = plain_text(_str(item.get("summary")))
        guid = item.get("id")
        guid_s = (
            str(guid) if isinstance(guid, str | int | float) and not isinstance(guid, bool) else ""
        )
        published = _iso(item.get("date_published")) or _iso(item.get("date_modified"))
        authors = _json_authors(item) or feed_authors
        if not (guid_s or link or item_title or summary or content):
            continue
        entries.append(
            Entry(
                feed_url=url,
                identity=entry_identity(guid_s, link, item_title, content or summary, feed_url=url),
                url=link,
                title=item_title,
                summary=summary,
                content=content,
                author=", ".join(authors),
                published=_sane(published, now),
                source=title or _domain(link) or _domain(url),
            )
        )
    short = "json" + version.rsplit("/", 1)[-1].replace(".", "")
    return ParsedFeed(title, tuple(entries), None, None, short)


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _json_authors(obj: dict[str, Any]) -> list[str]:
    names: list[str] = []
    authors = obj.get("authors")  # 1.1
    if isinstance(authors, list):
        names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
    author = obj.get("author")  # 1.0
    if not names and isinstance(author, dict):
        names = [_str(author.get("name"))]
    return [plain_text(n) for n in names if n]


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


# ---------------------------------------------------------------- many at once


def parse_feed_args(args: tuple[bytes, str, str, datetime]) -> ParsedFeed:
    """parse_feed(body, url=, content_type=, now=) from one picklable tuple, for executor.map and
    loop.run_in_executor(process_pool, parse_feed_args, (body, url, content_type, now))."""
    body, url, content_type, now = args
    return parse_feed(body, url=url, content_type=content_type, now=now)


def parse_many(
    items: Sequence[tuple[bytes, str, str]], *, now: datetime, executor: Executor | None = None
) -> list[ParsedFeed]:
    """Parse (body, url, content_type) triples, in a process pool when one is given.

    feedparser is pure Python and costs a few ms per feed, so a first poll of many feeds is
    CPU-bound; a ProcessPoolExecutor spreads it over the cores."""
    args = [(body, url, ctype, now) for body, url, ctype in items]
    if executor is None or len(args) < 2:
        return [parse_feed_args(a) for a in args]
    chunk = max(1, len(args) // 32)
    return list(executor.map(parse_feed_args, args, chunksize=chunk))


class ParsePool:
    """parse_feed in worker processes, for async callers: `await pool.parse(body, url=..., now=...)`.

    feedparser is pure Python (~5-15 ms of CPU per 20-entry feed here), so a first poll of many
    feeds is CPU-bound and parsing inline would also block the event loop. With workers=0 it
    parses inline (tests, tiny installs). At most `pending` feeds wait in the pool's queue; to
    bound memory, callers should also bound how many feeds are between fetch and parse at once
    (benchmarks/poll.py holds a semaphore of poll.concurrency around fetch+parse).
    A worker that dies (out of memory, a crash in a C extension) costs that feed an error, and
    the pool is rebuilt for the next one."""

    def __init__(self, workers: int = 2, *, pending: int | None = None):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = (
            ProcessPoolExecutor(workers) if workers > 0 else None
        )
        self._slots = asyncio.Semaphore(pending or max(2 * workers, 1))

    async def parse(
        self, body: bytes, *, url: str, content_type: str = "", now: datetime
    ) -> ParsedFeed:
        if self._pool is None:
            return parse_feed(body, url=url, content_type=content_type, now=now)
        async with self._slots:
            loop = asyncio.get_running_loop()
            try:
                return await loop.run_in_executor(
                    self._pool, parse_feed_args, (body, url, content_type, now)
                )
            except BrokenProcessPool as e:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = ProcessPoolExecutor(self.workers)
                return ParsedFeed(
                    "", (), None, f"the parser process died ({e}); will retry next poll"
                )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
