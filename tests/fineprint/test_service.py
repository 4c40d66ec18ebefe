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


def test_what_changed_with_no_topic_is_answered_by_the_changes(service: Fineprint) -> None:
    """ "What changed in SoundCloud's terms in 2024?" names no topic: the answer is the changes
    between the version in force before 2024 (2018-05-25) and 2024's (2024-02-07), the AI
    licence clause first, each quote verbatim from its clause."""
    answer = service.ask("what changed in soundcloud's terms in 2024?")
    time = answer.time
    assert time is not None and time.material_changes is not None and time.changes is not None
    assert (time.old_version, time.new_version) == ("2018-05-25", "2024-02-07")
    assert 1 <= time.material_changes <= time.changes
    assert time.to_json()["material_changes"] == time.material_changes
    top = answer.citations[0]
    assert "Grant of license" in top.section and "artificial intelligence" in top.clause_text
    assert all(c.quote in c.clause_text for c in answer.citations)
    assert {c.version_date for c in answer.citations} <= {"2018-05-25", "2024-02-07"}


def test_a_topic_keeps_the_every_version_path(service: Fineprint) -> None:
    answer = service.ask("what did soundcloud change about AI training in 2024?")
    assert answer.time is not None and answer.time.material_changes is None


def test_what_changed_between_two_regions_pages_says_so(service: Fineprint) -> None:
    """YouTube's terms of 2023-01-19 are the EEA page, those of 2026-07-15 the US page: no
    list of changes, the one line saying why, and no list of platforms under it."""
    answer = service.ask("what changed in youtube's terms in 2026?")
    assert answer.abstention is not None and not answer.abstention.covered
    assert answer.abstention.reason.startswith("For YouTube's Terms of Service: 2023-01-19 is")
    assert "not compared as a change of terms" in answer.abstention.reason
