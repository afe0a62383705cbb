"""A story's ledger as rows, one per claim on record (pure: stored records and verdicts in, rows out).

The store's `claims` table holds every claim as first reported, and also retellings in other words,
kept so later wording matches too; those are credited to the report they retell. Here a retelling is
folded into the claim it retells (found through the retelling article's verdict: a "seen" claim whose
text is the record's), so each row is one claim, with every article and outlet that repeated it,
the evidence items stated in the words of the claim, and the later revisions and contradictions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from watchers.lang import detect
from watchers.models import Judged, LedgerRecord

# Keys of `ledger --json`, in order; later versions may add keys, these keep their meaning.
LEDGER_KEYS = (
    "story",
    "claim",
    "first_url",
    "first_source",
    "first_published",
    "articles",
    "outlets",
    "languages",
    "repeated_by",
    "evidence",
    "changes",
    "revises",
)


@dataclass(frozen=True)
class Mention:
    """An article that repeated a claim, or revised or contradicted it."""

    url: str
    source: str
    published: datetime
    title: str = ""
    text: str = ""  # the article's wording (for changes)
    status: str = "seen"  # seen | revised | contradicts
    language: str | None = None


@dataclass(frozen=True)
class EvidenceItem:
    text: str
    kind: str
    why: str
    url: str
    source: str


@dataclass
class LedgerRow:
    claim: str
    first_url: str
    first_source: str
    first_published: datetime
    repeated_by: list[Mention] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    changes: list[Mention] = field(default_factory=list)
    revises: dict[str, str] | None = None  # {"status", "earlier"} when this claim changed another

    @property
    def articles(self) -> int:
        return len({m.url for m in self.repeated_by})

    @property
    def outlets(self) -> list[str]:
        return sorted({m.source for m in self.repeated_by if m.source})

    @property
    def languages(self) -> list[str]:
        return sorted({m.language for m in self.repeated_by if m.language})

    @property
    def supported(self) -> bool:
        return bool(self.evidence)


def _language(j: Judged) -> str | None:
    return detect(j.article.text or j.article.title)


def build_ledger(records: Sequence[LedgerRecord], judged: Iterable[Judged]) -> list[LedgerRow]:
    """One row per claim on record, ordered by first report (then ledger order)."""
    items = list(judged)
    record_texts = {r.text for r in records}
    # A record is a retelling when the article it came from saw that very sentence as a repeat.
    alias: dict[str, str] = {}
    for j in items:
        for cv in j.verdict.claims:
            if (
                cv.status == "seen"
                and cv.matched_text
                and cv.claim.text in record_texts
                and cv.claim.text != cv.matched_text
                and any(
                    r.text == cv.claim.text and r.article_identity == j.article.identity
                    for r in records
                )
            ):
                alias.setdefault(cv.claim.text, cv.matched_text)

    def root(text: str) -> str:
        seen: set[str] = set()
        while text in alias and text not in seen:
            seen.add(text)
            text = alias[text]
        return text

    rows: dict[str, LedgerRow] = {}
    order: list[tuple[datetime, int, str]] = []
    for i, r in enumerate(records):
        if r.text in alias or r.text in rows:
            continue
        rows[r.text] = LedgerRow(r.text, r.first_url, r.first_source, r.first_published)
        order.append((r.first_published, i, r.text))

    for j in items:
        a = j.article
        lang = _language(j)
        claim_root: dict[str, str] = {}
        for cv in j.verdict.claims:
            target = rows.get(root(cv.matched_text)) if cv.matched_text else None
            if cv.status != "new" and target is not None:
                claim_root[cv.claim.text] = target.claim
            if target is None or a.url == target.first_url:
                continue
            mention = Mention(
                url=a.url,
                source=a.source,
                published=a.published,
                title=a.title,
                text=cv.claim.text,
                status=cv.status,
                language=lang,
            )
            if cv.status == "seen":
                if all(m.url != a.url for m in target.repeated_by):
                    target.repeated_by.append(mention)
            elif cv.status in ("revised", "contradicts"):
                target.changes.append(mention)
                own = rows.get(cv.claim.text)
                if own is not None and own.revises is None:
                    own.revises = {"status": cv.status, "earlier": target.claim}
        for e in j.verdict.evidence:
            text = claim_root.get(e.text) or root(e.text)
            target = rows.get(text)
            if target is not None:
                target.evidence.append(EvidenceItem(e.text, e.kind, e.why, a.url, a.source))
    return [rows[t] for _, _, t in sorted(order)]


def row_to_json(story: str, row: LedgerRow) -> dict[str, Any]:
    return {
        "story": story,
        "claim": row.claim,
        "first_url": row.first_url,
        "first_source": row.first_source,
        "first_published": row.first_published.isoformat(),
        "articles": row.articles,
        "outlets": row.outlets,
        "languages": row.languages,
        "repeated_by": [
            {"url": m.url, "source": m.source, "published": m.published.isoformat()}
            for m in row.repeated_by
        ],
        "evidence": [
            {"text": e.text, "kind": e.kind, "why": e.why, "url": e.url, "source": e.source}
            for e in row.evidence
        ],
        "changes": [
            {
                "status": m.status,
                "text": m.text,
                "url": m.url,
                "source": m.source,
                "published": m.published.isoformat(),
            }
            for m in row.changes
        ],
        "revises": row.revises,
    }


def render_jsonl(story: str, rows: Sequence[LedgerRow]) -> str:
    return "".join(json.dumps(row_to_json(story, r), ensure_ascii=False) + "\n" for r in rows)


CSV_COLUMNS = (
    "claim",
    "first_source",
    "first_published",
    "first_url",
    "articles",
    "outlets",
    "languages",
    "evidence",
    "changes",
)


def render_csv(rows: Sequence[LedgerRow]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for r in rows:
        w.writerow(
            [
                r.claim,
                r.first_source,
                r.first_published.isoformat(),
                r.first_url,
                r.articles,
                "; ".join(r.outlets),
                "; ".join(r.languages),
                " | ".join(f"{e.kind}: {e.text} ({e.source})" for e in r.evidence),
                " | ".join(f"{m.status}: {m.text} ({m.source})" for m in r.changes),
            ]
        )
    return out.getvalue()


def render_text(title: str, rows: Sequence[LedgerRow]) -> str:
    lines = [f"{title}: {len(rows)} claims on record"]
    for r in rows:
        day = r.first_published.strftime("%d %b %Y")
        marks = []
        if r.articles:
            marks.append(f"repeated by {r.articles} article(s), {len(r.outlets)} outlet(s)")
        marks.append(f"{len(r.evidence)} evidence" if r.evidence else "no evidence")
        if r.changes:
            marks.append(", ".join(f"{m.status} by {m.source}" for m in r.changes))
        lines.append(f"• {r.claim}\n  first: {r.first_source}, {day}; " + "; ".join(marks))
    return "\n".join(lines)


def render_telegram(
    title: str, rows: Sequence[LedgerRow], *, page_url: str | None = None, limit: int = 8
) -> str:
    """The key claims for Telegram's /ledger (HTML): the most repeated first, each with its first
    report, and unsupported ones marked, since repetition is not evidence."""
    from bot.render import esc

    if not rows:
        return f"<b>{esc(title)}</b>: no claims on record yet."
    key = sorted(rows, key=lambda r: (-r.articles, r.first_published))[:limit]
    unsupported = sum(1 for r in rows if not r.evidence)
    lines = [
        f"<b>{esc(title)}</b>: {len(rows)} claims on record, {unsupported} without evidence.",
        "",
    ]
    for r in key:
        claim = r.claim if len(r.claim) <= 300 else r.claim[:299] + "…"
        mark = "✅ evidence" if r.evidence else "⚠️ no evidence"
        repeated = f", repeated by {r.articles} ({len(r.outlets)} outlets)" if r.articles else ""
        changed = "".join(f", {m.status} by {esc(m.source)}" for m in r.changes[:2])
        first = f"{esc(r.first_source)}, {r.first_published:%-d %b}"
        lines.append(f"• {esc(claim)}\n  <i>first: {first}{repeated}{changed}; {mark}</i>")
    if len(rows) > len(key):
        lines.append(f"\n…and {len(rows) - len(key)} more.")
    if page_url:
        lines.append(f'\n<a href="{esc(page_url)}">The whole ledger and timeline</a>')
    return "\n".join(lines)
