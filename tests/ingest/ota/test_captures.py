"""ingest.ota.captures: captures that are not terms are found, and why."""

from __future__ import annotations

from ingest.ota.captures import check_alone, check_neighbours, prose, read
from tests.ingest.ota.dataset_repo import NAVIGATION, terms


def test_prose_sets_aside_link_only_lines_link_targets_and_images() -> None:
    a = terms(footer="a") + "\n\n![](https://cdn.test/1.png)\n\nMail [us](mailto:a@acme.test)."
    b = terms(footer="b") + "\n\n![](https://cdn2.test/1.png)\n\nMail [us](# 'mailto:a@acme.test')."
    assert prose(a) == prose(b)
    assert "help topic" not in prose(a)  # the related-articles footer is navigation
    assert "you keep ownership" in prose(a)


def test_navigation_and_empty_captures_are_not_terms() -> None:
    assert "empty capture" in (check_alone(read(NAVIGATION)) or "")
    assert "navigation-only" in (check_alone(read("Home\n\nAbout us. Contact.\n")) or "")
    assert check_alone(read(terms())) is None


def test_a_capture_far_shorter_than_its_neighbours_is_a_truncated_page() -> None:
    readings = [read(terms()) for _ in range(4)]
    short = read(terms()[:400])  # the page cut off after its first section
    readings.insert(2, short)
    check_neighbours(readings)
    assert short.skip is not None and "far shorter" in short.skip
    assert all(r.skip is None for r in readings if r is not short)


def test_a_page_unrelated_to_both_neighbours_is_another_page() -> None:
    homepage = read(
        "Welcome to Acme\n\nWatch the best videos from creators around the world every day. "
        "Discover music, gaming, sport and news chosen for you by our editors and friends. "
        "Download the app for your phone and tablet and never miss a moment of the action. "
        "Join millions of people sharing what they love with the people who love it too. "
        "Start your own channel in minutes, grow an audience and earn from your passion. "
        "Live streams, shorts and podcasts, all in one place, wherever you happen to be."
    )
    readings = [read(terms()), homepage, read(terms())]
    check_neighbours(readings)
    assert homepage.skip is not None and "unrelated" in homepage.skip
