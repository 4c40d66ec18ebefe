"""The words of an answer that every surface uses (the terminal and the bot alike)."""

from __future__ import annotations

from dataclasses import replace

from fineprint.answering.answer import Citation
from fineprint.answering.history import HistoryEntry
from fineprint.answering.wording import history_line, history_lines


def test_history_in_force_today_and_a_single_version() -> None:
    assert history_lines(
        [
            HistoryEntry("no_clause", "2013-06-02", "2019-01-01"),
            HistoryEntry("said", "2013-06-02", "2013-06-02", quote="Still said today"),
            HistoryEntry("not_found", "2019-01-01", "2019-01-01", "2020-01-01"),
        ]
    ) == [
        "Since 2013-06-02 the terms have no clause on this.",
        "Since 2013-06-02 the terms say: “Still said today…”",
        "Fineprint found no matching clause in the version of 2019-01-01.",
    ]


def test_an_unchecked_absence_says_only_what_fineprint_did_not_find() -> None:
    unchecked = HistoryEntry("not_found", "2019-01-01", "2020-01-01", "2021-01-01")
    assert history_line(unchecked) == (
        "Fineprint found no matching clause in the versions of 2019-01-01 to 2020-01-01."
    )
    checked = HistoryEntry("no_clause", "2019-01-01", "2019-01-01", "2020-01-01")
    assert history_line(checked) == "From 2019-01-01 to 2020-01-01 the terms had no clause on this."


def test_every_kind_of_history_entry_has_its_sentence() -> None:
    lines = history_lines(
        [
            HistoryEntry("first_appears", "2025-05-27", "2025-05-27"),
            HistoryEntry("said", "2013-06-02", "2013-06-02", "2019-01-01", "| a | b |"),
        ]
    )
    assert lines == [
        "The quoted wording first appears in the version of 2025-05-27.",
        "From 2013-06-02 to 2019-01-01 the terms said: “…a · b…”",
    ]


def test_a_wording_that_follows_the_line_above_continues_its_story() -> None:
    lines = history_lines(
        [
            HistoryEntry("said", "2024-02-07", "2024-02-07", "2025-05-27", "Old words."),
            HistoryEntry("first_appears", "2025-05-27", "2025-05-27"),
        ]
    )
    assert lines[1] == "Since 2025-05-27 the terms say it as [1] quotes it."
    # … and stands alone when the line above ends elsewhere
    assert history_lines([HistoryEntry("first_appears", "2025-05-27", "2025-05-27")]) == [
        "The quoted wording first appears in the version of 2025-05-27."
    ]


AGE = "You may use the Service if you are at least 15 years old."


def test_a_history_line_names_its_periods_regional_variant() -> None:
    entry = HistoryEntry("said", "2021-05-18", "2023-01-19", "2026-07-15", AGE, "EEA terms")
    assert history_line(entry) == (
        f"From 2021-05-18 to 2026-07-15 (EEA terms) the terms said: “{AGE}”"
    )
    assert "(" not in history_line(HistoryEntry("said", "2021-05-18", "2023-01-19", None, "x"))


def test_a_citation_names_its_capture_and_printed_dates() -> None:
    from fineprint.answering.answer import Citation
    from fineprint.answering.wording import version_label

    base = Citation("bandcamp", "terms-of-service", "", "2025-09-01", "", "q", 0.5)
    assert version_label(base) == "version of 2025-09-01"
    dated = Citation(
        "bandcamp", "terms-of-service", "", "2025-09-01", "", "q", 0.5,
        effective_date="2024-11-11", effective_words="effective",
    )  # fmt: skip
    assert version_label(dated) == "captured 2025-09-01; the text says effective 2024-11-11"
    same = Citation(
        "soundcloud", "terms-of-use", "", "2026-08-17", "", "q", 0.5,
        effective_date="2026-08-17", effective_words="last amended",
    )  # fmt: skip
    assert version_label(same) == "version of 2026-08-17"


def _cited(day: str) -> Citation:
    return Citation("zoom", "terms-of-service", "", day, "", "q", 0.5, "Zoom", "Terms of Service")


def test_answers_about_time_say_what_the_versions_say() -> None:
    from fineprint.answering.time_answer import TimeAnswer
    from fineprint.answering.wording import time_text
    from fineprint.catalog.word_ops import word_diff

    since = TimeAnswer("since-when", 6, first_version="2023-08-07")
    assert time_text(since, _cited("2023-08-07")) == (
        "Zoom's Terms of Service first answers this in the version of 2023-08-07 (each of its "
        "6 versions in Fineprint was asked)."
    )
    gone = TimeAnswer("still-true", 6, still=False, newest_version="2026-08-06")
    assert time_text(gone, _cited("2023-08-07")).startswith(
        "Not in the newest version of Zoom's Terms of Service (2026-08-06): the last version "
        "that answers this is the one of 2023-08-07"
    )
    changed = TimeAnswer(
        "what-changed",
        6,
        old_version="2023-04-01",
        new_version="2023-08-07",
        diff=word_diff("Zoom may use content.", "Zoom will not use content."),
    )
    text = time_text(changed, _cited("2023-04-01"))
    assert (
        "changed on this in the version of 2023-08-07; before it, the version of 2023-04-01" in text
    )
    assert "[-may-] {+will not+}" in text
    added = TimeAnswer(
        "what-changed",
        6,
        old_version="2022-12-30",
        new_version="2023-08-07",
        sides_quoted=(False, True),
    )
    assert "the version of 2022-12-30 had no clause on this" in time_text(added, _cited("x"))
    same = TimeAnswer(
        "what-changed", 6, old_version="2023-08-07", new_version="2026-08-06", unchanged=True
    )
    assert "did not change between the versions of 2023-08-07 and 2026-08-06" in time_text(
        same, _cited("2026-08-06")
    )


