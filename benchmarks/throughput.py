"""Judging throughput against large ledgers, and the memory of a 100,000-claim ledger.

Usage: .venv/bin/python benchmarks/throughput.py [--articles N] [--sizes 10000,100000] [--record]
       valgrind --tool=callgrind --instr-atstart=no .venv/bin/python benchmarks/throughput.py \
           --callgrind --articles 41 --sizes 10000   (instructions of judging only; see below)

What it measures: `judge()` (claim extraction, ledger lookups, evidence cues, duplicate check) of
N synthetic ~800-word articles against one story's ledger of 10,000 and of 100,000 claims, on one
core; and the peak RSS of the process once the 100,000-claim ledger is built. With --record each
article is also recorded (`record()`), as the pipeline does, so the ledger grows while judging.

The synthetic text is made to have news-like token statistics rather than a tiny template
vocabulary (which would make every posting list thousands of entries long):
- general words: the labelled articles' vocabulary plus ~20,000 generated words, drawn with a
  Zipf law (a few words are very common, most are rare), plus English function words;
- names: a story core of 12 people and places that appear in a third of all claims (a story's
  ledger keeps naming its protagonists), and 5,000 generated names drawn Zipf-wise;
- figures and dates in about half the sentences.
Articles: 40-45 sentences in paragraphs of 2-3, a byline and a promo line; 20% of the sentences
are copied from the ledger, 20% are ledger sentences retold (word order rotated, a word
dropped), the rest are new.

With --callgrind (under valgrind, as above) the script judges one article to warm up, then has
callgrind count instructions only while it judges the other N-1 against the first ledger size
(after `prepare`, the one-time read of every record that the rate leaves out too)
(with --texts, the real articles instead of synthetic ones):
a measure of the code's work that does not drift with the machine's load (divide the "Collected"
count valgrind prints by N-1)."""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.ledger import DuplicateIndex, Ledger, features  # noqa: E402
from judge.verdict import judge, prepare, record  # noqa: E402
from watchers.models import Article, LedgerRecord  # noqa: E402

FUNCTION = (
    "the of to and in that for on with as at by from was were is are has had have been will "
    "would said told after before over about against into during"
).split()
MONTHS = (
    "January February March April May June July August September October November December".split()
)
SYLLABLES = (
    "ka lo mi ra ten vor sel dun bri ast gal pen tor vik mar lin hol sta bre kon dar fel gri "
    "mon tes ul ven zor ab ic ot run wel yas har pel quin sor"
).split()
T = datetime(2026, 1, 1, tzinfo=UTC)


def _labelled_words() -> list[str]:
    words: set[str] = set()
    for path in [
        ROOT / "watchers/samples/demo.yaml",
        *(ROOT / "benchmarks/data/labelled").glob("*.yaml"),
    ]:
        words.update(w for w in re.findall(r"[a-z]{3,}", path.read_text(encoding="utf-8")))
    return sorted(words)


def _coin(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


class Text:
    """A generator of news-like sentences with Zipf-distributed words and names."""

    def __init__(self, seed: int = 1) -> None:
        rng = random.Random(seed)
        words = _labelled_words() + sorted({_coin(rng, rng.randint(2, 4)) for _ in range(21_000)})
        rng.shuffle(words)
        names = sorted({_coin(rng, rng.randint(2, 3)).capitalize() for _ in range(5_200)})
        rng.shuffle(names)
        self.words, self.names = words, names
        self.core = names[:12]
        self.word_cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(words))))
        self.name_cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(names))))

    def sentence(self, rng: random.Random) -> str:
        n = rng.randint(8, 13)
        content = rng.choices(self.words, cum_weights=self.word_cum, k=n)
        names = rng.choices(self.names, cum_weights=self.name_cum, k=rng.randint(1, 3))
        if rng.random() < 0.35:
            names[0] = rng.choice(self.core)
        out: list[str] = []
        for i, w in enumerate(content):
            out.append(w)
            if i % 2 == 1:
                out.append(rng.choice(FUNCTION))
        for name in names:
            out.insert(rng.randrange(1, len(out)), name)
        if rng.random() < 0.5:
            out.insert(rng.randrange(1, len(out)), f"{rng.randint(2, 990):,}")
        if rng.random() < 0.3:
            out += ["on", str(rng.randint(1, 28)), rng.choice(MONTHS), str(rng.randint(2015, 2026))]
        out[0] = out[0].capitalize()
        return " ".join(out) + "."

    @staticmethod
    def retell(rng: random.Random, sentence: str) -> str:
        words = sentence.rstrip(".").split()
        cut = rng.randrange(1, len(words))
        words = words[cut:] + words[:cut]
        del words[rng.randrange(len(words))]
        return " ".join(words).capitalize() + "."


