"""The per-story claim ledger (paraphrase-aware, indexed) and near-duplicate text fingerprints."""

from __future__ import annotations

import hashlib
import math
import os
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from functools import lru_cache
from heapq import heappush, heapreplace
from itertools import accumulate, chain, compress, count, islice, repeat
from operator import add, not_, sub
from types import ModuleType
from typing import Protocol

from anyascii import anyascii

from judge.language import english, other_language, without_portuguese_no
from watchers.models import Claim, ClaimVerdict, LedgerRecord

# The candidate walk and the scoring of `_Query` in C (judge/_lookup.c, built by setup.py when
# a compiler is there). It gives exactly what the Python code below gives, several times faster;
# without it (no compiler at install, or STORYWATCH_NO_C=1) the Python code runs.
_C: ModuleType | None
try:
    from judge import _lookup as _C
except ImportError:  # not built: the Python code does the same
    _C = None
if os.environ.get("STORYWATCH_NO_C"):
    _C = None
COMPILED = _C is not None
# An extension built before minhash was added (setup.py not re-run) still serves the lookup.
_C_MINHASH = getattr(_C, "minhash", None)

RULE_URL_PREFIX = "rule:"  # first_url of claims seeded from a story rule, not from an article

# ---------------------------------------------------------------- normalisation

_STOP = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those he she they we i you his her their our my your him them us me who whom which
    what when where why how so than then there here also has have had do does did will would can could
    may might must shall should about into over again further once just only very more most some such
    own same too s t while during upon onto via per any all both each other another whose whether
    say said says saying tell told tells telling claim claimed claims claiming allege alleged alleges
    alleging allegedly state stated states assert asserted asserts add added adds write wrote writes
    written report reported reports reportedly accord according insist insisted note noted
    mr mrs ms dr new one after before up down out back since ever yet still even now later earlier
    then already soon well much many few several also further""".split()
)
_NEGATORS = frozenset(
    """not no never none nobody nothing neither nor without cannot deny denies denied denying false
    untrue baseless unfounded fabricated refute refuted refutes reject rejected rejects""".split()
    # the same in the other languages of the coverage (fr, de, es, it, pt, nl, pl, ru, uk): a
    # retelling with the other polarity is no retelling ("à aucun moment elle n'a consenti")
    + """pas jamais aucun aucune rien nicht kein keine keinen keinem keiner keines nie niemals
    nunca ningún ninguna ninguno jamás non nessun nessuna nessuno não nenhum nenhuma niet geen
    nooit nigdy żaden żadna żadne не нет никогда ні ніколи""".split()
)
# Paraphrase classes: words that retellings swap for one another map to one token.
_SYNONYMS = {
    word: canon
    for line in """
    former: ex formerly onetime erstwhile
    recruit: enlist enlisted recruitment groom groomed cultivate cultivated
    codename: nickname nicknamed pseudonym alias dub dubbed
    bribe: bribes kickback kickbacks payoff payoffs
    get: receive received got obtain obtained accept accepted
    pay: paid payment payments
    give: gave given hand
    buy: bought purchase purchased acquire acquired
    sell: sold
    meet: met meeting
    make: made
    take: took taken
    go: went gone
    run: ran
    win: won
    begin: began begun
    lead: led
    hold: held
    leave: left
    send: sent
    spend: spent
    find: found
    keep: kept
    head: headed chief director chair
    spy: intelligence espionage spying spies
    asset: agent agents assets
    businessman: businessmen entrepreneur tycoon mogul developer
    firm: company companies firms business
    contract: deal agreement
    accusation: allegation allegations accusations charge charges
    document: documents evidence proof photos photographs recordings
    post: posting message
    dismiss: dismissed fire fired sack sacked oust ousted
    handover: handed handing
    %: percent pct
    """.strip().splitlines()
    for canon, words in [line.strip().split(":")]
    for word in [canon.strip(), *words.split()]
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}


def _spelled(table: dict[int, str]) -> dict[str, int]:
    """value -> the words that spell it (space-separated), as word -> value."""
    return {word: value for value, words in table.items() for word in words.split()}


# Small numbers spelled out in the other languages of the coverage ("un bebé de cuatro meses" gives
# the figure of "a four-month-old baby"). Left out: words that are also common words elsewhere
# (Spanish "once", Italian "due", French "sept" beside "Sept."), and one (an article).
_NUMBER_WORDS.update(
    _spelled(
        {
            2: "dos deux zwei dois duas",
            3: "tres trois tre drei três",
            4: "cuatro quatre quattro quatro vier",
            5: "cinco cinq cinque fünf",
            6: "seis sechs",
            7: "siete sette sete sieben",
            8: "ocho huit oito acht",
            9: "nueve neuf nove neun",
            10: "diez dix dieci dez zehn",
            12: "doce douze dodici doze zwölf",
            20: "veinte vingt venti vinte zwanzig",
            30: "treinta trente trenta trinta dreißig",
        }
    )
)
# ... and in the Slavic languages, Dutch and Greek, with the case forms a count takes ("двух
# пролетов", "dwóch osób"): without them "Deux travées" gives a figure its Russian source lacks.
# Left out: short forms that are other words (Ukrainian "дві" aside, "сім" is also "seven", kept).
_NUMBER_WORDS.update(
    _spelled(
        {
            2: "два две двух двум двумя дві двох dwa dwie dwóch dwoma twee δύο",
            3: "три трёх трех трём трем тремя трьох trzy trzech drie τρία τρεις",
            4: "четыре четырёх четырех чотири чотирьох cztery czterech vier τέσσερα τέσσερις",
            5: "пять пяти п'ять п’ять pięć pięciu vijf πέντε",
            6: "шесть шести шість sześć sześciu zes έξι",
            7: "семь семи сім siedem siedmiu zeven επτά εφτά",
            8: "восемь восьми вісім osiem ośmiu οκτώ οχτώ",
            9: "девять девяти дев'ять дев’ять dziewięć dziewięciu negen εννέα εννιά",
            10: "десять десяти dziesięć dziesięciu tien δέκα",
        }
    )
)
# ... and in Croatian, Serbian, Bosnian, Slovenian, Czech, Slovak, Bulgarian and Finnish. Left
# out as other words elsewhere: "pet" (5: an English word), Swedish "sex", Norwegian "to", "fire".
_NUMBER_WORDS.update(
    _spelled(
        {
            2: "dva dvije dvoje dve dvě dvaja dvama две kaksi",
            3: "tri troje trije tři traja три kolme",
            4: "četiri štiri čtyři štyri štirje четири neljä",
            5: "pět päť петима viisi",
            6: "šest šesť шест шестима kuusi",
            7: "sedam sedem sedm седем седам seitsemän",
            8: "osam osem osm осем осам kahdeksan",
            9: "devet devět deväť девет yhdeksän",
            10: "deset desať десет kymmenen",
            20: "dvadeset dvacet dvadsať dvajset двадесет",
        }
    )
)


# ... and the teens and tens from eleven to ninety in the Romance languages, German, Dutch, Polish
# and Russian ("cinquante morts" is the "50 dead" an earlier report gave in figures; "vijftig
# mensen" retells it). Left out: words that are other words elsewhere (Spanish "once", French
# "seize", the Romance "onze", which is Dutch for "our") and hyphenated forms ("dix-sept").
_NUMBER_WORDS.update(
    _spelled(
        {
            11: "undici elf jedenaście одиннадцать",
            12: "twaalf dwanaście двенадцать",
            13: "trece treize tredici treze dreizehn dertien trzynaście тринадцать",
            14: "catorce quatorze quattordici catorze vierzehn veertien czternaście четырнадцать",
            15: "quince quinze quindici fünfzehn vijftien piętnaście пятнадцать",
            16: "dieciséis dieciseis sedici dezesseis dezasseis sechzehn zestien szesnaście "
            "шестнадцать",
            17: "diecisiete diciassette dezessete dezassete siebzehn zeventien siedemnaście "
            "семнадцать",
            18: "dieciocho diciotto dezoito achtzehn achttien osiemnaście восемнадцать",
            19: "diecinueve diciannove dezenove dezanove neunzehn negentien dziewiętnaście "
            "девятнадцать",
            20: "twintig dwadzieścia двадцать",
            30: "dertig trzydzieści тридцать",
            40: "cuarenta quarante quaranta quarenta vierzig veertig czterdzieści сорок",
            50: "cincuenta cinquante cinquanta cinquenta fünfzig vijftig pięćdziesiąt пятьдесят",
            60: "sesenta soixante sessanta sessenta sechzig zestig sześćdziesiąt шестьдесят",
            70: "setenta settanta siebzig zeventig siedemdziesiąt семьдесят",
            80: "ochenta ottanta oitenta achtzig tachtig osiemdziesiąt восемьдесят",
            90: "noventa novanta neunzig negentig dziewięćdziesiąt девяносто",
        }
    )
)


# ... and the numbers from 21 to 99 written as one word: German and Dutch put the unit first
# ("dreiundzwanzig", "drieëntwintig"), Italian the ten ("ventitré", "trentotto"), Spanish its
# twenties ("veintitrés"). Without them "dreiundzwanzig Tote" gives no figure.
def _one_word_numbers() -> dict[str, int]:
    out: dict[str, int] = {}
    de_units = "ein zwei drei vier fünf sechs sieben acht neun".split()
    de_tens = "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig".split()
    nl_units = "een twee drie vier vijf zes zeven acht negen".split()
    nl_tens = "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split()
    it_units = "uno due tré quattro cinque sei sette otto nove".split()
    it_tens = "venti trenta quaranta cinquanta sessanta settanta ottanta novanta".split()
    for t, (de_ten, nl_ten, it_ten) in enumerate(zip(de_tens, nl_tens, it_tens, strict=True)):
        ten = 20 + 10 * t
        for u in range(9):
            out[f"{de_units[u]}und{de_ten}"] = ten + u + 1
            # Dutch joins with "en", "ën" after a vowel ("tweeëntwintig", "drieëntwintig")
            join = "ën" if nl_units[u].endswith("e") else "en"
            out[f"{nl_units[u]}{join}{nl_ten}"] = ten + u + 1
            # Italian drops the ten's vowel before "uno" and "otto" ("ventuno", "trentotto")
            it_ten_ = it_ten[:-1] if it_units[u] in ("uno", "otto") else it_ten
            out[f"{it_ten_}{it_units[u]}"] = ten + u + 1
    out |= {w.replace("tré", "tre"): v for w, v in out.items() if w.endswith("tré")}  # "ventitre"
    out.update(
        _spelled(
            {
                21: "veintiuno veintiún veintiuna",
                22: "veintidós",
                23: "veintitrés",
                24: "veinticuatro",
                25: "veinticinco",
                26: "veintiséis",
                27: "veintisiete",
                28: "veintiocho",
                29: "veintinueve",
            }
        )
    )
    return out


_NUMBER_WORDS.update(_one_word_numbers())


def number_words() -> frozenset[str]:
    """The numbers spelled out that are read as figures ("five", "fünf", "cinco")."""
    return frozenset(_NUMBER_WORDS)


_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
}
# The same scales in the other languages of the coverage (a German "560 Millionen" is the English
# "560 million": without these the two figures would conflict).
_SCALE.update(
    dict.fromkeys("tausend mille mila tysięcy tys χιλιάδες тысяч тыс duizend mil".split(), 1e3)
    | dict.fromkeys(
        "millionen mio milioni milione millones millón millon millions milionów miliony milion "
        "miljoen milhões milhão εκατομμύρια εκατομμύριο εκατ миллионов миллиона миллион млн".split(),
        1e6,
    )
    | dict.fromkeys(
        "milliarden milliarde mrd miliardi miliardo milliards milliard miliardów miliardy miliard "
        "miljard bilhões bilhão δισεκατομμύρια δισεκατομμύριο δισ миллиардов миллиарда миллиард "
        "млрд".split(),
        1e9,
    )
)
# Longest first, so that "millionen" is not read as "million" followed by a word.
# Scale words in any case ("Millionen"), but the one-letter ones only lower-case ("5m", not "5 B").
_SCALES = (
    "(?i:"
    + "|".join(sorted((re.escape(w) for w in _SCALE if len(w) > 1), key=len, reverse=True))
    + ")|m|k|b"
)
_MONTH = {
    "jan": "january",
    "feb": "february",
    "mar": "march",
    "apr": "april",
    "jun": "june",
    "jul": "july",
    "aug": "august",
    "sep": "september",
    "sept": "september",
    "oct": "october",
    "nov": "november",
    "dec": "december",
}
_TOKEN = re.compile(
    r"(?P<num>[$€£¥]?\d(?:,?\d)*(?:\.\d+)*)(?:[\s-]?(?P<scale>" + _SCALES + r")\b)?"
    r"|(?P<word>[^\W\d_][\w'’]*)"
)
# A capitalised word that does not start the text or a sentence: r"(?<![.!?:]\s)(?<!^)\b([A-Z]
# [a-z\w'’-]+|[A-Z]{2,})", written to start with [A-Z] (the look-behinds moved after it and
# widened by one) so that re skips to the next capital instead of trying every position.
_CAPS = re.compile(r"([A-Z](?<=\W[A-Z])(?<![.!?:]\s[A-Z])(?:[a-z\w'’-]+|[A-Z]+))")
# A quotation that opens a sentence: its first word is the sentence's first ("“Though we ...").
_OPENING_QUOTE = re.compile(r"(^|[.!?:]\s)[“\"«„‘]")
_QUOTE_MARKS = '“"«„‘'  # one of which every _OPENING_QUOTE match ends with


# An _OPENING_QUOTE match after a clause end, found from the clause end.
_QUOTE_AFTER_END = re.compile(r"([.!?:]\s)[“\"«„‘]")


def _without_opening_quotes(text: str) -> str:
    """The text with the quotation marks that open a sentence or a clause removed."""
    # = any(q in text for q in _QUOTE_MARKS), without a generator
    if not ("“" in text or '"' in text or "«" in text or "„" in text or "‘" in text):
        return text  # nothing for _OPENING_QUOTE to match
    # = _OPENING_QUOTE.sub(r"\1", text), which starts with an alternation that re tries at every
    # position: the mark at the start goes first, then those after a clause end.
    if text[0] in _QUOTE_MARKS:
        text = text[1:]
    return _QUOTE_AFTER_END.sub(r"\1", text)


# "I'm", "I’ve": the pronoun with its verb, no name.
_I_CONTRACTION = re.compile(r"i['’]\w+")


_SUFFIX_RULES = (
    ("ational", "ate"),
    ("ization", "ize"),
    ("ically", "ic"),
    ("iness", "y"),
    ("fully", "ful"),
    ("ments", "ment"),
    ("ings", ""),
    ("ing", ""),
    ("ied", "y"),
    ("ies", "y"),
    ("edly", ""),
    ("ed", ""),
    ("es", ""),
    ("ly", ""),
    ("s", ""),
)
_SUFFIXES = tuple(suffix for suffix, _ in _SUFFIX_RULES)
# The rules by the last letter of their suffix, in their order: a word is tried only against
# those that can match its ending.
_RULES_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {
    last: tuple(r for r in _SUFFIX_RULES if r[0][-1] == last)
    for last in sorted({suffix[-1] for suffix in _SUFFIXES})
}


_CVC = re.compile(r".*[^aeiou][aeiou][^aeiouwxy]")  # a short stem that lost its "e"


def _stem(word: str) -> str:
    """A light suffix stripper: enough to make tense and plural agree ("recruited" ~ "recruits")."""
    if len(word) <= 4 or not word.endswith(_SUFFIXES):
        return word
    return _stem_by(word, _RULES_BY_LAST[word[-1]])


def _stem_by(word: str, rules: Iterable[tuple[str, str]]) -> str:
    """`_stem` by the first of these rules that applies (all of `_SUFFIX_RULES`, or those of the
    word's last letter: tests/test_fastpaths_skips.py checks both give one stem)."""
    for suffix, repl in rules:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "sses", "xes", "zes")):
                return word[:-1]
            stem = word[: len(word) - len(suffix)] + repl
            if (
                suffix in ("ing", "ed")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[-1] not in "lsz"
            ):
                stem = stem[:-1]  # "stopped" -> "stop"
            elif suffix in ("ing", "ed") and (
                stem.endswith(
                    ("at", "iz", "bl", "ic", "ul", "rg", "rs", "ur", "iv", "rc", "us", "nc")
                )
                or (len(stem) <= 4 and _CVC.fullmatch(stem))
            ):
                stem += "e"  # "stated" -> "state", "fired" -> "fire"; "recruited" keeps "recruit"
            return stem
    return word


