"""Extractive answers: the governing clauses quoted verbatim, cited, with their history.

Nothing here rewrites the terms: every quote is a slice of a stored clause (itself a slice of
its version's body). When nothing relevant enough is found, the answer says so and cites
nothing. An `Answer` is data — lead, citations, history entries, abstention, summary — worded
once (`answering/wording.py`) and laid out by each front end for its surface
(`cli/render_text.py`, `cli/render_json.py`, `bot/exts/ask/embeds.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from fineprint.answering.changes_asked import (
    ChangedClause,
    ChangeLister,
    asks_without_topic,
    changes_asked,
)
from fineprint.answering.citation_list import reading_list
from fineprint.answering.history import (
    HistoryEntry,
    Period,
    dense_thresholds,
    history_entries,
    row_containing,
    timeline,
)
from fineprint.answering.off_topic import carries_terms_meaning, off_topic
from fineprint.answering.parties import for_the_question
from fineprint.answering.question import ParsedQuestion, parse_question
from fineprint.answering.quotes import DENSE_CLAUSES, QuoteChooser
from fineprint.answering.scope import check_scope
from fineprint.answering.time_answer import TimeAnswer, time_answer
from fineprint.answering.versions_asked import (
    FUSED_SHARE,
    VERSION_MARGIN,
    Bar,
    TimedFinding,
    VersionsAsked,
    ask_versions,
    closest,
    find_in_time,
    no_longer_holding,
    periods_asked,
    said_instead,
    side,
    unanswered_checked,
)
from fineprint.catalog import lookups
from fineprint.catalog.clauses import Clause, normalise_text, version_id
from fineprint.catalog.closeness import CLOSE, Sentences, clause_sentences, sentences
from fineprint.catalog.language import clause_language
from fineprint.catalog.registry import VersionRecord
from fineprint.catalog.sources import Sources
from fineprint.retrieval.index import SearchIndex
from fineprint.retrieval.rerank_stage import RerankStage
from fineprint.retrieval.search import Hit, Searcher, expand
from fineprint.text import possessive, sentence_spans, tokens

# Every surface ends an answer with this notice, word for word.
NOT_LEGAL_ADVICE = (
    "Not legal advice: these are quotes from the platform's terms; read the full document, "
    "and ask a lawyer about your own situation."
)
QUOTE_CHARS = 1000  # longer clauses are cut to the sentences that match the question
HISTORY_QUOTE_CHARS = 400  # what an earlier wording is quoted with in a history line
# A since-when question's words this rare (or the legal words they stand for), when the best
# version's quote holds them, must be in the first version's clause too. Set on the validation
# split (`python -m bench.history_bench --dev --since-grid`: since-when [1] .786 without it,
# .929 for any value from 2.5 to 6; the middle of that plateau).
SINCE_WORD_IDF = 4.0
# A still-true question's words this rare that the first answering version holds must be in
# the newest answering clause for it to answer *as before* ("still require arbitration": a
# newest clause on informal resolution alone does not). Set on the validation split: `python
# -m bench.history_bench --dev --still-grid`.
STILL_WORD_IDF = 3.0
# "No clause answering this was found in the versions of A to B" is not said of versions that
# hold the question's words this rare that the answer's quote holds (Snapchat's 2025 terms name
# "My AI" in a definition search does not rank): Fineprint then only says it found none.
ABSENCE_WORD_IDF = 3.0
CHANGE_QUOTE_CHARS = 600  # a what-changed side's quote, the changed sentence included
DISTINCTIVE_IDF = 2.5  # words rarer than this (e.g. "train", "artificial") carry a question
# Abstention floors per encoder (fineprint.retrieval.encoder_model.relevance_floor): the best
# hit below the floor means nothing clearly governs the question; hits CITATION_MARGIN below it
# are not cited. The default model's floor is the stock one's until a model says otherwise.
MIN_RELEVANCE = 0.30
CITATION_MARGIN = 0.10  # below floor - margin a clause shares little meaning with the question
FIRST_VERSION_EXTRA = 2  # more clauses quoted from the version where a wording first appears


@dataclass(frozen=True)
class Citation:
    """One quoted clause (the JSON contract's citation)."""

    platform: str
    document: str
    section: str
    version_date: str
    url: str
    quote: str
    score: float
    platform_name: str = ""
    document_name: str = ""
    start: int = 0  # offsets of the quote in the version body
    end: int = 0
    language: str = "en"  # of the version (a French capture is quoted in French)
    clause_text: str = ""  # the whole clause the quote is cut from …
    clause_start: int = 0  # … and its offsets in the version body
    clause_end: int = 0
    effective_date: str = ""  # the date the version's text says it applies from ("" = none)
    effective_words: str = ""  # how it says so: "effective", "last updated", "last modified" …
    variant: str = ""  # the version's regional variant: a region code ("" = none told) …
    variant_label: str = ""  # … and its label, "EEA terms (Google Ireland Limited)"
    similarity: float | None = None  # the encoder's cosine of the clause and the question
    attribution: str = ""  # the credit the version's dataset licence asks for ("" = none)

    def to_json(self) -> dict[str, object]:
        return {
            "platform": self.platform,
            "document": self.document,
            "section": self.section,
            "version_date": self.version_date,
            "url": self.url,
            "quote": self.quote,
            "score": round(self.score, 4),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "language": self.language,
            "effective_date": self.effective_date or None,
            "variant": (
                {"region": self.variant, "label": self.variant_label} if self.variant else None
            ),
            "attribution": self.attribution or None,
            "clause": {
                "text": self.clause_text,
                "start": self.clause_start,
                "end": self.clause_end,
            },
        }


def _version_facts(record: VersionRecord | None) -> dict[str, str]:
    """What the cited version's text says about itself, as the citation carries it."""
    if record is None:
        return {}
    facts = record.facts
    return {
        "effective_date": facts.effective_date,
        "effective_words": facts.effective_words,
        "variant": facts.variant,
        "variant_label": facts.variant_label,
    }


@dataclass(frozen=True)
class Lead:
    """What an answer opens with: where its top quote comes from (`source`, the first
    citation), and what needs saying about the search — the date whose terms were in force,
    and how many platforms were searched when the question named none."""

    source: Citation
    as_of: str | None = None
    platforms_searched: int | None = None  # set only when no platform was named
    time: TimeAnswer | None = None  # a question of time: what the versions say
    # set (to the platform's newest capture date) when the top quote's version is the newest
    # Fineprint holds of its document but STALE_YEARS older than the platform's newest capture
    # of any document: SoundCloud's privacy policy of 2019 beside its terms of 2026 — the
    # document has likely changed since, and "say" alone would read as today's terms
    outdated_beside: str | None = None


@dataclass(frozen=True)
class Abstention:
    """Why nothing is quoted, and what Fineprint does cover (platform names, sorted)."""

    reason: str  # one or two sentences, e.g. "Fineprint holds no terms for Patreon, …"
    covered: tuple[str, ...] = ()


@dataclass
class Answer:
    """An answer as data. Not abstained ⇒ `lead` is set and `citations` is not empty."""

    question: str
    citations: list[Citation] = field(default_factory=list)
    lead: Lead | None = None
    history: list[HistoryEntry] = field(default_factory=list)  # of `history_of`'s clause
    abstention: Abstention | None = None
    platform: str | None = None
    as_of: str | None = None
    id: str | None = None
    summary: str | None = None  # an LLM summary that passed every check (summary.with_summary)
    summary_checked: bool = False
    history_of: Citation | None = None  # the citation whose clause `history` follows
    periods: list[Period] = field(default_factory=list)  # what `history` was built from
    time: TimeAnswer | None = None  # since when / what changed / still true (versions_asked)

    @property
    def abstained(self) -> bool:
        return self.abstention is not None


@dataclass(frozen=True)
class Pick:
    """A clause chosen for citing, the span of its text to quote, and the score it carries."""

    hit: Hit
    start: int
    end: int
    score: float
    similarity: float | None = None


def trim_quote(
    clause: Clause,
    query_tokens: set[str],
    idf: dict[str, float],
    limit: int = QUOTE_CHARS,
    focus: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """Offsets (within the clause text) of the sentences that best answer the question.

    A short clause is quoted whole. A longer one is cut to the run of consecutive sentences,
    at most `limit` characters, that carries the most question words (weighted by rarity);
    among equal runs the earliest wins, since clauses tend to state their rule first. When a
    window of the clause (`focus`) is what matched the question, the run is built around it.
    """
    text = clause.text
    if len(text) <= limit:
        return 0, len(text)
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    weights = [
        sum(idf.get(t, 1.0) for t in set(tokens(text[a:b])) & query_tokens) for a, b in spans
    ]
    if focus is not None:
        bonus = sum(weights) + 1.0  # any run with more of the window beats one with less
        weights = [
            w + bonus if a < focus[1] and b > focus[0] else w
            for w, (a, b) in zip(weights, spans, strict=True)
        ]
    best = (-1.0, 0, 0)
    for first in range(len(spans)):
        total = 0.0
        last = first
        while last < len(spans) and spans[last][1] - spans[first][0] <= limit:
            total += weights[last]
            last += 1
        last = max(last - 1, first)  # a single sentence longer than `limit` stays whole
        if total > best[0]:
            best = (total, first, last)
    _, first, last = best
    return spans[first][0], spans[last][1]


def best_sentence(text: str, query_tokens: set[str], idf: dict[str, float]) -> tuple[int, int]:
    """Offsets of the sentence of `text` that carries the most question words (by weight)."""
    spans = sentence_spans(text) or [(0, len(text))]
    return max(
        spans,
        key=lambda span: sum(
            idf.get(t, 1.0) for t in set(tokens(text[span[0] : span[1]])) & query_tokens
        ),
    )


class Answerer:
    """Question in, `Answer` out: parse, search, pick, quote, trace history."""

    def __init__(
        self,
        searcher: Searcher,
        sources: Sources | None,
        min_relevance: float = MIN_RELEVANCE,
        reranker: RerankStage | None = None,
        question_floor: float | None = None,
        change_lister: ChangeLister | None = None,
    ) -> None:
        self.searcher = searcher
        # lists what changed between two versions (the changes wing, handed in by the service):
        # "what changed in X's terms?" with no topic is answered from it
        self.change_lister = change_lister
        # the best clause's similarity under which a question is off-topic (answering/off_topic.py)
        self.question_floor = min_relevance if question_floor is None else question_floor
        self.reranker = reranker
        self.min_relevance = min_relevance
        self.sources = sources
        self.index: SearchIndex = searcher.index
        self.quotes = QuoteChooser(searcher.encoder, self.index.idf)

    # --- naming ------------------------------------------------------------------------

    def platform_name(self, platform: str) -> str:
        return lookups.platform_name(platform, self.index.registry, self.sources)

    def covered(self) -> tuple[str, ...]:
        names = {self.platform_name(p) for p in self.index.registry.platforms()}
        return tuple(sorted(names, key=str.lower))

    def _names(self, platforms: list[str]) -> str:
        return " / ".join(self.platform_name(p) for p in platforms)

    # --- answering ---------------------------------------------------------------------

    def ask(
        self,
        text: str,
        *,
        platform: str | None = None,
        as_of: date | None = None,
        k: int = 5,
        id: str | None = None,
    ) -> Answer:
        question = parse_question(
            text, self.sources, platform=platform, as_of=as_of, registry=self.index.registry
        )
        answer = self._answer(question, k)
        answer.id = id
        answer.platform = question.platforms[0] if len(question.platforms) == 1 else platform
        answer.as_of = question.as_of.isoformat() if question.as_of else None
        return answer

    def _abstain(self, question: ParsedQuestion, reason: str) -> Answer:
        return Answer(question=question.text, abstention=Abstention(reason, self.covered()))

    def _answer(self, question: ParsedQuestion, k: int) -> Answer:
        if question.uncovered and not question.platforms:
            names = ", ".join(question.uncovered)
            return self._abstain(
                question, f"Fineprint holds no terms for {names}, so it cannot quote them."
            )
        out_of_scope = check_scope(question, self.index.registry, self.sources)
        if out_of_scope is not None:
            return self._abstain(question, out_of_scope.reason)
        versions = self.searcher.candidate_versions(question)
        if not versions:
            when = question.as_of.isoformat() if question.as_of else "today"
            return self._abstain(
                question,
                f"No version of {possessive(self._names(question.platforms))} terms in "
                f"Fineprint is dated on or before {when}.",
            )
        timed = self._answer_about_time(question, k)
        if timed is not None:
            return timed
        chosen = self._pick(question, versions, k)
        if not chosen:
            return self._nothing_governs(question)
        query_tokens = set(question.expanded_terms)
        citations = [
            self._citation(p.hit.clause, p.start, p.end, p.score, p.similarity) for p in chosen
        ]
        found = self._absences_asked(
            question,
            timeline(
                self.index, chosen[0].hit.row, citations[0].quote, self._quote_for(query_tokens)
            ),
            chosen[0].hit,
        )
        history = history_entries(self.index, found, citations[0].quote)
        history_of = citations[0]
        if question.history:
            citations = self._with_history(citations, found, chosen[0].hit, question, k)
        citations = reading_list(citations, self.index)
        return Answer(
            question.text,
            citations,
            lead=self._lead(question, citations),
            history=history,
            history_of=history_of,
            periods=found,
        )

    def _answer_about_time(self, question: ParsedQuestion, k: int) -> Answer | None:
        """A question of time answered from the changes (no topic) or from every version;
        None sends it down the ordinary path."""
        if self.change_lister is not None and asks_without_topic(question):
            listed = self._answer_changes(question, k, self.change_lister)
            if listed is not None:
                return listed
        if question.intent in ("since-when", "what-changed", "still-true"):
            return self._answer_in_time(question, k)
        return None

    def _nothing_governs(self, question: ParsedQuestion) -> Answer:
        """The abstention when nothing was picked: small talk is told what to ask; a question
        about terms is told no clause governs it."""
        if not (
            question.platforms or carries_terms_meaning(question.expanded_terms, self.index.idf)
        ):
            return self._abstain(question, NOT_A_TERMS_QUESTION)
        where = (
            f"{possessive(self._names(question.platforms))} terms"
            if question.platforms
            else "the terms"
        )
        if question.platforms and question.intent in ("since-when", "what-changed", "still-true"):
            # every version was asked (`versions_asked`): "never, as far as Fineprint holds"
            # is the answer to a question of time, so say how far that is
            asked = self.searcher.candidate_versions(question, all_versions=True)
            dates = sorted(v.version_date for v in asked)
            if len(dates) > 1:
                return self._abstain(
                    question,
                    f"No clause in any of the {len(dates)} versions of {where} that Fineprint "
                    f"holds ({dates[0]} to {dates[-1]}) clearly governs this.",
                )
        return self._abstain(
            question, f"No clause in {where} that Fineprint holds clearly governs this."
        )

    def _answer_changes(
        self, question: ParsedQuestion, k: int, lister: ChangeLister
    ) -> Answer | None:
        """What changed, when the question names no topic: the changed clauses between the two
        versions it asks about, the most material first, each quoted where it changed."""
        asked = changes_asked(self.index, question, lister)
        if asked is None:
            return None
        name = lookups.document_name(
            asked.after.platform, asked.after.document, self.index.registry, self.sources
        )
        document = f"{possessive(self.platform_name(asked.after.platform))} {name}"
        listed = asked.listed
        if not listed.comparison.comparable:  # what is missing is a comparable pair, not a platform
            line = f"For {document}: {listed.comparison.line}"
            return Answer(question=question.text, abstention=Abstention(line))
        if not listed.changes:
            return self._abstain(
                question,
                f"{document} did not change between the versions of "
                f"{asked.before.version_date} and {asked.after.version_date}.",
            )
        shown = (asked.material or listed.changes)[:k]
        citations = [self._change_citation(change) for change in shown]
        top = shown[0]
        time = TimeAnswer(
            "what-changed",
            len(self.index.registry.history(asked.after.platform, asked.after.document)),
            old_version=asked.before.version_date,
            new_version=asked.after.version_date,
            diff=top.words if top.before is not None and top.after is not None else (),
            material_changes=len(asked.material),
            changes=len(listed.changes),
        )
        return Answer(
            question.text, citations, lead=self._lead(question, citations, time), time=time
        )

    def _change_citation(self, change: ChangedClause) -> Citation:
        """A changed clause cited where it changed: the new side (the old one if removed),
        cut to the sentences holding the changed words."""
        clause = change.after or change.before
        assert clause is not None  # a change has at least one side
        side = "-" if change.after is None else "+"
        moved = {t for op in change.words if op.op == side for t in tokens(op.text)}
        first, last = trim_quote(clause, moved or set(tokens(clause.text)), self.index.idf)
        return self._citation(clause, first, last, change.likelihood)

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
            old_pick, new_pick = self._matched_sides(asked, found, picks, question)
            picks = [
                self._with_changed_sentence(old_pick, new_pick),
                self._with_changed_sentence(new_pick, old_pick),
            ]
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
        strong = 0 if picks[0].hit.dense >= picks[1].hit.dense else 1
        weak = 1 - strong
        anchor = picks[strong]
        wanted = self.searcher.text_vector(anchor.hit.clause.text[anchor.start : anchor.end])
        position = found.quoted[weak]
        # as close as history's "too close to call it another clause" (the model's calibrated
        # DENSE_NEAR): a rewrite of the same clause, not a neighbour on the same subject
        near = dense_thresholds(self.index)[1]
        match = closest(self.index, asked.answers[position], wanted, self.min_relevance, near)
        if match is None or match.row == picks[weak].hit.row:
            return picks[0], picks[1]
        matched = list(picks)
        matched[weak] = self._pick_hit(match, question)
        return matched[0], matched[1]

    def _with_changed_sentence(self, pick: Pick, other: Pick) -> Pick:
        """One side of a change, its quote reaching the nearest sentence of its clause that the
        other side's version does not hold (within CHANGE_QUOTE_CHARS): DistroKid's 2024 age
        clause keeps its first sentence as before and adds "if you are under 18 but at least
        13" after it — the quote must show the addition, not only the sentence both share."""
        clause = pick.hit.clause
        held = self.index.normalised_text(other.hit.clause.version_id)
        changed = [
            (a, b)
            for a, b in sentence_spans(clause.text)
            if len(tokens(clause.text[a:b])) >= 4 and normalise_text(clause.text[a:b]) not in held
        ]
        if not changed:
            return pick
        start, end = pick.start, pick.end
        if not any(start <= a < end for a, _ in changed):
            nearest = min(changed, key=lambda span: min(abs(span[0] - end), abs(start - span[1])))
            start, end = min(start, nearest[0]), max(end, nearest[1])
            if end - start > CHANGE_QUOTE_CHARS:
                return pick
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

    def _pick_hit(self, hit: Hit, question: ParsedQuestion, *, dense: bool = True) -> Pick:
        """A hit with the span of it to quote (`quotes.QuoteChooser`; `dense=False`: chosen by
        the question's words alone, for history lines)."""
        vector = self.searcher.query_vector(question) if dense else None
        terms = set(question.expanded_terms)
        quote = self.quotes.choose(hit.clause, vector, terms, hit.focus, dense=dense)
        return Pick(hit, quote.start, quote.end, hit.score, hit.dense)

    def _pick(self, question: ParsedQuestion, versions: list[VersionRecord], k: int) -> list[Pick]:
        """The clauses worth citing, best first, each with the span to quote: the rerank
        stage's best spans, or (without it) search's order with quotes trimmed by words."""
        terms = set(question.expanded_terms)
        if self.reranker is None:
            hits = for_the_question(
                self.searcher.search(question, k=max(k, 10), versions=versions), question
            )
            best = max((hit.dense for hit in hits), default=0.0)
            found = [hit.clause.text for hit in hits]
            # a question about how the terms changed is about the terms: only its words count
            floor = 0.0 if question.history else self.question_floor
            if off_topic(terms, best, self.index.idf, floor, found):
                return []
            vector = self.searcher.query_vector(question)
            picks = []
            for n, hit in enumerate(relevant(hits, k, self.min_relevance)):
                quote = self.quotes.choose(
                    hit.clause, vector, terms, hit.focus, dense=n < DENSE_CLAUSES
                )
                picks.append(Pick(hit, quote.start, quote.end, hit.score, hit.dense))
            return picks
        stage = self.reranker
        hits = self.searcher.search(question, k=max(k, stage.clauses), versions=versions)
        passing = relevant(for_the_question(hits, question), len(hits), self.min_relevance)
        ranked = stage.rerank(question.query, terms, passing, self.index.idf)
        return [Pick(r.hit, r.start, r.end, r.probability) for r in stage.answering(ranked, k)]

    def _citation(
        self, clause: Clause, first: int, last: int, score: float, similarity: float | None = None
    ) -> Citation:
        registry, sources = self.index.registry, self.sources
        record = registry.versions.get(clause.version_id)
        return Citation(
            platform=clause.platform,
            document=clause.document,
            section=clause.section_label,
            version_date=clause.version_date.isoformat(),
            url=clause.source_url or (lookups.document_url(record, sources) if record else ""),
            quote=clause.text[first:last],
            score=score,
            platform_name=self.platform_name(clause.platform),
            document_name=lookups.document_name(
                clause.platform, clause.document, registry, sources
            ),
            start=clause.start + first,
            end=clause.start + last,
            language=clause_language(clause.text, record.language) if record else "en",
            clause_text=clause.text,
            clause_start=clause.start,
            clause_end=clause.end,
            **_version_facts(record),
            similarity=similarity,
            attribution=record.attribution if record else "",
        )

    def _quote_for(self, query_tokens: set[str]) -> Callable[[int], str]:
        """How an earlier or later wording of the cited clause is quoted: its sentences that
        carry the question's rarer words, within HISTORY_QUOTE_CHARS; "" when it has none of
        them (that version did not speak to the question)."""
        distinctive = {
            token for token in query_tokens if self.index.idf.get(token, 0.0) >= DISTINCTIVE_IDF
        }

        def quote(row: int) -> str:
            clause = self.index.clauses[row]
            if distinctive and not distinctive & set(tokens(clause.text)):
                return ""
            first, last = trim_quote(clause, query_tokens, self.index.idf, HISTORY_QUOTE_CHARS)
            return clause.text[first:last]

        return quote

    def _with_history(
        self,
        citations: list[Citation],
        periods: list[Period],
        top: Hit,
        question: ParsedQuestion,
        k: int,
    ) -> list[Citation]:
        """History questions cite the earlier wordings too; "when did … first" leads with the
        version where the cited wording first appears."""
        lead = citations[:1]
        if question.first_appearance:
            origin = self._first_citation(top.clause, citations[0], question)
            if origin is not None:
                lead = [origin, *self._also_in(origin, question), *lead]
        earlier = [
            self._citation(
                self.index.clauses[p.row],
                *_span(self.index.clauses[p.row], p.quote),
                citations[0].score,
            )
            for p in reversed(periods)
            if not p.cited and p.row is not None and p.quote is not None
        ]
        merged: list[Citation] = []
        for citation in [*lead, *earlier, *citations[1:]]:
            if all(
                (c.version_date, c.quote) != (citation.version_date, citation.quote) for c in merged
            ):
                merged.append(citation)
        return merged[:k]

    def _first_citation(
        self, clause: Clause, citation: Citation, question: ParsedQuestion
    ) -> Citation | None:
        """The cited clause in the earliest version that already says its key sentence (the
        sentence closest to the question), following the unbroken run back from the cited
        version. None when the cited version is where it first appears."""
        query_tokens = set(question.expanded_terms)
        a, b = best_sentence(citation.quote, query_tokens, self.index.idf)
        wanted = normalise_text(citation.quote[a:b])
        history = self.index.registry.history(clause.platform, clause.document)
        position = next(n for n, v in enumerate(history) if v.version_id == clause.version_id)
        first = position
        while first > 0 and wanted in self.index.normalised_text(history[first - 1].version_id):
            first -= 1
        if first == position:
            return None
        row = row_containing(self.index, history[first], wanted)
        if row is None:
            return None
        origin = self.index.clauses[row]
        start, end = trim_quote(origin, query_tokens, self.index.idf)
        return self._citation(origin, start, end, citation.score)

    def _also_in(self, origin: Citation, question: ParsedQuestion) -> list[Citation]:
        """What else the first version said on the question: the first version of a new
        policy often states it in more than one clause."""
        record = self.index.registry.versions.get(
            version_id(origin.platform, origin.document, origin.version_date)
        )
        if record is None:
            return []
        return [
            self._citation(p.hit.clause, p.start, p.end, p.score)
            for p in self._pick(question, [record], FIRST_VERSION_EXTRA)
        ]

    def _lead(
        self, question: ParsedQuestion, citations: list[Citation], time: TimeAnswer | None = None
    ) -> Lead:
        """Where the quotes come from (the top citation), the date in force when the question
        gave one, the platforms searched when it named none, and for a question of time what
        the versions say."""
        return Lead(
            source=citations[0],
            as_of=question.as_of.isoformat() if question.as_of is not None else None,
            platforms_searched=(
                None if question.platforms else len(self.index.registry.platforms())
            ),
            time=time,
            outdated_beside=(
                None
                if question.as_of is not None or time is not None
                else self._outdated_beside(citations[0])
            ),
        )

    def _outdated_beside(self, top: Citation) -> str | None:
        """The platform's newest capture date, when `top` is the newest version of its
        document held and STALE_YEARS older than that (None otherwise)."""
        versions = [v for v in self.index.registry.versions.values() if v.platform == top.platform]
        own = max((v.day for v in versions if v.document == top.document), default=None)
        newest = max((v.day for v in versions), default=None)
        if own is None or newest is None or own.isoformat() != top.version_date:
            return None
        stale = (newest - own).days > STALE_YEARS * 365
        return newest.isoformat() if stale else None


# How far below the best version's best sentence the first version's may be (cosine): tuned on
# the validation split (`python -m bench.history_bench --dev --since-grid`), not on wave 3.
SINCE_SPAN_MARGIN = 0.08  # dev since [1]: 0.00 .929, 0.02 .857, 0.05 and 0.08 .786, 0.10+ .714
# (as before); the largest value of the 0.05-0.08 plateau, because "when did soundcloud first
# mention AI" must stay 2024 (its 2024 sentence scores 0.048 below its 2025 one): a question
# about a first *mention* is answered by a weaker sentence than the best one


# Said to "hi", "ping" or keyboard mash — no platform named and no word the terms use — instead
# of "no clause governs this", which reads as if the terms had been searched for a rule.
NOT_A_TERMS_QUESTION = (
    "That does not read as a question about a platform's terms. Ask what a platform's terms "
    "let it do with your work, for example: “Can SoundCloud train AI on my tracks?”"
)
STALE_YEARS = 3  # a newest version this much older than the platform's newest capture is flagged


def relevant(hits: list[Hit], k: int, floor: float = MIN_RELEVANCE) -> list[Hit]:
    """The hits worth citing: none if even the closest is weak, else those near the closest
    (in fused order)."""
    best = max((hit.dense for hit in hits), default=0.0)
    if best < floor:
        return []
    return [hit for hit in hits if hit.dense >= floor - CITATION_MARGIN][:k]


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


def _span(clause: Clause, quote: str) -> tuple[int, int]:
    at = clause.text.find(quote)
    return (at, at + len(quote)) if at >= 0 else (0, len(clause.text))
