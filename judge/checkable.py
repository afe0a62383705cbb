"""Is a sentence a checkable statement? A small logistic regression, pure Python, ~10 µs a sentence.

`checkable(sentence)` is the probability that a sentence states something that could be checked
(a fact, a figure, an event, a reported statement) rather than opinion, speculation, a question,
a promise or page furniture ("Join our WhatsApp community", "This is a developing story").

Features (`features`): lower-cased word unigrams and bigrams, the first word ("^if", "^join"),
and shape features (digits, years, quotes, modal verbs, first and second person, an attribution
verb, capitalised words inside the sentence, length bucket, final punctuation). The weights are
a dict feature -> weight in models/checkable.json, trained by benchmarks/train_checkable.py on
ClaimBuster (NFS vs UFS+CFS) plus a hand-written list of news furniture and reported speech.
The file's SHA-256 is checked against MODEL_SHA256 when it is loaded (once, on first use).

The weights are learned from English. A sentence whose words are mostly unknown to the model
(German, Russian, Greek ...) gets a neutral prior instead, moved only by the language-neutral
shape features: the caller's rules decide, as they did before the model (see `checkable`).

A second model reads those sentences when a sentence model is loaded (the default install): a
logistic regression over the sentence model's vectors (`Head`, models/checkable-<model>.json,
trained by `benchmarks/train_checkable.py --head use-m3` on the same English data). The sentence
model puts a sentence and its translation close together, so what it learnt from English carries
over to the other languages the sentence model was trained on (docs/benchmarks-checkable.md).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "models" / "checkable.json"
# SHA-256 of models/checkable.json; benchmarks/train_checkable.py --update-hash rewrites it.
MODEL_SHA256 = "0285d94d9de0afdebc21dfe1302e82e6553ddc576eac6fa4c30b335e86df5c88"
# The vector models, per sentence model, and their SHA-256 (`train_checkable.py --head NAME
# --update-hash` rewrites it).
HEAD_PATHS = {"use-m3": MODEL_PATH.parent / "checkable-use-m3.json"}
HEAD_SHA256 = {"use-m3": "8e157cc326d47d3981067a12094a68407f24a53238fe3459efa550a63944faee"}

_TOKEN = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\s[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω]")  # a capitalised word after the first
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")  # what the token test in _shape computes
_CENTURIES = frozenset(("18", "19", "20"))
# \w in ASCII text is [A-Za-z0-9_]: every other byte becomes a space, and split() gives the runs.
_ASCII_NON_WORD_TO_SPACE = bytes(
    c if (c < 0x80 and chr(c).isalnum()) or c == ord("_") else ord(" ") for c in range(256)
)


def _tokens(sentence: str) -> list[str]:
    """= _TOKEN.findall(sentence.lower()), without the regex for ASCII text (most of it)."""
    low = sentence.lower()
    if low.isascii():
        return low.encode().translate(_ASCII_NON_WORD_TO_SPACE).decode().split()
    return _TOKEN.findall(low)


# Word classes, each a shape feature: modal verbs, first and second person, attribution verbs.
_CLASSES = (
    ("#modal", "may might could would should must can"),
    ("#first", "i we my our me us myself ourselves"),
    ("#second", "you your yours yourself"),
    (
        "#say",
        """said says told according stated announced confirmed denied denies reported claimed
        alleged added wrote insisted admitted acknowledged""",
    ),
)
_CLASS_OF = {w: name for name, ws in _CLASSES for w in ws.split()}
_CLASS_ORDER = tuple(name for name, _ in _CLASSES)
_QUOTES = ('"', "“", "”", "«", "»", "„")
_CURRENCY = ("$", "€", "£", "¥", "%")
_ZEROS = repeat(0.0)


# What the shape features below test, precomputed: the length bucket per token count (25 and
# more: "#len5"), the capitals bucket per count (4 and more: "#caps4"), the final character's
# feature ("" is in every string, so an empty sentence ends in "#end").
_LEN_FEATURE = tuple(
    "#len" + ("1" if n < 4 else "2" if n < 8 else "3" if n < 14 else "4" if n < 25 else "5")
    for n in range(26)
)
_CAPS_FEATURE = ("#caps0", "#caps1", "#caps2", "#caps2", "#caps4")
_END_FEATURE = {e: "#end" + e for e in [*".?!:;…", ""]}
# = _CAPITALISED.findall's count: a capital after whitespace, found from the capital (a pattern
# that starts with a character class lets re skip to candidates instead of trying each position).
_CAPITAL_AFTER_SPACE = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω](?<=\s.)")


# ASCII text as classes of bytes: "s" whitespace (\s: str.isspace), "C" a capital, "d" a digit
# (\d in ASCII), "x" the rest. The regexes above cost ~70 instructions a character (re checks a
# category per character); one bytes.translate and two substring searches give the same answers.
_ASCII_CLASS = (
    bytes(
        ord("s")
        if chr(c).isspace()
        else ord("C")
        if "A" <= chr(c) <= "Z"
        else ord("d")
        if "0" <= chr(c) <= "9"
        else ord("x")
        for c in range(128)
    )
    + b"x" * 128
)


def _shape(sentence: str, toks: list[str]) -> list[str]:
    """The first word ("^if") and the shape features ("#...") of a sentence."""
    n = len(toks)
    feats = ["^" + toks[0], _LEN_FEATURE[n if n < 25 else 25]] if toks else ["#len1"]
    if sentence.isascii():
        classes = sentence.encode().translate(_ASCII_CLASS)
        digit = b"d" in classes
        caps = classes.count(b"sC")  # = the capitals after whitespace, as _CAPITALISED counts
    else:
        digit = _DIGIT.search(sentence) is not None
        caps = len(_CAPITAL_AFTER_SPACE.findall(sentence))
    if digit:
        feats.append("#digit")
        # = _YEAR.search(sentence): a \w+ run of exactly 18dd, 19dd or 20dd (\d: isdecimal)
        for t in toks:
            if len(t) == 4 and t[:2] in _CENTURIES and t[2:].isdecimal():
                feats.append("#year")
                break
    # = any(q in sentence for q in _QUOTES), then the same for _CURRENCY, without generators
    if (
        '"' in sentence
        or "“" in sentence
        or "”" in sentence
        or "«" in sentence
        or "»" in sentence
        or "„" in sentence
    ):
        feats.append("#quote")
    if "$" in sentence or "€" in sentence or "£" in sentence or "¥" in sentence or "%" in sentence:
        feats.append("#money")
    feats.append(_CAPS_FEATURE[caps if caps < 4 else 4])
    word_classes = set(map(_CLASS_OF.get, toks))
    if len(word_classes) > 1 or None not in word_classes:
        # a fixed order: same float sums
        feats.extend(c for c in _CLASS_ORDER if c in word_classes)
    feats.append(_END_FEATURE.get(sentence.rstrip("\"'”’»)] ")[-1:], "#end_"))
    return feats


def _shape_plain(sentence: str, toks: list[str]) -> list[str]:
    """`_shape` as written before its fast path (tests/test_fastpaths.py: both agree)."""
    n = len(toks)
    feats = ["^" + toks[0]] if toks else []
    feats.append(
        "#len" + ("1" if n < 4 else "2" if n < 8 else "3" if n < 14 else "4" if n < 25 else "5")
    )
    if _DIGIT.search(sentence):
        feats.append("#digit")
        # = _YEAR.search(sentence): a \w+ run of exactly 18dd, 19dd or 20dd (\d: isdecimal)
        for t in toks:
            if len(t) == 4 and t[:2] in _CENTURIES and t[2:].isdecimal():
                feats.append("#year")
                break
    for q in _QUOTES:
        if q in sentence:
            feats.append("#quote")
            break
    for c in _CURRENCY:
        if c in sentence:
            feats.append("#money")
            break
    caps = len(_CAPITALISED.findall(sentence))
    feats.append("#caps" + ("0" if caps == 0 else "1" if caps == 1 else "2" if caps < 4 else "4"))
    classes = set(map(_CLASS_OF.get, toks))
    if len(classes) > 1 or None not in classes:
        feats.extend(c for c in _CLASS_ORDER if c in classes)  # a fixed order: same float sums
    end = sentence.rstrip("\"'”’»)] ")[-1:]
    feats.append("#end" + (end if end in ".?!:;…" else "_"))
    return feats


def features(sentence: str) -> tuple[list[str], list[str]]:
    """(features, word tokens) of a sentence. The feature names are the model's dict keys:
    a unigram is the word, a bigram two words with a space, the rest start with "#" or "^"."""
    toks = _tokens(sentence)
    feats = toks + list(map(" ".join, zip(toks, toks[1:], strict=False)))
    return feats + _shape(sentence, toks), toks


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_model(path: Path = MODEL_PATH, sha256: str | None = MODEL_SHA256) -> dict:
    """The model file's content; ValueError when its SHA-256 is not `sha256` (None: not checked)."""
    data = path.read_bytes()
    if sha256 is not None and _sha256(data) != sha256:
        raise ValueError(f"{path}: SHA-256 {_sha256(data)} is not the expected {sha256}")
    model = json.loads(data)
    if model.get("format") != "storywatch-checkable-1":
        raise ValueError(f"{path}: not a storywatch checkable model")
    return model


