"""Judging's fast paths give exactly what the plain code they replace gives (issue 13's speed goal:
the same claims and verdicts, fewer instructions)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from judge import checkable, claims, evidence
from judge.claims import make_claim, split_sentences, words
from watchers.models import Claim, Evidence

ROOT = Path(__file__).resolve().parent.parent


def _real_sentences() -> list[str]:
    """Sentences of the project's own prose and labelled articles (English, some German)."""
    paths = [*sorted((ROOT / "docs").glob("*.md")), *(ROOT / "benchmarks/data/labelled").glob("*")]
    paths.append(ROOT / "watchers/samples/demo.yaml")
    return [s for p in paths if p.is_file() for s in split_sentences(p.read_text("utf-8"))]


# Characters that make the shape features differ, and words of the classes, in any order.
_SHAPE_ALPHABET = list("aZ 1\t\n\x0b\x1c\x1f\x85\xa0\u2003\"“”«»„$€£¥%.?!:;…)]'’ÉΩЁΑ١٩٨İıſ_-") + [
    "A B",
    "1987",
    "2019",
    "1850",
    "said ",
    "may ",
    "We ",
    "you ",
    " Kremlin",
]
# Most sentences are ASCII (then _shape reads byte classes instead of running its regexes).
_SHAPE_TEXT = st.lists(st.sampled_from(_SHAPE_ALPHABET), max_size=40).map("".join) | st.lists(
    st.sampled_from([c for c in _SHAPE_ALPHABET if c.isascii()]), max_size=40
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SHAPE_TEXT)
def test_shape_equals_the_plain_code(text: str) -> None:
    toks = checkable._tokens(text)
    assert checkable._shape(text, toks) == checkable._shape_plain(text, toks)
    assert len(checkable._CAPITAL_AFTER_SPACE.findall(text)) == len(
        checkable._CAPITALISED.findall(text)
    )


def test_shape_equals_the_plain_code_on_real_sentences() -> None:
    sentences = _real_sentences()
    assert len(sentences) > 1000
    for s in sentences:
        toks = checkable._tokens(s)
        assert checkable._shape(s, toks) == checkable._shape_plain(s, toks), s


def _evidence_plain(
    claim: Claim,
    known: Callable[[str], bool],
    subject: Callable[[str], bool],
    voiced: Callable[[str], bool],
    compared: bool = False,
) -> Evidence | None:
    """judge/evidence.py's _evidence before its word gates and its early return, verbatim."""
    e = evidence
    text = claim.text
    recalled = bool(e._RECALLED.search(text) or e._EARLIER_EVENT.match(text))
    m = e._DOCUMENT.search(text) or e._DOCUMENT_OTHER.search(text)
    if m and e._by_outlet(text, m):
        m = None  # an outlet's report
    if m and not recalled:
        what = " ".join(m.group(0).split())
        return Evidence(text, "document", f"cites a primary document or data made public: “{what}”")
    t = e._TOLL.search(text)
    if t and not e._toll_sourced(text, t):
        t = None  # a toll nobody gives
    if t and not recalled:
        figure = re.match(r"[\d.,]*\d", text[t.end() :])
        what = " ".join((t.group(0) + (figure.group(0) if figure else "")).split())
        return Evidence(text, "data", f"a new casualty count: “{what}”")
    c = e._COURT_ACT.search(text)
    while c and (e._CONDEMNED_BY.match(text, c.end()) or e._account_suspended(text, c)):
        c = e._COURT_ACT.search(text, c.end())
    if c and not recalled:
        what = " ".join(c.group(0).split())
        return Evidence(text, "official", f"a court's or prosecutor's act on record: “{what}”")
    who = e.speaker(text)
    if who and e._MEDIA.fullmatch(who.strip()):
        who = None
    body = e._so_body(text) if who is None else None
    if body is not None and not recalled and not known(body):
        return Evidence(text, "official", f"official statement on record: {body}")
    anonymous_other = bool(e._ANONYMOUS_OTHER.search(text))
    m = e._OFFICIAL.search(e._unquoted(text))
    if m and not recalled and not anonymous_other and not e._anonymous_before(text, m):
        body = who or e._office_name(text, m)
        fresh = bool(e._FRESH.search(text)) or e._FINDING.search(m.group(0)) is not None
        first = who is not None and not voiced(who) and (fresh or bool(e._QUOTED.search(text)))
        if (
            (body and (e._MEDIA.fullmatch(body.strip()) or e._NEWS_AGENCY.search(body)))
            or e._said_again(claim, who, m.group(0), text, m.start(), lambda _: False)
            or (not who and e._UNNAMED_OFFICIALS.search(text))
            or (not who and e._unnamed_body(body or e._role_phrase(text, m)))
        ):
            pass  # an outlet; a heard body's spokesperson; officials of no named body
        elif (
            body is None
            or not known(body)
            or (subject(body) and fresh)
            or (not who and fresh)
            or first
            or (who and e._BRIEFING.search(text))
        ):
            denial = claim.negated or re.search(
                r"\bden(y|ies|ied)\b|reject|dismiss|refut", m.group(0), re.I
            )
            named = body or e._role_phrase(text, m)
            kind = "denial" if denial else "statement"
            return Evidence(text, "official", f"official {kind} on record: {named}")
    if not recalled and not anonymous_other:
        found = e._official_other(claim, who, known, subject, voiced)
        if found is not None:
            return found
    if not who or recalled or anonymous_other or e._ANONYMOUS.search(text):
        return None
    if (
        not e._SPEECH_RE.search(text)
        and not e._SPEECH_OTHER_RE.search(text)
        and not e._CITED_STATEMENT.search(text)
        and not e._ACCORDING.search(text)
        and not e._so_said(text)
        and not (e._PER_PERSON.search(text) or e._PER_INTRODUCED.search(text))
    ):
        return None
    if e._unnamed_body(who):
        return None
    if not known(who):
        return Evidence(
            text,
            "on_record",
            f"a new named source on record: {who} (not quoted before in this story)",
        )
    if not voiced(who) and (e._FRESH.search(text) or e._QUOTED.search(text)):
        return Evidence(text, "on_record", f"{who} on record for the first time in this story")
    quoted = e._QUOTED.search(text) is not None
    if (e._FRESH.search(text) and (quoted or claim.negated)) or (compared and quoted):
        return Evidence(text, "on_record", f"a new statement by {who} on record")
    return None


