"""Every version asked: "since when", "what changed" and "is it still there" answered from what
each version of a document says on the question.

Following one cited clause back by its wording breaks where the wording was rewritten: Zoom's
2023-08-07 promise not to train AI on call content, worded otherwise in 2026, was reported as
new in 2026. So for these intents the question itself is put to every version of the chosen
document (one search over all of them: versions share clause vectors), and each version keeps
its best clause when that clause clears the *bar*: the model's abstention floor, and within
`VERSION_MARGIN` of the best version's score — a version whose best clause is much weaker than
the one that answers elsewhere does not speak to the question. From those answers:

- since when: the earliest version of the unbroken run of answering versions that ends with
  the newest one (one version that does not answer, e.g. a partial capture, does not break
  the run when the one before it answers, nor do silent pages of another region);
- what changed: the change point — consecutive versions whose answering clauses differ — at the
  dates the question names, else the most recent one; both sides are quoted;
- still true: the newest version's answer, or the last version that answered.

"No clause answering this was found in the versions of A to B" is said only of versions that
were each searched and had none clear the bar. A version that falls silent *after* one that
answered is read once more (`said_instead`): its clause closest in meaning to the sentence the
last answering version quoted — Twitch's 2025 terms send disputes to a court instead of to
arbitration, and "do the terms still make me arbitrate?" is answered by that court clause,
not by "no clause was found".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from fineprint.answering.history import Period, merge_same_wording, word_sequence
from fineprint.answering.question import ParsedQuestion
from fineprint.catalog.alignment import comparable
from fineprint.catalog.clauses import normalise_text
from fineprint.catalog.closeness import CLOSE, Sentences, Words, clause_sentences, sentences
from fineprint.catalog.like_with_like import variant_tag
from fineprint.catalog.registry import VersionRecord
from fineprint.retrieval.index import SearchIndex
from fineprint.retrieval.search import Hit, Searcher
from fineprint.text import sentence_spans, tokens

# How far below the best version's score another version's best clause may be and still answer
# (cosine). Tuned on bench/history_dev_questions.jsonl (the validation split), not on the frozen
# wave-3 history set: `python -m bench.history_bench --dev --margins`.
VERSION_MARGIN = 0.20
FUSED_SHARE = 0.7  # … and at least this share of the best version's fused score
WORDING_DEPTH = 20  # clauses of each version searched for the answering sentence
GAP_TOLERANCE = 1  # versions that do not answer inside a run of versions that do (partial captures)
# Cosine between the sentence a version quoted and a later version's clause for that clause to
# be what the later version "says instead". Set on the validation split, not on the frozen
# wave-3 set: `python -m bench.instead_calibration` (old wording → its rewrite in a later
# version, 14 dev what-changed questions): at (.65, .04) 7 rewrites found and 1 neighbour
# picked wrongly; no margin finds 8 with 5 wrong, .06 finds 5 with 1 wrong.
INSTEAD_CLOSENESS = 0.65
INSTEAD_MARGIN = 0.04  # … and this much closer than the next clause: a clear successor only
# A clause this far below the answering one by cosine is as close to the question (a tie; not
# tuned: the noise of the encoder's cosine between near-identical texts): "did not change" is
# not said where such a clause changed (`closer_changes`)
CLOSER_TIE = 0.02


@dataclass(frozen=True)
class VersionAnswer:
    """One version of the document, and its clause that answers the question (None: none
    cleared the bar — this version was searched and does not speak to the question)."""

    version: VersionRecord
    hit: Hit | None
    top: Hit | None = None  # its best clause above the floor, answering or not
    candidates: tuple[Hit, ...] = ()  # its best clauses for the question, best first
    # silent after an answering version: its clause closest to what that version quoted
    instead: Hit | None = None


@dataclass(frozen=True)
class VersionsAsked:
    """The question put to every version of one document, oldest first."""

    answers: list[VersionAnswer]
    bar: Bar

    @property
    def answering(self) -> list[int]:
        return [n for n, answer in enumerate(self.answers) if answer.hit is not None]


def ask_versions(
    searcher: Searcher,
    question: ParsedQuestion,
    floor: float,
    margin: float | None = None,
    share: float | None = None,
) -> VersionsAsked | None:
    """The question asked of every version of the document that answers it best over all the
    versions of the question's platforms (None: nothing clears the floor anywhere)."""
    margin = VERSION_MARGIN if margin is None else margin
    share = FUSED_SHARE if share is None else share
    index = searcher.index
    pool = searcher.candidate_versions(question, all_versions=True)
    top = searcher.search(question, k=1, versions=pool)
    if not top or top[0].dense < floor:
        return None
    clause = top[0].clause
    history = index.registry.history(clause.platform, clause.document)
    ranked = searcher.best_per_version(question, history, per_version=WORDING_DEPTH)
    tops = [hits[0] for hits in ranked.values() if hits]
    best = max(tops, key=lambda hit: hit.score)
    bar = Bar(
        dense=max(floor, max(hit.dense for hit in tops) - margin),
        fused=best.score * share,
        floor=floor,
    )
    key = key_sentence(best.clause.text, set(question.expanded_terms), index.idf)
    answers = [
        VersionAnswer(
            v,
            _answering(hits, bar, key),
            hits[0] if hits and hits[0].dense >= floor else None,
            tuple(hits),
        )
        for v in history
        for hits in [ranked[v.version_id]]
    ]
    return VersionsAsked(answers, bar)


