"""An answer as data: the citations, the lead, the history and the abstention that every front
end lays out (`cli/render_text.py`, `cli/render_json.py`, `bot/exts/ask/embeds.py`), and the
pick a citation is made from. Nothing here searches or words anything
(`answering/answer.py` makes these; `answering/wording.py` words them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fineprint.answering.history import HistoryEntry, Period
from fineprint.answering.time_answer import TimeAnswer
from fineprint.retrieval.search import Hit

# Every surface ends an answer with this notice, word for word.
NOT_LEGAL_ADVICE = (
    "Not legal advice: these are quotes from the platform's terms; read the full document, "
    "and ask a lawyer about your own situation."
)


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
