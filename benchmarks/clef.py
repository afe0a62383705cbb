"""CLEF CheckThat! 2020 task 2: is a tweet's claim already in the ledger? F1 and MAP@5 of the matcher.

Usage: .venv/bin/python benchmarks/clef.py [DATA_DIR] [--embeddings]
DATA_DIR defaults to ../shared/data/clef2020-task2 relative to the repository; the data is read
in place, never copied. The 10,375 verified claims form one ledger; tweets are cleaned with
`clean_post` (links, signatures, hashtags) before matching.

- MAP@5: of `Ledger.rank` (lexical) or, with --embeddings, of `EmbeddingRanker.rank` (the lexical
  top 50 plus the 50 nearest all-MiniLM-L6-v2 vectors, ordered by cosine + 0.5 * lexical score;
  needs the optional extra). A pure-Python TF-IDF cosine (sklearn's default weighting) over the
  same ledger is printed as a reference.
- Repeat detection: positive = the tweet with its gold claim in the ledger; negative = the same
  tweet with every gold claim of the split held out. The decision "repeat" is
  top1 + a * (top1 - top2) >= t, with (a, t) chosen on the TRAIN split and applied to dev.
  Lenient: any repeat decision on a positive counts; strict: only if the top match is the gold
  claim. `Ledger.match` (the news thresholds used for articles) is reported beside it."""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watchers.claims import clean_post  # noqa: E402
from watchers.ledger import Ledger  # noqa: E402
from watchers.models import LedgerRecord  # noqa: E402

csv.field_size_limit(10**7)
T = datetime(2020, 1, 1, tzinfo=UTC)
Ranker = Callable[[Ledger, str], list[tuple[LedgerRecord, float]]]


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


