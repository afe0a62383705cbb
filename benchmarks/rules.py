"""Rule matching speed: N stories x M articles through watchers.rules.Matcher on one core.

Usage: .venv/bin/python benchmarks/rules.py [--stories 100] [--articles 1000] [--words 800] [--repeat 5]
Stories are generated like real ones (3 `all` terms, 8 `any` terms with aliases, 2 `none` terms,
a third with a regex, some with sources/dates); articles are ~800-word news-like texts (see
make_articles) whose content words come from the rules' 5,000-word vocabulary, one in ten
carrying some story's terms. Prints the best and median of --repeat runs."""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from watchers.config import Rule  # noqa: E402
from watchers.models import Article  # noqa: E402
from watchers.rules import Matcher  # noqa: E402

SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "te",
    "sun",
    "dor",
    "vel",
    "an",
    "is",
    "ob",
    "ur",
    "lek",
    "pa",
    "zi",
    "gro",
]


def vocabulary(rng: random.Random, n: int) -> list[str]:
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def make_rules(rng: random.Random, vocab: list[str], n: int) -> list[Rule]:
    rules = []
    for i in range(n):
        pick = rng.sample(vocab, 16)
        phrases = [f"{pick[k]} {pick[k + 1]}" for k in (12, 14)]
        match: dict[str, object] = {
            "all": pick[:2] + phrases[:1],
            "any": pick[2:9] + phrases[1:],
            "none": pick[9:11],
            "aliases": {pick[2]: [pick[11], f"{pick[11]} {pick[2]}"], pick[3]: [pick[3] + "s"]},
            "min_hits": rng.choice([1, 1, 2]),
        }
        if i % 3 == 0:
            match["regex"] = [rf"\b{pick[4]}\b[^.]{{0,60}}\b\d{{4}}\b"]
        data: dict[str, object] = {"id": f"story-{i}", "title": f"Story {i}", "match": match}
        if i % 10 == 0:
            data["sources"] = {"deny": ["example.org"]}
        if i % 7 == 0:
            data["since"] = "2025-01-01"
        rules.append(Rule.model_validate(data))
    return rules


# The most frequent English words, which make up close to half of running news text.
FUNCTION_WORDS = (
    "the of and to a in that is for on was with he it as said at by from his has have be an "
    "were are which not but they had this after who their been would will its more than also "
    "she her we there about over when into one two new could"
).split()
# Cyrillic letters for the syllables, so some articles are in another script entirely.
LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = str.maketrans(LATIN + LATIN.upper(), (c := "абцдефгхийклмнопкрстувшхыз") + c.upper())
ACCENTED = str.maketrans("aeiou", "áéíöü")


def _token(rng: random.Random, vocab: list[str]) -> str:
    """One word of running text: a function word, a vocabulary word, a name or a number."""
    roll = rng.random()
    if roll < 0.45:
        return rng.choice(FUNCTION_WORDS)
    if roll < 0.88:
        word = rng.choice(vocab)
        return f"{word}-{rng.choice(vocab)}" if rng.random() < 0.03 else word
    if roll < 0.95:  # a name, sometimes possessive, sometimes with diacritics
        name = rng.choice(vocab).capitalize()
        if rng.random() < 0.15:
            name = name.translate(ACCENTED)
        return name + "\u2019s" if rng.random() < 0.1 else name
    return rng.choice(
        [
            str(rng.randint(1990, 2025)),
            f"{rng.randint(1, 99)}.{rng.randint(0, 9)}%",
            f"\u00a3{rng.randint(2, 900)}m",
            f"{rng.randint(1, 99)},{rng.randint(100, 999)}",
            f"${rng.randint(1, 50)}bn",
        ]
    )


def _sentence(rng: random.Random, tokens: list[str]) -> str:
    words = [t + "," if rng.random() < 0.07 else t for t in tokens]
    words[-1] = words[-1].rstrip(",")
    if len(words) > 8 and rng.random() < 0.15:  # an aside set off by dashes or parentheses
        k = rng.randrange(2, len(words) - 4)
        if rng.random() < 0.5:
            words[k : k + 3] = ["\u2014", *words[k : k + 3], "\u2014"]
        else:
            words[k : k + 3] = ["(" + " ".join(words[k : k + 3]) + ")"]
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if rng.random() < 0.25:  # a quotation with typographic quotes
        return f"\u201c{text},\u201d {rng.choice(['he', 'she', 'they', 'officials'])} said."
    return text + rng.choice([".", ".", ".", ".", "?", ":"])


def make_articles(
    rng: random.Random, vocab: list[str], rules: list[Rule], n: int, words: int
) -> list[Article]:
    """News-like text: function words, names, numbers, commas, typographic quotes and dashes,
    paragraphs; one article in eight with accented names, one in twenty in Cyrillic. Content
    words come from the same vocabulary as the rule terms, so term hits stay far denser than in
    real news (a worst case for matching)."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    out = []
    for i in range(n):
        body = [_token(rng, vocab) for _ in range(words)]
        if i % 10 == 0:  # a story article: carry one story's all terms and some any terms
            r = rng.choice(rules)
            for t in (*r.match.all, *r.match.any[: rng.randint(1, 4)]):
                body.insert(rng.randrange(len(body)), t)
        sentences, k = [], 0
        while k < len(body):
            size = rng.randint(8, 30)
            sentences.append(_sentence(rng, body[k : k + size]))
            k += size
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        text = "\n\n".join(paragraphs)
        title = _sentence(rng, [_token(rng, vocab) for _ in range(rng.randint(6, 14))])
        if i % 20 == 7:
            text, title = text.translate(CYRILLIC), title.translate(CYRILLIC)
        out.append(
            Article(
                identity=f"a{i}",
                url=f"https://www.news{i % 50}.example.com/2025/03/{i}",
                title=title.rstrip("."),
                text=text,
                author="",
                published=start + timedelta(minutes=i),
                source=f"news{i % 50}",
                feed_url="https://example.com/feed",
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=100)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=800)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    vocab = vocabulary(rng, 5000)
    rules = make_rules(rng, vocab, args.stories)
    articles = make_articles(rng, vocab, rules, args.articles, args.words)
    chars = sum(len(a.text) + len(a.title) for a in articles)

    compile_times, match_times, matched = [], [], 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        matcher = Matcher(rules)
        t1 = time.perf_counter()
        matched = sum(len(matcher.match(a)) for a in articles)
        t2 = time.perf_counter()
        compile_times.append(t1 - t0)
        match_times.append(t2 - t1)

    best = min(match_times)
    print(
        f"{args.stories} stories x {args.articles} articles ({chars / 1e6:.1f} M chars, ~{args.words} words each): "
        f"compile {min(compile_times) * 1000:.1f} ms, match {best:.3f} s best of {args.repeat} "
        f"(median {sorted(match_times)[len(match_times) // 2]:.3f} s), "
        f"{best / args.articles * 1e6:.0f} us/article, {matched} story matches"
    )


if __name__ == "__main__":
    main()
