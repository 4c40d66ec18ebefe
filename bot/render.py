"""Answers, clauses and coverage as Discord embeds, within every Discord limit.

Quotes stay verbatim: they are only ever *cut* (at a sentence boundary, marked "…"), never
reworded. Mentions are defused in everything shown — user text and clause text alike — by
`discord.utils.escape_mentions` (a zero-width space after "@"), on top of the bot's
`AllowedMentions.none()`; user text also has its Markdown escaped. Bidirectional and terminal
controls are shown as visible escapes (`fineprint.safe_text.neutralise`) in both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import discord
from discord.utils import escape_markdown, escape_mentions

from bot import limits
from bot.limits import ELLIPSIS, clip
from fineprint.answering import wording
from fineprint.answering.answer import NOT_LEGAL_ADVICE, Answer, Citation
from fineprint.progress import stage_label
from fineprint.quote_display import display_quote, language_note, readable
from fineprint.safe_text import neutralise
from fineprint.summary.result import SUMMARY_LABEL
from fineprint.text import sentence_spans

if TYPE_CHECKING:
    from fineprint.answering.history import Period
    from fineprint.catalog.lookups import PlatformCoverage
    from fineprint.catalog.registry import VersionRecord
    from fineprint.changes.diff import Change, DocumentDiff
    from ingest.pipeline import IngestReport

SHOWN_CITATIONS = wording.SHOWN_QUOTES
LEAD_CHARS = 1200  # leaves room for 3 quotes + history + title + footer inside 6,000
SUMMARY_CHARS = 1300  # fineprint.summary's default budget is 1,200
HISTORY_NAME = "How it read before"
PAGE_CHARS = 3500  # a clause page: comfortably inside 4,096 with its headings
PERIOD_BUDGET = 5000  # what all periods of an "other versions" embed may use together
SHORT_NOTICE = "Not legal advice."

COLOUR_ANSWER = discord.Colour.blurple()
COLOUR_ABSTAIN = discord.Colour.light_grey()
COLOUR_CLAUSE = discord.Colour.teal()
COLOUR_HISTORY = discord.Colour.gold()
COLOUR_ADMIN = discord.Colour.dark_green()

# --- text -------------------------------------------------------------------------------


def user_text(text: str) -> str:
    """Text a user typed, safe to echo: no mentions, no Markdown tricks, no text turned
    around by a right-to-left override."""
    return escape_markdown(escape_mentions(neutralise(" ".join(text.split()))))


def shown_text(text: str) -> str:
    """Text from the terms as shown: its words verbatim, tables and line-break tags made
    readable, "…" where it starts or stops mid-sentence, mentions and controls defused."""
    return escape_mentions(neutralise(display_quote(text)))


def message_text(text: str) -> str:
    """A message built from terms text (a not-found error listing headings), as it is: no
    "…" marks, which say a quote was cut mid-sentence; mentions and controls defused."""
    return escape_mentions(neutralise(text))


def trim_at_sentence(text: str, limit: int) -> str:
    """The whole sentences of `text` that fit in `limit`, then " …"; a first sentence too
    long on its own is cut at a word instead."""
    text = text.strip()
    if len(text) <= limit:
        return text
    end = 0
    for _, last in sentence_spans(text):
        if last > limit - 2:
            break
        end = last
    if end == 0:
        return clip(text, limit)
    return text[:end].rstrip() + " " + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut between paragraphs, else between
    sentences, else at a space; the pieces are consecutive slices of the text."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[:limit]
        cut = window.rfind("\n\n")
        if cut < limit // 2:
            ends = [last for _, last in sentence_spans(window)[:-1]]  # the last one is cut
            cut = ends[-1] if ends and ends[-1] >= limit // 2 else -1
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 4:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _link(text: str, url: str) -> str:
    if (
        url.startswith(("https://", "http://"))
        and len(url) <= 512
        and not re.search(r"[\s()]", url)
    ):
        return f"[{text}]({url})"
    return text


def _section(label: str) -> str:
    """A heading as shown: "…" only where it was cut (a heading is no sentence to mark)."""
    if not label:
        return "(no heading)"
    return escape_mentions(clip(neutralise(readable(label.replace("*", ""))).strip(), 200))


def source_line(citation: Citation) -> str:
    """section · version date (linked to the document)."""
    language = language_note(citation.language)
    return (
        f"— {_section(citation.section)} · "
        f"{_link(f'version of {citation.version_date}', citation.url)}"
        + (f" · {language}" if language else "")
    )


def citation_title(citation: Citation, number: int | None = None) -> str:
    name = f"{citation.platform_name or citation.platform} · "
    name += citation.document_name or citation.document
    return clip(f"[{number}] {name}" if number else name, limits.FIELD_NAME)


# --- answers ----------------------------------------------------------------------------


def lead_text(answer: Answer) -> str:
    """The answer's opening, in the words every surface uses (`fineprint.answering.wording`)."""
    return "" if answer.lead is None else wording.lead_text(answer.lead, answer.citations)