_stem_cache: dict[str, str] = {}


def _norm_word(word: str) -> str:
    cached = _stem_cache.get(word)
    if cached is not None:
        return cached
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    out = _SYNONYMS.get(w)
    if out is None:
        out = _MONTH.get(w) or w
        if out not in _STOP and out not in _NEGATORS:
            stemmed = _stem(out)
            out = _SYNONYMS.get(stemmed, stemmed)
    if len(_stem_cache) < 200_000:
        _stem_cache[word] = out
    return out


# Figures as other languages write them: "500.000" (a dot between thousands: de, it, pl, el, ...)
# and "1,3" (a decimal comma). English never groups thousands with a dot, and a comma followed by
# one or two digits is not a thousands separator in any language.
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")


def _number(raw: str, scale: str | None) -> str:
    digits = raw.lstrip("$€£¥")
    if _DOT_THOUSANDS.fullmatch(digits) and (not scale or digits.count(".") > 1):
        digits = digits.replace(".", "")
    elif _DECIMAL_COMMA.fullmatch(digits):
        digits = digits.replace(",", ".")
    else:
        digits = digits.replace(",", "")
    try:
        value = float(digits)
    except ValueError:  # "1.2.3": a version or a date, not a figure
        return "#" + digits
    if scale:
        value *= _SCALE[scale.lower()]
    return "#" + (str(int(value)) if value == int(value) else f"{value:g}")


@dataclass(frozen=True)
class Features:
    """What matching compares: content tokens, numbers, polarity and named parties of a text."""

    tokens: frozenset[str]
    numbers: frozenset[str]
    negated: bool
    names: frozenset[str]
    negated_tokens: frozenset[str] = frozenset()  # tokens inside a negated clause


_LEX = re.compile(_TOKEN.pattern + r"|(?P<end>[,;:.!?])")  # tokens and the clause ends between them
_K_TOKEN, _K_SKIP, _K_NUMBER, _K_SCOPE_END, _K_NEGATOR = range(5)
_SCOPE_ENDERS = frozenset(
    ("but", "and", "while", "whereas", "although")
    + ("mais", "et", "aber", "und", "pero", "mas", "maar", "ale", "но", "але")
)
_word_kind: dict[str, tuple[int, str]] = {}


def _classify(word: str) -> tuple[int, str]:
    """What a word is to `features` (cached: news vocabulary repeats)."""
    kind = _word_kind.get(word)
    if kind is not None:
        return kind
    low = word.lower()
    if low in _NUMBER_WORDS:
        kind = (_K_NUMBER, "#" + str(_NUMBER_WORDS[low]))
    elif low in _SCOPE_ENDERS:
        kind = (_K_SCOPE_END, "")
    elif low in _NEGATORS or low.endswith(("n't", "n’t")):
        kind = (_K_NEGATOR, low)
    else:
        t = _norm_word(word)
        kind = (_K_SKIP, "") if t in _STOP or len(t) < 2 else (_K_TOKEN, t)
    if len(_word_kind) < 200_000:
        _word_kind[word] = kind
    return kind


_K_END = 5  # a clause end: , ; : . ! ?
# A whitespace-separated chunk is tokenized by _LEX the same way alone as inside the text, except
# that a number and a scale word after one whitespace character form one token ("5 million").
_SCALE_AFTER_SPACE = re.compile(r"[\d,]\s(?:" + _SCALES + r")\b")


