"""The finer word gates and the joined-text `says` give exactly what the plain code gives: a gate
may only skip a pattern that cannot match (see tests/test_fastpaths.py for the older ones)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from re import _constants as C  # noqa: N812
from re import _parser

from hypothesis import given, settings
from hypothesis import strategies as st

from judge import claims, evidence, ledger, verdict
from judge.claims import words
from judge.ledger import Ledger
from watchers.models import LedgerRecord

ROOT = Path(__file__).resolve().parent.parent


def _real_sentences() -> list[str]:
    """Sentences of the project's own prose and labelled articles (as tests/test_fastpaths.py)."""
    paths = [*sorted((ROOT / "docs").glob("*.md")), *(ROOT / "benchmarks/data/labelled").glob("*")]
    paths.append(ROOT / "watchers/samples/demo.yaml")
    return [s for p in paths if p.is_file() for s in claims.split_sentences(p.read_text("utf-8"))]


# Words of the gated patterns' alternatives (English and the other languages), and others.
_VOCAB = (
    "the a an police ministry spokesman porta-voz court report documents said says stated told "
    "confirmed denied according to per in statement issued opened investigation wies zurück "
    "teilte mit a démenti negou une source proche du dossier un haut responsable ein Beamter "
    "source official sources selon le communiqué laut einer Mitteilung des Ministeriums rapport "
    "a publié zeigt der Bericht heißt es in wie précise Messungen Daten haben ergeben ha remitido "
    "informe a la jueza presentó una demanda reichte Klage ein compte rendu documento news story "
    "support our journalism sign up for newsletter photo credit AP photo (c) 2024 © all rights "
    "reserved copyright privacy policy most read share this article click here 5 May 12 mai "
    "20. März 6:07 a.m. 22 Uhr godz. 23 27.06.2024 2024-06-27 10 p.m. three days later vor zwei Tagen hace tres días 14 h 30 "
    "(about $5) 300 “ ” « » . , : ; İ ı ſ Srb... word… 12... remains to be seen only time will "
    "tell it is worth noting whether or not raises questions is a reminder of If true no one can "
    "say could have implications unclear far over debate alive likely remain customers should "
    "need to It is advisable experts recommend Nutzer sollten il est conseillé utenti devono "
    "Folgen Sie uns Suivez-nous Síguenos suscríbete urmăriți-ne Следите за нашими Подпишитесь "
    "Utilizamos cookies aceptar Cookies akzeptieren Lesen Sie im Newsblog Artikel wird nach "
    "artykułu pod reklamą Lascia un commento deja tu comentario Retrouvez notre direct read "
    "original language Obserwuj nas"
).split() + ["\n", "a...\n", "\n\n"]
_TEXT = st.lists(st.sampled_from(_VOCAB), min_size=2, max_size=25).map(" ".join)


