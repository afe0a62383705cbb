"""The word-set gates in judge/evidence.py only skip work: with or without them, the same evidence."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judge import evidence
from judge.claims import make_claim, words

# Words that make up the evidence patterns, and some that do not, in any order and case.
_VOCAB = (
    "the a an police ministry spokesman company court report documents filing records data said "
    "says told confirmed denied rejected issued released published obtained seen by statement in "
    "on Monday reporters according to copy of audit preliminary found shows Nordcam Anna Berg "
    "Kremlin Peskov put out state confirm public made was has long not never an aide sources "
    'newspaper Mirror reported that with of and , . : “ ” " claimed responsibility guard but '
    "intelligence outlet RT Telegram previously earlier as made announcement (NTSB) (ENTSO-E) "
    "citing opened launched criminal investigation review released post-incident findings five "
    "expressed expresses its strong disapproval gratitude issued apology shared posted X Facebook "
    "palace allegedly video decided to detain conceded publicly has statement from Ministry"
).split()
_TEXT = st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=25).map(" ".join)


# ... and those of the other languages' patterns (fr, de, pl, ru, uk).
_VOCAB_OTHER = (
    "le la de du ministère préfète procureure indique a précisé détaillé selon communiqué rapport "
    "publié laut einer Mitteilung des Ministeriums teilte das mit sagte Polizei według komunikatu "
    "MSZ powiedział poinformowała rzecznik źródło mediów Ministerstwo zaprzeczyło согласно "
    "заявлению МИД заявил Песков сообщил источник СМИ повідомив Коліванд речник джерело "
    "une source proche dossier Insider Maud Ferrand Jan Wolski , . – « » Veldra 300 bezeichnete "
    "bekannte sich zu kündigte an Geheimdienst ФСБ напомним ранее сообщалось wie berichtet medio sur "
    "a ouvert une enquête parquet Ermittlungen eingeleitet Staatsanwaltschaft Zahl der Toten auf "
    "fünf gestiegen з посиланням на прес-службу iniciou o processo presentó una demanda reichte "
    "Klage ein señala Palast de son côté fait savoir em resposta a"
).split()
_TEXT_OTHER = st.lists(st.sampled_from(_VOCAB_OTHER), min_size=3, max_size=25).map(" ".join)


def _same_with_and_without_gates(text: str, known: bool) -> None:
    claim = make_claim(text)

    def k(name: str) -> bool:
        return known

    ungated = evidence._evidence(claim, k, k, k, None)
    ws = words(text)
    if ws is not None and evidence._TRIGGERS.isdisjoint(ws):
        assert ungated is None
    else:
        assert evidence._evidence(claim, k, k, k, ws) == ungated
    if ws is not None and evidence._ANONYMOUS_OTHER_GATE.isdisjoint(ws):
        assert evidence._ANONYMOUS_OTHER.search(text) is None
    if ws is not None and evidence._DOC_OTHER_GATE.isdisjoint(ws):
        assert evidence._DOCUMENT_OTHER.search(text) is None
    if ws is not None and evidence._SPEECH_OTHER_GATE.isdisjoint(ws):
        assert evidence._SPEECH_OTHER_RE.search(text) is None


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.booleans())
def test_gated_evidence_equals_ungated(text: str, known: bool) -> None:
    _same_with_and_without_gates(text, known)


@settings(max_examples=400, deadline=None)
@given(_TEXT_OTHER, st.booleans())
def test_gated_evidence_equals_ungated_in_other_languages(text: str, known: bool) -> None:
    _same_with_and_without_gates(text, known)


@pytest.mark.parametrize(
    "text",
    [
        # each evidence class added after the gates were written, with no other trigger word
        "Mara Lind, head of the Veldra rescue service, made the announcement on Monday.",
        "The Orla Dam Safety Board (ODSB) confirmed the crack.",
        "Prosecutors in Veldra have opened a criminal investigation into the collapse.",
        "The operator released a Preliminary Post Incident Review on Friday.",
        "The Orla ministry expresses its strong disapproval and protest.",
        "Mara Lind shared a long message on X about the depot.",
        "Mara Lind, the depot's owner, issued an apology on Monday.",
        "The palace said the princess was recovering well.",
        "Nach dem Dammbruch ist die Zahl der Toten auf fünf gestiegen.",
        "La ciudad de Veldra presentó una demanda contra Nordcam.",
        "La presa cedió a medianoche, señala el ingeniero Pablo Ruiz.",
        "The head of the dam board, Ivo Maren, has publicly conceded the fault.",
        "The agency reported the closure, citing a statement from the Orla Ministry of Water.",
    ],
)
@pytest.mark.parametrize("known", [False, True])
def test_the_gates_let_each_new_evidence_class_through(text: str, known: bool) -> None:
    _same_with_and_without_gates(text, known)


@pytest.mark.parametrize(
    "phrase, body",
    [
        ("the coast guard", "coastguard"),
        ("die Küstenwache", "coastguard"),
        ("los guardacostas", "coastguard"),
        ("la guardia costiera", "coastguard"),
        ("les garde-côtes", "coastguard"),
        ("береговой охраны", "coastguard"),
        ("la polizia", "police"),
        ("la policía", "police"),
        ("policja", "police"),
        ("полиция", "police"),
        ("der Bürgermeister", "mayor"),
        ("el alcalde", "mayor"),
        ("il sindaco", "mayor"),
        ("мэр", "mayor"),
        ("l'aéroport", "airport"),
        ("der Flughafen", "airport"),
        ("i vigili del fuoco", "fire service"),
        ("die Feuerwehr", "fire service"),
        ("l'hôpital", "hospital"),
        ("das Krankenhaus", "hospital"),
        ("the army", "army"),
        ("l'armée", "army"),
        ("le parquet", "prosecutor"),
        ("die Staatsanwaltschaft", "prosecutor"),
        ("прокуратура", "prosecutor"),
        ("the government", "government"),
        ("правительство", "government"),
        ("the health ministry", "health ministry"),
        ("das Gesundheitsministerium", "health ministry"),
        ("la protezione civile", "civil protection"),
        ("МЧС", "civil protection"),
        ("the airline", "airline"),
        ("die Behörden", "authorities"),
        ("les autorités", "authorities"),
        ("the minister", "minister"),
        ("la ministra", "minister"),
        ("министр", "minister"),
    ],
)
def test_the_bodies_a_story_told_of_are_found_through_their_gate(phrase: str, body: str) -> None:
    from judge.evidence import _BODIES, bodies_in

    assert body in bodies_in(f"Es kam {phrase} dazu."), phrase
    # the gate lets through every text the full pattern matches
    assert _BODIES.search(phrase) and bodies_in(phrase)
