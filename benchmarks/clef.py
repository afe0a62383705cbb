"""CLEF CheckThat! 2020 task 2: is a tweet's claim already in the ledger? F1 and MAP@5 of the matcher.

Usage: .venv/bin/python benchmarks/clef.py [DATA_DIR] [--embeddings [MODEL]] [--weight W]
       [--no-titles] [--keep-author]
DATA_DIR defaults to ../shared/data/clef2020-task2 relative to the repository; the data is read
in place, never copied. The 10,375 fact-checks form one ledger: each puts its claim (vclaim) and,
unless --no-titles, its article's title as two records with one first_url (vclaim:<id>). Tweets
are cleaned with `claims.clean_post` (links, signatures, hashtags) before matching.

- MAP@5: of `Ledger.rank` (lexical) or, with --embeddings, of the sentence model (judge/embed.py,
  default use-m3; vectors in a judge/semantic.VectorIndex): the lexical top 50 plus the 50 nearest
  vectors, ordered by cosine + w * lexical score, with w chosen on the TRAIN split's MAP@5 unless
  --weight is given; lexical, model alone (w = 0) and combined are printed side by side. Records
  are collapsed to distinct fact-checks (`collapse`). A pure-Python TF-IDF cosine (sklearn's
  default weighting) over the same texts is printed as a reference. MAP@5 is printed twice: by the
  gold id alone (the lab's measure), and counting a word-for-word copy of the gold claim under
  another id as found (Snopes lists 184 claims twice; which of the two ids a tweet was labelled
  with is arbitrary, and the copy often ranks first).
- Repeat detection: positive = the tweet with its gold claim in the ledger; negative = the same
  tweet with every gold claim of the split held out: by id (as the issue says), and also with
  every word-for-word copy of it that Snopes lists under another id (`copies`). The decision
  "repeat" is top1 + a * (top1 - top2) >= t over fact-check scores, with (a, t) chosen on the
  TRAIN split and applied to dev. Lenient: any repeat decision on a positive counts; strict: only
  if the top match is the gold claim. `Ledger.match` (the news thresholds used for articles) is
  reported beside it. With --embeddings these use the combined score.
- --keep-author is a what-if the product does not do: keep the tweet signature's author name."""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Set
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.claims import clean_post  # noqa: E402
from judge.embed import DEFAULT_MODEL, MODELS, load_encoder  # noqa: E402
from judge.ledger import Ledger, features  # noqa: E402
from judge.semantic import VectorIndex  # noqa: E402
from watchers.models import LedgerRecord  # noqa: E402

csv.field_size_limit(10**7)
T = datetime(2020, 1, 1, tzinfo=UTC)
Ranker = Callable[[Ledger, str, int], list[tuple[LedgerRecord, float]]]
DEPTH = 20  # records ranked per tweet: enough for 5 distinct fact-checks of two records each
OTHER = 0.25  # a fact-check scores its best record + this x its other records (chosen on train)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


@dataclass(frozen=True)
class FactCheck:
    """One verified claim of the data set: its statement and the title of its article."""

    cid: str
    vclaim: str
    title: str


def load_claims(data: Path) -> dict[str, FactCheck]:
    return {
        row[0]: FactCheck(row[0], row[1], row[2] if len(row) >= 3 else "")
        for row in read_tsv(data / "verified_claims.docs.tsv")
        if len(row) >= 2
    }


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


def texts_of(fc: FactCheck, titles: bool) -> list[str]:
    """The texts a fact-check puts in the ledger: its claim, and with titles its article's title."""
    return [fc.vclaim, fc.title] if titles and fc.title.strip() else [fc.vclaim]


def ledger_of(claims: dict[str, FactCheck], titles: bool, held: Set[str] = frozenset()) -> Ledger:
    """One record per text of each fact-check not held out, all with first_url vclaim:<id>."""
    return Ledger(
        LedgerRecord(text, f"vclaim:{fc.cid}", "snopes", T, fc.cid)
        for fc in claims.values()
        if fc.cid not in held
        for text in texts_of(fc, titles)
    )


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def copies(claims: dict[str, FactCheck]) -> dict[str, set[str]]:
    """Each fact-check's id with the ids of every fact-check stating its claim word for word
    (case, punctuation and quote style aside): Snopes lists some claims twice under two ids."""
    groups: dict[str, set[str]] = {}
    for fc in claims.values():
        groups.setdefault(_key(fc.vclaim), set()).add(fc.cid)
    return {fc.cid: groups[_key(fc.vclaim)] for fc in claims.values()}


