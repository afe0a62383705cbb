"""Evidence cues in the other languages of the coverage (fr, de, es, it, pt, pl, ru, uk, nl, da).

An invented story (our own text): a dam on the invented river Orla near the invented town of
Veldra cracked; officials, documents and others speak of it in each language. Each cue is
evidence of its kind; hearsay, anonymous voices and outlets are not."""

from __future__ import annotations

import pytest

from judge import evidence
from judge.claims import make_claim
from judge.evidence import evidence_in, speaker

# (language, sentence, kind)
EVIDENCE = [
    # a court's sentence in the active; an office that told a paper (guards, thirtieth session)
    ("de", "Das Gericht verurteilte den Angeklagten aus Veldra zu lebenslanger Haft.", "official"),
    (
        "de",
        "Das Gericht verurteilte den Angeklagten aus Veldra wegen fünffachen Mordes.",
        "official",
    ),
    ("de", "Die Polizei sagte der Zeitung, dass in Veldra vier Menschen starben.", "official"),
    # who said it put last, in Italian (thirtieth session)
    ("it", "A comunicarlo il ministro degli Esteri di Veldra, Tomas Reyk.", "official"),
    ("it", "A confermarlo è stato il sindaco di Veldra.", "official"),
    # a governor, unnamed, in French, Spanish, German, Portuguese; Hungarian offices (thirtieth)
    (
        "fr",
        "Treize des 28 disparus de Veldra ont péri, a annoncé dimanche le gouverneur.",
        "official",
    ),
    ("es", "Trece de los 28 desaparecidos de Veldra murieron, informó el gobernador.", "official"),
    ("de", "Dreizehn der 28 Vermissten von Veldra sind tot, sagte der Gouverneur.", "official"),
    ("pt", "Treze dos 28 desaparecidos de Veldra morreram, disse o governador.", "official"),
    (
        "hu",
        "A Nordcam kapitánya előzetes letartóztatásban van – közölte a Fővárosi Főügyészség.",
        "official",
    ),
    (
        "hu",
        "A Fővárosi Főügyészség csütörtökön erősítette meg, hogy a kapitány a Nordcam hajón volt.",
        "official",
    ),
    # the UN and its missions in German (twenty-ninth session)
    (
        "de",
        "„35 Menschen wurden in Veldra getötet“, erklärte die UN-Mission am Samstag.",
        "official",
    ),
    ("de", "Nach Angaben der UN-Hilfsmission wurden in Veldra 35 Menschen getötet.", "official"),
    # Turkish, the verb last
    (
        "tr",
        "İçişleri Bakanı Tomas Reyk, saldırganın Veldra doğumlu olduğunun tespit edildiğini bildirdi.",
        "on_record",
    ),
    # Indonesian
    (
        "id",
        '"Mesin kiri bergerak terlalu jauh," kata Tomas Reyk dalam konferensi pers, Rabu.',
        "on_record",
    ),
    ("id", "Tomas Reyk mengatakan pesawat itu jatuh di dekat Pulau Veldra.", "on_record"),
    # speech verb after the speaker, and before it (with a role noun between)
    (
        "fr",
        "Le barrage de Veldra a cédé vers minuit, indique la préfète de l'Orla Maud Ferrand ce lundi.",
        "official",
    ),
    (
        "fr",
        "« Nous avons évacué 300 personnes », a précisé Jules Arnaud, ingénieur du barrage.",
        "on_record",
    ),
    (
        "fr",
        "Selon le communiqué du ministère de l'Intérieur, 300 habitants ont été évacués.",
        "document",
    ),
    ("fr", "Le ministère a publié un rapport sur les fissures du barrage de Veldra.", "document"),
    (
        "fr",
        "La fissure mesurait deux mètres, a démenti mardi le porte-parole de la préfecture.",
        "official",
    ),
    (
        "de",
        "Laut einer Mitteilung des Ministeriums wurden in Veldra 300 Menschen evakuiert.",
        "document",
    ),
    (
        "de",
        "Am Damm von Veldra seien Risse entdeckt worden, teilte das Umweltamt Orla am Montag mit.",
        "on_record",
    ),
    (
        "de",
        "Die Lage sei unter Kontrolle, sagte Bürgermeisterin Greta Holm am Dienstag.",
        "official",
    ),
    (
        "es",
        "La presa de Veldra tenía grietas desde marzo, señaló el ingeniero Pablo Ruiz.",
        "on_record",
    ),
    (
        "es",
        "Según el informe de la Confederación del Orla, la presa no se había revisado desde 2019.",
        "document",
    ),
    (
        "it",
        "La diga di Veldra era stata ispezionata a marzo, ha precisato il sindaco Carlo Neri.",
        "official",
    ),
    (
        "it",
        "Secondo il comunicato della prefettura, 300 persone sono state evacuate a Veldra.",
        "document",
    ),
    (
        "pt",
        "A barragem de Veldra tinha fissuras desde março, afirmou o engenheiro Paulo Reis.",
        "on_record",
    ),
    ("pl", "Tama w Veldrze pękła o północy – powiedział inżynier Jan Wolski.", "on_record"),
    ("pl", "Według komunikatu MSW z tamy w Veldrze ewakuowano 300 osób.", "document"),
    ("pl", "Ministerstwo Środowiska zaprzeczyło, że tama w Veldrze była zaniedbana.", "official"),
    (
        "pl",
        "Rzeczniczka wojewody Anna Kolska poinformowała, że ewakuowano 300 osób z Veldry.",
        "official",
    ),
    ("ru", "Плотина в Вельдре треснула ночью, заявил инженер Олег Серов.", "on_record"),
    ("ru", "Серов подтвердил, что из Вельдры эвакуировали 300 человек.", "on_record"),
    ("ru", "Согласно заявлению МЧС, из Вельдры эвакуировали 300 человек.", "document"),
    ("ru", "МЧС опровергло, что плотина в Вельдре была повреждена раньше.", "official"),
    ("uk", "Гребля у Вельдрі тріснула вночі, повідомив інженер Олег Сєров.", "on_record"),
    ("uk", "Сєров зазначив, що з Вельдри евакуювали 300 людей.", "on_record"),
    (
        "nl",
        "De dam bij Veldra brak rond middernacht, verklaarde ingenieur Jan de Vries.",
        "on_record",
    ),
    ("da", "Dæmningen ved Veldra brast ved midnat, oplyser politiet i Orla.", "official"),
    # Romanian and Greek (the sentence model does not read them; the cues still do)
    ("ro", "Potrivit poliției, barajul de la Veldra a cedat la miezul nopții.", "official"),
    ("ro", "Premierul Dan Voicu a declarat vineri că 300 de oameni au fost evacuați.", "official"),
    ("el", "Σύμφωνα με την αστυνομία, το φράγμα της Βέλντρα υποχώρησε τα μεσάνυχτα.", "official"),
    ("el", "Ο υπουργός Νίκος Καλός δήλωσε ότι εκκενώθηκαν 300 άνθρωποι.", "official"),
    # German: a service as the source ("laut dem Geheimdienst"), an office's verdict ("bezeichnete")
    ("de", "Laut dem Inlandsgeheimdienst wurde der Damm von Veldra gesprengt.", "official"),
    (
        "de",
        "Das Innenministerium bezeichnete den Dammbruch als „vermeidbare Katastrophe“.",
        "official",
    ),
    # a group claiming responsibility; a court's order
    ("en", "The Orla Front claimed responsibility for the blast at the Veldra dam.", "on_record"),
    ("en", "The Veldra District Court has decided to detain the dam's two engineers.", "official"),
    # one's own post is on record ("said in a Telegram post"), not a post going round
    ("en", "Mayor Ana Kovač wrote in a Facebook post that the Veldra dam had burst.", "official"),
    (
        "en",
        "Regional governor Tomas Reyk said in a Telegram post that 300 people were evacuated.",
        "official",
    ),
    # a head of a department ("el secretario de Seguridad"), in the words of his account
    (
        "es",
        "Conforme la versión del secretario de Seguridad, Tomas Reyk, la presa de Veldra era vieja.",
        "official",
    ),
    (
        "es",
        "Según la secretaria de Protección Civil, Ana Kovač, 300 personas fueron evacuadas.",
        "official",
    ),
    # "a évoqué": what the prosecutor raises is said on record
    (
        "fr",
        "Le procureur de l'Orla, Tomas Reyk, à qui l'enquête a été confiée, a évoqué une origine "
        "« criminelle ».",
        "official",
    ),
    # (thirty-first session) a person introduced by rank, named at the sentence's end
    (
        "fr",
        "Cinq soldats ont été tués à Veldra, selon le colonel de l’armée Tomas Reyk.",
        "on_record",
    ),
    (
        "fr",
        "Les soldats ont sauvé 78 civils à Veldra, selon le lieutenant-général Tomas Reyk.",
        "on_record",
    ),
    # an office correcting what it said before
    (
        "de",
        "Ein Polizeisprecher korrigierte am Nachmittag frühere Angaben, wonach es in Veldra zwölf "
        "Verletzte gegeben habe.",
        "official",
    ),
    # an office the story heard admitting something; an office opening a criminal case
    (
        "it",
        "Il premier Tomas Reyk ha ammesso che il dipendente di Veldra era già sorvegliato.",
        "official",
    ),
    (
        "en",
        "The prosecutor general of Nordcam has opened a criminal case over the Veldra blast.",
        "official",
    ),
    # Italian: the present "rende noto"; the mayor as "la prima cittadina"
    ("it", "Lo rende noto l'Ospedale di Veldra: i feriti ricoverati sono 12.", "official"),
    ("it", "Il bilancio è di 3 morti, aggiunge la prima cittadina di Veldra.", "data"),
    # a report an office published, by what it is called
    (
        "en",
        "In their first public report on the fire, Veldra investigators said a faulty pump started it.",
        "document",
    ),
]

