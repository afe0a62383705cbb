"""Judging throughput against large ledgers, and the memory of a 100,000-claim ledger.

Usage: .venv/bin/python benchmarks/judge.py [--articles N]
Synthetic ledgers: claims generated from templates over invented names, places and figures, so
that token statistics resemble news claims; articles of ~800 words mix seen and new sentences."""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from watchers.judge import judge  # noqa: E402
from watchers.ledger import DuplicateIndex, Ledger  # noqa: E402
from watchers.models import Article, LedgerRecord  # noqa: E402

FIRST = "Anna Boris Carla Dmitri Elena Farid Greta Hugo Ines Jonas Karin Luka Mira Nils Olga Pavel Rosa Stefan Tara Viktor".split()
LAST = "Adler Brandt Costa Dahl Egger Falk Gruber Holm Ivanov Jansen Kovac Lund Moreau Novak Orsic Petrov Quist Rossi Sandor Varga".split()
PLACES = "Portavia Lakemoor Dunmore Redhaven Valdor Nordvik Ostberg Kerrin Alston Belmar".split()
ORGS = "ministry council agency company bank union court police party port hospital school".split()
VERBS = "paid received approved signed blocked funded hired fired sued audited questioned investigated".split()
OBJ = "contract loan permit tender budget report licence grant lease merger bond subsidy".split()


def sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(FIRST)} {rng.choice(LAST)} of the {rng.choice(PLACES)} {rng.choice(ORGS)} "
        f"{rng.choice(VERBS)} a {rng.randint(1, 999)} million {rng.choice(OBJ)} with "
        f"{rng.choice(FIRST)} {rng.choice(LAST)} in {rng.choice(PLACES)} in {rng.randint(1990, 2026)}."
    )


def build(n: int, seed: int = 1) -> tuple[Ledger, list[str]]:
    rng = random.Random(seed)
    texts = [sentence(rng) for _ in range(n)]
    t = datetime(2026, 1, 1, tzinfo=UTC)
    ledger = Ledger(
        LedgerRecord(s, f"https://x.example/{i}", "X", t, f"a{i // 20}")
        for i, s in enumerate(texts)
    )
    return ledger, texts


def articles(texts: list[str], count: int, seed: int = 2) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        sents = [rng.choice(texts) if rng.random() < 0.5 else sentence(rng) for _ in range(40)]
        text = "\n\n".join(" ".join(sents[j : j + 3]) for j in range(0, 40, 3))
        out.append(
            Article(
                f"b{i}",
                f"https://b.example/{i}",
                "t",
                text,
                "",
                datetime(2026, 2, 1, tzinfo=UTC),
                "B",
                "f",
            )
        )
    return out


def rate(ledger: Ledger, arts: list[Article]) -> float:
    dups = DuplicateIndex()
    start = time.perf_counter()
    for a in arts:
        judge(a, ledger, dups)
    return len(arts) / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    args = ap.parse_args()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {}
    for n in (10_000, 100_000):
        t0 = time.perf_counter()
        ledger, texts = build(n)
        build_s = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        arts = articles(texts, args.articles)
        words = sum(len(a.text.split()) for a in arts) / len(arts)
        r = rate(ledger, arts)
        results[n] = r
        print(
            f"ledger={n} claims: built in {build_s:.1f}s, peak RSS {rss / 1024:.0f} MB "
            f"(process start {rss0 / 1024:.0f} MB); {r:.0f} articles/s (~{words:.0f} words each)"
        )
        del ledger, texts
    print(f"slowdown 10k -> 100k: {results[10_000] / results[100_000]:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
