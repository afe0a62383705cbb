"""Which language an article is written in, from its most common function words (pure, no model).

News text of a few sentences is enough: every language has a few dozen short words (articles,
prepositions, pronouns, auxiliaries) that make up a third of any running text and that other
languages rarely use. `detect` counts them and answers only when one language clearly leads;
otherwise it says None, and a story's `languages:` then lets the article through (an unknown
language is never a reason to drop news).
"""

from __future__ import annotations

import re

# Frequent words that are distinctive for their language (words shared by several, such as
# "a", "de", "la", "en", "die" or "in", are left out or kept only where they dominate).
_STOPWORDS: dict[str, str] = {
    "en": "the and of to is was that for with on are by this from have has had were said which "
    "would been their they will not but who its also about after over than more",
    "de": "der und den das ist nicht mit sich auf dem des ein eine auch für wurde werden sind "
    "nach bei einer vom zum zur noch wie über hat haben sagte dass",
    "fr": "le les des est une pour que qui dans pas sur par plus avec sont été ont aux cette "
    "mais ses leur selon entre elle nous être",
    "es": "el los las del que por una con para como más pero sus fue según este esta entre han "
    "sobre también muy desde hasta está",
    "it": "il della che per una con non sono gli del alla dei delle nel nella anche più è stato "
    "questo dalla degli come dopo tra",
    "pt": "os das dos que uma com não para mais pelo pela foi são como mas ao também seu sua "
    "está entre sobre após já ele ela",
    "nl": "het een van en niet dat zijn op voor met aan ook maar bij nog werd wordt door naar "
    "heeft hebben deze dit uit zou",
    "sv": "och att det som en är på för med av till inte har den var om ett sig från vid kan "
    "också efter säger enligt",
    "pl": "się nie jest że na do to przez od za jak po ale dla są który która było także oraz "
    "jego jej może",
    "tr": "ve bir bu da de için ile olarak olan gibi daha çok ancak sonra kadar göre ise değil "
    "ama tarafından",
    "ru": "и в не на что с по как это из за от он она его они был была были также который "
    "которые после более чтобы уже",
    "uk": "і в не на що з до як це від за він вона його вони був була були також який які "
    "після більш щоб вже та",
}

WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _w in _words.split():
        WORD_LANGS[_w] = (*WORD_LANGS.get(_w, ()), _lang)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Letters that only one of two close languages uses settle a tie between them.
_UK_ONLY = re.compile(r"[іїєґ]")
_RU_ONLY = re.compile(r"[ыэъё]")

MIN_HITS = 5  # fewer function words than this: too little text to say
LEAD = 1.5  # the winner needs this many times the runner-up's count


def other_than_english(text: str) -> int:
    """How many of the text's words are function words of a language other than English (a
    sentence of German, French, Polish … has a few; English, and made-up words, have none)."""
    return sum(
        1
        for m in _WORD.finditer(text)
        if "en" not in WORD_LANGS.get(m.group().lower(), ("en",))  # "to" is Polish too
    )


def detect(text: str, *, max_words: int = 400) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, or None when it is not clear."""
    counts: dict[str, int] = {}
    for i, m in enumerate(_WORD.finditer(text)):
        if i >= max_words:
            break
        for lang in WORD_LANGS.get(m.group().lower(), ()):
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best, hits = ranked[0]
    if best in ("ru", "uk"):
        # Both share most short words; the letters each alone uses decide.
        sample = text[:4000].lower()
        uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
        if uk != ru:
            best = "uk" if uk > ru else "ru"
            hits = counts.get(best, 0)
        ranked = [(lang, n) for lang, n in ranked if lang not in ("ru", "uk")]
        runner = ranked[0][1] if ranked else 0
    else:
        runner = ranked[1][1] if len(ranked) > 1 else 0
    if hits < MIN_HITS or hits < LEAD * runner:
        return None
    return best