def no_longer_holding(
    index: SearchIndex, asked: VersionsAsked, wanted: Callable[[Hit], list[set[str]]]
) -> VersionsAsked:
    """Still true: the newest versions that hold nowhere the question's rarer words that the
    first answering version's clause holds (`wanted` gives them, each with the legal words it
    stands for) do not answer *as before* — Twitch's terms of 2025 and 2026 answer "does
    Twitch still require arbitration?" by score with an informal-resolution clause, and name
    no arbitration at all. They become silent, so `said_instead` quotes what they say instead.
    (Whole versions, not the answering clause: a version whose best clause is a neighbour
    may hold the words in the clause that answers.)"""
    answering = asked.answering
    if len(answering) < 2:
        return asked
    first = asked.answers[answering[0]].hit
    words = wanted(first) if first is not None else []
    if not words:
        return asked
    answers = list(asked.answers)
    for n in reversed(answering[1:]):
        held = _version_words(index, answers[n].version.version_id)
        if all(alternatives & held for alternatives in words):
            break
        answers[n] = replace(answers[n], hit=None)
    return VersionsAsked(answers, asked.bar)


def _version_words(index: SearchIndex, version_id: str) -> frozenset[str]:
    return _words_of(index.normalised_text(version_id))


def _one_clause_holds(index: SearchIndex, version_id: str, words: set[str]) -> bool:
    rows = index.rows_by_version.get(version_id)
    if rows is None:
        return False
    return any(words <= _words_of(index.clauses[int(row)].text) for row in rows)


@lru_cache(maxsize=8192)
def _words_of(text: str) -> frozenset[str]:
    """`text`'s tokens, cached by text (as `history.comparable_text`): the same versions and
    clauses are read again for every question about their document."""
    return frozenset(tokens(text))


def said_instead(
    index: SearchIndex,
    asked: VersionsAsked,
    vector_of: Callable[[Hit], npt.NDArray[np.float32]],
    closeness: float | None = None,
    margin: float | None = None,
) -> VersionsAsked:
    """Each version that does not answer but follows one that did, given what it says
    instead: of its clauses for the question above the floor, the one whose stored vector is
    closest to `vector_of` the last answering clause (the sentence quoted from it), when at
    least `closeness` (cosine) close and `margin` closer than the next (no clear successor,
    no quote). Versions before the first answering one stay silent:
    "since when" must not take a neighbouring clause for the first appearance."""
    closeness = INSTEAD_CLOSENESS if closeness is None else closeness
    margin = INSTEAD_MARGIN if margin is None else margin
    answers = list(asked.answers)
    last: Hit | None = None
    wanted: npt.NDArray[np.float32] | None = None
    for n, answer in enumerate(answers):
        if answer.hit is not None:
            last, wanted = answer.hit, None
            continue
        if last is None:
            continue
        if wanted is None:
            wanted = vector_of(last)
        found = closest(index, answer, wanted, asked.bar.floor, closeness, margin)
        if found is not None:
            answers[n] = replace(answer, instead=found)
    return VersionsAsked(answers, asked.bar)