# What `features` needs of one whitespace-separated chunk of text (cached per chunk), a plain tuple:
# (events, tokens, numbers, negation) = ((kind, token) per _LEX token, in order; its tokens and
# numbers, in order; its numbers; whether it has a negator: then the text needs the clause-by-clause
# pass). Not a NamedTuple: the collector untracks a plain tuple of strings, numbers and such tuples,
# while every NamedTuple kept in the cache stays tracked, and ~130 new chunks an article made it run
# a full collection (the whole heap, the ledger's records included) every ~150 articles.
_Chunk = tuple[tuple[tuple[int, str], ...], tuple[str, ...], tuple[str, ...], bool]
_EVENTS, _TOKENS, _NUMBERS, _NEGATION = range(4)  # its fields


_chunks: dict[str, _Chunk] = {}
# The same per chunk, for C-level set and map operations on a text's chunks: its tokens, its
# numbers (only chunks that have some), and whether it has a negator or starts with a scale word
# (the only chunk that can continue a number across whitespace, see _SCALE_AFTER_SPACE).
_chunk_tokens: dict[str, tuple[str, ...]] = {}
_chunk_numbers: dict[str, tuple[str, ...]] = {}
_negating_chunks: set[str] = set()
_scale_chunks: set[str] = set()
_SCALE_START = re.compile(r"(?:" + _SCALES + r")\b")


_END_EVENT = (_K_END, "")
# The scale words as _SCALE_START reads a chunk of ASCII letters: the longer ones in any case
# (lower-cased here), "m", "k" and "b" in lower case only.
_ASCII_SCALES = frozenset(w.lower() for w in _SCALE if len(w) > 1 and w.isascii())
_ONE_LETTER_SCALES = frozenset("mkb")


def _ascii_scale(word: str) -> bool:
    """= bool(_SCALE_START.match(chunk)) for a chunk of ASCII letters, or one with a clause end
    after them, whose letters are `word`: the scale must be the whole word."""
    return word in _ONE_LETTER_SCALES or word.lower() in _ASCII_SCALES


_CLAUSE_ENDS = frozenset(",;:.!?")  # the characters of _LEX's "end" group


def _ascii_chunk(text: str) -> tuple[_Chunk, bool] | None:
    """(_chunk_info(text), whether _SCALE_START matches it) without a regex, for a chunk that
    is one ASCII word or one with a clause end after it ("said,"): _LEX finds that word (and
    that end) alone. None for other chunks (tests/test_fastpaths_gates.py: both agree)."""
    word = text[:-1] if text[-1:] in _CLAUSE_ENDS else text
    if not (word.isalpha() and word.isascii()):
        return None
    event = _classify(word)  # (the cached pair itself: no new tuple for the collector to track)
    kind, t = event
    events = (event,) if word is text else (event, _END_EVENT)
    if kind == _K_TOKEN:
        info: _Chunk = (events, (t,), (), False)
    elif kind == _K_NUMBER:  # a number word ("five")
        info = (events, (t,), (t,), False)
    else:
        info = (events, (), (), kind == _K_NEGATOR)
    return info, _ascii_scale(word)


def _word_chunk(text: str) -> _Chunk | None:
    """_chunk_info(text) without the regex for a chunk that is one _LEX word (a letter, then
    word characters and apostrophes: "Trump’s", "Müller") or one with a clause end after it;
    None for other chunks (tests/test_fastpaths_skips.py: both agree)."""
    word = text[:-1] if text[-1:] in _CLAUSE_ENDS else text
    first = word[:1]
    if not first.isalnum() or first.isdecimal():  # [^\W\d_] ("" is not alnum; "_" neither)
        return None
    rest = word[1:].replace("’", "").replace("'", "").replace("_", "a")  # [\w'’]*
    if rest and not rest.isalnum():
        return None
    event = _classify(word)
    kind, t = event
    events = (event,) if word is text else (event, _END_EVENT)
    if kind == _K_TOKEN:
        return (events, (t,), (), False)
    if kind == _K_NUMBER:
        return (events, (t,), (t,), False)
    return (events, (), (), kind == _K_NEGATOR)


def _chunk(text: str) -> _Chunk:
    fast = _ascii_chunk(text)  # most chunks
    if fast is not None:
        return _keep_chunk(text, *fast)
    return _keep_chunk(text, _word_chunk(text) or _chunk_info(text))


def _chunk_info(text: str) -> _Chunk:
    events: list[tuple[int, str]] = []
    for num, scale, word, end in _LEX.findall(text):
        if end:
            events.append((_K_END, ""))
        elif num:
            events.append((_K_NUMBER, _number(num, scale)))
        else:
            events.append(_classify(word))
    # (comprehensions, not generators fed to tuple() and any(): a frame each, resumed per item)
    return (
        tuple(events),
        tuple([t for k, t in events if k == _K_TOKEN or k == _K_NUMBER]),
        tuple([t for k, t in events if k == _K_NUMBER]),
        _K_NEGATOR in [k for k, _ in events],
    )


# A number written in words joined by hyphens, as French writes those from 17 to 99
# ("dix-sept", "trente-neuf", "soixante-dix", "quatre-vingt-dix", "vingt-et-un") and English
# those from 21 ("twenty-three"): one figure (39), not its parts (30 and 9).
_HYPHENED_WORDS = re.compile(r"(?<![\w-])[^\W\d_]++(?:-[^\W\d_]++)++(?![\w-])")
# ... whose parts are number words, or the words such a number joins with ("et", "un"), or number
# words left out of _NUMBER_WORDS as other words elsewhere ("sept", "onze", "seize", "cent")
_NUMBER_JOINS = {"et": 0, "un": 1, "une": 1, "sept": 7, "onze": 11, "seize": 16, "vingts": 20}
_NUMBER_JOINS |= {"cent": 100, "cents": 100}


def with_hyphened_numbers(text: str) -> str:
    """The text with each number spelled in hyphenated words written in digits ("trente-neuf
    personnes" -> "39 personnes"); other hyphenated words ("Saint-Denis") as they are."""
    if "-" not in text:
        return text
    return _HYPHENED_WORDS.sub(_in_digits, text)


def _in_digits(m: re.Match[str]) -> str:
    value = _hyphened_number(m.group(0))
    return m.group(0) if value is None else str(value)


def _hyphened_number(words: str) -> int | None:
    """The number (39) that hyphenated words spell; None if one is no number word ("Saint-Denis",
    "vingt-quatre-heures") or they spell none ("sept-huit", a range)."""
    total = 0
    last = 1000  # each part after the first is smaller than the one before ("trente-neuf"), or
    # multiplies it ("quatre-vingts", "deux-cents"): "sept-huit" is a range, no number
    for part in words.lower().split("-"):
        value = _NUMBER_WORDS.get(part)
        if value is None:
            value = _NUMBER_JOINS.get(part)
            if value is None:
                return None
        if value == 0:
            continue
        if value in (20, 100) and total in range(2, 10) and total == last:
            total *= value  # "quatre-vingts": four twenties
        elif value < last:
            total += value
        else:
            return None
        last = value
    return total if total > 1 else None


# The ASCII characters a _SCALE_START match can start with: a scale word's first letter in any
# case, or "m", "k", "b" (lower case only). The other scale words start with a Greek or Cyrillic
# letter, which IGNORECASE matches to no ASCII character.
_SCALE_FIRST_ASCII = frozenset(
    [c for w in _SCALE if len(w) > 1 and w[0].isascii() for c in (w[0].lower(), w[0].upper())]
    + ["m", "k", "b"]
)


def _scale_start(text: str) -> bool:
    """= bool(_SCALE_START.match(text)) for a chunk (not empty): most chunks that reach here are
    figures or words in other scripts, whose first character no scale word starts with."""
    first = text[0]
    if first.isascii() and first not in _SCALE_FIRST_ASCII:
        return False
    return _SCALE_START.match(text) is not None


def _keep_chunk(text: str, info: _Chunk, scale: bool | None = None) -> _Chunk:
    if len(_chunks) < 200_000:
        _chunks[text] = info
        # Filled before _chunk_tokens: a chunk found there has its other entries.
        if info[_NUMBERS]:
            _chunk_numbers[text] = info[_NUMBERS]
        if info[_NEGATION]:
            _negating_chunks.add(text)
        if _scale_start(text) if scale is None else scale:
            _scale_chunks.add(text)
        _chunk_tokens[text] = info[_TOKENS]
    return info


# Thousands set apart by a space ("11 300 morts", "2 000 habitants"), as French, Polish, Russian
# and others write them, are one figure; not in English, where "March 5 100 protesters" is two.
# Every _SPACED_THOUSANDS match has a digit, a space and three digits in a row: what this finds,
# skipping to the digits.
_SPACED_GATE = re.compile(r"\d[ \u00a0\u202f\u2009]\d{3}")
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d|[.,]\d)")


# ... and thousands set apart by an apostrophe, as Swiss German, French and Italian write them
# ("12’000 Plätze", "3'500 francs").
_APOSTROPHE_GATE = re.compile(r"\d['’]\d{3}")
_APOSTROPHE_THOUSANDS = re.compile(r"(?<![\d.,'’])\d{1,3}(?:['’]\d{3})+(?![\d'’]|[.,]\d)")


def _joined(match: re.Match[str]) -> str:
    return re.sub(r"[\s'’]", "", match.group())


