"""A story ledger's record vectors: cosine nearest neighbours, and vectors to and from bytes.

Pure NumPy and exact. Vectors are stored L2-normalised, so the dot product is the cosine. A
story's ledger holds hundreds to a few thousand records, where one matrix product per query is
fast enough; from `PRUNE_FROM` rows on, a search that only wants records at least some cosine
close first bounds every cosine from above in a smaller space (the top principal directions of the
index's own vectors: x·y ≤ x'·y' + |x - x'| |y - y'|, where x' is x projected on them) and computes
the exact cosine only for the rows whose bound reaches the floor. The answer is the same as the
full product's, at a quarter of its cost when sentence vectors concentrate as real ones do
(docs/benchmarks.md). `to_bytes`/`from_bytes` let the store persist a record's vector once,
instead of encoding the ledger again at every start."""

from __future__ import annotations

from typing import Any

import numpy as np

_INITIAL = 16  # rows allocated for a new index; the matrix doubles when full
_DTYPES: dict[str, np.dtype[Any]] = {"float16": np.dtype("<f2"), "float32": np.dtype("<f4")}
PRUNE_FROM = 20_000  # rows from which a search with a floor bounds cosines in a smaller space first
BASIS = 128  # principal directions of that space
_FIT_SAMPLE = 20_000  # rows the directions are computed from
_WORTH = 0.25  # the bound is used only when it leaves at most this share of the rows to compute
_SLACK = 1e-4  # float32 rounding of the bound
_PROBE = 4096  # rows bounded first, to give up early when the floor is too low to prune


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


def _split(vectors: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Each vector's coordinates along the basis, then the length of what the basis leaves out."""
    coords = vectors @ basis
    inside = np.einsum("ij,ij->i", coords, coords)
    rest = np.sqrt(np.clip(np.einsum("ij,ij->i", vectors, vectors) - inside, 0.0, None))
    return np.concatenate((coords, rest[:, None].astype(np.float32)), axis=1)


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
        # The bound (from PRUNE_FROM rows): directions (dim x BASIS, orthonormal), and each row's
        # coordinates along them followed by the length of what they leave out (one matrix, so
        # the bound is one product); refit when the rows double.
        self._basis: np.ndarray | None = None
        self._coords = np.zeros((0, 0), dtype=np.float32)
        self._fitted_rows = 0

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
        if self._basis is not None:
            if row >= len(self._coords):
                grown = np.zeros((len(self._matrix), self._coords.shape[1]), dtype=np.float32)
                grown[: len(self._coords)] = self._coords
                self._coords = grown
            self._coords[row] = _split(v[None, :], self._basis)[0]

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

    def _fit(self, n: int) -> None:
        """The index's principal directions (of the uncentred second moment: they keep the most
        of every dot product), from an even sample of its rows."""
        step = max(1, n // _FIT_SAMPLE)
        sample = self._matrix[:n:step]
        _, vecs = np.linalg.eigh((sample.T @ sample).astype(np.float64))
        k = min(BASIS, self.dim)
        self._basis = np.ascontiguousarray(vecs[:, ::-1][:, :k], dtype=np.float32)
        self._coords = np.zeros((len(self._matrix), k + 1), dtype=np.float32)
        self._coords[:n] = _split(self._matrix[:n], self._basis)
        self._fitted_rows = n

    def candidates(self, vectors: np.ndarray, floor: float) -> np.ndarray | None:
        """Rows (ascending) that may be at least `floor` close to one of `vectors`: every row
        that is, and few others; None when the index is too small for the bound to pay, or the
        bound leaves too many rows (then compute them all)."""
        n = len(self._ids)
        if n < PRUNE_FROM or self.dim <= BASIS:
            return None
        if self._basis is None or n >= 2 * self._fitted_rows:
            self._fit(n)
        assert self._basis is not None
        q = _split(np.asarray(vectors, dtype=np.float32), self._basis)
        start, rows = 0, np.zeros(0, dtype=np.intp)
        for stop in (min(n, _PROBE), n):  # a first slice tells whether the rest is worth it
            bound = self._coords[start:stop] @ q.T  # (rows, vectors): x'·y' + |x - x'| |y - y'|
            found = np.flatnonzero((bound >= floor - _SLACK).any(axis=1)) + start
            rows = np.concatenate((rows, found))
            if len(rows) > _WORTH * stop:
                return None
            start = stop
        return rows

    def within(self, vec: np.ndarray | list[float], floor: float) -> list[int]:
        """The ids of the records at least `floor` close to the vector, in insertion order (the
        bound first, as `best_many` prunes)."""
        n = len(self._ids)
        if n == 0:
            return []
        q = _unit(vec, self.dim)
        rows = self.candidates(q[None, :], floor)
        if rows is None:
            hit = np.flatnonzero(self._matrix[:n] @ q >= floor)
        else:
            hit = rows[self._matrix[rows] @ q >= floor]
        return [self._ids[int(r)] for r in hit]

    def best_many(
        self, vectors: np.ndarray, floor: float | None = None
    ) -> list[tuple[int, float] | None]:
        """For each row of `vectors` (unit vectors), the nearest record (id, cosine), in one
        matrix product over the index (an article's claims at once); None when it is empty, or
        when a `floor` is given and no record is that close."""
        n = len(self._ids)
        if n == 0:
            return [None] * len(vectors)
        q = np.asarray(vectors, dtype=np.float32)
        rows = None if floor is None else self.candidates(q, floor)
        sims = self._matrix[:n] @ q.T if rows is None else self._matrix[rows] @ q.T
        if sims.shape[0] == 0:
            return [None] * len(vectors)
        best = sims.argmax(axis=0)
        out: list[tuple[int, float] | None] = []
        for j, r in enumerate(best):
            cos = float(sims[r, j])
            row = int(r) if rows is None else int(rows[r])
            out.append(None if floor is not None and cos < floor else (self._ids[row], cos))
        return out

    # Persistence of single vectors, beside the index (the store keeps one blob per record).
    to_bytes = staticmethod(to_bytes)
    from_bytes = staticmethod(from_bytes)
