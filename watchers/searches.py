"""A story's news-search queries -> public news-search RSS feed URLs (pure; documents the templates).

Templates (the query is URL-encoded into {q}):

- Google News search RSS:
  ``https://news.google.com/rss/search?q={q}&hl=en-US&gl=US&ceid=US:en``
  Supports quotes ("exact phrase"), OR, -exclude and ``when:7d``. Items link to news.google.com
  redirect pages and carry the publisher in ``<source>``, which becomes the entry's source.
- Bing News search RSS:
  ``https://www.bing.com/news/search?q={q}&format=rss``
  Same query syntax (quotes, OR, -exclude); items link through bing.com/news/apiclick.

Both are unauthenticated public endpoints; poll them at the usual interval (15 minutes or more),
as any reader would. Edition and language are fixed to US English here; other editions work by
changing hl/gl/ceid (Google) or adding ``&setlang=xx`` / ``&cc=XX`` (Bing).
"""

from __future__ import annotations

from urllib.parse import quote_plus

SEARCH_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("google-news", "https://news.google.com/rss/search?q={q}&hl=en-US&gl=US&ceid=US:en"),
    ("bing-news", "https://www.bing.com/news/search?q={q}&format=rss"),
)


def search_feed_urls(query: str) -> list[str]:
    """Every search-feed URL for one query, in SEARCH_TEMPLATES order; [] for a blank query."""
    query = " ".join(query.split())
    if not query:
        return []
    q = quote_plus(query)
    return [template.format(q=q) for _, template in SEARCH_TEMPLATES]