def test_a_year_with_no_version_is_said_before_the_change_around_it() -> None:
    from fineprint.answering.time_answer import TimeAnswer
    from fineprint.answering.wording import time_text

    around = TimeAnswer(
        "what-changed",
        5,
        old_version="2022-12-15",
        new_version="2025-05-05",
        no_version_in="2024",
    )
    assert time_text(around, _cited("2025-05-05")).startswith(
        "Fineprint holds no version of Zoom's Terms of Service from 2024: it compares the one "
        "in force then (2022-12-15) with the next (2025-05-05).\n"
    )
    later = TimeAnswer(
        "what-changed", 5, old_version="2025-05-05", new_version="2026-07-23", no_version_in="2027"
    )
    assert "it compares the last one before (2026-07-23) with the one before that (2025-05-05)" in (
        time_text(later, _cited("2026-07-23"))
    )


def test_a_platform_ending_in_s_is_written_threads_not_threads_s() -> None:
    from fineprint.answering.answer import Lead
    from fineprint.answering.time_answer import TimeAnswer
    from fineprint.answering.wording import lead_text, time_text

    threads = Citation(
        "threads", "terms-of-service", "Content", "2026-08-01", "", "q", 0.5,
        "Threads", "Terms of Service",
    )  # fmt: skip
    lead = lead_text(Lead(threads), [threads])
    assert lead.startswith("Threads' Terms of Service (version of 2026-08-01)")
    since = time_text(TimeAnswer("since-when", 3, first_version="2026-08-01"), threads)
    assert since.startswith("Threads' Terms of Service first answers this")
    assert "s's" not in lead + since


def test_a_period_in_another_language_claims_nothing_of_what_it_held() -> None:
    french = HistoryEntry("not_found", "2022-02-08", "2022-02-08", "2022-03-31", language="fr")
    assert history_line(french) == (
        "The version of 2022-02-08 is in French, which Fineprint does not compare with the "
        "quoted wording."
    )
    several = HistoryEntry("unanswered", "2020-01-01", "2021-01-01", "2022-01-01", language="de")
    assert history_line(several).startswith(
        "The versions of 2020-01-01 to 2021-01-01 are in German"
    )


def test_a_question_of_change_without_topic_counts_the_changes() -> None:
    from fineprint.answering.time_answer import TimeAnswer
    from fineprint.answering.wording import time_text
    from fineprint.catalog.word_ops import WordOp

    time = TimeAnswer(
        "what-changed", 8, old_version="2018-05-25", new_version="2024-02-07",
        diff=(WordOp("=", "we may"), WordOp("+", "not")), material_changes=3, changes=12,
    )  # fmt: skip
    text = time_text(time, _cited("2024-02-07"))
    assert text.startswith(
        "Between the versions of 2018-05-25 and 2024-02-07 of Zoom's Terms of Service, 12 "
        "clauses changed, 3 of them flagged as material; the most material first"
    )
    assert "word by word: we may {+not+}" in text
    quiet = TimeAnswer("what-changed", 2, old_version="a", new_version="b", material_changes=0,
                       changes=1)  # fmt: skip
    assert "1 clause changed, none of them in a way Fineprint judges material" in time_text(
        quiet, _cited("b")
    )


def test_a_change_between_two_versions_named_says_in_which_version_it_came() -> None:
    from fineprint.answering.time_answer import TimeAnswer
    from fineprint.answering.wording import time_text

    # asked "between 2022 and 2025": 2025 reads as 2024 did, the change came in 2024
    between = TimeAnswer(
        "what-changed",
        5,
        old_version="2022-06-22",
        new_version="2025-09-23",
        changed_in=("2024-08-07",),
    )
    text = time_text(between, _cited("2025-09-23"))
    assert text.startswith(
        "Zoom's Terms of Service changed on this between the versions of 2022-06-22 and "
        "2025-09-23 (each of its 5 versions in Fineprint was asked), in the version of "
        "2024-08-07. Before, then after:"
    )
    twice = replace(between, changed_in=("2023-01-01", "2024-08-07"), sides_quoted=(False, True))
    text = time_text(twice, _cited("2025-09-23"))
    assert "in the versions of 2023-01-01 and 2024-08-07." in text
    assert "The version of 2022-06-22 had no clause on this." in text