def build(n: int, seed: int = 1, gen: Text | None = None) -> tuple[Ledger, list[str]]:
    gen = gen or Text()
    rng = random.Random(seed)
    texts = [gen.sentence(rng) for _ in range(n)]
    ledger = Ledger(
        LedgerRecord(s, f"https://x.example/{i}", "X", T, f"a{i // 20}")
        for i, s in enumerate(texts)
    )
    return ledger, texts


def articles(texts: list[str], count: int, seed: int = 2, gen: Text | None = None) -> list[Article]:
    gen = gen or Text()
    rng = random.Random(seed)
    out = []
    for i in range(count):
        sents = []
        for _ in range(rng.randint(40, 45)):
            x = rng.random()
            if x < 0.2:
                sents.append(rng.choice(texts))
            elif x < 0.4:
                sents.append(gen.retell(rng, rng.choice(texts)))
            else:
                sents.append(gen.sentence(rng))
        paras = ["By Ada Winn"]
        j = 0
        while j < len(sents):
            k = rng.randint(2, 3)
            paras.append(" ".join(sents[j : j + k]))
            j += k
        paras.append("Sign up for our daily newsletter.")
        out.append(
            Article(
                f"b{i}",
                f"https://b.example/{i}",
                "t",
                "\n\n".join(paras),
                "",
                datetime(2026, 2, 1, tzinfo=UTC),
                "B",
                "f",
            )
        )
    return out


def real_texts(paths: list[Path]) -> list[str]:
    """Article texts from plain-text files, or from a JSON object of articles with an
    `articleBody` each (the Zyte extraction benchmark's ground-truth.json)."""
    out = []
    for p in paths:
        if p.suffix == ".json":
            data = json.loads(p.read_text(encoding="utf-8"))
            out += [a["articleBody"] for a in data.values() if a.get("articleBody")]
        else:
            out.append(p.read_text(encoding="utf-8"))
    return out


def real_articles(paths: list[Path], count: int) -> list[Article]:
    """Real article texts (read at run time, never stored in the project), at most one each:
    judging caches by text, so a text judged twice would cost nothing the second time."""
    texts = real_texts(paths)
    out = []
    for i in range(min(count, len(texts))):
        out.append(
            Article(
                identity=f"real-{i}",
                url=f"https://real.example/{i}",
                title="",
                text=texts[i],
                author="",
                published=datetime(2026, 1, 1, tzinfo=UTC),
                source="Real",
                feed_url="https://real.example/feed",
            )
        )
    return out


