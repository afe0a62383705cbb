"""Plain data handed between the pipeline's steps (frozen dataclasses, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Verdict = Literal["first", "new_evidence", "new_claims", "repeats", "duplicate"]
VERDICTS: tuple[Verdict, ...] = ("first", "new_evidence", "new_claims", "repeats", "duplicate")

ClaimStatus = Literal["new", "seen", "revised", "contradicts"]
TextOrigin = Literal["feed", "page", "summary"]


@dataclass(frozen=True)
class Entry:
    """One item of a parsed feed, before its article text is settled."""

    feed_url: str
    identity: str  # guid, else canonical link, else content hash (see watchers.identity)
    url: str
    title: str
    summary: str  # plain text
    content: str  # plain text of the feed's full content, "" when the feed has none
    author: str
    published: datetime | None  # timezone-aware UTC
    source: str  # publisher name or domain


@dataclass(frozen=True)
class Article:
    """An entry with its settled text: what rules match and claims are drawn from."""

    identity: str
    url: str
    title: str
    text: str
    author: str
    published: datetime  # timezone-aware UTC; the fetch time when the feed gives none
    source: str
    feed_url: str
    text_origin: TextOrigin = "feed"
    text_note: str = ""  # why the text is what it is, e.g. "page fetch failed: 404; used summary"


@dataclass(frozen=True)
class Claim:
    """A sentence or clause that states a checkable fact or allegation."""

    text: str
    entities: tuple[str, ...] = ()  # named parties, as written
    numbers: tuple[str, ...] = ()  # numbers, amounts and dates, as written
    attribution: str | None = None  # who says it: "Mussayev", "a Facebook post", "police"
    quote: str | None = None  # quoted speech inside the claim, if any
    negated: bool = False  # polarity: "did not", "denied", "no evidence"


@dataclass(frozen=True)
class Evidence:
    """Something in an article that supports or refutes claims, beyond restating them."""

    text: str
    kind: Literal["document", "on_record", "official", "data"]
    why: str  # one short phrase, e.g. "names a new on-record source: the port authority"


@dataclass(frozen=True)
class LedgerRecord:
    """A claim as first reported: what the ledger remembers for a story's whole life."""

    text: str
    first_url: str
    first_source: str
    first_published: datetime
    article_identity: str


@dataclass(frozen=True)
class ClaimVerdict:
    claim: Claim
    status: ClaimStatus
    first_url: str | None = None  # the article that first reported it, when not new
    first_source: str | None = None
    matched_text: str | None = None  # the ledger claim it was matched to
    score: float = 0.0  # similarity to matched_text, 0..1
    background: bool = False  # no longer set (past events are new claims unless on record); kept for stored verdicts
    by_meaning: bool = False  # seen by the sentence model (other words or another language)
    novel: tuple[str, ...] = ()  # names and figures the story never mentioned before


@dataclass(frozen=True)
class ArticleVerdict:
    verdict: Verdict
    claims: tuple[ClaimVerdict, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    duplicate_of: str | None = None  # URL of the original, for "duplicate"
    reasons: tuple[str, ...] = ()  # short human-readable reasons, shown behind "Why?"
    duplicate_source: str | None = None  # the original's outlet, when the ledger knows it

    @property
    def new_claims(self) -> tuple[ClaimVerdict, ...]:
        """New claims, those naming a party or figure new to the story first (then in order)."""
        new = [c for c in self.claims if c.status == "new" and not c.background]
        return tuple(sorted(new, key=lambda c: not c.novel))

    @property
    def repeated_claims(self) -> tuple[ClaimVerdict, ...]:
        return tuple(c for c in self.claims if c.status == "seen")

    @property
    def changed_claims(self) -> tuple[ClaimVerdict, ...]:
        return tuple(c for c in self.claims if c.status in ("revised", "contradicts"))


@dataclass(frozen=True)
class Judged:
    """One article judged for one story: the unit the store keeps and the digest shows."""

    story: str
    article: Article
    verdict: ArticleVerdict
    matched_terms: tuple[str, ...] = field(default=())