NOT_EVIDENCE = [
    # (thirty-first session) a count an outlet gives; the authorities of a place; a common word
    # with a weekday; a leader counted, not named
    ("fr", "Le bilan est de 14 morts à Veldra, selon le quotidien Veldra Matin."),
    ("es", "El balance de víctimas es de 14 muertos en Veldra, según el diario Nordcam Hoy."),
    ("en", "The death toll at Veldra rose to 14, the Nordcam Times reported."),
    ("pl", "Władze Veldry zapowiedziały wzmocnienie środków bezpieczeństwa."),
    ("en", "The Aviation Herald said the Veldra flight turned back shortly after takeoff."),
    ("nl", "Dat meldt het Nordcamse staatspersbureau Veldra Nieuws."),
    # an office saying only that the inquiry goes on
    (
        "fr",
        "« Les investigations se poursuivent pour élucider les motifs de cette agression », a "
        "ajouté le ministère.",
    ),
    ("de", "Das Auswärtige Amt sagte dazu, man bemühe sich mit Hochdruck um Aufklärung."),
    ("de", "Bis Sonntag bekannte sich allerdings noch keine Gruppe zu dem Brand in Veldra."),
    (
        "fr",
        "Mais un chef d’un groupe de riverains qui combat l’organisation Etat islamique a fait "
        "savoir à l’Agence France-Presse que le dépôt de Veldra fuyait.",
    ),
    # a news agency, a state channel; a critic who condemns (thirtieth session, opened sets)
    (
        "en",
        "Knife-wielding men attacked Veldra station, leaving 33 dead, the official Nordcam news agency said.",
    ),
    ("de", "Die Polizei erschoss vier der Angreifer in Veldra, berichtete das Staatsfernsehen."),
    ("fr", "La police a abattu quatre assaillants à Veldra, rapporte la télévision d'État."),
    ("de", "Auch der Regierungskritiker Tomas Reyk verurteilte die Jagd auf unschuldige Menschen."),
    (
        "de",
        "Präsident Tomas Reyk verurteilte den Angriff und wies die Polizei an, die Täter zu finden.",
    ),
    # what media relayed, in Italian and Spanish (thirtieth session)
    ("it", "Il bilancio di Veldra è di 25 morti, secondo quanto riportato dai media locali."),
    ("es", "El balance de Veldra es de 25 muertos, según lo publicado por medios locales."),
    # Turkish: an office without a name, a fact without a speaker
    ("tr", "Bakan, saldırıda Veldra'da 6 kişinin öldüğünü söyledi."),
    ("tr", "Patlamada Veldra'da 6 kişi hayatını kaybetti."),
    # hearsay
    (
        "fr",
        "Selon des médias, le barrage de Veldra avait déjà des fissures, a indiqué Jules Arnaud.",
    ),
    ("de", "Laut Medienberichten teilte das Umweltamt Orla mit, dass der Damm Risse hatte."),
    ("pl", "Według mediów tama w Veldrze pękła o północy – powiedział inżynier Jan Wolski."),
    ("ru", "По данным СМИ, плотина в Вельдре треснула ночью, заявил Олег Серов."),
    ("uk", "Гребля у Вельдрі нібито тріснула вночі, повідомив Олег Сєров."),
    ("es", "Según medios locales, la presa de Veldra tenía grietas, señaló Pablo Ruiz."),
    # anonymous voices
    ("fr", "Une source proche du dossier a confirmé que le parquet de Veldra enquête."),
    ("de", "Ein Insider bestätigte, dass die Polizei in Veldra ermittelt."),
    ("pl", "Źródło w ministerstwie potwierdziło, że tama w Veldrze była zaniedbana."),
    ("ru", "Источник в МЧС сообщил, что плотина в Вельдре была повреждена раньше."),
    ("uk", "Джерело в уряді повідомило, що греблю у Вельдрі не перевіряли."),
    ("it", "Una fonte della procura ha confermato che la diga di Veldra era danneggiata."),
    # an outlet's name
    ("ru", "Плотина в Вельдре треснула ночью, – сообщила газета Вельдрские Вести."),
    ("pl", "Tama w Veldrze pękła o północy – poinformował TVN24."),
    # a pronoun, no named voice
    ("fr", "« Nous avons évacué 300 personnes », a-t-elle détaillé."),
    # a word that only looks like a speech verb ("nie" is Polish "not")
    ("pl", "Nie wiadomo, czy tama w Veldrze była zaniedbana."),
    # a recap of what was reported before, marked as such
    ("ru", "Также ранее сообщалось, в МЧС подтвердили разрушение плотины в Вельдре."),
    ("uk", "Нагадаємо, у МВС заявили, що греблю у Вельдрі підірвали."),
    ("de", "Wie berichtet, bestätigte die Polizei den Dammbruch in Veldra."),
    ("en", "As previously reported, the ministry confirmed that the Veldra dam failed."),
    # an outlet introduced by its noun; a platform; an office named inside the quotation
    ("es", "El medio Orla Noticias informó que la presa de Veldra tenía grietas."),
    (
        "fr",
        "« Le ministère de l'Intérieur mène les recherches », a précisé un témoin sur Telegram.",
    ),
    # hearsay and anonymous sources in Romanian and Greek
    ("ro", "Potrivit presei, barajul de la Veldra avea fisuri, a declarat inginerul Ion Pop."),
    ("el", "Πηγές της αστυνομίας ανέφεραν ότι το φράγμα είχε ρωγμές."),
    # a post going round
    ("en", "A Facebook post claimed that the Veldra dam had burst."),
    # reports of no one named ("según informes"), not official ones
    ("es", "Según informes se reveló que la presa de Veldra tenía grietas."),
    # another anonymous source is anonymous too (not an office named "Another police")
    (
        "en",
        "Another police source confirmed the toll at the Veldra dam, on condition of anonymity.",
    ),
    # a word spelled like an office's initials ("MON", the Polish defence ministry) is no office
    ("fr", "Mon cœur bat encore très fort, a déclaré une habitante de Veldra à la radio."),
    ("fr", "Selon mon voisin, la presse de Veldra a tout exagéré."),
]