def _check(text: str) -> None:
    ws = words(text)
    for t in (text, evidence._unquoted(text)):
        if evidence._OFFICIAL.search(t) and ws is not None:
            assert not evidence._OFFICIAL_VERBS.isdisjoint(ws), text
    if ws is not None and not evidence._ANONYMOUS_OTHER_GATE.isdisjoint(ws):
        assert evidence._anonymous_other(text, ws) == bool(evidence._ANONYMOUS_OTHER.search(text))
    assert evidence._anonymous_other(text, None) == bool(evidence._ANONYMOUS_OTHER.search(text))
    if ws is not None and evidence._DOCUMENT_OTHER.search(text):
        assert not evidence._DOC_OTHER_TRIGGERS.isdisjoint(ws), text
        assert not evidence._DOC_OTHER_WORDS.isdisjoint(ws), text
    if ws is not None and evidence._SAID_IN.search(text):
        assert not evidence._SAID_IN_GATE.isdisjoint(ws), text
    if "©" not in text and ws is not None and claims._BOILERPLATE_ANY.search(text):
        assert claims._boilerplate_clause(ws), text
    assert claims._cut_off(text) == bool(claims._CUT_OFF.search(text)), text
    if claims._HELPLINE.search(text):  # its word gate lets every match through
        assert ws is None or not claims._HELPLINE_GATE.isdisjoint(ws), text
    for gated in (claims._OPINION, claims._ADVICE, claims._PROMO):
        if ws is None or not gated.gate.isdisjoint(ws):
            m = gated.pattern.search(text)
            found = gated.search(text)
            assert (found and found.span()) == (m and m.span()), text
    plain_days = frozenset(
        "#" + str(int(a or b)) for a, b in verdict._DAY_OF_MONTH.findall(text)
    ) | verdict._figures_in(verdict._TIME_OF_DAY, text)
    plain_days |= {"#" + str(int(d)) for d in verdict._WEEKDAY_DAY.findall(text)}
    plain_days |= verdict._figures_in(verdict._NUMERIC_DATE, text)
    assert verdict._days(text) == plain_days, text
    assert verdict._durations(text) == verdict._figures_in(verdict._DURATION, text), text
    assert verdict._figures(text) == verdict.features(verdict._CONVERSION.sub("", text)).numbers


@settings(max_examples=800, deadline=None)
@given(_TEXT)
def test_finer_gates_are_exact(text: str) -> None:
    _check(text)


def test_finer_gates_are_exact_on_real_sentences() -> None:
    sentences = _real_sentences()
    examples = [
        "Un haut responsable du ministère a indiqué que l'enquête continue.",
        "Une source proche du dossier a confirmé l'information.",
        "Laut einer Mitteilung des Ministeriums wurden 300 Menschen evakuiert.",
        "Le ministère a publié un rapport mardi.",
        "Messungen der Nasa haben ergeben, dass der Pegel steigt.",
        "The police confirmed on 5 May at 6:07 a.m. that three days later 12 people had left.",
        "Sign up for our daily newsletter.",
        "AP photo by Ada Winn.",
        "Whether the claims are true or not remains to be seen.",
        "If true, it could have far-reaching implications.",
        "Síguenos en WhatsApp.",
        "Utilizamos cookies propias para mejorar el servicio.",
        "Alle Entwicklungen lesen Sie in unserem Liveticker.",
        "Dalsza część artykułu pod materiałem wideo.",
    ]
    for s in [*examples, *sentences]:
        _check(s)


def _finite(items) -> list[str]:
    """Every string a regex of literals, classes, branches and short repeats matches."""
    out = [""]
    for op, av in items:
        if op is C.LITERAL:
            opts = [chr(av)]
        elif op is C.SUBPATTERN:
            opts = _finite(av[3])
        elif op is C.BRANCH:
            opts = [x for b in av[1] for x in _finite(b)]
        elif op is C.IN:
            opts = []
            for o, a in av:
                assert o in (C.LITERAL, C.RANGE), o
                opts += [chr(a)] if o is C.LITERAL else [chr(i) for i in range(a[0], a[1] + 1)]
        else:
            assert op is C.MAX_REPEAT and av[1] <= 2, op
            subs = _finite(av[2])
            opts = []
            for k in range(av[0], av[1] + 1):
                acc = [""]
                for _ in range(k):
                    acc = [a + b for a in acc for b in subs]
                opts += acc
        out = [a + b for a in out for b in opts]
    return out


def test_month_and_unit_words_are_those_the_patterns_spell() -> None:
    months = {w.lower() for w in _finite(_parser.parse(claims.DATE_MONTHS))}
    assert months == claims.MONTH_WORDS
    assert {w.lower() for w in _finite(_parser.parse(verdict._UNITS))} == verdict._UNIT_WORDS


def _record(i: int, text: str) -> LedgerRecord:
    return LedgerRecord(text, f"https://x.example/{i}", "X", datetime(2026, 1, 1, tzinfo=UTC), "a")


