"""The compiled ledger lookup (judge/_lookup.c) gives exactly what the Python code gives."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from judge import ledger as L
from judge.ledger import Ledger, features
from watchers.models import LedgerRecord

T = datetime(2026, 3, 1, tzinfo=UTC)
# CPython 3.12 made sum() of floats compensated; the C code adds plainly, as 3.11's sum() does.
EXACT = sys.version_info < (3, 12)

needs_c = pytest.mark.skipif(L._C is None, reason="judge._lookup is not built here")


def test_the_extension_is_built_where_ci_requires_it() -> None:
    # .ci/run sets this: a compiler is there, so a failed build must not pass as the fallback.
    if os.environ.get("STORYWATCH_REQUIRE_C"):
        assert L.COMPILED, "judge._lookup did not build: see the pip install output"


def test_no_c_switch_selects_the_python_code() -> None:
    code = "from judge import ledger; print(ledger.COMPILED)"
    env = {**os.environ, "STORYWATCH_NO_C": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def _ledger(rng: random.Random, vocab: list[str], n: int) -> Ledger:
    return Ledger(
        LedgerRecord(
            " ".join(rng.choices(vocab, k=rng.randint(3, 14))) + ".",
            f"https://example.test/{i}",
            "Metro Daily",
            T,
            f"https://example.test/{i}",
        )
        for i in range(n)
    )


def _same_scores(c: list[tuple[float, int]], py: list[tuple[float, int]]) -> None:
    if EXACT:
        assert c == py
    else:
        assert [r for _, r in c] == [r for _, r in py]
        assert [s for s, _ in c] == pytest.approx([s for s, _ in py], rel=1e-12)


@needs_c
@pytest.mark.parametrize("vocab_size,records", [(40, 800), (400, 3000)])
def test_candidates_and_scores_equal_the_python_code(vocab_size: int, records: int) -> None:
    rng = random.Random(vocab_size)
    # Small vocabularies make long posting lists (the walk budget cuts some), many records in
    # several walked lists, and ties in weight and in score.
    names = ["Varga", "Orsic", "Baltica", "Portavia", "Lakemoor", "40,000", "2026", "not", "never"]
    vocab = [f"w{i}" for i in range(vocab_size)] + names
    ledger = _ledger(rng, vocab, records)
    several_lists = cut = 0
    for _ in range(250):
        text = " ".join(rng.choices(vocab, k=rng.randint(1, 16))) + "."
        for limit in (1, 5, 24, 60):
            q = L._Query(ledger, features(text))
            c = q.candidates(limit)
            unwalked_c = q.unwalked
            assert c == q._candidates_py(limit)
            assert unwalked_c == q.unwalked
            cut += unwalked_c > 0
        several_lists += len(q.weights) > 1
        for candidates in (24, 60):
            qc, qp = L._Query(ledger, features(text)), L._Query(ledger, features(text))
            for k in (1, 5, 3, 40):  # asked again with another k: the candidates are reused
                _same_scores(qc.ranked(k, candidates), qp._ranked_py(k, candidates))
    assert several_lists > 150 and cut > 50


@needs_c
def test_growing_ledger_matches_alike() -> None:
    """Records added between lookups change every weight; both codes follow."""
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(120)] + ["Varga", "Orsic", "12", "40,000"]
    ledger = Ledger()
    for i in range(600):
        text = " ".join(rng.choices(vocab, k=rng.randint(2, 12))) + "."
        qc, qp = L._Query(ledger, features(text)), L._Query(ledger, features(text))
        _same_scores(qc.ranked(5), qp._ranked_py(5, L._CANDIDATES))
        ledger.add(
            LedgerRecord(text, f"https://example.test/{i}", "Metro", T, f"https://example.test/{i}")
        )


@needs_c
def test_bad_arguments_raise_instead_of_crashing() -> None:
    with pytest.raises(TypeError):
        L._C.candidates([[0]], {0: 1.0}, "24", 400)  # type: ignore[attr-defined]
    with pytest.raises(IndexError):
        L._C.candidates([[0]], {5: 1.0}, 24, 400)  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        L._C.candidates([[-3]], {0: 1.0}, 24, 400)  # type: ignore[attr-defined]
    with pytest.raises(IndexError):
        L._C.top([(0,)], [0.4], [7], {0: 1.0}, 1.0, 1.0, 0.5, 0.5, 5)  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        L._C.top([(0,)], [0.4], [0], {0: 1.0}, 1.0, 0.0, 0.5, 0.5, 5)  # type: ignore[attr-defined]
    assert L._C.candidates([[0, 1]], {}, 24, 400) == ([], 0.0)  # type: ignore[attr-defined]
