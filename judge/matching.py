"""Claim matching in other words and other languages: a story ledger's record vectors.

The lexical `Ledger` decides most claims cheaply (copies, close retellings, clear news). What it
leaves as "new" is encoded with the sentence model (judge/embed.py) and compared with the vectors
of the story's records; a close enough record makes it a retelling, credited to that record's
first report. Vectors are computed once per record and kept by the store (`vectors_for` gives
the new records' vectors to persist), so a restart does not encode the ledger again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from judge.ledger import Ledger
from judge.semantic import VectorIndex, from_bytes, to_bytes

if TYPE_CHECKING:
    import numpy as np

    from judge.embed import Encoder

SAME = 0.53  # cosine from which an unmatched claim retells a record (USE-m3; docs/benchmarks.md)
SAME_SPECIFIC = 0.72  # ... when it names a party or figure the ledger never mentioned


class SemanticLedger:
    """The vectors of one story's ledger records (a VectorIndex keyed by ledger position), and
    the encoder for what is asked of them; all of an article's claims are searched at once."""

    def __init__(
        self, encoder: Encoder, ledger: Ledger, stored: Sequence[bytes | None] = ()
    ) -> None:
        self.encoder = encoder
        self.index = VectorIndex(encoder.dim)
        self._cache: dict[str, np.ndarray] = {}
        self.encoded = 0  # texts encoded by this instance (stored vectors are not counted)
        records = ledger.records
        decoded = [
            self._decode(stored[i] if i < len(stored) else None) for i in range(len(records))
        ]
        missing = [i for i, v in enumerate(decoded) if v is None]
        if missing:
            for i, v in zip(missing, self.encode([records[i].text for i in missing]), strict=True):
                decoded[i] = v
        for rid, v in enumerate(decoded):
            self.index.add(rid, v)

    def __len__(self) -> int:
        return len(self.index)

    def _decode(self, blob: bytes | None) -> np.ndarray | None:
        if not blob:
            return None
        try:
            return from_bytes(blob, self.encoder.dim)
        except ValueError:  # another model's vector: encode again
            return None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of texts (cached by text, so judging and recording encode a claim once)."""
        import numpy as np

        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            for t, v in zip(todo, self.encoder.encode(todo), strict=True):
                self._cache[t] = v
            self.encoded += len(todo)
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        out = np.stack([self._cache[t] for t in texts])
        if len(self._cache) > 20_000:  # a long-running service: keep the newest
            for t in list(self._cache)[:10_000]:
                del self._cache[t]
        return out

    def vector(self, rid: int) -> np.ndarray:
        return self.index.vector(rid)

    def nearest(self, texts: Sequence[str]) -> list[tuple[int, float] | None]:
        """For each text, the closest record (ledger index, cosine), or None if the ledger is empty."""
        if not texts:
            return []
        return self.index.best_many(self.encode(texts))

    def all_bytes(self) -> list[bytes]:
        """Every record's vector as bytes, in ledger order."""
        return [to_bytes(self.index.vector(rid)) for rid in range(len(self.index))]

    def sync(self, ledger: Ledger) -> list[bytes]:
        """Add the vectors of records the ledger gained since; return them as bytes to store."""
        records = ledger.records
        new = list(range(len(self.index), len(records)))
        vecs = self.encode([records[i].text for i in new])
        for rid, v in zip(new, vecs, strict=True):
            self.index.add(rid, v)
        return [to_bytes(v) for v in vecs]
