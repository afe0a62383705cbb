"""A story ledger's record vectors: cosine nearest neighbours, and vectors to and from bytes.

Pure NumPy and exact (a story's ledger holds hundreds to a few thousand records: one matrix
product per query is fast enough and needs no approximate index). Vectors are stored
L2-normalised, so the dot product is the cosine. `to_bytes`/`from_bytes` let the store persist a
record's vector once, instead of encoding the ledger again at every start."""

from __future__ import annotations

from typing import Any

import numpy as np

_INITIAL = 16  # rows allocated for a new index; the matrix doubles when full
_DTYPES: dict[str, np.dtype[Any]] = {"float16": np.dtype("<f2"), "float32": np.dtype("<f4")}


def _unit(vec: np.ndarray | list[float], dim: int) -> np.ndarray:
    v = np.asarray(vec, dtype=np.float32).reshape(-1)
    if v.shape[0] != dim:
        raise ValueError(f"vector has {v.shape[0]} dimensions, the index {dim}")
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def to_bytes(vec: np.ndarray | list[float], precision: str = "float16") -> bytes:
    """A vector as little-endian float16 (default: half the size; cosines move by < 1e-3) or
    float32 bytes."""
    try:
        dtype = _DTYPES[precision]
    except KeyError:
        raise ValueError(f"precision must be one of {sorted(_DTYPES)}") from None
    return np.asarray(vec, dtype=np.float32).reshape(-1).astype(dtype).tobytes()


def from_bytes(data: bytes, dim: int) -> np.ndarray:
    """The float32 vector of `to_bytes` output; its precision is told by its length."""
    if len(data) == 2 * dim:
        dtype = _DTYPES["float16"]
    elif len(data) == 4 * dim:
        dtype = _DTYPES["float32"]
    else:
        raise ValueError(f"{len(data)} bytes is neither float16 nor float32 x {dim} dimensions")
    return np.frombuffer(data, dtype=dtype).astype(np.float32)


class VectorIndex:
    """Record id -> unit vector, with exact cosine nearest neighbours.

    Adding an id already present replaces its vector. Rows live in one float32 matrix that
    doubles in size when full."""

    def __init__(self, dim: int) -> None:
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.dim = dim
        self._matrix = np.zeros((_INITIAL, dim), dtype=np.float32)
        self._ids: list[int] = []  # record id of each row
        self._row: dict[int, int] = {}  # record id -> row

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._row

    def add(self, record_id: int, vec: np.ndarray | list[float]) -> None:
        v = _unit(vec, self.dim)
        row = self._row.get(record_id)
        if row is None:
            row = len(self._ids)
            if row == len(self._matrix):
                grown = np.zeros((2 * len(self._matrix), self.dim), dtype=np.float32)
                grown[:row] = self._matrix
                self._matrix = grown
            self._ids.append(record_id)
            self._row[record_id] = row
        self._matrix[row] = v

    def add_many(self, record_ids: list[int], vectors: np.ndarray) -> None:
        for rid, vec in zip(record_ids, vectors, strict=True):
            self.add(rid, vec)

    def vector(self, record_id: int) -> np.ndarray:
        return self._matrix[self._row[record_id]].copy()

    def cosines(self, vec: np.ndarray | list[float]) -> np.ndarray:
        """Cosine of the vector with every row, in insertion order (see `ids`)."""
        return self._matrix[: len(self._ids)] @ _unit(vec, self.dim)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def nearest(self, vec: np.ndarray | list[float], k: int = 5) -> list[tuple[int, float]]:
        """The k records nearest the vector, best first, as (record id, cosine)."""
        n = len(self._ids)
        if n == 0 or k <= 0:
            return []
        sims = self.cosines(vec)
        if k < n:
            top = np.argpartition(-sims, k - 1)[:k]
        else:
            top = np.arange(n)
        top = top[np.lexsort((top, -sims[top]))]  # best first; ties by insertion order
        return [(self._ids[i], float(sims[i])) for i in top]

    def best_many(self, vectors: np.ndarray) -> list[tuple[int, float] | None]:
        """For each row of `vectors` (unit vectors), the nearest record (id, cosine), in one
        matrix product over the index (an article's claims at once); None when it is empty."""
        n = len(self._ids)
        if n == 0:
            return [None] * len(vectors)
        sims = self._matrix[:n] @ np.asarray(vectors, dtype=np.float32).T  # (records, vectors)
        best = sims.argmax(axis=0)
        return [(self._ids[int(r)], float(sims[r, j])) for j, r in enumerate(best)]

    def above_many(
        self, vectors: np.ndarray, floor: float, limit: int | None = None
    ) -> list[list[tuple[int, float]]]:
        """For each row of `vectors`, every record at least `floor` close (the `limit` closest
        of them), best first."""
        n = len(self._ids)
        if n == 0:
            return [[] for _ in range(len(vectors))]
        sims = self._matrix[:n] @ np.asarray(vectors, dtype=np.float32).T
        out = []
        for j in range(sims.shape[1]):
            col = sims[:, j]
            rows = np.flatnonzero(col >= floor)
            if limit is not None and len(rows) > limit:
                rows = rows[np.argpartition(-col[rows], limit - 1)[:limit]]
            rows = rows[np.argsort(-col[rows], kind="stable")]
            out.append([(self._ids[int(r)], float(col[r])) for r in rows])
        return out

    # Persistence of single vectors, beside the index (the store keeps one blob per record).
    to_bytes = staticmethod(to_bytes)
    from_bytes = staticmethod(from_bytes)
