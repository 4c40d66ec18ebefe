"""Extractive answers: the governing clauses quoted verbatim, cited, with their history.

Nothing here rewrites the terms: every quote is a slice of a stored clause (itself a slice of
its version's body). When nothing relevant enough is found, the answer says so and cites
nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from fineprint.clauses import Clause
from fineprint.history import Period, first_appearance, periods
from fineprint.index import SearchIndex
from fineprint.question import ParsedQuestion, parse_question
from fineprint.search import Hit, Searcher, expand
from fineprint.sources import Sources
from fineprint.text import sentence_spans, tokens

NOT_LEGAL_ADVICE = (
    "Not legal advice: these are quotes from the platform's terms; read the full document, "
    "and ask a lawyer about your own situation."
)
SHOWN_IN_TEXT = 3
QUOTE_CHARS = 600  # a quote longer than this is cut to the sentences that answer
MIN_RELEVANCE = 0.30  # calibrated on bench/questions.jsonl: see bench/RESULTS.md
FOLLOWER_MARGIN = 0.22  # later citations must be within this of the best one


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

    def to_json(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "document": self.document,
            "section": self.section,
            "version_date": self.version_date,
            "url": self.url,
            "quote": self.quote,
            "score": round(self.score, 4),
        }


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    platform: str | None = None
    as_of: str | None = None
    id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "platform": self.platform,
            "as_of": self.as_of,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [citation.to_json() for citation in self.citations],
        }


def trim_quote(clause: Clause, query_tokens: set[str], idf: dict[str, float]) -> tuple[int, int]:
    """Offsets (within the clause text) of the sentences that best answer the question.

    The best sentence by the weight of question words it contains, widened with neighbours
    while the quote stays under QUOTE_CHARS; a short clause is quoted whole.
    """
    text = clause.text
    if len(text) <= QUOTE_CHARS:
        return 0, len(text)
    spans = sentence_spans(text)
    if not spans:
        return 0, len(text)
    weights = [
        sum(idf.get(t, 1.0) for t in set(tokens(text[a:b])) & query_tokens) for a, b in spans
    ]
    best = max(range(len(spans)), key=lambda n: (weights[n], -n))
    first = last = best
    while True:
        options = []
        if first > 0 and spans[last][1] - spans[first - 1][0] <= QUOTE_CHARS:
            options.append((weights[first - 1], -1))
        if last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= QUOTE_CHARS:
            options.append((weights[last + 1], 1))
        if not options:
            break
        weight, side = max(options)
        if side < 0:
            first -= 1
        else:
            last += 1
        if weight == 0 and spans[last][1] - spans[first][0] > QUOTE_CHARS / 2:
            break
    return spans[first][0], spans[last][1]


def _ellipsis(text: str, limit: int = 300) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


class Answerer:
    """Question in, `Answer` out: parse, search, pick, quote, trace history."""

    def __init__(self, searcher: Searcher, sources: Sources | None) -> None:
        self.searcher = searcher
        self.sources = sources
        self.index: SearchIndex = searcher.index
        self._idf = self.index.idf

    # --- naming ------------------------------------------------------------------------

    def platform_name(self, platform: str) -> str:
        if self.sources and platform in self.sources.platforms:
            return self.sources.platforms[platform].name
        record = next(
            (r for r in self.index.registry.versions.values() if r.platform == platform), None
        )
        return record.platform_name if record else platform

    def document_name(self, platform: str, document: str) -> str:
        record = self.index.registry.current(platform, document)
        if self.sources and platform in self.sources.platforms:
            source = self.sources.platforms[platform].documents.get(document)
            if source:
                return source.name
        return record.document_name if record else document

    def url(self, clause: Clause) -> str:
        if clause.source_url:
            return clause.source_url
        if self.sources and clause.platform in self.sources.platforms:
            source = self.sources.platforms[clause.platform].documents.get(clause.document)
            if source and source.url:
                return source.url
        return ""

    def covered(self) -> str:
        names = sorted(
            {self.platform_name(p) for p in self.index.registry.platforms()}, key=str.lower
        )
        return ", ".join(names)

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
        question = parse_question(text, self.sources, platform=platform, as_of=as_of)
        answer = self._answer(question, k)
        answer.id = id
        answer.platform = question.platforms[0] if len(question.platforms) == 1 else platform
        answer.as_of = question.as_of.isoformat() if question.as_of else None
        return answer

    def _abstain(self, question: ParsedQuestion, reason: str) -> Answer:
        text = f"{reason} Fineprint covers: {self.covered()}.\n\n{NOT_LEGAL_ADVICE}"
        return Answer(question=question.text, answer=text, abstained=True)

    def _answer(self, question: ParsedQuestion, k: int) -> Answer:
        if question.uncovered and not question.platforms:
            names = ", ".join(question.uncovered)
            return self._abstain(
                question, f"Fineprint holds no terms for {names}, so it cannot quote them."
            )
        if question.platforms and question.as_of is not None:
            versions = self.searcher.candidate_versions(question)
            if not versions:
                return self._abstain(
                    question,
                    f"No version of {self._names(question.platforms)}'s terms in Fineprint is "
                    f"dated on or before {question.as_of.isoformat()}.",
                )
        hits = self.searcher.search(question, k=max(k, 10))
        chosen = self._relevant(hits, k)
        if not chosen:
            where = (
                self._names(question.platforms) + "'s terms" if question.platforms else "the terms"
            )
            return self._abstain(
                question,
                f"No clause in {where} that Fineprint holds clearly governs this question.",
            )
        query_tokens = set(expand(tokens(question.text)))
        citations = [self._cite(hit, query_tokens) for hit in chosen]
        history, extra = self._history(chosen[0], citations[0], question, query_tokens)
        if question.history and extra:
            citations = self._merge_history_citations(citations, extra, question, k)
        text = self._render(question, citations, history)
        return Answer(
            question=question.text,
            answer=text,
            abstained=False,
            citations=citations,
            history=history,
        )

    def _relevant(self, hits: list[Hit], k: int) -> list[Hit]:
        if not hits or hits[0].dense < MIN_RELEVANCE:
            return []
        floor = max(MIN_RELEVANCE, hits[0].dense - FOLLOWER_MARGIN)
        return [hit for hit in hits if hit.dense >= floor][:k]

    def _cite(self, hit: Hit, query_tokens: set[str], score: float | None = None) -> Citation:
        clause = hit.clause
        first, last = trim_quote(clause, query_tokens, self._idf)
        return self._citation(clause, first, last, hit.dense if score is None else score)

    def _citation(self, clause: Clause, first: int, last: int, score: float) -> Citation:
        return Citation(
            platform=clause.platform,
            document=clause.document,
            section=clause.section_label,
            version_date=clause.version_date.isoformat(),
            url=self.url(clause),
            quote=clause.text[first:last],
            score=score,
            platform_name=self.platform_name(clause.platform),
            document_name=self.document_name(clause.platform, clause.document),
            start=clause.start + first,
            end=clause.start + last,
        )

    def _history(
        self, hit: Hit, citation: Citation, question: ParsedQuestion, query_tokens: set[str]
    ) -> tuple[list[str], list[Citation]]:
        """History lines for the top citation, and citations of its earlier wordings."""
        found = periods(self.index, hit.row)
        lines: list[str] = []
        extra: list[Citation] = []
        cited_version = hit.clause.version_date.isoformat()
        for period in found:
            if period.first.version_date <= cited_version <= period.last.version_date:
                continue
            span = self._period_label(period)
            if period.absent:
                lines.append(f"{span} the terms had no matching clause.")
                continue
            assert period.row is not None
            clause = self.index.clauses[period.row]
            first, last = trim_quote(clause, query_tokens, self._idf)
            old = self._citation(clause, first, last, hit.dense)
            extra.append(old)
            lines.append(f"{span} the terms said: “{_ellipsis(old.quote)}”")
        if len(found) > 1 or question.history:
            appeared = first_appearance(self.index, hit.clause, citation.quote)
            if appeared is not None and appeared.version_date != found[0].first.version_date:
                lines.append(
                    f"This wording first appears in the version of {appeared.version_date}."
                )
            elif appeared is not None and len(found) > 1:
                lines.append(
                    f"This wording first appears in the version of {appeared.version_date}, "
                    "the oldest version Fineprint holds."
                )
        return lines, extra

    @staticmethod
    def _period_label(period: Period) -> str:
        if period.replaced_by is None:
            return f"Since {period.first.version_date}"
        return f"From {period.first.version_date} to {period.replaced_by.version_date}"

    def _merge_history_citations(
        self, citations: list[Citation], extra: list[Citation], question: ParsedQuestion, k: int
    ) -> list[Citation]:
        """History questions cite the earlier wordings too; "when did … first" leads with the
        first appearance."""
        merged = list(citations[:1])
        if question.first_appearance:
            appeared = first_appearance(
                self.index, _clause_of(self, citations[0]), citations[0].quote
            )
            if appeared is not None and appeared.version_date != citations[0].version_date:
                row = self._row_in(citations[0], appeared.version_id)
                if row is not None:
                    clause = self.index.clauses[row]
                    quote_at = clause.text.find(citations[0].quote)
                    if quote_at >= 0:
                        merged.insert(
                            0,
                            self._citation(
                                clause,
                                quote_at,
                                quote_at + len(citations[0].quote),
                                citations[0].score,
                            ),
                        )
        merged += extra + citations[1:]
        unique: list[Citation] = []
        for citation in merged:
            if all(
                (c.version_date, c.quote) != (citation.version_date, citation.quote) for c in unique
            ):
                unique.append(citation)
        return unique[:k]

    def _row_in(self, citation: Citation, version_id: str) -> int | None:
        rows = self.index.rows_by_version.get(version_id)
        if rows is None:
            return None
        for row in rows:
            if citation.quote in self.index.clauses[int(row)].text:
                return int(row)
        return None

    def _names(self, platforms: list[str]) -> str:
        return " / ".join(self.platform_name(p) for p in platforms)

    def _render(
        self, question: ParsedQuestion, citations: list[Citation], history: list[str]
    ) -> str:
        top = citations[0]
        where = f"section “{top.section}”" if top.section else "its text"
        lead = (
            f"{top.platform_name}'s {top.document_name} (version of {top.version_date}), "
            f"{where}, say:"
        )
        if not question.platforms:
            sources = list(dict.fromkeys(c.platform_name for c in citations[:SHOWN_IN_TEXT]))
            lead = (
                f"No platform was named, so Fineprint searched all {len(self.index.registry.platforms())} "
                f"platforms; these quotes come from {', '.join(sources)}.\n" + lead
            )
        if question.as_of is not None:
            lead = f"Terms in force on {question.as_of.isoformat()}.\n" + lead
        parts = [lead]
        for n, citation in enumerate(citations[:SHOWN_IN_TEXT], start=1):
            parts.append(
                f"[{n}] “{citation.quote}”\n    — {citation.platform_name} · {citation.document_name}"
                f" · {citation.section or '(no heading)'} · version of {citation.version_date}"
                + (f" · {citation.url}" if citation.url else "")
            )
        if history:
            parts.append("History:\n" + "\n".join(f"- {line}" for line in history))
        parts.append(NOT_LEGAL_ADVICE)
        return "\n\n".join(parts)


def _clause_of(answerer: Answerer, citation: Citation) -> Clause:
    for clause in answerer.index.clauses:
        if (
            clause.platform == citation.platform
            and clause.document == citation.document
            and clause.version_date.isoformat() == citation.version_date
            and citation.quote in clause.text
        ):
            return clause
    raise LookupError(citation)


__all__ = ["Answer", "Answerer", "Citation", "asdict"]
