"""The catalogue: what Fineprint knows and how a clause is named. The clause model
(`clauses`: `version_id`, the one way to name a version) and the version registry
(`registry`); `sources.toml` (`sources`: platforms, documents, aliases, live URLs) and the
regions a document covers (`regions`); unranked lookups and the one rule for a typed platform or
document name (`lookups`); and a clause's identity across versions: `alignment` (which older
clause each newer clause continues, and `comparable`, the form wordings are compared in) with
its sentence-matching rule (`closeness`). The alignment lives here, not in `changes`, because it
is a rule about clause identity that the index (`retrieval`), histories (`answering`), change
reports (`changes`) and the re-fetch (`ingest`) all need: each of them may import the
catalogue, and the catalogue imports none of them (nor the service).
"""