# The words of every gated pattern (recalled statements, speakers, anonymous voices, documents,
# officials) and some others, in any order and case.
_VOCAB = (
    "the a an police ministry spokesman company court report documents filing records data said "
    "says told wrote confirmed denied rejected issued released published obtained seen by "
    "statement interview letter in on Monday reporters according to copy of audit found shows "
    "Nordcam Anna Berg Kremlin Peskov put out has have had long previously repeatedly always "
    "years decades ago 1987 2019 an aide sources unnamed anonymous anonymity who asked not be "
    "named speaking anonymously two officials people familiar with Mirror reported that and , . "
    "death toll rose to 205 raised the citing made announcement (NTSB) five opened investigation "
    "released review expressed its regret apology shared X palace "
    ': “ ” " Said TOLD Has'
).split()
_TEXT = st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=25).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(_TEXT, st.booleans(), st.booleans(), st.booleans())
def test_gated_evidence_equals_the_plain_code(
    text: str, known: bool, subject: bool, voiced: bool
) -> None:
    claim = make_claim(text)
    k, s, v = (lambda _: known), (lambda _: subject), (lambda _: known and voiced)
    for compared in (False, True):
        plain = _evidence_plain(claim, k, s, v, compared)
        assert evidence._evidence(claim, k, s, v, words(text), compared) == plain
        assert evidence._evidence(claim, k, s, v, None, compared) == plain


def test_gated_evidence_equals_the_plain_code_on_real_sentences() -> None:
    found = 0
    for s in _real_sentences():
        claim = make_claim(s)
        for known, voiced in ((False, False), (True, False), (True, True)):
            args = (lambda _, k=known: k, lambda _: False, lambda _, v=voiced: v)
            plain = _evidence_plain(claim, *args)
            gated = evidence._evidence(claim, *args, words(s))
            assert gated == plain, s
            found += plain is not None
    assert found > 20  # the sentences exercise the evidence patterns, not only the gates


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_each_evidence_gate_is_exact(text: str) -> None:
    # A gate may only skip a pattern that cannot match.
    ws = words(text)
    assert evidence._recalled(text, ws) == bool(
        evidence._RECALLED.search(text) or evidence._EARLIER_EVENT.match(text)
    )
    assert evidence._court_act(text) == evidence._COURT_ACT.search(text)
    if ws is not None and evidence._ANONYMOUS_GATE.isdisjoint(ws):
        assert evidence._ANONYMOUS.search(text) is None