def test_says_on_joined_texts_equals_a_search_of_each_record() -> None:
    texts = [s for s in _real_sentences() if s.strip()][:3000]
    texts += ["İstanbul filing", "ſtatement", "end of one.", "Report"]
    ledger = Ledger(_record(i, t) for i, t in enumerate(texts))
    some = sorted({w for t in texts[:400] for w in re.findall(r"[A-Za-z]{3,}", t)})
    # (pattern, the lower-cased word every match has)
    patterns = [(re.compile(r"\b" + re.escape(w), re.I), w.lower()) for w in some[::7]]
    patterns += [
        (re.compile(r"\b" + re.escape(a) + r"[\s-]+" + re.escape(b), re.I), b.lower())
        for a, b in zip(some[::11], some[5::11], strict=False)
    ]
    patterns += [
        (re.compile(r"one\.\s+Report"), "report"),  # only across two records
        (re.compile(r"\bistanbul\b", re.I), "istanbul"),
        (re.compile(r"statement", re.I), "statement"),
        (re.compile(r"^Report$"), "report"),  # not joinable: searched record by record
        (re.compile(r"\bfiling", re.I), "filing"),
    ]
    needled = Ledger(_record(i, t) for i, t in enumerate(texts))
    for p, needle in patterns:
        plain = any(p.search(t) for t in texts)
        assert needled.says(p, (needle,)) == plain, p
        assert ledger.says(p) == plain, p
    # translations: a word of another script is looked for only where the text has its script
    other = re.compile(r"\b(?:report|отчет)\b", re.IGNORECASE)
    needles = verdict._needles("report", "отчет")
    ascii_only = Ledger(_record(i, t) for i, t in enumerate(["A filing.", "The REPORT said."]))
    assert ascii_only.says(other, needles)
    russian = Ledger(_record(i, t) for i, t in enumerate(["A filing.", "Об этом говорит ОТЧЕТ."]))
    assert russian.says(other, needles)
    assert not Ledger([_record(0, "Reporters.")]).says(other, needles)
    assert verdict._needles("İstanbul") == ()
    # records added later are read too
    ledger.add(_record(len(texts), "A zyxwv report"))
    assert ledger.says(re.compile(r"\bzyxwv", re.I), ("zyxwv",))


# ---------------------------------------------------------------- third round (speed3)

# Chunks as `features` splits a text: ASCII words with and without a clause end, scale and number
# words in any case, negators, and chunks the fast path leaves to the regex.
_CHUNKS = (
    "said said, said. Said: SAID! said? not never denied five Five FIVE million Million MILLION "
    "millions bn BN mn m k b M K B Mio tys thousand tausend milliarden mil mille x I a "
    "Trump's don't U.S. 5 5m $5 5,000 3.5 (the “We said,, said... -- café İstanbul ſtatement "
    "Straße n't no. K"
).split()
_CHUNK = st.one_of(
    st.sampled_from(_CHUNKS),
    st.text(alphabet="abcmkBMK.,;:!?'’-5$é", min_size=1, max_size=6),
)


def _check_chunk(chunk: str) -> None:
    fast = ledger._ascii_chunk(chunk)
    if fast is not None:
        assert fast == (ledger._chunk_info(chunk), bool(ledger._SCALE_START.match(chunk))), chunk


@settings(max_examples=1500, deadline=None)
@given(_CHUNK)
def test_ascii_chunk_is_the_regex_reading(chunk: str) -> None:
    _check_chunk(chunk)


def test_ascii_chunk_on_real_words_and_every_scale() -> None:
    chunks = {c for s in _real_sentences() for c in s.split()}
    for w in ledger._SCALE:
        chunks |= {w, w.upper(), w.title(), w + ",", w.upper() + "."}
    for c in chunks:
        _check_chunk(c)
    # no scale word has a letter that IGNORECASE matches to another ASCII letter than its own
    assert not any(c in w for w in ledger._SCALE for c in "\u0130\u0131\u017f\u212a")


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_CHUNK, st.text(alphabet="tTdDbBmMkKxX5$“χΧтТεΕδΔмМſ\u212a ", min_size=1)))
def test_scale_start_gate_is_the_regex(chunk: str) -> None:
    assert ledger._scale_start(chunk) == bool(ledger._SCALE_START.match(chunk)), chunk