@pytest.mark.parametrize(("lang", "sentence", "kind"), EVIDENCE)
def test_each_cue_is_evidence_of_its_kind(lang: str, sentence: str, kind: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None, (lang, sentence)
    assert ev.kind == kind, (lang, sentence, ev.why)
    assert ev.why and ev.why[0].isalpha()  # says why in plain words


@pytest.mark.parametrize(("lang", "sentence"), NOT_EVIDENCE)
def test_hearsay_anonymous_and_outlets_are_not_evidence(lang: str, sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, (lang, sentence)


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # the channel it was said on, before the German verb (thirty-first session)
        (
            "Wie Reyk am Montag im Fernsehsender Nordcam TV sagt, waren zwanzig Unbekannte an Bord.",
            "Reyk",
        ),
        ("Плотина треснула ночью, заявил Серов.", "Серов"),
        ("Коливанд подтвердил, что спасатели нашли обломки.", "Коливанд"),
        ("Tama pękła – powiedział inżynier Łukasz Żak.", "Łukasz Żak"),
        ("Le barrage a cédé, indique la préfète de l'Orla Maud Ferrand ce lundi.", "Maud Ferrand"),
        (
            "Die Lage sei unter Kontrolle, sagte Bürgermeisterin Greta Holm.",
            "Greta Holm",
        ),
        # a body's long name, then its short name in brackets, then the verb
        (
            "La Agencia de Vigilancia de Presas del Orla (AVPO) confirmó que la grieta medía dos metros.",
            "AVPO",
        ),
        ("The Orla Dam Safety Board (ODSB) said the crack was two metres long.", "ODSB"),
        (
            "Mara Lind, head of the Veldra rescue service, made the announcement on Monday.",
            "Mara Lind",
        ),
        ("La presa cedió a medianoche, señala el ingeniero Pablo Ruiz.", "Pablo Ruiz"),
        # an office of a town, then its holder's name in apposition (thirtieth session)
        (
            "Der Bürgermeister der Stadt Veldra, Tomas Reyk, sagte, das Depot sei leer.",
            "Tomas Reyk",
        ),
        (
            "Der Behördenchef der am stärksten betroffenen Stadt Veldra, Tomas Reyk, sagte, es gebe 20 Tote.",
            "Tomas Reyk",
        ),
        # ... not in English, where the name after the verb is who was told
        ("Ana, a witness, told Veldra News: “I saw the depot burn.”", "Ana"),
        ("The sirens went off at 5:30 p.m., employee Ana Kovač told Veldra News.", "Ana Kovač"),
        # an office after a place's noun, then its holder ("the state Health Commissioner")
        (
            "The state Health Commissioner, Dr Tomas Reyk said in Veldra that 88 were hurt.",
            "Tomas Reyk",
        ),
        # a participle opens the sentence; the name after the verb speaks
        ("Fermato, il sospettato ha confessato, ha detto Tomas Reyk.", "Tomas Reyk"),
        (
            "Arrestato, l'uomo ha confessato, ha annunciato Tomas Reyk, capo procuratore.",
            "Tomas Reyk",
        ),
        (
            "L'agence Orlapress a signalé qu'une photo du barrage avait été retouchée.",
            "agence Orlapress",
        ),
    ],
)
def test_the_speaker_in_either_order_and_script(sentence: str, who: str) -> None:
    assert speaker(sentence) == who


