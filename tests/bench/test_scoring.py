"""Tests for bench.scoring: the scorer decides what "correct" means, so pin its rules down."""

from __future__ import annotations

import pytest

from bench.scoring import (
    drop_link_targets,
    first_hit_rank,
    format_table,
    is_hit,
    normalise_slug,
    score,
    texts_overlap,
    words,
)

GOLD_TEXT = (
    "By providing Content to the Service, you grant to YouTube a worldwide, non-exclusive, "
    "royalty-free, transferable, sublicensable licence to use that Content."
)
GOLD = {
    "platform": "youtube",
    "document": "terms-of-service",
    "version_dates": ["2020-11-09"],
    "text": GOLD_TEXT,
}


def cite(quote: str = GOLD_TEXT, **overrides: str) -> dict:
    """A citation that hits GOLD unless a field is overridden."""
    citation = {
        "platform": "youtube",
        "document": "terms-of-service",
        "version_date": "2020-11-09",
        "quote": quote,
    }
    citation.update(overrides)
    return citation


def miss() -> dict:
    return cite("Completely unrelated words about refunds and billing cycles.")


# --- slugs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Terms of Use", "terms-of-use"),
        ("X (Twitter)", "x-twitter"),
        ("Privacy_Policy", "privacy policy"),
        ("YouTube", "youtube"),
    ],
)
def test_slug_normalisation_equates_spellings(a: str, b: str) -> None:
    assert normalise_slug(a) == normalise_slug(b)


def test_slug_normalisation_handles_none() -> None:
    assert normalise_slug(None) == ""


def test_display_names_hit_like_slugs() -> None:
    assert is_hit(cite(platform="YouTube", document="Terms of Service"), GOLD)


def test_other_platform_or_document_is_a_miss() -> None:
    assert not is_hit(cite(platform="vimeo"), GOLD)
    assert not is_hit(cite(document="privacy-policy"), GOLD)


# --- link targets ------------------------------------------------------------------------------


def test_link_targets_are_dropped_but_link_text_kept() -> None:
    text = "See our [Public Content Policy](https://support.example.com/hc/articles/123) now."
    assert drop_link_targets(text) == "See our [Public Content Policy] now."
    assert words(text) == ["see", "our", "public", "content", "policy", "now"]


def test_link_targets_with_parentheses_and_titles_are_dropped() -> None:
    text = '[wiki](https://en.wikipedia.org/wiki/Fair_use_(US)) and [x](https://x.com "X")'
    assert words(text) == ["wiki", "and", "x"]


def test_link_target_does_not_count_towards_overlap() -> None:
    # Same visible words; only the URL differs, so the passage must still hit.
    gold = dict(GOLD, text="Read the [privacy guidelines](https://a.example/one/two/three) first.")
    passage = "Read the [privacy guidelines](https://b.example/completely/different) first."
    assert is_hit(cite(passage), gold)


def test_words_are_lower_case_alphanumeric_and_unicode_aware() -> None:
    assert words("Don’t **USE** bots—ever! Écoutes 2024") == [
        "don",
        "t",
        "use",
        "bots",
        "ever",
        "écoutes",
        "2024",
    ]


# --- the 50 % / 80 % rules ----------------------------------------------------------------------


GOLD_TEN = "one two three four five six seven eight nine ten"


def test_half_of_gold_words_in_passage_is_a_hit() -> None:
    assert texts_overlap(GOLD_TEN, "one two three four five and then many other unrelated words")


def test_just_under_half_of_gold_words_is_a_miss() -> None:
    # 4/10 gold words; 4/9 passage words: neither rule holds.
    assert not texts_overlap(GOLD_TEN, "one two three four alpha beta gamma delta epsilon")


def test_short_passage_inside_long_gold_is_a_hit_by_80_percent_rule() -> None:
    # 4/10 of the gold, but 4/5 = 80 % of the passage lies inside the gold.
    assert texts_overlap(GOLD_TEN, "three four five six zebra")


def test_short_passage_under_80_percent_is_a_miss() -> None:
    # 3/10 of the gold and 3/4 = 75 % of the passage.
    assert not texts_overlap(GOLD_TEN, "three four five zebra")


def test_words_must_match_in_order() -> None:
    # All ten words present, but reversed: only one can be matched in order.
    assert not texts_overlap(GOLD_TEN, " ".join(reversed(GOLD_TEN.split())))


def test_frequent_words_are_not_junked_in_long_passages() -> None:
    # difflib's autojunk would ignore "the" in a 200+ word passage and undercount the match.
    gold = " ".join(["the"] * 30 + ["licence"])
    passage = " ".join(["the"] * 30 + ["licence"] + ["filler"] * 250)
    assert texts_overlap(gold, passage)


def test_empty_passage_is_never_a_hit() -> None:
    assert not texts_overlap(GOLD_TEN, "")
    assert not is_hit(cite(""), GOLD)


def test_passage_may_be_given_as_text() -> None:
    citation = cite()
    citation["text"] = citation.pop("quote")
    assert is_hit(citation, GOLD)


# --- versions ---------------------------------------------------------------------------------


def test_wrong_version_is_a_miss_even_with_identical_text() -> None:
    assert not is_hit(cite(version_date="2021-05-18"), GOLD)


def test_any_listed_version_is_accepted() -> None:
    gold = dict(GOLD, version_dates=["2020-11-09", "2021-05-18"])
    assert is_hit(cite(version_date="2021-05-18"), gold)


# --- ranks and MRR ----------------------------------------------------------------------------


