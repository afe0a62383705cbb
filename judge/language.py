"""Which language a claim is in, as far as judging needs to know: English, a Romance language
(capitalises names only, does not decline them), or another language (pure, no model)."""

from __future__ import annotations

import re
from functools import lru_cache

from watchers.lang import WORD_LANGS, other_than_english

# Short words of Spanish, French, Italian and Portuguese that English text does not use: these
# languages capitalise names only (not nouns, as German does) and do not decline them.
ROMANCE = frozenset(
    "el los las del que por una con para como según fue entre sobre también desde le les des est "
    "une pour dans sur selon été ont aux il della che gli alla dei delle nel nella sono è stato "
    "degli os das dos uma não pelo pela foi são já ao de la en di da do du et y em às nas num "
    "numa mais mas ela seu sua tem também".split()
)


ENGLISH = frozenset("the a an of to in and is was were that for on with by has have said".split())
# Function words of the other languages that English does not use (watchers.lang): "Der Fahrer
# sitzt in Untersuchungshaft" has an English "in", and a German "der".
OTHER = frozenset(w for w, langs in WORD_LANGS.items() if "en" not in langs) | frozenset(
    "es einen einem eines waren gab im zu aus um sei seien habe wird wir sie er ihm ihn lo ha "
    "hanno".split()
)


@lru_cache(maxsize=8192)  # asked of one claim at several steps
def english(text: str) -> bool:
    """Text in English: enough of its words are English function words, and more of them than
    Romance ones or other languages' ("a" and "in" are also Spanish, Italian or German words)."""
    words = text.lower().split()
    hits = sum(map(ENGLISH.__contains__, words))  # = sum(w in ENGLISH for w in words)
    return (
        hits >= 0.12 * len(words)
        and hits > sum(map(ROMANCE.__contains__, words))
        and hits > sum(map(OTHER.__contains__, words))
    )


def romance(text: str) -> bool:
    """Text in Spanish, French, Italian or Portuguese, by its function words."""
    words = text.lower().split()
    return sum(map(ROMANCE.__contains__, words)) >= max(2, 0.1 * len(words))


def other_language(text: str) -> bool:
    """Text in a language other than English: not English, and a share of another language's
    function words (a text of made-up or scrambled words has none or few)."""
    if english(text):
        return False
    n = other_than_english(text)
    return n >= 2 and n >= 0.12 * len(text.split())


@lru_cache(maxsize=4096)
def language_of(text: str) -> str:
    """The ISO 639-1 code of the language a sentence is written in (py3langid: a Naive Bayes
    model of 97 languages that ships inside the package; ~30 µs a sentence). English is told by
    its function words first (`english`), which short English claims need."""
    if english(text):
        return "en"
    import py3langid

    return str(py3langid.classify(text)[0])


def load_model() -> None:
    """Load py3langid's model now (a one-time read of ~1 s: its weights are compressed) rather
    than inside the first judgement that meets a sentence not in English."""
    import py3langid

    py3langid.classify("Der Zug fuhr am Morgen ab.")


def model_reads(text: str, languages: frozenset[str] | None) -> bool:
    """Whether a sentence model trained on `languages` (None: ~100 languages) reads this text:
    outside them its vectors are near chance, and two texts of one unknown language can still
    look close (shared sub-word pieces), so their cosine tells nothing."""
    return languages is None or language_of(text) in languages


# Portuguese: its spelling ("ão", "ões", "ç" before a, o, u) or two of its function words that
# Spanish, Italian and English do not use, and none of Spanish's. There "no" and "nos" are "in the"
# (em + o), not the negation they are in English and Spanish.
_PORTUGUESE_SPELLING = re.compile(r"[ãõ]|ç[aou]", re.IGNORECASE)
_PORTUGUESE_WORDS = frozenset(
    "o do da das dos os na nas ao aos à às pelo pela pelos pelas num numa em uma já é".split()
)
_SPANISH_WORDS = frozenset("el los la las del al y una".split())
_IN_THE = re.compile(r"\b([NnDd])os?\b")


def without_portuguese_no(text: str) -> str:
    """The text with Portuguese "no"/"nos" (in the) and "dos" (of the) written "do" (of the, a
    stop word), so that none is read as a negation or as Spanish "dos" (two: "um dos piores"
    gives no figure); any other text unchanged."""
    if not ("no" in text or "No" in text or "dos" in text or "Dos" in text):
        return text
    words = text.lower().split()
    if _SPANISH_WORDS.isdisjoint(words) and (
        _PORTUGUESE_SPELLING.search(text) or sum(map(_PORTUGUESE_WORDS.__contains__, words)) >= 2
    ):
        return _IN_THE.sub(lambda m: ("D" if m.group(1) in "ND" else "d") + "o", text)
    return text