def closest(
    index: SearchIndex,
    answer: VersionAnswer,
    wanted: npt.NDArray[np.float32],
    floor: float,
    closeness: float = INSTEAD_CLOSENESS,
    margin: float = INSTEAD_MARGIN,
) -> Hit | None:
    """Of a version's clauses for the question above the floor, the one whose stored vector
    is closest to `wanted`, when at least `closeness` close and `margin` closer than the next."""
    near = sorted(
        (
            (float(index.vectors[hit.row] @ wanted), hit)
            for hit in answer.candidates
            if hit.dense >= floor
        ),
        key=lambda item: -item[0],
    )
    if not near or near[0][0] < closeness:
        return None
    second = near[1][0] if len(near) > 1 else 0.0
    return near[0][1] if near[0][0] - second >= margin else None


@dataclass(frozen=True)
class Bar:
    """What a version's best clause must clear to answer: the floor and, relative to the
    best version, its meaning (`dense`, cosine) and its fused score (`fused`, meaning and
    rare words: in one pool, a version without the question's words scores far below)."""

    dense: float
    fused: float
    floor: float

    def cleared(self, hit: Hit) -> bool:
        return hit.dense >= self.dense and hit.score >= self.fused


def key_sentence(text: str, terms: set[str], idf: dict[str, float]) -> Words | None:
    """The compared words of the sentence of `text` carrying the most question words (by
    rarity): the sentence that answers, to be found again in other versions."""
    scored = [
        (sum(idf.get(t, 1.0) for t in set(tokens(text[a:b])) & terms), a, b)
        for a, b in sentence_spans(text) or [(0, len(text))]
    ]
    _, a, b = max(scored, key=lambda item: item[0])
    found = sentences(text[a:b])
    return found[0] if found else None


def _answering(hits: list[Hit], bar: Bar, key: Words | None) -> Hit | None:
    """The version's answering clause: its best when that clears the bar; else (the wording
    as tie-breaker) one of its top clauses above the floor that still holds the sentence that
    answers best elsewhere — a rewrite around it, or a long clause it sits at the end of, can
    score lower than the clause it was moved into."""
    if hits and bar.cleared(hits[0]):
        return hits[0]
    if key is None:
        return None
    for hit in hits:
        if hit.dense < bar.floor:
            continue
        if Sentences(clause_sentences(hit.clause.text)).best(key, CLOSE).share >= CLOSE:
            return hit
    return None


def in_force(asked: VersionsAsked, when: date | None) -> int:
    """Position of the version in force on `when` (the newest when None; the oldest when
    `when` is before them all)."""
    position = 0
    for n, answer in enumerate(asked.answers):
        if when is None or answer.version.version_date <= when.isoformat():
            position = n
    return position


def named_version(asked: VersionsAsked, when: date) -> int:
    """The version a date in a "what changed" question names: "the 2023 terms", "compared to
    2023" name the version of that year (the one in force on the date, else the year's first);
    a date in a year without a version, the version in force then."""
    year = [
        n
        for n, answer in enumerate(asked.answers)
        if answer.version.version_date[:4] == str(when.year)
    ]
    before = [n for n in year if asked.answers[n].version.version_date <= when.isoformat()]
    if before:
        return before[-1]
    return year[0] if year else in_force(asked, when)


