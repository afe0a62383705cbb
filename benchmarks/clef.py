"""CLEF CheckThat! 2020 task 2: is a tweet's claim already in the ledger? F1 and MAP@5 of the matcher.

Usage: .venv/bin/python benchmarks/clef.py [DATA_DIR] [--split dev|train]
DATA_DIR defaults to ../shared/data/clef2020-task2 relative to the repository; the data is read
in place, never copied. Positive: the tweet's gold claim is in the ledger and the top match is it
(strict) or any match is made (lenient); negative: the same tweet with its gold claim held out."""

from __future__ import annotations

import argparse
import csv
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watchers.ledger import Ledger  # noqa: E402
from watchers.models import LedgerRecord  # noqa: E402

csv.field_size_limit(10**7)


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t"))[1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "data", nargs="?", type=Path, default=ROOT.parent / "shared/data/clef2020-task2"
    )
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    t = datetime(2020, 1, 1, tzinfo=UTC)
    claims = {
        row[0]: row[1] for row in read_tsv(args.data / "verified_claims.docs.tsv") if len(row) >= 2
    }
    tweets = {
        row[0]: row[1]
        for row in read_tsv(args.data / args.split / "tweets.queries.tsv")
        if len(row) >= 2
    }
    gold: dict[str, str] = {}
    for line in (args.data / args.split / "tweet-vclaim-pairs.qrels").read_text().splitlines():
        parts = line.split()
        if len(parts) >= 3:
            gold[parts[0]] = parts[2]

    def ledger_without(held: set[str]) -> Ledger:
        return Ledger(
            LedgerRecord(text, f"vclaim:{cid}", "snopes", t, cid)
            for cid, text in claims.items()
            if cid not in held
        )

    full = ledger_without(set())
    print(f"ledger: {len(full)} verified claims; {args.split}: {len(gold)} tweets")
    ap5 = 0.0
    tp = fn_strict = fn = 0
    for tid, cid in gold.items():
        ranked = full.rank(tweets[tid], 5)
        ids = [r.first_url.removeprefix("vclaim:") for r, _ in ranked]
        ap5 += 1.0 / (ids.index(cid) + 1) if cid in ids else 0.0
        v = full.match(tweets[tid])
        if v.status != "new":
            tp += 1
            fn_strict += v.first_url != f"vclaim:{cid}"
        else:
            fn += 1
    # Held out: every gold claim of the split removed at once (each tweet has one gold claim).
    held = ledger_without(set(gold.values()))
    fp = sum(1 for tid in gold if held.match(tweets[tid]).status != "new")
    n = len(gold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / n
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    tp_s = tp - fn_strict
    ps = tp_s / (tp_s + fp) if tp_s + fp else 0.0
    rs = tp_s / n
    f1s = 2 * ps * rs / (ps + rs) if ps + rs else 0.0
    print(f"MAP@5: {ap5 / n:.3f}")
    print(f"repeat detection (lenient: any match): precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    print(
        f"repeat detection (strict: first match is the gold claim): precision {ps:.3f} recall {rs:.3f} F1 {f1s:.3f}"
    )
    print(f"held-out tweets wrongly judged repeats: {fp}/{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