class Model:
    """Weights of a trained model; `prob` is `checkable` for this model."""

    def __init__(self, model: dict) -> None:
        self.bias: float = model["bias"]
        weights: dict[str, float] = model["weights"]
        # Bigrams keyed by the pair of words: no string to build for each pair of a sentence.
        self.weights = {f: v for f, v in weights.items() if " " not in f}
        self.bigrams = {tuple(f.split(" ")): v for f, v in weights.items() if " " in f}
        self.shape: dict[str, float] = model["shape_weights"]
        self.shape_bias: float = model["shape_bias"] - model["shape_center"]
        self.min_coverage: float = model["min_coverage"]
        self.threshold: float = model["threshold"]
        self.shift = math.log(self.threshold / (1.0 - self.threshold))

    def coverage(self, toks: list[str]) -> float:
        """Share of the word tokens the model knows (1.0 for no tokens)."""
        return sum(map(self.weights.__contains__, toks)) / len(toks) if toks else 1.0

    def prob(self, sentence: str) -> float:
        """= sigmoid(bias + sum of the weights of features(sentence)), written for speed."""
        toks = _tokens(sentence)
        shape = _shape(sentence, toks)
        # Every known word has a weight (the training script keeps them all): one pass over the
        # words gives both their weights and how many of them are known.
        uni = list(map(self.weights.get, toks))
        if len(uni) - uni.count(None) < self.min_coverage * len(uni):
            # Mostly unknown words (another language): the shape-only model, shifted so that
            # most factual English sentences would pass on their shape alone (shape_center is
            # a low quantile of its logits on the checkable training sentences).
            z = self.shape_bias + self.shift + sum(map(self.shape.get, shape, _ZEROS))
        else:
            z = self.bias + sum(filter(None, uni)) + sum(map(self.weights.get, shape, _ZEROS))
            z += sum(map(self.bigrams.get, pairwise(toks), _ZEROS))
        if z < -30.0:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model, loaded and hash-checked once."""
    return Model(load_model())


def reads(sentence: str) -> bool:
    """Whether the word model knows most of the sentence's words (English): if not, it decides
    on the sentence's shape alone, and the vector model (`Head`) is the better judge."""
    m = model()
    return m.coverage(_tokens(sentence)) >= m.min_coverage