def question_title(question: str) -> str:
    return clip(f"❓ {user_text(question)}", limits.TITLE)


def answer_embed(answer: Answer, summary: str | None = None) -> discord.Embed:
    """The lead (under a checked AI summary, if any), up to three cited quotes, the
    history, and the notice."""
    if answer.abstained or not answer.citations:
        return abstention_embed(answer)
    description = clip(shown_text(lead_text(answer)), LEAD_CHARS)
    if summary:
        shown = clip(shown_text(summary), SUMMARY_CHARS)
        description = f"**{SUMMARY_LABEL}:** {shown}\n\n{description}"
    embed = discord.Embed(
        title=question_title(answer.question), description=description, colour=COLOUR_ANSWER
    )
    for number, citation in enumerate(answer.citations[:SHOWN_CITATIONS], start=1):
        source = source_line(citation)
        budget = limits.FIELD_VALUE - len(source) - 3  # the quote marks and the newline
        quote = trim_at_sentence(shown_text(citation.quote), budget)
        embed.add_field(
            name=citation_title(citation, number), value=f"“{quote}”\n{source}", inline=False
        )
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    if answer.history:
        room = limits.EMBED_TOTAL - len(embed) - len(HISTORY_NAME) - 50
        lines = wording.history_lines(answer.history)
        value = history_value(lines, min(limits.FIELD_VALUE, max(room, 200)))
        embed.add_field(name=HISTORY_NAME, value=value, inline=False)
    return limits.enforce(embed)