def first_answering(asked: VersionsAsked, until: int | None = None) -> int | None:
    """Where the run of answering versions that ends at the newest answering one (up to
    `until`) begins; GAP_TOLERANCE versions that do not answer may sit inside the run."""
    answering = [n for n in asked.answering if until is None or n <= until]
    if not answering:
        return None
    first = answering[-1]
    own = variant_tag(asked.answers[first].version)
    for n in reversed(answering[:-1]):
        # silent versions of another regional page do not break the run (like with like:
        # Facebook's US terms of 2022-06-22 sit between two EEA versions that answer)
        gap = [
            m
            for m in range(n + 1, first)
            if not own or variant_tag(asked.answers[m].version) in (own, "")
        ]
        if len(gap) > GAP_TOLERANCE:
            break
        first = n
    return first


def same_reading(
    index: SearchIndex, older: VersionAnswer, newer: VersionAnswer, *, instead: bool = False
) -> bool:
    """Do two versions say the same on the question? Both silent (and, with `instead`, saying
    the same instead); the same clause text; or each answering clause still stands, word for
    word, in the other version (the search merely preferred another clause of the same
    terms)."""
    if older.hit is None or newer.hit is None:
        if older.hit is not None or newer.hit is not None:
            return False
        if not instead:
            return True
        if older.instead is None or newer.instead is None:
            return older.instead is None and newer.instead is None
        return normalise_text(older.instead.clause.text) == normalise_text(
            newer.instead.clause.text
        )
    old_text = normalise_text(older.hit.clause.text)
    new_text = normalise_text(newer.hit.clause.text)
    if old_text == new_text:
        return True
    return _held_in(index, older.hit.clause.text, newer.version) and _held_in(
        index, newer.hit.clause.text, older.version
    )


def _held_in(index: SearchIndex, text: str, version: VersionRecord) -> bool:
    """Does `version` hold `text`: the whole clause as it is, else each of its sentences
    (`sentences_held`)?"""
    if normalise_text(text) in index.normalised_text(version.version_id):
        return True
    said = any(len(tokens(text[a:b])) >= 4 for a, b in sentence_spans(text))
    return said and sentences_held(index, text, version)


def sentences_held(index: SearchIndex, text: str, version: VersionRecord) -> bool:
    """Does `version` hold every sentence of `text` (of 4 words or more; a span with none is
    held)? A sentence is held as one of the version's sentences word for word — formatting,
    list numbering and punctuation aside: Twitch's arbitration clause renumbered from 15(d)(i)
    to 18(d)(a) says the same, and so does Spotify's "podcaster, or" without its comma — or
    as it is, punctuation included, within the version's text (a paragraph break in the middle
    of a sentence splits it in one capture and not in the next). One only extended there
    ("… under this Agreement;" → "… under this Agreement (Nothing in the foregoing …)") is
    not held: it changed."""
    whole = index.version_sentences(version.version_id, _sentence_words)
    flat = index.normalised_text(version.version_id)
    return all(
        _sentence_words(text[a:b]) in whole or normalise_text(text[a:b]) in flat
        for a, b in sentence_spans(text)
        if len(tokens(text[a:b])) >= 4
    )


def _sentence_words(sentence: str) -> str:
    """A sentence as compared across versions: its words, numbering and formatting aside."""
    return word_sequence(comparable(sentence))


def change_points(index: SearchIndex, asked: VersionsAsked) -> list[int]:
    """Positions n where version n reads otherwise than version n - 1 on the question."""
    answers = asked.answers
    return [
        n for n in range(1, len(answers)) if not same_reading(index, answers[n - 1], answers[n])
    ]


@dataclass(frozen=True)
class Change:
    """The two versions a "what changed" question compares, and whether the answer changed."""

    old: int
    new: int
    changed: bool
    # the versions after `old` up to `new` that read otherwise than the one before them:
    # where the change came ("between 2022 and 2025" may have changed in 2024)
    steps: tuple[int, ...] = ()