def test_a_voice_the_story_knows_saying_it_again_is_no_evidence() -> None:
    claim = make_claim("Серов подтвердил, что из Вельдры эвакуировали 300 человек.")
    assert evidence_in(claim, known=lambda name: name == "Серов") is None
    assert evidence_in(claim) is not None


def test_a_known_document_is_named() -> None:
    assert (
        evidence.document_named("Według komunikatu MSZ z tamy ewakuowano 300 osób.") == "komunikatu"
    )
    assert (
        evidence.document_named("Selon le communiqué du ministère, 300 habitants.") == "communiqué"
    )


def test_a_criminal_record_is_no_document() -> None:
    text = "The engineer had no prior criminal record but was found to live in Veldra unregistered."
    assert evidence_in(make_claim(text)) is None
    assert (
        evidence_in(make_claim("Records obtained by the Veldra Courier show the dam leaked."))
        is not None
    )


def test_a_voice_named_before_but_never_quoted_is_new_on_record() -> None:
    claim = make_claim('"We found cracks in the wall," the engineer Greta Holm said.')
    named = lambda name: True  # noqa: E731 - the story named her before
    # named, never quoted: her first statement on record is evidence
    ev = evidence_in(claim, known=named, voiced=lambda name: False)
    assert ev is not None and "first time" in ev.why
    # quoted before as well: the same words are no new evidence by themselves
    assert evidence_in(claim, known=named, voiced=named) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Про це повідомляє Вельдра-Інфо з посиланням на прес-службу рятувальників.",
        "Об этом сообщает Orla Today со ссылкой на пресс-службу МЧС.",
        "The dam cracked overnight, Orla Radio said, citing the regional governor.",
        "Der Damm sei gebrochen, berichtete Orla Aktuell unter Berufung auf die Feuerwehr.",
    ],
)
def test_a_name_that_relays_what_another_said_is_no_source(sentence: str) -> None:
    assert speaker(sentence) is None, sentence
    ev = evidence_in(make_claim(sentence))
    assert ev is None or ev.kind != "on_record", (sentence, ev.why)


