"""Verdicts per article: first, duplicate, new_evidence, new_claims, repeats; recording."""

from __future__ import annotations

from datetime import UTC, datetime

from judge.ledger import DuplicateIndex, Ledger
from judge.verdict import judge, record
from watchers.models import Article, LedgerRecord

ORIGINAL = """Former port inspector Tomas Varga said in a Facebook post that deputy mayor Lena Orsic took a bribe of 40,000 euros from the Baltica Dredging company in 2025.
Varga wrote that the payment was made in cash at a restaurant in Portavia.
He said the dredging contract was signed two weeks before the tender closed.
"""


def art(n: int, text: str, source: str = "Metro Daily") -> Article:
    url = f"https://example.test/{n}"
    return Article(
        identity=url,
        url=url,
        title=f"Article {n}",
        text=text,
        author="",
        published=datetime(2026, 3, n, 8, tzinfo=UTC),
        source=source,
        feed_url="https://example.test/feed",
    )


def judged(*articles: Article):
    ledger, dups = Ledger(), DuplicateIndex()
    out = []
    for a in articles:
        v = judge(a, ledger, dups)
        record(a, v, ledger, dups)
        out.append(v)
    return out, ledger, dups


def test_first_then_duplicate_then_repeats() -> None:
    copy = ORIGINAL + "Join our WhatsApp channel for more news.\n"
    retold = (
        "Deputy mayor Lena Orsic accepted a 40,000-euro bribe from Baltica Dredging in 2025, "
        "former port inspector Tomas Varga alleged on Facebook.\n"
        "According to Varga, the money was paid in cash at a Portavia restaurant.\n"
    )
    (v1, v2, v3), ledger, _ = judged(art(1, ORIGINAL), art(2, copy, "City Wire"), art(3, retold))
    assert v1.verdict == "first" and v1.reasons
    assert v2.verdict == "duplicate" and v2.duplicate_of == "https://example.test/1"
    assert v3.verdict == "repeats", v3
    assert all(c.first_url == "https://example.test/1" for c in v3.claims)
    assert ledger.article_count == 1


def test_new_claims_and_new_evidence() -> None:
    new = "Varga also said that a second official, harbour master Ivo Brandt, attended the dinner where the cash changed hands.\n"
    evidence = (
        "The city audit office published the tender file on Tuesday; it shows that the contract was signed on 3 May, "
        "nine days after the tender closed.\n"
    )
    (_, v2, v3), _, _ = judged(art(1, ORIGINAL), art(2, new), art(3, evidence))
    assert v2.verdict == "new_claims" and v2.new_claims
    assert v3.verdict == "new_evidence" and v3.evidence
    assert all(e.why for e in v3.evidence)


def test_revised_figure_and_denial() -> None:
    ledger = Ledger(
        [
            LedgerRecord(
                "Lena Orsic took a bribe of 40,000 euros from Baltica Dredging.",
                "https://example.test/1",
                "Metro Daily",
                datetime(2026, 3, 1, tzinfo=UTC),
                "https://example.test/1",
            )
        ]
    )
    revised = ledger.match("Lena Orsic took a bribe of 60,000 euros from Baltica Dredging.")
    assert revised.status == "revised" and revised.first_url == "https://example.test/1"
    denied = ledger.match("Lena Orsic did not take a bribe from Baltica Dredging.")
    assert denied.status == "contradicts"
    seen = ledger.match("Baltica Dredging gave Lena Orsic a bribe of 40,000 euros.")
    assert seen.status == "seen"


def test_rule_seeds_do_not_count_as_first_article() -> None:
    seed = LedgerRecord(
        "Lena Orsic took a bribe from Baltica Dredging.",
        "rule:orsic",
        "story rule",
        datetime(1970, 1, 1, tzinfo=UTC),
        "rule:orsic",
    )
    ledger = Ledger([seed])
    v = judge(art(1, ORIGINAL), ledger, DuplicateIndex())
    assert v.verdict == "first"
    assert len(ledger) == 1  # judge does not mutate
