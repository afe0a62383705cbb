"""Verdict quality on the labelled stories: article verdict accuracy and claim-level "new" P/R.

Usage: .venv/bin/python benchmarks/quality.py [STORY.yaml ...] [--verbose]
Default: watchers/samples/demo.yaml and benchmarks/data/labelled/*.yaml. Each story is judged in
publication order through judge() + record(), starting from a ledger seeded with the rule's claims."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.verdict import load_labelled, replay  # noqa: E402


def default_files() -> list[Path]:
    return [
        ROOT / "watchers/samples/demo.yaml",
        *sorted((ROOT / "benchmarks/data/labelled").glob("*.yaml")),
    ]


def evaluate(files: list[Path], verbose: bool = False) -> dict[str, float]:
    articles = correct = 0
    claim_pairs: list[tuple[str, str]] = []  # (gold, predicted)
    confusion: Counter[tuple[str, str]] = Counter()
    for path in files:
        story, items = load_labelled(path)
        by_id = {i.id: i.article.url for i in items}
        for item, v in replay(story, items):
            ok = v.verdict == item.label
            if ok and item.label == "duplicate":
                ok = v.duplicate_of == by_id.get(item.duplicate_of or "")
            articles += 1
            correct += ok
            confusion[(item.label, v.verdict)] += 1
            if verbose or not ok:
                mark = "ok " if ok else "BAD"
                print(f"{mark} {path.stem}/{item.id} label={item.label} got={v.verdict}")
                if not ok:
                    for r in v.reasons:
                        print(f"      {r}")
            for sub, gold in item.claims:
                found = [c for c in v.claims if sub.lower() in c.claim.text.lower()]
                pred = found[0].status if found else "dropped"
                claim_pairs.append((gold, pred))
                if pred != gold:
                    extra = (
                        f" (matched: {found[0].matched_text!r} {found[0].score})" if found else ""
                    )
                    print(
                        f"    claim {path.stem}/{item.id}: gold={gold} got={pred}: {sub!r}{extra}"
                    )
    tp = sum(1 for g, p in claim_pairs if g == "new" and p == "new")
    fp = sum(1 for g, p in claim_pairs if g != "new" and p == "new")
    fn = sum(1 for g, p in claim_pairs if g == "new" and p != "new")
    exact = sum(1 for g, p in claim_pairs if g == p)
    result = {
        "stories": len(files),
        "articles": articles,
        "article_accuracy": correct / articles if articles else 0.0,
        "claims": len(claim_pairs),
        "claim_status_accuracy": exact / len(claim_pairs) if claim_pairs else 0.0,
        "new_precision": tp / (tp + fp) if tp + fp else 0.0,
        "new_recall": tp / (tp + fn) if tp + fn else 0.0,
    }
    if verbose:
        print("confusion (label -> verdict):", dict(confusion))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    result = evaluate(args.files or default_files(), args.verbose)
    for k, v in result.items():
        print(f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
