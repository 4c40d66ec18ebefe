"""Questions of time — since when, what changed, still true — answered from the question asked
of every version of its document (`versions_asked`): which versions answer, the two sides of a
change and the sentences they quote, what a version says instead, and which absences may be
claimed. `TimeQuestions` is a part of `answer.Answerer` (its base), kept apart so that the
plain path and the time path each read as one thing; it uses the answerer's search, quoting
and citing (declared below for the type checker).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from fineprint.answering.answer_data import Answer, Citation, Lead, Pick
from fineprint.answering.history import (
    Period,
    continuation,
    dense_thresholds,
    history_entries,
    word_sequence,
)
from fineprint.answering.question import ParsedQuestion
from fineprint.answering.quotes import QuoteChooser
from fineprint.answering.time_answer import TimeAnswer, time_answer
from fineprint.answering.versions_asked import (
    FUSED_SHARE,
    VERSION_MARGIN,
    Bar,
    TimedFinding,
    VersionsAsked,
    ask_versions,
    closer_changes,
    closest,
    find_in_time,
    no_longer_holding,
    periods_asked,
    said_instead,
    same_reading,
    sentences_held,
    side,
    unanswered_checked,
)
from fineprint.catalog.clauses import Clause, normalise_text, version_id
from fineprint.catalog.closeness import CLOSE, Sentences, clause_sentences, sentences
from fineprint.catalog.printed_dates import dates_the_text
from fineprint.catalog.registry import VersionRecord
from fineprint.retrieval.answer_spans import answer_spans
from fineprint.retrieval.index import SearchIndex
from fineprint.retrieval.search import Hit, Searcher, expand
from fineprint.text import sentence_spans, tokens

# A since-when question's words this rare (or the legal words they stand for), when the best
# version's quote holds them, must be in the first version's clause too. Set on the validation
# split (`python -m bench.history_bench --dev --since-grid`: since-when [1] .786 without it,
# .929 for any value from 2.5 to 6; the middle of that plateau).
SINCE_WORD_IDF = 4.0
# A still-true question's words this rare that the first answering version holds must be in
# the newest answering clause for it to answer *as before* ("still require arbitration": a
# newest clause on informal resolution alone does not). Set on the validation split: `python
# -m bench.history_bench --dev --still-grid`: the still / no-longer verdict is right for 7 of
# 8 dev questions at any value from 2.0 to 3.5, 6 of 8 from 4.0 up (and without it); the
# middle of that plateau. [1] is .875 throughout.
STILL_WORD_IDF = 3.0
# "No clause answering this was found in the versions of A to B" is not said of versions that
# hold the question's words this rare that the answer's quote holds (Snapchat's 2025 terms name
# "My AI" in a definition search does not rank): Fineprint then only says it found none.
ABSENCE_WORD_IDF = 3.0
Spans = list[tuple[Pick, tuple[int, int]]]  # spans of clauses, each with the pick it is of
CONTINUED_SPANS = 3  # a side's changed sentences followed into the other version (a priori)
CHANGE_QUOTE_CHARS = 600  # a what-changed side's quote, the changed sentence included
# A what-changed answer quotes the pair of changed sentences, one per side, that score best on
# closeness to the question (each) plus PAIR_WEIGHT × closeness to each other, of up to
# PAIR_SPANS changed spans per side (their vectors are kept, as the quotes' are).
PAIR_WEIGHT = 0.5
PAIR_SPANS = 6
PAIR_CLAUSES = 3  # … from the side's own clause and its version's next answering clauses
# How far below the best version's best sentence the first version's may be (cosine): tuned on
# the validation split (`python -m bench.history_bench --dev --since-grid`), not on wave 3.
SINCE_SPAN_MARGIN = 0.08  # dev since [1]: 0.00 .929, 0.02 .857, 0.05 and 0.08 .786, 0.10+ .714
# (as before); the largest value of the 0.05-0.08 plateau, because "when did soundcloud first
# mention AI" must stay 2024 (its 2024 sentence scores 0.048 below its 2025 one): a question
# about a first *mention* is answered by a weaker sentence than the best one


class TimeQuestions:
    """The time path of `answer.Answerer` (see the module's docstring)."""

    if TYPE_CHECKING:
        index: SearchIndex
        searcher: Searcher
        quotes: QuoteChooser
        min_relevance: float

        def _pick_hit(self, hit: Hit, question: ParsedQuestion, *, dense: bool = True) -> Pick: ...

        def _pick(
            self, question: ParsedQuestion, versions: list[VersionRecord], k: int
        ) -> list[Pick]: ...

        def _citation(
            self,
            clause: Clause,
            first: int,
            last: int,
            score: float,
            similarity: float | None = None,
        ) -> Citation: ...

        def _lead(
            self,
            question: ParsedQuestion,
            citations: list[Citation],
            time: TimeAnswer | None = None,
        ) -> Lead: ...

    def _answer_in_time(self, question: ParsedQuestion, k: int) -> Answer | None:
        """Since when / what changed / still true, from the question asked of every version
        of its document (`versions_asked`); None when no version answers it (the ordinary
        path then abstains or answers from the current terms)."""
        asked = ask_versions(self.searcher, question, self.min_relevance)
        if asked is None or not asked.answering:
            return None

        def quote_of(hit: Hit) -> str:
            pick = self._pick_hit(hit, question, dense=False)
            return hit.clause.text[pick.start : pick.end]

        def quoted_vector(hit: Hit) -> npt.NDArray[np.float32]:
            """The vector of the span a citation of `hit` quotes: the sentence that answered."""
            pick = self._pick_hit(hit, question)
            return self.searcher.text_vector(hit.clause.text[pick.start : pick.end])

        if question.intent == "still-true":
            asked = no_longer_holding(
                self.index, asked, lambda hit: self._rare_words_held(question, hit, STILL_WORD_IDF)
            )
        asked = said_instead(self.index, asked, quoted_vector)
        found = find_in_time(self.index, asked, question)
        if found.since is not None:
            found, asked = self._since_by_sentence(asked, found, question)
        picks = [self._pick_hit(hit, question) for n in found.quoted if (hit := side(asked, n))]
        if found.change is None:  # a change's two sides are both shown, even where alike
            picks = _distinct_quotes(picks)
        elif len(picks) == 2:
            picks = self._change_sides(asked, found, picks, question)
        citations = [
            self._citation(p.hit.clause, p.start, p.end, p.score, p.similarity) for p in picks
        ]
        shown = {(c.version_date, normalise_text(c.clause_text)) for c in citations}
        quoted = {normalise_text(c.quote) for c in citations}
        # more from the versions the answer is about: the first (since when), both sides
        about = [
            asked.answers[n].version for n in (found.quoted if found.change else found.quoted[:1])
        ]
        per_version = [self._pick(question, [v], k) for v in about]
        for extra in _alternating(per_version):
            citation = self._citation(
                extra.hit.clause, extra.start, extra.end, extra.score, extra.similarity
            )
            key = (citation.version_date, normalise_text(citation.clause_text))
            words = normalise_text(citation.quote)
            if key not in shown and words not in quoted:  # a capture may hold a clause twice
                shown.add(key)
                quoted.add(words)
                citations.append(citation)
        citations = citations[:k]
        # the versions the quotes stand for: both sides of a change (a side quoted from a
        # version that does not clear the bar is not then called silent in the history)
        sides = citations[: len(found.quoted)] if found.change else citations[:1]
        cited = {version_id(c.platform, c.document, c.version_date) for c in sides}
        found_periods = unanswered_checked(
            self.index,
            asked,
            periods_asked(self.index, asked, quote_of, cited),
            self._rare_terms_held(question, citations[0].quote),
        )
        shown_sides = (
            tuple(p.hit.clause.text[p.start : p.end] for p in picks)
            if found.change is not None and len(picks) == 2
            else None
        )
        time = time_answer(question, asked, found, quote_of, shown_sides)
        return Answer(
            question.text,
            citations,
            lead=self._lead(question, citations, time),
            history=history_entries(
                self.index, found_periods, citations[0].quote, wording_origin=False
            ),
            history_of=citations[0],
            periods=found_periods,
            time=time,
        )

    def _absences_asked(
        self, question: ParsedQuestion, periods: list[Period], cited: Hit
    ) -> list[Period]:
        """The cited clause's absences, checked against the question too: a period whose
        versions hold no wording near the cited clause but a clause that answers the question
        about as well as the cited one (within VERSION_MARGIN) is not said to have "no clause
        on this" — DeviantArt's 2020 terms lack the patent-licence clause cited for "what licence
        did DeviantArt take on my uploads", not a licence on uploads."""
        absent = [n for n, period in enumerate(periods) if period.absent]
        if not absent:
            return periods
        history = self.index.registry.history(cited.clause.platform, cited.clause.document)
        best = self.searcher.best_per_version(question, history, per_version=1)
        own = best.get(cited.clause.version_id) or [cited]  # the cited version, in this pool
        bar = Bar(
            dense=own[0].dense - VERSION_MARGIN,
            fused=own[0].score * FUSED_SHARE,
            floor=self.min_relevance,
        )
        checked = list(periods)
        for n in absent:
            period = periods[n]
            if any(
                bar.cleared(hits[0])
                for v in history
                if period.first.version_date <= v.version_date <= period.last.version_date
                for hits in [best.get(v.version_id, [])]
                if hits
            ):
                checked[n] = replace(period, absent=False)
        return checked

    def _matched_sides(
        self,
        asked: VersionsAsked,
        found: TimedFinding,
        picks: list[Pick],
        question: ParsedQuestion,
    ) -> tuple[Pick, Pick]:
        """A change's two sides as one clause then and now: the side that answers better
        stays; the other becomes its version's clause closest in meaning to that side's quote
        when one stands out and is as close as a rewrite of it (`versions_asked.closest`) —
        each version's own best clause can be a neighbour of the one that changed. Dev
        what-changed [1-2] .643 → .714 (`python -m bench.history_bench --dev`); at the looser
        closeness of `said_instead` (.65) a neighbour was matched (YouTube 2013's termination
        clause for the comments licence), hence a rewrite's closeness."""
        strong = 0 if picks[0].hit.score >= picks[1].hit.score else 1
        weak = 1 - strong
        anchor = picks[strong]
        anchor_quote = anchor.hit.clause.text[anchor.start : anchor.end]
        wanted = self.searcher.text_vector(anchor_quote)
        position = found.quoted[weak]
        # as close as history's "too close to call it another clause" (the model's calibrated
        # DENSE_NEAR): a rewrite of the same clause, not a neighbour on the same subject
        near = dense_thresholds(self.index)[1]
        answer = asked.answers[position]
        match = closest(self.index, answer, wanted, self.min_relevance, near)
        if match is None:  # none stands out by meaning: the clause continuing it by wording
            row = continuation(self.index, answer.version, anchor.hit.row, anchor_quote)
            match = next(
                (h for h in answer.candidates if h.row == row and h.dense >= self.min_relevance),
                None,
            )
        if match is None or match.row == picks[weak].hit.row:
            return picks[0], picks[1]
        matched = list(picks)
        matched[weak] = self._pick_hit(match, question)
        return matched[0], matched[1]

    def _change_sides(
        self,
        asked: VersionsAsked,
        found: TimedFinding,
        picks: list[Pick],
        question: ParsedQuestion,
    ) -> list[Pick]:
        """A change's two quotes: one clause then and now (`_matched_sides`), quoted at the
        changed sentences that answer (`_changed_pair`); else each side reaching its nearest
        changed sentence. Sides matched to a clause that reads the same word for word in both
        fall back to each version's own best clause (Spotify's rules: "podcaster, or" →
        "podcaster or" is no change to show)."""
        old_pick, new_pick = self._matched_sides(asked, found, picks, question)
        further = tuple(
            [h for h in asked.answers[n].candidates[:PAIR_CLAUSES] if asked.bar.cleared(h)]
            for n in found.quoted
        )
        paired = self._changed_pair((old_pick, new_pick), (further[0], further[1]), question)
        old_answer, new_answer = (asked.answers[n] for n in found.quoted)
        if paired is None and same_reading(self.index, old_answer, new_answer):
            # the clause that answers reads the same in both: the change is in a clause closer
            # in meaning (`versions_asked.closer_changes`, why it was called a change)
            paired = self._changed_pair(
                (old_pick, new_pick), closer_changes(self.index, asked, *found.quoted), question
            )
        if paired is not None:
            return list(paired)
        if _same_words(old_pick, new_pick):
            old_pick, new_pick = picks[0], picks[1]
        sides = [
            self._with_changed_sentence(old_pick, new_pick),
            self._with_changed_sentence(new_pick, old_pick),
        ]
        if _same_words(*sides):
            # the same words as "before" and "after" tell the reader nothing: a side whose
            # changed sentence is too far to quote with them quotes that sentence alone
            sides = [
                self._with_changed_sentence(old_pick, new_pick, alone=True),
                self._with_changed_sentence(new_pick, old_pick, alone=True),
            ]
        return sides

    def _changed_pair(
        self,
        sides: tuple[Pick, Pick],
        others: tuple[list[Hit], list[Hit]],
        question: ParsedQuestion,
    ) -> tuple[Pick, Pick] | None:
        """A change's two quotes as the pair of changed sentences that answer the question and
        answer each other: of each side's sentences the other version lacks (up to PAIR_SPANS,
        nearest its quote first, then from `others`, the side's version's further clauses
        that answer), the pair with the highest sum of their closeness to the question and to
        each other. SoundCloud's 2016 "Changes" clause opens with "We reserve the right to
        change…", but the sentence its 2018 rewrite answers is "… effective six (6) weeks after
        such notification". None when a side has no changed sentence."""
        old, new = sides
        found = (
            self._changed_spans(old, new, others[0]),
            self._changed_spans(new, old, others[1]),
        )
        # each side's changed sentence, where it continues in the other version, is a
        # candidate for that side too
        more = [
            self._continuing_spans(sides, found, question, have) if found[have] else []
            for have in (0, 1)
        ]
        found = (_joined(found[0], more[1]), _joined(found[1], more[0]))
        if not found[0] or not found[1]:
            return None
        query = self.searcher.query_vector(question)
        vectors = [
            np.array([self.quotes.span_vectors(pick.hit.clause, [span])[0] for pick, span in spans])
            for spans in found
        ]
        scores = (
            (vectors[0] @ query)[:, None]
            + (vectors[1] @ query)[None, :]
            + PAIR_WEIGHT * (vectors[0] @ vectors[1].T)
        )
        i, j = np.unravel_index(int(np.argmax(scores)), scores.shape)
        chosen = []
        for spans, n in ((found[0], int(i)), (found[1], int(j))):
            pick, span = spans[n]
            own = sorted(s for p, s in spans if p.hit.row == pick.hit.row)
            start, end = _changed_run(pick.hit.clause.text, own, *span)
            chosen.append(replace(pick, start=start, end=end))
        return chosen[0], chosen[1]

    def _continuing_spans(
        self,
        sides: tuple[Pick, Pick],
        found: tuple[Spans, Spans],
        question: ParsedQuestion,
        have: int,
    ) -> Spans:
        """The changed spans of the other side's version in the clauses that continue, by
        wording, side `have`'s first CONTINUED_SPANS changed sentences. Discord's 2025 "for
        any reason, or for the following reasons" continues the 2023 "Our right to terminate"
        clause, while 2023's own answer ("Disabling your account…") is unchanged. A rewrite
        found this way pairs well (close to the other side): it wins where it is as close to
        the question."""
        lacking = sides[1 - have]
        version = self.index.registry.versions[lacking.hit.clause.version_id]
        rows: list[int] = []
        for pick, (start, end) in found[have][:CONTINUED_SPANS]:
            quote = self._changed_sentence(pick.hit.clause.text[start:end], version)
            row = continuation(self.index, version, pick.hit.row, quote)
            if row is not None and row != lacking.hit.row and row not in rows:
                rows.append(row)
        if not rows:
            return []
        hits = {h.row: h for h in self.searcher.ranked(question, [version]) if h.row in rows}
        spans: Spans = []
        for row in rows:
            if row in hits:
                spans += self._changed_spans(self._pick_hit(hits[row], question), sides[have], [])
        return spans

    def _changed_sentence(self, span: str, version: VersionRecord) -> str:
        """The span's first sentence `version` does not hold, without its closing punctuation
        (a list item's ";" may end in "(…)." there); the span itself when none stands out."""
        for a, b in sentence_spans(span):
            if not sentences_held(self.index, span[a:b], version):
                return span[a:b].strip().rstrip(";,.:")
        return span

    def _changed(self, span: str, version: VersionRecord) -> bool:
        """Is `span` a changed sentence (or run of them) against `version`: four words or
        more, not held there (`sentences_held`), and not a line that only dates the text?"""
        return (
            len(tokens(span)) >= 4
            and not sentences_held(self.index, span, version)
            and not dates_the_text(span)
        )

    def _changed_spans(self, pick: Pick, other: Pick, further: list[Hit]) -> Spans:
        """The quotable spans of `pick`'s clause, then of the `further` clauses, that `other`'s
        version does not hold, up to PAIR_SPANS: the nearest to `pick`'s quote first."""
        version = self.index.registry.versions[other.hit.clause.version_id]
        found: Spans = []
        for n, hit in enumerate([pick.hit, *(h for h in further if h.row != pick.hit.row)]):
            text = hit.clause.text
            changed = [(a, b) for a, b in answer_spans(text) if self._changed(text[a:b], version)]
            if n == 0:
                changed.sort(key=lambda span: max(0, span[0] - pick.end, pick.start - span[1]))
            owner = pick if n == 0 else Pick(hit, 0, len(text), hit.score, hit.dense)
            found.extend((owner, span) for span in changed)
        return found[:PAIR_SPANS]

    def _with_changed_sentence(self, pick: Pick, other: Pick, *, alone: bool = False) -> Pick:
        """One side of a change, its quote reaching the nearest sentence of its clause that the
        other side's version does not hold (within CHANGE_QUOTE_CHARS): DistroKid's 2024 age
        clause keeps its first sentence as before and adds "if you are under 18 but at least
        13" after it — the quote must show the addition, not only the sentence both share.
        Compared word for word, as `_changed_spans` does (a comma moved is no change). With
        `alone`, a changed sentence too far to reach is quoted by itself."""
        clause = pick.hit.clause
        version = self.index.registry.versions[other.hit.clause.version_id]
        changed = [
            (a, b)
            for a, b in sentence_spans(clause.text)
            if self._changed(clause.text[a:b], version)
        ]
        if not changed:
            return pick
        start, end = pick.start, pick.end
        if not any(start <= a < end for a, _ in changed):
            nearest = min(changed, key=lambda span: min(abs(span[0] - end), abs(start - span[1])))
            start, end = min(start, nearest[0]), max(end, nearest[1])
            if end - start > CHANGE_QUOTE_CHARS:
                if not alone:
                    return pick
                start, end = nearest
        start, end = _changed_run(clause.text, changed, start, end)
        return replace(pick, start=start, end=end)

    def _since_by_sentence(
        self, asked: VersionsAsked, found: TimedFinding, question: ParsedQuestion
    ) -> tuple[TimedFinding, VersionsAsked]:
        """A since-when answer's first version, checked sentence by sentence: of the answering
        versions from the first on, the earliest whose best sentence (the span its quote would
        be) is within SINCE_SPAN_MARGIN of the best version's. A clause on the same subject can
        clear the bar years before the sentence that answers appears ("inauthentic content" in
        2025, "AI-generated content made with generic templates" in 2026). The versions before
        the first no longer count as answering, so the history agrees with the lead."""
        assert found.since is not None
        vector = self.searcher.query_vector(question)
        terms = set(question.expanded_terms)
        hits = {
            n: hit
            for n in asked.answering
            if n >= found.since and (hit := asked.answers[n].hit) is not None
        }
        if not hits:
            return found, asked
        closeness: dict[int, float] = {}
        quoted: dict[int, str] = {}
        for n, hit in hits.items():
            quote = self.quotes.choose(hit.clause, vector, terms, hit.focus)
            closeness[n] = hit.dense if quote.similarity is None else quote.similarity
            quoted[n] = hit.clause.text[quote.start : quote.end]
        best = max(closeness, key=lambda n: closeness[n])
        key = sentences(quoted[best])

        def holds_key(n: int) -> bool:
            """… or the version holds the best version's answering sentence word for word (the
            span chooser reads few spans of a long clause: Discord's 2022 appeal sentence ends
            a long one)."""
            held = Sentences(clause_sentences(hits[n].clause.text))
            return bool(key) and all(held.best(s, CLOSE).share >= CLOSE for s in key)

        bar = closeness[best] - SINCE_SPAN_MARGIN
        first = min(n for n in hits if closeness[n] >= bar or holds_key(n))
        # … and that holds the question's rarer words the best quote holds: "faces" in "since
        # when can't you harvest people's faces" came years after "harvesting usernames"
        # (a word of the question, or one of the legal words it stands for: "AI" is held by
        # "artificial intelligence")
        wanted = self._rare_words_held(question, quoted[best])

        def holds_words(n: int) -> bool:
            held = set(tokens(hits[n].clause.text))
            return all(alternatives & held for alternatives in wanted)

        holding = [n for n in hits if n >= first and holds_words(n)]
        if wanted and holding:
            first = holding[0]
        if first == found.since:
            return found, asked
        newest = found.quoted[-1]
        earlier = [
            replace(answer, hit=None) if n < first else answer
            for n, answer in enumerate(asked.answers)
        ]
        return (
            TimedFinding([first, newest] if first != newest else [first], since=first),
            replace(asked, answers=earlier),
        )

    def _rare_terms_held(self, question: ParsedQuestion, quote: str) -> set[str]:
        """The question's words rarer than ABSENCE_WORD_IDF that `quote` holds, themselves
        (not the legal words they stand for: "AI" stands for "learn", which every version
        holds)."""
        said = set(tokens(quote))
        return {
            term
            for term in question.terms
            if term in said and self.index.idf.get(term, 0.0) >= ABSENCE_WORD_IDF
        }

    def _rare_words_held(
        self, question: ParsedQuestion, held: Hit | str, rarer: float | None = None
    ) -> list[set[str]]:
        """The question's rarer words (idf ≥ `rarer`, SINCE_WORD_IDF by default) that `held`
        (a clause, or a quote) holds, each with the legal words it stands for ("AI" is held by
        "artificial intelligence"): what a version must hold to answer as that one does."""
        said = set(tokens(held if isinstance(held, str) else held.clause.text))
        return [
            alternatives
            for term in question.terms
            if self.index.idf.get(term, 0.0) >= (SINCE_WORD_IDF if rarer is None else rarer)
            for alternatives in [{term, *expand([term])}]
            if alternatives & said
        ]


def _joined(spans: Spans, more: Spans) -> Spans:
    """`spans` and then those of `more` it does not hold."""
    seen = {(pick.hit.row, span) for pick, span in spans}
    return spans + [(p, span) for p, span in more if (p.hit.row, span) not in seen]


def _same_words(one: Pick, other: Pick) -> bool:
    """Do two picks quote the same words (punctuation and formatting aside)?"""
    return word_sequence(one.hit.clause.text[one.start : one.end]) == word_sequence(
        other.hit.clause.text[other.start : other.end]
    )


def _alternating(per_version: list[list[Pick]]) -> list[Pick]:
    """Each version's picks taken in turn (best first within each): the further quotes of a
    "what changed" answer show both sides, not only the one search prefers."""
    queues = [list(picks) for picks in per_version]
    found: list[Pick] = []
    while any(queues):
        for queue in queues:
            if queue:
                found.append(queue.pop(0))
    return found


def _changed_run(
    text: str, changed: list[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """A change's quote grown over the changed sentences right next to it (within
    CHANGE_QUOTE_CHARS): DistroKid's 2024 age clause adds three sentences in a row, and the
    last ("If you are under 13 you may not use the Services") is the rule."""
    for a, b in changed:
        if a >= end and not text[end:a].strip() and b - start <= CHANGE_QUOTE_CHARS:
            end = b
    for a, b in reversed(changed):
        if b <= start and not text[b:start].strip() and end - a <= CHANGE_QUOTE_CHARS:
            start = a
    return start, end


def _distinct_quotes(picks: list[Pick]) -> list[Pick]:
    """The picks whose quotes differ: a since-when answer's first and newest versions often
    read the same, and the same words twice tell the reader nothing (the lead gives both
    dates)."""
    kept: list[Pick] = []
    seen: set[str] = set()
    for pick in picks:
        words = normalise_text(pick.hit.clause.text[pick.start : pick.end])
        if words not in seen:
            seen.add(words)
            kept.append(pick)
    return kept
