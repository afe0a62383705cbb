"""Per-article verdict against a story's ledger (pure), recording, and the labelled-set loader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from judge.claims import evidence_in, extract_claims, is_background
from judge.ledger import DuplicateIndex, Duplicates, Ledger, features, fingerprint
from watchers.models import Article, ArticleVerdict, ClaimVerdict, Evidence, LedgerRecord

_SHOW = 3  # claims quoted in reasons per kind; the rest are counted


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _claim_verdicts(article: Article, ledger: Ledger) -> list[ClaimVerdict]:
    out = []
    for claim in extract_claims(article.text, title=article.title):
        cv = ledger.match(claim)
        if is_background(claim, article.published):
            cv = replace(cv, background=True)
        out.append(cv)
    return out


def _new_source(ev: Evidence, cv: ClaimVerdict, ledger: Ledger) -> bool:
    """An on-record source counts only if the ledger never named it (else it is the same voice)."""
    if ev.kind != "on_record" or not cv.claim.attribution:
        return True
    names = features(cv.claim.attribution).tokens
    return not names or not all(ledger.mentions(t) for t in names)


def _novel_specifics(cv: ClaimVerdict, ledger: Ledger) -> list[str]:
    """Names and figures in the claim that the story's ledger never mentioned."""
    f = features(cv.claim.text)
    return [t for t in (f.names | f.numbers) if not ledger.mentions(t)]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def judge(article: Article, ledger: Ledger, duplicates: Duplicates) -> ArticleVerdict:
    """The verdict for one article; reads the ledger and duplicate index, changes neither.

    `first` means no article was judged for the story before (both the ledger has no claims from
    articles and the duplicate index is empty); claims seeded from the rule do not count."""
    claims = _claim_verdicts(article, ledger)
    dup = duplicates.best(fingerprint(article.text))
    if dup is not None:
        url, sim = dup
        return ArticleVerdict(
            verdict="duplicate",
            claims=tuple(claims),
            duplicate_of=url,
            reasons=(f"near-identical text to {url} ({sim:.0%} of 4-word shingles shared)",),
        )
    if ledger.article_count == 0 and len(duplicates) == 0:
        n = len([c for c in claims if not c.background])
        reasons: list[str] = [f"first article of the story: {n} claims put on record"]
        seeded = [c for c in claims if c.status != "new"]
        if seeded:
            reasons.append(f"{len(seeded)} claims match the story rule's key claims")
        return ArticleVerdict(verdict="first", claims=tuple(claims), reasons=tuple(reasons))

    evidence: list[Evidence] = []
    for cv in claims:
        if cv.status == "seen" or cv.background:
            continue
        ev = evidence_in(cv.claim)
        if ev is not None and _new_source(ev, cv, ledger):
            evidence.append(ev)
    fresh = [c for c in claims if c.status == "new" and not c.background]
    changed = [c for c in claims if c.status in ("revised", "contradicts") and not c.background]
    seen = [c for c in claims if c.status == "seen"]
    background = [c for c in claims if c.background and c.status != "seen"]

    reasons = [f"evidence: {ev.why}" for ev in evidence]
    for c in changed[:_SHOW]:
        what = "revises" if c.status == "revised" else "contradicts"
        reasons.append(f"{what} {c.first_source or 'an earlier report'}: {_short(c.claim.text)}")
    for c in fresh[:_SHOW]:
        reasons.append(f"new claim: {_short(c.claim.text)}")
    if len(fresh) > _SHOW:
        reasons.append(f"and {_count(len(fresh) - _SHOW, 'more new claim')}")
    if seen:
        firsts = sorted({c.first_source or "" for c in seen if c.first_source})
        reasons.append(
            f"{_count(len(seen), 'claim')} reported before (first: {', '.join(firsts[:3])})"
        )
    if background:
        reasons.append(
            f"{_count(len(background), 'background sentence')} (past events, not developments)"
        )

    # One loosely worded sentence that brings no new name, figure or party is far more often a
    # retelling the matcher missed than a new claim; it alone does not make the article new.
    specific = [c for c in fresh if _novel_specifics(c, ledger)]
    if evidence:
        verdict = "new_evidence"
    elif changed or specific or len(fresh) >= 2:
        verdict = "new_claims"
    else:
        verdict = "repeats"
        if not claims:
            reasons.append("no checkable claims found in the text")
        elif fresh:
            reasons.append("the one unmatched sentence names no new party or figure")
    return ArticleVerdict(
        verdict=verdict,  # type: ignore[arg-type]
        claims=tuple(claims),
        evidence=tuple(evidence),
        reasons=tuple(reasons),
    )


