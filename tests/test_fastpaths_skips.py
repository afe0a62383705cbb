"""Work judging skips when its answer cannot matter gives exactly what the plain code gives (the
plain code is kept here, as it was before the skip)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from judge import claims, ledger, verdict
from judge.language import english
from judge.ledger import Ledger
from judge.verdict import (
    _days,
    _mentioned,
    _name_numbers,
    _names_kept,
    _unmentioned_figures,
    features,
    outlet_names,
)
from watchers.models import LedgerRecord

ROOT = Path(__file__).resolve().parent.parent

# Sentences the project's prose rarely has: figures that are days, times, names' numbers and
# years; outlets and platforms named; other languages.
_EXAMPLES = [
    "On 5 May at 6:07 a.m. the BBC said 1,305 people left Boeing 737-800 flight 1282 in 2024.",
    "Reuters and France 24 reported that 14 people were hurt, Mr Smith told CNN on Tuesday.",
    "Am 30. Januar 2025 um 22 Uhr sagte die Polizei, 300 Menschen seien evakuiert worden.",
    "El 26 de octubre, el gobierno de España dijo que 1.200 personas fueron evacuadas.",
    "Ivan Petrov posted on Telegram and Facebook that 3 drones hit Odesa.",
    "Three days later, the Kremlin said nothing; Peskov declined to comment.",
    "Il y a deux ans, Le Monde a révélé que 12 000 documents avaient disparu.",
    "COVID-19 cases rose to 513 in Lagos, the NCDC said, citing 2023 figures.",
]


def _sentences() -> list[str]:
    paths = [*sorted((ROOT / "docs").glob("*.md")), *(ROOT / "benchmarks/data/labelled").glob("*")]
    paths.append(ROOT / "watchers/samples/demo.yaml")
    found = [s for p in paths if p.is_file() for s in claims.split_sentences(p.read_text("utf-8"))]
    return _EXAMPLES + [s for s in found if s.strip()]


def _record(i: int, text: str) -> LedgerRecord:
    return LedgerRecord(text, f"https://x.example/{i}", "X", datetime(2026, 1, 1, tzinfo=UTC), "a")


def _novel_specifics_plain(claim_text: str, ledger: Ledger) -> list[str]:
    """`verdict._novel_specifics` before it skipped reading days and outlets it would not use."""
    days = _days(claim_text) | ledger.years | verdict._durations(claim_text)
    figures = [t for t in _unmentioned_figures(claim_text, ledger) if t not in days and t != "#1"]
    if figures:
        named = _name_numbers(claim_text)
        figures = [t for t in figures if t not in named | verdict._measures(claim_text)]
    if not _names_kept(claim_text, ledger):
        return figures
    outlets = features(outlet_names(claim_text)).tokens
    names = [
        t
        for t in features(claim_text).names - outlets - verdict._PLATFORM_NAMES
        if not _mentioned(t, ledger)
    ]
    if ledger.told_in_other if english(claim_text) else ledger.told_in_english:
        names = [t for t in names if t not in verdict._OFFICE_WORDS]
    return names + figures


def test_novel_specifics_is_the_plain_code() -> None:
    texts = _sentences()
    book = Ledger()
    for i, t in enumerate(texts[:3000]):
        if i % 3 == 0:
            book.add(_record(i, t))  # the story's records: a third of the sentences
        else:
            assert verdict._novel_specifics(t, book) == _novel_specifics_plain(t, book), t
    assert any(_novel_specifics_plain(t, book) for t in _EXAMPLES)


def _full_pass(text: str) -> tuple:
    from judge import ledger
    from judge.language import without_portuguese_no

    text = without_portuguese_no(text)  # (features reads Portuguese "no" as "do" first)
    text = ledger.with_hyphened_numbers(text)  # ... and "trente-neuf" as "39"
    f = ledger._features(
        map(ledger._event, ledger._LEX.findall(text)),
        ledger._names_plain(ledger._OPENING_QUOTE.sub(r"\1", text)),
    )
    return f, (list(f.tokens), list(f.numbers), list(f.names), list(f.negated_tokens))


def test_features_with_names_and_figures_skipped_are_the_full_pass() -> None:
    from judge import ledger

    more = [
        "I'm sure, I’ve said, “I'd go”, said Ivan. I’ll see. IRA's 5 men. Iran’s 2 ships.",
        "“Though we lost,” he said: “We won 3 million.” ‘Not I,’ said «Marie» „Jan“ 7.",
    ]
    for text in more + _sentences()[:4000]:
        for t in (text, text):  # the second time every chunk is known
            f = ledger.features.__wrapped__(t)
            full, order = _full_pass(t)
            if ledger._SPACED_THOUSANDS.search(t) or ledger._APOSTROPHE_THOUSANDS.search(t):
                continue  # (features joins "11 300" in other languages, and "12’000", first)
            assert f == full, t
            assert (list(f.tokens), list(f.numbers), list(f.names), list(f.negated_tokens)) == order
        assert ledger._names(text) == ledger._names_plain(text), text
        assert list(ledger._names(text)) == list(ledger._names_plain(text)), text
        assert ledger._without_opening_quotes(text) == ledger._OPENING_QUOTE.sub(r"\1", text)


_SPACED = st.lists(
    st.sampled_from(list("0123459 ,.\u00a0\u202f\u2009a-") + ["000", "11 300", "2 000,5"]),
    max_size=30,
).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_SPACED)
def test_spaced_thousands_gate_is_exact(text: str) -> None:
    if ledger._SPACED_THOUSANDS.search(text):
        assert ledger._SPACED_GATE.search(text), text


def test_spaced_thousands_gate_on_real_sentences() -> None:
    for s in [*_sentences(), "11 300 morts", "2\u202f000 habitants", "le 5 100 000 euros"]:
        if ledger._SPACED_THOUSANDS.search(s):
            assert ledger._SPACED_GATE.search(s), s


def _words_plain(text: str) -> frozenset[str] | None:
    """`claims.words` before it blanked typographic characters with str.replace."""
    low = text.lower()
    if low.isascii():
        return frozenset(
            low.encode().translate(claims._ASCII_NON_WORD_TO_SPACE_BYTES).decode().split()
        )
    if claims._FOLD_ODD.search(text):
        return None
    blanked = claims._NON_ASCII_NON_WORD.sub(" ", low).encode()
    return frozenset(blanked.translate(claims._ASCII_NON_WORD_TO_SPACE_BYTES).decode().split())


def test_typographic_characters_are_not_word_characters() -> None:
    import re

    for c in claims._TYPOGRAPHIC:
        assert not c.isascii() and not re.match(r"\w", c) and c.lower() == c, repr(c)


@settings(max_examples=800, deadline=None)
@given(
    st.lists(st.sampled_from([*claims._TYPOGRAPHIC, "a", "B", " ", "é", "Ω", "ı", "_", "9", "'"]))
)
def test_words_with_typographic_characters_are_the_plain_words(chars: list[str]) -> None:
    text = "".join(chars)
    fast, plain = claims.words.__wrapped__(text), _words_plain(text)
    assert fast == plain and (fast is None or list(fast) == list(plain)), text


def test_words_on_real_sentences_are_the_plain_words() -> None:
    for s in _sentences():
        fast, plain = claims.words.__wrapped__(s), _words_plain(s)
        assert fast == plain and (fast is None or list(fast) == list(plain)), s


# One recap of each kind _RECAP knows, and words around them.
_RECAPS = [
    "as previously reported",
    "As we earlier reported",
    "as Reuters already reported",
    "as reported earlier",
    "it was previously reported",
    "had been earlier reported",
    "ранее агентство сообщало",
    "как уже сообщалось",
    "Напомним",
    "раніше повідомлялося",
    "як уже повідомлялося",
    "нагадаємо",
    "wie bereits berichtet",
    "wie gemeldet",
    "comme nous l’avons rapporté",
    "comme déjà évoqué",
    "rappelons",
    "pour rappel",
    "como ya informó",
    "como informamos",
    "recordemos",
    "cabe recordar",
    "come già riportato",
    "come abbiamo riportato",
    "ricordiamo",
    "como já noticiado",
    "recorde-se",
    "jak już informowaliśmy",
    "przypomnijmy",
    "— Добавим",
    "Додамо",
]


def _check_recap(text: str) -> None:
    from judge import evidence

    ws = claims.words(text)
    found, plain = evidence._recap(text, ws), evidence._RECAP.search(text)
    assert (found and found.span()) == (plain and plain.span()), text


def test_recap_gate_is_exact_on_each_recap() -> None:
    from judge import evidence

    for r in _RECAPS:
        assert evidence._RECAP.search(r), r
        for text in (r, f"The mayor, {r}, resigned.", r.upper(), f"«{r}»"):
            _check_recap(text)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [w for r in _RECAPS for w in r.split()]
            + "the police said it was reported previously earlier already , . REPORTED".split()
        ),
        min_size=1,
        max_size=12,
    ).map(" ".join)
)
def test_recap_gate_is_exact(text: str) -> None:
    _check_recap(text)


def test_recap_gate_on_real_sentences() -> None:
    for s in _sentences():
        _check_recap(s)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(list('“"«„‘”’.!?:;, \n\taB') + [". “", ": «"]), max_size=20))
def test_opening_quotes_removed_as_the_pattern_removes_them(chars: list[str]) -> None:
    text = "".join(chars)
    assert ledger._without_opening_quotes(text) == ledger._OPENING_QUOTE.sub(r"\1", text)


def _check_word_chunk(chunk: str) -> None:
    found = ledger._word_chunk(chunk)
    if found is not None:
        assert found == ledger._chunk_info(chunk), chunk


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("aZéÜß_’'9٣²-.,;:!?“”()$€") + ["\u0301", "not", "five", "m", "never"]),
        min_size=1,
        max_size=8,
    ).map("".join)
)
def test_word_chunk_is_the_regex_reading(chunk: str) -> None:
    _check_word_chunk(chunk)


def test_word_chunk_on_real_chunks() -> None:
    chunks = {c for s in _sentences() for c in s.split()}
    chunks |= {"Trump’s", "Müller.", "can’t", "won't,", "Nie!", "Kein", "zwei", "Millionen"}
    read = 0
    for c in sorted(chunks):
        _check_word_chunk(c)
        read += ledger._word_chunk(c) is not None
    assert read > 1000


def _stem_plain(word: str) -> str:
    """`ledger._stem` before it tried only the rules of the word's last letter: every rule."""
    if len(word) <= 4 or not word.endswith(ledger._SUFFIXES):
        return word
    return ledger._stem_by(word, ledger._SUFFIX_RULES)
    for suffix, repl in ledger._SUFFIX_RULES:
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
                stem = stem[:-1]
            elif suffix in ("ing", "ed") and (
                stem.endswith(
                    ("at", "iz", "bl", "ic", "ul", "rg", "rs", "ur", "iv", "rc", "us", "nc")
                )
                or (len(stem) <= 4 and ledger._CVC.fullmatch(stem))
            ):
                stem += "e"
            return stem
    return word


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("abeilnstuyz") + [s for s, _ in ledger._SUFFIX_RULES]), max_size=6
    )
)
def test_stem_is_the_plain_code(parts: list[str]) -> None:
    word = "".join(parts)
    assert ledger._stem(word) == _stem_plain(word), word


