"""Change reports: the clause-level diff of two versions of a document (`diff`: added,
removed, modified with a word diff, moved) and which changes matter to creators, first
(`materiality`). Which older clause a newer one continues is the catalogue's `alignment`, shared
with histories and the index, so nothing else needs this wing; it does not import `answering`.
"""
