"""The checkable-sentence model (judge/checkable.py) and is_claim with it."""

from __future__ import annotations

import math
import os
import shutil
import sys
from pathlib import Path

import pytest

from judge import checkable as ck
from judge.claims import is_claim

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STORYWATCH_DATA", ROOT.parent / "shared" / "data"))

# Written for these tests (not in the training script's lists).
FURNITURE = [
    "Join our WhatsApp community for breaking news from the region.",
    "Members of our community get exclusive offers and adverts from us and selected partners.",
    "This is a developing story.",
    "We're sorry, this feature is currently unavailable.",
    "Share this story on social media.",
    "Tell us what you think in the comment section below.",
    "Sign up for our morning briefing.",
    "Download the app to get alerts on your phone.",
    "Please turn off your ad blocker to continue.",
]
SPECULATION = [
    "If true, they suggest the company knew about the defect for years.",
    "The full truth may never be known.",
    "These allegations are not occurring in a vacuum.",
    "It could be months before investigators reach a conclusion.",
    "Perhaps the minister will survive this week, perhaps not.",
    "The consequences for the party might be severe.",
]
REPORTED = [
    "The finance ministry said on Thursday that the deficit reached 4.2% of GDP in 2023.",
    "A spokesman for the airline denied that the pilots had been drinking.",
    '"There was no cover-up," the mayor told reporters at city hall.',
    "The company has denied the claims.",
    "According to the indictment, the payments totalled $1.6 million.",
    "The ceasefire took effect at midnight on Sunday, the army said.",
    "Prosecutors say the two men laundered more than 3 million euros.",
    "The hospital trust confirmed that 17 operations were cancelled.",
]
OTHER_LANGUAGES = [
    "Die Polizei nahm am Dienstag zwei Verdächtige in Berlin fest.",
    "Das Ministerium bestätigte, dass 120 Stellen gestrichen werden.",
    "Полиция задержала двух подозреваемых во вторник вечером.",
    "Министерство заявило, что контракт был подписан в 2021 году.",
    "La polizia ha arrestato due uomini a Milano martedì sera.",
    "Policja zatrzymała w środę dwóch mężczyzn podejrzanych o oszustwo.",
    "Η αστυνομία συνέλαβε δύο άνδρες την Τρίτη το βράδυ.",
    "Poliția a reținut doi bărbați marți seara în București.",
]


@pytest.mark.parametrize("sentence", FURNITURE + SPECULATION)
def test_furniture_and_speculation_are_not_claims(sentence: str) -> None:
    assert not is_claim(sentence)


@pytest.mark.parametrize("sentence", FURNITURE + SPECULATION)
def test_model_alone_rejects_them(sentence: str) -> None:
    # (in is_claim some never reach the model: the boilerplate and opinion rules drop them first)
    assert ck.checkable(sentence) < ck.threshold()


@pytest.mark.parametrize("sentence", REPORTED + OTHER_LANGUAGES)
def test_reported_claims_and_other_languages_are_claims(sentence: str) -> None:
    assert ck.checkable(sentence) >= ck.threshold()
    assert is_claim(sentence)


def test_probability_range_and_determinism() -> None:
    for s in ["", "?", "123", "Ok.", *REPORTED, *SPECULATION]:
        p = ck.checkable(s)
        assert 0.0 <= p <= 1.0
        assert p == ck.checkable(s)


def test_fast_path_equals_feature_sum() -> None:
    m = ck.model()
    full = {**m.weights, **{" ".join(k): v for k, v in m.bigrams.items()}}
    for s in REPORTED + SPECULATION + FURNITURE:
        feats, toks = ck.features(s)
        assert m.coverage(toks) >= m.min_coverage
        z = m.bias + sum(full.get(f, 0.0) for f in feats)
        assert math.isclose(m.prob(s), 1.0 / (1.0 + math.exp(-z)), rel_tol=1e-9)