def test_stem_on_real_words() -> None:
    import re

    for w in {w.lower() for s in _sentences() for w in re.findall(r"\w+", s)}:
        assert ledger._stem(w) == _stem_plain(w), w


def test_checkable_is_the_plain_sum_on_real_sentences() -> None:
    import math

    from judge import checkable

    m = checkable.model()
    for s in _sentences()[:3000]:
        toks = checkable._tokens(s)
        shape = checkable._shape(s, toks)
        uni = list(map(m.weights.get, toks))
        if len(uni) - uni.count(None) < m.min_coverage * len(uni):
            z = m.shape_bias + m.shift + sum(map(m.shape.get, shape, checkable._ZEROS))
        else:
            z = m.bias + sum(filter(None, uni)) + sum(map(m.weights.get, shape, checkable._ZEROS))
            z += sum(map(m.bigrams.get, zip(toks, toks[1:], strict=False), checkable._ZEROS))
        assert m.prob(s) == (0.0 if z < -30.0 else 1.0 / (1.0 + math.exp(-z))), s


def test_word_runs_with_typographic_characters_blanked_are_the_regex_runs() -> None:
    import re

    assert ledger._TYPOGRAPHIC == claims._TYPOGRAPHIC
    texts = [*_sentences(), "“Quoted” — and «this»… ‘so’\u00a0on", "Müller’s “café” — 5\u00a0000"]
    for t in texts:
        plain = re.sub(r"[^\x00-\x7f\w]+", " ", t).encode()
        plain_runs = plain.translate(ledger._ASCII_NON_WORD_TO_SPACE).split()
        assert ledger._word_runs(t) == plain_runs, t
        assert ledger._word_runs(t) == [w.encode() for w in re.findall(r"\w+", t)], t