@pytest.mark.parametrize(
    "sentence",
    [
        "Prosecutors in Veldra have opened a criminal investigation into the dam's collapse.",
        "Le parquet de Veldra a ouvert une enquête pour homicide involontaire.",
        "Die Staatsanwaltschaft Orla hat Ermittlungen wegen fahrlässiger Tötung eingeleitet.",
        "La Fiscalía de Veldra abrió una investigación por el derrumbe de la presa.",
        "Следственный комитет возбудил уголовное дело после обрушения плотины в Вельдре.",
        "Prokuratura w Veldrze wszczęła śledztwo w sprawie katastrofy tamy.",
    ],
)
def test_an_office_opening_an_investigation_is_an_act_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "official", (sentence, ev)


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        (
            "Nach dem Dammbruch in Veldra ist die Zahl der Toten laut Polizei auf fünf gestiegen.",
            "fünf",
        ),
        ("The death toll from the dam collapse rose to seven on Sunday, officials said.", "seven"),
        ("La cifra de muertos por el derrumbe asciende a cinco, según Protección Civil.", "cinco"),
    ],
)
def test_a_casualty_count_spelled_out_is_data(sentence: str, count: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "data" and count in ev.why, (sentence, ev)


@pytest.mark.parametrize(
    "sentence",
    [
        # a higher toll nobody gives: a new figure, a new claim (an article whose only new thing
        # is one figure is new_claims)
        "Nach dem Dammbruch in Veldra ist die Zahl der Toten auf fünf gestiegen.",
        "The death toll from the dam collapse rose to seven on Sunday.",
        "La cifra de muertos por el derrumbe asciende a cinco.",
        "Il bilancio è di 12 morti e 5 feriti gravi.",
        "By Thursday 179 had been rescued, with six confirmed dead.",
    ],
)
def test_a_casualty_count_nobody_gives_is_no_evidence(sentence: str) -> None:
    assert evidence_in(make_claim(sentence)) is None, sentence


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        # the office's qualifiers stand in its own clause, after the last article
        ("All passengers are safe, the operator said.", "official statement on record: operator"),
        (
            "The seals were taken from two display cases, museum officials said.",
            "official statement on record: museum officials",
        ),
        (
            "The valve was sent to Veldra for further examination, ODSB officials said.",
            "official statement on record: ODSB officials",
        ),
        # a label before the sentence and a weekday are no part of the office's name
        (
            "STORY: Orla investigators said on Sunday that the valve had failed.",
            "official statement on record: Orla investigators",
        ),
        # a figure "according to" an office is its statement
        (
            "According to the interior ministry, at least 5,300 people have died.",
            "official statement on record: interior ministry",
        ),
        (
            "The ferry sank in stormy seas, according to an Ostrian Ministry of Transport "
            "statement on Friday.",
            "official statement on record: Ostrian Ministry of Transport",
        ),
        (
            "Users were told to delete the app, according to a statement on the company's "
            "official Telegram channel.",
            "official statement on record: company",
        ),
    ],
)
def test_the_office_is_named_in_plain_words(sentence: str, named: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.why == named, (sentence, ev)


def test_a_hedge_on_what_an_office_acted_on_leaves_the_act_on_record() -> None:
    act = "After the blast in Veldra, the district court decided to detain four men allegedly involved."
    ev = evidence_in(make_claim(act))
    assert ev is not None and ev.kind == "official", ev
    # ... but a hedge on the act itself, or a media report, is hearsay
    for hedged in (
        "The district court allegedly decided to detain four men after the blast in Veldra.",
        "The district court decided to detain four men allegedly involved, according to media reports.",
    ):
        assert evidence_in(make_claim(hedged)) is None, hedged


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # one's own post on a platform is a statement on record, and a new one
        (
            "Mara Lind shared a long message on X, saying the depot had been unsafe for years.",
            "Mara Lind",
        ),
        # an apology issued, with the speaker's role in apposition
        ("Mara Lind, the depot's owner, issued an apology on Monday for the smoke.", "Mara Lind"),
        # a statement in a video
        (
            "In a video filmed at the depot, Mara Lind said: “We will rebuild every tank.”",
            "Mara Lind",
        ),
    ],
)
def test_posts_apologies_and_videos_put_a_voice_on_record(sentence: str, who: str) -> None:
    assert speaker(sentence) == who
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "on_record", (sentence, ev)
    # Named before but never quoted: the post, the apology, the video are a first statement.
    ev = evidence_in(make_claim(sentence), known=lambda name: True, voiced=lambda name: False)
    assert ev is not None, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Mara Lind disse que “a fábrica vai reabrir em breve”, em resposta a Jonas Holm no X.",
        "Mara Lind dijo que “la fábrica reabrirá pronto”, en respuesta a Jonas Holm.",
        "Mara Lind a déclaré que « l'usine rouvrira bientôt », en réponse à Jonas Holm.",
    ],
)
def test_a_known_voice_answering_someone_is_a_new_statement(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence), known=lambda name: True, voiced=lambda name: True)
    assert ev is not None and "new statement" in ev.why, (sentence, ev)