def test_other_languages_use_the_fallback() -> None:
    m = ck.model()
    for s in OTHER_LANGUAGES:
        assert m.coverage(ck.features(s)[1]) < m.min_coverage


def test_shipped_model_is_small_and_hash_checked() -> None:
    assert ck.MODEL_PATH.stat().st_size < 2_000_000
    ck.load_model()  # the constant matches the shipped file


def test_tampered_weights_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "checkable.json"
    shutil.copy(ck.MODEL_PATH, bad)
    data = bad.read_bytes()
    i = data.index(b'"bias":') + len(b'"bias":')
    bad.write_bytes(data[:i] + b"9" + data[i + 1 :])
    with pytest.raises(ValueError, match="SHA-256"):
        ck.load_model(bad)
    # the same file is read without the check (what the training script does)
    assert ck.load_model(bad, sha256=None)["format"] == "storywatch-checkable-1"


def _train_module():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import train_checkable
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return train_checkable


def test_training_is_reproducible() -> None:
    tc = _train_module()
    data = [(t, 0, 1.0) for t in tc.NEWS_NEGATIVE] + [(t, 1, 1.0) for t in tc.NEWS_POSITIVE]
    a = tc.dump(tc.train(data, epochs=3))
    b = tc.dump(tc.train(data, epochs=3))
    assert a == b
    assert tc.dump(tc.train(data, epochs=3, seed=1)) != a


@pytest.mark.skipif(not (DATA / "claimbuster").is_dir(), reason="ClaimBuster data not available")
def test_training_on_a_data_slice_is_reproducible(tmp_path: Path) -> None:
    tc = _train_module()
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        args = [str(DATA), "--out", str(out), "--no-checkthat", "--limit", "400", "--epochs", "2"]
        assert tc.main(args) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()


# ---------------------------------------------------------------- the vector model (use-m3)

# Written for these tests: furniture, promos and commentary in languages the word model cannot
# read, and plain reported facts in the same languages.
# (Follow-us and subscribe prompts are furniture patterns now: judge.claims drops them before any
# model reads them.)
OTHER_NOT_CLAIMS = [
    "Entdecken Sie jetzt die schönsten Reiseziele für den nächsten Sommer bei uns.",
    "Wir wünschen Ihnen trotzdem einen schönen Abend mit vielen guten Nachrichten.",
    "Resta da capire se qualcuno pagherà per questo disastro.",
    "Dafür sind wir unseren Leserinnen und Lesern sehr dankbar.",
    "Man kann nur hoffen, dass sich so etwas nie wiederholt.",
    "Нам остаётся только надеяться на лучшее.",
]
OTHER_CLAIMS = [
    "Prokuratura postawiła kierowcy zarzut nieumyślnego spowodowania śmierci.",
    "Strażacy wydobyli spod gruzów ciała dwóch osób.",
    "Mehrere Tankwagen explodierten in der Nacht.",
    "Sono almeno sei i dispersi nella zona del porto.",
    "La policía detuvo a dos sospechosos el martes por la noche.",
    "De politie heeft twee verdachten aangehouden.",
    "Полиция задержала двух подозреваемых.",
]


@pytest.fixture(scope="module")
def other_languages():
    from judge.embed import load_encoder
    from judge.ledger import Ledger
    from judge.matching import SemanticLedger
    from judge.verdict import _other_languages

    semantic = SemanticLedger(load_encoder("embeddings"), Ledger([]), [])
    found = _other_languages(semantic)
    assert found is not None  # a vector model ships for the default sentence model
    return found


def test_vector_model_is_small_and_hash_checked() -> None:
    path = ck.HEAD_PATHS["use-m3"]
    assert path.stat().st_size < 20_000
    head = ck.load_head("use-m3")  # the pinned constant matches the shipped file
    assert head["model"] == "use-m3" and len(head["weights"]) == head["dim"] == 512
    assert ck.head("e5-small") is None  # no vector model ships for the optional model