def record(
    article: Article, verdict: ArticleVerdict, ledger: Ledger, duplicates: Duplicates
) -> list[LedgerRecord]:
    """Put the article's new, revised and contradicting claims in the ledger and its fingerprint in
    the duplicate index; return the new records for the store to persist."""
    added: list[LedgerRecord] = []
    for cv in verdict.claims:
        if cv.status == "seen":
            continue
        # The same claim may occur twice in one article; the second time it is already recorded.
        if added and ledger.match(cv.claim).status == "seen":
            continue
        rec = LedgerRecord(
            text=cv.claim.text,
            first_url=article.url,
            first_source=article.source,
            first_published=article.published,
            article_identity=article.identity,
        )
        ledger.add(rec)
        added.append(rec)
    duplicates.add(article.url, fingerprint(article.text))
    return added


# ---------------------------------------------------------------- labelled stories


@dataclass(frozen=True)
class Labelled:
    """One article of a labelled story with its expected verdict and per-claim labels."""

    id: str
    article: Article
    label: str
    duplicate_of: str | None  # article id of the original
    claims: tuple[tuple[str, str], ...]  # (substring of a sentence, new|seen|revised|contradicts)


def _utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def load_labelled(path: str | Path) -> tuple[dict[str, Any], list[Labelled]]:
    """A story file (watchers/samples/demo.yaml, benchmarks/data/labelled/*.yaml): the rule data
    and its articles in publication order."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "story" not in data or "articles" not in data:
        raise ValueError(f"{path}: a labelled story needs the keys 'story' and 'articles'")
    story = data["story"]
    out: list[Labelled] = []
    for i, a in enumerate(data["articles"]):
        try:
            art = Article(
                identity=a["url"],
                url=a["url"],
                title=a.get("title", ""),
                text=a["text"],
                author=a.get("author", ""),
                published=_utc(a["published"]),
                source=a["source"],
                feed_url=f"https://{story['id']}.example/feed.xml",
            )
        except KeyError as e:
            raise ValueError(f"{path}: articles[{i}] lacks the key {e.args[0]!r}") from None
        claims = tuple((str(c["text"]), str(c["label"])) for c in a.get("claims") or ())
        out.append(Labelled(a["id"], art, a.get("label", ""), a.get("duplicate_of"), claims))
    return story, out


def seed_records(story: dict[str, Any]) -> list[LedgerRecord]:
    """Ledger records for the key claims a story rule lists (`claims:`), marked as from the rule."""
    return [
        LedgerRecord(
            text=text,
            first_url=f"rule:{story['id']}",
            first_source="story rule",
            first_published=datetime(1970, 1, 1, tzinfo=UTC),
            article_identity=f"rule:{story['id']}",
        )
        for text in story.get("claims") or ()
    ]


def replay(
    story: dict[str, Any], articles: Iterable[Labelled]
) -> list[tuple[Labelled, ArticleVerdict]]:
    """Judge and record a story's articles in order, from an empty (rule-seeded) ledger."""
    ledger = Ledger(seed_records(story))
    duplicates = DuplicateIndex()
    out = []
    for item in articles:
        v = judge(item.article, ledger, duplicates)
        record(item.article, v, ledger, duplicates)
        out.append((item, v))
    return out
