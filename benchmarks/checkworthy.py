"""Claim detection on held-out public data: the old rules vs the checkable model vs what ships.

Usage: .venv/bin/python benchmarks/checkworthy.py DATA_ROOT [--sweep] [--vectors]

DATA_ROOT holds claimbuster/ and checkthat2024-task1/ (read their README files). Test sets:
- ClaimBuster 3class_test_disjoint_2000: checkable = UFS or CFS, not checkable = NFS. This is
  the task itself ("does the sentence state something checkable?").
- CheckThat! 2024 English dev (minus the ids in the ClaimBuster test), dev-test, test_gold:
  check-worthiness Yes/No. Check-worthy is NOT checkable: a "No" sentence can be a plain fact
  ("I was governor for eight years"), so precision there means little; recall on "Yes" is what
  matters (a check-worthy sentence must not be thrown away).
- CheckThat! Dutch dev, Spanish dev-test, Arabic dev-test (tweets): recall on "Yes" only, to show
  that sentences in languages the model was not trained on are not thrown away.

Systems: "rules" = the rule-only is_claim (boilerplate, heading, question, opinion regexes,
>= 3 content words); "model" = checkable(s) >= threshold; "shipped" = judge.claims.is_claim
(the rules that stay, and the model). Speed: checkable() sentences/s on one core.
`--vectors` adds the vector model (judge.checkable.Head over use-m3 vectors): "vectors" = its
probability >= its threshold; "default install" = what extract_claims decides with the sentence
model loaded (the word model for sentences it reads, the rules and the vector model for the
others, in the languages use-m3 reads). The other-language tweets are then scored on all rows.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from train_checkable import checkthat_english, claimbuster, read_tsv  # noqa: E402

from judge import claims  # noqa: E402
from judge.checkable import checkable, model, threshold  # noqa: E402


def rules_only(sentence: str) -> bool:
    """is_claim as it was before the model: the regex rules and >= 3 content words."""
    s = sentence.strip()
    if not s or claims.is_boilerplate(s) or claims._is_heading(s):
        return False
    if s.rstrip("\"'”’)").endswith("?"):
        return False
    if claims._OPINION.search(s):
        return False
    return claims._has_content_words(s, 3)


def model_only(sentence: str) -> bool:
    return checkable(sentence) >= threshold()


def shipped(sentence: str) -> bool:
    return claims.is_claim.__wrapped__(sentence)  # uncached: every call is measured alike


SYSTEMS: dict[str, Callable[[str], bool]] = {
    "rules (old is_claim)": rules_only,
    "model (checkable>=t)": model_only,
    "shipped (is_claim)": shipped,
}
_PROBS: dict[str, float] = {}  # sentence -> vector model probability (--vectors)
_BATCHED: set[str] = set()  # systems whose vectors are computed per table, not timed per sentence


def add_vectors() -> Callable[[list[str]], None]:
    """Add the vector model's two systems; returns what encodes a table's sentences first."""
    from judge.checkable import head
    from judge.embed import load_encoder
    from judge.language import model_reads

    encoder = load_encoder("embeddings")
    vectors = head(encoder.name)
    assert vectors is not None

    def encode(texts: list[str]) -> None:
        todo = [t for t in dict.fromkeys(texts) if t not in _PROBS]
        for i in range(0, len(todo), 256):
            part = todo[i : i + 256]
            _PROBS.update(zip(part, vectors.probs(encoder.encode(part)), strict=True))

    def alone(sentence: str) -> bool:
        return _PROBS[sentence] >= vectors.threshold

    def default(sentence: str) -> bool:
        if claims.reads(sentence) or not model_reads(sentence, encoder.languages):
            return shipped(sentence)
        return not claims._ruled_out(sentence.strip()) and alone(sentence)

    SYSTEMS["vectors (use-m3>=t)"] = alone
    SYSTEMS["default install"] = default
    _BATCHED.update(("vectors (use-m3>=t)", "default install"))
    return encode


_ENCODE: list[Callable[[list[str]], None]] = []


def scores(gold: list[int], pred: list[bool]) -> tuple[float, float, float, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if bool(g) == p) / len(gold)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, acc


def table(title: str, rows: list[tuple[str, int]], recall_only: bool = False) -> None:
    texts = [t for t, _ in rows]
    gold = [g for _, g in rows]
    for encode in _ENCODE:
        encode(texts)
    print(f"\n{title}  (n={len(rows)}, positive={sum(gold)})")
    print(f"  {'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'kept':>6}")
    for name, fn in SYSTEMS.items():
        pred = [fn(t) for t in texts]
        p, r, f1, acc = scores(gold, pred)
        kept = sum(pred) / len(pred)
        if recall_only:
            print(f"  {name:<22} {'':>6} {r:6.3f} {'':>6} {'':>6} {kept:6.3f}")
        else:
            print(f"  {name:<22} {p:6.3f} {r:6.3f} {f1:6.3f} {acc:6.3f} {kept:6.3f}")


def tweets(root: Path, lang: str, split: str) -> list[tuple[str, int]]:
    path = root / "checkthat2024-task1" / lang / f"CT24_checkworthy_{lang}_{split}.tsv"
    out = []
    for row in read_tsv(path):
        if len(row) >= 4:
            text = claims.clean_post(row[2])
            out.append((text, int(row[-1].strip() == "Yes")))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_root", type=Path)
    ap.add_argument("--sweep", action="store_true", help="model P/R over thresholds (ClaimBuster)")
    ap.add_argument("--vectors", action="store_true", help="add the vector model (use-m3)")
    args = ap.parse_args(argv)
    root = args.data_root
    if args.vectors:
        _ENCODE.append(add_vectors())

    t0 = time.perf_counter()
    model()
    print(f"model loaded in {1000 * (time.perf_counter() - t0):.0f} ms, threshold {threshold()}")

    cb_test = claimbuster(root, "3class_test_disjoint_2000.json")
    cb = [(t, int(lab >= 0)) for _, t, lab in cb_test]
    table("ClaimBuster disjoint_2000: checkable (UFS+CFS) vs NFS", cb)
    cb_ids = {i for i, _, _ in cb_test}
    dev = [(t, y) for i, t, y in checkthat_english(root, "dev") if i not in cb_ids]
    note = "check-worthy != checkable: read R"
    table(f"CheckThat24 English dev minus ClaimBuster-test ids: Yes ({note})", dev)
    for split in ("dev-test", "test_gold"):
        rows = [(t, y) for _, t, y in checkthat_english(root, split)]
        table(f"CheckThat24 English {split}: Yes ({note})", rows)
    for lang, split in (("dutch", "dev"), ("spanish", "dev-test"), ("arabic", "dev-test")):
        if args.vectors:
            rows = tweets(root, lang, split)
            table(f"CheckThat24 {lang} {split} tweets: Yes ({note})", rows)
        else:
            rows = [(t, y) for t, y in tweets(root, lang, split) if y]
            table(f"CheckThat24 {lang} {split} tweets, Yes only: recall", rows, recall_only=True)

    if args.sweep:
        probs = [checkable(t) for t, _ in cb]
        gold = [g for _, g in cb]
        print("\nthreshold sweep, model alone, ClaimBuster disjoint_2000")
        for t in (0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7):
            p, r, f1, acc = scores(gold, [x >= t for x in probs])
            print(f"  t={t:<5} P {p:.3f} R {r:.3f} F1 {f1:.3f} acc {acc:.3f}")

    texts = [t for t, _ in cb] + [t for t, _ in dev]
    # CPU time of this process (one core), best of 5 passes: other processes on the machine
    # slow the wall clock down, not this.
    print(f"\nspeed, one core (process CPU time, best of 5 passes over {len(texts)} sentences):")
    for name, fn in (("checkable()", checkable), *SYSTEMS.items()):
        if name in _BATCHED:
            continue  # their vectors were computed in batches above
        best = 0.0
        for _ in range(5):
            t0 = time.process_time()
            for t in texts:
                fn(t)
            best = max(best, len(texts) / max(time.process_time() - t0, 1e-9))
        print(f"  {name:<22} {best:10,.0f} sentences/s  ({1e6 / best:5.1f} µs each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
