"""Version bodies of the bundled corpus, as ingest reads them (front matter dropped): the
catalogue's text-reading rules are tested on the real captures they were written for."""

from __future__ import annotations

from functools import cache

from fineprint.catalog.registry import VersionRecord
from fineprint.catalog.version_facts import read_version_facts
from ingest.documents import read_corpus_file
from tests.conftest import CORPUS


@cache
def body(name: str) -> str:
    """The body of `corpus/<name>.md` ("youtube/terms-of-service/2021-05-18")."""
    return read_corpus_file(CORPUS / f"{name}.md").body


def record(name: str) -> VersionRecord:
    """A registry record for a corpus version, with the facts ingest reads from its text."""
    document = read_corpus_file(CORPUS / f"{name}.md")
    return VersionRecord(
        platform=document.platform,
        document=document.document,
        version_date=document.version_date.isoformat(),
        platform_name=document.platform_name,
        document_name=document.document_name,
        content_hash="",
        split_tag="",
        clause_count=0,
        language=document.language,
        facts=read_version_facts(document.body),
    )