@pytest.mark.parametrize(
    "sentence",
    [
        "Le palais a de son côté fait savoir qu'il ne publierait pas la photo d'origine.",
        "The palace said the princess was recovering well at home in Veldra.",
        "Der Palast teilte mit, die Prinzessin erhole sich in Veldra.",
        "Le ministère a pour sa part démenti toute fuite au barrage de Veldra.",
    ],
)
def test_a_palace_and_an_office_for_its_part_speak_on_record(sentence: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == "official", (sentence, ev)


@pytest.mark.parametrize(
    "sentence",
    [
        "I've said it many times: the dam at Veldra is safe.",
        "“It is a fake report,” I'm told by people in Veldra.",
        "We've had a good relationship with the engineers, that's what I'd say.",
    ],
)
def test_a_pronoun_with_its_verb_is_no_name(sentence: str) -> None:
    assert speaker(sentence) is None, sentence


def test_a_known_voice_quoted_anew_is_new_when_compared_by_meaning() -> None:
    # Undated, a quotation by a voice the story already quoted is new evidence only when the
    # claim was compared by meaning with every record (then it is not one on record in other
    # words); matched by words alone it could be a translation of an earlier quotation.
    claim = make_claim("Mara Lind said: “We will pay for every repair in Veldra ourselves.”")
    kw = {"known": lambda name: True, "voiced": lambda name: True}
    assert evidence_in(claim, **kw) is None
    ev = evidence_in(claim, compared=True, **kw)
    assert ev is not None and ev.why == "a new statement by Mara Lind on record", ev


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # a statement of regret, protest or thanks
        (
            "The Orla ministry expresses its strong disapproval and protest over the inspection.",
            "official",
        ),
        (
            "In a short audio message, Mara Lind expressed her gratitude to everyone who helped.",
            "on_record",
        ),
        # a lawsuit filed, in the other languages
        (
            "A Nordcam iniciou nesta terça-feira, 12, o processo contra a cidade de Veldra.",
            "document",
        ),
        ("La ciudad de Veldra presentó una demanda contra Nordcam.", "document"),
        ("Die Stadt Veldra reichte am Dienstag Klage gegen Nordcam ein.", "document"),
    ],
)
def test_regret_thanks_and_lawsuits_are_on_record(sentence: str, kind: str) -> None:
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and ev.kind == kind, (sentence, ev)


@pytest.mark.parametrize(
    "sentence",
    [
        "“Nobody may go home yet”, dijo gobernador de Veldra en un comunicado.",
        "“The water is not safe”, the mayor of Veldra said.",
        # the relative clause's verb belongs to the name just before it, not to the place
        "El incendio destruyó el depósito de Veldra, una planta clave que abastece a Ostria con "
        "fertilizantes de Nordcam, que abrió una investigación interna.",
    ],
)
def test_a_place_is_not_the_speaker(sentence: str) -> None:
    assert speaker(sentence) is None, sentence


def test_the_named_office_after_its_place_still_speaks() -> None:
    assert speaker("“Yes”, indique la procureure de Veldra Laure Ostin.") == "Laure Ostin"
    assert speaker("The Bank of Ostria said rates would rise.") == "Bank of Ostria"


