"""Claim matching in other words and other languages: a story ledger's record vectors.

The lexical `Ledger` decides most claims cheaply (copies, close retellings, clear news). What it
leaves as "new" is encoded with the sentence model (judge/embed.py) and compared with the vectors
of the story's records; a close enough record makes it a retelling, credited to that record's
first report. Vectors are computed once per record and kept by the store (`sync` gives
the new records' vectors to persist), so a restart does not encode the ledger again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from judge.ledger import Ledger
from judge.semantic import VectorIndex, from_bytes, to_bytes

if TYPE_CHECKING:
    from judge.embed import Encoder

SAME = 0.53  # cosine from which an unmatched claim retells a record (USE-m3; docs/benchmarks.md)
SAME_SPECIFIC = 0.72  # ... when it names a party or figure the ledger never mentioned
# ... and from this cosine when both give the same uncommon figure ("500.000 Dollar" and
# "$500,000"): a translation scores lower than a retelling in the same language, and a figure
# the story rarely mentions, given alike, is what a retelling keeps.
SAME_FIGURE = 0.4


# Inside a record, where a quotation or a run-on text holds several sentences: a later article
# often quotes (or translates) only one of them, which the whole record's vector matches poorly.
_INNER_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘«„]?[A-Z0-9À-ÖØ-ÞА-ЯЁΑ-Ω])")


def pieces(text: str) -> list[str]:
    """What a record is searched by: its whole text, and its inner sentences when it has two or
    more of at least four words each."""
    inner = [p.strip() for p in _INNER_SENTENCE.split(text)]
    inner = [p for p in inner if len(p.split()) >= 4]
    return [text, *inner] if len(inner) >= 2 else [text]


class SemanticLedger:
    """The vectors of one story's ledger records, and the encoder for what is asked of them.

    Each record has one vector per piece (`pieces`), rows of a VectorIndex that point back to
    their record; all of an article's claims are searched at once. A record's vectors are stored
    together (`to_bytes` of the stacked rows), so a restart encodes nothing."""

    def __init__(
        self, encoder: Encoder, ledger: Ledger, stored: Sequence[bytes | None] = ()
    ) -> None:
        self.encoder = encoder
        self.index = VectorIndex(encoder.dim)
        self._owner: list[int] = []  # record of each index row
        self._rows: list[np.ndarray] = []  # each record's vectors, in ledger order
        self._cache: dict[str, np.ndarray] = {}
        self.encoded = 0  # texts encoded by this instance (stored vectors are not counted)
        records = ledger.records
        decoded = [
            self._decode(stored[i] if i < len(stored) else None, records[i].text)
            for i in range(len(records))
        ]
        missing = [i for i, v in enumerate(decoded) if v is None]
        if missing:
            for i in missing:
                decoded[i] = self.encode(pieces(records[i].text))
        for vecs in decoded:
            self._add(vecs)  # type: ignore[arg-type]

    def __len__(self) -> int:
        """Records with vectors."""
        return len(self._rows)

    def _add(self, vecs: np.ndarray) -> None:
        rid = len(self._rows)
        self._rows.append(vecs)
        for v in vecs:
            self.index.add(len(self._owner), v)
            self._owner.append(rid)

    def _decode(self, blob: bytes | None, text: str) -> np.ndarray | None:
        if not blob:
            return None
        dim = self.encoder.dim
        n = len(pieces(text))
        if len(blob) != n * 2 * dim:  # another model's vectors, or another cut: encode again
            return None
        return np.stack([from_bytes(blob[k * 2 * dim : (k + 1) * 2 * dim], dim) for k in range(n)])

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of texts (cached by text, so judging and recording encode a claim once)."""
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
        """The vector of a record's whole text."""
        return self._rows[rid][0].copy()

    def nearest(
        self, texts: Sequence[str], floor: float | None = None
    ) -> list[tuple[int, float] | None]:
        """For each text, the closest record (ledger index, cosine), or None if the ledger is
        empty or, given a `floor`, no record is that close (which lets a large index skip most
        of its rows: judge.semantic)."""
        if not texts:
            return []
        found = self.index.best_many(self.encode(texts), floor)
        return [(self._owner[b[0]], b[1]) if b is not None else None for b in found]

    def within(self, text: str, floor: float) -> list[int]:
        """The records at least `floor` close to the text by one of their pieces (ledger
        indexes, in ledger order): one product with the whole index, no walk over records."""
        found = self.index.within(self.encode([text])[0], floor)
        return sorted({self._owner[piece] for piece in found})

    def closest(self, text: str, rids: Iterable[int], floor: float) -> list[tuple[int, float]]:
        """Of the given records, those at least `floor` close to the text (ledger index, cosine by
        the record's closest piece), best first: exact cosines with those records only."""
        rids = sorted(r for r in set(rids) if r < len(self._rows))
        if not rids:
            return []
        q = self.encode([text])[0]
        cos = [(rid, float((self._rows[rid] @ q).max())) for rid in rids]
        return sorted((p for p in cos if p[1] >= floor), key=lambda p: -p[1])

    def _bytes(self, vecs: np.ndarray) -> bytes:
        return b"".join(to_bytes(v) for v in vecs)

    def all_bytes(self) -> list[bytes]:
        """Every record's vectors as bytes, in ledger order."""
        return [self._bytes(v) for v in self._rows]

    def sync(self, ledger: Ledger) -> list[bytes]:
        """Add the vectors of records the ledger gained since; return them as bytes to store."""
        out = []
        for i in range(len(self._rows), len(ledger)):
            vecs = self.encode(pieces(ledger.record(i).text))
            self._add(vecs)
            out.append(self._bytes(vecs))
        return out
