"""Feed bytes -> ParsedFeed: RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 via feedparser (plain RSS 2.0 and
Atom 1.0 through an lxml fast path with feedparser's exact results), JSON Feed 1.0/1.1 by hand."""

from __future__ import annotations

import asyncio
import ctypes
import html
import json
import logging
import multiprocessing
import multiprocessing.context
import os
import re
import resource
import signal
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import feedparser
import feedparser.api
import feedparser.datetimes
import feedparser.encodings
import feedparser.urls
import lxml.etree
import lxml.html
import pebble
from feedparser.html import _cp1252
from feedparser.util import FeedParserDict

from watchers.identity import entry_identity
from watchers.models import Entry

if TYPE_CHECKING:
    from watchers.config import PollConfig

log = logging.getLogger("storywatch.parse")


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


# ---------------------------------------------------------------- lxml fast path
#
# feedparser costs 5-15 ms of CPU per 20-entry feed, most of it in its pure-Python SAX handlers.
# For the common case, a well-formed RSS 2.0 or Atom 1.0 document made of elements whose meaning
# is known below, the same field values are computed from an lxml tree in a fraction of that.
# The rules mirror feedparser 6.0 (mixin.py, namespaces/_base.py) quirk for quirk: relative guids
# and Atom ids resolved against the feed URL and used as the link when there is none, the first
# non-empty title wins, latin-1/UTF-8 double decoding and cp1252 fix-ups, "summary" filled from
# content. Anything outside that subset (another format or version, a DOCTYPE or entity, xml:base,
# an element feedparser gives a meaning the rules do not model, markup inside a text field,
# namespace tricks, any XML or encoding doubt) returns None and feedparser parses the document.
# tests/test_parse_fast.py checks both paths give identical results on every accepted feed of
# feedparser's own test corpus and on generated feeds.

