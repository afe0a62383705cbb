"""The failure classes seen on real coverage, one test each, on an invented story (our own text).

A fire at a fertiliser depot in the invented town of Veldra: a first report, then articles that
retell it, add to it, or bring evidence. Each test judges one article against the story so far."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from judge.claims import claim_part, make_claim, split_sentences
from judge.evidence import COURT_ACT, NEW_SOURCE, bodies_in, evidence_in, quoted_said, speaker
from judge.ledger import DuplicateIndex, Ledger, features
from judge.matching import SemanticLedger
from judge.verdict import judge, record, seed_records
from watchers.models import Article, ArticleVerdict, LedgerRecord

RULE = {
    "id": "veldra",
    "claims": [
        "A fire broke out at the Nordcam fertiliser depot in Veldra on Monday night.",
        "Firefighters said the blaze was under control by Tuesday morning.",
    ],
}

FIRST = """A fire broke out at the Nordcam fertiliser depot in Veldra late on Monday, sending a plume of smoke over the town.

Twelve people were taken to hospital with breathing problems, the regional health office said.

Residents of the Oster district were told to keep their windows closed overnight.

Local councillor Mara Lind said on Facebook that workers had complained about leaking tanks for months.

Nordcam, which employs 140 people in Veldra, has not commented on the cause of the fire.

The depot was built in 1987 and was last inspected in 2019.
"""


def _article(n: int, text: str, *, title: str = "", source: str = "") -> Article:
    return Article(
        identity=f"a{n}",
        url=f"https://news{n}.example/veldra-{n}",
        title=title or f"Veldra depot fire, report {n}",
        text=text,
        author="",
        published=datetime(2026, 5, 10 + n, 9, tzinfo=UTC),
        source=source or f"Outlet {n}",
        feed_url="https://news.example/feed",
    )


@pytest.fixture
def story() -> tuple[Ledger, DuplicateIndex]:
    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    first = _article(0, FIRST, source="Veldra Courier")
    v = judge(first, ledger, dups)
    assert v.verdict == "first"
    record(first, v, ledger, dups)
    return ledger, dups


def _judge(story: tuple[Ledger, DuplicateIndex], text: str, n: int = 1) -> ArticleVerdict:
    ledger, dups = story
    return judge(_article(n, text), ledger, dups)


def _new_texts(v: ArticleVerdict) -> list[str]:
    return [c.claim.text for c in v.claims if c.status != "seen"] + [e.text for e in v.evidence]


RETELLING = """Twelve people needed hospital treatment for breathing problems after the blaze at the Nordcam fertiliser depot in Veldra, according to the regional health office.

The fire started late on Monday and a plume of smoke hung over the town.

People in the Oster district were asked to keep their windows shut overnight.

Workers had been complaining about leaking tanks for months, councillor Mara Lind wrote on Facebook.

Nordcam, with 140 staff in Veldra, has not commented on what caused the blaze.
"""


def test_page_furniture_and_promos_are_not_claims(story) -> None:
    promo = (
        RETELLING
        + """
Join our WhatsApp community to get breaking news straight to your phone!

Our community members are treated to special offers, promotions and adverts from us and our partners.

This is a developing story and will be updated.

We're sorry, this feature is currently unavailable. Please try again later.

Share this article with your friends and leave a comment below.
"""
    )
    v = _judge(story, promo)
    assert v.verdict == "repeats", v.reasons
    texts = " ".join(_new_texts(v)).lower()
    for word in ("whatsapp", "special offers", "developing story", "unavailable", "comment"):
        assert word not in texts


def test_opinion_and_speculation_are_not_claims(story) -> None:
    v = _judge(
        story,
        RETELLING
        + """
If true, these complaints suggest a deeper failure of oversight at the depot.

The full truth about what happened on Monday night may never be known.

These questions are not arising in a vacuum.

Future findings could have significant implications for the company and the safety rules of the region.

Additionally, relations between Nordcam and the council are likely to remain a focal point, with any evidence of negligence potentially straining them further.
""",
    )
    assert v.verdict == "repeats", v.reasons
    for said in ("If true", "never be known", "significant implications", "likely to remain"):
        assert not any(said in t for t in _new_texts(v)), said


def test_a_long_retelling_with_two_stray_sentences_is_repeats(story) -> None:
    v = _judge(
        story,
        RETELLING
        + "\nThe fire has left many in the town worried.\n\nIt was a long night for everyone.\n",
    )
    assert v.verdict == "repeats", v.reasons


def test_one_new_figure_makes_new_claims(story) -> None:
    v = _judge(
        story,
        RETELLING.replace(
            "Twelve people needed hospital treatment",
            "Nineteen people needed hospital treatment",
        ),
    )
    assert v.verdict == "new_claims", v.reasons
    changed = [c for c in v.claims if c.status == "revised"]
    assert changed and "Nineteen" in changed[0].claim.text


def test_new_facts_about_the_past_are_new_claims(story) -> None:
    v = _judge(
        story,
        RETELLING
        + "\nIn 2011, the same depot was fined 80,000 euros after a smaller fire in its ammonium nitrate store.\n",
    )
    assert v.verdict == "new_claims", v.reasons
    assert any("2011" in t for t in _new_texts(v))


def test_a_fact_box_carries_claims(story) -> None:
    v = _judge(
        story,
        RETELLING
        + """
Key numbers

  • 12: people treated in hospital.
  • 3,400 tonnes: fertiliser stored at the depot on Monday.
""",
    )
    assert any("3,400 tonnes" in t for t in _new_texts(v)), v.reasons
    assert v.verdict == "new_claims"


def test_who_is_who_lines_of_a_fact_box_are_no_claims(story) -> None:
    # "Name – role" says who someone is, not what happened; its figure lines still count.
    v = _judge(
        story,
        RETELLING
        + """
Core players

  • Mara Lind – councillor for the Oster district and former harbour pilot.
  • Tomas Reyk Holm – Veldra fire chief.
  • Veldra Port Authority – Owner of the depot.

Key numbers

  • 3,400 tonnes: fertiliser stored at the depot on Monday.
""",
    )
    texts = _new_texts(v)
    assert any("3,400 tonnes" in t for t in texts), v.reasons
    assert not [t for t in texts if "councillor" in t or "fire chief" in t or "Owner" in t], texts
    # A line of the same shape with a verb or a figure is a statement and stays a claim.
    from judge.claims import extract_claims

    kept = [c.text for c in extract_claims("Veldra Port – Crews found 40 drums of diesel.")]
    assert kept and "40 drums" in kept[0]


def test_a_name_in_common_is_no_contradiction(story) -> None:
    v = _judge(
        story,
        RETELLING + "\nKey people\n\n  • Mara Lind – councillor for the Oster district.\n",
    )
    assert not [c for c in v.claims if c.status in ("revised", "contradicts")], [
        (c.status, c.claim.text, c.matched_text) for c in v.claims
    ]


@pytest.mark.parametrize(
    ("sentence", "kind", "why"),
    [
        # a named official's denial on record
        (
            "The national environment inspectorate denied on Wednesday that it had received any "
            "complaint about leaking tanks at the depot.",
            "official",
            "inspectorate",
        ),
        # a preliminary investigation report, newly published
        (
            "A preliminary report published by the fire service on Thursday found that the blaze "
            "started in a faulty pump next to tank 4.",
            "document",
            "",
        ),
        # a second, named former insider speaking on record
        (
            "Petra Holm, a former safety manager at the depot, told the Veldra Courier that she had "
            "reported the leaking tanks to Nordcam's board in writing in March.",
            "",
            "Petra Holm",
        ),
        # the subject's own fresh statement
        (
            'Nordcam said in a statement on Wednesday: "We have found no leak in any of our tanks '
            'and we reject the claims made on social media."',
            "",
            "",
        ),
        # a known party issuing a statement, quoted
        (
            "In response to the claims, Nordcam issued a statement on social media on Thursday, "
            'calling them "a fabrication from start to finish."',
            "",
            "Nordcam",
        ),
    ],
    ids=["official-denial", "preliminary-report", "second-insider", "subject", "party-statement"],
)
def test_new_evidence_is_recognised(story, sentence: str, kind: str, why: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert v.verdict == "new_evidence", v.reasons
    if kind:
        assert v.evidence[0].kind == kind
    assert why.lower() in v.evidence[0].why.lower()


@pytest.mark.parametrize(
    "sentence",
    [
        # a voice already on record, saying it again
        "Councillor Mara Lind told the Veldra Courier that workers had complained about leaking tanks for months.",
        # hearsay and outlets
        "According to media reports, workers had complained about leaking tanks for months.",
        "The Mirror reported that twelve people were treated in hospital.",
        # anonymous
        "An aide said the depot's owners were worried about the leaking tanks.",
        # surface words that are not a document made public
        "Investigators are extracting data from the depot's control system.",
        # a denial that was on record before, recalled
        "Nordcam has long denied any safety problems at the site.",
    ],
)
def test_restatement_is_not_evidence(story, sentence: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert v.verdict != "new_evidence", (v.reasons, [e.why for e in v.evidence])


# ---------------------------------------------------------------- by meaning (the default mode)


@pytest.fixture(scope="module")
def encoder():
    from judge.embed import load_encoder

    return load_encoder("embeddings")


def _story_with_meaning(encoder) -> tuple[Ledger, DuplicateIndex, SemanticLedger]:
    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    sem = SemanticLedger(encoder, ledger)
    first = _article(0, FIRST, source="Veldra Courier")
    v = judge(first, ledger, dups, semantic=sem)
    record(first, v, ledger, dups)
    sem.sync(ledger)
    return ledger, dups, sem


def _recorded(story: tuple[Ledger, DuplicateIndex, SemanticLedger], n: int, text: str) -> None:
    """Judge and record a later article of the story, its vectors synced."""
    ledger, dups, sem = story
    later = _article(n, text)
    record(later, judge(later, ledger, dups, semantic=sem), ledger, dups)
    sem.sync(ledger)


def _sole_claim(story: tuple[Ledger, DuplicateIndex, SemanticLedger], n: int, text: str):
    """The one claim of a one-sentence article, as judged against the story by meaning."""
    ledger, dups, sem = story
    [c] = judge(_article(n, text), ledger, dups, semantic=sem).claims
    return c


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # the first report retold in Spanish: each sentence under SAME, all of them close
        (
            "El fuego en el depósito de Veldra causó alarma entre los vecinos.\n"
            "Una nube de humo se vio sobre la ciudad durante la noche.\n"
            "Los hospitales de la zona atendieron a personas afectadas por el humo.\n"
            "Las autoridades sanitarias recomendaron no abrir las ventanas.\n"
            "Nordcam no ha explicado qué provocó el fuego.\n",
            "repeats",
        ),
        # news of the story in Spanish, without a new name or figure: far from every record
        (
            "Los vecinos de Veldra organizaron una vigilia frente a la fábrica de Nordcam.\n"
            "El alcalde pidió calma y prometió una investigación independiente.\n"
            "Las escuelas de la ciudad cerraron sus puertas hasta nuevo aviso.\n"
            "Los agricultores de la región temen por sus cosechas.\n",
            "new_claims",
        ),
    ],
)
def test_a_retelling_in_another_language_is_close_sentence_by_sentence(
    encoder, text: str, verdict: str
) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    v = judge(_article(1, text), ledger, dups, semantic=sem)
    assert v.verdict == verdict, v.reasons
    if verdict == "repeats":
        assert "a retelling in translation" in v.reasons[-1], v.reasons


def _judged_after(encoder, earlier: str, text: str):
    """The one claim of `text`, judged after the first report and one more article."""
    story = _story_with_meaning(encoder)
    _recorded(story, 1, earlier)
    return _sole_claim(story, 2, text)


_TOLL_ES = (
    "Mató a tres trabajadores y al menos otros cinco resultaron gravemente heridos en el "
    "depósito de Veldra.\n"
)
_TOLL_EN = "Ten passengers died and at least 23 were injured when the bus overturned near Veldra.\n"
_BUS_EN = (
    "The bus carrying wedding guests from Nordcam overturned on a roundabout near Greta in "
    "Lindow Valley.\n"
)


@pytest.mark.parametrize(
    ("earlier", "text", "status"),
    [
        # the toll told before in Spanish, again in French: far in meaning, alike in its figures
        (
            _TOLL_ES,
            "Hier, un employé a tué au couteau trois personnes et en a blessé 5 autres.\n",
            "seen",
        ),
        (
            _TOLL_ES,
            "Lundi soir, au dépôt, trois personnes ont perdu la vie et cinq ont été hospitalisées "
            "dans un état grave.\n",
            "seen",
        ),
        # a figure the story never gave is news
        (
            _TOLL_ES,
            "Hier, un employé a tué trois personnes et en a blessé sept autres grièvement.\n",
            "new",
        ),
        # ... and so is a charge that recalls the toll
        (
            _TOLL_ES,
            "Vendredi, l'employé a été mis en examen pour trois assassinats et cinq tentatives.\n",
            "new",
        ),
        # Danish, which the sentence model does not read: the toll's two figures, together
        (
            _TOLL_EN,
            "10 af passagererne mistede livet, og yderligere mindst 23 kom til skade.\n",
            "seen",
        ),
        # ... not with figures as common as three and five, nor with a figure the story never gave
        (_TOLL_EN, "Tre af passagererne mistede livet, og fem kom til skade.\n", "new"),
        (
            _TOLL_EN,
            "10 af passagererne mistede livet, og yderligere mindst 31 kom til skade.\n",
            "new",
        ),
        # ... or three names of one record, together
        (
            _BUS_EN,
            "Bussen med bryllupsgæster fra Nordcam væltede i en rundkørsel ved Greta i Lindow Valley.\n",
            "seen",
        ),
        # ... not a named voice's words (evidence is weighed for them), nor two names only
        (
            _BUS_EN,
            "Bussen væltede i en rundkørsel ved Greta i Lindow Valley, sagde Tomas Reyk.\n",
            "new",
        ),
        (_BUS_EN, "Bussen med bryllupsgæster væltede i en rundkørsel ved Greta i Lindow.\n", "new"),
    ],
)
def test_figures_or_names_given_together_tell_a_retelling_in_another_language(
    encoder, earlier: str, text: str, status: str
) -> None:
    c = _judged_after(encoder, earlier, text)
    assert c.status == status, (c.status, c.score)


def test_a_retelling_of_the_rules_key_claim_in_other_words_is_seen(encoder) -> None:
    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    sem = SemanticLedger(encoder, ledger)
    text = (
        FIRST + "\nBy Tuesday morning the firefighters had the flames under control, they said.\n"
    )
    v = judge(_article(0, text), ledger, dups, semantic=sem)
    assert v.verdict == "first"
    retold = [c for c in v.claims if "under control" in c.claim.text]
    assert retold and retold[0].status == "seen" and retold[0].first_source == "story rule"


@pytest.mark.parametrize(
    "text",
    [
        # German and Russian retellings of the first report (our own translations)
        "Zwölf Menschen wurden mit Atemproblemen ins Krankenhaus gebracht, teilte die regionale "
        "Gesundheitsbehörde mit.\n\nDie Bewohner des Stadtteils Oster sollten über Nacht die "
        "Fenster geschlossen halten.\n",
        "Двенадцать человек были доставлены в больницу с проблемами дыхания, сообщило "
        "региональное управление здравоохранения.\n\nЖителям района Остер велели держать окна "
        "закрытыми всю ночь.\n",
    ],
    ids=["de", "ru"],
)
def test_a_retelling_in_another_language_is_seen(encoder, text: str) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    v = judge(_article(1, text), ledger, dups, semantic=sem)
    assert v.claims, "no claims drawn from the text"
    assert all(c.status == "seen" and c.by_meaning for c in v.claims), [
        (c.status, c.score, c.claim.text) for c in v.claims
    ]
    assert {c.first_source for c in v.claims} == {"Veldra Courier"}
    assert v.verdict == "repeats"


def test_greek_and_russian_text_yields_claims() -> None:
    from judge.claims import extract_claims

    greek = "Δώδεκα άνθρωποι μεταφέρθηκαν στο νοσοκομείο με αναπνευστικά προβλήματα μετά τη φωτιά."
    russian = (
        "Компания Nordcam, в которой работают 140 человек, не прокомментировала причину пожара."
    )
    assert len(extract_claims(greek)) == 1
    assert len(extract_claims(russian)) == 1


def test_a_new_claim_in_another_language_stays_new(encoder) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    text = (
        "Die Staatsanwaltschaft in Veldra hat ein Ermittlungsverfahren gegen zwei Manager von "
        "Nordcam wegen fahrlässiger Brandstiftung eingeleitet.\n"
    )
    v = judge(_article(1, text), ledger, dups, semantic=sem)
    assert [c.status for c in v.claims] == ["new"]


KEY = {
    "id": "veldra",
    "claims": [
        "Nordcam says its 3rd storage hall in Veldra holds fertiliser for farmers in northern counties.",
        "Nordcam has not said whether regional governor Anna Berg was told about the leaking tanks.",
        "The depot was built in 1987.",
    ],
}


@pytest.mark.parametrize(
    "sentence",
    [
        # "One of" is no figure that conflicts with "3rd"
        'One of the halls, the company said, holds "fertiliser for farmers in northern counties."',
        # a name and a role in common, not what was denied ("not said"): no contradiction
        "Anna Berg, the regional governor, visited the leaking tanks on Friday.",
        # a decade holds the year
        "The depot, built in the 1980s, was the town's largest employer.",
    ],
    ids=["one-of", "name-only", "decade"],
)
def test_a_sentence_saying_the_same_does_not_revise_a_key_claim(sentence: str) -> None:
    ledger, dups = Ledger(seed_records(KEY)), DuplicateIndex()
    v = judge(_article(0, sentence + "\n"), ledger, dups)
    assert not [c for c in v.claims if c.status in ("revised", "contradicts")], [
        (c.status, c.claim.text, c.matched_text) for c in v.claims
    ]


def test_a_changed_figure_in_a_key_claim_is_a_revision() -> None:
    ledger, dups = (
        Ledger(
            seed_records(
                {
                    "id": "x",
                    "claims": [
                        "Twelve people were taken to hospital after the fire at the Nordcam depot."
                    ],
                }
            )
        ),
        DuplicateIndex(),
    )
    v = judge(
        _article(
            0,
            "Fifteen people were taken to hospital after the fire at the Nordcam depot, officials said.\n",
        ),
        ledger,
        dups,
    )
    assert [c.status for c in v.claims] == ["revised"]


def test_an_outlets_self_description_is_not_a_claim(story) -> None:
    v = _judge(
        story,
        RETELLING + "\nThe Veldra Courier is an independent newsroom funded by its readers.\n",
    )
    assert v.verdict == "repeats", v.reasons
    assert not any("newsroom" in t for t in _new_texts(v))


def test_one_sentence_of_a_quoted_statement_in_another_language_is_seen(encoder) -> None:
    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    sem = SemanticLedger(encoder, ledger)
    first = _article(
        0,
        FIRST
        + '\nIn a statement, Nordcam said: "We are deeply sorry for the distress caused to our '
        "neighbours. Our engineers are checking every tank on the site. We will pay for the "
        'cleaning of all affected homes."\n',
    )
    record(first, judge(first, ledger, dups, semantic=sem), ledger, dups)
    sem.sync(ledger)
    german = "Nordcam versprach: „Wir werden die Reinigung aller betroffenen Häuser bezahlen.“\n"
    v = judge(_article(1, german), ledger, dups, semantic=sem)
    assert [(c.status, c.by_meaning) for c in v.claims] == [("seen", True)], [
        (c.score, c.claim.text) for c in v.claims
    ]


# ---------------------------------------------------------------- figures as other languages write them


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("The group demanded 500.000 Dollar.", "The group demanded $500,000."),
        ("Betroffen sind 560 Millionen Kunden.", "It affects 560 million customers."),
        ("Es geht um 1,3 Terabyte Daten.", "It is about 1.3 terabytes of data."),
        ("Der Schaden beträgt 1,5 Milliarden Euro.", "The damage is 1.5bn euros."),
        ("Il gruppo chiede 2,5 milioni.", "The group asks for 2.5 million."),
    ],
)
def test_a_figure_written_the_european_way_is_the_same_figure(ours: str, theirs: str) -> None:
    assert features(ours).numbers == features(theirs).numbers


def test_english_figures_keep_their_meaning() -> None:
    assert features("1.125 billion").numbers == {"#1125000000"}
    assert features("3,500 people").numbers == {"#3500"}
    assert features("Plan B for 5 people").numbers == {"#5"}


def test_a_translation_giving_the_storys_figure_is_seen(encoder) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    # A sentence model scores a translation lower than a retelling in the same language; the
    # uncommon figure given alike ("31" outpatients) tells it is the same statement.
    more = _article(
        1,
        "The regional health office said 31 people were treated as outpatients after the fire.\n",
    )
    v = judge(more, ledger, dups, semantic=sem)
    record(more, v, ledger, dups)
    sem.sync(ledger)
    text = "Die Behörde zählte zudem 31 ambulante Fälle.\n"
    v = judge(_article(2, text), ledger, dups, semantic=sem)
    [c] = v.claims
    assert c.status == "seen" and c.by_meaning, (c.status, c.score)
    # ... but a figure the story never gave is news, however close the rest, in any language.
    text = "Laut der Gesundheitsbehörde mussten 47 Personen ambulant versorgt werden.\n"
    [c] = judge(_article(3, text), ledger, dups, semantic=sem).claims
    assert c.status != "seen", (c.status, c.score)


# ---------------------------------------------------------------- a document already on record


def test_quoting_a_document_already_reported_is_no_new_evidence(story) -> None:
    ledger, dups = story
    report = _article(
        1,
        RETELLING
        + "\nThe inspection report published by the regional authority found corroded valves.\n",
    )
    v = judge(report, ledger, dups)
    assert v.verdict == "new_evidence", v.reasons
    record(report, v, ledger, dups)
    again = (
        "Twelve people were treated in hospital after the fire in Veldra.\n\n"
        "The inspection report shows that the depot's sprinklers were switched off in March.\n"
    )
    v = judge(_article(2, again), ledger, dups)
    assert not [e for e in v.evidence if e.kind == "document"], [e.why for e in v.evidence]
    # Another body's document is new evidence, though its noun is known.
    other = (
        "Twelve people were treated in hospital after the fire in Veldra.\n\n"
        "The Hallberg Institute report published on Friday found leaking seals.\n"
    )
    v = judge(_article(3, other), ledger, dups)
    assert [e for e in v.evidence if e.kind == "document"], v.reasons


def test_a_review_released_is_a_document_and_quoting_it_again_is_not(story) -> None:
    ledger, dups = story
    first = _article(
        1,
        RETELLING + "\nThe operator released a Preliminary Post Incident Review explaining "
        "that a valve sensor had failed.\n",
    )
    v = judge(first, ledger, dups)
    assert [e for e in v.evidence if e.kind == "document"], v.reasons
    record(first, v, ledger, dups)
    # The same review, quoted by a later article: a statement already on record, not a new one.
    again = (
        "Twelve people were treated in hospital after the fire in Veldra.\n\n"
        "The operator will no longer rely on a single sensor, the company said in its "
        "post-incident review.\n"
    )
    v = judge(_article(2, again), ledger, dups)
    assert not v.evidence, [e.why for e in v.evidence]


# ---------------------------------------------------------------- advice to the reader


@pytest.mark.parametrize(
    "sentence",
    [
        "Residents should keep their windows closed and see a doctor if they cough.",
        "Customers should change their passwords and watch their bank statements.",
        "Zur Sicherheit sollten Anwohner die Fenster geschlossen halten.",
        "Il est conseillé de garder les fenêtres fermées.",
        "Users must enable two-factor authentication, experts recommend.",
    ],
)
def test_advice_to_the_reader_is_not_a_claim(sentence: str) -> None:
    from judge.claims import is_claim

    assert not is_claim(sentence)


def test_advice_given_on_record_is_a_claim() -> None:
    from judge.claims import is_claim

    assert is_claim("Nordcam said residents should keep their windows closed until Friday.")


# ---------------------------------------------------------------- outlets are no new party


def test_an_outlet_named_as_where_it_was_said_is_no_new_party(story) -> None:
    # The health office's count was on record; saying it told a broadcaster is not news.
    text = RETELLING + (
        "\nTwelve people were taken to hospital with breathing problems, the Nordic "
        "Broadcasting Corporation (NBC) reported.\n"
        "\nVeldraNet’s breaking report said the fire had started in the depot.\n"
    )
    v = _judge(story, text)
    assert v.verdict == "repeats", v.reasons
    assert not any(c.novel for c in v.claims), [(c.novel, c.claim.text) for c in v.claims]


def test_a_named_official_in_apposition_speaking_is_evidence(story) -> None:
    text = RETELLING + (
        "\nRegional fire chief, Oskar Brandt, said late Sunday that the blaze began in a tank "
        "that had been reported leaking in April.\n"
    )
    v = _judge(story, text)
    assert v.verdict == "new_evidence", v.reasons
    assert "Oskar Brandt" in v.evidence[0].why


# ---------------------------------------------------------------- evidence in other languages


@pytest.mark.parametrize(
    "sentence, kind",
    [
        (
            "La alcaldesa de Veldra, Marta Ruiz, ha confirmado que el depósito no tenía licencia.",
            "official",
        ),
        ("Le bilan s’élève désormais à 14 morts, selon la préfecture.", "data"),
        ("Die Zahl der Toten stieg am Dienstag auf 14, teilte die Polizei mit.", "data"),
        ("Rescuers raised the death toll to 14 on Tuesday.", "data"),
        (
            "Man werde Anzeige gegen Nordcam erstatten, erklärte nun die Staatsanwaltschaft Veldra.",
            "official",  # a prosecutor's office speaking: an official statement
        ),
    ],
)
def test_evidence_in_other_languages_and_new_counts(story, sentence: str, kind: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert [e.kind for e in v.evidence] == [kind], (v.reasons, [e.why for e in v.evidence])


def test_a_count_already_reported_is_no_new_evidence(story) -> None:
    # Twelve admissions are on record; the count given again is no new data.
    v = _judge(story, RETELLING + "\nDie Zahl der Verletzten stieg auf 12, so die Behörde.\n")
    assert not [e for e in v.evidence if e.kind == "data"], [e.why for e in v.evidence]


def test_a_new_date_alone_is_not_news_but_a_new_count_is(story) -> None:
    dated = "\nThe health office first gave the figures on the night of Tuesday 14 May.\n"
    v = _judge(story, RETELLING + dated)
    assert v.verdict == "repeats", v.reasons
    counted = "\nFourteen firefighters were also treated for smoke, according to the depot.\n"
    assert _judge(story, RETELLING + counted).verdict != "repeats"


# ---------------------------------------------------------------- a story told in several languages

SPANISH_FIRST = """Un incendio destruyó el lunes por la noche el depósito de fertilizantes de Nordcam en Veldra.