def change_asked(
    index: SearchIndex,
    asked: VersionsAsked,
    dates: tuple[date, ...],
    whole_years: frozenset[int] = frozenset(),
) -> Change:
    """The versions a "what changed" question compares. Two dates: the versions they name —
    a year named whole (`whole_years`: "between the 2020 and 2021 versions") by its version
    nearest the other side: the last of the earlier year, the first of the later one that
    reads otherwise. One date: the change nearest it in the same year (in a year named whole,
    its first: "got stricter in 2025"), else the version it names and the one before; a year
    no version is from: the version in force then and the next one (else the one before it).
    No date: the most recent change (else the first and the newest version). The two sides
    are two versions whenever the document has two."""
    last = len(asked.answers) - 1
    if len(dates) >= 2:
        earlier, later = min(dates), max(dates)
        old = named_version(asked, earlier)
        if earlier.year in whole_years:
            old = (_year_versions(asked, earlier.year) or [old])[-1]
        new = named_version(asked, later)
        if later.year in whole_years:
            differing = [
                n
                for n in _year_versions(asked, later.year)
                if n > old and not same_reading(index, asked.answers[old], asked.answers[n])
            ]
            new = differing[0] if differing else new
        new = max(new, min(old + 1, last))
    else:
        points = change_points(index, asked)
        day = {n: date.fromisoformat(asked.answers[n].version.version_date) for n in points}
        same_year = [n for n in points if dates and day[n].year == dates[0].year]
        if same_year and dates[0].year in whole_years:
            new = min(same_year)
        elif same_year:
            new = min(same_year, key=lambda n: abs((day[n] - dates[0]).days))
        elif dates and not held_in_year(asked, dates[0].year):
            new = min(in_force(asked, dates[0]) + 1, last)
        elif dates:
            new = named_version(asked, dates[0])
        elif points:
            new = points[-1]
        else:
            return Change(0, last, changed=False)
        new = max(new, min(1, last))  # the first version has no version before it
        old = max(new - 1, 0)
    steps = tuple(
        n
        for n in range(old + 1, new + 1)
        if not same_reading(index, asked.answers[n - 1], asked.answers[n])
    )
    changed = bool(steps) or bool(closer_changes(index, asked, old, new)[0])
    return Change(old, new, changed, steps)


def closer_changes(
    index: SearchIndex, asked: VersionsAsked, old: int, new: int
) -> tuple[list[Hit], list[Hit]]:
    """Clauses of each of the two versions as close in meaning to the question as the one that
    answers there, or closer (cosine within CLOSER_TIE, above the floor), that the other version
    does not hold — none on either side unless both have some, a rewrite then and now: "did not
    change" is not said over them. X's forum clause ("… in the federal or state courts located
    in [Wichita County or] Tarrant County") is as close by meaning to "where do I have to bring
    a lawsuit" as the clause that answers, the same in both versions, though its words rank it
    below the bar."""
    found: list[list[Hit]] = []
    for mine, theirs in ((old, new), (new, old)):
        answer = asked.answers[mine]
        other = asked.answers[theirs].version
        found.append(
            []
            if answer.hit is None
            else [
                hit
                for hit in answer.candidates
                if hit.dense > answer.hit.dense - CLOSER_TIE
                and hit.dense >= asked.bar.floor
                and not _held_in(index, hit.clause.text, other)
            ]
        )
    return (found[0], found[1]) if found[0] and found[1] else ([], [])


def _year_versions(asked: VersionsAsked, year: int) -> list[int]:
    """Positions of the versions from `year`, oldest first."""
    return [
        n for n, answer in enumerate(asked.answers) if answer.version.version_date[:4] == str(year)
    ]


def held_in_year(asked: VersionsAsked, year: int) -> bool:
    """Is any version of the document from `year`?"""
    return any(answer.version.version_date[:4] == str(year) for answer in asked.answers)