def history_value(lines: Sequence[str], limit: int = limits.FIELD_VALUE) -> str:
    """History lines as bullets, each shortened so that all of them fit."""
    shown = list(lines[:6])
    each = max(80, limit // max(len(shown), 1) - 3)
    value = "\n".join(f"• {trim_at_sentence(shown_text(line), each)}" for line in shown)
    if len(lines) > len(shown):
        value += f"\n• … and {len(lines) - len(shown)} more"
    return clip(value, limit)


def abstention_embed(answer: Answer) -> discord.Embed:
    """No clause clearly governs this: say so, and say what Fineprint covers."""
    abstention = answer.abstention
    text = ""
    if abstention is not None:
        text = f"{abstention.reason} Fineprint covers: {', '.join(abstention.covered)}."
    embed = discord.Embed(
        title=question_title(answer.question),
        description=clip(shown_text(text), limits.DESCRIPTION),
        colour=COLOUR_ABSTAIN,
    )
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    return limits.enforce(embed)


# --- whole clauses, paginated -----------------------------------------------------------


@dataclass(frozen=True)
class ClauseBlock:
    """One clause to show in full, and what to call it."""

    title: str  # "SoundCloud · Terms of Use"
    section: str
    version_date: str
    url: str
    text: str


def clause_pages(
    blocks: Sequence[ClauseBlock], page_chars: int = PAGE_CHARS
) -> list[discord.Embed]:
    """Clauses in full, packed into pages; a long clause continues on the next page."""
    pages: list[tuple[ClauseBlock, list[str]]] = []
    used = page_chars  # forces a first page
    for block in blocks:
        heading = f"**{_section(block.section)}**"
        pieces = split_text(shown_text(block.text), page_chars - len(heading) - 20)
        for n, piece in enumerate(pieces):
            entry = f"{heading}{' (continued)' if n else ''}\n{piece}"
            same = pages and pages[-1][0].title == block.title
            same = same and pages[-1][0].version_date == block.version_date
            if not same or used + len(entry) + 2 > page_chars:
                pages.append((block, []))
                used = 0
            pages[-1][1].append(entry)
            used += len(entry) + 2
    embeds = []
    for number, (block, entries) in enumerate(pages, start=1):
        embed = discord.Embed(
            title=clip(block.title, limits.TITLE),
            description="\n\n".join(entries),
            colour=COLOUR_CLAUSE,
        )
        if block.url.startswith(("https://", "http://")) and len(block.url) <= 2000:
            embed.url = block.url
        embed.set_footer(
            text=f"Version of {block.version_date} · page {number}/{len(pages)} · {SHORT_NOTICE}"
        )
        embeds.append(limits.enforce(embed))
    return embeds


def citation_block(citation: Citation, text: str, section: str | None = None) -> ClauseBlock:
    return ClauseBlock(
        title=citation_title(citation),
        section=citation.section if section is None else section,
        version_date=citation.version_date,
        url=citation.url,
        text=text,
    )


# --- the same clause across versions ----------------------------------------------------


def versions_embed(
    citation: Citation, periods: Sequence[Period], history: Sequence[VersionRecord]
) -> discord.Embed:
    """Each run of versions with the same wording, dated, marking where it changed."""
    embed = discord.Embed(
        title=clip(f"{citation_title(citation)}: this clause across versions", limits.TITLE),
        description=(
            "Each entry is a run of versions that read the same on this; "
            "✏️ marks a change of wording, 🆕 a clause that appears, 🚫 one that goes. "
            "📌 is the wording quoted in the answer."
        ),
        colour=COLOUR_HISTORY,
    )
    shown = list(periods)[-limits.FIELDS :]
    budget = min(limits.FIELD_VALUE, PERIOD_BUDGET // max(len(shown), 1))
    previous: Period | None = None
    for period in shown:
        dates = [
            r.version_date
            for r in history
            if period.first.version_date <= r.version_date <= period.last.version_date
        ] or [period.first.version_date]
        mark = _change_mark(previous, period)
        name = f"{mark}{'📌 ' if period.cited else ''}{period.label}"
        versions = f"Versions: {', '.join(dates)}"
        if len(versions) > budget // 3:
            versions = f"Versions: {dates[0]} … {dates[-1]} ({len(dates)})"
        room = budget - len(versions) - 3
        if period.quote is None and period.absent:
            text = "_No clause on this in these versions._"
        elif period.quote is None:
            text = "_Fineprint found no matching clause in these versions._"
        else:
            text = f"“{trim_at_sentence(shown_text(period.quote), room)}”"
        embed.add_field(
            name=clip(name, limits.FIELD_NAME), value=f"{versions}\n{text}", inline=False
        )
        previous = period
    embed.set_footer(text=NOT_LEGAL_ADVICE)
    return limits.enforce(embed)


def _change_mark(previous: Period | None, period: Period) -> str:
    if previous is None:
        return ""
    if previous.quote is None and period.quote is not None:
        return "🆕 "
    if previous.quote is not None and period.quote is None:
        return "🚫 "
    return "✏️ "


# --- coverage ---------------------------------------------------------------------------


def platforms_pages(
    overview: Sequence[PlatformCoverage], per_page: int = 10
) -> list[discord.Embed]:
    """What is ingested: every platform, its documents and their version dates."""
    fields = []
    for platform in overview:
        lines = []
        for document in platform.documents:
            dates = list(document.versions)
            shown = ", ".join(dates) if len(dates) <= 8 else f"{dates[0]} … {', '.join(dates[-5:])}"
            lines.append(f"• **{document.name}** ({len(dates)}): {shown}")
        name = f"{platform.name} (`{platform.platform}`)"
        fields.append((clip(name, limits.FIELD_NAME), clip("\n".join(lines), limits.FIELD_VALUE)))
    versions = sum(len(d.versions) for p in overview for d in p.documents)
    summary = (
        f"{len(overview)} platforms, {versions} versions. Dates are versions in force from that "
        "day; the newest is current. Ask with `/ask`, quote a section with `/clause`."
    )
    if not fields:
        summary = "Nothing is ingested yet: run `fineprint ingest` (or `/reingest`)."
    pages = [fields[n : n + per_page] for n in range(0, len(fields), per_page)] or [[]]
    embeds = []
    for number, chunk in enumerate(pages, start=1):
        embed = discord.Embed(
            title="What Fineprint covers", description=summary, colour=COLOUR_CLAUSE
        )
        for name, value in chunk:
            embed.add_field(name=name, value=value or "—", inline=False)
        embed.set_footer(text=f"Page {number}/{len(pages)}")
        while len(embed) > limits.EMBED_TOTAL - 100 and len(embed.fields) > 1:
            embed.remove_field(-1)  # never with 10 platforms a page; a guard all the same
        embeds.append(limits.enforce(embed))
    return embeds


# --- re-ingest --------------------------------------------------------------------------


def ingest_progress(target: str, stage: str | None, done: int, total: int) -> str:
    if stage is None:
        return f"⏳ Re-ingesting {target}: starting…"
    return f"⏳ Re-ingesting {target}: {stage_label(stage)} {done}/{total}…"


def ingest_failed(target: str, ref: str) -> str:
    return (
        f"❌ Re-ingest of {target} failed (ref {ref}): answers keep using the store as it was. "
        "The bot's log has the details under the ref."
    )


def ingest_summary(target: str, report: IngestReport, reloaded: bool) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Re-ingest of {target} done in {report.seconds:.1f}s", limits.TITLE),
        colour=COLOUR_ADMIN if report.ok else discord.Colour.orange(),
    )
    embed.add_field(name="Documents", value=str(report.documents))
    embed.add_field(
        name="Versions", value=f"{report.versions_new} new, {report.versions_unchanged} unchanged"
    )
    embed.add_field(
        name="Clauses",
        value=f"{report.clauses_added} added, {report.texts_embedded} texts embedded",
    )
    if report.skipped:
        lines = "\n".join(f"• `{path}`: {problem}" for path, problem in report.skipped[:10])
        embed.add_field(
            name=f"Skipped {len(report.skipped)}", value=clip(lines, 1000), inline=False
        )
    embed.set_footer(
        text="Answers now use the new versions." if reloaded else "No change to answers."
    )
    return limits.enforce(embed)


# --- changes between versions -------------------------------------------------------------

COLOUR_CHANGES = discord.Colour.orange()
SHOWN_CHANGES = 3
CHANGE_QUOTE_CHARS = 440  # before + after + labels inside one 1,024-character field
CHANGES_PER_PAGE = 4  # 4 full fields stay inside an embed's 6,000 characters
_KIND_MARKS = {
    "added": "➕ added",
    "removed": "➖ removed",
    "modified": "✏️ modified",
    "moved": "↪️ moved",
}


def topic_names(topics: Sequence[str]) -> str:
    from fineprint.changes.materiality import TOPIC_LABELS

    return ", ".join(TOPIC_LABELS.get(topic, topic) for topic in topics)


def change_excerpt(text: str, changed: str, limit: int = CHANGE_QUOTE_CHARS) -> str:
    """A verbatim excerpt of a long clause that starts at its first changed sentence, so
    the words that changed survive the cut (a new AI sentence is often the clause's last)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    start = 0
    for first, last in sentence_spans(text):
        sentence = text[first:last].strip()
        if sentence and sentence in changed:
            start = first
            break
    if start == 0:
        return trim_at_sentence(text, limit)
    return ELLIPSIS + " " + trim_at_sentence(text[start:], limit - 2)


def change_field(number: int, change: Change) -> tuple[str, str]:
    """(name, value) of one change: kind, topics, section, then before/after quotes."""
    topics = f" · {topic_names(change.topics)}" if change.topics else ""
    section = f" · § {change.section}" if change.section else ""
    name = clip(f"{number}. {_KIND_MARKS.get(change.kind, change.kind)}{topics}{section}", 256)
    lines = []
    for label, text in (("Before", change.before_text), ("After", change.after_text)):
        if text is not None:
            quote = shown_text(change_excerpt(text, change.new_text))
            lines.append(f"**{label}:** “{quote}”")
    return name, clip("\n".join(lines) or "(no text)", limits.FIELD_VALUE)


def changes_embed(
    diff: DocumentDiff,
    title: str,
    *,
    url: str = "",
    footer: str = SHORT_NOTICE,
    shown: int = SHOWN_CHANGES,
) -> discord.Embed:
    """The top material changes with quotes, then how many changes the embed leaves out."""
    material = diff.material
    head = (
        f"**{diff.before} → {diff.after}**: {len(diff.changes)} changed clause(s), "
        f"{len(material)} material."
    )
    if not diff.changes:
        head += " Nothing changed beyond formatting."
    elif not material:
        head += " None touches AI, licences, ownership or the other topics creators track."
    else:
        head += " Most material first:"
    embed = discord.Embed(title=clip(title, limits.TITLE), description=head, colour=COLOUR_CHANGES)
    if url.startswith(("https://", "http://")):
        embed.url = url
    top = material[:shown]
    for number, change in enumerate(top, start=1):
        name, value = change_field(number, change)
        embed.add_field(name=name, value=value, inline=False)
    rest = len(diff.changes) - len(top)
    if rest:
        rest_material = len(material) - len(top)
        embed.add_field(
            name=f"…and {rest} more",
            value=f"{rest_material} material, {rest - rest_material} minor.",
            inline=False,
        )
    embed.set_footer(text=footer)
    return limits.enforce(embed)


def changes_pages(diff: DocumentDiff, title: str) -> list[discord.Embed]:
    """Every change, most material first, a few per page (the "full list")."""
    if not diff.changes:
        return [changes_embed(diff, title)]
    pages = []
    total = len(diff.changes)
    for start in range(0, total, CHANGES_PER_PAGE):
        chunk = diff.changes[start : start + CHANGES_PER_PAGE]
        embed = discord.Embed(
            title=clip(title, limits.TITLE),
            description=f"**{diff.before} → {diff.after}**: changes {start + 1}–"
            f"{start + len(chunk)} of {total}, most material first.",
            colour=COLOUR_CHANGES,
        )
        for number, change in enumerate(chunk, start=start + 1):
            name, value = change_field(number, change)
            flag = "" if change.material else " (minor)"
            embed.add_field(name=clip(name + flag, limits.FIELD_NAME), value=value, inline=False)
        embed.set_footer(text=SHORT_NOTICE)
        pages.append(limits.enforce(embed))
    return pages