def verbatim_left(claims: dict[str, FactCheck], gold: dict[str, set[str]]) -> int:
    """Tweets whose gold claim is still in the ledger word for word once every gold id is held out
    (a copy under another id): as negatives by id, these are really repeats."""
    same, held = copies(claims), set().union(*gold.values())
    return sum(1 for cids in gold.values() if any(same[c] - held for c in cids))


def ceiling(n: int, left: int) -> float:
    """The best F1 by id of a judge that calls a word-for-word repeat a repeat: every positive
    found (R = 1), and at least `left` negatives called repeats."""
    return 2 * n / (2 * n + left)


def collapse(
    ranked: list[tuple[LedgerRecord, float]], k: int = 5, other: float = OTHER
) -> list[tuple[str, float]]:
    """Records ranked for a text -> the k best distinct fact-checks (id, score), best first.

    A fact-check scores its best record plus `other` times the sum of its other records' scores:
    a tweet that matches both the claim and the title is likelier about that fact-check."""
    scores: dict[str, list[float]] = {}
    for record, score in ranked:
        scores.setdefault(record.first_url.removeprefix("vclaim:"), []).append(score)
    totals = [(cid, max(s) + other * (sum(s) - max(s))) for cid, s in scores.items()]
    return sorted(totals, key=lambda x: -x[1])[:k]


def top2(ranked: list[tuple[str, float]]) -> tuple[float, float]:
    """Score of the best fact-check and of the best *other* fact-check."""
    return (ranked[0][1] if ranked else 0.0, ranked[1][1] if len(ranked) > 1 else 0.0)


@dataclass(frozen=True)
class Case:
    """One tweet as a positive (its gold claim in the ledger) and as a negative (held out)."""

    pos: tuple[float, float]  # top-1 and top-2 fact-check score
    neg: tuple[float, float]
    top_is_gold: bool  # as a positive, the best fact-check is a gold one
    neg_top: str  # as a negative, the best fact-check's id
    match_pos: bool  # Ledger.match said not new
    match_neg: bool


@dataclass(frozen=True)
class Split:
    """A split's tweets against the full ledger and the two held-out ledgers."""

    ap5: list[float]
    ap5_copies: list[float]  # a word-for-word copy of the gold claim (another id) counts as found
    by_id: list[Case]  # every gold claim of the split held out by its id
    with_copies: list[Case]  # ... and with every word-for-word copy of it (other ids)


def prepare(text: str) -> str:
    """A tweet as text to match: claims.clean_post (links, signature, hashtags; only this benchmark
    uses it: the pipeline judges articles, not tweets)."""
    return clean_post(text)


def run_split(
    claims: dict[str, FactCheck],
    full: Ledger,
    data: Path,
    split: str,
    rank: Ranker,
    titles: bool,
    prep: Callable[[str], str] = prepare,
) -> Split:
    tweets, gold = load(data, split)
    held_ids = set().union(*gold.values())
    same = copies(claims)
    held_copies = set().union(*(same[c] for c in held_ids))
    held = {
        "id": ledger_of(claims, titles, held_ids),
        "copies": ledger_of(claims, titles, held_copies),
    }
    ap5: list[float] = []
    ap5_copies: list[float] = []
    cases: dict[str, list[Case]] = {"id": [], "copies": []}
    for tid, cids in gold.items():
        text = prep(tweets[tid])
        ranked = collapse(rank(full, text, DEPTH))
        ids = [c for c, _ in ranked]
        ap5.append(next((1.0 / (i + 1) for i, c in enumerate(ids) if c in cids), 0.0))
        found = set().union(*(same[c] for c in cids))
        ap5_copies.append(next((1.0 / (i + 1) for i, c in enumerate(ids) if c in found), 0.0))
        match_pos = full.match(text).status != "new"
        for name, ledger in held.items():
            neg = collapse(rank(ledger, text, DEPTH))
            cases[name].append(
                Case(
                    top2(ranked),
                    top2(neg),
                    bool(ids) and ids[0] in cids,
                    neg[0][0] if neg else "",
                    match_pos,
                    ledger.match(text).status != "new",
                )
            )
    return Split(ap5, ap5_copies, cases["id"], cases["copies"])


