"""Retrieval: ranking clauses against a question. The encoder (`encoder_model`: which model,
its files and fingerprint), batch embeddings at ingest (`embeddings`) and the NumPy query
encoder on one BLAS thread (`query_encoder`, `blas_threads`); sentence-aligned windows of long
clauses (`windows`); the in-memory hybrid index and its pickle-free disk cache (`index`,
`index_cache`); and ranking itself, dense and BM25 fused (`search`), which reads a question
through the `search.Query` protocol. Retrieval builds on the catalogue, the store and
`fineprint.text`; it imports neither `answering` nor `changes`.
"""
