"""The service both front ends hold (`Fineprint`), on the session's real store: names as typed,
the default document, a section with what its citation shows, the changes between versions,
and the typed coverage list. No model is loaded for any of these."""

from __future__ import annotations

from datetime import date

import pytest

from fineprint.catalog.lookups import NotFoundError, PlatformCoverage
from fineprint.service import Fineprint
from fineprint.settings import Settings


@pytest.fixture(scope="module")
def service(ask_settings: Settings) -> Fineprint:
    return Fineprint(ask_settings)


def test_changes_resolve_names_and_default_to_the_two_newest(service: Fineprint) -> None:
    diff = service.changes("SoundCloud’s")  # a possessive, no document: its terms
    assert (diff.platform, diff.document) == ("soundcloud", "terms-of-use")
    history = service.versions("soundcloud", "terms-of-use")
    assert (diff.before, diff.after) == (history[-2].version_date, history[-1].version_date)
    dated = service.changes("sc", "Terms of Use", since=date(2018, 6, 1), until=date(2024, 3, 1))
    assert (dated.before, dated.after) == ("2018-05-25", "2024-02-07")
    with pytest.raises(NotFoundError, match="no platform called 'Patreon'"):
        service.changes("Patreon")
    with pytest.raises(ValueError, match="no version on or before 2001-01-01"):
        service.changes("soundcloud", until=date(2001, 1, 1))


def test_a_version_compared_with_the_one_before(service: Fineprint) -> None:
    history = service.versions("soundcloud", "terms-of-use")
    assert service.change_from_previous(history[0]) is None  # the first version
    newest = service.change_from_previous(history[-1])
    assert newest is not None and newest.to_json() == service.changes("soundcloud").to_json()


def test_a_section_carries_its_names_and_url(service: Fineprint) -> None:
    found = service.section("SC", "terms", "grant of license")
    assert found.version.version_id == "soundcloud/terms-of-use/2026-08-17"
    assert (found.platform_name, found.document_name) == ("SoundCloud", "Terms of Use")
    assert found.url.startswith("https://") and found.clauses


def test_platforms_are_typed_records(service: Fineprint) -> None:
    overview = service.platforms()
    assert all(isinstance(platform, PlatformCoverage) for platform in overview)
    soundcloud = next(p for p in overview if p.platform == "soundcloud")
    assert soundcloud.name == "SoundCloud"
    assert soundcloud.documents[0].versions[0] == "2013-06-02"