def semantic_for(ledger: Ledger, seed: int = 3, spectrum: list[Path] | None = None):
    """The default mode's record vectors for a synthetic ledger, as a restart reads them from
    the store (the synthetic words mean nothing to the model; what is timed is encoding the
    articles' undecided claims and the nearest-record search over n vectors). Without
    `spectrum`: random unit vectors, spread evenly in every direction, which no real sentence
    vectors are. With it: drawn with the mean and covariance of the sentence vectors of those
    real texts (up to 6,000 sentences), so they concentrate in a few directions as real ones do,
    which is what the search's bound (judge/semantic.py) relies on."""
    import numpy as np

    from judge.embed import load_encoder
    from judge.matching import SemanticLedger
    from judge.semantic import to_bytes

    encoder = load_encoder("embeddings")
    rng = np.random.default_rng(seed)
    dim = encoder.dim
    if spectrum:
        sentences = [
            s
            for t in real_texts(spectrum)
            for s in re.split(r"(?<=[.!?])\s+", t)
            if 40 <= len(s) <= 300
        ][:6000]
        real = encoder.encode(sentences)
        mean, cov = real.mean(axis=0), np.cov(real.T)
        vecs = rng.multivariate_normal(mean, cov, size=len(ledger), method="eigh")
        vecs = vecs.astype(np.float32)
    else:
        vecs = rng.standard_normal((len(ledger), dim)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    return SemanticLedger(encoder, ledger, [to_bytes(v) for v in vecs])


def rate(
    ledger: Ledger, arts: list[Article], keep: bool = False, semantic=None
) -> tuple[float, float]:
    """Articles per second of wall time and per second of this process's CPU time (the machine
    is shared: CPU time is what one core gives when nobody else is running)."""
    dups = DuplicateIndex()
    features.cache_clear()  # building the ledger filled it with ledger texts the articles reuse
    start, cpu = time.perf_counter(), time.process_time()
    for a in arts:
        v = judge(a, ledger, dups, semantic=semantic)
        if keep:
            record(a, v, ledger, dups)
            if semantic is not None:
                semantic.sync(ledger)
    return len(arts) / (time.perf_counter() - start), len(arts) / (time.process_time() - cpu)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--record", action="store_true", help="record each article after judging it")
    ap.add_argument(
        "--callgrind", action="store_true", help="count instructions of judging (under valgrind)"
    )
    ap.add_argument(
        "--texts",
        nargs="+",
        type=Path,
        help="judge these real articles (plain-text files, or the Zyte ground-truth.json), each "
        "once, instead of synthetic articles "
        "(the synthetic words are coined, so the sentence model sees ~2x more pieces per word)",
    )
    ap.add_argument(
        "--spectrum",
        nargs="+",
        type=Path,
        help="with --matching embeddings: draw the ledger's vectors with the mean and covariance "
        "of these real texts' sentence vectors (plain text, or the Zyte ground-truth.json) "
        "instead of evenly in every direction",
    )
    ap.add_argument(
        "--matching",
        choices=("lexical", "embeddings"),
        default="lexical",
        help="embeddings: the default mode (sentence model on what the words leave undecided)",
    )
    args = ap.parse_args()
    gen = Text()
    if args.callgrind:
        ledger, texts = build(int(args.sizes.split(",")[0]), gen=gen)
        arts = (
            real_articles(args.texts, args.articles)
            if args.texts
            else articles(texts, args.articles, gen=gen)
        )
        dups = DuplicateIndex()
        features.cache_clear()
        prepare(ledger)  # the one-time read of every record, left out as the rate leaves it out
        judge(arts[0], ledger, dups)
        control = ["callgrind_control", "-i"]
        subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
        for a in arts[1:]:
            judge(a, ledger, dups)
        subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)
        print(f"judged {len(arts) - 1} articles with instrumentation on")
        return 0
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results = {}
    for n in (int(s) for s in args.sizes.split(",")):
        t0 = time.perf_counter()
        ledger, texts = build(n, gen=gen)
        build_s = time.perf_counter() - t0
        # what the first judgement after a load reads from every record once (the story's
        # voices): a one-time cost at start, reported apart from the per-article rate
        prepare_s = prepare(ledger)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        arts = (
            real_articles(args.texts, args.articles)
            if args.texts
            else articles(texts, args.articles, gen=gen)
        )
        words = sum(len(a.text.split()) for a in arts) / len(arts)
        vocab = len({w.lower() for s in texts[:2000] for w in re.findall(r"[^\W\d]+", s)})
        semantic = (
            semantic_for(ledger, spectrum=args.spectrum) if args.matching == "embeddings" else None
        )
        r, r_cpu = rate(ledger, arts, args.record, semantic)
        results[n] = r_cpu
        print(
            f"[{args.matching}] ledger={n} claims: built in {build_s:.1f}s (+{prepare_s:.1f}s read once "
            f"by the first judgement), peak RSS {rss / 1024:.0f} MB "
            f"(process start {rss0 / 1024:.0f} MB; {vocab} distinct words in 2,000 claims); "
            f"{r:.0f} articles/s wall, {r_cpu:.0f} per CPU second (~{words:.0f} words each)"
        )
        del ledger, texts
    if len(results) == 2:
        a, b = results.values()
        print(f"CPU time per article, larger / smaller ledger: {a / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