def periods_asked(
    index: SearchIndex,
    asked: VersionsAsked,
    quote_for: Callable[[Hit], str],
    cited: set[str],
) -> list[Period]:
    """Runs of consecutive versions that read the same on the question, oldest first; a run
    holding a cited version is `cited`; a run where no version answers is `absent` (each of
    its versions was searched), or quotes what its versions say `instead`."""
    found: list[Period] = []
    answers = asked.answers
    start = 0
    for n in range(1, len(answers) + 1):
        if n < len(answers) and same_reading(index, answers[start], answers[n], instead=True):
            continue
        run = answers[start:n]
        last = run[-1]
        shown = last.hit or last.instead
        found.append(
            Period(
                first=run[0].version,
                last=last.version,
                replaced_by=answers[n].version if n < len(answers) else None,
                row=shown.row if shown is not None else None,
                quote=quote_for(shown) if shown is not None else None,
                cited=any(a.version.version_id in cited for a in run),
                absent=shown is None,
                searched=True,
                instead=last.hit is None and shown is not None,
            )
        )
        start = n
    return merge_same_wording(found)


def unanswered_checked(
    index: SearchIndex, asked: VersionsAsked, periods: list[Period], words: set[str]
) -> list[Period]:
    """Periods where no version answered, kept as "no clause answering this was found" only
    when no clause of their versions holds all of `words` (the question's rarer words the
    answer quotes); otherwise they say only that Fineprint found no matching clause — the
    words are there together, in a clause search did not rank."""
    if not words:
        return periods
    checked = []
    for period in periods:
        if period.searched and period.quote is None:
            span = (period.first.version_date, period.last.version_date)
            inside = [
                a.version for a in asked.answers if span[0] <= a.version.version_date <= span[1]
            ]
            if any(_one_clause_holds(index, v.version_id, words) for v in inside):
                period = replace(period, searched=False, absent=False)
        checked.append(period)
    return checked


@dataclass(frozen=True)
class TimedFinding:
    """What the versions say about a question of time, as positions in `VersionsAsked.answers`:
    the versions to quote, best first, and what the lead says about them."""

    quoted: list[int]
    since: int | None = None  # since-when: the first version that answers
    change: tuple[int, int] | None = None  # what-changed: (old, new)
    steps: tuple[int, ...] = ()  # what-changed: where between them it changed (`Change`)
    unchanged: tuple[int, int] | None = None  # what-changed: the same answer from … to …
    still: bool | None = None  # still-true: does the newest version answer?
    instead: bool = False  # still-true: the newest says something else instead, quoted first


def _speaks(answer: VersionAnswer) -> bool:
    """Does a version answer the question, or say something instead?"""
    return answer.hit is not None or answer.instead is not None


def side(asked: VersionsAsked, position: int) -> Hit | None:
    """The clause quoted for one side of a change: the version's answering clause, else what
    it says instead, else its best clause above the floor (the question named this version;
    show what it said)."""
    answer = asked.answers[position]
    return answer.hit or answer.instead or answer.top


def find_in_time(
    index: SearchIndex, asked: VersionsAsked, question: ParsedQuestion
) -> TimedFinding:
    """The versions that answer the question's intent (see the module's docstring)."""
    answering = asked.answering
    newest = answering[-1]
    if question.intent == "since-when":
        first = first_answering(asked, until=in_force(asked, question.as_of))
        first = newest if first is None else first
        return TimedFinding([first, newest] if first != newest else [first], since=first)
    if question.intent == "what-changed":
        change = change_asked(index, asked, question.dates, question.whole_years)
        sides = (change.old, change.new)
        quoted = [n for n in sides if side(asked, n) is not None]  # before, then after
        if not change.changed and not any(_speaks(asked.answers[n]) for n in sides):
            # neither version named says anything on it: the newest that does is quoted
            return TimedFinding([newest], unchanged=sides)
        if not change.changed:
            quoted = quoted[::-1][:1] or [newest]  # the same clause: quoted once, the newer
            return TimedFinding(quoted, unchanged=sides)
        return TimedFinding(quoted or [newest], change=sides, steps=change.steps)
    last = len(asked.answers) - 1
    still = asked.answers[last].hit is not None
    if not still and asked.answers[last].instead is not None:
        return TimedFinding([last, newest], still=False, instead=True)  # now, then before
    return TimedFinding([last if still else newest], still=still)
