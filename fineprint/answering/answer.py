"""Extractive answers: the governing clauses quoted verbatim, cited, with their history.

Nothing here rewrites the terms: every quote is a slice of a stored clause (itself a slice of
its version's body). When nothing relevant enough is found, the answer says so and cites
nothing. An `Answer` is data — lead, citations, history entries, abstention, summary — worded
once (`answering/wording.py`) and laid out by each front end for its surface
(`cli/render_text.py`, `cli/render_json.py`, `bot/exts/ask/embeds.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fineprint.answering.answer_data import (
    NOT_LEGAL_ADVICE,
    Abstention,
    Answer,
    Citation,
    Lead,
    Pick,
)
from fineprint.answering.changes_asked import (
    ChangedClause,
    ChangeLister,
    asks_without_topic,
    changes_asked,
)
from fineprint.answering.citation_list import reading_list
from fineprint.answering.history import (
    Period,
    history_entries,
    row_containing,
    timeline,
)
from fineprint.answering.off_topic import carries_terms_meaning, off_topic
from fineprint.answering.parties import for_the_question
from fineprint.answering.question import ParsedQuestion, parse_question
from fineprint.answering.quotes import DENSE_CLAUSES, QuoteChooser
from fineprint.answering.scope import check_scope
from fineprint.answering.time_answer import TimeAnswer
from fineprint.answering.time_path import TimeQuestions
from fineprint.catalog import lookups
from fineprint.catalog.clauses import Clause, normalise_text, version_id
from fineprint.catalog.language import clause_language
from fineprint.catalog.registry import VersionRecord
from fineprint.catalog.sources import Sources
from fineprint.retrieval.index import SearchIndex
from fineprint.retrieval.rerank_stage import RerankStage
from fineprint.retrieval.search import Hit, Searcher
from fineprint.text import possessive, sentence_spans, tokens

# The answer's data lives in answer_data and the time path in time_path; importers of this
# module (the front ends, the service) keep reading them here.
__all__ = [
    "NOT_A_TERMS_QUESTION",
    "NOT_LEGAL_ADVICE",
    "Abstention",
    "Answer",
    "Answerer",
    "Citation",
    "Lead",
    "Pick",
    "best_sentence",
    "relevant",
    "trim_quote",
]

QUOTE_CHARS = 1000  # longer clauses are cut to the sentences that match the question
HISTORY_QUOTE_CHARS = 400  # what an earlier wording is quoted with in a history line
DISTINCTIVE_IDF = 2.5  # words rarer than this (e.g. "train", "artificial") carry a question
# Abstention floors per encoder (fineprint.retrieval.encoder_model.relevance_floor): the best
# hit below the floor means nothing clearly governs the question; hits CITATION_MARGIN below it
# are not cited. The default model's floor is the stock one's until a model says otherwise.
MIN_RELEVANCE = 0.30
CITATION_MARGIN = 0.10  # below floor - margin a clause shares little meaning with the question
FIRST_VERSION_EXTRA = 2  # more clauses quoted from the version where a wording first appears


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


class Answerer(TimeQuestions):
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


def _span(clause: Clause, quote: str) -> tuple[int, int]:
    at = clause.text.find(quote)
    return (at, at + len(quote)) if at >= 0 else (0, len(clause.text))