def test_scale_start_gate_on_real_chunks_and_every_scale() -> None:
    chunks = {c for s in _real_sentences() for c in s.split()}
    for w in ledger._SCALE:
        chunks |= {w, w.upper(), w.title(), w + ",", "5" + w, w + "5"}
    for c in chunks:
        assert ledger._scale_start(c) == bool(ledger._SCALE_START.match(c)), c


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CHUNKS + _VOCAB), min_size=1, max_size=30).map(" ".join))
def test_speaker_gate_is_exact(text: str) -> None:
    ws = words(text)
    for pattern, speaks in zip(evidence._SPEAKER, evidence._SPEAKER_SPEAKS, strict=True):
        if speaks and ws is not None and pattern.search(text):
            assert not evidence._SPEECH_WORDS.isdisjoint(ws), (pattern.pattern[:40], text)


def test_speaker_gate_on_real_sentences() -> None:
    forms = (
        "said says told tells stated states wrote writes confirmed denied added explained "
        "apologized apologised emphasized emphasised made the announcement expressed his regret "
        "posted on X shared on Facebook pointed out claimed responsibility dijo afirmó afirmo "
        "aseguró declaró explicó confirmó negó ha dicho ha negado a déclaré a declare a dit "
        "déclare affirme a démenti ha detto ha smentito sagte erklärte bestätigte disse negou "
        "issued a statement released a brief response published their denial"
    )
    examples = [
        f"The minister, Anna Berg, {forms}",
        f"“We are safe,” {forms} Czech police president Martin Vondrasek.",
        "Spokesman Lt. Col. Garron Garn, told reporters.",
        "SpaceX issued a statement on social media.",
        "The National Transportation Safety Board (NTSB) said it would look.",
        ", a déclaré mardi le ministère",
    ]
    for s in [*examples, *_real_sentences()]:
        ws = words(s)
        for pattern, speaks in zip(evidence._SPEAKER, evidence._SPEAKER_SPEAKS, strict=True):
            if speaks and ws is not None and pattern.search(s):
                assert not evidence._SPEECH_WORDS.isdisjoint(ws), (pattern.pattern[:40], s)
    assert evidence._SPEAKER_SPEAKS.count(False) == 3  # "in an interview with", citing, according


_TIMES = (
    "6:07 6h07 14 h 30 6.07 a.m. 6.07am 10 p.m. 6am 22 Uhr 22 heures à 22h 0230 GMT 1200 utc "
    "um 6.07 Uhr в 6.07 at 6.07 alle 6.07 o 6.07 5 people 2024, 3.5 million 12 est 7 H 9 Pm"
).split()


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_TIMES + _VOCAB[:40]), min_size=1, max_size=12).map(" ".join))
def test_time_of_day_gate_is_exact(text: str) -> None:
    if verdict._TIME_OF_DAY.search(text):
        assert verdict._TIME_OF_DAY_GATE.search(text), text


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="0123456789 :.hHaApPmMuUrRGTCEBSJKeD\u00a0\u2009", max_size=14))
def test_time_of_day_gate_is_exact_on_characters(text: str) -> None:
    if verdict._TIME_OF_DAY.search(text):
        assert verdict._TIME_OF_DAY_GATE.search(text), text


