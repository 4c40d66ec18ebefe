"""Splitting a terms document body into clauses that know their section.

A clause is the unit Fineprint retrieves and quotes, so each one must be a verbatim slice of the
version file (quotes are checked against it) and must carry the heading path that a citation
names ("7. Your Content › 7.3 Licence"). The captures are messy Markdown from several archives,
so headings come in many styles: ATX (``#``), setext (``===``/``---``), bold-only lines
(``**Your Content**``, ``[**Heading**](url)``), ALL-CAPS lines and short numbered lines. Clause
numbering ("1.", "1.2", "(a)", "i.") opens a new clause and joins the section path too.

Three passes, one module each, on the shared pieces beside them: `scan` (pass 1: lines ->
headings, blocks, furniture), `sections` (pass 2: the heading stack -> section paths), `chunks`
(pass 3: blocks -> clauses); `patterns` (characters, patterns, thresholds), `blocks` (the units
passed on), `labels` (section labels, clause numbering), `headings` (which lines are headings).
`split` is the entry point; only `split_clauses` and `ClauseSpan` are public.

Pure functions, no I/O:

>>> body = "# Terms\\n\\n## 1. Your Content\\n\\nYou keep your rights.\\n"
>>> [(span.section, body[span.start:span.end]) for span in split_clauses(body)]
[(('Terms', '1. Your Content'), 'You keep your rights.')]

Every module here (and `ingest/furniture.py`) is part of the source hash in each clause's split
tag (`ingest/pipeline.py`): changing any of them re-splits every version on the
next ingest.
"""

from ingest.splitting.split import ClauseSpan, split_clauses

__all__ = ["ClauseSpan", "split_clauses"]
