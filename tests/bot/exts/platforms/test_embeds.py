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


def test_a_platform_with_a_dozen_documents_is_listed_whole_not_cut() -> None:
    """X's 13 documents from a dataset, up to 17 versions each, overflowed a field's 1,024
    characters and were cut; such a platform lists each document's first and last version."""
    documents = tuple(
        DocumentCoverage(
            document=f"policy-{n:02d}",
            name=f"Law Enforcement Guidelines {n:02d}",
            versions=tuple(f"20{20 + k // 12}-{k % 12 + 1:02d}-01" for k in range(17)),
            clauses=1,
        )
        for n in range(13)
    )
    many = PlatformCoverage(platform="x-twitter", name="X (Twitter)", documents=documents)
    (page,) = platforms_pages([many])
    assert embed_problems(page) == []
    value = page.fields[0].value or ""
    assert "…" not in value and len(value.splitlines()) == 13
    assert "• **Law Enforcement Guidelines 12** (17): 2020-01-01 – 2021-05-01" in value