def test_recalled_gate_on_each_kind_of_recalled_statement() -> None:
    for text in (
        "Peskov has long denied the report.",
        "The Kremlin repeatedly dismissed it.",
        "Police said two years ago that the file was seen.",
        "In 1987 the officer told colleagues.",
        "The officer told colleagues about it in 2019.",
    ):
        assert evidence._recalled(text, words(text)), text
    assert not evidence._recalled("Police said on Monday.", words("Police said on Monday."))


def _speaker_plain(text: str) -> str | None:
    """judge/evidence.py's speaker() without its word tests (the gates), verbatim otherwise."""
    for pattern in evidence._SPEAKER:
        m = pattern.search(text)
        if not m:
            continue
        if pattern is evidence._ACCORDING and not evidence._person_cited(m):
            continue
        if evidence._told(m):
            continue
        if evidence._inverted_after(pattern, text, m):
            continue
        if evidence._placed(text, m):
            continue
        if evidence._said_at(m):
            return _speaker_plain(evidence._without_place(text, m))
        who = evidence._who(m)
        if who is not None and evidence._office_of(m):
            who = who.partition(" ")[2] or None
        if who:
            body = evidence._BODIES.match(text, m.end("who") + 1)
            if body is not None:
                who = f"{who} {body.group(0)}"
        if who == "" and not evidence._relays(m):
            break
        if who is not None:
            return None if evidence._relays(m) or evidence._outlet_named(who) else who or None
    m = evidence._so_said(text)
    if m is not None:
        who = evidence._who(m)
        if who and not evidence._outlet_named(who):
            return who
    for pattern in evidence._SPEAKER_OTHER:
        if pattern is evidence._NAME_THEN_VERB:
            m = next(
                (
                    m
                    for m in pattern.finditer(text)
                    if not evidence._INVERTED.match(text, m.end())
                    and not evidence._INVERTED_NAME.match(text, m.end())
                ),
                None,
            )
        else:
            m = pattern.search(text)
        if m is None:
            continue
        if pattern is evidence._NAME_THEN_VERB and (
            aired := evidence._aired_on(text, m.start("who"))
        ):
            return _speaker_plain(text[: aired.start()].rstrip() + text[m.end("who") :])
        if (
            pattern is evidence._NAME_THEN_VERB or pattern is evidence._APPOSED_THEN_VERB
        ) and evidence._placed(text, m):
            continue
        between = m.groupdict().get("between")
        if between and not evidence._OUTLET_NOUN.isdisjoint(between.lower().split()):
            return None
        if evidence._said_at(m):
            return _speaker_plain(evidence._without_place(text, m))
        if between and between.split()[-1].lower() in evidence._ON:
            return None
        if evidence._told(m):
            return None
        who = evidence._who(m)
        if who and evidence._office_of(m):
            who = who.partition(" ")[2] or None
        if who and evidence._outlet_named(who):
            return None
        after = text[m.end("who") :].split()[:1]
        if who and after and evidence._outlet_word(after[0]):
            return None
        if who is not None:
            relays = evidence._relays(m)
            media = evidence._MEDIA_OTHER.fullmatch(who) or evidence._OUTLET.fullmatch(who)
            reporter = evidence._REPORTER_AFTER.match(text, m.end("who"))
            return None if not who or relays or media or reporter else who
    return None


def test_two_speaker_patterns_have_their_words() -> None:
    # The patterns are found by their text: a rewrite of either must update _speaker_needs.
    assert sorted(map(len, evidence._SPEAKER_NEEDS)) == [0] * (len(evidence._SPEAKER) - 2) + [2, 3]


@settings(max_examples=600, deadline=None)
@given(_TEXT)
def test_speaker_equals_the_plain_code(text: str) -> None:
    assert evidence.speaker(text) == _speaker_plain(text)


def test_speaker_equals_the_plain_code_on_real_sentences() -> None:
    examples = [
        "Peskov said in a statement on Monday.",
        "told Anna Berg in an interview",
        "In a letter to the board, Anna Berg wrote that it was false.",
        "said Peskov in statements",
        "Finnish police chief investigator, Sami Paila, said it was over.",
    ]
    for s in [*examples, *_real_sentences()]:
        assert evidence.speaker(s) == _speaker_plain(s), s


