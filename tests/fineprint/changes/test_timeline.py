"""A document's timeline (every version, the material changes each brought, by topic) and
its picture: a 1200 x 675 PNG whose drawn labels are checked, on the real SoundCloud terms."""

from __future__ import annotations

import struct
from datetime import date

import pytest

from fineprint.changes.materiality import TOPICS
from fineprint.changes.timeline import (
    SHORT_LABELS,
    Timeline,
    VersionStep,
    build_timeline,
    topic_label,
)
from fineprint.changes.timeline_picture import HEIGHT, WIDTH, render
from fineprint.service import Fineprint
from fineprint.settings import Settings
from fineprint.store import ClauseStore
from tests.conftest import CORPUS, MemoEmbedder, ingested_store


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def soundcloud(ask_settings: Settings) -> Timeline:
    return Fineprint(ask_settings).timeline("SoundCloud", "terms")


def test_every_topic_has_a_short_label() -> None:
    assert set(SHORT_LABELS) == set(TOPICS)
    assert topic_label("ai") == "AI" and topic_label("monetisation") == "money"


def test_soundcloud_timeline_has_every_version_and_the_ai_changes(
    soundcloud: Timeline, ask_settings: Settings
) -> None:
    store = ClauseStore.open(ask_settings)
    history = store.load_registry().history("soundcloud", "terms-of-use")
    assert [step.version_date for step in soundcloud.steps] == [r.version_date for r in history]
    first, *rest = soundcloud.steps
    assert first.previous is None and first.changes == 0
    assert [step.previous for step in rest] == [r.version_date for r in history[:-1]]
    by_date = {step.version_date: step for step in soundcloud.steps}
    assert by_date["2024-02-07"].lead == "ai"  # the AI-training clause came in
    assert dict(by_date["2024-02-07"].topics)["ai"] >= 1
    assert "ai" not in dict(by_date["2018-05-25"].topics)
    assert soundcloud.topics()[0] == "ai"  # priority order
    for step in rest:  # counts agree with the diff of that pair
        assert step.previous is not None
        since, until = date.fromisoformat(step.previous), date.fromisoformat(step.version_date)
        diff = Fineprint(ask_settings).changes("soundcloud", "terms-of-use", since, until)
        assert (step.changes, step.material) == (len(diff.changes), len(diff.material))


def test_the_picture_is_phone_sized_and_labels_what_it_shows(soundcloud: Timeline) -> None:
    picture = render(soundcloud)
    assert png_size(picture.png) == (WIDTH, HEIGHT) == (1200, 675)
    assert (picture.width, picture.height) == (WIDTH, HEIGHT)
    labels = picture.labels
    assert labels[0] == "SoundCloud · Terms of Use"
    assert f"{len(soundcloud.steps)} versions" in labels[1]
    lanes = [topic_label(topic) for topic in soundcloud.topics()]
    assert "AI" in lanes and set(lanes) <= set(labels) and "versions" in labels
    assert "Feb 2024" in labels and "May 2025" in labels  # the AI lane's dates
    assert {"2016", "2020", "2024"} <= set(labels)  # the time axis


def test_a_document_without_material_changes_says_so() -> None:
    quiet = Timeline(
        "demo",
        "terms",
        "Demo",
        "Terms",
        (VersionStep("2020-01-01", None), VersionStep("2020-06-01", "2020-01-01", 3, 0)),
    )
    picture = render(quiet)
    assert png_size(picture.png) == (WIDTH, HEIGHT)
    assert "no material change" in picture.labels and "AI" not in picture.labels
    assert "2 versions, 2020–2020 · 0 with material changes" in picture.labels


def test_hostile_names_are_drawn_as_plain_visible_text() -> None:
    """A "$" would start a formula in matplotlib; controls would be invisible."""
    hostile = Timeline(
        "evil",
        "terms",
        "Evil $\\frac{1}{0}$ \x1b[31m",
        "Terms\u202e",
        (
            VersionStep("2021-01-01", None),
            VersionStep("2022-01-01", "2021-01-01", 5, 2, (("ai", 1), ("brand-new", 1)), "ai"),
        ),
    )
    picture = render(hostile)
    assert png_size(picture.png) == (WIDTH, HEIGHT)
    assert picture.labels[0] == "Evil $\\frac{1}{0}$ \\x1b[31m · Terms\\u202e"
    assert "brand new" in picture.labels and "Jan 2022" in picture.labels


def test_a_timeline_needs_a_version(ask_settings: Settings) -> None:
    with pytest.raises(ValueError, match="at least one version"):
        build_timeline(ClauseStore.open(ask_settings), [])


def test_a_switch_of_regional_page_is_set_aside_not_counted(
    tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder
) -> None:
    """YouTube's terms go US (2020) → EEA (2021, 2023) → US (2026): the two switches are named
    as such, as `fineprint changes` names them, and count no material change on the timeline."""
    files = tuple(
        str(path.relative_to(CORPUS))
        for path in sorted((CORPUS / "youtube" / "terms-of-service").glob("*.md"))
    )
    settings = ingested_store(tmp_path_factory.mktemp("youtube"), files, embedder)
    found = Fineprint(settings).timeline("youtube", "terms-of-service")
    by_date = {step.version_date: step for step in found.steps}
    for day in ("2021-05-18", "2026-07-15"):
        assert "not compared as a change of terms" in by_date[day].set_aside
        assert (by_date[day].material, by_date[day].topics) == (0, ())
    assert not by_date["2023-01-19"].set_aside and by_date["2023-01-19"].material > 0
    assert by_date["2021-05-18"].to_json()["set_aside"] == by_date["2021-05-18"].set_aside
