"""The CLEF benchmark's helpers (benchmarks/clef.py): fact-checks as records, copies, ranking by fact-check."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from judge.ledger import Ledger
from watchers.models import LedgerRecord

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def clef() -> ModuleType:
    spec = importlib.util.spec_from_file_location("clef_bench", ROOT / "benchmarks" / "clef.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["clef_bench"] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["clef_bench"]
    return module


def write_data(root: Path) -> Path:
    """A tiny data set in the CLEF layout: four fact-checks (2 and 3 state one claim) and 3 tweets."""
    root.mkdir()
    (root / "verified_claims.docs.tsv").write_text(
        "\tvclaim\ttitle\n"
        "1\tThe mayor of Lisbon banned bicycles downtown.\tDid Lisbon Ban Bicycles?\n"
        '2\tA shark was seen swimming in the "flooded" subway station.\tShark in the Subway?\n'
        "3\tA shark was seen swimming in the 'flooded' subway station.\tShark in the Subway?\n"
        "4\tThe zoo's oldest tortoise turned 190 years old.\tIs This Tortoise 190?\n",
        encoding="utf-8",
    )
    dev = root / "dev"
    dev.mkdir()
    (dev / "tweets.queries.tsv").write_text(
        "\ttweet_content\n"
        "10\tWow the mayor banned bicycles downtown in Lisbon https://t.co/abcdefghij\n"
        "11\tLook: a shark swimming in the flooded subway station!! — Jo Doe (@jodoe) May 2, 2019\n"
        "12\tOur tortoise just turned 190 years old #OldestTortoise\n",
        encoding="utf-8",
    )
    (dev / "tweet-vclaim-pairs.qrels").write_text("10 0 1 1\n11 0 2 1\n12 0 4 1\n")
    return root


def test_collapse_keeps_distinct_fact_checks_and_adds_a_share_of_other_records(
    clef: ModuleType,
) -> None:
    t = clef.T

    def rec(cid: str) -> LedgerRecord:
        return LedgerRecord(f"text {cid}", f"vclaim:{cid}", "snopes", t, cid)

    ranked = [(rec("a"), 0.6), (rec("b"), 0.55), (rec("a"), 0.2), (rec("b"), 0.5), (rec("c"), 0.1)]
    out = clef.collapse(ranked, k=2, other=0.25)
    assert [c for c, _ in out] == ["b", "a"]  # b: 0.55 + 0.25*0.5 > a: 0.6 + 0.25*0.2
    assert out[0][1] == pytest.approx(0.675)
    assert clef.collapse(ranked, k=5, other=0.0)[0] == ("a", 0.6)
    assert clef.top2(out) == (pytest.approx(0.675), pytest.approx(0.65))
    assert clef.top2([]) == (0.0, 0.0)


def test_copies_group_word_for_word_claims_only(clef: ModuleType, tmp_path: Path) -> None:
    claims = clef.load_claims(write_data(tmp_path / "d"))
    same = clef.copies(claims)
    assert same["2"] == same["3"] == {"2", "3"}  # quote style aside, the same claim
    assert same["1"] == {"1"} and same["4"] == {"4"}


def test_ledger_holds_claim_and_title_under_one_first_url(clef: ModuleType, tmp_path: Path) -> None:
    claims = clef.load_claims(write_data(tmp_path / "d"))
    both: Ledger = clef.ledger_of(claims, True, {"4"})
    assert len(both) == 6
    assert {r.first_url for r in both.records} == {"vclaim:1", "vclaim:2", "vclaim:3"}
    assert len(clef.ledger_of(claims, False)) == 4


def test_run_split_holds_out_copies_too(clef: ModuleType, tmp_path: Path) -> None:
    data = write_data(tmp_path / "d")
    claims = clef.load_claims(data)
    full = clef.ledger_of(claims, True)

    def rank(ledger: Ledger, text: str, k: int) -> list[tuple[LedgerRecord, float]]:
        return ledger.rank(text, k)

    split = clef.run_split(claims, full, data, "dev", rank, True)
    assert split.ap5 == [1.0, 1.0, 1.0]
    # Held out by id, the shark tweet still finds the copy (id 3) of its claim; with copies, not.
    assert split.by_id[1].neg_top == "3"
    assert split.with_copies[1].neg_top != "3"
    assert split.with_copies[1].neg[0] < split.by_id[1].neg[0]
    assert all(c.top_is_gold for c in split.by_id)


def test_keep_author_adds_the_signature_name(clef: ModuleType) -> None:
    tweet = "Big news today https://t.co/abcdefghij — Jane Roe (@janeroe) March 3, 2020"
    assert clef.keep_author(tweet) == "Big news today Jane Roe"
    assert clef.keep_author("no signature #HashTag") == "no signature Hash Tag"


def test_tfidf_reference_ranks_fact_checks_by_their_best_text(clef: ModuleType) -> None:
    docs = [("a", "tortoise turned 190"), ("a", "oldest tortoise"), ("b", "shark subway flooded")]
    tweets = {"1": "the oldest tortoise", "2": "flooded subway"}
    assert clef.tfidf_map5(docs, tweets, {"1": {"a"}, "2": {"b"}}) == 1.0
    assert clef.tfidf_map5(docs, tweets, {"1": {"b"}, "2": {"a"}}) == 0.0


def test_verbatim_left_counts_negatives_that_are_really_repeats(
    clef: ModuleType, tmp_path: Path
) -> None:
    claims = clef.load_claims(write_data(tmp_path / "d"))
    # Tweet 11's gold claim (2) has a copy (3) that holding out by id leaves in the ledger.
    assert clef.verbatim_left(claims, {"10": {"1"}, "11": {"2"}, "12": {"4"}}) == 1
    # When the copy is itself a gold claim of the split, it is held out too.
    assert clef.verbatim_left(claims, {"11": {"2"}, "13": {"3"}}) == 0
    assert clef.ceiling(197, 49) == pytest.approx(0.889, abs=5e-4)
    assert clef.ceiling(10, 0) == 1.0
