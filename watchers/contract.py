"""The JSON Lines contract of `poll --json` and `judge --json` (DESIGN.md): one object per article."""

from __future__ import annotations

import json
from typing import Any

from watchers.models import Judged

# Keys other tools rely on; new keys may be added, these never change meaning.
CONTRACT_KEYS = (
    "story",
    "url",
    "title",
    "published",
    "source",
    "verdict",
    "new_claims",
    "repeated_claims",
    "evidence",
    "duplicate_of",
)


def judged_to_json(j: Judged) -> dict[str, Any]:
    v = j.verdict
    return {
        "story": j.story,
        "url": j.article.url,
        "title": j.article.title,
        "published": j.article.published.isoformat(),
        "source": j.article.source,
        "verdict": v.verdict,
        "new_claims": [{"text": c.claim.text} for c in v.new_claims],
        "repeated_claims": [
            {"text": c.claim.text, "first_url": c.first_url, "matched": c.matched_text}
            for c in v.repeated_claims
        ],
        "evidence": [{"text": e.text, "kind": e.kind, "why": e.why} for e in v.evidence],
        "duplicate_of": v.duplicate_of,
        # Additions beyond the contract's first version:
        "changed_claims": [
            {
                "text": c.claim.text,
                "status": c.status,
                "earlier": c.matched_text,
                "first_url": c.first_url,
            }
            for c in v.changed_claims
        ],
        "reasons": list(v.reasons),
        "matched_terms": list(j.matched_terms),
    }


def judged_to_line(j: Judged) -> str:
    return json.dumps(judged_to_json(j), ensure_ascii=False)