Entre los heridos hay un bebé de cuatro meses, informó el servicio de salud de la región.

El alcalde envió un equipo encabezado por la concejala Mara Lind para coordinar la ayuda a las familias afectadas y la limpieza de las casas.

Envié un equipo encabezado por la concejala Mara Lind, escribió el alcalde.
"""


def _spanish_story(encoder) -> tuple[Ledger, DuplicateIndex, SemanticLedger]:
    ledger, dups = Ledger(), DuplicateIndex()
    sem = SemanticLedger(encoder, ledger)
    first = _article(0, SPANISH_FIRST, source="Diario de Veldra")
    record(first, judge(first, ledger, dups, semantic=sem), ledger, dups)
    sem.sync(ledger)
    return ledger, dups, sem


def test_a_lead_and_the_quote_it_sums_up_are_both_on_record(encoder) -> None:
    # The quote says part of the lead sentence in other words; later coverage may retell either.
    ledger, _, _ = _spanish_story(encoder)
    texts = [r.text for r in ledger.records]
    assert any(t.startswith("El alcalde envió") for t in texts), texts
    assert any(t.startswith("Envié un equipo") for t in texts), texts


def test_an_english_retelling_of_a_story_told_in_spanish_is_seen(encoder) -> None:
    # Not a word in common with the Spanish record: only the meaning (and "cuatro" = four) says so.
    ledger, dups, sem = _spanish_story(encoder)
    text = "Authorities said a four-month-old baby was among the injured.\n"
    [c] = judge(_article(1, text), ledger, dups, semantic=sem).claims
    assert c.status == "seen" and c.by_meaning, (c.status, c.score)


def test_numbers_spelled_out_in_other_languages_are_figures() -> None:
    assert features("un bebé de cuatro meses").numbers == features("a four-month-old").numbers
    assert features("drei Verletzte").numbers == features("three injured").numbers
    # "once" (Spanish eleven) and "due" (Italian two) are English words: not read as numbers.
    assert not features("It was once due to open.").numbers


def test_a_place_the_story_never_named_is_news_in_a_romance_language(encoder) -> None:
    from judge.verdict import _novel_specifics

    ledger, dups, sem = _spanish_story(encoder)
    trip = "El alcalde suspendió el viaje que iba a hacer a Lisboa por el incendio."
    assert "lisboa" in _novel_specifics(trip, ledger)
    # German capitalises every noun: a capital there says nothing about a name.
    assert (
        _novel_specifics("Der Bürgermeister sagte seine Reise wegen des Brandes ab.", ledger) == []
    )
    [c] = judge(_article(1, trip + "\n"), ledger, dups, semantic=sem).claims
    assert c.status == "new", (c.score, c.matched_text)


def test_a_name_spelled_another_way_is_no_revision() -> None:
    ledger = Ledger(seed_records(RULE))
    dups = DuplicateIndex()
    first = _article(
        0,
        "The epicentre was in the hills south of Marrakech and west of Oukaimeden, a ski resort.\n",
    )
    record(first, judge(first, ledger, dups), ledger, dups)
    copy = (
        "The epicentre was in the hills south of Marrakesh and west of Oukaimeden, a ski resort.\n"
    )
    [c] = judge(_article(1, copy), ledger, dups).claims
    assert c.status == "seen", (c.status, c.score)
    # ... while another party in the same statement still is one.
    other = "The epicentre was in the hills south of Agadir and west of Oukaimeden, a ski resort.\n"
    [c] = judge(_article(2, other), ledger, dups).claims
    assert c.status == "revised", (c.status, c.score)


def test_a_precise_figure_translated_from_a_long_sentence_is_seen(encoder) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    more = _article(
        1,
        "A total of 1,305 people have now been confirmed dead, while 1,832 people were injured, "
        "of whom 1,220 are in critical condition, a ministry statement said.\n",
    )
    record(more, judge(more, ledger, dups, semantic=sem), ledger, dups)
    sem.sync(ledger)
    # One figure of the long sentence, in German: the cosine is low, the figure is not chance.
    [c] = judge(
        _article(2, "1220 der Verletzten schwebten in Lebensgefahr.\n"), ledger, dups, semantic=sem
    ).claims
    assert c.status == "seen" and c.by_meaning, (c.status, c.score)
    # A round figure is no such sign: "1300" could be anything.
    assert (
        not judge(
            _article(3, "Die Feuerwehr setzte 1300 Liter Löschschaum ein.\n"),
            ledger,
            dups,
            semantic=sem,
        )
        .claims[0]
        .status
        == "seen"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Depot liegt etwa 70 Kilometer südlich der Hauptstadt.",
        "La ville est située à 400 kilomètres de la ligne de front.",
        "The wind blew at up to 270 km/h over the depot.",
        "La tierra tembló durante 20 segundos.",
        "Der Stausee liegt in einer Höhe von knapp 500 Metern.",  # the German dative
        # a place's population (twenty-ninth session)
        "Le suspect habite Veldra, une ville de 200 000 habitants.",
        "Das Depot liegt in der 120.000-Einwohner-Stadt Veldra.",
        "Veldra, a town of 550 inhabitants, was evacuated.",
        "El depósito está en la localidad de 40.000 habitantes.",
    ],
)
def test_a_distance_a_speed_or_seconds_are_no_new_figure(story, sentence: str) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    assert [t for t in _novel_specifics(sentence, ledger) if t.startswith("#")] == []


@pytest.mark.parametrize(
    ("sentence", "figure", "novel"),
    [
        # the story gave 863 injured and 21 missing: told again rounded, no new figure
        ("Plus de 800 fidèles ont été blessés dans la bousculade de Veldra.", "#800", False),
        ("Mehr als 20 Menschen werden in Veldra noch vermisst.", "#20", False),
        ("Cerca de 900 personas resultaron heridas en Veldra.", "#900", False),
        ("Почти 900 человек получили ранения в Вельдре.", "#900", False),
        # above the story's figure, or beyond the round figure's last step: a new figure
        ("More than 900 people were injured in Veldra.", "#900", True),
        ("Almost 800 people were injured in Veldra.", "#800", True),
        ("Mehr als 30 Menschen werden in Veldra noch vermisst.", "#30", True),
        # a small figure "about": an age or a while, not the story's count told again
        ("A woman of about 20 was seen leaving Veldra.", "#20", True),
    ],
)
def test_a_figure_told_again_rounded_is_no_new_figure(
    story, sentence: str, figure: str, novel: bool
) -> None:
    from judge.verdict import _novel_specifics

    ledger, dups = story
    first = _article(1, "At least 863 people were injured and 21 are missing in Veldra.\n")
    record(first, judge(first, ledger, dups), ledger, dups)
    assert (figure in _novel_specifics(sentence, ledger)) is novel


@pytest.mark.parametrize(
    "sentence",
    [
        "Diese Nachricht wurde am 27.06.2024 im Programm gesendet.",  # a date in figures
        "Le 14/11/2015, le dépôt de Veldra a brûlé.",
        "Epicentrum znajdowało się ok. godz. 23 lokalnego czasu.",  # the hour after its word
        "Die Suche dauerte mehr als 18 Stunden nach dem Unglück noch an.",  # the time since
        "Tres días después del incendio, Veldra sigue sin luz.",
    ],
)
def test_a_date_an_hour_or_the_time_since_is_no_new_figure(story, sentence: str) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    assert [t for t in _novel_specifics(sentence, ledger) if t.startswith("#")] == []


def test_the_ledger_reads_its_figures_as_records_come(story) -> None:
    ledger, dups = story
    first = _article(1, "At least 863 people were injured in Veldra.\n")
    record(first, judge(first, ledger, dups), ledger, dups)
    assert "#863" in ledger.figures() and "#21" not in ledger.figures()
    later = _article(2, "Twenty-one people are missing in Veldra, 21 of them workers.\n")
    record(later, judge(later, ledger, dups), ledger, dups)
    assert {"#863", "#21"} <= ledger.figures()


def test_those_hit_among_the_inhabitants_are_a_new_figure(story) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    assert "#200" in _novel_specifics("200 habitants de Veldra ont été évacués.", ledger)


@pytest.mark.parametrize(
    "sentence, converted",
    [
        ("Il a été libéré contre une caution de 90.000 shillings (environ 670 euros).", "#670"),
        ("Fue liberado bajo una fianza de 90.000 chelines (unos 620 dólares).", "#620"),
        ("Wyszedł za kaucją 90 000 szylingów (około 150 euro).", "#150"),
    ],
)
def test_a_figure_converted_in_brackets_is_no_new_figure(story, sentence: str, converted) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    novel = _novel_specifics(sentence, ledger)
    assert converted not in novel
    assert "#90000" in novel  # the figure converted is still one


def test_a_count_of_people_or_an_age_is_still_a_new_figure(story) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    assert "#70" in _novel_specifics("Some 70 workers were evacuated from the depot.", ledger)
    assert "#49" in _novel_specifics("Tra le vittime un operaio di 49 anni.", ledger)


def test_names_come_translated_once_the_story_was_told_in_english(encoder) -> None:
    from judge.verdict import _novel_specifics

    ledger, _, _ = _story_with_meaning(encoder)  # an English story
    # "Casa Blanca" is the White House: in a story told in English a Spanish name is no news.
    denial = "La Casa Blanca negó el informe sobre el incendio de Nordcam."
    assert _novel_specifics(denial, ledger) == []


@pytest.mark.parametrize(
    "sentence, who",
    [
        # "states" the noun is no speech: no "European" speaker
        ("It was meant to force the European states to keep supporting the alliance.", None),
        ("Peskov states: the report is a fabrication.", "Peskov"),
        # who is told is the audience, not the speaker
        (
            "Navy spokesman Lt. Col. Jon Harte, told the Veldra Courier that the depot was safe.",
            "Jon Harte",
        ),
        ("Die Ergebnisse seien falsch, erklärte nun die WADA.", "WADA"),
        # the words before a closing quote are the quotation's, not an apposition of the speaker
        (
            "“Cada depósito que pierde en la UE se notifica”, ha afirmado el inspector Piet "
            "Maren al diario.",
            "Piet Maren",
        ),
        # "as X explains": the word "as" is no name
        (
            "Come spiega Piet Maren, ispettore del porto, in un'intervista, \"i serbatoi "
            'perdevano da mesi".',
            "Piet Maren",
        ),
        ("Comme l'explique le ministre Jean Varo, la ligne est coupée.", "Jean Varo"),
        ("Como explicó el alcalde Tomas Reyl, el depósito tenía fugas.", "Tomas Reyl"),
        # a German office noun after its article is no part of the name; "schrieb" (wrote) speaks
        ("„Wir haben gewarnt“, sagte die Stadträtin Mara Lind.", "Mara Lind"),
        (
            "Das Feuer sei gelöscht, sagte der Sprecher der Feuerwehr, Jonas Kell, am Morgen.",
            "Jonas Kell",
        ),
        (
            "Il deposito perdeva da anni, ha detto il vicecommissario della polizia del Veldra "
            "Piet Maren.",
            "Piet Maren",
        ),
        # who it was told to is no part of the name
        ("“La búsqueda sigue”, dijo a AFP Stella Varo, portavoz de la ONU.", "Stella Varo"),
        # a group, the media, a time: no named source
        ("Residents told the Veldra Courier the smoke was thick.", None),
        ("Rosyjskie media poinformowały, że w nocy wybuchł pożar.", None),
        ("Choć Rosjanie zaznaczyli, że pożar ugaszono, widać dym.", None),
        ("Das Werk hatte Anfang Mai erklärt, die Tanks seien dicht.", None),
        (
            "Die Ministerin für Digitales, Jana Voss, schrieb auf X, die Leitung sei kaputt.",
            "Jana Voss",
        ),
    ],
)
def test_the_speaker_is_who_speaks(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who


def test_a_bullet_without_its_full_stop_is_a_claim_and_a_heading_is_not() -> None:
    from judge.claims import extract_claims

    text = (
        "The most important details from the company's statement:\n\n"
        "Nordcam detected the leak at the Veldra depot on May 9, 2026\n\n"
        "Three tanks were emptied and sealed by the fire brigade overnight\n\n"
        "What happens next\n\n"
        "How the fire spread and what it means for residents\n"
    )
    claims = [c.text for c in extract_claims(text)]
    assert claims == [
        "Nordcam detected the leak at the Veldra depot on May 9, 2026",
        "Three tanks were emptied and sealed by the fire brigade overnight",
    ], claims


@pytest.mark.parametrize(
    "word, place", [("norwegian", "Norway"), ("norway", "Norwegian"), ("dutch", "Netherlands")]
)
def test_a_nationality_and_its_country_are_one_name(word: str, place: str) -> None:
    from judge.verdict import _mentioned

    ledger = Ledger()
    dups = DuplicateIndex()
    first = _article(0, f"The depot belongs to a company from {place} that runs ten sites.\n")
    record(first, judge(first, ledger, dups), ledger, dups)
    assert _mentioned(word, ledger)
    assert not _mentioned("finnish", ledger)


def test_an_english_heading_with_an_article_is_no_bullet_and_a_french_bullet_is() -> None:
    from judge.claims import _is_heading

    # "a" is the English article here, not the French verb "a" (has)
    assert _is_heading("The collapse of a bridge in six pictures")
    assert not _is_heading("La police a arrêté trois suspects dans la nuit de mardi")


@pytest.mark.parametrize(
    "sentence, claim",
    [
        # photo captions and embedded-post signatures: what a picture shows, where, when
        ("Nordcam director Ivo Brandt at the depot gates on May 12, 2026 in Veldra.", False),
        ("Le dépôt de Nordcam photographié depuis le pont de Veldra, le 12 mai 2026.", False),
        ("Feuerwehrleute vor dem Depot in Veldra am 12. Mai 2026.", False),
        ("Firefighters spray foam on the burning hall in Veldra on May 11, 2026.", False),
        ("Veldra Fire Service (@VeldraFire) May 11, 2026.", False),
        ("File photo of the Nordcam depot in Veldra.", False),
        # a name with its role under a picture
        ("Nordcam chief executive Ivo Brandt.", False),
        ("Ivo Brandt, director of the Veldra depot, said the tanks had been inspected.", True),
        # reports that end on a date keep their verb
        ("Nordcam shares fell 12% on May 12, 2026.", True),
        ("The regional court opened an inquiry into the fire on May 13, 2026.", True),
        ("Le parquet de Veldra a ouvert une enquête le 13 mai 2026.", True),
    ],
)
def test_a_photo_caption_is_no_claim(sentence: str, claim: bool) -> None:
    from judge.claims import is_claim

    assert is_claim(sentence) is claim


def test_names_are_the_same_across_scripts_and_endings() -> None:
    from judge.ledger import roman, same_name

    for ours, theirs in [
        ("Лінд", "Lind"),  # Ukrainian, English
        ("Навального", "Navalny"),  # a Russian case ending
        ("Хоссейн", "Hossein"),
        ("Przewodów", "Przewodow"),
        ("Varzaqan", "Варзакан"),
        ("Fedorouk", "Fedoruk"),  # French ou
        ("Pieskowa", "Peskov"),  # Polish ie, w, a case ending
        ("Selenskyj", "Zelensky"),  # German s for z
        ("Arestowycz", "Arestovych"),  # Polish cz
        ("Reykużny", "Reykuzhny"),  # Polish ż
        ("Reykužnyj", "Reykuzhny"),  # Czech ž
        ("Šarovič", "Sharovich"),  # Czech š, č
        ("Reykyenko", "Reykenko"),  # a Slavic e written ye
        ("Reykjenko", "Reykienko"),  # ... or je, ie
        ("Soelreyko", "Sulreyko"),  # the Dutch oe of Indonesian names
    ]:
        assert roman(ours) == roman(theirs) or same_name(roman(ours), roman(theirs)), (ours, theirs)
    assert not same_name(roman("Johnson"), roman("Johnston"))  # two names
    assert not same_name(roman("Lind"), roman("Linda"))  # too short to tell an ending


def test_a_voice_quoted_before_in_another_script_is_no_new_source(story) -> None:
    ledger, dups = story
    # Mara Lind is on record (English); named in Cyrillic now, she is no new source ...
    v = _judge(story, RETELLING + "\nПро це повідомила депутатка Мара Лінд.\n")
    assert not [e for e in v.evidence if "Лінд" in e.why], [e.why for e in v.evidence]
    # ... while a person the story never named is one (a mayor: an official statement).
    v = _judge(story, RETELLING + "\nОб этом заявил мэр города Иван Петренко.\n")
    assert [e.kind for e in v.evidence] == ["official"], [e.why for e in v.evidence]
    assert "Иван Петренко" in v.evidence[0].why


@pytest.mark.parametrize(
    "sentence",
    [
        # the outlet's own reporter, introduced in another sentence of the article
        "Reporter Veldra Courier Jana Holm spent the night at the gates.\n"
        "The smell of ammonia was still strong in the morning, Jana Holm said.",
        # an official who spoke anonymously
        "The official, who spoke anonymously, confirmed that Nordcam had been warned.",
        # a German noun after its article is no name ("the residents of the settlement")
        "Anwohner der Siedlung sagten, der Rauch sei bis in die Nacht zu sehen gewesen.",
    ],
)
def test_no_source_on_record_in_these(story, sentence: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert not [e for e in v.evidence if e.kind == "on_record"], [e.why for e in v.evidence]


def test_a_new_voice_that_stressed_a_point_is_on_record(story) -> None:
    sentence = "However, fire chief Tomas Berg stressed that the tanks had passed inspection."
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert [e.kind for e in v.evidence] == ["on_record"], [e.why for e in v.evidence]


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # an investigation's finding, a qualified report, documents handed to a court
        (
            "The Veldra Safety Board has determined that a corroded valve was the probable cause.",
            "official",
        ),
        (
            "Two tanks had no pressure gauge, according to a preliminary report on Monday.",
            "document",
        ),
        (
            "Así lo refleja la documentación que la empresa Nordcam ha remitido a la jueza.",
            "document",
        ),
        # what an office says, given as the sentence's source
        ("Dem Landeskriminalamt zufolge gibt es keinen Hinweis auf Brandstiftung.", "official"),
        ("Según la Guardia Civil, el vigilante salió del depósito a las diez.", "official"),
    ],
)
def test_findings_documents_and_offices_as_sources_are_evidence(
    story, sentence: str, kind: str
) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert [e.kind for e in v.evidence] == [kind], [e.why for e in v.evidence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Laut Medienberichten gibt es keinen Hinweis auf Brandstiftung.",
        "Según fuentes de la investigación, el vigilante salió del depósito a las diez.",
        "Two tanks had no pressure gauge, according to reports.",
        # "the ministry official" unnamed, in Portuguese and French
        "O incêndio começou nos tanques antigos, disse o funcionário do ministério.",
        "Un responsable du ministère a indiqué que les cuves étaient anciennes.",
        # officials counted, not named, in other languages
        "Un haut responsable du ministère a déclaré que les cuves étaient anciennes.",
        "Un alto funcionario del ministerio dijo que las cisternas eran viejas.",
        "Ein hochrangiger Beamter des Ministeriums sagte, die Tanks seien alt.",
        # officials of no named body
        "The tanks had not been inspected since 2019, officials said.",
        "US officials said the depot had been on a watch list for years.",
        # the fire service the story heard from, now speaking in German: no new source
        "Nein, sagt die örtliche Feuerwehr.",
        "Die Tanks seien leer gewesen, erklärte die Feuerwehr.",
        # ... named another way and quoted
        "“The tanks were empty by midnight,” the Veldra Fire Service said.",
        "“The tanks were empty by midnight,” wrote the Veldra fire brigade.",
        # a known voice on a given day: the day of the month is no new figure
        "Lind said on Thursday 26 May that the depot had been closed for good.",
    ],
)
def test_media_and_unnamed_sources_are_no_office(story, sentence: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert not v.evidence, [e.why for e in v.evidence]


def test_a_count_the_closest_record_never_gave_is_news(encoder) -> None:
    ledger, dups, sem = _story_with_meaning(encoder)
    # "Twelve people were taken to hospital" is on record; a sentence alike in words and
    # meaning that gives another count of people hurt is news, not that record again.
    more = _article(
        1, "Seven firefighters were also treated for breathing problems, the health office said.\n"
    )
    [c] = judge(more, ledger, dups, semantic=sem).claims
    assert c.status != "seen", (c.status, c.score, c.matched_text)


def test_a_small_figure_given_alike_is_no_sign_of_a_retelling() -> None:
    from judge.verdict import _distinctive, _precise

    assert not _distinctive("#5") and not _distinctive("#12")
    assert _distinctive("#40") and _distinctive("#2.5") and _precise("#2305")


def test_a_finding_is_news_from_a_body_the_story_knows(story) -> None:
    known = "The Veldra Safety Board sent two inspectors to the depot.\n"
    first = _judge(story, RETELLING + "\n" + known)
    ledger, dups = story
    record(_article(1, RETELLING + "\n" + known), first, ledger, dups)
    said = "The Veldra Safety Board said the inspectors were still at the depot.\n"
    assert not [e for e in _judge(story, said, 2).evidence if e.kind == "official"]
    found = "The Veldra Safety Board has concluded that a corroded valve caused the fire.\n"
    assert [e.kind for e in _judge(story, found, 3).evidence] == ["official"]


def test_a_claim_in_a_language_the_model_does_not_read_keeps_the_words_verdict(encoder) -> None:
    # Romanian is not one of USE-m3's languages: its vectors are near chance, and two Romanian
    # sentences about different things can still look close. Such a claim is judged by its words.
    ledger, dups, sem = _story_with_meaning(encoder)
    earlier = _article(
        1, "Pompierii au stins incendiul de la depozitul Nordcam din Veldra marți dimineață.\n"
    )
    record(earlier, judge(earlier, ledger, dups, semantic=sem), ledger, dups)
    sem.sync(ledger)
    encoded = sem.encoded
    text = "Primarul orașului Veldra a anunțat că școlile din cartierul Oster rămân închise până vineri.\n"
    v = judge(_article(2, text), ledger, dups, semantic=sem)
    assert sem.encoded == encoded  # not encoded: its cosine would tell nothing
    assert v.claims and all(c.status == "new" and not c.by_meaning for c in v.claims)


@pytest.mark.parametrize(
    ("earlier", "text", "status", "matched"),
    [
        # "Flight 1282", "Boeing 737-800", "COVID-19": every report of the story may give them,
        # so sharing one with a record says nothing of whether a sentence retells it.
        (
            "The Orla Express train OE-4471 was evacuated near the Nordcam depot.\n",
            "Der Zug OE-4471 wurde nach der Inspektion wieder eingesetzt.\n",
            "new",
            "",
        ),
        # The closest record says people went to hospital but not how many; the first report
        # gave the count. A translation that gives it retells the story, not a new count.
        (
            "People were taken to hospital with breathing problems after the fire.\n",
            "Zwölf Menschen kamen mit Atemproblemen ins Krankenhaus.\n",
            "seen",
            "Twelve",
        ),
    ],
)
def test_figures_in_names_and_counts_given_elsewhere(
    encoder, earlier: str, text: str, status: str, matched: str
) -> None:
    c = _judged_after(encoder, earlier, text)
    assert c.status == status, (c.status, c.score, c.matched_text)
    assert matched in (c.matched_text or ""), c.matched_text


def test_the_numbers_inside_names() -> None:
    from judge.verdict import _name_numbers

    assert _name_numbers("Boeing 737-800 and COVID-19 on Flight 1282") == {
        "#737",
        "#800",
        "#19",
        "#1282",
    }
    assert not _name_numbers("a 50-year-old man and 7-8 hours and 2,200 MW")


def test_times_of_day_are_not_counts() -> None:
    from judge.verdict import _counts

    assert _counts("Le camion a explosé à 6h07 sur la partie automobile du pont.") == frozenset()
    assert _counts("в 6.07 на мосту произошел подрыв грузового автомобиля") == frozenset()
    assert _counts("At 6:07 a.m. twelve tanks caught fire.") == {"#12"}
    assert _counts("Shares rose 6.07 percent on Monday.") == {"#6.07"}
    assert _counts("Officials confirmed 36 dead just before 10 p.m. on Wednesday.") == {"#36"}
    assert _counts("Um 22 Uhr wurden fünf Verletzte gezählt.") == {"#5"}
    # after the article of another language's hour (twenty-ninth session)
    assert _counts("Il volo era partito alle 13.40, in Italia erano le 8.40.") == frozenset()
    assert _counts("El avión despegó a las 8.40 con doce pasajeros.") == {"#12"}
    assert _counts("O avião partiu às 8.40 de Veldra.") == frozenset()


def test_the_time_between_two_events_is_not_a_count() -> None:
    from judge.verdict import _counts

    assert (
        _counts("The tanker was refloated on March 29, six days after it ran aground.")
        == frozenset()
    )
    assert _counts("Das Schiff kam vor zwei Tagen frei.") == frozenset()
    assert _counts("The blast came at 0230 GMT.") == frozenset()
    # a stretch of time on its own can be the news
    assert _counts("Both recorders lack the last four minutes before impact.") == {"#4"}
    assert _counts("The patient spent 38 days in hospital.") == {"#38"}


def test_other_words_in_quotes_are_another_statement(encoder) -> None:
    # A sentence that reads like a record about the same note, but quotes words the record does
    # not have, is a new statement; one that quotes the record's own words retells it.
    ledger, dups, sem = _story_with_meaning(encoder)
    _recorded(
        (ledger, dups, sem),
        1,
        "Investigators found a note from the depot manager, who wrote "
        '"I am sorry for everything that happened".\n',
    )
    text = (
        "The depot manager left a note for investigators in which he wrote "
        '"I warned the owners about the leaking tanks".\n'
    )
    [c] = judge(_article(2, text), ledger, dups, semantic=sem).claims
    assert c.status != "seen", (c.status, c.score, c.matched_text)
    retold = 'The depot manager left a note: "I am sorry for everything that happened".\n'
    [c] = judge(_article(3, retold), ledger, dups, semantic=sem).claims
    assert c.status == "seen", (c.status, c.score, c.matched_text)
    from judge.verdict import _other_quotation

    record_text = 'Mara Lind said "the tanks were leaking every single week" before the fire.'
    assert not _other_quotation(
        'The councillor repeated that "the tanks were leaking every single week".', record_text
    )
    assert _other_quotation(
        'The councillor said "management ignored warnings from the depot workers".', record_text
    )
    # a translation quotes in other words: not told by the words
    assert not _other_quotation(
        'Die Stadträtin sagte, "die Tanks waren jede Woche undicht".', record_text
    )


def test_a_document_already_reported_cited_in_another_language_is_no_new_evidence() -> None:
    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    first = _article(
        0,
        FIRST + "\nA document seen by the Veldra Courier shows the tanks failed two inspections.\n",
    )
    record(first, judge(first, ledger, dups), ledger, dups)
    retold = _article(1, "Lo rivela un documento ottenuto dal Veldra Courier.\n")
    v = judge(retold, ledger, dups)
    assert not v.evidence, v.evidence
    from judge.verdict import _document_on_record

    assert _document_on_record("Lo rivela un documento ottenuto dal Veldra Courier.", ledger)
    assert not _document_on_record("Una lettera ottenuta dal Veldra Courier lo rivela.", ledger)


@pytest.mark.parametrize(
    "sentence, evidence",
    [
        # the firefighters spoke in the story's rule: an unnamed spokesperson of theirs saying
        # more is no new source, in any language
        ("Die Löscharbeiten seien beendet, sagte ein Sprecher der Feuerwehr am Mittwoch.", False),
        ("Les pompiers ont quitté le site, a affirmé un porte-parole des pompiers.", False),
        ("A fire service spokesman said on Wednesday that crews had left the depot.", False),
        # ... confirming or denying is still evidence
        ("A fire service spokesman denied on Wednesday that the tanks had leaked.", True),
        ("A fire service spokesman said the reports of a second blast were false.", True),
        # ... and a body the story never told of is a new source
        ("Un portavoz del aeropuerto de Veldra dijo que los vuelos siguen con retrasos.", True),
    ],
)
def test_an_unnamed_spokesperson_of_a_body_on_record_is_no_new_source(
    story, sentence: str, evidence: bool
) -> None:
    v = _judge(story, sentence)
    assert bool(v.evidence) is evidence, v.evidence


@pytest.mark.parametrize(
    "earlier, denial",
    [
        (
            "Depot staff said crews sprayed water on the leaking tanks before the fire.",
            "Depot staff said no water was sprayed on the leaking tanks before the fire.",
        ),
        (
            "Inspectors visited the Nordcam depot twice in the weeks before the fire.",
            "No inspector visited the Nordcam depot in the weeks before the fire.",
        ),
    ],
)
def test_the_opposite_statement_is_no_retelling(encoder, earlier: str, denial: str) -> None:
    # close by meaning (a sentence model reads past "no"), but it says the opposite
    c = _judged_after(encoder, earlier, denial)
    assert c.status != "seen", (c.score, c.matched_text)


@pytest.mark.parametrize(
    "sentence",
    [
        "A study by the Veldra Institute found that the tanks had leaked since 2019.",
        "Laut einer Studie der Universität Veldra waren die Tanks seit 2019 undicht.",
        "Selon une étude publiée mardi par l'université de Veldra, les cuves fuyaient depuis 2019.",
    ],
)
def test_a_study_made_public_is_a_document(story, sentence: str) -> None:
    v = _judge(story, sentence)
    assert [e.kind for e in v.evidence] == ["document"], v.evidence


def test_a_statement_on_record_given_by_a_newly_named_source_is_evidence(story) -> None:
    # the rule's key claim retold, now from a named fire chief the story never named
    v = _judge(
        story, "The blaze was under control by Tuesday morning, fire chief Oskar Brandt said.\n"
    )
    assert [c.status for c in v.claims] == ["seen"]
    assert [e.why.split(":")[0] for e in v.evidence] == ["a new named source on record"]
    assert v.verdict == "new_evidence"


def test_a_report_named_anew_is_no_report_told_of_before(story) -> None:
    ledger, dups = story
    earlier = _article(1, "A newspaper report said the depot had been fined twice.\n")
    record(earlier, judge(earlier, ledger, dups), ledger, dups)
    later = _article(
        2, "The Veldra safety board released a progress report on Friday listing three causes.\n"
    )
    v = judge(later, ledger, dups)
    assert [e.kind for e in v.evidence] == ["document"], v.evidence


@pytest.mark.parametrize(
    "sentence, names",
    [
        # a quotation opening the sentence: its first word is the sentence's first
        ("“Though we warned them, nobody listened,” Lind said.", {"lind"}),
        ("“I’m going to close the depot,” the manager said.", set()),
        # a name inside a quotation further on stays a name
        (
            "He compared the depot to the “Veldra Works,” a plant closed in 1990.",
            {"veldra", "work"},
        ),
    ],
)
def test_a_quotation_opening_a_sentence_starts_it(sentence: str, names: set[str]) -> None:
    assert set(features(sentence).names) == names


def test_a_platform_is_no_new_party(story) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    text = "The councillor's post about the leaking tanks was shared on TikTok and Twitter."
    assert _novel_specifics(text, ledger) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The councillor’s post has reignited long-standing suspicions about the depot’s safety.",
        "The inquiry into the depot will continue to shape public opinion in Veldra.",
    ],
)
def test_what_a_claim_stirred_is_commentary(sentence: str) -> None:
    from judge.claims import extract_claims

    assert extract_claims(sentence) == []


@pytest.mark.parametrize(
    "sentence, who",
    [
        # German puts the verb second: a pronoun after it is the subject, the word before is not
        ("Gleichzeitig sagte er seine Reise nach Veldra ab.", None),
        ("Danach schrieb sie jahrelang für die Lokalzeitung in Orla.", None),
        ("So sagte etwa der Chemiker Piet Maren dem Portal, die Tanks seien alt.", None),
        ("Olaf Brenner sagte, die Tanks seien seit Jahren undicht.", "Olaf Brenner"),
        # a reporter relays what others say, as the outlet does
        ("Der Journalist Karl Mertens schrieb auf X, das Feuer sei gelöscht.", None),
        ("Local reporter Anna Vell said the smoke reached the school.", None),
        # Croatian, Czech: the speech verbs of more languages of the coverage
        ("Ministar Ivan Horvat rekao je da je skladište zatvoreno.", "Ivan Horvat"),
        ("Mluvčí hasičů Jana Nováková uvedla, že požár je uhašen.", "Jana Nováková"),
    ],
)
def test_who_speaks_in_more_word_orders_and_languages(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who


def test_a_line_cut_off_mid_word_is_a_teaser_not_a_claim() -> None:
    from judge.claims import is_claim

    assert not is_claim(
        "Heizölpreise in der Region stiegen trotz neuer Sanktionen gegen die Raff..."
    )
    assert not is_claim("Fuel prices in Orla kept rising despite the new sanctions on the refin…")
    assert is_claim("Fuel prices in Orla rose by 12 percent despite the new sanctions.")


def test_a_known_voice_giving_new_figures_on_a_given_day_is_evidence(story) -> None:
    # Mara Lind was quoted in the first report; her new, dated statement gives figures the story
    # never had: new data on record, though she is no new source
    sentence = (
        "Lind said on Tuesday that 1,460 tonnes of ammonium nitrate were stored at the depot."
    )
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert [e.why for e in v.evidence] == ["new figures from Lind on record: 1460"]
    # ... the same statement undated, or without a new figure, is not
    for other in (
        "Lind said that 1,460 tonnes of ammonium nitrate were stored at the depot.",
        "Lind said on Tuesday that ammonium nitrate was stored at the depot.",
    ):
        v = _judge(story, RETELLING + "\n" + other + "\n")
        assert not v.evidence, (other, [e.why for e in v.evidence])


def test_a_german_report_told_of_before_is_known_by_whose_it_is(story) -> None:
    ledger, dups = story
    earlier = _article(1, "Laut dem Gutachten des Chemikers Piet Maren war ein Ventil defekt.\n")
    record(earlier, judge(earlier, ledger, dups), ledger, dups)
    # the same report again: its nouns of what it found are no new party
    again = _article(
        2,
        "Ursache war laut dem Gutachten des Chemikers Piet Maren eine Korrosion der "
        "Leitungen, die durch Materialermüdung verstärkt wurde.\n",
    )
    assert not judge(again, ledger, dups).evidence


def test_the_headline_again_with_a_few_words_of_furniture_is_no_claim() -> None:
    from judge.claims import extract_claims

    title = "Veldra depot fire: inspectors found leaking tanks a week before the blaze"
    text = (
        "Inspectors found three leaking tanks at the Nordcam depot on May 2.\n"
        f"{title} 3 Veldra Courier\n"
        f"{title}, while the depot's owner says the tanks were repaired the same day.\n"
    )
    got = [c.text for c in extract_claims(text, title=title)]
    assert got[0].startswith("Inspectors found")
    assert not any(t.endswith("Veldra Courier") for t in got)
    assert any(t.endswith("the same day.") for t in got)  # a sentence that goes on is kept


@pytest.mark.parametrize(
    "sentence, document",
    [
        # what a document says, quoted from it
        (
            "Die Firma müsse die Tanks bis Juni ersetzen, wie es in der Mitteilung der Aufsicht "
            "heißt.",
            True,
        ),
        ("Les cuves n'avaient pas été inspectées depuis 2019, précise le communiqué.", True),
        ("Le cisterne non erano state ispezionate dal 2019, si legge nella nota.", True),
        # an outlet's report is no primary document
        ("Laut einem Bericht des Spiegel waren die Tanks seit 2019 nicht geprüft worden.", False),
        ("Les cuves n'avaient pas été inspectées depuis 2019, selon un rapport du Monde.", False),
        ("The tanks were never inspected, according to a report by the BBC.", False),
    ],
)
def test_a_document_quoted_and_an_outlets_report(sentence: str, document: bool) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.kind == "document") == document, ev


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # data and images that show something, in German and French
        ("Messungen der Wetterbehörde haben ergeben, dass 40 Millimeter Regen fielen.", "document"),
        ("Satellitenbilder zeigen, dass das Dach des Depots eingestürzt ist.", "document"),
        ("Les données montrent que la température a dépassé 300 degrés.", "document"),
        # a German verb's particle closing a long clause; "am Sonntagabend" dates it
        (
            "Das teilten die Staatsanwaltschaft Orla, das Polizeipräsidium Veldra und das "
            "Landeskriminalamt am Sonntagabend mit.",
            "official",
        ),
    ],
)
def test_data_shown_and_a_long_german_announcement(sentence: str, kind: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, ev


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        (
            "The harbour audit was published in May, leading to speculation that the mayor would resign.",
            "The harbour audit was published in May.",
        ),
        (
            "New reports have heightened the scrutiny of the port authority, especially after "
            "divers found a second breach in the sea wall.",
            "Divers found a second breach in the sea wall.",
        ),
        ("The findings have renewed questions about the port authority.", ""),
        (
            "Der Bürgermeister trat am Montag zurück, was Spekulationen über Neuwahlen befeuerte.",
            "Der Bürgermeister trat am Montag zurück.",
        ),
        (
            "Le maire a démissionné lundi, ce qui a relancé les rumeurs d'élections anticipées.",
            "Le maire a démissionné lundi.",
        ),
        (
            "El alcalde dimitió el lunes, lo que ha desatado especulaciones sobre elecciones.",
            "El alcalde dimitió el lunes.",
        ),
        # no frame: unchanged; a tail that leaves too little is kept whole
        (
            "Divers found a second breach, officials said.",
            "Divers found a second breach, officials said.",
        ),
        ("He resigned, fuelling speculation.", "He resigned, fuelling speculation."),
    ],
)
def test_commentary_around_a_claim_is_cut_from_what_it_states(sentence: str, part: str) -> None:
    assert claim_part(sentence) == part


@pytest.mark.parametrize(
    "sentence, kind",
    [
        # the document first, then what it shows (Portuguese, German, Catalan, Italian)
        ("O relatório revela que os tanques não eram inspecionados desde 2019.", "document"),
        (
            "Der Untersuchungsbericht zeigt, dass die Tanks seit 2019 nicht geprüft wurden.",
            "document",
        ),
        ("L'informe ha revelat que els tancs no s'inspeccionaven des del 2019.", "document"),
        ("La relazione conclude che le cisterne non erano state ispezionate.", "document"),
        # Catalan speech; the German perfect with its participle closing the clause
        ("El director del port, Jordi Vall, ha dit que els tancs es van reparar.", "on_record"),
        (
            "Der Leiter der Feuerwehr, Jonas Berg, hatte am Donnerstag mitgeteilt, dass zwei "
            "Tanks leckten.",
            "official",
        ),
        # "Des Weiteren" (furthermore) opens a German sentence; it is nobody who speaks
        ("Des Weiteren hat die Firma laut dem Kurier am Montag die Kosten übernommen.", None),
    ],
)
def test_documents_first_catalan_and_german_perfect_speech(sentence: str, kind: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev.kind if ev is not None else None) == kind, ev


def test_the_document_after_a_report_on_record_is_that_report() -> None:
    from judge.verdict import _document_on_record

    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    first = _article(
        0, FIRST + "\nUm relatório da inspeção revela que os tanques falharam duas vezes.\n"
    )
    record(first, judge(first, ledger, dups), ledger, dups)
    assert _document_on_record("O documento aponta que as inspeções eram incompletas.", ledger)
    # another body's document names whose it is
    assert not _document_on_record(
        "O documento da Agência Orla aponta que as inspeções eram incompletas.", ledger
    )


@pytest.mark.parametrize(
    "text, body",
    [
        ("The federal prosecutor's office said it had taken over the case.", "federal prosecutor"),
        ("Die Bundesanwaltschaft übernahm am Freitag die Ermittlungen.", "federal prosecutor"),
        ("Le parquet fédéral a repris l'enquête.", "federal prosecutor"),
        ("The Orla prosecutor said the driver had been detained.", "prosecutor"),
        ("Die Staatsanwaltschaft Orla ermittelt.", "prosecutor"),
    ],
)
def test_a_federal_prosecutor_is_another_office_than_the_local_one(text: str, body: str) -> None:
    # heard from the local prosecutor, the story has not heard from the federal one
    from judge.evidence import bodies_in

    assert bodies_in(text) == {body}


# -- eleventh session: realcov15-30


@pytest.mark.parametrize(
    ("sentence", "alone"),
    [
        ("Lo riporta la Gazzetta di Veldra.", True),
        ("Об этом сообщает ТАСС.", True),
        ("Das teilte die Polizei am Dienstag mit.", True),
        ("C'est ce qu'a annoncé le parquet de Veldra.", True),
        ("Así lo informó la agencia EFE.", True),
        # "Das Auswärtige Amt ..." is a body, not "das" pointing back; a statement follows the
        # source in the second
        ("Das Auswärtige Amt rät von Reisen nach Veldra ab.", False),
        ("Das bestätigte die Polizei, die zudem mitteilte, dass zwölf Menschen starben.", False),
    ],
)
def test_a_sentence_that_only_names_its_source_is_known(sentence: str, alone: bool) -> None:
    from judge.claims import attribution_only

    assert attribution_only(sentence) is alone


def test_a_sentence_that_only_names_an_outlet_is_no_claim(story) -> None:
    # "Lo riporta <outlet>." states nothing and names no source of the story: no new claim (it
    # made a two-sentence retelling "new" by its share) ...
    v = _judge(story, RETELLING + "\nLo riporta la Gazzetta di Veldra.\n")
    assert not [t for t in _new_texts(v) if "Gazzetta" in t], _new_texts(v)
    # ... while one that names a person the story never named still counts as that source
    v = _judge(story, RETELLING + "\nОб этом заявил мэр города Иван Петренко.\n")
    assert [e.kind for e in v.evidence] == ["official"], [e.why for e in v.evidence]


def test_dates_in_more_languages_and_the_story_year_are_no_new_figures(story) -> None:
    from judge.verdict import _novel_specifics

    ledger, _ = story
    # a day of the month in Polish, Czech, Croatian, Dutch, Russian: a date, not a count
    for text in (
        "11 maja w magazynie Nordcam w Veldrze wybuchł pożar.",
        "Dne 11. května vypukl ve skladu Nordcam požár.",
        "Požar je izbio 11. svibnja u skladištu Nordcam.",
        "Op 11 mei brak brand uit in het depot van Nordcam.",
        "11 мая на складе Nordcam вспыхнул пожар.",
    ):
        assert _novel_specifics(text, ledger) == [], text
    # the year the story's reports were published in is their date, no news ...
    assert _novel_specifics("Am 11. Mai 2026 brannte das Depot von Nordcam.", ledger) == []
    # ... another year is
    assert _novel_specifics("Nordcam bought the depot in 2011.", ledger) == ["#2011"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The fire was started by a faulty pump, according to authorities.", None),
        ("Local authorities said the fire was started by a faulty pump.", None),
        ("Das Feuer soll laut Behörden von einer defekten Pumpe ausgegangen sein.", None),
        ("Die Behörden teilten mit, das Feuer sei von einer Pumpe ausgegangen.", None),
        # a body with a name of its own speaks on record
        ("Laut Polizei ging das Feuer von einer defekten Pumpe aus.", "official"),
        ("The Civil Aviation Authority said the pump had failed.", "official"),
    ],
)
def test_the_authorities_of_no_named_body_are_no_source(sentence: str, kind: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev.kind if ev else None) == kind, ev


@pytest.mark.parametrize(
    ("sentence", "act"),
    [
        ("Jon Marr was charged with arson on Friday.", True),
        ("Marr pleaded guilty to all nine charges at Veldra Crown Court.", True),
        ("A jury found him guilty of arson.", True),
        ("Marr è stato condannato a sei anni di carcere.", True),
        ("Der Angeklagte wurde zu sechs Jahren Haft verurteilt.", True),
        ("Die Staatsanwaltschaft hat Anklage wegen Brandstiftung erhoben.", True),
        ("Il a été mis en examen pour incendie volontaire.", True),
        ("Le parquet de Veldra a inculpé Marr d'incendie volontaire.", True),
        ("El tribunal condenó a Marr a seis años de prisión.", True),
        ("Sąd skazał Marra na sześć lat więzienia.", True),
        # foreseen, not done; "charged" that is no charge
        ("Marr could be charged with arson.", False),
        ("The mood in Veldra is highly charged.", False),
        ("Prosecutors are expected to file charges next week.", False),
        ("Er soll noch heute angeklagt werden.", False),
        ("He faces six years in prison if convicted.", False),
    ],
)
def test_a_court_or_prosecutor_act_is_evidence(sentence: str, act: bool) -> None:
    from judge.evidence import COURT_ACT, evidence_in

    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.why.startswith(COURT_ACT)) is act, ev


def test_a_court_act_of_another_year_is_background(story) -> None:
    # the story's reports are of 2026: a charge this year is news, a conviction of 2019 is the
    # suspect's past
    v = _judge(story, RETELLING + "\nA depot worker, Jon Marr, was charged with arson on Friday.\n")
    assert [e.kind for e in v.evidence] == ["official"], [e.why for e in v.evidence]
    v = _judge(story, RETELLING + "\nIn 2019 the depot's owner was convicted of safety breaches.\n")
    assert not v.evidence, [e.why for e in v.evidence]
    # the year of the law charged under dates no past case (twenty-ninth session)
    v = _judge(
        story,
        RETELLING
        + "\nA depot worker, Jon Marr, was charged with arson under the Arson Act 1995.\n",
    )
    assert [e.kind for e in v.evidence] == ["official"], [e.why for e in v.evidence]


@pytest.mark.parametrize(
    ("sentence", "is_english"),
    [
        # an English "in", "an" or "is" in German or Italian: the other language's words outweigh
        ("Bei einem Brand in einer Halle in Veldra wurden zwölf Menschen verletzt.", False),
        ("Der Fahrer sitzt inzwischen in Untersuchungshaft.", False),
        ("IS steht für die Terrororganisation Islamischer Staat.", False),
        ("An Bord waren zwei Arbeiter.", False),
        ("Lo riporta The Independent.", False),
        # English with a foreign name in it
        ("The Bundesamt für Verfassungsschutz said the suspect was known.", True),
        ("Die Welt reported that the man was arrested in Berlin.", True),
    ],
)
def test_english_is_not_told_by_one_shared_word(sentence: str, is_english: bool) -> None:
    # German nouns in a sentence taken for English read as new names ("Schulkind", "Kroatien")
    from judge.language import english

    assert english(sentence) is is_english


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # a German noun, a weekday, a Spanish adverb: no speaker
        (
            "Die Behörde hat Ermittlungen begonnen, warnte aber vor voreiligen Schlussfolgerungen.",
            None,
        ),
        ('"Wir kennen die Ursache", sagte am Sonntag der Minister.', None),
        ("Aunque indicó que se hacían obras, no cree que eso provocara el incendio.", None),
        # a radio host is a person, not the radio (twenty-ninth session)
        (
            "“The train shook,” radio host Tomas Reyk, who was on board, said on Veldra TV.",
            "Tomas Reyk",
        ),
        ("“The train shook,” said radio host Tomas Reyk.", "Tomas Reyk"),
        # a Polish, Czech or Finnish adverb opening the sentence (twenty-ninth session)
        ("Poprzednio władze informowały o 33 zabitych w Veldrze.", None),
        ("Tymczasem władze poinformowały o 12 rannych.", None),
        ("Následně policie oznámila 12 zraněných.", None),
        ("Aiemmin viranomaiset kertoivat 33 kuolleesta.", None),
        # a weekday opening a Danish or Dutch sentence
        ("Tirsdag sagde politiet, at 12 personer i Veldra var døde.", None),
        ("Dinsdag zei de politie dat twaalf mensen in Veldra zijn omgekomen.", None),
        (
            'Ursprünglich hatte die "Veldra Post" auch gemeldet, das Militär habe von einem '
            "Abschuss gesprochen.",
            None,
        ),
        # ... and the speaker after the office and its body, in Romance languages
        (
            "Samedi, 2000 personnes ont été relogées, a indiqué en soirée le vice-ministre de la "
            "Protection civile Tomas Reyk.",
            "Tomas Reyk",
        ),
        (
            "El fuego está controlado, dijo el director de la Protección Civil Ana Kovač.",
            "Ana Kovač",
        ),
        # ... and the named spokesman after it still speaks
        ("Następnie rzecznik policji Tomas Reyk poinformował o 33 zabitych.", "Tomas Reyk"),
        # a surname
        ("Wie Marr sagte, brauche es nun Konsequenzen.", "Marr"),
    ],
)
def test_a_noun_weekday_or_adverb_is_no_speaker(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who


# -- twelfth session: realcov15-32


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # an official counted ("une responsable", "ein Sprecher") then named in apposition
        (
            "Les deux blessés vont mieux, a indiqué une porte-parole de la police du Nord, "
            "Claire Vautrin, lors d'un point presse.",
            "Claire Vautrin",
        ),
        (
            "Les deux blessés vont mieux, a précisé une responsable des secours, Claire Vautrin.",
            "Claire Vautrin",
        ),
        (
            "Die Brücke bleibt gesperrt, berichtete Bürgermeister Tobias Lenhart am Abend.",
            "Tobias Lenhart",
        ),
        # ... named, then the verb of what he says
        (
            "Ein Berater des Bürgermeisters, Tobias Lenhart sagte der Zeitung, es brauche Zeit.",
            "Tobias Lenhart",
        ),
        # still anonymous: no name, or an outlet after the comma
        ("Les deux blessés vont mieux, a indiqué un responsable, qui a requis l'anonymat.", None),
        ("Le suspect a été interpellé, selon une source proche du dossier, Le Parisien.", None),
        # a broadcaster, also behind a capitalised German noun, is no source
        ("Mindestens 40 Menschen kamen ums Leben, berichtete der Fernsehsender NHK.", None),
        ("Das ganze Ausmaß ist noch unklar, berichtete NHK.", None),
    ],
)
def test_an_official_named_in_apposition_is_a_source(sentence: str, who: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    if who is None:
        assert ev is None, ev
    else:
        assert ev is not None and who in ev.why, (sentence, ev)


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # a reaction on record: shock, condolences, concern, in any language
        (
            "Interior minister Hanna Berg expressed her deep concern for the injured officers.",
            False,
        ),
        ('"The whole town is in shock", said mayor Tobias Lenhart on Monday.', False),
        ("« Toute la région est profondément choquée », a réagi le ministre Paul Garnier.", False),
        ("„Ich bin zutiefst erschüttert“, sagte Innenministerin Hanna Berg am Montag.", False),
        ("Cordoglio per le vittime, ha detto la senatrice Laura Conti.", False),
        # a wish of a speedy recovery (twenty-ninth session)
        ("Wracaj do zdrowia - powiedziała w rozmowie z Veldra Post Ana Kovač.", False),
        ('"Get well soon, Tomas", said mayor Tobias Lenhart on Monday.', False),
        ("« Prompt rétablissement », a écrit le ministre Paul Garnier.", False),
        # ... that also confirms a fact, or gives a figure: evidence still
        (
            "Interior minister Hanna Berg confirmed that the officer had died and said she was "
            "deeply shocked.",
            True,
        ),
        (
            "Mayor Tobias Lenhart, visibly shaken, said on Monday that 14 homes were destroyed.",
            True,
        ),
    ],
)
def test_a_reaction_on_record_is_no_evidence(sentence: str, evidence: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is evidence, sentence


# -- thirteenth session: realcov33-34 (Swedish, Slovak, Bulgarian, Serbian coverage)


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # sv, nb, fi: the speech verbs and offices of the Nordic languages
        ("– Vi vet ännu inte motivet, säger polischef Anna Lindqvist.", "Anna Lindqvist"),
        ("Åklagaren Erik Holm uppgav på fredagen att mannen agerade ensam.", "Erik Holm"),
        ("Politimester Kari Nordby bekrefter at to personer er pågrepet.", "Kari Nordby"),
        ("Poliisi vahvisti perjantaina, että epäilty toimi yksin.", "Poliisi"),
        # sk, cs: the past tense and "podľa" (according to) an office
        ("Prokurátor Martin Kováč dodal, že strelec konal sám.", "Martin Kováč"),
        ("Podľa prokurátora išlo o osamelého strelca.", "prokurátora"),
        # bg; sr (Cyrillic)
        ("Министърът Иван Петров заяви, че са задържани двама души.", "Иван Петров"),
        ("Министар Марко Јовић изјавио је да је истрага у току.", "Марко Јовић"),
        # sl
        ("Ljubljanska policija je sporočila, da je bil osumljenec priprt.", "policija"),
        # the Slovak reflexive "sa" is no Swedish "said": nobody speaks here
        ("Okrem premiéra Novaka sa v zápisníku našlo meno politológa.", None),
    ],
)
def test_speech_in_the_nordic_and_slavic_languages_is_on_record(
    sentence: str, who: str | None
) -> None:
    ev = evidence_in(make_claim(sentence))
    if who is None:
        assert ev is None, ev
    else:
        assert ev is not None and who in ev.why, (sentence, ev)


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # a condemnation, or a statement introduced as a reaction: no evidence
        ("Prime minister Eva Marek condemned the attack as an act of hatred.", False),
        (
            "« C'est inacceptable dans un pays libre », a réagi le chef du gouvernement.",
            False,
        ),
        ("„Das ist inakzeptabel“, sagte Innenministerin Hanna Berg.", False),
        # a condemnation that also confirms a fact on record stays evidence
        (
            "The ministry condemned the attack and confirmed that the suspect was detained.",
            True,
        ),
        # "condamné" is a court's sentence, not a condemnation
        ("Le tribunal a condamné le chauffeur à quatre ans de prison.", True),
    ],
)
def test_a_condemnation_is_a_reaction(sentence: str, evidence: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is evidence, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # a people's noun before the verb is nobody named ("Eltern" is parents)
        "Eltern berichteten im Radio, die Kinder hätten einen Mann mit einem Messer gesehen.",
        # days of mourning declared: a reaction, not a claim supported
        "Le président, Karim Haddad, a déclaré trois jours de deuil national.",
    ],
)
def test_parents_speaking_or_mourning_declared_is_no_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # an office the story heard from, at a new press conference: a statement on record
        (
            "Der Schütze könnte ein ehemaliger Schüler gewesen sein. Das teilte die Polizei auf "
            "einer Pressekonferenz mit.",
            True,
        ),
        ("Police said at a press conference that the gunman was a former student.", True),
        (
            "Le tireur était un ancien élève, a indiqué la police lors d'une conférence de presse.",
            True,
        ),
        # ... and the same office saying more, with no new briefing: its news again
        ("Der Schütze könnte ein ehemaliger Schüler gewesen sein, teilte die Polizei mit.", False),
        ("The gunman was a former student, police said.", False),
    ],
)
def test_a_heard_office_at_a_new_briefing_is_on_record(sentence: str, evidence: bool) -> None:
    ev = evidence_in(make_claim(sentence), known=lambda name: True, heard=bool)
    assert (ev is not None) is evidence, (sentence, ev)


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        # the office after the verb, then its holder's name in apposition
        (
            "Es gebe Hinweise auf eine Verbindung zur Schule, sagte die Leiterin der "
            "Ermittlungen, Karin Lund.",
            "Karin Lund",
        ),
        # offices: a federal council, a chief prosecutor
        (
            "Am Dienstag teilte der Bundesrat mit, dass die Boni vorläufig gestoppt seien.",
            "Bundesrat",
        ),
        (
            "Der leitende Oberstaatsanwalt teilte mit, dass es keine Hinweise auf Mittäter gebe.",
            "Oberstaatsanwalt",
        ),
        # documents: records cited, an internal review, an indictment brought
        (
            "The controller never cleared the plane onto the runway, according to the released "
            "radio transcripts.",
            "transcripts",
        ),
        ("Laut einer internen Prüfung der Polizei haben die Beamten richtig gehandelt.", "Prüfung"),
        ("Die Staatsanwaltschaft hat nun Anklage gegen den 23-Jährigen eingebracht.", "Anklage"),
    ],
)
def test_offices_documents_and_indictments_of_other_wordings(sentence: str, why: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and why in ev.why, (sentence, ev)


@pytest.mark.parametrize(
    "sentence",
    [
        # a number of a name: a pandemic, a broadcaster
        "Die Probleme waren eine Kombination aus Recht, Genesung und der COVID-19-Pandemie.",
        "De acuerdo a lo que informó el portal France 24, la investigación sigue su curso.",
        # "one" as a pronoun
        "The takeover, said one banker, has changed the whole market.",
        # the day of a date, in Croatian, Slovak, Turkish, Bulgarian
        "U tim okolnostima, 16. marta u objektu je izbio požar.",
        "Útok sa stal 12. októbra večer.",
        "Saldırı 14 şubat akşamı gerçekleşti.",
        "Пожарът избухна на 16 февруари вечерта.",
    ],
)
def test_names_numbers_pronouns_and_days_are_no_new_figures(sentence: str) -> None:
    from judge.ledger import Ledger
    from judge.verdict import _novel_specifics

    assert not [t for t in _novel_specifics(sentence, Ledger([])) if t.startswith("#")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Пожарът е причинен от пиротехника, съобщи БНТ.",  # Bulgarian National Television
        "Požar je izbio oko pola tri, javila je HRT.",  # Croatian Radiotelevision
    ],
)
def test_broadcasters_and_agencies_of_the_balkans_are_outlets(sentence: str) -> None:
    assert speaker(sentence) is None and evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    ("claim", "matched", "new"),
    [
        # matched to a record that shares its names and figures, not the act: the act is new
        (
            "Police have charged 53-year-old Paul Kern of Veldra over the depot fire.",
            "Police said the arrested man is a 53-year-old from Veldra.",
            True,
        ),
        (
            "Die Staatsanwaltschaft hat nun Anklage gegen den 23-Jährigen eingebracht.",
            "Zwei Tage nach dem Brand sickern weitere Details zum 23-Jährigen durch.",
            True,
        ),
        (
            "The guard was never cleared onto the runway, according to the released radio "
            "transcripts.",
            "The guard plane was on the runway when it was hit.",
            True,
        ),
        # ... and matched to a record that gave the same kind of act: a retelling of it
        (
            "Police have charged 53-year-old Paul Kern of Veldra over the depot fire.",
            "Paul Kern, 53, was charged with arson on Tuesday.",
            False,
        ),
    ],
)
def test_a_court_act_or_document_matched_to_a_record_without_one_is_new(
    claim: str, matched: str, new: bool
) -> None:
    from judge.verdict import _act_not_retold
    from watchers.models import ClaimVerdict

    cv = ClaimVerdict(claim=make_claim(claim), status="seen", matched_text=matched)
    ev = evidence_in(cv.claim)
    assert ev is not None
    assert _act_not_retold(ev, cv, Ledger(seed_records(RULE))) is new


def test_a_document_seen_by_an_agency_is_still_a_document() -> None:
    ev = evidence_in(make_claim("Six men were detained, according to a document seen by AFP."))
    assert ev is not None and ev.kind == "document"
    # ... but an agency's own report is an outlet's, not a primary document
    assert (
        evidence_in(make_claim("Six men were detained, according to a report by Reuters.")) is None
    )


def test_footage_after_videos_on_record_is_no_new_document() -> None:
    from judge.verdict import _act_not_retold
    from watchers.models import ClaimVerdict

    ledger = Ledger(seed_records({"id": "x", "claims": ["Videos showed the plane spinning."]}))
    cv = ClaimVerdict(
        claim=make_claim("Video footage released by the airline showed the plane spinning."),
        status="seen",
        matched_text="The plane crashed into a house.",
    )
    ev = evidence_in(cv.claim)
    assert ev is not None and ev.kind == "document"
    assert not _act_not_retold(ev, cv, ledger)
    assert _act_not_retold(ev, cv, Ledger(seed_records(RULE)))


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # neither a confirmation nor a denial
        ("The Kremlin neither confirmed nor denied the authenticity of the video.", False),
        ("Администрация президента не подтвердила, но и не опровергла подлинность видео.", False),
        ("Das Ministerium hat den Bericht am Montag nicht bestätigt.", False),
        ("Ministerstwo nie potwierdziło tych informacji.", False),
        # a confirmation
        ("The ministry confirmed on Monday that two people died.", True),
        ("Ministerstwo potwierdziło śmierć dwóch osób.", True),
    ],
)
def test_neither_confirming_nor_denying_is_no_evidence(sentence: str, evidence: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is evidence, sentence


# -- fourteenth session: realcov35-38 (claim stories; Dutch, German, Spanish coverage)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # a denial or an admission in the German perfect, the participle closing the clause
        (
            "Der Premier Anton Berger hat jede Verantwortung für die Abhöraktion des "
            "Geheimdienstes gegen den Oppositionschef zurückgewiesen.",
            "official",
        ),
        ("Die Ministerin Eva Roth hat am Montag die Vorwürfe bestritten.", "official"),
        # the head of government as the office that speaks
        ("„Davon wusste ich nichts“, sagte der Regierungschef heute in einer Rede.", "official"),
        # German: an office's account given as the source, a perfect verb of speech, an
        # admission, an accusation ("warf ... vor")
        (
            "Ein Mann ist nach Aussage von Bürgermeister Jan Ott im Krankenhaus gestorben.",
            "official",
        ),
        (
            "Innenminister Paul Frey hat in einer Pressekonferenz vom schwersten Tag des Landes "
            "gesprochen.",
            "official",
        ),
        ("Ein Sprecher der Klinik sprach am Abend von 15 Verletzten.", "official"),
        ("Für ihren Bericht sprachen die Reporter mit Betroffenen.", None),  # talked with
        # government circles, security sources: no one named
        ("Regierungsstellen sprachen von mindestens 600 Verletzten.", None),
        ("Sicherheitskreise sagten, der Täter sei bekannt gewesen.", None),
        (
            "Innenminister Paul Frey hat heute eingestanden, dass das Amt gewarnt worden war.",
            "official",
        ),
        (
            "Innenminister Paul Frey warf seinem Vorgänger vor, das Amt zerstört zu haben.",
            "official",
        ),
        # a personal statement, a company's ad hoc disclosure
        ("In einer persönlichen Stellungnahme begründete der Chef seinen Rücktritt.", "document"),
        ("Der Konzern teilte ad hoc mit, dass der Chef zurückgetreten ist.", "document"),
        ("In einer Woche soll das Urteil fallen.", None),
        # a Dutch official document, where what is told stands in it
        ("Dit staat in een reconstructie die de gemeente vrijdag deelde.", "document"),
        ("In het feitenrelaas stond ook dat de burgemeester niemand kon bereiken.", "document"),
        # a Spanish prosecutors' complaint filed in court
        ("La Fiscalía se ha querellado contra el presidente de la federación.", "official"),
        # a governing body's suspension of a person
        (
            "The league's disciplinary board has suspended the club's president for 90 days.",
            "official",
        ),
        (
            "Die Disziplinarkommission des Verbandes hat den Präsidenten des Klubs wegen "
            "des Vorfalls nach dem Pokalfinale der Männer vorläufig suspendiert.",
            "official",
        ),
        ("El presidente fue suspendido provisionalmente por la federación.", "official"),
        # an intelligence assessment published
        (
            "Most agencies judge a foreign attack very unlikely, an intelligence assessment "
            "published on Friday said.",
            "document",
        ),
        ("He said his assessment was that the talks would go on.", None),
        # a video a party published on its own channels; not one on social media
        ("In a video published on the club's official channels, the coach apologised.", "document"),
        (
            "In un video pubblicato sui canali ufficiali del club, l'allenatore si è scusato.",
            "document",
        ),
        ("En un vídeo publicado por la federación, el presidente pidió disculpas.", "document"),
        ("A video published on social media showed smoke over the port.", None),
        # the accuser's own new video is his claim again, dated: no document of an office
        ("In a video published on Friday, the inspector repeated that money changed hands.", None),
        ("Un vídeo publicado en las redes sociales muestra el humo sobre el puerto.", None),
        # an arrest warrant issued, a ban on leaving the country, a freeze of accounts
        ("A judge issued an arrest warrant for the port's customs chief on Monday.", "official"),
        (
            "Nach stundenlangen Verhören hat ein Richter einen Haftbefehl gegen den Zollchef des "
            "Hafens ausgestellt.",
            "official",
        ),
        ("El juez dictó una orden de detención contra el exdirector del puerto.", "official"),
        (
            "Le procureur a interdit jeudi à sept responsables, anciens ou actuels, de quitter le "
            "territoire.",
            "official",
        ),
        ("La justice a demandé à la banque centrale de geler leurs comptes.", "official"),
        ("Police said the boy had frozen in fear", "official"),  # police speak, no act
        ("The boy had frozen in fear when the blast came.", None),
        # not an act on a person: the match, the flights, a road closed
        ("The league suspended the match after crowd trouble.", None),
        ("The airline suspended flights to the city on Tuesday.", None),
        ("Die Polizei hat die Straße am Abend gesperrt.", None),
    ],
)
def test_fourteenth_session_evidence_cues(sentence: str, kind: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev.kind if ev else None) == kind, (sentence, ev)


def test_spanish_no_before_a_participle_negates_that_word_only() -> None:
    # "de forma no consensuada" is "non-consensual": the rest of the clause is not denied, so a
    # retelling of it is no contradiction of the record it retells

    f = features(
        "Ella denunció el beso que él le dio de forma no consensuada en la final del domingo."
    )
    assert f.negated and f.negated_tokens == {"consensuada"}
    g = features("El beso no fue consentido por la jugadora en la final del domingo.")
    assert {"final", "domingo"} <= g.negated_tokens


def test_a_statement_quoted_again_in_other_framing_words_is_seen() -> None:
    from judge.verdict import _claim_verdicts

    ledger, dups = Ledger(seed_records(RULE)), DuplicateIndex()
    first = _article(
        1,
        "La jugadora declaró en un comunicado que su sindicato y su agencia “se están encargando "
        "de defender mis intereses y ser los interlocutores sobre este asunto”.",
    )
    record(first, judge(first, ledger, dups), ledger, dups)
    again = _article(
        2,
        '"Mi sindicato, en coordinación con mi agencia, se está encargando de defender mis '
        'intereses y ser los interlocutores sobre este asunto", dice la jugadora en el texto.',
    )
    (cv,) = [c for c in _claim_verdicts(again, ledger) if "sindicato" in c.claim.text]
    assert cv.status == "seen" and cv.first_url == first.url
    # other words in quotes are another statement
    other = _article(
        3,
        '"No voy a dimitir y voy a luchar hasta el final por mi nombre y mi honor", dice el '
        "presidente en el texto.",
    )
    assert all(c.status == "new" for c in _claim_verdicts(other, ledger))


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("U potresu je poginulo sedam ljudi, a dvadeset ih je ranjeno.", {"#7", "#20"}),
        ("V potresu je umrlo šest oseb.", {"#6"}),
        ("Při nehodě zemřeli tři lidé.", {"#3"}),
        ("Při výbuchu zahynulo pět lidí.", {"#5"}),
        ("A pet dog survived the blast.", set()),  # "pet" is no number
    ],
)
def test_counts_spelled_out_in_south_and_west_slavic_languages(
    text: str, figures: set[str]
) -> None:
    assert set(features(text).numbers) == figures


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Policija je pozvala ljude da napuste zgrade.", "police"),
        ("Policie případ vyšetřuje.", "police"),
        ("A polícia confirmou a morte.", "police"),
        ("Polisen bekräftade uppgifterna.", "police"),
        ("Vlada je proglasila dan žalosti.", "government"),
        ("Gradonačelnik je rekao da je grad razoren.", "mayor"),
    ],
)
def test_bodies_told_of_in_more_languages(text: str, body: str) -> None:
    from judge.evidence import bodies_in

    assert body in bodies_in(text)


KEY_CLAIMS = [
    "A fire broke out at the Nordcam fertiliser depot in Veldra on Monday night.",
    "Twelve people were taken to hospital with breathing problems.",
    "Residents of the Oster district were told to keep their windows closed.",
    "Nordcam employs 140 people in Veldra.",
    "The depot was last inspected in 2019.",
]
RETOLD = "\n\n".join(KEY_CLAIMS) + "\n"


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [
        # a stray name in a long retelling: it weighs by its share
        ("The Kessler bakery next to the depot stayed shut on Tuesday.", "repeats"),
        # a new figure still makes the article new
        ("Forty-five firefighters fought the blaze through the night.", "new_claims"),
    ],
)
def test_a_stray_name_in_a_retelling_weighs_by_its_share(extra: str, verdict: str) -> None:
    ledger, dups = Ledger(seed_records({"id": "veldra", "claims": KEY_CLAIMS})), DuplicateIndex()
    first = _article(0, "Smoke was seen over Veldra's port on Monday, witnesses said.\n")
    record(first, judge(first, ledger, dups), ledger, dups)
    v = judge(_article(1, RETOLD + "\n" + extra + "\n"), ledger, dups)
    assert v.verdict == verdict, v.reasons
    if verdict == "repeats":
        assert any("stray detail" in r for r in v.reasons)


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Fall betrifft einen Mitarbeiter, wie Sprecherin Anna Roth am Montag in Washington "
        "bestätigte.",
        "Das Treffen fand statt, wie die Kanzlei am Freitag aus Berlin mitteilte.",
    ],
)
def test_a_place_after_a_preposition_is_not_who_speaks(sentence: str) -> None:
    assert speaker(sentence) not in ("Washington", "Berlin")


def test_who_was_told_is_not_who_speaks_and_the_subject_follows_a_fronted_verb() -> None:
    # "Gegenüber dem ORF": the broadcaster heard it; German puts the verb second, then its subject
    assert (
        speaker("Gegenüber dem ORF bestätigte Ludwig in der Nacht den Tod einer Frau.") == "Ludwig"
    )


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("Elle n'a à aucun moment donné son consentement au baiser.", {"moment", "donné"}),
        ("Die Polizei hat keine Hinweise auf einen Anschlag gefunden.", {"hinweise", "anschlag"}),
        ("Il governo non ha confermato il numero delle vittime.", {"confermato", "vittime"}),
        ("O ministério não confirmou as mortes.", {"confirmou", "morte"}),
        ("De politie heeft geen verdachten aangehouden.", {"verdachten", "aangehouden"}),
        ("Полиция не подтвердила число погибших.", {"подтвердила", "погибших"}),
        # the scope ends at "but" in each language, and at a clause end
        ("Die Polizei nannte keine Zahl, aber sie bestätigte den Tod.", {"zahl"}),
        # a Romance "no" before a participle negates that word only
        ("Un uomo non identificato ha sparato alla folla.", {"identificato"}),
    ],
)
def test_negation_is_read_in_the_other_languages(text: str, negated: set[str]) -> None:
    f = features(text)
    assert f.negated
    assert negated <= f.negated_tokens, f.negated_tokens
    if text.startswith(("Die Polizei nannte", "Un uomo")):
        assert not ({"bestätigte", "tod", "sparato", "folla"} & f.negated_tokens)


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # a body the story heard from, now calling the claims lies: a denial, still evidence
        ("El gobierno dijo que las acusaciones son mentirosas e infundadas.", True),
        ("Il governo ha detto che le accuse sono infondate.", True),
        ("The government said the reports were groundless.", True),
        # ... or a lie
        ("Представитель полиции сказал, что это ложь.", True),
        ("La policía dijo que eso es mentira.", True),
        ("Die Polizei sprach von einer Lüge.", True),
        # ... saying more without denying: its news again
        ("El gobierno dijo que la investigación sigue abierta.", False),
    ],
)
def test_a_heard_body_calling_claims_groundless_denies(sentence: str, evidence: bool) -> None:
    ev = evidence_in(make_claim(sentence), heard=lambda bodies: True)
    assert (ev is not None) is evidence, (sentence, ev)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Privorotzki", "Privorozki"), ("Schewtschenko", "Shevchenko"), ("Selenskyj", "Selensky")],
)
def test_german_transliterations_of_a_name_are_one_name(a: str, b: str) -> None:
    from judge.ledger import roman, same_name

    assert same_name(roman(a), roman(b))


# -- fifteenth session


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("In totaal kwamen vijftig mensen om het leven.", {"#50"}),
        ("Cinquante personnes ont été blessées, quinze grièvement.", {"#50", "#15"}),
        ("Dezesseis pessoas foram presas.", {"#16"}),
        ("Fünfzig Menschen wurden verletzt, achtzehn davon schwer.", {"#50", "#18"}),
        ("Погибли сорок человек.", {"#40"}),
        # words that are numbers in one language and other words in another
        ("Onze burgemeester sprak de inwoners toe.", set()),  # Dutch "our"
        ("Police moved to seize the weapons.", set()),  # French "seize" is sixteen
    ],
)
def test_teens_and_tens_spelled_out(text: str, figures: set[str]) -> None:
    assert set(features(text).numbers) == figures


@pytest.mark.parametrize(
    ("record_text", "retold"),
    [
        (
            "Le bilan de l'incendie du dépôt Nordcam s'élève à 14 morts, selon la préfecture.",
            "Vierzehn Menschen sind bei dem Brand im Nordcam-Depot ums Leben gekommen.",
        ),
        (
            "Il sindaco ha comunicato anche che i morti sono 50, i feriti circa 2.000 nella zona "
            "di Veldra.",
            "In totaal kwamen vijftig mensen om het leven en raakten 2.000 mensen gewond.",
        ),
    ],
)
def test_a_count_spelled_out_retells_the_same_count_in_figures(
    encoder, record_text: str, retold: str
) -> None:
    """A German "vierzehn" dead retells a French record of "14 morts" (new without the word)."""
    story = _story_with_meaning(encoder)
    _recorded(story, 1, record_text)
    c = _sole_claim(story, 2, retold)
    assert c.status == "seen", c


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        # another report than the one told of: the coroner's, after the health office's
        (
            "Según el informe forense, el vigilante murió asfixiado por el humo y no por las llamas.",
            True,
        ),
        # the health office's report quoted again, in Spanish
        (
            "Según el informe de la oficina regional de salud, once trabajadores siguen hospitalizados y tienen quemaduras.",
            False,
        ),
    ],
)
def test_a_report_told_of_before_is_the_one_cited_only_if_close_in_meaning(
    encoder, sentence: str, evidence: bool
) -> None:
    ledger, dups, sem = story = _story_with_meaning(encoder)
    _recorded(
        story,
        1,
        "Eleven workers are still in hospital, according to a report by the regional health office.",
    )
    v = judge(_article(2, sentence), ledger, dups, semantic=sem)
    assert bool([e for e in v.evidence if e.kind == "document"]) is evidence, v


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Dutch: a prosecutor "volgens", "aldus" after what was said, a ministry that refutes
        ("Volgens de openbaar aanklager Mira Holt gaat het om drie verdachten.", "official"),
        ("De tanks lekten al weken, aldus Holt.", "on_record"),
        ("Dat wordt nu ontkracht door het ministerie.", "official"),
        ("Het parket maakte bekend dat de opslag al jaren zonder vergunning werkte.", "official"),
        # ... not an opinion without a speaker
        ("Dat is aldus een zware klap voor de stad.", None),
    ],
)
def test_dutch_speech_and_offices(sentence: str, kind: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev.kind if ev is not None else None) == kind, ev


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # Catalan: the perfect, the periphrastic past, "segons" an office
        (
            "La consellera Marta Vidal ha assegurat que el dipòsit tenia tots els permisos.",
            "official",
        ),
        ("El jutge va dir que la investigació continua oberta.", "official"),
        ("Segons la Generalitat, hi ha dotze ferits.", "official"),
        # French: figures "communiqués par" an office are figures, not a communiqué
        (
            "Selon les chiffres communiqués par la préfecture, douze personnes ont été blessées.",
            None,
        ),
        ("Selon le communiqué de la préfecture, douze personnes ont été blessées.", "document"),
    ],
)
def test_catalan_speech_and_a_french_participle(sentence: str, kind: str | None) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev.kind if ev is not None else None) == kind, ev


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("The tanks had leaked, the official news agency VNA reported on Friday.", "VNA"),
        ("Lo ha riferito l'agenzia di stampa Nova citando fonti locali.", "Nova"),
        ("Das berichtete die Nachrichtenagentur Tasnim am Freitag.", "Tasnim"),
        ("Об этом сообщило информационное агентство Интерфакс.", "Интерфакс"),
        ("Lo informó la agencia de noticias Sputnik.", "Sputnik"),
    ],
)
def test_a_news_agency_named_is_an_outlet_not_a_party(text: str, outlet: str) -> None:
    from judge.evidence import outlet_names

    assert outlet in outlet_names(text)


@pytest.mark.parametrize(
    ("sentence", "document"),
    [
        # footage an office released or a broadcaster aired, in six languages
        ("Police released CCTV footage of the depot's gate on the night of the fire.", True),
        ("Telewizja państwowa nadała w piątek fragment nagrania z kamery przy bramie.", True),
        ("Das Staatsfernsehen zeigte ein Video vom Tor des Depots.", True),
        ("La police a diffusé une vidéo de la caméra du dépôt.", True),
        ("La televisión estatal emitió un vídeo de la cámara del depósito.", True),
        ("Государственное телевидение показало видео с камеры у ворот склада.", True),
        # a hedge on what it shows, after it, leaves it a document
        ("Police released footage on which a man allegedly climbs the fence.", True),
        # a video shared on social media is anyone's
        ("Residents shared a video of the fire on social media.", False),
    ],
)
def test_footage_aired_or_released_is_a_document(sentence: str, document: bool) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.kind == "document") is document, ev


RETOLD_IN_GERMAN = """In der Nacht zum Dienstag brach im Düngemittellager von Nordcam in Veldra ein Feuer aus, eine Rauchwolke zog über die Stadt.