# judge/claims.py's sentence boundary as first written (a repeat first: no fast skip in re).
_BOUNDARY_PLAIN = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_BOUNDARY_TEXT = st.lists(st.sampled_from(list("a .!?…\"'”’)]\n\tB1")), max_size=60).map("".join)


@settings(max_examples=600, deadline=None)
@given(_BOUNDARY_TEXT)
def test_sentence_boundary_equals_the_plain_pattern(text: str) -> None:
    spans = [(m.span(), m.group(0)) for m in claims._BOUNDARY.finditer(text)]
    assert spans == [(m.span(), m.group(0)) for m in _BOUNDARY_PLAIN.finditer(text)]


def test_sentence_boundary_equals_the_plain_pattern_on_real_text() -> None:
    paths = [*sorted((ROOT / "docs").glob("*.md")), *(ROOT / "benchmarks/data/labelled").glob("*")]
    for p in paths:
        text = p.read_text("utf-8")
        fast = [m.span() for m in claims._BOUNDARY.finditer(text)]
        assert fast == [m.span() for m in _BOUNDARY_PLAIN.finditer(text)], p


def _outlet_names_plain(text: str) -> str:
    """judge/evidence.py's outlet_names() before its word gates, verbatim."""
    found = [m.group(0) for m in evidence._MEDIA.finditer(text)] + [
        m.group(0) for m in evidence._OUTLET.finditer(text)
    ]
    for m in evidence._ACRONYM.finditer(text):
        if any(
            "".join(w[0] for w in f.split() if w[:1].isupper()).endswith(m.group(1)) for f in found
        ):
            found.append(m.group(1))
    return " ".join(found)


_OUTLET_VOCAB = (
    "the said Mirror Daily Star Australian Broadcasting Corporation (ABC) CyberDaily’s breaking "
    "report Sky News France 24 RTÉ Al Jazeera Fox news Times Post to a of death toll rose number "
    "dead 205 confirmed killed cifra de muertos asciende bilan s'élève Zahl der Toten stieg auf "
    "Berg Kremlin , . ( ) NEWS"
).split()
_OUTLET_TEXT = st.lists(st.sampled_from(_OUTLET_VOCAB), min_size=2, max_size=20).map(" ".join)


@settings(max_examples=600, deadline=None)
@given(_OUTLET_TEXT)
def test_outlet_names_and_toll_gate_equal_the_plain_code(text: str) -> None:
    assert evidence.outlet_names(text) == _outlet_names_plain(text)
    ws = words(text)
    if ws is not None and evidence._TOLL_GATE.isdisjoint(ws):
        assert evidence._TOLL.search(text) is None


def test_outlet_names_equal_the_plain_code_on_real_sentences() -> None:
    examples = [
        "It confirmed the hack to the Australian Broadcasting Corporation (ABC) on Monday.",
        "CyberDaily's breaking report said so.",
        "The death toll rose to 205, the ministry said.",
    ]
    named = 0
    for s in [*examples, *_real_sentences()]:
        plain = _outlet_names_plain(s)
        assert evidence.outlet_names(s) == plain, s
        named += bool(plain)
        if evidence._TOLL_GATE.isdisjoint(words(s) or {"toll"}):
            assert evidence._TOLL.search(s) is None, s
    assert named >= 3


# Dates: the month patterns tried only at the runs a match can start at (claims.date_search,
# claims.date_findall) against the plain search and findall.
_DATE_ALPHABET = [
    " ",
    "  ",
    "\n",
    ",",
    ".",
    "-",
    "_",
    "x",
    "Ab",
    "de ",
    "the ",
    "st",
    "th",
    "5",
    "28",
    "2024",
    "1st",
    "May",
    "may",
    "MAY",
    "Mayo",
    "mai",
    "März",
    "MÄRZ",
    "Jan",
    "jan.",
    "SEPT",
    "octubre",
    "stycznia",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "١٢",
    "é",
    "“",
]
_DATE_TEXT = st.lists(st.sampled_from(_DATE_ALPHABET), max_size=30).map("".join)


def _check_dates(text: str, pos: int) -> None:
    from judge.verdict import _DAY_OF_MONTH

    assert claims.date_findall(_DAY_OF_MONTH, text) == _DAY_OF_MONTH.findall(text), text
    pos = min(pos, len(text))
    fast = claims.date_search(claims._CAPTION_DATE, text, pos)
    plain = claims._CAPTION_DATE.search(text, pos)
    assert (fast and (fast.span(), fast.groups())) == (plain and (plain.span(), plain.groups()))


