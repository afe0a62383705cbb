"""Article text for an entry: the feed's full content, else the page's main text (trafilatura), else the summary."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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
        text, author = await asyncio.to_thread(
            page_text, result.body, result.content_type, title=entry.title
        )
    except Exception as e:  # trafilatura on hostile HTML: the summary is still a fine answer
        return fallback(f"text extraction failed: {type(e).__name__}: {e}")
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


def page_text(body: bytes | str, content_type: str = "", *, title: str = "") -> tuple[str, str]:
    """The main text of an HTML page as the pipeline takes it, and the author its metadata names.

    Paragraphs are joined by "\\n\\n", list items are "• " lines (a fact box keeps its items),
    table rows are " | "-joined lines; page furniture (newsletter and community blurbs, share and
    comment prompts, image credits, "this is a developing story", ...) is dropped line by line, and
    so is a first line repeating the title."""
    raw, author = _extract(body, content_type)
    return _drop_leading_title(drop_furniture(raw), title), author


def _extract(body: bytes | str, content_type: str) -> tuple[str, str]:
    """trafilatura's main text (paragraphs, "• " items) and the page's author."""
    import trafilatura  # heavy (~0.3 s); only the page path needs it
    from trafilatura.utils import load_html

    html = _decode(body, content_type) if isinstance(body, bytes) else body
    tree = load_html(html)
    if tree is None:
        return "", ""
    _keep_fact_boxes(tree)
    doc: Any = trafilatura.bare_extraction(tree, with_metadata=True, **EXTRACT_OPTIONS)
    if doc is None:
        return "", ""
    raw = getattr(doc, "text", None) or ""
    author = getattr(doc, "author", None) or ""
    return _paragraphs(raw), author


# trafilatura's options for the page text. Tables are kept: fact boxes are often tables.
EXTRACT_OPTIONS: dict[str, Any] = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}


# An <aside> is furniture to trafilatura, but outlets put their fact boxes ("Key numbers: ...")
# in one. One that holds a list, a table or a definition list, has few links and no furniture
# class becomes a <div>, so it is judged like the text around it.
_FURNITURE_CLASS = re.compile(
    r"newsletter|subscri|signup|sign-up|promo|advert|\bads?\b|share|social|related|recommend|"
    r"comment|popular|trending|most-read|teaser|author|bio|nav|menu|sidebar|widget|cookie|consent",
    re.I,
)


def _keep_fact_boxes(tree: Any) -> None:
    for aside in tree.iter("aside"):
        if _FURNITURE_CLASS.search(f"{aside.get('class', '')} {aside.get('id', '')}"):
            continue
        if next(aside.iter("li", "tr", "dd"), None) is None:
            continue
        text = " ".join(aside.itertext()).split()
        linked = sum(len(" ".join(a.itertext()).split()) for a in aside.iter("a"))
        if text and linked * 3 < len(text):
            aside.tag = "div"


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


# ---------------------------------------------------------------- page furniture, line by line

# Lines that are an outlet's furniture: each pattern names a promo, a prompt or a credit, not an
# event. Searched anywhere in a line (a paragraph or list item) of at most LONG_LINE_WORDS words:
# a promo is a sentence or two, and a long paragraph that merely mentions a newsletter is kept.
_FURNITURE = re.compile(
    r"""(
    \b(join|follow)\b.{0,60}\b(whatsapp|telegram|signal|viber)\b
    | \b(whatsapp|telegram)\s+(channel|community|group)\b
    | \b(our|the)\s+community\s+members?\b.{0,40}\b(offers?|treated|benefits?|perks?)\b
    | \bspecial\s+offers\b.{0,80}\b(members?|subscribers?|partners?|readers?)\b
    | \b(sign\s+up|subscribe|register)\b.{0,80}\b(newsletters?|inbox|briefing|bulletin)\b
    | \bnewsletters?\b.{0,60}\b(sign\s+up|subscribe|inbox|delivered|straight\s+to|every\s+(morning|day|week))\b
    | \b(get|receive)\s+(our|the)\s+(free\s+)?(daily|weekly|morning|evening)?\s*(newsletter|briefing|bulletin)\b
    | \b(enter|your)\s+(a\s+valid\s+)?e-?mail(\s+address)?\b.{0,60}\b(subscri|sign|newsletter|inbox)
    | \bthank\s+you\s+for\s+(subscribing|signing\s+up)\b
    | \bthis\s+is\s+a\s+(developing|breaking)\s+(news\s+)?story\b
    | \b(this|the)\s+(story|article|report|page)\s+(is\s+developing|will\s+be\s+updated|has\s+been\s+updated\s+with)\b
    | \bcheck\s+back\s+(later|soon|for\s+updates)\b | \bmore\s+(details|information)\s+to\s+follow\b
    | \b(this|the)\s+feature\s+is\s+(currently\s+|temporarily\s+)?(unavailable|not\s+available)\b
    | \bwe\W?re\s+sorry,?\s+(but\s+)?(this|the)\s+(feature|content|video|page)\b
    | \b(enable|turn\s+on)\s+javascript\b | \byour\s+browser\s+does\s+not\s+support\b
    | \bdownload\s+(our|the)\b.{0,40}\bapp\b | \bget\s+the\s+(free\s+)?[\w\s]{0,30}\bapp\b
    | \bshare\s+(this|the|on|via)\b.{0,40}\b(article|story|post|page|facebook|twitter|x|whatsapp|email|linkedin)\b
    | \b(leave|post|add)\s+a\s+comment\b | \bcomments?\s+(are|is|have\s+been)\s+(closed|open|disabled)\b
    | \bjoin\s+the\s+(conversation|discussion|debate)\b | \blet\s+us\s+know\s+in\s+the\s+comments\b
    | \b(view|show|load|read)\s+(all\s+)?\d*\s*comments\b | \bcomment\s+on\s+this\s+(story|article)\b
    | \b(already\s+a\s+(subscriber|member)|subscribe\s+now|subscribe\s+(today|for)|log\s+in\s+to\s+(continue|read|comment))\b
    | \b(support|fund)\s+(our|independent)\s+(journalism|reporting|work)\b | \bbecome\s+a\s+(member|subscriber|supporter)\b
    | \bwould\s+you\s+consider\s+supporting\b | \byou\s+have\s+\w+\s+free\s+articles?\b
    | \bstory\s+continues\s+(below|after)\b | \bskip\s+(advertisement|ad)\b
    | \b(this\s+(article|story|post)\s+(was\s+)?(first|originally)\s+(published|appeared))\b
    | ^follow\b.{0,80}\b(facebook|twitter|instagram|linkedin|youtube|tiktok|bluesky|threads)\b
    | ^(photograph|photo|foto|image|bild|picture|illustration|credit|graphic|video)s?\s*(\(\w+\)\s*)?:\s*\S
    | ^(image|photo|picture|video)\s+(source|caption|credit)s?\b
    | [/|]\s*(getty\s+images|reuters|afp|ap|epa|shutterstock|alamy|pa(\s+media|\s+wire)?)\s*\)?\.?$
    | \((photo|image|picture|file\s+photo)?\s*:?\s*(getty\s+images|reuters|afp|ap\s+photo|epa|shutterstock)[^)]{0,40}\)\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
