"""The compiled ledger lookup (judge/_lookup.c) gives exactly what the Python code gives."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

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


# ---------------------------------------------------------------- fingerprint (MinHash) in C


def _words(rng: random.Random) -> list[bytes]:
    pieces = ["a", "bb", "kgb", "ünï", "日本", "x" * 130, "y" * 40, ""]
    return [
        rng.choice(pieces).encode() + bytes(rng.randrange(256) for _ in range(rng.randint(0, 5)))
        for _ in range(rng.randint(0, 70))
    ]


@needs_c
def test_minhash_equals_the_python_code() -> None:
    # Shingles of every length, across BLAKE2b's 128-byte blocks (a 130-byte word), any bytes.
    rng = random.Random(13)
    for _ in range(2000):
        words = _words(rng)
        if len(words) < 4:
            words += [b""] * (4 - len(words))
        assert L._C.minhash(words) == L._minhash(words)  # type: ignore[attr-defined]


@needs_c
def test_fingerprint_in_c_equals_the_python_code_on_real_text() -> None:
    # The project's own documents (real prose, several languages in places) and edge cases; the
    # Python code's signatures come from a process started with the C code switched off.
    code = (
        "import json, sys; from judge import ledger; assert not ledger.COMPILED; "
        "print(json.dumps([ledger.fingerprint(t) for t in json.load(sys.stdin)]))"
    )
    root = Path(L.__file__).parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("docs/*.md"))]
    texts += ["", "one", "one two three four", "Ёжик в тумане: 1987 год, “КГБ”."]
    env = {**os.environ, "STORYWATCH_NO_C": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(texts),
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    c = [L.fingerprint.__wrapped__(t) for t in texts]
    assert c == json.loads(out.stdout)
    assert len(set(c)) > len(texts) // 2  # distinct texts, distinct signatures


@needs_c
def test_minhash_refuses_what_is_not_bytes() -> None:
    with pytest.raises(TypeError):
        L._C.minhash(["a", "b", "c", "d"])  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        L._C.minhash(("a",))  # type: ignore[attr-defined]
