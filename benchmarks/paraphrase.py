"""Paraphrase and cross-language matching: lexical baselines and the sentence models, side by side.

Usage: .venv/bin/python benchmarks/paraphrase.py DATA_ROOT [--model M ...] [--chars N]

DATA_ROOT holds msrp/ and semeval2022-task8-train-subset/ (read in place, never copied). Each
model is a judge/embed.py sentence model (default: use-m3, and e5-small when its extra is
installed); "lexical" rows need nothing.

- MSRP (English news sentence pairs, paraphrase or not): a cosine threshold chosen for accuracy on
  the TRAIN file, applied to the test file; accuracy and F1 of the paraphrase class. Also the
  model's cosine + w * word TF-IDF cosine, (w, threshold) chosen on train.
- SemEval 2022 task 8 (news article pairs in 10 languages, 297 of 1,078 pairs across two
  languages; Overall 1 = same story .. 4 = unrelated): Pearson r of -cosine with Overall, over
  the first N characters of each text (title + lead; default 600), for all pairs, same-language
  and cross-language pairs, and per language pair.
- Speed: CPU seconds of encoding (one BLAS/OpenMP thread), as sentences per second."""

from __future__ import annotations

import argparse
import csv
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.embed import MODELS, available, load_encoder  # noqa: E402

csv.field_size_limit(10**9)
Pairs = list[tuple[int, str, str]]  # (label, text a, text b)


def load_msrp(root: Path, split: str) -> Pairs:
    rows: Pairs = []
    path = root / "msrp" / f"msr_paraphrase_{split}.txt"
    for line in path.read_text(encoding="utf-8-sig").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            rows.append((int(parts[0]), parts[3], parts[4]))
    return rows


def load_semeval(root: Path) -> list[dict[str, str]]:
    path = root / "semeval2022-task8-train-subset" / "semeval2022_task8_train_filtered.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- lexical: TF-IDF cosine

_WORD = re.compile(r"(?u)\b\w\w+\b")  # sklearn's default token pattern, lowercased


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def char_grams(text: str) -> list[str]:
    """Character 3- to 5-grams of the lowercased text with its spaces collapsed."""
    t = " " + " ".join(text.lower().split()) + " "
    return [t[i : i + n] for n in (3, 4, 5) for i in range(len(t) - n + 1)]


