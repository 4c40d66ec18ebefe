"""fineprint.catalog.language: a capture's language from its function words."""

from fineprint.catalog.language import clause_language, detect_language
from tests.ingest.ota.dataset_repo import terms

GERMAN = (
    "Durch die Anmeldung bei Telegram akzeptierst du unsere Datenschutzerklärung und stimmst "
    "zu, folgendes zu unterlassen: Unsere Dienste zu nutzen, um Spam zu senden oder Nutzer zu "
    "belästigen. Wir behalten uns das Recht vor, diese Nutzungsbedingungen später zu "
    "aktualisieren. Nutzer aus dem Europäischen Wirtschaftsraum müssen mindestens 16 Jahre "
    "alt sein, um sich bei Telegram zu registrieren. Die Nutzung der Dienste ist für dich "
    "kostenlos, und wir verkaufen deine Daten nicht an Dritte, die sie für Werbung nutzen."
)


def test_english_and_german_terms_are_told_apart() -> None:
    assert detect_language(terms()) == "en"
    assert detect_language(GERMAN) == "de"


def test_too_little_text_keeps_the_default() -> None:
    assert detect_language("Nutzungsbedingungen") == "en"


FRENCH_CLAUSE = (
    "Toute utilisation artificielle d'un compte DEEZER (cette utilisation ayant pour objet, par "
    "exemple, d'augmenter le nombre d'écoutes de certains titres) est strictement interdite et "
    "peut entraîner la résiliation de votre compte."
)
ENGLISH_CLAUSE = (
    "DEEZER cannot be held liable for the fraudulent exploitation which could occur without its "
    "knowledge or in violation of the Terms and notably any illegal use of the Content."
)


def test_an_english_passage_of_a_french_page_is_english() -> None:
    assert clause_language(ENGLISH_CLAUSE, "fr") == "en"
    assert clause_language(FRENCH_CLAUSE, "fr") == "fr"


def test_a_clause_of_an_english_page_is_english() -> None:
    assert clause_language(FRENCH_CLAUSE, "en") == "en"
