"""ingest.ota.slugs: dataset names land on the bundled corpus's slugs, or get their own."""

from __future__ import annotations

from fineprint.catalog.sources import load_sources
from ingest.ota.slugs import Namer
from tests.conftest import CORPUS


def namer() -> Namer:
    return Namer.load(load_sources(CORPUS / "sources.toml"), CORPUS)


def test_twitter_and_x_are_two_folders_of_one_platform() -> None:
    twitter = namer().name("Twitter", "Terms of Service")
    x = namer().name("X", "Terms of Service")
    assert (twitter.platform, twitter.document) == (x.platform, x.document)
    assert twitter.platform == "x-twitter" and twitter.platform_name == "X (Twitter)"


def test_a_document_the_corpus_was_copied_from_keeps_the_corpus_slug() -> None:
    # the corpus's SoundCloud terms came from `SoundCloud/Terms of Service.md`
    assert namer().name("SoundCloud", "Terms of Service").document == "terms-of-use"


def test_a_new_service_is_named_by_its_declared_name_and_answerable_by_its_folder() -> None:
    naming = namer().name("TruthSocial", "Community Guidelines", "Truth Social")
    assert naming.platform == "truth-social" and naming.platform_name == "Truth Social"
    assert naming.aliases == ("TruthSocial",)
    assert naming.document == "community-guidelines"


def test_without_sources_or_corpus_names_are_slugified() -> None:
    naming = Namer.load(None, None).name("BeReal", "Privacy Policy")
    assert (naming.platform, naming.document, naming.aliases) == ("bereal", "privacy-policy", ())