LONG_LINE_WORDS = 45
# Lines that are furniture when they are short (a heading, a button, a label, a byline, a
# credit); a longer line that merely starts with these words is kept.
_SHORT_FURNITURE = re.compile(
    r"""^(
    advertisement | sponsored(\s+content)? | (skip\s+)?(ad|advert) | promoted
    | share(\s+(this|article|story|on\s+\w+))? | tweet | e-?mail | print | copy\s+link | comments?(\s*\(\d+\))?
    | (read|see|find\s+out)\s+more | (also|more)\s+read | related(\s+(articles?|stories|content|topics|news))?
    | (most\s+(read|popular|viewed)|trending(\s+now)?|top\s+stories|recommended(\s+for\s+you)?|you\s+may\s+also\s+like)
    | (more|latest)\s+(from|on|in)\b.* | follow\s+(us|@?\w+)(\s+on\s+.*)? | listen(\s+to\s+(this|the)\s+(article|story))?
    | back\s+to\s+top | (previous|next)\s+(article|story|post) | tags?\s*:.* | topics?\s*:.*
    | (updated|published|posted|last\s+(updated|modified))\b.* | \d+\s*(min|mins|minutes?)\s+read
    | (read\s+more|related|see\s+also|also\s+read|read\s+also|more|watch|listen|video|lesen\s+sie\s+auch|mehr\s+zum\s+thema)\s*:.*
    | .*(©|ⓒ|\bcopyright\b|\ball\s+rights\s+reserved\b).* | .*\b(click|tap)\s+here\b.* | .*\bnewsletter.*
    )[\s.:!|]*$""",
    re.IGNORECASE | re.VERBOSE,
)
SHORT_LINE_WORDS = 12
# "By Jane Doe", "By Jane Doe and John Roe, Reuters": a byline, not a sentence.
_BYLINE = re.compile(
    r"^(?i:by|von|par|por)\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s*($|[,|&]|and\b)"
)