def load_head(name: str, path: Path | None = None, sha256: str | None = "pinned") -> dict:
    """The vector model file for sentence model `name`; ValueError when its SHA-256 is not the
    pinned one (`sha256=None`: not checked) or it is no vector model of that sentence model."""
    path = path or HEAD_PATHS[name]
    data = path.read_bytes()
    expected = HEAD_SHA256[name] if sha256 == "pinned" else sha256
    if expected is not None and _sha256(data) != expected:
        raise ValueError(f"{path}: SHA-256 {_sha256(data)} is not the expected {expected}")
    head = json.loads(data)
    if head.get("format") != "storywatch-checkable-head-1" or head.get("model") != name:
        raise ValueError(f"{path}: not a storywatch checkable model for {name} vectors")
    return head


class Head:
    """Checkable probability from a sentence model's unit vectors: sigmoid(w·v + b)."""

    def __init__(self, head: dict) -> None:
        import numpy as np

        self.weights = np.asarray(head["weights"], dtype=np.float32)
        self.bias: float = head["bias"]
        self.threshold: float = head["threshold"]

    def probs(self, vectors: np.ndarray) -> list[float]:
        import numpy as np

        z = np.clip(vectors @ self.weights + self.bias, -30.0, 30.0)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-z))]


@lru_cache(maxsize=4)
def head(name: str) -> Head | None:
    """The shipped vector model for sentence model `name` (hash-checked), or None if none ships."""
    return Head(load_head(name)) if name in HEAD_PATHS else None


def checkable(sentence: str) -> float:
    """Probability (0..1) that `sentence` states something checkable; compare with `threshold()`."""
    return model().prob(sentence)


def threshold() -> float:
    """The decision threshold the shipped model was tuned for (is_claim uses it)."""
    return model().threshold