@lru_cache(maxsize=4096)
def features(text: str) -> Features:
    """The matching features of a text (cached: judging asks for a claim's features more than once)."""
    text = without_portuguese_no(text)  # "No fim da tarde": in the, not "no"
    # (the gate first: _SPACED_THOUSANDS starts with a lookbehind, tried at every position)
    if (
        _SPACED_GATE.search(text) is not None
        and _SPACED_THOUSANDS.search(text) is not None
        and not english(text)
    ):
        text = _SPACED_THOUSANDS.sub(_joined, text)
    if _APOSTROPHE_GATE.search(text) is not None:
        text = _APOSTROPHE_THOUSANDS.sub(_joined, text)
    text = with_hyphened_numbers(text)
    names = _names(_without_opening_quotes(text))
    chunks = text.split()
    # News vocabulary repeats: most chunks are known, and a text without a negator needs no pass
    # over its tokens in order. The sets are built as the full pass in _features builds them
    # (same insertions, then copied), so they iterate in the same order.
    per_chunk: list[tuple[str, ...] | None] | None = list(map(_chunk_tokens.get, chunks))
    if None in per_chunk:  # (no chunk's tokens are None: a chunk not read before)
        for i, c in enumerate(chunks):
            if per_chunk[i] is None:  # (read once: a chunk twice in the text is known the 2nd time)
                known = _chunk_tokens.get(c)
                per_chunk[i] = _chunk(c)[_TOKENS] if known is None else known
        if len(_chunks) >= 200_000 and not _chunk_tokens.keys() >= set(chunks):
            per_chunk = None  # the cache is full: a chunk's negation or scale is not in the sets
    if (
        per_chunk is not None
        and _negating_chunks.isdisjoint(chunks)
        # "5 million": a number and a scale word after one whitespace character are one token;
        # only a chunk that starts with a scale word can be one.
        and (_scale_chunks.isdisjoint(chunks) or not _SCALE_AFTER_SPACE.search(text))
    ):
        found = set(chain.from_iterable(per_chunk))
        numbers = (
            _NONE  # (most claims give no figure: then no chunk is in _chunk_numbers)
            if _chunk_numbers.keys().isdisjoint(chunks)
            else frozenset(set(chain.from_iterable(map(_chunk_numbers.get, chunks, _NO_CHUNKS))))
        )
        return Features(frozenset(found), numbers, False, names & found, _NONE)
    if not _SCALE_AFTER_SPACE.search(text):
        known = list(map(_chunks.get, chunks))
        infos = [i or _chunk(c) for i, c in zip(known, chunks, strict=True)]
        if not any(i[_NEGATION] for i in infos):
            found = set(chain.from_iterable(i[_TOKENS] for i in infos))
            numbers = frozenset(set(chain.from_iterable(i[_NUMBERS] for i in infos)))
            return Features(frozenset(found), numbers, False, names & found, _NONE)
        events: Iterable[tuple[int, str]] = chain.from_iterable(i[_EVENTS] for i in infos)
    else:
        events = map(_event, _LEX.findall(text))
    return _features(events, names)


_NO_CHUNKS = repeat(())  # the default of _chunk_numbers.get for each chunk


def _names(text: str) -> frozenset[str]:
    """The capitalised words of a text (its opening quotes removed), normalised, as names."""
    caps = _CAPS.findall(text)
    if "-" in text:  # "Byung-hyuk", "Saudi-Arabien": the tokens are the parts
        caps = _hyphen_parts(caps)
    if "I'" in text or "I’" in text:  # what an _I_CONTRACTION ("I'm", "I’ve") is read from
        found = frozenset(n for n in map(_norm_word, caps) if not _I_CONTRACTION.fullmatch(n))
    else:
        found = frozenset(map(_norm_word, caps))
    return found - _STOP - _CALENDAR


def _hyphen_parts(caps: list[str]) -> list[str]:
    """Capitalised words with their hyphenated ones split in parts, as the tokens split them
    ("Choi Byung-hyuk": "Byung", "hyuk"; a name's parts are names)."""
    return [p for w in caps for p in (w.split("-") if "-" in w else (w,)) if p]


def _names_plain(text: str) -> frozenset[str]:
    """`_names` as written before it tried _I_CONTRACTION only on a text that can have one
    (tests/test_fastpaths_skips.py: both agree)."""
    return (
        frozenset(
            n
            for n in map(_norm_word, _hyphen_parts(_CAPS.findall(text)))
            if not _I_CONTRACTION.fullmatch(n)
        )
        - _STOP
        - _CALENDAR
    )


def _event(found: tuple[str, str, str, str]) -> tuple[int, str]:
    num, scale, word, end = found
    if end:
        return (_K_END, "")
    if num:
        return (_K_NUMBER, _number(num, scale))
    return _classify(word)


def _features(events: Iterable[tuple[int, str]], names: frozenset[str]) -> Features:
    """Features from a text's tokens in order: negation scope needs the clause structure."""
    tokens: set[str] = set()
    numbers: set[str] = set()
    negated = False
    in_scope = False  # inside a negated clause, which ends at , ; : . or "but"
    scoped: set[str] = set()
    pending_neg = False
    negator = ""
    for kind, t in events:
        if kind == _K_END:
            in_scope = False
            continue
        if pending_neg:
            # "not five" corrects a figure (a revision), it does not negate the statement.
            pending_neg = False
            if kind == _K_TOKEN and negator in _ROMANCE_NO and t.endswith(_NEGATED_ADJECTIVE):
                # "de forma no consensuada", "un uomo non identificato": the Romance "no" before
                # a participle or an adjective negates that word, not the clause
                negated = True
                tokens.add(t)
                scoped.add(t)
                continue
            if kind != _K_NUMBER:
                negated = in_scope = True
        if kind == _K_TOKEN:
            tokens.add(t)
            if in_scope:
                scoped.add(t)
        elif kind == _K_NUMBER:
            numbers.add(t)
            tokens.add(t)
        elif kind == _K_SCOPE_END:
            in_scope = False  # "denied X and said Y": Y is not denied
        elif kind == _K_NEGATOR:
            pending_neg, negator = True, t
    return Features(
        frozenset(tokens), frozenset(numbers), negated, names & tokens, frozenset(scoped) or _NONE
    )


_NONE: frozenset[str] = frozenset()
# Endings of Romance participles and adjectives of the kind "no" makes negative ("no consensuado",
# "no identificadas", "no autorizada"), as tokens are normalised (plural -s gone).
_NEGATED_ADJECTIVE = (
    "ado",
    "ada",
    "ido",
    "ida",
    "ato",
    "ata",
    "ito",
    "ita",
    "ati",
    "ate",
    "iti",
    "ite",
)
_ROMANCE_NO = frozenset(("no", "non", "não"))
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)


_SPELLINGS = str.maketrans({"w": "v", "y": "i", "j": "i", "q": "k"})
# Letters with a háček or dot that stand for English digraphs (Polish ż, Czech ž š č): written
# out before anyascii drops their marks ("Załużny", "Zalužnyj" are "Zaluzhny"; "Šmyhal" is
# "Shmyhal").
_DIGRAPH_LETTERS = str.maketrans(
    {"ż": "zh", "Ż": "Zh", "ž": "zh", "Ž": "Zh", "š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch"}
)
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def roman(token: str) -> str:
    """A word in plain Latin letters, spelled the way transliterations of one name agree
    ("Песков", "Peskov" -> "peskov"; "Хоссейн", "Hossein" -> "hosein"; "Przewodów" ->
    "przevodov"): accents, apostrophes and doubled letters gone, kh/w/y/j/q read as h/v/i/i/k,
    and the German transliterations tsch/sch/tz as the English ch/sh/z ("Schewtschenko" is
    "Shevchenko", "Privorotzki" is "Privorozki"); the Polish cz/sz as ch/sh, z as s, and French ou
    and Polish ie after the first letter as u and e, the Dutch oe as u ("Pieskow", "Fedorouk",
    "Selenskyj", "Soelistyo" are "Peskov", "Fedoruk", "Zelensky", "Sulistyo"); Polish ż and Czech ž/š/č as zh/sh/ch ("Załużny" is
    "Zaluzhny", "Šmyhal" is "Shmyhal")."""
    if not token.isascii():
        token = token.translate(_DIGRAPH_LETTERS)
    plain = re.sub(r"[^a-z]", "", anyascii(token).lower()).replace("kh", "h")
    if "sch" in plain or "tz" in plain:
        plain = plain.replace("tsch", "ch").replace("sch", "sh").replace("tz", "z")
    if "z" in plain:  # Polish cz/sz, and z for s ("Pieskow", "Zelensky" as "Selenskyj" writes it)
        plain = plain.replace("cz", "ch").replace("sz", "sh").replace("z", "s")
    plain = plain.translate(_SPELLINGS)
    if "ou" in plain or "ie" in plain or "oe" in plain:
        # French ou, Polish ie ("Fedorouk", "Pieskow"), the Dutch oe of Indonesian names
        # ("Soelistyo" is "Sulistyo") ... and the ye, je of a Slavic e after the first letter
        # ("Synyehubov" is "Synehubov")
        plain = plain[:1] + plain[1:].replace("ou", "u").replace("oe", "u").replace("ie", "e")
    return _DOUBLED.sub(r"\1", plain)


def spellings(key: str) -> tuple[str, ...]:
    """A `roman` name and its forms with the Ukrainian h and the Russian g as one letter
    ("Serhiy", "Sergiy"; "Синєгубов", "Synehubov")."""
    if "h" not in key and "g" not in key:
        return (key,)
    return tuple(dict.fromkeys((key, key.replace("h", "g"), key.replace("g", "h"))))


def same_name(a: str, b: str) -> bool:
    """Two `roman` spellings of one name, allowing an inflected ending ("navalnogo",
    "navalni"; "peskova", "peskov"): at least five letters in common from the start, and at
    most one more in the shorter ("johnson" and "johnston" are two names)."""
    if a == b:
        return True
    n = min(len(a), len(b))
    if n < 5 or a[:5] != b[:5]:
        return False
    p = 5
    while p < n and a[p] == b[p]:
        p += 1
    return p >= n - 1


# Case endings of Slavic and Baltic languages after a name (`roman` forms: "tuska", "tuskiem",
# "bragga" as "braga"), for names of four letters
# (not -y, -e, -i, -o: "comey" would be "come" inflected)
CASE_ENDINGS = frozenset("a u om em ie iem owi ego emu ovi".split())


