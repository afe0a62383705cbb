"""Entry identity: canonical URLs, guid/link/content-hash identities and content hashes."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived, never which page it is. Publishers and
# newsletters append them, so the same article turns up under many URLs.
_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "__twitter_impression",
        "ocid",
        "cmpid",
        "ito",
        "smid",
        "sr_share",
        "ref_src",
        "ref_url",
        "_ga",
        "_gl",
        "at_medium",
        "at_campaign",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    n = name.lower()
    return n in _TRACKING_EXACT or n.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """One spelling per page: lowercase scheme and host, no default port, no tracking parameters
    (utm_*, fbclid, gclid, mc_cid, ...), no fragment, sorted query, no trailing slash except the
    root. Never raises: text that is not an http(s) URL comes back stripped, unchanged otherwise."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return url
        host = parts.hostname.lower().rstrip(".")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass  # keep the unicode spelling: still lowercase and stable
        if ":" in host:  # IPv6 literal
            host = f"[{host}]"
        port = parts.port
        netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
        if parts.username:
            cred = parts.username + (f":{parts.password}" if parts.password else "")
            netloc = f"{cred}@{netloc}"
    except ValueError:  # a bad port or bracket: not worth failing an entry over
        return url
    # Re-quote the path so "%7E" and "~", "a b" and "a%20b" become one spelling.
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    if not path:
        path = "/"
    query_items = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query = urlencode(sorted(query_items), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


@lru_cache(maxsize=4096)
def _canonical_feed_url(url: str) -> str:
    # Every entry of a feed asks for the same feed URL: parse it once.
    return canonical_url(url)


def _normalise_text(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def content_hash(text: str) -> str:
    """A stable hash of the text, insensitive to whitespace and case: tells an updated item apart."""
    return "sha256:" + hashlib.sha256(_normalise_text(text).encode("utf-8")).hexdigest()


def _globally_unique(guid: str) -> bool:
    # URLs, tag: and urn: ids carry their own namespace; bare ids like "1234" do not.
    return ":" in guid


def entry_identity(
    guid: str | None, link: str | None, title: str | None, text: str | None, *, feed_url: str = ""
) -> str:
    """guid, else the canonical link, else a content hash of title and text.

    A bare guid such as "1234" is only unique inside its feed, so it is prefixed with the feed's
    canonical URL when one is given (two feeds both numbering items from 1 must not collide)."""
    guid = (guid or "").strip()
    if guid:
        if feed_url and not _globally_unique(guid):
            return f"{_canonical_feed_url(feed_url)}#{guid}"
        return guid
    link = (link or "").strip()
    if link:
        return canonical_url(link)
    return content_hash(f"{title or ''}\n{text or ''}")
