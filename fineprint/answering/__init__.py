"""Answering: from a question to a cited answer. Reading the question (`question`: platforms,
date, history intent), checking the store covers it or abstaining with a reason (`scope`), the
cited answer with clauses quoted verbatim (`answer`), and how a cited clause read in every
version (`history`, on the catalogue's `alignment` and `closeness`). Answering uses retrieval
and the catalogue; it does not import the change reports (`changes.diff`,
`changes.materiality`).
"""