def is_furniture(line: str) -> bool:
    """Whether a line of page text is page furniture rather than the article's own text."""
    line = line.strip().lstrip("•").strip()
    if not line:
        return False
    n = word_count(line)
    if n <= SHORT_LINE_WORDS and (_SHORT_FURNITURE.match(line) or _BYLINE.match(line)):
        return True
    return n <= LONG_LINE_WORDS and bool(_FURNITURE.search(line))


def drop_furniture(text: str) -> str:
    """The text without its furniture lines; paragraphs stay "\\n\\n"-separated and a list's
    remaining items stay together."""
    blocks: list[str] = []
    for block in text.split("\n\n"):
        kept = [line for line in block.split("\n") if line.strip() and not is_furniture(line)]
        if kept:
            blocks.append("\n".join(kept))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------- an outlet's repeated lines

_LINE_NORM = re.compile(r"[\W_]+")
_TITLE_WORD = re.compile(r"\w{3,}")
_TITLE_STOP = frozenset(
    "the and for with from that this are was were has have had not but its his her their they "
    "says said after over into about new more than who what when will would can could how why".split()
)


def normalise_line(line: str) -> str:
    """A line as compared across articles: lower case, punctuation and bullets as single spaces."""
    return _LINE_NORM.sub(" ", line.casefold()).strip()


def _title_words(title: str) -> frozenset[str]:
    return frozenset(w for w in _TITLE_WORD.findall(title.casefold()) if w not in _TITLE_STOP)


@dataclass(frozen=True)
class EarlierArticle:
    """An article the outlet published before: its text and what it was about."""

    url: str
    title: str
    text: str
    stories: tuple[str, ...] = ()  # the stories it was judged for, if any


def related(a: EarlierArticle, b: EarlierArticle) -> bool:
    """Whether two articles may be about the same thing: one URL, a story in common, or titles
    sharing half the content words of the shorter one."""
    if a.url and a.url == b.url:
        return True
    if set(a.stories) & set(b.stories):
        return True
    wa, wb = _title_words(a.title), _title_words(b.title)
    if not wa or not wb:
        return False
    return len(wa & wb) * 2 >= min(len(wa), len(wb))


class RepeatedLines:
    """An outlet's own lines: a line of a new article is furniture when it occurs in at least
    `min_articles` earlier articles of the same outlet, two of which are unrelated to each other
    (different stories and titles) and both unrelated to the new article. A sentence that two
    articles of one story quote is therefore kept; "Listen to our podcast on ..." under a dozen
    unrelated articles is not. Lines ending in ":" (a fact box's heading) are always kept.

    Pure: learns only from the `earlier` articles given (a store's recent texts of one host)."""

    def __init__(self, earlier: Iterable[EarlierArticle], *, min_articles: int = 2) -> None:
        self.min_articles = max(2, min_articles)
        self.articles = list(earlier)
        self._where: dict[str, list[int]] = {}
        for i, a in enumerate(self.articles):
            for key in {normalise_line(ln) for ln in _lines(a.text)}:
                if key:
                    self._where.setdefault(key, []).append(i)

    def is_repeated(self, line: str, current: EarlierArticle) -> bool:
        if line.rstrip().endswith(":"):
            return False
        where = self._where.get(normalise_line(line), ())
        if len(where) < self.min_articles:
            return False
        others = [self.articles[i] for i in where]
        others = [a for a in others if not related(a, current)]
        if len(others) < self.min_articles:
            return False
        return any(not related(a, b) for i, a in enumerate(others) for b in others[i + 1 :])

    def filter(
        self, text: str, *, title: str = "", url: str = "", stories: Iterable[str] = ()
    ) -> str:
        """The text without the outlet's repeated lines (the text itself when every line would go)."""
        if not self._where:
            return text
        current = EarlierArticle(url=url, title=title, text="", stories=tuple(stories))
        blocks: list[str] = []
        for block in text.split("\n\n"):
            kept = [
                ln for ln in block.split("\n") if ln.strip() and not self.is_repeated(ln, current)
            ]
            if kept:
                blocks.append("\n".join(kept))
        return "\n\n".join(blocks) or text


def _lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip():
            yield line


def host_of(url: str) -> str:
    """The host an outlet's articles share: "news.example" for https://www.news.example/a/b."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