_DURATIONS = [
    "five days after",
    "3 hours later",
    "two years ago",
    "10 weeks earlier",
    "six months before",
    "drei Tage nach",
    "zwei Jahre später",
    "4 Stunden zuvor",
    "tres días después",
    "dos años antes",
    "cinco horas más tarde",
    "trois jours après",
    "deux ans plus tard",
    "dix jours auparavant",
    "3 giorni dopo",
    "2 anni prima",
    "5 ore più tardi",
    "três dias depois",
    "dwa dni później",
    "5 lat temu",
    "три дня спустя",
    "два года назад",
    "пять часов позже",
    "vor zwei Tagen",
    "hace tres días",
    "il y a deux ans",
    "через два дня",
    "спустя три года",
]


def test_duration_words_are_in_every_duration() -> None:
    for d in _DURATIONS:
        for text in (f"It ended {d}, police said.", d.upper(), d.title()):
            assert verdict._DURATION.search(text), text
            assert verdict._durations(text) == verdict._figures_in(verdict._DURATION, text), text
    for s in _sentences():
        assert verdict._durations(s) == verdict._figures_in(verdict._DURATION, s), s


def _started() -> list:
    from judge import evidence

    return [
        (evidence._OFFICIAL, evidence._official_search),
        (evidence._HEARSAY, evidence._hearsay_search),
        (evidence._FRESH, evidence._fresh_search),
        (evidence._DOCUMENT, evidence._document_search),
        (evidence._REACTION, evidence._reaction_search),
    ]