@settings(max_examples=1500, deadline=None)
@given(_DATE_TEXT, st.integers(0, 40))
def test_date_patterns_at_their_runs_equal_the_plain_search(text: str, pos: int) -> None:
    _check_dates(text, pos)


def test_date_patterns_at_their_runs_on_real_sentences_and_every_month() -> None:
    months = sorted(claims.MONTH_WORDS)
    texts = [*_real_sentences()]
    for i, m in enumerate(months):
        for w in (m, m.upper(), m.title()):
            texts += [f"On {i % 28 + 1} {w} 2024, on {w} {i % 28 + 1}, 2023 and {w}. 3rd"]
    for s in texts:
        for pos in (0, int(0.4 * len(s))):
            _check_dates(s, pos)


def _has_content_words_plain(sentence: str, n: int) -> bool:
    """claims._has_content_words before it found the words in C, verbatim."""
    for m in claims._WORD.finditer(sentence):
        if m.group().lower() not in claims._STOP:
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def _court_stem_plain(text: str) -> bool:
    low = text.lower()
    return any(stem in low for stem in evidence._COURT_STEMS)


@settings(max_examples=800, deadline=None)
@given(_DATE_TEXT | _SHAPE_TEXT, st.integers(-1, 5))
def test_content_words_and_court_stems_equal_the_plain_code(text: str, n: int) -> None:
    assert claims._has_content_words(text, n) == _has_content_words_plain(text, n)
    assert evidence._court_stem(text) == _court_stem_plain(text)


def test_content_words_and_court_stems_on_real_sentences() -> None:
    for s in _real_sentences():
        for n in (1, 3):
            assert claims._has_content_words(s, n) == _has_content_words_plain(s, n), s
        assert evidence._court_stem(s) == _court_stem_plain(s), s


# The word-form lists evidence builds its alternations from (evidence._alternation nests them by
# first letter): the flat alternation they replace must find the same matches.
_FORM_LISTS = {
    "say": evidence._SAY_WORDS,
    "role": evidence._ROLE_OTHER_FORMS,
    "doc": evidence._DOC_OTHER_FORMS,
    "data": evidence._DATA_OTHER_FORMS,
    "anonymous": evidence._ANON_OTHER_FORMS,
    "anonymous office": evidence._ANON_OFFICIAL_NOUNS,
}


def _alternation_plain(forms: list[str]) -> str:
    """evidence._alternation before it nested the forms: every form in turn, the longer first."""
    out = []
    for form in sorted(set(forms), key=len, reverse=True):
        head = re.escape(form.partition("~")[0]).replace("_", r"\s+")
        out.append(head + evidence._particle_regex(form))
    return "|".join(out)


def _alternation_pairs() -> list[tuple[re.Pattern[str], re.Pattern[str]]]:
    pairs = []
    for forms in _FORM_LISTS.values():
        plain, nested = _alternation_plain(forms), evidence._alternation(forms)
        for flags in (0, re.IGNORECASE):
            pairs.append(
                (re.compile(rf"\b(?:{plain})\b", flags), re.compile(rf"\b(?:{nested})\b", flags))
            )
    return pairs


_PAIRS = _alternation_pairs()
# Pieces of the forms themselves (so that texts hold many near-matches), in three cases.
_FORM_PIECES = sorted(
    {
        piece
        for forms in _FORM_LISTS.values()
        for form in forms[::7]
        for word in re.split(r"[_~]", form)
        for piece in (word, word.upper(), word.capitalize(), word[: max(1, len(word) - 2)])
    }
)
_FORM_TEXT = st.lists(
    st.sampled_from([*_FORM_PIECES, ",", ".", "l'", "die", "\n", "«"]), max_size=30
).map(" ".join)


def _same_matches(text: str) -> None:
    for plain, nested in _PAIRS:
        a, b = plain.search(text), nested.search(text)
        assert (a and a.span()) == (b and b.span()), (text, plain.flags)


@settings(max_examples=400, deadline=None)
@given(_FORM_TEXT)
def test_nested_alternations_find_what_the_flat_ones_find(text: str) -> None:
    _same_matches(text)


def test_nested_alternations_on_real_sentences() -> None:
    for s in _real_sentences():
        _same_matches(s)