def f1(tp: int, fp: int, n: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n if n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def says_repeat(s: tuple[float, float], a: float, t: float) -> bool:
    return s[0] + a * (s[0] - s[1]) >= t


def decide(rows: list[Case], a: float, t: float, strict: bool) -> tuple[float, float, float]:
    tp = sum(1 for x in rows if says_repeat(x.pos, a, t) and (x.top_is_gold or not strict))
    fp = sum(1 for x in rows if says_repeat(x.neg, a, t))
    return f1(tp, fp, len(rows))


def calibrate(rows: list[Case], strict: bool) -> tuple[float, float]:
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


def tfidf_map5(
    docs: list[tuple[str, str]], tweets: dict[str, str], gold: dict[str, set[str]]
) -> float:
    """MAP@5 of TF-IDF cosine (smooth idf, l2 norm, raw tf: sklearn's TfidfVectorizer defaults)
    over (fact-check id, text) documents; a fact-check ranks by its best document."""
    counts = [Counter(_WORD.findall(text.lower())) for _, text in docs]
    df: Counter[str] = Counter()
    for tf in counts:
        df.update(tf.keys())
    n = len(docs)
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, tf in enumerate(counts):
        vec = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        for w, v in vec.items():
            postings.setdefault(w, []).append((i, v / norm))
    total = 0.0
    for tid, cids in gold.items():
        tf = Counter(w for w in _WORD.findall(tweets[tid].lower()) if w in idf)
        q = {w: c * idf[w] for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in q.values())) or 1.0
        acc: dict[int, float] = {}
        for w, v in q.items():
            for i, dv in postings[w]:
                acc[i] = acc.get(i, 0.0) + v / norm * dv
        ids: list[str] = []
        for i in sorted(acc, key=lambda i: -acc[i]):
            if docs[i][0] not in ids:
                ids.append(docs[i][0])
                if len(ids) == 5:
                    break
        total += next((1.0 / (i + 1) for i, c in enumerate(ids) if c in cids), 0.0)
    return total / len(gold)


# A what-if, not what the product does: clean_post drops the "— Name (@handle) Month D, YYYY"
# signature of an embedded tweet whole; this keeps the name (who says the claim).
_SIGNATURE = re.compile(r"[—–-]{1,2}\s*([^—–\n]{0,80}?)\s*\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}")


def keep_author(text: str) -> str:
    m = _SIGNATURE.search(text)
    return f"{clean_post(text)} {m.group(1)}".strip() if m else clean_post(text)


def same_rumour(
    full: Ledger,
    claims: dict[str, FactCheck],
    rows: list[Case],
    gold: list[set[str]],
    a: float,
    t: float,
) -> tuple[int, int]:
    """Of the negatives said to be repeats, how many matched a fact-check whose claim has the
    tweet's gold claim among its 5 nearest fact-checks (lexical): another check of the same story."""
    fps = [(x, g) for x, g in zip(rows, gold, strict=True) if says_repeat(x.neg, a, t)]
    near = 0
    for x, g in fps:
        ranked = collapse(full.rank(claims[x.neg_top].vclaim, DEPTH))
        near += any(c in g for c, _ in ranked)
    return near, len(fps)


# ---------------------------------------------------------------- sentence model (--embeddings)

POOL = 50  # lexical candidates and nearest vectors considered per query
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0)  # w tried on train