def test_first_hit_rank_is_one_based() -> None:
    assert first_hit_rank([cite()], [GOLD]) == 1
    assert first_hit_rank([miss(), miss(), cite()], [GOLD]) == 3
    assert first_hit_rank([miss()], [GOLD]) is None
    assert first_hit_rank([], [GOLD]) is None


def test_first_hit_rank_accepts_any_gold_item() -> None:
    other = dict(GOLD, document="community-guidelines", text="No spam, scams or deceptive links.")
    citations = [
        miss(),
        cite("No spam, scams or deceptive links.", document="community-guidelines"),
    ]
    assert first_hit_rank(citations, [GOLD, other]) == 2


def question(kind: str = "current", golds: list[dict] | None = None) -> dict:
    return {"id": "q", "kind": kind, "gold": [GOLD] if golds is None else golds}


def answer(citations: list[dict], abstained: bool = False) -> dict:
    return {"abstained": abstained, "citations": citations}


def test_score_recall_and_mrr() -> None:
    results = [
        (question(), answer([cite()])),  # rank 1
        (question(), answer([miss(), miss(), cite()])),  # rank 3
        (question(), answer([miss()] * 7 + [cite()])),  # rank 8
        (question(), answer([miss()] * 10 + [cite()])),  # rank 11: beyond MRR@10
    ]
    current = score(results)["current"]
    assert current["n"] == 4
    assert current["recall@1"] == pytest.approx(1 / 4)
    assert current["recall@5"] == pytest.approx(2 / 4)
    assert current["mrr@10"] == pytest.approx((1 + 1 / 3 + 1 / 8 + 0) / 4)
    assert current["false_abstention_rate"] == 0


def test_score_groups_by_kind_and_pools_answerable() -> None:
    results = [
        (question("current"), answer([cite()])),
        (question("history"), answer([miss()])),
        (question("version-sensitive"), answer([miss(), cite()])),
    ]
    scores = score(results)
    assert scores["current"]["recall@1"] == 1
    assert scores["history"]["recall@5"] == 0
    assert scores["version-sensitive"]["mrr@10"] == pytest.approx(0.5)
    assert scores["answerable"]["n"] == 3
    assert scores["answerable"]["mrr@10"] == pytest.approx((1 + 0 + 0.5) / 3)


# --- abstention -------------------------------------------------------------------------------


def test_abstention_on_answerable_question_is_a_miss_even_with_citations() -> None:
    scores = score([(question(), answer([cite()], abstained=True))])
    assert scores["current"]["recall@1"] == 0
    assert scores["current"]["mrr@10"] == 0
    assert scores["current"]["false_abstention_rate"] == 1


def test_not_in_corpus_reports_abstention_rate_only() -> None:
    nic = question("not-in-corpus", golds=[])
    results = [
        (nic, answer([], abstained=True)),
        (nic, answer([], abstained=True)),
        (nic, answer([miss()], abstained=False)),
        (question(), answer([cite()])),
    ]
    scores = score(results)
    assert scores["not-in-corpus"] == {"n": 3, "abstention_rate": pytest.approx(2 / 3)}
    # not-in-corpus questions do not dilute the answerable metrics
    assert scores["answerable"]["n"] == 1
    assert scores["answerable"]["recall@1"] == 1


def test_false_abstention_rate_counts_only_answerable_abstentions() -> None:
    results = [
        (question(), answer([], abstained=True)),
        (question(), answer([cite()])),
        (question("not-in-corpus", golds=[]), answer([], abstained=True)),
    ]
    scores = score(results)
    assert scores["current"]["false_abstention_rate"] == pytest.approx(0.5)
    assert scores["answerable"]["false_abstention_rate"] == pytest.approx(0.5)


# --- table ------------------------------------------------------------------------------------


def test_format_table_compares_systems() -> None:
    good = score(
        [
            (question(), answer([cite()])),
            (question("not-in-corpus", golds=[]), answer([], abstained=True)),
        ]
    )
    bad = score([(question(), answer([miss()]))])
    table = format_table({"bm25": bad, "hybrid": good}, ["hybrid", "bm25"])
    lines = table.splitlines()
    assert lines[0] == "| kind | metric | hybrid | bm25 |"
    assert "| current | recall@1 | 1.000 | 0.000 |" in lines
    assert "| current | n | 1 | 1 |" in lines
    # bm25 was never asked a not-in-corpus question: shown as missing, not as zero
    assert "| not-in-corpus | abstention_rate | 1.000 | – |" in lines
    assert lines.index("| answerable | n | 1 | 1 |") < lines.index("| not-in-corpus | n | 1 | – |")


def test_first_quote_figures_report_length_and_whether_it_holds_the_gold() -> None:
    gold = {
        "platform": "soundcloud",
        "document": "terms-of-use",
        "version_dates": ["2026-08-17"],
        "text": "We will not use your content to train generative AI models.",
    }
    question = {"kind": "current", "gold": [gold]}

    def cited(quote: str) -> dict:
        citation = {key: gold[key] for key in ("platform", "document")}
        return {
            "abstained": False,
            "citations": [citation | {"version_date": "2026-08-17", "quote": quote}],
        }

    holding = cited("Intro. We will not use your content to train generative AI models. More.")
    inside = cited("train generative AI models")
    scores = score([(question, holding), (question, inside)])
    assert (
        scores["current"]["first_quote_chars"] == (len(holding["citations"][0]["quote"]) + 26) / 2
    )
    assert scores["current"]["gold_in_first_quote"] == 0.5  # the short one is a hit, not the gold
    assert scores["current"]["recall@1"] == 1.0
