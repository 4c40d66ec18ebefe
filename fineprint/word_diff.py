"""A word diff as a reader sees it: the words that changed, a few kept words around each, in
the terminal (wdiff's `[-deleted-] {+inserted+}`, coloured on a colour terminal) or in Discord
Markdown (`~~deleted~~ **inserted**`).

`catalog.word_ops.word_diff` computes the runs of kept, deleted and inserted words; this module only
decides what of them is shown: each change with `CONTEXT` kept words either side, a long kept
stretch shortened to "…", and as many changes as fit the room given (an alert's field holds
1,024 characters), ending with "…" when some had to be left out. Words stay verbatim; page
markup (links, emphasis) reads as plain text, as quotes do (`fineprint.quote_display`).

>>> from fineprint.catalog.word_ops import word_diff
>>> ops = word_diff("We may use your content.", "We will not use your content.")
>>> terminal(ops)
'We [-may-] {+will not+} use your content.'
>>> markdown(ops)
'We ~~may~~ **will not** use your content.'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from fineprint.quote_display import readable

if TYPE_CHECKING:
    from fineprint.catalog.word_ops import WordOp

__all__ = ["CONTEXT", "colour", "excerpt", "markdown", "terminal"]

CONTEXT = 6  # kept words shown either side of a change
ELLIPSIS = "…"
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~|`>#<\[\]])")
_LINK_TAIL = re.compile(r"\]\([^()\s]*\)")  # "](https://…)" of a link
_MARKUP = re.compile(r"\*\*|__|(?<!\S)\[")  # emphasis, a link's opening bracket

Piece = tuple[str, str]  # (op, words): "=" kept, "-" deleted, "+" inserted, "…" left out


def excerpt(ops: Sequence[WordOp], context: int = CONTEXT) -> list[list[Piece]]:
    """The diff cut into hunks: each change (its deleted and inserted runs) with up to
    `context` kept words before and after it, "…" where the document's text goes on; two
    changes closer than twice `context` words share a hunk. Empty when nothing changed."""
    hunks: list[list[Piece]] = []
    current: list[Piece] = []
    for n, op in enumerate(ops):
        if op.op != "=":
            current.append((op.op, op.text))
            continue
        words = op.text.split()
        first, last = n == 0, n == len(ops) - 1
        if first:
            current += [("…", ELLIPSIS)] if len(words) > context else []
            current.append(("=", " ".join(words[-context:])))
        elif last:
            current.append(("=", " ".join(words[:context])))
            current += [("…", ELLIPSIS)] if len(words) > context else []
        elif len(words) <= 2 * context:
            current.append(("=", op.text))  # short enough to keep two changes together
        else:
            hunks.append([*current, ("=", " ".join(words[:context]))])
            current = [("=", " ".join(words[-context:]))]
    hunks.append(current)
    return [hunk for hunk in hunks if any(op in "-+" for op, _ in hunk)]


def _fit(hunks: list[list[Piece]], show: Callable[[Piece], str], room: int | None) -> str:
    """The hunks one after the other, "…" between them, as many whole hunks as fit in
    `room` characters (the first one cut to fit if it must; the first that does not fit after
    it shown up to its change's first words, when those fit), "…" when some were left out."""
    shown = [" ".join(text for text in (show(piece) for piece in hunk) if text) for hunk in hunks]
    text = ""
    for n, hunk in enumerate(shown):
        candidate = f"{text} {ELLIPSIS} {hunk}" if text else hunk
        more = n < len(shown) - 1
        if room is not None and len(candidate) + (2 if more else 0) > room:
            if not text:
                return _cut(candidate, room)
            start = text if text.endswith(ELLIPSIS) else f"{text} {ELLIPSIS}"
            opening = _opening(hunks[n], show, room - len(start) - 1)
            return f"{start} {opening}" if opening else start
        text = candidate
    return text


OPENING_WORDS = 4  # the fewest words of a change worth showing at the end of a diff


def _opening(hunk: list[Piece], show: Callable[[Piece], str], room: int) -> str:
    """The start of a hunk within `room` characters, ending "…": its pieces while they fit,
    then the first words (at least OPENING_WORDS) of the change that does not; "" when no
    changed word would be shown."""
    shown: list[str] = []
    changed = False
    for op, words in hunk:
        piece = show((op, words))
        if len(" ".join(t for t in (*shown, piece) if t)) + 2 <= room:
            shown.append(piece)
            changed = changed or op in "-+"
            continue
        if op in "-+":
            split = words.split()
            for count in range(len(split) - 1, OPENING_WORDS - 1, -1):
                cut = show((op, " ".join(split[:count]) + f" {ELLIPSIS}"))
                text = " ".join(t for t in (*shown, cut) if t)
                if len(text) <= room:
                    return text
        break
    return " ".join(t for t in (*shown, ELLIPSIS) if t) if changed else ""


def _render(
    ops: Sequence[WordOp], show: Callable[[Piece], str], room: int | None, context: int
) -> str:
    """`_fit` with the most context that lets the first change be shown whole."""
    for words in sorted({context, min(context, 3), 1}, reverse=True):
        hunks = excerpt(ops, words)
        first = " ".join(show(piece) for piece in hunks[0]) if hunks else ""
        if room is None or len(first) <= room or words == 1:
            return _fit(hunks, show, room)
    return ""  # not reached: the last try always returns


def _cut(text: str, room: int) -> str:
    """At a space, within `room`, marked "…" (only the first hunk can be this long)."""
    cut = text[: max(room - 2, 1)]
    space = cut.rfind(" ")
    return (cut[:space] if space > room // 2 else cut).rstrip() + " " + ELLIPSIS


def _plain(text: str) -> str:
    """Words as read: page markup out, also a link or emphasis the diff cut in two
    ("[Privacy" deleted, "Policy](https://…)" kept)."""
    text = _LINK_TAIL.sub("", readable(text))
    return " ".join(_MARKUP.sub("", text).split())


def _terminal_piece(piece: Piece) -> str:
    op, text = piece
    words = text if op == "…" else _plain(text)
    if not words:
        return ""
    return {"-": f"[-{words}-]", "+": f"{{+{words}+}}"}.get(op, words)


def terminal(ops: Sequence[WordOp], room: int | None = None, context: int = CONTEXT) -> str:
    """`kept [-deleted-] {+inserted+} kept … kept {+inserted+}`, within `room` characters.

    The words are the document's: show the result through `fineprint.safe_text.neutralise`
    (the command line's `show` does) before `colour` adds the terminal's codes."""
    return _render(ops, _terminal_piece, room, context)


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_piece(piece: Piece) -> str:
    op, text = piece
    words = text if op == "…" else _escape(_plain(text))
    if not words:
        return ""
    return {"-": f"~~{words}~~", "+": f"**{words}**"}.get(op, words)


def markdown(ops: Sequence[WordOp], room: int | None = None, context: int = CONTEXT) -> str:
    """`kept ~~deleted~~ **inserted** kept …` in Discord Markdown, within `room` characters;
    the document's own Markdown characters are escaped, so only the marks are formatting.
    Mentions and controls are the bot's to defuse (`bot.render`)."""
    return _render(ops, _markdown_piece, room, context)


_MARK = re.compile(r"\[-(.+?)-\]|\{\+(.+?)\+\}", re.DOTALL)
_DELETED, _INSERTED, _RESET = "\x1b[31;9m", "\x1b[32;1m", "\x1b[0m"


def colour(text: str) -> str:
    """Text holding `terminal` diffs, the marks turned into colour: deleted words red and
    struck through, inserted ones green and bold. Call it on text already neutralised (its
    escape codes are the only ones in it); a mark broken over lines is coloured line by line.
    """

    def paint(match: re.Match[str]) -> str:
        deleted = match.group(1) is not None
        code = _DELETED if deleted else _INSERTED
        words = match.group(1) if deleted else match.group(2)
        lines = words.split("\n")
        painted = [code + lines[0] + _RESET]
        for line in lines[1:]:
            body = line.lstrip(" ")
            painted.append(line[: len(line) - len(body)] + code + body + _RESET)
        return "\n".join(painted)

    return _MARK.sub(paint, text)