def test_tampered_vector_model_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "head.json"
    data = ck.HEAD_PATHS["use-m3"].read_bytes()
    i = data.index(b'"bias":') + len(b'"bias":')
    bad.write_bytes(data[:i] + (b"1" if data[i : i + 1] != b"1" else b"2") + data[i + 1 :])
    with pytest.raises(ValueError, match="SHA-256"):
        ck.load_head("use-m3", bad)
    assert ck.load_head("use-m3", bad, sha256=None)["model"] == "use-m3"
    with pytest.raises(ValueError, match="not a storywatch checkable model"):
        ck.load_head("e5-small", bad, sha256=None)  # use-m3's weights for another model


@pytest.mark.parametrize("sentence", OTHER_NOT_CLAIMS)
def test_vector_model_drops_furniture_and_commentary_in_other_languages(
    sentence: str, other_languages
) -> None:
    from judge.claims import extract_claims, is_boilerplate

    assert not ck.reads(sentence)  # the word model cannot tell; the vector model decides
    assert not is_boilerplate(sentence)
    assert extract_claims(sentence, other_languages=other_languages) == []


@pytest.mark.parametrize("sentence", OTHER_CLAIMS)
def test_vector_model_keeps_facts_in_other_languages(sentence: str, other_languages) -> None:
    from judge.claims import extract_claims

    assert [c.text for c in extract_claims(sentence, other_languages=other_languages)] == [sentence]


def test_vector_model_leaves_english_and_unread_languages_to_the_word_model(
    other_languages,
) -> None:
    from judge.claims import extract_claims

    text = " ".join(
        [
            "Join our WhatsApp community for breaking news from the region.",  # English: words
            "The ministry confirmed that 17 operations were cancelled.",
            "Η αστυνομία συνέλαβε δύο άνδρες την Τρίτη το βράδυ.",  # Greek: use-m3 cannot read it
        ]
    )
    with_vectors = [c.text for c in extract_claims(text, other_languages=other_languages)]
    assert with_vectors == [c.text for c in extract_claims(text)]
    assert len(with_vectors) == 2


def test_vector_model_in_the_judge() -> None:
    """The default pipeline (a sentence model loaded) drops another language's promo line that
    no furniture pattern names; with words only (lexical mode) it stays a claim."""
    from datetime import UTC, datetime

    from judge.embed import load_encoder
    from judge.ledger import DuplicateIndex, Ledger
    from judge.matching import SemanticLedger
    from judge.verdict import judge
    from watchers.models import Article

    text = (
        "Die Polizei nahm am Dienstag zwei Verdächtige in Hamburg fest.\n\n"
        "Unsere Redaktion freut sich auf Ihre Meinung zu diesem wichtigen Thema."
    )
    article = Article(
        identity="http://x/1", url="http://x/1", title="Festnahmen", text=text, author="",
        published=datetime(2024, 1, 2, tzinfo=UTC), source="x", feed_url="http://x/feed",
    )  # fmt: skip
    ledger = Ledger([])
    semantic = SemanticLedger(load_encoder("embeddings"), ledger, [])
    words_only = judge(article, ledger, DuplicateIndex())
    default = judge(article, ledger, DuplicateIndex(), semantic=semantic)
    assert len(words_only.claims) == 2
    assert [c.claim.text for c in default.claims] == [text.split("\n\n")[0]]


@pytest.mark.skipif(not (DATA / "claimbuster").is_dir(), reason="ClaimBuster data not available")
def test_vector_model_training_on_a_data_slice_is_reproducible(tmp_path: Path) -> None:
    tc = _train_module()
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    for out in outs:
        args = [str(DATA), "--head", "use-m3", "--out", str(out), "--no-checkthat"]
        assert tc.main([*args, "--limit", "300"]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert ck.load_head("use-m3", outs[0], sha256=None)["dim"] == 512