def test_mentioned_memo_is_the_plain_answer() -> None:
    texts = [s for s in _real_sentences() if s.strip()][:400]
    book = Ledger()
    tokens = sorted({t for s in texts for t in verdict.features(s).tokens})[:3000]
    tokens += ["russian", "ukrainian", "american", "mr", "navalnys", "peskova", "#5"]
    for i, t in enumerate(texts):
        book.add(_record(i, t))
        if i % 50 == 0 or i == len(texts) - 1:
            for tok in tokens[i % 7 :: 7] + tokens[:20]:
                assert verdict._mentioned(tok, book) == verdict._mentioned_plain(tok, book), tok
    # a token the ledger gains later is mentioned from then on
    assert not verdict._mentioned("zyxwvut", book)
    book.add(_record(len(texts), "Zyxwvut spoke."))
    assert verdict._mentioned("zyxwvut", book)


def test_language_counts_are_the_plain_counts() -> None:
    from judge import language

    for s in [*_real_sentences()[:3000], "", "el la de que y en", "the of and to"]:
        ws = s.lower().split()
        hits = sum(w in language.ENGLISH for w in ws)
        plain = (
            hits >= 0.12 * len(ws)
            and hits > sum(w in language.ROMANCE for w in ws)
            and hits > sum(w in language.OTHER for w in ws)
        )
        assert language.english(s) == plain, s
        assert language.romance(s) == (
            sum(w in language.ROMANCE for w in ws) >= max(2, 0.1 * len(ws))
        ), s


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(_VOCAB + ["Report", "REPORT", "reports", "filing"]), max_size=12).map(
        " ".join
    ),
    st.lists(st.sampled_from(_VOCAB + ["report", "filing"]), min_size=1, max_size=3),
    st.integers(0, 3),
)
def test_says_by_needles_equals_a_search_of_each_record(text: str, ws: list, read: int) -> None:
    texts = [text, *(f"{w} {text[::-1]}" for w in ws), "x", *ws]
    book = Ledger(_record(i, t) for i, t in enumerate(texts[:read]))
    patterns = []
    for w in {*ws, "report"}:
        word = re.sub(r"\W", "", w).lower()
        # the callers' needles are plain lower-case words: "ſ" matches "s" only under
        # IGNORECASE, which no needle word stands for
        if word and word.isascii():
            patterns.append((re.compile(r"\b" + re.escape(word), re.IGNORECASE), word))
    for p, word in patterns:  # read up to `read`, then again from there
        assert book.says(p, (word,)) == any(p.search(t) for t in texts[:read]), (word, texts)
    for i, t in enumerate(texts[read:], start=read):
        book.add(_record(i, t))
    for p, word in patterns:
        assert book.says(p, (word,)) == any(p.search(t) for t in texts), (word, texts)


def _first_runs(items: list, prefix: str = "") -> set[tuple[str, str]]:
    """(the first \\w+ run, "closed" if it ends there, "open" if more word characters may follow,
    "end" if the pattern ends) of what a parsed regex matches from its start."""
    if not items:
        return {(prefix, "end")}
    (op, av), rest = items[0], items[1:]
    if op is C.AT:
        assert av is C.AT_BOUNDARY, av
        return {(prefix, "closed")} if prefix else _first_runs(rest, prefix)
    if op in (C.ASSERT, C.ASSERT_NOT):
        return _first_runs(rest, prefix)  # consumes nothing
    if op is C.LITERAL:
        c = chr(av)
        return _first_runs(rest, prefix + c) if re.match(r"\w", c) else {(prefix, "closed")}
    if op is C.IN:
        chars: list[str] = []
        for o, a in av:
            if o is C.LITERAL:
                chars.append(chr(a))
            elif o is C.RANGE:
                chars += [chr(i) for i in range(a[0], a[1] + 1)]
            elif o is C.CATEGORY and a is C.CATEGORY_SPACE:
                chars.append(" ")
            else:
                return {(prefix, "open")}
        out: set[tuple[str, str]] = set()
        for c in chars:
            out |= _first_runs(rest, prefix + c) if re.match(r"\w", c) else {(prefix, "closed")}
        return out
    if op is C.CATEGORY:
        return {(prefix, "closed" if av is C.CATEGORY_SPACE else "open")}
    if op in (C.NOT_LITERAL, C.ANY):
        return {(prefix, "open")}
    if op in (C.SUBPATTERN, C.BRANCH):
        alts = [list(av[3])] if op is C.SUBPATTERN else [list(a) for a in av[1]]
        return {r for alt in alts for r in _first_runs(alt + rest, prefix)}
    assert op in (C.MAX_REPEAT, C.MIN_REPEAT), op
    lo, hi, sub = av
    out = _first_runs(rest, prefix) if lo == 0 else set()
    for p, state in _first_runs(list(sub), prefix):
        if state != "end":
            out.add((p, state))
        elif hi == 1:
            out |= _first_runs(rest, p)
        else:
            out.add((p, "open"))  # another repeat may go on with the run
    return out


