"""The default mode's record vectors live in the store (SQLite or PostgreSQL): encoded once, read at start."""

from __future__ import annotations

from datetime import UTC, datetime

from watchers.config import Rule
from watchers.models import Article
from watchers.pipeline import Judges
from watchers.store import Store

NOW = datetime(2026, 5, 11, 9, tzinfo=UTC)
RULE = Rule.model_validate(
    {
        "id": "veldra",
        "title": "Veldra depot fire",
        "match": {"any": ["Nordcam"]},
        "claims": [
            "A fire broke out at the Nordcam fertiliser depot in Veldra on Monday night.",
            "Firefighters said the blaze was under control by Tuesday morning.",
        ],
    }
)
TEXT = """Twelve people were taken to hospital with breathing problems after the Nordcam depot fire, the regional health office said.

Nordcam, which employs 140 people in Veldra, has not commented on the cause of the fire.
"""


def test_vectors_are_stored_and_read_back_not_encoded_again(store_location: str) -> None:
    store = Store(store_location)
    judges = Judges(store, "embeddings")
    ledger, _ = judges.get(RULE, now=NOW)
    sem = judges.semantic(RULE.id)
    assert sem is not None and sem.encoded == 2  # the rule's key claims, once
    article = Article(
        identity="a1",
        url="https://news.example/a1",
        title="Fire at Nordcam depot",
        text=TEXT,
        author="",
        published=NOW,
        source="Veldra Courier",
        feed_url="https://news.example/feed",
    )
    with store.transaction():
        from judge.verdict import judge

        verdict = judge(article, ledger, judges.get(RULE, now=NOW)[1], semantic=sem)
        judges.record(RULE.id, article, verdict)
    vectors = store.ledger_vectors(RULE.id)
    assert len(vectors) == len(ledger) > 2
    assert all(v is not None and len(v) % (2 * sem.encoder.dim) == 0 for v in vectors)
    store.close()

    # A restart: the ledger and its vectors come from the file; nothing is encoded.
    store = Store(store_location)
    again = Judges(store, "embeddings")
    ledger2, _ = again.get(RULE, now=NOW)
    sem2 = again.semantic(RULE.id)
    assert sem2 is not None and sem2.encoded == 0 and len(sem2) == len(ledger2)
    for rid in range(len(ledger2)):
        assert abs(float(sem.vector(rid) @ sem2.vector(rid)) - 1.0) < 1e-3
    store.close()


def test_lexical_mode_stores_no_vectors(store_location: str) -> None:
    store = Store(store_location)
    judges = Judges(store, "lexical")
    judges.get(RULE, now=NOW)
    assert judges.semantic(RULE.id) is None
    assert store.ledger_vectors(RULE.id) == [None, None]
    store.close()
