"""Change reports: the clause-level diff of two versions of a document (`diff`: added,
removed, modified with a word diff, moved) and which changes matter to creators, first: topics
by vocabulary (`materiality`), what a changed clause says before and after (`meaning`), and
whether that is material (`judge`: a small model fitted on hand labels, shipped as data in
`fineprint/models/materiality-judge/`). Which older clause a newer one continues is the
catalogue's `alignment`, shared with histories and the index, so nothing else needs this wing;
it does not import `answering`.
"""