_FP = feedparser.api.StrictFeedParser  # asked which element names feedparser handles
_NS = {uri.lower(): prefix for uri, prefix in _FP.namespaces.items()}
_CANON_PREFIXES = frozenset(p for p in _NS.values() if p)
_ATOM_NS = "http://www.w3.org/2005/atom"
# Declaring these switches feedparser's version detection: leave such documents to it.
_VERSION_NS = frozenset({"http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/"})
_XMLNS_DECL = re.compile(rb"""\sxmlns(?::([^\s=/>]+))?\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PROLOG_DECL = re.compile(rb"<!(?!--)")
_FP_EMAIL = re.compile(
    r"""(([a-zA-Z0-9\_\-\.\+]+)@((\[[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([a-zA-Z0-9\-]+\.)+))([a-zA-Z]{2,4}|[0-9]{1,3})(\]?))(\?subject=\S+)?"""
)
_FP_ENTITY_LIKE = re.compile("&([A-Za-z0-9_]+);")
_FP_TYPES = {"text": "text/plain", "plain": "text/plain", "html": "text/html"}
_TEXT_TYPES = frozenset({"text/plain", "text/html"})
_DATE_KEYS = {
    "pubdate": "published_parsed",
    "published": "published_parsed",
    "issued": "published_parsed",
    "dcterms:issued": "published_parsed",
    "updated": "updated_parsed",
    "modified": "updated_parsed",
    "lastbuilddate": "updated_parsed",
    "dc:date": "updated_parsed",
    "dcterms:modified": "updated_parsed",
    "created": "created_parsed",
    "dcterms:created": "created_parsed",
}
_IMAGE_CHILDREN = frozenset({"title", "url", "link", "width", "height", "description"})
_TEXTINPUT_CHILDREN = frozenset({"title", "link", "description", "name"})
_AUTHOR_TAGS = frozenset({"author", "dc:creator", "dc:author", "itunes:author", "managingeditor"})
# Elements feedparser handles whose effects never reach a field read here (tags, enclosures,
# media objects, feed metadata); they must hold text only, except the nested ones listed.
_INERT = frozenset(
    "category comments enclosure cloud generator language copyright rights webmaster docs "
    "rating icon logo dc:subject dc:language dc:rights dc:publisher itunes:category "
    "itunes:explicit itunes:image itunes:link itunes:keywords itunes:block itunes:subtitle "
    "itunes:owner itunes:name itunes:email media:category media:keywords media:rating "
    "media:credit media:restriction media:license media:thumbnail media:content media:player "
    "media:group".split()
)
_NESTED = {
    "itunes:owner": frozenset({"itunes:name", "itunes:email"}),
    "itunes:category": frozenset({"itunes:category"}),
    "media:group": frozenset(
        "media:content media:thumbnail media:credit media:rating media:keywords media:category "
        "media:restriction media:license media:player".split()
    ),
    "media:content": frozenset(
        "media:thumbnail media:credit media:rating media:keywords media:category".split()
    ),
    "skiphours": frozenset({"hour"}),
    "skipdays": frozenset({"day"}),
}
# Keys feedparser itself uses: an unknown element of that name would overwrite them.
_FP_KEYS = frozenset(
    "title link links id guidislink summary content author authors author_detail contributors "
    "publisher published updated created expired source tags href image textinput enclosures "
    "license category subtitle rights info generator language cloud newlocation".split()
) | frozenset(FeedParserDict.keymap)


class _NotSimple(Exception):
    """The document leaves the subset the fast path models: feedparser must parse it."""


def _fp_fix(text: str) -> str:
    # feedparser's last steps for every text value: undo double UTF-8 decoding, map C1 controls
    # to their cp1252 characters.
    try:
        text = text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return text.translate(_cp1252)


def _attrs(el: Any) -> dict[str, str]:
    """feedparser's view of an element's attributes: local names lowercased, rel/type lowercased."""
    out: dict[str, str] = {}
    for key, value in el.attrib.items():
        local = key.rpartition("}")[2].lower()
        if local in out or local == "base":
            raise _NotSimple  # xml:base, or two attributes feedparser would merge
        out[local] = value.lower() if local in ("rel", "type") else value
    return out


def _text_only(el: Any) -> str:
    if len(el):
        raise _NotSimple  # markup inside a text field: feedparser's handling is stateful
    return el.text or ""


class _FastFeed:
    """One document's walk; mirrors the state feedparser's handlers keep (title_depth, hasContent)."""

    def __init__(self, root: Any, data: bytes, base: str, atom: bool):
        self.base = base
        self.atom = atom
        self.title_depth = -1
        self.has_content = False
        self.feed: dict[str, Any] = {}
        self.entries: list[dict[str, Any]] = []
        self.tags: dict[str, str] = {}
        self.unknown = self._declarations(data)
        self.root = root

    # -- names

    @staticmethod
    def _declarations(data: bytes) -> dict[str, str]:
        """The prefix per unknown namespace URI ("" when only declared as a default namespace);
        refuses prefix games feedparser resolves in declaration order."""
        by_prefix: dict[str, str] = {}
        unknown: dict[str, str] = {}
        default: set[str] = set()
        for m in _XMLNS_DECL.finditer(data):
            raw = m.group(2) if m.group(2) is not None else m.group(3)
            if b"&" in raw:
                raise _NotSimple
            uri = raw.decode("utf-8")
            low = uri.lower()
            if low in _VERSION_NS:
                raise _NotSimple
            known = _NS.get(low, "" if "backend.userland.com/rss" in low else None)
            if m.group(1) is None:
                if known is None:
                    default.add(uri)
                continue
            prefix = m.group(1).decode("utf-8").lower()
            if by_prefix.setdefault(prefix, uri) != uri:
                raise _NotSimple
            if known is None:
                if prefix in _CANON_PREFIXES or unknown.setdefault(uri, prefix) != prefix:
                    raise _NotSimple
            elif prefix in _CANON_PREFIXES and prefix != known:
                raise _NotSimple
        if default & set(unknown):
            raise _NotSimple  # feedparser's name would depend on declaration order
        # feedparser names elements of an unknown namespace declared only as a default one
        # without a prefix, like RSS's own ("post-id" in WordPress.com feeds).
        unknown.update((uri, "") for uri in default)
        return unknown

    def name(self, tag: Any) -> str:
        """feedparser's name for an element: "title", "dc:creator", "foo:bar" (lowercase)."""
        cached = self.tags.get(tag)
        if cached is not None:
            return cached
        if not isinstance(tag, str):
            raise _NotSimple
        if tag[0] != "{":
            name = tag.lower()
        else:
            ns, _, local = tag[1:].partition("}")
            low = ns.lower()
            prefix = _NS.get(low, "" if "backend.userland.com/rss" in low else None)
            if prefix is None:
                prefix = self.unknown.get(ns)
                if prefix is None:
                    raise _NotSimple
            name = f"{prefix.lower()}:{local.lower()}" if prefix else local.lower()
        self.tags[tag] = name
        return name

    @staticmethod
    def handled(name: str) -> bool:
        method = name.replace(":", "_")
        return hasattr(_FP, "_start_" + method) or hasattr(_FP, "_end_" + method)

    def check_inert(self, el: Any, name: str) -> None:
        """An element that changes nothing read here, with its subtree."""
        if name in _INERT or name in _NESTED:
            allowed = _NESTED.get(name, frozenset())
            for child in el:
                child_name = self.name(child.tag)
                if child_name not in allowed:
                    raise _NotSimple
                self.check_inert(child, child_name)
            _attrs(el)
            return
        if self.handled(name):
            raise _NotSimple
        key = name.replace(":", "_")
        if ":" not in name and (key in _FP_KEYS or key.endswith(("_parsed", "_detail"))):
            raise _NotSimple
        for child in el:  # unknown elements inside unknown elements: inert too
            child_name = self.name(child.tag)
            if child_name in _INERT or child_name in _NESTED or child_name == "ttl":
                raise _NotSimple
            self.check_inert(child, child_name)
        _attrs(el)

    # -- feedparser's pop(): the value of a text element

    def uri(self, value: str) -> str:
        return _fp_urljoin(self.base, value)

    def value(self, el: Any, *, uri: bool = False) -> str:
        out = _text_only(el).strip()
        if uri and out:
            out = self.uri(out)
        return _fp_fix(out)

    def content_type(self, attrs: dict[str, str], default: str) -> str:
        if "mode" in attrs or "src" in attrs:
            raise _NotSimple
        kind = attrs.get("type", default).lower()
        kind = _FP_TYPES.get(kind, kind)
        if kind not in _TEXT_TYPES:
            raise _NotSimple  # xhtml, base64 and other content types
        return kind

    def typed_value(self, el: Any, kind: str) -> tuple[str, str]:
        out = self.value(el)
        if not self.atom and kind == "text/plain" and _FP.looks_like_html(out):
            kind = "text/html"
        return out, kind

    def title(self, el: Any, depth: int, ctx: dict[str, Any]) -> None:
        attrs = _attrs(el)
        self.content_type(attrs, "text/plain")
        value = self.value(el)
        if not -1 < self.title_depth <= depth:
            ctx["title"] = value
        if value:
            self.title_depth = depth

    # -- documents

    def rss(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        attrs = _attrs(self.root)
        if not attrs.get("version", "").startswith("2.") or len(self.root) != 1:
            raise _NotSimple
        channel = self.root[0]
        if self.name(channel.tag) != "channel" or {"href", "lastmod", "about"} & set(
            _attrs(channel)
        ):
            raise _NotSimple
        if (self.root.text or "").strip() or (channel.tail or "").strip():
            raise _NotSimple
        self.container(channel, depth=3)
        return self.feed, self.entries

    def atom_feed(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        _attrs(self.root)
        self.container(self.root, depth=2)
        return self.feed, self.entries

    def container(self, parent: Any, depth: int) -> None:
        """Children of <channel> or Atom <feed>."""
        entry_tag = "entry" if self.atom else "item"
        for el in parent:
            name = self.name(el.tag)
            if name == entry_tag:
                self.entry(el, depth)
            elif name == "title":
                self.title(el, depth, self.feed)
            elif name == "ttl":
                if _attrs(el):
                    raise _NotSimple
                self.feed["ttl"] = self.value(el)
            elif name in ("image", "textinput") and not self.atom:
                # Other children would end feedparser's "inside <image>" state early.
                self.title_depth = -1
                allowed = _IMAGE_CHILDREN if name == "image" else _TEXTINPUT_CHILDREN
                _attrs(el)
                sub: dict[str, Any] = {}
                for child in el:
                    child_name = self.name(child.tag)
                    if child_name not in allowed or _attrs(child):
                        raise _NotSimple
                    if child_name == "title":
                        self.title(child, depth + 1, sub)
                    else:
                        _text_only(child)
            elif name in ("author", "contributor") and self.atom or name == "managingeditor":
                for child in el:
                    if self.name(child.tag) not in ("name", "email", "uri") or _attrs(child):
                        raise _NotSimple
                    _text_only(child)
                _attrs(el)
            elif name in ("link", "description", "subtitle", "id", "dc:creator", "dc:date"):
                _text_only(el)
                _attrs(el)
            elif name in _DATE_KEYS or name == "itunes:author":
                _text_only(el)
                _attrs(el)
            elif name in ("summary", "content", "content:encoded", "itunes:summary", entry_tag):
                raise _NotSimple
            else:
                self.check_inert(el, name)

    def entry(self, el: Any, depth: int) -> None:
        attrs = _attrs(el)
        if {"href", "lastmod", "about"} & set(attrs):
            raise _NotSimple
        e: dict[str, Any] = {}
        self.entries.append(e)
        self.title_depth = -1
        guidislink = False
        summaries = (
            ("summary",) if self.atom else ("description", "dc:description", "media:description")
        )
        for child in el:
            name = self.name(child.tag)
            if name in ("title", "dc:title"):
                self.title(child, depth + 1, e)
            elif name == "media:title":
                saved = self.title_depth  # _end_media_title leaves title_depth as it was
                self.title(child, depth + 1, e)
                self.title_depth = saved
            elif name == "link":
                self.link(child, e)
            elif name in ("guid", "id"):
                guidislink = _attrs(child).get("ispermalink", "true") == "true"
                value = _text_only(child).strip()
                if value and guidislink:
                    value = self.uri(value)
                value = _fp_fix(value)
                e["id"] = value
                if guidislink:
                    e.setdefault("link", value)
            elif name in _DATE_KEYS:
                _attrs(child)
                e[_DATE_KEYS[name]] = _fp_parse_date(self.value(child))
            elif name in summaries:
                attrs = _attrs(child)
                if "summary" in e and not self.has_content:
                    # feedparser reads a second summary as content (_start_content), text/plain
                    # unless typed; the summary stays.
                    self.has_content = True
                    value, kind = self.typed_value(child, self.content_type(attrs, "text/plain"))
                    e.setdefault("content", []).append({"type": kind, "value": value})
                    continue
                kind = self.content_type(attrs, "text/plain" if self.atom else "text/html")
                value, kind = self.typed_value(child, kind)
                e["summary"] = value
                e["summary_detail"] = {"type": kind}
            elif name == ("content" if self.atom else "content:encoded"):
                self.has_content = True
                kind = self.content_type(_attrs(child), "text/plain" if self.atom else "text/html")
                value, kind_after = self.typed_value(child, kind)
                e.setdefault("content", []).append({"type": kind_after, "value": value})
                e.setdefault("summary", value)  # copyToSummary: type is text/plain or text/html
            elif name in _AUTHOR_TAGS:
                self.author(child, e)
            elif name == "source" and not self.atom:
                self.title_depth = -1
                href = _attrs(child).get("url")
                value = self.value(child)
                e["source"] = {"href": href} if href is not None else {}
                if value:
                    e["source"]["title"] = value
            elif name == "contributor" and self.atom:
                for sub in child:
                    if self.name(sub.tag) not in ("name", "email", "uri") or _attrs(sub):
                        raise _NotSimple
                    _text_only(sub)
                _attrs(child)
            elif name in (
                "summary",
                "description",
                "dc:description",
                "media:description",
                "content",
                "content:encoded",
                "source",
                "image",
                "textinput",
                "ttl",
                "item",
                "entry",
                "itunes:owner",  # _save_author() writes the owner's name into the entry's authors
            ):
                raise _NotSimple
            else:
                self.check_inert(child, name)
        self.has_content = False

    def link(self, el: Any, e: dict[str, Any]) -> None:
        attrs = _attrs(el)
        if len(el):
            raise _NotSimple
        attrs.setdefault("rel", "alternate")
        attrs.setdefault("type", "application/atom+xml" if attrs["rel"] == "self" else "text/html")
        href = attrs.get("url", attrs.get("uri", attrs.get("href")))
        if href:
            attrs["href"] = href
        if "href" in attrs:
            href = self.uri(attrs["href"])
            if attrs["rel"] == "alternate" and _FP.map_content_type(attrs["type"]) in (
                "application/xhtml+xml",
                "text/html",
            ):
                e["link"] = href
            return
        value = self.value(el, uri=True)
        value = value.replace("&amp;", "&")
        e["link"] = _FP_ENTITY_LIKE.sub(r"&\g<1>", value)

    def author(self, el: Any, e: dict[str, Any]) -> None:
        """_start_author/_end_name/_end_email/_end_url/_end_author, step for step."""
        _attrs(el)
        e.setdefault("authors", []).append({})
        pieces = [el.text or ""]
        for child in el:
            name = self.name(child.tag)
            if not self.atom or name not in ("name", "email", "uri") or _attrs(child):
                raise _NotSimple
            pieces.append(child.tail or "")
            raw = _text_only(child).strip()
            if name == "uri":
                value = _fp_fix(self.uri(raw) if raw else raw)
                e["href"] = value
                _fp_save_author(e, "href", value)
            else:
                _fp_save_author(e, name, raw)
        e["author"] = _fp_fix("".join(pieces).strip())
        _fp_sync_author(e)


# An absolute http(s) URL that urllib's urljoin gives back unchanged (lowercase scheme, a plain
# host, no params, empty query or fragment, whitespace or control characters): the usual link,
# spared the ~15 us of urljoin. tests/test_parse_fast.py checks the shortcut against feedparser.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9][A-Za-z0-9.\-]*(?::[0-9]+)?"
    r"(?:/[A-Za-z0-9\-._~%!$&'()*+,=:@/]*)?(?:\?[A-Za-z0-9\-._~%!$&'()*+,;=:@/?]+)?\Z"
)


def _fp_urljoin(base: str, uri: str) -> str:
    if _PLAIN_URL.match(uri):
        return uri
    return str(feedparser.urls._urljoin(base, uri))


def _fp_parse_date(value: str) -> Any:
    return feedparser.datetimes._parse_date(value)


def _fp_save_author(ctx: dict[str, Any], key: str, value: str) -> None:
    ctx.setdefault("author_detail", {})[key] = value
    _fp_sync_author(ctx)
    ctx.setdefault("authors", [{}])
    ctx["authors"][-1][key] = value


def _fp_sync_author(ctx: dict[str, Any]) -> None:
    # feedparser's _sync_author_detail, including its mutation of the last author's details.
    detail = ctx.get("authors", [{}])[-1]
    if detail:
        name, email = detail.get("name"), detail.get("email")
        if name and email:
            ctx["author"] = f"{name} ({email})"
        elif name:
            ctx["author"] = name
        elif email:
            ctx["author"] = email
        return
    author, email = ctx.get("author"), None
    if not author:
        return
    match = _FP_EMAIL.search(author)
    if match:
        email = match.group(0)
        author = author.replace(email, "").replace("()", "").replace("<>", "")
        author = author.replace("&lt;&gt;", "").strip()
        if author and author[0] == "(":
            author = author[1:]
        if author and author[-1] == ")":
            author = author[:-1]
        author = author.strip()
    if author or email:
        ctx.setdefault("author_detail", detail)
    if author:
        detail["name"] = author
    if email:
        detail["email"] = email


def _lxml_parser() -> lxml.etree.XMLParser:
    # No DTD, no entity expansion, no network, libxml2's default depth and size limits.
    return lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


_MAX_FAST_BYTES = 10_000_000


def _parse_fast(
    body: bytes, *, url: str, content_type: str
) -> tuple[dict[str, Any], list[dict[str, Any]], str] | None:
    """(feed, entries, version) as feedparser would give them, or None: use feedparser."""
    if len(body) > _MAX_FAST_BYTES:
        return None
    head = body[:2048]
    if b"<rss" not in head and b"<feed" not in head:
        return None
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    result: dict[str, Any] = {}
    try:
        data = feedparser.encodings.convert_to_utf8(headers, body, result)
    except Exception:
        return None
    exc = result.get("bozo_exception")
    if (
        not result.get("encoding")
        or exc is not None
        and not isinstance(exc, feedparser.NonXMLContentType)
    ):
        return None
    start = re.search(rb"<\w", data)
    if start is None or _PROLOG_DECL.search(data, 0, start.start()):
        return None  # a DOCTYPE or ENTITY declaration: feedparser rewrites those
    # feedparser's base URI after its first start tag; it must not move after that.
    fixed = feedparser.urls.make_safe_absolute_uri(url, url) or url
    if (feedparser.urls.make_safe_absolute_uri(fixed, fixed) or fixed) != fixed:
        return None
    parser = _lxml_parser()
    try:
        root = lxml.etree.fromstring(data, parser)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if len(parser.error_log):
        return None
    try:
        tag = root.tag
        if tag == "rss":
            walk = _FastFeed(root, data, fixed, atom=False)
            feed, entries = walk.rss()
            return feed, entries, "rss20"
        if isinstance(tag, str) and tag.lower() == "{" + _ATOM_NS + "}feed":
            walk = _FastFeed(root, data, fixed, atom=True)
            feed, entries = walk.atom_feed()
            return feed, entries, "atom10"
    except (_NotSimple, RecursionError, UnicodeDecodeError):
        return None
    return None


# ---------------------------------------------------------------- hostile documents
#
# A feed is text from a stranger. XML lets it declare entities that expand when referenced: a
# 150 KB feed declaring a 100 KB entity and referencing it 10,000 times asks for 1 GB of text.
# expat refuses it (its amplification limit), and feedparser then hands the document to its
# lenient parser, which expands every reference (3 GB of memory, ~20 s of CPU). The scan below
# refuses such documents before any parser sees them; ParsePool's budget (memory and seconds per
# parse, in a worker process) holds for whatever the scan does not foresee.

# <!ENTITY name "value"> and <!ENTITY % name 'value'> (external entities have no value here:
# no parser used on this path fetches them).
_ENTITY_DECL = re.compile(rb"""<!ENTITY\s+(%\s+)?([^\s"'%&;<>]+)\s+(?:"([^"]*)"|'([^']*)')""")
_ENTITY_REF = re.compile(rb"[&%][^\s&%;<>\"']{1,200};")
# Characters that declared entities may add to a document before the parse is refused. Real
# feeds declare a few short ones (&nbsp; -> &#160;), which stay far below it.
ENTITY_EXPANSION_LIMIT = 1_000_000
_NESTING_LIMIT = 32


def too_expensive(reason: str) -> str:
    return f"feed too expensive to parse: {reason}; the feed may be hostile"


_OUT_OF_MEMORY = too_expensive("it needs more memory than allowed")


def entity_expansion_error(body: bytes) -> str | None:
    """Why the entities a document declares would expand beyond ENTITY_EXPANSION_LIMIT, or None.

    Linear in the document: one pass for the declarations, one for the references; nested
    entities (billion laughs) multiply, a cycle or nesting deeper than 32 counts as unbounded."""
    if b"<!ENTITY" not in body:
        return None
    values: dict[bytes, bytes] = {}
    for m in _ENTITY_DECL.finditer(body):
        ref = (b"%" if m.group(1) else b"&") + m.group(2) + b";"
        value = m.group(3) if m.group(3) is not None else m.group(4)
        values.setdefault(ref, value)
    if not values:
        return None
    sizes: dict[bytes, float] = {}

    def size(ref: bytes, depth: int) -> float:
        if ref in sizes:
            return sizes[ref]
        if depth > _NESTING_LIMIT:
            return float("inf")
        sizes[ref] = float("inf")  # until computed: a reference back to it is a cycle
        value = values[ref]
        total = float(len(value))
        for inner in _ENTITY_REF.findall(value):
            if inner in values:
                total += size(inner, depth + 1) - len(inner)
        sizes[ref] = total
        return total

    uses: dict[bytes, int] = {}
    for ref in _ENTITY_REF.findall(_ENTITY_DECL.sub(b"", body)):  # references in the document
        if ref in values:
            uses[ref] = uses.get(ref, 0) + 1
    costs = {ref: n * max(size(ref, 0) - len(ref), 0.0) for ref, n in uses.items()}
    total = sum(costs.values())
    if total <= ENTITY_EXPANSION_LIMIT:
        return None
    worst = max(costs, key=lambda r: costs[r])
    name = worst.decode("utf-8", "replace")[:60]
    amount = "without bound" if total == float("inf") else f"to about {int(total):,} characters"
    return too_expensive(
        f"its DOCTYPE declares the entity {name} ({len(values[worst]):,} characters"
        f"{', nesting others' if _ENTITY_REF.search(values[worst]) else ''}) and references it "
        f"{uses[worst]:,} time{'s' if uses[worst] != 1 else ''}, which would expand {amount} "
        f"(the limit is "
        f"{ENTITY_EXPANSION_LIMIT:,}; ask the publisher to drop the entity declarations)"
    )


def _bounded_output(parsed: ParsedFeed, body_size: int) -> ParsedFeed:
    """Refuse a result whose text is far larger than the document (entity expansion the scan
    missed): it would be copied to the service process and stored."""
    limit = 4 * body_size + 65_536  # summary copied from content, title: a few times the body
    chars = len(parsed.title)
    for e in parsed.entries:
        chars += len(e.title) + len(e.summary) + len(e.content) + len(e.author)
        if chars > limit:
            return ParsedFeed(
                "",
                (),
                None,
                too_expensive(
                    f"its text would be over {chars:,} characters from {body_size:,} bytes"
                ),
                parsed.version,
            )
    return parsed


# ---------------------------------------------------------------- entry point


def parse_feed(
    body: bytes, *, url: str, content_type: str = "", now: datetime, entity_check: bool = True
) -> ParsedFeed:
    """Parse a fetched feed. Never raises: problems go to `error`, with whatever entries survived.

    `entity_check=False` skips the entity-expansion scan (benchmarks/hostile.py and the tests use
    it to show that ParsePool's budget holds without it)."""
    try:
        parsed = _parse(
            body,
            url=url,
            content_type=content_type or "",
            now=now,
            fast=True,
            entity_check=entity_check,
        )
    except MemoryError:
        # Under ParsePool's RLIMIT_AS a hostile document ends here instead of in the OOM killer.
        return ParsedFeed("", (), None, _OUT_OF_MEMORY)
    except Exception as e:  # the contract is "never raises": a parser bug must not end a poll
        return ParsedFeed("", (), None, f"could not parse the feed: {type(e).__name__}: {e}")
    return _bounded_output(parsed, len(body))


def parse_feed_reference(
    body: bytes, *, url: str, content_type: str = "", now: datetime
) -> ParsedFeed:
    """parse_feed without the lxml fast path: feedparser for every RSS/Atom document. The
    yardstick the fast path is tested against (tests/test_parse_fast.py)."""
    try:
        return _parse(
            body, url=url, content_type=content_type or "", now=now, fast=False, entity_check=True
        )
    except Exception as e:
        return ParsedFeed("", (), None, f"could not parse the feed: {type(e).__name__}: {e}")


def fast_path_accepts(body: bytes, *, url: str, content_type: str = "") -> bool:
    """Whether parse_feed reads this document with lxml rather than feedparser."""
    if _is_json(body, content_type or ""):
        return False
    try:
        return _parse_fast(body, url=url, content_type=content_type or "") is not None
    except Exception:
        return False


def _parse(
    body: bytes, *, url: str, content_type: str, now: datetime, fast: bool, entity_check: bool
) -> ParsedFeed:
    if not body or not body.strip():
        return ParsedFeed("", (), None, "empty response: the server sent no content")
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if _is_json(body, content_type):
        return _parse_json_feed(body, url=url, now=now)
    if entity_check:
        refused = entity_expansion_error(body)
        if refused:
            return ParsedFeed("", (), None, refused)
    quick = _parse_fast(body, url=url, content_type=content_type) if fast else None
    if quick is not None:
        feed, raw_entries, version = quick
        d: dict[str, Any] = {"bozo": False}
    else:
        headers = {"content-location": url}
        if content_type:
            headers["content-type"] = content_type
        # Plain text is all we keep, so feedparser's HTML sanitising and URI rewriting are wasted work.
        d = feedparser.parse(
            body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
        feed = d.get("feed", {})
        raw_entries = d.get("entries", [])
        version = d.get("version", "") or ""
    title = html_to_text(feed.get("title", "")) if feed.get("title") else ""
    entries = tuple(_entries_from_feedparser(raw_entries, url=url, feed_title=title, now=now))
    ttl = _ttl(feed.get("ttl"))
    error = None
    if not version and not entries:
        if _looks_html(head, content_type):
            error = "not a feed: the server sent an HTML page (did you mean the site's RSS link?)"
            advertised = _advertised_feed(body, url)
            if advertised:
                error += f"; the page advertises a feed at {advertised}"
        elif not head.startswith(b"<"):
            # Say what it is, never what it says: the bytes of an answer (an intranet page behind a
            # redirect, a token) must not reach status, logs or the admins' chat.
            kind = f" ({content_type.split(';')[0].strip()})" if content_type else ""
            sample = body[:4096]
            try:
                sample.decode("utf-8")
                what = "binary data" if b"\0" in sample else "text"
            except UnicodeDecodeError as e:
                # A multi-byte character cut off by the sample's end is still text.
                what = "text" if e.start >= len(sample) - 3 else "binary data"
            error = (
                f"not a feed: the response{kind} is neither XML nor JSON "
                f"({len(body):,} bytes of {what}); check that the URL is the feed's"
            )
        elif d.get("bozo"):
            error = _bozo_message(d.get("bozo_exception"))
        else:
            error = "not a feed: no RSS, Atom or JSON Feed document found"
    elif d.get("bozo") and _serious(d.get("bozo_exception")):
        error = _bozo_message(d.get("bozo_exception"))
    return ParsedFeed(title, entries, ttl, error, version)


def _is_json(body: bytes, content_type: str) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" in content_type.lower() or head.startswith((b"{", b"["))


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
            # dict.get: FeedParserDict.get("updated_parsed") falls back to published_parsed
            # with a DeprecationWarning.
            published = _struct_to_dt(dict.get(e, key))
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

    Parsing costs a few ms of CPU per feed, so a first poll of many feeds is CPU-bound; a
    ProcessPoolExecutor spreads it over the cores."""
    args = [(body, url, ctype, now) for body, url, ctype in items]
    if executor is None or len(args) < 2:
        return [parse_feed_args(a) for a in args]
    chunk = max(1, len(args) // 32)
    return list(executor.map(parse_feed_args, args, chunksize=chunk))


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it dies.

    A service killed with SIGKILL cannot shut its pool down; without this its workers would live
    on, holding its stdout/stderr open. Linux only (prctl PR_SET_PDEATHSIG); elsewhere a no-op."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before prctl took effect
        os._exit(0)


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux /proc), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _worker_init(parent: int, memory_bytes: int | None) -> None:
    """Worker initializer: die with the parent, and cap the worker's address space at what it
    holds once started (interpreter, lxml, feedparser) plus the parse budget. Past the cap an
    allocation fails: a MemoryError that parse_feed turns into the feed's error, or at worst
    the worker's death, never the machine's memory (RLIMIT_AS; where /proc is missing, no cap)."""
    _die_with_parent(parent)
    base = _address_space()
    if memory_bytes is None or base is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = base + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class _OverCPU(BaseException):
    """Raised by SIGPROF in a worker whose parse used up its CPU seconds. A BaseException, so the
    parsers' own `except Exception` blocks (and parse_feed's) do not swallow it."""


def _over_cpu(signum: int, frame: Any) -> None:
    raise _OverCPU


def _parse_task(
    body: bytes, url: str, content_type: str, now: datetime, entity_check: bool, budget: ParseBudget
) -> ParsedFeed:
    """parse_feed in a worker, stopped after budget.seconds of CPU time (ITIMER_PROF: CPU, not
    wall-clock, so a busy machine does not fail big but honest feeds; ParsePool's wall-clock
    timeout catches what a signal cannot interrupt)."""
    signal.signal(signal.SIGPROF, _over_cpu)
    signal.setitimer(signal.ITIMER_PROF, budget.seconds)
    try:
        parsed = parse_feed(
            body, url=url, content_type=content_type, now=now, entity_check=entity_check
        )
        if parsed.error == _OUT_OF_MEMORY:  # name the budget it ran out of
            return replace(parsed, error=too_expensive(str(budget)))
        return parsed
    except _OverCPU:
        return ParsedFeed("", (), None, too_expensive(str(budget)))
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


@dataclass(frozen=True)
class ParseBudget:
    """What parsing one feed may take: memory on top of the worker's own, and seconds of CPU
    time (3x that plus 5 s of wall-clock time at most)."""

    memory_mb: int = 256
    seconds: float = 5.0

    @classmethod
    def from_config(cls, poll: PollConfig) -> ParseBudget:
        return cls(poll.parse_memory_mb, poll.parse_seconds)

    def __str__(self) -> str:
        return f"over {self.memory_mb} MB / {self.seconds:g} s"


class ParsePool:
    """parse_feed in worker processes, under a budget, for async callers:
    `await pool.parse(body, url=..., now=...)`.

    Every parse runs in a worker whose address space is capped (RLIMIT_AS: the worker's own size
    plus budget.memory_mb) and is given budget.seconds of CPU time (SIGPROF ends the parse);
    a worker still busy after 3x that plus 5 s of wall-clock time is killed and replaced
    (pebble). The feed gets "feed too expensive to parse: over 256 MB / 5 s; the feed may be
    hostile". Other feeds, parsed by other workers or queued, are not
    affected, and the event loop only waits on a future. A worker that dies (a crash in a C
    extension) costs that feed an error, and is replaced too.

    Parsing costs ~2-4 ms of CPU per 20-entry feed on the lxml fast path and ~5-15 ms through
    feedparser (pure Python), so a first poll of many feeds is CPU-bound: the workers spread it
    over the cores. At most `pending` feeds wait in the pool's queue; to bound memory, callers
    should also bound how many feeds are between fetch and parse at once (benchmarks/poll.py
    holds a semaphore of poll.concurrency around fetch+parse). workers=0 parses inline, with no
    budget: for tests and benchmarks over trusted bytes only."""

    def __init__(
        self,
        workers: int = 2,
        *,
        budget: ParseBudget | None = None,
        pending: int | None = None,
        context: multiprocessing.context.BaseContext | None = None,
    ):
        self.workers = workers
        self.budget = budget or ParseBudget()
        # Spawned by default: fresh interpreters that are direct children of this process (so
        # they end with it), not forks of it and whatever threads it has running.
        self._context = context or multiprocessing.get_context("spawn")
        self._pool: pebble.ProcessPool | None = self._new_pool() if workers > 0 else None
        self._slots = asyncio.Semaphore(pending or max(2 * workers, 1))

    @classmethod
    def from_config(cls, poll: PollConfig, **kwargs: Any) -> ParsePool:
        """The pool `run` and `poll --once` parse with: poll.parse_workers processes, each parse
        within poll.parse_memory_mb and poll.parse_seconds."""
        return cls(poll.parse_workers, budget=ParseBudget.from_config(poll), **kwargs)

    def use_budget(self, budget: ParseBudget) -> None:
        """Parse with this budget from now on (watchers.pipeline.poll passes the config's on
        every poll, so a reloaded config takes effect): workers started under another memory
        cap are replaced."""
        if budget == self.budget:
            return
        self.budget = budget
        if self._pool is not None:
            self._rebuild()

    def _new_pool(self) -> pebble.ProcessPool:
        return pebble.ProcessPool(
            self.workers,
            # A worker is replaced now and then, so whatever a parse left in its heap is returned.
            max_tasks=500,
            initializer=_worker_init,
            initargs=(os.getpid(), self.budget.memory_mb * 2**20),
            context=self._context,
        )

    async def parse(
        self,
        body: bytes,
        *,
        url: str,
        content_type: str = "",
        now: datetime,
        entity_check: bool = True,
    ) -> ParsedFeed:
        if self._pool is None:
            return parse_feed(
                body, url=url, content_type=content_type, now=now, entity_check=entity_check
            )
        async with self._slots:
            args = (body, url, content_type, now, entity_check, self.budget)
            # The CPU budget is kept inside the worker; this wall-clock limit is the backstop
            # for what a signal cannot interrupt (a long call in C), with room for a busy machine.
            wall = self.budget.seconds * 3 + 5
            try:
                future = self._pool.schedule(_parse_task, args=args, timeout=wall)
            except RuntimeError:  # the pool broke (see below) since it was last used
                self._rebuild()
                future = self._pool.schedule(_parse_task, args=args, timeout=wall)
            started = time.monotonic()
            try:
                return await asyncio.wrap_future(future)
            except TimeoutError:
                log.warning(
                    "parse_over_budget feed=%s seconds=%.1f budget=%r (the worker was replaced)",
                    url,
                    time.monotonic() - started,
                    str(self.budget),
                )
                return ParsedFeed("", (), None, too_expensive(str(self.budget)))
            except pebble.ProcessExpired as e:
                log.warning("parse_worker_died feed=%s exitcode=%s", url, e.exitcode)
                return ParsedFeed(
                    "",
                    (),
                    None,
                    too_expensive(
                        f"the parser process died while reading it (exit code {e.exitcode}; "
                        f"the budget is {self.budget.memory_mb} MB / {self.budget.seconds:g} s)"
                    ),
                )
            except BrokenProcessPool as e:
                self._rebuild()
                return ParsedFeed(
                    "", (), None, f"the parser processes failed ({e}); will retry next poll"
                )

    def _rebuild(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join(timeout=5)
        self._pool = self._new_pool()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()  # ends the workers now, a parse in progress with them
            self._pool.join(timeout=5)
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
