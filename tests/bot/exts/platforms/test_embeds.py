"""`/platforms` pages for the whole bundled corpus stay within Discord's limits."""

from __future__ import annotations

from collections import defaultdict

from bot.exts.platforms.embeds import platforms_pages
from bot.limits import embed_problems
from fineprint.catalog.clauses import Clause
from fineprint.catalog.lookups import DocumentCoverage, PlatformCoverage


def test_platforms_pages_for_the_whole_corpus(corpus_clauses: list[Clause]) -> None:
    versions: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for clause in corpus_clauses:
        versions[clause.platform][clause.document].add(clause.version_date.isoformat())
    overview = [
        PlatformCoverage(
            platform=platform,
            name=platform.title(),
            documents=tuple(
                DocumentCoverage(
                    document=d,
                    name=d.replace("-", " ").title(),
                    versions=tuple(sorted(v)),
                    clauses=1,
                )
                for d, v in sorted(documents.items())
            ),
        )
        for platform, documents in sorted(versions.items())
    ]
    pages = platforms_pages(overview)
    assert len(pages) >= 3
    assert all(embed_problems(page) == [] for page in pages)
    assert sum(len(page.fields) for page in pages) == len(overview)
