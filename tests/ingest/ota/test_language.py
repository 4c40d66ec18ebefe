"""ingest.ota.language: a capture's language from its function words."""

from ingest.ota.language import detect_language
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
