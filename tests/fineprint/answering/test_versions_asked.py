"""Questions of time answered by asking every version (issue 20): Zoom's 2023 promise not to
train AI on call content, Discord's appeals clause of 2022 (inside its termination clause),
what changed between two named versions, and whether a clause is still there."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from fineprint.answering.answer import Answer, Answerer, Citation
from fineprint.answering.question import parse_question
from fineprint.answering.versions_asked import ask_versions, periods_asked, unanswered_checked
from fineprint.answering.wording import history_lines
from tests.conftest import CORPUS, MemoEmbedder, answerer_for, document_answerer, ingested_store

TIME_CORPUS = tuple(
    str(path.relative_to(CORPUS))
    for folder in ("zoom/terms-of-service", "zoom/privacy-policy", "discord/terms-of-service")
    for path in sorted((CORPUS / folder).glob("*.md"))
)


@pytest.fixture(scope="module")
def asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return answerer_for(ingested_store(tmp_path_factory.mktemp("time"), TIME_CORPUS, embedder))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _no_clause_lines(answer: Answer) -> list[str]:
    return [line for line in history_lines(answer.history) if "No clause" in line]


def _change(
    asker: Answerer, question: str, dates: tuple[str, str]
) -> tuple[Answer, Citation, Citation]:
    """A what-changed answer and its two sides, checked to be of these two versions."""
    answer = asker.ask(question)
    assert answer.time is not None and answer.time.intent == "what-changed"
    old, new = answer.citations[:2]
    assert (old.version_date, new.version_date) == dates
    return answer, old, new


def test_zoom_first_promised_not_to_train_ai_on_call_content_in_august_2023(
    asker: Answerer,
) -> None:
    answer = asker.ask(
        "When did Zoom first promise in its terms that it won't train AI on our call audio "
        "and video?"
    )
    assert answer.time is not None and answer.time.intent == "since-when"
    assert answer.time.first_version == "2023-08-07"
    assert answer.citations[0].version_date == "2023-08-07"
    assert "will not use audio, video or chat Customer Content to train" in _flat(
        answer.citations[0].quote
    )
    # every version before it was asked, and none answered: said so, of those versions only
    assert _no_clause_lines(answer) == [
        "No clause answering this was found in the versions of 2022-04-13 to 2023-04-01."
    ]


def test_since_when_starts_where_the_answering_sentence_appears_not_its_subject(
    asker: Answerer,
) -> None:
    # 2023-04-10 already has an "intelligent features … artificial intelligence" clause that
    # clears the bar; the sentence that answers (no training on call content) is new in 2024
    answer = asker.ask(
        "Since when has Zoom's privacy policy promised not to use my meeting audio, video or "
        "chat to train AI models?"
    )
    assert answer.time is not None and answer.time.first_version == "2024-08-05"
    assert answer.citations[0].version_date == "2024-08-05"
    assert "to train" in answer.citations[0].quote
    assert _no_clause_lines(answer) == [
        "No clause answering this was found in the version of 2023-04-10."
    ]


def test_discords_2022_appeals_sentence_is_found_inside_its_termination_clause(
    asker: Answerer,
) -> None:
    answer = asker.ask("since when do discords terms actually let u appeal a ban?")
    assert answer.time is not None and answer.time.first_version == "2022-12-01"
    first = answer.citations[0]
    assert (first.platform, first.version_date) == ("discord", "2022-12-01")
    assert "You can appeal any enforcement action" in first.quote
    assert not any("2022-12-01" in line for line in _no_clause_lines(answer))


def test_what_changed_between_two_named_versions_quotes_both_sides(asker: Answerer) -> None:
    answer = asker.ask(
        "What changed in Discord's terms about appealing a ban between the December 2022 "
        "terms and the 2025 terms?"
    )
    assert answer.time is not None and answer.time.intent == "what-changed"
    assert (answer.time.old_version, answer.time.new_version) == ("2022-12-01", "2025-04-16")
    cited = {c.version_date for c in answer.citations[:2]}
    assert cited == {"2022-12-01", "2025-04-16"}
    # the two sides read otherwise (the termination clause then and now)
    old, new = (" ".join(c.quote.split()) for c in answer.citations[:2])
    assert old != new
    # it changed twice between them: in 2023 and again in 2025
    assert answer.time.changed_in == ("2023-02-24", "2025-04-16")
    assert "between the versions of 2022-12-01 and 2025-04-16" in answer_lead(answer)
    # no history line calls a quoted side's version silent
    for entry in answer.history:
        if entry.kind in ("unanswered", "no_clause"):
            assert not any(entry.first <= day <= entry.last for day in cited)


def test_a_change_in_a_named_year_quotes_the_versions_either_side_of_it(
    asker: Answerer,
) -> None:
    answer = asker.ask(
        "did discord change when it can delete ur content? used to be 'for any reason' right, "
        "what does it say after the 2023 update"
    )
    assert answer.time is not None
    assert (answer.time.old_version, answer.time.new_version) == ("2022-12-01", "2023-02-24")
    old, new = answer.citations[:2]
    assert "delete your content for any reason" in _flat(old.quote)
    assert "delete your content if it is in breach" in _flat(new.quote)
    # the further quotes come from both sides in turn, not only the one search prefers
    assert {c.version_date for c in answer.citations[2:4]} == {"2022-12-01", "2023-02-24"}


def test_a_clause_still_in_the_newest_version_is_quoted_from_it(asker: Answerer) -> None:
    answer = asker.ask("Does Discord still let me appeal its enforcement decisions?")
    assert answer.time is not None and answer.time.still is True
    assert answer.citations[0].version_date == "2026-04-08"
    assert "appeal" in answer.citations[0].quote


def test_history_lines_never_repeat_the_same_wording(asker: Answerer) -> None:
    answer = asker.ask("When did Zoom first say it may use Service Generated Data for AI?")
    said = [e.quote for e in answer.history if e.kind == "said"]
    assert all(_flat(a or "") != _flat(b or "") for a, b in itertools.pairwise(said))
    assert all(len(line) < 400 for line in history_lines(answer.history))


@pytest.fixture(scope="module")
def twitch_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "twitch/terms-of-service")


def test_a_clause_gone_from_the_newest_version_is_answered_by_what_replaced_it(
    twitch_asker: Answerer,
) -> None:
    # Twitch's 2025 terms send disputes to a California court; until 2023-05-30 they required
    # arbitration. "No clause answering this" would hide the court clause that now governs.
    answer = twitch_asker.ask("Do Twitch's terms still send US users to arbitration?")
    assert answer.time is not None and answer.time.still is False
    assert answer.time.said_instead and answer.time.last_version == "2023-05-30"
    now, before = answer.citations[:2]
    assert now.version_date == "2026-08-13" and "courts" in now.clause_text
    assert "arbitration" not in now.clause_text.lower()
    assert before.version_date == "2023-05-30" and "arbitrat" in before.quote
    lead = answer_lead(answer)
    assert "[1] is what it says instead" in lead and "the one of 2023-05-30" in lead
    assert _no_clause_lines(answer) == []


def test_a_newest_version_without_the_questions_words_is_not_still_true(
    twitch_asker: Answerer,
) -> None:
    # Twitch's 2025 and 2026 terms answer this by score with an informal-resolution clause,
    # but hold no "arbitration" anywhere: the rule is gone, not still there
    answer = twitch_asker.ask("Does Twitch still require arbitration of disputes?")
    assert answer.time is not None and answer.time.still is False
    assert answer.time.last_version == "2023-05-30"
    last_answer = answer.citations[1] if answer.time.said_instead else answer.citations[0]
    assert last_answer.version_date == "2023-05-30" and "arbitrat" in last_answer.quote.lower()
    assert not answer_lead(answer).startswith("Still in the newest version")


def test_no_clause_answering_is_not_claimed_where_the_versions_hold_the_words(
    twitch_asker: Answerer,
) -> None:
    # Twitch 2025 and 2026 name no arbitration: "no clause answering this" stands; had they
    # held the words the answer quotes (here: "disputes"), Fineprint would only say it found none
    question = parse_question(
        "Does Twitch still require arbitration of disputes?",
        twitch_asker.sources,
        registry=twitch_asker.index.registry,
    )
    asked = ask_versions(twitch_asker.searcher, question, twitch_asker.min_relevance)
    assert asked is not None
    periods = periods_asked(twitch_asker.index, asked, lambda hit: hit.clause.text, set())
    silent = [p for p in periods if p.searched and p.quote is None]
    index = twitch_asker.index
    assert unanswered_checked(index, asked, periods, {"arbitration"}) == periods
    held = unanswered_checked(index, asked, periods, {"disput"})
    assert silent and not any(p.searched and p.quote is None for p in held)
    assert len(held) == len(periods)
    answer = twitch_asker.ask("Does Twitch still require arbitration of disputes?")
    assert any(e.kind == "unanswered" and e.first == "2025-04-10" for e in answer.history)


def test_what_a_version_says_instead_is_a_history_line_quoted_verbatim(
    twitch_asker: Answerer,
) -> None:
    # asked as of 2023, the newest versions are history: their court clause is a line
    answer = twitch_asker.ask("Since when do Twitch's terms require arbitration?")
    instead = [e for e in answer.history if e.kind == "said_instead"]
    assert answer.time is not None and answer.time.intent == "since-when"
    assert [(e.first, e.until) for e in instead] == [("2025-04-10", None)]
    assert instead[0].quote and "arbitrat" not in instead[0].quote.lower()
    stored = "".join(_flat(c.text) for c in twitch_asker.index.clauses)
    assert _flat(instead[0].quote) in stored
    line = history_lines(answer.history)[-1]
    assert line.startswith("Since 2025-04-10 no clause answers this as before; the closest")


def test_versions_before_the_first_answer_get_no_clause_said_instead(asker: Answerer) -> None:
    # "since when" must not take a neighbouring clause for what came first
    answer = asker.ask(
        "When did Zoom first promise in its terms that it won't train AI on our call audio "
        "and video?"
    )
    assert answer.time is not None and answer.time.first_version == "2023-08-07"
    assert all(e.kind != "said_instead" or e.first > "2023-08-07" for e in answer.history)


def test_a_clause_only_renumbered_did_not_change(twitch_asker: Answerer) -> None:
    # 2021's "15. Disputes … (i)" is 2023's "18. Disputes … (a)", sentence for sentence
    answer = twitch_asker.ask(
        "Did twitch's arbitration clause change between the 2021 terms and the 2023 terms?"
    )
    assert answer.time is not None and answer.time.unchanged
    assert "did not change between the versions of 2021-02-23 and 2023-05-30" in answer_lead(answer)
    assert "What changed, word by word" not in answer_lead(answer)


@pytest.fixture(scope="module")
def youtube_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "youtube/terms-of-service")


def test_since_when_starts_where_the_questions_rarer_words_appear(
    youtube_asker: Answerer,
) -> None:
    # "harvesting usernames" is older; "usernames or faces" first appears in 2023-01-19
    answer = youtube_asker.ask(
        "When did YouTube's terms start forbidding collecting people's faces?"
    )
    assert answer.time is not None and answer.time.first_version == "2023-01-19"
    assert "faces" in answer.citations[0].quote


@pytest.fixture(scope="module")
def x_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "x-twitter/terms-of-service")


def test_both_sides_of_a_change_are_one_clause_then_and_now(x_asker: Answerer) -> None:
    # each version's own best clause differs (2023: the grant itself; 2024: "this license
    # includes … training of our machine learning … models"): the weaker side is matched to
    # the stronger one, so the reader sees the same sentence before and after
    _, old, new = _change(
        x_asker,
        "Did the licence X gets to my posts change in the October 2024 terms so it covers AI "
        "training?",
        ("2023-04-18", "2024-10-21"),
    )
    assert _flat(old.quote).startswith("You agree that this license includes the right")
    assert "training of our machine learning" in _flat(new.quote)


@pytest.fixture(scope="module")
def facebook_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "facebook/terms-of-service")


def test_a_silent_page_of_another_region_does_not_break_since_when(
    facebook_asker: Answerer,
) -> None:
    # the EEA terms of 2022-04-04 name the Oversight Board; the US terms of 2022-06-22 (another
    # regional page) and the EEA capture of 2022-07-11 do not; from 2023-03-07 on it is back
    answer = facebook_asker.ask(
        "When did Facebook's terms first say the Oversight Board may review its decisions?"
    )
    assert answer.time is not None and answer.time.first_version == "2022-04-04"
    assert "Oversight Board may review our decisions" in answer.citations[0].quote


@pytest.fixture(scope="module")
def distrokid_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(tmp_path_factory, embedder, "distrokid/terms-of-service")


def test_each_side_of_a_change_quotes_the_sentence_the_other_lacks(
    distrokid_asker: Answerer,
) -> None:
    # 2024 keeps the "over eighteen" sentence and adds minors of 13 to 17 after it: the new
    # side's quote must reach the addition, and the diff in the lead must show it
    answer, old, new = _change(
        distrokid_asker,
        "How did DistroKid's age rules change from the 2022 terms to the 2024 terms?",
        ("2022-08-08", "2024-09-19"),
    )
    assert "under 18 but are at least thirteen (13)" in _flat(new.quote)
    assert "thirteen" not in old.quote and "eighteen (18)" in old.quote
    assert new.quote in new.clause_text and len(new.quote) <= 600
    assert "under 18" in answer_lead(answer)
    # … and goes on over the changed sentences right after it, while they fit
    assert "you agree to fully indemnify and hold harmless DistroKid" in _flat(new.quote)


def answer_lead(answer: Answer) -> str:
    from fineprint.answering.wording import lead_text

    assert answer.lead is not None
    return lead_text(answer.lead, answer.citations)


@pytest.fixture(scope="module")
def change_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(
        tmp_path_factory,
        embedder,
        "soundcloud/terms-of-use",
        "reddit/terms-of-service",
        "tiktok/terms-of-service",
    )


def test_a_change_quotes_the_changed_sentences_that_answer_each_other(
    change_asker: Answerer,
) -> None:
    # SoundCloud's 2016 "Changes" clause opens with "We reserve the right to change…"; the
    # sentence its 2018 rewrite answers is the one with the notice period
    _, old, new = _change(
        change_asker,
        "How many weeks after notice did revised SoundCloud terms become effective in the 2016 "
        "terms versus the 2018 update?",
        ("2016-04-20", "2018-05-25"),
    )
    assert "six (6) weeks" in _flat(old.quote) and "We reserve the right" not in old.quote
    assert "two (2) weeks" in _flat(new.quote)
    assert old.quote in old.clause_text and new.quote in new.clause_text


def test_a_side_whose_clause_did_not_change_quotes_its_versions_clause_that_did(
    change_asker: Answerer,
) -> None:
    # both versions' best clause is the grant to other users, the same words but a comma:
    # the AI-training sentences that changed are quoted instead
    _, old, new = _change(
        change_asker,
        "How did SoundCloud's terms on using my uploads for AI change from February 2024 to "
        "May 2025?",
        ("2024-02-07", "2025-05-27"),
    )
    assert "may be used to inform, train" in _flat(old.quote)
    assert "We will not use your content to train generative AI" in _flat(new.quote)


def test_years_named_whole_compare_the_versions_either_side_of_the_change(
    change_asker: Answerer,
) -> None:
    # Reddit has two versions of 2020: "the 2020 version" a change in 2021 replaced is the
    # later one; TikTok's terms changed twice in 2025, and "in 2025" starts with the first
    between = change_asker.ask(
        "What changed in Reddit's terms about arbitration between the 2020 and 2021 versions?"
    )
    assert between.time is not None
    assert (between.time.old_version, between.time.new_version) == ("2020-09-22", "2021-08-16")
    within = change_asker.ask(
        "What did TikTok's terms of service change about underage users in 2025?"
    )
    assert within.time is not None
    assert (within.time.old_version, within.time.new_version) == ("2022-12-15", "2025-05-05")
    assert "allowing someone underage" in _flat(within.citations[1].quote)


def test_did_not_change_is_not_said_where_a_clause_as_close_changed(x_asker: Answerer) -> None:
    # the clause that answers ("X may bring any claim … in any competent court in the country
    # in which you reside") is the same in both; the forum clause, as close by meaning, adds
    # Wichita County in 2026
    answer, old, new = _change(
        x_asker,
        "Did the courts I have to sue X in change between the December 2025 terms and the "
        "April 2026 terms?",
        ("2025-12-17", "2026-04-11"),
    )
    assert not answer.time.unchanged
    assert "courts located in Tarrant County" in _flat(old.quote)
    assert "courts located in Wichita County or Tarrant County" in _flat(new.quote)
    assert any(op.op == "+" and "Wichita County" in op.text for op in answer.time.diff)


def test_two_versions_silent_on_it_are_not_said_to_hold_one_unchanged_clause(
    change_asker: Answerer,
) -> None:
    # Reddit's terms say nothing of AI before 2026: "did not change" quoting whatever clause
    # of 2023 came first would read as if there were a rule
    answer = change_asker.ask("what changed in reddit's user agreement about AI in 2023?")
    assert answer.time is not None and answer.time.intent == "what-changed"
    assert answer.time.unchanged and answer.time.sides_quoted == (False, False)
    assert answer.citations[0].version_date == "2026-07-02"
    assert "train AI" in answer.citations[0].quote
    lead = answer_lead(answer)
    assert lead.startswith("Neither the version of 2021-08-16 nor the one of 2023-09-25")
    assert "did not change" not in lead


@pytest.fixture(scope="module")
def sides_asker(tmp_path_factory: pytest.TempPathFactory, embedder: MemoEmbedder) -> Any:
    return document_answerer(
        tmp_path_factory,
        embedder,
        "discord/terms-of-service",
        "substack/privacy-policy",
        "pinterest/terms-of-service",
        "artstation/terms-of-service",
    )


def test_a_side_with_no_changed_sentence_is_quoted_where_the_change_continues(
    sides_asker: Answerer,
) -> None:
    # both versions answer best with "Disabling your account…", the same words: the 2025
    # clause also holds "for any reason, or for the following reasons", whose 2023 wording is
    # in the separate "Our right to terminate" clause
    _, old, new = _change(
        sides_asker,
        "what did discord's terms say before and after the 2025 update about the reasons they "
        "can suspend your account?",
        ("2023-02-24", "2025-04-16"),
    )
    assert "at our discretion for the following reasons" in _flat(old.quote)
    assert "for any reason, or for the following reasons" in _flat(new.quote)


def test_a_side_is_matched_by_wording_where_meaning_finds_no_clear_match(
    sides_asker: Answerer,
) -> None:
    # 2025's best clause is about data controllers; the list 2026 adds "generative AI
    # services" to continues, word for word, the 2025 list
    _, old, new = _change(
        sides_asker,
        "did substack's privacy policy start sharing our data with AI companies in 2026? what "
        "did its list of third parties say before and after?",
        ("2025-08-01", "2026-06-05"),
    )
    assert "Such third parties further include" in old.quote
    assert "generative AI services" not in old.quote
    assert "generative AI services" in new.quote


def test_the_side_that_ranks_higher_is_the_one_the_other_is_matched_to(
    sides_asker: Answerer,
) -> None:
    # by meaning alone 2021's "Our license to you" (Pinterest's licence to the user) ranks
    # above the grant the question is about; the fused score, with "monetize", does not
    _, old, new = _change(
        sides_asker,
        "how did the license pinterest gets to my pins change in the 2023 terms? i heard "
        "monetize was added",
        ("2021-07-24", "2023-08-02"),
    )
    assert "You grant Pinterest and our users a non-exclusive" in _flat(old.quote)
    assert "monetize" in new.quote


def test_a_change_between_two_years_named_is_placed_in_the_version_it_came(
    change_asker: Answerer,
) -> None:
    # Reddit's arbitration clause changed in 2021 and not again up to 2026
    answer = change_asker.ask(
        "how did reddit's terms about arbitration change between 2020 and 2026?"
    )
    assert answer.time is not None and not answer.time.unchanged
    assert (answer.time.old_version, answer.time.new_version) == ("2020-09-22", "2026-07-02")
    assert answer.time.changed_in == ("2021-08-16",)
    assert answer.time.to_json()["changed_in"] == ["2021-08-16"]
    assert "in the version of 2021-08-16" in answer_lead(answer)


def test_a_sentence_extended_in_the_new_version_is_a_change(sides_asker: Answerer) -> None:
    # 2025 adds "(Nothing in the foregoing is intended to affect any statutory right of
    # withdrawal. …)" after 2023's whole sentence, and splits the list into clauses of its own
    answer, old, new = _change(
        sides_asker,
        "if my artstation account gets terminated do i get my fees back? what did the 2023 "
        "terms say vs the december 2025 ones?",
        ("2023-02-18", "2025-12-10"),
    )
    assert not answer.time.unchanged
    assert "you will not receive any refunds for fees" in old.quote
    assert "statutory right of withdrawal" not in old.quote
    assert "statutory right of withdrawal" in new.quote