class DenseRanker:
    """Ranks a ledger's records for a text by cosine + w * lexical score over the lexical top
    POOL and the POOL nearest vectors. Each text is encoded once (ledgers share their texts)."""

    def __init__(self, model: str) -> None:
        encoder = load_encoder("embeddings", model)
        assert encoder is not None
        self.encoder = encoder
        self.cache: dict[str, Any] = {}
        self.indexes: dict[int, VectorIndex] = {}
        self.scored: dict[tuple[int, str], tuple[list[int], list[float], list[float]]] = {}

    def vectors(self, texts: list[str]) -> Any:
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for i in range(0, len(todo), 256):
            chunk = todo[i : i + 256]
            self.cache.update(zip(chunk, self.encoder.encode(chunk), strict=True))
        return np.stack([self.cache[t] for t in texts])

    def index(self, ledger: Ledger) -> VectorIndex:
        if id(ledger) not in self.indexes:
            index = VectorIndex(self.encoder.dim)
            records = ledger.records
            index.add_many(list(range(len(records))), self.vectors([r.text for r in records]))
            self.indexes[id(ledger)] = index
        return self.indexes[id(ledger)]

    def candidates(self, ledger: Ledger, text: str) -> tuple[list[int], list[float], list[float]]:
        """Record ids with their cosine and lexical score (0 outside the lexical top POOL)."""
        key = (id(ledger), text)
        if key not in self.scored:
            index = self.index(ledger)
            q = self.vectors([text])[0]
            sims = index.cosines(q)  # row i is record i
            lexical = {
                rid: score
                for score, rid in ledger._query(features(text)).ranked(POOL, candidates=POOL)
            }
            ids = list(dict.fromkeys([*lexical, *(rid for rid, _ in index.nearest(q, POOL))]))
            self.scored[key] = (
                ids,
                [float(sims[i]) for i in ids],
                [lexical.get(i, 0.0) for i in ids],
            )
        return self.scored[key]

    def ranker(self, weight: float) -> Ranker:
        def rank(ledger: Ledger, text: str, k: int) -> list[tuple[LedgerRecord, float]]:
            ids, cos, lex = self.candidates(ledger, text)
            scores = [c + weight * x for c, x in zip(cos, lex, strict=True)]
            order = sorted(range(len(ids)), key=lambda j: -scores[j])[:k]
            return [(ledger.records[ids[j]], scores[j]) for j in order]

        return rank