_STARTED = (  # (pattern, its search at the runs it starts at, the runs, the open ones)
    (evidence._OFFICIAL, evidence._official_search, evidence._OFFICIAL_STARTS, ("kremlin",)),
    (evidence._HEARSAY, evidence._hearsay_search, evidence._HEARSAY_STARTS, evidence._HEARSAY_OPEN),
    (evidence._FRESH, evidence._fresh_search, evidence._FRESH_STARTS, evidence._FRESH_OPEN),
    (evidence._DOCUMENT, evidence._document_search, evidence._DOCUMENT_STARTS, ()),
    (
        evidence._REACTION,
        evidence._reaction_search,
        evidence._REACTION_STARTS,
        evidence._REACTION_OPEN,
    ),
)


def test_start_words_are_the_patterns() -> None:
    assert evidence._DOCUMENT_OPEN == () and evidence._OFFICIAL_OPEN == "kremlin"
    for pattern, _, starts, opens in _STARTED:
        tree = list(_parser.parse(pattern.pattern, pattern.flags))
        # every match starts at a word boundary (re keeps the \\b every alternative starts with
        # once, before the alternatives), with a word character: at the start of a run
        assert tree[0] == (C.AT, C.AT_BOUNDARY), tree[0]
        runs = _first_runs(tree)
        assert ("", "closed") not in runs and all(state != "end" for _, state in runs)
        assert {r.lower() for r, s in runs if s == "closed"} == starts
        assert {r.lower() for r, s in runs if s == "open"} == set(opens)


def _check_started(text: str) -> None:
    for pattern, search, _, _ in _STARTED:
        m, fast = pattern.search(text), search(text)
        assert (m and (m.span(), m.groups())) == (fast and (fast.span(), fast.groups())), text


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            _VOCAB
            + "Police said the Kremlin’s spokesman KREMLINS a confirmé as per the ministry’s "
            "prosecutor's office porte-parole MI5 Behörde bestätigte ha confirmado officials "
            "in a statement, the court ruled that Denied reporting ministry’s reportedly "
            "Allegedly it was claimed is said to rumours speculation, speculated unverified "
            "reports by the Daily tabloid first reported media reports citing a source if true "
            "may have selon des médias laut Medienberichten on Monday late on Tuesday today "
            "told reporters told The Times at a press conference in response to hoy aujourd’hui "
            "the report seen by documents obtained by the ministry released the full report "
            "according to the police report a copy of the shocked in a state of shock "
            "Shock expressed his deep sadness thoughts are with mourners Mourning condemned "
            "condemnation a réagi ont réagi ha reagito Staatstrauer erschütterte SCHOCKIERT "
            "sgomento Solidarity solidarité inacceptable unacceptable".split()
        ),
        min_size=1,
        max_size=25,
    ).map(" ".join)
)
def test_search_at_starts_is_the_search(text: str) -> None:
    _check_started(text)


def test_search_at_starts_on_real_sentences() -> None:
    for s in _real_sentences():
        _check_started(s)
        _check_started(evidence._unquoted(s))
