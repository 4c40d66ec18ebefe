"""The query encoder runs on one BLAS thread (and gives the caller's setting back after):
with OpenBLAS's default threads a query took 375-430 ms next to a busy process instead of
~10 ms (figures: bench/blas_contention_bench.py)."""

from __future__ import annotations

from typing import Any

from threadpoolctl import threadpool_info, threadpool_limits

from fineprint.retrieval.query_encoder import get_query_encoder


def blas_threads() -> set[int]:
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


class RecordingTokenizer:
    """The encoder's tokenizer, noting the BLAS thread counts in force when it is called."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seen: list[set[int]] = []

    def encode(self, text: str) -> Any:
        self.seen.append(blas_threads())
        return self.inner.encode(text)


def test_encode_runs_on_one_blas_thread_and_restores_the_callers_setting() -> None:
    encoder = get_query_encoder()
    recorder = RecordingTokenizer(encoder.tokenizer)
    encoder.tokenizer = recorder
    try:
        with threadpool_limits(limits=2, user_api="blas"):
            assert blas_threads() == {2}
            vector = encoder.encode("Can they train AI on my songs?")
            assert blas_threads() == {2}
    finally:
        encoder.tokenizer = recorder.inner
    assert recorder.seen == [{1}]
    assert abs(float((vector**2).sum()) - 1.0) < 1e-4
