"""Language of an article from its function words, and the `languages:` rule condition."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchers.config import Rule
from watchers.lang import detect
from watchers.models import Article
from watchers.rules import Matcher, explain

SAMPLES = {
    "en": "The harbour authority said on Monday that the contract was signed before the tender "
    "closed, and that the board had not been told about the payment.",
    "de": "Die Hafenbehörde sagte am Montag, dass der Vertrag vor dem Ende der Ausschreibung "
    "unterzeichnet wurde und der Vorstand nicht über die Zahlung informiert worden sei.",
    "fr": "Selon l'autorité portuaire, le contrat a été signé avant la clôture de l'appel d'offres, "
    "et le conseil n'a pas été informé du paiement par la direction.",
    "es": "La autoridad portuaria dijo el lunes que el contrato se firmó antes del cierre de la "
    "licitación y que la junta no fue informada del pago por la dirección.",
    "it": "L'autorità portuale ha detto lunedì che il contratto è stato firmato prima della chiusura "
    "della gara e che il consiglio non è stato informato del pagamento.",
    "pt": "A autoridade portuária disse na segunda-feira que o contrato foi assinado antes do fim "
    "do concurso e que o conselho não foi informado sobre o pagamento pela direção.",
    "nl": "De havenautoriteit zei maandag dat het contract werd getekend voor het einde van de "
    "aanbesteding en dat het bestuur niet op de hoogte was van de betaling.",
    "ru": "Портовое управление заявило в понедельник, что контракт был подписан до окончания "
    "тендера и что совет не был уведомлен о платеже, который уже был сделан.",
    "uk": "Портове управління заявило в понеділок, що контракт був підписаний до завершення "
    "тендеру і що правління не було повідомлене про платіж, який вже був зроблений.",
    "pl": "Zarząd portu poinformował w poniedziałek, że umowa została podpisana przed końcem "
    "przetargu i że rada nie była o tym poinformowana, ale nie podał szczegółów.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detects_the_language_of_a_news_paragraph(lang: str) -> None:
    assert detect(SAMPLES[lang]) == lang


@pytest.mark.parametrize(
    "text",
    ["", "Krasnov", "Trump Putin KGB 1987", "OK.", "12 345 67", "https://example.com/a/b"],
)
def test_too_little_text_is_not_guessed(text: str) -> None:
    assert detect(text) is None


@given(st.text(max_size=2000))
def test_detect_never_raises_and_answers_a_known_code_or_none(text: str) -> None:
    assert detect(text) in {None, *SAMPLES, "sv", "tr"}


def _article(text: str) -> Article:
    return Article(
        identity="a",
        url="https://example.com/a",
        title="Harbour contract",
        text=text,
        author="",
        published=datetime(2026, 3, 1, tzinfo=UTC),
        source="example",
        feed_url="https://example.com/feed",
    )


def test_a_story_in_some_languages_leaves_out_articles_detected_in_others() -> None:
    rule = Rule.model_validate(
        {
            "id": "h",
            "title": "H",
            "match": {"any": ["contract", "contrato", "Vertrag"]},
            "languages": ["en", "de"],
        }
    )
    matcher = Matcher([rule])
    assert [m.story for m in matcher.match(_article(SAMPLES["en"]))] == ["h"]
    assert [m.story for m in matcher.match(_article(SAMPLES["de"]))] == ["h"]
    assert matcher.match(_article(SAMPLES["es"])) == []
    why = explain(rule, _article(SAMPLES["es"]))
    assert not why.matched
    assert "written in es (detected), not in languages: de, en" in why.reasons
    # Too short to tell: let through rather than drop the news.
    assert [m.story for m in matcher.match(_article("contrato"))] == ["h"]


def test_without_languages_every_language_matches() -> None:
    rule = Rule.model_validate({"id": "h", "title": "H", "match": {"any": ["contrato"]}})
    assert [m.story for m in Matcher([rule]).match(_article(SAMPLES["es"]))] == ["h"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The depot in Veldra burned for six hours on Monday.", "en"),
        ("Das Depot in Veldra brannte am Montag sechs Stunden lang.", "de"),
        ("Depozitul din Veldra a ars luni timp de șase ore.", "ro"),
        ("Η αποθήκη στη Βέλντρα καιγόταν για έξι ώρες τη Δευτέρα.", "el"),
    ],
)
def test_a_sentences_language_and_whether_the_model_reads_it(text: str, code: str) -> None:
    from judge.embed import MODELS
    from judge.language import language_of, model_reads

    assert language_of(text) == code
    assert model_reads(text, MODELS["use-m3"].languages) == (code in ("en", "de"))
    assert model_reads(text, None)  # a model of ~100 languages reads them all
