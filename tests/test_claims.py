"""Sentence splitting, boilerplate dropping and claim fields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judge.claims import extract_claims, is_claim, split_sentences


def test_split_keeps_abbreviations_initials_and_quotes() -> None:
    text = (
        'Mr. Varga met U.S. Senate aides in Portavia. J. R. Holm said: "It is false. We will sue." '
        "The Harbour Alliance, led by Dr. Orsic, won 40.5% of the vote."
    )
    assert split_sentences(text) == [
        "Mr. Varga met U.S. Senate aides in Portavia.",
        'J. R. Holm said: "It is false. We will sue."',
        "The Harbour Alliance, led by Dr. Orsic, won 40.5% of the vote.",
    ]


def test_bullets_and_headings() -> None:
    text = "Key numbers\n\n- Orsic received 40,000 euros from Baltica Dredging in 2025\n* Varga was dismissed in September."
    assert split_sentences(text)[1:] == [
        "Orsic received 40,000 euros from Baltica Dredging in 2025.",
        "Varga was dismissed in September.",
    ]


def test_boilerplate_questions_and_opinion_are_not_claims() -> None:
    text = "\n".join(
        [
            "By Nadia Kersh",
            "3 Min Read",
            "Join our WhatsApp channel for breaking news from Portavia.",
            "Share this article",
            "Photo: The old quay in Portavia. (Metro Daily/File)",
            "Is any of this true?",
            "Whether the allegations will have any political consequences remains to be seen.",
            "Tomas Varga wrote in a Facebook post that Orsic received 40,000 euros.",
        ]
    )
    claims = extract_claims(text)
    assert [c.text for c in claims] == [
        "Tomas Varga wrote in a Facebook post that Orsic received 40,000 euros."
    ]
    c = claims[0]
    assert "Tomas Varga" in c.entities and "40,000" in c.numbers
    assert c.attribution and "Facebook post" in c.attribution


def test_negation_and_quote() -> None:
    (c,) = extract_claims(
        'Orsic\'s office said she "never took a cent from anyone" and did not meet Varga.'
    )
    assert c.negated and c.quote == "never took a cent from anyone"


def test_clean_post_strips_links_signature_and_splits_hashtags() -> None:
    from judge.claims import clean_post

    tweet = (
        "Bricks of cocaine washed up on the coast #HurricaneDorian pic.twitter.com/ApEtNvR7tb "
        "https://t.co/abc — News Desk (@newsdesk) September 10, 2019"
    )
    assert clean_post(tweet) == "Bricks of cocaine washed up on the coast Hurricane Dorian"


def test_number_gate_keeps_spelled_numbers_and_months() -> None:
    (c,) = extract_claims("The council met in MAY and approved twelve new permits for the port.")
    assert c.numbers == ("MAY", "twelve")
    (d,) = extract_claims("The council approved the permits for the port after a long debate.")
    assert d.numbers == ()


# The speed-ups in claims/ledger must give what the plain regex passes give (see docs/benchmarks.md).
_PIECES = (
    "said told Varga U.S. according to in a post 5 $40,000 £3.5m 12 March 2025 Sept. twelve dozens "
    "not n't don’t fabricated reportedly claims police confirmed statement documents seen by "
    "for years previously © (c) photo credit İstanbul ſix ² , ; : . ! ? ( ) “ ” - ' ’ _ 5 million"
).split()
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_fast_paths_equal_plain_regex_passes(text: str) -> None:
    import re

    from judge import claims

    found = claims.words(text)
    if found is not None:
        assert found == frozenset(re.findall(r"\w+", text.lower()))
        plain = [m.group(0) for m in claims._NUMBER.finditer(text)]
        assert [m.group(0) for m in claims._number_matches(text, found)] == plain
    assert bool(claims._OPINION.search(text)) == bool(claims._OPINION.pattern.search(text)) or (
        found is None
    )
    assert claims._negated(text) == bool(claims._NEGATION.search(text))


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_features_fast_path_equals_ordered_pass(text: str) -> None:
    from judge import ledger

    fast = ledger.features.__wrapped__(text)
    names = frozenset(map(ledger._norm_word, ledger._CAPS.findall(text))) - ledger._STOP
    slow = ledger._features(map(ledger._event, ledger._LEX.findall(text)), names - ledger._CALENDAR)
    assert fast == slow


def test_a_day_before_its_month_does_not_end_a_german_sentence() -> None:
    text = "Das Unternehmen bemerkte den Angriff am 20. Mai und informierte die Behörden. Die Gruppe verlangte Geld."
    assert split_sentences(text) == [
        "Das Unternehmen bemerkte den Angriff am 20. Mai und informierte die Behörden.",
        "Die Gruppe verlangte Geld.",
    ]


def test_an_embedded_post_loses_its_picture_links_and_signature() -> None:
    text = (
        "Die Polizei hat am Damm von Veldra drei Verletzte geborgen. pic.twitter.com/AbCdEf1234 "
        "— Mara Lind (@maralind) 24. März 2025"
    )
    assert [c.text for c in extract_claims(text)] == [
        "Die Polizei hat am Damm von Veldra drei Verletzte geborgen."
    ]
    post = "Three people were injured at the Veldra dam, police said.https://t.co/AbCdEf1234"
    assert [c.text for c in extract_claims(post)] == [
        "Three people were injured at the Veldra dam, police said."
    ]


def test_an_ordinal_before_its_noun_does_not_end_a_german_sentence() -> None:
    text = (
        "Er darf bis zu seinem 25. Geburtstag keinen Führerschein machen. Das Feuer brach im "
        "3. Stock aus. Die Zahl stieg auf 25. Die Polizei ermittelt."
    )
    assert split_sentences(text) == [
        "Er darf bis zu seinem 25. Geburtstag keinen Führerschein machen.",
        "Das Feuer brach im 3. Stock aus.",
        "Die Zahl stieg auf 25.",
        "Die Polizei ermittelt.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # what a named person or an institution will do, as announced, is a claim
        "According to the company's announcement, co-founder Mara Lind will be relinquishing her "
        "role as chair of the board but will stay at Nordcam.",
        "The regional government will be responsible for setting a new date for the vote.",
    ],
)
def test_an_announced_decision_is_a_claim(sentence: str) -> None:
    assert is_claim(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # ... but a guess or what a thing will bring about is not
        "Observers expect that Nordcam will respond within days.",
        "He said the move will only make things worse.",
        "It will be a long winter for the people of Veldra.",
        "Only time will tell whether the dam holds.",
    ],
)
def test_a_guess_about_the_future_is_not_a_claim(sentence: str) -> None:
    assert not is_claim(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # what an event stirred, in the languages of the coverage, is commentary
        "La decisione di chiudere la diga ha alimentato ulteriori speculazioni sulla sua tenuta.",
        "Il crollo ha sollevato questioni sulla manutenzione della diga di Veldra.",
        "Statt die Lage zu beruhigen, heizte der Damm-Bericht die Gerüchte nur noch mehr an.",
        "La fermeture du barrage soulève des questions sur sa sécurité.",
        "El cierre de la presa ha generado dudas entre los vecinos de Veldra.",
        "The closure fuelled speculation about the dam's safety.",
    ],
)
def test_commentary_on_what_an_event_stirred_is_not_a_claim(sentence: str) -> None:
    assert not is_claim(sentence), sentence


@pytest.mark.parametrize(
    "line",
    [
        # an outlet's furniture in the other languages of the coverage is no claim
        "Lesen Sie auch: Veldra-Damm bricht nach Starkregen",
        "Alle aktuellen Entwicklungen zum Dammbruch lesen Sie in unserem Newsblog.",
        "Dieses Video ist leider nicht mehr verfügbar.",
        "Lire aussi : Le barrage de Veldra cède après trois jours de pluie",
        "Suivez-nous sur Google Actualités pour ne rien manquer.",
        "Le puede interesar: La presa de Veldra, en imágenes",
        "Síguenos en nuestro canal de WhatsApp y no te pierdas nada.",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle "
        "publicidad relacionada con sus preferencias.",
        "Cerrar este cuadro de búsqueda.",
        # cookie notices of a site or of an embedded post
        "Diese Webseite verwendet Cookies und andere Techniken, um den Service zu verbessern.",
        "Falls du damit einverstanden bist, dass Cookies gesetzt und dadurch Daten an externe "
        "Anbieter übermittelt werden, kannst du alle Cookies zulassen.",
        "Hier wird Inhalt angezeigt, der zusätzliche Cookies setzt.",
        # newsletters, subscriptions and tip-off forms
        "You can unsubscribe at any time by clicking the link in the footer of our emails.",
        "Inscríbete para recibir newsletters de Noticias Veldra aquí.",
        "Підписуйтесь на наш Telegram-канал, щоб бути в курсі подій у Вельдрі.",
        "Køb et Digital Plus-abonnement og lyt med det samme.",
        "Einfach das Formular unten ausfüllen und schon landet dein Tipp bei uns in der Redaktion.",
        # a caption closed by its photo credit; a picture grab
        "Drei Menschen starben am Montag beim Dammbruch von Veldra, teilte die Polizei mit "
        "Foto: REUTERS/Mara Lind",
        "O engenheiro Tomas Reyk, de 54 anos, morreu no colapso da barragem de Veldra na "
        "segunda-feira — Foto: Reprodução/Facebook",
        "In this grab of a video taken from a Veldra resident's account, water floods the valley.",
        "Leggi anche: Veldra, la diga crolla dopo tre giorni di pioggia",
        "Czytaj też: Tama w Veldrze pękła po ulewach",
        "Obserwuj nas w Wiadomościach Google.",
        "Dalsza część artykułu pod materiałem wideo.",
        "Citește și: Barajul de la Veldra a cedat",
        "Следите за нашими новостями в Telegram.",
        "Close this search box.",
        "SEE MORE: 3 infants unsecured during mid-air scare at Veldra, safety chair says",
        "FILE - Mara Lind, right, speaks with the mayor of Veldra at the dam in 2023.",
        # another story's headline under a wire's slug, in a list of related links
        "UPDATE 4-Nordland, Veldra will jointly respond to new tariffs, state media says",
        "EXCLUSIVE-Veldra dam operator knew of cracks for years, documents show",
        # a wire's credit line
        "(Reporting by Mara Lind; additional reporting by Jon Roe; Editing by Ada Winn)",
        "(Reportage Mara Lind, avec la contribution de Jon Roe ; version française Ada Winn)",
        "(Reportagem de Mara Lind; Edição de Ada Winn)",
        "(Berichterstattung von Mara Lind, redigiert von Ada Winn)",
    ],
)
def test_furniture_in_other_languages_is_not_a_claim(line: str) -> None:
    assert not extract_claims(line), line


@pytest.mark.parametrize(
    "sentence",
    [
        # ... while news with the same words stays a claim
        "Die Retter mussten die Suche nach den Vermissten am Abend schließen, sagte die Polizei.",
        "Nordcam verwendet nach eigenen Angaben keine Cookies, teilte das Unternehmen mit.",
        "Die Polizei veröffentlichte ein Foto des Verdächtigen: Er trug eine Maske.",
        "Los equipos de rescate trabajan cerca de la zona de búsqueda, a 40 kilómetros de Veldra.",
        "The police said they would close the search for the missing hikers after 12 days.",
        "Update 4 people were injured when the dam broke, police said.",
        "Le maire de Veldra a déclaré que la vidéo publiée mardi n'est plus disponible en ligne "
        "depuis que la police a ouvert une enquête.",
    ],
)
def test_news_with_the_words_of_furniture_stays_a_claim(sentence: str) -> None:
    assert is_claim(sentence), sentence


def test_commentary_followed_by_a_statement_keeps_the_sentence() -> None:
    sentence = (
        "La noticia ha desatado las especulaciones y Veldra ha señalado directamente a la "
        "empresa Nordcam como responsable del derrumbe."
    )
    assert is_claim(sentence)


def test_a_date_label_before_the_headline_is_no_claim() -> None:
    # Some pages (and stored copies of pages) open with "date 2026-03-11" and the headline.
    title = "Nordcam depot fire forces evacuation of Veldra's Oster district"
    text = (
        f"date 2026-03-11 {title}\n\n"
        "Twelve people were taken to hospital after the fire at the Nordcam depot in Veldra.\n\n"
        "date 2026-03 Firefighters said the blaze was under control by Tuesday morning.\n"
    )
    texts = [c.text for c in extract_claims(text, title=title)]
    assert texts == [
        "Twelve people were taken to hospital after the fire at the Nordcam depot in Veldra.",
        "Firefighters said the blaze was under control by Tuesday morning.",
    ], texts


@pytest.mark.parametrize(
    ("line", "claim"),
    [
        (
            "KYIV, June 18 (Reuters) – The death toll has risen to 16, officials said.",
            "The death toll has risen to 16, officials said.",
        ),
        (
            "PORTO SANTO STEFANO, Italy (AP) — The captain was arrested on Saturday.",
            "The captain was arrested on Saturday.",
        ),
        (
            "Roma, 5 ago (askanews) - Il bilancio è salito a 16 morti.",
            "Il bilancio è salito a 16 morti.",
        ),
        # an agency in brackets opening the text, then the place
        (
            "(VELDRAPRESS) - NORDCAM - Il bilancio è salito a dieci morti.",
            "Il bilancio è salito a dieci morti.",
        ),
        # a place in capitals and a day, the agency left out
        (
            "VELDRA, 15 MAG - E' salito a dieci il bilancio delle vittime dell'incendio.",
            "E' salito a dieci il bilancio delle vittime dell'incendio.",
        ),
        (
            "NORDCAM, 3 people were hurt - two of them badly - in the fire.",
            "NORDCAM, 3 people were hurt - two of them badly - in the fire.",
        ),
        (
            "Details: Later, the mayor said that three people had died.",
            "Later, the mayor said that three people had died.",
        ),
        # a kicker in capitals
        (
            "PARCOURS SANGLANT - Deux jours après l'attentat, on en sait plus sur le tueur.",
            "Deux jours après l'attentat, on en sait plus sur le tueur.",
        ),
        (
            "DRAME•Le corps du suspect a été retrouvé chez lui.",
            "Le corps du suspect a été retrouvé chez lui.",
        ),
        # other outlets in capitals, joined agencies, two datelines in a row, bars
        (
            "VELDRA, March 4 (UPI) -- The dam at Veldra broke on Sunday, officials said.",
            "The dam at Veldra broke on Sunday, officials said.",
        ),
        (
            "Aug. 6 (UPI) -- Officials in Veldra arrested 16 people on Thursday.",
            "Officials in Veldra arrested 16 people on Thursday.",
        ),
        (
            "Nordstad, Veldra (CNN) — Gunmen seized a bakery in Nordstad overnight.",
            "Gunmen seized a bakery in Nordstad overnight.",
        ),
        (
            "TIFLIS (dpa-AFX) - Der Damm von Veldra ist am Sonntag gebrochen.",
            "Der Damm von Veldra ist am Sonntag gebrochen.",
        ),
        (
            "Veldra (APA/dpa/Reuters) - Beim Dammbruch sind 40 Menschen ums Leben gekommen.",
            "Beim Dammbruch sind 40 Menschen ums Leben gekommen.",
        ),
        (
            "Cesena, Italy, May 17 (AFP/APP): Five people died after the dam broke.",
            "Five people died after the dam broke.",
        ),
        (
            "(Hina) - Gradonačelnica Veldre izjavila je u utorak da je brana pukla.",
            "Gradonačelnica Veldre izjavila je u utorak da je brana pukla.",
        ),
        (
            "(ANSA) - VELDRA, 22 SET - Il sindaco ha detto che la diga ha ceduto.",
            "Il sindaco ha detto che la diga ha ceduto.",
        ),
        (
            "Veldra, Nordland | AFP | vendredi 23/02/2024 - Les pompiers ont fouillé l'immeuble.",
            "Les pompiers ont fouillé l'immeuble.",
        ),
        # a place and its dash, set apart by spaces
        (
            "Veldra - Bei einem Dammbruch sind 12 Menschen getötet worden.",
            "Bei einem Dammbruch sind 12 Menschen getötet worden.",
        ),
        (
            "Port Veldra – Neue Erkenntnisse deuten auf Sabotage hin.",
            "Neue Erkenntnisse deuten auf Sabotage hin.",
        ),
        (
            "WASHINGTON – A senior official said the Veldra dam was safe.",
            "A senior official said the Veldra dam was safe.",
        ),
        # a party after a name is no outlet: the name stays
        (
            "Mara Lind (SPD) – Die Regierung in Veldra hat 40 Millionen Euro bewilligt.",
            "Mara Lind (SPD) – Die Regierung in Veldra hat 40 Millionen Euro bewilligt.",
        ),
        (
            "Innenministerin Mara Lind (SPD): „Wir werden den Damm bis 2027 neu bauen.“",
            "Innenministerin Mara Lind (SPD): „Wir werden den Damm bis 2027 neu bauen.“",
        ),
        # an agency named inside the sentence is no dateline
        (
            "The AP (Associated Press) reported that the toll rose to 16.",
            "The AP (Associated Press) reported that the toll rose to 16.",
        ),
    ],
)
def test_a_wire_dateline_or_a_live_label_is_not_part_of_the_claim(line: str, claim: str) -> None:
    assert [c.text for c in extract_claims(line)] == [claim]