def test_a_conceded_statement_and_a_cited_statement_are_on_record() -> None:
    conceded = make_claim(
        "The head of the Ostrian security service, Ivo Maren, has publicly conceded that his "
        "service set the depot on fire."
    )
    ev = evidence_in(conceded)
    assert ev is not None and "Ivo Maren" in ev.why, ev
    cited = make_claim(
        "The state agency reported that the depot had closed, citing a statement from the "
        "Ostrian Ministry of Industry."
    )
    ev = evidence_in(cited)
    assert ev is not None and "Ostrian Ministry of Industry" in ev.why, ev
    # citing a source is still hearsay
    assert (
        evidence_in(
            make_claim("The agency reported the closure, citing a source close to the ministry.")
        )
        is None
    )


def test_what_follows_that_is_not_the_speaker() -> None:
    assert (
        speaker("The source, who thanked the donors, stated that Ostria is following a plan.")
        is None
    )
    assert speaker("“Nein”, erklärte nun die WADA.") == "WADA"


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("« Il y a eu des dégâts », nous déclare Ivo Maren.", "Ivo Maren"),
        (
            "« Il y a eu des dégâts », nous a déclaré Ivo Maren, directeur de l'institut.",
            "Ivo Maren",
        ),
        ("«Hubo daños», nos dijo Ivo Maren.", "Ivo Maren"),
    ],
)
def test_a_statement_made_to_the_reporter_names_its_speaker(sentence: str, who: str) -> None:
    assert speaker(sentence) == who
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and who in ev.why, ev


def test_a_police_representative_speaks_for_the_police() -> None:
    ev = evidence_in(make_claim("Das habe er den Ermittlern gesagt, sagte ein Polizeivertreter."))
    assert ev is not None and ev.kind == "official", ev


def test_a_disclosure_is_on_record_and_an_outlet_is_no_source() -> None:
    ev = evidence_in(
        make_claim("Ivo Maren, the health minister, disclosed that 40 people are missing.")
    )
    assert ev is not None and "Ivo Maren" in ev.why, ev
    assert (
        evidence_in(make_claim("The Ostria Morning Times reported that 40 people are missing."))
        is None
    )
    assert evidence_in(make_claim("According to reports, 40 people are missing.")) is None


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "Hospitals are full, as per Ivo Maren, a spokeswoman for the ambulance service.",
            "Ivo Maren",
        ),
        ("According to Ivo Maren, 10,000 people are missing.", "Ivo Maren"),
        ("According to Maren, the founder of the shipyard, the yacht was unsinkable.", "Maren"),
        # an apposition names who speaks, in the other languages too
        ("Il procuratore di Veldra, Ivo Maren, ha rivelato che i minuti sono 32.", "Ivo Maren"),
    ],
)
def test_a_person_cited_by_name_is_on_record(sentence: str, who: str) -> None:
    assert speaker(sentence) == who
    ev = evidence_in(make_claim(sentence))
    assert ev is not None and who in ev.why, ev


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy arrived safely according to Ostrianews, and those aboard include the minister.",
        "According to KVLD, 30 people died.",
        "According to Ostrian Intelligence, 30 people died.",
        "According to Maren, the yacht was unsinkable.",  # one word, no role: maybe an outlet
    ],
)
def test_an_outlet_or_a_body_cited_is_no_person_on_record(sentence: str) -> None:
    assert speaker(sentence) is None, sentence


def test_a_company_statement_in_german_and_an_official_statement_are_on_record() -> None:
    ev = evidence_in(
        make_claim(
            "Die Transaktion werde wie geplant stattfinden, teilte der Konzern des Milliardärs Ivo Maren mit."
        )
    )
    assert ev is not None and ev.kind == "official", ev
    known = make_claim("“The sale is cancelled,” Nordcam said in the official statement.")
    ev = evidence_in(known, known=lambda n: True, subject=lambda n: n == "Nordcam")
    assert ev is not None, ev