def tfidf_cosines(pairs: list[tuple[str, str]], analyzer: Callable[[str], list[str]]) -> np.ndarray:
    """Cosine of each pair's TF-IDF vectors (smooth idf, raw tf, l2), idf over all the texts."""
    texts = list(dict.fromkeys(t for pair in pairs for t in pair))
    counts = {t: Counter(analyzer(t)) for t in texts}
    df: Counter[str] = Counter()
    for c in counts.values():
        df.update(c.keys())
    n = len(texts)
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}
    vecs = {}
    for t, c in counts.items():
        v = {w: k * idf[w] for w, k in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[t] = {w: x / norm for w, x in v.items()}
    out = []
    for a, b in pairs:
        va, vb = vecs[a], vecs[b]
        if len(va) > len(vb):
            va, vb = vb, va
        out.append(sum(x * vb.get(w, 0.0) for w, x in va.items()))
    return np.array(out)


# ---------------------------------------------------------------- metrics


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """(threshold, accuracy) with the best accuracy of `score >= threshold` on these pairs."""
    order = np.argsort(-scores)
    s, y = scores[order], labels[order]
    # predicting the first i pairs positive: accuracy = (tp + negatives left) / n
    tp = np.concatenate([[0], np.cumsum(y)])
    fp = np.concatenate([[0], np.cumsum(~y)])
    acc = (tp + (fp[-1] - fp)) / len(y)
    valid = np.concatenate([[True], s[1:] != s[:-1], [True]])  # cut only between distinct scores
    acc = np.where(valid, acc, -1.0)
    i = int(np.argmax(acc))
    t = float(s[i - 1]) if i > 0 else float(s[0]) + 1.0
    return t, float(acc[i])


def acc_f1(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    tp = int((pred & labels).sum())
    fp = int((pred & ~labels).sum())
    fn = int((~pred & labels).sum())
    return float((pred == labels).mean()), 2 * tp / (2 * tp + fp + fn)


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


# ---------------------------------------------------------------- model cosines


class Cosines:
    """A model's cosine for text pairs; each distinct text is encoded once, CPU time counted."""

    def __init__(self, model: str) -> None:
        start = time.process_time()
        encoder = load_encoder("embeddings", model, threads=1)
        assert encoder is not None
        self.encoder = encoder
        self.load_s = time.process_time() - start
        self.cache: dict[str, np.ndarray] = {}
        self.cpu: dict[str, tuple[int, float]] = {}  # data set -> (texts encoded, CPU seconds)

    def __call__(self, pairs: list[tuple[str, str]], tag: str) -> np.ndarray:
        texts = list(dict.fromkeys(t for pair in pairs for t in pair))
        todo = [t for t in texts if t not in self.cache]
        start = time.process_time()
        for i in range(0, len(todo), 64):
            chunk = todo[i : i + 64]
            self.cache.update(zip(chunk, self.encoder.encode(chunk), strict=True))
        done, took = self.cpu.get(tag, (0, 0.0))
        self.cpu[tag] = (done + len(todo), took + time.process_time() - start)
        return np.array([float(self.cache[a] @ self.cache[b]) for a, b in pairs])


def msrp_report(name: str, train: np.ndarray, test: np.ndarray, ytr: np.ndarray, yte: np.ndarray):
    t, tr_acc = best_threshold(train, ytr)
    acc, f1 = acc_f1(test >= t, yte)
    print(f"  {name:<34} acc {acc:.3f}  F1 {f1:.3f}   (threshold {t:.3f}, train acc {tr_acc:.3f})")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "data", type=Path, help="folder holding msrp/ and semeval2022-task8-train-subset/"
    )
    ap.add_argument("--model", action="append", choices=sorted(MODELS), help="repeatable")
    ap.add_argument("--chars", type=int, default=600, help="SemEval: first N characters per text")
    args = ap.parse_args()
    models = args.model or [m for m in ("use-m3", "e5-small") if available(m)]
    scorers = {m: Cosines(m) for m in models}

    train, test = load_msrp(args.data, "train"), load_msrp(args.data, "test")
    ytr = np.array([y == 1 for y, _, _ in train])
    yte = np.array([y == 1 for y, _, _ in test])
    ptr, pte = [(a, b) for _, a, b in train], [(a, b) for _, a, b in test]
    print(
        f"MSRP: train {len(train)} pairs, test {len(test)} pairs "
        f"(majority class acc {max(yte.mean(), 1 - yte.mean()):.3f}); threshold from train"
    )
    lex_tr, lex_te = tfidf_cosines(ptr, words), tfidf_cosines(pte, words)
    msrp_report("lexical: word TF-IDF cosine", lex_tr, lex_te, ytr, yte)
    for m, cos in scorers.items():
        c_tr, c_te = cos(ptr, "msrp"), cos(pte, "msrp")
        msrp_report(f"{m}: cosine", c_tr, c_te, ytr, yte)
        best = max(
            ((w, *best_threshold(c_tr + w * lex_tr, ytr)) for w in (0.25, 0.5, 1.0, 2.0)),
            key=lambda x: x[2],
        )
        msrp_report(f"{m}: cosine + {best[0]:g} x TF-IDF", c_tr + best[0] * lex_tr,
                    c_te + best[0] * lex_te, ytr, yte)  # fmt: skip

    rows = load_semeval(args.data)
    overall = np.array([float(r["Overall"]) for r in rows])
    same = np.array([r["lang1"] == r["lang2"] for r in rows])
    langs = [f"{r['lang1']}-{r['lang2']}" for r in rows]
    pairs = [(r["text1"][: args.chars], r["text2"][: args.chars]) for r in rows]
    print(
        f"\nSemEval 2022 T8: {len(rows)} pairs ({int((~same).sum())} cross-language), first "
        f"{args.chars} chars of each text; Pearson r of -cosine with Overall (1 = same story)"
    )
    columns = sorted(set(langs), key=lambda lp: (lp.split("-")[0] != lp.split("-")[1], lp))
    scores = {
        "lexical: word TF-IDF": tfidf_cosines(pairs, words),
        "lexical: char 3-5gram TF-IDF": tfidf_cosines(pairs, char_grams),
    }
    for m, cos in scorers.items():
        scores[m] = cos(pairs, "semeval")
    print(
        f"  {'':<30} {'all':>6} {'same':>6} {'cross':>6}  " + " ".join(f"{c:>6}" for c in columns)
    )
    print(f"  {'pairs':<30} {len(rows):>6} {int(same.sum()):>6} {int((~same).sum()):>6}  " +
          " ".join(f"{langs.count(c):>6}" for c in columns))  # fmt: skip
    for name, s in scores.items():
        per = [
            pearson(-s[[lp == c for lp in langs]], overall[[lp == c for lp in langs]])
            for c in columns
        ]
        print(f"  {name:<30} {pearson(-s, overall):>6.3f} {pearson(-s[same], overall[same]):>6.3f} "
              f"{pearson(-s[~same], overall[~same]):>6.3f}  " + " ".join(f"{r:>6.3f}" for r in per))  # fmt: skip

    print("\nspeed (CPU time, one thread):")
    for m, cos in scorers.items():
        parts = ", ".join(
            f"{tag} {n} texts {n / s:.0f}/s" for tag, (n, s) in cos.cpu.items() if n and s
        )
        print(f"  {m}: load {cos.load_s:.1f}s; {parts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