def split_map5(
    full: Ledger, data: Path, split: str, rank: Ranker, prep: Callable[[str], str] = prepare
) -> float:
    """MAP@5 of a ranker over a split's tweets against the full ledger."""
    tweets, gold = load(data, split)
    total = 0.0
    for tid, cids in gold.items():
        ids = [c for c, _ in collapse(rank(full, prep(tweets[tid]), DEPTH))]
        total += next((1.0 / (i + 1) for i, c in enumerate(ids) if c in cids), 0.0)
    return total / len(gold)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "data", nargs="?", type=Path, default=ROOT.parent / "shared/data/clef2020-task2"
    )
    ap.add_argument(
        "--embeddings",
        nargs="?",
        const=DEFAULT_MODEL,
        choices=sorted(MODELS),
        help=f"rank with a sentence model too (judge/embed.py; default {DEFAULT_MODEL})",
    )
    ap.add_argument(
        "--weight", type=float, help="w in cosine + w * lexical score (default: chosen on train)"
    )
    ap.add_argument(
        "--no-titles", action="store_true", help="only each fact-check's claim in the ledger"
    )
    ap.add_argument(
        "--keep-author",
        action="store_true",
        help="what-if: keep the tweet signature's author name (clean_post drops it)",
    )
    args = ap.parse_args()
    titles = not args.no_titles
    prep = keep_author if args.keep_author else prepare
    claims = load_claims(args.data)
    rank: Ranker
    full = ledger_of(claims, titles)
    if args.embeddings:
        dense = DenseRanker(args.embeddings)
        t0 = time.process_time()
        dense.index(full)
        took = time.process_time() - t0
        print(
            f"model: {dense.encoder.name} (dim {dense.encoder.dim}); {len(full)} ledger texts "
            f"encoded in {took:.1f} CPU-s ({len(full) / took:.0f}/s)"
        )
        maps = {w: split_map5(full, args.data, "train", dense.ranker(w), prep) for w in WEIGHTS}
        weight = args.weight if args.weight is not None else max(WEIGHTS, key=lambda w: maps[w])
        chosen = "given" if args.weight is not None else "chosen on train"
        print("train MAP@5 by w: " + ", ".join(f"{w:g}: {m:.3f}" for w, m in maps.items()))
        lex = split_map5(full, args.data, "dev", lambda led, t, k: led.rank(t, k), prep)
        alone = split_map5(full, args.data, "dev", dense.ranker(0.0), prep)
        both = split_map5(full, args.data, "dev", dense.ranker(weight), prep)
        print(
            f"dev MAP@5: lexical {lex:.3f}, model alone {alone:.3f}, "
            f"model + {weight:g} x lexical ({chosen}) {both:.3f}"
        )
        rank = dense.ranker(weight)
        mode = (
            f"embeddings {dense.encoder.name} (lexical top {POOL} + nearest {POOL} vectors; "
            f"cosine + {weight:g} * lexical score)"
        )
    else:

        def rank(ledger: Ledger, text: str, k: int) -> list[tuple[LedgerRecord, float]]:
            return ledger.rank(text, k)

        mode = "lexical (Ledger.rank)"
    start = time.perf_counter()
    train = run_split(claims, full, args.data, "train", rank, titles, prep)
    dev = run_split(claims, full, args.data, "dev", rank, titles, prep)
    took = time.perf_counter() - start
    held = "claim + title" if titles else "claim only"
    print(
        f"ledger: {len(claims)} fact-checks, {len(full)} records ({held}); "
        f"train {len(train.ap5)}, dev {len(dev.ap5)} tweets"
    )
    tweet_prep = "clean_post + author name (what-if)" if args.keep_author else "clean_post"
    print(f"mode: {mode}; tweets: {tweet_prep}; {took:.1f}s for both splits")
    tweets, gold = load(args.data, "dev")
    docs = [(fc.cid, text) for fc in claims.values() for text in texts_of(fc, titles)]
    ref = tfidf_map5(docs, {t: prep(x) for t, x in tweets.items()}, gold)
    print(
        f"MAP@5: dev {sum(dev.ap5) / len(dev.ap5):.3f}, train {sum(train.ap5) / len(train.ap5):.3f}"
        f"   (reference, plain TF-IDF cosine over the same texts, dev: {ref:.3f})"
    )
    print(
        "MAP@5 counting a word-for-word copy of the gold claim under another id as found: "
        f"dev {sum(dev.ap5_copies) / len(dev.ap5):.3f}, "
        f"train {sum(train.ap5_copies) / len(train.ap5):.3f}"
    )
    _, train_gold = load(args.data, "train")
    left, train_left = verbatim_left(claims, gold), verbatim_left(claims, train_gold)
    for name, tr, dv in (
        ("gold held out by id", train.by_id, dev.by_id),
        ("gold held out with its word-for-word copies", train.with_copies, dev.with_copies),
    ):
        print(f"repeat detection, {name}:")
        if tr is train.by_id:
            print(
                f"  ceiling: {left} of {len(gold)} dev tweets ({train_left} of {len(train_gold)} "
                "train) still find their gold claim word for word (a copy under another id), so "
                f"F1 <= {ceiling(len(gold), left):.3f} (train {ceiling(len(train_gold), train_left):.3f}) "
                "for any judge that calls a verbatim repeat a repeat"
            )
        p, r, f = f1(sum(x.match_pos for x in dv), sum(x.match_neg for x in dv), len(dv))
        print(f"  dev, Ledger.match (news thresholds): P {p:.3f} R {r:.3f} F1 {f:.3f}")
        for strict in (False, True):
            a, t = calibrate(tr, strict)
            _, _, tf = decide(tr, a, t, strict)
            p, r, f = decide(dv, a, t, strict)
            kind = "strict" if strict else "lenient"
            print(
                f"  dev, {kind}, top1 + {a:g}*margin >= {t:.3f} (train F1 {tf:.3f}): "
                f"P {p:.3f} R {r:.3f} F1 {f:.3f}"
            )
            if not strict:
                near, fps = same_rumour(full, claims, dv, list(gold.values()), a, t)
                missed = sum(1 for x in dv if not says_repeat(x.pos, a, t))
                print(
                    f"    false repeats {fps}, of which {near} matched another check of the same "
                    f"story (gold among its 5 nearest); missed repeats {missed}"
                )
        a, t = calibrate(dv, False)
        print(
            f"  (for scale only, tuned on dev itself: lenient F1 {decide(dv, a, t, False)[2]:.3f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