def load(data: Path, split: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    tweets = {
        row[0]: row[1] for row in read_tsv(data / split / "tweets.queries.tsv") if len(row) >= 2
    }
    gold: dict[str, set[str]] = {}
    for line in (data / split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3:
            gold.setdefault(parts[0], set()).add(parts[2])
    return tweets, gold


def ledger_of(claims: dict[str, str], held: set[str] = frozenset()) -> Ledger:  # type: ignore[assignment]
    return Ledger(
        LedgerRecord(text, f"vclaim:{cid}", "snopes", T, cid)
        for cid, text in claims.items()
        if cid not in held
    )


@dataclass(frozen=True)
class Seen:
    """One tweet against the full ledger (pos) and against the held-out ledger (neg)."""

    ap5: float
    top_is_gold: bool
    pos: tuple[float, float]  # top-1 and top-2 score
    neg: tuple[float, float]
    match_pos: bool  # Ledger.match said not new
    match_neg: bool


def run_split(claims: dict[str, str], data: Path, split: str, rank: Ranker) -> list[Seen]:
    tweets, gold = load(data, split)
    full = ledger_of(claims)
    held = ledger_of(claims, set().union(*gold.values()))
    out = []
    for tid, cids in gold.items():
        text = clean_post(tweets[tid])
        ranked = rank(full, text)
        ids = [r.first_url.removeprefix("vclaim:") for r, _ in ranked]
        ap = next((1.0 / (i + 1) for i, c in enumerate(ids) if c in cids), 0.0)
        neg = rank(held, text)

        def top2(r: list[tuple[LedgerRecord, float]]) -> tuple[float, float]:
            return (r[0][1] if r else 0.0, r[1][1] if len(r) > 1 else 0.0)

        out.append(
            Seen(
                ap,
                bool(ids) and ids[0] in cids,
                top2(ranked),
                top2(neg),
                full.match(text).status != "new",
                held.match(text).status != "new",
            )
        )
    return out


def f1(tp: int, fp: int, n: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n if n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def decide(rows: list[Seen], a: float, t: float, strict: bool) -> tuple[float, float, float]:
    def say(s: tuple[float, float]) -> bool:
        return s[0] + a * (s[0] - s[1]) >= t

    tp = sum(1 for x in rows if say(x.pos) and (x.top_is_gold or not strict))
    fp = sum(1 for x in rows if say(x.neg))
    return f1(tp, fp, len(rows))


def calibrate(rows: list[Seen], strict: bool) -> tuple[float, float]:
    """(a, t) with the best F1 on these rows (the train split)."""
    best = (-1.0, 0.0, 0.0)
    for a in (0.0, 0.25, 0.5, 1.0, 2.0, 4.0):
        values = sorted({x.pos[0] + a * (x.pos[0] - x.pos[1]) for x in rows})
        for t in values:
            score = decide(rows, a, t, strict)[2]
            if score > best[0]:
                best = (score, a, t)
    return best[1], best[2]


# ---------------------------------------------------------------- reference: plain TF-IDF cosine

_WORD = re.compile(r"(?u)\b\w\w+\b")  # sklearn's default token pattern, lowercased


def tfidf_map5(claims: dict[str, str], tweets: dict[str, str], gold: dict[str, set[str]]) -> float:
    """MAP@5 of TF-IDF cosine (smooth idf, l2 norm, raw tf: sklearn's TfidfVectorizer defaults)."""
    docs = {cid: Counter(_WORD.findall(text.lower())) for cid, text in claims.items()}
    df: Counter[str] = Counter()
    for tf in docs.values():
        df.update(tf.keys())
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}
    postings: dict[str, list[tuple[str, float]]] = {}
    for cid, tf in docs.items():
        vec = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        for w, v in vec.items():
            postings.setdefault(w, []).append((cid, v / norm))
    total = 0.0
    for tid, cids in gold.items():
        tf = Counter(w for w in _WORD.findall(tweets[tid].lower()) if w in idf)
        q = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in q.values())) or 1.0
        acc: Counter[str] = Counter()
        for w, v in q.items():
            for cid, dv in postings[w]:
                acc[cid] += v / norm * dv
        ids = [c for c, _ in acc.most_common(5)]
        total += next((1.0 / (i + 1) for i, c in enumerate(ids) if c in cids), 0.0)
    return total / len(gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "data", nargs="?", type=Path, default=ROOT.parent / "shared/data/clef2020-task2"
    )
    ap.add_argument(
        "--embeddings", action="store_true", help="re-rank with all-MiniLM-L6-v2 (optional extra)"
    )
    args = ap.parse_args()
    claims = {
        row[0]: row[1] for row in read_tsv(args.data / "verified_claims.docs.tsv") if len(row) >= 2
    }
    if args.embeddings:
        from watchers.embed import Embedder, EmbeddingRanker

        class CachedEmbedder(Embedder):
            """Each claim is embedded once for both the full and the held-out ledgers."""

            def __init__(self) -> None:
                super().__init__()
                self.cache: dict[str, object] = {}

            def encode(self, texts: list[str]):  # type: ignore[no-untyped-def]
                import numpy as np

                todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
                if todo:
                    self.cache.update(zip(todo, super().encode(todo), strict=True))
                return np.stack([self.cache[t] for t in texts])

        embedder = CachedEmbedder()
        rankers: dict[int, EmbeddingRanker] = {}

        def rank(ledger: Ledger, text: str) -> list[tuple[LedgerRecord, float]]:
            if id(ledger) not in rankers:
                rankers[id(ledger)] = EmbeddingRanker(ledger, embedder)
            return rankers[id(ledger)].rank(text, 5)

        mode = "embeddings (lexical top 50 + nearest 50 vectors; cosine + 0.5 * lexical score)"
    else:

        def rank(ledger: Ledger, text: str) -> list[tuple[LedgerRecord, float]]:
            return ledger.rank(text, 5)

        mode = "lexical (Ledger.rank)"
    start = time.perf_counter()
    train = run_split(claims, args.data, "train", rank)
    dev = run_split(claims, args.data, "dev", rank)
    took = time.perf_counter() - start
    print(f"ledger: {len(claims)} verified claims; train {len(train)}, dev {len(dev)} tweets")
    print(f"mode: {mode}; {took:.1f}s for both splits")
    tweets, gold = load(args.data, "dev")
    ref = tfidf_map5(claims, {t: clean_post(x) for t, x in tweets.items()}, gold)
    print(
        f"dev MAP@5: {sum(x.ap5 for x in dev) / len(dev):.3f}   (reference TF-IDF cosine: {ref:.3f})"
    )
    p, r, f = f1(sum(x.match_pos for x in dev), sum(x.match_neg for x in dev), len(dev))
    print(f"dev repeat, Ledger.match (news thresholds): P {p:.3f} R {r:.3f} F1 {f:.3f}")
    for strict in (False, True):
        a, t = calibrate(train, strict)
        tp, tr, tf = decide(train, a, t, strict)
        p, r, f = decide(dev, a, t, strict)
        name = "strict" if strict else "lenient"
        print(
            f"dev repeat, {name}, top1 + {a:g}*margin >= {t:.3f} (train F1 {tf:.3f}): "
            f"P {p:.3f} R {r:.3f} F1 {f:.3f}"
        )
    a, t = calibrate(dev, False)
    print(f"  (for scale only, tuned on dev itself: F1 {decide(dev, a, t, False)[2]:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