def test_an_accusation_and_a_supervisors_order_are_on_record() -> None:
    accused = make_claim(
        "Ostrian President Ivo Maren Saturday accused the militia chief of treason."
    )
    assert speaker(accused.text) == "Ostrian President Ivo Maren"  # the weekday is no part of it
    ev = evidence_in(accused)
    assert ev is not None and "Ivo Maren" in ev.why, ev
    order = make_claim(
        "Außerdem ordnete die Aufsicht an, die Bank für die Kundschaft zu schließen."
    )
    assert speaker(order.text) is None  # "Außerdem" is no name
    ev = evidence_in(order)
    assert ev is not None and ev.kind == "official" and "Außerdem" not in ev.why, ev
    # a name that ends in a month stays whole
    assert speaker("British Prime Minister Theresa May said the attack was reckless.") == (
        "British Prime Minister Theresa May"
    )


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        # an outlet's noun that ends a clause of its own: who speaks comes after the comma
        (
            "Interrogé par la chaîne Veldra TV, Mara Lind a dénoncé un « coup » des juges.",
            "Mara Lind",
        ),
        ("Interpellata dai giornalisti, Mara Lind ha detto che la diga era sicura.", "Mara Lind"),
        ("In an interview with Veldra TV, Mara Lind said the dam was safe.", "Mara Lind"),
        # a German phrase put first, then the verb, then who speaks
        ("Auf Nachfrage sagte Mara Lind, der Damm sei sicher.", "Mara Lind"),
        ("Bei einer Pressekonferenz sagte Mara Lind, der Damm sei sicher.", "Mara Lind"),
        ("Mit Blick auf den Damm sagte Mara Lind, er sei sicher.", "Mara Lind"),
        # ... while a body after a definite article and an adjective speaks
        (
            "Bis Sonntag sollen 50 Menschen überstellt werden, teilte das schweizerische Bundesamt "
            "für Bevölkerungsschutz mit.",
            "Bundesamt",
        ),
        (
            "Der Damm sei sicher, teilte das staatliche Ermittlungskomitee mit.",
            "Ermittlungskomitee",
        ),
        # an office of a body with a long name, then the person in apposition
        (
            "«Hemos encontrado la pieza», declaró la presidenta de la Junta Nacional de Seguridad "
            "de la Presa de Veldra (JNSPV), Mara Lind.",
            "Mara Lind",
        ),
    ],
)
def test_who_speaks_after_a_phrase_put_first(sentence: str, who: str) -> None:
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    "sentence",
    [
        # an outlet named between commas, a reporter named by the noun: no source on record
        "The newspaper, Veldra Courier, reported that the dam was safe.",
        "Journalist Mara Lind reported that the dam was safe.",
        # a German noun after a preposition put first is nobody
        "Auf Anfrage der Zeitung bestätigte ein Sprecher, der Damm sei sicher.",
        # the opposition is no named source; nor is a name inside what a passive declared
        "Opozycja informuje o rewizjach w siedzibach partii w Veldrze.",
        "Die Opposition erklärte, die Wahl in Veldra sei gefälscht worden.",
        "Offiziell ist ein Sieg der Regierungspartei Veldra Vorwärts erklärt worden.",
        # a German noun after a count, an indefinite article and adjectives, or a determiner
        "In Veldra wurden bislang sieben Tote bestätigt.",
        "„Bislang wurde der Tod von 64 Menschen bestätigt“, sagte ein Sprecher.",
        "Ein weiterer junger Mann sagte, die Flammen hätten den Damm erreicht.",
        "Ein elfjähriges Mädchen gab an, in Veldra zu wohnen.",
        "Der Betreiber hat bisher immer seine Unschuld beteuert.",
        "Diese Version bestätigte am Mittwoch Vormittag auch die Botschaft in Veldra.",
        # a sentence's first word of another language is no name
        "No se reveló si el detenido de Veldra está vinculado con alguna organización.",
        "E' quanto ha raccontato al Veldra Courier un amico dell'attentatore.",
        # a Polish first word that is no name; a platform before "and" is no subject
        "Cała sytuacja podkreśla rosnące napięcia między Veldrą a Nordlandią.",
        "Lind kommentierte den Fall auf seiner Plattform Truth Social und bezeichnete den Täter als "
        "„bösen Mann“.",
        # a public broadcaster by its acronym is an outlet
        "Selon RFI, le maire de Veldra a été évacué par hélicoptère vers Nordstad.",
        # a place's abbreviation between commas is no one in apposition
        "The lab in Washington, D.C., said the bolts were missing.",
        # channels witnesses spoke to (thirtieth session)
        "Świadkowie, którzy rozmawiali z telewizjami Veldra News i BBC News informowali o strzałach.",
    ],
)
def test_an_outlet_or_a_noun_put_first_is_not_the_speaker(sentence: str) -> None:
    assert speaker(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "official"),
    [
        # a news agency by its noun is an outlet; an agency of the state is an office
        (
            "He was detained in Veldra on Saturday with a gun and knives, according to Nordland's "
            "national news agency.",
            False,
        ),
        ("The dam's operator was fined, the Nordland press agency reported.", False),
        ("He was detained in Veldra on Saturday, according to the national disaster agency.", True),
        # officials of no named body are no source on record; a named body's are
        (
            "Agents spotted a gunman near the Veldra dam, according to law enforcement officials.",
            False,
        ),
        ("Officials have repeatedly warned that the toll at Veldra may rise.", False),
        ("The gunman was seen near the Veldra dam, according to Pentagon officials.", True),
    ],
)
def test_a_news_agency_or_officials_of_no_body_are_no_office(sentence: str, official: bool) -> None:
    ev = evidence_in(make_claim(sentence))
    assert (ev is not None and ev.kind == "official") is official, ev


@pytest.mark.parametrize(
    ("text", "confirms"),
    [
        ("A Főügyészség erősítette meg, hogy a kapitány a Nordcam hajón volt.", True),
        ("A Nordcam cáfolta, hogy a kapitány a hajón volt.", True),
        ("A Főügyészség közölte, hogy a kapitány a Nordcam hajón volt.", False),
    ],
)
def test_a_hungarian_confirmation_or_denial_is_one(text: str, confirms: bool) -> None:
    from judge.evidence import confirms_or_denies

    assert confirms_or_denies(text) is confirms