Zwölf Menschen kamen mit Atembeschwerden ins Krankenhaus, teilte das regionale Gesundheitsamt mit.

Viele Anwohner blieben die ganze Nacht wach.

Am Morgen roch es in der Innenstadt noch nach Rauch.
"""


def test_a_retelling_in_another_language_with_half_its_sentences_unmatched_repeats(
    encoder,
) -> None:
    """Across languages about half of a retelling's sentences stay unmatched: two of four,
    without a new name or figure, are no news."""
    ledger, dups, sem = _story_with_meaning(encoder)
    v = judge(_article(1, RETOLD_IN_GERMAN), ledger, dups, semantic=sem)
    assert [c.status for c in v.claims].count("new") == 2, v.claims
    assert v.verdict == "repeats", v.reasons


def test_the_share_of_unmatched_sentences_that_makes_news_is_higher_across_languages() -> None:
    from judge.verdict import WEAK_SHARE, WEAK_SHARE_ACROSS, _weak_share
    from watchers.models import ClaimVerdict

    german = [ClaimVerdict(make_claim("Die Bewohner sollten drinnen bleiben."), "new", 0.0)]
    english = [ClaimVerdict(make_claim("Residents were told to stay indoors."), "new", 0.0)]
    ledger = Ledger()
    ledger.told_in_english = True
    assert _weak_share(english, ledger) == WEAK_SHARE
    assert _weak_share(german, ledger) == WEAK_SHARE_ACROSS > WEAK_SHARE
    ledger.told_in_other = True
    assert _weak_share(english, ledger) == WEAK_SHARE_ACROSS


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # a relative named in apposition after the verb
        ("Il ne buvait jamais, souligne sa soeur, Lina, incrédule.", "Lina"),
        ("Ce n'était pas un extrémiste, affirme sa mère, Rima.", "Rima"),
        ("No era un extremista, afirma su madre, Rima.", "Rima"),
    ],
)
def test_a_relative_named_after_the_verb_speaks(sentence: str, who: str) -> None:
    assert speaker(sentence) == who


def test_unmatched_sentences_in_a_language_the_model_does_not_read(encoder) -> None:
    """Greek (USE-m3 does not read it): with nothing of the article matched, its unmatched
    sentences count as any others; once part of it is matched as retold, they do not."""
    greek = (
        "Οι κάτοικοι της περιοχής διαμαρτυρήθηκαν έξω από το δημαρχείο.\n\n"
        "Ο δήμαρχος ζήτησε ανεξάρτητη έρευνα για την πυρκαγιά.\n"
    )
    ledger, dups, sem = _story_with_meaning(encoder)
    v = judge(_article(1, greek), ledger, dups, semantic=sem)
    assert [c.status for c in v.claims] == ["new", "new"]
    assert v.verdict == "new_claims", v.reasons
    retold = (
        "Twelve people were taken to hospital with breathing problems, the regional health "
        "office said.\n\n" + greek
    )
    v = judge(_article(2, retold), ledger, dups, semantic=sem)
    assert [c.status for c in v.claims].count("seen") == 1
    assert v.verdict == "repeats", v.reasons
    assert any("does not read (el)" in r for r in v.reasons), v.reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "« Rien ne fonctionne », a dénoncé la présidente du syndicat des pompiers, Nadia Roux.",
        "« Les cuves fuyaient depuis des mois », a témoigné un ouvrier du dépôt, Marc Vidal.",
        "« J'ai vu la fumée à minuit », a confié la voisine, Anne Petit.",
    ],
)
def test_french_speech_verbs_of_complaint_and_testimony(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is not None


def test_a_claim_on_record_confirmed_by_an_office_never_named_is_evidence(story) -> None:
    """The claim is old (matched), its confirmation by that office is not."""
    ledger, dups = story
    confirmed = (
        "The Federal Chemicals Agency confirmed that twelve people were taken to hospital with "
        "breathing problems after the fire.\n"
    )
    v = judge(_article(1, confirmed), ledger, dups)
    assert [c.status for c in v.claims] == ["seen"], v.claims
    assert [e.kind for e in v.evidence] == ["official"], v.reasons
    # ... the office the story told of before, confirming it again: no new evidence
    again = "The regional health office confirmed that twelve people were taken to hospital.\n"
    assert not judge(_article(2, again), ledger, dups).evidence


@pytest.mark.parametrize(
    "sentence",
    [
        "Örtliche Medien berichteten, an Bord seien rund 350 Menschen gewesen.",
        "Local media reported that 350 people were on board.",
        "Les médias locaux ont rapporté que 350 personnes étaient à bord.",
        # nor an unnamed man, woman or witness
        "Mężczyzna przekazał, że większość domów w Orli jest zniszczona.",
        "Una mujer dijo que la casa de Orla estaba destruida.",
        "Un témoin a raconté que le quai s'était effondré.",
        # "absagen": the town cancelled the festivities, nobody said anything
        "Der Wallfahrtsort, der am Ende des Weges liegt, sagte alle Feiern zu Ehren des Heiligen "
        "an diesem Wochenende ab.",
    ],
)
def test_the_media_named_as_a_source_are_no_new_voice(sentence: str) -> None:
    assert speaker(sentence) is None
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("Mówi naczelnik Wydziału ds. Przestępczości Zorganizowanej Jan Kos.", 1),
        ("O godz. 22 rzecznik rządu zabrał głos.", 1),
        ("Laut Sr. Pérez y la Dra. Gómez, el depósito estaba cerrado.", 1),
        ("Il Dott. Rossi e l'Avv. Bianchi lo hanno confermato.", 1),
        # words that also end English sentences still end them
        ("He told me. The depot was closed.", 2),
        ("The door was red. Firefighters arrived at nine.", 2),
    ],
)
def test_abbreviations_of_other_languages_do_not_end_a_sentence(text: str, n: int) -> None:
    from judge.claims import split_sentences

    assert len(split_sentences(text)) == n, split_sentences(text)


@pytest.mark.parametrize(
    "sentence",
    [
        "La policía descarta que el incendio se deba a un sabotaje.",
        "Le parquet a écarté la piste criminelle.",
        "La procura ha escluso la pista dolosa.",
    ],
)
def test_ruling_out_is_a_denial(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence), heard=lambda bodies: True)
    assert ev is not None, sentence


@pytest.mark.parametrize(
    ("sentence", "evidence"),
    [
        ("The Federal Chemicals Agency reiterated that the tanks met the standards.", False),
        ("La agencia federal reiteró que los tanques cumplían las normas.", False),
        ("L'agenzia federale ha ribadito che i serbatoi erano a norma.", False),
        ("The Federal Chemicals Agency said that the tanks met the standards.", True),
    ],
)
def test_a_statement_said_to_be_made_again_is_no_new_evidence(
    sentence: str, evidence: bool
) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is evidence


# Sixteenth session: reporting verbs and word orders the speaker patterns missed.


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # an auxiliary and adverbs between the name and its verb
        ("Governor Lena Marsh has since said that the dam will be inspected.", "Lena Marsh"),
        ("Harbourmaster Ilse Brandt also said the channel stays closed.", "Ilse Brandt"),
        ("Ostrava Steel has now denied that the shipment left the plant.", "Ostrava Steel"),
        # Dutch: the verb, the article, then the name ("de" is no office's "of")
        ("De brug blijft dicht, schrijft de Rijkswaterstaat in een verklaring.", "Rijkswaterstaat"),
        # Estonian and Greek verbs
        ("Kapten Mart Tamm ütles, et laev oli ülekoormatud.", "Mart Tamm"),
        ("Η γέφυρα θα παραμείνει κλειστή, λέει ο δήμαρχος Νίκος Παππάς.", "Νίκος Παππάς"),
    ],
)
def test_reporting_verbs_after_auxiliaries_and_in_more_languages(sentence: str, who: str) -> None:
    found = speaker(sentence)
    assert found is not None and who in found, (sentence, found)
    assert evidence_in(make_claim(sentence)) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "«Il ponte resterà chiuso», ha twittato il sindaco.",
        '"O navio foi vistoriado em março", comunicou o Eliseu.',
        '"Son état est stable", a dit l\'hôpital.',
        "L'incendie est maîtrisé, a précisé l'exploitant du site.",
        "Il presidente della regione, Carla Neri, ha denunciato e confermato i ritardi.",
    ],
)
def test_an_office_speaking_after_its_verb_in_the_romance_languages(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "official", (sentence, ev)


@pytest.mark.parametrize(
    ("sentence", "recalled"),
    [
        ("Mayor Tom Reyes has said that the shelter will open on Friday.", False),
        ("Mayor Tom Reyes has since said that the shelter will open on Friday.", False),
        ("Mayor Tom Reyes has long said that the shelter was too small.", True),
        ("Mayor Tom Reyes has firmly denied these claims.", True),
        ("Mayor Tom Reyes had said that the shelter would open.", True),
    ],
)
def test_a_bare_present_perfect_is_said_now_not_recalled(sentence: str, recalled: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is None) is recalled


@pytest.mark.parametrize(
    "sentence",
    [
        # a declaration that is a measure, not a statement on record
        "Governor Ann Lee declared a state of emergency in three counties.",
        "El presidente Tomás Vidal declaró el estado de alarma en la provincia.",
        "L'agenzia regionale Arpal ha dichiarato un'allerta rossa per la costa.",
        # another, earlier event recalled
        "Last month, a second cable was cut and Tarvia denied any role in that incident.",
        # no name: "Another", "Both" open the sentence
        "Another told the radio station that the water rose within minutes.",
        # officials of no named body, with others
        "Seven people were killed after the quake on Tuesday, officials and residents told Reuters.",
    ],
)
def test_measures_earlier_events_and_pronouns_are_no_source_on_record(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


@pytest.mark.parametrize(
    "sentence, who",
    [
        ("Governor Ann Lee on Monday said 53 people were killed at the Veldra dam.", "Ann Lee"),
        ("The Red Cross on Sunday stated that 53 people were killed in Veldra.", "Red Cross"),
    ],
)
def test_the_day_between_a_name_and_its_verb_keeps_the_speaker(sentence: str, who: str) -> None:
    assert who in (speaker(sentence) or ""), sentence


def test_so_in_the_middle_of_an_english_sentence_names_nobody() -> None:
    assert speaker("It rained, so The Times closed its office.") is None


def test_a_platform_named_as_a_place_or_a_channel_is_no_speaker() -> None:
    assert speaker('"The dam burst," Telegram channel Rybar said.') != "Telegram"
    assert speaker("The minister wrote on Telegram that the dam had burst.") != "Telegram"


@pytest.mark.parametrize(
    "sentence",
    [
        "Governor Ann Lee declared that the dam was safe.",
        "Last week the ministry said the bridge was safe.",
        # reporting verbs beyond "said", in the other languages and in English
        "«El puente está cerrado desde el lunes», puntualizó María López.",
        "„Die Brücke ist seit Montag gesperrt“, erläuterte Maria Schmidt.",
        '"De brug is sinds maandag dicht", vertelde Maria de Vries.',
        "«A ponte está fechada desde segunda-feira», salientou Maria Silva.",
        "The bridge had been closed since Monday, the ministry added.",
        "The bridge had been closed since Monday, the ministry explained.",
        "Maria Lopez revealed that the bridge had been closed since Monday.",
        '"The bridge has been closed since Monday," Maria Lopez tweeted.',
        # German: "so" after what was said names who said it; the verb last in a "wie" clause;
        # "hieß es aus dem Ministerium"
        "Die Lage sei unter Kontrolle, so Landrat Peter Kühn.",
        "Wie die Staatsanwaltschaft mitteilte, wurde der Fahrer festgenommen.",
        "Der Damm sei stabil, hieß es aus dem Innenministerium.",
        # Italian: "secondo quanto riferito dai carabinieri"
        "Secondo quanto riferito dai carabinieri, l'autista è stato fermato.",
        # a platform's company speaking for itself
        "Facebook said it had removed as many as 1.5 million copies of the video.",
        # according to a person, whose office follows
        "Secondo Carla Neri, vice governatore della regione, le fiamme sono partite dal tetto.",
        "Según Ana Ruiz, portavoz de la Guardia Civil, el conductor fue detenido.",
        # an office closing a quotation
        '"The first call came at 1.41pm," the commissioner said in a statement.',
    ],
)
def test_statements_on_record_are_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is not None, sentence


# ---------------------------------------------------------------- seventeenth session


# A document's finding in the other languages: what it concludes, past a clause between commas,
# and what emerges from it (in English "the report found" was evidence already).
@pytest.mark.parametrize(
    "sentence",
    [
        "Der Abschlussbericht der Kommission, der am Dienstag veröffentlicht wurde, kommt zu dem "
        "Schluss, dass die Bremsen versagten.",
        "Il rapporto della commissione, pubblicato martedì, conclude che i freni hanno ceduto.",
        "El informe de la comisión, publicado el martes, concluye que los frenos fallaron.",
        "O relatório da comissão, divulgado na terça-feira, conclui que os freios falharam.",
        "Het rapport van de onderzoeksraad, dat dinsdag werd gepubliceerd, concludeert dat de "
        "remmen faalden.",
        "Raport komisji opublikowany we wtorek stwierdza, że zawiodły hamulce.",
        "В отчёте комиссии, опубликованном во вторник, говорится, что отказали тормоза.",
        "Το πόρισμα της επιτροπής, που δημοσιεύθηκε την Τρίτη, καταλήγει ότι τα φρένα αστόχησαν.",
        "Raportul comisiei, publicat marți, concluzionează că frânele au cedat.",
        "Uit het rapport blijkt dat de brug al jaren niet was gecontroleerd.",
        "Aus dem Bericht geht hervor, dass die Behörden gewarnt worden waren.",
        "Il ressort du rapport que les autorités avaient été prévenues.",
        "Dal rapporto emerge che le autorità erano state avvertite.",
        "Del informe se desprende que las autoridades habían sido advertidas.",
        "Z raportu wynika, że władze zostały ostrzeżone.",
        "Из доклада следует, что власти были предупреждены.",
    ],
)
def test_a_documents_finding_in_other_languages_is_evidence(sentence: str) -> None:
    found = evidence_in(make_claim(sentence))
    assert found is not None and found.kind == "document", sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # a newspaper's finding, not a document's
        "Die Zeitung stellt fest, dass die Regierung seit Tagen schweigt.",
        # an outlet's report
        "Laut einem Bericht des Spiegel kommt die Kommission zu dem Schluss, dass die Bremsen "
        "versagten.",
        # the document in one sentence, a person's finding in the next
        "Der Bericht wurde am Dienstag veröffentlicht. Die Ministerin stellt fest, dass nichts "
        "geschehen ist.",
    ],
)
def test_no_documents_finding_without_a_document_concluding(sentence: str) -> None:
    found = evidence_in(make_claim(sentence))
    assert found is None or found.kind != "document", sentence


# "An aide said", "told The Mirror": not evidence in the other languages either; one police
# officer unnamed is not the police on record.
@pytest.mark.parametrize(
    "sentence",
    [
        "Un conseiller du ministre a déclaré que le conducteur était ivre.",
        "Un asesor del ministro dijo que el conductor estaba ebrio.",
        "Un collaboratore del ministro ha detto che l'autista era ubriaco.",
        "Le conducteur était ivre, a confié un policier au Parisien.",
        "O motorista estava bêbado, disse um policial à Folha.",
        "Il conducente era ubriaco, ha detto un agente a Repubblica.",
        "A police officer said the driver was drunk.",
        '"The driver was drunk," a police officer told reporters.',
    ],
)
def test_aides_and_outlets_told_are_no_evidence_in_any_language(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence
    assert speaker(sentence) is None, sentence


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("“La búsqueda sigue”, dijo a AFP Stella Varo, portavoz de la ONU.", "Stella Varo"),
        ("El conductor estaba ebrio, dijo a la prensa la fiscal Ana Ruiz.", "Ana Ruiz"),
        ('"It is over," Anna Berg told Reuters.', "Anna Berg"),
    ],
)
def test_who_speaks_to_an_outlet_is_still_the_speaker(sentence: str, who: str) -> None:
    assert speaker(sentence) == who


def test_a_police_spokesman_still_speaks_for_the_police() -> None:
    found = evidence_in(make_claim("A police spokesman said the driver was drunk."))
    assert found is not None and found.kind == "official"


# An apology is said on record, in the other languages as "apologised" is in English.
@pytest.mark.parametrize(
    "sentence",
    [
        "Putin przeprosił Alijewa za tragiczny incydent w rosyjskiej przestrzeni powietrznej.",
        "Putin pediu desculpas a Aliyev pelo trágico incidente no espaço aéreo russo.",
        "Putin pidió disculpas a Aliyev por el trágico incidente.",
        "Putin ha chiesto scusa ad Aliyev per il tragico incidente.",
        "Путин извинился перед Алиевым за трагический инцидент.",
    ],
)
def test_an_apology_in_other_languages_is_on_record(sentence: str) -> None:
    assert speaker(sentence) in ("Putin", "Путин")
    assert evidence_in(make_claim(sentence)) is not None


# Portuguese "no", "nos" (em + o: "in the") is no negation, as Spanish and English "no" are.
@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("No fim da tarde, o Ministério declarou que outras duas barragens se romperam.", False),
        ("Os moradores ficaram no local durante a noite, nos abrigos da prefeitura.", False),
        ("A empresa disse que a barragem não estava ativa desde 2015.", True),
        ("No hubo heridos en el incendio, dijo la policía.", True),
        ("There was no damage to the bridge.", True),
    ],
)
def test_portuguese_in_the_is_no_negation(sentence: str, negated: bool) -> None:
    assert features(sentence).negated is negated


def test_a_portuguese_statement_with_no_is_no_denial() -> None:
    text = (
        "No fim da tarde, o Ministério do Meio Ambiente declarou que outras duas barragens do "
        "complexo se romperam."
    )
    assert not make_claim(text).negated
    found = evidence_in(make_claim(text))
    assert found is not None and "denial" not in found.why


# A named witness with an age in apposition speaks on record; the outlet they told does not.
@pytest.mark.parametrize(
    "sentence",
    [
        'Lidia Zubova, 67, told Reuters: "Our local school was flooded."',
        "Lidia Zubova, 67, waiting for a train out of the city, told Reuters the school was flooded.",
        "Maria Lopez, 34, a nurse at the hospital, said the ward was full.",
        '"Our school was flooded," Lidia Zubova, 67, said.',
    ],
)
def test_a_named_witness_with_an_age_is_on_record(sentence: str) -> None:
    assert speaker(sentence) in ("Lidia Zubova", "Maria Lopez")
    found = evidence_in(make_claim(sentence))
    assert found is not None and found.kind == "on_record"


def test_a_place_before_two_clauses_is_no_speaker() -> None:
    sentence = (
        "Les deux boîtes noires qui s'est écrasé au sud-est d'Addis Abeba, faisant 157 morts, "
        "ont été retrouvées, a annoncé lundi la compagnie aérienne."
    )
    assert speaker(sentence) != "Abeba"


# ---------------------------------------------------------------- eighteenth session


# A voice the story quoted before, now quoted with words no record holds: a new statement on
# record (an official's new figures, a prosecutor's new finding), in any language; not a reaction,
# a question, or words said again.
@pytest.mark.parametrize(
    "text, evidence",
    [
        ("«Trois des douze patients sont toujours en soins intensifs», a déclaré Mara Lind.", True),
        ('"Tre dei dodici pazienti sono ancora in terapia intensiva", ha detto Mara Lind.', True),
        ('"Tres de los doce pacientes siguen en cuidados intensivos", dijo Mara Lind.', True),
        ("„Drei der zwölf Patienten liegen noch auf der Intensivstation“, sagte Mara Lind.", True),
        ("«Nous sommes sous le choc, nos pensées vont aux ouvriers», a déclaré Mara Lind.", False),
        ("«Est-ce la fin de Nordcam ?», a demandé Mara Lind.", False),
        (
            "«Les ouvriers se plaignaient depuis des mois de fuites dans les réservoirs», a réitéré "
            "Mara Lind.",
            False,
        ),
    ],
)
def test_a_known_voice_quoted_with_new_words_is_evidence(story, text: str, evidence: bool) -> None:
    v = _judge(story, text + "\n")
    assert [c.status for c in v.claims] == ["new"], v.claims
    assert (v.verdict == "new_evidence") is evidence, v.reasons
    if evidence:
        assert (
            v.evidence[0].why == "a statement quoted for the first time, from Mara Lind on record"
        )


@pytest.mark.parametrize(
    "sentence, said",
    [
        ("« Les cuves fuyaient déjà en mars, bien avant l'incendie », a-t-elle affirmé.", True),
        ("« Les cuves fuyaient depuis des mois », a insisté le maire.", True),
        ('"The search will go on through the night," he said on Tuesday.', True),
        ('"The search will go on through the night," the commissioner said.', True),
        # a body ("the police said") is no one the quotation names
        ('"The search will go on through the night," the police said.', False),
        ("„Die Tanks waren seit Wochen undicht“, sagte er.", True),
        ('"Le cisterne perdevano da mesi", ha detto il sindaco.', True),
        ('"Las cisternas perdían desde hacía meses", dijo la empresa.', True),
        ('"Os tanques vazavam há meses", disse.', True),
        ("„Zbiorniki przeciekały od miesięcy” – powiedziała.", True),
        # the present tense of features and interviews ("dit-elle", "she says", "cuenta")
        ("« On a tout perdu dans l'incendie de Veldra », dit-elle à l'AFP.", True),
        ('"We lost everything in the Veldra fire," she says.', True),
        ("„Wir haben alles verloren“, erzählt sie.", True),
        ('"Lo perdimos todo en el incendio", cuenta el alcalde.', True),
        ('"Abbiamo perso tutto nell\'incendio", racconta.', True),
        # someone unnamed, a question, a reaction, words said again
        ('"Nadie pudo sobrevivir en el depósito", indicó un operario de rescate.', False),
        ('"Abbiamo perso tutto", ha raccontato inoltre una donna.', False),
        ("« On a tout perdu », a témoigné l'un d'eux sur cette chaîne.", False),
        ('"Who checked those tanks?" she said.', False),
        ('"We are shocked and saddened by the fire," she said.', False),
        ("« Les cuves fuyaient depuis des mois », a réitéré le maire.", False),
        # no quotation said
        ("The tanks had leaked for months, the mayor said.", False),
    ],
)
def test_a_quotation_said_by_whom_the_sentence_does_not_name(sentence: str, said: bool) -> None:
    from judge.evidence import quoted_said

    assert (quoted_said(make_claim(sentence)) is not None) is said, sentence


def test_a_new_quotation_said_by_a_pronoun_is_evidence(story) -> None:
    # (a body the story heard from, quoted with new words, is no new source:
    # test_media_and_unnamed_sources_are_no_office)
    new = "« Trois des douze patients sont toujours en soins intensifs », a-t-elle précisé.\n"
    v = _judge(story, RETELLING + "\n" + new)
    assert v.verdict == "new_evidence", v.reasons
    assert [e.why for e in v.evidence] == ["a statement quoted for the first time, on record"]


# An admission said in German, Italian or Dutch with a verb the lists lacked, and names with
# their particles ("von der", "da", "van der"): a named source on record.
@pytest.mark.parametrize(
    "sentence, who",
    [
        (
            "Museumsdirektorin Lena Hoff gab zu, dass die Kameras den Balkon nicht erfassten.",
            "Hoff",
        ),
        (
            "La direttrice Lena Hoff ha riconosciuto che le telecamere non coprivano il balcone.",
            "Hoff",
        ),
        ("Directeur Lena Hoff gaf toe dat de camera's het balkon niet bestreken.", "Hoff"),
        ("Ursula von der Leyen said the depot had been inspected in May.", "Ursula von der Leyen"),
        (
            "Luiz Inácio Lula da Silva afirmou que o depósito foi inspecionado em maio.",
            "Lula da Silva",
        ),
        ("Pieter van der Berg zei dat het depot in mei was gecontroleerd.", "Pieter van der Berg"),
        # a German article and its noun are no particle of a name
        (
            "„Die Tanks waren leer“, sagte der Vorsitzende des Chemiekonzerns Nordcam, "
            "Edward Burk.",
            "Edward Burk",
        ),
    ],
)
def test_admissions_and_names_with_particles_speak_on_record(sentence: str, who: str) -> None:
    assert who in (speaker(sentence) or ""), speaker(sentence)
    assert evidence_in(make_claim(sentence)) is not None


# An office opening an investigation, its article elided onto the noun ("un'inchiesta").
@pytest.mark.parametrize(
    "sentence",
    [
        "La procura di Rieti ha aperto un'inchiesta per omicidio colposo.",
        "La procura di Rieti ha aperto un fascicolo per omicidio colposo.",
        "Le parquet de Veldra a ouvert dès lundi l'enquête sur l'incendie.",
    ],
)
def test_an_investigation_opened_with_an_elided_article_is_an_act_on_record(sentence: str) -> None:
    found = evidence_in(make_claim(sentence))
    assert found is not None and found.kind == "official", sentence


# A voice's words relayed by another name (an outlet most often) are hearsay of a statement; a
# source that the relaying words name themselves ("laut Polizei", "según el fiscal") still speaks.
@pytest.mark.parametrize(
    "sentence, evidence",
    [
        ("“The tanks were full,” Mara Lind said, according to the Veldra Courier.", False),
        ('"Os tanques estavam cheios", afirmou Mara Lind, segundo a Lusa.', False),
        ("Mara Lind sagte laut BILD, die Tanks seien voll gewesen.", False),
        ("Mara Lind told the Veldra Courier the tanks were full.", True),
        ("Según el fiscal Juan Pérez, tres sospechosos fueron detenidos.", True),
        ("Laut Staatsanwaltschaft Veldra wurden drei Verdächtige festgenommen.", True),
        ("Prosecutor John Smith said three suspects were held, according to police.", True),
    ],
)
def test_a_statement_relayed_by_another_name_is_hearsay(sentence: str, evidence: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is evidence, sentence


@pytest.mark.parametrize(
    "sentence, kind",
    [
        (
            "O Ministério Público, em documento divulgado na sexta-feira, pediu o afastamento do "
            "presidente da Nordcam.",
            "document",
        ),
        (
            "The prosecutors, in a document released on Friday, asked for the removal of two directors.",
            "document",
        ),
        (
            "Das Unternehmen Nordcam, Betreiber des Depots, beteuert, die Tanks seien geprüft worden.",
            "official",
        ),
    ],
)
def test_a_document_released_and_an_assurance_on_record(sentence: str, kind: str) -> None:
    found = evidence_in(make_claim(sentence))
    assert found is not None and found.kind == kind, (sentence, found)


@pytest.mark.parametrize(
    "sentence",
    [
        "Lo fa sapere la protezione civile, precisando che le cisterne erano vuote.",
    ],
)
def test_more_offices_and_verbs_on_record(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is not None, sentence


# Figures as Swiss pages write them, and flights named by their airline, read as one figure and
# as a name's number.
@pytest.mark.parametrize(
    "text, numbers",
    [
        ("Die Halle mit 12’000 Plätzen war voll", {"#12000"}),
        ("Le devis s'élève à 3'500'000 francs", {"#3500000"}),
        ("It's 5 o'clock in the '90s", {"#5", "#90"}),
    ],
)
def test_thousands_set_apart_by_an_apostrophe_are_one_figure(text: str, numbers: set[str]) -> None:
    assert set(features(text).numbers) == numbers


@pytest.mark.parametrize(
    "text, number",
    [
        ("Il volo AZ 1234, diretto a Veldra, è atterrato.", "#1234"),
        ("Le vol AF 447 s'est abîmé en mer.", "#447"),
        ("Delta flight DL4819 flipped on landing.", "#4819"),
    ],
)
def test_a_flight_named_by_its_airline_is_a_name_not_a_figure(text: str, number: str) -> None:
    from judge.verdict import _name_numbers

    assert number in _name_numbers(text)


# ---------------------------------------------------------------- nineteenth session
# A known voice on record on a calendar day, with figures the story never had, gives new data
# ("a annoncé le 16 juin", "said on March 16"); a date with its year dates the event told.
@pytest.mark.parametrize(
    "sentence",
    [
        (
            "Le feu a fait au moins 48 morts, a annoncé le 16 juin la préfète de Veldra, Anna "
            "Roos, estimant que ce chiffre allait encore augmenter."
        ),
        "Prefect Anna Roos said on March 16 that 48 people had died.",
        "Die Präfektin Anna Roos sagte am 16. Juni, 48 Menschen seien gestorben.",
        "La prefetta Anna Roos ha detto l'11 giugno che i morti sono 48.",
    ],
)
def test_a_known_voice_dated_by_a_calendar_day_gives_new_figures(sentence: str) -> None:
    from judge.evidence import new_figures_from

    found = new_figures_from(make_claim(sentence), ["#48"], voiced=lambda name: True)
    assert found is not None and "48" in found.why, sentence


def test_a_date_with_its_year_does_not_date_the_statement() -> None:
    from judge.evidence import new_figures_from

    claim = make_claim("The depot, which burned on March 16, 2024, had 48 tanks, Anna Roos said.")
    assert new_figures_from(claim, ["#48"], voiced=lambda name: True) is None


# German and Dutch offices joined to their field in one word speak on record; the authorities'
# spokesperson ("Behördensprecher") names no body, and a loudspeaker is no office.
@pytest.mark.parametrize(
    "sentence, found",
    [
        ("Nur eine Holzkiste sei geborgen worden, bestätigte ein Marinesprecher am Abend.", True),
        ("Das Gesundheitsministerium teilte mit, 48 Menschen seien gestorben.", True),
        ("De legerwoordvoerder bevestigde dat de tanks leeg waren.", True),
        ("Viele Anwohner seien überrascht worden, sagte ein Behördensprecher.", False),
        ("Aus dem Lautsprecher sagte eine Stimme, das Feuer sei aus.", False),
    ],
)
def test_compound_offices_speak_on_record(sentence: str, found: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is found, sentence


# "dijo al canal de televisión NDTV": the channel is told; it is no new source on record.
@pytest.mark.parametrize(
    "sentence, channel",
    [
        ("Lind, dijo al canal de televisión VTN que los tanques estaban vacíos.", "VTN"),
        ("Lind, dijo al canal Veldra Noticias que los tanques estaban vacíos.", "Veldra Noticias"),
        ("Lind, ha detto alla rivista Veldra Oggi che le cisterne erano vuote.", "Veldra Oggi"),
    ],
)
def test_a_channel_told_is_no_speaker(sentence: str, channel: str) -> None:
    assert speaker(sentence) != channel, sentence


# An official the story already quoted, now giving a figure or a name the story never had, is a
# new official statement (evidence); the same official saying again what is known is not.
@pytest.mark.parametrize(
    "sentence, verdict",
    [
        (
            "The police chief, Anna Roos, confirmed that 47 firefighters had worked through the night.",
            "new_evidence",
        ),
        (
            "Die Polizeichefin Anna Roos bestätigte, dass 47 Feuerwehrleute die ganze Nacht im "
            "Einsatz waren.",
            "new_evidence",
        ),
        (
            "The police chief, Anna Roos, confirmed that firefighters had worked through the night.",
            "repeats",
        ),
    ],
)
def test_a_known_official_giving_a_new_figure_is_a_new_statement(
    story, sentence: str, verdict: str
) -> None:
    ledger, dups = story
    second = _article(
        1, RETELLING + "\nPolice chief Anna Roos said on Tuesday that two workers were missing.\n"
    )
    v = judge(second, ledger, dups)
    assert v.verdict == "new_evidence", v.reasons
    record(second, v, ledger, dups)
    text = (
        "Smoke from the Nordcam depot fire in Veldra sent twelve people to hospital with "
        f"breathing problems.\n\n{sentence}\n"
    )
    v = _judge(story, text, n=2)
    assert v.verdict == verdict, v.reasons


# Detention ordered before trial, or house arrest, is a court's or a prosecutor's act on record;
# one foreseen ("could be placed") is not.
@pytest.mark.parametrize(
    "sentence, found",
    [
        ("The Nordcam manager was placed under house arrest on Tuesday.", True),
        ("La procura di Veldra ha disposto il fermo del custode del deposito.", True),
        ("Il giudice non ha convalidato il fermo del custode.", True),
        ("El juez decretó prisión provisional para el encargado del depósito.", True),
        ("Der Lagerleiter wurde am Abend in Untersuchungshaft genommen.", True),
        ("Sąd aresztował kierownika magazynu na trzy miesiące.", True),
        ("The Nordcam manager could be placed under house arrest.", False),
    ],
)
def test_detention_ordered_is_an_act_on_record(sentence: str, found: bool) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.why.startswith("a court's")) is found, (sentence, ev)


# Polish imperfective and more past verbs of speech: "informowała", "zastrzegł", "ujawnił".
@pytest.mark.parametrize(
    "sentence",
    [
        "Policja w Veldrze w sobotę informowała, że 48 osób nie żyje.",
        "Prokuratura w sobotę ujawniła, że zbiorniki były puste.",
    ],
)
def test_polish_verbs_of_speech_put_an_office_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "official", (sentence, ev)


# An office's words relayed by an outlet are hearsay, whoever speaks: "Das teilte der Minister
# laut BILD mit" as "according to the Times".
def test_an_office_relayed_by_an_outlet_is_hearsay() -> None:
    relayed = "Das teilte die Innenministerin Jana Voss laut BILD mit."
    own = "Laut Innenministerin Jana Voss sind 48 Menschen gestorben."
    assert evidence_in(make_claim(relayed)) is None
    assert evidence_in(make_claim(own)) is not None


# Who speaks: the name after the verb when one follows it ("..., qui ont frappé Veldra, indique
# Jon Pell"), a reporter in apposition is the outlet's voice, a fronted "È quanto sostiene X" or
# "Das sagte X" names X, and an outlet's adjective is no speaker ("meldt de Zweedse krant X").
@pytest.mark.parametrize(
    "sentence, who",
    [
        (
            "Les tanks, qui ont déjà fui à Veldra il y a un mois, étaient vides, indique Jon "
            "Pell, correspondant de Radio Nordcam, à Veldra.",
            None,
        ),
        ("Les cuves étaient vides, a déclaré Mara Lind, conseillère municipale.", "Mara Lind"),
        ("È quanto sostiene Pietro Vela, direttore dell'ufficio tecnico.", "Pietro Vela"),
        ("Das sagte Mara Lind am Montag.", "Mara Lind"),
        ("Dat meldt de Zweedse krant Veldraposten.", None),
        ("Das berichtete das örtliche Fernsehen am Abend.", None),
    ],
)
def test_who_speaks_in_other_word_orders(sentence: str, who: str | None) -> None:
    assert speaker(sentence) == who, sentence


# An office inside what is confirmed or admitted is not the one confirming: "admitted that the
# club had", "six confirmed dead".
@pytest.mark.parametrize(
    "sentence",
    [
        "They have apparently already admitted that the company, Nordcam, had no fire exits.",
        "By Tuesday 40 had been rescued, with six confirmed dead and 12 still missing.",
        "It has announced plans to double its police presence around the depot.",
    ],
)
def test_an_office_in_what_is_confirmed_is_not_confirming(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


# Officials of a nation, unnamed, are no office on record ("Turkish officials said"); a body's
# officials are ("Pentagon officials said"). A tweet is a statement ("twitterte die Polizei").
@pytest.mark.parametrize(
    "sentence, found",
    [
        ("The depot had been inspected twice, Veldran officials said.", False),
        ("The depot had been inspected twice, Iranian officials said.", False),
        ("Pentagon officials said the tanks were empty.", True),
        ("„Verdächtiger in Haft“, twitterte die Veldraer Polizei am Abend.", True),
    ],
)
def test_officials_of_a_nation_and_tweets(sentence: str, found: bool) -> None:
    assert (evidence_in(make_claim(sentence)) is not None) is found, sentence


# A retelling in another language that names the same parties as its closest record is seen
# from a lower cosine than one that does not (a translation scores lower than a retelling in
# the record's language); in the record's own language, a new claim about the same people is not.
def test_a_retelling_in_another_language_keeping_the_names_is_seen(encoder) -> None:
    story = _story_with_meaning(encoder)
    german = "Mara Lind hat auf Facebook geschrieben, bei Nordcam habe es seit Monaten Beschwerden gegeben."
    c = _sole_claim(story, 1, german)
    assert c.status == "seen" and c.by_meaning, (c.status, c.score)
    assert "Mara Lind" in (c.matched_text or "")
    english = "Mara Lind said on Facebook that Nordcam had fired two managers in Veldra."
    assert _sole_claim(story, 2, english).status != "seen"


def test_names_kept_across_languages_only(story) -> None:
    from judge.verdict import _named_alike_across

    ledger, _ = story
    record = "Local councillor Mara Lind said on Facebook that Nordcam workers had complained."
    alike = "Mara Lind schrieb auf Facebook, bei Nordcam habe es Beschwerden gegeben."
    assert _named_alike_across(alike, record, ledger)
    # the same language; one name word; or only the story's subject ("Nordcam", in most records)
    same = "Mara Lind wrote on Facebook that Nordcam fired two."
    assert not _named_alike_across(same, record, ledger)
    assert not _named_alike_across("Laut Lind gab es Beschwerden.", record, ledger)
    assert not _named_alike_across("Bei Nordcam gab es Beschwerden, sagte Lind.", record, ledger)


# ---------------------------------------------------------------- twentieth session


@pytest.mark.parametrize(
    "sentence, who",
    [
        # where it was said is not who said it
        ("„Das war kein Unfall“, sagte Lind in Veldra.", "Lind"),
        ("„Das war Brandstiftung“, sagte er in Nordcam.", None),
        (
            '"Zbiorniki przeciekały" – poinformował w Veldrze minister Mara Lind.',
            "Mara Lind",
        ),
        # people in numbers with an adjective first, a span of time: no one named
        ("Örtliche Beamte erklärten, das Depot in Veldra sei nicht gemeldet gewesen.", None),
        ("Andere Augenzeugen berichteten von zwei Explosionen in Veldra.", None),
        # a wire agency by its name in another language's case is an outlet, not a source
        ("Policie zatkla dva muže ve Veldře, informuje Agentura Reuters.", None),
        # a German office and whose it is, then the name without commas
        ("„Das Depot ist leer“, sagte der Sprecher der Feuerwehr Peter Lind.", "Peter Lind"),
        ("„Das Depot ist leer“, sagte die Feuerwehr am Montag.", None),
        # ... nor where it was posted or aired
        ("“Il deposito era vuoto”, ha detto Lind su Veldra TV, aggiungendo altro.", "Lind"),
        # a place before the name: the name is the place's last words, or the place itself
        ('A trader from New Veldra, who saw the fire, said: "It spread in minutes."', None),
        (
            "Two workers were with colleagues from Nordcam, who are missing, said Mara Lind, the "
            "mayor.",
            "Mara Lind",
        ),
        # a German noun after a preposition, a word that opens a sentence: no one's name
        ('Es gab Tote, wie die Plattform "Veldra 24" am Sonntagabend berichtete.', None),
        ("Wie ein Polizeivertreter auf Anfrage bestätigte, wurde ein Mann festgenommen.", None),
        ("Aucune information n'était disponible, a indiqué la préfecture.", None),
        ("All told, the police found 47 weapons.", None),
        # a day between the name and a German verb at the clause's end; a shouted order
        (
            "Der Mann wurde freigelassen, wie der Staatsanwalt Peter Lind am Dienstagabend "
            "mitteilte.",
            "Lind",
        ),
        ('"Go back on board. It is an order," Mara Lind shouted.', "Mara Lind"),
        # a preposition after the name, before a German verb: read once, not again and again
        (
            "Nach dem Brand in gab die Bürgermeisterin Mara Lind bekannt, dass das Depot "
            "geschlossen wird.",
            None,
        ),
        # the Arabic article joined to a name is part of it
        ('The depot "was never inspected," said Khalil al-Veldri, the owner.', "Khalil al-Veldri"),
    ],
)
def test_where_it_was_said_is_no_speaker(sentence: str, who: str | None) -> None:
    from judge.evidence import speaker

    assert speaker(sentence) == who, sentence


@pytest.mark.parametrize(
    "sentence, why",
    [
        (
            "Il Ministero della Salute di Veldra ha dichiarato che 12 persone sono morte.",
            "official statement on record: Ministero della Salute di Veldra (“ha dichiarato”)",
        ),
        (
            "El Ministerio de Salud Pública informó que 12 personas murieron en Veldra.",
            "official statement on record: Ministerio de Salud Pública (“informó”)",
        ),
    ],
)
def test_an_office_is_told_by_its_whole_name(sentence: str, why: str) -> None:
    found = evidence_in(make_claim(sentence))
    assert found is not None and found.why == why


@pytest.mark.parametrize(
    "sentence, act",
    [
        # the Romance "condemned" by those who react is no court's act
        ("El ataque en Veldra ha sido condenado por líderes internacionales.", False),
        ("L'attentat de Veldra a été condamné par la communauté internationale.", False),
        ("El atacante de Veldra ha sido condenado a 20 años de prisión.", True),
        ("Il killer di Veldra è stato condannato all'ergastolo dal tribunale.", True),
        # ... nor condemned by a spokesman or a government, or said how ("duramente", "scharf")
        (
            "El ataque en Veldra ha sido condenado por el portavoz del Ministerio del Interior.",
            False,
        ),
        ("El ataque en Veldra ha sido duramente condenado por la comunidad internacional.", False),
        ("L'attacco di Veldra è stato condannato dal governo.", False),
        ("Der Anschlag in Veldra wurde von der Regierung scharf verurteilt.", False),
        ("El atacante de Veldra fue finalmente condenado a 20 años de prisión.", True),
        ("Der Täter wurde vom Landgericht Veldra zu neun Jahren Haft verurteilt.", True),
        ("Der Angeklagte aus Veldra wurde von den Geschworenen einstimmig verurteilt.", True),
    ],
)
def test_condemned_by_critics_is_no_sentence(sentence: str, act: bool) -> None:
    found = evidence_in(make_claim(sentence))
    assert (found is not None and found.why.startswith(COURT_ACT)) is act, sentence


# -- twenty-second session: realcov121-136


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("rzecznik Kremla", "kremlin"),
        ("Scotland Yard informó", "police"),  # the Metropolitan Police by its other name
        ("közölte a Fővárosi Főügyészség", "prosecutor"),
        ("il portavoce del Cremlino", "kremlin"),
        ("пресс-секретарь Кремля", "kremlin"),
        ("la Maison Blanche a fait savoir", "white house"),
        ("ein Sprecher des Weißen Hauses", "white house"),
        ("il ministero della Difesa russo", "defence ministry"),
        ("the Defence Ministry in Moscow", "defence ministry"),
        ("das Rote Kreuz", "red cross"),
        ("la Croix-Rouge", "red cross"),
        # international organisations (twenty-ninth session)
        ("Amnesty International said", "amnesty"),
        ("Amnistía Internacional anunció", "amnesty"),
        ("selon Amnistie internationale", "amnesty"),
        ("la misión de la ONU en Veldra", "united nations"),
        ("die Unama-Mission", "united nations"),
        ("le Nazioni Unite", "united nations"),
        ("the UN mission in Veldra", "united nations"),
        ("l'Organisation mondiale de la santé", "world health organization"),
        ("la OMS", "world health organization"),
        ("ein Nato-Sprecher", "nato"),
    ],
)
def test_bodies_of_every_story_are_one_body_in_every_language(text: str, body: str) -> None:
    from judge.evidence import bodies_in

    assert bodies_in(text) == {body}


@pytest.mark.parametrize(
    "text", ["un hombre armado disparó", "uno de los heridos", "who said it", "an amnesty law"]
)
def test_the_acronyms_of_organisations_are_read_in_capitals_only(text: str) -> None:
    from judge.evidence import bodies_in

    assert bodies_in(text) == frozenset()


def test_an_organisation_heard_in_another_language_is_no_new_source() -> None:
    from judge.claims import make_claim
    from judge.evidence import evidence_in

    claim = make_claim("Amnistía Internacional anunció que había recibido pruebas de los disparos.")
    assert evidence_in(claim) is not None  # the story never heard of it: a new source
    assert evidence_in(claim, heard=lambda bodies: "amnesty" in bodies) is None


def test_a_known_person_under_an_office_the_story_never_wrote_is_known() -> None:
    from judge.verdict import _names_known

    ledger = Ledger(
        [
            LedgerRecord(
                text="Il portavoce Dmitry Peskov ha affermato che il missile era ucraino.",
                first_url="u1",
                first_source="Orla Post",
                first_published=datetime(2026, 3, 1, tzinfo=UTC),
                article_identity="u1",
            )
        ]
    )
    known, _ = _names_known(ledger)
    assert known("Kremla Dmitrij Pieskow")  # the office in Polish, the person as told before
    assert not known("Kremla Jan Pieskow")  # another first name: another person
    assert not known("Mara Lind")


def test_a_known_voice_translated_without_a_new_name_or_figure_is_no_new_statement(story) -> None:
    # Mara Lind's words on record in English, then in French in other words: a translation the
    # words cannot match, not a new statement; with a figure the story never had, it is one.
    v = _judge(
        story, "« Les ouvriers se plaignent depuis des mois des cuves », a déclaré Mara Lind.\n"
    )
    assert v.verdict != "new_evidence", v.evidence
    v = _judge(story, "« Les cuves fuyaient depuis le 3 mars », a déclaré Mara Lind.\n", n=2)
    assert v.verdict == "new_evidence", v.reasons


def test_a_known_official_at_a_press_conference_makes_a_new_statement(story) -> None:
    ledger, dups = story
    quoted = _article(
        1, '"The drums stood beside the gate," police spokesman Tomas Reyk said on Tuesday.\n'
    )
    record(quoted, judge(quoted, ledger, dups), ledger, dups)
    later = (
        "police spokesman Tomas Reyk said inspectors had sealed the warehouse after finding "
        "corroded valves in the cellar.\n"
    )
    v = _judge(story, "At a press conference on Wednesday, " + later, n=2)
    assert v.verdict == "new_evidence", v.reasons
    # the same without the press conference: a voice the story quoted saying more, no new source
    v = _judge(story, "On Wednesday, " + later, n=3)
    assert v.verdict != "new_evidence", v.evidence


def test_a_day_in_brackets_after_its_weekday_is_a_date_not_a_figure() -> None:
    from judge.verdict import _days

    assert _days("O depósito de Veldra pegou fogo nesta segunda-feira (5).") == {"#5"}
    assert _days("Le dépôt a brûlé lundi (12), selon la mairie.") == {"#12"}
    assert _days("Das Depot brannte am Montag (5.) ab.") == {"#5"}
    assert not _days("Cinco pessoas (5) ficaram feridas.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Schnelle Hilfe: Telefonseelsorge (0800 111 0 111), Nummer gegen Kummer (116 111).",
        "Wenn Ihre Gedanken darum kreisen, sich das Leben zu nehmen, sprechen Sie mit jemandem.",
        "If you or someone you know is struggling, call or text 988 to reach the lifeline.",
        "Besoin d'aide ? SOS Amitié répond jour et nuit au 09 72 39 40 50.",
        "Si necesitas ayuda, llama al Teléfono de la Esperanza: 717 003 717.",
    ],
)
def test_a_helpline_notice_is_furniture(sentence: str) -> None:
    from judge.claims import extract_claims

    assert extract_claims(sentence) == [], sentence


def test_a_statement_told_of_in_english_is_the_note_cited_in_italian() -> None:
    from judge.verdict import _doc_noun_told

    ledger = Ledger(
        [
            LedgerRecord(
                text="The Orla court said in a statement that the driver was on the phone.",
                first_url="u1",
                first_source="Orla Post",
                first_published=datetime(2026, 3, 1, tzinfo=UTC),
                article_identity="u1",
            )
        ]
    )
    text = "Secondo quanto si legge nella nota, il macchinista era al telefono."
    assert _doc_noun_told("nota", text, ledger)
    assert not _doc_noun_told("rapporto", text.replace("nota", "rapporto"), ledger)


def test_a_name_after_the_agency_it_spoke_to_is_the_speaker() -> None:
    # "a déclaré à Reuters X": told the agency; "à" is no place here
    text = (
        "Les deux enregistreurs sont en bon état, a déclaré à Reuters Tomas Reyk, un responsable "
        "de l'aéroport de Veldra."
    )
    assert speaker(text) == "Tomas Reyk"
    ev = evidence_in(make_claim(text))
    assert ev is not None and "Tomas Reyk" in ev.why


@pytest.mark.parametrize(
    "sentence",
    [
        "El juez Pablo Orsic ha decidido imputar al director del depósito 12 delitos de lesiones.",
        "Por todo ello, el juez le imputa 12 delitos de lesiones por imprudencia.",
        "La jueza de Veldra imputó al director del depósito por un delito medioambiental.",
        "El magistrado dispuso que los tres detenidos de Veldra sean trasladados.",
    ],
)
def test_a_judge_charging_someone_in_spanish_is_a_court_act(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


def test_portuguese_dos_is_of_the_not_two() -> None:
    # "um dos piores": one of the worst; Spanish "dos personas" is still two
    assert not features("O incêndio foi um dos piores da história de Veldra.").numbers
    assert not features("A maioria dos feridos já deixou o hospital de Veldra.").numbers
    assert features("Murieron dos personas en el incendio de Veldra.").numbers == {"#2"}
    assert features("Morreram duas pessoas no incêndio de Veldra.").numbers == {"#2"}


def test_a_place_its_country_and_a_day_alone_are_a_dateline() -> None:
    from judge.claims import extract_claims

    text = "Madrid (Spagna), 30 lug.\nIl deposito di Veldra era stato ispezionato nel 2019."
    assert [c.text for c in extract_claims(text)] == [
        "Il deposito di Veldra era stato ispezionato nel 2019."
    ]


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Ogień ugaszono w nocy - powiedział Tomas Reyk.", "Tomas Reyk"),
        (
            "Zbiorniki były puste - powiedział dziennikarzom Tomas Reyk, rzecznik straży pożarnej.",
            "Tomas Reyk",
        ),
        ("Пожар потушен ночью, заявил журналистам Томас Рейк.", "Томас Рейк"),
    ],
)
def test_a_name_after_a_dash_and_a_verb_said_to_the_press_is_the_speaker(
    sentence: str, who: str
) -> None:
    assert speaker(sentence) == who
    assert evidence_in(make_claim(sentence)) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Vier Arbeiter werden noch vermisst, sagte ein Behördenvertreter.",
        "Die Tanks waren leer, sagte ein Vertreter der Firma Nordcam.",
        "Zwei Verletzte liegen noch im Krankenhaus, sagte ein Polizeibeamter.",
    ],
)
def test_an_unnamed_german_official_is_anonymous(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "El pasado mes de agosto fue condenado por conducir ebrio en Veldra.",
        "L'année dernière, il a été condamné pour fraude à Veldra.",
        "Im vergangenen Jahr wurde er in Veldra wegen Betrugs verurteilt.",
        # the reflexive "se ha negado": refused, said nothing
        "A pesar de los intentos de negociar una tregua, Moscú se ha negado hasta ahora.",
    ],
)
def test_an_earlier_case_or_a_refusal_is_no_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


def test_a_german_office_in_the_genitive_speaks_officially() -> None:
    ev = evidence_in(
        make_claim("Nach Angaben des Generalstaatsanwalts kamen in Veldra 40 Arbeiter ums Leben.")
    )
    assert ev is not None and ev.kind == "official", ev


@pytest.mark.parametrize(
    ("sentence", "document"),
    [
        ("Local media have released the names and photographs of the Veldra victims.", False),
        ("De acordo com um comunicado divulgado por jornais locais, o depósito fechou.", False),
        ("Police have released the names and photographs of the Veldra victims.", True),
    ],
)
def test_what_the_media_release_is_no_document(sentence: str, document: bool) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.kind == "document") is document, ev


def test_a_spanish_officer_setting_out_is_on_record() -> None:
    text = "El comandante de la Policía de Veldra, Tomas Reyk, expuso que veinte personas participaron."
    assert speaker(text) == "Tomas Reyk"
    assert evidence_in(make_claim(text)) is not None


def test_a_list_of_decimal_commas_gives_each_figure() -> None:
    # "5,5, 4,7": the comma after a decimal is the list's, not a thousands separator ("#55")
    assert features("Répliques de magnitude 5,5, 4,7 et 6,3 à Veldra.").numbers == {
        "#5.5",
        "#4.7",
        "#6.3",
    }
    assert features("1,200 people, 12, 13").numbers == {"#1200", "#12", "#13"}


@pytest.mark.parametrize(
    "sentence",
    [
        # German puts the verb second after a fronted object, then its subject in apposition
        "Eine Beteiligung bestritt dagegen der Sprecher des Betreibers, Tomas Reyk.",
        "Die Vorwürfe bestritt der Nordcam-Berater Tomas Reyk.",
        # an agency told between the verb and who speaks
        "Пожар потушен ночью, сообщил ТАСС глава района Томас Рейк.",
        "\"Ho parlato con i genitori - dice all'ANSA il sindaco di Veldra, Tomas Reyk - il "
        'ragazzo sta bene."',
    ],
)
def test_a_speaker_after_the_verb_and_an_agency_or_an_office_speaks_on_record(
    sentence: str,
) -> None:
    assert speaker(sentence) in ("Tomas Reyk", "Томас Рейк"), speaker(sentence)
    assert evidence_in(make_claim(sentence)) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "La police a mis en examen trois dirigeants de Nordcam pour négligence.",
        "Mercredi, les autorités du travail ont mis en accusation deux dirigeants de Nordcam.",
        "La policía ha solicitado la detención preventiva de cuatro directivos de Nordcam.",
        "El tribunal de Veldra emitió el día 28 una orden de arresto contra el director.",
        "Les dirigeants de Nordcam sont frappés d'une interdiction de sortie du territoire.",
        # Danish, Swedish, Norwegian, Finnish
        "En 31-årig mand er blevet varetægtsfængslet i fire uger efter branden i Veldra.",
        "Manden er sigtet for brandstiftelse i Veldra.",
        "Kvinnan häktades på fredagen misstänkt för mordbrand i Veldra.",
        "Mannen ble dømt til fengsel for brannen i Veldra.",
        "Epäilty vangittiin Veldran tulipalosta epäiltynä.",
        # a Russian court finding guilty, a sentence carried out; an Italian suspect, autopsies
        "В декабре суд признал мужчину виновным в поджоге склада в Вельдре.",
        "Смертный приговор в отношении поджигателя был приведен в исполнение 20 января.",
        "Nel frattempo c'è anche un indagato per l'incendio di Veldra.",
        "La procura di Veldra ha disposto l'autopsia sul corpo dell'operaio.",
    ],
)
def test_a_charge_a_detention_request_or_a_travel_ban_is_an_act_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "После пожара выжил только сторож, сообщает Telegram-канал Veldra24.",
        "Nur der Wachmann überlebte, berichtete der Telegram-Kanal Veldra24.",
    ],
)
def test_a_messaging_channel_is_a_medium_not_a_source(sentence: str) -> None:
    assert speaker(sentence) is None
    assert evidence_in(make_claim(sentence)) is None


def test_an_office_named_in_translation_is_no_new_name(story) -> None:
    from judge.verdict import _novel_specifics

    ledger, dups = story
    text = "The Veldra District Court approved the detention of the Nordcam director."
    # told in English only: "Court" is a name the story never gave ("the Oster district" it did)
    assert _novel_specifics(text, ledger) == ["court"]
    spanish = _article(1, "El Tribunal de Distrito de Veldra ordenó la detención del director.\n")
    record(spanish, judge(spanish, ledger, dups), ledger, dups)
    assert _novel_specifics(text, ledger) == []
    # a name the story never gave in any language still is one
    assert _novel_specifics("The Halden Court approved it.", ledger) == ["halden"]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("In a video released by the FSB, the Veldra suspect confessed.", "document"),
        ("Police identified the suspect as a 28-year-old Nordcam worker.", "official"),
        ("The Investigative Committee identified the victim as Mara Lind, 34.", "official"),
    ],
)
def test_a_video_an_office_released_or_its_identification_is_evidence(
    sentence: str, kind: str
) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, ev


@pytest.mark.parametrize(
    "sentence",
    [
        "A video released by a neighbour shows the Veldra fire.",
        "Relatives identified the victim as Mara Lind.",
    ],
)
def test_a_video_or_an_identification_by_no_office_is_not(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Una perizia disposta dalla procura di Veldra ha concluso che il perno era rotto.",
            "document",
        ),
        (
            "El peritaje encargado por la fiscalía concluyó que el depósito no tenía alarma.",
            "document",
        ),
        ("Gli avvisi di garanzia sono per omicidio colposo e disastro colposo.", "official"),
        # a source of something is no anonymous source: the prosecutor is named
        (
            "L'evento era evitabile, ha detto il procuratore Tomas Reyk, per le fonti di innesco.",
            "official",
        ),
    ],
)
def test_an_expert_report_a_notice_or_a_named_prosecutor_is_evidence(
    sentence: str, kind: str
) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, ev


def test_sources_of_a_newsroom_stay_anonymous() -> None:
    assert evidence_in(make_claim("Il deposito era vecchio, secondo fonti della procura.")) is None


@pytest.mark.parametrize(
    "sentence",
    [
        # the statement denies what the media reported: no hearsay
        "Речник Томас Рейк повідомив, що у депо не було вибуху, як про це писали деякі змі.",
        "Spokesman Tomas Reyk said there was no second blast, contrary to media reports.",
        # who the speaker is, then the name in apposition
        "“We ran to the gate,” said the night guard, Tomas Reyk, who was injured.",
    ],
)
def test_a_denial_of_media_reports_or_a_named_witness_after_the_verb_is_on_record(
    sentence: str,
) -> None:
    assert evidence_in(make_claim(sentence)) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Spokesman Tomas Reyk said there was a second blast, according to media reports.",
        "“It was quiet,” said the local paper, Mara Lind.",
        # told a paper (da, sv): the paper does not speak
        "Så vidste jeg, at jeg var blevet ramt, fortæller hun til Veldrabladet.",
        "Det var hemskt, sade hon till Veldrabladet.",
        # ... and in Slovenian, the paper after "za"
        "»Tam sta sedela,« sta za Veldrablic povedala dedek in sestra umorjenega policista.",
    ],
)
def test_media_reports_or_a_paper_stay_no_source(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "RBB berichtete, dass der Fahrer in Veldra sein Handy verloren habe.",
        "Am Donnerstag berichteten NDR und WDR, dass im Depot Fingerabdrücke gefunden wurden.",
        "Władze zapewniły rannym pomoc psychologiczną.",
        "Nach Angaben des Unternehmens ist noch unklar, wie es zu dem Brand kommen konnte.",
        "Il sindaco Tomas Reyk ha detto di non poter dare ulteriori particolari sul deposito.",
    ],
)
def test_a_broadcaster_the_authorities_or_nothing_known_yet_is_no_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


def test_an_act_reported_before_in_another_language_is_no_new_act(story) -> None:
    ledger, dups = story
    french = _article(1, "Neuf personnes ont déjà été mises en examen, dont trois mineurs.\n")
    v = judge(french, ledger, dups)
    assert v.verdict == "new_evidence", v.reasons
    record(french, v, ledger, dups)
    v = _judge(story, "Nine suspects have been indicted over the Veldra fire.\n", 2)
    assert v.verdict != "new_evidence", v.evidence
    # a count the act never had is news
    v = _judge(story, "Twelve suspects have been indicted over the Veldra fire.\n", 3)
    assert v.verdict == "new_evidence", v.reasons


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("„Die Zeit bis zum Einschlag war zu kurz“, so das Verteidigungsministerium.", "official"),
        ("Das Depot brannte noch am Abend, so die Polizei.", "official"),
        ("Der Betreiber mahnte am Mittwoch in einer Mitteilung zur Vorsicht.", "document"),
    ],
)
def test_a_german_office_after_so_or_in_a_statement_is_on_record(sentence: str, kind: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, ev
    # an office the story heard from saying more is no new source
    assert kind == "document" or evidence_in(make_claim(sentence), known=lambda name: True) is None


@pytest.mark.parametrize(
    "sentence",
    ["Das Depot brannte noch am Abend, so der Sprecher.", "Es war kalt, so die Zeitung."],
)
def test_a_spokesman_of_no_office_or_a_paper_after_so_is_no_source(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "“Il n’y a plus d’électricité”, a poursuivi le journaliste qui a quitté Veldra.",
        "Le dépôt de Veldra, en Inde, a brûlé toute la nuit, ont annoncé les autorités.",
        "The depot had no alarm, police sources said on Thursday.",
        "Le compte concerné a été suspendu.",
    ],
)
def test_a_reporter_a_place_police_sources_or_an_account_suspended_is_no_evidence(
    sentence: str,
) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


def test_arrest_warrants_requested_in_spanish_are_an_act_on_record() -> None:
    ev = evidence_in(make_claim("Se han solicitado cuatro órdenes de aprehensión por homicidio."))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


@pytest.mark.parametrize(
    ("line", "sentences"),
    [
        (
            "Požiar vypukol v sklade pri obci Veldra.Hasiči prišli o hodinu neskôr.",
            ["Požiar vypukol v sklade pri obci Veldra.", "Hasiči prišli o hodinu neskôr."],
        ),
        (
            'Dodal, že sklad patril firme Nordcam."Bol to jej sklad.',
            ["Dodal, že sklad patril firme Nordcam.", '"Bol to jej sklad.'],
        ),
        ("He flew to St.Petersburg on Monday.", ["He flew to St.Petersburg on Monday."]),
        ("The offer is on Booking.com today.", ["The offer is on Booking.com today."]),
        (
            "It happened in the U.S.The depot was closed.",
            ["It happened in the U.S.The depot was closed."],
        ),
    ],
)
def test_two_sentences_a_page_glued_together_are_two(line: str, sentences: list[str]) -> None:
    assert split_sentences(line) == sentences


def test_witnesses_in_slovak_are_nobody_named() -> None:
    # "Eyewitnesses said", once the glued sentence before is split off: no named source
    line = (
        "Sklad horel celú noc pri obci Veldra.Očití svedkovia uviedli, že dym bol vidieť z diaľky."
    )
    assert [evidence_in(make_claim(s)) for s in split_sentences(line)] == [None, None]


def test_a_first_name_in_ukrainian_or_russian_spelling_is_one_person(story) -> None:
    ledger, dups = story
    first = _article(1, "Regional governor Serhiy Lyvak said the depot was empty.\n")
    record(first, judge(first, ledger, dups), ledger, dups)
    assert ledger.mentions_alike("Sergiy") and ledger.mentions_alike("Serhii")
    v = _judge(
        story, "El gobernador regional, Sergiy Lyvak, informó que el depósito estaba vacío.\n", 2
    )
    assert not any("Lyvak" in e.why and "not quoted before" in e.why for e in v.evidence), (
        v.evidence
    )


@pytest.mark.parametrize("later", ["Олег Ливагубов", "Oleg Lywagubow", "Ливагубов"])
def test_a_voice_in_ukrainian_h_or_russian_g_spelling_is_heard_before(story, later: str) -> None:
    from judge.verdict import _voiced

    ledger, dups = story
    first = _article(1, 'Governor Oleh Lyvahubov said: "The depot was empty when it burned."\n')
    record(first, judge(first, ledger, dups), ledger, dups)
    assert _voiced(ledger)(later)
    assert not _voiced(ledger)("Oleg Lywaborow")  # another name


def test_a_german_prosecutor_who_meint_is_on_record() -> None:
    ev = evidence_in(
        make_claim(
            "Staatsanwalt Tomas Reyk hat eine Akte angelegt, meint aber: „Wir schließen Fahrlässigkeit aus“."
        )
    )
    assert ev is not None and ev.kind in ("official", "on_record"), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "El diario digital Vigía detalló que la línea de emergencia de la Policía recibió una alerta.",
        "Le quotidien Vigie a précisé que la police avait reçu une alerte à Veldra.",
        "Il deposito di Veldra è bruciato, ha detto che la polizia era già sul posto.",
    ],
)
def test_an_outlet_or_an_office_inside_what_was_said_is_no_speaker(sentence: str) -> None:
    # the outlet's noun two words before its name; the police in the clause after "que"/"che"
    assert evidence_in(make_claim(sentence)) is None, sentence


def test_an_office_after_its_verb_still_speaks() -> None:
    ev = evidence_in(
        make_claim("Le dépôt de Veldra a brûlé toute la nuit, a précisé mardi la police.")
    )
    assert ev is not None and ev.kind == "official", ev


@pytest.mark.parametrize(
    ("first", "later"),
    [
        (
            "Veldra city council said the shelter was hit.",
            "Le dépôt abritait « un millier de personnes », selon la mairie.",
        ),
        (
            "The Veldra town hall said the depot was empty.",
            "El ayuntamiento de Veldra dijo que el depósito estaba vacío.",
        ),
        # a head of state, by the office alone
        (
            "President Tomas Reyk said the attackers would be caught.",
            "« Nos forces ont reçu l'ordre de les arrêter », a annoncé le président.",
        ),
    ],
)
def test_a_city_hall_heard_before_in_another_language_is_no_new_source(story, first, later) -> None:
    ledger, dups = story
    a = _article(1, first + "\n")
    record(a, judge(a, ledger, dups), ledger, dups)
    v = _judge(story, later + "\n", 2)
    assert not v.evidence, v.evidence


def test_a_minister_called_le_maire_is_no_mayor() -> None:
    from judge.evidence import bodies_in

    assert bodies_in("le ministre Bruno Le Maire a déclaré") == frozenset({"minister"})
    assert bodies_in("le maire de Veldra a déclaré") == frozenset({"mayor"})
    # the head of state, not the president of another office
    assert bodies_in("рассказал президент") == frozenset({"president"})
    assert bodies_in("BKA-Präsident Tomas Reyk sagte") == frozenset()


def test_a_quotation_by_a_pronoun_translated_after_english_reports_is_no_new_statement(
    story,
) -> None:
    ledger, dups = story
    english = _article(
        1, '"We could not put the fire out, two guards were hurt," the Veldra fire chief said.\n'
    )
    record(english, judge(english, ledger, dups), ledger, dups)
    italian = (
        '"Non abbiamo potuto spegnere l\'incendio, due guardie sono rimaste ferite", ha spiegato.\n'
    )
    v = _judge(story, italian, 2)
    assert not v.evidence, v.evidence


def test_a_new_english_quotation_by_a_pronoun_is_a_new_statement(story) -> None:
    ledger, dups = story
    german = _article(1, "Die Feuerwehr von Veldra sagte, das Feuer sei gelöscht worden.\n")
    record(german, judge(german, ledger, dups), ledger, dups)
    v = _judge(
        story,
        'Ana Kovač said the depot had no alarm.\n"The alarm had been switched off for weeks," she said.\n',
        2,
    )
    assert any("quoted for the first time" in e.why or "Kovač" in e.why for e in v.evidence), (
        v.reasons
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In Veldra ist ein Mann wegen des Brandes im Düngerlager der Firma Nordcam zu neun Jahren Haft verurteilt worden.",
        "Следствие просит суд арестовать Томаса Рейка до 2 июня.",
        "Суд арестовал Томаса Рейка на два месяца.",
        # a bail application given up (en); held without bail (pt); people prosecuted (es); the
        # notices that an investigation is closed (it)
        "Tomas Reyk, 29, abandoned his bail application during a brief appearance in the Veldra "
        "Magistrate’s Court.",
        "Foi ordenado que o suspeito ficasse preso sem possibilidade de fiança.",
        "Hasta el momento, seis personas han sido judicializadas por el incendio de Veldra.",
        "Notificati stamane, infatti, gli avvisi per 19 persone accusate di disastro colposo.",
    ],
)
def test_court_acts_in_more_languages_and_forms(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


def test_doomed_to_fail_is_no_sentence() -> None:
    assert (
        evidence_in(make_claim("Der Plan für Veldra ist von Anfang an zum Scheitern verurteilt."))
        is None
    )


@pytest.mark.parametrize(
    "sentence",
    [
        '"Заседание будет закрытым", - объявила судья Мара Линд.',
        '"Das Lager war leer", - sagte der Sprecher der Feuerwehr Tomas Reyk.',
    ],
)
def test_a_speaker_after_a_hyphen_as_dash_is_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ("Линд" in ev.why or "Reyk" in ev.why), ev


def test_a_country_and_its_adjective_are_one_party() -> None:
    from judge.ledger import other_names

    assert not other_names(frozenset({"mexico"}), frozenset({"mexican"}))
    assert not other_names(frozenset({"ukraine"}), frozenset({"ukrainian"}))
    assert not other_names(frozenset({"secre"}), frozenset({"secretar"}))  # cut off by the page
    assert other_names(frozenset({"kovač"}), frozenset({"reyk"}))


def test_a_figure_the_story_gave_before_is_no_revision_of_a_stale_one(story) -> None:
    ledger, dups = story
    italian = _article(
        1, "Nell'incendio del deposito Nordcam di Veldra sono morte cinque persone.\n"
    )
    record(italian, judge(italian, ledger, dups), ledger, dups)
    english = _article(2, "At least two workers died in the fire at the Nordcam depot in Veldra.\n")
    record(english, judge(english, ledger, dups), ledger, dups)
    v = _judge(story, "Five people died in the fire at the Nordcam depot in Veldra.\n", 3)
    assert not [c for c in v.claims if c.status == "revised"], v.reasons
    # a figure the story never had still revises
    v = _judge(story, "Seven people died in the fire at the Nordcam depot in Veldra.\n", 4)
    assert [c for c in v.claims if c.status == "revised"], v.reasons


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "Six Veldra police officers were referred to prosecutors over the missed calls.",
            "official",
        ),
        ("Il procuratore Tomas Reyk ha nominato due consulenti esperti di esplosivi.", "official"),
        ("La préfecture a publié la liste des produits stockés chez Nordcam.", "document"),
        ("Die Staatsanwaltschaft Veldra hat Ermittlungen aufgenommen.", "official"),
        (
            "Die Staatsanwaltschaft leitete ein Ermittlungsverfahren wegen fahrlässiger Tötung ein.",
            "official",
        ),
    ],
)
def test_an_office_opening_a_case_naming_experts_or_publishing_a_list_is_on_record(
    sentence: str, kind: str
) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, ev


@pytest.mark.parametrize(
    "sentence",
    ["Il est sur la liste des invités de Veldra.", "He was referred to a specialist in Veldra."],
)
def test_a_guest_list_or_a_referral_to_a_doctor_is_no_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


def test_a_minister_calling_the_attack_gruesome_is_a_reaction() -> None:
    sentence = 'Prime Minister Ana Kovač said the attack in Veldra was "gruesome" and "barbaric."'
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        'Les enfants du président "sont en sécurité", a-t-il dit.',
        "Los bomberos de la ciudad de Veldra, a 45 kilómetros de la capital de Corea del Sur informaron del hallazgo.",
    ],
)
def test_an_office_before_an_inverted_pronoun_or_a_place_in_lower_case_is_no_speaker(
    sentence: str,
) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is None or ("président" not in ev.why and "del Sur" not in ev.why), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "La Procura di Veldra ha indagato l'amministratore delegato di Nordcam, Tomas Reyk.",
        "Indagati anche il direttore operativo e il responsabile della sicurezza di Nordcam.",
        "Nell'inchiesta sono indagate 8 persone, due manager e sei tecnici di Nordcam.",
        "Lo dicono i registri di manutenzione di Nordcam acquisiti dalla procura.",
    ],
)
def test_italian_suspects_under_investigation_or_records_seized_are_an_act(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


def test_the_suspects_as_a_noun_are_no_act() -> None:
    assert evidence_in(make_claim("I quattro indagati di Veldra non hanno parlato.")) is None


def test_no_suspects_yet_is_no_act() -> None:
    assert evidence_in(make_claim("Al momento non ci sono indagati per il rogo di Veldra.")) is None
    ev = evidence_in(make_claim("Per ora non c'è un indagato per l'incendio di Veldra."))
    assert ev is None or not ev.why.startswith(COURT_ACT), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "Achtklässlerin Mara erzählt, sie habe sich in Veldra unter der Schulbank versteckt.",
        "Tomas Reyk erzählte, wie die Decke in Veldra einstürzte.",
        '"Ми прокинулись від двох вибухів, – пригадує Мара, – і побігли до сходів".',
        "Жительница Вельдры Анна Ковач вспоминает: «Мы проснулись от взрыва».",
        "Ана Ковач розповідає, що вибух пролунав о четвертій ранку.",
        # ... after the quotation, in a feature (es, it, pt, fr)
        '"¡Necesitamos aviones!", demanda el silvicultor Tomas Reyk.',
        '"Il fumo era ovunque", racconta Tomas Reyk, che vive accanto al deposito.',
        '"Não havia saída", relata Ana Kovač, moradora de Veldra.',
        "« Nous jetons notre lait », déplore Tomas Reyk, éleveur à Veldra.",
    ],
)
def test_a_witness_telling_in_the_present_tense_speaks_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(NEW_SOURCE), ev


def test_residents_telling_of_a_city_are_nobody_named() -> None:
    sentence = (
        "Bewohner der Millionenstadt Veldra im Norden erzählten, dass die Wände gezittert hätten."
    )
    assert evidence_in(make_claim(sentence)) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "El festival de Veldra fue suspendido inmediatamente y los asistentes fueron desalojados.",
        "Il concerto di Veldra è stato sospeso dopo l'esplosione.",
        "Le match de Veldra a été suspendu après l'attaque.",
        "Der Zugverkehr nach Veldra wurde vorübergehend suspendiert.",
    ],
)
def test_an_event_or_a_service_called_off_is_no_act(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is None or not ev.why.startswith(COURT_ACT), ev


def test_an_official_suspended_is_still_an_act() -> None:
    ev = evidence_in(make_claim("Le maire de Veldra, Tomas Reyk, a été suspendu de ses fonctions."))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev


def test_an_outlet_by_its_name_is_no_source() -> None:
    for outlet in ("La Repubblica", "Corriere della Sera", "Le Parisien"):
        sentence = f"The skipper's wife also died in the Veldra accident, according to {outlet}."
        ev = evidence_in(make_claim(sentence))
        assert ev is None, ev


@pytest.mark.parametrize(
    "sentence",
    [
        "Otras ocho personas siguen desaparecidas en Veldra, según el último comunicado de la Policía.",
        '"Bis jetzt sind 14 Menschen in Veldra gestorben", heißt es in der Mitteilung der Polizei.',
    ],
)
def test_a_press_statement_of_a_body_heard_before_is_no_new_document(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is not None  # a body the story never heard
    assert evidence_in(make_claim(sentence), heard=lambda bodies: "police" in bodies) is None


def test_a_report_of_a_body_heard_before_is_still_a_document() -> None:
    sentence = (
        "Laut dem Abschlussbericht der Polizei waren die Bremsen des Busses in Veldra defekt."
    )
    ev = evidence_in(make_claim(sentence), heard=lambda bodies: "police" in bodies)
    assert ev is not None and ev.kind == "document", ev


@pytest.mark.parametrize(
    "text",
    [
        "Об этом сообщила Госслужба по чрезвычайным ситуациям (ГСЧС) Украины.",
        "Ukraińska Służba ds. Sytuacji Nadzwyczajnych (DSNS) poinformowała w poniedziałek.",
        "ДСНС повідомила про завершення пошуків у Вельдрі.",
        "The State Emergency Service said the search in Veldra was over.",
    ],
)
def test_ukraines_emergency_service_is_one_body_in_any_language(text: str) -> None:
    from judge.evidence import bodies_in

    assert "civil protection" in bodies_in(text)


def test_unread_sentences_count_when_little_of_the_article_was_matched(encoder) -> None:
    """A long Greek report with one sentence retold is no retelling: its unmatched sentences
    count as any others (Finnish and Danish reports went from `repeats` to `new_claims`)."""
    greek = (
        "Οι κάτοικοι της περιοχής διαμαρτυρήθηκαν έξω από το δημαρχείο.\n\n"
        "Ο δήμαρχος ζήτησε ανεξάρτητη έρευνα για την πυρκαγιά.\n\n"
        "Οι εργαζόμενοι είχαν καταγγείλει διαρροές στις δεξαμενές εδώ και μήνες.\n\n"
        "Τα σχολεία της πόλης παρέμειναν κλειστά την Τρίτη.\n\n"
        "Η εταιρεία δεν σχολίασε τα αίτια της φωτιάς.\n\n"
        "Οι αρχές συνέστησαν στους πολίτες να κρατούν τα παράθυρα κλειστά.\n"
    )
    ledger, dups, sem = _story_with_meaning(encoder)
    retold = (
        "Twelve people were taken to hospital with breathing problems, the regional health "
        "office said.\n\n" + greek
    )
    v = judge(_article(1, retold), ledger, dups, semantic=sem)
    assert [c.status for c in v.claims].count("seen") == 1
    assert v.verdict == "new_claims", v.reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "Der er frygt for, at han vil begå ny kriminalitet, sagde dommeren i Veldra.",
        "Poliisin mukaan Veldran tulipalossa loukkaantui kaksi työntekijää.",
        "Tulipalo sai alkunsa varastosta, kertoi tutkinnanjohtaja Veldrassa.",
        # an office making known, appointing experts or quoting someone (it, de)
        "Il deposito di Veldra perdeva da mesi, come reso noto dal ministro dell'Interno in "
        "conferenza stampa.",
        "Il procuratore di Veldra Tomas Reyk ha incaricato due esperti di esplosivi.",
        "Er habe gestresst gewirkt, zitierte Polizeichef Tomas Reyk die Mutter des Täters.",
        # opening expert examinations (it); what one calls it (de)
        "La procura di Veldra ha avviato perizie e analisi per ricostruire la dinamica.",
        "Kreml-Sprecher Tomas Reyk nannte es einen Terror-Anschlag.",
        # announcing in the Dutch perfect; disowning (de)
        "De minister van Justitie Tomas Reyk heeft zijn vertrek aangekondigd.",
        "Ein Sprecher der Nordcam-Gruppe distanzierte sich wenige Stunden später von dem Brand.",
        # at a press briefing, telling (da)
        "Politiinspektør i Veldra Politi, Tomas Reyk, holder nu pressebriefing og fortæller, at "
        "der er flere dræbte.",
    ],
)
def test_offices_speak_in_more_languages_and_forms(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "official", ev


@pytest.mark.parametrize(
    "sentence",
    [
        "Sie seien wohlauf, teilte ein Sprecher der Feuerwehr laut örtlichen Medien mit.",
        "Das Depot in Veldra sei seit Jahren undicht gewesen, sagte der Bürgermeister laut "
        "Staatsmedien.",
        "Indischen Medien zufolge bestätigte die Polizei in Veldra zwölf Verletzte.",
        # the media named after the verb (es, fr, it)
        "El tribunal lo condenó a la pena capital por el incendio de Veldra, informaron entonces "
        "los medios estatales.",
        "Le tribunal l'a condamné à la prison à vie pour l'incendie de Veldra, ont rapporté les "
        "médias locaux.",
        "Il tribunale lo ha condannato all'ergastolo per il rogo di Veldra, riferiscono i media.",
    ],
)
def test_what_media_relay_is_hearsay(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None


def test_a_court_act_told_before_in_the_same_words_is_no_new_act() -> None:
    from judge.verdict import _act_told

    rule = {
        "id": "veldra",
        "claims": ["Gegen den Fahrer aus Veldra ist Haftbefehl erlassen worden."],
    }
    ledger = Ledger(seed_records(rule))
    again = "Ein Haftrichter am Amtsgericht Veldra erließ Haftbefehl gegen den Fahrer."
    assert _act_told(again, ledger)
    assert not _act_told("Der Fahrer aus Veldra wurde wegen Brandstiftung verurteilt.", ledger)
    rule = {"id": "veldra", "claims": ["An arrest warrant was issued for the driver from Veldra."]}
    ledger = Ledger(seed_records(rule))
    assert _act_told("A judge in Veldra has issued an arrest warrant for the driver.", ledger)
    # a party the story never named: another act
    assert not _act_told("A judge has issued an arrest warrant for Tomas Reyk.", ledger)


def test_a_suspension_told_in_english_is_no_new_act_in_french() -> None:
    from judge.verdict import _act_told

    rule = {
        "id": "veldra",
        "claims": [
            "The prime minister on Sunday suspended Health Minister Tomas Reyk over the fire "
            "that killed 82 people in Veldra."
        ],
    }
    ledger = Ledger(seed_records(rule))
    again = (
        "Le ministre de la Santé Tomas Reyk a été suspendu après l'incendie qui a fait 82 morts."
    )
    assert _act_told(again, ledger)


def test_the_time_since_the_event_is_no_figure_of_an_act_told_before() -> None:
    from judge.verdict import _act_told

    rule = {"id": "veldra", "claims": ["Three men pleaded not guilty to the Veldra bombing."]}
    ledger = Ledger(seed_records(rule))
    again = "Sieben Wochen nach dem Anschlag in Veldra sind drei Verdächtige angeklagt worden."
    assert _act_told(again, ledger)
    # another count is another act, however long after
    assert not _act_told(
        "Sieben Wochen nach dem Anschlag in Veldra sind fünf Verdächtige angeklagt worden.", ledger
    )


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "Les travaux avancent à Veldra, a indiqué à la presse un responsable des opérations, "
            "Tomas Reyk.",
            "Tomas Reyk",
        ),
        ("« Nous avons établi le contact », a confié mardi à l'AFP Ana Kovač.", "Ana Kovač"),
        ("Los trabajos avanzan en Veldra, dijo ayer a la prensa Tomas Reyk.", "Tomas Reyk"),
        # what one calls it, in quotation marks
        (
            "In remarks carried by a news portal, Tomas Reyk described the fire as an “act of "
            "sabotage”.",
            "Tomas Reyk",
        ),
    ],
)
def test_who_speaks_after_the_day_or_to_the_press(sentence: str, who: str) -> None:
    assert speaker(sentence) == who
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(NEW_SOURCE), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "Das Landgericht Veldra verurteilte ihn am Freitag zu neun Jahren Haft.",
        "Gegen den 29-Jährigen hat das Amtsgericht Veldra auf Antrag der Staatsanwaltschaft die "
        "Untersuchungshaft wegen des dringenden Tatverdachts des versuchten Mordes, der "
        "gefährlichen Körperverletzung und der Brandstiftung angeordnet.",
    ],
)
def test_german_court_acts_in_the_active_and_across_a_long_clause(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why.startswith(COURT_ACT), ev
    assert len(ev.why) < 140, ev.why  # a long clause is quoted by its first words and its last


@pytest.mark.parametrize(
    "sentence",
    [
        # recordings an office released or published
        "Police released recordings of three emergency calls made during the Veldra fire.",
        "La policía publicó grabaciones de tres llamadas de emergencia realizadas en Veldra.",
        "Los bomberos publicaron grabaciones de las llamadas de emergencia de Veldra.",
        # a press release published, in the perfect
        "Politiet har udsendt en pressemeddelelse med flere detaljer om branden i Veldra.",
        "Polisen har publicerat ett pressmeddelande om branden i Veldra.",
        # an expert report, an autopsy or a court order cited
        "Secondo la perizia, gli operai di Veldra non indossavano le maschere.",
        "Laut dem Obduktionsbericht starb der Arbeiter in Veldra an Rauchgas.",
        "Según la autopsia, el trabajador de Veldra murió por asfixia.",
        "He is held in Veldra according to an order issued by the Juvenile Court.",
    ],
)
def test_documents_released_published_or_cited_are_primary(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "document", ev


def test_a_video_anyone_published_is_no_document() -> None:
    ev = evidence_in(make_claim("Un testigo publicó un video del incendio de Veldra en redes."))
    assert ev is None, ev


@pytest.mark.parametrize(
    "sentence",
    [
        "La portavoce del sindaco, Ana Kovač, ha rilasciato una dichiarazione domenica, "
        "affermando: «Il deposito di Veldra sarà chiuso»",
        "La empresa Nordcam emitió un comunicado sobre el incendio de Veldra el lunes.",
    ],
)
def test_a_statement_issued_in_italian_or_spanish_is_on_record(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is not None


def test_people_counted_as_victims_are_no_anonymous_voice() -> None:
    counted = "A suspect has confessed to the fire in Veldra, which killed three people, prosecutors said Friday."
    ev = evidence_in(make_claim(counted))
    assert ev is not None and ev.kind == "official", ev
    for sources in (
        "Two people familiar with the Veldra inquiry said the depot's tanks had leaked.",
        "A person close to the investigation said the suspect in Veldra had confessed.",
    ):
        assert evidence_in(make_claim(sources)) is None


def test_a_country_in_apposition_to_a_town_is_no_speaker() -> None:
    sentence = "La Policía de la ciudad de Veldra, Dinamarca, confirmó este domingo tres muertos."
    assert speaker(sentence) is None
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and "Dinamarca" not in ev.why, ev


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "Selon un sismologue albanais, Tomas Reyk, le séisme de Veldra est le plus fort.",
            "Tomas Reyk",
        ),
        ("Según el geólogo Tomas Reyk, el terremoto de Veldra fue el más fuerte.", "Tomas Reyk"),
        ("D'après le journal local Veldra Matin, le séisme était le plus fort.", None),
        ("Selon la police, Marie Dupont, 34 ans, a été tuée à Veldra.", None),
    ],
)
def test_a_person_introduced_by_what_they_are_then_named_is_cited(sentence: str, who) -> None:
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "One of them, Tomas Reyk, 26, was in a shop in Veldra when the fire broke out and "
            'said: "It happened in minutes."',
            "Tomas Reyk",
        ),
        (
            "Uno de ellos, Tomas Reyk de 26 años, estaba en una tienda de Veldra cuando empezó el "
            'incendio y comentó: "Sucedió en minutos."',
            "Tomas Reyk",
        ),
        ("Tomas Reyk was in a shop in Veldra when the fire broke out and said nothing.", None),
    ],
)
def test_the_subject_named_first_then_and_said_with_a_quotation(sentence: str, who) -> None:
    assert speaker(sentence) == who


# ---------------------------------------------------------------- thirty-first session


@pytest.mark.parametrize(
    "sentence",
    [
        "Tous deux ont déclaré que le dépôt de Veldra fuyait depuis des mois.",
        "Группировка заявляет, что пожар в Велдре устроил поджигатель.",
    ],
)
def test_a_common_word_opening_a_sentence_is_no_new_source(story, sentence: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert not [e for e in v.evidence if e.why.startswith(NEW_SOURCE)], [e.why for e in v.evidence]


@pytest.mark.parametrize(
    ("before", "sentence", "who"),
    [
        (
            "The operation in Veldra was led by police chief Ralf Hetger.",
            "Hetger sagte, die Tanks seien seit Monaten undicht gewesen.",
            "Hetger",
        ),
        # the name written inside a sentence with a possessive ending
        (
            "The claim was posted on Nordcam's channels on Telegram.",
            "Nordcam said the fire came in response to calls for attacks on the depot.",
            "Nordcam",
        ),
    ],
)
def test_a_name_the_article_writes_inside_a_sentence_is_a_new_source(
    story, before: str, sentence: str, who: str
) -> None:
    v = _judge(story, RETELLING + "\n" + before + "\n\n" + sentence + "\n")
    assert any(who in e.why for e in v.evidence), [e.why for e in v.evidence]


def test_an_outlet_saying_a_quotation_is_no_source() -> None:
    said = "“El depósito de Veldra era una bomba de relojería”, señaló el citado diario."
    assert quoted_said(make_claim(said)) is None
    assert quoted_said(make_claim(said.replace("el citado diario", "el alcalde"))) is not None


def test_the_investigative_committee_is_one_body_in_any_language() -> None:
    ours = {"investigative committee"}
    assert bodies_in("Следственный комитет России сообщил") == ours
    assert bodies_in("the State Investigation Committee said") == ours
    assert bodies_in("the Investigative Committee said") == ours


def test_an_office_the_story_heard_correcting_itself_is_evidence() -> None:
    heard = {"known": lambda name: True, "heard": lambda bodies: True}
    fixed = (
        "Ein Polizeisprecher korrigierte am Nachmittag frühere Angaben zu den Verletzten in Veldra."
    )
    again = "Ein Polizeisprecher sagte am Nachmittag, in Veldra gebe es zwölf Verletzte."
    assert evidence_in(make_claim(fixed), **heard) is not None
    assert evidence_in(make_claim(again), **heard) is None


def test_a_final_report_after_another_report_is_a_new_document(story) -> None:
    ledger, dups = story
    earlier = _article(
        1, "The fire service said it had received an official report from Nordcam.\n"
    )
    record(earlier, judge(earlier, ledger, dups), ledger, dups)
    v = _judge(
        story,
        RETELLING + "\nIn its final report on the fire, the fire service said a faulty pump next "
        "to tank 4 started the blaze.\n",
        n=2,
    )
    assert [e.kind for e in v.evidence] == ["document"], [e.why for e in v.evidence]


@pytest.mark.parametrize(
    "ministry",
    [
        "el Ministerio nordcamés del Interior",
        "el Ministerio nordcamés de Interior",
        "le ministère nordcamien de l’Intérieur",
        "il ministero nordcamese dell’Interno",
    ],
)
def test_a_ministry_named_with_its_country_is_the_same_body(ministry: str) -> None:
    assert (
        bodies_in(f"según {ministry}")
        == bodies_in("the interior ministry")
        == {"interior ministry"}
    )


def test_an_office_the_story_heard_admitting_something_is_evidence() -> None:
    heard = {"known": lambda name: True, "heard": lambda bodies: True, "voiced": lambda name: True}
    admitted = "Il premier Tomas Reyk ha ammesso che il dipendente di Veldra era già sorvegliato."
    assert evidence_in(make_claim(admitted), **heard) is not None
    assert evidence_in(make_claim(admitted.replace("ha ammesso", "ha detto")), **heard) is None


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        (
            "“No es sólo un ataque contra Veldra sino contra todo el país”, subrayó el ministro.",
            False,
        ),
        ("Not only the depot in Veldra burned but the school too.", False),
        ("Non è solo il deposito di Veldra.", False),
        ("No one in Veldra was hurt.", True),
        ("It is not just a fire, and it was not set on purpose.", True),
    ],
)
def test_not_only_is_no_negation(sentence: str, negated: bool) -> None:
    assert make_claim(sentence).negated is negated


@pytest.mark.parametrize(
    "sentence",
    [
        "Plus précisément, le suspect de Veldra avait été condamné à trois ans de prison.",
        "The Veldra suspect had been sentenced to three years in prison.",
    ],
)
def test_a_sentence_told_in_the_pluperfect_is_a_past_case(story, sentence: str) -> None:
    v = _judge(story, RETELLING + "\n" + sentence + "\n")
    assert v.verdict != "new_evidence", [e.why for e in v.evidence]


def test_the_short_spanish_name_of_the_foreign_ministry_is_the_same_body() -> None:
    ours = bodies_in("El Ministerio de Exteriores ha confirmado")
    assert (
        ours == bodies_in("le ministère nordcamien des Affaires étrangères") == {"foreign ministry"}
    )


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Das sagte ein Regierungssprecher am Samstag in Veldra.", "government"),
        ("Rzecznik MSW podkreślił, że w Veldrze odbito 16 cudzoziemców.", "interior ministry"),
    ],
)
def test_a_spokesman_of_a_body_is_of_that_body(text: str, body: str) -> None:
    assert body in bodies_in(text)