def spelled_alike(a: str, b: str) -> bool:
    """Two spellings of one name ("marrakesh", "marrakech"; "mussayev", "musayev"): the same
    first letter and at most one letter in five differing."""
    if a[:1] != b[:1] or min(len(a), len(b)) < 5:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def other_names(ours: frozenset[str], theirs: frozenset[str]) -> bool:
    """Whether each side names a party the other does not (names spelled alike are one)."""
    only_ours, only_theirs = ours - theirs, theirs - ours
    if not only_ours or not only_theirs:
        return False
    return any(not any(_one_party(a, b) for b in only_theirs) for a in only_ours) and any(
        not any(_one_party(b, a) for a in only_ours) for b in only_theirs
    )


# Endings that make a people's or a country's adjective of its name ("Mexico", "Mexican";
# "Ukraine", "ukrainienne"; "Italia", "italiano"; "Russland", "russische").
_DEMONYM_ENDINGS = (
    "an", "ian", "ean", "ese", "ish", "ien", "ienne", "ais", "aise", "ano", "ana", "ani", "ense",
    "isch", "ische", "ischen", "ischer", "er", "i", "o", "a", "e", "es", "os", "as", "ow",
)  # fmt: skip


def _one_party(a: str, b: str) -> bool:
    """Two names of one party: spelled alike, one cut short of the other, or a country and its
    adjective ("Mexico's top diplomat", "the top Mexican diplomat")."""
    if spelled_alike(a, b):
        return True
    short, long_ = sorted((a, b), key=len)
    p = len(os.path.commonprefix((short, long_)))
    if p == len(short) >= 5:
        return True  # a word the page cut off ("Foreign Relations Secre"), or inflected
    return (
        p >= 4 and p >= len(short) - 2 and len(long_) - p <= 4 and long_.endswith(_DEMONYM_ENDINGS)
    )


def tokens(text: str) -> frozenset[str]:
    return features(text).tokens


# ---------------------------------------------------------------- ledger

IDF_SCALE = 0.5
SEEN = 0.52  # score from which a claim counts as already reported
NEAR_COPY = 0.75  # a claim naming a party the ledger never mentioned is seen only from this score
CHANGED = 0.42  # score from which a claim with another number, party or polarity is a revision
UNION_BEST = 0.3  # a loose retelling needs its best record at least this close, and
UNION_COVER = 0.8  # ... the best three records together to cover this much of its weight
NOVEL_WORDS = 2  # a claim with at most this many words never used in the story, and no new name or number, is seen
_CANDIDATES = 24  # exact scoring is done for this many best candidates from the index
_WALK_BUDGET = 400  # posting entries walked per lookup to find candidates
_LOG_HALF = math.log(0.5)
# Below this best score nothing but "new" is possible (every other outcome needs one of these).
_DECIDED_BELOW = min(SEEN, NEAR_COPY, CHANGED, UNION_BEST)


# Record and token ids as int objects allocated in blocks, next to one another: a lookup reads
# hundreds of them (posting entries, a record's token ids) and ids made one at a time lie
# scattered over the heap among the records, so nearly every read was a cache miss.
_INTS: list[int] = []


def _small_int(n: int) -> int:
    if n >= len(_INTS):
        _INTS.extend(range(len(_INTS), n + 4096))
    return _INTS[n]


# `says` searches the records' texts joined by newlines, a block at a time. A pattern that matches
# a record's text alone also matches where that text stands in the joined one, as long as it
# cannot tell a newline before or after the text from the text's start or end: no anchors (^, $,
# \A, \Z) and no negative lookaround (a newline is not \w, so \b and \B see the same). Other
# patterns are searched record by record.
_JOIN_BLOCK = 2048
_FOLD_ODD = "\u0130\u0131\u017f"  # İ, ı, ſ: as judge.claims._FOLD_ODD
_NOT_JOINABLE = ("^", "$", "(?<", "(?!", "\\A", "\\Z")


def _joinable(pattern: re.Pattern[str]) -> bool:
    return isinstance(pattern.pattern, str) and not any(s in pattern.pattern for s in _NOT_JOINABLE)