def _check_started(text: str) -> None:
    for pattern, search in _started():
        m, fast = pattern.search(text), search(text)
        assert (m and (m.span(), m.groups())) == (fast and (fast.span(), fast.groups())), text


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*claims._TYPOGRAPHIC, "\u212a", "İ", "é", "—said", "’s"]
            + "Police said the Kremlin’s spokesman a in ha told reporters today allegedly "
            "the report seen by documents obtained shocked condolences Kremlins in shock "
            "according to the ministry “ ” . , reportedly x".split()
        ),
        min_size=1,
        max_size=20,
    ).map(" ".join)
)
def test_search_at_starts_with_typographic_characters_is_the_search(text: str) -> None:
    _check_started(text)
    _check_started(text.replace(" ", ""))


def test_search_at_starts_on_real_sentences_with_typographic_characters() -> None:
    for s in _sentences():
        _check_started(s)
        _check_started(s.replace("'", "’").replace('"', "“"))


def test_the_apostrophe_gate_finds_every_apostrophe_thousands() -> None:
    from judge import ledger

    for s in _sentences()[:4000] + ["12’000 Plätze", "3'500'000 francs", "l'an 2'000"]:
        if ledger._APOSTROPHE_THOUSANDS.search(s):
            assert ledger._APOSTROPHE_GATE.search(s), s