class Ledger:
    """All claims of one story, with an inverted index from normalised tokens to records.

    Tokens are interned as integer ids; postings are compact integer arrays. Lookups walk only
    the posting lists of the claim's rarer tokens, within a fixed budget, and score a bounded
    number of candidates, so judging stays near constant as the ledger grows (benchmarks/throughput.py).

    Weights are a dampened idf, 1 + s·log((n+1)/(df+0.5)): n and the per-token log(df+0.5) are
    kept up to date on every add, so a record's total weight is a sum over its token ids with no
    per-ledger-version cache to go stale."""

    def __init__(self, records: Iterable[LedgerRecord] = ()) -> None:
        self._records: list[LedgerRecord] = []
        self._rtoks: list[tuple[int, ...]] = []  # token ids of each record
        self._rnums: list[tuple[int, ...]] = []  # ... of its numbers
        self._rnames: list[tuple[int, ...]] = []  # ... of its named parties
        self._rneg: list[tuple[int, ...]] = []  # ... of tokens inside a negated clause
        self._ids: dict[str, int] = {}
        self._words: list[str] = []
        self._postings: list[list[int]] = []
        self._logdf: list[float] = []  # log(df + 0.5) per token id
        self._exact: dict[tuple[int, ...], int] = {}  # token ids -> first record with exactly these
        self._articles: set[str] = set()
        # Whether the story was told in English, and in another language (judge.language)
        self.told_in_english = False
        self.told_in_other = False
        self._published: dict[str, datetime] = {}  # first_url -> first_published
        # The years the story's reports were published in (not the rule's seeds): "2025" in a
        # report of 2025 is its own date, no news
        self.years: set[str] = set()
        self._sources: dict[str, str] = {}  # first_url -> first_source
        self._said: dict[tuple[str, int], tuple[bool, int]] = {}  # says(): (found, records read)
        # says(): record texts joined by newlines, per block of _JOIN_BLOCK records: (text, where
        # each record starts, records in it, the text lower-cased or None)
        self._joined: list[tuple[str, list[int], int, str | None]] = []
        self._roman: dict[str, set[str]] = {}  # first 5 letters -> `roman` forms of the tokens
        self._figures_read: tuple[set[str], int] = (set(), 0)  # `figures`: found, words read
        self._gathered: dict[str, tuple[set[str], int]] = {}  # gather(): (found, records read)
        # memo(): per name, answers that depend on the ledger's tokens only, kept while no new
        # token is added (the vocabulary size when they were given, and the answers)
        self._memos: dict[str, tuple[int, dict]] = {}
        for r in records:
            self.add(r)

    def __len__(self) -> int:
        return len(self._records)

    @property
    def records(self) -> tuple[LedgerRecord, ...]:
        return tuple(self._records)

    def record(self, rid: int) -> LedgerRecord:
        """One record by its position (no copy of the whole ledger, as `records` makes)."""
        return self._records[rid]

    @property
    def article_count(self) -> int:
        """Distinct articles (not story-rule seeds) that first reported claims in the ledger."""
        return len(self._articles)

    def _intern(self, token: str) -> int:
        i = self._ids.get(token)
        if i is None:
            i = self._ids[token] = _small_int(len(self._words))
            self._words.append(token)
            self._postings.append([])
            self._logdf.append(0.0)
            key = roman(token) if token[:1] != "#" else ""
            if len(key) >= 3:
                self._roman.setdefault(key[:5], set()).add(key)
        return i

    def add(self, record: LedgerRecord) -> None:
        if not (self.told_in_english and self.told_in_other):
            if english(record.text):
                self.told_in_english = True
            elif other_language(record.text):
                self.told_in_other = True
        if not record.first_url.startswith(RULE_URL_PREFIX):
            self.years.add(f"#{record.first_published.year}")
        f = features(record.text)
        rid = _small_int(len(self._records))
        self._records.append(record)
        ids = self._ids
        toks = tuple(sorted(self._intern(t) for t in f.tokens))
        self._rtoks.append(toks)
        self._exact.setdefault(toks, rid)
        self._rnums.append(tuple(ids[t] for t in f.numbers) if f.numbers else ())
        self._rnames.append(tuple(ids[t] for t in f.names) if f.names else ())
        self._rneg.append(tuple(ids[t] for t in f.negated_tokens) if f.negated_tokens else ())
        postings, logdf = self._postings, self._logdf
        for i in toks:
            p = postings[i]
            p.append(rid)
            logdf[i] = math.log(len(p) + 0.5)
        if not record.first_url.startswith(RULE_URL_PREFIX):
            self._articles.add(record.first_url)  # a retelling is credited to its first report
        self._published.setdefault(record.first_url, record.first_published)
        if record.first_source:
            self._sources.setdefault(record.first_url, record.first_source)

    def says(self, pattern: re.Pattern[str], needles: tuple[str, ...] = ()) -> bool:
        """Whether some record's text matches the pattern. Records only accrue, so a pattern
        found stays found, and one not found is looked for again only in the records added since
        (a story's ledger is read once per pattern, not once per claim). `needles`, if given:
        lower-case strings one of which every match contains, in any case, none with a letter
        that IGNORECASE matches to an ASCII one other than its lower case (İ, ı, ſ, K): a block
        of records with none of them is not searched."""
        key = (pattern.pattern, pattern.flags)
        found, read = self._said.get(key, (False, 0))
        if not found:
            records = self._records
            if read < len(records) and _joinable(pattern):
                found = self._says_joined(pattern, read, needles)
            else:
                found = any(pattern.search(records[i].text) for i in range(read, len(records)))
            self._said[key] = (found, len(records))
        return found

    def _says_joined(self, pattern: re.Pattern[str], read: int, needles: tuple[str, ...]) -> bool:
        """`says` from record `read` on, one search per block of joined record texts instead of
        one per record (see _joinable): a match in the joined text is only a candidate, checked
        against the text of the record it starts in; without one, no record matches."""
        records = self._records
        for b in range(read // _JOIN_BLOCK, (len(records) - 1) // _JOIN_BLOCK + 1):
            text, starts, low = self._joined_block(b)
            lo = b * _JOIN_BLOCK
            i = max(read - lo, 0)
            if needles and low is not None and not any("\n" in n for n in needles):
                if low.isascii():
                    # a needle with a letter no ASCII one matches in any case cannot be there
                    found = tuple(n for n in needles if n.isascii() and n in low)
                elif all(n.isascii() for n in needles):
                    found = tuple(n for n in needles if n in low)
                else:
                    found = None  # (the block is searched as a whole below)
                if found is not None:
                    if not found:
                        continue
                    if self._says_needled(pattern, found, low, starts, lo, i):
                        return True
                    continue
            while i < len(starts):
                m = pattern.search(text, starts[i])
                if m is None:
                    break
                i = bisect_right(starts, m.start()) - 1
                if pattern.search(records[lo + i].text):
                    return True
                i += 1
        return False

    def _says_needled(
        self,
        pattern: re.Pattern[str],
        needles: tuple[str, ...],
        low: str,
        starts: list[int],
        lo: int,
        i: int,
    ) -> bool:
        """`_says_joined` in one block from its record i on, where every match has one of the
        needles (found in the lower-cased joined text `low`): only the records whose text has one
        are searched, one by one, instead of the whole joined text with the pattern."""
        records = self._records
        end = len(starts)
        # where each needle is next found, at or after the start of record i
        at = [low.find(n, starts[i]) if i < end else -1 for n in needles]
        while i < end:
            p = min((q for q in at if q >= 0), default=-1)
            if p < 0:
                return False
            i = bisect_right(starts, p) - 1
            if pattern.search(records[lo + i].text):
                return True
            i += 1
            if i < end:
                nxt = starts[i]
                at = [
                    q if q < 0 or q >= nxt else low.find(n, nxt)
                    for q, n in zip(at, needles, strict=True)
                ]
        return False

    def _joined_block(self, b: int) -> tuple[str, list[int], str | None]:
        """The texts of records b*_JOIN_BLOCK... joined by newlines, where each starts, and the
        joined text lower-cased (None when it has a character that IGNORECASE matches to an ASCII
        letter other than its lower case: İ, ı, ſ), built when first asked for, rebuilt when
        records were added to the block since."""
        lo = b * _JOIN_BLOCK
        hi = min(lo + _JOIN_BLOCK, len(self._records))
        blocks = self._joined
        if b < len(blocks) and blocks[b][2] == hi:
            return blocks[b][0], blocks[b][1], blocks[b][3]
        texts = [r.text for r in self._records[lo:hi]]
        starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        text = "\n".join(texts)
        odd = any(c in text for c in _FOLD_ODD)  # (a substring test per character: ~10x a regex)
        block = (text, starts, hi, None if odd else text.lower())
        if b < len(blocks):
            blocks[b] = block
        else:
            blocks.append(block)
        return block[0], block[1], block[3]

    def gather(self, key: str, collect: Callable[[str], Iterable[str]]) -> frozenset[str]:
        """The union of `collect(text)` over every record's text, `key` naming the collector:
        like `says`, each record is read once per key, however often it is asked."""
        found, read = self._gathered.get(key, (set(), 0))
        records = self._records
        for i in range(read, len(records)):
            found.update(collect(records[i].text))
        self._gathered[key] = (found, len(records))
        return frozenset(found)

    def figures(self) -> frozenset[str]:
        """Every figure any record gives (`features(...).numbers`: "#863"), read from the words
        the ledger interned since the last call, not from the records."""
        found, read = self._figures_read
        words = self._words
        found.update(w for w in words[read:] if w[:1] == "#")
        self._figures_read = (found, len(words))
        return frozenset(found)

    def giving(self, tokens: Iterable[str]) -> set[int]:
        """The records whose words include one of these tokens (figures, as `features` reads them)."""
        out: set[int] = set()
        for t in tokens:
            i = self._ids.get(t)
            if i is not None:
                out.update(self._postings[i])
        return out

    def numbers_of(self, rid: int) -> frozenset[str]:
        """The figures of a record (as `features(...).numbers` reads them)."""
        words = self._words
        return frozenset(words[i] for i in self._rnums[rid])

    def first_published(self, first_url: str) -> datetime | None:
        """When the report at first_url was published (as its records say)."""
        return self._published.get(first_url)

    def first_source(self, first_url: str) -> str | None:
        """The outlet of the report at first_url (as its records say, or as `name_source` told)."""
        return self._sources.get(first_url)

    def name_source(self, url: str, source: str) -> None:
        """Remember an article's outlet though it put no claim on record (a pure retelling may
        still be copied, and the copy's line should name the outlet, not a host)."""
        if source:
            self._sources.setdefault(url, source)

    def _base(self) -> float:
        return 1.0 + IDF_SCALE * math.log(len(self._records) + 1.0)

    def _lightest(self, base: float) -> float:
        """Less than any token's weight (df <= n): what bounds a record's unshared weight."""
        return base - IDF_SCALE * math.log(len(self._rtoks) + 0.5)

    def _idf(self, token: str) -> float:
        # Dampened: in a story ledger the story's own words (its people, the sum) recur in most
        # records, and a retelling shares exactly those; full idf would discount them to nothing.
        i = self._ids.get(token)
        return self._base() - IDF_SCALE * (self._logdf[i] if i is not None else _LOG_HALF)

    def memo(self, name: str) -> dict:
        """A dict for a caller's answers that depend only on the ledger's tokens (`mentions`,
        `mentions_alike`): emptied when a record adds a token the ledger did not have."""
        n = len(self._words)
        kept = self._memos.get(name)
        if kept is None or kept[0] != n:
            kept = self._memos[name] = (n, {})
        return kept[1]

    def mentions(self, token: str) -> bool:
        """Whether any record contains this normalised token (see `tokens`)."""
        return token in self._ids

    def mentions_alike(self, token: str) -> bool:
        """Whether any record names this word, in this or another script or spelling ("Песков"
        after "Peskov", "Navalnys" after "Навальный"): `same_name` of their `roman` forms; the
        Ukrainian h and the Russian g count as one letter ("Serhiy" after "Sergiy", "Oleh" after
        "Oleg")."""
        if token in self._ids:
            return True
        key = roman(token)
        if len(key) < 3:
            return False
        return any(self._alike(k) for k in spellings(key))

    def _alike(self, key: str) -> bool:
        if any(same_name(key, k) for k in self._roman.get(key[:5], ())):
            return True
        # a short name and its inflected form ("Bragg" and "Bragga", "Tusk" and "Tuskiem"; `roman`
        # writes "brag"), which `same_name` leaves apart below five letters
        if len(key) == 4:
            return any((key + e) in self._roman.get((key + e)[:5], ()) for e in CASE_ENDINGS)
        stem, ending = key[:4], key[4:]
        return ending in CASE_ENDINGS and stem in self._roman.get(stem, ())

    def share(self, token: str) -> float:
        """The share of records that contain this normalised token (0 when none does)."""
        i = self._ids.get(token)
        return (
            len(self._postings[i]) / len(self._records) if i is not None and self._records else 0.0
        )

    def _record_tokens(self, rid: int) -> frozenset[str]:
        words = self._words
        return frozenset(words[i] for i in self._rtoks[rid])

    def rank(self, claim: Claim | str, k: int = 5) -> list[tuple[LedgerRecord, float]]:
        """The k ledger records most similar to the claim, best first, with their scores."""
        text = claim if isinstance(claim, str) else claim.text
        return [(self._records[rid], s) for s, rid in self._query(features(text)).ranked(k)]

    def _query(self, f: Features) -> _Query:
        return _Query(self, f)

    def opposite(self, f: Features, rid: int, rtoks: frozenset[str] | None = None) -> bool:
        """Whether the text and the record say the same thing with opposite polarity ("no
        seeding missions took place" / "seeding flights were flown"). Polarity differs only
        where the two texts overlap: a negation elsewhere in a long sentence ("... and never
        paid anyone") says nothing about the shared statement. `rtoks`: the record's tokens,
        if the caller has them."""
        shared = f.tokens & (self._record_tokens(rid) if rtoks is None else rtoks)
        rneg = {self._words[i] for i in self._rneg[rid]}
        qn, rn = f.negated_tokens & shared, rneg & shared
        return (len(qn) >= 2 and not rn) or (len(rn) >= 2 and not qn)

    def _difference(self, f: Features, rid: int) -> str | None:
        """Why a close match is not a plain repeat: polarity, numbers or named parties differ."""
        words = self._words
        rtoks = self._record_tokens(rid)
        if self.opposite(f, rid, rtoks):
            return "contradicts"
        rnum = frozenset(words[i] for i in self._rnums[rid])
        if (
            f.numbers
            and rnum
            and f.numbers != rnum
            and not (f.numbers <= rnum or rnum <= f.numbers)
        ):
            return "revised"
        # Another named party in the same statement: the rest of the two texts must agree closely,
        # else differing names are just the extra detail a retelling adds.
        rnames = frozenset(words[i] for i in self._rnames[rid])
        if f.names and rnames and other_names(f.names, rnames):
            rest_q = f.tokens - f.names - f.numbers
            rest_r = rtoks - rnames - rnum
            union = rest_q | rest_r
            if union and len(rest_q & rest_r) / len(union) >= 0.7:
                return "revised"
        return None

    def match(self, claim: Claim | str) -> ClaimVerdict:
        """new, seen (with the first report), revised (other number/party) or contradicts (polarity)."""
        c = claim if isinstance(claim, Claim) else Claim(text=claim)
        f = features(c.text)
        # A claim with exactly the tokens of a record (a copied sentence: the common case with
        # syndicated copies and repeats) scores 1.0 against it and ranks first, before any later
        # record with the same tokens; unless that record differs in polarity or the like (which
        # the full ranking sorts out), it is seen there. A dict lookup instead of a ranking.
        ids = self._ids
        if f.tokens and ids.keys() >= f.tokens:  # = all(t in ids for t in f.tokens)
            rid = self._exact.get(tuple(sorted(map(ids.__getitem__, f.tokens))))
            if rid is not None and self._difference(f, rid) is None:
                return self._verdict(c, "seen", rid, 1.0)
        q = self._query(f)
        # Most claims are decided by the best record alone (it is the first of the top 5, found
        # with far less scoring): one far from every record is new, and a close consistent one
        # is seen there. Only the others need the top 5.
        top = q.ranked(1)
        if not top:
            return ClaimVerdict(claim=c, status="new")
        best_score, best = top[0]
        if best_score < _DECIDED_BELOW:
            return ClaimVerdict(
                claim=c,
                status="new",
                score=round(best_score, 3),
                matched_text=self._records[best].text,
            )
        # A party the story never named is news unless the sentence is otherwise a near copy.
        # The one who says it ("according to the Courier") is not a party to the claim.
        said_by = features(c.attribution).tokens if c.attribution else _NONE
        novel_names = [t for t in f.names if t not in self._ids and t not in said_by]
        seen_from = NEAR_COPY if novel_names else SEEN
        if best_score >= seen_from and self._difference(f, best) is None:
            return self._verdict(c, "seen", best, best_score)
        ranked = q.ranked()
        # A consistent match wins over a slightly closer one that differs in a number or polarity.
        for score, rid in ranked:
            if score >= seen_from and self._difference(f, rid) is None:
                return self._verdict(c, "seen", rid, score)
        best_score, best = ranked[0]
        diff = self._difference(f, best)
        if diff == "contradicts" and best_score >= CHANGED:
            return self._verdict(c, "contradicts", best, best_score)
        if diff == "revised" and best_score >= CHANGED:
            return self._verdict(c, "revised", best, best_score)
        # Nothing in it the story has not said before: no new name or number, and hardly a word
        # that no record uses. Such a sentence is a retelling even when worded loosely.
        if diff is None and best_score >= UNION_BEST and not novel_names:
            novel = [t for t in f.tokens if t not in self._ids]
            allowed = NOVEL_WORDS + (1 if best_score >= 0.4 else 0)
            if not any(t in f.names or t in f.numbers for t in novel) and len(novel) <= allowed:
                return self._verdict(c, "seen", best, best_score)
        # A retelling often merges what two earlier sentences said: it is seen when the best few
        # records together cover nearly all of it (and the best one a fair part).
        if diff is None and best_score >= UNION_BEST and not novel_names:
            union: set[int] = set()
            for _, rid in ranked[:3]:
                union.update(self._rtoks[rid])
            covered = sum(w for i, w in q.weights.items() if i in union) / q.total
            if covered >= UNION_COVER:
                return self._verdict(c, "seen", best, best_score)
        return ClaimVerdict(
            claim=c, status="new", score=round(best_score, 3), matched_text=self._records[best].text
        )

    def _verdict(self, c: Claim, status: str, rid: int, score: float) -> ClaimVerdict:
        r = self._records[rid]
        return ClaimVerdict(
            claim=c,
            status=status,  # type: ignore[arg-type]
            first_url=r.first_url,
            first_source=r.first_source,
            matched_text=r.text,
            score=round(min(score, 1.0), 3),
        )


class _Query:
    """One claim's weighted token ids against a ledger as it is now."""

    __slots__ = ("ledger", "weights", "total", "unwalked", "_prepared", "_cands")

    def __init__(self, ledger: Ledger, f: Features) -> None:
        self.ledger = ledger
        base = ledger._base()
        ids, logdf = ledger._ids, ledger._logdf
        weights: dict[int, float] = {}
        unknown = 0
        for t in f.tokens:
            i = ids.get(t)
            if i is None:
                unknown += 1
            else:
                weights[i] = base - IDF_SCALE * logdf[i]
        self.weights = weights
        # Tokens no record has still weigh in the claim's total (with df = 0).
        self.total = sum(weights.values()) + unknown * (base - IDF_SCALE * _LOG_HALF)
        self.unwalked = 0.0  # weight of the query tokens whose postings were not walked
        self._prepared: (
            tuple[int, list[int], list[tuple[int, ...]], list[float], list[tuple[float, int]]]
            | None
        ) = None
        self._cands: tuple[int, list[int]] | None = None  # (limit, candidates) for the C code

    def candidates(self, limit: int = _CANDIDATES) -> list[int]:
        """The records sharing the most weight with the claim among the posting lists walked.

        As if each walked entry added its token's weight to its record and the records were
        sorted by that sum, highest first, ties in the order the walk met them."""
        if _C is not None:
            rids, self.unwalked = _C.candidates(
                self.ledger._postings, self.weights, limit, _WALK_BUDGET
            )
            return rids  # type: ignore[no-any-return]
        return self._candidates_py(limit)

    def _candidates_py(self, limit: int) -> list[int]:
        # Walk the rarest tokens' posting lists first, within a fixed budget of entries: a claim
        # that was reported before shares its rare words with the record, and the budget keeps a
        # lookup's cost flat however large the ledger grows (tokens in most records are skipped).
        postings = self.ledger._postings
        weights = self.weights
        lists: list[list[int]] = []
        ws: list[float] = []
        walked = 0
        self.unwalked = 0.0
        keys = list(weights)
        lengths = list(map(len, map(postings.__getitem__, keys)))
        # = sorted(weights, key=lambda i: len(postings[i])) without a Python call per token
        for j in sorted(range(len(keys)), key=lengths.__getitem__):
            i = keys[j]
            w = weights[i]
            if walked and walked + lengths[j] > _WALK_BUDGET:
                self.unwalked += w
                continue
            walked += lengths[j]
            lists.append(postings[i])
            ws.append(w)
        if not lists:
            return []
        # Rarer tokens weigh more, so the walk meets the lists in order of falling weight. A
        # record in one list alone has that list's weight; those come out in walk order. Only the
        # few records in several lists need their sums and a place among them. Posting lists are
        # ascending record ids.
        seen = set(lists[0])
        several: set[int] = set()
        # Nothing is looked up in `seen` after the last list (the longest), so it is not added.
        last = len(lists) - 1
        for li in range(1, len(lists)):
            p = lists[li]
            several.update(seen.intersection(p))
            if li < last:
                seen.update(p)
        if not several:
            return list(islice(chain.from_iterable(lists), limit))
        starts = [0, *accumulate(map(len, lists))]
        ranked: list[tuple[float, int, int]] = []  # (-sum, first position in the walk, record)
        for rid in several:
            total, first = 0.0, -1
            for li, p in enumerate(lists):
                j = bisect_left(p, rid)
                if j < len(p) and p[j] == rid:
                    total += ws[li]  # summed in walk order, as the walk would
                    if first < 0:
                        first = starts[li] + j
            ranked.append((-total, first, rid))
        singles = 0
        for li, p in enumerate(lists):
            alone = map(not_, map(several.__contains__, p))
            entries = zip(repeat(-ws[li]), count(starts[li]), p)
            kept = list(islice(compress(entries, alone), limit - singles))
            ranked += kept
            singles += len(kept)
            if singles >= limit:
                break
        ranked.sort()
        return [rid for _, _, rid in ranked[:limit]]

    def _top_c(self, cands: list[int], k: int) -> list[tuple[float, int]]:
        """`ranked` in C: the same bounds, order, early stop and scores as the Python below."""
        ledger = self.ledger
        base = ledger._base()
        assert _C is not None
        return _C.top(  # type: ignore[no-any-return]
            ledger._rtoks,
            ledger._logdf,
            cands,
            self.weights,
            base,
            self.total,
            ledger._lightest(base),
            IDF_SCALE,
            k,
        )

    def _prepare(self, candidates: int) -> None:
        """The candidates with what their scores need, in order of an upper bound of the score."""
        ledger = self.ledger
        rtoks_of = ledger._rtoks
        base, total = ledger._base(), self.total
        wkeys, wget = self.weights.keys(), self.weights.__getitem__
        cands = self._candidates_py(candidates)
        rts = list(map(rtoks_of.__getitem__, cands))
        shared = list(map(wkeys.__and__, rts))
        # Summed in the record's token order (ascending ids), as the C code does.
        sws = [sum(map(wget, sorted(sh))) for sh in shared]
        # Summing a record's own weight is the costly part. Every token weighs more than
        # `lightest` (df <= n), so a record weighs at least what it shares plus that much for
        # each other token; that bounds its score from above. Candidates are scored in order of
        # that bound, and once the bound of the next one is below the k-th best score, no
        # later one can enter the top k.
        lightest = ledger._lightest(base)
        bounds = [
            (sw / (total + sw + (len(rt) - len(sh)) * lightest) + 0.5 * (sw / total), i)
            for i, (sw, rt, sh) in enumerate(zip(sws, rts, shared, strict=True))
        ]
        bounds.sort(reverse=True)
        self._prepared = (candidates, cands, rts, sws, bounds)

    def ranked(self, k: int = 5, candidates: int = _CANDIDATES) -> list[tuple[float, int]]:
        """The k best (score, record id): half Dice, half coverage of the claim's weight.

        Asking again with another k reuses the candidates (the ledger must not change between)."""
        if not self.weights:
            return []
        if _C is not None:
            if self._cands is None or self._cands[0] != candidates:
                self._cands = (candidates, self.candidates(candidates))
            return self._top_c(self._cands[1], k)
        return self._ranked_py(k, candidates)

    def _ranked_py(self, k: int, candidates: int) -> list[tuple[float, int]]:
        if self._prepared is None or self._prepared[0] != candidates:
            self._prepare(candidates)
        assert self._prepared is not None
        _, cands, rts, sws, bounds = self._prepared
        ledger = self.ledger
        lget = ledger._logdf.__getitem__
        base, total = ledger._base(), self.total
        best: list[tuple[float, int]] = []  # min-heap of the k best (score, -rid) so far
        for bound, i in bounds:
            if len(best) == k and bound < best[0][0] - 1e-9:
                break
            rt, sw = rts[i], sws[i]
            rw = len(rt) * base - IDF_SCALE * sum(map(lget, rt))
            item = (0.5 * (2 * sw / (total + rw)) + 0.5 * (sw / total), -cands[i])
            if len(best) < k:
                heappush(best, item)
            elif item > best[0]:
                heapreplace(best, item)
        best.sort(reverse=True)
        return [(s, -neg) for s, neg in best]


# ---------------------------------------------------------------- near-duplicate texts

_BINS = 64  # one-permutation MinHash: 64 bins of 16 bits -> 256 hex characters
_BAND = 4  # rows per LSH band: 16 bands find pairs with Jaccard >= 0.8 almost surely
DUPLICATE = 0.8  # estimated Jaccard of word 4-shingles from which two texts are copies
_EMPTY = 0xFFFF


# The \\w+ runs of a text as UTF-8 bytes without running a regex over every character (a findall
# of \\w+ costs ~1 µs a word): blank the few non-ASCII characters that are not \\w (a pattern that
# starts with a character class, so re skips to them), then the ASCII ones with bytes.translate,
# and split. Every byte left is part of a \\w character, so the pieces are exactly the runs.
_NON_ASCII_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
_ASCII_NON_WORD_TO_SPACE = bytes(
    c if chr(c).isalnum() or c == ord("_") or c >= 0x80 else ord(" ") for c in range(256)
)
_HASH8 = hashlib.blake2b(digest_size=8)  # copied per shingle: cheaper than a new object
_BIN_OF_BYTE = bytes(c >> 2 for c in range(256))  # the top 6 bits of a digest's first byte


# Non-ASCII characters that are not \w, common in news text (as claims._TYPOGRAPHIC): most
# texts have no other, and are ASCII once they are blanked with str.replace.
_TYPOGRAPHIC = "’“”‘—–«»…\u00a0"


def _word_runs(text: str) -> list[bytes]:
    if not text.isascii():
        for c in _TYPOGRAPHIC:
            if c in text:
                text = text.replace(c, " ")
        if not text.isascii():
            text = _NON_ASCII_NON_WORD.sub(" ", text)
    return text.encode().translate(_ASCII_NON_WORD_TO_SPACE).split()


@lru_cache(maxsize=64)  # the pipeline asks for an article's fingerprint when judging and recording
def fingerprint(text: str) -> str:
    """A MinHash signature (hex) of the text's word 4-shingles; compare with `similarity`.

    Each 4-shingle "w1 w2 w3 w4" of the lower-cased \\w+ runs is hashed with 8-byte BLAKE2b; the
    top 6 bits choose one of 64 bins, which keeps the smallest low 16 bits."""
    from judge.claims import is_claim, split_sentences

    # Syndicated copies differ in bylines, promo lines and "first published by" notes: leave
    # those out, so the copy's fingerprint is that of its body.
    body = " ".join(s for s in split_sentences(text) if is_claim(s))
    words = _word_runs((body or text).lower())
    if len(words) < 4:
        words = words + [b""] * (4 - len(words))
    if _C_MINHASH is not None:
        # The same BLAKE2b and bins in C (~1/20 of the time: a hash object per shingle here
        # was a fifth of judging an article).
        return _C_MINHASH(words)  # type: ignore[no-any-return]
    return _minhash(words)


def _minhash(words: list[bytes]) -> str:
    """The signature of these word runs (at least 4), in Python: what `_C.minhash` computes."""
    # A shingle is a slice of the words joined by spaces, from a word's start to the end of the
    # word three further on.
    joined = b" ".join(words)
    starts = list(accumulate(map(add, map(len, words), repeat(1)), initial=0))
    shingles = map(joined.__getitem__, map(slice, starts, map(sub, starts[4:], repeat(1))))
    digests = bytearray()
    copy = _HASH8.copy
    for shingle in shingles:
        h = copy()
        h.update(shingle)
        digests += h.digest()
    # Per shingle the key bin << 16 | low 16 bits, built for all shingles at once from the digest
    # bytes; sorted descending, the last key of each bin in the dict is its smallest value.
    n = len(digests) // 8
    keys = bytearray(4 * n)  # big-endian uint32: 0, bin, high, low byte
    keys[1::4] = digests[0::8].translate(_BIN_OF_BYTE)
    keys[2::4] = digests[6::8]
    keys[3::4] = digests[7::8]
    values = array("I", keys)
    if sys.byteorder == "little":
        values.byteswap()
    smallest = dict(map(divmod, sorted(values, reverse=True), repeat(0x10000)))
    return "".join([f"{smallest.get(b, _EMPTY):04x}" for b in range(_BINS)])


def _bins(fp: str) -> list[str]:
    return [fp[i : i + 4] for i in range(0, len(fp), 4)]


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two fingerprints' shingle sets."""
    pa, pb = _bins(a), _bins(b)
    both = [(x, y) for x, y in zip(pa, pb, strict=False) if not (x == y == "ffff")]
    if not both:
        return 0.0
    return sum(1 for x, y in both if x == y) / len(both)


_FP_BYTES = 2 * _BINS  # a fingerprint kept as bytes: 16 bits per bin
_BAND_HEX = 4 * _BAND
_EMPTY_BAND = "f" * _BAND_HEX
_MASK64 = (1 << 64) - 1


def is_fingerprint(fp: str) -> bool:
    """Whether fp is a `fingerprint()` value (other strings are kept by the indexes, never matched)."""
    try:
        return len(bytes.fromhex(fp)) == _FP_BYTES and len(fp) == 2 * _FP_BYTES
    except ValueError:
        return False


def band_keys(fp: str) -> list[int]:
    """One 64-bit key per non-empty band: the band's bins, mixed with its position so equal
    values in different bands stay apart."""
    return [
        (int(fp[i : i + _BAND_HEX], 16) ^ ((i // _BAND_HEX + 1) * 0x9E3779B97F4A7C15)) & _MASK64
        for i in range(0, len(fp) - _BAND_HEX + 1, _BAND_HEX)
        if fp[i : i + _BAND_HEX] != _EMPTY_BAND
    ]


def earliest_match(
    fp: str, candidates: Iterable[tuple[str, str]], threshold: float = DUPLICATE
) -> tuple[str, float] | None:
    """Of the (url, fingerprint) candidates, in the order they were stored, the earliest at or
    above threshold (a later one only if it is clearly closer), with its similarity."""
    best: tuple[float, str] | None = None
    for url, other in candidates:
        sim = similarity(fp, other)
        if sim >= threshold and (best is None or sim > best[0] + 0.05):
            best = (sim, url)
    return (best[1], best[0]) if best else None


class Duplicates(Protocol):
    """What judging needs of a story's duplicate index: the in-memory `DuplicateIndex` or the
    SQLite-backed one the service uses (`watchers.store.StoredDuplicates`)."""

    def __len__(self) -> int: ...

    def add(self, url: str, fp: str) -> None: ...

    def best(self, fp: str, threshold: float = DUPLICATE) -> tuple[str, float] | None: ...


class DuplicateIndex:
    """(url, fingerprint) pairs with an LSH index; `find` names the earliest near-identical text.

    It lives as long as its story, so it is kept compact (~0.4 KiB an article besides the URL,
    against ~4 KiB as dicts of tuples): fingerprints as bytes in one buffer, band keys as
    64-bit integers in sorted arrays searched by bisection, plus a small dict of the latest
    keys that is merged into the arrays when it grows (one linear merge per 512 articles)."""

    _MERGE_AT = 8192  # band keys in the dict before it is merged into the sorted arrays

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        self._urls: list[str] = []
        self._fps = bytearray()
        self._keys = array("Q")  # sorted band keys ...
        self._ids = array("I")  # ... and the article each belongs to
        self._recent: dict[int, list[int]] = {}
        self._recent_n = 0
        for url, fp in items:
            self.add(url, fp)

    def __len__(self) -> int:
        return len(self._urls)

    def add(self, url: str, fp: str) -> None:
        idx = len(self._urls)
        self._urls.append(url)
        if not is_fingerprint(fp):  # kept, never matched
            self._fps += b"\xff" * _FP_BYTES
            return
        self._fps += bytes.fromhex(fp)
        for key in band_keys(fp):
            self._recent.setdefault(key, []).append(idx)
            self._recent_n += 1
        if self._recent_n >= self._MERGE_AT:
            self._merge()

    def _merge(self) -> None:
        new = sorted((k, i) for k, ids in self._recent.items() for i in ids)
        keys, ids = array("Q"), array("I")
        old_k, old_i, n, j = self._keys, self._ids, len(self._keys), 0
        for k, i in new:  # a linear merge; ids stay ascending within a key
            while j < n and old_k[j] <= k:
                keys.append(old_k[j])
                ids.append(old_i[j])
                j += 1
            keys.append(k)
            ids.append(i)
        keys.extend(old_k[j:])
        ids.extend(old_i[j:])
        self._keys, self._ids = keys, ids
        self._recent.clear()
        self._recent_n = 0

    def _fingerprint(self, idx: int) -> str:
        return self._fps[idx * _FP_BYTES : (idx + 1) * _FP_BYTES].hex()

    def find(self, fp: str, threshold: float = DUPLICATE) -> str | None:
        match = self.best(fp, threshold)
        return match[0] if match else None

    def best(self, fp: str, threshold: float = DUPLICATE) -> tuple[str, float] | None:
        """The earliest (url, similarity) at or above threshold, else None."""
        candidates: set[int] = set()
        keys, ids, n = self._keys, self._ids, len(self._keys)
        for key in band_keys(fp):
            candidates.update(self._recent.get(key, ()))
            j = bisect_left(keys, key)
            while j < n and keys[j] == key:
                candidates.add(ids[j])
                j += 1
        found = ((self._urls[i], self._fingerprint(i)) for i in sorted(candidates))
        return earliest_match(fp, found, threshold)
